//! `/update`: a batch of operations on the caller's memories (add,
//! replace, move, remove), applied all together or not at all.
//!
//! The batch is planned on a snapshot of the caller's memories, the
//! memories it creates or changes are embedded, and then one transaction
//! checks that the snapshot still holds and writes the rows and their
//! vectors; if the memories changed meanwhile the batch is planned again.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::{
    Memory, MemoryBrief, MemoryType, allowed_async, clean_content, clean_path, index, store,
};
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::retrieval::vectors;
use crate::error::{Error, Result};
use crate::util::{new_id, now};

/// What an operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Add,
    Replace,
    Remove,
    Move,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Add => "add",
            Action::Replace => "replace",
            Action::Remove => "remove",
            Action::Move => "move",
        }
    }
}

/// One operation: `add` (content, type, path), `replace` (id, content,
/// type, path: the path is always replaced), `move` (id, path), `remove`
/// (id).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct Operation {
    pub action: Action,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: Option<MemoryType>,
    #[serde(default)]
    pub path: Option<String>,
}

/// Who asks for the operations, kept in the memories' `meta.created_by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Tool,
    BackgroundReview,
}

/// The `/update` form.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct Operations {
    pub operations: Vec<Operation>,
    #[serde(default)]
    pub source: Option<Source>,
}

/// Where the operations come from: the chat, message and model of a
/// tool call or review, kept in `meta` (none for a plain API call).
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    pub chat_id: Option<String>,
    pub message_id: Option<String>,
    pub model: Option<String>,
}

/// What became of one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Created,
    Updated,
    Deleted,
    Skipped,
}

/// One operation's result: `memory` (without `meta`) for add, replace
/// and move; `id` for remove; `reason` for a skipped add.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct OpResult {
    pub action: Action,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryBrief>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An operation with its content and path cleaned.
struct Checked {
    action: Action,
    id: String,
    content: String,
    kind: Option<MemoryType>,
    path: Option<String>,
}

/// Refuse the batch before anything is read: no operations, an id
/// missing, empty content, a bad path.
fn check(ops: &[Operation]) -> Result<Vec<Checked>> {
    if ops.is_empty() {
        return Err(Error::invalid("No memory operations provided"));
    }
    ops.iter()
        .map(|op| {
            let id = match op.action {
                Action::Add => String::new(),
                a => op.id.clone().filter(|i| !i.is_empty()).ok_or_else(|| {
                    Error::invalid(format!("Memory id is required for {}", a.as_str()))
                })?,
            };
            let content = match op.action {
                Action::Add | Action::Replace => {
                    clean_content(op.content.as_deref().unwrap_or(""))?
                }
                _ => String::new(),
            };
            let path = match op.action {
                Action::Remove => None,
                _ => clean_path(op.path.as_deref())?,
            };
            Ok(Checked {
                action: op.action,
                id,
                content,
                kind: op.kind,
                path,
            })
        })
        .collect()
}

/// The batch played on a snapshot.
struct Plan {
    results: Vec<OpResult>,
    /// Memories to write, in their final state: (memory, newly created).
    write: Vec<(Memory, bool)>,
    remove: Vec<String>,
}

fn memory_not_found(id: &str) -> Error {
    Error::NotFound(format!("Memory not found: {id}"))
}

fn merged(old: Option<&Value>, new: &Map<String, Value>) -> Value {
    let mut m = match old {
        Some(Value::Object(o)) => o.clone(),
        _ => Map::new(),
    };
    m.extend(new.clone());
    Value::Object(m)
}

