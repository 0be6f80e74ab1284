//! Indexing: a file's text through extraction, chunking and embedding into
//! a vector collection, with the admin's settings (retrieval spec §5), and
//! who may read or write which collection (§4).
//!
//! A file's own chunks live in `file-{id}`; adding the file to a
//! knowledge base copies those chunks, vectors included, into the KB's
//! collection (named by the KB id) without embedding them again. Every
//! chunk carries the file's metadata, `file_id`, `name`, `source`, `hash`
//! and `embedding_config`, so a file's chunks can be found and removed by
//! `file_id` or `hash` in any collection.
//!
//! The CPU work (extraction, splitting, the built-in model) runs off the
//! async workers, and no database transaction is held across it: chunks
//! are embedded first, then checked for duplicates and written together
//! with the file's `hash` and `meta.collection_name` in one transaction.

use std::sync::LazyLock;

use serde_json::{Map, Value, json};
use tokio::sync::Semaphore;

use super::chunk::{self, EMPTY_CONTENT};
use super::embed::{self, Purpose};
use super::settings::{self, ExtractionEngine, RagSettings};
use super::vectors::{self, Item};
use super::{Document, extract};
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::files::{self, FileModel};
use crate::core::knowledge;
use crate::error::{Error, Result, msg};
use crate::util::new_id;

/// The refusal of content already indexed into the target collection
/// from another file.
pub const DUPLICATE_CONTENT: &str =
    "Duplicate content detected. Please provide unique content to proceed.";
/// `data.error` of an audio upload (upstream transcribes it).
pub const NO_TRANSCRIPTION: &str = "Speech-to-text is not available on this server yet: the file is stored, but it was not transcribed.";

/// Metadata keys never copied onto chunks (large or redundant).
const KEYS_TO_EXCLUDE: &[&str] = &[
    "content",
    "pages",
    "tables",
    "paragraphs",
    "sections",
    "figures",
    "documents",
    "keyValuePairs",
    "styles",
    "languages",
];

/// Uploads processed at once: each may take both cores while embedding,
/// so more would only queue CPU work and memory.
static PROCESSING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(2));

/// What indexing a file gives (`ProcessFileResponse` without `status`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Indexed {
    /// The target collection; `None` when embedding is bypassed.
    pub collection_name: Option<String>,
    pub filename: String,
    /// The file's whole text.
    pub content: String,
}

/// How many chunks are embedded so far, for progress bars.
pub type Progress<'a> = &'a (dyn Fn(usize) + Send + Sync);

