//! `/openai/*` and `/ollama/*`: connection settings, model lists and the
//! proxies, against fake OpenAI and Ollama servers on 127.0.0.1.

use crate::fakes;

use std::time::{Duration, Instant};

use crate::common::{self, Auth, Server, start_with};
use futures::StreamExt;
use serde_json::{Value, json};

const NO_PERMISSION: &str = owui::error::msg::ACCESS_PROHIBITED;

/// An owui with the fake OpenAI server as connection 0 and the fake
/// Ollama as Ollama connection 0.
async fn with_fakes(openai: &fakes::Fake, ollama: &fakes::Fake) -> Server {
    let (o, l) = (openai.base_url.clone(), ollama.base_url.clone());
    start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", o);
            c.set("OPENAI_API_KEY", "sk-fake");
            c.set("OLLAMA_BASE_URL", l);
        },
        None,
    )
    .await
}

struct World {
    s: Server,
    admin: String,
    user: String,
    pending: String,
    openai: fakes::Fake,
    ollama: fakes::Fake,
}

async fn world_with(cfg: fakes::FakeConfig) -> World {
    let openai = fakes::spawn_openai_with(cfg.clone()).await;
    let ollama = fakes::spawn_ollama_with(cfg).await;
    let s = with_fakes(&openai, &ollama).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let (pending, _) = s.add_user(&admin, "Cy", "cy@example.com", "pending").await;
    World {
        s,
        admin,
        user,
        pending,
        openai,
        ollama,
    }
}

async fn world() -> World {
    world_with(fakes::FakeConfig::default()).await
}

fn detail(r: &common::Resp) -> String {
    r.body["detail"].as_str().unwrap_or("").to_string()
}

