//! The chat document as it is sent ([`ChatDoc`]): the stored document
//! without its messages (the skeleton) and the stored message texts,
//! written out by splicing those texts in, with each `childrenIds` rebuilt
//! from the `parent_id` links and the legacy `messages` list derived as the
//! path to `history.currentId`. Nothing is parsed on the way; a message a
//! reader must see differently is parsed and rewritten alone.
//!
//! The output is byte for byte what [`doc::assemble`](super::doc::assemble)
//! gives for the same rows. Callers that need a tree (the terminal chat,
//! exports, the chat pipeline) get one with [`ChatDoc::to_value`], or read
//! it through [`ChatDoc::get`], [`ChatDoc::pointer`] and indexing, which
//! touch the messages only when asked for them.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use serde_json::{Value, json};

use super::text::{StoredMessage, write_str, write_value};

/// A chat document (upstream's `chat` JSON).
#[derive(Clone, Debug)]
pub struct ChatDoc {
    repr: Repr,
    /// The whole tree, built when a caller asks for the messages as values.
    tree: OnceLock<Value>,
}

#[derive(Clone, Debug)]
pub(crate) enum Repr {
    /// A document held whole (a share's snapshot, one built in memory).
    Tree(Value),
    Spliced(Spliced),
}

#[derive(Clone, Debug)]
pub(crate) struct Spliced {
    /// The document, placeholders where the messages go.
    pub skeleton: Value,
    /// The messages, in their stored order (shared with the cache of
    /// long chats until a reader's view rewrites one).
    pub msgs: Arc<Vec<StoredMessage>>,
    /// The position of each message's parent, when it is among them.
    parent: Vec<Option<usize>>,
    /// `history.messages` holds the messages.
    in_history: bool,
    /// `messages` is the path from the root to `history.currentId`.
    path_list: bool,
    /// Messages whose copy in the `messages` list is not the one in
    /// `history.messages` (an answer overlaid after the list was made).
    pub list_copies: HashMap<usize, StoredMessage>,
}

static NULL: Value = Value::Null;

impl From<Value> for ChatDoc {
    fn from(v: Value) -> Self {
        ChatDoc {
            repr: Repr::Tree(v),
            tree: OnceLock::new(),
        }
    }
}

impl Default for ChatDoc {
    fn default() -> Self {
        ChatDoc::from(json!({}))
    }
}

impl ChatDoc {
    /// The document from its stored parts, as `doc::assemble` puts them
    /// together: `history.messages` gets the messages (a `history` object
    /// is made when there are messages and none), and a `messages` list
    /// becomes the path to `history.currentId`.
    pub fn assemble(doc: Value, msgs: impl Into<Arc<Vec<StoredMessage>>>) -> ChatDoc {
        Self::assemble_with(doc, msgs.into(), false)
    }

    /// `assemble`, the current leaf repaired first as
    /// [`doc::repair_current`](super::doc::repair_current) does (what the
    /// owner reads).
    pub fn assemble_repaired(doc: Value, msgs: impl Into<Arc<Vec<StoredMessage>>>) -> ChatDoc {
        Self::assemble_with(doc, msgs.into(), true)
    }

    fn assemble_with(mut doc: Value, msgs: Arc<Vec<StoredMessage>>, repair: bool) -> ChatDoc {
        // a document that is not a map (nor nothing) cannot hold messages
        let holds = doc.is_object() || doc.is_null();
        if !holds && !msgs.is_empty() {
            doc = json!({});
        }
        let parent = parents(&msgs);
        let mut s = Spliced {
            skeleton: doc,
            msgs,
            parent,
            in_history: false,
            path_list: false,
            list_copies: HashMap::new(),
        };
        if repair {
            s.repair_current();
        }
        let doc = &mut s.skeleton;
        s.path_list = doc.get("messages").is_some_and(Value::is_array);
        if s.path_list {
            doc["messages"] = json!([]);
        }
        s.in_history = if doc.get("history").is_some_and(Value::is_object) {
            true
        } else if s.msgs.is_empty() {
            false
        } else {
            doc["history"] = json!({});
            true
        };
        if s.in_history {
            doc["history"]["messages"] = json!({});
        }
        ChatDoc {
            repr: Repr::Spliced(s),
            tree: OnceLock::new(),
        }
    }

    /// The document as JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Append the document as JSON text.
    pub fn write_json(&self, out: &mut String) {
        match &self.repr {
            Repr::Tree(v) => write_value(out, v),
            Repr::Spliced(s) => s.write(out),
        }
    }

    /// The whole document as a value.
    pub fn to_value(&self) -> Value {
        self.tree().clone()
    }

