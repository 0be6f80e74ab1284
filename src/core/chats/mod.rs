//! Chats: the conversation documents of the chat UI.
//!
//! Tables: `chat` (the document without its messages), `chat_message` (one
//! row per message, its JSON in `data`), `tag`. Endpoints:
//! `/api/v1/chats/*`.
//!
//! The wire document is upstream's (`history.messages` keyed by id with
//! `parentId`/`childrenIds`, `currentId`); it is assembled from the rows on
//! read by splicing their texts (`spliced.rs`), so opening a long chat
//! parses no message and saving a new message writes that message, not the
//! whole chat (`merge.rs` applies the save to the messages it names).

mod cache;
mod config;
pub mod doc;
mod emitter;
mod folders;
mod lists;
mod live;
mod merge;
mod messages;
pub mod model;
pub mod patch;
pub mod search;
mod shares;
pub mod spliced;
mod stats;
mod store;
pub mod text;
mod turns;
mod view;

use serde_json::{Value, json};

pub use cache::MessageCache;
pub use config::*;
pub use emitter::*;
pub use folders::*;
pub use lists::*;
pub use live::*;
pub use messages::*;
pub use model::*;
pub use patch::ChatPatch;
pub use shares::*;
pub use spliced::ChatDoc;
pub use stats::*;
pub use turns::*;

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::users::permissions;
use crate::error::{Error, Result, msg};
use crate::util::{new_id, now};
use text::StoredMessage;
use view::{overlay_live, viewer_view};

pub const PAGE_SIZE: i64 = 60;

/// Not the caller's to touch (or not there at all).
fn prohibited() -> Error {
    Error::forbidden(msg::ACCESS_PROHIBITED)
}

/// A chat permission (`chat.delete`, `chat.import`, ...) the caller lacks.
fn not_permitted() -> Error {
    Error::NotPermitted(msg::ACCESS_PROHIBITED.into())
}

fn admin_reads_all(cx: &Ctx, actor: &Actor) -> bool {
    actor.is_admin() && cx.cfg.bool("ENABLE_ADMIN_CHAT_ACCESS")
}

/// The full chat for the API (its document spliced from the rows; the
/// owner's with the current leaf repaired).
fn to_chat(cx: &Ctx, r: ChatRow, owner_view: bool) -> Result<Chat> {
    let msgs = cache::stored_messages(cx, &r.id)?;
    let d = if owner_view {
        ChatDoc::assemble_repaired(r.chat, msgs)
    } else {
        ChatDoc::assemble(r.chat, msgs)
    };
    Ok(Chat {
        id: r.id,
        user_id: r.user_id,
        title: r.title,
        chat: d,
        updated_at: r.updated_at,
        created_at: r.created_at,
        share_id: r.share_id,
        archived: r.archived,
        pinned: r.pinned,
        meta: r.meta,
        variables: match r.variables {
            Some(v @ Value::Object(_)) => v,
            _ => json!({}),
        },
        folder_id: r.folder_id,
        tasks: r.tasks,
        summary: r.summary,
        current_message_id: r.current_message_id,
        context_usage: None,
    })
}

fn row_of(cx: &Ctx, id: &str) -> Result<Option<ChatRow>> {
    cx.db.read(|c| store::get(c, id))
}

/// `POST /api/v1/chats/new`: a chat from a client document.
pub fn create(cx: &Ctx, actor: &Actor, form: ChatForm) -> Result<Chat> {
    actor.require_verified()?;
    if let Some(f) = &form.folder_id
        && !crate::core::folders::can_write(cx, actor, f)?
    {
        return Err(Error::not_found());
    }
    let mut d = Value::Object(form.chat);
    doc::strip_nul(&mut d);
    doc::stamp_authors(&mut d, &actor.id, &actor.name);
    let title = doc::title_of(&d);
    let msgs = doc::split(&mut d);
    let t = now();
    let row = ChatRow {
        id: new_id(),
        user_id: actor.id.clone(),
        title,
        current_message_id: doc::current_message_id(&d, &msgs),
        chat: d,
        created_at: t,
        updated_at: t,
        share_id: None,
        archived: false,
        pinned: false,
        meta: json!({}),
        variables: form.variables.filter(Value::is_object),
        folder_id: form.folder_id.clone(),
        tasks: None,
        summary: None,
        last_read_at: Some(t),
    };
    cx.db.write(|tx| {
        store::insert(tx, &row)?;
        for (id, m) in &msgs {
            if m.get("role").is_some() {
                store::upsert_message(tx, &row.id, id, m, t)?;
            }
        }
        Ok(())
    })?;
    to_chat(cx, row, true)
}

