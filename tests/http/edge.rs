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

#[tokio::test]
async fn an_idle_http2_connection_is_closed() {
    use std::time::{Duration, Instant};
    let s = common::start_with(|c| c.set("HEADER_READ_TIMEOUT", "1"), None).await;
    let tcp = tokio::net::TcpStream::connect(addr(&s)).await.unwrap();
    let (mut client, conn) = h2::client::handshake(tcp).await.unwrap();
    // the client's side runs (and answers the server's PINGs) on its own
    let conn = tokio::spawn(conn);
    let req = axum::http::Request::get(s.url("/health")).body(()).unwrap();
    let (answer, _) = client.send_request(req, true).unwrap();
    let answer = answer.await.unwrap();
    assert_eq!(answer.status(), 200);
    let mut body = answer.into_body();
    while let Some(chunk) = body.data().await {
        let n = chunk.unwrap().len();
        let _ = body.flow_control().release_capacity(n);
    }
    // then it asks nothing more, and keeps its handle to ask with
    let t = Instant::now();
    let ended = tokio::time::timeout(Duration::from_secs(10), conn).await;
    assert!(
        ended.is_ok(),
        "an idle HTTP/2 connection is open after 10 s"
    );
    assert!(
        t.elapsed() >= Duration::from_millis(900),
        "{:?}",
        t.elapsed()
    );
    drop(client);
}

/// The frames in `raw`: (type, flags, stream id).
fn h2_frames(mut raw: &[u8]) -> Vec<(u8, u8, u32)> {
    let mut frames = Vec::new();
    while raw.len() >= 9 {
        let len = u32::from_be_bytes([0, raw[0], raw[1], raw[2]]) as usize;
        let stream = u32::from_be_bytes([raw[5], raw[6], raw[7], raw[8]]) & 0x7fff_ffff;
        frames.push((raw[3], raw[4], stream));
        raw = &raw[(9 + len).min(raw.len())..];
    }
    frames
}

