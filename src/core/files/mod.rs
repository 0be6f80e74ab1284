//! Files: uploads kept under `<data_dir>/uploads/` as `{id}_{basename}`,
//! one `file` row each.
//!
//! Table: `file` (channel links in `channel_file`, owned by channels).
//! Endpoints under `/api/v1/files`: `POST /`, `GET /`, `GET /search`,
//! `GET /user/search`, `GET /count`, `GET /user/count`, `GET /{id}`,
//! `GET /{id}/content`, `GET /{id}/content/html`,
//! `GET /{id}/content/{file_name}`, `GET /{id}/data/content`,
//! `GET /{id}/process/status`, `POST /{id}/rename` and `DELETE /{id}`.
//! Commands: `owui files list|upload|show|delete`.
//!
//! Access: the owner and admins; others read a file shared in a channel
//! they read. Knowledge bases, shared chats, notes and models (the other
//! ways upstream grants access) do not exist here yet. Missing access is
//! "not found", as upstream.
//!
//! Processing (`process=true`): owui has no extraction pipeline yet. The
//! file is kept and its `data.status` says so: `failed` with an error that
//! extraction is not available, except where upstream itself extracts
//! nothing (videos: `completed`) or refuses (images: its own error).

mod content;
pub mod model;
mod search;
mod stage;
mod store;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

pub use content::{content, content_html, content_named, data_content};
pub use model::*;
pub use search::{MAX_LIMIT, count, search};
pub use stage::{Staged, Stager};

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::channels;
use crate::error::{Error, Result};
use crate::util::{new_id, now};

/// Files per page of `GET /api/v1/files/`.
pub const PAGE_SIZE: i64 = 50;

pub const EMPTY_CONTENT: &str = "The content provided is empty. Please ensure that there is text or data present before proceeding.";
pub const ORIGINAL_UNAVAILABLE: &str = "Original file is unavailable.";
/// `data.error` of a file whose text could not be extracted here.
pub const NO_EXTRACTION: &str = "Content extraction is not available on this server yet: the file is stored, but its text was not extracted.";
/// `data.error` of an audio file (upstream transcribes it).
pub const NO_TRANSCRIPTION: &str = "Speech-to-text is not available on this server yet: the file is stored, but it was not transcribed.";

fn default_error(m: &str) -> Error {
    Error::invalid(format!("[ERROR: {m}]"))
}

/// Where uploads live.
pub fn upload_dir(cx: &Ctx) -> PathBuf {
    cx.cfg.data_dir.join("uploads")
}

const MB: u64 = 1024 * 1024;

/// `rag.file.max_size` (MB) as stored, when set.
fn max_size(cx: &Ctx) -> Option<(u64, String)> {
    let v = cx.store.get("rag.file.max_size");
    let (n, shown) = match &v {
        Value::Number(n) => (n.as_f64()?, n.to_string()),
        Value::String(s) if !s.trim().is_empty() => (s.trim().parse::<f64>().ok()?, s.clone()),
        _ => return None,
    };
    (n > 0.0).then(|| ((n.trunc() as u64).saturating_mul(MB), shown))
}

/// The size limit an upload is held to.
pub struct Limit {
    pub bytes: u64,
    /// The limit in MB as the refusal says it.
    shown: String,
}

impl Limit {
    /// Upstream's refusal (413).
    pub fn error(&self) -> Error {
        Error::TooLarge(format!(
            "Oops! The file you're trying to upload is too large. Please upload a file that is less than {} MB.",
            self.shown
        ))
    }
}

/// The server's own cap on anything uploaded, `UPLOAD_MAX_SIZE` (MB, 0
/// for none): all an upload that is not a document (an Ollama model
/// file) is held to.
pub fn server_cap(cx: &Ctx) -> Option<Limit> {
    let (bytes, shown) = cap_of(cx)?;
    Some(Limit { bytes, shown })
}

