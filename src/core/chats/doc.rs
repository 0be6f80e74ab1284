//! The chat document (`chat` JSON) without storage: splitting it into the
//! document and its messages, assembling it back, author stamping, the
//! current-leaf rules and the history merge of `POST /chats/{id}`.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

/// Messages in their map order: (id, message JSON).
pub type Messages = Vec<(String, Value)>;

/// Remove NUL characters from every string.
pub fn strip_nul(v: &mut Value) {
    match v {
        Value::String(s) if s.contains('\0') => *s = s.replace('\0', ""),
        Value::Array(a) => a.iter_mut().for_each(strip_nul),
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().filter(|k| k.contains('\0')).cloned().collect();
            for k in keys {
                if let Some(val) = m.shift_remove(&k) {
                    m.insert(k.replace('\0', ""), val);
                }
            }
            m.values_mut().for_each(strip_nul);
        }
        _ => {}
    }
}

/// The title a document gives its chat.
pub fn title_of(doc: &Value) -> String {
    match doc.get("title") {
        Some(Value::String(s)) => s.clone(),
        _ => "New Chat".into(),
    }
}

/// Set `user_id` on every message (and `user` on user messages) to the
/// writer, so clients cannot write in someone else's name.
pub fn stamp_authors(doc: &mut Value, user_id: &str, name: &str) {
    let stamp = |m: &mut Value| stamp_author(m, user_id, name);
    if let Some(Value::Object(msgs)) = doc.pointer_mut("/history/messages") {
        msgs.values_mut().for_each(stamp);
    }
    if let Some(Value::Array(list)) = doc.get_mut("messages") {
        list.iter_mut().for_each(stamp);
    }
}

/// Set `user_id` on one message (and `user` on a user message).
pub fn stamp_author(m: &mut Value, user_id: &str, name: &str) {
    if let Value::Object(o) = m {
        o.insert("user_id".into(), json!(user_id));
        if o.get("role").and_then(Value::as_str) == Some("user") {
            o.insert("user".into(), json!({"id": user_id, "name": name}));
        }
    }
}

/// Fill `user_id` (and `user` on user messages) only where a message has
/// no author yet: imported chats keep theirs.
pub fn stamp_missing_authors(doc: &mut Value, user_id: &str, name: &str) {
    let stamp = |m: &mut Value| {
        if let Value::Object(o) = m {
            let author = o
                .get("user_id")
                .and_then(Value::as_str)
                .or_else(|| {
                    o.get("user")
                        .and_then(|u| u.get("id"))
                        .and_then(Value::as_str)
                })
                .map(str::to_string);
            match author {
                Some(a) => {
                    o.insert("user_id".into(), json!(a));
                }
                None => {
                    o.insert("user_id".into(), json!(user_id));
                    if o.get("role").and_then(Value::as_str) == Some("user") {
                        o.insert("user".into(), json!({"id": user_id, "name": name}));
                    }
                }
            }
        }
    };
    if let Some(Value::Object(msgs)) = doc.pointer_mut("/history/messages") {
        msgs.values_mut().for_each(stamp);
    }
    if let Some(Value::Array(list)) = doc.get_mut("messages") {
        list.iter_mut().for_each(stamp);
    }
}

/// Take the messages out of a document: the `history.messages` map (in
/// order) is returned and left in the document as an empty placeholder, as
/// is the derived `messages` list, so key order survives the round trip.
pub fn split(doc: &mut Value) -> Messages {
    if !doc.is_object() {
        *doc = json!({});
    }
    let mut out = Vec::new();
    if let Some(Value::Object(h)) = doc.get_mut("history")
        && let Some(Value::Object(msgs)) = h.get_mut("messages")
    {
        for (k, v) in std::mem::take(msgs) {
            if v.is_object() {
                out.push((k, v));
            }
        }
    }
    if let Some(m) = doc.get_mut("messages")
        && m.is_array()
    {
        *m = json!([]);
    }
    out
}

