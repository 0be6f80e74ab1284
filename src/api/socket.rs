//! socket.io at `/ws/socket.io`: the handshake with `auth: {token}`,
//! `user-join`, `heartbeat`, and a room per user (`user:<id>`).
//!
//! Only session JWTs of `user`/`admin` accounts authenticate a socket; any
//! other socket stays connected but joins no room and its events are
//! ignored, as upstream does.

use std::time::Duration;

use serde_json::{Value, json};
use socketioxide::SocketIo;
use socketioxide::extract::{AckSender, Data, SocketRef, State, TryData};
use socketioxide::layer::SocketIoLayer;

use super::AppState;
use crate::core::actor::Actor;
use crate::core::auths;
use crate::ctx::Ctx;

/// Who a socket belongs to, kept in its extensions.
#[derive(Clone)]
struct SocketUser {
    id: String,
    token: String,
}

pub fn layer(cx: Ctx) -> (SocketIoLayer, SocketIo) {
    let (layer, io) = SocketIo::builder()
        .req_path("/ws/socket.io")
        .ping_interval(Duration::from_secs(25))
        .ping_timeout(Duration::from_secs(20))
        .with_state(cx)
        .build_layer();
    io.ns("/", on_connect);
    (layer, io)
}

async fn verify(cx: &Ctx, token: &str) -> Option<Actor> {
    if token.is_empty() || token.starts_with("sk-") {
        return None;
    }
    let token = token.to_string();
    let a = cx
        .blocking(move |cx| auths::authenticate(cx, &token, "/ws/socket.io"))
        .await
        .ok()?;
    a.is_verified().then_some(a)
}

fn token_of(v: &Value) -> &str {
    v.get("token")
        .or_else(|| v.get("auth").and_then(|a| a.get("token")))
        .and_then(Value::as_str)
        .unwrap_or("")
}

async fn join(s: &SocketRef, actor: &Actor, token: &str) {
    s.extensions.insert(SocketUser {
        id: actor.id.clone(),
        token: token.to_string(),
    });
    s.join(format!("user:{}", actor.id));
}

async fn on_connect(s: SocketRef, TryData(auth): TryData<Value>, State(cx): State<Ctx>) {
    // Handlers first: the client may send `user-join` as soon as it is
    // connected, before the handshake token has been checked.
    s.on(
        "user-join",
        async |s: SocketRef, Data(d): Data<Value>, ack: AckSender, State(cx): State<Ctx>| {
            let token = token_of(&d).to_string();
            if let Some(actor) = verify(&cx, &token).await {
                join(&s, &actor, &token).await;
                let _ = ack.send(&json!({"id": actor.id, "name": actor.name}));
            }
        },
    );
    s.on("heartbeat", async |s: SocketRef, State(cx): State<Ctx>| {
        if let Some(u) = s.extensions.get::<SocketUser>() {
            let interval = cx
                .cfg
                .int("DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL")
                .unwrap_or(60);
            if cx.sessions.touch_due(&u.id, interval) {
                let _ = cx
                    .blocking(move |cx| crate::core::users::touch(cx, &u.id))
                    .await;
            }
        }
    });
    let token = auth
        .as_ref()
        .map(|a| token_of(a).to_string())
        .unwrap_or_default();
    if let Some(actor) = verify(&cx, &token).await {
        join(&s, &actor, &token).await;
    }
}

/// Disconnect every socket of a user (their sessions were revoked).
pub async fn disconnect_user(st: &AppState, user_id: &str) {
    let _ = st.io.to(format!("user:{user_id}")).disconnect().await;
}

/// Tell users their groups or permissions changed (`access:updated`), then
/// disconnect them so they reconnect with fresh rights.
pub async fn access_updated(st: &AppState, user_ids: &[String]) {
    for id in user_ids {
        let room = format!("user:{id}");
        let _ = st
            .io
            .to(room.clone())
            .emit("access:updated", &json!({}))
            .await;
        let _ = st.io.to(room).disconnect().await;
    }
}

/// Every 30 s, re-check each authenticated socket's token and drop the
/// ones that stopped being valid (expired, revoked, password changed,
/// demoted to pending).
pub async fn revalidate_forever(cx: Ctx, io: SocketIo) {
    let mut tick = tokio::time::interval(Duration::from_secs(30));
    tick.tick().await;
    loop {
        tick.tick().await;
        for s in io.sockets() {
            if let Some(u) = s.extensions.get::<SocketUser>()
                && verify(&cx, &u.token).await.is_none()
            {
                let _ = s.disconnect();
            }
        }
    }
}

/// Forward the core's events to their socket.io rooms, in the order they
/// were emitted.
pub async fn forward_events(cx: Ctx, io: SocketIo) {
    let Some(mut rx) = cx.bus.attach() else {
        return;
    };
    while let Some(e) = rx.recv().await {
        let to = io.to(e.room);
        let to = match e
            .skip_sid
            .as_deref()
            .map(str::parse::<socketioxide::socket::Sid>)
        {
            Some(Ok(sid)) => to.except(sid),
            _ => to,
        };
        let _ = to.emit(e.event, &e.payload).await;
    }
}
