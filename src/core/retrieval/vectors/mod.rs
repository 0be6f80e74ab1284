//! The vector store and its searches: collections of chunks (id, text,
//! embedding, metadata) in the same SQLite file as everything else, plain
//! vector search, hybrid search (BM25 + vectors, fused by weighted
//! reciprocal rank, re-scored by a reranker or by cosine similarity) and
//! the merge of several collections' results, as Open WebUI 0.12.4 does
//! them (retrieval spec §4, §7, §8).
//!
//! Tables: `vector_collection`, `vector_item` (migrations 0015, 0016).
//! Endpoints served with it: `/api/v1/retrieval/query/doc`,
//! `/query/collection`, `/delete`, `/reset/db`, and the RAG step of chat.
//!
//! Writes take the caller's transaction, so indexing a file and recording
//! it commit together. Searches read through [`Cache`], an in-memory index
//! per collection built on first search and rebuilt after any write.

mod bm25;
mod cache;
mod index;
mod names;
mod shapes;
mod store;
#[cfg(test)]
mod tests;

use std::time::Duration;

use rusqlite::{Connection, Transaction};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

pub use cache::{Cache, DEFAULT_BUDGET};
pub use names::{check_name, spellings};
pub use shapes::{QueryResult, SearchResult};

use crate::db::Db;
use crate::error::{Error, Result};

/// A chunk to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub text: String,
    pub vector: Vec<f32>,
    pub metadata: Map<String, Value>,
}

/// A stored chunk as a search returns it, `score` higher = closer.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub text: String,
    pub metadata: Map<String, Value>,
    pub score: f32,
}

/// How to search (the `rag.*` settings, or a request's overrides of them).
#[derive(Debug, Clone, PartialEq)]
pub struct QueryParams {
    /// Results of a plain search; candidates from each retriever of a
    /// hybrid one (`rag.top_k`).
    pub k: usize,
    /// Results kept after re-scoring a hybrid search (`rag.top_k_reranker`).
    pub k_reranker: usize,
    /// Minimum re-scored score of a hybrid search; 0 keeps all
    /// (`rag.relevance_threshold`).
    pub r: f32,
    /// Hybrid search (`rag.enable_hybrid_search`).
    pub hybrid: bool,
    /// Weight of BM25 against vectors in the fusion, 0..=1
    /// (`rag.hybrid_bm25_weight`).
    pub bm25_weight: f32,
    /// BM25 over texts enriched with file name, title, section, source
    /// (`rag.enable_hybrid_search_enriched_texts`).
    pub enriched_texts: bool,
}

/// An external reranker (`rag.reranking_engine = "external"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Reranker {
    pub engine: String,
    pub url: String,
    pub key: String,
    pub model: String,
    pub timeout: Option<Duration>,
}

/// Metadata key holding the sha256 of a chunk's text in hybrid results
/// (upstream's wire shows it too).
pub const CHUNK_HASH_KEY: &str = "_chunk_hash";