/// `GET /api/v1/chats/{id}`: a chat the caller reaches (their own; any for
/// an admin when admin chat access is on; through a "continue" share or a
/// shared folder). Anything else is not found.
pub fn get(cx: &Ctx, actor: &Actor, id: &str) -> Result<Chat> {
    actor.require_verified()?;
    let r = row_of(cx, id)?.ok_or_else(Error::not_found)?;
    let owner = r.user_id == actor.id;
    if !shares::reaches(cx, actor, &r, false)? {
        return Err(Error::not_found());
    }
    let writable = owner || shares::reaches(cx, actor, &r, true)?;
    let mut chat = to_chat(cx, r, owner)?;
    viewer_view(cx, &mut chat, Some(&actor.id))?;
    overlay_live(cx, &mut chat);
    chat.context_usage = crate::core::completions::compaction::context_usage(cx, &chat);
    chat.chat.set(
        "share_mode",
        if writable {
            json!("continue")
        } else {
            Value::Null
        },
    );
    Ok(chat)
}

/// `POST /api/v1/chats/{id}`: save the client's document (a patch; the
/// messages it names are merged, see `merge.rs`). A non-owner may only
/// rename (see `rename_in_own_folder`).
pub fn update(cx: &Ctx, actor: &Actor, id: &str, form: impl Into<ChatPatch>) -> Result<Chat> {
    let form = form.into();
    actor.require_verified()?;
    if let Some(r) = row_of(cx, id)?
        && r.user_id != actor.id
    {
        return rename_in_own_folder(cx, actor, r, form);
    }
    let ChatPatch {
        chat: mut patch,
        variables,
        ..
    } = form;
    if !patch.stripped {
        doc::strip_nul(&mut patch.doc);
    }
    let touches_messages =
        patch.doc.get("history").is_some() || patch.doc.get("messages").is_some();
    let t = now();
    let saved = cx.db.write(|tx| {
        let mut r = store::get(tx, id)?.ok_or_else(prohibited)?;
        if r.user_id != actor.id {
            return Err(prohibited());
        }
        let stamp = Some((actor.id.as_str(), actor.name.as_str()));
        let mut lookup = merge::InDb { c: tx, chat_id: id };
        let stored = std::mem::take(&mut r.chat);
        let out = merge::merge(stored, patch, &r.user_id, stamp, &mut lookup)?;
        for (mid, m) in &out.write {
            store::upsert_message(tx, id, mid, m, t)?;
        }
        r.title = doc::title_of(&out.doc);
        r.current_message_id = match doc::current_message_id_or(&out.doc, || out.last_new) {
            Some(c) => Some(c),
            None => store::last_message_id(tx, id)?,
        };
        r.chat = out.doc;
        if let Some(v) = variables.filter(Value::is_object) {
            r.variables = Some(v);
        }
        if touches_messages {
            r.updated_at = t;
        }
        store::update(tx, &r)?;
        Ok(r)
    })?;
    to_chat(cx, saved, true)
}

/// A non-owner's `POST /{id}`: renaming a chat that sits in a folder the
/// caller owns (another user put it into the caller's shared folder). The
/// body must be exactly `{"chat": {"title": ...}}`; the title is trimmed,
/// `updated_at` is left alone, and the answer is the non-owner's view.
fn rename_in_own_folder(cx: &Ctx, actor: &Actor, r: ChatRow, form: ChatPatch) -> Result<Chat> {
    let in_own_folder = match &r.folder_id {
        Some(fid) => crate::core::folders::find(cx, fid)?.is_some_and(|f| f.user_id == actor.id),
        None => false,
    };
    let keys = form.chat.doc.as_object().map_or(0, |d| d.len());
    if !in_own_folder
        || keys != 1
        || form.chat.doc.get("title").is_none()
        || form.variables.is_some()
        || form.folder_id.is_some()
    {
        return Err(prohibited());
    }
    let title = match form.chat.doc.get("title") {
        Some(Value::String(t)) if !t.trim().is_empty() => t.trim().replace('\0', ""),
        _ => return Err(Error::invalid("[ERROR: Invalid title]")),
    };
    let saved = cx.db.write(|tx| {
        let mut r = store::get(tx, &r.id)?.ok_or_else(prohibited)?;
        if let Value::Object(d) = &mut r.chat {
            d.insert("title".into(), json!(title));
        } else {
            r.chat = json!({"title": title});
        }
        r.title = title.clone();
        store::update(tx, &r)?;
        Ok(r)
    })?;
    let mut chat = to_chat(cx, saved, false)?;
    viewer_view(cx, &mut chat, Some(&actor.id))?;
    Ok(chat)
}