fn parent_of(m: &Value) -> Option<&str> {
    m.get("parentId").and_then(Value::as_str)
}

/// Put the messages back: `childrenIds` rebuilt from `parentId` links in
/// map order, `history.messages` filled, and the legacy `messages` list
/// (when the document has one) derived as the path to `currentId`.
pub fn assemble(mut doc: Value, msgs: Messages) -> Value {
    let mut children: HashMap<String, Vec<String>> = HashMap::new();
    let ids: HashSet<&str> = msgs.iter().map(|(k, _)| k.as_str()).collect();
    for (k, m) in &msgs {
        if let Some(p) = parent_of(m)
            && ids.contains(p)
        {
            children.entry(p.to_string()).or_default().push(k.clone());
        }
    }
    let mut map = Map::new();
    for (k, mut m) in msgs {
        if let Value::Object(o) = &mut m {
            o.insert(
                "childrenIds".into(),
                json!(children.remove(&k).unwrap_or_default()),
            );
        }
        map.insert(k, m);
    }
    let current = doc
        .pointer("/history/currentId")
        .and_then(Value::as_str)
        .map(str::to_string);
    if doc.get("messages").is_some_and(Value::is_array) {
        let mut path = Vec::new();
        let mut cur = current.clone();
        let mut seen = HashSet::new();
        while let Some(id) = cur {
            if !seen.insert(id.clone()) {
                break;
            }
            match map.get(&id) {
                Some(m) => {
                    cur = parent_of(m).map(str::to_string);
                    path.push(m.clone());
                }
                None => break,
            }
        }
        path.reverse();
        doc["messages"] = Value::Array(path);
    }
    if !doc.get("history").is_some_and(Value::is_object) {
        if map.is_empty() {
            return doc;
        }
        doc["history"] = json!({});
    }
    doc["history"]["messages"] = Value::Object(map);
    doc
}

/// `current_message_id`: `history.currentId`, else top-level `currentId`,
/// else `branchPointMessageId`, else the last of `messages`.
pub fn current_message_id(doc: &Value, msgs: &Messages) -> Option<String> {
    current_message_id_or(doc, || msgs.last().map(|(k, _)| k.clone()))
}

/// `current_message_id`, `last` giving the id of the last message.
pub fn current_message_id_or(doc: &Value, last: impl FnOnce() -> Option<String>) -> Option<String> {
    let s = |p: &str| doc.pointer(p).and_then(Value::as_str).map(str::to_string);
    s("/history/currentId")
        .or_else(|| s("/currentId"))
        .or_else(|| s("/branchPointMessageId"))
        .or_else(last)
}

/// Walk from a valid `currentId` down the last valid child to a leaf; with
/// no valid `currentId`, take the leaf with the greatest timestamp.
pub fn repair_current(doc: &mut Value, msgs: &Messages) {
    let valid = |m: &Value| m.get("role").is_some();
    let by_id: HashMap<&str, &Value> = msgs.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for (k, m) in msgs {
        if let Some(p) = parent_of(m) {
            children.entry(p).or_default().push(k);
        }
    }
    let current = doc
        .pointer("/history/currentId")
        .and_then(Value::as_str)
        .filter(|c| by_id.get(c).is_some_and(|m| valid(m)))
        .map(str::to_string);
    let leaf = match current {
        Some(mut cur) => {
            let mut seen = HashSet::new();
            while seen.insert(cur.clone()) {
                let next = children.get(cur.as_str()).and_then(|c| {
                    c.iter()
                        .rev()
                        .find(|id| by_id.get(*id).is_some_and(|m| valid(m)))
                });
                match next {
                    Some(n) => cur = n.to_string(),
                    None => break,
                }
            }
            Some(cur)
        }
        None => msgs
            .iter()
            .filter(|(k, m)| valid(m) && !children.contains_key(k.as_str()))
            .max_by_key(|(_, m)| m.get("timestamp").and_then(Value::as_i64).unwrap_or(0))
            .map(|(k, _)| k.clone()),
    };
    if let Some(l) = leaf
        && let Some(Value::Object(h)) = doc.get_mut("history")
    {
        h.insert("currentId".into(), json!(l));
    }
}

