//! `/api/v1/memories` over real HTTP, with memories embedded by a fake
//! OpenAI `/embeddings` (or the built-in model where meaning matters),
//! and memories reaching the model in the chat.

use owui::core::actor::Actor;
use serde_json::{Value, json};

use crate::common::{Server, start_with};
use crate::fakes::{self, Fake};

const NOT_FOUND: &str = "We could not find what you're looking for :/";
const PROHIBITED: &str = "You do not have permission to access this resource. Please contact your administrator for assistance.";

/// An owui whose chat models and memory embeddings are both the fake's.
async fn server(fake: &Fake) -> Server {
    let url = fake.base_url.clone();
    start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", url.clone());
            c.set("OPENAI_API_KEY", "sk-fake");
            c.set("ENABLE_OLLAMA_API", "false");
            c.set("RAG_EMBEDDING_ENGINE", "openai");
            c.set("RAG_EMBEDDING_MODEL", "fake-embed");
            c.set("RAG_OPENAI_API_BASE_URL", url);
            c.set("RAG_OPENAI_API_KEY", "sk-fake");
            // users chat with the fake's models without grants
            c.set("BYPASS_MODEL_ACCESS_CONTROL", "true");
        },
        None,
    )
    .await
}

struct People {
    admin: String,
    ann: String,
    bob: String,
}

async fn people(s: &Server) -> People {
    let (admin, _) = s.signup("Root", "root@example.com", "pw-1").await;
    let (ann, _) = s.add_user(&admin, "Ann", "ann@example.com", "user").await;
    let (bob, _) = s.add_user(&admin, "Bob", "bob@example.com", "user").await;
    People { admin, ann, bob }
}

async fn add(s: &Server, t: &str, body: Value) -> Value {
    let r = s.post("/api/v1/memories/add", t, body).await;
    assert_eq!(r.status, 200, "add: {}", r.body);
    r.body
}

async fn list(s: &Server, t: &str) -> Vec<Value> {
    let r = s.get("/api/v1/memories/", t).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body.as_array().unwrap().clone()
}

async fn delete(s: &Server, t: &str, path: &str) -> crate::common::Resp {
    s.call("DELETE", path, crate::common::Auth::Bearer(t), None)
        .await
}

fn vectors(s: &Server, user_token_id: &str) -> usize {
    let coll = format!("user-memory-{user_token_id}");
    s.cx.db
        .read(|c| owui::core::retrieval::vectors::count(c, &coll))
        .unwrap()
}

fn detail(r: &crate::common::Resp) -> &str {
    r.body["detail"].as_str().unwrap_or("")
}

