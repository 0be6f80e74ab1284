//! Memories: short facts a user keeps for the models to know about them
//! (`user`, always given to the model) or to be found by relevance
//! (`context`), optionally filed under a path like `work/projects/alpha`.
//!
//! Table: `memory`. Commands: `owui memories list|add|delete|clear`.
//! Endpoints (`/api/v1/memories/*`) sit behind [`gate`]: the
//! `memories.enable` switch (on by default, env `ENABLE_MEMORIES`) and the
//! `features.memories` permission. The chat gives them to the model
//! (`core::completions::memory`).
//!
//! Every operation works on the caller's own memories only: another
//! user's memory is "not found", whoever asks.

pub mod index;
pub mod lookup;
pub mod ops;
mod store;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::users::permissions;
use crate::error::{Error, Result, msg};
use crate::util::{new_id, now};

/// What a memory is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MemoryType {
    /// A durable fact or preference about the user.
    User,
    /// Anything else, found by relevance.
    Context,
}

impl MemoryType {
    pub fn as_str(self) -> &'static str {
        match self {
            MemoryType::User => "user",
            MemoryType::Context => "context",
        }
    }

    /// Anything but `user` is `context`, as upstream stores it.
    pub fn parse(s: &str) -> MemoryType {
        if s == "user" {
            MemoryType::User
        } else {
            MemoryType::Context
        }
    }
}

/// A memory, shaped like upstream's `MemoryModel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Memory {
    pub id: String,
    pub user_id: String,
    #[serde(rename = "type")]
    pub kind: MemoryType,
    pub path: Option<String>,
    pub content: String,
    /// Provenance: `{created_by: "manual" | "tool" | "background_review", ...}`.
    pub meta: Option<Value>,
    pub updated_at: i64,
    pub created_at: i64,
}

/// A memory without its `meta`, as `/update` and `/path` show it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MemoryBrief {
    pub id: String,
    pub user_id: String,
    #[serde(rename = "type")]
    pub kind: MemoryType,
    pub path: Option<String>,
    pub content: String,
    pub updated_at: i64,
    pub created_at: i64,
}

impl From<&Memory> for MemoryBrief {
    fn from(m: &Memory) -> MemoryBrief {
        MemoryBrief {
            id: m.id.clone(),
            user_id: m.user_id.clone(),
            kind: m.kind,
            path: m.path.clone(),
            content: m.content.clone(),
            updated_at: m.updated_at,
            created_at: m.created_at,
        }
    }
}

/// A new memory.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct NewMemory {
    pub content: String,
    #[serde(rename = "type", default = "context")]
    pub kind: MemoryType,
    #[serde(default)]
    pub path: Option<String>,
}

fn context() -> MemoryType {
    MemoryType::Context
}

/// A change to a memory: fields not given (or null) keep their values;
/// a `path` given replaces the path (`""` clears it).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct MemoryPatch {
    #[serde(default)]
    pub content: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: Option<MemoryType>,
    #[serde(default)]
    pub path: Option<String>,
}

/// The memories endpoints' gate: `memories.enable` off is "not found";
/// a user without the `features.memories` permission is refused.
pub fn gate(cx: &Ctx, actor: &Actor) -> Result<()> {
    if !cx.store.bool("memories.enable") {
        return Err(Error::NotFound(msg::NOT_FOUND.into()));
    }
    allowed(cx, actor)
}

/// A verified user with the `features.memories` permission (admins
/// always).
fn allowed(cx: &Ctx, actor: &Actor) -> Result<()> {
    actor.require_verified()?;
    if actor.is_admin() || permissions::has(cx, &actor.id, "features.memories")? {
        Ok(())
    } else {
        Err(Error::NotPermitted(msg::ACCESS_PROHIBITED.into()))
    }
}

fn not_found() -> Error {
    Error::NotFound(msg::NOT_FOUND.into())
}

/// Upstream's `clean_memory_path`: trimmed, no leading, trailing or
/// doubled `/`; empty is none; `.`, `..` and control characters are
/// refused.
pub fn clean_path(path: Option<&str>) -> Result<Option<String>> {
    let Some(p) = path else {
        return Ok(None);
    };
    let segments: Vec<&str> = p.trim().split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        return Ok(None);
    }
    for s in &segments {
        if *s == "." || *s == ".." || s.chars().any(|c| (c as u32) < 0x20) {
            return Err(Error::invalid("Invalid memory path"));
        }
    }
    Ok(Some(segments.join("/")))
}