fn cap_of(cx: &Ctx) -> Option<(u64, String)> {
    cx.cfg
        .int("UPLOAD_MAX_SIZE")
        .filter(|n| *n > 0)
        .map(|n| ((n as u64).saturating_mul(MB), n.to_string()))
}

/// The smaller of `rag.file.max_size` (the admin's setting, none by
/// default as upstream) and the server's own cap `UPLOAD_MAX_SIZE` (MB,
/// 0 for none), if either is set.
pub fn upload_limit(cx: &Ctx) -> Option<Limit> {
    let stored = max_size(cx);
    let cap = cap_of(cx);
    let (bytes, shown) = match (stored, cap) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    Some(Limit { bytes, shown })
}

/// The limit in MB, as `/api/config` reports it (`file.max_size`).
pub fn upload_limit_mb(cx: &Ctx) -> Value {
    match (max_size(cx), upload_limit(cx)) {
        (Some((b, _)), Some(l)) if b == l.bytes => cx.store.get("rag.file.max_size"),
        (_, Some(l)) => json!(l.bytes / MB),
        (_, None) => Value::Null,
    }
}

/// The free space uploads must leave on the data directory's disk
/// (`UPLOAD_DISK_RESERVE`, MB).
pub fn disk_reserve(cx: &Ctx) -> u64 {
    (cx.cfg.int("UPLOAD_DISK_RESERVE").unwrap_or(1024).max(0) as u64).saturating_mul(MB)
}

/// Bytes free to unprivileged users on the file system holding `dir`.
fn free_space(dir: &Path) -> std::io::Result<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    // SAFETY: `c` is a NUL-terminated path and `st` a zeroed struct that
    // statvfs only writes into.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok((st.f_bavail as u64).saturating_mul(st.f_frsize as u64))
}

/// Refuse (507) when writing `incoming` more bytes under `dir` would leave
/// less than `reserve` free: a full data disk fails every database write.
pub fn check_space(dir: &Path, reserve: u64, incoming: u64) -> Result<()> {
    if reserve == 0 {
        return Ok(());
    }
    let probe = if dir.exists() {
        dir
    } else {
        dir.parent().unwrap_or(dir)
    };
    match free_space(probe) {
        Ok(free) if free < reserve.saturating_add(incoming) => Err(Error::NoSpace(
            "There is not enough free disk space on the server to store this file.".into(),
        )),
        Ok(_) => Ok(()),
        Err(e) => {
            tracing::warn!("free space of {}: {e}", probe.display());
            Ok(())
        }
    }
}

/// Python's `os.path.basename`: what follows the last `/`.
fn basename(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or("")
}

/// Python's `os.path.splitext(name)[1]`, without the dot, lower-cased.
fn extension(name: &str) -> String {
    let trimmed = name.trim_start_matches('.');
    match trimmed.rfind('.') {
        Some(i) => trimmed[i + 1..].to_lowercase(),
        None => String::new(),
    }
}

fn is_owner_or_admin(actor: &Actor, f: &FileModel) -> bool {
    f.user_id == actor.id || actor.is_admin()
}

/// Upstream's `has_access_to_file` for what exists here: reading a file
/// shared in a channel the user reads. Nothing here grants write yet.
fn has_access(cx: &Ctx, actor: &Actor, f: &FileModel, permission: &str) -> Result<bool> {
    if f.user_id == actor.id {
        return Ok(true);
    }
    if permission == "read" && channels::file_readable_by(cx, &f.id, &actor.id)? {
        return Ok(true);
    }
    Ok(false)
}

fn find(cx: &Ctx, id: &str) -> Result<Option<FileModel>> {
    cx.db.read(|c| store::get(c, id))
}

/// A file the actor may read (owner, admin or access), else not found.
fn readable(cx: &Ctx, actor: &Actor, id: &str) -> Result<FileModel> {
    actor.require_verified()?;
    let f = find(cx, id)?.ok_or_else(Error::not_found)?;
    if is_owner_or_admin(actor, &f) || has_access(cx, actor, &f, "read")? {
        Ok(f)
    } else {
        Err(Error::not_found())
    }
}

