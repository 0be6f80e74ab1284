//! Memories: short facts a user keeps for the models to know about them
//! (`user`, always given to the model) or to be found by relevance
//! (`context`), optionally filed under a path like `work/projects/alpha`.
//!
//! Table: `memory`. Commands: `owui memories list|add|delete|clear`.
//! Endpoints (`/api/v1/memories/*`) sit behind [`gate`]: the
//! `memories.enable` switch, which stays off until memories are embedded
//! and given to the model in the chat.
//!
//! Every operation works on the caller's own memories only: another
//! user's memory is "not found", whoever asks.

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

/// A change to a memory: fields not given keep their values; `path`
/// given (even `""`) replaces the path (`""` clears it).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct MemoryPatch {
    #[serde(default)]
    pub content: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: Option<MemoryType>,
    #[serde(default, deserialize_with = "present")]
    pub path: Option<Option<String>>,
}

/// A field that is present, even as null, is `Some`.
fn present<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
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

/// Keep a new memory for the caller, written by hand.
pub fn add(cx: &Ctx, actor: &Actor, new: NewMemory) -> Result<Memory> {
    allowed(cx, actor)?;
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
    cx.db.write(|tx| store::insert(tx, &m))?;
    Ok(m)
}

/// Change one of the caller's memories by hand.
pub fn update(cx: &Ctx, actor: &Actor, id: &str, patch: MemoryPatch) -> Result<Memory> {
    allowed(cx, actor)?;
    if patch.content.is_none() && patch.kind.is_none() && patch.path.is_none() {
        return Err(Error::invalid("No memory update provided"));
    }
    let content = patch.content.as_deref().map(clean_content).transpose()?;
    let path = patch
        .path
        .as_ref()
        .map(|p| clean_path(p.as_deref()))
        .transpose()?;
    cx.db.write(|tx| {
        let mut m = store::get(tx, &actor.id, id)?.ok_or_else(not_found)?;
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
        store::update(tx, &m)?;
        Ok(m)
    })
}

/// Delete one of the caller's memories; false when the caller has none
/// by that id.
pub fn delete(cx: &Ctx, actor: &Actor, id: &str) -> Result<bool> {
    allowed(cx, actor)?;
    cx.db.write(|tx| store::delete(tx, &actor.id, id))
}

/// Delete all the caller's memories; how many there were.
pub fn clear(cx: &Ctx, actor: &Actor) -> Result<usize> {
    allowed(cx, actor)?;
    cx.db.write(|tx| store::delete_all(tx, &actor.id))
}
