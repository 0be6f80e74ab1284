//! The knowledge routes that write vectors: adding, refreshing and
//! removing files, resetting a KB, reindexing everything, the sync
//! cleanup, and the `knowledge-bases` collection of one vector per KB
//! (its name and description), which create, update and
//! `metadata/reindex` keep.
//!
//! Embedding never runs inside a database transaction: the indexing code
//! embeds first and writes in one transaction after.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::dirs::{self, TARGET_NOT_FOUND};
use super::{
    KB_COLLECTION, Knowledge, KnowledgeFiles, KnowledgeForm, store, with_files, writable,
    writable_local,
};
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::files::{self, FileModel};
use crate::core::retrieval::embed::{self, Purpose};
use crate::core::retrieval::index;
use crate::core::retrieval::ops;
use crate::core::retrieval::settings;
use crate::core::retrieval::vectors::{self, Hit, Item};
use crate::error::{Error, Result, msg};
use crate::util::now;

/// `file/add` of a file whose text was never extracted.
pub const FILE_NOT_PROCESSED: &str = "Extracted content is not available for this file. Please ensure that the file is processed before proceeding.";

/// `{"file_id", "directory_id"}` of `file/add`, `file/update`,
/// `file/remove` and each entry of `files/batch/add`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct FileIdForm {
    pub file_id: String,
    #[serde(default)]
    pub directory_id: Option<String>,
}

/// `POST /{id}/sync/cleanup`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct CleanupForm {
    pub file_ids: Vec<String>,
    #[serde(default)]
    pub dir_ids: Vec<String>,
}

/// `POST /metadata/reindex`'s answer.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct MetadataReindexed {
    pub total: usize,
    pub success: usize,
}

/// What `POST /reindex` did (the route answers `true`; the CLI reports
/// it).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Reindexed {
    pub knowledge_bases: usize,
    pub files: usize,
    /// `(file id, error)` of every file that could not be indexed again.
    pub failed: Vec<(String, String)>,
}

/// One chunk a KB search found, with the file it came from.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Found {
    pub file_id: Option<String>,
    pub name: Option<String>,
    pub score: f32,
    pub text: String,
}

/// The text of a KB's entry in `knowledge-bases`, as upstream.
fn metadata_text(name: &str, description: &str) -> String {
    if description.is_empty() {
        name.to_string()
    } else {
        format!("{name}\n\n{description}")
    }
}

/// Embed a KB's name and description into `knowledge-bases` (upsert by
/// KB id). A failure is logged and reported as false: it never fails the
/// change that asked for it, as upstream.
pub async fn embed_metadata(cx: &Ctx, id: &str, name: &str, description: &str) -> bool {
    let text = metadata_text(name, description);
    let r = async {
        let ecfg = settings::embed_config_for(cx);
        let vector = embed::embed(
            cx.http(),
            &ecfg,
            vec![text.clone()],
            Purpose::Content,
            &|_| {},
        )
        .await?
        .pop()
        .ok_or_else(|| Error::invalid("The embedding engine returned no vector."))?;
        let mut metadata = Map::new();
        metadata.insert("knowledge_base_id".into(), json!(id));
        let item = Item {
            id: id.to_string(),
            text: text.clone(),
            vector,
            metadata,
        };
        cx.blocking(move |cx| {
            cx.db
                .write(|tx| vectors::upsert(tx, KB_COLLECTION, &[item]))
        })
        .await
    }
    .await;
    match r {
        Ok(()) => true,
        Err(e) => {
            tracing::error!("Failed to embed knowledge base {id}: {e}");
            false
        }
    }
}

/// `POST /create`: the KB, then its entry in `knowledge-bases`.
pub async fn create(cx: &Ctx, actor: &Actor, form: KnowledgeForm) -> Result<Knowledge> {
    let a = actor.clone();
    let k = cx.blocking(move |cx| super::create(cx, &a, form)).await?;
    embed_metadata(cx, &k.id, &k.name, &k.description).await;
    Ok(k)
}

/// `POST /{id}/update`: name and description, then the KB's entry in
/// `knowledge-bases` again.
pub async fn update(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    form: KnowledgeForm,
) -> Result<KnowledgeFiles> {
    let (a, i) = (actor.clone(), id.to_string());
    let out = cx
        .blocking(move |cx| super::update(cx, &a, &i, form))
        .await?;
    let k = &out.knowledge;
    embed_metadata(cx, &k.id, &k.name, &k.description).await;
    Ok(out)
}

