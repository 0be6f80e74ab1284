//! `/api/v1/pipelines/*` and the pipelines servers' filters around chat
//! completions, over real HTTP against a fake LLM and a fake Pipelines
//! server on 127.0.0.1.

use crate::fakes;

use std::time::{Duration, Instant};

use crate::common::{Auth, Server, start_with};
use crate::fake_pipelines::{self, FakePipelines, filter};
use serde_json::{Value, json};

const NO_PERMISSION: &str = "You do not have permission to access this resource. Please contact your administrator for assistance.";

struct World {
    s: Server,
    llm: fakes::Fake,
    pipes: FakePipelines,
    admin: String,
}

/// Connection 0 is the fake LLM, connection 1 the fake Pipelines server.
async fn world() -> World {
    let llm = fakes::spawn_openai_with(fakes::FakeConfig::default().models([
        "fake-model",
        "plain-model",
        "deny-model",
        "crash-model",
    ]))
    .await;
    let pipes = fake_pipelines::spawn(vec![
        filter("rewrite-a", &["fake-model"], 2),
        filter("rewrite-b", &["fake-model"], 1),
        filter("deny", &["deny-model"], 0),
        filter("crash", &["crash-model"], 0),
    ])
    .await;
    let urls = format!("{};{}", llm.base_url, pipes.url);
    let s = start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URLS", urls);
            c.set("OPENAI_API_KEYS", "sk-llm;sk-pipe");
            c.set("ENABLE_OLLAMA_API", "false");
        },
        None,
    )
    .await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    World {
        s,
        llm,
        pipes,
        admin,
    }
}

fn detail(v: &Value) -> &str {
    v["detail"].as_str().unwrap_or("")
}