#[tokio::test(flavor = "multi_thread")]
async fn add_list_change_and_delete_ones_own() {
    let fake = fakes::spawn_openai().await;
    let s = server(&fake).await;
    let p = people(&s).await;
    let tea = add(
        &s,
        &p.ann,
        json!({"content": " Likes tea ", "type": "user"}),
    )
    .await;
    assert_eq!(tea["content"], "Likes tea");
    assert_eq!(tea["type"], "user");
    assert_eq!(tea["path"], json!(null));
    assert_eq!(tea["meta"], json!({"created_by": "manual"}));
    let alpha = add(
        &s,
        &p.ann,
        json!({"content": "Alpha ships in May", "path": "/work//alpha/"}),
    )
    .await;
    assert_eq!(
        (alpha["type"].as_str(), alpha["path"].as_str()),
        (Some("context"), Some("work/alpha"))
    );
    // embedded through the fake, text with its path
    let embedded = fake.requests_to("/v1/embeddings");
    assert_eq!(
        embedded.last().unwrap().body["input"],
        json!(["work/alpha\nAlpha ships in May"])
    );
    let ann_id = tea["user_id"].as_str().unwrap().to_string();
    assert_eq!(vectors(&s, &ann_id), 2);

    // bad input
    for (body, status, msg) in [
        (
            json!({"content": "  "}),
            400,
            "Memory content cannot be empty",
        ),
        (
            json!({"content": "x", "path": "a/../b"}),
            400,
            "Invalid memory path",
        ),
    ] {
        let r = s.post("/api/v1/memories/add", &p.ann, body).await;
        assert_eq!((r.status, detail(&r)), (status, msg));
    }
    let r = s
        .post(
            "/api/v1/memories/add",
            &p.ann,
            json!({"content": "x", "type": "fact"}),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let mine = list(&s, &p.ann).await;
    assert_eq!(mine, vec![tea.clone(), alpha.clone()]);

    // change: content, a null path keeps it, "" clears it
    let id = alpha["id"].as_str().unwrap();
    let r = s
        .post(
            &format!("/api/v1/memories/{id}/update"),
            &p.ann,
            json!({"content": "Alpha ships in June", "path": null}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        (r.body["content"].as_str(), r.body["path"].as_str()),
        (Some("Alpha ships in June"), Some("work/alpha"))
    );
    let r = s
        .post(
            &format!("/api/v1/memories/{id}/update"),
            &p.ann,
            json!({"path": ""}),
        )
        .await;
    assert_eq!(r.body["path"], json!(null));
    assert_eq!(
        fake.requests_to("/v1/embeddings").last().unwrap().body["input"],
        json!(["Alpha ships in June"])
    );
    let r = s
        .post(&format!("/api/v1/memories/{id}/update"), &p.ann, json!({}))
        .await;
    assert_eq!((r.status, detail(&r)), (400, "No memory update provided"));

    // nobody else reads, changes or deletes them, admins included
    for other in [&p.bob, &p.admin] {
        assert!(list(&s, other).await.is_empty());
        let r = s
            .post(
                &format!("/api/v1/memories/{id}/update"),
                other,
                json!({"content": "mine"}),
            )
            .await;
        assert_eq!((r.status, detail(&r)), (404, NOT_FOUND));
        let r = delete(&s, other, &format!("/api/v1/memories/{id}")).await;
        assert_eq!((r.status, &r.body), (200, &json!(false)));
        let r = s
            .post("/api/v1/memories/search", other, json!({"memory_id": id}))
            .await;
        assert_eq!(r.body, json!([]));
        let r = s
            .post("/api/v1/memories/query", other, json!({"content": "alpha"}))
            .await;
        assert_eq!((r.status, detail(&r)), (404, "No memories found for user"));
        let r = s
            .post("/api/v1/memories/path", other, json!({"path": "work"}))
            .await;
        assert_eq!(r.body["memories"], json!([]));
        let r = s
            .post(
                "/api/v1/memories/update",
                other,
                json!({"operations": [{"action": "remove", "id": id}]}),
            )
            .await;
        assert_eq!(
            (r.status, detail(&r)),
            (404, format!("Memory not found: {id}").as_str())
        );
        let r = delete(&s, other, "/api/v1/memories/delete/user").await;
        assert_eq!(r.status, 200);
    }
    assert_eq!(list(&s, &p.ann).await.len(), 2);
    assert_eq!(vectors(&s, &ann_id), 2);

    // reset keeps the memories and rebuilds their vectors; reindex does every user
    let r = s.post("/api/v1/memories/reset", &p.ann, json!(null)).await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    assert_eq!(vectors(&s, &ann_id), 2);
    let r = s
        .post("/api/v1/memories/reindex", &p.admin, json!(null))
        .await;
    assert_eq!(
        r.body,
        json!({"status": true, "total_users": 3, "total_memories": 2})
    );

    // delete one, then all
    let r = delete(&s, &p.ann, &format!("/api/v1/memories/{id}")).await;
    assert_eq!(r.body, json!(true));
    let r = delete(&s, &p.ann, &format!("/api/v1/memories/{id}")).await;
    assert_eq!(r.body, json!(false));
    assert_eq!(vectors(&s, &ann_id), 1);
    let r = delete(&s, &p.ann, "/api/v1/memories/delete/user").await;
    assert_eq!(r.body, json!(true));
    assert!(list(&s, &p.ann).await.is_empty());
    assert_eq!(vectors(&s, &ann_id), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_of_operations_and_the_lexical_lookups() {
    let fake = fakes::spawn_openai().await;
    let s = server(&fake).await;
    let p = people(&s).await;
    let tea = add(&s, &p.ann, json!({"content": "Likes tea", "type": "user"})).await;
    let old = add(&s, &p.ann, json!({"content": "Old job", "path": "work"})).await;
    let bobs = add(&s, &p.bob, json!({"content": "Bob's"})).await;
    let (tea_id, old_id, bob_id) = (
        tea["id"].as_str().unwrap(),
        old["id"].as_str().unwrap(),
        bobs["id"].as_str().unwrap(),
    );
    let ann_id = tea["user_id"].as_str().unwrap().to_string();
    let r = s
        .post(
            "/api/v1/memories/update",
            &p.ann,
            json!({"operations": [
                {"action": "add", "content": "Alpha ships in May", "path": "work/projects/alpha"},
                {"action": "add", "content": "Likes tea", "type": "user"},
                {"action": "replace", "id": tea_id, "content": "Likes green tea", "type": "user", "path": "drinks"},
                {"action": "move", "id": old_id, "path": "work/past"},
                {"action": "add", "content": "Beta is late", "path": "work/projects/beta"},
            ], "source": "tool"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let st: Vec<&str> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["status"].as_str().unwrap())
        .collect();
    assert_eq!(st, ["created", "skipped", "updated", "updated", "created"]);
    assert_eq!(r.body[1]["reason"], "duplicate");
    assert!(r.body[0]["memory"].get("meta").is_none());
    assert_eq!(r.body[2]["memory"]["path"], "drinks");
    let mine = list(&s, &p.ann).await;
    assert_eq!(mine.len(), 4);
    let moved = mine.iter().find(|m| m["id"] == old["id"]).unwrap();
    assert_eq!(
        moved["meta"],
        json!({"created_by": "tool", "chat_id": null, "message_id": null, "model": null})
    );
    assert_eq!(vectors(&s, &ann_id), 4);

    // a foreign id: 404, and none of the batch is kept
    let r = s
        .post(
            "/api/v1/memories/update",
            &p.ann,
            json!({"operations": [
                {"action": "add", "content": "Never kept"},
                {"action": "remove", "id": tea_id},
                {"action": "move", "id": bob_id, "path": "stolen"},
            ]}),
        )
        .await;
    assert_eq!(
        (r.status, detail(&r)),
        (404, format!("Memory not found: {bob_id}").as_str())
    );
    assert_eq!(list(&s, &p.ann).await, mine);
    assert_eq!(vectors(&s, &ann_id), 4);
    assert_eq!(list(&s, &p.bob).await, vec![bobs.clone()]);
    for (body, msg) in [
        (json!({"operations": []}), "No memory operations provided"),
        (
            json!({"operations": [{"action": "replace", "content": "x"}]}),
            "Memory id is required for replace",
        ),
        (
            json!({"operations": [{"action": "move"}]}),
            "Memory id is required for move",
        ),
        (
            json!({"operations": [{"action": "remove"}]}),
            "Memory id is required for remove",
        ),
    ] {
        let r = s.post("/api/v1/memories/update", &p.ann, body).await;
        assert_eq!((r.status, detail(&r)), (400, msg));
    }
    let r = s
        .post(
            "/api/v1/memories/update",
            &p.ann,
            json!({"operations": [{"action": "drop"}]}),
        )
        .await;
    assert_eq!(r.status, 422);
    // remove
    let r = s
        .post(
            "/api/v1/memories/update",
            &p.ann,
            json!({"operations": [{"action": "remove", "id": old_id}]}),
        )
        .await;
    assert_eq!(
        r.body,
        json!([{"action": "remove", "status": "deleted", "id": old_id}])
    );
    assert_eq!(vectors(&s, &ann_id), 3);

    // search: by path rank, then text
    let r = s
        .post(
            "/api/v1/memories/search",
            &p.ann,
            json!({"path": "work/projects/alpha"}),
        )
        .await;
    let contents: Vec<&str> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(contents, ["Alpha ships in May", "Beta is late"]);
    assert!(r.body[0]["meta"].is_object());
    let r = s
        .post(
            "/api/v1/memories/search",
            &p.ann,
            json!({"query": "TEA", "type": "user"}),
        )
        .await;
    assert_eq!(r.body.as_array().unwrap().len(), 1);
    let r = s
        .post("/api/v1/memories/search", &p.ann, json!({"path": ".."}))
        .await;
    assert_eq!((r.status, detail(&r)), (400, "Invalid memory path"));
    // paths: grouped by path and type, with their children
    let r = s
        .post("/api/v1/memories/paths", &p.ann, json!({"type": "context"}))
        .await;
    assert_eq!(r.body["count"], 2);
    assert_eq!(r.body["paths"][0]["count"], 1);
    // path: the memories there and below, with parents and children
    add(
        &s,
        &p.ann,
        json!({"content": "Two projects", "path": "work/projects"}),
    )
    .await;
    let r = s
        .post(
            "/api/v1/memories/path",
            &p.ann,
            json!({"path": "work/projects"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["path"], "work/projects");
    assert_eq!(r.body["parents"], json!([]));
    assert_eq!(
        r.body["children"],
        json!(["work/projects/alpha", "work/projects/beta"])
    );
    let contents: Vec<&str> = r.body["memories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(contents[0], "Two projects");
    assert_eq!(contents.len(), 3);
    assert!(r.body["memories"][0].get("meta").is_none());
    let r = s
        .post(
            "/api/v1/memories/path",
            &p.ann,
            json!({"path": "work/projects/alpha"}),
        )
        .await;
    assert_eq!(r.body["parents"], json!(["work/projects"]));
    let r = s
        .post("/api/v1/memories/path", &p.ann, json!({"path": ""}))
        .await;
    assert_eq!((r.status, detail(&r)), (400, "Memory path is required"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_switch_and_the_permission() {
    let fake = fakes::spawn_openai().await;
    let s = server(&fake).await;
    let p = people(&s).await;
    // the permission: users refused, admins not
    let r = s.get("/api/v1/users/default/permissions", &p.admin).await;
    let mut perms = r.body;
    perms["features"]["memories"] = json!(false);
    let r = s
        .post("/api/v1/users/default/permissions", &p.admin, perms)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    for (m, path, body) in routes() {
        let r = s
            .call(m, path, crate::common::Auth::Bearer(&p.ann), body.clone())
            .await;
        assert_eq!((r.status, detail(&r)), (403, PROHIBITED), "{m} {path}");
    }
    assert_eq!(s.get("/api/v1/memories/", &p.admin).await.status, 200);
    // the switch: "not found" for everyone
    owui::core::configs::set(&s.cx, &Actor::system(), "memories.enable", json!(false)).unwrap();
    for (m, path, body) in routes() {
        for t in [&p.ann, &p.admin] {
            let r = s
                .call(m, path, crate::common::Auth::Bearer(t), body.clone())
                .await;
            assert_eq!((r.status, detail(&r)), (404, NOT_FOUND), "{m} {path}");
        }
    }
    let r = s.get("/api/config", &p.admin).await;
    assert_eq!(r.body["features"]["enable_memories"], false);
    // reindex has no gate
    let r = s
        .post("/api/v1/memories/reindex", &p.admin, json!(null))
        .await;
    assert_eq!(r.status, 200);
    owui::core::configs::set(&s.cx, &Actor::system(), "memories.enable", json!(true)).unwrap();
    let r = s.get("/api/config", &p.admin).await;
    assert_eq!(r.body["features"]["enable_memories"], true);
}

fn routes() -> Vec<(&'static str, &'static str, Option<Value>)> {
    vec![
        ("GET", "/api/v1/memories/", None),
        (
            "POST",
            "/api/v1/memories/add",
            Some(json!({"content": "x"})),
        ),
        (
            "POST",
            "/api/v1/memories/update",
            Some(json!({"operations": [{"action": "add", "content": "x"}]})),
        ),
        (
            "POST",
            "/api/v1/memories/query",
            Some(json!({"content": "x"})),
        ),
        ("POST", "/api/v1/memories/search", Some(json!({}))),
        ("POST", "/api/v1/memories/paths", Some(json!({}))),
        ("POST", "/api/v1/memories/path", Some(json!({"path": "x"}))),
        ("POST", "/api/v1/memories/reset", None),
        ("DELETE", "/api/v1/memories/delete/user", None),
        (
            "POST",
            "/api/v1/memories/some-id/update",
            Some(json!({"content": "x"})),
        ),
        ("DELETE", "/api/v1/memories/some-id", None),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn a_query_finds_memories_by_meaning() {
    let model = crate::common::minilm_dir();
    let s = start_with(
        move |c| {
            c.set("ENABLE_OPENAI_API", "false");
            c.set("ENABLE_OLLAMA_API", "false");
            c.set("RAG_EMBEDDING_MODEL", model.to_string_lossy().to_string());
        },
        None,
    )
    .await;
    let (t, _) = s.signup("Ann", "ann@example.com", "pw-1").await;
    add(
        &s,
        &t,
        json!({"content": "Likes green tea", "type": "user"}),
    )
    .await;
    let car = add(
        &s,
        &t,
        json!({"content": "Drives a red car", "path": "car"}),
    )
    .await;
    let r = s
        .post(
            "/api/v1/memories/query",
            &t,
            json!({"content": "vehicle", "k": 1}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["ids"], json!([[car["id"]]]));
    assert_eq!(r.body["documents"], json!([["car\nDrives a red car"]]));
    assert_eq!(r.body["metadatas"][0][0]["path"], "car");
    assert_eq!(r.body["metadatas"][0][0]["type"], "context");
    let score = r.body["distances"][0][0].as_f64().unwrap();
    assert!(score > 0.0 && score <= 1.0, "{score}");
    // above the relevance threshold only
    owui::core::configs::set(
        &s.cx,
        &Actor::system(),
        "rag.relevance_threshold",
        json!(0.99),
    )
    .unwrap();
    let r = s
        .post(
            "/api/v1/memories/query",
            &t,
            json!({"content": "vehicle", "k": 2}),
        )
        .await;
    assert_eq!(
        r.body,
        json!({"ids": [[]], "documents": [[]], "metadatas": [[]], "distances": [[]]})
    );
}

/// The system message the fake model got last.
fn system_sent(fake: &Fake) -> Value {
    let sent = fake.requests_to("/v1/chat/completions");
    let body = &sent.last().expect("the model was called").body;
    assert_eq!(body["messages"][0]["role"], "system", "{body}");
    body["messages"][0]["content"].clone()
}

async fn ask(s: &Server, t: &str, features: Value) {
    ask_model(s, t, "fake-model", features).await
}

async fn ask_model(s: &Server, t: &str, model: &str, features: Value) {
    let r = s
        .post(
            "/api/chat/completions",
            t,
            json!({"model": model, "stream": false, "features": features, "messages": [
                {"role": "system", "content": "Be brief.\n<memory_context>\nstale\n</memory_context>"},
                {"role": "user", "content": "hello"},
                {"role": "assistant", "content": "hi"},
                {"role": "user", "content": "When does alpha ship?"},
            ]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_chat_gives_the_model_the_users_memories() {
    let fake = fakes::spawn_openai().await;
    let s = server(&fake).await;
    let p = people(&s).await;
    add(&s, &p.ann, json!({"content": "Likes tea", "type": "user"})).await;
    add(
        &s,
        &p.ann,
        json!({"content": "Alpha ships in May", "path": "work/alpha"}),
    )
    .await;
    add(&s, &p.ann, json!({"content": "Has a cat"})).await;
    add(
        &s,
        &p.bob,
        json!({"content": "Bob's secret", "type": "user"}),
    )
    .await;

    ask(&s, &p.ann, json!({"memory": true})).await;
    assert_eq!(
        system_sent(&fake),
        "Be brief.\n<memory_context>\n\
         [User Memory]\n- Likes tea\n\n\
         [Memory Neighborhood]\n- work/alpha: Alpha ships in May\n\n\
         [Relevant Context]\n- Has a cat\n\
         </memory_context>"
    );
    // the query was the last user messages
    let q = fake.requests_to("/v1/embeddings");
    assert_eq!(
        q.last().unwrap().body["input"],
        json!(["hello\n\nWhen does alpha ship?"])
    );

    // without the flag, nothing is added (the block the client sent stays)
    let unchanged = json!("Be brief.\n<memory_context>\nstale\n</memory_context>");
    ask(&s, &p.ann, json!({})).await;
    assert_eq!(system_sent(&fake), unchanged);
    ask(&s, &p.ann, json!({"memory": false})).await;
    assert_eq!(system_sent(&fake), unchanged);
    // another user's memories never reach the model
    ask(&s, &p.bob, json!({"memory": true})).await;
    let bob = system_sent(&fake);
    assert_eq!(
        bob,
        "Be brief.\n<memory_context>\n[User Memory]\n- Bob's secret\n</memory_context>"
    );
    // a user without the permission gets none
    let r = s.get("/api/v1/users/default/permissions", &p.admin).await;
    let mut perms = r.body;
    perms["features"]["memories"] = json!(false);
    assert_eq!(
        s.post("/api/v1/users/default/permissions", &p.admin, perms.clone())
            .await
            .status,
        200
    );
    ask(&s, &p.ann, json!({"memory": true})).await;
    assert_eq!(system_sent(&fake), unchanged);
    perms["features"]["memories"] = json!(true);
    assert_eq!(
        s.post("/api/v1/users/default/permissions", &p.admin, perms)
            .await
            .status,
        200
    );
    // memories switched off: none
    owui::core::configs::set(&s.cx, &Actor::system(), "memories.enable", json!(false)).unwrap();
    ask(&s, &p.ann, json!({"memory": true})).await;
    assert_eq!(system_sent(&fake), unchanged);
    owui::core::configs::set(&s.cx, &Actor::system(), "memories.enable", json!(true)).unwrap();
    // a model that says it takes no memories gets none
    let r = s
        .post(
            "/api/v1/models/create",
            &p.admin,
            json!({"id": "no-memory", "name": "No memory", "base_model_id": "fake-model",
                "params": {}, "meta": {"capabilities": {"memory": false}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    add(
        &s,
        &p.admin,
        json!({"content": "Root's note", "type": "user"}),
    )
    .await;
    ask_model(&s, &p.admin, "fake-model", json!({"memory": true})).await;
    assert_eq!(
        system_sent(&fake),
        "Be brief.\n<memory_context>\n[User Memory]\n- Root's note\n</memory_context>"
    );
    ask_model(&s, &p.admin, "no-memory", json!({"memory": true})).await;
    assert_eq!(system_sent(&fake), unchanged);
}
