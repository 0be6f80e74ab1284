//! The save of `POST /chats/{id}` applied to the named messages against
//! the whole-chat merge it replaces, and what it writes.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::users::fixtures;

/// The whole-chat merge as it was: every stored message parsed and merged
/// with the client's map.
fn reference_merge(
    mut stored_doc: Value,
    stored: doc::Messages,
    mut incoming: Value,
    owner_id: &str,
) -> (Value, Vec<String>) {
    let incoming_msgs = doc::split(&mut incoming);
    let has_history = incoming.get("history").is_some();
    let stored_current = stored_doc
        .pointer("/history/currentId")
        .cloned()
        .unwrap_or(Value::Null);
    // the document's own keys merge as they always did; what is compared
    // here is the messages
    merge::merge_doc(&mut stored_doc, incoming);
    if !has_history {
        return (stored_doc, vec![]);
    }
    let stored_map: HashMap<String, Value> = stored.iter().cloned().collect();
    let mut order: Vec<String> = stored.iter().map(|(k, _)| k.clone()).collect();
    let mut merged = stored_map.clone();
    for (k, v) in incoming_msgs {
        if !merged.contains_key(&k) {
            order.push(k.clone());
        }
        merged.insert(k, v);
    }
    for (k, old) in &stored_map {
        let author = old
            .get("user_id")
            .and_then(Value::as_str)
            .unwrap_or(owner_id);
        let assistant = old.get("role").and_then(Value::as_str) == Some("assistant");
        let generating = |m: &Value| m.get("done") == Some(&Value::Bool(false));
        let new_generating = merged.get(k).is_some_and(generating);
        if author != owner_id || (assistant && (generating(old) || new_generating)) {
            merged.insert(k.clone(), old.clone());
        }
    }
    let in_merged = |c: &&str| merged.contains_key(*c);
    let current = stored_doc
        .pointer("/history/currentId")
        .and_then(Value::as_str)
        .filter(in_merged)
        .or_else(|| stored_current.as_str().filter(in_merged))
        .map(str::to_string);
    if let Some(Value::Object(h)) = stored_doc.get_mut("history") {
        h.insert("currentId".into(), json!(current));
    }
    let strip = |m: &Value| {
        m.as_object().map(|o| {
            o.iter()
                .filter(|(k, _)| k.as_str() != "childrenIds")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<HashMap<_, _>>()
        })
    };
    let changed = order
        .into_iter()
        .filter(|k| {
            let new = &merged[k];
            new.get("role").is_some()
                && stored_map
                    .get(k)
                    .is_none_or(|old| strip(old) != strip(new) || (!old.is_object() && old != new))
        })
        .collect();
    (stored_doc, changed)
}

fn stored_chat() -> (Value, doc::Messages) {
    let mut d = json!({
        "title": "T", "models": ["m"], "messages": [], "tags": [], "timestamp": 1,
        "history": {"currentId": "b", "messages": {
            "a": {"id": "a", "parentId": null, "childrenIds": ["b"], "role": "user", "content": "hi", "user_id": "o"},
            "b": {"id": "b", "parentId": "a", "childrenIds": [], "role": "assistant", "content": "yo", "done": true, "user_id": "o"},
            "g": {"id": "g", "parentId": "a", "role": "assistant", "content": "", "done": false, "user_id": "o"},
            "x": {"id": "x", "parentId": "b", "role": "user", "content": "guest", "user_id": "guest"},
            "e": {"id": "e", "parentId": "b", "role": "user", "content": "empty author", "user_id": ""},
            "n": {"id": "n", "parentId": "b", "role": "user", "content": "no author"}
        }}
    });
    let msgs = doc::split(&mut d);
    (d, msgs)
}

fn incomings() -> Vec<Value> {
    vec![
        json!({"title": "only a title"}),
        json!({"messages": [{"id": "a"}]}),
        json!({"history": null}),
        json!({"history": {"currentId": "zz"}}),
        json!({"history": {"messages": [1, 2], "currentId": "a"}}),
        json!({"history": {"currentId": "new", "messages": {
            "new": {"id": "new", "parentId": "b", "role": "user", "content": "n"},
            "a": {"id": "a", "parentId": null, "childrenIds": ["b", "new", "q"], "role": "user", "content": "hi", "user_id": "o"},
            "b": {"id": "b", "parentId": "a", "childrenIds": ["new"], "role": "assistant", "content": "changed", "done": true, "user_id": "o"},
            "g": {"id": "g", "parentId": "a", "role": "assistant", "content": "overwrite", "done": true},
            "x": {"id": "x", "role": "user", "content": "hijack"},
            "e": {"id": "e", "role": "user", "content": "hijack"},
            "n": {"id": "n", "parentId": "b", "role": "user", "content": "edited"},
            "skip": 5
        }}, "messages": [1]}),
        json!({"history": {"currentId": "norole", "messages": {
            "norole": {"id": "norole", "content": "no role"},
            "a": {"id": "a", "content": "role dropped"},
            "b": {"id": "b", "parentId": "a", "role": "assistant", "content": "still going", "done": false, "user_id": "o"}
        }}, "title": "T2"}),
        json!({"history": {"messages": {}}, "currentId": "top"}),
    ]
}

