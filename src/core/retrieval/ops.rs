//! The retrieval API's own operations on collections: indexing free text,
//! querying one or several collections, deleting a file's chunks, and the
//! admin's resets (retrieval spec §1).

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::embed::{self, Purpose};
use super::index::{self, Access};
use super::settings;
use super::vectors::{self, QueryParams, QueryResult, SearchResult};
use super::{Document, chunk};
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::{files, knowledge};
use crate::error::{Error, Result};

/// `POST /process/text`'s form.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct TextForm {
    pub name: String,
    pub content: String,
    pub collection_name: Option<String>,
}

/// `POST /process/text`: one document of free text into
/// `collection_name` (which the caller must be able to write), or into
/// the collection named by the text's SHA-256. Nothing is inserted into a
/// collection that exists already.
pub async fn process_text(cx: &Ctx, actor: &Actor, form: TextForm) -> Result<Value> {
    actor.require_verified()?;
    let name = match form.collection_name {
        Some(n) => {
            index::check_access(cx, actor, std::slice::from_ref(&n), Access::Write)?;
            n
        }
        None => chunk::content_hash(&form.content),
    };
    vectors::check_name(&name)?;
    let rag = settings::rag(cx);
    let mut meta = Map::new();
    meta.insert("name".into(), json!(form.name));
    meta.insert("created_by".into(), json!(actor.id));
    let doc = Document {
        text: form.content.clone(),
        metadata: meta,
    };
    let exists = {
        let n = name.clone();
        cx.db.read(|c| vectors::has_collection(c, &n))?
    };
    if !exists {
        let items = index::embed_documents(cx, &rag, vec![doc], &Map::new(), true, &|_| {}).await?;
        let n = name.clone();
        cx.blocking(move |cx| cx.db.write(|tx| vectors::insert(tx, &n, &items)))
            .await?;
    }
    Ok(json!({"status": true, "collection_name": name, "content": form.content}))
}

/// The search options of `/query/doc` and `/query/collection`; unset ones
/// take the admin's settings.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct QueryOptions {
    pub k: Option<i64>,
    pub k_reranker: Option<i64>,
    pub r: Option<f64>,
    pub hybrid: Option<bool>,
    pub hybrid_bm25_weight: Option<f64>,
    pub enable_enriched_texts: Option<bool>,
}

/// `POST /query/doc`'s form.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct QueryDocForm {
    pub collection_name: String,
    pub query: String,
    #[serde(flatten)]
    pub options: QueryOptions,
}

/// `POST /query/collection`'s form.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct QueryCollectionForm {
    pub collection_names: Vec<String>,
    pub query: String,
    #[serde(flatten)]
    pub options: QueryOptions,
}

/// The admin's settings with a request's overrides (upstream treats 0 for
/// `k`, `k_reranker` and `r` as unset).
fn params(cx: &Ctx, o: &QueryOptions) -> (QueryParams, Option<vectors::Reranker>) {
    let rag = settings::rag(cx);
    let mut p = settings::query_params(&rag);
    if let Some(k) = o.k.filter(|k| *k > 0) {
        p.k = k as usize;
    }
    if let Some(k) = o.k_reranker.filter(|k| *k > 0) {
        p.k_reranker = k as usize;
    }
    if let Some(r) = o.r.filter(|r| *r != 0.0) {
        p.r = r as f32;
    }
    p.hybrid = rag.hybrid_search && o.hybrid != Some(false);
    if let Some(w) = o.hybrid_bm25_weight {
        p.bm25_weight = w.clamp(0.0, 1.0) as f32;
    }
    if let Some(e) = o.enable_enriched_texts {
        p.enriched_texts = e;
    }
    (p, settings::reranker(&rag.reranking))
}

/// The query's vector, as the admin's embedding engine gives it.
pub async fn query_vector(cx: &Ctx, query: &str) -> Result<Vec<f32>> {
    let ecfg = settings::embed_config_for(cx);
    embed::embed(
        cx.http(),
        &ecfg,
        vec![query.to_string()],
        Purpose::Query,
        &|_| {},
    )
    .await?
    .pop()
    .ok_or_else(|| Error::invalid("The embedding engine returned no vector."))
}

/// Upstream's wrapping of a failed query.
fn query_error(e: Error) -> Error {
    match e {
        Error::Forbidden(_) | Error::RoleTooLow { .. } | Error::Unauthenticated(_) => e,
        e => Error::invalid(format!(
            "[ERROR: Error querying knowledge base: {}]",
            e.message()
        )),
    }
}