/// `DELETE /api/v1/chats/{id}`.
pub fn delete(cx: &Ctx, actor: &Actor, id: &str) -> Result<()> {
    actor.require_verified()?;
    if !actor.is_admin() && !permissions::has(cx, &actor.id, "chat.delete")? {
        return Err(not_permitted());
    }
    let r = row_of(cx, id)?
        .filter(|r| r.user_id == actor.id || admin_reads_all(cx, actor))
        .ok_or_else(Error::not_found)?;
    cx.db.write(|tx| {
        store::delete(tx, id)?;
        store::delete_orphan_tags(tx, &r.user_id)
    })
}

/// `GET /api/v1/chats/`: the caller's chat list.
pub fn list(cx: &Ctx, actor: &Actor, q: &ListQuery) -> Result<Vec<TitleItem>> {
    actor.require_verified()?;
    cx.db.read(|c| store::list(c, &actor.id, q, PAGE_SIZE))
}

/// `GET /api/v1/chats/pinned`.
pub fn pinned(cx: &Ctx, actor: &Actor) -> Result<Vec<TitleItem>> {
    actor.require_verified()?;
    cx.db.read(|c| store::pinned(c, &actor.id))
}

/// `GET /api/v1/chats/all/tags`: every tag of the caller.
pub fn all_tags(cx: &Ctx, actor: &Actor) -> Result<Vec<Value>> {
    actor.require_verified()?;
    cx.db.read(|c| store::tags_of_user(c, &actor.id))
}

/// Migration 0011's step: rewrite the messages stored before it in the
/// spliced form (see `text.rs`).
pub fn convert_stored_messages(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
    store::convert_for_splicing(tx)
}

/// How many message rows a chat has (for tests and benchmarks).
pub fn message_count(cx: &Ctx, id: &str) -> Result<i64> {
    cx.db.read(|c| store::count_messages(c, id))
}

/// No chat of the caller's by that id, in upstream's generic words
/// (`DEFAULT()`).
fn not_yours() -> Error {
    Error::forbidden(msg::DEFAULT)
}

/// The caller's own chat row, or `err`.
fn own_row(cx: &Ctx, actor: &Actor, id: &str, err: fn() -> Error) -> Result<ChatRow> {
    actor.require_verified()?;
    row_of(cx, id)?
        .filter(|r| r.user_id == actor.id)
        .ok_or_else(err)
}

/// Change the caller's own chat row in one write transaction: the row is
/// read inside it, so what another request changed meanwhile (a title, a
/// tag, a message) is not overwritten with a stale copy. `f` changes the
/// row (and may write more in the same transaction); the row is saved.
pub(super) fn edit_own_row<T>(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    err: fn() -> Error,
    f: impl FnOnce(&rusqlite::Connection, &mut ChatRow) -> Result<T>,
) -> Result<(ChatRow, T)> {
    actor.require_verified()?;
    cx.db.write(|tx| {
        let mut r = store::get(tx, id)?
            .filter(|r| r.user_id == actor.id)
            .ok_or_else(err)?;
        let out = f(tx, &mut r)?;
        store::update(tx, &r)?;
        Ok((r, out))
    })
}

/// `GET /{id}/pinned`.
pub fn is_pinned(cx: &Ctx, actor: &Actor, id: &str) -> Result<bool> {
    Ok(own_row(cx, actor, id, not_yours)?.pinned)
}

/// `POST /{id}/pin`: toggle pinned.
pub fn toggle_pin(cx: &Ctx, actor: &Actor, id: &str) -> Result<Chat> {
    let (r, ()) = edit_own_row(cx, actor, id, not_yours, |_, r| {
        let t = now();
        r.pinned = !r.pinned;
        r.updated_at = t;
        r.last_read_at = Some(t);
        Ok(())
    })?;
    to_chat(cx, r, true)
}

/// `POST /{id}/archive`: toggle archived; it also leaves its folder.
pub fn toggle_archive(cx: &Ctx, actor: &Actor, id: &str) -> Result<Chat> {
    let (r, ()) = edit_own_row(cx, actor, id, not_yours, |tx, r| {
        let t = now();
        r.archived = !r.archived;
        r.folder_id = None;
        r.updated_at = t;
        r.last_read_at = Some(t);
        if !r.archived {
            for tag in &tag_ids(&r.meta) {
                store::ensure_tag(tx, &r.user_id, tag, tag)?;
            }
        }
        Ok(())
    })?;
    to_chat(cx, r, true)
}

