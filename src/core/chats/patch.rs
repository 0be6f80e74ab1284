//! The body of `POST /api/v1/chats/{id}` read lazily ([`ChatPatch`]): the
//! document's small keys become values, each message of
//! `history.messages` stays the text the client sent until the merge needs
//! it, and the `messages` list (derived data the server rebuilds) is only
//! checked to be a list.

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::doc;
use super::model::ChatForm;

/// One message of a client's document.
#[derive(Debug)]
pub enum Incoming {
    /// As the client sent it.
    Raw(Box<RawValue>),
    /// Already a value (NUL characters already removed).
    Tree(Value),
}

impl Incoming {
    /// The message as a value: NUL characters removed and, with `stamp`
    /// (writer id and name), written in the writer's name.
    pub fn into_value(self, stamp: Option<(&str, &str)>) -> Value {
        let mut v = match self {
            Incoming::Raw(r) => {
                let mut v = serde_json::from_str(r.get()).unwrap_or(Value::Null);
                doc::strip_nul(&mut v);
                v
            }
            Incoming::Tree(v) => v,
        };
        if let Some((id, name)) = stamp {
            doc::stamp_author(&mut v, id, name);
        }
        v
    }
}

/// A client's chat document, its messages kept aside.
#[derive(Debug, Default)]
pub struct PatchDoc {
    /// The document as `doc::split` leaves it: `history.messages` `{}`
    /// when it held messages, a `messages` list `[]`.
    pub doc: Value,
    /// The objects of `history.messages`, in order.
    pub messages: Vec<(String, Incoming)>,
    /// NUL characters are already removed from `doc`.
    pub stripped: bool,
}

impl PatchDoc {
    /// From a whole document: NUL characters removed, then split.
    pub fn from_value(mut d: Value) -> PatchDoc {
        doc::strip_nul(&mut d);
        let msgs = doc::split(&mut d);
        PatchDoc {
            doc: d,
            messages: msgs
                .into_iter()
                .map(|(k, v)| (k, Incoming::Tree(v)))
                .collect(),
            stripped: true,
        }
    }
}

/// `ChatForm` with the document read lazily (`POST /api/v1/chats/{id}`).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ChatPatch {
    pub chat: PatchDoc,
    #[serde(default)]
    pub variables: Option<Value>,
    #[serde(default)]
    pub folder_id: Option<String>,
}

impl From<ChatForm> for ChatPatch {
    fn from(f: ChatForm) -> ChatPatch {
        ChatPatch {
            chat: PatchDoc::from_value(Value::Object(f.chat)),
            variables: f.variables,
            folder_id: f.folder_id,
        }
    }
}

/// Keys in order, a repeated key keeping its first place and its last
/// value (as a `serde_json::Map` reads a document).
struct Ordered<T> {
    items: Vec<(String, T)>,
    at: HashMap<String, usize>,
}

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered {
            items: Vec::new(),
            at: HashMap::new(),
        }
    }
}

impl<T> Ordered<T> {
    fn put(&mut self, k: String, v: T) {
        match self.at.get(&k) {
            Some(&i) => self.items[i].1 = v,
            None => {
                self.at.insert(k.clone(), self.items.len());
                self.items.push((k, v));
            }
        }
    }
}

/// A map, or any other value.
enum MapOr<T> {
    Map(Ordered<T>),
    Other(Value),
}

/// What serde_json's `Value` does with everything but a map.
macro_rules! other_values {
    () => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(MapOr::Other(Value::Null))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(MapOr::Other(Value::Null))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(MapOr::Other(Value::Bool(v)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(MapOr::Other(v.into()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(MapOr::Other(v.into()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(MapOr::Other(
                serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
            ))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(MapOr::Other(Value::String(v.to_owned())))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(MapOr::Other(Value::String(v)))
        }
        fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
            let mut v = Vec::new();
            while let Some(e) = seq.next_element::<Value>()? {
                v.push(e);
            }
            Ok(MapOr::Other(Value::Array(v)))
        }
    };
}

/// `history.messages`: message texts by id.
struct MessagesVisitor;

impl<'de> Visitor<'de> for MessagesVisitor {
    type Value = MapOr<Box<RawValue>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }
    other_values!();
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Ordered::default();
        while let Some(k) = map.next_key::<String>()? {
            out.put(k, map.next_value::<Box<RawValue>>()?);
        }
        Ok(MapOr::Map(out))
    }
}

struct Messages(MapOr<Box<RawValue>>);

impl<'de> Deserialize<'de> for Messages {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(MessagesVisitor).map(Messages)
    }
}