/// `POST /query/doc`: the closest chunks of one collection the caller may
/// read — `{ids, documents, metadatas, distances}` for a vector search,
/// `{distances, documents, metadatas}` for a hybrid one.
pub async fn query_doc(cx: &Ctx, actor: &Actor, form: QueryDocForm) -> Result<Value> {
    index::check_access(
        cx,
        actor,
        std::slice::from_ref(&form.collection_name),
        Access::Read,
    )?;
    let (p, reranker) = params(cx, &form.options);
    let run = async {
        let qv = query_vector(cx, &form.query).await?;
        let hits = vectors::query_doc(
            cx,
            &form.collection_name,
            &form.query,
            &qv,
            &p,
            reranker.as_ref(),
        )
        .await?;
        Ok::<_, Error>(if p.hybrid {
            let r = if hits.is_empty() {
                QueryResult::empty()
            } else {
                QueryResult::from_hits(hits)
            };
            serde_json::to_value(r)?
        } else {
            serde_json::to_value(SearchResult::from_hits(hits))?
        })
    };
    run.await.map_err(query_error)
}

/// `POST /query/collection`: the merged closest chunks of several
/// collections, every one of which the caller must be able to read.
pub async fn query_collection(cx: &Ctx, actor: &Actor, form: QueryCollectionForm) -> Result<Value> {
    index::check_access(cx, actor, &form.collection_names, Access::Read)?;
    let (p, reranker) = params(cx, &form.options);
    let run = async {
        let qv = query_vector(cx, &form.query).await?;
        let hits = vectors::query_collections(
            cx,
            &form.collection_names,
            &[(form.query.clone(), qv)],
            &p,
            reranker.as_ref(),
        )
        .await?;
        Ok::<_, Error>(serde_json::to_value(QueryResult::from_hits(hits))?)
    };
    run.await.map_err(query_error)
}

/// `POST /delete` (admin): remove a file's chunks (by its `hash`) from a
/// collection; false when the collection does not exist.
pub fn delete_file_chunks(
    cx: &Ctx,
    actor: &Actor,
    collection: &str,
    file_id: &str,
) -> Result<bool> {
    actor.require_admin()?;
    vectors::check_name(collection)?;
    if !cx.db.read(|c| vectors::has_collection(c, collection))? {
        return Ok(false);
    }
    let f = files::row(cx, file_id)?.ok_or_else(Error::not_found)?;
    let Some(hash) = f.hash else {
        return Err(Error::invalid(
            "[ERROR: File has no hash; cannot delete vector entries by hash.]",
        ));
    };
    cx.db
        .write(|tx| vectors::delete_where(tx, collection, "hash", &json!(hash)))?;
    Ok(true)
}

/// `POST /reset/db` (admin): every collection and every knowledge base
/// (with its grants, links and folders) goes; files stay.
pub fn reset_db(cx: &Ctx, actor: &Actor) -> Result<()> {
    actor.require_admin()?;
    cx.db.write(|tx| {
        vectors::reset(tx)?;
        knowledge::delete_all_tx(tx)
    })?;
    cx.vectors.clear();
    Ok(())
}

/// `POST /reset/uploads` (admin): everything in the upload directory
/// goes; the rows stay. Entries that cannot be removed are logged.
pub fn reset_uploads(cx: &Ctx, actor: &Actor) -> Result<bool> {
    actor.require_admin()?;
    let dir = files::upload_dir(cx);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        tracing::warn!("the directory {} does not exist", dir.display());
        return Ok(true);
    };
    for e in entries.flatten() {
        let path = e.path();
        let r = match e.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
        if let Err(err) = r {
            tracing::error!("failed to delete {}: {err}", path.display());
        }
    }
    Ok(true)
}

/// One file of `/process/files/batch` as the client sends it (a
/// `FileModel`): its id and the text to index.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct BatchFile {
    pub id: String,
    #[serde(default)]
    pub data: Option<Value>,
}

/// `POST /process/files/batch`'s form.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct BatchForm {
    pub files: Vec<BatchFile>,
    pub collection_name: String,
}

/// One file's outcome in a batch.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct BatchResult {
    pub file_id: String,
    pub status: String,
    pub error: Option<String>,
}

/// `{results, errors}` of a batch.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct BatchResponse {
    pub results: Vec<BatchResult>,
    pub errors: Vec<BatchResult>,
}

fn failed(file_id: &str, error: &str) -> BatchResult {
    BatchResult {
        file_id: file_id.to_string(),
        status: "failed".into(),
        error: Some(error.to_string()),
    }
}