/// A workspace row for `id` that every user may read.
async fn share_model(w: &World, id: &str) {
    let r = w
        .s
        .post(
            "/api/v1/models/create",
            &w.admin,
            json!({
                "id": id, "name": id, "meta": {}, "params": {},
                "access_grants": [{"principal_type": "user", "principal_id": "*", "permission": "read"}],
            }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| m[key].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn openai_config_round_trip_pads_keys_and_prunes_configs() {
    let w = world().await;
    let r = w.s.get("/openai/config", &w.admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["ENABLE_OPENAI_API"], json!(true));
    assert_eq!(r.body["OPENAI_API_BASE_URLS"], json!([w.openai.base_url]));
    assert_eq!(r.body["OPENAI_API_KEYS"], json!(["sk-fake"]));
    assert_eq!(r.body["OPENAI_API_CONFIGS"], json!({}));

    let form = json!({
        "ENABLE_OPENAI_API": true,
        "OPENAI_API_BASE_URLS": [w.openai.base_url, "http://127.0.0.1:1/v1"],
        "OPENAI_API_KEYS": ["sk-fake"],
        "OPENAI_API_CONFIGS": {"0": {"prefix_id": "f"}, "1": {"enable": false}, "2": {}, "x": {}},
    });
    let r = w.s.post("/openai/config/update", &w.admin, form).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["OPENAI_API_KEYS"], json!(["sk-fake", ""]));
    assert_eq!(
        r.body["OPENAI_API_CONFIGS"],
        json!({"0": {"prefix_id": "f"}, "1": {"enable": false}})
    );
    let again = w.s.get("/openai/config", &w.admin).await;
    assert_eq!(again.body, r.body);
    // the model list follows at once (caches cleared): the prefix shows
    let m = w.s.get("/openai/models", &w.admin).await;
    assert_eq!(m.status, 200, "{}", m.body);
    assert!(ids(&m.body["data"], "id").contains(&"f.fake-model".to_string()));

    // too many keys are cut
    let form = json!({
        "ENABLE_OPENAI_API": true,
        "OPENAI_API_BASE_URLS": [w.openai.base_url],
        "OPENAI_API_KEYS": ["a", "b", "c"],
        "OPENAI_API_CONFIGS": {},
    });
    let r = w.s.post("/openai/config/update", &w.admin, form).await;
    assert_eq!(r.body["OPENAI_API_KEYS"], json!(["a"]));
    // the form needs its lists
    let r =
        w.s.post(
            "/openai/config/update",
            &w.admin,
            json!({"ENABLE_OPENAI_API": true}),
        )
        .await;
    assert_eq!(r.status, 422);
}

#[tokio::test]
async fn ollama_config_round_trip_prunes_configs() {
    let w = world().await;
    let r = w.s.get("/ollama/config", &w.admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        json!({"ENABLE_OLLAMA_API": true, "OLLAMA_BASE_URLS": [w.ollama.base_url], "OLLAMA_API_CONFIGS": {}})
    );
    let form = json!({
        "ENABLE_OLLAMA_API": true,
        "OLLAMA_BASE_URLS": [w.ollama.base_url],
        "OLLAMA_API_CONFIGS": {"0": {"prefix_id": "l"}, "1": {"enable": true}},
    });
    let r = w.s.post("/ollama/config/update", &w.admin, form).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["OLLAMA_API_CONFIGS"],
        json!({"0": {"prefix_id": "l"}})
    );
    let tags = w.s.get("/ollama/api/tags", &w.admin).await;
    assert!(ids(&tags.body["models"], "model").contains(&"l.fake-model:latest".to_string()));
    // switched off: 503 on the proxies, {"version": false}
    let form = json!({"ENABLE_OLLAMA_API": false, "OLLAMA_BASE_URLS": [w.ollama.base_url], "OLLAMA_API_CONFIGS": {}});
    w.s.post("/ollama/config/update", &w.admin, form).await;
    let r = w.s.get("/ollama/api/tags", &w.admin).await;
    assert_eq!(r.status, 503);
    assert_eq!(
        detail(&r),
        "The Ollama API is disabled. Please enable it to use this feature."
    );
    let r = w.s.get("/ollama/api/version", &w.user).await;
    assert_eq!(r.body, json!({"version": false}));
}

#[tokio::test]
async fn verify_answers_with_the_providers_reply() {
    let w = world().await;
    let r =
        w.s.post(
            "/openai/verify",
            &w.admin,
            json!({"url": w.openai.base_url, "key": "sk-x"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"][0]["id"], "fake-model");
    assert_eq!(
        w.openai.last_request().unwrap().header("authorization"),
        Some("Bearer sk-x")
    );
    let r =
        w.s.post(
            "/ollama/verify",
            &w.admin,
            json!({"url": w.ollama.base_url}),
        )
        .await;
    assert_eq!(
        (r.status, r.body.clone()),
        (200, json!({"version": "0.12.0"}))
    );
    for path in ["/openai/verify", "/ollama/verify"] {
        let r =
            w.s.post(
                path,
                &w.admin,
                json!({"url": "http://127.0.0.1:1", "key": ""}),
            )
            .await;
        assert_eq!(r.status, 500, "{path}");
        assert_eq!(detail(&r), "Open WebUI: Server Connection Error", "{path}");
        let r =
            w.s.post(path, &w.user, json!({"url": "x", "key": ""}))
                .await;
        assert_eq!((r.status, detail(&r)), (401, NO_PERMISSION.into()));
    }
    // an OpenAI error status is passed on with its body
    let bad = format!("{}/nowhere", w.openai.root_url());
    let r =
        w.s.post("/openai/verify", &w.admin, json!({"url": bad, "key": ""}))
            .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.body["error"]["message"], "File Not Found");
}

#[tokio::test]
async fn model_lists_for_admins_and_users() {
    let w = world().await;
    let r = w.s.get("/openai/models", &w.admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(ids(&r.body["data"], "id"), fakes::DEFAULT_MODELS);
    assert_eq!(r.body["data"][0]["urlIdx"], 0);
    assert_eq!(r.body["data"][0]["owned_by"], "openai");
    // the raw list of one connection
    let r = w.s.get("/openai/models/0", &w.admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "list");
    assert!(r.body["data"][0].get("urlIdx").is_none());

    let r = w.s.get("/ollama/api/tags", &w.admin).await;
    assert_eq!(r.status, 200);
    let first = &r.body["models"][0];
    assert_eq!(first["model"], "fake-model:latest");
    assert_eq!(first["urls"], json!([0]));
    // loaded (the fake's /api/ps): expires_at as epoch seconds
    assert!(first["expires_at"].is_i64(), "{first}");
    let r = w.s.get("/ollama/api/tags/0", &w.admin).await;
    assert_eq!(r.status, 200);
    assert!(r.body["models"][0].get("urls").is_none());

    // users see models with a workspace row they may read
    for (path, key) in [("/openai/models", "data"), ("/ollama/api/tags", "models")] {
        let r = w.s.get(path, &w.user).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.body[key], json!([]), "{path}");
    }
    share_model(&w, "fake-model").await;
    share_model(&w, "fake-model:latest").await;
    let r = w.s.get("/openai/models", &w.user).await;
    assert_eq!(ids(&r.body["data"], "id"), ["fake-model"]);
    let r = w.s.get("/ollama/api/tags", &w.user).await;
    assert_eq!(ids(&r.body["models"], "model"), ["fake-model:latest"]);

    // versions, ps, status
    let r = w.s.get("/ollama/api/version", &w.user).await;
    assert_eq!(r.body, json!({"version": "0.12.0"}));
    let r = w.s.get("/ollama/api/version/0", &w.admin).await;
    assert_eq!(r.body, json!({"version": "0.12.0"}));
    let r = w.s.get("/ollama/api/ps", &w.admin).await;
    assert_eq!(r.body["models"][0]["urls"], json!([0]));
    let r = w.s.call("GET", "/ollama/", Auth::None, None).await;
    assert_eq!((r.status, r.body), (200, json!({"status": true})));
    let r = w.s.call("HEAD", "/ollama", Auth::None, None).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn non_admins_are_refused_admin_routes_and_url_idx_forms() {
    let w = world().await;
    let admin_only: &[(&str, &str, Option<Value>)] = &[
        ("GET", "/openai/config", None),
        ("GET", "/ollama/config", None),
        ("GET", "/openai/models/0", None),
        ("GET", "/ollama/api/tags/0", None),
        ("GET", "/ollama/api/version/0", None),
        ("GET", "/ollama/api/ps", None),
        ("POST", "/ollama/api/pull", Some(json!({"model": "x"}))),
        ("POST", "/ollama/api/pull/0", Some(json!({"model": "x"}))),
        ("DELETE", "/ollama/api/delete", Some(json!({"model": "x"}))),
        (
            "POST",
            "/ollama/api/copy",
            Some(json!({"source": "x", "destination": "y"})),
        ),
        ("POST", "/ollama/api/unload", Some(json!({"model": "x"}))),
    ];
    for (m, path, body) in admin_only {
        for who in [&w.user, &w.pending] {
            let r = w.s.call(m, path, Auth::Bearer(who), body.clone()).await;
            assert_eq!(
                (r.status, detail(&r)),
                (401, NO_PERMISSION.into()),
                "{m} {path}"
            );
        }
        let r = w.s.call(m, path, Auth::None, body.clone()).await;
        assert_eq!(r.status, 401, "{m} {path} anonymous");
    }
    // verified routes: pending and anonymous refused
    for path in ["/openai/models", "/ollama/api/tags", "/ollama/api/version"] {
        let r = w.s.get(path, &w.pending).await;
        assert_eq!(
            (r.status, detail(&r)),
            (401, NO_PERMISSION.into()),
            "{path}"
        );
        let r = w.s.call("GET", path, Auth::None, None).await;
        assert_eq!(r.status, 401, "{path}");
    }
    let body = json!({"model": "fake-model", "messages": [{"role": "user", "content": "hi"}]});
    for path in [
        "/openai/chat/completions",
        "/ollama/api/chat",
        "/ollama/v1/chat/completions",
    ] {
        let r = w.s.post(path, &w.pending, body.clone()).await;
        assert_eq!(r.status, 401, "{path}");
        let r = w.s.call("POST", path, Auth::None, Some(body.clone())).await;
        assert_eq!(r.status, 401, "{path}");
    }
    // the passthrough catch-all
    let r = w.s.get("/openai/files", &w.user).await;
    assert_eq!(r.status, 403);
    assert_eq!(
        detail(&r),
        "Direct API passthrough is disabled. Set ENABLE_OPENAI_API_PASSTHROUGH=True to enable."
    );
    let r = w.s.call("GET", "/openai/files", Auth::None, None).await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn unknown_and_forbidden_models() {
    let w = world().await;
    let chat = |m: &str| json!({"model": m, "messages": [{"role": "user", "content": "hi"}]});
    // OpenAI: admins 404 with an empty name, users 403
    let r =
        w.s.post("/openai/chat/completions", &w.admin, chat("nope"))
            .await;
    assert_eq!(
        (r.status, detail(&r)),
        (404, "Model '' was not found".into())
    );
    let r =
        w.s.post("/openai/chat/completions", &w.user, chat("nope"))
            .await;
    assert_eq!((r.status, detail(&r)), (403, "Model not found".into()));
    let r =
        w.s.post("/openai/chat/completions", &w.user, chat("fake-model"))
            .await;
    assert_eq!((r.status, detail(&r)), (403, "Model not found".into()));
    // Ollama: admins 400 with the name
    for path in ["/ollama/api/chat", "/ollama/v1/chat/completions"] {
        let r = w.s.post(path, &w.admin, chat("nope")).await;
        assert_eq!(
            (r.status, detail(&r)),
            (400, "Model 'nope' was not found".into()),
            "{path}"
        );
        let r = w.s.post(path, &w.user, chat("fake-model:latest")).await;
        assert_eq!(
            (r.status, detail(&r)),
            (403, "Model not found".into()),
            "{path}"
        );
    }
    let r =
        w.s.post("/ollama/api/show", &w.admin, json!({"model": "nope"}))
            .await;
    assert_eq!(
        (r.status, detail(&r)),
        (400, "Model 'nope' was not found".into())
    );
    let r =
        w.s.post(
            "/ollama/api/embed",
            &w.user,
            json!({"model": "fake-model:latest", "input": "x"}),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (403, "Model not found".into()));
    // a shared model: the user may use it, but not on a connection without it
    share_model(&w, "fake-model:latest").await;
    let r = w
        .s
        .post("/ollama/api/chat", &w.user, json!({"model": "fake-model:latest", "stream": false, "messages": [{"role": "user", "content": "hi"}]}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["done"], true);
    let r =
        w.s.post("/ollama/api/chat/3", &w.user, chat("fake-model:latest"))
            .await;
    assert_eq!((r.status, detail(&r)), (403, NO_PERMISSION.into()));
    let r =
        w.s.post(
            "/ollama/api/show",
            &w.user,
            json!({"model": "fake-model:latest"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // the chat form is checked
    let r =
        w.s.post(
            "/ollama/api/chat",
            &w.admin,
            json!({"model": "fake-model:latest"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(detail(&r).contains("messages"), "{}", r.body);
}

#[tokio::test]
async fn upstream_errors_pass_through() {
    let w = world().await;
    let body = |m: &str, stream: bool| json!({"model": m, "stream": stream, "messages": [{"role": "user", "content": "hi"}]});
    for stream in [false, true] {
        let r =
            w.s.post(
                "/openai/chat/completions",
                &w.admin,
                body("error-model", stream),
            )
            .await;
        assert_eq!(r.status, 500);
        assert_eq!(r.body["error"]["message"], "fake upstream failure");
        let r =
            w.s.post(
                "/ollama/api/chat",
                &w.admin,
                body("error-model:latest", stream),
            )
            .await;
        assert_eq!(
            (r.status, detail(&r)),
            (500, "fake upstream failure".into())
        );
    }
    let r =
        w.s.post(
            "/ollama/api/generate",
            &w.admin,
            json!({"model": "error-model:latest", "prompt": "x"}),
        )
        .await;
    assert_eq!(
        (r.status, detail(&r)),
        (500, "fake upstream failure".into())
    );
}

/// The body chunks of a streamed answer with their arrival times.
async fn timed_chunks(w: &World, path: &str, body: Value) -> (u16, String, Vec<(Instant, String)>) {
    let r =
        w.s.http
            .post(w.s.url(path))
            .bearer_auth(&w.admin)
            .json(&body)
            .send()
            .await
            .unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let mut s = r.bytes_stream();
    let mut out = Vec::new();
    while let Some(b) = s.next().await {
        out.push((
            Instant::now(),
            String::from_utf8_lossy(&b.unwrap()).into_owned(),
        ));
    }
    (status, ct, out)
}

#[tokio::test]
async fn streams_are_relayed_as_they_arrive() {
    let cfg = fakes::FakeConfig::default()
        .long_tokens(40)
        .long_token_interval(Duration::from_millis(40));
    let w = world_with(cfg).await;
    let cases = [
        (
            "/openai/chat/completions",
            "long-model",
            "text/event-stream",
        ),
        (
            "/ollama/api/chat",
            "long-model:latest",
            "application/x-ndjson",
        ),
        (
            "/ollama/v1/chat/completions",
            "long-model:latest",
            "text/event-stream",
        ),
        (
            "/ollama/api/generate",
            "long-model:latest",
            "application/x-ndjson",
        ),
    ];
    for (path, model, want_ct) in cases {
        let body = json!({"model": model, "stream": true, "prompt": "go", "messages": [{"role": "user", "content": "go"}]});
        let t0 = Instant::now();
        let (status, ct, chunks) = timed_chunks(&w, path, body).await;
        assert_eq!(status, 200, "{path}");
        assert!(ct.starts_with(want_ct), "{path}: {ct}");
        assert!(chunks.len() > 5, "{path}: {} chunks", chunks.len());
        let first = chunks[0].0 - t0;
        let last = chunks.last().unwrap().0 - t0;
        assert!(last >= Duration::from_millis(1200), "{path}: {last:?}");
        assert!(first < last / 3, "{path}: first {first:?}, last {last:?}");
        let text: String = chunks.iter().map(|(_, c)| c.as_str()).collect();
        assert!(text.contains("tok0") && text.contains("tok39"), "{path}");
    }
    // not streamed: one JSON answer
    let r =
        w.s.post(
            "/openai/chat/completions",
            &w.admin,
            json!({"model": "fake-model", "logit_bias": "50256:-200, 13:5", "messages": [{"role": "user", "content": "hi"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "chat.completion");
    let sent = w.openai.last_request().unwrap();
    assert_eq!(sent.header("authorization"), Some("Bearer sk-fake"));
    assert_eq!(sent.body["logit_bias"], json!({"50256": -100, "13": 5}));
}

#[tokio::test]
async fn embeddings_and_model_management_reach_ollama() {
    let w = world().await;
    let r =
        w.s.post(
            "/ollama/api/embed",
            &w.admin,
            json!({"model": "fake-model:latest", "input": ["a", "b"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["embeddings"].as_array().unwrap().len(), 2);
    let r =
        w.s.post(
            "/ollama/api/embeddings",
            &w.admin,
            json!({"model": "fake-model:latest", "prompt": "a"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["embedding"].is_array());
    let r =
        w.s.post(
            "/ollama/api/embed",
            &w.admin,
            json!({"model": "fake-model:latest"}),
        )
        .await;
    assert_eq!(r.status, 422);
    // the fake has no pull/delete: its 404 text becomes the connection error
    let r =
        w.s.post("/ollama/api/pull", &w.admin, json!({"name": "new-model"}))
            .await;
    assert_eq!(
        (r.status, detail(&r)),
        (404, "Open WebUI: Server Connection Error".into())
    );
    let sent = w.ollama.requests_to("/api/pull");
    assert_eq!(sent[0].body["model"], "new-model");
    assert_eq!(sent[0].body["insecure"], true);
    let r =
        w.s.call(
            "DELETE",
            "/ollama/api/delete",
            Auth::Bearer(&w.admin),
            Some(json!({"model": "nope"})),
        )
        .await;
    assert_eq!(
        (r.status, detail(&r)),
        (400, "Model 'nope' was not found".into())
    );
    let r = w.s.post("/ollama/api/unload", &w.admin, json!({})).await;
    assert_eq!(
        (r.status, detail(&r)),
        (400, "Missing name of the model to unload.".into())
    );
    let r =
        w.s.post(
            "/ollama/api/unload",
            &w.admin,
            json!({"model": "fake-model:latest"}),
        )
        .await;
    assert_eq!((r.status, r.body.clone()), (200, json!({"status": true})));
    let g = w.ollama.requests_to("/api/generate");
    assert_eq!(g.last().unwrap().body["keep_alive"], 0);
}

#[tokio::test]
async fn a_workspace_model_is_sent_as_its_base_model() {
    let w = world().await;
    for (id, base) in [
        ("helper", "fake-model"),
        ("local-helper", "fake-model:latest"),
    ] {
        let r = w
            .s
            .post(
                "/api/v1/models/create",
                &w.admin,
                json!({
                    "id": id, "name": id, "base_model_id": base, "meta": {},
                    "params": {"system": "Be brief, {{USER_NAME}}.", "temperature": 0.3, "function_calling": "native"},
                    "access_grants": [{"principal_type": "user", "principal_id": "*", "permission": "read"}],
                }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let chat = |m: &str| json!({"model": m, "stream": false, "messages": [{"role": "user", "content": "hi"}]});
    // the user reads the preset; its base needs no row of its own for an admin-made preset
    share_model(&w, "fake-model").await;
    let r =
        w.s.post("/openai/chat/completions", &w.user, chat("helper"))
            .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = w.openai.last_request().unwrap().body;
    assert_eq!(sent["model"], "fake-model");
    assert_eq!(sent["temperature"], 0.3);
    assert!(sent.get("function_calling").is_none());
    assert_eq!(
        sent["messages"][0],
        json!({"role": "system", "content": "Be brief, Bo."})
    );
    share_model(&w, "fake-model:latest").await;
    let r =
        w.s.post("/ollama/api/chat", &w.user, chat("local-helper"))
            .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = w.ollama.last_request().unwrap().body;
    assert_eq!(sent["model"], "fake-model:latest");
    assert_eq!(sent["options"]["temperature"], 0.3);
    assert_eq!(sent["messages"][0]["role"], "system");
}

#[tokio::test]
async fn ollama_openai_compatible_routes() {
    let w = world().await;
    let r = w.s.get("/ollama/v1/models", &w.admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "list");
    assert_eq!(r.body["data"][0]["id"], "fake-model:latest");
    assert_eq!(r.body["data"][0]["owned_by"], "openai");
    let r = w.s.get("/ollama/v1/models/0", &w.admin).await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 5);
    let r = w.s.get("/ollama/v1/models", &w.user).await;
    assert_eq!(r.body["data"], json!([]));
    let r = w.s.get("/ollama/v1/models/0", &w.user).await;
    assert_eq!((r.status, detail(&r)), (401, NO_PERMISSION.into()));

    let r =
        w.s.post(
            "/ollama/v1/embeddings",
            &w.admin,
            json!({"model": "fake-model:latest", "input": "a"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(w.ollama.last_request().unwrap().path, "/v1/embeddings");
    let r =
        w.s.post(
            "/ollama/v1/completions",
            &w.admin,
            json!({"model": "fake-model:latest"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(detail(&r).contains("prompt"), "{}", r.body);
    // the fake has no /v1/completions, /api/push or /api/create: a 404 without `error`
    let r =
        w.s.post(
            "/ollama/v1/completions",
            &w.admin,
            json!({"model": "fake-model:latest", "prompt": "x"}),
        )
        .await;
    assert_eq!(
        (r.status, detail(&r)),
        (404, "Open WebUI: Server Connection Error".into())
    );
    let r =
        w.s.call(
            "DELETE",
            "/ollama/api/push",
            Auth::Bearer(&w.admin),
            Some(json!({"model": "fake-model:latest"})),
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(w.ollama.last_request().unwrap().method, "POST");
    assert_eq!(w.ollama.last_request().unwrap().path, "/api/push");
    let r =
        w.s.post(
            "/ollama/api/create/0",
            &w.admin,
            json!({"model": "m", "from": "fake-model"}),
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(w.ollama.last_request().unwrap().body["from"], "fake-model");
}

// ---------------------------------------------------------------------------
// llama.cpp / LM Studio model management, the Responses API, Azure

/// Replace the OpenAI connections (every key `sk-fake`).
async fn set_openai(w: &World, enable: bool, urls: &[String], configs: Value) {
    let keys: Vec<&str> = urls.iter().map(|_| "sk-fake").collect();
    let form = json!({
        "ENABLE_OPENAI_API": enable,
        "OPENAI_API_BASE_URLS": urls,
        "OPENAI_API_KEYS": keys,
        "OPENAI_API_CONFIGS": configs,
    });
    let r = w.s.post("/openai/config/update", &w.admin, form).await;
    assert_eq!(r.status, 200, "{}", r.body);
}

/// Connection 0: llama.cpp (prefix `l`), 1: LM Studio, 2: no provider.
async fn management_world() -> World {
    let w = world().await;
    let root = w.openai.root_url();
    set_openai(
        &w,
        true,
        &[
            w.openai.base_url.clone(),
            format!("{root}/api/v1"),
            w.openai.base_url.clone(),
        ],
        json!({"0": {"provider": "llama.cpp", "prefix_id": "l"}, "1": {"provider": "lmstudio"}, "2": {}}),
    )
    .await;
    w
}

async fn delete(w: &World, path: &str, who: &str) -> common::Resp {
    w.s.call("DELETE", path, Auth::Bearer(who), None).await
}

#[tokio::test]
async fn llamacpp_model_management() {
    let w = management_world().await;
    let r = w.s.get("/openai/models/0/catalog", &w.admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"][0]["id"], "fake-model");
    let sent = w.openai.requests_to("/models");
    assert_eq!(sent[0].method, "GET");
    assert_eq!(sent[0].header("authorization"), Some("Bearer sk-fake"));

    // download: prefix off, nulls dropped, other keys kept
    let r =
        w.s.post(
            "/openai/models/0/download",
            &w.admin,
            json!({"model": "l.new-model", "quant": "Q4", "gone": null}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "downloading");
    let sent = w.openai.requests_to("/models");
    let last = sent.last().unwrap();
    assert_eq!(last.method, "POST");
    assert_eq!(last.body, json!({"model": "new-model", "quant": "Q4"}));

    for op in ["load", "unload"] {
        let r =
            w.s.post(
                &format!("/openai/models/0/{op}"),
                &w.admin,
                json!({"model": "l.fake-model"}),
            )
            .await;
        assert_eq!(
            (r.status, r.body.clone()),
            (200, json!({"success": true})),
            "{op}"
        );
        let sent = w.openai.requests_to(&format!("/models/{op}"));
        assert_eq!(sent[0].body, json!({"model": "fake-model"}));
        // the provider's error: its status, its body as detail
        let r =
            w.s.post(
                &format!("/openai/models/0/{op}"),
                &w.admin,
                json!({"model": "nope"}),
            )
            .await;
        assert_eq!(r.status, 404, "{op}");
        assert_eq!(
            r.body["detail"]["error"]["message"],
            "model 'nope' not found"
        );
    }

    // delete: the model in the query; a plain-text answer is a success
    let r = delete(&w, "/openai/models/0?model=l.fake-model", &w.admin).await;
    assert_eq!((r.status, r.body.clone()), (200, json!({"success": true})));
    let sent = w.openai.requests_to("/models");
    let last = sent.last().unwrap();
    assert_eq!(
        (last.method.as_str(), last.query.as_deref()),
        ("DELETE", Some("model=fake-model"))
    );
    let r = delete(&w, "/openai/models/0?model=nope", &w.admin).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.body["detail"]["error"]["code"], 404);
    let r = delete(&w, "/openai/models/0", &w.admin).await;
    assert_eq!(r.status, 422);

    // the events relayed
    let resp =
        w.s.http
            .get(w.s.url("/openai/models/0/sse"))
            .bearer_auth(&w.admin)
            .send()
            .await
            .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let text = resp.text().await.unwrap();
    assert!(
        text.contains("\"status\":\"loading\"") && text.contains("\"status\":\"loaded\""),
        "{text}"
    );

    // llama.cpp has no download status
    let r =
        w.s.get("/openai/models/0/download/status/job-1", &w.admin)
            .await;
    assert_eq!(
        (r.status, detail(&r)),
        (
            400,
            "Provider \"llama.cpp\" does not support download_status".into()
        )
    );
    // the form needs a string model
    let r =
        w.s.post("/openai/models/0/load", &w.admin, json!({"model": 5}))
            .await;
    assert_eq!(r.status, 422);
}

#[tokio::test]
async fn lmstudio_model_management() {
    let w = management_world().await;
    let r = w.s.get("/openai/models/1/catalog", &w.admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["models"][0]["key"], "fake-model");
    assert_eq!(w.openai.requests_to("/api/v1/models").len(), 1);

    let r =
        w.s.post(
            "/openai/models/1/download",
            &w.admin,
            json!({"model": "new-model"}),
        )
        .await;
    assert_eq!(
        (r.status, r.body.clone()),
        (200, json!({"job_id": "job-1", "status": "downloading"}))
    );
    assert_eq!(
        w.openai.requests_to("/api/v1/models/download")[0].body,
        json!({"model": "new-model"})
    );
    let r =
        w.s.get("/openai/models/1/download/status/job-42", &w.admin)
            .await;
    assert_eq!(
        (r.status, r.body.clone()),
        (200, json!({"job_id": "job-42", "status": "completed"}))
    );
    let r =
        w.s.post(
            "/openai/models/1/load",
            &w.admin,
            json!({"model": "fake-model", "ttl": 60}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        w.openai.requests_to("/api/v1/models/load")[0].body,
        json!({"model": "fake-model", "ttl": 60})
    );
    // unload sends the instance id (the model when none is given)
    let r =
        w.s.post(
            "/openai/models/1/unload",
            &w.admin,
            json!({"model": "fake-model"}),
        )
        .await;
    assert_eq!(
        (r.status, r.body.clone()),
        (200, json!({"instance_id": "fake-model"}))
    );
    let r =
        w.s.post(
            "/openai/models/1/unload",
            &w.admin,
            json!({"model": "x", "instance_id": "slow-model"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = w.openai.requests_to("/api/v1/models/unload");
    assert_eq!(sent[0].body, json!({"instance_id": "fake-model"}));
    assert_eq!(sent[1].body, json!({"instance_id": "slow-model"}));
    // a plain-text error becomes a string detail
    let r =
        w.s.post(
            "/openai/models/1/unload",
            &w.admin,
            json!({"model": "nope"}),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (404, "no such model: nope".into()));
    // what LM Studio lacks
    let r = w.s.get("/openai/models/1/sse", &w.admin).await;
    assert_eq!(
        (r.status, detail(&r)),
        (400, "Provider \"lmstudio\" does not support sse".into())
    );
    let r = delete(&w, "/openai/models/1?model=fake-model", &w.admin).await;
    assert_eq!(
        (r.status, detail(&r)),
        (400, "Provider \"lmstudio\" does not support delete".into())
    );
}

#[tokio::test]
async fn model_management_refusals() {
    let w = management_world().await;
    let routes: Vec<(&str, String, Option<Value>)> = (0..4)
        .flat_map(|i| {
            vec![
                ("GET", format!("/openai/models/{i}/catalog"), None),
                (
                    "POST",
                    format!("/openai/models/{i}/download"),
                    Some(json!({"model": "m"})),
                ),
                ("GET", format!("/openai/models/{i}/download/status/j"), None),
                (
                    "POST",
                    format!("/openai/models/{i}/load"),
                    Some(json!({"model": "m"})),
                ),
                (
                    "POST",
                    format!("/openai/models/{i}/unload"),
                    Some(json!({"model": "m"})),
                ),
                ("GET", format!("/openai/models/{i}/sse"), None),
                ("DELETE", format!("/openai/models/{i}?model=m"), None),
            ]
        })
        .collect();
    for (m, path, body) in &routes {
        for who in [&w.user, &w.pending] {
            let r = w.s.call(m, path, Auth::Bearer(who), body.clone()).await;
            assert_eq!(
                (r.status, detail(&r)),
                (401, NO_PERMISSION.into()),
                "{m} {path}"
            );
        }
        let r = w.s.call(m, path, Auth::None, body.clone()).await;
        assert_eq!(r.status, 401, "{m} {path}");
        let r =
            w.s.call(m, path, Auth::Bearer(&w.admin), body.clone())
                .await;
        let want = if path.starts_with("/openai/models/2") {
            (
                400,
                "Provider \"default\" does not support model management".to_string(),
            )
        } else if path.starts_with("/openai/models/3") {
            (404, "Connection not found".to_string())
        } else {
            continue;
        };
        assert_eq!((r.status, detail(&r)), want, "{m} {path}");
    }
    // switched off: 503 before anything else
    let before = w.openai.requests().len();
    let urls = vec![w.openai.base_url.clone()];
    set_openai(&w, false, &urls, json!({"0": {"provider": "llama.cpp"}})).await;
    for (m, path, body) in routes
        .iter()
        .filter(|r| r.1.starts_with("/openai/models/0"))
    {
        let r =
            w.s.call(m, path, Auth::Bearer(&w.admin), body.clone())
                .await;
        assert_eq!(
            (r.status, detail(&r)),
            (503, "OpenAI API is disabled".into()),
            "{m} {path}"
        );
    }
    let after: Vec<_> = w.openai.requests().into_iter().skip(before).collect();
    assert!(after.iter().all(|r| r.path == "/v1/models"), "{after:?}");
}

#[tokio::test]
async fn responses_api_passthrough() {
    let w = world().await;
    // JSON: nulls dropped, the key sent
    let r =
        w.s.post(
            "/openai/responses",
            &w.admin,
            json!({"model": "fake-model", "input": "hi", "temperature": null, "custom": 1}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "response");
    assert_eq!(r.body["output"][0]["content"][0]["text"], "Echo: hi");
    let sent = w.openai.requests_to("/v1/responses");
    assert_eq!(
        sent[0].body,
        json!({"model": "fake-model", "input": "hi", "custom": 1})
    );
    assert_eq!(sent[0].header("authorization"), Some("Bearer sk-fake"));

    // SSE relayed
    let resp =
        w.s.http
            .post(w.s.url("/openai/responses"))
            .bearer_auth(&w.admin)
            .json(&json!({"model": "fake-model", "input": "hi there", "stream": true}))
            .send()
            .await
            .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let text = resp.text().await.unwrap();
    assert!(text.contains("event: response.output_text.delta"), "{text}");
    assert!(text.contains("event: response.completed"), "{text}");

    // unknown models go to connection 0; its errors pass through
    let r =
        w.s.post(
            "/openai/responses",
            &w.admin,
            json!({"model": "nope", "input": "x"}),
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.body["error"]["message"], "model 'nope' not found");
    let r =
        w.s.post(
            "/openai/responses",
            &w.admin,
            json!({"model": fakes::RATE_LIMITED_MODEL}),
        )
        .await;
    assert_eq!(r.status, 429);
    assert_eq!(r.body["error"]["message"], "slow down");
    assert_eq!(r.headers["retry-after"], "7");
    assert_eq!(r.headers["retry-after-ms"], "7000");
    // the form
    let r =
        w.s.post("/openai/responses", &w.admin, json!({"input": "x"}))
            .await;
    assert_eq!(r.status, 422);
    let r =
        w.s.post(
            "/openai/responses",
            &w.pending,
            json!({"model": "fake-model"}),
        )
        .await;
    assert_eq!(r.status, 401);

    // users need read access to the model
    let r =
        w.s.post(
            "/openai/responses",
            &w.user,
            json!({"model": "fake-model", "input": "x"}),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (403, "Model not found".into()));
    share_model(&w, "fake-model").await;
    let r =
        w.s.post(
            "/openai/responses",
            &w.user,
            json!({"model": "fake-model", "input": "x"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    // routing by urlIdx with the prefix taken off; openai.enable not checked
    let urls = vec![
        "http://127.0.0.1:1/v1".to_string(),
        w.openai.base_url.clone(),
    ];
    set_openai(&w, true, &urls, json!({"1": {"prefix_id": "p"}})).await;
    let r =
        w.s.post(
            "/openai/responses",
            &w.admin,
            json!({"model": "p.fake-model", "input": "y"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        w.openai
            .requests_to("/v1/responses")
            .last()
            .unwrap()
            .model(),
        Some("fake-model")
    );
    let urls = vec![w.openai.base_url.clone()];
    set_openai(&w, false, &urls, json!({})).await;
    let r =
        w.s.post(
            "/openai/responses",
            &w.admin,
            json!({"model": "fake-model", "input": "z"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["output"][0]["content"][0]["text"], "Echo: z");
}

#[tokio::test]
async fn azure_connections() {
    let w = world().await;
    let root = w.openai.root_url();
    let urls = vec![root.clone(), format!("{root}/openai/v1"), root.clone()];
    set_openai(
        &w,
        true,
        &urls,
        json!({
            "0": {"provider": "azure", "api_version": "2024-10-01-preview",
                  "model_ids": ["fake-model", "o3-mini", "bad..name", fakes::RATE_LIMITED_MODEL]},
            "1": {"provider": "azure", "prefix_id": "v1", "model_ids": ["fake-model"]},
            "2": {"azure": true, "prefix_id": "old", "model_ids": ["fake-model"]},
        }),
    )
    .await;
    let chat = |m: &str| {
        json!({"model": m, "messages": [{"role": "user", "content": "hi"}], "stream": false,
               "stream_options": {"include_usage": true}, "foo": 1, "max_tokens": 10, "temperature": 0.5})
    };
    // a deployment URL with its api-version; unknown keys dropped
    let r =
        w.s.post("/openai/chat/completions", &w.admin, chat("fake-model"))
            .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["choices"][0]["message"]["content"], "Echo: hi");
    let sent = w
        .openai
        .requests_to("/openai/deployments/fake-model/chat/completions");
    assert_eq!(
        sent[0].query.as_deref(),
        Some("api-version=2024-10-01-preview")
    );
    assert_eq!(sent[0].header("api-key"), Some("sk-fake"));
    assert_eq!(sent[0].header("api-version"), Some("2024-10-01-preview"));
    assert_eq!(sent[0].header("authorization"), Some("Bearer sk-fake"));
    assert_eq!(
        sent[0].body,
        json!({"messages": [{"role": "user", "content": "hi"}], "stream": false, "max_tokens": 10, "temperature": 0.5})
    );
    // streaming keeps stream_options on recent api versions
    let mut body = chat("fake-model");
    body["stream"] = json!(true);
    let r =
        w.s.post("/openai/chat/completions", &w.admin, body.clone())
            .await;
    assert_eq!(r.status, 200);
    let sent = w
        .openai
        .requests_to("/openai/deployments/fake-model/chat/completions");
    assert_eq!(
        sent[1].body["stream_options"],
        json!({"include_usage": true})
    );
    // o-series: max_completion_tokens, no temperature but 1
    let r =
        w.s.post("/openai/chat/completions", &w.admin, chat("o3-mini"))
            .await;
    assert_eq!(r.status, 404);
    let sent = w
        .openai
        .requests_to("/openai/deployments/o3-mini/chat/completions");
    assert_eq!(sent[0].body.get("temperature"), None);
    assert_eq!(sent[0].body["max_completion_tokens"], 10);
    assert_eq!(sent[0].body.get("max_tokens"), None);
    // names that would leave the path
    let r =
        w.s.post("/openai/chat/completions", &w.admin, chat("bad..name"))
            .await;
    assert_eq!(
        (r.status, detail(&r)),
        (
            400,
            "Invalid model name: must not be empty or contain path separators or traversal sequences".into()
        )
    );
    // provider errors keep their Retry-After headers
    let r =
        w.s.post(
            "/openai/chat/completions",
            &w.admin,
            chat(fakes::RATE_LIMITED_MODEL),
        )
        .await;
    assert_eq!(r.status, 429);
    assert_eq!(r.body["error"]["message"], "slow down");
    assert_eq!(r.headers["retry-after"], "7");
    assert_eq!(r.headers["retry-after-ms"], "7000");

    // Azure v1 URLs: the model stays in the body, nothing filtered
    let r =
        w.s.post("/openai/chat/completions", &w.admin, chat("v1.fake-model"))
            .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = w.openai.requests_to("/openai/v1/chat/completions");
    assert_eq!(sent[0].query, None);
    assert_eq!(sent[0].header("api-version"), None);
    assert_eq!(sent[0].body["model"], "fake-model");
    assert_eq!(sent[0].body["foo"], 1);

    // the legacy flag, the default api-version (no stream_options)
    let r =
        w.s.post("/openai/chat/completions", &w.admin, {
            let mut b = chat("old.fake-model");
            b["stream"] = json!(true);
            b
        })
        .await;
    assert_eq!(r.status, 200);
    let sent = w
        .openai
        .requests_to("/openai/deployments/fake-model/chat/completions");
    let last = sent.last().unwrap();
    assert_eq!(
        last.query.as_deref(),
        Some("api-version=2023-03-15-preview")
    );
    assert_eq!(last.body.get("stream_options"), None);

    // the Responses API on Azure
    let r =
        w.s.post(
            "/openai/responses",
            &w.admin,
            json!({"model": "fake-model", "input": "a"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = w
        .openai
        .requests_to("/openai/deployments/fake-model/responses");
    assert_eq!(
        sent[0].query.as_deref(),
        Some("api-version=2024-10-01-preview")
    );
    assert_eq!(sent[0].header("api-key"), Some("sk-fake"));
    let r =
        w.s.post(
            "/openai/responses",
            &w.admin,
            json!({"model": "v1.fake-model", "input": "b"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        w.openai.requests_to("/openai/v1/responses")[0].model(),
        Some("fake-model")
    );
    let r =
        w.s.post("/openai/responses", &w.admin, json!({"model": "bad..name"}))
            .await;
    assert_eq!(r.status, 400);
    // the chat pipeline reaches an Azure deployment the same way
    let r = w
        .s
        .post(
            "/api/chat/completions",
            &w.admin,
            json!({"model": "fake-model", "messages": [{"role": "user", "content": "via pipeline"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["choices"][0]["message"]["content"],
        "Echo: via pipeline"
    );
    let piped = w
        .openai
        .requests_to("/openai/deployments/fake-model/chat/completions");
    let last = piped.last().unwrap();
    assert_eq!(last.body["messages"][0]["content"], "via pipeline");
    assert_eq!(last.header("api-key"), Some("sk-fake"));
}

#[tokio::test]
async fn retry_after_headers_on_plain_connections() {
    let w = world().await;
    let urls = vec![w.openai.base_url.clone()];
    set_openai(
        &w,
        true,
        &urls,
        json!({"0": {"model_ids": [fakes::RATE_LIMITED_MODEL, "error-model"]}}),
    )
    .await;
    let body = |m: &str| json!({"model": m, "messages": [{"role": "user", "content": "hi"}]});
    let r =
        w.s.post(
            "/openai/chat/completions",
            &w.admin,
            body(fakes::RATE_LIMITED_MODEL),
        )
        .await;
    assert_eq!(r.status, 429);
    assert_eq!(r.body["error"]["code"], 429);
    assert_eq!(r.headers["retry-after"], "7");
    assert_eq!(r.headers["retry-after-ms"], "7000");
    // no retry headers: as before
    let r =
        w.s.post("/openai/chat/completions", &w.admin, body("error-model"))
            .await;
    assert_eq!(r.status, 500);
    assert!(r.headers.get("retry-after").is_none());
}

// ---------------------------------------------------------------------------
// /ollama/models/upload, /ollama/models/download, /ollama/v1/messages,
// /ollama/v1/responses

const MP_BOUNDARY: &str = "----owuiollamaboundary3f9a";

/// POST a multipart body with one `file` part (when `file` is given);
/// returns the status, content type and raw body.
async fn post_model_file(
    w: &World,
    path: &str,
    token: &str,
    file: Option<(&str, &[u8])>,
) -> (u16, String, String) {
    let mut body: Vec<u8> = Vec::new();
    match file {
        Some((name, bytes)) => {
            body.extend_from_slice(
                format!(
                    "--{MP_BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        None => body.extend_from_slice(
            format!(
                "--{MP_BOUNDARY}\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n"
            )
            .as_bytes(),
        ),
    }
    body.extend_from_slice(format!("--{MP_BOUNDARY}--\r\n").as_bytes());
    let r =
        w.s.http
            .post(w.s.url(path))
            .bearer_auth(token)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={MP_BOUNDARY}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, ct, r.text().await.unwrap())
}

/// The JSON objects of `data: …` lines.
fn sse_events(text: &str) -> Vec<Value> {
    text.lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|d| serde_json::from_str(d).unwrap())
        .collect()
}

fn sha256_hex(b: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(b))
}

fn model_bytes(n: usize) -> Vec<u8> {
    let mut v = b"GGUF".to_vec();
    v.extend((0..n).map(|i| (i % 251) as u8));
    v
}

/// Files left in the upload folder.
fn upload_leftovers(w: &World) -> Vec<String> {
    match std::fs::read_dir(owui::core::files::upload_dir(&w.s.cx)) {
        Ok(d) => d
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[tokio::test]
async fn ollama_model_upload_pushes_a_blob_and_creates_the_model() {
    let w = world().await;
    // 2.5 MiB: three 1 MiB progress steps
    let data = model_bytes(5 * 512 * 1024 - 4);
    let hash = sha256_hex(&data);
    let (status, ct, text) = post_model_file(
        &w,
        "/ollama/models/upload",
        &w.admin,
        Some(("tiny.gguf", &data)),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    assert!(ct.starts_with("text/event-stream"), "{ct}");
    // Python's json.dumps spacing
    assert!(
        text.starts_with(
            "data: {\"progress\": 40.0, \"total\": 2621440, \"completed\": 1048576}\n\n"
        ),
        "{text}"
    );
    let events = sse_events(&text);
    let progress: Vec<f64> = events
        .iter()
        .filter_map(|e| e["progress"].as_f64())
        .collect();
    assert_eq!(progress, vec![40.0, 80.0, 100.0]);
    assert_eq!(
        events.last().unwrap(),
        &json!({"done": true, "blob": format!("sha256:{hash}"), "name": "tiny.gguf", "model_created": "tiny"})
    );
    let blobs = w.ollama.requests_to(&format!("/api/blobs/sha256:{hash}"));
    assert_eq!(blobs.len(), 1);
    assert_eq!(blobs[0].method, "POST");
    assert_eq!(
        blobs[0].header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(blobs[0].header("content-length"), Some("2621440"));
    let create = w.ollama.requests_to("/api/create");
    assert_eq!(
        create[0].body,
        json!({"model": "tiny", "files": {"tiny.gguf": format!("sha256:{hash}")}, "stream": false})
    );
    assert!(
        upload_leftovers(&w).is_empty(),
        "{:?}",
        upload_leftovers(&w)
    );

    // with an index; only the base name of the part's file name counts
    let small = model_bytes(10);
    let (status, _, text) = post_model_file(
        &w,
        "/ollama/models/upload/0",
        &w.admin,
        Some(("some/dir/other.v2.gguf", &small)),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let events = sse_events(&text);
    assert_eq!(events[0]["progress"], 100.0);
    let last = events.last().unwrap();
    assert_eq!(last["name"], "other.v2.gguf");
    assert_eq!(last["model_created"], "other.v2");
    assert_eq!(last["blob"], format!("sha256:{}", sha256_hex(&small)));
}

#[tokio::test]
async fn ollama_model_upload_refusals_and_errors() {
    let w = world().await;
    let data = model_bytes(10);
    for path in ["/ollama/models/upload", "/ollama/models/upload/0"] {
        let (status, _, text) = post_model_file(&w, path, &w.user, Some(("m.gguf", &data))).await;
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            (status, body["detail"].as_str().unwrap()),
            (401, NO_PERMISSION)
        );
    }
    assert!(w.ollama.requests_to("/api/create").is_empty());
    // no file part
    let (status, _, text) = post_model_file(&w, "/ollama/models/upload", &w.admin, None).await;
    assert_eq!(status, 422, "{text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["detail"][0]["loc"], json!(["body", "file"]));
    let r = w.s.post("/ollama/models/upload", &w.admin, json!({})).await;
    assert_eq!(r.status, 422);
    // no such connection: a client error (upstream: 500), nothing kept
    let (status, _, text) = post_model_file(
        &w,
        "/ollama/models/upload/7",
        &w.admin,
        Some(("m.gguf", &data)),
    )
    .await;
    assert_eq!(status, 404, "{text}");
    assert!(upload_leftovers(&w).is_empty());
    // a connection that refuses: the stream ends with an error event
    let form = json!({"ENABLE_OLLAMA_API": true,
        "OLLAMA_BASE_URLS": [w.ollama.base_url, "http://127.0.0.1:1"], "OLLAMA_API_CONFIGS": {}});
    let r = w.s.post("/ollama/config/update", &w.admin, form).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (status, _, text) = post_model_file(
        &w,
        "/ollama/models/upload/1",
        &w.admin,
        Some(("m.gguf", &data)),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let events = sse_events(&text);
    assert_eq!(events[0]["progress"], 100.0);
    assert!(events.last().unwrap()["error"].is_string(), "{text}");
    assert!(upload_leftovers(&w).is_empty());
    // the upload does not depend on `ollama.enable`
    let form = json!({"ENABLE_OLLAMA_API": false,
        "OLLAMA_BASE_URLS": [w.ollama.base_url], "OLLAMA_API_CONFIGS": {}});
    let r = w.s.post("/ollama/config/update", &w.admin, form).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (status, _, text) = post_model_file(
        &w,
        "/ollama/models/upload",
        &w.admin,
        Some(("m.gguf", &data)),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(sse_events(&text).last().unwrap()["done"], true, "{text}");
}

#[tokio::test]
async fn ollama_model_download_checks_the_url() {
    let w = world().await;
    for url in [
        "http://huggingface.co/o/r/resolve/main/m.gguf",
        "https://example.com/m.gguf",
        "https://huggingface.co.evil.test/m.gguf",
        &format!("{}/m.gguf", w.ollama.base_url),
    ] {
        for path in ["/ollama/models/download", "/ollama/models/download/0"] {
            let r = w.s.post(path, &w.admin, json!({"url": url})).await;
            assert_eq!(
                (r.status, detail(&r)),
                (
                    400,
                    "Invalid file_url. Only URLs from allowed hosts are permitted.".into()
                ),
                "{url}"
            );
        }
    }
    // an allowed URL without a file name: `null`, nothing fetched
    let r =
        w.s.post(
            "/ollama/models/download",
            &w.admin,
            json!({"url": "https://github.com/"}),
        )
        .await;
    assert_eq!((r.status, r.body.clone()), (200, Value::Null));
    let r =
        w.s.post("/ollama/models/download", &w.admin, json!({}))
            .await;
    assert_eq!(r.status, 422);
    let r =
        w.s.post(
            "/ollama/models/download",
            &w.user,
            json!({"url": "https://github.com/"}),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (401, NO_PERMISSION.into()));
    // an allowed URL but no such connection
    let r =
        w.s.post(
            "/ollama/models/download/9",
            &w.admin,
            json!({"url": "https://github.com/o/r/m.gguf"}),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert!(w.ollama.requests_to("/api/create").is_empty());
}

/// The download itself, from a local file server (the route only allows
/// Hugging Face and GitHub, which this machine cannot reach): a partial
/// file is resumed with `Range`, restarted when the server ignores it.
#[tokio::test]
async fn ollama_model_download_streams_progress_then_creates() {
    use axum::http::HeaderMap;
    let w = world().await;
    let data = model_bytes(3 * 1024 * 1024);
    let served = data.clone();
    let ranges = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = ranges.clone();
    let app = axum::Router::new().route(
        "/files/m.gguf",
        axum::routing::get(move |h: HeaderMap| {
            let served = served.clone();
            let seen = seen.clone();
            async move {
                if let Some(r) = h.get("range") {
                    seen.lock().unwrap().push(r.to_str().unwrap().to_string());
                }
                served
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let dir = owui::core::files::upload_dir(&w.s.cx);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("m.gguf"), &data[..1000]).unwrap();

    let relay = owui::core::providers::proxy::ollama_fetch_model(
        &w.s.cx,
        0,
        &format!("http://{addr}/files/m.gguf"),
        "m.gguf",
    )
    .unwrap();
    assert_eq!(relay.status, 200);
    let mut body = relay.body;
    let mut text = String::new();
    while let Some(b) = body.next().await {
        text.push_str(&String::from_utf8_lossy(&b.unwrap()));
    }
    assert_eq!(*ranges.lock().unwrap(), vec!["bytes=1000-".to_string()]);
    let events = sse_events(&text);
    let last = events.last().unwrap();
    let hash = sha256_hex(&data);
    assert_eq!(
        last,
        &json!({"done": true, "blob": format!("sha256:{hash}"), "name": "m.gguf", "model_created": "m"}),
        "{text}"
    );
    let steps = &events[..events.len() - 1];
    assert!(!steps.is_empty());
    assert_eq!(steps.last().unwrap()["progress"], 100.0);
    assert_eq!(steps.last().unwrap()["completed"], data.len());
    assert!(text.contains("\"completed\": "), "Python spacing: {text}");
    assert_eq!(
        w.ollama
            .requests_to(&format!("/api/blobs/sha256:{hash}"))
            .len(),
        1
    );
    assert_eq!(
        w.ollama.requests_to("/api/create")[0].body["files"],
        json!({"m.gguf": format!("sha256:{hash}")})
    );
    assert!(!dir.join("m.gguf").exists());
}

#[tokio::test]
async fn ollama_anthropic_messages_and_responses_pass_through() {
    let w = world().await;
    let msg = |model: &str, stream: bool| {
        json!({"model": model, "max_tokens": 64, "stream": stream,
            "messages": [{"role": "user", "content": [{"type": "text", "text": "hi there"}]}]})
    };
    let r =
        w.s.post(
            "/ollama/v1/messages",
            &w.admin,
            msg("fake-model:latest", false),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["type"], "message");
    assert_eq!(r.body["content"][0]["text"], "Echo: hi there");
    let sent = w.ollama.last_request().unwrap();
    assert_eq!(sent.path, "/v1/messages");
    assert_eq!(sent.body["max_tokens"], 64);
    assert_eq!(sent.body["messages"], msg("x", false)["messages"]);
    // streamed: SSE relayed
    let (status, ct, chunks) =
        timed_chunks(&w, "/ollama/v1/messages/0", msg("fake-model:latest", true)).await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/event-stream"), "{ct}");
    let text: String = chunks.into_iter().map(|(_, c)| c).collect();
    assert!(text.starts_with("event: message_start\n"), "{text}");
    assert!(text.contains("\"text_delta\""), "{text}");

    let resp =
        |model: Value, stream: bool| json!({"model": model, "input": "hello", "stream": stream});
    let r =
        w.s.post(
            "/ollama/v1/responses",
            &w.admin,
            resp(json!("fake-model:latest"), false),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["output"][0]["content"][0]["text"], "Echo: hello");
    assert_eq!(w.ollama.last_request().unwrap().path, "/v1/responses");
    assert_eq!(w.ollama.last_request().unwrap().body["input"], "hello");
    let (status, ct, chunks) = timed_chunks(
        &w,
        "/ollama/v1/responses/0",
        resp(json!("fake-model:latest"), true),
    )
    .await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/event-stream"), "{ct}");
    let text: String = chunks.into_iter().map(|(_, c)| c).collect();
    assert!(text.contains("event: response.completed"), "{text}");
    // `model` must be a string
    for bad in [json!({"input": "x"}), resp(json!(5), false)] {
        let r = w.s.post("/ollama/v1/responses", &w.admin, bad).await;
        assert_eq!(r.status, 422, "{}", r.body);
    }
    let r = w.s.post("/ollama/v1/messages", &w.admin, json!([1])).await;
    assert_eq!(r.status, 422);
}

#[tokio::test]
async fn ollama_anthropic_messages_and_responses_refusals() {
    let w = world().await;
    let msg =
        |model: &str| json!({"model": model, "messages": [{"role": "user", "content": "hi"}]});
    let resp = |model: &str| json!({"model": model, "input": "hi"});
    for (path, body) in [
        ("/ollama/v1/messages", msg("nope")),
        ("/ollama/v1/responses", resp("nope")),
    ] {
        let r = w.s.post(path, &w.admin, body).await;
        assert_eq!(
            (r.status, detail(&r)),
            (400, "Model 'nope' was not found".into())
        );
    }
    // a user needs a readable workspace row for the model
    for (path, body) in [
        ("/ollama/v1/messages", msg("fake-model:latest")),
        ("/ollama/v1/responses", resp("fake-model:latest")),
    ] {
        let r = w.s.post(path, &w.user, body).await;
        assert_eq!((r.status, detail(&r)), (403, "Model not found".into()));
    }
    // upstream reads `payload['model']` for a body without one
    let r =
        w.s.post("/ollama/v1/messages", &w.admin, json!({"messages": []}))
            .await;
    assert_eq!(r.status, 500);
    let r =
        w.s.post("/ollama/v1/messages", &w.user, json!({"messages": []}))
            .await;
    assert_eq!((r.status, detail(&r)), (403, "Model not found".into()));
    share_model(&w, "fake-model:latest").await;
    let r =
        w.s.post("/ollama/v1/messages", &w.user, msg("fake-model:latest"))
            .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r =
        w.s.post("/ollama/v1/responses", &w.user, resp("fake-model:latest"))
            .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // a user's index must host the model
    let r =
        w.s.post("/ollama/v1/messages/3", &w.user, msg("fake-model:latest"))
            .await;
    assert_eq!((r.status, detail(&r)), (403, NO_PERMISSION.into()));
    // upstream errors come back with their status
    share_model(&w, "error-model:latest").await;
    let r =
        w.s.post("/ollama/v1/messages", &w.admin, msg("error-model:latest"))
            .await;
    assert_eq!(r.status, 500, "{}", r.body);
    assert!(detail(&r).contains("fake upstream failure"), "{}", r.body);
    // switched off: 503
    let form = json!({"ENABLE_OLLAMA_API": false, "OLLAMA_BASE_URLS": [w.ollama.base_url], "OLLAMA_API_CONFIGS": {}});
    let r = w.s.post("/ollama/config/update", &w.admin, form).await;
    assert_eq!(r.status, 200, "{}", r.body);
    for (path, body) in [
        ("/ollama/v1/messages", msg("fake-model:latest")),
        ("/ollama/v1/messages/0", msg("fake-model:latest")),
        ("/ollama/v1/responses", resp("fake-model:latest")),
        ("/ollama/v1/responses/0", resp("fake-model:latest")),
    ] {
        let r = w.s.post(path, &w.admin, body).await;
        assert_eq!(
            (r.status, detail(&r)),
            (
                503,
                "The Ollama API is disabled. Please enable it to use this feature.".into()
            ),
            "{path}"
        );
    }
}

/// A connection's custom headers never reach another host: a provider
/// that redirects elsewhere is not followed there (the same host on
/// another port still is).
#[tokio::test]
async fn provider_redirects_to_another_host_are_not_followed() {
    let elsewhere = fakes::spawn_openai().await;
    // the same fake, named by another host
    let other_host = elsewhere.base_url.replace("127.0.0.1", "localhost");
    let same_host = elsewhere.base_url.clone();
    let redirector = |to: String| async move {
        let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
            let to = to.clone();
            async move {
                let rest = uri.path().strip_prefix("/v1").unwrap_or(uri.path());
                axum::response::Redirect::temporary(&format!("{to}{rest}"))
            }
        });
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/v1", l.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
        base
    };
    let away = redirector(other_host).await;
    let s = start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", away);
            c.set("OPENAI_API_KEY", "sk-fake");
            c.set(
                "OPENAI_API_CONFIGS",
                r#"{"0": {"headers": {"X-Secret": "s3cret"}}}"#,
            );
            c.set("ENABLE_OLLAMA_API", "false");
        },
        None,
    )
    .await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s.get("/api/models?refresh=true", &t).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        elsewhere.requests().is_empty(),
        "{:?}",
        elsewhere.requests()
    );

    // the same host on another port: followed, headers and all
    let near = redirector(same_host).await;
    let s = start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", near);
            c.set(
                "OPENAI_API_CONFIGS",
                r#"{"0": {"headers": {"X-Secret": "s3cret"}}}"#,
            );
            c.set("ENABLE_OLLAMA_API", "false");
        },
        None,
    )
    .await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s.get("/api/models?refresh=true", &t).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let got = elsewhere.requests_to("/v1/models");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        got[0].headers.get("x-secret").map(String::as_str),
        Some("s3cret")
    );
}
