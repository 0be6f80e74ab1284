use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::users::fixtures;

fn form(v: Value) -> ChatForm {
    serde_json::from_value(json!({ "chat": v })).unwrap()
}

fn two_messages() -> Value {
    json!({
        "title": "Hello",
        "models": ["m"],
        "messages": [],
        "history": {"currentId": "b", "messages": {
            "a": {"id": "a", "parentId": null, "childrenIds": ["b"], "role": "user", "content": "hi", "timestamp": 1},
            "b": {"id": "b", "parentId": "a", "childrenIds": [], "role": "assistant", "content": "yo", "done": true, "timestamp": 2}
        }},
        "tags": [],
        "timestamp": 1700000000000i64
    })
}

#[test]
fn create_get_round_trip() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let c = create(&cx, &u, form(two_messages())).unwrap();
    assert_eq!(c.title, "Hello");
    assert_eq!(c.current_message_id.as_deref(), Some("b"));
    assert_eq!(message_count(&cx, &c.id).unwrap(), 2);
    let g = get(&cx, &u, &c.id).unwrap();
    let h = &g.chat["history"]["messages"];
    assert_eq!(h["a"]["childrenIds"], json!(["b"]));
    assert_eq!(h["a"]["user"]["id"], json!(u.id));
    assert_eq!(g.chat["messages"][1]["content"], "yo");
    assert_eq!(g.chat["share_mode"], "continue");
}

#[test]
fn appending_a_message_writes_one_row_and_keeps_the_rest() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let c = create(&cx, &u, form(two_messages())).unwrap();
    let mut d = get(&cx, &u, &c.id).unwrap().chat.into_value();
    d["history"]["messages"]["c"] = json!({"id": "c", "parentId": "b", "childrenIds": [], "role": "user", "content": "more", "timestamp": 3});
    d["history"]["currentId"] = json!("c");
    let saved = update(&cx, &u, &c.id, form(d)).unwrap();
    assert_eq!(
        saved.chat["history"]["messages"]["b"]["childrenIds"],
        json!(["c"])
    );
    assert_eq!(saved.current_message_id.as_deref(), Some("c"));
    assert_eq!(message_count(&cx, &c.id).unwrap(), 3);
    // a title-only save keeps the messages and the list position
    let before = saved.updated_at;
    let t = update(&cx, &u, &c.id, form(json!({"title": "Renamed"}))).unwrap();
    assert_eq!(t.title, "Renamed");
    assert_eq!(t.updated_at, before);
    assert_eq!(t.chat["history"]["messages"].as_object().unwrap().len(), 3);
}

#[test]
fn other_users_cannot_read_change_or_delete() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let v = fixtures::user(&cx, "v@example.com", Role::User);
    let c = create(&cx, &u, form(two_messages())).unwrap();
    assert!(matches!(get(&cx, &v, &c.id), Err(Error::NotFound(_))));
    assert!(matches!(
        update(&cx, &v, &c.id, form(json!({"title": "x"}))),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(delete(&cx, &v, &c.id), Err(Error::NotFound(_))));
    assert!(list(&cx, &v, &ListQuery::default()).unwrap().is_empty());
    assert_eq!(get(&cx, &u, &c.id).unwrap().title, "Hello");
    // an admin reads it, without the owner's private parts
    let a = fixtures::user(&cx, "a@example.com", Role::Admin);
    let seen = get(&cx, &a, &c.id).unwrap();
    assert_eq!(seen.chat["share_mode"], Value::Null);
    delete(&cx, &u, &c.id).unwrap();
    assert!(matches!(get(&cx, &u, &c.id), Err(Error::NotFound(_))));
    assert_eq!(message_count(&cx, &c.id).unwrap(), 0);
}

#[test]
fn list_pages_newest_first() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    for i in 0..65 {
        create(&cx, &u, form(json!({"title": format!("c{i}")}))).unwrap();
    }
    let p1 = list(
        &cx,
        &u,
        &ListQuery {
            page: Some(1),
            ..Default::default()
        },
    )
    .unwrap();
    let p2 = list(
        &cx,
        &u,
        &ListQuery {
            page: Some(2),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((p1.len(), p2.len()), (60, 5));
    let all = list(&cx, &u, &ListQuery::default()).unwrap();
    assert_eq!(all.len(), 65);
}

#[test]
fn append_message_writes_one_row_and_moves_current() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let v = fixtures::user(&cx, "v@example.com", Role::User);
    let c = create(&cx, &u, form(two_messages())).unwrap();
    let m = json!({"id": "c", "parentId": "b", "role": "user", "content": "more", "timestamp": 3});
    append_message(&cx, &u, &c.id, m.clone()).unwrap();
    let g = get(&cx, &u, &c.id).unwrap();
    assert_eq!(g.chat["history"]["currentId"], "c");
    assert_eq!(
        g.chat["history"]["messages"]["b"]["childrenIds"],
        json!(["c"])
    );
    assert_eq!(g.chat["history"]["messages"]["c"]["user_id"], json!(u.id));
    assert_eq!(g.current_message_id.as_deref(), Some("c"));
    assert!(matches!(
        append_message(&cx, &v, &c.id, m),
        Err(Error::Forbidden(_))
    ));
    assert!(append_message(&cx, &u, &c.id, json!({"role": "user"})).is_err());
}