/// A file the actor may change (owner, admin or write access), else not
/// found.
fn writable(cx: &Ctx, actor: &Actor, id: &str) -> Result<FileModel> {
    actor.require_verified()?;
    let f = find(cx, id)?.ok_or_else(Error::not_found)?;
    if is_owner_or_admin(actor, &f) || has_access(cx, actor, &f, "write")? {
        Ok(f)
    } else {
        Err(Error::not_found())
    }
}

/// The stored bytes of a row: only the basename of `path`, inside the
/// upload directory (so a row can never point outside it).
fn local_path(cx: &Ctx, path: &str) -> Option<PathBuf> {
    let name = Path::new(path).file_name()?;
    Some(upload_dir(cx).join(name))
}

/// The `metadata` form field as upstream reads it: JSON text; anything
/// falsy is `{}`. `Err(())` for a truthy non-object (upstream fails later
/// with "Error uploading file").
fn parse_metadata(raw: Option<&str>) -> Result<std::result::Result<Map<String, Value>, ()>> {
    let Some(raw) = raw.filter(|s| !s.is_empty()) else {
        return Ok(Ok(Map::new()));
    };
    let v: Value =
        serde_json::from_str(raw).map_err(|_| default_error("Invalid metadata format"))?;
    Ok(match v {
        Value::Object(m) => Ok(m),
        Value::Null | Value::Bool(false) => Ok(Map::new()),
        Value::Array(a) if a.is_empty() => Ok(Map::new()),
        Value::String(s) if s.is_empty() => Ok(Map::new()),
        Value::Number(n) if n.as_f64() == Some(0.0) => Ok(Map::new()),
        _ => Err(()),
    })
}

/// Move the staged bytes to `{id}_{basename}`, or `{id}.{ext}` when the
/// file system finds the name too long. Returns the absolute path.
fn store_bytes(cx: &Ctx, staged: Staged, id: &str, name: &str, ext: &str) -> Result<PathBuf> {
    let dir = upload_dir(cx);
    let first = dir.join(format!("{id}_{name}"));
    let tmp = match staged.persist(&first) {
        Ok(()) => return Ok(first),
        Err((e, tmp)) if e.raw_os_error() == Some(libc::ENAMETOOLONG) => tmp,
        Err((e, _)) => return Err(os_error(e)),
    };
    let short = if ext.is_empty() {
        dir.join(id)
    } else {
        dir.join(format!("{id}.{ext}"))
    };
    tmp.persist(&short).map_err(|(e, _)| os_error(e))?;
    Ok(short)
}

/// An OS error as upstream reports it: `[ERROR: <strerror>]`.
fn os_error(e: std::io::Error) -> Error {
    tracing::warn!("storing an upload: {e}");
    let text = e.to_string();
    let text = text
        .split(" (os error")
        .next()
        .unwrap_or("Error uploading file");
    default_error(text)
}

