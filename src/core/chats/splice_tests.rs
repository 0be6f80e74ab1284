//! The spliced document against the tree it replaces: the same bytes for
//! the same rows, the same reader's view, the same live overlay; and rows
//! stored before migration 0011 read the same after it.

use serde_json::{Value, json};

use super::spliced::ChatDoc;
use super::text::StoredMessage;
use super::view::{overlay_live, viewer_view};
use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::users::fixtures;

fn stored(msgs: &doc::Messages) -> Vec<StoredMessage> {
    msgs.iter().map(|(k, v)| StoredMessage::of(k, v)).collect()
}

fn m(v: Value) -> (String, Value) {
    (v["id"].as_str().unwrap().to_string(), v)
}

/// Documents and messages in the shapes the assembly must keep.
fn documents() -> Vec<(Value, doc::Messages)> {
    let msgs = vec![
        m(
            json!({"id": "a", "parentId": null, "childrenIds": ["stale"], "role": "user", "content": "hi \"there\"\n\u{1}", "timestamp": 1}),
        ),
        m(
            json!({"id": "b", "parentId": "a", "role": "assistant", "content": "yo ü 🚀", "done": true, "timestamp": 2, "x": 1.5}),
        ),
        m(
            json!({"id": "c", "parentId": "a", "childrenIds": [], "role": "user", "content": [{"type": "text", "text": "t"}], "timestamp": 3}),
        ),
        m(
            json!({"id": "d", "parentId": "elsewhere", "childrenIds": ["a"], "role": "user", "timestamp": 4}),
        ),
        m(json!({"id": "e", "parentId": "e", "role": "user"})),
        m(json!({"id": "f", "parentId": "g", "role": "user"})),
        m(json!({"id": "g", "parentId": "f", "childrenIds": ["f"], "role": "assistant"})),
        m(json!({"id": "h\"ü", "parentId": "c", "meta": {"k": 1}})),
        ("n".to_string(), Value::Null),
        m(json!({"id": "o", "parentId": "b"})),
    ];
    let full = json!({
        "title": "T", "models": ["m"], "messages": [], "params": {"temperature": 0.5},
        "history": {"currentId": "o", "messages": {}}, "tags": [], "timestamp": 1700000000000i64
    });
    let mut out = vec![(full.clone(), msgs.clone())];
    for cur in [
        json!("f"),
        json!("e"),
        json!("missing"),
        json!(null),
        json!("h\"ü"),
        json!("a"),
        json!("n"),
    ] {
        let mut d = full.clone();
        d["history"]["currentId"] = cur;
        out.push((d, msgs.clone()));
    }
    // history after the list, no placeholder for the messages
    out.push((
        json!({"history": {"currentId": "b"}, "messages": [], "z": 1}),
        msgs.clone(),
    ));
    out.push((json!({"title": "no history", "messages": []}), msgs.clone()));
    out.push((
        json!({"title": "history null", "history": null, "z": 2}),
        msgs.clone(),
    ));
    out.push((
        json!({"title": "history null, no messages", "history": null}),
        vec![],
    ));
    out.push((
        json!({"title": "list not a list", "messages": {"a": 1}, "history": {"messages": {}}}),
        msgs.clone(),
    ));
    out.push((json!({}), vec![]));
    out.push((json!({}), msgs.clone()));
    out.push((Value::Null, msgs.clone()));
    out.push((Value::Null, vec![]));
    out.push((full, vec![]));
    out
}

#[test]
fn spliced_document_is_the_assembled_tree_byte_for_byte() {
    for (d, msgs) in documents() {
        // the owner's read: the current leaf repaired first
        let mut repaired = d.clone();
        doc::repair_current(&mut repaired, &msgs);
        let got = ChatDoc::assemble_repaired(d.clone(), stored(&msgs));
        let expected = doc::assemble(repaired, msgs.clone());
        assert_eq!(got.to_json(), expected.to_string(), "repaired {d}");
        let expected = doc::assemble(d.clone(), msgs.clone());
        let got = ChatDoc::assemble(d.clone(), stored(&msgs));
        assert_eq!(got.to_json(), expected.to_string(), "{d}");
        assert_eq!(serde_json::to_string(&got).unwrap(), expected.to_string());
        assert_eq!(got.to_value(), expected);
        // reading it key by key gives the tree's values
        for k in ["title", "history", "messages", "params", "z", "nope"] {
            assert_eq!(got.get(k), expected.get(k), "{k} of {d}");
            assert_eq!(&got[k], &expected[k]);
        }
        for p in [
            "",
            "/history",
            "/history/currentId",
            "/history/messages/a",
            "/messages/0",
            "/params/temperature",
            "/x",
        ] {
            assert_eq!(got.pointer(p), expected.pointer(p), "{p} of {d}");
        }
    }
}

