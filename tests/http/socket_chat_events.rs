//! socket.io `usage` and `events:chat` (watching a chat: presence, typing,
//! read marker), over loopback.

use std::time::Duration;

use crate::common::{self, Polling, Server, start};
use serde_json::{Value, json};

async fn models_in_use(s: &Server, t: &str) -> Value {
    let r = s.get("/api/usage", t).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["model_ids"].clone()
}

fn kind(e: &Value) -> &str {
    e["data"]["type"].as_str().unwrap_or("")
}

fn presence(chat_id: &str, users: &[(&str, &str)]) -> Value {
    let mut users: Vec<_> = users.to_vec();
    users.sort();
    let users: Vec<Value> = users
        .iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    json!({"chat_id": chat_id, "shared": true,
        "data": {"type": "chat:presence", "data": {"users": users}}})
}

#[tokio::test]
async fn usage_lists_the_models_in_use_until_reports_expire() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let a = Polling::connect(&s, &t).await;
    let b = Polling::connect(&s, &t).await;
    let anon = Polling::connect(&s, "not-a-token").await;
    assert_eq!(models_in_use(&s, &t).await, json!([]));

    anon.emit(
        "usage",
        json!({"action": "chat", "model": "ghost", "chat_id": "c"}),
    )
    .await;
    for (sock, model) in [(&a, "m2"), (&a, "m1"), (&b, "m1")] {
        sock.emit(
            "usage",
            json!({"action": "chat", "model": model, "chat_id": "c"}),
        )
        .await;
    }
    let mut seen = json!([]);
    for _ in 0..40 {
        seen = models_in_use(&s, &t).await;
        if seen == json!(["m1", "m2"]) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(seen, json!(["m1", "m2"]));

    // a report counts for 3 s
    tokio::time::sleep(Duration::from_millis(3300)).await;
    assert_eq!(models_in_use(&s, &t).await, json!([]));
}

