//! socket.io at `/ws/socket.io`: the handshake with `auth: {token}`,
//! `user-join`, `heartbeat`, `usage` (models in use), `events:chat`
//! (watching a chat in room `chat:<id>`: presence, typing, read marker),
//! and a room per user (`user:<id>`).
//!
//! Only session JWTs of `user`/`admin` accounts authenticate a socket; any
//! other socket stays connected but joins no room and its events are
//! ignored, as upstream does.

use std::time::Duration;

use serde_json::{Value, json};
use socketioxide::SocketIo;
use socketioxide::extract::{AckSender, Data, SocketRef, State, TryData};
use socketioxide::handler::ConnectHandler;
use socketioxide::layer::SocketIoLayer;

use super::AppState;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::auths;
use crate::core::chats;
use crate::core::events::Signal;

/// Who a socket belongs to, kept in its extensions: the user, and every
/// token the socket authenticated with as that user (its rooms rest on
/// all of them, so all are checked again).
#[derive(Clone)]
struct SocketUser {
    id: String,
    tokens: Vec<String>,
}

/// Tokens kept per socket; beyond it the oldest is let go.
const TOKENS_PER_SOCKET: usize = 8;

pub fn layer(cx: Ctx) -> (SocketIoLayer, SocketIo) {
    let (layer, io) = SocketIo::builder()
        .req_path("/ws/socket.io")
        .ping_interval(Duration::from_secs(25))
        .ping_timeout(Duration::from_secs(20))
        .with_state(cx)
        .build_layer();
    io.ns("/", on_connect.with(authenticate));
    (layer, io)
}

async fn verify(cx: &Ctx, token: &str) -> Option<Actor> {
    if token.is_empty() || token.starts_with("sk-") {
        return None;
    }
    let a = match auths::authenticate_cached(cx, token) {
        Some(r) => r.ok()?,
        None => {
            let token = token.to_string();
            cx.blocking(move |cx| auths::authenticate(cx, &token, "/ws/socket.io"))
                .await
                .ok()?
        }
    };
    a.is_verified().then_some(a)
}

/// The socket's user when every token it signed in with still holds (as
/// of the newest token).
async fn verify_all(cx: &Ctx, u: &SocketUser) -> Option<Actor> {
    let mut actor = None;
    for t in &u.tokens {
        let a = verify(cx, t).await?;
        if a.id != u.id {
            return None;
        }
        actor = Some(a);
    }
    actor
}