/// The outcome of merging a client's save into the stored chat.
pub struct Merged {
    pub doc: Value,
    /// The merged messages: the stored ones (changed where the client
    /// changed them), then the new ones.
    pub messages: Messages,
    /// Ids of messages whose stored JSON must be (re)written.
    pub changed: Vec<String>,
}

/// `POST /chats/{id}` on documents in memory: patch the document key by
/// key; merge the message maps (incoming wins), but never let the client
/// overwrite a message written by someone other than the owner, or an
/// assistant message that is still generating. The rules are those of
/// `merge.rs`, which the store's save applies to the rows the client names.
pub fn merge(stored_doc: Value, stored: Messages, mut incoming: Value, owner_id: &str) -> Merged {
    let sent = split(&mut incoming);
    let patch = super::patch::PatchDoc {
        doc: incoming,
        messages: sent
            .iter()
            .map(|(k, v)| (k.clone(), super::patch::Incoming::Tree(v.clone())))
            .collect(),
        stripped: true,
    };
    let mut lookup = super::merge::InMemory(&stored);
    // cannot fail: only the lookup can, and `InMemory` always answers
    let out = super::merge::merge(stored_doc, patch, owner_id, None, &mut lookup)
        .expect("an in-memory merge reads nothing that can fail");
    let mut written: HashMap<String, Value> = out.write.into_iter().collect();
    let mut changed = Vec::new();
    let mut messages = Vec::new();
    for (k, v) in &stored {
        match written.remove(k) {
            Some(n) => {
                changed.push(k.clone());
                messages.push((k.clone(), n));
            }
            None => messages.push((k.clone(), v.clone())),
        }
    }
    for (k, v) in sent {
        if messages.iter().any(|(m, _)| *m == k) {
            continue;
        }
        match written.remove(&k) {
            Some(n) => {
                changed.push(k.clone());
                messages.push((k, n));
            }
            None => messages.push((k, v)),
        }
    }
    Merged {
        doc: out.doc,
        messages,
        changed,
    }
}

/// The JSON schema of a chat document, shared by the types that hold one
/// (`ChatDoc` as stored, `PatchDoc` as a client sends it).
pub(crate) fn json_schema() -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "description": "A chat document: its title, models and message tree; other keys are kept as sent.",
        "properties": {
            "title": {"type": "string"},
            "models": {"type": "array", "items": {"type": "string"}},
            "params": {"type": "object"},
            "history": {
                "type": "object",
                "properties": {
                    "currentId": {"type": ["string", "null"]},
                    "messages": {"type": "object", "additionalProperties": {"type": "object"}}
                }
            },
            "messages": {"type": "array", "items": {"type": "object"}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "timestamp": {"type": "integer"}
        },
        "additionalProperties": true
    })
}

