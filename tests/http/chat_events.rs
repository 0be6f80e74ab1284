//! Events of chat messages: `POST /api/v1/chats/{id}/messages/{mid}/event`
//! and the socket.io `events` a message edit sends, over loopback.

use std::time::Duration;

use crate::common::{self, Polling, Server, start};
use serde_json::{Value, json};

const NO_PERMISSION: &str = "You do not have permission to access this resource. Please contact your administrator for assistance.";

async fn chat(s: &Server, t: &str) -> String {
    let r = s
        .post(
            "/api/v1/chats/new",
            t,
            json!({"chat": {"title": "T", "history": {"currentId": "a1", "messages": {
                "u1": {"id": "u1", "parentId": null, "childrenIds": ["a1"], "role": "user", "content": "hi", "timestamp": 1},
                "a1": {"id": "a1", "parentId": "u1", "childrenIds": [], "role": "assistant", "content": "Hel", "timestamp": 2,
                       "files": [{"type": "image", "url": "old.png"}], "embeds": ["<b>old</b>"]}
            }}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["id"].as_str().unwrap().to_string()
}

/// The `events` payloads of the next poll (waits for at least one packet).
async fn next_events(sock: &Polling<'_>) -> Vec<Value> {
    for _ in 0..5 {
        let got: Vec<Value> = sock
            .poll()
            .await
            .iter()
            .filter_map(|p| p.strip_prefix("42"))
            .filter_map(|b| serde_json::from_str::<Value>(b).ok())
            .filter(|a| a[0] == "events")
            .map(|a| a[1].clone())
            .collect();
        if !got.is_empty() {
            return got;
        }
    }
    panic!("no events arrived");
}

async fn event(s: &Server, t: &str, id: &str, mid: &str, body: Value) -> common::Resp {
    s.post(&format!("/api/v1/chats/{id}/messages/{mid}/event"), t, body)
        .await
}

async fn message(s: &Server, t: &str, id: &str, mid: &str) -> Value {
    let g = s.get(&format!("/api/v1/chats/{id}"), t).await;
    g.body["chat"]["history"]["messages"][mid].clone()
}

#[tokio::test]
async fn events_reach_the_owner_and_the_lasting_ones_are_kept() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let id = chat(&s, &t).await;
    let sock = Polling::connect(&s, &t).await;

    let status = json!({"type": "status", "data": {"description": "Searching", "done": false}});
    let r = event(&s, &t, &id, "a1", status.clone()).await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    let got = next_events(&sock).await;
    assert_eq!(
        got,
        vec![json!({"chat_id": id, "message_id": "a1", "data": status})]
    );
    assert_eq!(
        message(&s, &t, &id, "a1").await["statusHistory"],
        json!([{"description": "Searching", "done": false}])
    );

    let before = s.get(&format!("/api/v1/chats/{id}"), &t).await.body["updated_at"].clone();
    event(
        &s,
        &t,
        &id,
        "a1",
        json!({"type": "message", "data": {"content": "lo"}}),
    )
    .await;
    assert_eq!(message(&s, &t, &id, "a1").await["content"], "Hello");
    event(
        &s,
        &t,
        &id,
        "a1",
        json!({"type": "replace", "data": {"content": "Bye"}}),
    )
    .await;
    assert_eq!(message(&s, &t, &id, "a1").await["content"], "Bye");
    // embeds and files: the new ones first, then the ones already there
    event(
        &s,
        &t,
        &id,
        "a1",
        json!({"type": "embeds", "data": {"embeds": ["<i>new</i>"]}}),
    )
    .await;
    event(
        &s,
        &t,
        &id,
        "a1",
        json!({"type": "files", "data": {"files": [{"type": "image", "url": "new.png"}]}}),
    )
    .await;
    let m = message(&s, &t, &id, "a1").await;
    assert_eq!(m["embeds"], json!(["<i>new</i>", "<b>old</b>"]));
    assert_eq!(
        m["files"],
        json!([{"type": "image", "url": "new.png"}, {"type": "image", "url": "old.png"}])
    );
    event(
        &s,
        &t,
        &id,
        "a1",
        json!({"type": "embeds", "data": {"embeds": ["only"], "replace": true}}),
    )
    .await;
    assert_eq!(message(&s, &t, &id, "a1").await["embeds"], json!(["only"]));
    // sources: plain ones are kept, typed ones (code execution cards) are not
    let src =
        json!({"source": {"name": "doc"}, "document": ["text"], "metadata": [{"source": "doc"}]});
    event(&s, &t, &id, "a1", json!({"type": "source", "data": src})).await;
    event(
        &s,
        &t,
        &id,
        "a1",
        json!({"type": "citation", "data": {"type": "code_execution", "id": "x"}}),
    )
    .await;
    assert_eq!(message(&s, &t, &id, "a1").await["sources"], json!([src]));
    // UI-only events are delivered and leave the message alone
    let note = json!({"type": "notification", "data": {"type": "info", "content": "hey"}});
    assert_eq!(
        event(&s, &t, &id, "a1", note.clone()).await.body,
        json!(true)
    );
    let m = message(&s, &t, &id, "a1").await;
    assert_eq!(m["content"], "Bye");
    assert!(m.get("notification").is_none());
    // status on a message that does not exist is delivered, nothing is created
    event(&s, &t, &id, "nope", status.clone()).await;
    assert!(message(&s, &t, &id, "nope").await.is_null());

    let mut all = Vec::new();
    while all.len() < 9 {
        all.extend(next_events(&sock).await);
    }
    let kinds: Vec<&str> = all
        .iter()
        .map(|e| e["data"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "message",
            "replace",
            "embeds",
            "files",
            "embeds",
            "source",
            "citation",
            "notification",
            "status"
        ]
    );
    assert_eq!(
        all[7],
        json!({"chat_id": id, "message_id": "a1", "data": note})
    );
    let after = s.get(&format!("/api/v1/chats/{id}"), &t).await.body["updated_at"].clone();
    assert!(after.as_i64() >= before.as_i64());
}

#[tokio::test]
async fn only_the_owner_and_admins_send_events_and_only_the_owner_hears_them() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let (cy, _) = s.add_user(&admin, "Cy", "cy@example.com", "user").await;
    let id = chat(&s, &bo).await;
    let cy_sock = Polling::connect(&s, &cy).await;
    let bo_sock = Polling::connect(&s, &bo).await;
    let replace = json!({"type": "replace", "data": {"content": "changed by Cy"}});

    let r = event(&s, &cy, &id, "a1", replace.clone()).await;
    assert_eq!(
        (r.status, r.body["detail"].as_str()),
        (401, Some(NO_PERMISSION))
    );
    assert_eq!(message(&s, &bo, &id, "a1").await["content"], "Hel");
    let r = event(&s, &cy, "no-such-chat", "a1", replace.clone()).await;
    assert_eq!(
        (r.status, r.body["detail"].as_str()),
        (401, Some(NO_PERMISSION))
    );
    // a body without a type is refused before anything happens
    let r = event(&s, &bo, &id, "a1", json!({"data": {}})).await;
    assert_eq!(r.status, 422);

    // the admin may (ENABLE_ADMIN_CHAT_ACCESS); the owner's sockets hear it
    let r = event(
        &s,
        &admin,
        &id,
        "a1",
        json!({"type": "replace", "data": {"content": "admin"}}),
    )
    .await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    assert_eq!(message(&s, &bo, &id, "a1").await["content"], "admin");
    let got = next_events(&bo_sock).await;
    assert_eq!(got[0]["data"]["data"]["content"], "admin");
    // and nobody else's
    assert!(
        cy_sock
            .events_within(Duration::from_millis(300))
            .await
            .is_empty(),
        "Cy heard Bo's chat"
    );
}

#[tokio::test]
async fn editing_a_message_tells_the_owners_sockets() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let id = chat(&s, &t).await;
    let sock = Polling::connect(&s, &t).await;
    let r = s
        .post(
            &format!("/api/v1/chats/{id}/messages/a1"),
            &t,
            json!({"content": "edited"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let got = next_events(&sock).await;
    assert_eq!(
        got,
        vec![
            json!({"chat_id": id, "message_id": "a1", "data": {"type": "chat:message",
            "data": {"chat_id": id, "message_id": "a1", "content": "edited"}}})
        ]
    );
}