fn clean_content(content: &str) -> Result<String> {
    let c = content.trim();
    if c.is_empty() {
        return Err(Error::invalid("Memory content cannot be empty"));
    }
    Ok(c.to_string())
}

/// The caller's memories, oldest first.
pub fn list(cx: &Ctx, actor: &Actor) -> Result<Vec<Memory>> {
    allowed(cx, actor)?;
    cx.db.read(|c| store::list(c, &actor.id))
}

/// One of the caller's memories.
pub fn get(cx: &Ctx, actor: &Actor, id: &str) -> Result<Memory> {
    allowed(cx, actor)?;
    cx.db
        .read(|c| store::get(c, &actor.id, id))?
        .ok_or_else(not_found)
}

/// Keep a new memory for the caller, written by hand, and embed it: the
/// row and its vector are written together, or neither.
pub async fn add(cx: &Ctx, actor: &Actor, new: NewMemory) -> Result<Memory> {
    allowed_async(cx, actor).await?;
    let t = now();
    let m = Memory {
        id: new_id(),
        user_id: actor.id.clone(),
        kind: new.kind,
        path: clean_path(new.path.as_deref())?,
        content: clean_content(&new.content)?,
        meta: Some(json!({"created_by": "manual"})),
        updated_at: t,
        created_at: t,
    };
    let items = index::items(cx, std::slice::from_ref(&m)).await?;
    let row = m.clone();
    let dropped = cx
        .blocking(move |cx| {
            cx.db.write(|tx| {
                store::insert(tx, &row)?;
                index::put(tx, &row.user_id, &items)
            })
        })
        .await?;
    if dropped {
        index::rebuild(cx, &actor.id).await?;
    }
    Ok(m)
}

async fn allowed_async(cx: &Ctx, actor: &Actor) -> Result<()> {
    let a = actor.clone();
    cx.blocking(move |cx| allowed(cx, &a)).await
}

/// Change one of the caller's memories by hand; a new content or path is
/// embedded again.
pub async fn update(cx: &Ctx, actor: &Actor, id: &str, patch: MemoryPatch) -> Result<Memory> {
    allowed_async(cx, actor).await?;
    if patch.content.is_none() && patch.kind.is_none() && patch.path.is_none() {
        return Err(Error::invalid("No memory update provided"));
    }
    let content = patch.content.as_deref().map(clean_content).transpose()?;
    let path = patch
        .path
        .as_deref()
        .map(|p| clean_path(Some(p)))
        .transpose()?;
    let (uid, mid) = (actor.id.clone(), id.to_string());
    let mut m = cx
        .blocking(move |cx| cx.db.read(|c| store::get(c, &uid, &mid)))
        .await?
        .ok_or_else(not_found)?;
    let reembed = content.is_some() || path.is_some();
    if let Some(c) = content {
        m.content = c;
    }
    if let Some(k) = patch.kind {
        m.kind = k;
    }
    if let Some(p) = path {
        m.path = p;
    }
    let mut meta = match m.meta.take() {
        Some(Value::Object(o)) => o,
        _ => Default::default(),
    };
    meta.insert("created_by".into(), json!("manual"));
    m.meta = Some(Value::Object(meta));
    m.updated_at = now();
    let items = if reembed {
        Some(index::items(cx, std::slice::from_ref(&m)).await?)
    } else {
        None
    };
    let row = m.clone();
    let dropped = cx
        .blocking(move |cx| {
            cx.db.write(|tx| {
                // deleted meanwhile: not found, and no vector written
                if store::get(tx, &row.user_id, &row.id)?.is_none() {
                    return Err(not_found());
                }
                store::update(tx, &row)?;
                match &items {
                    Some(items) => index::put(tx, &row.user_id, items),
                    None => Ok(false),
                }
            })
        })
        .await?;
    if dropped {
        index::rebuild(cx, &actor.id).await?;
    }
    Ok(m)
}