/// `POST /metadata/reindex` (admin): `knowledge-bases` dropped and
/// rebuilt from every KB.
pub async fn reindex_metadata(cx: &Ctx, actor: &Actor) -> Result<MetadataReindexed> {
    actor.require_admin()?;
    let all = cx
        .blocking(|cx| {
            cx.db.write(|tx| {
                vectors::delete_collection(tx, KB_COLLECTION)?;
                store::all(tx)
            })
        })
        .await?;
    let mut success = 0;
    for k in &all {
        if embed_metadata(cx, &k.id, &k.name, &k.description).await {
            success += 1;
        }
    }
    tracing::info!("Embedding reindex complete: {success}/{}", all.len());
    Ok(MetadataReindexed {
        total: all.len(),
        success,
    })
}

/// A failure of the indexing code as the file routes report it: a 400
/// with its message (what is not the caller's fault included, as
/// upstream).
fn as_invalid(e: Error) -> Error {
    match e {
        Error::Internal(e) => Error::invalid(format!("{e:#}")),
        e => e,
    }
}

/// The folder must be one of the KB's (404 otherwise).
fn check_dir(cx: &Ctx, kb: &str, dir: Option<&str>) -> Result<()> {
    if let Some(d) = dir.filter(|d| !d.is_empty())
        && cx.db.read(|c| store::dir(c, kb, d))?.is_none()
    {
        return Err(Error::NotFound(TARGET_NOT_FOUND.into()));
    }
    Ok(())
}

/// Whether the actor may read the file (owner, admin, or a grant through
/// a channel or a KB).
fn may_read_file(cx: &Ctx, actor: &Actor, f: &FileModel) -> Result<bool> {
    Ok(f.user_id == actor.id || actor.is_admin() || files::may(cx, actor, f, "read")?)
}

fn is_linked(cx: &Ctx, kb: &str, file_id: &str) -> Result<bool> {
    Ok(cx
        .db
        .read(|c| store::link_directory(c, kb, file_id))?
        .is_some())
}

/// `POST /{id}/file/add`: a processed file the caller may read, indexed
/// into the KB (its chunks copied from `file-{id}`), marked completed and
/// linked. Adding a linked file again inserts its chunks again; the link
/// stays as it was.
pub async fn add_file(
    cx: &Ctx,
    actor: &Actor,
    kb: &str,
    form: FileIdForm,
) -> Result<KnowledgeFiles> {
    writable_local(cx, actor, kb)?;
    let dir = form.directory_id.filter(|d| !d.is_empty());
    check_dir(cx, kb, dir.as_deref())?;
    let f = files::row(cx, &form.file_id)?.ok_or_else(Error::not_found)?;
    if f.data.as_ref().is_none_or(|d| match d {
        Value::Object(m) => m.is_empty(),
        Value::Null => true,
        _ => false,
    }) {
        return Err(Error::invalid(FILE_NOT_PROCESSED));
    }
    if !may_read_file(cx, actor, &f)? {
        return Err(Error::forbidden(msg::ACCESS_PROHIBITED));
    }
    index::add_to_knowledge(cx, actor, kb, &f.id, dir.as_deref())
        .await
        .map_err(as_invalid)?;
    index::mark_completed(cx, &f.id)?;
    with_files(cx, kb)
}

/// `POST /{id}/file/update`: a linked file's chunks in the KB replaced by
/// those of its own collection (in one transaction).
pub async fn update_file(
    cx: &Ctx,
    actor: &Actor,
    kb: &str,
    form: FileIdForm,
) -> Result<KnowledgeFiles> {
    writable_local(cx, actor, kb)?;
    let f = files::row(cx, &form.file_id)?.ok_or_else(Error::not_found)?;
    if !is_linked(cx, kb, &f.id)? {
        return Err(Error::not_found());
    }
    index::refresh_in_knowledge(cx, kb, &f.id)
        .await
        .map_err(as_invalid)?;
    index::mark_completed(cx, &f.id)?;
    with_files(cx, kb)
}

/// Delete a file as `DELETE /api/v1/files/{id}` does, when the caller
/// owns it or is an admin; a failure is logged (upstream ignores it).
fn delete_file_if_owner(cx: &Ctx, actor: &Actor, f: &FileModel) {
    if f.user_id != actor.id && !actor.is_admin() {
        return;
    }
    if let Err(e) = files::delete(cx, actor, &f.id) {
        tracing::warn!("deleting file {}: {e}", f.id);
    }
}

