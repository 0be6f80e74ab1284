//! Which rooms a socket is in: `user-join` as another user leaves the
//! previous user's rooms, every token a socket signed in with is checked
//! again, and viewers of a chat who lose read access leave its room
//! (`chat:access`).

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{Polling, start};

const WAIT: Duration = Duration::from_secs(5);

fn kind(e: &Value) -> &str {
    e["data"]["type"].as_str().unwrap_or("")
}

/// Everything the socket heard until the answer to a read marker of its
/// user's own chat `own` (which ends the list).
async fn heard_until_marker(sock: &Polling<'_>, own: &str) -> Vec<Value> {
    sock.emit(
        "events:chat",
        json!({"chat_id": own, "data": {"type": "last_read_at"}}),
    )
    .await;
    sock.events_until(|e| e["chat_id"] == json!(own) && kind(e) == "chat:list")
        .await
}

/// Whether the server closed this socket within 3 s.
async fn closed(sock: &Polling<'_>) -> bool {
    let until = std::time::Instant::now() + Duration::from_secs(3);
    while std::time::Instant::now() < until {
        let left = until - std::time::Instant::now();
        let Ok(got) = tokio::time::timeout(left, sock.poll()).await else {
            return false;
        };
        if got
            .iter()
            .any(|p| p == "41" || p == "1" || p.starts_with("status"))
        {
            return true;
        }
    }
    false
}

#[tokio::test]
async fn joining_as_another_user_leaves_the_previous_users_rooms() {
    let s = start().await;
    let (ada, ada_id) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, bo_id) = s.add_user(&ada, "Bo", "bo@example.com", "user").await;
    let ada_chat = s.chat_of_one_message(&ada, None).await;
    let bo_chat = s.chat_of_one_message(&bo, None).await;

    let sock = Polling::connect(&s, &ada).await;
    assert_eq!(
        sock.chat_event(&ada_chat, json!({"type": "join"})).await,
        Some(json!([true]))
    );
    sock.events_until(|e| kind(e) == "chat:presence").await;
    // the same socket signs in as Bo
    assert_eq!(
        sock.emit_with_ack("user-join", json!({"auth": {"token": bo}}), WAIT)
            .await,
        Some(json!([{"id": bo_id, "name": "Bo"}]))
    );

    // Ada's events: her read marker (room user:<ada>), her typing and
    // presence in her chat (room chat:<id>)
    let ada_sock = Polling::connect(&s, &ada).await;
    assert_eq!(
        ada_sock
            .chat_event(&ada_chat, json!({"type": "join"}))
            .await,
        Some(json!([true]))
    );
    let got = ada_sock.events_until(|e| kind(e) == "chat:presence").await;
    // the socket that is Bo's now no longer counts as Ada watching
    assert_eq!(
        got.last().unwrap()["data"]["data"]["users"],
        json!([{"id": ada_id, "name": "Ada"}])
    );
    assert_eq!(
        ada_sock
            .chat_event(
                &ada_chat,
                json!({"type": "typing", "data": {"typing": true}})
            )
            .await,
        Some(json!([true]))
    );
    heard_until_marker(&ada_sock, &ada_chat).await;

    let got = heard_until_marker(&sock, &bo_chat).await;
    let of_ada: Vec<&Value> = got
        .iter()
        .filter(|e| e["chat_id"] == json!(ada_chat) && kind(e) != "chat:presence")
        .collect();
    assert!(
        of_ada.is_empty(),
        "Bo's socket heard Ada's chat: {of_ada:?}"
    );
    // presence updates from before the switch may have been sent, none after
    assert_eq!(got.last().unwrap()["chat_id"], json!(bo_chat), "{got:?}");
}

#[tokio::test]
async fn every_token_a_socket_signed_in_with_is_checked_again() {
    let s = start().await;
    s.signup("Ada", "ada@example.com", "pw-1").await;
    let signin = async || {
        let r = s.signin("ada@example.com", "pw-1").await;
        r.body["token"].as_str().unwrap().to_string()
    };
    let (one, two) = (signin().await, signin().await);
    // signed in with one at the handshake, then with two
    let sock = Polling::connect(&s, &one).await;
    assert!(
        sock.emit_with_ack("user-join", json!({"auth": {"token": two}}), WAIT)
            .await
            .is_some()
    );
    let only_two = Polling::connect(&s, &two).await;
    // `one` is revoked without disconnecting anything
    assert!(owui::core::auths::signout(&s.cx, &one).unwrap().is_some());
    owui::api::socket::revalidate(&s.cx, &s.io).await;
    assert!(
        closed(&sock).await,
        "a socket resting on a revoked token stays"
    );
    let own = s.chat_of_one_message(&two, None).await;
    heard_until_marker(&only_two, &own).await;
}

