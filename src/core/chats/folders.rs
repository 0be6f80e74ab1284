//! Chats and folders: which folder a chat is in, the chats of a folder,
//! unread counts, and what the folders area needs from chats.

use serde_json::{Value, json};

use super::*;

/// Unread chats per folder of the caller, rolled up to ancestors.
pub fn folder_unread_counts(cx: &Ctx, actor: &Actor) -> Result<Value> {
    Ok(json!(crate::core::folders::unread_of_user(cx, &actor.id)?))
}

/// Ids of the caller's folders whose names match (case-insensitively,
/// `_` and spaces alike) any of `names`, with all their descendants.
pub fn folder_ids_by_names(cx: &Ctx, actor: &Actor, names: &[String]) -> Result<Vec<String>> {
    actor.require_verified()?;
    let norm = |s: &str| {
        s.to_lowercase()
            .split([' ', '_'])
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let wanted: Vec<String> = names.iter().map(|n| norm(n)).collect();
    // with folders switched off or forbidden, no folder matches
    let mine = crate::core::folders::list(cx, actor).unwrap_or_default();
    let mut ids = Vec::new();
    for f in mine.iter().filter(|f| wanted.contains(&norm(&f.name))) {
        for id in crate::core::folders::subtree(cx, &f.id)? {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

/// `POST /{id}/folder`: move the caller's chat into a folder they may
/// write to (or out of any folder with `None`).
pub fn move_to_folder(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    folder_id: Option<String>,
) -> Result<Chat> {
    own_row(cx, actor, id, not_yours)?;
    if let Some(f) = &folder_id
        && !crate::core::folders::can_write(cx, actor, f)?
    {
        return Err(Error::not_found());
    }
    let (r, ()) = edit_own_row(cx, actor, id, not_yours, |_, r| {
        let t = now();
        r.archived = r.archived && folder_id.is_none();
        r.folder_id = folder_id;
        r.pinned = false;
        r.updated_at = t;
        r.last_read_at = Some(t);
        Ok(())
    })?;
    access_changed(cx, Some(id));
    to_chat(cx, r, true)
}

/// `GET /folder/{folder_id}`: the caller's chats in a folder and its
/// descendants, in full.
pub fn folder_chats(cx: &Ctx, actor: &Actor, folder_id: &str) -> Result<Vec<Chat>> {
    actor.require_verified()?;
    let ids = crate::core::folders::subtree(cx, folder_id)?;
    let rows = cx.db.read(|c| store::rows_in_folders(c, &actor.id, &ids))?;
    rows.into_iter().map(|r| to_chat(cx, r, true)).collect()
}

/// `GET /folder/{folder_id}/list`: a page (10) of the caller's chats
/// directly in a folder.
pub fn folder_chat_list(
    cx: &Ctx,
    actor: &Actor,
    folder_id: &str,
    page: i64,
    sort_by: Option<&str>,
    sort_dir: Option<&str>,
) -> Result<Vec<TitleItem>> {
    actor.require_verified()?;
    let q = ListQuery {
        page: Some(page.max(1)),
        sort_by: sort_by.map(str::to_string),
        sort_dir: sort_dir.map(str::to_string),
        ..Default::default()
    };
    cx.db
        .read(|c| store::list_in_folder(c, &actor.id, folder_id, &q, 10))
}

// ---- folders ----

/// (folder id, the user's unread chats directly in it).
pub fn unread_by_folder(cx: &Ctx, user_id: &str) -> Result<Vec<(String, i64)>> {
    cx.db.read(|c| store::unread_by_folder(c, user_id))
}

/// Mark the user's chats in these folders read; returns how many changed.
pub fn mark_read_in_folders(cx: &Ctx, user_id: &str, folder_ids: &[String]) -> Result<i64> {
    cx.db.write(|tx| {
        let mut n = 0;
        for f in folder_ids {
            n += store::mark_read_in_folder(tx, user_id, f)?;
        }
        Ok(n)
    })
}

/// Chats of every user in one folder and their total (the caller checks
/// access to the folder).
pub fn in_folder(
    cx: &Ctx,
    folder_id: &str,
    viewer: &str,
    sort_by: &str,
    asc: bool,
    limit: i64,
    offset: i64,
) -> Result<(Vec<FolderChat>, i64)> {
    cx.db
        .read(|c| store::in_folder(c, folder_id, viewer, sort_by, asc, limit, offset))
}

/// How many chats of the user are in any of the folders.
pub fn count_in_folders(cx: &Ctx, user_id: &str, folder_ids: &[String]) -> Result<i64> {
    cx.db
        .read(|c| store::count_in_folders(c, user_id, folder_ids))
}

/// A folder is going: with `delete_owned`, the owner's chats in it are
/// deleted; every other chat in it moves to no folder. Inside the
/// caller's transaction.
pub(crate) fn empty_folder_tx(
    tx: &rusqlite::Connection,
    owner_id: &str,
    folder_id: &str,
    delete_owned: bool,
) -> Result<()> {
    if delete_owned {
        store::delete_of_user_in_folder(tx, owner_id, folder_id)?;
        store::delete_orphan_tags(tx, owner_id)?;
    }
    store::clear_folder(tx, folder_id)
}
