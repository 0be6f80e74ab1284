//! `/ollama/models/upload` and `/ollama/models/download` (admin): a GGUF
//! file pushed to an Ollama connection as a blob
//! (`POST /api/blobs/sha256:<hex>`), then a model created from it
//! (`POST /api/create`), with the progress as server-sent events.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use bytes::Bytes;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

use super::*;

pub const DOWNLOAD_HOST_INVALID: &str =
    "Invalid file_url. Only URLs from allowed hosts are permitted.";

const BLOB_FAILED: &str = "Ollama: Could not create blob, Please try again.";

/// The hosts `/models/download` may fetch from.
const ALLOWED_HOSTS: &[&str] = &["https://huggingface.co/", "https://github.com/"];

/// Where a download from an allowed host may be redirected: their own
/// file servers, over https (Hugging Face's `*.huggingface.co` and
/// `*.hf.co`, GitHub's `*.githubusercontent.com`).
fn download_hop_allowed(u: &reqwest::Url) -> bool {
    let Some(host) = u.host_str() else {
        return false;
    };
    let under = |d: &str| host == d || host.ends_with(&format!(".{d}"));
    u.scheme() == "https"
        && (under("huggingface.co")
            || under("hf.co")
            || host == "github.com"
            || under("githubusercontent.com"))
}

/// The client of a download: every redirect is checked like the URL
/// asked for, so an allowed host cannot send the server elsewhere.
fn download_client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(10))
        .user_agent(concat!("owui/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::custom(|a| {
            if a.previous().len() >= 10 {
                a.error("too many redirects")
            } else if download_hop_allowed(a.url()) {
                a.follow()
            } else {
                a.error("redirected to a host downloads may not use")
            }
        }))
        .build()
        .map_err(Error::internal)
}

/// Upstream's `AIOHTTP_FILE_STREAM_CHUNK_SIZE` default (1 MiB): the
/// read size, and the step of the progress events.
fn chunk_size(_cx: &Ctx) -> usize {
    1024 * 1024
}

/// The connection an upload or download goes to (admin; index 0 unless
/// given; none there is [`Error::NotFound`], where upstream fails with a
/// 500). `ollama.enable` is not checked.
pub fn ollama_file_target(cx: &Ctx, actor: &Actor, url_idx: Option<usize>) -> Result<usize> {
    actor.require_admin()?;
    let idx = url_idx.unwrap_or(0);
    any_conn(cx, idx)?;
    Ok(idx)
}

/// Ollama connection `idx` whether or not the Ollama API is switched on
/// (upstream's `get_ollama_connection`); out of range is
/// [`Error::NotFound`].
fn any_conn(cx: &Ctx, idx: usize) -> Result<Conn> {
    if let Some(c) = connection(cx, Kind::Ollama, idx) {
        return Ok(c);
    }
    let urls = crate::core::providers::str_list(&cx.store.get("ollama.base_urls"));
    let url = urls
        .into_iter()
        .nth(idx)
        .ok_or_else(|| no_connection(Kind::Ollama, idx))?;
    let configs = cx.store.get("ollama.api_configs");
    let settings = crate::core::providers::settings_of(&configs, idx, &url);
    Ok(Conn {
        kind: Kind::Ollama,
        idx,
        key: String::new(),
        configured: settings.is_some(),
        config: settings.unwrap_or_else(|| json!({})),
        url,
    })
}

/// Python's `os.path.basename`.
pub fn basename(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Python's `os.path.splitext(name)[0]`: leading dots do not start an
/// extension.
fn stem(name: &str) -> &str {
    let start = name.rfind('/').map_or(0, |i| i + 1);
    match name.rfind('.') {
        Some(dot) if dot > start && name[start..dot].chars().any(|c| c != '.') => &name[..dot],
        _ => name,
    }
}

/// The file name of a download URL: the last segment of its path
/// (upstream's `urlparse(url).path.split('/')[-1]`).
pub fn url_file_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let path = match rest.find('/') {
        Some(i) => &rest[i..],
        None => "",
    };
    let last = path.rsplit('/').next().unwrap_or("");
    last.split(';').next().unwrap_or("").to_string()
}