fn token_of(v: &Value) -> &str {
    v.get("token")
        .or_else(|| v.get("auth").and_then(|a| a.get("token")))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The socket signed in as `actor` with `token`: it joins the user's
/// room. A socket that was another user's leaves everything that user's
/// rooms gave it first (their room, the chats they watched, their usage).
async fn join(s: &SocketRef, cx: &Ctx, actor: &Actor, token: &str) {
    let tokens = match s.extensions.get::<SocketUser>() {
        Some(mut u) if u.id == actor.id => {
            if !u.tokens.iter().any(|t| t == token) {
                if u.tokens.len() >= TOKENS_PER_SOCKET {
                    u.tokens.remove(0);
                }
                u.tokens.push(token.to_string());
            }
            u.tokens
        }
        Some(u) => {
            s.leave(format!("user:{}", u.id));
            let sid = s.id.to_string();
            for chat_id in chats::gone(cx, &sid) {
                s.leave(format!("chat:{chat_id}"));
            }
            cx.model_usage.forget(&sid);
            vec![token.to_string()]
        }
        None => vec![token.to_string()],
    };
    s.extensions.insert(SocketUser {
        id: actor.id.clone(),
        tokens,
    });
    s.join(format!("user:{}", actor.id));
}

async fn on_connect(s: SocketRef) {
    s.on(
        "user-join",
        async |s: SocketRef, Data(d): Data<Value>, ack: AckSender, State(cx): State<Ctx>| {
            let token = token_of(&d).to_string();
            if let Some(actor) = verify(&cx, &token).await {
                join(&s, &cx, &actor, &token).await;
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
    s.on(
        "usage",
        async |s: SocketRef, Data(d): Data<Value>, State(cx): State<Ctx>| {
            if s.extensions.get::<SocketUser>().is_some()
                && let Some(model) = d.get("model").and_then(Value::as_str)
            {
                cx.model_usage.mark(model, &s.id.to_string());
            }
        },
    );
    s.on("events:chat", chat_event);
    s.on_disconnect(async |s: SocketRef, State(cx): State<Ctx>| {
        let sid = s.id.to_string();
        cx.model_usage.forget(&sid);
        chats::gone(&cx, &sid);
    });
}

/// Before the client hears it is connected (as upstream, whose `connect`
/// handler runs first): check the handshake token and, when valid, join
/// the user's room. Every socket connects; a bad token only leaves it
/// unauthenticated.
async fn authenticate(
    s: SocketRef,
    TryData(auth): TryData<Value>,
    State(cx): State<Ctx>,
) -> Result<(), std::convert::Infallible> {
    // Every socket is in a room named by its id (as in socket.io), so that
    // broadcasts can skip the socket that caused them (`Emit::skip_sid`).
    s.join(s.id);
    let token = auth
        .as_ref()
        .map(|a| token_of(a).to_string())
        .unwrap_or_default();
    if let Some(actor) = verify(&cx, &token).await {
        join(&s, &cx, &actor, &token).await;
    }
    Ok(())
}

/// `events:chat` `{chat_id, data: {type, data?}}`: `join` / `leave` the
/// chat's room (ack true/false), `typing` to its other viewers (ack
/// true/false), `last_read_at` (the read marker; no ack). Sockets without
/// a valid session are ignored.
async fn chat_event(s: SocketRef, Data(d): Data<Value>, ack: AckSender, State(cx): State<Ctx>) {
    let Some(u) = s.extensions.get::<SocketUser>() else {
        return;
    };
    let Some(actor) = verify_all(&cx, &u).await else {
        return;
    };
    let sid = s.id.to_string();
    let chat_id = d
        .get("chat_id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let saved = chats::is_saved_chat_id(&chat_id);
    let room = format!("chat:{chat_id}");
    match d.pointer("/data/type").and_then(Value::as_str) {
        Some("typing") => {
            let typing = d.pointer("/data/data/typing").and_then(Value::as_bool);
            let ok = match typing {
                Some(t) if saved => cx
                    .blocking(move |cx| chats::typing(cx, &actor, &sid, &chat_id, t))
                    .await
                    .unwrap_or(false),
                _ => false,
            };
            let _ = ack.send(&ok);
        }
        Some("join") if saved => {
            let id = chat_id.clone();
            let a = actor.clone();
            let ok = cx
                .blocking(move |cx| chats::can_view(cx, &a, &id, false))
                .await
                .unwrap_or(false);
            if ok {
                s.join(room);
                chats::joined(&cx, &actor, &sid, &chat_id);
            }
            let _ = ack.send(&ok);
        }
        Some("leave") if saved => {
            s.leave(room);
            chats::left(&cx, &sid, &chat_id);
            let _ = ack.send(&true);
        }
        Some("join" | "leave") => {
            let _ = ack.send(&false);
        }
        Some("last_read_at") if !chat_id.is_empty() => {
            let _ = cx
                .blocking(move |cx| chats::mark_read(cx, &actor, &chat_id))
                .await;
        }
        _ => {}
    }
}

/// Disconnect the sockets that signed in with `token` (it was signed out).
pub async fn disconnect_token(st: &AppState, token: &str) {
    for s in st.io.sockets() {
        if s.extensions
            .get::<SocketUser>()
            .is_some_and(|u| u.tokens.iter().any(|t| t == token))
        {
            let _ = s.disconnect();
        }
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
        revalidate(&cx, &io).await;
    }
}

/// Drop every authenticated socket one of whose tokens stopped being
/// valid.
pub async fn revalidate(cx: &Ctx, io: &SocketIo) {
    for s in io.sockets() {
        if let Some(u) = s.extensions.get::<SocketUser>()
            && verify_all(cx, &u).await.is_none()
        {
            let _ = s.disconnect();
        }
    }
}

/// Forward the core's events to their socket.io rooms, in the order they
/// were emitted.
pub async fn forward_events(cx: Ctx, io: SocketIo) {
    let Some(mut rx) = cx.bus.attach() else {
        return;
    };
    while let Some(signal) = rx.recv().await {
        let e = match signal {
            Signal::Emit(e) => e,
            Signal::Leave { sid, room } => {
                if let Ok(sid) = sid.parse::<socketioxide::socket::Sid>()
                    && let Some(s) = io.get_socket(sid)
                {
                    s.leave(room);
                }
                continue;
            }
        };
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