/// A key of `history`.
enum HistoryItem {
    Messages(MapOr<Box<RawValue>>),
    Value(Value),
}

struct HistoryVisitor;

impl<'de> Visitor<'de> for HistoryVisitor {
    type Value = MapOr<HistoryItem>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }
    other_values!();
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Ordered::default();
        while let Some(k) = map.next_key::<String>()? {
            let v = if k == "messages" {
                HistoryItem::Messages(map.next_value::<Messages>()?.0)
            } else {
                HistoryItem::Value(map.next_value()?)
            };
            out.put(k, v);
        }
        Ok(MapOr::Map(out))
    }
}

struct History(MapOr<HistoryItem>);

impl<'de> Deserialize<'de> for History {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(HistoryVisitor).map(History)
    }
}

/// A top-level key of the document.
enum Item {
    History(MapOr<HistoryItem>),
    /// The `messages` list, as sent.
    List(Box<RawValue>),
    Value(Value),
}

struct DocVisitor;

impl<'de> Visitor<'de> for DocVisitor {
    type Value = PatchDoc;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PatchDoc, A::Error> {
        let mut items = Ordered::default();
        while let Some(k) = map.next_key::<String>()? {
            let v = match k.as_str() {
                "history" => Item::History(map.next_value::<History>()?.0),
                "messages" => Item::List(map.next_value()?),
                _ => Item::Value(map.next_value()?),
            };
            items.put(k, v);
        }
        Ok(finish(items))
    }
}

impl<'de> Deserialize<'de> for PatchDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(DocVisitor)
    }
}

