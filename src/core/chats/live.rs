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
use crate::core::actor::Role;
use crate::core::events::Emit;

#[derive(Default)]
struct Rooms {
    /// socket id → (user id, name, chats it watches)
    by_sid: HashMap<String, (String, String, BTreeSet<String>)>,
    /// socket id → the user as they joined (for checking access again)
    actors: HashMap<String, Actor>,
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
        if g.by_sid.get(sid).is_some_and(|e| e.0 != user_id) {
            // the socket is someone else's now: it watches nothing of theirs
            drop(g);
            self.forget(sid);
            g = self.lock();
        }
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
                g.actors.remove(sid);
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
        g.actors.remove(sid);
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

    /// Every (socket, chat) watched, with the socket's user; only `chat_id`
    /// when given.
    fn watching(&self, chat_id: Option<&str>) -> Vec<(String, String, Actor)> {
        let g = self.lock();
        let mut out = Vec::new();
        for (sid, (_, _, chats)) in &g.by_sid {
            let Some(actor) = g.actors.get(sid) else {
                continue;
            };
            for c in chats {
                if chat_id.is_none_or(|id| id == c) {
                    out.push((sid.clone(), c.clone(), actor.clone()));
                }
            }
        }
        out
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
    cx.viewers
        .lock()
        .actors
        .insert(sid.to_string(), actor.clone());
    publish_presence(cx, chat_id);
}

/// A socket left the room of a chat.
pub fn left(cx: &Ctx, sid: &str, chat_id: &str) {
    cx.viewers.remove(sid, chat_id);
    publish_presence(cx, chat_id);
}

/// A socket went away (or is someone else's now): the chats it watched
/// learn who is left. The chats it watched.
pub fn gone(cx: &Ctx, sid: &str) -> Vec<String> {
    let chats = cx.viewers.forget(sid);
    for chat_id in &chats {
        publish_presence(cx, chat_id);
    }
    chats
}

/// A chat's share changed (made, removed, its grants or mode): its
/// viewers are checked again (see [`recheck_viewers`]) and every one who
/// is not the owner is told, as upstream, since what they may do may have
/// changed too. Called after the commit: a failure is logged.
pub fn share_changed(cx: &Ctx, chat_id: &str) {
    if let Err(e) = recheck_viewers(cx, Some(chat_id), true) {
        tracing::warn!("checking the viewers of chat {chat_id} again: {e}");
    }
}

/// Who may read some chats changed (a folder's grants or place, a chat
/// moved, shares removed): the viewers of `chat_id`, or of every chat,
/// are checked again. Called after the commit: a failure is logged.
pub fn access_changed(cx: &Ctx, chat_id: Option<&str>) {
    if let Err(e) = recheck_viewers(cx, chat_id, false) {
        tracing::warn!("checking the viewers of chats again: {e}");
    }
}

/// Check viewers again, as upstream's `chat:access`: a socket whose user
/// may no longer read a chat leaves its room, is told (`chat:access`, so
/// the client loads the chat again and learns it is gone) and the room
/// learns who is left. With `tell_all`, viewers who keep access are told
/// too. Owners are not checked.
fn recheck_viewers(cx: &Ctx, chat_id: Option<&str>, tell_all: bool) -> Result<()> {
    let mut changed = BTreeSet::new();
    let mut rows: HashMap<String, Option<ChatRow>> = HashMap::new();
    let mut users: HashMap<String, Option<Role>> = HashMap::new();
    for (sid, cid, actor) in cx.viewers.watching(chat_id) {
        if !rows.contains_key(&cid) {
            rows.insert(cid.clone(), row_of(cx, &cid)?);
        }
        let Some(row) = rows[&cid].as_ref() else {
            continue;
        };
        if row.user_id == actor.id {
            continue;
        }
        if !users.contains_key(&actor.id) {
            let role = crate::core::users::find(cx, &actor.id)?.map(|u| u.role);
            users.insert(actor.id.clone(), role);
        }
        let lost = match users[&actor.id] {
            Some(role) => !shares::reaches(cx, &Actor { role, ..actor }, row, false)?,
            None => true,
        };
        if lost || tell_all {
            cx.bus.emit(Emit {
                event: "events",
                room: sid.clone(),
                skip_sid: None,
                payload: json!({"chat_id": cid, "shared": true,
                    "data": {"type": "chat:access", "data": {}}}),
            });
        }
        if lost {
            cx.viewers.remove(&sid, &cid);
            cx.bus.leave(&sid, format!("chat:{cid}"));
            changed.insert(cid);
        }
    }
    for cid in changed {
        publish_presence(cx, &cid);
    }
    Ok(())
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
