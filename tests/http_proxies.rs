//! `/openai/*` and `/ollama/*`: connection settings, model lists and the
//! proxies, against fake OpenAI and Ollama servers on 127.0.0.1.

mod common;
mod fakes;

use std::time::{Duration, Instant};

use common::{Auth, Server, start_with};
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