/// `POST /api/v1/files/`: keep the staged bytes and record the file.
pub fn upload(cx: &Ctx, actor: &Actor, form: UploadForm, staged: Staged) -> Result<Uploaded> {
    actor.require_verified()?;
    let metadata = parse_metadata(form.metadata.as_deref())?;
    let name = basename(&form.filename).to_string();
    let ext = extension(&name);
    if form.process {
        let allowed: Vec<String> = match cx.store.get("rag.file.allowed_extensions") {
            Value::Array(a) => a
                .iter()
                .filter_map(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            _ => vec![],
        };
        if !allowed.is_empty() && !allowed.contains(&ext) {
            return Err(default_error(&format!("File type {ext} is not allowed")));
        }
    }
    if staged.size() == 0 {
        return Err(Error::invalid(EMPTY_CONTENT));
    }
    if let Some(l) = upload_limit(cx)
        && staged.size() > l.bytes
    {
        return Err(l.error());
    }
    let Ok(metadata) = metadata else {
        return Err(default_error("Error uploading file"));
    };
    let size = staged.size();
    let sha = staged.sha256().to_string();
    let id = new_id();
    let path = store_bytes(cx, staged, &id, &name, &ext)?;
    let file_hash = match metadata.get("file_hash") {
        Some(v) if is_truthy(v) => v.clone(),
        _ => Value::String(sha),
    };
    let t = now();
    let f = FileModel {
        id: id.clone(),
        user_id: actor.id.clone(),
        hash: None,
        filename: name.clone(),
        path: Some(path.display().to_string()),
        data: Some(if form.process {
            json!({"status": "pending"})
        } else {
            json!({})
        }),
        meta: Some(json!({
            "name": name,
            "content_type": form.content_type,
            "size": size,
            "file_hash": file_hash,
            "data": Value::Object(metadata.clone()),
        })),
        created_at: Some(t),
        updated_at: Some(t),
    };
    if let Err(e) = cx.db.write(|tx| store::insert(tx, &f)) {
        let _ = std::fs::remove_file(&path);
        return Err(e);
    }
    if let Some(Value::String(cid)) = metadata.get("channel_id")
        && channels::readable_by(cx, cid, &actor.id)?
    {
        channels::link_file(cx, cid, &id, &actor.id)?;
    }
    if form.process {
        process(cx, &f, &path, form.content_type.as_deref())?;
    }
    Ok(Uploaded {
        file: f.item(),
        status: form.process.then_some(true),
        path: f.path.clone(),
    })
}

fn is_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

/// Whether the first 8 KiB hold no NUL byte (upstream's check for text
/// mislabelled as image or video, e.g. `.ts` sent as `video/mp2t`).
fn looks_like_text(path: &Path) -> bool {
    use std::io::Read;
    let mut buf = vec![0u8; 8192];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(n) = f.read(&mut buf) else {
        return false;
    };
    !buf[..n].contains(&0)
}

/// Whether a content type is transcribed (upstream's default list when
/// `audio.stt.supported_content_types` is empty: `audio/*`, `video/webm`).
fn is_audio(cx: &Ctx, ct: &str) -> bool {
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let configured: Vec<String> = match cx.store.get("audio.stt.supported_content_types") {
        Value::Array(a) => a
            .iter()
            .filter_map(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => vec![],
    };
    let list = if configured.is_empty() {
        vec!["audio/*".to_string(), "video/webm".to_string()]
    } else {
        configured
    };
    list.iter().any(|p| match p.strip_suffix("/*") {
        Some(major) => essence.split('/').next() == Some(major),
        None => *p == essence,
    })
}

/// The processing step, as far as owui can take it: the outcome upstream
/// would reach without an extractor, embedder or speech-to-text engine.
fn process(cx: &Ctx, f: &FileModel, path: &Path, content_type: Option<&str>) -> Result<()> {
    let mut ct = content_type.unwrap_or("").to_string();
    if (ct.starts_with("image/") || ct.starts_with("video/")) && looks_like_text(path) {
        ct = "text/plain".into();
    }
    let data = if !ct.is_empty() && is_audio(cx, &ct) {
        json!({"status": "failed", "error": NO_TRANSCRIPTION})
    } else if ct.starts_with("video/") {
        json!({"status": "completed", "error": null})
    } else if ct.starts_with("image/") {
        json!({"status": "failed", "error": format!("File type {ct} is not supported for processing")})
    } else {
        json!({"status": "failed", "error": NO_EXTRACTION})
    };
    cx.db.write(|tx| store::set_data(tx, &f.id, &data, now()))
}

/// `GET /api/v1/files/`: one page of the caller's files (every file for
/// an admin when `BYPASS_ADMIN_ACCESS_CONTROL` is on); `content=false`
/// drops `data.content`.
pub fn list(cx: &Ctx, actor: &Actor, page: i64, content: bool) -> Result<FileList> {
    actor.require_verified()?;
    let page = page.max(1);
    let all = actor.is_admin() && cx.cfg.bool("BYPASS_ADMIN_ACCESS_CONTROL");
    let owner = (!all).then_some(actor.id.as_str());
    let (rows, total) = cx.db.read(|c| {
        store::page(
            c,
            owner,
            crate::core::page_offset(page, PAGE_SIZE),
            PAGE_SIZE,
        )
    })?;
    let items = rows
        .iter()
        .map(|f| {
            let mut item = f.item();
            if !content {
                search::strip_content(&mut item);
            }
            item
        })
        .collect();
    Ok(FileList { items, total })
}

/// `GET /api/v1/files/{id}`: the whole row.
pub fn get(cx: &Ctx, actor: &Actor, id: &str) -> Result<FileModel> {
    readable(cx, actor, id)
}

/// `GET /api/v1/files/{id}/process/status`: `data.status`, `pending`
/// when absent.
pub fn process_status(cx: &Ctx, actor: &Actor, id: &str) -> Result<Value> {
    let f = readable(cx, actor, id)?;
    let status = f
        .data
        .as_ref()
        .and_then(|d| d.get("status"))
        .cloned()
        .unwrap_or_else(|| json!("pending"));
    Ok(json!({ "status": status }))
}

/// Check read access before streaming the status (`?stream=true`).
pub fn check_readable(cx: &Ctx, actor: &Actor, id: &str) -> Result<()> {
    readable(cx, actor, id).map(|_| ())
}

/// One poll of the status stream: `Some((event, last))` to send, `None`
/// to end without an event (no `data.status`: `process=false`).
pub fn status_event(cx: &Ctx, id: &str) -> Result<Option<(Value, bool)>> {
    let Some(f) = find(cx, id)? else {
        return Ok(Some((json!({"status": "not_found"}), true)));
    };
    let status = f.data.as_ref().and_then(|d| d.get("status")).cloned();
    match status {
        Some(s) if is_truthy(&s) => {
            let mut ev = json!({ "status": s });
            if s == "failed" {
                ev["error"] = f
                    .data
                    .as_ref()
                    .and_then(|d| d.get("error"))
                    .cloned()
                    .unwrap_or(Value::Null);
            }
            let last = s == "completed" || s == "failed";
            Ok(Some((ev, last)))
        }
        _ => Ok(None),
    }
}

/// `POST /api/v1/files/{id}/rename`: a new display name (`filename` and
/// `meta.name`); the stored bytes keep their path. A blank name is
/// refused.
pub fn rename(cx: &Ctx, actor: &Actor, id: &str, filename: &str) -> Result<FileModel> {
    writable(cx, actor, id)?;
    if filename.trim().is_empty() {
        return Err(Error::invalid("The file name must not be empty."));
    }
    cx.db.write(|tx| {
        let mut f = store::get(tx, id)?.ok_or_else(Error::not_found)?;
        let mut meta = match f.meta.take() {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        meta.insert("name".into(), Value::String(filename.to_string()));
        let meta = Value::Object(meta);
        let t = now();
        if store::set_name(tx, id, filename, &meta, t)? == 0 {
            return Err(default_error("Error renaming file"));
        }
        f.meta = Some(meta);
        f.filename = filename.to_string();
        f.updated_at = Some(t);
        Ok(f)
    })
}

/// `DELETE /api/v1/files/{id}`: the row, then the bytes.
pub fn delete(cx: &Ctx, actor: &Actor, id: &str) -> Result<()> {
    let f = writable(cx, actor, id)?;
    let n = cx.db.write(|tx| store::delete(tx, id))?;
    if n == 0 {
        return Err(default_error("Error deleting file"));
    }
    if let Some(path) = f.path.as_deref().and_then(|p| local_path(cx, p)) {
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!("file {} not found in local storage", path.display());
            }
            Err(e) => {
                tracing::error!("deleting {}: {e}", path.display());
                return Err(default_error("Error deleting files"));
            }
        }
    }
    Ok(())
}
