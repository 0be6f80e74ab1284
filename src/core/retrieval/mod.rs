//! Retrieval: turning files, web pages and text into chunks with vectors,
//! and finding the chunks that answer a query.
//!
//! The stages are separate modules that know nothing of each other and
//! take their settings as plain structs, so each can be used and tested
//! alone; the indexing and chat code joins them with the admin's settings.

pub mod chunk;
pub mod cite;
pub mod embed;
pub mod extract;
pub mod index;
pub mod ops;
pub mod settings;
pub mod vectors;
pub mod web;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A piece of text with its metadata: what extraction yields (one per PDF
/// page, one per sheet, one per file otherwise), what splitting yields
/// (one per chunk) and what a search returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Document {
    pub text: String,
    pub metadata: Map<String, Value>,
}

impl Document {
    pub fn new(text: impl Into<String>) -> Document {
        Document {
            text: text.into(),
            metadata: Map::new(),
        }
    }

    /// The same document with one more metadata entry.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Document {
        self.metadata.insert(key.to_string(), value.into());
        self
    }
}