#[test]
fn setting_a_key_keeps_the_rest() {
    let (d, msgs) = documents().remove(0);
    let mut expected = doc::assemble(d.clone(), msgs.clone());
    let mut got = ChatDoc::assemble(d, stored(&msgs));
    for (k, v) in [
        ("share_mode", json!("continue")),
        ("title", json!("U")),
        ("messages", json!([])),
        ("history", json!({"x": 1})),
    ] {
        expected[k] = v.clone();
        got.set(k, v);
        assert_eq!(got.to_json(), expected.to_string(), "{k}");
    }
}

fn chat_of(doc: ChatDoc, owner: &str) -> Chat {
    Chat {
        id: "c1".into(),
        user_id: owner.into(),
        title: "T".into(),
        chat: doc,
        updated_at: 1,
        created_at: 1,
        share_id: None,
        archived: false,
        pinned: false,
        meta: json!({}),
        variables: json!({"v": 1}),
        folder_id: None,
        tasks: None,
        summary: None,
        current_message_id: None,
        context_usage: None,
    }
}

/// A chat of several authors, their messages in every shape a reader's
/// view must change or keep.
fn authored(owner: &Actor, bo: &Actor) -> (Value, doc::Messages) {
    let (o, b) = (owner.id.as_str(), bo.id.as_str());
    let msgs = vec![
        m(
            json!({"id": "u1", "parentId": null, "role": "user", "content": "1", "meta": {"m": 1},
                 "user_id": o, "user": {"id": o, "name": "Owen"}}),
        ),
        m(
            json!({"id": "a1", "parentId": "u1", "role": "assistant", "content": "2", "meta": {"m": 2}, "user_id": o}),
        ),
        m(
            json!({"id": "u2", "parentId": "a1", "role": "user", "content": "3", "meta": {"m": 3}, "user_id": b}),
        ),
        m(
            json!({"id": "u3", "parentId": "u2", "role": "user", "user_id": b, "user": {"name": "Bo", "id": b}}),
        ),
        m(
            json!({"id": "u4", "parentId": "u3", "role": "user", "user_id": o, "user": {"id": o, "name": "Old name"}}),
        ),
        m(json!({"id": "a2", "parentId": "u4", "role": "assistant", "meta": {}, "user_id": ""})),
        m(
            json!({"id": "a3", "parentId": "a2", "role": "assistant", "meta": {"m": 4}, "user_id": b}),
        ),
        m(json!({"id": "u5", "parentId": "a3", "role": "user", "user_id": "ghost"})),
        m(
            json!({"id": "u6", "parentId": "u5", "role": "user", "user_id": "", "user": {"id": "", "name": ""}}),
        ),
        m(
            json!({"id": "u7", "parentId": "u6", "role": "user", "user": {"id": b, "name": "Bo B"}, "meta": {"m": 5}}),
        ),
        ("n".to_string(), Value::Null),
        m(
            json!({"id": "u8", "parentId": "u7", "role": "user", "user_id": b, "user": {"id": b, "name": "Bo"}, "meta": {}}),
        ),
        m(
            json!({"id": "u9", "parentId": "u1", "role": "user", "user_id": o, "user": {"id": o, "name": "Owen"}}),
        ),
    ];
    let d = json!({"title": "T", "params": {"p": 1}, "tool_ids": ["t"], "messages": [],
                   "history": {"currentId": "u8", "messages": {}}});
    (d, msgs)
}

