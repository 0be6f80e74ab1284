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
//! they read or linked into a knowledge base they read, and change one
//! linked into a KB of the file's owner on which they hold a `write`
//! grant. Shared chats, notes and models (the other ways upstream grants
//! access) do not exist here yet. Missing access is "not found", as
//! upstream.
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
use crate::core::retrieval::vectors;
use crate::core::{channels, knowledge};
use crate::error::{Error, Result};
use crate::util::{new_id, now};

/// Files per page of `GET /api/v1/files/`.
pub const PAGE_SIZE: i64 = 50;

pub const EMPTY_CONTENT: &str = "The content provided is empty. Please ensure that there is text or data present before proceeding.";
pub const ORIGINAL_UNAVAILABLE: &str = "Original file is unavailable.";

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
/// shared in a channel the user reads, and reading or changing one
/// through a knowledge base (`knowledge::file_access`).
fn has_access(cx: &Ctx, actor: &Actor, f: &FileModel, permission: &str) -> Result<bool> {
    if f.user_id == actor.id {
        return Ok(true);
    }
    if permission == "read" && channels::file_readable_by(cx, &f.id, &actor.id)? {
        return Ok(true);
    }
    knowledge::file_access(cx, actor, &f.id, &f.user_id, permission)
}

fn find(cx: &Ctx, id: &str) -> Result<Option<FileModel>> {
    cx.db.read(|c| store::get(c, id))
}

/// A row by id, with no access check (for the indexing code, which checks).
pub fn row(cx: &Ctx, id: &str) -> Result<Option<FileModel>> {
    find(cx, id)
}

/// A row by id inside the caller's transaction.
pub fn row_tx(tx: &rusqlite::Connection, id: &str) -> Result<Option<FileModel>> {
    store::get(tx, id)
}

/// Whether the actor may read (`"read"`) or change (`"write"`) the file:
/// owner, admin, or access through a channel or knowledge base
/// (files.md §8).
pub fn may(cx: &Ctx, actor: &Actor, f: &FileModel, permission: &str) -> Result<bool> {
    Ok(is_owner_or_admin(actor, f) || has_access(cx, actor, f, permission)?)
}

/// Merge `patch` into the row's `data` (keys replaced, others kept), in
/// the caller's transaction.
pub fn merge_data_tx(tx: &rusqlite::Connection, id: &str, patch: Map<String, Value>) -> Result<()> {
    let Some(f) = store::get(tx, id)? else {
        return Ok(());
    };
    let mut data = match f.data {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    data.extend(patch);
    store::set_data(tx, id, &Value::Object(data), now())
}

/// [`merge_data_tx`] in a transaction of its own.
pub fn merge_data(cx: &Ctx, id: &str, patch: Map<String, Value>) -> Result<()> {
    cx.db.write(|tx| merge_data_tx(tx, id, patch))
}

/// Record where a file's chunks went: `hash` (None clears it) and, when
/// given, `meta.collection_name`.
pub fn set_index_tx(
    tx: &rusqlite::Connection,
    id: &str,
    hash: Option<&str>,
    collection: Option<&str>,
) -> Result<()> {
    let t = now();
    store::set_hash(tx, id, hash, t)?;
    if let Some(name) = collection
        && let Some(f) = store::get(tx, id)?
    {
        let mut meta = match f.meta {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        meta.insert("collection_name".into(), Value::String(name.to_string()));
        store::set_meta(tx, id, &Value::Object(meta), t)?;
    }
    Ok(())
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
pub fn stored_path(cx: &Ctx, path: &str) -> Option<PathBuf> {
    local_path(cx, path)
}

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

/// `DELETE /api/v1/files/all` (admin): every row, everything in the
/// upload directory, and every vector collection.
pub fn delete_all(cx: &Ctx, actor: &Actor) -> Result<()> {
    actor.require_admin()?;
    cx.db
        .write(|tx| {
            store::delete_all(tx)?;
            vectors::reset(tx)
        })
        .map_err(|e| {
            tracing::error!("deleting every file: {e}");
            default_error("Error deleting files")
        })?;
    cx.vectors.clear();
    let dir = upload_dir(cx);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let path = e.path();
            let r = match e.file_type() {
                Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
                _ => std::fs::remove_file(&path),
            };
            if let Err(err) = r {
                tracing::error!("deleting {}: {err}", path.display());
                return Err(default_error("Error deleting files"));
            }
        }
    }
    Ok(())
}

/// The file as `data/content/update` needs it: one the actor may change
/// (not found otherwise), with the new text checked (not blank, within the
/// upload limit).
pub fn check_content_update(cx: &Ctx, actor: &Actor, id: &str, content: &str) -> Result<FileModel> {
    let f = writable(cx, actor, id)?;
    if content.trim().is_empty() {
        return Err(Error::invalid(EMPTY_CONTENT));
    }
    if let Some(l) = upload_limit(cx)
        && content.len() as u64 > l.bytes
    {
        return Err(l.error());
    }
    Ok(f)
}

/// Files uploaded for a knowledge base (`meta.data.knowledge_id`) still
/// `pending` or `processing`, newest first, whoever uploaded them.
pub fn pending_for_knowledge(cx: &Ctx, knowledge_id: &str) -> Result<Vec<FileModel>> {
    cx.db
        .read(|c| store::pending_for_knowledge(c, knowledge_id))
}

/// `DELETE /api/v1/files/{id}`: its links into knowledge bases and its
/// chunks there, the row and its own collection in one transaction, then
/// the bytes.
pub fn delete(cx: &Ctx, actor: &Actor, id: &str) -> Result<()> {
    let f = writable(cx, actor, id)?;
    let n = cx.db.write(|tx| {
        knowledge::unlink_everywhere_tx(tx, id)?;
        let n = store::delete(tx, id)?;
        vectors::delete_collection(tx, &format!("file-{id}"))?;
        Ok(n)
    })?;
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