fn multipart(parts: &[(&str, Option<&str>, &str)]) -> (String, Vec<u8>) {
    let boundary = "XyZpipelinesBoundary".to_string();
    let mut body = Vec::new();
    for (name, filename, content) in parts {
        let disp = match filename {
            Some(f) => format!("form-data; name=\"{name}\"; filename=\"{f}\""),
            None => format!("form-data; name=\"{name}\""),
        };
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: {disp}\r\n\r\n{content}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    w: &World,
    token: Option<&str>,
    parts: &[(&str, Option<&str>, &str)],
) -> (u16, Value) {
    let (ct, body) = multipart(parts);
    let mut rb =
        w.s.http
            .post(w.s.url("/api/v1/pipelines/upload"))
            .header("content-type", ct)
            .body(body);
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn every_admin_route_is_proxied_to_the_pipelines_server() {
    let w = world().await;
    let (s, t) = (&w.s, w.admin.as_str());

    let r = s.get("/api/v1/pipelines/list", t).await;
    assert_eq!(
        (r.status, &r.body),
        (200, &json!({"data": [{"url": w.pipes.url, "idx": 1}]}))
    );

    let r = s.get("/api/v1/pipelines/?urlIdx=1", t).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"][0]["id"], "rewrite-a");
    let seen = w.pipes.requests_to("/pipelines");
    assert_eq!(seen[0].header("authorization"), Some("Bearer sk-pipe"));
    let r = s.get("/api/v1/pipelines/", t).await;
    assert_eq!((r.status, detail(&r.body)), (404, "Pipeline not found"));
    let r = s.get("/api/v1/pipelines/?urlIdx=7", t).await;
    assert_eq!((r.status, detail(&r.body)), (404, "Pipeline not found"));

    let r = s
        .post(
            "/api/v1/pipelines/add",
            t,
            json!({"url": "https://example.com/p.py", "urlIdx": 1}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["detail"],
        "Pipeline added from https://example.com/p.py"
    );
    assert_eq!(
        w.pipes.requests_to("/pipelines/add")[0].body,
        json!({"url": "https://example.com/p.py"})
    );
    let r = s
        .post("/api/v1/pipelines/add", t, json!({"url": "x"}))
        .await;
    assert_eq!(r.status, 422, "{}", r.body);

    let r = s
        .call(
            "DELETE",
            "/api/v1/pipelines/delete",
            Auth::Bearer(t),
            Some(json!({"id": "rewrite-a", "urlIdx": 1})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        w.pipes.requests_to("/pipelines/delete")[0].body,
        json!({"id": "rewrite-a"})
    );
    let r = s
        .call(
            "DELETE",
            "/api/v1/pipelines/delete",
            Auth::Bearer(t),
            Some(json!({"id": "missing", "urlIdx": 1})),
        )
        .await;
    assert_eq!(
        (r.status, detail(&r.body)),
        (404, "Pipeline missing not found")
    );

    let r = s
        .get("/api/v1/pipelines/rewrite-a/valves?urlIdx=1", t)
        .await;
    assert_eq!(
        (r.status, &r.body),
        (200, &json!({"id": "rewrite-a", "prefix": "p-"}))
    );
    let r = s.get("/api/v1/pipelines/rewrite-a/valves", t).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.body["detail"][0]["loc"], json!(["query", "urlIdx"]));
    let r = s.get("/api/v1/pipelines/missing/valves?urlIdx=1", t).await;
    assert_eq!(
        (r.status, detail(&r.body)),
        (404, "Pipeline missing not found")
    );

    let r = s
        .get("/api/v1/pipelines/rewrite-a/valves/spec?urlIdx=1", t)
        .await;
    assert_eq!((r.status, &r.body["title"]), (200, &json!("Valves")));
    let r = s.get("/api/v1/pipelines/rewrite-a/valves/spec", t).await;
    assert_eq!(r.status, 422);

    let r = s
        .post(
            "/api/v1/pipelines/rewrite-a/valves/update?urlIdx=1",
            t,
            json!({"prefix": "q-", "n": 2}),
        )
        .await;
    assert_eq!((r.status, &r.body), (200, &json!({"prefix": "q-", "n": 2})));
    assert_eq!(
        w.pipes.requests_to("/rewrite-a/valves/update")[0].body,
        json!({"prefix": "q-", "n": 2})
    );
    let r = s
        .post(
            "/api/v1/pipelines/missing/valves/update?urlIdx=1",
            t,
            json!({}),
        )
        .await;
    assert_eq!(
        (r.status, detail(&r.body)),
        (404, "Pipeline missing not found")
    );

    // upload: multipart in, multipart out
    let (st, body) = upload(
        &w,
        Some(t),
        &[
            ("urlIdx", None, "1"),
            ("file", Some("dir/my_filter.py"), "print('hi')"),
        ],
    )
    .await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(body["detail"], "Pipeline uploaded");
    let sent = &w.pipes.requests_to("/pipelines/upload")[0];
    assert_eq!(sent.header("authorization"), Some("Bearer sk-pipe"));
    assert!(
        sent.header("content-type")
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
    let raw = sent.body.as_str().unwrap();
    assert!(
        raw.contains("name=\"file\"; filename=\"my_filter.py\""),
        "{raw}"
    );
    assert!(
        raw.contains("Content-Type: application/octet-stream"),
        "{raw}"
    );
    assert!(raw.contains("print('hi')"), "{raw}");

    let (st, body) = upload(
        &w,
        Some(t),
        &[("urlIdx", None, "1"), ("file", Some("notes.txt"), "x")],
    )
    .await;
    assert_eq!(
        (st, detail(&body)),
        (400, "Only Python (.py) files are allowed.")
    );
    let (st, body) = upload(&w, Some(t), &[("urlIdx", None, "1")]).await;
    assert_eq!(st, 422, "{body}");
    assert_eq!(body["detail"][0]["loc"], json!(["body", "file"]));
    let (st, body) = upload(
        &w,
        Some(t),
        &[("urlIdx", None, "9"), ("file", Some("a.py"), "x")],
    )
    .await;
    assert_eq!((st, detail(&body)), (404, "Pipeline not found"));
}

#[tokio::test]
async fn users_pending_and_anonymous_callers_are_refused() {
    let w = world().await;
    let (user, _) = w.s.add_user(&w.admin, "Bo", "bo@example.com", "user").await;
    let (pending, _) =
        w.s.add_user(&w.admin, "Cy", "cy@example.com", "pending")
            .await;
    let routes: [(&str, &str, Option<Value>); 7] = [
        ("GET", "/api/v1/pipelines/list", None),
        ("GET", "/api/v1/pipelines/?urlIdx=1", None),
        (
            "POST",
            "/api/v1/pipelines/add",
            Some(json!({"url": "u", "urlIdx": 1})),
        ),
        (
            "DELETE",
            "/api/v1/pipelines/delete",
            Some(json!({"id": "rewrite-a", "urlIdx": 1})),
        ),
        ("GET", "/api/v1/pipelines/rewrite-a/valves?urlIdx=1", None),
        (
            "GET",
            "/api/v1/pipelines/rewrite-a/valves/spec?urlIdx=1",
            None,
        ),
        (
            "POST",
            "/api/v1/pipelines/rewrite-a/valves/update?urlIdx=1",
            Some(json!({})),
        ),
    ];
    for (m, p, b) in &routes {
        let r = w.s.call(m, p, Auth::None, b.clone()).await;
        assert_eq!(
            (r.status, detail(&r.body)),
            (401, "Not authenticated"),
            "{m} {p}"
        );
        for t in [&user, &pending] {
            let r = w.s.call(m, p, Auth::Bearer(t), b.clone()).await;
            assert_eq!((r.status, detail(&r.body)), (401, NO_PERMISSION), "{m} {p}");
        }
    }
    let parts = [("urlIdx", None, "1"), ("file", Some("a.py"), "x")];
    let (st, body) = upload(&w, None, &parts).await;
    assert_eq!((st, detail(&body)), (401, "Not authenticated"));
    for t in [&user, &pending] {
        let (st, body) = upload(&w, Some(t), &parts).await;
        assert_eq!((st, detail(&body)), (401, NO_PERMISSION));
    }
    assert!(w.pipes.requests().iter().all(|r| r.path == "/models"));
}

fn last_user_text(body: &Value) -> String {
    body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["role"] == "user")
        .and_then(|m| m["content"].as_str())
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn inlet_filters_rewrite_the_request_in_priority_order() {
    let w = world().await;
    let r =
        w.s.post(
            "/api/chat/completions",
            &w.admin,
            json!({"model": "fake-model", "messages": [{"role": "user", "content": "hello"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        w.pipes.filter_calls(),
        ["/rewrite-b/filter/inlet", "/rewrite-a/filter/inlet"]
    );
    let first = &w.pipes.requests_to("/rewrite-b/filter/inlet")[0];
    assert_eq!(first.header("authorization"), Some("Bearer sk-pipe"));
    assert_eq!(first.body["user"]["email"], "ada@example.com");
    assert_eq!(first.body["user"]["role"], "admin");
    assert_eq!(first.body["user"]["name"], "Ada");
    assert_eq!(first.body["body"]["model"], "fake-model");
    assert_eq!(last_user_text(&first.body["body"]), "hello");
    let sent = w.llm.requests_to("/v1/chat/completions");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        last_user_text(&sent[0].body),
        "[rewrite-a] [rewrite-b] hello"
    );
    assert_eq!(sent[0].model(), Some("fake-model"));
    assert!(
        r.body["choices"][0]["message"]["content"]
            .as_str()
            .unwrap()
            .contains("[rewrite-a] [rewrite-b] hello")
    );
}

#[tokio::test]
async fn models_without_pipelines_make_no_filter_calls() {
    let w = world().await;
    let r =
        w.s.post(
            "/api/chat/completions",
            &w.admin,
            json!({"model": "plain-model", "messages": [{"role": "user", "content": "hello"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(w.pipes.filter_calls().is_empty());
    let sent = w.llm.requests_to("/v1/chat/completions");
    assert_eq!(last_user_text(&sent[0].body), "hello");
    let body = json!({"model": "plain-model", "messages": [{"role": "assistant", "content": "hi"}],
        "chat_id": "local:x", "id": "a1", "session_id": "sid"});
    let r =
        w.s.post("/api/chat/completed", &w.admin, body.clone())
            .await;
    assert_eq!((r.status, &r.body), (200, &body));
    assert!(w.pipes.filter_calls().is_empty());
}

#[tokio::test]
async fn an_inlet_error_fails_the_request_with_the_filters_status() {
    let w = world().await;
    let r = w
        .s
        .post(
            "/api/chat/completions",
            &w.admin,
            json!({"model": "deny-model", "stream": true, "messages": [{"role": "user", "content": "x"}]}),
        )
        .await;
    assert_eq!(
        (r.status, &r.body),
        (403, &json!({"detail": "Blocked by deny"}))
    );
    let r =
        w.s.post(
            "/api/chat/completions",
            &w.admin,
            json!({"model": "crash-model", "messages": [{"role": "user", "content": "x"}]}),
        )
        .await;
    assert_eq!(
        (r.status, &r.body),
        (500, &json!({"detail": "Internal Server Error"}))
    );
    assert!(w.llm.requests_to("/v1/chat/completions").is_empty());
}

/// A chat as the web UI makes it before asking for the answer.
async fn ui_chat(s: &Server, t: &str, model: &str, text: &str) -> String {
    let r = s
        .post(
            "/api/v1/chats/new",
            t,
            json!({"chat": {"title": "New Chat", "models": [model], "history": {"currentId": "a1", "messages": {
                "u1": {"id": "u1", "parentId": null, "childrenIds": ["a1"], "role": "user", "content": text, "timestamp": 1},
                "a1": {"id": "a1", "parentId": "u1", "childrenIds": [], "role": "assistant", "content": "", "model": model, "timestamp": 2}
            }}}}),
        )
        .await;
    r.body["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_web_ui_background_answer_passes_the_inlet_filters() {
    let w = world().await;
    let t = &w.admin;
    let chat_id = ui_chat(&w.s, t, "fake-model", "from ui").await;
    let r = w
        .s
        .post(
            "/api/chat/completions",
            t,
            json!({"stream": true, "model": "fake-model", "messages": [{"role": "user", "content": "from ui"}],
                "params": {}, "features": {}, "variables": {}, "model_item": {"id": "fake-model"},
                "session_id": "sid-1", "chat_id": chat_id, "id": "a1", "parent_id": "u1",
                "parent_message": {"id": "u1", "parentId": null, "childrenIds": ["a1"], "role": "user", "content": "from ui"},
                "background_tasks": {}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let until = Instant::now() + Duration::from_secs(5);
    while w.llm.requests_to("/v1/chat/completions").is_empty() && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let sent = w.llm.requests_to("/v1/chat/completions");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        last_user_text(&sent[0].body),
        "[rewrite-a] [rewrite-b] from ui"
    );

    // a failing inlet becomes the reply's error
    w.llm.clear();
    let chat_id = ui_chat(&w.s, t, "deny-model", "no").await;
    let r = w
        .s
        .post(
            "/api/chat/completions",
            t,
            json!({"stream": true, "model": "deny-model", "messages": [{"role": "user", "content": "no"}],
                "session_id": "sid-1", "chat_id": chat_id, "id": "a1", "parent_id": "u1",
                "background_tasks": {}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let until = Instant::now() + Duration::from_secs(5);
    let mut error = Value::Null;
    while error.is_null() && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let c = w.s.get(&format!("/api/v1/chats/{chat_id}"), t).await;
        error = c.body["chat"]["history"]["messages"]["a1"]["error"].clone();
    }
    assert_eq!(error["content"], "Blocked by deny");
    assert_eq!(w.pipes.requests_to("/deny/filter/inlet").len(), 1);
    assert!(w.llm.requests_to("/v1/chat/completions").is_empty());
}

#[tokio::test]
async fn tasks_run_the_inlet_filters_once() {
    let w = world().await;
    let r =
        w.s.post(
            "/api/v1/tasks/title/completions",
            &w.admin,
            json!({"model": "fake-model", "messages": [{"role": "user", "content": "about cats"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        w.pipes.filter_calls(),
        ["/rewrite-b/filter/inlet", "/rewrite-a/filter/inlet"]
    );
    let seen = &w.pipes.requests_to("/rewrite-b/filter/inlet")[0];
    assert_eq!(seen.body["body"]["metadata"]["task"], "title_generation");
    let sent = w.llm.requests_to("/v1/chat/completions");
    assert!(last_user_text(&sent[0].body).starts_with("[rewrite-a] [rewrite-b] "));

    let r =
        w.s.post(
            "/api/v1/tasks/title/completions",
            &w.admin,
            json!({"model": "deny-model", "messages": [{"role": "user", "content": "x"}]}),
        )
        .await;
    assert_eq!((r.status, detail(&r.body)), (403, "Blocked by deny"));
}

#[tokio::test]
async fn outlet_filters_run_in_chat_completed() {
    let w = world().await;
    let body = json!({"model": "fake-model", "messages": [
            {"id": "u1", "role": "user", "content": "q"},
            {"id": "a1", "role": "assistant", "content": "answer"}],
        "chat_id": "local:sid", "id": "a1", "session_id": "sid"});
    let r =
        w.s.post("/api/chat/completed", &w.admin, body.clone())
            .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["messages"][1]["content"],
        "answer [rewrite-b outlet] [rewrite-a outlet]"
    );
    assert_eq!(r.body["messages"][0]["content"], "q");
    assert_eq!(
        w.pipes.filter_calls(),
        ["/rewrite-b/filter/outlet", "/rewrite-a/filter/outlet"]
    );
    assert_eq!(
        w.pipes.requests_to("/rewrite-b/filter/outlet")[0].body["user"]["email"],
        "ada@example.com"
    );

    let mut denied = body.clone();
    denied["model"] = json!("deny-model");
    let r = w.s.post("/api/chat/completed", &w.admin, denied).await;
    assert_eq!((r.status, detail(&r.body)), (400, "403: Blocked by deny"));
}