/// `POST /{id}/file/remove`: the link and the file's chunks in the KB go
/// together; with `delete_file` the file itself goes too when the caller
/// owns it or is an admin.
pub fn remove_file(
    cx: &Ctx,
    actor: &Actor,
    kb: &str,
    file_id: &str,
    delete_file: bool,
) -> Result<KnowledgeFiles> {
    writable_local(cx, actor, kb)?;
    let f = files::row(cx, file_id)?.ok_or_else(Error::not_found)?;
    if !is_linked(cx, kb, &f.id)? {
        return Err(Error::not_found());
    }
    cx.db.write(|tx| super::unlink_file_tx(tx, kb, &f.id))?;
    if delete_file {
        delete_file_if_owner(cx, actor, &f);
    }
    with_files(cx, kb)
}

/// `POST /{id}/files/batch/add`: every file must exist (400 naming the
/// first missing one) and be readable (403); those not linked yet are
/// indexed into the KB and linked. A file that fails is left out, and
/// its error only logged, as upstream's answer drops it.
pub async fn batch_add(
    cx: &Ctx,
    actor: &Actor,
    kb: &str,
    forms: Vec<FileIdForm>,
) -> Result<KnowledgeFiles> {
    writable_local(cx, actor, kb)?;
    for f in &forms {
        check_dir(cx, kb, f.directory_id.as_deref())?;
    }
    let mut rows = Vec::with_capacity(forms.len());
    for f in &forms {
        match files::row(cx, &f.file_id)? {
            Some(r) => rows.push(r),
            None => return Err(Error::invalid(format!("File {} not found", f.file_id))),
        }
    }
    if !actor.is_admin() {
        for r in &rows {
            if !may_read_file(cx, actor, r)? {
                return Err(Error::forbidden(msg::ACCESS_PROHIBITED));
            }
        }
    }
    for form in forms {
        if is_linked(cx, kb, &form.file_id)? {
            continue;
        }
        let dir = form.directory_id.filter(|d| !d.is_empty());
        match index::add_to_knowledge(cx, actor, kb, &form.file_id, dir.as_deref()).await {
            Ok(()) => index::mark_completed(cx, &form.file_id)?,
            Err(e) => tracing::warn!("adding file {} to knowledge base {kb}: {e}", form.file_id),
        }
    }
    with_files(cx, kb)
}

/// `POST /{id}/reset`: the KB's collection and links (and folders with
/// `include_directories`) go in one transaction; then, unless
/// `ENABLE_KNOWLEDGE_FILE_RETENTION`, its files the caller owns (all, for
/// an admin) are deleted. The KB (`None` if it went meanwhile).
pub fn reset(
    cx: &Ctx,
    actor: &Actor,
    kb: &str,
    include_directories: bool,
) -> Result<Option<Knowledge>> {
    writable_local(cx, actor, kb)?;
    let retain = cx.cfg.bool("ENABLE_KNOWLEDGE_FILE_RETENTION");
    let ids = Value::from(vec![kb]).to_string();
    let linked = cx.db.write(|tx| {
        let linked = store::linked_files(tx, &ids, false)?;
        vectors::delete_collection(tx, kb)?;
        store::clear(tx, kb, include_directories)?;
        store::touch(tx, kb, now())?;
        Ok(linked)
    })?;
    if !retain {
        for l in linked {
            if let Some(f) = files::row(cx, &l.id)? {
                delete_file_if_owner(cx, actor, &f);
            }
        }
    }
    super::find(cx, kb)
}