/// Upstream's `filter_metadata`: the excluded keys dropped.
fn filter_metadata(m: &Map<String, Value>) -> Map<String, Value> {
    m.iter()
        .filter(|(k, _)| !KEYS_TO_EXCLUDE.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Upstream's `filter_file_metadata`: `meta` without `data`, on top of the
/// keys of `meta.data`, filtered.
fn file_metadata(f: &FileModel) -> Map<String, Value> {
    let mut meta = match &f.meta {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    let mut out = match meta.remove("data") {
        Some(Value::Object(d)) => filter_metadata(&d),
        _ => Map::new(),
    };
    out.extend(meta);
    filter_metadata(&out)
}

/// The metadata every document of a file starts from.
pub(super) fn base_metadata(
    f: &FileModel,
    loader: Option<&Map<String, Value>>,
) -> Map<String, Value> {
    let mut m = file_metadata(f);
    if let Some(l) = loader {
        m.extend(filter_metadata(l));
    }
    m.insert("name".into(), json!(f.filename));
    m.insert("created_by".into(), json!(f.user_id));
    m.insert("file_id".into(), json!(f.id));
    m.insert("source".into(), json!(f.filename));
    m
}

/// Chunk text as stored: NUL bytes removed.
fn sanitize(text: &str) -> String {
    text.replace('\0', "")
}

/// Whether the first collection chunk with this `hash` belongs to another
/// file (§5.1).
pub(super) fn duplicate_in(
    c: &rusqlite::Connection,
    collection: &str,
    hash: &str,
    file_id: &str,
) -> Result<bool> {
    let hits = vectors::get_where(c, collection, "hash", &json!(hash))?;
    Ok(match hits.first() {
        Some(h) => h.metadata.get("file_id").and_then(Value::as_str) != Some(file_id),
        None => false,
    })
}

/// Chunk and embed documents: the items to insert (fresh ids), with
/// `extra` metadata on top of each document's.
pub async fn embed_documents(
    cx: &Ctx,
    rag: &RagSettings,
    docs: Vec<Document>,
    extra: &Map<String, Value>,
    split: bool,
    progress: Progress<'_>,
) -> Result<Vec<Item>> {
    let docs = if split {
        let cfg = settings::chunk_config(&rag.chunking);
        cx.blocking(move |_| chunk::split(&cfg, docs)).await?
    } else {
        docs
    };
    if docs.is_empty() {
        return Err(Error::invalid(EMPTY_CONTENT));
    }
    let ecfg = settings::embed_config_for(cx);
    let texts: Vec<String> = docs.iter().map(|d| sanitize(&d.text)).collect();
    let inputs: Vec<String> = texts.iter().map(|t| t.replace('\n', " ")).collect();
    let vecs = embed::embed(cx.http(), &ecfg, inputs, Purpose::Content, progress)
        .await
        .map_err(embedding_error)?;
    if vecs.len() != docs.len() {
        return Err(Error::invalid(format!(
            "The embedding engine returned {} vectors for {} chunks.",
            vecs.len(),
            docs.len()
        )));
    }
    let config = json!({"engine": ecfg.engine, "model": rag.embedding.model});
    Ok(docs
        .into_iter()
        .zip(texts)
        .zip(vecs)
        .map(|((d, text), vector)| {
            let mut metadata = d.metadata;
            metadata.extend(extra.clone());
            metadata.insert("embedding_config".into(), config.clone());
            metadata.retain(|_, v| !v.is_null());
            Item {
                id: new_id(),
                text,
                vector,
                metadata,
            }
        })
        .collect())
}

/// An embedding failure as upstream reports it: a 400 with its message.
fn embedding_error(e: Error) -> Error {
    embed::request_error(e)
}

/// Where a file's documents come from (§5's table).
enum Source {
    /// Edited or transcribed text: `file-{id}` is rebuilt from it.
    Content(String),
    /// The chunks of `file-{id}`, copied as they are.
    Reuse(Vec<Item>),
    /// Documents to chunk and embed: `also_file` rebuilds `file-{id}` too
    /// (a file added to a KB whose own chunks were missing).
    Docs {
        docs: Vec<Document>,
        text: String,
        also_file: bool,
    },
}

/// Index a file (`process/file` and everything built on it), without an
/// access check (callers check): extract unless `content` is given or
/// `target` is set (then reuse `file-{id}`), chunk, embed, insert into
/// `target` (default `file-{id}`); `data.content`, `hash` and
/// `meta.collection_name` are recorded. On failure the file is marked
/// `failed` with the message and its `hash` cleared; the caller sets
/// `completed` once its own work is done.
pub async fn index_file(
    cx: &Ctx,
    file_id: &str,
    content: Option<String>,
    target: Option<String>,
    progress: Progress<'_>,
) -> Result<Indexed> {
    let r = index_inner(cx, file_id, content, target, false, progress).await;
    if let Err(e) = &r {
        let mut patch = Map::new();
        patch.insert("status".into(), json!("failed"));
        patch.insert("error".into(), json!(e.to_string()));
        let fid = file_id.to_string();
        let _ = cx
            .blocking(move |cx| {
                cx.db.write(|tx| {
                    files::merge_data_tx(tx, &fid, patch)?;
                    files::set_index_tx(tx, &fid, None, None)
                })
            })
            .await;
    }
    r
}

async fn index_inner(
    cx: &Ctx,
    file_id: &str,
    content: Option<String>,
    target: Option<String>,
    replace: bool,
    progress: Progress<'_>,
) -> Result<Indexed> {
    let f = files::row(cx, file_id)?.ok_or_else(Error::not_found)?;
    let rag = settings::rag(cx);
    let file_coll = format!("file-{}", f.id);
    let into_kb = target.is_some();
    let target = target.unwrap_or_else(|| file_coll.clone());
    vectors::check_name(&target)?;
    let stored = f
        .data
        .as_ref()
        .and_then(|d| d.get("content"))
        .and_then(Value::as_str)
        .map(str::to_string);

    let source = if let Some(c) = content.filter(|c| !c.is_empty()) {
        Source::Content(c)
    } else if into_kb {
        let (fc, fid) = (file_coll.clone(), f.id.clone());
        let items = cx
            .blocking(move |cx| cx.db.read(|c| vectors::items(c, &fc)))
            .await?
            .into_iter()
            .filter(|i| i.metadata.get("file_id").and_then(Value::as_str) == Some(fid.as_str()))
            .collect::<Vec<_>>();
        if !items.is_empty() {
            Source::Reuse(items)
        } else if let Some(text) = stored.clone() {
            Source::Docs {
                docs: vec![Document {
                    text: text.clone(),
                    metadata: base_metadata(&f, None),
                }],
                text,
                also_file: true,
            }
        } else {
            return Err(Error::invalid(EMPTY_CONTENT));
        }
    } else {
        let docs = match f.path.as_deref().and_then(|p| files::stored_path(cx, p)) {
            Some(path) => {
                let ecfg = settings::extract_config(&rag);
                let ct = f.content_type();
                extract::extract(cx.http(), &ecfg, &path, &f.filename, ct.as_deref())
                    .await?
                    .into_iter()
                    .map(|d| Document {
                        metadata: base_metadata(&f, Some(&d.metadata)),
                        text: d.text,
                    })
                    .collect::<Vec<_>>()
            }
            None => vec![Document {
                text: stored.clone().unwrap_or_default(),
                metadata: base_metadata(&f, None),
            }],
        };
        let text = docs
            .iter()
            .map(|d| d.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Source::Docs {
            docs,
            text,
            also_file: false,
        }
    };

    let text = match &source {
        Source::Content(c) => c.clone(),
        Source::Reuse(_) => stored.clone().unwrap_or_default(),
        Source::Docs { text, .. } => text.clone(),
    };
    let hash = chunk::content_hash(&text);
    {
        let mut patch = Map::new();
        patch.insert("content".into(), json!(text));
        files::merge_data(cx, &f.id, patch)?;
    }
    if rag.bypass_embedding_and_retrieval {
        let (fid, h) = (f.id.clone(), hash.clone());
        cx.db
            .write(|tx| files::set_index_tx(tx, &fid, Some(&h), None))?;
        return Ok(Indexed {
            collection_name: None,
            filename: f.filename,
            content: text,
        });
    }

    // targets: (collection, drop it first, append when it exists)
    let mut targets: Vec<(String, bool, bool)> = vec![(
        target.clone(),
        matches!(source, Source::Content(_)) && target == file_coll,
        into_kb,
    )];
    if matches!(source, Source::Content(_)) && target != file_coll {
        targets.push((file_coll.clone(), true, false));
    }
    if let Source::Docs {
        also_file: true, ..
    } = &source
    {
        targets.push((file_coll.clone(), false, true));
    }
    // a cheap look before the embedding work
    for (name, drop_first, _) in &targets {
        if !drop_first && cx.db.read(|c| duplicate_in(c, name, &hash, &f.id))? {
            return Err(Error::invalid(DUPLICATE_CONTENT));
        }
    }

    let mut extra = Map::new();
    extra.insert("file_id".into(), json!(f.id));
    extra.insert("name".into(), json!(f.filename));
    extra.insert("hash".into(), json!(hash));
    let items = match source {
        Source::Reuse(items) => items
            .into_iter()
            .map(|mut i| {
                i.id = new_id();
                i.metadata.extend(extra.clone());
                i
            })
            .collect(),
        Source::Content(c) => {
            let doc = Document {
                text: c.replace("<br/>", "\n"),
                metadata: base_metadata(&f, None),
            };
            embed_documents(cx, &rag, vec![doc], &extra, true, progress).await?
        }
        Source::Docs { docs, .. } => {
            embed_documents(cx, &rag, docs, &extra, true, progress).await?
        }
    };

    let (fid, h, tgt) = (f.id.clone(), hash.clone(), target.clone());
    cx.blocking(move |cx| {
        cx.db.write(|tx| {
            for (name, drop_first, add) in &targets {
                if *drop_first {
                    vectors::delete_collection(tx, name)?;
                } else if replace && name == &tgt {
                    vectors::delete_where(tx, name, "file_id", &json!(fid))?;
                } else if duplicate_in(tx, name, &h, &fid)? {
                    return Err(Error::invalid(DUPLICATE_CONTENT));
                }
                if !drop_first && !add && vectors::has_collection(tx, name)? {
                    continue;
                }
                let copies: Vec<Item> = items
                    .iter()
                    .map(|i| Item {
                        id: if name == &tgt { i.id.clone() } else { new_id() },
                        ..i.clone()
                    })
                    .collect();
                vectors::insert(tx, name, &copies)?;
            }
            files::set_index_tx(tx, &fid, Some(&h), Some(&tgt))
        })
    })
    .await?;
    Ok(Indexed {
        collection_name: Some(target),
        filename: f.filename,
        content: text,
    })
}

/// Replace a file's chunks in a KB's collection with those of its own
/// collection, in one transaction (the file's text changed, or
/// `file/update`). A failure leaves the KB's chunks as they were.
pub async fn refresh_in_knowledge(cx: &Ctx, kb: &str, file_id: &str) -> Result<()> {
    index_inner(cx, file_id, None, Some(kb.to_string()), true, &|_| {}).await?;
    Ok(())
}

/// How a content update ended, past its checks.
#[derive(Debug, Clone, PartialEq)]
pub enum ContentUpdate {
    /// Indexed everywhere: the new text.
    Done(String),
    /// The file's own collection could not be rebuilt.
    IndexFailed,
    /// The file is indexed, some KB collections were not.
    KnowledgeFailed,
}

impl ContentUpdate {
    /// Upstream's words for a failure (sent with a 500).
    pub fn failure(&self) -> Option<&'static str> {
        match self {
            ContentUpdate::Done(_) => None,
            ContentUpdate::IndexFailed => {
                Some("Failed to process indexed text. Your changes were not fully indexed.")
            }
            ContentUpdate::KnowledgeFailed => Some(
                "Indexed text was saved, but some knowledge collections could not be reindexed. Retry saving to complete indexing.",
            ),
        }
    }
}

/// `POST /api/v1/files/{id}/data/content/update`: new text for a file the
/// actor may change: its own collection rebuilt from it, `completed`, and
/// its chunks replaced in every KB holding it.
pub async fn update_content(
    cx: &Ctx,
    actor: &Actor,
    file_id: &str,
    content: String,
) -> Result<ContentUpdate> {
    files::check_content_update(cx, actor, file_id, &content)?;
    if let Err(e) = index_file(cx, file_id, Some(content.clone()), None, &|_| {}).await {
        tracing::error!("reindexing the text of file {file_id}: {e}");
        return Ok(ContentUpdate::IndexFailed);
    }
    mark_completed(cx, file_id)?;
    let mut failed = false;
    for kb in knowledge::kbs_of_file(cx, file_id)? {
        if let Err(e) = refresh_in_knowledge(cx, &kb, file_id).await {
            tracing::error!("reindexing file {file_id} in knowledge base {kb}: {e}");
            failed = true;
        }
    }
    Ok(if failed {
        ContentUpdate::KnowledgeFailed
    } else {
        ContentUpdate::Done(content)
    })
}

/// Mark a file `completed` (error cleared).
pub fn mark_completed(cx: &Ctx, file_id: &str) -> Result<()> {
    let mut patch = Map::new();
    patch.insert("status".into(), json!("completed"));
    patch.insert("error".into(), Value::Null);
    files::merge_data(cx, file_id, patch)
}

fn mark_failed(cx: &Ctx, file_id: &str, error: &str) -> Result<()> {
    let mut patch = Map::new();
    patch.insert("status".into(), json!("failed"));
    patch.insert("error".into(), json!(error));
    files::merge_data(cx, file_id, patch)
}

/// `POST /api/v1/retrieval/process/file`: index a file the caller owns or
/// may change (not found otherwise) into `collection_name` (which the
/// caller must be able to write) or its own collection, and mark it
/// completed.
pub async fn process_file(
    cx: &Ctx,
    actor: &Actor,
    file_id: &str,
    content: Option<String>,
    collection_name: Option<String>,
) -> Result<Indexed> {
    actor.require_verified()?;
    let f = files::row(cx, file_id)?.ok_or_else(Error::not_found)?;
    if !files::may(cx, actor, &f, "write")? {
        return Err(Error::not_found());
    }
    if let Some(name) = &collection_name {
        check_access(cx, actor, std::slice::from_ref(name), Access::Write)?;
    }
    let out = index_file(cx, file_id, content, collection_name, &|_| {}).await?;
    mark_completed(cx, file_id)?;
    Ok(out)
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
    list.iter().any(|p| mime_matches(p, &essence))
}

fn mime_matches(pattern: &str, essence: &str) -> bool {
    let pattern = pattern.trim().to_ascii_lowercase();
    match pattern.strip_suffix("/*") {
        Some(major) => essence.split('/').next() == Some(major),
        None => pattern == "*/*" || pattern == essence,
    }
}

/// Whether images and videos of this type are sent to the extraction
/// engine: with no list configured only the `external` engine takes them;
/// with a list, any engine but the built-in one, for the listed types.
fn media_extracted(rag: &RagSettings, ct: &str) -> bool {
    let x = &rag.extraction;
    match &x.supported_media_mime_types {
        None => matches!(x.engine, ExtractionEngine::External),
        Some(list) => {
            !matches!(x.engine, ExtractionEngine::Builtin)
                && list.iter().any(|p| mime_matches(p, ct))
        }
    }
}

/// Whether the first 8 KiB hold no NUL byte (upstream's check for text
/// mislabelled as image or video, e.g. `.ts` sent as `video/mp2t`).
fn looks_like_text(path: &std::path::Path) -> bool {
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

/// The processing of an upload (files.md §5.1), run in the background or
/// awaited: `processing`, then the file indexed into `file-{id}` (images
/// and videos only when the extraction engine takes them), then linked
/// into `metadata.knowledge_id` when the uploader may change that KB,
/// then `completed`; any failure ends `failed` with its message. At most
/// two run at once.
pub async fn process_upload(cx: &Ctx, actor: &Actor, file_id: &str, progress: Progress<'_>) {
    let _permit = PROCESSING.acquire().await;
    if let Err(e) = process_upload_inner(cx, actor, file_id, progress).await {
        tracing::info!("processing file {file_id}: {e}");
        let _ = mark_failed(cx, file_id, &e.to_string());
    }
}

async fn process_upload_inner(
    cx: &Ctx,
    actor: &Actor,
    file_id: &str,
    progress: Progress<'_>,
) -> Result<()> {
    let f = files::row(cx, file_id)?.ok_or_else(Error::not_found)?;
    let mut patch = Map::new();
    patch.insert("status".into(), json!("processing"));
    files::merge_data(cx, file_id, patch)?;
    let rag = settings::rag(cx);
    let path = f.path.as_deref().and_then(|p| files::stored_path(cx, p));
    let mut ct = f.content_type().unwrap_or_default();
    if (ct.starts_with("image/") || ct.starts_with("video/"))
        && path.as_deref().is_some_and(looks_like_text)
    {
        ct = "text/plain".into();
    }
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !ct.is_empty() && is_audio(cx, &ct) {
        return Err(Error::invalid(NO_TRANSCRIPTION));
    }
    if essence.starts_with("image/") && !media_extracted(&rag, &essence) {
        return Err(Error::invalid(format!(
            "File type {ct} is not supported for processing"
        )));
    }
    if essence.starts_with("video/") && !media_extracted(&rag, &essence) {
        return mark_completed(cx, file_id);
    }
    index_file(cx, file_id, None, None, progress).await?;
    link_from_metadata(cx, actor, &f).await?;
    mark_completed(cx, file_id)
}

/// Step 4 of upload processing: `meta.data.knowledge_id` (and
/// `directory_id`, ignored unless it is a folder of that KB).
async fn link_from_metadata(cx: &Ctx, actor: &Actor, f: &FileModel) -> Result<()> {
    let data = f.meta.as_ref().and_then(|m| m.get("data"));
    let Some(kb) = data
        .and_then(|d| d.get("knowledge_id"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    else {
        return Ok(());
    };
    if !knowledge::may_write(cx, actor, kb)? {
        return Ok(());
    }
    let dir = data
        .and_then(|d| d.get("directory_id"))
        .and_then(Value::as_str)
        .filter(|d| knowledge::has_dir(cx, kb, d).unwrap_or(false))
        .map(str::to_string);
    add_to_knowledge(cx, actor, kb, &f.id, dir.as_deref()).await
}

/// Copy a file's chunks into a KB's collection and link it (no access
/// check: callers check). A file already linked gets its chunks again, as
/// upstream.
pub async fn add_to_knowledge(
    cx: &Ctx,
    actor: &Actor,
    kb: &str,
    file_id: &str,
    directory_id: Option<&str>,
) -> Result<()> {
    index_file(cx, file_id, None, Some(kb.to_string()), &|_| {}).await?;
    let (kb, fid, dir, a) = (
        kb.to_string(),
        file_id.to_string(),
        directory_id.map(str::to_string),
        actor.clone(),
    );
    cx.blocking(move |cx| {
        cx.db
            .write(|tx| knowledge::link_file_tx(tx, &kb, &fid, dir.as_deref(), &a))
    })
    .await?;
    Ok(())
}

/// Read or write, as a collection check asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

impl Access {
    fn word(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
        }
    }
}

/// Whether the actor may use one collection name (§4): every recognised
/// spelling must be allowed; names nobody owns only with
/// `ENABLE_RETRIEVAL_UNSCOPED_COLLECTIONS`.
fn may_use(cx: &Ctx, actor: &Actor, name: &str, access: Access) -> Result<bool> {
    let mut authorised = false;
    for n in vectors::spellings(name) {
        if n == "knowledge-bases" {
            return Ok(false);
        }
        let ok = if let Some(fid) = n.strip_prefix("file-") {
            match files::row(cx, fid)? {
                Some(f) => files::may(cx, actor, &f, access.word())?,
                None => false,
            }
        } else if n.starts_with("user-memory-") {
            n == format!("user-memory-{}", actor.id)
        } else if n.starts_with("web-search-") {
            n.starts_with(&format!("web-search-{}-", actor.id))
        } else {
            match knowledge::access_of(cx, actor, &n, access.word())? {
                Some(ok) => ok,
                None => continue,
            }
        };
        if !ok {
            return Ok(false);
        }
        authorised = true;
    }
    Ok(authorised || cx.cfg.bool("ENABLE_RETRIEVAL_UNSCOPED_COLLECTIONS"))
}

/// Refuse (403) unless the actor may read or write every collection
/// named. Malformed names are refused to admins too; admins pass the rest.
pub fn check_access(cx: &Ctx, actor: &Actor, names: &[String], access: Access) -> Result<()> {
    actor.require_verified()?;
    for n in names {
        if vectors::check_name(n).is_err() {
            return Err(Error::forbidden(msg::ACCESS_PROHIBITED));
        }
    }
    if actor.is_admin() {
        return Ok(());
    }
    for n in names {
        if !may_use(cx, actor, n, access)? {
            return Err(Error::forbidden(msg::ACCESS_PROHIBITED));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
