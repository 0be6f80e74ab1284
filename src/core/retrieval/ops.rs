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
