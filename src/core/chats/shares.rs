//! Share links: a snapshot of a chat others can open at `/s/<token>`,
//! readable by the audience of its access grants (`shared_chat`, keyed by
//! the chat id); with `share_mode` "continue" grantees reach the live chat.

use serde::Serialize;
use serde_json::{Value, json};

use super::*;
use crate::core::access::{self, GrantSpec};

/// `SharedChatResponse`: one share the caller made.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SharedItem {
    pub id: String,
    pub chat_id: String,
    pub title: String,
    pub share_id: String,
    pub updated_at: i64,
    pub created_at: i64,
}

/// A stored share.
#[derive(Clone, Debug)]
pub struct ShareRow {
    pub id: String,
    pub chat_id: String,
    pub user_id: String,
    pub title: String,
    pub chat: Value,
    pub created_at: i64,
    pub updated_at: i64,
}

fn share_mode_of(snapshot: &Value) -> Option<String> {
    snapshot
        .get("share_mode")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Whether `actor` may read (or, with `write`, change) a chat they do not
/// own: admins read everything when admin chat access is on; a
/// "continue" share grants its readers the live chat; a chat in a folder
/// shared with them is readable, and writable when the folder's
/// `share_mode` is "continue".
pub(super) fn reaches(cx: &Ctx, actor: &Actor, r: &ChatRow, write: bool) -> Result<bool> {
    if !actor.is_verified() {
        return Ok(false);
    }
    if r.user_id == actor.id || (!write && admin_reads_all(cx, actor)) {
        return Ok(true);
    }
    if let Some(sid) = &r.share_id
        && let Some(s) = cx.db.read(|c| store::share(c, sid))?
        && share_mode_of(&s.chat).as_deref() == Some("continue")
        && access::has_access(cx, &actor.id, "shared_chat", &r.id, "read")?
    {
        return Ok(true);
    }
    if let Some(fid) = &r.folder_id
        && crate::core::folders::can_read(cx, actor, fid).unwrap_or(false)
    {
        if !write {
            return Ok(true);
        }
        let folder = crate::core::folders::find(cx, fid)?;
        return Ok(folder.is_some_and(|f| f.share_mode() == Some("continue")));
    }
    Ok(false)
}

fn require_share_permission(cx: &Ctx, actor: &Actor) -> Result<()> {
    if actor.is_admin() || permissions::has(cx, &actor.id, "chat.share")? {
        Ok(())
    } else {
        Err(not_permitted())
    }
}

/// The chat document as a snapshot (assembled), with `share_mode`.
fn snapshot(cx: &Ctx, r: &ChatRow, mode: Option<String>) -> Result<Value> {
    let mut c = to_chat(cx, r.clone(), true)?.chat.into_value();
    c["share_mode"] = json!(mode);
    Ok(c)
}

/// `POST /{id}/share`: create the share link, or refresh its snapshot.
/// The row, its share and the snapshot are read inside the write
/// transaction ([`edit_own_row`]): a change saved meanwhile (a pin, a
/// title, a tag) is not overwritten with a stale copy, and two shares at
/// once make one link.
pub fn share(cx: &Ctx, actor: &Actor, id: &str, mode: Option<Option<String>>) -> Result<Chat> {
    require_share_permission(cx, actor)?;
    let (r, ()) = edit_own_row(cx, actor, id, prohibited, |tx, r| {
        let t = now();
        let existing = match &r.share_id {
            Some(sid) => store::share(tx, sid)?,
            None => None,
        };
        // the snapshot's messages are read on another connection: the
        // writer is held, so it sees what this transaction sees
        match existing {
            Some(mut s) => {
                let keep = share_mode_of(&s.chat);
                s.chat = snapshot(cx, r, mode.unwrap_or(keep))?;
                s.title = r.title.clone();
                s.updated_at = t;
                store::update_share(tx, &s)
            }
            None => {
                let s = ShareRow {
                    id: new_id(),
                    chat_id: r.id.clone(),
                    user_id: actor.id.clone(),
                    title: r.title.clone(),
                    chat: snapshot(cx, r, mode.flatten())?,
                    created_at: t,
                    updated_at: t,
                };
                r.share_id = Some(s.id.clone());
                store::insert_share(tx, &s)
            }
        }
    })?;
    share_changed(cx, id);
    to_chat(cx, r, true)
}

/// `DELETE /{id}/share`.
pub fn unshare(cx: &Ctx, actor: &Actor, id: &str) -> Result<()> {
    edit_own_row(cx, actor, id, prohibited, |tx, r| {
        r.share_id = None;
        store::delete_shares_of_chat(tx, id)?;
        access::delete_for_resource_tx(tx, "shared_chat", id)
    })?;
    share_changed(cx, id);
    Ok(())
}

/// `DELETE /share/all`: every share the caller made.
pub fn unshare_all(cx: &Ctx, actor: &Actor) -> Result<()> {
    actor.require_verified()?;
    let mine = cx
        .db
        .read(|c| store::shares_of_user(c, &actor.id, None, 0, -1))?;
    cx.db.write(|tx| {
        for s in &mine {
            store::delete_shares_of_chat(tx, &s.chat_id)?;
            access::delete_for_resource_tx(tx, "shared_chat", &s.chat_id)?;
            store::clear_share_id(tx, &s.chat_id)?;
        }
        Ok(())
    })?;
    access_changed(cx, None);
    Ok(())
}

/// `GET /shared`: the caller's shares.
pub fn shared_list(
    cx: &Ctx,
    actor: &Actor,
    query: Option<&str>,
    page: i64,
) -> Result<Vec<SharedItem>> {
    actor.require_verified()?;
    let page = page.max(1);
    let rows = cx.db.read(|c| {
        store::shares_of_user(
            c,
            &actor.id,
            query,
            crate::core::page_offset(page, PAGE_SIZE),
            PAGE_SIZE,
        )
    })?;
    Ok(rows
        .into_iter()
        .map(|s| SharedItem {
            id: s.chat_id.clone(),
            chat_id: s.chat_id,
            title: s.title,
            share_id: s.id,
            updated_at: s.updated_at,
            created_at: s.created_at,
        })
        .collect())
}

/// `GET /share/{share_id}`: what a share link shows to this caller
/// (`None` = signed out).
pub fn open_share(cx: &Ctx, actor: Option<&Actor>, share_id: &str) -> Result<Chat> {
    let Some(s) = cx.db.read(|c| store::share(c, share_id))? else {
        // an admin may open a chat by its id
        if let Some(a) = actor
            && admin_reads_all(cx, a)
        {
            return get(cx, a, share_id);
        }
        return Err(Error::not_found());
    };
    let anyone = access::grants_of(cx, "shared_chat", &s.chat_id)?
        .iter()
        .any(|g| g.principal_type == "anyone" && g.permission == "read");
    let readable = anyone
        || match actor {
            Some(a) => {
                a.is_verified()
                    && (admin_reads_all(cx, a)
                        || s.user_id == a.id
                        || access::has_access(cx, &a.id, "shared_chat", &s.chat_id, "read")?)
            }
            None => false,
        };
    if !readable {
        return Err(match actor {
            Some(_) => prohibited(),
            None => Error::unauthenticated(msg::INVALID_TOKEN),
        });
    }
    if share_mode_of(&s.chat).as_deref() == Some("continue")
        && let Some(a) = actor
        && let Some(live) = row_of(cx, &s.chat_id)?
        && reaches(cx, a, &live, true)?
    {
        let mut c = to_chat(cx, live, false)?;
        viewer_view(cx, &mut c, Some(&a.id))?;
        c.chat.set("share_mode", json!("continue"));
        return Ok(c);
    }
    let mut snapshot = Chat {
        id: s.id.clone(),
        user_id: s.user_id,
        title: s.title,
        chat: ChatDoc::from(s.chat),
        updated_at: s.updated_at,
        created_at: s.created_at,
        share_id: Some(s.id),
        archived: false,
        pinned: false,
        meta: json!({}),
        variables: json!({}),
        folder_id: None,
        tasks: None,
        summary: None,
        current_message_id: None,
        context_usage: None,
    };
    viewer_view(cx, &mut snapshot, actor.map(|a| a.id.as_str()))?;
    snapshot.chat.set("share_mode", Value::Null);
    Ok(snapshot)
}

fn share_owner_row(cx: &Ctx, actor: &Actor, id: &str) -> Result<ChatRow> {
    actor.require_verified()?;
    row_of(cx, id)?
        .filter(|r| r.user_id == actor.id || admin_reads_all(cx, actor))
        .ok_or_else(Error::not_found)
}

/// `GET /shared/{chat_id}/access`: the grants of a chat's share.
pub fn share_access(cx: &Ctx, actor: &Actor, id: &str) -> Result<Vec<Value>> {
    share_owner_row(cx, actor, id)?;
    Ok(access::grants_of(cx, "shared_chat", id)?
        .into_iter()
        .map(|g| json!({"id": g.id, "principal_type": g.principal_type, "principal_id": g.principal_id, "permission": g.permission}))
        .collect())
}

/// `POST /shared/{chat_id}/access/update`: replace the grants (refused
/// whole when the caller may not share with that audience), and set the
/// share mode when given.
pub fn update_share_access(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    grants: Vec<GrantSpec>,
    mode: Option<Option<String>>,
) -> Result<Chat> {
    let r = share_owner_row(cx, actor, id)?;
    access::update_grants(cx, actor, "shared_chat", id, grants)?;
    if let (Some(mode), Some(sid)) = (mode, &r.share_id)
        && let Some(mut s) = cx.db.read(|c| store::share(c, sid))?
    {
        let was = share_mode_of(&s.chat);
        if was.as_deref() == Some("continue") && mode.is_none() {
            s.chat = snapshot(cx, &r, None)?;
            s.title = r.title.clone();
        } else {
            s.chat["share_mode"] = json!(mode);
        }
        s.updated_at = now();
        cx.db.write(|tx| store::update_share(tx, &s))?;
    }
    share_changed(cx, id);
    to_chat(cx, r, true)
}

/// `POST /{share_id}/clone/shared`: the caller's own copy of a shared chat.
pub fn clone_shared(cx: &Ctx, actor: &Actor, share_id: &str) -> Result<Chat> {
    actor.require_verified()?;
    if !actor.is_admin() && !permissions::has(cx, &actor.id, "chat.import")? {
        return Err(not_permitted());
    }
    // a share the caller may not open is refused in upstream's one word
    let seen = open_share(cx, Some(actor), share_id).map_err(|e| match e {
        Error::Forbidden(_) | Error::Unauthenticated(_) => prohibited(),
        other => other,
    })?;
    let sharer = seen.user_id.clone();
    let source_id = if seen.chat["share_mode"] == json!("continue") {
        seen.id.clone()
    } else {
        row_of(cx, share_id)?
            .map(|r| r.id)
            .unwrap_or_else(|| seen.id.clone())
    };
    let mut d = seen.chat.into_value();
    if let Value::Object(o) = &mut d {
        o.shift_remove("share_mode");
    }
    // the sharer's messages become the caller's
    let reattribute = |m: &mut Value| {
        if m.get("user_id").and_then(Value::as_str) == Some(sharer.as_str()) {
            m["user_id"] = json!(actor.id);
            if m.get("role").and_then(Value::as_str) == Some("user") {
                m["user"] = json!({"id": actor.id, "name": actor.name});
            }
        }
    };
    if let Some(Value::Object(msgs)) = d.pointer_mut("/history/messages") {
        msgs.values_mut().for_each(reattribute);
    }
    let current = d
        .pointer("/history/currentId")
        .cloned()
        .unwrap_or(Value::Null);
    let title = format!("Clone of {}", seen.title);
    d["title"] = json!(title);
    d["originalChatId"] = json!(source_id);
    d["branchPointMessageId"] = current;
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
        pinned: seen.pinned,
        meta: json!({}),
        variables: Some(json!({})),
        folder_id: None,
        tasks: None,
        summary: None,
        last_read_at: Some(t),
    };
    cx.db.write(|tx| {
        store::insert(tx, &row)?;
        for (mid, m) in &msgs {
            if m.get("role").is_some() {
                store::upsert_message(tx, &row.id, mid, m, t)?;
            }
        }
        Ok(())
    })?;
    to_chat(cx, row, true)
}