fn h2_frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
    let len = (payload.len() as u32).to_be_bytes();
    let mut f = vec![len[1], len[2], len[3], kind, flags];
    f.extend_from_slice(&stream.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

#[tokio::test]
async fn an_http2_header_block_left_unfinished_closes_the_connection() {
    use std::time::Duration;
    use tokio::io::AsyncWriteExt;
    let s = common::start_with(
        |c| {
            c.set("HEADER_READ_TIMEOUT", "1");
            c.set("REQUEST_TIMEOUT", "0");
        },
        None,
    )
    .await;
    let mut tcp = tokio::net::TcpStream::connect(addr(&s)).await.unwrap();
    let mut out = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    out.extend(h2_frame(4, 0, 0, &[]));
    // stream 1: a sign-in whose body never comes, so a request stays open
    let mut block = vec![0x83, 0x86, 0x04, 20];
    block.extend_from_slice(b"/api/v1/auths/signin");
    block.extend_from_slice(&[0x01, 1, b'x', 0x0f, 0x10, 16]);
    block.extend_from_slice(b"application/json");
    out.extend(h2_frame(1, 0x4, 1, &block));
    // stream 3: HEADERS without END_HEADERS, and no CONTINUATION ever
    out.extend(h2_frame(1, 0, 3, &[0x82, 0x86]));
    tcp.write_all(&out).await.unwrap();
    let got = read_until_closed(&mut tcp, Duration::from_secs(10))
        .await
        .expect("still open after 10 s");
    let frames = h2_frames(&got);
    // the sign-in was never answered: the server's PING went unanswered
    assert!(!frames.iter().any(|f| f.0 == 1), "{frames:?}");
    assert!(frames.iter().any(|f| f.0 == 6 && f.1 == 0), "{frames:?}");
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

/// The status and body of a raw answer (`Content-Length` bodies only).
fn parse_answer(raw: &[u8]) -> Option<(u16, String)> {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    (body.len() >= len).then(|| (status, body[..len].to_string()))
}

/// Send `head`, then `chunk` up to `times` times as the body (as HTTP
/// chunks when `chunked`), then hold the connection open without ending
/// the body; the answer, if one comes within `wait`.
async fn send_then_stall(
    s: &common::Server,
    head: String,
    chunk: Vec<u8>,
    times: usize,
    chunked: bool,
    wait: std::time::Duration,
) -> Option<(u16, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let tcp = tokio::net::TcpStream::connect(addr(s)).await.unwrap();
    let (mut rd, mut wr) = tcp.into_split();
    wr.write_all(head.as_bytes()).await.unwrap();
    let writer = tokio::spawn(async move {
        for _ in 0..times {
            let sent = if chunked {
                let mut c = format!("{:x}\r\n", chunk.len()).into_bytes();
                c.extend_from_slice(&chunk);
                c.extend_from_slice(b"\r\n");
                wr.write_all(&c).await
            } else {
                wr.write_all(&chunk).await
            };
            if sent.is_err() {
                break;
            }
        }
        // never end the body
        std::future::pending::<()>().await;
        drop(wr);
    });
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    let answer = tokio::time::timeout(wait, async {
        loop {
            if let Some(a) = parse_answer(&got) {
                return Some(a);
            }
            match rd.read(&mut buf).await {
                Ok(0) | Err(_) => return parse_answer(&got),
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .ok()
    .flatten();
    writer.abort();
    answer
}

const BOUNDARY: &str = "----owuiedgeboundary";

fn file_part_head(name: &str) -> String {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
}

/// A whole multipart body (parts split by [`BOUNDARY`]) posted to `path`.
async fn post_multipart(
    s: &common::Server,
    path: &str,
    token: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    s.http
        .post(s.url(path))
        .bearer_auth(token)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The routes that take an upload: a file, an Ollama model file.
const UPLOAD_PATHS: [&str; 2] = ["/api/v1/files/?process=false", "/ollama/models/upload"];

fn upload_head(path: &str, token: &str, length: Option<u64>) -> String {
    let framing = match length {
        Some(n) => format!("Content-Length: {n}"),
        None => "Transfer-Encoding: chunked".to_string(),
    };
    format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n{framing}\r\n\r\n"
    )
}

const TOO_LARGE_1MB: &str = "Oops! The file you're trying to upload is too large. Please upload a file that is less than 1 MB.";

fn uploads_left(s: &common::Server) -> Vec<String> {
    match std::fs::read_dir(s.cx.cfg.data_dir.join("uploads")) {
        Ok(d) => d
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect(),
        Err(_) => vec![],
    }
}

#[tokio::test]
async fn an_upload_announced_too_large_is_refused_before_its_body() {
    let s = common::start_with(|c| c.set("UPLOAD_MAX_SIZE", "1"), None).await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-1").await;
    for path in UPLOAD_PATHS {
        // 10 GB announced; not one byte of it is sent
        let head = upload_head(path, &admin, Some(10 * 1024 * 1024 * 1024));
        let wait = std::time::Duration::from_secs(20);
        let (status, body) = send_then_stall(&s, head, vec![], 0, false, wait)
            .await
            .expect("an answer without the body");
        assert_eq!(status, 413, "{path}: {body}");
        let detail: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(detail, json!({"detail": TOO_LARGE_1MB}), "{path}");
        assert_eq!(uploads_left(&s), Vec::<String>::new());
    }
    // /api/config tells the web UI the limit, so it refuses before sending
    let cfg = s.get("/api/config", &admin).await;
    assert_eq!(cfg.body["file"]["max_size"], json!(1));
}

#[tokio::test]
async fn a_streamed_upload_is_cut_at_the_limit_and_leaves_nothing() {
    let s = common::start_with(|c| c.set("UPLOAD_MAX_SIZE", "1"), None).await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-1").await;
    for path in UPLOAD_PATHS {
        let mut first = file_part_head("big.bin").into_bytes();
        first.extend_from_slice(&[b'a'; 64 * 1024]);
        let head = upload_head(path, &admin, None);
        // 4 MB sent in 64 KiB chunks, and the body never ends
        let wait = std::time::Duration::from_secs(20);
        let (status, body) = send_then_stall(&s, head, first, 64, true, wait)
            .await
            .expect("an answer while the body is still coming");
        assert_eq!(status, 413, "{path}: {body}");
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap(),
            json!({"detail": TOO_LARGE_1MB}),
            "{path}"
        );
        // the partial file is gone (the handler's drop removes it)
        let t = std::time::Instant::now();
        while !uploads_left(&s).is_empty() && t.elapsed() < std::time::Duration::from_secs(10) {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(uploads_left(&s), Vec::<String>::new(), "{path}");
    }
}

#[tokio::test]
async fn the_metadata_field_is_capped_as_starlette_caps_it() {
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-1").await;
    let meta = json!({"x": "m".repeat(2 * 1024 * 1024)}).to_string();
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{meta}\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file_part_head("a.txt").as_bytes());
    body.extend_from_slice(format!("hello\r\n--{BOUNDARY}--\r\n").as_bytes());
    let r = post_multipart(&s, "/api/v1/files/?process=false", &admin, body).await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"detail": "Part exceeded maximum size of 1024KB."})
    );
    assert_eq!(uploads_left(&s), Vec::<String>::new());
}

#[tokio::test]
async fn an_upload_that_would_eat_the_disk_reserve_is_refused_with_507() {
    // a reserve larger than any disk
    let s = common::start_with(|c| c.set("UPLOAD_DISK_RESERVE", "1000000000"), None).await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-1").await;
    for path in UPLOAD_PATHS {
        let mut body = file_part_head("a.txt").into_bytes();
        body.extend_from_slice(format!("hello\r\n--{BOUNDARY}--\r\n").as_bytes());
        let r = post_multipart(&s, path, &admin, body).await;
        assert_eq!(r.status(), 507, "{path}");
        assert_eq!(
            r.json::<Value>().await.unwrap(),
            json!({"detail": "There is not enough free disk space on the server to store this file."})
        );
        assert_eq!(uploads_left(&s), Vec::<String>::new());
    }
    assert_eq!(s.get("/api/v1/files/", &admin).await.body["total"], 0);
}

#[tokio::test]
async fn a_50_mb_json_body_is_refused_early() {
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-1").await;
    let head = |framing: &str| {
        format!(
            "POST /api/v1/folders/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {admin}\r\n\
             Content-Type: application/json\r\n{framing}\r\n\r\n"
        )
    };
    let want = json!({"detail": "The request body is larger than the 16 MB this server accepts."});
    let wait = std::time::Duration::from_secs(30);
    // announced: answered before any of the body is sent
    let (status, body) = send_then_stall(
        &s,
        head(&format!("Content-Length: {}", 50 * 1024 * 1024)),
        vec![],
        0,
        false,
        wait,
    )
    .await
    .expect("an answer without the body");
    assert_eq!(
        (status, serde_json::from_str::<Value>(&body).unwrap()),
        (413, want.clone())
    );
    // streamed without a length: answered once 16 MB have come, while more
    // is still on its way
    let mut first = br#"{"name": ""#.to_vec();
    first.extend_from_slice(&[b'a'; 256 * 1024]);
    let (status, body) = send_then_stall(
        &s,
        head("Transfer-Encoding: chunked"),
        first,
        100,
        true,
        wait,
    )
    .await
    .expect("an answer while the body is still coming");
    assert_eq!(
        (status, serde_json::from_str::<Value>(&body).unwrap()),
        (413, want)
    );
}

/// An owui whose only connection is a fake OpenAI server.
async fn with_fake(fake: &crate::fakes::Fake, idle: &'static str) -> common::Server {
    let url = fake.base_url.clone();
    common::start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", url);
            c.set("OPENAI_API_KEY", "sk-fake");
            c.set("ENABLE_OLLAMA_API", "false");
            c.set("PROVIDER_STREAM_IDLE_TIMEOUT", idle);
            c.set("HEADER_READ_TIMEOUT", "1");
            c.set("REQUEST_TIMEOUT", "1");
        },
        None,
    )
    .await
}

