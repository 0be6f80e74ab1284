//! `/api/v1/files` over loopback: upload (multipart), list, get, content,
//! processing status (JSON and SSE) and delete, with upstream's access
//! rules (someone else's file is "not found").

use crate::common::{Auth, Resp, Server, keys, start};
use owui::core::actor::Actor;
use owui::error::msg::{ACCESS_PROHIBITED, NOT_FOUND};
use serde_json::{Value, json};

const BOUNDARY: &str = "----owuitestboundary7MA4YWxkTrZu0gW";

struct People {
    admin: (String, String),
    user: (String, String),
    other: (String, String),
    pending: String,
}

async fn people(s: &Server) -> People {
    let admin = s.signup("Admin", "admin@example.com", "pw-1").await;
    let user = s.add_user(&admin.0, "Ada", "ada@example.com", "user").await;
    let other = s.add_user(&admin.0, "Bob", "bob@example.com", "user").await;
    let (pending, _) = s
        .add_user(&admin.0, "Pen", "pen@example.com", "pending")
        .await;
    People {
        admin,
        user,
        other,
        pending,
    }
}

/// A multipart body with a `file` part and, optionally, `metadata`.
fn multipart(name: &str, content_type: &str, bytes: &[u8], metadata: Option<&str>) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    b.extend_from_slice(bytes);
    b.extend_from_slice(b"\r\n");
    if let Some(m) = metadata {
        b.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{m}\r\n"
            )
            .as_bytes(),
        );
    }
    b.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    b
}

async fn send(s: &Server, auth: Auth<'_>, query: &str, body: Vec<u8>) -> Resp {
    let mut rb = s
        .http
        .post(s.url(&format!("/api/v1/files/{query}")))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body);
    rb = match auth {
        Auth::Bearer(t) => rb.bearer_auth(t),
        Auth::Cookie(t) => rb.header("cookie", format!("token={t}")),
        _ => rb,
    };
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    Resp {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
    }
}

async fn upload(
    s: &Server,
    token: &str,
    query: &str,
    name: &str,
    content_type: &str,
    bytes: &[u8],
    metadata: Option<&str>,
) -> Resp {
    send(
        s,
        Auth::Bearer(token),
        query,
        multipart(name, content_type, bytes, metadata),
    )
    .await
}