/// `json.dumps` as Python writes it (`", "`, `": "`, ASCII only).
pub fn py_dumps(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", py_str(k), py_dumps(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(py_dumps).collect::<Vec<_>>().join(", ")
        ),
        Value::String(s) => py_str(s),
        other => other.to_string(),
    }
}

fn py_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn event(v: Value) -> Bytes {
    Bytes::from(format!("data: {}\n\n", py_dumps(&v)))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn sha256_file(path: &Path, chunk: usize) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    f.seek(SeekFrom::Start(0))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; chunk];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(format!("{:x}", h.finalize()))
}

/// The file as a request body, read a chunk at a time.
async fn file_body(path: &Path, chunk: usize) -> std::io::Result<reqwest::Body> {
    let f = tokio::fs::File::open(path).await?;
    let s = futures::stream::unfold(f, move |mut f| async move {
        let mut buf = vec![0u8; chunk];
        match f.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(Bytes::from(buf)), f))
            }
            Err(e) => Some((Err(e), f)),
        }
    });
    Ok(reqwest::Body::wrap_stream(s))
}

/// Push the file as a blob, then create `stem(name)` from it; returns the
/// blob's digest. `before_create` runs between the two (the file is no
/// longer needed then).
async fn push_and_create(
    cx: &Ctx,
    c: &Conn,
    path: &Path,
    name: &str,
    hash: &str,
    before_create: impl FnOnce(),
) -> std::result::Result<Value, String> {
    let chunk = chunk_size(cx);
    let size = tokio::fs::metadata(path)
        .await
        .map_err(|e| e.to_string())?
        .len();
    let body = file_body(path, chunk).await.map_err(|e| e.to_string())?;
    let r = c
        .request(
            cx,
            reqwest::Method::POST,
            &format!("{}/api/blobs/sha256:{hash}", c.url),
        )
        .header("content-type", "application/octet-stream")
        .header("content-length", size.to_string())
        .body(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !r.status().is_success() {
        return Err(BLOB_FAILED.into());
    }
    before_create();
    let model = stem(name).to_string();
    let blob = format!("sha256:{hash}");
    let mut files = serde_json::Map::new();
    files.insert(name.to_string(), json!(blob));
    let payload = json!({"model": model, "files": files, "stream": false});
    let r = c
        .request(cx, reqwest::Method::POST, &format!("{}/api/create", c.url))
        .json(&payload)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let ok = r.status().is_success();
    let text = r.text().await.unwrap_or_default();
    if !ok {
        return Err(format!("Failed to create model in Ollama. {text}"));
    }
    cx.models.clear();
    Ok(json!({"done": true, "blob": blob, "name": name, "model_created": model}))
}

/// Run `work` feeding events into a `text/event-stream` answer; it stops
/// when the client goes away.
fn sse<F, Fut>(work: F) -> Relay
where
    F: FnOnce(mpsc::Sender<Bytes>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = mpsc::channel::<Bytes>(16);
    let closed = tx.clone();
    let fut = work(tx);
    tokio::spawn(async move {
        tokio::select! {
            _ = closed.closed() => {}
            _ = fut => {}
        }
    });
    let body = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|b| (Ok::<_, std::io::Error>(b), rx))
    });
    Relay {
        status: StatusCode::OK,
        headers: vec![("content-type".into(), "text/event-stream".into())],
        body: Box::pin(body),
    }
}

