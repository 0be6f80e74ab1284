//! A long chat through `/api/v1/chats/{id}`: created, read, renamed, one
//! message added, the whole document sent back with one more, and read
//! again after each step: the document is always the one the client
//! expects, key order of its messages included. And a reader who did not
//! write it still loses its messages' `meta`.

use crate::common::start;
use serde_json::{Map, Value, json};

const N: usize = 300;

/// A line of `n` messages as the browser writes them.
fn long_doc(n: usize) -> Value {
    let mut msgs = Map::new();
    for i in 0..n {
        let id = format!("m{i}");
        let parent = if i == 0 {
            Value::Null
        } else {
            json!(format!("m{}", i - 1))
        };
        let children = if i + 1 < n {
            json!([format!("m{}", i + 1)])
        } else {
            json!([])
        };
        let m = if i % 2 == 0 {
            json!({"id": id, "parentId": parent, "childrenIds": children, "role": "user",
                   "content": format!("question {i}: \"why\" \\ é 🚀\n"), "timestamp": 1_700_000_000 + i,
                   "models": ["m"], "meta": {"n": i}})
        } else {
            json!({"id": id, "parentId": parent, "childrenIds": children, "role": "assistant",
                   "content": format!("answer {i}"), "model": "m", "timestamp": 1_700_000_000 + i,
                   "done": true, "usage": {"total_tokens": i, "ratio": 0.25}, "meta": {"n": i}})
        };
        msgs.insert(id, m);
    }
    json!({"title": "long", "models": ["m"], "params": {"temperature": 0.5}, "messages": [],
           "history": {"currentId": format!("m{}", n - 1), "messages": msgs},
           "tags": [], "timestamp": 1_700_000_000_000i64})
}

/// What the server makes of a message written by (`id`, `name`).
fn stamped(m: &Value, id: &str, name: &str) -> Value {
    let mut m = m.clone();
    m["user_id"] = json!(id);
    if m["role"] == "user" {
        m["user"] = json!({"id": id, "name": name});
    }
    m
}

/// The document as the server answers it: messages stamped, the
/// `messages` list the path to `currentId`.
fn expected(doc: &Value, id: &str, name: &str) -> Value {
    let mut d = doc.clone();
    let msgs: Map<String, Value> = d["history"]["messages"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, m)| (k.clone(), stamped(m, id, name)))
        .collect();
    let mut path = Vec::new();
    let mut cur = d["history"]["currentId"].as_str().map(str::to_string);
    while let Some(c) = cur {
        let m = &msgs[&c];
        cur = m["parentId"].as_str().map(str::to_string);
        path.push(m.clone());
    }
    path.reverse();
    d["messages"] = Value::Array(path);
    d["history"]["messages"] = Value::Object(msgs);
    d
}

/// Equal values, and the messages' keys in the same order.
fn same_doc(got: &Value, want: &Value) {
    assert_eq!(got, want);
    for (k, m) in want["history"]["messages"].as_object().unwrap() {
        assert_eq!(
            got["history"]["messages"][k].to_string(),
            m.to_string(),
            "key order of {k}"
        );
    }
}