/// Delete one of the caller's memories and its vector; false when the
/// caller has none by that id.
pub fn delete(cx: &Ctx, actor: &Actor, id: &str) -> Result<bool> {
    allowed(cx, actor)?;
    cx.db.write(|tx| {
        let gone = store::delete(tx, &actor.id, id)?;
        if gone {
            crate::core::retrieval::vectors::delete_ids(
                tx,
                &index::collection(&actor.id),
                &[id.to_string()],
            )?;
        }
        Ok(gone)
    })
}

/// Delete all the caller's memories and their collection; how many there
/// were.
pub fn clear(cx: &Ctx, actor: &Actor) -> Result<usize> {
    allowed(cx, actor)?;
    cx.db.write(|tx| {
        let n = store::delete_all(tx, &actor.id)?;
        crate::core::retrieval::vectors::delete_collection(tx, &index::collection(&actor.id))?;
        Ok(n)
    })
}

/// Upstream's `SearchResult` for one query vector, higher = closer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct QueryResult {
    pub ids: Vec<Vec<String>>,
    pub documents: Vec<Vec<String>>,
    pub metadatas: Vec<Vec<Value>>,
    pub distances: Vec<Vec<f32>>,
}

/// The caller's `k` memories closest to `content` by meaning, without
/// those scoring under `rag.relevance_threshold` (when above 0).
pub async fn query(cx: &Ctx, actor: &Actor, content: &str, k: i64) -> Result<QueryResult> {
    allowed_async(cx, actor).await?;
    let uid = actor.id.clone();
    let any = cx
        .blocking(move |cx| cx.db.read(|c| store::list(c, &uid)))
        .await?;
    if any.is_empty() {
        return Err(Error::NotFound("No memories found for user".into()));
    }
    let k = k.max(0) as usize;
    let v = index::embed(
        cx,
        vec![content.to_string()],
        crate::core::retrieval::embed::Purpose::Query,
    )
    .await?
    .pop()
    .unwrap_or_default();
    let name = index::collection(&actor.id);
    let hits = cx
        .blocking(move |cx| {
            let threshold = crate::core::retrieval::settings::rag(cx).relevance_threshold;
            let hits = crate::core::retrieval::vectors::search(&cx.db, &cx.vectors, &name, &v, k)?;
            Ok(hits
                .into_iter()
                .filter(|h| threshold <= 0.0 || f64::from(h.score) >= threshold)
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(QueryResult {
        ids: vec![hits.iter().map(|h| h.id.clone()).collect()],
        documents: vec![hits.iter().map(|h| h.text.clone()).collect()],
        metadatas: vec![
            hits.iter()
                .map(|h| Value::Object(h.metadata.clone()))
                .collect(),
        ],
        distances: vec![hits.iter().map(|h| h.score).collect()],
    })
}

/// Embed all the caller's memories again into a fresh collection
/// (upstream's `/reset`: the memories stay).
pub async fn reset(cx: &Ctx, actor: &Actor) -> Result<()> {
    allowed_async(cx, actor).await?;
    index::rebuild(cx, &actor.id).await?;
    Ok(())
}

/// How many users and memories [`reindex`] went through.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Reindexed {
    pub status: bool,
    pub total_users: usize,
    pub total_memories: usize,
}

/// Admins: rebuild every user's memory collection from the table (every
/// user's: one whose memories are gone loses their collection too).
pub async fn reindex(cx: &Ctx, actor: &Actor) -> Result<Reindexed> {
    actor.require_admin()?;
    let users = cx.blocking(|cx| cx.db.read(store::users)).await?;
    let mut total = 0;
    for u in &users {
        total += index::rebuild(cx, u).await?;
    }
    Ok(Reindexed {
        status: true,
        total_users: users.len(),
        total_memories: total,
    })
}

/// The caller's memories found by id, type, path and text (no vectors).
pub fn search(cx: &Ctx, actor: &Actor, form: &lookup::SearchForm) -> Result<Vec<Memory>> {
    lookup::search(list(cx, actor)?, form)
}

/// The caller's memories grouped by path and type.
pub fn paths(cx: &Ctx, actor: &Actor, form: &lookup::PathsForm) -> Result<lookup::Paths> {
    Ok(lookup::paths(&list(cx, actor)?, form))
}

/// The caller's memories at a path, below it and above it.
pub fn path(cx: &Ctx, actor: &Actor, form: &lookup::PathForm) -> Result<lookup::PathView> {
    lookup::path(&list(cx, actor)?, form)
}
