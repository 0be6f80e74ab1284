//! The merge rules of `POST /chats/{id}`, applied to the messages the
//! client's document names (not to the whole chat):
//!
//! - the document is patched key by key (`history` key by key too);
//! - a named message is new (written), or replaces the stored one, except
//!   a message written by someone other than the owner, or an assistant
//!   message still generating (stored or sent with `done: false`): those
//!   stay as stored;
//! - a message equal to the stored one but for `childrenIds` is not
//!   rewritten (found by comparing texts first, parsing only when they
//!   differ);
//! - `history.currentId` stays the client's when it names a message of
//!   the merged chat, else the stored one when it does, else null.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde_json::{Map, Value};

use super::patch::{Incoming, PatchDoc};
use super::store;
use super::text::StoredMessage;
use crate::error::Result;

/// The stored messages a merge may look at.
pub(crate) trait StoredLookup {
    /// The stored messages among `ids`, by id.
    fn among(&mut self, ids: &[&str]) -> Result<HashMap<String, StoredMessage>>;
    /// Whether a message with this id is stored.
    fn has(&mut self, id: &str) -> Result<bool>;
}

/// A chat's messages in the database.
pub(crate) struct InDb<'a> {
    pub c: &'a Connection,
    pub chat_id: &'a str,
}

impl StoredLookup for InDb<'_> {
    fn among(&mut self, ids: &[&str]) -> Result<HashMap<String, StoredMessage>> {
        Ok(store::stored_among(self.c, self.chat_id, ids)?
            .into_iter()
            .map(|m| (m.id.clone(), m))
            .collect())
    }
    fn has(&mut self, id: &str) -> Result<bool> {
        store::has_message(self.c, self.chat_id, id)
    }
}

/// Messages held in memory.
pub(crate) struct InMemory<'a>(pub &'a super::doc::Messages);

impl StoredLookup for InMemory<'_> {
    fn among(&mut self, ids: &[&str]) -> Result<HashMap<String, StoredMessage>> {
        let want: HashSet<&str> = ids.iter().copied().collect();
        Ok(self
            .0
            .iter()
            .filter(|(k, _)| want.contains(k.as_str()))
            .map(|(k, v)| (k.clone(), StoredMessage::of(k, v)))
            .collect())
    }
    fn has(&mut self, id: &str) -> Result<bool> {
        Ok(self.0.iter().any(|(k, _)| k == id))
    }
}

/// What a merge decided.
pub(crate) struct Outcome {
    /// The stored document patched (without messages).
    pub doc: Value,
    /// The messages to write, in the order the client named them.
    pub write: Vec<(String, Value)>,
    /// The last new message named (written or not): the last of the
    /// merged chat's messages when there is one.
    pub last_new: Option<String>,
}

/// Patch the stored document with the client's, key by key; `history` is
/// patched key by key (and moves to the end, as it always has).
pub(crate) fn merge_doc(stored: &mut Value, incoming: Value) {
    if let (Value::Object(base), Value::Object(patch)) = (stored, incoming) {
        for (k, v) in patch {
            if k == "history" {
                let mut h = match base.remove("history") {
                    Some(Value::Object(h)) => h,
                    _ => Map::new(),
                };
                if let Value::Object(inc) = v {
                    for (hk, hv) in inc {
                        h.insert(hk, hv);
                    }
                }
                base.insert("history".into(), Value::Object(h));
            } else {
                base.insert(k, v);
            }
        }
    }
}

/// Equal but for `childrenIds`, which is always rebuilt.
pub(crate) fn same_message(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() - usize::from(x.contains_key("childrenIds"))
                == y.len() - usize::from(y.contains_key("childrenIds"))
                && x.iter()
                    .filter(|(k, _)| k.as_str() != "childrenIds")
                    .all(|(k, v)| y.get(k) == Some(v))
        }
        _ => a == b,
    }
}

/// Stamping the writer's name (`stamp`) leaves the stored message as it
/// is, so a text equal to the stored one needs no rewrite.
fn stamp_keeps(old: &StoredMessage, stamp: Option<(&str, &str)>) -> bool {
    match stamp {
        None => true,
        Some((id, name)) => {
            old.user_id.as_deref() == Some(id)
                && (old.role.as_deref() != Some("user") || old.author_name.as_deref() == Some(name))
        }
    }
}

/// Merge the client's document `patch` into the stored document of a
/// chat owned by `owner_id`; `stamp` (writer id and name) is set on every
/// message the client sent.
pub(crate) fn merge(
    mut stored_doc: Value,
    patch: PatchDoc,
    owner_id: &str,
    stamp: Option<(&str, &str)>,
    store: &mut impl StoredLookup,
) -> Result<Outcome> {
    let PatchDoc {
        doc: incoming,
        messages,
        ..
    } = patch;
    let has_history = incoming.get("history").is_some();
    let stored_current = stored_doc
        .pointer("/history/currentId")
        .cloned()
        .unwrap_or(Value::Null);
    merge_doc(&mut stored_doc, incoming);
    if !has_history {
        return Ok(Outcome {
            doc: stored_doc,
            write: Vec::new(),
            last_new: None,
        });
    }
    let named: HashSet<String> = messages.iter().map(|(k, _)| k.clone()).collect();
    let stored = {
        let ids: Vec<&str> = messages.iter().map(|(k, _)| k.as_str()).collect();
        store.among(&ids)?
    };
    let mut write = Vec::new();
    let mut last_new = None;
    for (id, inc) in messages {
        let Some(old) = stored.get(&id) else {
            let v = inc.into_value(stamp);
            if v.get("role").is_some() {
                write.push((id.clone(), v));
            }
            last_new = Some(id);
            continue;
        };
        if old.user_id.as_deref().unwrap_or(owner_id) != owner_id {
            continue;
        }
        if let Incoming::Raw(raw) = &inc
            && stamp_keeps(old, stamp)
            && !raw.get().contains("\\u0000")
            && old.same_text_but_children(raw.get())
        {
            continue;
        }
        let v = inc.into_value(stamp);
        let generating = v.get("done") == Some(&Value::Bool(false));
        if old.role.as_deref() == Some("assistant") && (old.done == Some(false) || generating) {
            continue;
        }
        if v.get("role").is_some() && !same_message(&old.parse(), &v) {
            write.push((id, v));
        }
    }
    let mut in_merged = |c: &str| -> Result<bool> {
        Ok(named.contains(c) || stored.contains_key(c) || store.has(c)?)
    };
    let asked = stored_doc
        .pointer("/history/currentId")
        .and_then(Value::as_str)
        .map(str::to_string);
    let current = match asked {
        Some(c) if in_merged(&c)? => Some(c),
        _ => match stored_current.as_str() {
            Some(c) if in_merged(c)? => Some(c.to_string()),
            _ => None,
        },
    };
    if let Some(Value::Object(h)) = stored_doc.get_mut("history") {
        h.insert(
            "currentId".into(),
            current.map(Value::String).unwrap_or(Value::Null),
        );
    }
    Ok(Outcome {
        doc: stored_doc,
        write,
        last_new,
    })
}
