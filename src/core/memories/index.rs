//! Memories in the vector store: one collection per user,
//! `user-memory-{user_id}`, one item per memory (id = memory id), embedded
//! with the server-wide RAG embedding.

use serde_json::{Map, Value, json};

use super::Memory;
use crate::core::Ctx;
use crate::core::retrieval::embed::{self, Purpose};
use crate::core::retrieval::settings;
use crate::core::retrieval::vectors::{self, Item};
use crate::error::Result;

pub fn collection(user_id: &str) -> String {
    format!("user-memory-{user_id}")
}

/// What is embedded: `"{path}\n{content}"`, or the content alone.
pub fn text(m: &Memory) -> String {
    match &m.path {
        Some(p) => format!("{p}\n{}", m.content),
        None => m.content.clone(),
    }
}

fn metadata(m: &Memory) -> Map<String, Value> {
    let mut meta = Map::new();
    meta.insert("created_at".into(), json!(m.created_at));
    meta.insert("updated_at".into(), json!(m.updated_at));
    meta.insert("type".into(), json!(m.kind.as_str()));
    meta.insert("path".into(), json!(m.path));
    meta
}

/// Vectors for `texts`, in order.
pub async fn embed(cx: &Ctx, texts: Vec<String>, purpose: Purpose) -> Result<Vec<Vec<f32>>> {
    let cfg = settings::embed_config_for(cx);
    embed::embed(cx.http(), &cfg, texts, purpose, &|_| {})
        .await
        .map_err(embed::request_error)
}

/// The memories with their vectors, as vector store items.
pub async fn items(cx: &Ctx, memories: &[Memory]) -> Result<Vec<Item>> {
    let vectors = embed(cx, memories.iter().map(text).collect(), Purpose::Content).await?;
    Ok(memories
        .iter()
        .zip(vectors)
        .map(|(m, vector)| Item {
            id: m.id.clone(),
            text: text(m),
            vector,
            metadata: metadata(m),
        })
        .collect())
}

/// Store the items in the user's collection. When the collection holds
/// vectors of another length (the embedding model changed) it is dropped
/// first: true then, and the caller rebuilds the rest with [`rebuild`].
pub fn put(tx: &rusqlite::Transaction, user_id: &str, items: &[Item]) -> Result<bool> {
    let name = collection(user_id);
    // a length mismatch is found before anything is written
    match vectors::upsert(tx, &name, items) {
        Ok(()) => Ok(false),
        Err(e) if e.to_string().contains("holds vectors of") => {
            vectors::delete_collection(tx, &name)?;
            vectors::upsert(tx, &name, items)?;
            Ok(true)
        }
        Err(e) => Err(e),
    }
}

/// Drop the user's collection and embed all their memories into it
/// again; how many there are.
pub async fn rebuild(cx: &Ctx, user_id: &str) -> Result<usize> {
    let uid = user_id.to_string();
    let all = cx
        .blocking(move |cx| cx.db.read(|c| super::store::list(c, &uid)))
        .await?;
    let items = items(cx, &all).await?;
    let uid = user_id.to_string();
    cx.blocking(move |cx| {
        cx.db.write(|tx| {
            let name = collection(&uid);
            vectors::delete_collection(tx, &name)?;
            vectors::upsert(tx, &name, &items)
        })
    })
    .await?;
    Ok(all.len())
}