/// `POST /ollama/models/upload[/{url_idx}]` once the file is on disk:
/// progress while it is read, then the blob and the model; the last event
/// is `{"done": true, …}` or `{"error": "…"}`.
pub fn ollama_upload_stream(
    cx: &Ctx,
    url_idx: usize,
    file: crate::core::files::Staged,
    filename: String,
) -> Result<Relay> {
    let c = any_conn(cx, url_idx)?;
    let cx = cx.clone();
    Ok(sse(move |tx| async move {
        let chunk = chunk_size(&cx);
        let path = file.path().to_path_buf();
        // hashed as it arrived
        let (total, hash) = (file.size(), file.sha256().to_string());
        let result = async {
            let mut f = tokio::fs::File::open(&path)
                .await
                .map_err(|e| e.to_string())?;
            let mut buf = vec![0u8; chunk];
            let mut read = 0u64;
            loop {
                let n = read_full(&mut f, &mut buf)
                    .await
                    .map_err(|e| e.to_string())?;
                if n == 0 {
                    break;
                }
                read += n as u64;
                let progress = round2(read as f64 / total as f64 * 100.0);
                let e = event(json!({"progress": progress, "total": total, "completed": read}));
                if tx.send(e).await.is_err() {
                    return Err(String::new());
                }
            }
            push_and_create(&cx, &c, &path, &filename, &hash, || {}).await
        }
        .await;
        drop(file);
        let last = match result {
            Ok(done) => done,
            Err(e) if e.is_empty() => return,
            Err(e) => json!({"error": e}),
        };
        let _ = tx.send(event(last)).await;
    }))
}

/// Fill `buf` as far as the file goes (a short read only at the end).
async fn read_full(f: &mut tokio::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        let got = f.read(&mut buf[n..]).await?;
        if got == 0 {
            break;
        }
        n += got;
    }
    Ok(n)
}

/// `POST /ollama/models/download[/{url_idx}]`: invalid unless the URL is on
/// Hugging Face or GitHub; `None` (JSON `null`) when it names no file.
pub fn ollama_download(
    cx: &Ctx,
    actor: &Actor,
    url_idx: Option<usize>,
    url: &str,
) -> Result<Option<Relay>> {
    actor.require_admin()?;
    if !ALLOWED_HOSTS.iter().any(|h| url.starts_with(h)) {
        return Err(Error::invalid(DOWNLOAD_HOST_INVALID));
    }
    let idx = ollama_file_target(cx, actor, url_idx)?;
    let name = url_file_name(url);
    if name.is_empty() {
        return Ok(None);
    }
    ollama_fetch_model(cx, idx, url, &name).map(Some)
}

/// Download `file_url` into the upload folder as `file_name` (resuming a
/// partial file), with progress events, then push it to Ollama connection
/// `url_idx` and create the model. No host check: callers do that.
pub fn ollama_fetch_model(
    cx: &Ctx,
    url_idx: usize,
    file_url: &str,
    file_name: &str,
) -> Result<Relay> {
    let c = any_conn(cx, url_idx)?;
    let cx = cx.clone();
    let (file_url, name) = (file_url.to_string(), file_name.to_string());
    Ok(sse(move |tx| async move {
        let path = crate::core::files::upload_dir(&cx).join(&name);
        let result = fetch(&cx, &c, &tx, &file_url, &path, &name).await;
        let last = match result {
            Ok(done) => done,
            Err(e) if e.is_empty() => return,
            Err(e) => json!({"error": e}),
        };
        let _ = tx.send(event(last)).await;
    }))
}