#[tokio::test]
async fn viewers_of_a_shared_chat_see_presence_and_typing() {
    let s = start().await;
    let (ada, ada_id) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, bo_id) = s.add_user(&ada, "Bo", "bo@example.com", "user").await;
    let (cy, cy_id) = s.add_user(&ada, "Cy", "cy@example.com", "user").await;
    let (dee, _) = s.add_user(&ada, "Dee", "dee@example.com", "user").await;
    let id = s.chat_of_one_message(&bo, None).await;
    // Bo shares the live chat ("continue") with Cy
    let r = s
        .post(
            &format!("/api/v1/chats/{id}/share"),
            &bo,
            json!({"share_mode": "continue"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.post(&format!("/api/v1/chats/shared/{id}/access/update"), &bo,
        json!({"access_grants": [{"principal_type": "user", "principal_id": cy_id, "permission": "read"}]})).await;
    assert_eq!(r.status, 200, "{}", r.body);

    let bo_sock = Polling::connect(&s, &bo).await;
    let cy_sock = Polling::connect(&s, &cy).await;
    let dee_sock = Polling::connect(&s, &dee).await;
    let ada_sock = Polling::connect(&s, &ada).await;

    let join = json!({"type": "join"});
    assert_eq!(
        bo_sock.chat_event(&id, join.clone()).await,
        Some(json!([true]))
    );
    let got = bo_sock.events_until(|e| kind(e) == "chat:presence").await;
    assert_eq!(got, vec![presence(&id, &[(&bo_id, "Bo")])]);

    assert_eq!(
        cy_sock.chat_event(&id, join.clone()).await,
        Some(json!([true]))
    );
    let both = presence(&id, &[(&bo_id, "Bo"), (&cy_id, "Cy")]);
    let got = bo_sock.events_until(|e| kind(e) == "chat:presence").await;
    assert_eq!(got, vec![both.clone()]);
    let got = cy_sock.events_until(|e| kind(e) == "chat:presence").await;
    assert_eq!(got, vec![both.clone()]);

    // no access: refused, and nothing of the chat reaches Dee
    assert_eq!(
        dee_sock.chat_event(&id, join.clone()).await,
        Some(json!([false]))
    );
    let typing_on = json!({"type": "typing", "data": {"typing": true}});
    assert_eq!(
        dee_sock.chat_event(&id, typing_on.clone()).await,
        Some(json!([false]))
    );
    // unknown or unsaved chats are refused too
    assert_eq!(
        bo_sock.chat_event("no-such-chat", join.clone()).await,
        Some(json!([false]))
    );
    assert_eq!(
        bo_sock.chat_event("local:x", join.clone()).await,
        Some(json!([false]))
    );

    // Cy types: Bo hears it, Cy does not hear their own typing
    assert_eq!(
        cy_sock.chat_event(&id, typing_on.clone()).await,
        Some(json!([true]))
    );
    let got = bo_sock.events_until(|e| kind(e) == "typing").await;
    assert_eq!(
        got,
        vec![
            json!({"chat_id": id, "user_id": cy_id, "user": {"id": cy_id, "name": "Cy"},
            "shared": true, "data": {"type": "typing", "data": {"typing": true}}})
        ]
    );
    let typing_off = json!({"type": "typing", "data": {"typing": false}});
    assert_eq!(
        bo_sock.chat_event(&id, typing_off.clone()).await,
        Some(json!([true]))
    );
    let got = cy_sock.events_until(|e| kind(e) == "typing").await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["user_id"], json!(bo_id), "{got:?} cy={cy_id}");
    assert_eq!(got[0]["data"]["data"], json!({"typing": false}));

    // the admin may read (and so watch) the chat, but not type into it
    assert_eq!(
        ada_sock.chat_event(&id, join.clone()).await,
        Some(json!([true]))
    );
    let three = presence(&id, &[(&bo_id, "Bo"), (&cy_id, "Cy"), (&ada_id, "Ada")]);
    let got = bo_sock.events_until(|e| kind(e) == "chat:presence").await;
    assert_eq!(got, vec![three.clone()]);
    assert_eq!(
        ada_sock.chat_event(&id, typing_on.clone()).await,
        Some(json!([false]))
    );
    // typing needs the room: a socket that did not join is refused
    let bo_other = Polling::connect(&s, &bo).await;
    assert_eq!(
        bo_other.chat_event(&id, typing_on.clone()).await,
        Some(json!([false]))
    );
    // a malformed typing is refused
    assert_eq!(
        cy_sock
            .chat_event(&id, json!({"type": "typing", "data": {}}))
            .await,
        Some(json!([false]))
    );

    // Cy leaves; the admin's socket goes away: presence follows
    assert_eq!(
        cy_sock.chat_event(&id, json!({"type": "leave"})).await,
        Some(json!([true]))
    );
    let got = bo_sock.events_until(|e| kind(e) == "chat:presence").await;
    assert_eq!(
        got,
        vec![presence(&id, &[(&bo_id, "Bo"), (&ada_id, "Ada")])]
    );
    ada_sock.send("41".into()).await;
    let got = bo_sock.events_until(|e| kind(e) == "chat:presence").await;
    assert_eq!(got, vec![presence(&id, &[(&bo_id, "Bo")])]);
    // Cy left the room: Bo's typing no longer reaches Cy
    assert_eq!(
        bo_sock.chat_event(&id, typing_on.clone()).await,
        Some(json!([true]))
    );

    // what did Cy and Dee get meanwhile? A read marker of their own ends
    // the list: nothing else may come before it (but Cy's presence updates
    // from while Cy was in the room).
    let own = s.chat_of_one_message(&cy, None).await;
    cy_sock
        .emit(
            "events:chat",
            json!({"chat_id": own, "data": {"type": "last_read_at"}}),
        )
        .await;
    let got = cy_sock.events_until(|e| kind(e) == "chat:list").await;
    let kinds: Vec<&str> = got.iter().map(kind).collect();
    assert_eq!(kinds, ["chat:presence", "chat:list"], "{got:?}");
    assert_eq!(got[0], three);
    let own = s.chat_of_one_message(&dee, None).await;
    dee_sock
        .emit(
            "events:chat",
            json!({"chat_id": own, "data": {"type": "last_read_at"}}),
        )
        .await;
    let got = dee_sock.events_until(|e| kind(e) == "chat:list").await;
    assert_eq!(got.len(), 1, "Dee heard Bo's chat: {got:?}");
}

#[tokio::test]
async fn last_read_at_marks_the_chat_read_and_tells_the_owner() {
    let s = start().await;
    let (ada, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&ada, "Bo", "bo@example.com", "user").await;
    let f = s
        .post("/api/v1/folders/", &bo, json!({"name": "Work"}))
        .await;
    assert_eq!(f.status, 200, "{}", f.body);
    let fid = f.body["id"].as_str().unwrap().to_string();
    let id = s.chat_of_one_message(&bo, Some(&fid)).await;
    let r = s
        .post(&format!("/api/v1/chats/{id}/unread"), &bo, json!({}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let unread = async |t: &str| {
        let folders = s.get("/api/v1/folders/", t).await.body;
        folders
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == json!(fid))
            .unwrap()["unread_count"]
            .clone()
    };
    assert_eq!(unread(&bo).await, 1);
    let bo_sock = Polling::connect(&s, &bo).await;
    let other = Polling::connect(&s, &bo).await;

    // Ada (admin, may read the chat) cannot move Bo's marker
    let ada_sock = Polling::connect(&s, &ada).await;
    ada_sock
        .emit(
            "events:chat",
            json!({"chat_id": id, "data": {"type": "last_read_at"}}),
        )
        .await;

    bo_sock
        .emit(
            "events:chat",
            json!({"chat_id": id, "data": {"type": "last_read_at"}}),
        )
        .await;
    // every socket of Bo hears it, the sending one included
    for sock in [&bo_sock, &other] {
        let got = sock.events_until(|e| kind(e) == "chat:list").await;
        assert_eq!(got.len(), 1, "{got:?}");
        let t = got[0]["data"]["data"]["last_read_at"].as_i64().unwrap();
        assert_eq!(
            got[0],
            json!({"chat_id": id, "data": {"type": "chat:list", "data": {
                "chat_id": id, "last_read_at": t, "folder_unread_counts": {fid.as_str(): 0}}}})
        );
    }
    assert_eq!(unread(&bo).await, 0);
    let list = s
        .get(&format!("/api/v1/chats/folder/{fid}/list"), &bo)
        .await;
    assert_eq!(list.status, 200, "{}", list.body);
    let item = &list.body[0];
    assert!(
        item["last_read_at"].as_i64() >= item["updated_at"].as_i64(),
        "{item}"
    );

    // already read: the marker moves, the counts are not sent again
    bo_sock
        .emit(
            "events:chat",
            json!({"chat_id": id, "data": {"type": "last_read_at"}}),
        )
        .await;
    let got = bo_sock.events_until(|e| kind(e) == "chat:list").await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        common::keys(&got[0]["data"]["data"]),
        ["chat_id", "last_read_at"]
    );
    assert_eq!(unread(&bo).await, 0);
}

#[tokio::test]
async fn unauthenticated_sockets_are_ignored() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let id = s.chat_of_one_message(&t, None).await;
    s.post(&format!("/api/v1/chats/{id}/unread"), &t, json!({}))
        .await;
    let owner = Polling::connect(&s, &t).await;
    assert_eq!(
        owner.chat_event(&id, json!({"type": "join"})).await,
        Some(json!([true]))
    );
    owner.events_until(|e| kind(e) == "chat:presence").await;

    let anon = Polling::connect(&s, "not-a-token").await;
    anon.emit(
        "events:chat",
        json!({"chat_id": id, "data": {"type": "last_read_at"}}),
    )
    .await;
    // no ack at all, for join as for anything else
    assert_eq!(
        anon.emit_with_ack(
            "events:chat",
            json!({"chat_id": id, "data": {"type": "join"}}),
            Duration::from_millis(500),
        )
        .await,
        None
    );
    // the chat stays unread, and the owner heard nothing before the answer
    // to their own read marker
    let chats = s.get("/api/v1/chats/", &t).await.body;
    assert_eq!(chats[0]["last_read_at"], 0, "{chats}");
    owner
        .emit(
            "events:chat",
            json!({"chat_id": id, "data": {"type": "last_read_at"}}),
        )
        .await;
    let got = owner.events_until(|e| kind(e) == "chat:list").await;
    assert_eq!(got.len(), 1, "{got:?}");
}
