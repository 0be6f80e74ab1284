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

/// Read from a raw connection until the server closes it (or `limit`
/// passes: then `None`).
async fn read_until_closed(
    tcp: &mut tokio::net::TcpStream,
    limit: std::time::Duration,
) -> Option<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    tokio::time::timeout(limit, async {
        loop {
            match tcp.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .ok()
    .map(|()| got)
}

fn addr(s: &common::Server) -> String {
    s.base.trim_start_matches("http://").to_string()
}

#[tokio::test]
async fn a_connection_that_does_not_finish_its_headers_is_closed() {
    use tokio::io::AsyncWriteExt;
    let s = common::start_with(|c| c.set("HEADER_READ_TIMEOUT", "1"), None).await;
    let t = std::time::Instant::now();
    let mut partial = tokio::net::TcpStream::connect(addr(&s)).await.unwrap();
    partial
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut silent = tokio::net::TcpStream::connect(addr(&s)).await.unwrap();
    let mut sniffing = tokio::net::TcpStream::connect(addr(&s)).await.unwrap();
    // the first bytes of HTTP/2's preface, then nothing
    sniffing.write_all(b"PRI * HTTP/2").await.unwrap();
    let wait = std::time::Duration::from_secs(20);
    for (name, tcp) in [
        ("partial header", &mut partial),
        ("nothing sent", &mut silent),
        ("half a preface", &mut sniffing),
    ] {
        let got = read_until_closed(tcp, wait).await;
        assert!(got.is_some(), "{name}: still open after {wait:?}");
    }
    assert!(t.elapsed() >= std::time::Duration::from_millis(900));
    // a keep-alive connection that starts a second request and stalls
    let mut kept = tokio::net::TcpStream::connect(addr(&s)).await.unwrap();
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\n")
        .await
        .unwrap();
    let got = read_until_closed(&mut kept, wait).await.expect("closed");
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert_eq!(text.matches("HTTP/1.1").count(), 1, "{text}");
}

/// Both ends of every connection are in this process: make room for them
/// where the soft limit is low (1024 on many systems).
fn raise_open_files(want: u64) {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct given
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < want {
            lim.rlim_cur = want.min(lim.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

#[tokio::test]
async fn health_answers_at_once_while_500_connections_hang() {
    use tokio::io::AsyncWriteExt;
    raise_open_files(2000);
    let s = start().await;
    let mut held = Vec::new();
    for i in 0..500 {
        let mut tcp = tokio::net::TcpStream::connect(addr(&s)).await.unwrap();
        if i % 2 == 0 {
            tcp.write_all(b"POST /api/v1/auths/signin HTTP/1.1\r\nHost: x\r\nContent-Le")
                .await
                .unwrap();
        }
        held.push(tcp);
    }
    // a fresh client, on a fresh connection
    let http = reqwest::Client::new();
    let t = std::time::Instant::now();
    let r = http.get(s.url("/health")).send().await.unwrap();
    let took = t.elapsed();
    assert_eq!(r.status(), 200);
    assert!(took < std::time::Duration::from_secs(1), "{took:?}");
    drop(held);
}

#[tokio::test]
async fn a_request_whose_body_never_ends_gets_408() {
    use tokio::io::AsyncWriteExt;
    let s = common::start_with(|c| c.set("REQUEST_TIMEOUT", "1"), None).await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-1").await;
    let mut tcp = tokio::net::TcpStream::connect(addr(&s)).await.unwrap();
    let head = format!(
        "POST /api/v1/folders/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {admin}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"name\""
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let t = std::time::Instant::now();
    let got = read_until_closed(&mut tcp, std::time::Duration::from_secs(20))
        .await
        .expect("answered and closed");
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(
        text.ends_with(r#"{"detail":"The request took too long and was stopped."}"#),
        "{text}"
    );
    assert!(t.elapsed() >= std::time::Duration::from_millis(900));
}
