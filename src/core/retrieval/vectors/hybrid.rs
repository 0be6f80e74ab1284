//! Hybrid search (§8.3), the external reranker, and the merge of several
//! searches (§8.4).

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{CHUNK_HASH_KEY, Cache, Hit, QueryParams, Reranker, index, store, text_hash};
use crate::core::ctx::Ctx;
use crate::db::Db;
use crate::error::{Error, Result};

/// Reciprocal-rank constant (langchain's EnsembleRetriever).
const RRF_C: f64 = 60.0;

/// A fused candidate: the chunk (metadata carrying its text hash) and its
/// stored vector.
pub(super) struct Fused {
    pub hit: Hit,
    pub vector: Vec<f32>,
}

/// Steps 1–2 of hybrid search: BM25 top `k` and vector top `k`, fused by
/// weighted reciprocal rank, deduplicated by text hash. `None` when the
/// collection is absent or empty.
pub(super) fn fuse(
    db: &Db,
    cache: &Cache,
    collection: &str,
    query: &str,
    query_vector: &[f32],
    p: &QueryParams,
) -> Result<Option<Vec<Fused>>> {
    db.read(|c| {
        let tx = c.unchecked_transaction()?;
        let Some(row) = store::collection(&tx, collection)? else {
            return Ok(None);
        };
        let w = p.bm25_weight as f64;
        let (vecs, bm25) = cache.indexes(&tx, row, (w > 0.0).then_some(p.enriched_texts))?;
        if vecs.len() == 0 {
            return Ok(None);
        }
        let mut lists: Vec<(Vec<i64>, f64)> = Vec::new();
        if let Some(bm25) = bm25 {
            let top = bm25.top(query, p.k);
            let rowids = top.into_iter().map(|(pos, _)| vecs.rowids[pos]).collect();
            lists.push((rowids, if w >= 1.0 { 1.0 } else { w }));
        }
        if w < 1.0 {
            let top = super::vector_top(&tx, cache, row, query_vector, p.k)?;
            lists.push((
                top.into_iter().map(|(r, _)| r).collect(),
                if w <= 0.0 { 1.0 } else { 1.0 - w },
            ));
        }
        // score by text hash, keep each chunk's first appearance
        let mut rrf: HashMap<String, f64> = HashMap::new();
        let mut order: Vec<(String, i64)> = Vec::new();
        let mut texts: HashMap<i64, (Hit, Vec<f32>)> = HashMap::new();
        for (rowids, weight) in &lists {
            for (rank, rowid) in rowids.iter().enumerate() {
                if !texts.contains_key(rowid) {
                    texts.insert(*rowid, store::item_at(&tx, *rowid)?);
                }
                let hash = text_hash(&texts[rowid].0.text);
                let s = rrf.entry(hash.clone()).or_insert_with(|| {
                    order.push((hash, *rowid));
                    0.0
                });
                *s += weight / (rank as f64 + 1.0 + RRF_C);
            }
        }
        // stable: equal scores keep their first-appearance order
        order.sort_by(|a, b| rrf[&b.0].total_cmp(&rrf[&a.0]));
        // each rowid is in `order` once (one rowid, one text, one hash)
        let fused = order
            .into_iter()
            .filter_map(|(hash, rowid)| {
                let (mut hit, vector) = texts.remove(&rowid)?;
                hit.metadata
                    .insert(CHUNK_HASH_KEY.into(), Value::String(hash));
                Some(Fused { hit, vector })
            })
            .collect();
        Ok(Some(fused))
    })
}

/// Ask an external reranker to score `documents` against `query`: one
/// score per document, in their order.
pub async fn rerank(
    http: &reqwest::Client,
    r: &Reranker,
    query: &str,
    documents: &[String],
) -> Result<Vec<f64>> {
    let mut req = http.post(&r.url).bearer_auth(&r.key).json(&json!({
        "model": r.model,
        "query": query,
        "documents": documents,
        "top_n": documents.len(),
    }));
    if let Some(t) = r.timeout {
        req = req.timeout(t);
    }
    let resp = req.send().await.map_err(|e| {
        Error::Unreachable(format!("Reranker at {} could not be reached: {e}", r.url))
    })?;
    let status = resp.status();
    let body: Value = resp
        .json()
        .await
        .map_err(|e| Error::BadAnswer(format!("Reranker answered with no JSON: {e}")))?;
    if !status.is_success() {
        return Err(Error::Upstream { status, body });
    }
    let results = body
        .get("results")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::BadAnswer("Reranker answered without results.".into()))?;
    let mut scores = vec![None; documents.len()];
    for it in results {
        let i = it.get("index").and_then(Value::as_u64);
        let s = it.get("relevance_score").and_then(Value::as_f64);
        match (i, s) {
            (Some(i), Some(s)) if (i as usize) < scores.len() => scores[i as usize] = Some(s),
            _ => {
                return Err(Error::BadAnswer(format!(
                    "Reranker answered with an unreadable result: {it}"
                )));
            }
        }
    }
    scores
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            s.ok_or_else(|| Error::BadAnswer(format!("Reranker gave no score for document {i}.")))
        })
        .collect()
}