#[test]
fn readers_see_the_same_through_either_form() {
    let (_d, cx) = test_ctx();
    let owner = fixtures::user(&cx, "owen@example.com", Role::User);
    let bo = fixtures::user(&cx, "bo@example.com", Role::User);
    let (d, msgs) = authored(&owner, &bo);
    let mut only_own = d.clone();
    only_own["history"]["currentId"] = json!("u9");
    let own_msgs: doc::Messages = msgs
        .iter()
        .filter(|(k, _)| ["u1", "a1", "u9"].contains(&k.as_str()))
        .cloned()
        .collect();
    for (d, msgs) in [(d, msgs), (only_own, own_msgs)] {
        for viewer in [
            Some(owner.id.as_str()),
            Some(bo.id.as_str()),
            Some("someone"),
            None,
        ] {
            let mut tree = chat_of(
                ChatDoc::from(doc::assemble(d.clone(), msgs.clone())),
                &owner.id,
            );
            let mut spliced = chat_of(ChatDoc::assemble(d.clone(), stored(&msgs)), &owner.id);
            viewer_view(&cx, &mut tree, viewer).unwrap();
            viewer_view(&cx, &mut spliced, viewer).unwrap();
            assert_eq!(spliced.to_json(), tree.to_json(), "viewer {viewer:?}");
            assert_eq!(spliced.to_json(), serde_json::to_string(&tree).unwrap());
        }
    }
    // what the rules give, spelled out for one reader
    let (d, msgs) = authored(&owner, &bo);
    let mut c = chat_of(ChatDoc::assemble(d, stored(&msgs)), &owner.id);
    viewer_view(&cx, &mut c, Some(&bo.id)).unwrap();
    let h = c.chat.to_value()["history"]["messages"].clone();
    assert!(h["u1"].get("meta").is_none() && h["a1"].get("meta").is_none());
    assert_eq!(h["u2"]["meta"], json!({"m": 3}));
    assert_eq!(h["u2"]["user"], json!({"id": bo.id, "name": "Bo"}));
    assert_eq!(h["u1"]["user"], json!({"id": owner.id, "name": "Old name"}));
    assert_eq!(h["u5"]["user"], json!({"id": "ghost", "name": ""}));
    assert_eq!(h["u6"]["user"], json!({"id": owner.id, "name": "Old name"}));
    assert_eq!(h["u7"]["meta"], json!({"m": 5}));
    assert!(c.chat.get("params").is_none() && c.chat.get("tool_ids").is_none());
    assert_eq!(c.variables, json!({}));
}

#[test]
fn live_answers_are_overlaid_in_either_form() {
    let (_d, cx) = test_ctx();
    let owner = fixtures::user(&cx, "owen@example.com", Role::User);
    let msgs = vec![
        m(
            json!({"id": "u", "parentId": null, "role": "user", "content": "q", "user_id": owner.id,
                 "user": {"id": owner.id, "name": owner.name}}),
        ),
        m(
            json!({"id": "a", "parentId": "u", "role": "assistant", "content": "", "done": false, "user_id": owner.id}),
        ),
        m(
            json!({"id": "b", "parentId": "u", "role": "assistant", "content": "", "done": false, "user_id": owner.id}),
        ),
    ];
    let d = json!({"title": "T", "messages": [], "history": {"currentId": "a", "messages": {}}});
    let ra = cx.tasks.start("t1", "c1", "a", &owner.id);
    ra.set_live("so far", &json!([{"type": "message", "content": []}]));
    let rb = cx.tasks.start("t2", "c1", "b", &owner.id);
    rb.set_live("other", &Value::Null);
    let mut tree = chat_of(
        ChatDoc::from(doc::assemble(d.clone(), msgs.clone())),
        &owner.id,
    );
    let mut spliced = chat_of(ChatDoc::assemble(d, stored(&msgs)), &owner.id);
    overlay_live(&cx, &mut tree);
    overlay_live(&cx, &mut spliced);
    assert_eq!(spliced.to_json(), tree.to_json());
    let v = spliced.chat.to_value();
    assert_eq!(v["history"]["messages"]["a"]["content"], "so far");
    assert_eq!(
        v["history"]["messages"]["a"]["output"][0]["type"],
        "message"
    );
    assert_eq!(v["history"]["messages"]["b"]["content"], "other");
    assert!(v["history"]["messages"]["b"].get("output").is_none());
    // the legacy list keeps what is stored
    assert_eq!(v["messages"][1]["content"], "");
}

#[test]
fn get_shows_a_live_answer() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let c = create(
        &cx,
        &u,
        serde_json::from_value(json!({"chat": {"title": "T", "messages": [], "history": {"currentId": "a", "messages": {
            "q": {"id": "q", "parentId": null, "role": "user", "content": "hi"},
            "a": {"id": "a", "parentId": "q", "role": "assistant", "content": "", "done": false}
        }}}}))
        .unwrap(),
    )
    .unwrap();
    let r = cx.tasks.start("t", &c.id, "a", &u.id);
    r.set_live("partial", &Value::Null);
    let g = get(&cx, &u, &c.id).unwrap().chat.into_value();
    assert_eq!(g["history"]["messages"]["a"]["content"], "partial");
    assert_eq!(g["history"]["messages"]["a"]["done"], false);
    assert_eq!(g["history"]["messages"]["q"]["user"]["id"], json!(u.id));
}