/// Upload and return the new id.
pub(crate) async fn uploaded(
    s: &Server,
    token: &str,
    name: &str,
    ct: &str,
    bytes: &[u8],
) -> String {
    let r = upload(s, token, "?process=false", name, ct, bytes, None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["id"].as_str().unwrap().to_string()
}

/// GET returning (status, headers, raw body).
async fn raw(
    s: &Server,
    path: &str,
    auth: Auth<'_>,
    range: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut rb = s.http.get(s.url(path));
    rb = match auth {
        Auth::Bearer(t) => rb.bearer_auth(t),
        Auth::Cookie(t) => rb.header("cookie", format!("token={t}")),
        _ => rb,
    };
    if let Some(r) = range {
        rb = rb.header("range", r);
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, headers, r.bytes().await.unwrap().to_vec())
}

fn header<'a>(h: &'a reqwest::header::HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

fn detail(r: &Resp) -> &str {
    r.body["detail"].as_str().unwrap_or("")
}

fn uploads_dir(s: &Server) -> std::path::PathBuf {
    s.cx.cfg.data_dir.join("uploads")
}

#[tokio::test]
async fn upload_get_content_status_delete() {
    let s = start().await;
    let p = people(&s).await;
    let t = &p.user.0;
    let r = s.get("/api/v1/files/", t).await;
    assert_eq!(r.body, json!({"items": [], "total": 0}));

    let r = upload(
        &s,
        t,
        "?process=false",
        "notes.txt",
        "text/plain",
        b"hello files",
        Some(r#"{"chat_id": "c1", "message_id": "m1"}"#),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        keys(&r.body),
        [
            "id",
            "user_id",
            "hash",
            "filename",
            "data",
            "meta",
            "created_at",
            "updated_at",
            "path"
        ]
    );
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["user_id"], p.user.1);
    assert_eq!(r.body["hash"], Value::Null);
    assert_eq!(r.body["filename"], "notes.txt");
    assert_eq!(r.body["data"], json!({}));
    assert_eq!(
        r.body["meta"],
        json!({
            "name": "notes.txt",
            "content_type": "text/plain",
            "size": 11,
            // SHA-256 of the raw bytes
            "file_hash": "6e5bc8df28cfac06658769974f895070db24676563ebc1ae17fb961f5da4d5e9",
            "data": {"chat_id": "c1", "message_id": "m1"},
        })
    );
    let path = std::path::PathBuf::from(r.body["path"].as_str().unwrap());
    assert_eq!(path, uploads_dir(&s).join(format!("{id}_notes.txt")));
    assert_eq!(std::fs::read(&path).unwrap(), b"hello files");

    // the whole row, `path` in its place
    let g = s.get(&format!("/api/v1/files/{id}"), t).await;
    assert_eq!(g.status, 200);
    assert_eq!(
        keys(&g.body),
        [
            "id",
            "user_id",
            "hash",
            "filename",
            "path",
            "data",
            "meta",
            "created_at",
            "updated_at"
        ]
    );

    // text/plain: no Content-Disposition
    let (st, h, body) = raw(
        &s,
        &format!("/api/v1/files/{id}/content"),
        Auth::Bearer(t),
        None,
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(body, b"hello files");
    assert_eq!(
        header(&h, "content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(header(&h, "content-disposition"), None);
    assert!(header(&h, "last-modified").is_some());
    // ?attachment=true, the `token` cookie (how <img src> loads it), a range
    let (st, h, _) = raw(
        &s,
        &format!("/api/v1/files/{id}/content?attachment=true"),
        Auth::Cookie(t),
        None,
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(
        header(&h, "content-disposition"),
        Some("attachment; filename*=UTF-8''notes.txt")
    );
    let (st, _, body) = raw(
        &s,
        &format!("/api/v1/files/{id}/content"),
        Auth::Bearer(t),
        Some("bytes=0-4"),
    )
    .await;
    assert_eq!((st, body.as_slice()), (206, &b"hello"[..]));

    // process=false: no status stored, so `pending`; the stream ends at once
    let r = s
        .get(&format!("/api/v1/files/{id}/process/status"), t)
        .await;
    assert_eq!(r.body, json!({"status": "pending"}));
    let (st, h, body) = raw(
        &s,
        &format!("/api/v1/files/{id}/process/status?stream=true"),
        Auth::Bearer(t),
        None,
    )
    .await;
    assert_eq!(st, 200);
    assert!(
        header(&h, "content-type")
            .unwrap()
            .starts_with("text/event-stream")
    );
    assert!(body.is_empty(), "{}", String::from_utf8_lossy(&body));

    let l = s.get("/api/v1/files/", t).await;
    assert_eq!(l.body["total"], 1);
    assert_eq!(
        keys(&l.body["items"][0]),
        [
            "id",
            "user_id",
            "hash",
            "filename",
            "data",
            "meta",
            "created_at",
            "updated_at"
        ]
    );

    let d = s
        .call(
            "DELETE",
            &format!("/api/v1/files/{id}"),
            Auth::Bearer(t),
            None,
        )
        .await;
    assert_eq!(d.status, 200, "{}", d.body);
    assert_eq!(d.body, json!({"message": "File deleted successfully"}));
    assert!(!path.exists());
    let g = s.get(&format!("/api/v1/files/{id}"), t).await;
    assert_eq!((g.status, detail(&g)), (404, NOT_FOUND));
    let d = s
        .call(
            "DELETE",
            &format!("/api/v1/files/{id}"),
            Auth::Bearer(t),
            None,
        )
        .await;
    assert_eq!(d.status, 404);
}

/// Point the server's embedding engine at a fake OpenAI server (its
/// vectors hash the text: a query equal to a chunk finds it first).
pub async fn fake_embedder(s: &Server, admin: &str) -> crate::fakes::Fake {
    let f = crate::fakes::spawn_openai().await;
    let r = s
        .post(
            "/api/v1/retrieval/embedding/update",
            admin,
            json!({
                "RAG_EMBEDDING_ENGINE": "openai",
                "RAG_EMBEDDING_MODEL": "text-embedding-3-small",
                "openai_config": {"url": format!("{}/v1", f.root_url()), "key": "sk-x"},
            }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    f
}

/// The events of a file's status stream, read to its end.
async fn status_events(s: &Server, t: &str, id: &str) -> Vec<Value> {
    let (code, _, body) = raw(
        s,
        &format!("/api/v1/files/{id}/process/status?stream=true"),
        Auth::Bearer(t),
        None,
    )
    .await;
    assert_eq!(code, 200);
    String::from_utf8(body)
        .unwrap()
        .split("\n\n")
        .filter(|e| !e.is_empty())
        .map(|e| serde_json::from_str(e.strip_prefix("data: ").unwrap()).unwrap())
        .collect()
}

#[tokio::test]
async fn uploads_are_processed_into_their_collection_and_queried() {
    let s = start().await;
    let p = people(&s).await;
    let fake = fake_embedder(&s, &p.admin.0).await;
    let t = &p.user.0;
    let text = "Sea otters hold hands while they sleep.";
    let r = upload(
        &s,
        t,
        "",
        "otters.md",
        "text/markdown",
        text.as_bytes(),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // the answer is the row as inserted, plus `status: true`
    assert_eq!(r.body["data"], json!({"status": "pending"}));
    assert_eq!(r.body["status"], json!(true));
    let k = keys(&r.body);
    assert_eq!(&k[k.len() - 2..], ["status", "path"]);
    let id = r.body["id"].as_str().unwrap().to_string();
    // the stream follows processing to its end
    let events = status_events(&s, t, &id).await;
    assert_eq!(
        events.last(),
        Some(&json!({"status": "completed"})),
        "{events:?}"
    );
    let g = s.get(&format!("/api/v1/files/{id}"), t).await;
    assert_eq!(g.body["data"]["status"], "completed");
    assert_eq!(g.body["data"]["content"], text);
    assert_eq!(g.body["meta"]["collection_name"], format!("file-{id}"));
    assert_eq!(g.body["hash"].as_str().unwrap().len(), 64);
    assert!(!fake.requests_to("/v1/embeddings").is_empty());

    // inline processing answers with the finished row
    let r = upload(
        &s,
        t,
        "?process_in_background=false",
        "seals.txt",
        "text/plain",
        b"Harbour seals rest on sandbanks.",
        None,
    )
    .await;
    assert_eq!(r.body["data"]["status"], "completed", "{}", r.body);
    let seals = r.body["id"].as_str().unwrap().to_string();

    let q = s
        .post(
            "/api/v1/retrieval/query/doc",
            t,
            json!({"collection_name": format!("file-{id}"), "query": text}),
        )
        .await;
    assert_eq!(q.status, 200, "{}", q.body);
    assert_eq!(q.body["documents"], json!([[text]]));
    assert_eq!(q.body["metadatas"][0][0]["file_id"], id.as_str());
    assert_eq!(q.body["metadatas"][0][0]["name"], "otters.md");
    assert!((q.body["distances"][0][0].as_f64().unwrap() - 1.0).abs() < 1e-4);
    assert_eq!(q.body["ids"][0].as_array().unwrap().len(), 1);
    let q = s
        .post(
            "/api/v1/retrieval/query/collection",
            t,
            json!({"collection_names": [format!("file-{id}"), format!("file-{seals}")],
                   "query": "Harbour seals rest on sandbanks.", "k": 1}),
        )
        .await;
    assert_eq!(q.status, 200, "{}", q.body);
    assert_eq!(
        q.body["documents"],
        json!([["Harbour seals rest on sandbanks."]])
    );
    assert!(q.body.get("ids").is_none());

    // new text: the collection is rebuilt from it
    let u = s
        .post(
            &format!("/api/v1/files/{id}/data/content/update"),
            t,
            json!({"content": "Otters use stones as tools."}),
        )
        .await;
    assert_eq!(u.status, 200, "{}", u.body);
    assert_eq!(u.body, json!({"content": "Otters use stones as tools."}));
    let q = s
        .post(
            "/api/v1/retrieval/query/doc",
            t,
            json!({"collection_name": format!("file-{id}"), "query": "x", "k": 5}),
        )
        .await;
    assert_eq!(
        q.body["documents"],
        json!([["Otters use stones as tools."]])
    );
    let u = s
        .post(
            &format!("/api/v1/files/{id}/data/content/update"),
            t,
            json!({"content": "  "}),
        )
        .await;
    assert_eq!(u.status, 400);

    // someone else: not found, or not allowed, and nothing changes
    let bob = &p.other.0;
    let q = s
        .post(
            "/api/v1/retrieval/query/doc",
            bob,
            json!({"collection_name": format!("file-{id}"), "query": text}),
        )
        .await;
    assert_eq!((q.status, detail(&q)), (403, ACCESS_PROHIBITED));
    let q = s
        .post(
            "/api/v1/retrieval/query/collection",
            bob,
            json!({"collection_names": [format!("file-{id}")], "query": text}),
        )
        .await;
    assert_eq!(q.status, 403);
    let pf = s
        .post(
            "/api/v1/retrieval/process/file",
            bob,
            json!({"file_id": id, "content": "mine"}),
        )
        .await;
    assert_eq!((pf.status, detail(&pf)), (404, NOT_FOUND));
    let u = s
        .post(
            &format!("/api/v1/files/{id}/data/content/update"),
            bob,
            json!({"content": "mine"}),
        )
        .await;
    assert_eq!(u.status, 404);
    let g = s.get(&format!("/api/v1/files/{id}/data/content"), t).await;
    assert_eq!(g.body["content"], "Otters use stones as tools.");
    // the owner may index into their own collection again
    let pf = s
        .post(
            "/api/v1/retrieval/process/file",
            t,
            json!({"file_id": id, "content": "Otters float."}),
        )
        .await;
    assert_eq!(pf.status, 200, "{}", pf.body);
    assert_eq!(
        pf.body,
        json!({"status": true, "collection_name": format!("file-{id}"),
               "filename": "otters.md", "content": "Otters float."})
    );
    for (who, code) in [(Auth::None, 401), (Auth::Bearer(&p.pending), 401)] {
        let r = s
            .call(
                "POST",
                "/api/v1/retrieval/query/doc",
                who,
                Some(json!({"collection_name": format!("file-{id}"), "query": "x"})),
            )
            .await;
        assert_eq!(r.status, code);
    }
}

#[tokio::test]
async fn processing_failures_are_reported_on_the_file() {
    let s = start().await;
    let p = people(&s).await;
    let t = &p.user.0;
    // an embedding engine that does not answer: the file fails with why
    let r = s
        .post(
            "/api/v1/retrieval/embedding/update",
            &p.admin.0,
            json!({"RAG_EMBEDDING_ENGINE": "openai", "RAG_EMBEDDING_MODEL": "m",
                   "openai_config": {"url": "http://127.0.0.1:9/v1", "key": "k"}}),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = upload(
        &s,
        t,
        "",
        "doc.md",
        "text/markdown",
        b"# Title\n\nbody",
        None,
    )
    .await;
    let id = r.body["id"].as_str().unwrap();
    let events = status_events(&s, t, id).await;
    let last = events.last().unwrap();
    assert_eq!(last["status"], "failed", "{events:?}");
    assert!(!last["error"].as_str().unwrap().is_empty(), "{last}");
    let g = s.get(&format!("/api/v1/files/{id}"), t).await;
    assert_eq!(g.body["data"]["status"], "failed");
    assert_eq!(g.body["hash"], Value::Null);

    // an image is refused with upstream's own message; the bytes are kept
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let r = upload(&s, t, "?process=true", "pic.png", "image/png", png, None).await;
    let id = r.body["id"].as_str().unwrap();
    let g = s.get(&format!("/api/v1/files/{id}"), t).await;
    assert_eq!(
        g.body["data"],
        json!({"status": "failed", "error": "File type image/png is not supported for processing"})
    );
    let (code, h, body) = raw(
        &s,
        &format!("/api/v1/files/{id}/content"),
        Auth::Bearer(t),
        None,
    )
    .await;
    assert_eq!((code, body.as_slice()), (200, &png[..]));
    assert_eq!(header(&h, "content-type"), Some("image/png"));
    assert_eq!(
        header(&h, "content-disposition"),
        Some("attachment; filename*=UTF-8''pic.png")
    );
}

#[tokio::test]
async fn content_disposition_follows_upstream() {
    let s = start().await;
    let p = people(&s).await;
    let t = &p.user.0;
    let id = uploaded(
        &s,
        t,
        "Réport 1.PDF",
        "application/octet-stream",
        b"%PDF-1.4",
    )
    .await;
    let (_, h, _) = raw(
        &s,
        &format!("/api/v1/files/{id}/content"),
        Auth::Bearer(t),
        None,
    )
    .await;
    assert_eq!(header(&h, "content-type"), Some("application/pdf"));
    assert_eq!(
        header(&h, "content-disposition"),
        Some("inline; filename*=UTF-8''R%C3%A9port%201.PDF")
    );
    let (_, h, _) = raw(
        &s,
        &format!("/api/v1/files/{id}/content?attachment=true"),
        Auth::Bearer(t),
        None,
    )
    .await;
    assert_eq!(header(&h, "content-type"), Some("application/octet-stream"));
    assert!(
        header(&h, "content-disposition")
            .unwrap()
            .starts_with("attachment;")
    );
    // a path in the file name keeps only its last part, inside uploads/
    let id = uploaded(&s, t, "../../../evil.sh", "text/x-sh", b"echo hi").await;
    let g = s.get(&format!("/api/v1/files/{id}"), t).await;
    assert_eq!(g.body["filename"], "evil.sh");
    assert_eq!(
        g.body["path"].as_str().unwrap(),
        uploads_dir(&s)
            .join(format!("{id}_evil.sh"))
            .display()
            .to_string()
    );
    // a row whose path points elsewhere is only read inside uploads/
    let outside = s.cx.cfg.data_dir.join("secret.txt");
    std::fs::write(&outside, "secret").unwrap();
    s.cx.db
        .write(|tx| {
            tx.execute(
                "UPDATE file SET path = ?2 WHERE id = ?1",
                [&id, &outside.display().to_string()],
            )?;
            Ok(())
        })
        .unwrap();
    let (code, _, _) = raw(
        &s,
        &format!("/api/v1/files/{id}/content"),
        Auth::Bearer(t),
        None,
    )
    .await;
    assert_eq!(code, 404);
    s.cx.db
        .write(|tx| {
            tx.execute("UPDATE file SET path = NULL WHERE id = ?1", [&id])?;
            Ok(())
        })
        .unwrap();
    let r = s.get(&format!("/api/v1/files/{id}/content"), t).await;
    assert_eq!(
        (r.status, detail(&r)),
        (404, "Original file is unavailable.")
    );
}

#[tokio::test]
async fn someone_elses_file_is_not_found_and_admins_see_all() {
    let s = start().await;
    let p = people(&s).await;
    let id = uploaded(&s, &p.user.0, "a.txt", "text/plain", b"mine").await;
    let bob = &p.other.0;
    for path in [
        format!("/api/v1/files/{id}"),
        format!("/api/v1/files/{id}/content"),
        format!("/api/v1/files/{id}/process/status"),
        format!("/api/v1/files/{id}/process/status?stream=true"),
    ] {
        let r = s.get(&path, bob).await;
        assert_eq!((r.status, detail(&r)), (404, NOT_FOUND), "{path}");
    }
    let d = s
        .call(
            "DELETE",
            &format!("/api/v1/files/{id}"),
            Auth::Bearer(bob),
            None,
        )
        .await;
    assert_eq!((d.status, detail(&d)), (404, NOT_FOUND));
    assert_eq!(s.get("/api/v1/files/", bob).await.body["total"], 0);

    // admins read every file and list them all
    let mine = uploaded(&s, &p.admin.0, "admin.txt", "text/plain", b"adm").await;
    let r = s.get(&format!("/api/v1/files/{id}"), &p.admin.0).await;
    assert_eq!(r.status, 200);
    let l = s.get("/api/v1/files/", &p.admin.0).await;
    assert_eq!(l.body["total"], 2);
    let l = s.get("/api/v1/files/", &p.user.0).await;
    assert_eq!(l.body["total"], 1);
    assert_eq!(l.body["items"][0]["id"], id);
    let r = s.get(&format!("/api/v1/files/{mine}"), &p.user.0).await;
    assert_eq!(r.status, 404);
    // ... and delete them
    let d = s
        .call(
            "DELETE",
            &format!("/api/v1/files/{id}"),
            Auth::Bearer(&p.admin.0),
            None,
        )
        .await;
    assert_eq!(d.status, 200);
    assert_eq!(s.get("/api/v1/files/", &p.user.0).await.body["total"], 0);
}

#[tokio::test]
async fn anonymous_and_pending_are_refused() {
    let s = start().await;
    let p = people(&s).await;
    let body = || multipart("a.txt", "text/plain", b"x", None);
    let r = send(&s, Auth::None, "", body()).await;
    assert_eq!((r.status, detail(&r)), (401, "Not authenticated"));
    let r = send(&s, Auth::Bearer(&p.pending), "", body()).await;
    assert_eq!((r.status, detail(&r)), (401, ACCESS_PROHIBITED));
    let r = s.get("/api/v1/files/", &p.pending).await;
    assert_eq!((r.status, detail(&r)), (401, ACCESS_PROHIBITED));
    let r = s.call("GET", "/api/v1/files/", Auth::None, None).await;
    assert_eq!(r.status, 401);
    assert_eq!(
        std::fs::read_dir(uploads_dir(&s))
            .map(|d| d.count())
            .unwrap_or(0),
        0
    );
}

#[tokio::test]
async fn bad_uploads_are_refused_as_upstream() {
    let s = start().await;
    let p = people(&s).await;
    let t = &p.user.0;
    let r = upload(&s, t, "?process=false", "e.txt", "text/plain", b"", None).await;
    assert_eq!(
        (r.status, detail(&r)),
        (400, owui::core::files::EMPTY_CONTENT)
    );
    let r = upload(
        &s,
        t,
        "?process=false",
        "m.txt",
        "text/plain",
        b"x",
        Some("{not json"),
    )
    .await;
    assert_eq!(
        (r.status, detail(&r)),
        (400, "[ERROR: Invalid metadata format]")
    );
    // no file part, or not multipart at all: FastAPI's 422
    let r = s.post("/api/v1/files/", t, json!({"file": "x"})).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.body["detail"][0]["loc"], json!(["body", "file"]));
    let only_meta = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{{}}\r\n--{BOUNDARY}--\r\n"
    );
    let r = send(&s, Auth::Bearer(t), "", only_meta.into_bytes()).await;
    assert_eq!(r.status, 422, "{}", r.body);
    // rag.file.max_size (MB)
    owui::core::configs::set(&s.cx, &Actor::system(), "rag.file.max_size", json!(1)).unwrap();
    let big = vec![b'a'; 1024 * 1024 + 10];
    let r = upload(&s, t, "?process=false", "big.txt", "text/plain", &big, None).await;
    assert_eq!(
        (r.status, detail(&r)),
        (
            413,
            "Oops! The file you're trying to upload is too large. Please upload a file that is less than 1 MB."
        )
    );
    let ok = vec![b'a'; 1024 * 1024];
    let r = upload(&s, t, "?process=false", "ok.txt", "text/plain", &ok, None).await;
    assert_eq!(r.status, 200);
    // only the accepted file is left in uploads/
    let names: Vec<_> = std::fs::read_dir(uploads_dir(&s))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with("_ok.txt"));
    // page < 1 is FastAPI's 422
    assert_eq!(s.get("/api/v1/files/?page=0", t).await.status, 422);
}

#[tokio::test]
async fn uploads_larger_than_the_global_body_limit_are_accepted() {
    let s = start().await;
    let p = people(&s).await;
    let big = vec![7u8; 17 * 1024 * 1024];
    let r = upload(
        &s,
        &p.user.0,
        "?process=false",
        "big.bin",
        "application/octet-stream",
        &big,
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["meta"]["size"], big.len());
}

#[tokio::test]
async fn a_file_shared_in_a_channel_is_readable_by_its_members_only() {
    let s = start().await;
    let p = people(&s).await;
    let (ada, ada_id) = (&p.user.0, &p.user.1);
    let bob_id = &p.other.1;
    s.cx.db
        .write(|tx| {
            tx.execute(
                "INSERT INTO channel (id, user_id, type, name, created_at, updated_at) VALUES ('crew', ?1, 'group', 'crew', 1, 1)",
                [ada_id],
            )?;
            for u in [ada_id, bob_id] {
                tx.execute(
                    "INSERT INTO channel_member (id, channel_id, user_id, is_active) VALUES (?1, 'crew', ?2, 1)",
                    [&format!("m-{u}"), u],
                )?;
            }
            Ok(())
        })
        .unwrap();
    let r = upload(
        &s,
        ada,
        "?process=false",
        "c.txt",
        "text/plain",
        b"shared",
        Some(r#"{"channel_id": "crew"}"#),
    )
    .await;
    let shared = r.body["id"].as_str().unwrap().to_string();
    let r = upload(
        &s,
        ada,
        "?process=false",
        "d.txt",
        "text/plain",
        b"not",
        Some(r#"{"channel_id": "nope"}"#),
    )
    .await;
    let unshared = r.body["id"].as_str().unwrap().to_string();
    let bob = &p.other.0;
    assert_eq!(
        s.get(&format!("/api/v1/files/{shared}"), bob).await.status,
        200
    );
    let (code, _, body) = raw(
        &s,
        &format!("/api/v1/files/{shared}/content"),
        Auth::Bearer(bob),
        None,
    )
    .await;
    assert_eq!((code, body.as_slice()), (200, &b"shared"[..]));
    assert_eq!(
        s.get(&format!("/api/v1/files/{unshared}"), bob)
            .await
            .status,
        404
    );
    // reading is not writing: channel members cannot delete it
    let d = s
        .call(
            "DELETE",
            &format!("/api/v1/files/{shared}"),
            Auth::Bearer(bob),
            None,
        )
        .await;
    assert_eq!(d.status, 404);
    // nor does the list show it to them
    assert_eq!(s.get("/api/v1/files/", bob).await.body["total"], 0);
    // a member who left no longer reads it
    s.cx.db
        .write(|tx| {
            tx.execute(
                "UPDATE channel_member SET is_active = 0 WHERE user_id = ?1",
                [bob_id],
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(
        s.get(&format!("/api/v1/files/{shared}"), bob).await.status,
        404
    );
}

/// An upload opened as a page of owui's origin can do nothing there: its
/// type is never sniffed and the document is sandboxed, whether it shows
/// inline (text, PDF) or downloads; markup is never served as a page.
#[tokio::test]
async fn file_bytes_are_not_sniffed_and_are_sandboxed() {
    let s = start().await;
    let p = people(&s).await;
    let t = &p.user.0;
    let page = b"<html><script>fetch('/api/v1/auths/')</script></html>";
    let text = uploaded(&s, t, "notes.txt", "text/plain", page).await;
    let pdf = uploaded(&s, t, "r.pdf", "application/pdf", b"%PDF-1.4").await;
    let html = uploaded(&s, t, "page.html", "text/html", page).await;
    let svg = uploaded(&s, t, "i.svg", "image/svg+xml", b"<svg/>").await;
    for (id, query, disposition) in [
        (&text, "", None),
        (&pdf, "", Some("inline")),
        (&html, "", Some("attachment")),
        (&svg, "", Some("attachment")),
        (&text, "?attachment=true", Some("attachment")),
        (&pdf, "?attachment=true", Some("attachment")),
    ] {
        let path = format!("/api/v1/files/{id}/content{query}");
        for range in [None, Some("bytes=0-3")] {
            let (code, h, _) = raw(&s, &path, Auth::Bearer(t), range).await;
            assert!(code == 200 || code == 206, "{path}: {code}");
            assert_eq!(
                header(&h, "x-content-type-options"),
                Some("nosniff"),
                "{path}"
            );
            let csp = header(&h, "content-security-policy").unwrap_or_default();
            assert_eq!(
                csp, "sandbox; default-src 'none'; style-src 'unsafe-inline'",
                "{path}"
            );
            assert_eq!(
                header(&h, "content-disposition").map(|d| d.split(';').next().unwrap()),
                disposition,
                "{path}"
            );
        }
    }
    // markup labelled as markup downloads; never a page shown inline
    let (_, h, _) = raw(
        &s,
        &format!("/api/v1/files/{html}/content"),
        Auth::Bearer(t),
        None,
    )
    .await;
    assert!(
        header(&h, "content-disposition")
            .unwrap()
            .starts_with("attachment;")
    );
}

/// Upload times a second apart, so newest-first is a known order.
fn age(s: &Server, id: &str, created_at: i64) {
    s.cx.db
        .write(|tx| {
            tx.execute(
                "UPDATE file SET created_at = ?2 WHERE id = ?1",
                rusqlite::params![id, created_at],
            )?;
            Ok(())
        })
        .unwrap();
}

fn filenames(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|f| f["filename"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn search_and_count_as_upstream() {
    let s = start().await;
    let p = people(&s).await;
    let (ada, bob, admin) = (&p.user.0, &p.other.0, &p.admin.0);
    for (i, name) in ["Report.PDF", "notes.txt", "50%_off.txt"]
        .iter()
        .enumerate()
    {
        let id = uploaded(&s, ada, name, "text/plain", b"ada").await;
        age(&s, &id, 1_000 + i as i64);
    }
    let bobs = uploaded(&s, bob, "bob.txt", "text/plain", b"bob").await;
    age(&s, &bobs, 999);

    // glob, case-insensitive, newest upload first, `path` at the end
    let r = s.get("/api/v1/files/search?filename=*.TXT", ada).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(filenames(&r.body), ["50%_off.txt", "notes.txt"]);
    assert_eq!(
        keys(&r.body[0]),
        [
            "id",
            "user_id",
            "hash",
            "filename",
            "data",
            "meta",
            "created_at",
            "updated_at",
            "path"
        ]
    );
    assert_eq!(
        keys(&r.body[0]["meta"])[..3],
        ["name", "content_type", "size"]
    );
    let r = s
        .get("/api/v1/files/search?filename=report.pd%3F", ada)
        .await;
    assert_eq!(filenames(&r.body), ["Report.PDF"]);
    // `%` and `_` match themselves only
    let r = s.get("/api/v1/files/search?filename=50%25_*", ada).await;
    assert_eq!(filenames(&r.body), ["50%_off.txt"]);
    let r = s.get("/api/v1/files/search?filename=5_%25*", ada).await;
    assert_eq!(
        (r.status, detail(&r)),
        (404, "No files found matching the pattern.")
    );
    // paging
    let r = s
        .get("/api/v1/files/search?filename=*&skip=1&limit=1", ada)
        .await;
    assert_eq!(filenames(&r.body), ["notes.txt"]);
    // someone else's files are not found by name, and not counted
    let r = s.get("/api/v1/files/search?filename=*.pdf", bob).await;
    assert_eq!(
        (r.status, detail(&r)),
        (404, "No files found matching the pattern.")
    );
    let r = s.get("/api/v1/files/search?filename=*", bob).await;
    assert_eq!(filenames(&r.body), ["bob.txt"]);
    let r = s.get("/api/v1/files/user/search?filename=*.pdf", bob).await;
    assert_eq!((r.status, r.body.clone()), (200, json!([])));
    assert_eq!(s.get("/api/v1/files/count", bob).await.body, json!(1));
    assert_eq!(s.get("/api/v1/files/user/count", bob).await.body, json!(1));
    assert_eq!(s.get("/api/v1/files/count", ada).await.body, json!(3));
    // an admin searches and counts every file, but /user/* are their own
    let r = s.get("/api/v1/files/search?filename=*", admin).await;
    assert_eq!(
        filenames(&r.body),
        ["50%_off.txt", "notes.txt", "Report.PDF", "bob.txt"]
    );
    assert_eq!(s.get("/api/v1/files/count", admin).await.body, json!(4));
    assert_eq!(
        s.get("/api/v1/files/user/count", admin).await.body,
        json!(0)
    );
    let r = s.get("/api/v1/files/user/search", admin).await;
    assert_eq!(r.body, json!([]));

    // /user/search: every name by default, without the extracted text
    // unless asked for
    let id = uploaded(&s, bob, "text.txt", "text/plain", b"t").await;
    s.cx.db
        .write(|tx| {
            tx.execute(
                r#"UPDATE file SET data = '{"status":"completed","content":"words"}' WHERE id = ?1"#,
                [&id],
            )?;
            Ok(())
        })
        .unwrap();
    let r = s.get("/api/v1/files/user/search", bob).await;
    assert_eq!(filenames(&r.body), ["text.txt", "bob.txt"]);
    assert_eq!(r.body[0]["data"], json!({"status": "completed"}));
    let r = s.get("/api/v1/files/user/search?content=true", bob).await;
    assert_eq!(r.body[0]["data"]["content"], "words");
    let r = s.get("/api/v1/files/search?filename=text*", bob).await;
    assert_eq!(r.body[0]["data"]["content"], "words");
    let r = s
        .get("/api/v1/files/search?filename=text*&content=false", bob)
        .await;
    assert_eq!(r.body[0]["data"], json!({"status": "completed"}));

    // FastAPI's 422s
    let r = s.get("/api/v1/files/search", ada).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.body["detail"][0]["loc"], json!(["query", "filename"]));
    assert_eq!(r.body["detail"][0]["type"], "missing");
    for (q, kind) in [
        ("limit=0", "greater_than_equal"),
        ("limit=1001", "less_than_equal"),
        ("skip=-1", "greater_than_equal"),
        ("limit=x", "int_parsing"),
        ("content=maybe", "bool_parsing"),
    ] {
        let r = s
            .get(&format!("/api/v1/files/search?filename=*&{q}"), ada)
            .await;
        assert_eq!(
            (r.status, r.body["detail"][0]["type"].as_str()),
            (422, Some(kind)),
            "{q}"
        );
        let r = s.get(&format!("/api/v1/files/user/search?{q}"), ada).await;
        assert_eq!(r.status, 422, "{q}");
    }
}

#[tokio::test]
async fn rename_data_content_and_the_named_download() {
    let s = start().await;
    let p = people(&s).await;
    let (ada, bob, admin) = (&p.user.0, &p.other.0, &p.admin.0);
    let id = uploaded(&s, ada, "draft.md", "text/markdown", b"# Draft").await;

    // another user can neither rename it nor read it
    let r = s
        .post(
            &format!("/api/v1/files/{id}/rename"),
            bob,
            json!({"filename": "x"}),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (404, NOT_FOUND));
    for path in [
        format!("/api/v1/files/{id}/data/content"),
        format!("/api/v1/files/{id}/content/draft.md"),
        format!("/api/v1/files/{id}/content/html"),
    ] {
        let r = s.get(&path, bob).await;
        assert_eq!((r.status, detail(&r)), (404, NOT_FOUND), "{path}");
    }
    assert_eq!(
        s.get(&format!("/api/v1/files/{id}"), ada).await.body["filename"],
        "draft.md"
    );

    let r = s
        .post(
            &format!("/api/v1/files/{id}/rename"),
            ada,
            json!({"filename": "Final ü.md"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // the whole row, as GET /{id}
    assert_eq!(
        r.body,
        s.get(&format!("/api/v1/files/{id}"), ada).await.body
    );
    assert_eq!(r.body["filename"], "Final ü.md");
    assert_eq!(r.body["meta"]["name"], "Final ü.md");
    assert_eq!(r.body["meta"]["size"], 7);
    let stored = r.body["path"].as_str().unwrap();
    assert!(stored.ends_with(&format!("{id}_draft.md")), "{stored}");
    let r = s
        .post(&format!("/api/v1/files/{id}/rename"), ada, json!({}))
        .await;
    assert_eq!(r.status, 422);
    let r = s
        .post(
            &format!("/api/v1/files/{id}/rename"),
            ada,
            json!({"filename": ""}),
        )
        .await;
    assert_eq!(r.status, 400);
    // admins rename anyone's
    let r = s
        .post(
            &format!("/api/v1/files/{id}/rename"),
            admin,
            json!({"filename": "Final ü.md"}),
        )
        .await;
    assert_eq!(r.status, 200);

    // no text extracted: ""
    let r = s
        .get(&format!("/api/v1/files/{id}/data/content"), ada)
        .await;
    assert_eq!((r.status, r.body.clone()), (200, json!({"content": ""})));

    // the named download: the bytes under the new name, whatever the URL says
    let (code, h, body) = raw(
        &s,
        &format!("/api/v1/files/{id}/content/anything.bin"),
        Auth::Cookie(ada),
        None,
    )
    .await;
    assert_eq!((code, body.as_slice()), (200, &b"# Draft"[..]));
    assert_eq!(
        header(&h, "content-disposition"),
        Some("attachment; filename*=UTF-8''Final%20%C3%BC.md")
    );
    assert_eq!(
        header(&h, "content-type"),
        Some("text/markdown; charset=utf-8")
    );
    assert_eq!(header(&h, "x-content-type-options"), Some("nosniff"));
    let (code, _, body) = raw(
        &s,
        &format!("/api/v1/files/{id}/content/x"),
        Auth::Bearer(ada),
        Some("bytes=2-6"),
    )
    .await;
    assert_eq!((code, body.as_slice()), (206, &b"Draft"[..]));

    // the bytes gone: the extracted text, as text/plain, same name
    s.cx.db
        .write(|tx| {
            tx.execute(
                r#"UPDATE file SET data = '{"content":"extracted words"}' WHERE id = ?1"#,
                [&id],
            )?;
            Ok(())
        })
        .unwrap();
    std::fs::remove_file(stored).unwrap();
    let r = s
        .get(&format!("/api/v1/files/{id}/data/content"), ada)
        .await;
    assert_eq!(r.body, json!({"content": "extracted words"}));
    let (code, h, body) = raw(
        &s,
        &format!("/api/v1/files/{id}/content/x"),
        Auth::Bearer(ada),
        None,
    )
    .await;
    assert_eq!((code, body.as_slice()), (200, &b"extracted words"[..]));
    assert_eq!(
        header(&h, "content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        header(&h, "content-disposition"),
        Some("attachment; filename*=UTF-8''Final%20%C3%BC.md")
    );
    // ... while the raw content route says the bytes are not there
    let r = s.get(&format!("/api/v1/files/{id}/content"), ada).await;
    assert_eq!((r.status, detail(&r)), (404, NOT_FOUND));
}

#[tokio::test]
async fn html_content_is_served_for_admin_uploads_only_and_confined() {
    let s = start().await;
    let p = people(&s).await;
    let (ada, admin) = (&p.user.0, &p.admin.0);
    let page = b"<html><script>alert(1)</script></html>";
    let users = uploaded(&s, ada, "u.html", "text/html", page).await;
    let admins = uploaded(&s, admin, "a.html", "text/html", page).await;
    // a user's HTML is never rendered, not even for an admin
    for who in [ada, admin] {
        let r = s
            .get(&format!("/api/v1/files/{users}/content/html"), who)
            .await;
        assert_eq!((r.status, detail(&r)), (404, NOT_FOUND));
    }
    // an admin's is, typed from its name, with no disposition, sandboxed
    let (code, h, body) = raw(
        &s,
        &format!("/api/v1/files/{admins}/content/html"),
        Auth::Cookie(admin),
        None,
    )
    .await;
    assert_eq!((code, body.as_slice()), (200, &page[..]));
    assert_eq!(header(&h, "content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(header(&h, "content-disposition"), None);
    assert_eq!(header(&h, "x-content-type-options"), Some("nosniff"));
    assert_eq!(
        header(&h, "content-security-policy"),
        Some("sandbox; default-src 'none'; style-src 'unsafe-inline'")
    );
    // a user who may not read the admin's file gets nothing
    let r = s
        .get(&format!("/api/v1/files/{admins}/content/html"), ada)
        .await;
    assert_eq!((r.status, detail(&r)), (404, NOT_FOUND));
}

/// `GET /{id}/content` is a file response (files.md §6): length, dates and
/// an entity tag, conditional requests and ranges.
#[tokio::test]
async fn content_is_a_file_response_with_validators() {
    let s = start().await;
    let p = people(&s).await;
    let t = &p.user.0;
    let id = uploaded(&s, t, "n.txt", "text/plain", b"0123456789").await;
    let path = format!("/api/v1/files/{id}/content");
    let (code, h, _) = raw(&s, &path, Auth::Bearer(t), None).await;
    assert_eq!(code, 200);
    assert_eq!(header(&h, "content-length"), Some("10"));
    assert_eq!(header(&h, "accept-ranges"), Some("bytes"));
    let etag = header(&h, "etag").expect("an ETag").to_string();
    let modified = header(&h, "last-modified")
        .expect("a Last-Modified")
        .to_string();
    let r = s
        .http
        .get(s.url(&path))
        .bearer_auth(t)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 304);
    let r = s
        .http
        .get(s.url(&path))
        .bearer_auth(t)
        .header("if-modified-since", &modified)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 304);
    let (code, h, body) = raw(&s, &path, Auth::Bearer(t), Some("bytes=-3")).await;
    assert_eq!((code, body.as_slice()), (206, &b"789"[..]));
    assert_eq!(header(&h, "content-range"), Some("bytes 7-9/10"));
    assert_eq!(
        header(&h, "content-type"),
        Some("text/plain; charset=utf-8")
    );
    let (code, _, _) = raw(&s, &path, Auth::Bearer(t), Some("bytes=20-30")).await;
    assert_eq!(code, 416);
}

/// Every route added with search, counts, rename and the other downloads
/// refuses anonymous and pending callers before anything else, even for
/// a file that exists.
#[tokio::test]
async fn new_routes_refuse_anonymous_and_pending_callers() {
    let s = start().await;
    let p = people(&s).await;
    let id = uploaded(&s, &p.admin.0, "a.html", "text/html", b"<p>").await;
    let routes = [
        ("GET", "/api/v1/files/search?filename=*".to_string()),
        ("GET", "/api/v1/files/user/search".to_string()),
        ("GET", "/api/v1/files/count".to_string()),
        ("GET", "/api/v1/files/user/count".to_string()),
        ("GET", format!("/api/v1/files/{id}/data/content")),
        ("GET", format!("/api/v1/files/{id}/content/html")),
        ("GET", format!("/api/v1/files/{id}/content/a.html")),
        ("POST", format!("/api/v1/files/{id}/rename")),
    ];
    for (method, path) in &routes {
        let body = (*method == "POST").then(|| json!({"filename": "taken.html"}));
        let r = s.call(method, path, Auth::None, body.clone()).await;
        assert_eq!((r.status, detail(&r)), (401, "Not authenticated"), "{path}");
        let r = s.call(method, path, Auth::Bearer(&p.pending), body).await;
        assert_eq!((r.status, detail(&r)), (401, ACCESS_PROHIBITED), "{path}");
    }
    let g = s.get(&format!("/api/v1/files/{id}"), &p.admin.0).await;
    assert_eq!(g.body["filename"], "a.html");
}

#[tokio::test]
async fn the_admin_resets_files_and_vectors() {
    let s = start().await;
    let p = people(&s).await;
    let _fake = fake_embedder(&s, &p.admin.0).await;
    let (t, admin) = (&p.user.0, &p.admin.0);
    let r = upload(
        &s,
        t,
        "?process_in_background=false",
        "a.txt",
        "text/plain",
        b"Alpha text.",
        None,
    )
    .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    let coll = format!("file-{id}");

    // the admin-only routes refuse a user
    for (path, body) in [
        (
            "/api/v1/retrieval/delete",
            Some(json!({"collection_name": coll, "file_id": id})),
        ),
        ("/api/v1/retrieval/reset/db", None),
        ("/api/v1/retrieval/reset/uploads", None),
    ] {
        let r = s.call("POST", path, Auth::Bearer(t), body).await;
        assert_eq!(r.status, 401, "{path}");
    }
    let r = s
        .call("DELETE", "/api/v1/files/all", Auth::Bearer(t), None)
        .await;
    assert_eq!(r.status, 401);

    // delete by hash: the collection empties; an unknown one says false
    let d = s
        .post(
            "/api/v1/retrieval/delete",
            admin,
            json!({"collection_name": coll, "file_id": id}),
        )
        .await;
    assert_eq!(d.body, json!({"status": true}), "{}", d.body);
    let q = s
        .post(
            "/api/v1/retrieval/query/doc",
            t,
            json!({"collection_name": coll, "query": "Alpha text."}),
        )
        .await;
    assert_eq!(q.body["documents"], json!([[]]));
    let d = s
        .post(
            "/api/v1/retrieval/delete",
            admin,
            json!({"collection_name": "nothing-here", "file_id": id}),
        )
        .await;
    assert_eq!(d.body, json!({"status": false}));

    // process/text, then reset/db drops every collection
    let r = s
        .post(
            "/api/v1/retrieval/process/text",
            admin,
            json!({"name": "note", "content": "Loose text."}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let name = r.body["collection_name"].as_str().unwrap().to_string();
    assert_eq!(name.len(), 64);
    let q = s
        .post(
            "/api/v1/retrieval/query/doc",
            admin,
            json!({"collection_name": name, "query": "Loose text."}),
        )
        .await;
    assert_eq!(q.body["documents"], json!([["Loose text."]]));
    // nobody owns it: a user may not read it
    let q = s
        .post(
            "/api/v1/retrieval/query/doc",
            t,
            json!({"collection_name": name, "query": "Loose text."}),
        )
        .await;
    assert_eq!(q.status, 403);
    let r = s
        .call(
            "POST",
            "/api/v1/retrieval/reset/db",
            Auth::Bearer(admin),
            None,
        )
        .await;
    assert_eq!((r.status, &r.body), (200, &Value::Null));
    let q = s
        .post(
            "/api/v1/retrieval/query/doc",
            admin,
            json!({"collection_name": name, "query": "Loose text."}),
        )
        .await;
    assert_eq!(q.body["documents"], json!([[]]));

    // reset/uploads empties the directory, keeps the rows
    assert!(uploads_dir(&s).read_dir().unwrap().count() > 0);
    let r = s
        .call(
            "POST",
            "/api/v1/retrieval/reset/uploads",
            Auth::Bearer(admin),
            None,
        )
        .await;
    assert_eq!(r.body, json!(true));
    assert_eq!(uploads_dir(&s).read_dir().unwrap().count(), 0);
    assert_eq!(s.get(&format!("/api/v1/files/{id}"), t).await.status, 200);

    // files/all: every row goes
    let r = s
        .call("DELETE", "/api/v1/files/all", Auth::Bearer(admin), None)
        .await;
    assert_eq!(r.body, json!({"message": "All files deleted successfully"}));
    assert_eq!(s.get(&format!("/api/v1/files/{id}"), t).await.status, 404);
    assert_eq!(s.get("/api/v1/files/count", admin).await.body, json!(0));
}

#[tokio::test]
async fn a_batch_indexes_the_callers_files_together() {
    let s = start().await;
    let p = people(&s).await;
    let fake = fake_embedder(&s, &p.admin.0).await;
    let t = &p.user.0;
    let a = uploaded(&s, t, "a.txt", "text/plain", b"a").await;
    let b = uploaded(&s, t, "b.txt", "text/plain", b"b").await;
    let theirs = uploaded(&s, &p.other.0, "c.txt", "text/plain", b"c").await;
    let file = |id: &str, text: &str| json!({"id": id, "data": {"content": text}});
    // into a collection nobody owns: refused
    let r = s
        .post(
            "/api/v1/retrieval/process/files/batch",
            t,
            json!({"files": [file(&a, "x")], "collection_name": "loose"}),
        )
        .await;
    assert_eq!(r.status, 403);
    let before = fake.requests_to("/v1/embeddings").len();
    let r = s
        .post(
            "/api/v1/retrieval/process/files/batch",
            t,
            json!({"files": [file(&a, "Alpha."), file(&b, "Alpha."), file(&theirs, "Gamma."),
                             file("no-such-file", "x")],
                   "collection_name": format!("file-{a}")}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        json!({
            "results": [{"file_id": a, "status": "completed", "error": null}],
            "errors": [
                {"file_id": b, "status": "failed", "error": "Duplicate content detected. Please provide unique content to proceed."},
                {"file_id": theirs, "status": "failed", "error": "Permission denied: not file owner"},
                {"file_id": "no-such-file", "status": "failed", "error": "File not found"},
            ],
        })
    );
    assert_eq!(fake.requests_to("/v1/embeddings").len(), before + 1);
    let g = s.get(&format!("/api/v1/files/{a}"), t).await;
    assert_eq!(g.body["data"]["content"], "Alpha.");
    assert_eq!(g.body["hash"].as_str().unwrap().len(), 64);
    let q = s
        .post(
            "/api/v1/retrieval/query/doc",
            t,
            json!({"collection_name": format!("file-{a}"), "query": "Alpha."}),
        )
        .await;
    assert_eq!(q.body["documents"], json!([["Alpha."]]));
}