/// `impl JsonSchema` for a type serialized as a chat document.
macro_rules! chat_doc_schema {
    ($t:ty, $name:literal) => {
        impl schemars::JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                super::doc::json_schema()
            }
        }
    };
}
pub(crate) use chat_doc_schema;

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({
            "title": "T",
            "messages": [],
            "history": {"currentId": "b", "messages": {
                "a": {"id": "a", "parentId": null, "childrenIds": [], "role": "user", "content": "hi", "timestamp": 1},
                "b": {"id": "b", "parentId": "a", "childrenIds": [], "role": "assistant", "content": "yo", "done": true, "timestamp": 2}
            }},
            "timestamp": 1700000000000i64
        })
    }

    #[test]
    fn split_and_assemble_round_trip() {
        let mut d = doc();
        let msgs = split(&mut d);
        assert_eq!(msgs.len(), 2);
        assert_eq!(d["history"]["messages"], json!({}));
        let back = assemble(d, msgs);
        assert_eq!(
            back["history"]["messages"]["a"]["childrenIds"],
            json!(["b"])
        );
        assert_eq!(back["messages"].as_array().unwrap().len(), 2);
        assert_eq!(back["messages"][1]["id"], "b");
        let keys: Vec<&String> = back.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["title", "messages", "history", "timestamp"]);
    }

    #[test]
    fn authors_are_stamped_and_nul_stripped() {
        let mut d = doc();
        d["title"] = json!("a\u{0}b");
        strip_nul(&mut d);
        stamp_authors(&mut d, "u1", "Ada");
        assert_eq!(d["title"], "ab");
        assert_eq!(
            d["history"]["messages"]["a"]["user"],
            json!({"id": "u1", "name": "Ada"})
        );
        assert_eq!(d["history"]["messages"]["b"]["user_id"], "u1");
        assert!(d["history"]["messages"]["b"].get("user").is_none());
    }

    #[test]
    fn merge_keeps_unsent_keys_and_protects_messages() {
        let mut stored = doc();
        stamp_authors(&mut stored, "owner", "O");
        let mut stored_msgs = split(&mut stored);
        // b is still generating, and a third message c was written by someone else
        stored_msgs[1].1["done"] = json!(false);
        stored_msgs.push(("c".into(), json!({"id": "c", "parentId": "b", "role": "user", "content": "other", "user_id": "guest"})));
        let incoming = json!({
            "title": "New title",
            "history": {"currentId": "d", "messages": {
                "b": {"id": "b", "parentId": "a", "role": "assistant", "content": "overwritten", "done": true},
                "c": {"id": "c", "parentId": "b", "role": "user", "content": "hijack"},
                "d": {"id": "d", "parentId": "b", "role": "user", "content": "new"}
            }}
        });
        let m = merge(stored, stored_msgs, incoming, "owner");
        assert_eq!(m.doc["title"], "New title");
        assert_eq!(m.doc["timestamp"], 1700000000000i64);
        let get = |id: &str| m.messages.iter().find(|(k, _)| k == id).unwrap().1.clone();
        assert_eq!(get("b")["content"], "yo");
        assert_eq!(get("c")["content"], "other");
        assert_eq!(get("d")["content"], "new");
        assert_eq!(m.changed, vec!["d".to_string()]);
        assert_eq!(m.doc["history"]["currentId"], "d");
        let ids: Vec<&str> = m.messages.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
    }

    #[test]
    fn merge_without_history_touches_no_message() {
        let mut stored = doc();
        let msgs = split(&mut stored);
        let m = merge(stored, msgs, json!({"title": "x"}), "owner");
        assert!(m.changed.is_empty());
        assert_eq!(m.doc["history"]["currentId"], "b");
    }

    #[test]
    fn unknown_current_falls_back_to_stored_then_null() {
        let mut stored = doc();
        let msgs = split(&mut stored);
        let m = merge(
            stored.clone(),
            msgs.clone(),
            json!({"history": {"currentId": "zz", "messages": {}}}),
            "o",
        );
        assert_eq!(m.doc["history"]["currentId"], "b");
        let mut s2 = stored;
        s2["history"]["currentId"] = json!("gone");
        let m = merge(s2, msgs, json!({"history": {"currentId": "zz"}}), "o");
        assert_eq!(m.doc["history"]["currentId"], Value::Null);
    }

    #[test]
    fn current_leaf_repair() {
        let mut d = doc();
        let mut msgs = split(&mut d);
        msgs.push((
            "c".into(),
            json!({"id": "c", "parentId": "b", "role": "user", "timestamp": 3}),
        ));
        repair_current(&mut d, &msgs);
        assert_eq!(d["history"]["currentId"], "c");
        d["history"]["currentId"] = json!("nope");
        repair_current(&mut d, &msgs);
        assert_eq!(d["history"]["currentId"], "c");
    }
}