#[test]
fn rows_stored_before_the_splice_migration_read_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = crate::config::Config::defaults(dir.path());
    cfg.set("WEBUI_SECRET_KEY", "test-secret");
    cfg.set("BCRYPT_ROUNDS", "4");
    // a database as the release before 0011 left it
    let db = crate::db::Db::open(&cfg.db_path()).unwrap();
    db.migrate_to(10).unwrap();
    let msgs = [
        json!({"id": "a", "parentId": null, "childrenIds": ["b", "gone"], "role": "user", "content": "hi",
               "timestamp": 1, "user_id": "u1", "user": {"id": "u1", "name": "Ada"}}),
        json!({"id": "b", "parentId": "a", "role": "assistant", "content": "yo", "done": true, "timestamp": 2,
               "user_id": "u1", "meta": {"k": 1}}),
        json!({"id": "c", "parentId": "b", "childrenIds": [], "role": "user", "content": "more", "timestamp": 3}),
    ];
    db.write(|tx| {
        tx.execute_batch(
            "INSERT INTO \"user\" (id, email, role, name, last_active_at, updated_at, created_at)
             VALUES ('u1', 'ada@example.com', 'admin', 'Ada', 1, 1, 1);
             INSERT INTO chat (id, user_id, title, chat, created_at, updated_at, current_message_id)
             VALUES ('c1', 'u1', 'Old', '{\"title\":\"Old\",\"messages\":[],\"history\":{\"currentId\":\"b\",\"messages\":{}}}', 1, 1, 'b');",
        )?;
        for (i, m) in msgs.iter().enumerate() {
            tx.execute(
                "INSERT INTO chat_message (chat_id, id, seq, parent_id, role, user_id, done, created_at, updated_at, data)
                 VALUES ('c1', ?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8)",
                rusqlite::params![
                    m["id"].as_str(),
                    i as i64 + 1,
                    m["parentId"].as_str(),
                    m["role"].as_str(),
                    m["user_id"].as_str(),
                    m["done"].as_bool(),
                    m["timestamp"].as_i64(),
                    m.to_string()
                ],
            )?;
        }
        Ok(())
    })
    .unwrap();
    drop(db);
    let cx = crate::core::startup::open(cfg).unwrap();
    let me = crate::core::users::local_actor(&cx, Some("ada@example.com")).unwrap();
    let got = get(&cx, &me, "c1").unwrap();
    let all: doc::Messages = msgs.iter().map(|v| m(v.clone())).collect();
    let mut expected_doc =
        json!({"title": "Old", "messages": [], "history": {"currentId": "b", "messages": {}}});
    doc::repair_current(&mut expected_doc, &all);
    let mut expected = chat_of(ChatDoc::from(doc::assemble(expected_doc, all)), "u1");
    viewer_view(&cx, &mut expected, Some("u1")).unwrap();
    expected.chat.set("share_mode", json!("continue"));
    assert_eq!(got.chat.to_json(), expected.chat.to_json());
    let v = got.chat.into_value();
    assert_eq!(v["history"]["currentId"], "c");
    assert_eq!(v["history"]["messages"]["a"]["childrenIds"], json!(["b"]));
    assert_eq!(v["history"]["messages"]["b"]["meta"], json!({"k": 1}));
    // search still finds the rewritten rows
    let hits = search::search(&cx, &me, "more", 1).unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
fn a_chat_written_as_text_is_the_chat_serialized() {
    let (d, msgs) = documents().remove(0);
    let mut c = chat_of(ChatDoc::assemble(d, stored(&msgs)), "o");
    c.share_id = Some("s\"1".into());
    c.folder_id = Some("f".into());
    c.tasks = Some(json!([{"t": 1}]));
    c.summary = Some("sum".into());
    c.current_message_id = Some("o".into());
    c.context_usage = Some(json!({"tokens": 3}));
    c.meta = json!({"tags": ["a"]});
    assert_eq!(c.to_json(), serde_json::to_string(&c).unwrap());
    let list = vec![
        c.clone(),
        chat_of(ChatDoc::from(json!({"title": "x"})), "p"),
    ];
    assert_eq!(
        Chat::list_to_json(&list),
        serde_json::to_string(&list).unwrap()
    );
    assert_eq!(Chat::list_to_json(&[]), "[]");
}
