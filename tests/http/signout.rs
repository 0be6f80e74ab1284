//! Signing out: the token stops working at once (here and, once it
//! notices the write, in another process on the same database), the
//! sockets that signed in with it are disconnected, other sessions stay.

use std::time::Duration;

use serde_json::json;

use crate::common::{Auth, Polling, Server, start};

const EMAIL: &str = "ada@example.com";
const PASSWORD: &str = "pw-ada-1";

async fn session(s: &Server) -> String {
    let r = s.signin(EMAIL, PASSWORD).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["token"].as_str().unwrap().to_string()
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

/// The socket still hears its user's events: a read marker of their own
/// comes back as `chat:list`.
async fn hears(s: &Server, sock: &Polling<'_>, token: &str) {
    let r = s
        .post(
            "/api/v1/chats/new",
            token,
            json!({"chat": {"title": "T", "history": {"currentId": null, "messages": {}}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_string();
    sock.emit(
        "events:chat",
        json!({"chat_id": id, "data": {"type": "last_read_at"}}),
    )
    .await;
    let got = sock
        .events_until(|e| e["chat_id"] == json!(id) && e["data"]["type"] == "chat:list")
        .await;
    assert!(!got.is_empty());
}

#[tokio::test]
async fn signing_out_revokes_the_token_and_disconnects_its_sockets() {
    let s = start().await;
    s.signup("Ada", EMAIL, PASSWORD).await;
    let one = session(&s).await;
    let two = session(&s).await;
    let sock_one = Polling::connect(&s, &one).await;
    let sock_two = Polling::connect(&s, &two).await;
    assert_eq!(s.get("/api/v1/chats/", &one).await.status, 200);

    // a stranger's sign-out (no token, a forged one) signs nobody out
    let r = s
        .call("POST", "/api/v1/auths/signout", Auth::None, None)
        .await;
    assert_eq!((r.status, r.body), (200, json!({"status": true})));
    let r = s
        .call("POST", "/api/v1/auths/signout", Auth::Bearer("x.y.z"), None)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(s.get("/api/v1/chats/", &one).await.status, 200);

    let r = s
        .call("POST", "/api/v1/auths/signout", Auth::Bearer(&one), None)
        .await;
    assert_eq!((r.status, r.body), (200, json!({"status": true})));
    for auth in [Auth::Bearer(&one), Auth::Cookie(&one)] {
        let r = s.call("GET", "/api/v1/chats/", auth, None).await;
        assert_eq!(
            (r.status, r.body),
            (401, json!({"detail": "Invalid token"}))
        );
    }
    // its socket is gone and cannot come back with it
    assert!(
        closed(&sock_one).await,
        "the signed-out socket is connected"
    );
    let again = Polling::connect(&s, &one).await;
    assert_eq!(
        again
            .emit_with_ack(
                "user-join",
                json!({"auth": {"token": one}}),
                Duration::from_millis(500)
            )
            .await,
        None
    );

    // the other session, and its socket, are untouched
    assert_eq!(s.get("/api/v1/chats/", &two).await.status, 200);
    hears(&s, &sock_two, &two).await;

    // signing out with the cookie works the same
    let r = s
        .call("POST", "/api/v1/auths/signout", Auth::Cookie(&two), None)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(s.get("/api/v1/chats/", &two).await.status, 401);
}

#[tokio::test]
async fn another_process_refuses_the_token_once_it_notices_the_write() {
    let s = start().await;
    s.signup("Ada", EMAIL, PASSWORD).await;
    let token = session(&s).await;
    // a second process on the same database
    let mut cfg = owui::config::Config::defaults(&s.cx.cfg.data_dir);
    cfg.set("WEBUI_SECRET_KEY", "test-secret");
    let other = owui::core::startup::open(cfg).unwrap();
    owui::core::auths::authenticate(&other, &token, "/").unwrap();
    assert!(owui::core::auths::authenticate_cached(&other, &token).is_some());

    let r = s
        .call("POST", "/api/v1/auths/signout", Auth::Bearer(&token), None)
        .await;
    assert_eq!(r.status, 200);
    assert!(other.refresh_if_changed().unwrap());
    let e = owui::core::auths::authenticate(&other, &token, "/").unwrap_err();
    assert_eq!(e.message(), "Invalid token");
}

#[tokio::test]
async fn signing_out_takes_a_post() {
    let s = start().await;
    s.signup("Ada", EMAIL, PASSWORD).await;
    let token = session(&s).await;
    // a GET (a link, an image on another site) signs nobody out
    let r = s
        .call("GET", "/api/v1/auths/signout", Auth::Cookie(&token), None)
        .await;
    assert_eq!(r.status, 405, "{}", r.body);
    assert_eq!(s.get("/api/v1/chats/", &token).await.status, 200);
}