/// `POST /{id}/sync/cleanup`: each listed file linked to the KB is
/// unlinked with its chunks there, and deleted when it is then in no KB
/// (retention off, caller owns it or is an admin); then the listed
/// folders of the KB, last first, with the links inside them.
pub fn cleanup(cx: &Ctx, actor: &Actor, kb: &str, form: CleanupForm) -> Result<()> {
    writable_local(cx, actor, kb)?;
    let retain = cx.cfg.bool("ENABLE_KNOWLEDGE_FILE_RETENTION");
    for fid in &form.file_ids {
        let Some(f) = files::row(cx, fid)? else {
            continue;
        };
        if !is_linked(cx, kb, fid)? {
            continue;
        }
        cx.db.write(|tx| super::unlink_file_tx(tx, kb, fid))?;
        if !retain && super::kbs_of_file(cx, fid)?.is_empty() {
            delete_file_if_owner(cx, actor, &f);
        }
    }
    for d in form.dir_ids.iter().rev() {
        cx.db.write(|tx| {
            if store::dir(tx, kb, d)?.is_none() {
                return Ok(());
            }
            let ids = Value::from(dirs::subtree(&store::dirs(tx, kb)?, d)).to_string();
            for f in store::files_in_dirs(tx, kb, &ids)? {
                super::unlink_file_tx(tx, kb, &f)?;
            }
            store::delete_dir(tx, d)?;
            store::touch(tx, kb, now())
        })?;
    }
    Ok(())
}

/// `POST /reindex` (admin; others get `NotPermitted`): every KB's
/// collection is rebuilt, each linked file's own collection dropped and
/// rebuilt from its stored text (chunked and embedded again) and copied
/// into the KB. A file that fails is reported and the rest go on.
/// `progress(done, total)` counts files.
pub async fn reindex(
    cx: &Ctx,
    actor: &Actor,
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> Result<Reindexed> {
    actor.require_verified()?;
    if !actor.is_admin() {
        return Err(Error::NotPermitted(msg::UNAUTHORIZED.into()));
    }
    let plan = cx
        .blocking(|cx| {
            cx.db.read(|c| {
                let mut out = vec![];
                for k in store::all(c)? {
                    let ids = Value::from(vec![k.id.as_str()]).to_string();
                    let files: Vec<String> = store::linked_files(c, &ids, false)?
                        .into_iter()
                        .map(|f| f.id)
                        .collect();
                    out.push((k.id, files));
                }
                Ok(out)
            })
        })
        .await?;
    let total: usize = plan.iter().map(|(_, f)| f.len()).sum();
    let mut report = Reindexed {
        knowledge_bases: plan.len(),
        files: total,
        failed: vec![],
    };
    let mut done = 0;
    progress(0, total);
    for (kb, file_ids) in plan {
        let k = kb.clone();
        cx.blocking(move |cx| {
            cx.db
                .write(|tx| vectors::delete_collection(tx, &k).map(|_| ()))
        })
        .await?;
        for fid in file_ids {
            let coll = format!("file-{fid}");
            let r = async {
                cx.db
                    .write(|tx| vectors::delete_collection(tx, &coll).map(|_| ()))?;
                index::index_file(cx, &fid, None, Some(kb.clone()), &|_| {}).await?;
                index::mark_completed(cx, &fid)
            }
            .await;
            if let Err(e) = r {
                tracing::error!("Error processing file {fid}: {e}");
                report.failed.push((fid, e.to_string()));
            }
            done += 1;
            progress(done, total);
        }
    }
    Ok(report)
}

/// The `k` chunks of a KB the actor may read closest to `query` (the
/// admin's search settings: hybrid when on), best first.
pub async fn search_chunks(
    cx: &Ctx,
    actor: &Actor,
    kb: &str,
    query: &str,
    k: Option<usize>,
) -> Result<Vec<Found>> {
    index::check_access(
        cx,
        actor,
        std::slice::from_ref(&kb.to_string()),
        index::Access::Read,
    )?;
    let rag = settings::rag(cx);
    let mut p = settings::query_params(&rag);
    if let Some(k) = k.filter(|k| *k > 0) {
        p.k = k;
        p.k_reranker = k;
    }
    let reranker = settings::reranker(&rag.reranking);
    let qv = ops::query_vector(cx, query).await?;
    let hits: Vec<Hit> = vectors::query_doc(cx, kb, query, &qv, &p, reranker.as_ref()).await?;
    let str_of = |h: &Hit, key: &str| {
        h.metadata
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Ok(hits
        .iter()
        .map(|h| Found {
            file_id: str_of(h, "file_id"),
            name: str_of(h, "name").or_else(|| str_of(h, "source")),
            score: h.score,
            text: h.text.clone(),
        })
        .collect())
}

/// Whether the actor may change the KB: [`writable`] for callers outside
/// this module (the CLI checks before uploading).
pub fn check_writable(cx: &Ctx, actor: &Actor, kb: &str) -> Result<()> {
    writable(cx, actor, kb).map(|_| ())
}