#[test]
fn named_message_merge_matches_the_whole_chat_merge() {
    let (d, msgs) = stored_chat();
    for inc in incomings() {
        let (want_doc, want_changed) = reference_merge(d.clone(), msgs.clone(), inc.clone(), "o");
        let got = doc::merge(d.clone(), msgs.clone(), inc.clone(), "o");
        assert_eq!(got.doc.to_string(), want_doc.to_string(), "{inc}");
        assert_eq!(got.changed, want_changed, "{inc}");
    }
}

fn form_of(text: &str) -> ChatPatch {
    serde_json::from_str(text).unwrap()
}

/// Rows written since `mark_rows` (their `updated_at` was set to 0).
fn rewritten(cx: &Ctx, chat_id: &str) -> Vec<String> {
    cx.db
        .read(|c| {
            let mut st = c.prepare(
                "SELECT id FROM chat_message WHERE chat_id = ?1 AND updated_at != 0 ORDER BY seq",
            )?;
            let v = st
                .query_map([chat_id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(v)
        })
        .unwrap()
}

fn mark_rows(cx: &Ctx, chat_id: &str) {
    cx.db
        .write(|tx| {
            tx.execute(
                "UPDATE chat_message SET updated_at = 0 WHERE chat_id = ?1",
                [chat_id],
            )?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_save_sent_as_text_is_the_save_sent_as_a_tree() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let (d, msgs) = stored_chat();
    let whole = doc::assemble(d, msgs);
    for inc in incomings() {
        let mk = || {
            create(
                &cx,
                &u,
                serde_json::from_value(json!({"chat": whole})).unwrap(),
            )
            .unwrap()
            .id
        };
        let (by_text, by_tree) = (mk(), mk());
        let body = json!({"chat": inc}).to_string();
        let a = update(&cx, &u, &by_text, form_of(&body)).unwrap();
        let b = update(
            &cx,
            &u,
            &by_tree,
            serde_json::from_str::<ChatForm>(&body).unwrap(),
        )
        .unwrap();
        assert_eq!(a.chat.to_json(), b.chat.to_json(), "{inc}");
        assert_eq!(a.current_message_id, b.current_message_id, "{inc}");
        assert_eq!(a.title, b.title);
    }
}

#[test]
fn the_whole_document_sent_back_rewrites_only_what_changed() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let mut doc =
        json!({"title": "long", "messages": [], "history": {"currentId": "m49", "messages": {}}});
    for i in 0..50 {
        let parent = if i == 0 {
            Value::Null
        } else {
            json!(format!("m{}", i - 1))
        };
        let role = if i % 2 == 0 { "user" } else { "assistant" };
        doc["history"]["messages"][format!("m{i}")] = json!({"id": format!("m{i}"), "parentId": parent,
            "childrenIds": [], "role": role, "content": format!("message {i} \u{e9} \"q\""), "timestamp": i, "done": true});
    }
    let c = create(
        &cx,
        &u,
        serde_json::from_value(json!({"chat": doc})).unwrap(),
    )
    .unwrap();
    let mut seen = get(&cx, &u, &c.id).unwrap().chat.into_value();
    mark_rows(&cx, &c.id);
    // the browser's save: everything it holds, one message added, one edited
    seen["history"]["messages"]["m49"]["childrenIds"] = json!(["m50"]);
    seen["history"]["messages"]["m50"] = json!({"id": "m50", "parentId": "m49", "childrenIds": [],
        "role": "user", "content": "added", "timestamp": 50});
    seen["history"]["messages"]["m10"]["content"] = json!("edited");
    seen["history"]["currentId"] = json!("m50");
    let added = seen["history"]["messages"]["m50"].clone();
    seen["messages"].as_array_mut().unwrap().push(added);
    let body = json!({"chat": seen}).to_string();
    let saved = update(&cx, &u, &c.id, form_of(&body)).unwrap();
    assert_eq!(rewritten(&cx, &c.id), ["m10", "m50"]);
    let v = saved.chat.into_value();
    assert_eq!(
        v["history"]["messages"]["m49"]["childrenIds"],
        json!(["m50"])
    );
    assert_eq!(v["history"]["messages"]["m10"]["content"], "edited");
    assert_eq!(v["messages"].as_array().unwrap().len(), 51);
    let mut expected = v.clone();
    expected["share_mode"] = json!("continue");
    assert_eq!(get(&cx, &u, &c.id).unwrap().chat.to_value(), expected);
    // the same document again changes nothing
    mark_rows(&cx, &c.id);
    let again = get(&cx, &u, &c.id).unwrap().chat.into_value();
    update(&cx, &u, &c.id, form_of(&json!({"chat": again}).to_string())).unwrap();
    assert!(rewritten(&cx, &c.id).is_empty());
}

#[test]
fn a_renamed_author_rewrites_their_messages() {
    let (_d, cx) = test_ctx();
    let mut u = fixtures::user(&cx, "u@example.com", Role::User);
    let c = create(
        &cx,
        &u,
        serde_json::from_value(json!({"chat": {"history": {"currentId": "a", "messages": {
            "a": {"id": "a", "parentId": null, "role": "user", "content": "hi"}}}}}))
        .unwrap(),
    )
    .unwrap();
    let seen = get(&cx, &u, &c.id).unwrap().chat.into_value();
    u.name = "New name".into();
    mark_rows(&cx, &c.id);
    let saved = update(&cx, &u, &c.id, form_of(&json!({"chat": seen}).to_string())).unwrap();
    assert_eq!(rewritten(&cx, &c.id), ["a"]);
    assert_eq!(
        saved.chat.to_value()["history"]["messages"]["a"]["user"]["name"],
        "New name"
    );
}