/// Steps 3–5: re-score (reranker, or cosine between the query vector and
/// the stored chunk vectors), threshold, sort, cut, `score` into metadata.
async fn rescore(
    http: &reqwest::Client,
    fused: Vec<Fused>,
    query: &str,
    query_vector: &[f32],
    p: &QueryParams,
    reranker: Option<&Reranker>,
) -> Vec<Hit> {
    if fused.is_empty() {
        return Vec::new();
    }
    let cosines = || -> Vec<f64> {
        fused
            .iter()
            .map(|f| index::cosine(query_vector, &f.vector))
            .collect()
    };
    let scores = match reranker {
        Some(r) => {
            let texts: Vec<String> = fused.iter().map(|f| f.hit.text.clone()).collect();
            match rerank(http, r, query, &texts).await {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(
                        "reranking failed, scoring by cosine similarity: {}",
                        e.message()
                    );
                    cosines()
                }
            }
        }
        None => cosines(),
    };
    let mut scored: Vec<(Hit, f64)> = fused.into_iter().map(|f| f.hit).zip(scores).collect();
    if p.r != 0.0 {
        scored.retain(|(_, s)| *s >= p.r as f64);
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.truncate(p.k_reranker.min(p.k));
    scored
        .into_iter()
        .map(|(mut hit, s)| {
            hit.metadata.insert("score".into(), json!(s));
            hit.score = s as f32;
            hit
        })
        .collect()
}

/// Hybrid search of one collection; `None` when it is absent or empty.
async fn hybrid_doc(
    cx: &Ctx,
    collection: &str,
    query: &str,
    query_vector: &[f32],
    p: &QueryParams,
    reranker: Option<&Reranker>,
) -> Result<Option<Vec<Hit>>> {
    let (name, q, qv, params) = (
        collection.to_string(),
        query.to_string(),
        query_vector.to_vec(),
        p.clone(),
    );
    let fused = cx
        .blocking(move |cx| fuse(&cx.db, &cx.vectors, &name, &q, &qv, &params))
        .await?;
    match fused {
        Some(f) => Ok(Some(
            rescore(cx.http(), f, query, query_vector, p, reranker).await,
        )),
        None => Ok(None),
    }
}

/// Search one collection: hybrid (§8.3) when `p.hybrid`, else plain
/// vector search (§8.2) of `p.k`. Empty when the collection is absent.
pub async fn query_doc(
    cx: &Ctx,
    collection: &str,
    query: &str,
    query_vector: &[f32],
    p: &QueryParams,
    reranker: Option<&Reranker>,
) -> Result<Vec<Hit>> {
    if p.hybrid {
        return Ok(hybrid_doc(cx, collection, query, query_vector, p, reranker)
            .await?
            .unwrap_or_default());
    }
    let (name, qv, k) = (collection.to_string(), query_vector.to_vec(), p.k);
    cx.blocking(move |cx| super::search(&cx.db, &cx.vectors, &name, &qv, k))
        .await
}

/// Merge result lists (§8.4): one entry per chunk text (the best scored
/// one, at its first place), sorted by score, best first, top `k`.
pub fn merge(lists: Vec<Vec<Hit>>, k: usize) -> Vec<Hit> {
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Hit> = Vec::new();
    for hit in lists.into_iter().flatten() {
        let hash = match hit.metadata.get(CHUNK_HASH_KEY).and_then(Value::as_str) {
            Some(h) if !h.is_empty() => h.to_string(),
            _ => text_hash(&hit.text),
        };
        match at.get(&hash) {
            Some(&i) => {
                if hit.score > out[i].score {
                    out[i] = hit;
                }
            }
            None => {
                at.insert(hash, out.len());
                out.push(hit);
            }
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out.truncate(k);
    out
}

/// Search several collections with several queries (each with its
/// embedding) and merge (§8.4). Queries with empty text are skipped.
/// Hybrid searches whose collections all fail fall back to plain vector
/// search; absent collections give nothing.
pub async fn query_collections(
    cx: &Ctx,
    collections: &[String],
    queries: &[(String, Vec<f32>)],
    p: &QueryParams,
    reranker: Option<&Reranker>,
) -> Result<Vec<Hit>> {
    let queries: Vec<&(String, Vec<f32>)> = queries.iter().filter(|(q, _)| !q.is_empty()).collect();
    if queries.is_empty() {
        return Ok(Vec::new());
    }
    if p.hybrid {
        let mut lists = Vec::new();
        let mut failed = 0;
        for name in collections.iter().filter(|n| !n.is_empty()) {
            for (q, qv) in &queries {
                match hybrid_doc(cx, name, q, qv, p, reranker).await {
                    Ok(Some(hits)) => lists.push(hits),
                    Ok(None) => {}
                    Err(e) => {
                        tracing::warn!("hybrid search of {name} failed: {}", e.message());
                        failed += 1;
                    }
                }
            }
        }
        if failed == 0 || !lists.is_empty() {
            return Ok(merge(lists, p.k));
        }
        tracing::warn!("hybrid search failed for every collection, using vector search");
    }
    let mut lists = Vec::new();
    let mut last_err = None;
    for (_, qv) in &queries {
        for name in collections.iter().filter(|n| !n.is_empty()) {
            let (name, qv, k) = (name.clone(), qv.clone(), p.k);
            match cx
                .blocking(move |cx| super::search(&cx.db, &cx.vectors, &name, &qv, k))
                .await
            {
                Ok(hits) => lists.push(hits),
                Err(e) => last_err = Some(e),
            }
        }
    }
    if let Some(e) = last_err {
        tracing::warn!("vector search of a collection failed: {}", e.message());
    }
    Ok(merge(lists, p.k))
}