fn text_hash(text: &str) -> String {
    let d = Sha256::digest(text.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn check_items(items: &[Item]) -> Result<Option<usize>> {
    let Some(first) = items.first() else {
        return Ok(None);
    };
    let dim = first.vector.len();
    if dim == 0 {
        return Err(Error::invalid("A chunk has an empty vector."));
    }
    for it in items {
        if it.vector.len() != dim {
            return Err(Error::invalid(format!(
                "Chunk {} has a vector of {} numbers, the others {dim}.",
                it.id,
                it.vector.len()
            )));
        }
        if it.vector.iter().any(|x| !x.is_finite()) {
            return Err(Error::invalid(format!(
                "Chunk {} has a vector with a number that is not finite.",
                it.id
            )));
        }
    }
    Ok(Some(dim))
}

fn write(tx: &Transaction, collection: &str, items: &[Item], replace: bool) -> Result<()> {
    check_name(collection)?;
    let Some(dim) = check_items(items)? else {
        return Ok(());
    };
    let row = store::ensure_collection(tx, collection, dim)?;
    store::put(tx, row.id, items, replace)?;
    store::bump(tx, row.id)
}

/// Add chunks, creating the collection when absent (its vector length is
/// the first chunk's). A chunk whose id is already stored is skipped.
pub fn insert(tx: &Transaction, collection: &str, items: &[Item]) -> Result<()> {
    write(tx, collection, items, false)
}

/// Add chunks; one whose id is already stored replaces it in place.
pub fn upsert(tx: &Transaction, collection: &str, items: &[Item]) -> Result<()> {
    write(tx, collection, items, true)
}

/// Drop a collection and its chunks; whether it existed.
pub fn delete_collection(tx: &Transaction, collection: &str) -> Result<bool> {
    store::delete_collection(tx, collection)
}

/// Delete the chunks whose metadata `key` equals `value` (a string,
/// number or boolean); how many went.
pub fn delete_where(tx: &Transaction, collection: &str, key: &str, value: &Value) -> Result<usize> {
    let Some(row) = store::collection(tx, collection)? else {
        return Ok(0);
    };
    let n = store::delete_where(tx, row.id, key, value)?;
    if n > 0 {
        store::bump(tx, row.id)?;
    }
    Ok(n)
}

/// Delete the chunks with these ids; how many went.
pub fn delete_ids(tx: &Transaction, collection: &str, ids: &[String]) -> Result<usize> {
    let Some(row) = store::collection(tx, collection)? else {
        return Ok(0);
    };
    let n = store::delete_ids(tx, row.id, ids)?;
    if n > 0 {
        store::bump(tx, row.id)?;
    }
    Ok(n)
}

pub fn has_collection(c: &Connection, collection: &str) -> Result<bool> {
    Ok(store::collection(c, collection)?.is_some())
}

/// Every chunk of the collection in insertion order, score 1 (empty when
/// the collection does not exist).
pub fn get(c: &Connection, collection: &str) -> Result<Vec<Hit>> {
    match store::collection(c, collection)? {
        Some(row) => store::get_all(c, row.id),
        None => Ok(Vec::new()),
    }
}

/// The chunks whose metadata `key` equals `value`, in insertion order
/// (duplicate detection looks up `hash` this way).
pub fn get_where(c: &Connection, collection: &str, key: &str, value: &Value) -> Result<Vec<Hit>> {
    match store::collection(c, collection)? {
        Some(row) => store::get_where(c, row.id, key, value),
        None => Ok(Vec::new()),
    }
}

/// Every chunk of the collection with its vector, in insertion order
/// (empty when absent): copying a file's chunks into a knowledge base
/// without embedding them again.
pub fn items(c: &Connection, collection: &str) -> Result<Vec<Item>> {
    match store::collection(c, collection)? {
        Some(row) => store::items(c, row.id),
        None => Ok(Vec::new()),
    }
}

/// How many chunks the collection holds (0 when absent).
pub fn count(c: &Connection, collection: &str) -> Result<usize> {
    match store::collection(c, collection)? {
        Some(row) => store::count(c, row.id),
        None => Ok(0),
    }
}

/// Drop every collection.
pub fn reset(tx: &Transaction) -> Result<()> {
    store::reset(tx)
}

/// Plain vector search (§8.2): the `k` chunks closest to `query_vector` by
/// cosine similarity, best first, score = (1 + cosine) / 2 ∈ [0, 1].
/// Empty when the collection does not exist. Blocking: call it off the
/// async workers.
pub fn search(
    db: &Db,
    cache: &Cache,
    collection: &str,
    query_vector: &[f32],
    k: usize,
) -> Result<Vec<Hit>> {
    db.read(|c| {
        let tx = c.unchecked_transaction()?;
        let Some(row) = store::collection(&tx, collection)? else {
            return Ok(Vec::new());
        };
        let top = vector_top(&tx, cache, row, query_vector, k)?;
        top.into_iter()
            .map(|(rowid, cos)| {
                let (mut hit, _) = store::item_at(&tx, rowid)?;
                hit.score = ((1.0 + cos) / 2.0) as f32;
                Ok(hit)
            })
            .collect()
    })
}

/// The exact top `k` of a collection by cosine: (rowid, cosine).
fn vector_top(
    c: &Connection,
    cache: &Cache,
    row: store::CollectionRow,
    query_vector: &[f32],
    k: usize,
) -> Result<Vec<(i64, f64)>> {
    if query_vector.len() != row.dim {
        return Err(Error::invalid(format!(
            "The query vector has {} numbers, the collection's vectors {}.",
            query_vector.len(),
            row.dim
        )));
    }
    let idx = cache.vectors(c, row)?;
    let top = idx.top(query_vector, k, |pos| {
        Ok(index::cosine(
            query_vector,
            &store::vector_at(c, idx.rowids[pos])?,
        ))
    })?;
    Ok(top
        .into_iter()
        .map(|(pos, s)| (idx.rowids[pos], s))
        .collect())
}

/// The text BM25 reads when enriched texts are on: the chunk, then its
/// file name (twice more as loose words), title, section headings, source
/// and snippet.
pub fn enriched_text(text: &str, meta: &Map<String, Value>) -> String {
    let mut parts = vec![text.to_string()];
    let get = |k: &str| meta.get(k).filter(|v| truthy(v));
    if let Some(name) = get("name") {
        let name = py_str(name);
        let loose = name.replace(['_', '-', '.'], " ");
        parts.push(format!("Filename: {name} {loose} {loose}"));
    }
    if let Some(t) = get("title") {
        parts.push(format!("Title: {}", py_str(t)));
    }
    if let Some(Value::Array(h)) = get("headings") {
        let h: Vec<String> = h.iter().map(py_str).collect();
        parts.push(format!("Section: {}", h.join(" > ")));
    }
    if let Some(s) = get("source") {
        parts.push(format!("Source: {}", py_str(s)));
    }
    if let Some(s) = get("snippet") {
        parts.push(format!("Snippet: {}", py_str(s)));
    }
    parts.join(" ")
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

mod hybrid;
pub use hybrid::{query_collections, query_doc, rerank};
