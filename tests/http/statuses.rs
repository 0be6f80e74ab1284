//! Upstream's status codes and `detail` bodies where they are not the
//! usual ones for what happened: a provider's failure as each router words
//! it, 401 for a chat or model that is not there, 400 for a model the
//! caller may not change, FastAPI's one-sentence 422s. A scripted provider
//! on 127.0.0.1 answers each path as a test tells it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::common::{self, Auth, Server, start_with};

const NOT_FOUND: &str = owui::error::msg::NOT_FOUND;
const NO_PERMISSION: &str = owui::error::msg::ACCESS_PROHIBITED;
const CONNECTION_ERROR: &str = "Open WebUI: Server Connection Error";
const PIPELINE_NOT_FOUND: &str = "Pipeline not found";

type Answers = Arc<Mutex<HashMap<String, (u16, String)>>>;

/// A provider that answers each path with the status and body it was
/// given (JSON when the body is JSON), and 404 to anything else.
struct Scripted {
    url: String,
    answers: Answers,
}

async fn scripted_answer(State(answers): State<Answers>, req: Request) -> Response {
    let got = answers.lock().unwrap().get(req.uri().path()).cloned();
    let Some((status, body)) = got else {
        return (StatusCode::NOT_FOUND, "no such path").into_response();
    };
    let status = StatusCode::from_u16(status).unwrap();
    let kind = if serde_json::from_str::<Value>(&body).is_ok() {
        "application/json"
    } else {
        "text/plain"
    };
    (status, [(header::CONTENT_TYPE, kind)], body).into_response()
}

impl Scripted {
    async fn start() -> Scripted {
        let answers = Answers::default();
        let app = axum::Router::new()
            .fallback(scripted_answer)
            .with_state(answers.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Scripted {
            url: format!("http://{addr}"),
            answers,
        }
    }

    fn answer(&self, path: &str, status: u16, body: &str) {
        self.answers
            .lock()
            .unwrap()
            .insert(path.to_string(), (status, body.to_string()));
    }
}

struct World {
    s: Server,
    p: Scripted,
    admin: String,
    user: String,
    other: String,
}

async fn world() -> World {
    let p = Scripted::start().await;
    let url = p.url.clone();
    let s = start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", format!("{url}/none"));
            c.set("OPENAI_API_KEY", "sk-x");
            c.set("OLLAMA_BASE_URL", format!("{url}/none"));
        },
        None,
    )
    .await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let (other, _) = s.add_user(&admin, "Cy", "cy@example.com", "user").await;
    World {
        s,
        p,
        admin,
        user,
        other,
    }
}

