//! Live viewers of a chat (socket.io `events:chat`): who watches which
//! chat (room `chat:<id>`), their presence, typing, and the read marker.
//!
//! The socket layer joins and leaves the rooms; this file decides who may,
//! keeps the viewers per socket ([`Viewers`], on `Ctx`) and tells the rooms
//! through the event bus.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use serde_json::{Value, json};

use super::*;
use crate::core::events::Emit;

#[derive(Default)]
struct Rooms {
    /// socket id → (user id, name, chats it watches)
    by_sid: HashMap<String, (String, String, BTreeSet<String>)>,
    /// chat id → sockets watching it
    by_chat: HashMap<String, BTreeSet<String>>,
}

/// The chats each socket watches, and who watches each chat.
#[derive(Default)]
pub struct Viewers {
    inner: Mutex<Rooms>,
}

impl Viewers {
    fn lock(&self) -> std::sync::MutexGuard<'_, Rooms> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn add(&self, sid: &str, user_id: &str, name: &str, chat_id: &str) {
        let mut g = self.lock();
        let e = g
            .by_sid
            .entry(sid.to_string())
            .or_insert_with(|| (user_id.to_string(), name.to_string(), BTreeSet::new()));
        e.2.insert(chat_id.to_string());
        g.by_chat
            .entry(chat_id.to_string())
            .or_default()
            .insert(sid.to_string());
    }

    fn remove(&self, sid: &str, chat_id: &str) {
        let mut g = self.lock();
        if let Some(e) = g.by_sid.get_mut(sid) {
            e.2.remove(chat_id);
            if e.2.is_empty() {
                g.by_sid.remove(sid);
            }
        }
        if let Some(s) = g.by_chat.get_mut(chat_id) {
            s.remove(sid);
            if s.is_empty() {
                g.by_chat.remove(chat_id);
            }
        }
    }

    /// Forget a socket; the chats it watched.
    fn forget(&self, sid: &str) -> Vec<String> {
        let mut g = self.lock();
        let Some((_, _, chats)) = g.by_sid.remove(sid) else {
            return Vec::new();
        };
        for c in &chats {
            if let Some(s) = g.by_chat.get_mut(c) {
                s.remove(sid);
                if s.is_empty() {
                    g.by_chat.remove(c);
                }
            }
        }
        chats.into_iter().collect()
    }

    /// Whether the socket watches the chat.
    pub fn watches(&self, sid: &str, chat_id: &str) -> bool {
        self.lock()
            .by_sid
            .get(sid)
            .is_some_and(|e| e.2.contains(chat_id))
    }

    /// The users watching a chat, once each, sorted by id.
    pub fn present(&self, chat_id: &str) -> Vec<Value> {
        let g = self.lock();
        let mut users = BTreeMap::new();
        for sid in g.by_chat.get(chat_id).into_iter().flatten() {
            if let Some((id, name, _)) = g.by_sid.get(sid) {
                users.insert(id.clone(), name.clone());
            }
        }
        users
            .into_iter()
            .map(|(id, name)| json!({"id": id, "name": name}))
            .collect()
    }
}

/// Whether `actor` may watch (`write`: type into) a saved chat: the rules
/// of `GET /api/v1/chats/{id}` (owner, shares, shared folders, admins).
pub fn can_view(cx: &Ctx, actor: &Actor, chat_id: &str, write: bool) -> Result<bool> {
    if !is_saved_chat_id(chat_id) {
        return Ok(false);
    }
    match row_of(cx, chat_id)? {
        Some(r) => shares::reaches(cx, actor, &r, write),
        None => Ok(false),
    }
}

/// Tell the room `chat:<id>` who is watching (`chat:presence`).
fn publish_presence(cx: &Ctx, chat_id: &str) {
    cx.bus.emit(Emit {
        event: "events",
        room: format!("chat:{chat_id}"),
        skip_sid: None,
        payload: json!({
            "chat_id": chat_id,
            "shared": true,
            "data": {"type": "chat:presence", "data": {"users": cx.viewers.present(chat_id)}},
        }),
    });
}

/// A socket of `actor` joined the room of a chat it may read.
pub fn joined(cx: &Ctx, actor: &Actor, sid: &str, chat_id: &str) {
    cx.viewers.add(sid, &actor.id, &actor.name, chat_id);
    publish_presence(cx, chat_id);
}

/// A socket left the room of a chat.
pub fn left(cx: &Ctx, sid: &str, chat_id: &str) {
    cx.viewers.remove(sid, chat_id);
    publish_presence(cx, chat_id);
}

/// A socket went away: the chats it watched learn who is left.
pub fn gone(cx: &Ctx, sid: &str) {
    for chat_id in cx.viewers.forget(sid) {
        publish_presence(cx, &chat_id);
    }
}

/// `typing` from a socket watching the chat whose user may write to it:
/// the other viewers are told. False when refused.
pub fn typing(cx: &Ctx, actor: &Actor, sid: &str, chat_id: &str, typing: bool) -> Result<bool> {
    if !cx.viewers.watches(sid, chat_id) || !can_view(cx, actor, chat_id, true)? {
        return Ok(false);
    }
    cx.bus.emit(Emit {
        event: "events",
        room: format!("chat:{chat_id}"),
        skip_sid: Some(sid.to_string()),
        payload: json!({
            "chat_id": chat_id,
            "user_id": actor.id,
            "user": {"id": actor.id, "name": actor.name},
            "shared": true,
            "data": {"type": "typing", "data": {"typing": typing}},
        }),
    });
    Ok(true)
}

/// The owner read their chat: set its read marker and tell their clients
/// (`chat:list` with the marker, and the folders' unread counts when the
/// chat was unread). Nothing happens for a chat that is not theirs.
pub fn mark_read(cx: &Ctx, actor: &Actor, chat_id: &str) -> Result<()> {
    actor.require_verified()?;
    let t = now();
    let Some(was_unread) = cx
        .db
        .write(|tx| store::set_read_marker(tx, chat_id, &actor.id, t))?
    else {
        return Ok(());
    };
    let mut data = json!({"chat_id": chat_id, "last_read_at": t});
    if was_unread {
        data["folder_unread_counts"] = folder_unread_counts(cx, actor)?;
    }
    cx.bus.emit(Emit::to_user(
        &actor.id,
        "events",
        json!({"chat_id": chat_id, "data": {"type": "chat:list", "data": data}}),
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewers_are_listed_once_per_user_and_forgotten_with_their_socket() {
        let v = Viewers::default();
        v.add("s1", "u2", "Bo", "c1");
        v.add("s2", "u2", "Bo", "c1");
        v.add("s3", "u1", "Ada", "c1");
        v.add("s3", "u1", "Ada", "c2");
        assert_eq!(
            v.present("c1"),
            [
                json!({"id": "u1", "name": "Ada"}),
                json!({"id": "u2", "name": "Bo"})
            ]
        );
        assert!(v.watches("s3", "c2") && !v.watches("s1", "c2"));
        v.remove("s1", "c1");
        assert_eq!(v.present("c1").len(), 2);
        let mut gone = v.forget("s3");
        gone.sort();
        assert_eq!(gone, ["c1", "c2"]);
        assert_eq!(v.present("c1"), [json!({"id": "u2", "name": "Bo"})]);
        assert!(v.present("c2").is_empty());
        assert!(v.forget("nope").is_empty());
    }
}
