//! Bodies a fuzzer built from Open WebUI's own OpenAPI document sends:
//! each must get a 4xx with a `detail`, never a 5xx, from an admin and
//! from a normal user alike (against fake OpenAI and Ollama servers).

use crate::fakes;

use crate::common::{Server, start_with};
use serde_json::{Value, json};

async fn world() -> (Server, String, String, fakes::Fake, fakes::Fake) {
    let openai = fakes::spawn_openai().await;
    let ollama = fakes::spawn_ollama().await;
    let (o, l) = (openai.base_url.clone(), ollama.base_url.clone());
    let s = start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", o);
            c.set("OPENAI_API_KEY", "sk-fake");
            c.set("OLLAMA_BASE_URL", l);
        },
        None,
    )
    .await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    (s, admin, user, openai, ollama)
}

/// One raw request: its status and JSON body (Null when not JSON).
async fn send(
    s: &Server,
    method: &str,
    path: &str,
    token: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> (u16, Value) {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut rb = s.http.request(m, s.url(path)).bearer_auth(token);
    if let Some(ct) = content_type {
        rb = rb.header("content-type", ct);
    }
    let r = rb.body(body).send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A 4xx with a `detail`, or (for a normal user on an admin route) a
/// refusal; never a 5xx.
fn assert_client_error(what: &str, status: u16, body: &Value) {
    assert!((400..500).contains(&status), "{what}: {status} {body}");
    assert!(body.get("detail").is_some(), "{what}: {status} {body}");
}

#[tokio::test]
async fn task_completions_with_an_empty_body_are_client_errors() {
    let (s, admin, user, _o, _l) = world().await;
    for task in [
        "title",
        "follow_up",
        "tags",
        "emoji",
        "image_prompt",
        "moa",
        "queries",
    ] {
        let path = format!("/api/v1/tasks/{task}/completions");
        for (who, token) in [("admin", &admin), ("user", &user)] {
            let r = s.post(&path, token, json!({})).await;
            assert_client_error(&format!("{who} {path}"), r.status, &r.body);
            assert_eq!(r.status, 422, "{who} {path}: {}", r.body);
            assert_eq!(r.body["detail"][0]["loc"], json!(["body", "model"]));
            // a model and nothing else is enough (the user may not use
            // this one: upstream's answers for that are kept, 500 on tags)
            if who == "admin" {
                let r = s.post(&path, token, json!({"model": "fake-model"})).await;
                assert_eq!(r.status, 200, "{who} {path}: {}", r.body);
            }
            for body in [
                json!({"model": null}),
                json!({"model": 7}),
                json!([]),
                json!("x"),
            ] {
                let r = s.post(&path, token, body.clone()).await;
                assert_client_error(&format!("{who} {path} {body}"), r.status, &r.body);
            }
        }
    }
    // autocompletion is off by default: a 400 already; switched on, `{}`
    // must be a client error as well
    let r = s
        .post("/api/v1/tasks/auto/completions", &admin, json!({}))
        .await;
    assert_client_error("auto (off)", r.status, &r.body);
    let mut cfg = s.get("/api/v1/tasks/config", &admin).await.body;
    cfg["ENABLE_AUTOCOMPLETE_GENERATION"] = json!(true);
    let r = s.post("/api/v1/tasks/config/update", &admin, cfg).await;
    assert_eq!(r.status, 200, "{}", r.body);
    for token in [&admin, &user] {
        let r = s
            .post("/api/v1/tasks/auto/completions", token, json!({}))
            .await;
        assert_client_error("auto (on)", r.status, &r.body);
    }
}

#[tokio::test]
async fn ollama_model_uploads_without_a_usable_multipart_body_are_client_errors() {
    let (s, admin, user, _o, _l) = world().await;
    let boundary = "XyZ";
    let cases: Vec<(&str, Option<String>, Vec<u8>)> = vec![
        ("no content type", None, b"hello".to_vec()),
        ("empty, no content type", None, Vec::new()),
        ("json", Some("application/json".into()), b"{}".to_vec()),
        (
            "multipart without boundary",
            Some("multipart/form-data".into()),
            b"--x\r\n".to_vec(),
        ),
        (
            "empty multipart",
            Some(format!("multipart/form-data; boundary={boundary}")),
            Vec::new(),
        ),
        (
            "multipart with only the end",
            Some(format!("multipart/form-data; boundary={boundary}")),
            format!("--{boundary}--\r\n").into_bytes(),
        ),
        (
            "malformed multipart",
            Some(format!("multipart/form-data; boundary={boundary}")),
            format!("--{boundary}\r\ngarbage without headers").into_bytes(),
        ),
        (
            "a field that is not a file",
            Some(format!("multipart/form-data; boundary={boundary}")),
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--{boundary}--\r\n"
            )
            .into_bytes(),
        ),
        (
            "a file cut short",
            Some(format!("multipart/form-data; boundary={boundary}")),
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.gguf\"\r\n\r\nGGUF"
            )
            .into_bytes(),
        ),
    ];
    for path in [
        "/ollama/models/upload",
        "/ollama/models/upload/0",
        "/ollama/models/upload/7",
        "/ollama/models/upload/x",
    ] {
        for (what, ct, body) in &cases {
            for (who, token) in [("admin", &admin), ("user", &user)] {
                let (status, b) = send(&s, "POST", path, token, ct.as_deref(), body.clone()).await;
                assert_client_error(&format!("{who} {path} {what}"), status, &b);
            }
        }
    }
}

