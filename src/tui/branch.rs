//! The branch of a chat shown: the messages from the root of the chat
//! document (`history.messages`) down to its current message, and the
//! way to a sibling's branch (the web's ‹ › arrows).

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::core::retrieval::cite::{Citation, citations};

/// One message of the current branch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    pub role: String,
    pub content: String,
    pub model: Option<String>,
    pub done: bool,
    /// Position among its siblings (1-based) and how many there are.
    pub sibling: (usize, usize),
    pub error: Option<String>,
    /// The documents the answer drew on, one line each (`[1] name (page
    /// 2)`), from the `sources` saved on it.
    pub sources: Vec<String>,
}

/// The current branch of a chat document: from the root to `currentId`.
pub fn branch_of(doc: &Value) -> Vec<Message> {
    let msgs = doc.pointer("/history/messages").and_then(Value::as_object);
    let Some(msgs) = msgs else {
        return vec![];
    };
    let mut cur = doc
        .pointer("/history/currentId")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut out = vec![];
    let mut seen = HashSet::new();
    while let Some(id) = cur {
        if !seen.insert(id.clone()) {
            break;
        }
        let Some(m) = msgs.get(&id) else { break };
        let parent = m.get("parentId").and_then(Value::as_str);
        let siblings: Vec<String> = match parent.and_then(|p| msgs.get(p)) {
            Some(p) => p
                .get("childrenIds")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
            None => msgs
                .iter()
                .filter(|(_, v)| v.get("parentId").and_then(Value::as_str).is_none())
                .map(|(k, _)| k.clone())
                .collect(),
        };
        let pos = siblings.iter().position(|s| *s == id).unwrap_or(0);
        let text = |k: &str| m.get(k).and_then(Value::as_str).map(String::from);
        out.push(Message {
            id: id.clone(),
            role: text("role").unwrap_or_default(),
            content: text("content").unwrap_or_default(),
            model: text("model"),
            done: m.get("done").and_then(Value::as_bool).unwrap_or(true),
            sibling: (pos + 1, siblings.len().max(1)),
            error: m
                .pointer("/error/content")
                .and_then(Value::as_str)
                .map(String::from),
            sources: m
                .get("sources")
                .map(|v| citations(v).iter().map(Citation::line).collect())
                .unwrap_or_default(),
        });
        cur = parent.map(str::to_string);
    }
    out.reverse();
    out
}

/// The ids in an array (`childrenIds`).
fn ids(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The ids of `id` and its siblings, in order: the children of its
/// parent, or the roots.
fn siblings(msgs: &Map<String, Value>, id: &str) -> Vec<String> {
    let parent = msgs
        .get(id)
        .and_then(|m| m.get("parentId"))
        .and_then(Value::as_str);
    match parent {
        Some(p) => ids(msgs.get(p).and_then(|m| m.get("childrenIds"))),
        None => msgs
            .iter()
            .filter(|(_, v)| v.get("parentId").and_then(Value::as_str).is_none())
            .map(|(k, _)| k.clone())
            .collect(),
    }
}

/// The message to make current to show the sibling `step` places from
/// `id` (-1 the previous, +1 the next) with its latest descendants: the
/// last child, down to a leaf. None when there is no such sibling.
pub fn sibling_leaf(doc: &Value, id: &str, step: isize) -> Option<String> {
    let msgs = doc
        .pointer("/history/messages")
        .and_then(Value::as_object)?;
    let siblings = siblings(msgs, id);
    let pos = siblings.iter().position(|x| x == id).unwrap_or(0) as isize;
    let next = pos + step;
    if next < 0 || next >= siblings.len() as isize {
        return None;
    }
    let mut leaf = siblings[next as usize].clone();
    let mut seen = HashSet::new();
    while seen.insert(leaf.clone()) {
        match ids(msgs.get(&leaf).and_then(|m| m.get("childrenIds")))
            .last()
            .filter(|c| msgs.contains_key(*c))
        {
            Some(c) => leaf = c.clone(),
            None => break,
        }
    }
    Some(leaf)
}
