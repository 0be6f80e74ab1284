//! The HTTP edge as it faces the internet: CORS, what a JSON endpoint
//! accepts, body and upload limits, timeouts.

use crate::common::{self, Auth, start};
use serde_json::{Value, json};

async fn get_with_origin(s: &common::Server, origin: &str) -> reqwest::Response {
    s.http
        .get(s.url("/api/version"))
        .header("origin", origin)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn cors_star_lets_any_site_read_but_never_with_credentials() {
    let s = start().await;
    let r = get_with_origin(&s, "http://evil.test").await;
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert!(
        r.headers()
            .get("access-control-allow-credentials")
            .is_none()
    );
    let pre = s
        .http
        .request(reqwest::Method::OPTIONS, s.url("/api/v1/auths/signin"))
        .header("origin", "http://evil.test")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.headers()["access-control-allow-origin"], "*");
    assert!(
        pre.headers()
            .get("access-control-allow-credentials")
            .is_none()
    );
}

#[tokio::test]
async fn cors_list_gives_credentials_to_listed_origins_only() {
    let s = common::start_with(
        |c| c.set("CORS_ALLOW_ORIGIN", "http://a.test; http://b.test"),
        None,
    )
    .await;
    let r = get_with_origin(&s, "http://b.test").await;
    assert_eq!(r.headers()["access-control-allow-origin"], "http://b.test");
    assert_eq!(r.headers()["access-control-allow-credentials"], "true");
    let vary: Vec<_> = r
        .headers()
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap().to_ascii_lowercase())
        .collect();
    assert!(vary.iter().any(|v| v.contains("origin")), "{vary:?}");
    let r = get_with_origin(&s, "http://evil.test").await;
    assert!(r.headers().get("access-control-allow-origin").is_none());
}

/// POST a body with a given content type (`None`: no header at all).
async fn post_typed(
    s: &common::Server,
    path: &str,
    token: &str,
    content_type: Option<&str>,
    body: &str,
) -> (u16, Value) {
    let mut rb = s
        .http
        .post(s.url(path))
        .bearer_auth(token)
        .body(body.to_string());
    if let Some(ct) = content_type {
        rb = rb.header("content-type", ct);
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn json_endpoints_require_a_json_content_type() {
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-1").await;
    let body = r#"{"name": "x"}"#;
    for ct in [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        let (status, detail) = post_typed(&s, "/api/v1/folders/", &admin, ct, body).await;
        assert_eq!(status, 422, "{ct:?}: {detail}");
        assert_eq!(
            detail["detail"][0],
            json!({"type": "model_attributes_type", "loc": ["body"],
                "msg": "Input should be a valid dictionary or object to extract fields from",
                "input": body}),
            "{ct:?}"
        );
    }
    // nothing was created by the refused bodies
    assert_eq!(s.get("/api/v1/folders/", &admin).await.body, json!([]));
    for (i, ct) in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/vnd.api+json",
    ]
    .into_iter()
    .enumerate()
    {
        let body = format!(r#"{{"name": "f{i}"}}"#);
        let (status, detail) = post_typed(&s, "/api/v1/folders/", &admin, Some(ct), &body).await;
        assert_eq!(status, 200, "{ct}: {detail}");
    }
    // sign-in keeps its own answer for a bad body
    let r = s
        .http
        .post(s.url("/api/v1/auths/signin"))
        .header("content-type", "text/plain")
        .body(r#"{"email": "admin@example.com", "password": "pw-1"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"detail": "Invalid authentication request."})
    );
    // routes whose JSON body is optional: none is fine, text/plain is not
    let chat = s
        .call(
            "POST",
            "/api/v1/chats/new",
            Auth::Bearer(&admin),
            Some(json!({"chat": {"title": "t"}})),
        )
        .await;
    let id = chat.body["id"].as_str().unwrap();
    let path = format!("/api/v1/chats/{id}/share");
    let (status, _) = post_typed(&s, &path, &admin, Some("text/plain"), "{}").await;
    assert_eq!(status, 422);
    let (status, _) = post_typed(&s, &path, &admin, None, "").await;
    assert_eq!(status, 200);
}