/// `POST /process/files/batch`: the text the client sends for each of its
/// own files (an admin's: any), embedded together into a collection the
/// caller may write. A file that is missing, not the caller's, or whose
/// text is already there from another file fails alone; an embedding
/// failure fails them all.
pub async fn process_files_batch(
    cx: &Ctx,
    actor: &Actor,
    form: BatchForm,
) -> Result<BatchResponse> {
    index::check_access(
        cx,
        actor,
        std::slice::from_ref(&form.collection_name),
        Access::Write,
    )?;
    let rag = settings::rag(cx);
    let coll = form.collection_name.clone();
    let mut errors = Vec::new();
    let mut prepared: Vec<(String, String, String)> = Vec::new(); // id, text, hash
    let mut docs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for bf in &form.files {
        let Some(f) = files::row(cx, &bf.id)? else {
            errors.push(failed(&bf.id, "File not found"));
            continue;
        };
        if f.user_id != actor.id && !actor.is_admin() {
            errors.push(failed(&bf.id, "Permission denied: not file owner"));
            continue;
        }
        let text = bf
            .data
            .as_ref()
            .and_then(|d| d.get("content"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let hash = chunk::content_hash(&text);
        let dup = !seen.insert(hash.clone())
            || cx
                .db
                .read(|c| index::duplicate_in(c, &coll, &hash, &f.id))?;
        if dup {
            errors.push(failed(&bf.id, index::DUPLICATE_CONTENT));
            continue;
        }
        let mut metadata = index::base_metadata(&f, None);
        metadata.insert("hash".into(), json!(hash));
        docs.push(Document {
            text: text.replace("<br/>", "\n"),
            metadata,
        });
        prepared.push((f.id.clone(), text, hash));
    }
    let mut results: Vec<BatchResult> = prepared
        .iter()
        .map(|(id, _, _)| BatchResult {
            file_id: id.clone(),
            status: "prepared".into(),
            error: None,
        })
        .collect();
    if docs.is_empty() {
        return Ok(BatchResponse { results, errors });
    }
    let written = async {
        let items = index::embed_documents(cx, &rag, docs, &Map::new(), true, &|_| {}).await?;
        let (c, p) = (coll.clone(), prepared.clone());
        cx.blocking(move |cx| {
            cx.db.write(|tx| {
                vectors::insert(tx, &c, &items)?;
                for (id, text, hash) in &p {
                    let mut patch = Map::new();
                    patch.insert("content".into(), json!(text));
                    files::merge_data_tx(tx, id, patch)?;
                    files::set_index_tx(tx, id, Some(hash), None)?;
                }
                Ok(())
            })
        })
        .await
    }
    .await;
    match written {
        Ok(()) => {
            for r in &mut results {
                r.status = "completed".into();
            }
        }
        Err(e) => {
            let msg = e.message();
            for r in &mut results {
                r.status = "failed".into();
                errors.push(failed(&r.file_id, &msg));
            }
        }
    }
    Ok(BatchResponse { results, errors })
}

/// `POST /process/web`'s form (also `/process/url`'s).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct UrlForm {
    pub url: String,
    pub collection_name: Option<String>,
}

/// `POST /process/web`: a web page through the safe loader (the address
/// guard, the domain filter) into `collection_name` (which the caller
/// must be able to write) or the collection named by the URL's SHA-256
/// (63 characters), replacing it (`overwrite`, default) or adding to it.
/// With `process=false`, only the text.
pub async fn process_web(
    cx: &Ctx,
    actor: &Actor,
    form: UrlForm,
    process: bool,
    overwrite: bool,
) -> Result<Value> {
    actor.require_verified()?;
    let wcfg = settings::web_config_for(cx);
    let cannot = || Error::invalid(format!("[ERROR: Could not read content from {}]", form.url));
    let docs = match super::web::load(&wcfg, std::slice::from_ref(&form.url)).await {
        Ok(d) => d,
        Err(Error::Invalid(m)) => return Err(Error::invalid(m)),
        Err(e) => {
            tracing::warn!("loading {}: {e}", form.url);
            return Err(Error::invalid(format!(
                "[ERROR: Could not read content from {}: {}]",
                form.url,
                e.message()
            )));
        }
    };
    if docs.is_empty() {
        return Err(cannot());
    }
    let content = docs
        .iter()
        .map(|d| d.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if !process {
        return Ok(json!({"status": true, "content": content}));
    }
    let name = match form.collection_name {
        Some(n) => {
            index::check_access(cx, actor, std::slice::from_ref(&n), Access::Write)?;
            n
        }
        None => chunk::content_hash(&form.url)[..63].to_string(),
    };
    vectors::check_name(&name)?;
    let collection = if settings::web(cx).bypass_embedding_and_retrieval {
        Value::Null
    } else {
        let rag = settings::rag(cx);
        let items = index::embed_documents(cx, &rag, docs, &Map::new(), true, &|_| {}).await?;
        let n = name.clone();
        cx.blocking(move |cx| {
            cx.db.write(|tx| {
                if overwrite {
                    vectors::delete_collection(tx, &n)?;
                }
                vectors::insert(tx, &n, &items)
            })
        })
        .await?;
        json!(name)
    };
    Ok(json!({
        "status": true,
        "collection_name": collection,
        "filename": form.url,
        "content": content,
        "file": {
            "data": {"content": content},
            "meta": {"name": form.url, "source": form.url},
        },
    }))
}