fn parse(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

fn has_nul_key(items: &Ordered<Item>) -> bool {
    items.items.iter().any(|(k, v)| {
        k.contains('\0')
            || match v {
                Item::History(MapOr::Map(h)) => h.items.iter().any(|(hk, hv)| {
                    hk.contains('\0')
                        || matches!(hv, HistoryItem::Messages(MapOr::Map(m))
                            if m.items.iter().any(|(id, _)| id.contains('\0')))
                }),
                _ => false,
            }
    })
}

/// The whole document back (parsing every message).
fn whole(items: Ordered<Item>) -> Value {
    let messages = |m: MapOr<Box<RawValue>>| match m {
        MapOr::Map(m) => Value::Object(m.items.into_iter().map(|(k, r)| (k, parse(&r))).collect()),
        MapOr::Other(v) => v,
    };
    let mut d = Map::new();
    for (k, v) in items.items {
        let v = match v {
            Item::Value(v) => v,
            Item::List(r) => parse(&r),
            Item::History(MapOr::Other(v)) => v,
            Item::History(MapOr::Map(h)) => Value::Object(
                h.items
                    .into_iter()
                    .map(|(hk, hv)| match hv {
                        HistoryItem::Value(v) => (hk, v),
                        HistoryItem::Messages(m) => (hk, messages(m)),
                    })
                    .collect(),
            ),
        };
        d.insert(k, v);
    }
    Value::Object(d)
}

/// The document split as `doc::split` splits it, messages left as sent.
/// A key holding a NUL character (which removing NULs would rename) takes
/// the long way: the whole document is parsed, cleaned and split.
fn finish(items: Ordered<Item>) -> PatchDoc {
    if has_nul_key(&items) {
        return PatchDoc::from_value(whole(items));
    }
    let mut d = Map::new();
    let mut messages = Vec::new();
    for (k, v) in items.items {
        let v = match v {
            Item::Value(v) | Item::History(MapOr::Other(v)) => v,
            Item::List(r) if r.get().trim_start().starts_with('[') => json!([]),
            Item::List(r) => parse(&r),
            Item::History(MapOr::Map(h)) => {
                let mut hm = Map::new();
                for (hk, hv) in h.items {
                    let hv = match hv {
                        HistoryItem::Value(v) | HistoryItem::Messages(MapOr::Other(v)) => v,
                        HistoryItem::Messages(MapOr::Map(m)) => {
                            messages = m
                                .items
                                .into_iter()
                                .filter(|(_, r)| r.get().trim_start().starts_with('{'))
                                .map(|(id, r)| (id, Incoming::Raw(r)))
                                .collect();
                            json!({})
                        }
                    };
                    hm.insert(hk, hv);
                }
                Value::Object(hm)
            }
        };
        d.insert(k, v);
    }
    PatchDoc {
        doc: Value::Object(d),
        messages,
        stripped: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lazy(v: &Value) -> PatchDoc {
        serde_json::from_str(&v.to_string()).unwrap()
    }

    fn value_of(p: PatchDoc) -> (Value, Vec<(String, Value)>) {
        (
            p.doc,
            p.messages
                .into_iter()
                .map(|(k, m)| (k, m.into_value(None)))
                .collect(),
        )
    }

    #[test]
    fn reads_like_split_does() {
        for d in [
            json!({"title": "t", "messages": [{"id": "a"}], "history": {"currentId": "a",
                "messages": {"a": {"id": "a", "role": "user"}, "x": 3, "b": {"id": "b"}}}, "z": [1, 2.5, null, {"k": true}]}),
            json!({"history": null, "messages": {"not": "a list"}}),
            json!({"history": {"messages": [1, 2]}, "title": 1e3}),
            json!({"history": {"currentId": null}}),
            json!({"title": "a\u{0}b", "history": {"messages": {"m": {"content": "x\u{0}y"}}}}),
        ] {
            let mut expected = d.clone();
            doc::strip_nul(&mut expected);
            let msgs = doc::split(&mut expected);
            let (mut got, got_msgs) = value_of(lazy(&d));
            doc::strip_nul(&mut got);
            assert_eq!(got, expected, "{d}");
            let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
            assert_eq!(keys(&got), keys(&expected));
            assert_eq!(got_msgs, msgs, "{d}");
        }
    }

    #[test]
    fn repeated_keys_keep_first_place_and_last_value() {
        let text = r#"{"a": 1, "history": {"messages": {"m": {"v": 1}, "n": {}, "m": 5}}, "a": 2}"#;
        let p: PatchDoc = serde_json::from_str(text).unwrap();
        let expected: Value = serde_json::from_str(text).unwrap();
        let mut e = expected.clone();
        let msgs = doc::split(&mut e);
        let (got, got_msgs) = value_of(p);
        assert_eq!(got, e);
        assert_eq!(got_msgs, msgs);
        assert_eq!(got_msgs.len(), 1);
    }

    #[test]
    fn nul_in_a_key_takes_the_long_way() {
        let d = json!({"ti\u{0}tle": "x", "history": {"messages": {"a\u{0}": {"id": "a"}}}});
        let p = lazy(&d);
        assert!(p.stripped);
        let mut e = d.clone();
        doc::strip_nul(&mut e);
        let msgs = doc::split(&mut e);
        let (got, got_msgs) = value_of(p);
        assert_eq!(got, e);
        assert_eq!(got_msgs, msgs);
    }

    #[test]
    fn a_document_that_is_not_a_map_is_refused() {
        let e = serde_json::from_str::<ChatPatch>(r#"{"chat": "x"}"#).unwrap_err();
        assert!(e.to_string().contains("expected a map"), "{e}");
        let e = serde_json::from_str::<ChatPatch>("{}").unwrap_err();
        assert!(e.to_string().contains("missing field `chat`"), "{e}");
    }
}

super::doc::chat_doc_schema!(PatchDoc, "ChatDocForm");