#[tokio::test]
async fn a_long_chat_round_trip() {
    let s = start().await;
    let (t, uid) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let mut want = expected(&long_doc(N), &uid, "Ada");
    let r = s
        .post("/api/v1/chats/new", &t, json!({"chat": long_doc(N)}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    same_doc(&r.body["chat"], &want);
    let id = r.body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/chats/{id}");

    // open it
    let g = s.get(&path, &t).await;
    assert_eq!(g.status, 200);
    want["share_mode"] = json!("continue");
    same_doc(&g.body["chat"], &want);
    assert_eq!(g.body["current_message_id"], format!("m{}", N - 1));
    let updated_at = g.body["updated_at"].clone();

    // rename it: the messages stay, the list position too
    let r = s
        .post(&path, &t, json!({"chat": {"title": "Renamed"}}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["title"], "Renamed");
    assert_eq!(r.body["updated_at"], updated_at);
    want["title"] = json!("Renamed");
    let g = s.get(&path, &t).await;
    same_doc(&g.body["chat"], &want);
    assert_eq!(g.body["title"], "Renamed");

    // add one message: the body names it and the new current one
    let x = json!({"id": "x", "parentId": format!("m{}", N - 1), "childrenIds": [], "role": "user",
                   "content": "one more", "timestamp": 1_800_000_000});
    let r = s
        .post(
            &path,
            &t,
            json!({"chat": {"history": {"currentId": "x", "messages": {"x": x}}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["current_message_id"], "x");
    let last = format!("m{}", N - 1);
    want["history"]["messages"][&last]["childrenIds"] = json!(["x"]);
    want["history"]["messages"]["x"] = stamped(&x, &uid, "Ada");
    want["history"]["currentId"] = json!("x");
    want["messages"][N - 1]["childrenIds"] = json!(["x"]);
    want["messages"]
        .as_array_mut()
        .unwrap()
        .push(stamped(&x, &uid, "Ada"));
    let g = s.get(&path, &t).await;
    same_doc(&g.body["chat"], &want);

    // the browser's save: the whole document back, one more message in it,
    // one message edited
    let mut doc = g.body["chat"].clone();
    let y = json!({"id": "y", "parentId": "x", "childrenIds": [], "role": "assistant",
                   "content": "done", "done": true, "timestamp": 1_800_000_001});
    doc["history"]["messages"]["x"]["childrenIds"] = json!(["y"]);
    doc["history"]["messages"]["y"] = y.clone();
    doc["history"]["messages"]["m7"]["content"] = json!("edited");
    doc["history"]["currentId"] = json!("y");
    doc["messages"][N]["childrenIds"] = json!(["y"]);
    doc["messages"].as_array_mut().unwrap().push(y.clone());
    let r = s.post(&path, &t, json!({"chat": doc})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    want["history"]["messages"]["x"]["childrenIds"] = json!(["y"]);
    want["messages"][N]["childrenIds"] = json!(["y"]);
    want["history"]["messages"]["y"] = stamped(&y, &uid, "Ada");
    want["history"]["messages"]["m7"]["content"] = json!("edited");
    want["messages"][7]["content"] = json!("edited");
    want["history"]["currentId"] = json!("y");
    want["messages"]
        .as_array_mut()
        .unwrap()
        .push(stamped(&y, &uid, "Ada"));
    let g = s.get(&path, &t).await;
    same_doc(&g.body["chat"], &want);
    assert_eq!(
        owui::core::chats::message_count(&s.cx, &id).unwrap(),
        N as i64 + 2
    );
}

#[tokio::test]
async fn another_reader_of_a_long_chat_loses_its_meta() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, bo_id) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let r = s
        .post(
            "/api/v1/chats/new",
            &bo,
            json!({"chat": long_doc(40), "variables": {"v": 1}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let path = format!("/api/v1/chats/{}", r.body["id"].as_str().unwrap());
    // Bo sees his own meta
    let own = s.get(&path, &bo).await.body;
    assert_eq!(
        own["chat"]["history"]["messages"]["m3"]["meta"],
        json!({"n": 3})
    );
    assert_eq!(own["chat"]["params"], json!({"temperature": 0.5}));
    // an admin reading it does not, nor Bo's settings
    let g = s.get(&path, &admin).await;
    assert_eq!(g.status, 200, "{}", g.body);
    let mut want = expected(&long_doc(40), &bo_id, "Bo");
    for m in want["history"]["messages"]
        .as_object_mut()
        .unwrap()
        .values_mut()
    {
        m.as_object_mut().unwrap().shift_remove("meta");
    }
    for m in want["messages"].as_array_mut().unwrap() {
        m.as_object_mut().unwrap().shift_remove("meta");
    }
    want.as_object_mut().unwrap().shift_remove("params");
    want["share_mode"] = Value::Null;
    same_doc(&g.body["chat"], &want);
    assert_eq!(g.body["variables"], json!({}));
}

#[tokio::test]
async fn a_bad_save_is_refused_and_changes_nothing() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s
        .post("/api/v1/chats/new", &t, json!({"chat": long_doc(4)}))
        .await;
    let path = format!("/api/v1/chats/{}", r.body["id"].as_str().unwrap());
    let before = s.get(&path, &t).await.body;
    for (body, loc) in [
        (json!({"chat": "not-an-object"}), json!(["body", "chat"])),
        (json!({}), json!(["body", "chat"])),
        (
            json!({"chat": {"title": "x"}, "folder_id": 3}),
            json!(["body", "folder_id"]),
        ),
    ] {
        let r = s.post(&path, &t, body.clone()).await;
        assert_eq!(r.status, 422, "{body}: {}", r.body);
        assert_eq!(r.body["detail"][0]["loc"], loc, "{body}");
    }
    let r = s
        .call("POST", &path, crate::common::Auth::Bearer(&t), None)
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(s.get(&path, &t).await.body, before);
}