/// The events of a streamed chat completion, read within a minute.
async fn stream_events(s: &common::Server, token: &str, model: &str) -> Vec<String> {
    let r = s
        .http
        .post(s.url("/api/chat/completions"))
        .bearer_auth(token)
        .timeout(std::time::Duration::from_secs(60))
        .json(&json!({"model": model, "stream": true,
            "messages": [{"role": "user", "content": "hello there"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.expect("the stream ends");
    text.split("\n\n")
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn a_model_stream_that_stalls_ends_with_the_error_event() {
    let fake = crate::fakes::spawn_openai_with(
        crate::fakes::FakeConfig::default().models(["fake-model", "stalled-model"]),
    )
    .await;
    let s = with_fake(&fake, "1").await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let started = std::time::Instant::now();
    let lines = stream_events(&s, &t, "stalled-model").await;
    let n = lines.len();
    assert!(n >= 3, "{lines:?}");
    assert!(lines[0].contains("chat.completion.chunk"), "{lines:?}");
    assert_eq!(
        lines[n - 2],
        r#"data: {"error":{"message":"Chat completion stream failed"}}"#
    );
    assert_eq!(lines[n - 1], "data: [DONE]");
    assert!(started.elapsed() >= std::time::Duration::from_millis(900));
    // and the provider's request is given up
    fake.wait_disconnect(std::time::Duration::from_secs(10))
        .await
        .expect("owui closed the stalled request");
}

#[tokio::test]
async fn timeouts_do_not_cut_a_slow_but_living_stream() {
    let fake = crate::fakes::spawn_openai_with(
        crate::fakes::FakeConfig::default()
            .slow_first_token(std::time::Duration::from_millis(2500)),
    )
    .await;
    let s = with_fake(&fake, "20").await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let lines = stream_events(&s, &t, "slow-model").await;
    assert!(!lines.iter().any(|l| l.contains("error")), "{lines:?}");
    assert_eq!(lines.last().map(String::as_str), Some("data: [DONE]"));
    let text: String = lines
        .iter()
        .filter_map(|l| l.strip_prefix("data: "))
        .filter_map(|d| serde_json::from_str::<Value>(d).ok())
        .filter_map(|v| {
            v.pointer("/choices/0/delta/content")?
                .as_str()
                .map(str::to_string)
        })
        .collect();
    assert_eq!(text, "Echo: hello there");
}

#[tokio::test]
async fn a_shutdown_does_not_wait_for_connections_that_asked_nothing() {
    use tokio::io::AsyncWriteExt;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = owui::config::Config::defaults(dir.path());
    cfg.set("WEBUI_SECRET_KEY", "test-secret");
    let cx = owui::core::startup::open(cfg).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(owui::api::serve_on(cx, listener, None, async {
        let _ = stopped.await;
    }));
    let _silent = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut partial = tokio::net::TcpStream::connect(addr).await.unwrap();
    partial
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let r = reqwest::get(format!("http://{addr}/health")).await.unwrap();
    assert_eq!(r.status(), 200);
    stop.send(()).unwrap();
    // well before the 30 s header timeout
    tokio::time::timeout(std::time::Duration::from_secs(15), server)
        .await
        .expect("the server stopped")
        .unwrap();
}
