//! Lists of chats: archived, read markers, export and import.

use serde_json::{Value, json};

use super::*;

/// `GET /archived` query.
#[derive(Clone, Debug, Default, serde::Deserialize, schemars::JsonSchema)]
pub struct ArchivedQuery {
    pub page: Option<i64>,
    pub query: Option<String>,
    pub order_by: Option<String>,
    pub direction: Option<String>,
}

/// `GET /api/v1/chats/archived`: a page of the caller's archived chats.
pub fn archived(cx: &Ctx, actor: &Actor, q: &ArchivedQuery) -> Result<Vec<TitleItem>> {
    actor.require_verified()?;
    let page = q.page.unwrap_or(1).max(1);
    let mut items = cx.db.read(|c| {
        store::page_of_user(
            c,
            &actor.id,
            Some(true),
            q,
            PAGE_SIZE,
            crate::core::page_offset(page, PAGE_SIZE),
        )
    })?;
    for it in &mut items {
        it.last_read_at = None;
    }
    Ok(items)
}

/// `GET /api/v1/chats/all/archived`: every archived chat, in full.
pub fn all_archived(cx: &Ctx, actor: &Actor) -> Result<Vec<Chat>> {
    actor.require_verified()?;
    let rows = cx
        .db
        .read(|c| store::rows_of_user(c, &actor.id, Some(true)))?;
    rows.into_iter().map(|r| to_chat(cx, r, true)).collect()
}

pub fn archived_count(cx: &Ctx, actor: &Actor) -> Result<i64> {
    actor.require_verified()?;
    cx.db.read(|c| store::archived_count(c, &actor.id))
}

/// `POST /archive/all` and `/unarchive/all`.
pub fn set_all_archived(cx: &Ctx, actor: &Actor, archived: bool) -> Result<()> {
    actor.require_verified()?;
    cx.db.write(|tx| {
        store::set_all_archived(tx, &actor.id, archived)?;
        if !archived {
            store::ensure_tags_of_user(tx, &actor.id)?;
        }
        Ok(())
    })
}

/// `POST /read`: mark every chat read.
pub fn mark_all_read(cx: &Ctx, actor: &Actor) -> Result<Value> {
    actor.require_verified()?;
    let n = cx.db.write(|tx| store::mark_all_read(tx, &actor.id))?;
    Ok(json!({"updated_count": n, "folder_unread_counts": folder_unread_counts(cx, actor)?}))
}

/// `POST /{id}/unread`.
pub fn mark_unread(cx: &Ctx, actor: &Actor, id: &str) -> Result<Value> {
    let (r, ()) = edit_own_row(cx, actor, id, Error::not_found, |_, r| {
        r.last_read_at = Some(0);
        Ok(())
    })?;
    Ok(json!({
        "chat_id": r.id, "last_read_at": 0, "folder_id": r.folder_id,
        "folder_unread_counts": folder_unread_counts(cx, actor)?,
    }))
}

/// `GET /api/v1/chats/all`: every chat of the caller, newest first (the
/// export the frontend saves as JSON).
pub fn export_all(cx: &Ctx, actor: &Actor) -> Result<Vec<Chat>> {
    actor.require_verified()?;
    let rows = cx.db.read(|c| store::rows_of_user(c, &actor.id, None))?;
    rows.into_iter().map(|r| to_chat(cx, r, true)).collect()
}

/// One chat of `POST /import` (an exported chat works as is).
#[derive(Clone, Debug, serde::Deserialize, schemars::JsonSchema)]
pub struct ImportChat {
    pub chat: serde_json::Map<String, Value>,
    #[serde(default)]
    pub meta: Option<Value>,
    #[serde(default)]
    pub pinned: Option<bool>,
    #[serde(default)]
    pub archived: Option<bool>,
    #[serde(default)]
    pub folder_id: Option<String>,
    #[serde(default)]
    pub variables: Option<Value>,
    #[serde(default)]
    pub created_at: Option<i64>,
    #[serde(default)]
    pub updated_at: Option<i64>,
}