/// Common words take the walking path; the answer is the same as the
/// set path's: phrase matches first, then chats with every word, newest first.
#[test]
fn search_common_words_walks_in_order() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let mk = |title: &str, text: &str| {
        form(
            json!({"title": title, "history": {"currentId": "a", "messages": {
                "a": {"id": "a", "parentId": null, "role": "user", "content": text, "timestamp": 1}
            }}}),
        )
    };
    // 400 chats with both words apart, the newest last
    for i in 0..400 {
        create(&cx, &u, mk(&format!("c{i}"), "river and lamp apart")).unwrap();
    }
    let exact = create(&cx, &u, mk("old exact", "the river lamp together")).unwrap();
    // make the exact one the oldest
    cx.db
        .write(|tx| Ok(tx.execute("UPDATE chat SET updated_at = 1 WHERE id = ?1", [&exact.id])?))
        .unwrap();
    let p1 = search::search(&cx, &u, "river lamp", 1).unwrap();
    assert_eq!(p1.len(), 60);
    assert_eq!(p1[0].id, exact.id, "the phrase match ranks first");
    let p7 = search::search(&cx, &u, "river lamp", 7).unwrap();
    assert_eq!(p7.len(), 401 - 360);
    // a common single word: every chat, newest first
    let all = search::search(&cx, &u, "river", 1).unwrap();
    assert_eq!(all.len(), 60);
    // nothing has this combination
    assert!(
        search::search(&cx, &u, "river zebra", 1)
            .unwrap()
            .is_empty()
    );
}

/// Two clients tagging one chat at once: every tag stays, since each change
/// reads the row inside its own write.
#[test]
fn changes_at_once_to_one_chat_are_all_kept() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let c = create(&cx, &u, form(two_messages())).unwrap();
    let n = 60;
    let workers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|side| {
            let (cx, u, id) = (cx.clone(), u.clone(), c.id.clone());
            std::thread::spawn(move || {
                for i in 0..n {
                    add_tag(&cx, &u, &id, &format!("{side}{i}")).unwrap();
                    toggle_pin(&cx, &u, &id).unwrap();
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let tags = chat_tags(&cx, &u, &c.id).unwrap();
    assert_eq!(tags.len(), 2 * n, "tags lost");
    // 2n toggles: back where it started
    assert!(!is_pinned(&cx, &u, &c.id).unwrap());
}

/// Sharing while another client changes the chat: the share reads the row
/// inside its own write, so no pin is lost, and shares made at once make
/// one link.
#[test]
fn a_share_at_the_same_time_as_other_changes_loses_none() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let c = create(&cx, &u, form(two_messages())).unwrap();
    let n = 60;
    let sharers: Vec<_> = (0..2)
        .map(|_| {
            let (cx, u, id) = (cx.clone(), u.clone(), c.id.clone());
            std::thread::spawn(move || {
                for _ in 0..n {
                    share(&cx, &u, &id, None).unwrap();
                }
            })
        })
        .collect();
    let (cx2, u2, id2) = (cx.clone(), u.clone(), c.id.clone());
    let pinner = std::thread::spawn(move || {
        for i in 0..2 * n {
            toggle_pin(&cx2, &u2, &id2).unwrap();
            add_tag(&cx2, &u2, &id2, &format!("t{i}")).unwrap();
        }
    });
    for w in sharers {
        w.join().unwrap();
    }
    pinner.join().unwrap();
    // 2n toggles: back where it started
    assert!(!is_pinned(&cx, &u, &c.id).unwrap(), "a pin was lost");
    assert_eq!(chat_tags(&cx, &u, &c.id).unwrap().len(), 2 * n, "tags lost");
    let links: i64 = cx
        .db
        .read(|c2| {
            Ok(c2.query_row(
                "SELECT count(*) FROM shared_chat WHERE chat_id = ?1",
                [&c.id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(links, 1, "one share link");
    let row = get(&cx, &u, &c.id).unwrap();
    assert!(row.share_id.is_some());
}