#[tokio::test]
async fn ollama_v1_models_with_a_bad_index_is_a_client_error() {
    let (s, admin, user, _o, _l) = world().await;
    for idx in ["7", "-1", "x", "99999999999999999999999", "1.5"] {
        let path = format!("/ollama/v1/models/{idx}");
        for (who, token) in [("admin", &admin), ("user", &user)] {
            let r = s.get(&path, token).await;
            assert_client_error(&format!("{who} {path}"), r.status, &r.body);
        }
    }
    // the index that exists still answers
    let r = s.get("/ollama/v1/models/0", &admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn verifying_an_empty_url_is_a_client_error() {
    let (s, admin, user, _o, _l) = world().await;
    for path in ["/openai/verify", "/ollama/verify"] {
        for body in [
            json!({"url": ""}),
            json!({"url": "", "key": ""}),
            json!({"url": "   ", "key": "k"}),
            json!({"url": "", "key": "", "config": {}}),
            json!({"url": "not a url"}),
            json!({"url": "http://"}),
        ] {
            for (who, token) in [("admin", &admin), ("user", &user)] {
                let r = s.post(path, token, body.clone()).await;
                assert_client_error(&format!("{who} {path} {body}"), r.status, &r.body);
            }
        }
    }
}

/// A page number past any real page (found by fuzzing owui's own
/// document): an empty page, not an overflow.
#[tokio::test]
async fn a_page_past_every_page_is_empty() {
    let (s, admin, _user, _o, _l) = world().await;
    let far = i64::MAX - 1;
    for path in [
        "/api/v1/chats/",
        "/api/v1/chats/list",
        "/api/v1/chats/archived",
        "/api/v1/chats/search?text=x",
        "/api/v1/chats/shared",
        "/api/v1/users/",
        "/api/v1/users/search",
        "/api/v1/models/list",
        "/api/v1/prompts/list",
        "/api/v1/evaluations/feedbacks/list",
        "/api/v1/chats/stats/export",
    ] {
        let sep = if path.contains('?') { '&' } else { '?' };
        let (status, body) = send(
            &s,
            "GET",
            &format!("{path}{sep}page={far}"),
            &admin,
            None,
            vec![],
        )
        .await;
        assert_eq!(status, 200, "{path}: {body}");
    }
}

#[tokio::test]
async fn openai_management_routes_with_a_bad_index_answer_422_with_detail() {
    let (s, admin, _user, _o, _l) = world().await;
    let model = json!({"model": "m"});
    let routes: [(&str, &str, Option<&Value>); 8] = [
        ("GET", "/openai/models/{i}", None),
        ("DELETE", "/openai/models/{i}?model=m", None),
        ("GET", "/openai/models/{i}/catalog", None),
        ("POST", "/openai/models/{i}/download", Some(&model)),
        ("GET", "/openai/models/{i}/download/status/j", None),
        ("POST", "/openai/models/{i}/load", Some(&model)),
        ("POST", "/openai/models/{i}/unload", Some(&model)),
        ("GET", "/openai/models/{i}/sse", None),
    ];
    for (method, route, body) in routes {
        for idx in ["x", "1.5", "99999999999999999999999"] {
            let path = route.replace("{i}", idx);
            let (ct, bytes) = match body {
                Some(b) => (Some("application/json"), b.to_string().into_bytes()),
                None => (None, Vec::new()),
            };
            let (status, b) = send(&s, method, &path, &admin, ct, bytes).await;
            assert_eq!(status, 422, "{method} {path}: {b}");
            assert_eq!(
                b["detail"][0]["type"], "int_parsing",
                "{method} {path}: {b}"
            );
            assert_eq!(
                b["detail"][0]["loc"],
                json!(["path", "url_idx"]),
                "{method} {path}: {b}"
            );
        }
        // below zero: no such connection
        let path = route.replace("{i}", "-1");
        let (ct, bytes) = match body {
            Some(b) => (Some("application/json"), b.to_string().into_bytes()),
            None => (None, Vec::new()),
        };
        let (status, b) = send(&s, method, &path, &admin, ct, bytes).await;
        assert_client_error(&format!("{method} {path}"), status, &b);
    }
}