/// A tag's id: its name with spaces as underscores, lower-cased.
pub fn tag_id(name: &str) -> String {
    name.replace(' ', "_").to_lowercase()
}

fn tag_ids(meta: &Value) -> Vec<String> {
    meta.get("tags")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn tags_of(cx: &Ctx, r: &ChatRow) -> Result<Vec<Value>> {
    let ids = tag_ids(&r.meta);
    Ok(cx
        .db
        .read(|c| store::tags_of_user(c, &r.user_id))?
        .into_iter()
        .filter(|t| t["id"].as_str().is_some_and(|i| ids.iter().any(|x| x == i)))
        .collect())
}

/// `GET /{id}/tags`.
pub fn chat_tags(cx: &Ctx, actor: &Actor, id: &str) -> Result<Vec<Value>> {
    actor.require_verified()?;
    let r = row_of(cx, id)?
        .filter(|r| r.user_id == actor.id || admin_reads_all(cx, actor))
        .ok_or_else(Error::not_found)?;
    tags_of(cx, &r)
}

/// `POST /{id}/tags`: add a tag (created for the owner when new).
pub fn add_tag(cx: &Ctx, actor: &Actor, id: &str, name: &str) -> Result<Vec<Value>> {
    let tid = tag_id(name);
    if tid == "none" {
        own_row(cx, actor, id, not_yours)?;
        return Err(Error::invalid("[ERROR: Tag name cannot be 'None']"));
    }
    let (r, ()) = edit_own_row(cx, actor, id, not_yours, |tx, r| {
        let mut ids = tag_ids(&r.meta);
        if !ids.contains(&tid) {
            ids.push(tid.clone());
        }
        r.meta["tags"] = json!(ids);
        store::ensure_tag(tx, &r.user_id, &tid, name)
    })?;
    tags_of(cx, &r)
}

/// `DELETE /{id}/tags`: remove a tag; the tag goes when no chat uses it.
pub fn remove_tag(cx: &Ctx, actor: &Actor, id: &str, name: &str) -> Result<Vec<Value>> {
    let tid = tag_id(name);
    let (r, ()) = edit_own_row(cx, actor, id, Error::not_found, |tx, r| {
        let ids: Vec<String> = tag_ids(&r.meta).into_iter().filter(|t| *t != tid).collect();
        r.meta["tags"] = json!(ids);
        // the tag goes once no chat uses it: this row first
        store::update(tx, r)?;
        store::delete_orphan_tags(tx, &r.user_id)
    })?;
    tags_of(cx, &r)
}

/// `DELETE /api/v1/chats/`: every chat of the caller.
pub fn delete_all(cx: &Ctx, actor: &Actor) -> Result<()> {
    actor.require_verified()?;
    if !actor.is_admin() && !permissions::has(cx, &actor.id, "chat.delete")? {
        return Err(not_permitted());
    }
    cx.db.write(|tx| {
        store::delete_all_of_user(tx, &actor.id)?;
        store::delete_orphan_tags(tx, &actor.id)
    })
}

/// Add (or replace) one message of the caller's chat and make it the
/// current one: one message row and the small chat row are written, however
/// long the chat is. `message` needs `id`; its author is the caller.
pub fn append_message(cx: &Ctx, actor: &Actor, chat_id: &str, mut message: Value) -> Result<()> {
    actor.require_verified()?;
    let Some(mid) = message
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return Err(Error::invalid("a message needs an id"));
    };
    doc::strip_nul(&mut message);
    if let Value::Object(o) = &mut message {
        o.insert("user_id".into(), json!(actor.id));
        if o.get("role").and_then(Value::as_str) == Some("user") {
            o.insert("user".into(), json!({"id": actor.id, "name": actor.name}));
        }
    }
    let t = now();
    cx.db.write(|tx| {
        let mut r = store::get(tx, chat_id)?
            .filter(|r| r.user_id == actor.id)
            .ok_or_else(prohibited)?;
        store::upsert_message(tx, chat_id, &mid, &message, t)?;
        if !r.chat.get("history").is_some_and(Value::is_object) {
            r.chat["history"] = json!({"messages": {}});
        }
        r.chat["history"]["currentId"] = json!(mid);
        r.current_message_id = Some(mid.clone());
        r.updated_at = t;
        store::update(tx, &r)
    })
}

#[cfg(test)]
mod merge_tests;
#[cfg(test)]
mod splice_tests;
#[cfg(test)]
mod tests;