fn plan(
    user_id: &str,
    snapshot: &[Memory],
    ops: &[Checked],
    meta: &Map<String, Value>,
) -> Result<Plan> {
    let t = now();
    let mut order: Vec<String> = snapshot.iter().map(|m| m.id.clone()).collect();
    let mut live: HashMap<String, Memory> =
        snapshot.iter().map(|m| (m.id.clone(), m.clone())).collect();
    let mut created: Vec<String> = Vec::new();
    let mut touched: Vec<String> = Vec::new();
    let mut remove: Vec<String> = Vec::new();
    let mut results = Vec::with_capacity(ops.len());
    for op in ops {
        match op.action {
            Action::Add => {
                let kind = op.kind.unwrap_or(MemoryType::Context);
                let dup = order
                    .iter()
                    .filter_map(|id| live.get(id))
                    .find(|m| m.content == op.content && m.kind == kind && m.path == op.path);
                if let Some(d) = dup {
                    results.push(OpResult {
                        action: op.action,
                        status: Status::Skipped,
                        memory: Some(MemoryBrief::from(d)),
                        id: None,
                        reason: Some("duplicate".into()),
                    });
                    continue;
                }
                let m = Memory {
                    id: new_id(),
                    user_id: user_id.to_string(),
                    kind,
                    path: op.path.clone(),
                    content: op.content.clone(),
                    meta: Some(Value::Object(meta.clone())),
                    updated_at: t,
                    created_at: t,
                };
                results.push(OpResult {
                    action: op.action,
                    status: Status::Created,
                    memory: Some(MemoryBrief::from(&m)),
                    id: None,
                    reason: None,
                });
                order.push(m.id.clone());
                created.push(m.id.clone());
                touched.push(m.id.clone());
                live.insert(m.id.clone(), m);
            }
            Action::Replace | Action::Move => {
                let m = live
                    .get_mut(&op.id)
                    .ok_or_else(|| memory_not_found(&op.id))?;
                if op.action == Action::Replace {
                    m.content = op.content.clone();
                    if let Some(k) = op.kind {
                        m.kind = k;
                    }
                }
                m.path = op.path.clone();
                m.meta = Some(merged(m.meta.as_ref(), meta));
                m.updated_at = t;
                results.push(OpResult {
                    action: op.action,
                    status: Status::Updated,
                    memory: Some(MemoryBrief::from(&*m)),
                    id: None,
                    reason: None,
                });
                if !touched.contains(&op.id) {
                    touched.push(op.id.clone());
                }
            }
            Action::Remove => {
                live.remove(&op.id)
                    .ok_or_else(|| memory_not_found(&op.id))?;
                order.retain(|i| *i != op.id);
                touched.retain(|i| *i != op.id);
                // one made in this batch was never written
                if !created.contains(&op.id) {
                    remove.push(op.id.clone());
                }
                results.push(OpResult {
                    action: op.action,
                    status: Status::Deleted,
                    memory: None,
                    id: Some(op.id.clone()),
                    reason: None,
                });
            }
        }
    }
    let write = touched
        .iter()
        .filter_map(|id| live.remove(id).map(|m| (m, created.contains(id))))
        .collect();
    Ok(Plan {
        results,
        write,
        remove,
    })
}

/// Apply a batch of operations to the caller's memories, together or not
/// at all: an id that is not one of theirs is "not found" and nothing
/// changes. Added, replaced and moved memories are embedded and their
/// `meta` says who made them.
pub async fn apply(
    cx: &Ctx,
    actor: &Actor,
    form: Operations,
    from: Provenance,
) -> Result<Vec<OpResult>> {
    allowed_async(cx, actor).await?;
    let ops = check(&form.operations)?;
    let source = match form.source {
        Some(Source::BackgroundReview) => "background_review",
        _ => "tool",
    };
    let meta = match json!({
        "created_by": source,
        "chat_id": from.chat_id,
        "message_id": from.message_id,
        "model": from.model,
    }) {
        Value::Object(m) => m,
        _ => unreachable!("a JSON object literal"),
    };
    // the memories may change while the batch is embedded: plan again
    for _ in 0..3 {
        let uid = actor.id.clone();
        let snapshot = cx
            .blocking(move |cx| cx.db.read(|c| store::list(c, &uid)))
            .await?;
        let plan = plan(&actor.id, &snapshot, &ops, &meta)?;
        let memories: Vec<Memory> = plan.write.iter().map(|(m, _)| m.clone()).collect();
        let items = if memories.is_empty() {
            Vec::new()
        } else {
            index::items(cx, &memories).await?
        };
        let uid = actor.id.clone();
        let Plan {
            results,
            write,
            remove,
        } = plan;
        let done = cx
            .blocking(move |cx| {
                cx.db.write(|tx| {
                    if store::list(tx, &uid)? != snapshot {
                        return Ok(None);
                    }
                    for (m, new) in &write {
                        if *new {
                            store::insert(tx, m)?;
                        } else {
                            store::update(tx, m)?;
                        }
                    }
                    for id in &remove {
                        store::delete(tx, &uid, id)?;
                    }
                    let name = index::collection(&uid);
                    if !remove.is_empty() {
                        vectors::delete_ids(tx, &name, &remove)?;
                    }
                    let dropped = !items.is_empty() && index::put(tx, &uid, &items)?;
                    Ok(Some(dropped))
                })
            })
            .await?;
        match done {
            Some(dropped) => {
                if dropped {
                    index::rebuild(cx, &actor.id).await?;
                }
                return Ok(results);
            }
            None => continue,
        }
    }
    Err(Error::Conflict(
        "Your memories kept changing while the operations were applied; try again".into(),
    ))
}
