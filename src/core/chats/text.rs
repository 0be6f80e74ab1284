//! One message as stored: its JSON text, written so that the chat document
//! can be sent by splicing texts together instead of parsing them.
//!
//! A message keeps its keys in their order, but its `childrenIds` value is
//! stored as `[]`: the list is rebuilt from the `parent_id` links on read
//! and spliced in at `children_at`, the byte offset of that `[]`. What the
//! read path must know about a message without parsing it (its role,
//! author, whether it carries `meta`...) is kept in columns next to it.

use serde_json::Value;

/// A message encoded for storage, with the facts kept in columns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Encoded {
    /// Compact JSON, `childrenIds` (when present) as `[]`.
    pub text: String,
    /// Byte offset of the `[]` of a top-level `childrenIds`.
    pub children_at: Option<usize>,
    /// It has a `role` key (any value): a message the current-leaf rules
    /// count.
    pub has_role: bool,
    /// It has a top-level `meta` key (hidden from readers who did not
    /// write the message).
    pub has_meta: bool,
    /// A user message whose author is already spelled out as readers get
    /// it: a non-empty `user_id` and `user` exactly `{"id": <user_id>,
    /// "name": <this, non-empty>}`.
    pub author_name: Option<String>,
}

fn push_str_json(out: &mut String, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
    }
}

/// A string as JSON text.
pub(crate) fn write_str(out: &mut String, s: &str) {
    push_str_json(out, s);
}

/// Any value as compact JSON text.
pub(crate) fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::String(s) => push_str_json(out, s),
        _ => out.push_str(&v.to_string()),
    }
}

/// Encode a message for storage (see the module comment).
pub fn encode(m: &Value) -> Encoded {
    let Value::Object(o) = m else {
        return Encoded {
            text: m.to_string(),
            ..Default::default()
        };
    };
    let mut text = String::with_capacity(256);
    let mut children_at = None;
    text.push('{');
    for (i, (k, v)) in o.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        push_str_json(&mut text, k);
        text.push(':');
        if k == "childrenIds" {
            children_at = Some(text.len());
            text.push_str("[]");
        } else {
            write_value(&mut text, v);
        }
    }
    text.push('}');
    Encoded {
        text,
        children_at,
        has_role: o.contains_key("role"),
        has_meta: o.contains_key("meta"),
        author_name: author_name(o),
    }
}