fn detail(r: &common::Resp) -> String {
    match &r.body["detail"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn challenge(r: &common::Resp) -> Option<&str> {
    r.headers
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
}

async fn set_openai(w: &World, urls: &[String], configs: Value) {
    let keys: Vec<&str> = urls.iter().map(|_| "sk-x").collect();
    let form = json!({"ENABLE_OPENAI_API": true, "OPENAI_API_BASE_URLS": urls,
        "OPENAI_API_KEYS": keys, "OPENAI_API_CONFIGS": configs});
    let r = w.s.post("/openai/config/update", &w.admin, form).await;
    assert_eq!(r.status, 200, "{}", r.body);
}

async fn set_ollama(w: &World, urls: &[String]) {
    let form =
        json!({"ENABLE_OLLAMA_API": true, "OLLAMA_BASE_URLS": urls, "OLLAMA_API_CONFIGS": {}});
    let r = w.s.post("/ollama/config/update", &w.admin, form).await;
    assert_eq!(r.status, 200, "{}", r.body);
}

fn not_json(text: &str) -> String {
    serde_json::from_str::<Value>(text).unwrap_err().to_string()
}

#[tokio::test]
async fn connection_checks_and_model_lists_answer_unexpected_error() {
    let w = world().await;
    let u = &w.p.url;
    w.p.answer("/e/api/version", 404, r#"{"error": "nope"}"#);
    w.p.answer("/h/api/version", 503, r#"{"x": 1}"#);
    w.p.answer("/t/api/version", 500, "oops");
    w.p.answer("/ok/api/version", 200, "oops");
    for (path, want) in [
        ("e", "Unexpected error: External Error: nope".to_string()),
        ("h", "Unexpected error: HTTP Error: 503".to_string()),
        ("t", format!("Unexpected error: {}", not_json("oops"))),
        ("ok", format!("Unexpected error: {}", not_json("oops"))),
    ] {
        let r =
            w.s.post(
                "/ollama/verify",
                &w.admin,
                json!({"url": format!("{u}/{path}")}),
            )
            .await;
        assert_eq!((r.status, detail(&r)), (500, want), "{path}");
    }

    let urls: Vec<String> = ["m1", "m2", "m3"]
        .iter()
        .map(|p| format!("{u}/{p}"))
        .collect();
    set_openai(&w, &urls, json!({})).await;
    w.p.answer(
        "/m1/models",
        401,
        r#"{"error": {"message": "bad key", "code": 7, "ok": false, "none": null}}"#,
    );
    w.p.answer("/m2/models", 500, "down");
    w.p.answer("/m3/models", 200, "down");
    let r = w.s.get("/openai/models/0", &w.admin).await;
    assert_eq!(
        (r.status, detail(&r)),
        (
            500,
            "Unexpected error: External Error: {'message': 'bad key', 'code': 7, 'ok': False, 'none': None}"
                .into()
        )
    );
    assert_eq!(challenge(&r), None);
    let r = w.s.get("/openai/models/1", &w.admin).await;
    assert_eq!(
        (r.status, detail(&r)),
        (500, "Unexpected error: HTTP Error: 500".into())
    );
    let r = w.s.get("/openai/models/2", &w.admin).await;
    assert_eq!(r.status, 500);
    assert!(
        detail(&r).starts_with("Unexpected error: error decoding response body"),
        "{}",
        r.body
    );
    // a connection that does not exist: upstream crashes (500), owui
    // says so (404)
    let r = w.s.get("/openai/models/9", &w.admin).await;
    assert_eq!(
        (r.status, detail(&r)),
        (404, "No OpenAI connection at index 9".into())
    );
}

#[tokio::test]
async fn ollama_errors_keep_its_status_with_its_error_text() {
    let w = world().await;
    let u = &w.p.url;
    let urls: Vec<String> = ["o1", "o2", "o3"]
        .iter()
        .map(|p| format!("{u}/{p}"))
        .collect();
    set_ollama(&w, &urls).await;
    w.p.answer("/o1/api/tags", 404, r#"{"error": {"code": 1, "msg": "x"}}"#);
    w.p.answer("/o2/api/tags", 401, r#"{"error": "no"}"#);
    w.p.answer("/o3/api/tags", 502, "bad gateway");
    let r = w.s.get("/ollama/api/tags/0", &w.admin).await;
    assert_eq!(
        (r.status, detail(&r)),
        (404, "{'code': 1, 'msg': 'x'}".into())
    );
    let r = w.s.get("/ollama/api/tags/1", &w.admin).await;
    assert_eq!((r.status, detail(&r)), (401, "no".into()));
    assert_eq!(challenge(&r), Some("Bearer"));
    let r = w.s.get("/ollama/api/tags/2", &w.admin).await;
    assert_eq!((r.status, detail(&r)), (502, CONNECTION_ERROR.into()));
    // no such connection: 404 (upstream crashes with a 500)
    let r = w.s.get("/ollama/api/tags/7", &w.admin).await;
    assert_eq!(
        (r.status, detail(&r)),
        (404, "No Ollama connection at index 7".into())
    );
    // unloading reports each connection that failed
    w.p.answer(
        "/o1/api/tags",
        200,
        r#"{"models": [{"name": "m:latest", "model": "m:latest"}]}"#,
    );
    w.p.answer("/o1/api/generate", 500, r#"{"error": "boom"}"#);
    let r =
        w.s.post("/ollama/api/unload", &w.admin, json!({"model": "m:latest"}))
            .await;
    assert_eq!(
        (r.status, detail(&r)),
        (
            500,
            "Failed to unload model on 1 nodes: [{'url_idx': 0, 'success': False, 'error': 'boom'}]"
                .into()
        )
    );
}

#[tokio::test]
async fn model_management_passes_the_providers_answer_as_detail() {
    let w = world().await;
    set_openai(
        &w,
        &[format!("{}/lc", w.p.url)],
        json!({"0": {"provider": "llama.cpp"}}),
    )
    .await;
    w.p.answer("/lc/models", 401, r#"{"error": "x"}"#);
    let r = w.s.get("/openai/models/0/catalog", &w.admin).await;
    assert_eq!(
        (r.status, r.body.clone()),
        (401, json!({"detail": {"error": "x"}}))
    );
    assert_eq!(challenge(&r), None);
    w.p.answer("/lc/models", 409, "busy");
    let r = w.s.get("/openai/models/0/catalog", &w.admin).await;
    assert_eq!((r.status, r.body.clone()), (409, json!({"detail": "busy"})));
}

#[tokio::test]
async fn pipelines_servers_failures() {
    let w = world().await;
    let u = &w.p.url;
    let urls = vec![
        format!("{u}/p1"),
        format!("{u}/p2"),
        format!("{u}/p3"),
        "http://127.0.0.1:1".to_string(),
    ];
    set_openai(&w, &urls, json!({})).await;
    w.p.answer("/p1/pipelines", 401, r#"{"detail": "no"}"#);
    w.p.answer("/p2/pipelines", 401, "nope");
    w.p.answer("/p3/pipelines", 200, "[1]");
    let r = w.s.get("/api/v1/pipelines/?urlIdx=0", &w.admin).await;
    assert_eq!((r.status, detail(&r)), (401, "no".into()));
    assert_eq!(challenge(&r), None);
    let r = w.s.get("/api/v1/pipelines/?urlIdx=1", &w.admin).await;
    assert_eq!((r.status, detail(&r)), (401, PIPELINE_NOT_FOUND.into()));
    assert_eq!(challenge(&r), Some("Bearer"));
    let r = w.s.get("/api/v1/pipelines/?urlIdx=2", &w.admin).await;
    assert_eq!((r.status, detail(&r)), (200, PIPELINE_NOT_FOUND.into()));
    let r = w.s.get("/api/v1/pipelines/?urlIdx=3", &w.admin).await;
    assert_eq!((r.status, detail(&r)), (404, PIPELINE_NOT_FOUND.into()));
    let r = w.s.get("/api/v1/pipelines/?urlIdx=9", &w.admin).await;
    assert_eq!((r.status, detail(&r)), (404, PIPELINE_NOT_FOUND.into()));
}

#[tokio::test]
async fn a_chat_is_401_and_what_is_in_it_404() {
    let w = world().await;
    let r = w
        .s
        .post(
            "/api/v1/chats/new",
            &w.user,
            json!({"chat": {"title": "t", "history": {"currentId": "a", "messages": {
                "a": {"id": "a", "parentId": null, "childrenIds": [], "role": "user", "content": "hi"}}}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_string();

    let r =
        w.s.post(&format!("/api/v1/chats/{id}/fork"), &w.other, json!({}))
            .await;
    assert_eq!((r.status, detail(&r)), (401, NOT_FOUND.into()));
    assert_eq!(challenge(&r), Some("Bearer"));
    let r =
        w.s.post(
            &format!("/api/v1/chats/{id}/fork"),
            &w.user,
            json!({"message_id": "nope"}),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (404, "message not found".into()));
    let r =
        w.s.call(
            "POST",
            &format!("/api/v1/chats/{id}/fork"),
            Auth::Bearer(&w.user),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let bad =
        w.s.http
            .post(w.s.url(&format!("/api/v1/chats/{id}/fork")))
            .bearer_auth(&w.user)
            .header("content-type", "application/json")
            .body("{")
            .send()
            .await
            .unwrap();
    assert_eq!(bad.status().as_u16(), 422);
    let body: Value = bad.json().await.unwrap();
    assert_eq!(body, json!({"detail": not_json("{")}));

    let r =
        w.s.post(&format!("/api/v1/chats/{id}/compact"), &w.other, json!({}))
            .await;
    assert_eq!((r.status, detail(&r)), (401, NOT_FOUND.into()));
    let r =
        w.s.post(
            &format!("/api/v1/chats/{id}/folder"),
            &w.user,
            json!({"folder_id": "nope"}),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (404, NOT_FOUND.into()));
    let r =
        w.s.post(
            &format!("/api/v1/chats/{id}/folder"),
            &w.other,
            json!({"folder_id": null}),
        )
        .await;
    assert_eq!(
        (r.status, detail(&r)),
        (401, "Something went wrong :/".into())
    );
}

#[tokio::test]
async fn models_answer_as_upstream_does() {
    let w = world().await;
    let form = |id: &str| json!({"id": id, "name": id, "meta": {}, "params": {}});
    let r =
        w.s.post("/api/v1/models/create", &w.admin, form("m1"))
            .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // a model the caller may not change: 400; not there: 401
    let r =
        w.s.post("/api/v1/models/model/update", &w.user, form("m1"))
            .await;
    assert_eq!((r.status, detail(&r)), (400, NO_PERMISSION.into()));
    let r =
        w.s.post("/api/v1/models/model/update", &w.user, form("nope"))
            .await;
    assert_eq!((r.status, detail(&r)), (401, NOT_FOUND.into()));
    let r =
        w.s.post("/api/v1/models/model/toggle?id=nope", &w.user, json!({}))
            .await;
    assert_eq!((r.status, detail(&r)), (401, NOT_FOUND.into()));
    let r =
        w.s.post("/api/v1/models/model/toggle?id=m1", &w.user, json!({}))
            .await;
    assert_eq!((r.status, detail(&r)), (401, "401 Unauthorized".into()));
    let r =
        w.s.post("/api/v1/models/model/delete", &w.user, json!({"id": "m1"}))
            .await;
    assert_eq!((r.status, detail(&r)), (401, "401 Unauthorized".into()));
    let r = w.s.get("/api/v1/models/model?id=m1", &w.user).await;
    assert_eq!((r.status, detail(&r)), (401, NO_PERMISSION.into()));
    let r = w.s.get("/api/v1/models/model?id=nope", &w.user).await;
    assert_eq!((r.status, detail(&r)), (404, NOT_FOUND.into()));
    // sharing: 400 for a model the caller may not change, 403 for a user
    // naming a model without a row
    let grants = |id: &str| json!({"id": id, "access_grants": []});
    let r =
        w.s.post("/api/v1/models/model/access/update", &w.user, grants("m1"))
            .await;
    assert_eq!((r.status, detail(&r)), (400, NO_PERMISSION.into()));
    let r =
        w.s.post(
            "/api/v1/models/model/access/update",
            &w.user,
            grants("nope"),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (403, NO_PERMISSION.into()));
    assert_eq!(challenge(&r), None);
    // the body's shape, said in one sentence
    let r =
        w.s.post("/api/v1/models/create", &w.admin, form("a b"))
            .await;
    assert_eq!(
        (r.status, r.body.clone()),
        (
            422,
            json!({"detail": "String should match pattern '^\\S+$'"})
        )
    );
    let r =
        w.s.post(
            "/api/v1/models/create",
            &w.admin,
            json!({"id": "m2", "name": "m2", "meta": [], "params": {}}),
        )
        .await;
    assert_eq!(
        (r.status, r.body.clone()),
        (422, json!({"detail": "Input should be a valid dictionary"}))
    );
}

#[tokio::test]
async fn a_task_body_must_be_an_object() {
    let w = world().await;
    let r =
        w.s.post("/api/v1/tasks/title/completions", &w.user, json!([]))
            .await;
    assert_eq!(
        (r.status, r.body.clone()),
        (422, json!({"detail": "Input should be a valid dictionary"}))
    );
}
