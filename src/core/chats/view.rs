//! What a reader sees of a chat: upstream's `shared_chat_response` rules
//! ([`viewer_view`]) and the answers being written now ([`overlay_live`]).
//!
//! Both work on either form of [`ChatDoc`]. On a spliced document only the
//! messages that must change are parsed: the owner reading a chat of their
//! own messages, nothing generating, parses none.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::spliced::{Repr, Spliced};
use super::*;

/// The owner's keys of the document a non-owner does not get.
const OWNER_KEYS: [&str; 5] = [
    "params",
    "tool_servers",
    "tool_ids",
    "filter_ids",
    "variables",
];

/// Authors met in user messages: id → `{"id", "name"}`; ids without a
/// usable name.
#[derive(Default)]
struct Authors {
    known: HashMap<String, Value>,
    missing: BTreeSet<String>,
}

/// A chat as `viewer` (none: an anonymous reader of a share) may see it,
/// as upstream's `shared_chat_response` shapes it: a non-owner loses the
/// variables and the owner's model settings; everyone loses the `meta` of
/// messages they did not write; user messages carry their author's id and
/// `user: {id, name}`, names looked up when the message lacks them.
pub(crate) fn viewer_view(cx: &Ctx, chat: &mut Chat, viewer: Option<&str>) -> Result<()> {
    let owner = chat.user_id.clone();
    if viewer != Some(owner.as_str()) {
        chat.variables = json!({});
        chat.chat.remove_keys(&OWNER_KEYS);
    }
    match chat.chat.repr_mut() {
        Repr::Tree(d) => view_tree(cx, d, &owner, viewer),
        Repr::Spliced(s) => view_spliced(cx, s, &owner, viewer),
    }
}

/// The first look at a message: its author id filled in (user messages),
/// its `meta` dropped when the viewer did not write it, its author noted.
fn first_pass(
    o: &mut Map<String, Value>,
    owner: &str,
    viewer: Option<&str>,
    authors: &mut Authors,
) {
    if o.get("role").and_then(Value::as_str) == Some("user") {
        let author = o
            .get("user")
            .cloned()
            .filter(Value::is_object)
            .unwrap_or(json!({}));
        let id = o
            .get("user_id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .or_else(|| {
                author
                    .get("id")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
            })
            .unwrap_or(owner)
            .to_string();
        o.insert("user_id".into(), json!(id));
        match author
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
        {
            Some(n) if author.get("id").and_then(Value::as_str) == Some(id.as_str()) => {
                authors
                    .known
                    .insert(id.clone(), json!({"id": id, "name": n}));
            }
            _ => {
                authors.missing.insert(id);
            }
        }
    }
    let author = o
        .get("user_id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .unwrap_or(owner);
    if viewer != Some(author) {
        o.shift_remove("meta");
    }
}

/// Look up the names of the authors no message named.
fn look_up_missing(cx: &Ctx, authors: &mut Authors) -> Result<()> {
    let Authors { known, missing } = authors;
    missing.retain(|id| !known.contains_key(id));
    if !missing.is_empty() {
        let ids: Vec<String> = std::mem::take(missing).into_iter().collect();
        for (id, name) in cx.db.read(|c| crate::core::users::names_of(c, &ids))? {
            known.insert(id.clone(), json!({"id": id, "name": name}));
        }
    }
    Ok(())
}