fn author_name(o: &serde_json::Map<String, Value>) -> Option<String> {
    if o.get("role").and_then(Value::as_str) != Some("user") {
        return None;
    }
    let uid = o
        .get("user_id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())?;
    let user = o.get("user")?.as_object()?;
    let keys: Vec<&str> = user.keys().map(String::as_str).collect();
    if keys != ["id", "name"] || user.get("id").and_then(Value::as_str) != Some(uid) {
        return None;
    }
    user.get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

/// A stored message and its columns, as the read path uses them.
#[derive(Clone, Debug, Default)]
pub struct StoredMessage {
    pub id: String,
    /// `parentId`, when a string.
    pub parent_id: Option<String>,
    /// `role`, when a string.
    pub role: Option<String>,
    pub has_role: bool,
    /// `user_id`, when a string.
    pub user_id: Option<String>,
    pub author_name: Option<String>,
    pub has_meta: bool,
    /// `done`, when a boolean.
    pub done: Option<bool>,
    /// `timestamp`, when an integer.
    pub timestamp: Option<i64>,
    pub children_at: Option<usize>,
    pub text: String,
}

impl StoredMessage {
    /// A message as it would be stored under `id`.
    pub fn of(id: &str, m: &Value) -> StoredMessage {
        let s = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
        let e = encode(m);
        StoredMessage {
            id: id.to_string(),
            parent_id: s("parentId"),
            role: s("role"),
            has_role: e.has_role,
            user_id: s("user_id"),
            author_name: e.author_name,
            has_meta: e.has_meta,
            done: m.get("done").and_then(Value::as_bool),
            timestamp: m.get("timestamp").and_then(Value::as_i64),
            children_at: e.children_at,
            text: e.text,
        }
    }

    /// The stored message as a value (its `childrenIds`, if any, empty).
    pub fn parse(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }

    /// The message as it is sent, as a value to rewrite: an object without
    /// `childrenIds` gets the (empty) key last, where sending adds it, so
    /// keys added after it stay after it.
    pub fn parse_as_sent(&self) -> Value {
        let mut v = self.parse();
        if let Value::Object(o) = &mut v
            && !o.contains_key("childrenIds")
        {
            o.insert("childrenIds".into(), Value::Array(vec![]));
        }
        v
    }

    /// Replace the text with a rewritten message (the facts the read path
    /// uses for the document's structure stay as they are).
    pub fn rewrite(&mut self, m: &Value) {
        let e = encode(m);
        self.text = e.text;
        self.children_at = e.children_at;
        self.has_meta = e.has_meta;
        self.author_name = e.author_name;
        self.has_role = e.has_role;
    }

    /// The text before and after the `childrenIds` value as it is sent:
    /// `(before, after)` with the value to go between them. A message
    /// without the key gets it last; a text that is not an object none.
    pub fn around_children(&self) -> Option<(&str, &'static str, &str)> {
        let t = self.text.as_str();
        match self.children_at {
            Some(at) if t.get(at..at + 2) == Some("[]") => Some((&t[..at], "", &t[at + 2..])),
            _ if t == "{}" => Some(("{", "\"childrenIds\":", "}")),
            _ if t.starts_with('{') && t.ends_with('}') => {
                Some((&t[..t.len() - 1], ",\"childrenIds\":", "}"))
            }
            _ => None,
        }
    }

    /// Whether `incoming` (a client's copy of this message, any
    /// `childrenIds`) is this message but for its `childrenIds`.
    pub fn same_text_but_children(&self, incoming: &str) -> bool {
        if incoming == self.text {
            return true;
        }
        let Some((before, key, after)) = self.around_children() else {
            return false;
        };
        let Some(rest) = incoming
            .strip_prefix(before)
            .and_then(|r| r.strip_prefix(key))
            .and_then(|r| r.strip_suffix(after))
        else {
            return false;
        };
        // what is left must be one JSON value: the client's list
        serde_json::from_str::<serde::de::IgnoredAny>(rest).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A message as sent, `children` (a JSON list) spliced in.
    fn write_message(out: &mut String, m: &StoredMessage, children: &str) {
        match m.around_children() {
            Some((before, key, after)) => {
                out.push_str(before);
                out.push_str(key);
                out.push_str(children);
                out.push_str(after);
            }
            None => out.push_str(&m.text),
        }
    }

    fn stored(m: &Value) -> StoredMessage {
        let e = encode(m);
        StoredMessage {
            text: e.text,
            children_at: e.children_at,
            ..Default::default()
        }
    }

    #[test]
    fn encoding_keeps_key_order_and_empties_children() {
        let m = json!({"id": "a", "childrenIds": ["b", "c"], "role": "user", "n": 1.5, "s": "x\"y\u{1}"});
        let e = encode(&m);
        let mut expected = m.clone();
        expected["childrenIds"] = json!([]);
        assert_eq!(e.text, expected.to_string());
        assert_eq!(&e.text[e.children_at.unwrap()..][..2], "[]");
        assert!(e.has_role && !e.has_meta);
    }

    #[test]
    fn author_name_only_when_already_canonical() {
        let ok = json!({"role": "user", "user_id": "u", "user": {"id": "u", "name": "Ada"}});
        assert_eq!(encode(&ok).author_name.as_deref(), Some("Ada"));
        for m in [
            json!({"role": "user", "user_id": "u", "user": {"name": "Ada", "id": "u"}}),
            json!({"role": "user", "user_id": "u", "user": {"id": "v", "name": "Ada"}}),
            json!({"role": "user", "user_id": "u", "user": {"id": "u", "name": ""}}),
            json!({"role": "user", "user_id": "u", "user": {"id": "u", "name": "A", "x": 1}}),
            json!({"role": "user", "user": {"id": "u", "name": "Ada"}}),
            json!({"role": "assistant", "user_id": "u", "user": {"id": "u", "name": "Ada"}}),
        ] {
            assert_eq!(encode(&m).author_name, None, "{m}");
        }
    }

    #[test]
    fn splicing_children() {
        let mut out = String::new();
        write_message(
            &mut out,
            &stored(&json!({"id": "a", "childrenIds": [], "x": 1})),
            "[\"b\"]",
        );
        assert_eq!(out, r#"{"id":"a","childrenIds":["b"],"x":1}"#);
        out.clear();
        write_message(&mut out, &stored(&json!({"id": "a"})), "[]");
        assert_eq!(out, r#"{"id":"a","childrenIds":[]}"#);
        out.clear();
        write_message(&mut out, &stored(&json!({})), "[\"b\"]");
        assert_eq!(out, r#"{"childrenIds":["b"]}"#);
        out.clear();
        write_message(&mut out, &stored(&Value::Null), "[\"b\"]");
        assert_eq!(out, "null");
    }

    #[test]
    fn same_text_but_children() {
        let s = stored(&json!({"id": "a", "childrenIds": ["z"], "role": "user"}));
        assert!(s.same_text_but_children(r#"{"id":"a","childrenIds":["b","c"],"role":"user"}"#));
        assert!(s.same_text_but_children(r#"{"id":"a","childrenIds":[],"role":"user"}"#));
        assert!(!s.same_text_but_children(r#"{"id":"a","childrenIds":[],"role":"assistant"}"#));
        // a second key smuggled in where the list goes is not the same message
        assert!(!s.same_text_but_children(r#"{"id":"a","childrenIds":[],"x":1,"role":"user"}"#));
        let s = stored(&json!({"id": "a"}));
        assert!(s.same_text_but_children(r#"{"id":"a","childrenIds":["b"]}"#));
        assert!(s.same_text_but_children(r#"{"id":"a"}"#));
        assert!(!s.same_text_but_children(r#"{"id":"b","childrenIds":["b"]}"#));
    }
}