async fn fetch(
    cx: &Ctx,
    c: &Conn,
    tx: &mpsc::Sender<Bytes>,
    file_url: &str,
    path: &PathBuf,
    name: &str,
) -> std::result::Result<Value, String> {
    if name == "." || name == ".." {
        return Err(format!("Invalid file name: {name}"));
    }
    let chunk = chunk_size(cx);
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| e.to_string())?;
    }
    let mut current = tokio::fs::metadata(path).await.map_or(0, |m| m.len());
    let mut rb = download_client()
        .map_err(|e| e.to_string())?
        .get(file_url)
        .timeout(std::time::Duration::from_secs(600));
    if current > 0 {
        rb = rb.header("range", format!("bytes={current}-"));
    }
    let r = rb.send().await.map_err(|e| e.to_string())?;
    if !r.status().is_success() {
        return Err(format!(
            "Failed to download {file_url}: HTTP {}",
            r.status()
        ));
    }
    let mut f = tokio::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .await
        .map_err(|e| e.to_string())?;
    if current > 0 && r.status() != reqwest::StatusCode::PARTIAL_CONTENT {
        // the server sent the whole file again
        f.set_len(0).await.map_err(|e| e.to_string())?;
        current = 0;
    }
    let total = r.content_length().unwrap_or(0) + current;
    let mut body = r.bytes_stream();
    let mut unreported = 0usize;
    while let Some(b) = futures::StreamExt::next(&mut body).await {
        let b = b.map_err(|e| e.to_string())?;
        f.write_all(&b).await.map_err(|e| e.to_string())?;
        current += b.len() as u64;
        unreported += b.len();
        if unreported >= chunk {
            unreported = 0;
            send_progress(tx, current, total).await?;
        }
    }
    if unreported > 0 {
        send_progress(tx, current, total).await?;
    }
    f.flush().await.map_err(|e| e.to_string())?;
    drop(f);
    let p = path.clone();
    let hash = tokio::task::spawn_blocking(move || sha256_file(&p, chunk))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let p = path.clone();
    push_and_create(cx, c, path, name, &hash, move || {
        let _ = std::fs::remove_file(p);
    })
    .await
}

/// A download progress event; `Err("")` when the client went away.
async fn send_progress(
    tx: &mpsc::Sender<Bytes>,
    current: u64,
    total: u64,
) -> std::result::Result<(), String> {
    let of = if total > 0 { total } else { current };
    let progress = round2(current as f64 / of as f64 * 100.0);
    let e = event(json!({"progress": progress, "completed": current, "total": total}));
    tx.send(e).await.map_err(|_| String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_follow_redirects_only_to_the_file_servers_of_allowed_hosts() {
        let ok = |u: &str| download_hop_allowed(&reqwest::Url::parse(u).unwrap());
        assert!(ok("https://cdn-lfs.huggingface.co/repos/x"));
        assert!(ok("https://cas-bridge.xethub.hf.co/x"));
        assert!(ok("https://objects.githubusercontent.com/x"));
        assert!(ok("https://github.com/o/r/releases/download/v1/m.gguf"));
        assert!(!ok("http://cdn-lfs.huggingface.co/x"));
        assert!(!ok("https://huggingface.co.evil.example/x"));
        assert!(!ok("https://evilhuggingface.co/x"));
        assert!(!ok("https://169.254.169.254/latest/meta-data"));
        assert!(!ok("https://gist.github.com.example/x"));
    }

    #[test]
    fn names_as_python_splits_them() {
        assert_eq!(stem("model.gguf"), "model");
        assert_eq!(stem("a.b.gguf"), "a.b");
        assert_eq!(stem(".hidden"), ".hidden");
        assert_eq!(stem("noext"), "noext");
        assert_eq!(basename("dir/x.gguf"), "x.gguf");
        assert_eq!(
            url_file_name("https://huggingface.co/o/r/resolve/main/m.gguf?download=true"),
            "m.gguf"
        );
        assert_eq!(url_file_name("https://github.com/"), "");
        assert_eq!(url_file_name("https://github.com"), "");
    }

    #[test]
    fn events_are_written_as_python_does() {
        assert_eq!(
            py_dumps(&json!({"progress": 33.33, "total": 3, "completed": 1})),
            r#"{"progress": 33.33, "total": 3, "completed": 1}"#
        );
        assert_eq!(
            py_dumps(&json!({"error": "é\"x"})),
            r#"{"error": "\u00e9\"x"}"#
        );
        assert_eq!(py_dumps(&json!({"p": 100.0})), r#"{"p": 100.0}"#);
    }
}