    /// The whole document as a value.
    pub fn into_value(self) -> Value {
        let ChatDoc { repr, tree } = self;
        match repr {
            Repr::Tree(v) => v,
            Repr::Spliced(s) => tree.into_inner().unwrap_or_else(|| {
                let mut out = String::new();
                s.write(&mut out);
                parse(&out)
            }),
        }
    }

    fn tree(&self) -> &Value {
        match &self.repr {
            Repr::Tree(v) => v,
            Repr::Spliced(s) => self.tree.get_or_init(|| {
                let mut out = String::new();
                s.write(&mut out);
                parse(&out)
            }),
        }
    }

    /// Whether reading `key` (a top-level key) needs the messages.
    fn holds_messages(&self, key: &str) -> bool {
        match &self.repr {
            Repr::Tree(_) => true,
            Repr::Spliced(s) => {
                (key == "history" && s.in_history) || (key == "messages" && s.path_list)
            }
        }
    }

    /// A top-level value, like `Value::get`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match &self.repr {
            Repr::Spliced(s) if !self.holds_messages(key) => s.skeleton.get(key),
            _ => self.tree().get(key),
        }
    }

    /// A value by JSON pointer, like `Value::pointer`.
    pub fn pointer(&self, p: &str) -> Option<&Value> {
        let mut segs = p.split('/').skip(1);
        let (first, second) = (segs.next(), segs.next());
        match &self.repr {
            Repr::Spliced(s) => {
                let messages = match first {
                    Some("messages") => s.path_list,
                    Some("history") => s.in_history && matches!(second, None | Some("messages")),
                    _ => p.is_empty(),
                };
                if messages {
                    self.tree().pointer(p)
                } else {
                    s.skeleton.pointer(p)
                }
            }
            Repr::Tree(v) => v.pointer(p),
        }
    }

    /// `history.currentId`.
    pub fn current_id(&self) -> Option<&str> {
        self.pointer("/history/currentId").and_then(Value::as_str)
    }

    /// Set a top-level key (as `doc[key] = v` does on a value).
    pub fn set(&mut self, key: &str, v: Value) {
        if self.holds_messages(key)
            && let Repr::Spliced(_) = self.repr
        {
            let whole = std::mem::take(self).into_value();
            *self = ChatDoc::from(whole);
        }
        match self.repr_mut() {
            Repr::Tree(d) => d[key] = v,
            Repr::Spliced(s) => s.skeleton[key] = v,
        }
    }

    /// Remove top-level keys (not `history` or `messages`).
    pub fn remove_keys(&mut self, keys: &[&str]) {
        let d = match self.repr_mut() {
            Repr::Tree(d) => d,
            Repr::Spliced(s) => &mut s.skeleton,
        };
        if let Value::Object(o) = d {
            for k in keys {
                o.shift_remove(*k);
            }
        }
    }

    /// The parts, for changing them.
    pub(crate) fn repr_mut(&mut self) -> &mut Repr {
        self.tree = OnceLock::new();
        &mut self.repr
    }
}

/// The position of each message's parent among `msgs` (ids are unique:
/// they are the rows' keys). A message usually follows its parent, so
/// that is tried first; the index of every id is built only when needed.
fn parents(msgs: &[StoredMessage]) -> Vec<Option<usize>> {
    let mut index: Option<HashMap<&str, usize>> = None;
    let mut out = Vec::with_capacity(msgs.len());
    for (i, m) in msgs.iter().enumerate() {
        let p = match m.parent_id.as_deref() {
            None => None,
            Some(p) if i > 0 && msgs[i - 1].id == p => Some(i - 1),
            Some(p) => index
                .get_or_insert_with(|| {
                    msgs.iter()
                        .enumerate()
                        .map(|(i, m)| (m.id.as_str(), i))
                        .collect()
                })
                .get(p)
                .copied(),
        };
        out.push(p);
    }
    out
}

fn parse(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or(Value::Null)
}

impl std::ops::Index<&str> for ChatDoc {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl PartialEq<Value> for ChatDoc {
    fn eq(&self, other: &Value) -> bool {
        self.tree() == other
    }
}

impl Serialize for ChatDoc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.repr {
            Repr::Tree(v) => v.serialize(s),
            Repr::Spliced(_) => serde_json::value::RawValue::from_string(self.to_json())
                .map_err(serde::ser::Error::custom)?
                .serialize(s),
        }
    }
}

const NONE: usize = usize::MAX;

/// Each message's children, in message order, as linked positions.
struct Children {
    first: Vec<usize>,
    next: Vec<usize>,
}