#[tokio::test]
async fn viewers_who_lose_a_share_leave_the_chats_room() {
    let s = start().await;
    let (ada, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&ada, "Bo", "bo@example.com", "user").await;
    let (cy, cy_id) = s.add_user(&ada, "Cy", "cy@example.com", "user").await;
    let (dee, dee_id) = s.add_user(&ada, "Dee", "dee@example.com", "user").await;
    let id = s.chat_of_one_message(&bo, None).await;
    let r = s
        .post(
            &format!("/api/v1/chats/{id}/share"),
            &bo,
            json!({"share_mode": "continue"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let grant =
        |who: &str| json!({"principal_type": "user", "principal_id": who, "permission": "read"});
    let r = s
        .post(
            &format!("/api/v1/chats/shared/{id}/access/update"),
            &bo,
            json!({"access_grants": [grant(&cy_id), grant(&dee_id)]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    let bo_sock = Polling::connect(&s, &bo).await;
    let cy_sock = Polling::connect(&s, &cy).await;
    let dee_sock = Polling::connect(&s, &dee).await;
    for sock in [&bo_sock, &cy_sock, &dee_sock] {
        assert_eq!(
            sock.chat_event(&id, json!({"type": "join"})).await,
            Some(json!([true]))
        );
    }
    // Cy loses the grant; Dee keeps it
    let r = s
        .post(
            &format!("/api/v1/chats/shared/{id}/access/update"),
            &bo,
            json!({"access_grants": [grant(&dee_id)]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        bo_sock
            .chat_event(&id, json!({"type": "typing", "data": {"typing": true}}))
            .await,
        Some(json!([true]))
    );

    let cy_own = s.chat_of_one_message(&cy, None).await;
    let got = heard_until_marker(&cy_sock, &cy_own).await;
    let kinds: Vec<&str> = got
        .iter()
        .filter(|e| e["chat_id"] == json!(id))
        .map(kind)
        .collect();
    assert!(kinds.contains(&"chat:access"), "{got:?}");
    let after = kinds.iter().position(|k| *k == "chat:access").unwrap();
    assert!(
        !kinds[after..].contains(&"typing"),
        "Cy still hears the chat: {got:?}"
    );
    // Dee is told to look again, and still hears it
    let dee_own = s.chat_of_one_message(&dee, None).await;
    let got = heard_until_marker(&dee_sock, &dee_own).await;
    let kinds: Vec<&str> = got
        .iter()
        .filter(|e| e["chat_id"] == json!(id))
        .map(kind)
        .collect();
    assert!(kinds.contains(&"chat:access"), "{got:?}");
    assert!(kinds.contains(&"typing"), "{got:?}");
    // who is left watching
    let got = bo_sock
        .events_until(|e| {
            kind(e) == "chat:presence"
                && e["data"]["data"]["users"]
                    .as_array()
                    .is_some_and(|u| u.len() == 2)
        })
        .await;
    assert!(!got.is_empty());
}

#[tokio::test]
async fn viewers_who_lose_a_shared_folder_leave_the_chats_room() {
    let s = start().await;
    let (ada, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (cy, cy_id) = s.add_user(&ada, "Cy", "cy@example.com", "user").await;
    let f = s
        .post("/api/v1/folders/", &ada, json!({"name": "Team"}))
        .await;
    assert_eq!(f.status, 200, "{}", f.body);
    let fid = f.body["id"].as_str().unwrap().to_string();
    let id = s.chat_of_one_message(&ada, Some(&fid)).await;
    let r = s
        .post(
            &format!("/api/v1/folders/{fid}/access/update"),
            &ada,
            json!({"access_grants": [{"principal_type": "user", "principal_id": cy_id, "permission": "read"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    let ada_sock = Polling::connect(&s, &ada).await;
    let cy_sock = Polling::connect(&s, &cy).await;
    for sock in [&ada_sock, &cy_sock] {
        assert_eq!(
            sock.chat_event(&id, json!({"type": "join"})).await,
            Some(json!([true]))
        );
    }
    let r = s
        .post(
            &format!("/api/v1/folders/{fid}/access/update"),
            &ada,
            json!({"access_grants": []}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        ada_sock
            .chat_event(&id, json!({"type": "typing", "data": {"typing": true}}))
            .await,
        Some(json!([true]))
    );
    let own = s.chat_of_one_message(&cy, None).await;
    let got = heard_until_marker(&cy_sock, &own).await;
    let kinds: Vec<&str> = got
        .iter()
        .filter(|e| e["chat_id"] == json!(id))
        .map(kind)
        .collect();
    let after = kinds
        .iter()
        .position(|k| *k == "chat:access")
        .unwrap_or_else(|| panic!("no chat:access: {got:?}"));
    assert!(!kinds[after..].contains(&"typing"), "{got:?}");
    // and may not come back
    assert_eq!(
        cy_sock.chat_event(&id, json!({"type": "join"})).await,
        Some(json!([false]))
    );
}