/// `user` of a user message, once every author is known.
fn set_user(m: &mut Value, authors: &Authors) {
    if m.get("role").and_then(Value::as_str) == Some("user") {
        let id = m
            .get("user_id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        m["user"] = authors
            .known
            .get(&id)
            .cloned()
            .unwrap_or_else(|| json!({"id": id, "name": ""}));
    }
}

fn for_each_message(d: &mut Value, mut f: impl FnMut(&mut Value)) {
    if let Some(Value::Object(msgs)) = d.pointer_mut("/history/messages") {
        msgs.values_mut().for_each(&mut f);
    }
    if let Some(Value::Array(list)) = d.get_mut("messages") {
        list.iter_mut().for_each(&mut f);
    }
}

fn view_tree(cx: &Ctx, d: &mut Value, owner: &str, viewer: Option<&str>) -> Result<()> {
    let mut authors = Authors::default();
    for_each_message(d, |m| {
        if let Value::Object(o) = m {
            first_pass(o, owner, viewer, &mut authors);
        }
    });
    look_up_missing(cx, &mut authors)?;
    for_each_message(d, |m| set_user(m, &authors));
    Ok(())
}

fn view_spliced(cx: &Ctx, s: &mut Spliced, owner: &str, viewer: Option<&str>) -> Result<()> {
    let is_user = |m: &StoredMessage| m.role.as_deref() == Some("user");
    // parse only the messages that cannot be sent as stored
    let mut parsed: HashMap<usize, Value> = HashMap::new();
    for (i, m) in s.msgs.iter().enumerate() {
        let author = if is_user(m) {
            m.author_name.as_ref().and(m.user_id.as_deref())
        } else {
            Some(
                m.user_id
                    .as_deref()
                    .filter(|u| !u.is_empty())
                    .unwrap_or(owner),
            )
        };
        if author.is_none_or(|a| m.has_meta && viewer != Some(a)) {
            parsed.insert(i, m.parse_as_sent());
        }
    }
    // the history, then the `messages` list: the order the tree form
    // meets the messages in
    let mut order: Vec<usize> = (0..s.msgs.len()).collect();
    if s.has_path_list() {
        order.extend(s.path());
    }
    let mut authors = Authors::default();
    // consecutive messages mostly share an author: skip what changes nothing
    let mut last: Option<(&str, &str)> = None;
    for i in order {
        match parsed.get_mut(&i) {
            Some(Value::Object(o)) => {
                first_pass(o, owner, viewer, &mut authors);
                last = None;
            }
            Some(_) => {}
            None => {
                let m = &s.msgs[i];
                if let (true, Some(id), Some(name)) = (is_user(m), &m.user_id, &m.author_name) {
                    if last == Some((id.as_str(), name.as_str())) {
                        continue;
                    }
                    authors
                        .known
                        .insert(id.clone(), json!({"id": id, "name": name}));
                    last = Some((id, name));
                }
            }
        }
    }
    look_up_missing(cx, &mut authors)?;
    let mut last: Option<(&str, Option<&str>)> = None;
    for (i, m) in s.msgs.iter().enumerate() {
        if !is_user(m) {
            continue;
        }
        match parsed.get_mut(&i) {
            Some(v) => set_user(v, &authors),
            None => {
                let uid = m.user_id.as_deref().unwrap_or("");
                let name = match last {
                    Some((id, name)) if id == uid => name,
                    _ => {
                        let name = authors
                            .known
                            .get(uid)
                            .and_then(|a| a.get("name"))
                            .and_then(Value::as_str);
                        last = Some((uid, name));
                        name
                    }
                };
                if name != m.author_name.as_deref() {
                    let mut v = m.parse_as_sent();
                    set_user(&mut v, &authors);
                    parsed.insert(i, v);
                }
            }
        }
    }
    for (i, v) in parsed {
        Arc::make_mut(&mut s.msgs)[i].rewrite(&v);
    }
    Ok(())
}

/// Answers being written now show what they have so far, not done (in
/// `history.messages`; the `messages` list keeps what was stored).
pub(crate) fn overlay_live(cx: &Ctx, chat: &mut Chat) {
    let live = crate::core::completions::live_of_chat(cx, &chat.id);
    if live.is_empty() {
        return;
    }
    let overlay = |m: &mut Value, live: crate::core::completions::registry::Live| {
        m["content"] = json!(live.content);
        if !live.output.is_null() {
            m["output"] = live.output;
        }
        m["done"] = json!(false);
    };
    match chat.chat.repr_mut() {
        Repr::Tree(d) => {
            for (mid, live) in live {
                if let Some(m) = d
                    .get_mut("history")
                    .and_then(|h| h.get_mut("messages"))
                    .and_then(|m| m.get_mut(&mid))
                {
                    overlay(m, live);
                }
            }
        }
        Repr::Spliced(s) => {
            let on_path: std::collections::HashSet<usize> = if s.has_path_list() {
                s.path().into_iter().collect()
            } else {
                Default::default()
            };
            for (mid, live) in live {
                let Some(i) = s.msgs.iter().position(|m| m.id == mid) else {
                    continue;
                };
                if on_path.contains(&i) {
                    s.list_copies.insert(i, s.msgs[i].clone());
                }
                let mut v = s.msgs[i].parse_as_sent();
                overlay(&mut v, live);
                Arc::make_mut(&mut s.msgs)[i].rewrite(&v);
            }
        }
    }
}