/// `POST /api/v1/chats/import`: new chats (new ids) from exported ones, in
/// one transaction. Messages keep their authors; the caller writes the rest.
pub fn import(cx: &Ctx, actor: &Actor, chats: Vec<ImportChat>) -> Result<Vec<Chat>> {
    actor.require_verified()?;
    if !actor.is_admin() && !permissions::has(cx, &actor.id, "chat.import")? {
        return Err(not_permitted());
    }
    let t = now();
    let mut rows = Vec::new();
    let mut all_msgs = Vec::new();
    for ic in chats {
        let mut d = Value::Object(ic.chat);
        doc::strip_nul(&mut d);
        doc::stamp_missing_authors(&mut d, &actor.id, &actor.name);
        d.as_object_mut().map(|m| m.shift_remove("share_mode"));
        let title = doc::title_of(&d);
        let msgs = doc::split(&mut d);
        let meta = ic
            .meta
            .filter(Value::is_object)
            .unwrap_or_else(|| json!({}));
        rows.push(ChatRow {
            id: new_id(),
            user_id: actor.id.clone(),
            title,
            current_message_id: doc::current_message_id(&d, &msgs),
            chat: d,
            created_at: ic.created_at.filter(|x| *x > 0).unwrap_or(t),
            updated_at: ic.updated_at.filter(|x| *x > 0).unwrap_or(t),
            share_id: None,
            archived: ic.archived.unwrap_or(false),
            pinned: ic.pinned.unwrap_or(false),
            meta,
            variables: ic.variables.filter(Value::is_object),
            folder_id: None,
            tasks: None,
            summary: None,
            last_read_at: Some(t),
        });
        all_msgs.push(msgs);
    }
    cx.db.write(|tx| {
        for (r, msgs) in rows.iter().zip(&all_msgs) {
            store::insert(tx, r)?;
            for (id, m) in msgs {
                if m.get("role").is_some() {
                    store::upsert_message(tx, &r.id, id, m, t)?;
                }
            }
            for tag in tag_ids(&r.meta) {
                store::ensure_tag(tx, &r.user_id, &tag, &tag)?;
            }
        }
        Ok(())
    })?;
    rows.into_iter().map(|r| to_chat(cx, r, true)).collect()
}

/// `GET /all/db` (admin): every user's chats, in full.
pub fn all_db(cx: &Ctx, actor: &Actor) -> Result<Vec<Chat>> {
    actor.require_admin()?;
    if !cx.cfg.bool("ENABLE_ADMIN_EXPORT") {
        return Err(Error::Disabled(msg::ACCESS_PROHIBITED.into()));
    }
    let rows = cx.db.read(store::all_rows)?;
    rows.into_iter().map(|r| to_chat(cx, r, false)).collect()
}

/// `GET /list/user/{user_id}` (admin): a page of one user's chats,
/// archived included.
pub fn list_of_user(
    cx: &Ctx,
    actor: &Actor,
    user_id: &str,
    q: &ArchivedQuery,
) -> Result<Vec<TitleItem>> {
    actor.require_admin()?;
    if !cx.cfg.bool("ENABLE_ADMIN_CHAT_ACCESS") {
        return Err(Error::Disabled(msg::ACCESS_PROHIBITED.into()));
    }
    let page = q.page.unwrap_or(1).max(1);
    cx.db.read(|c| {
        store::page_of_user(
            c,
            user_id,
            None,
            q,
            PAGE_SIZE,
            crate::core::page_offset(page, PAGE_SIZE),
        )
    })
}

/// `POST /tags`: the caller's chats carrying a tag; an unused tag goes.
pub fn with_tag(
    cx: &Ctx,
    actor: &Actor,
    name: &str,
    skip: i64,
    limit: i64,
) -> Result<Vec<TitleItem>> {
    actor.require_verified()?;
    let tid = tag_id(name);
    let items = cx
        .db
        .read(|c| store::with_tag(c, &actor.id, &tid, limit.max(0), skip.max(0)))?;
    if items.is_empty() && skip == 0 {
        cx.db.write(|tx| store::delete_tag(tx, &actor.id, &tid))?;
    }
    Ok(items)
}

/// `PATCH /{id}/params`: shallow-merge into `chat.params`.
pub fn patch_params(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    patch: serde_json::Map<String, Value>,
) -> Result<Value> {
    let (_, params) = edit_own_row(cx, actor, id, prohibited, |_, r| {
        let mut params = match r.chat.get("params") {
            Some(Value::Object(m)) => m.clone(),
            _ => serde_json::Map::new(),
        };
        params.extend(patch);
        r.chat["params"] = Value::Object(params.clone());
        Ok(params)
    })?;
    Ok(Value::Object(params))
}

/// `POST /{id}/clone`: a copy of the caller's chat, branching from its
/// current message.
pub fn clone(cx: &Ctx, actor: &Actor, id: &str, title: Option<String>) -> Result<Chat> {
    let src = own_row(cx, actor, id, not_yours)?;
    if !actor.is_admin() && !permissions::has(cx, &actor.id, "chat.import")? {
        return Err(not_permitted());
    }
    let msgs = cx.db.read(|c| store::messages(c, id))?;
    let mut d = src.chat.clone();
    let current = d
        .pointer("/history/currentId")
        .cloned()
        .unwrap_or(Value::Null);
    let title = title
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| format!("Clone of {}", src.title));
    d["title"] = json!(title);
    d["originalChatId"] = json!(id);
    d["branchPointMessageId"] = current;
    let t = now();
    let row = ChatRow {
        id: new_id(),
        title,
        current_message_id: doc::current_message_id(&d, &msgs),
        chat: d,
        created_at: t,
        updated_at: t,
        share_id: None,
        last_read_at: Some(t),
        ..src
    };
    cx.db.write(|tx| {
        store::insert(tx, &row)?;
        for (mid, m) in &msgs {
            store::upsert_message(tx, &row.id, mid, m, t)?;
        }
        Ok(())
    })?;
    to_chat(cx, row, true)
}
