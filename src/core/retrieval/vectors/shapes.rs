//! The result shapes of the retrieval API (§8.1): lists of lists, the
//! outer list having one entry per query vector (always one here).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Hit;

/// A plain vector search's answer: `{ids, documents, metadatas, distances}`,
/// `distances` holding scores (higher = closer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SearchResult {
    pub ids: Vec<Vec<String>>,
    pub documents: Vec<Vec<String>>,
    pub metadatas: Vec<Vec<Map<String, Value>>>,
    pub distances: Vec<Vec<f32>>,
}

/// A hybrid or merged answer: `{distances, documents, metadatas}`, no ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QueryResult {
    pub distances: Vec<Vec<f32>>,
    pub documents: Vec<Vec<String>>,
    pub metadatas: Vec<Vec<Map<String, Value>>>,
}

impl SearchResult {
    pub fn from_hits(hits: Vec<Hit>) -> SearchResult {
        let mut r = SearchResult {
            ids: vec![Vec::new()],
            documents: vec![Vec::new()],
            metadatas: vec![Vec::new()],
            distances: vec![Vec::new()],
        };
        for h in hits {
            r.ids[0].push(h.id);
            r.documents[0].push(h.text);
            r.metadatas[0].push(h.metadata);
            r.distances[0].push(h.score);
        }
        r
    }
}

impl QueryResult {
    pub fn from_hits(hits: Vec<Hit>) -> QueryResult {
        let mut r = QueryResult {
            distances: vec![Vec::new()],
            documents: vec![Vec::new()],
            metadatas: vec![Vec::new()],
        };
        for h in hits {
            r.distances[0].push(h.score);
            r.documents[0].push(h.text);
            r.metadatas[0].push(h.metadata);
        }
        r
    }

    /// Upstream's answer to a hybrid search of an absent or empty
    /// collection: flat empty lists `{distances: [], documents: [],
    /// metadatas: []}`.
    pub fn empty() -> QueryResult {
        QueryResult::default()
    }
}