impl Children {
    fn of(parent: &[Option<usize>]) -> Children {
        let n = parent.len();
        let (mut first, mut last, mut next) = (vec![NONE; n], vec![NONE; n], vec![NONE; n]);
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = *p {
                if last[p] == NONE {
                    first[p] = i;
                } else {
                    next[last[p]] = i;
                }
                last[p] = i;
            }
        }
        Children { first, next }
    }

    fn of_(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(self.first[i]).filter(|&c| c != NONE), |&c| {
            Some(self.next[c]).filter(|&n| n != NONE)
        })
    }
}

impl Spliced {
    /// The position of the message `id`.
    fn position(&self, id: &str) -> Option<usize> {
        self.msgs.iter().rposition(|m| m.id == id)
    }

    /// Positions of the messages on the path from the root to
    /// `history.currentId`.
    pub fn path(&self) -> Vec<usize> {
        let mut path = Vec::new();
        let start = self
            .skeleton
            .pointer("/history/currentId")
            .and_then(Value::as_str)
            .and_then(|c| self.position(c));
        let mut seen = vec![false; self.msgs.len()];
        let mut cur = start;
        while let Some(i) = cur {
            if std::mem::replace(&mut seen[i], true) {
                break;
            }
            path.push(i);
            cur = self.parent[i];
        }
        path.reverse();
        path
    }

    /// `doc::repair_current` on the stored facts: from a valid
    /// `history.currentId` down the last valid child to a leaf; with no
    /// valid one, the valid leaf with the greatest timestamp.
    fn repair_current(&mut self) {
        let children = Children::of(&self.parent);
        let valid = |i: usize| self.msgs[i].has_role;
        let current = self
            .skeleton
            .pointer("/history/currentId")
            .and_then(Value::as_str)
            .and_then(|c| self.position(c))
            .filter(|&i| valid(i));
        let leaf = match current {
            Some(mut cur) => {
                let mut seen = vec![false; self.msgs.len()];
                while !std::mem::replace(&mut seen[cur], true) {
                    match children.of_(cur).filter(|&c| valid(c)).last() {
                        Some(n) => cur = n,
                        None => break,
                    }
                }
                Some(cur)
            }
            None => (0..self.msgs.len())
                .filter(|&i| valid(i) && children.first[i] == NONE)
                .max_by_key(|&i| self.msgs[i].timestamp.unwrap_or(0)),
        };
        if let Some(l) = leaf
            && let Some(Value::Object(h)) = self.skeleton.get_mut("history")
        {
            h.insert("currentId".into(), json!(self.msgs[l].id));
        }
    }

    /// Whether the document has a `messages` list made from the path.
    pub fn has_path_list(&self) -> bool {
        self.path_list
    }

    fn write(&self, out: &mut String) {
        let Value::Object(doc) = &self.skeleton else {
            return write_value(out, &self.skeleton);
        };
        if !self.in_history && !self.path_list {
            return write_value(out, &self.skeleton);
        }
        let children = Children::of(&self.parent);
        // one allocation, its size rounded up so that a chat growing by a
        // message does not ask the allocator for a new size every time
        let copies = if self.path_list { 2 } else { 1 };
        let size = self.msgs.iter().map(|m| m.text.len() + 32).sum::<usize>() * copies;
        out.reserve(size.next_power_of_two());
        let msg = |out: &mut String, i: usize, m: &StoredMessage| match m.around_children() {
            Some((before, key, after)) => {
                out.push_str(before);
                out.push_str(key);
                out.push('[');
                for (j, c) in children.of_(i).enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    write_str(out, &self.msgs[c].id);
                }
                out.push(']');
                out.push_str(after);
            }
            None => out.push_str(&m.text),
        };
        out.push('{');
        for (n, (k, v)) in doc.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            write_str(out, k);
            out.push(':');
            match (k.as_str(), v) {
                ("messages", _) if self.path_list => {
                    out.push('[');
                    for (j, i) in self.path().into_iter().enumerate() {
                        if j > 0 {
                            out.push(',');
                        }
                        let m = self.list_copies.get(&i).unwrap_or(&self.msgs[i]);
                        msg(out, i, m);
                    }
                    out.push(']');
                }
                ("history", Value::Object(h)) if self.in_history => {
                    out.push('{');
                    for (n, (hk, hv)) in h.iter().enumerate() {
                        if n > 0 {
                            out.push(',');
                        }
                        write_str(out, hk);
                        out.push(':');
                        if hk == "messages" {
                            out.push('{');
                            for (i, m) in self.msgs.iter().enumerate() {
                                if i > 0 {
                                    out.push(',');
                                }
                                write_str(out, &m.id);
                                out.push(':');
                                msg(out, i, m);
                            }
                            out.push('}');
                        } else {
                            write_value(out, hv);
                        }
                    }
                    out.push('}');
                }
                _ => write_value(out, v),
            }
        }
        out.push('}');
    }
}

super::doc::chat_doc_schema!(ChatDoc, "ChatDoc");
