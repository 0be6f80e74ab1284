//! `/api/v1/retrieval` settings over loopback: the admin Documents and
//! Web Search pages' forms, and how `/api/config` follows them.

use crate::common::{Auth, start};
use serde_json::json;

#[tokio::test]
async fn the_documents_settings_round_trip_and_refuse_what_owui_does_not_run() {
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let (user, _) = s
        .add_user(&admin, "Ursula", "user@example.com", "user")
        .await;
    let (pending, _) = s
        .add_user(&admin, "Pat", "pending@example.com", "pending")
        .await;

    let r = s.get("/api/v1/retrieval/config", &admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["TOP_K"], 3);
    assert_eq!(r.body["CHUNK_SIZE"], 1000);
    assert_eq!(r.body["web"]["ENABLE_WEB_SEARCH"], false);
    assert_eq!(r.body["web"]["WEB_LOADER_CONCURRENT_REQUESTS"], 10);
    let e = s.get("/api/v1/retrieval/embedding", &admin).await;
    assert_eq!(e.status, 200, "{}", e.body);
    assert_eq!(e.body["RAG_EMBEDDING_ENGINE"], "");

    // the page sends its whole form back with changes
    let mut form = r.body.clone();
    form["TOP_K"] = json!(6);
    form["FILE_MAX_SIZE"] = json!("");
    form["web"]["WEB_SEARCH_ENGINE"] = json!("tavily");
    form["web"]["TAVILY_API_KEY"] = json!("tvly-1");
    let u = s
        .post("/api/v1/retrieval/config/update", &admin, form)
        .await;
    assert_eq!(u.status, 200, "{}", u.body);
    assert_eq!(u.body["TOP_K"], 6);
    assert!(u.body.get("RAG_RERANKING_BATCH_SIZE").is_none());
    let r = s.get("/api/v1/retrieval/config", &admin).await;
    assert_eq!(r.body["TOP_K"], 6);
    assert_eq!(r.body["web"]["TAVILY_API_KEY"], "tvly-1");

    // an engine owui does not implement: a 400 naming it, nothing saved
    let bad = s
        .post(
            "/api/v1/retrieval/config/update",
            &admin,
            json!({"TOP_K": 2, "CONTENT_EXTRACTION_ENGINE": "mistral_ocr"}),
        )
        .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    let detail = bad.body["detail"].as_str().unwrap();
    assert!(detail.contains("mistral_ocr"), "{detail}");
    let on = s
        .post(
            "/api/v1/retrieval/config/update",
            &admin,
            json!({"web": {"ENABLE_WEB_SEARCH": true}}),
        )
        .await;
    assert_eq!(on.status, 200, "{}", on.body);
    let r = s.get("/api/v1/retrieval/config", &admin).await;
    assert_eq!(r.body["TOP_K"], 6);
    assert_eq!(r.body["web"]["ENABLE_WEB_SEARCH"], true);
    // the frontend offers web search once it is on
    let c = s.get("/api/config", &admin).await;
    assert_eq!(c.body["features"]["enable_web_search"], true, "{}", c.body);

    let e = s
        .post(
            "/api/v1/retrieval/embedding/update",
            &admin,
            json!({"RAG_EMBEDDING_ENGINE": "openai", "RAG_EMBEDDING_MODEL": "text-embedding-3-small",
                   "openai_config": {"url": "http://emb.example/v1", "key": "sk-e"}}),
        )
        .await;
    assert_eq!(e.status, 200, "{}", e.body);
    assert_eq!(e.body["openai_config"]["url"], "http://emb.example/v1");
    let e = s.get("/api/v1/retrieval/embedding", &admin).await;
    assert_eq!(e.body["RAG_EMBEDDING_MODEL"], "text-embedding-3-small");
    // the engine and model are required
    let e = s
        .post(
            "/api/v1/retrieval/embedding/update",
            &admin,
            json!({"RAG_EMBEDDING_ENGINE": "openai"}),
        )
        .await;
    assert_eq!(e.status, 422, "{}", e.body);

    // nobody else reads or changes them
    for (who, auth) in [
        ("user", Auth::Bearer(&user)),
        ("pending", Auth::Bearer(&pending)),
        ("anonymous", Auth::None),
    ] {
        for (m, path, body) in [
            ("GET", "/api/v1/retrieval/config", None),
            (
                "POST",
                "/api/v1/retrieval/config/update",
                Some(json!({"TOP_K": 1})),
            ),
            ("GET", "/api/v1/retrieval/embedding", None),
            (
                "POST",
                "/api/v1/retrieval/embedding/update",
                Some(json!({"RAG_EMBEDDING_ENGINE": "", "RAG_EMBEDDING_MODEL": "x"})),
            ),
        ] {
            let r = s.call(m, path, auth, body).await;
            assert!(
                matches!(r.status, 401 | 403),
                "{who} {m} {path}: {}",
                r.status
            );
        }
    }
    let r = s.get("/api/v1/retrieval/config", &admin).await;
    assert_eq!(r.body["TOP_K"], 6);
    let e = s.get("/api/v1/retrieval/embedding", &admin).await;
    assert_eq!(e.body["RAG_EMBEDDING_MODEL"], "text-embedding-3-small");
}

/// A web server on 127.0.0.1 with one page.
async fn page_server() -> String {
    use axum::response::Html;
    let app = axum::Router::new().route(
        "/otters",
        axum::routing::get(|| async {
            Html("<html><head><title>Otters</title></head><body><p>Otters hold hands.</p></body></html>")
        }),
    );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn web_pages_are_loaded_only_where_the_admin_allows() {
    let site = page_server().await;
    let url = format!("{site}/otters");
    // loopback refused by default
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let r = s
        .post("/api/v1/retrieval/process/web", &admin, json!({"url": url}))
        .await;
    assert_eq!(r.status, 400, "{}", r.body);

    let s = crate::common::start_with(
        |c| {
            c.set("ENABLE_OPENAI_API", "false");
            c.set("ENABLE_OLLAMA_API", "false");
            c.set("ENABLE_LOCAL_WEB_FETCH", "true");
        },
        None,
    )
    .await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let (user, _) = s
        .add_user(&admin, "Ursula", "user@example.com", "user")
        .await;
    let _fake = crate::files::fake_embedder(&s, &admin).await;
    let r = s
        .post(
            "/api/v1/retrieval/process/web?process=false",
            &user,
            json!({"url": url}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body["content"]
            .as_str()
            .unwrap()
            .contains("Otters hold hands.")
    );
    assert!(r.body.get("collection_name").is_none());
    let r = s
        .post("/api/v1/retrieval/process/web", &user, json!({"url": url}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let coll = r.body["collection_name"].as_str().unwrap().to_string();
    assert_eq!(coll.len(), 63);
    assert_eq!(r.body["file"]["meta"], json!({"name": url, "source": url}));
    // the URL's collection belongs to nobody: only an admin reads it
    let q = s
        .post(
            "/api/v1/retrieval/query/doc",
            &admin,
            json!({"collection_name": coll, "query": "otters", "k": 1}),
        )
        .await;
    assert_eq!(q.status, 200, "{}", q.body);
    assert!(
        q.body["documents"][0][0]
            .as_str()
            .unwrap()
            .contains("Otters hold hands.")
    );
    // into someone else's collection: refused
    let r = s
        .post(
            "/api/v1/retrieval/process/web",
            &user,
            json!({"url": url, "collection_name": "user-memory-someone"}),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = s
        .call(
            "POST",
            "/api/v1/retrieval/process/web",
            Auth::None,
            Some(json!({"url": url})),
        )
        .await;
    assert_eq!(r.status, 401);
}
