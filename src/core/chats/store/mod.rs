//! Every SQL statement of the chats area: `chat` rows and `tag` here,
//! `chat_message` in `messages.rs`, search in `search.rs`, `shared_chat`
//! in `shares.rs`.

mod messages;
mod search;
mod shares;

pub use messages::*;
pub use search::*;
pub use shares::*;

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use super::model::{ChatRow, ListQuery, TitleItem};
use crate::db::{json_col, json_text};
use crate::error::Result;

const COLS: &str = "id, user_id, title, chat, created_at, updated_at, share_id, archived, pinned, \
    meta, variables, folder_id, tasks, summary, current_message_id, last_read_at";

fn row(r: &Row) -> rusqlite::Result<ChatRow> {
    Ok(ChatRow {
        id: r.get(0)?,
        user_id: r.get(1)?,
        title: r.get(2)?,
        chat: json_col(r, 3)?.unwrap_or(Value::Null),
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
        share_id: r.get(6)?,
        archived: r.get(7)?,
        pinned: r.get(8)?,
        meta: json_col(r, 9)?.unwrap_or_else(|| serde_json::json!({})),
        variables: json_col(r, 10)?,
        folder_id: r.get(11)?,
        tasks: json_col(r, 12)?,
        summary: r.get(13)?,
        current_message_id: r.get(14)?,
        last_read_at: r.get(15)?,
    })
}

pub fn insert(c: &Connection, ch: &ChatRow) -> Result<()> {
    c.execute(
        &format!("INSERT INTO chat ({COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"),
        params![
            ch.id, ch.user_id, ch.title, ch.chat.to_string(), ch.created_at, ch.updated_at,
            ch.share_id, ch.archived, ch.pinned, ch.meta.to_string(), json_text(&ch.variables),
            ch.folder_id, json_text(&ch.tasks), ch.summary, ch.current_message_id, ch.last_read_at
        ],
    )?;
    Ok(())
}

/// Write every column of the row but its id, owner and creation time.
pub fn update(c: &Connection, ch: &ChatRow) -> Result<()> {
    c.execute(
        "UPDATE chat SET title = ?2, chat = ?3, updated_at = ?4, share_id = ?5, archived = ?6, \
         pinned = ?7, meta = ?8, variables = ?9, folder_id = ?10, tasks = ?11, summary = ?12, \
         current_message_id = ?13, last_read_at = ?14 WHERE id = ?1",
        params![
            ch.id,
            ch.title,
            ch.chat.to_string(),
            ch.updated_at,
            ch.share_id,
            ch.archived,
            ch.pinned,
            ch.meta.to_string(),
            json_text(&ch.variables),
            ch.folder_id,
            json_text(&ch.tasks),
            ch.summary,
            ch.current_message_id,
            ch.last_read_at
        ],
    )?;
    Ok(())
}

pub fn get(c: &Connection, id: &str) -> Result<Option<ChatRow>> {
    Ok(
        c.query_row(&format!("SELECT {COLS} FROM chat WHERE id = ?1"), [id], row)
            .optional()?,
    )
}

pub fn delete(c: &Connection, id: &str) -> Result<bool> {
    Ok(c.execute("DELETE FROM chat WHERE id = ?1", [id])? > 0)
}

/// The `ORDER BY` of a chat list (`sort_by`, `sort_dir`; newest first).
fn order_by(q: &ListQuery) -> &'static str {
    match (q.sort_by.as_deref(), q.sort_dir.as_deref()) {
        (Some("title"), Some("asc")) => "title ASC, id",
        (Some("title"), _) => "title DESC, id",
        (_, Some("asc")) => "updated_at ASC, id",
        _ => "updated_at DESC, id",
    }
}

/// The sidebar list: a user's chats, newest first.
pub fn list(
    c: &Connection,
    user_id: &str,
    q: &ListQuery,
    page_size: i64,
) -> Result<Vec<TitleItem>> {
    let order = order_by(q);
    let (limit, offset) = match q.page {
        Some(p) => (page_size, crate::core::page_offset(p, page_size)),
        None => (-1, 0),
    };
    let mut st = c.prepare_cached(&format!(
        "SELECT id, title, updated_at, created_at, last_read_at, archived FROM chat
         WHERE user_id = ?1 AND archived = 0 AND (?2 OR pinned = 0) AND (?3 OR folder_id IS NULL)
         ORDER BY {order} LIMIT ?4 OFFSET ?5"
    ))?;
    let items = st
        .query_map(
            params![
                user_id,
                q.include_pinned.unwrap_or(false),
                q.include_folders.unwrap_or(false),
                limit,
                offset
            ],
            title_item,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

fn title_item(r: &Row) -> rusqlite::Result<TitleItem> {
    Ok(TitleItem {
        id: r.get(0)?,
        title: r.get(1)?,
        updated_at: r.get(2)?,
        created_at: r.get(3)?,
        last_read_at: r.get(4)?,
        snippet: None,
        active: false,
        archived: r.get(5)?,
    })
}

pub fn pinned(c: &Connection, user_id: &str) -> Result<Vec<TitleItem>> {
    let mut st = c.prepare_cached(
        "SELECT id, title, updated_at, created_at, last_read_at, archived FROM chat
         WHERE user_id = ?1 AND pinned = 1 AND archived = 0 ORDER BY updated_at DESC",
    )?;
    let items = st
        .query_map([user_id], title_item)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

// ---- tags ----

pub fn tags_of_user(c: &Connection, user_id: &str) -> Result<Vec<Value>> {
    let mut st = c.prepare_cached("SELECT id, name, user_id, meta FROM tag WHERE user_id = ?1")?;
    let v = st
        .query_map([user_id], |r| {
            Ok(serde_json::json!({
                "id": r.get::<_, String>(0)?,
                "name": r.get::<_, Option<String>>(1)?,
                "user_id": r.get::<_, String>(2)?,
                "meta": json_col(r, 3)?,
            }))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Delete the user's tag rows no chat of theirs uses any more.
pub fn delete_orphan_tags(c: &Connection, user_id: &str) -> Result<()> {
    c.execute(
        "DELETE FROM tag WHERE user_id = ?1 AND NOT EXISTS (
           SELECT 1 FROM chat, json_each(chat.meta, '$.tags') t
           WHERE chat.user_id = ?1 AND t.value = tag.id)",
        [user_id],
    )?;
    Ok(())
}

/// Create a tag row if the user has none with this id.
pub fn ensure_tag(c: &Connection, user_id: &str, id: &str, name: &str) -> Result<()> {
    c.execute(
        "INSERT OR IGNORE INTO tag (id, name, user_id, meta) VALUES (?1, ?2, ?3, NULL)",
        params![id, name, user_id],
    )?;
    Ok(())
}

pub fn delete_all_of_user(c: &Connection, user_id: &str) -> Result<()> {
    c.execute("DELETE FROM chat WHERE user_id = ?1", [user_id])?;
    Ok(())
}

pub fn delete_tag(c: &Connection, user_id: &str, id: &str) -> Result<()> {
    c.execute(
        "DELETE FROM tag WHERE user_id = ?1 AND id = ?2",
        params![user_id, id],
    )?;
    Ok(())
}

// ---- folders ----

/// Listed chats: not archived, not internal.
const LISTED: &str = "archived = 0 AND coalesce(json_extract(meta, '$.internal'), 0) != 1";

/// Unread rule of the sidebar (no reply still running).
const UNREAD: &str = "updated_at > coalesce(last_read_at, 0) AND NOT EXISTS (
    SELECT 1 FROM chat_message m WHERE m.chat_id = chat.id AND m.role = 'assistant' AND m.done = 0)";

/// (folder id, unread chats of the user directly in it).
pub fn unread_by_folder(c: &Connection, user_id: &str) -> Result<Vec<(String, i64)>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT folder_id, count(*) FROM chat WHERE user_id = ?1 AND folder_id IS NOT NULL
         AND {LISTED} AND {UNREAD} GROUP BY folder_id"
    ))?;
    let v = st
        .query_map([user_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Mark the user's chats in a folder read; returns how many changed.
pub fn mark_read_in_folder(c: &Connection, user_id: &str, folder_id: &str) -> Result<i64> {
    Ok(c.execute(
        &format!(
            "UPDATE chat SET last_read_at = updated_at WHERE user_id = ?1 AND folder_id = ?2
             AND {LISTED} AND last_read_at IS NOT updated_at"
        ),
        params![user_id, folder_id],
    )? as i64)
}

/// Chats of every user in one folder (not pinned, not archived, not
/// internal) and their total; `viewer`'s unread chats first when sorting
/// by `unread_updated_at`.
pub fn in_folder(
    c: &Connection,
    folder_id: &str,
    viewer: &str,
    sort_by: &str,
    asc: bool,
    limit: i64,
    offset: i64,
) -> Result<(Vec<super::model::FolderChat>, i64)> {
    let dir = if asc { "ASC" } else { "DESC" };
    let order = match sort_by {
        "title" => format!("title {dir}, id"),
        "updated_at" => format!("updated_at {dir}, id"),
        _ => format!(
            "(user_id = ?2 AND updated_at > coalesce(last_read_at, 0)) DESC, updated_at {dir}, id"
        ),
    };
    let filter = format!("folder_id = ?1 AND pinned = 0 AND {LISTED}");
    let total: i64 = c.query_row(
        &format!("SELECT count(*) FROM chat WHERE {filter}"),
        [folder_id],
        |r| r.get(0),
    )?;
    let mut st = c.prepare(&format!(
        "SELECT id, title, user_id, updated_at, created_at, last_read_at,
           EXISTS (SELECT 1 FROM chat_message m WHERE m.chat_id = chat.id
                   AND m.role = 'assistant' AND m.done = 0)
         FROM chat WHERE {filter} AND ?2 IS NOT NULL ORDER BY {order} LIMIT ?3 OFFSET ?4"
    ))?;
    let rows = st
        .query_map(params![folder_id, viewer, limit, offset], |r| {
            Ok(super::model::FolderChat {
                id: r.get(0)?,
                title: r.get(1)?,
                user_id: r.get(2)?,
                updated_at: r.get(3)?,
                created_at: r.get(4)?,
                last_read_at: r.get(5)?,
                active: r.get(6)?,
                authors: vec![],
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut authors = c.prepare_cached(
        "SELECT DISTINCT user_id FROM chat_message
         WHERE chat_id = ?1 AND role = 'user' AND user_id IS NOT NULL",
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for mut ch in rows {
        ch.authors = authors
            .query_map([&ch.id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        out.push(ch);
    }
    Ok((out, total))
}

/// How many chats of the user are in any of the folders.
pub fn count_in_folders(c: &Connection, user_id: &str, folder_ids: &[String]) -> Result<i64> {
    let mut st =
        c.prepare_cached("SELECT count(*) FROM chat WHERE user_id = ?1 AND folder_id = ?2")?;
    let mut n = 0;
    for f in folder_ids {
        n += st.query_row(params![user_id, f], |r| r.get::<_, i64>(0))?;
    }
    Ok(n)
}

pub fn delete_of_user_in_folder(c: &Connection, user_id: &str, folder_id: &str) -> Result<()> {
    c.execute(
        "DELETE FROM chat WHERE user_id = ?1 AND folder_id = ?2",
        params![user_id, folder_id],
    )?;
    Ok(())
}

/// Move every chat out of a folder.
pub fn clear_folder(c: &Connection, folder_id: &str) -> Result<()> {
    c.execute(
        "UPDATE chat SET folder_id = NULL WHERE folder_id = ?1",
        [folder_id],
    )?;
    Ok(())
}

pub fn archived_count(c: &Connection, user_id: &str) -> Result<i64> {
    Ok(c.query_row(
        "SELECT count(*) FROM chat WHERE user_id = ?1 AND archived = 1",
        [user_id],
        |r| r.get(0),
    )?)
}

/// Every chat row of a user, newest first; `archived` filters when given.
pub fn rows_of_user(c: &Connection, user_id: &str, archived: Option<bool>) -> Result<Vec<ChatRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM chat WHERE user_id = ?1 AND (?2 IS NULL OR archived = ?2)
         ORDER BY updated_at DESC, id"
    ))?;
    let v = st
        .query_map(params![user_id, archived], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

pub fn set_all_archived(c: &Connection, user_id: &str, archived: bool) -> Result<()> {
    if archived {
        c.execute(
            "UPDATE chat SET archived = 1, folder_id = NULL WHERE user_id = ?1",
            [user_id],
        )?;
    } else {
        c.execute("UPDATE chat SET archived = 0 WHERE user_id = ?1", [user_id])?;
    }
    Ok(())
}

/// Tag rows for every tag id the user's chats carry.
pub fn ensure_tags_of_user(c: &Connection, user_id: &str) -> Result<()> {
    c.execute(
        "INSERT OR IGNORE INTO tag (id, name, user_id)
         SELECT DISTINCT t.value, t.value, ?1 FROM chat, json_each(chat.meta, '$.tags') t
         WHERE chat.user_id = ?1",
        [user_id],
    )?;
    Ok(())
}

pub fn mark_all_read(c: &Connection, user_id: &str) -> Result<usize> {
    Ok(c.execute(
        "UPDATE chat SET last_read_at = updated_at WHERE user_id = ?1 AND archived = 0",
        [user_id],
    )?)
}

/// The user's chats in any of the folders, not pinned or archived.
pub fn rows_in_folders(
    c: &Connection,
    user_id: &str,
    folder_ids: &[String],
) -> Result<Vec<ChatRow>> {
    let ids = serde_json::to_string(folder_ids).unwrap_or_else(|_| "[]".into());
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM chat WHERE user_id = ?1 AND folder_id IN (SELECT value FROM json_each(?2))
         AND pinned = 0 AND archived = 0 ORDER BY updated_at DESC, id"
    ))?;
    let v = st
        .query_map(params![user_id, ids], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// A page of the user's chats directly in one folder.
pub fn list_in_folder(
    c: &Connection,
    user_id: &str,
    folder_id: &str,
    q: &ListQuery,
    page_size: i64,
) -> Result<Vec<TitleItem>> {
    let order = order_by(q);
    let offset = crate::core::page_offset(q.page.unwrap_or(1), page_size);
    let mut st = c.prepare_cached(&format!(
        "SELECT id, title, updated_at, created_at, last_read_at, archived FROM chat
         WHERE user_id = ?1 AND folder_id = ?2 AND pinned = 0 AND archived = 0
         ORDER BY {order} LIMIT ?3 OFFSET ?4"
    ))?;
    let v = st
        .query_map(params![user_id, folder_id, page_size, offset], title_item)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

pub fn all_rows(c: &Connection) -> Result<Vec<ChatRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM chat ORDER BY updated_at DESC, id"
    ))?;
    let v = st
        .query_map([], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// A page of one user's chats (only archived or only live ones when
/// `archived` says), filtered by title and ordered by a column.
pub fn page_of_user(
    c: &Connection,
    user_id: &str,
    archived: Option<bool>,
    q: &super::ArchivedQuery,
    limit: i64,
    offset: i64,
) -> Result<Vec<TitleItem>> {
    let col = match q.order_by.as_deref() {
        Some("title") => "title",
        Some("created_at") => "created_at",
        _ => "updated_at",
    };
    let dir = if q.direction.as_deref() == Some("asc") {
        "ASC"
    } else {
        "DESC"
    };
    let pattern = q
        .query
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| format!("%{s}%"));
    let mut st = c.prepare_cached(&format!(
        "SELECT id, title, updated_at, created_at, last_read_at, archived FROM chat
         WHERE user_id = ?1 AND (?2 IS NULL OR title LIKE ?2) AND (?5 IS NULL OR archived = ?5)
         ORDER BY {col} {dir}, id LIMIT ?3 OFFSET ?4"
    ))?;
    let v = st
        .query_map(
            params![user_id, pattern, limit, offset, archived],
            title_item,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

pub fn with_tag(
    c: &Connection,
    user_id: &str,
    tag: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<TitleItem>> {
    let mut st = c.prepare_cached(
        "SELECT id, title, updated_at, created_at, last_read_at, archived FROM chat
         WHERE user_id = ?1 AND EXISTS (SELECT 1 FROM json_each(chat.meta, '$.tags') t WHERE t.value = ?2)
         ORDER BY updated_at DESC, id LIMIT ?3 OFFSET ?4",
    )?;
    let v = st
        .query_map(params![user_id, tag, limit, offset], title_item)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

// ---- stats ----

/// A page of a user's chats for the stats endpoints (archived ones too,
/// internal ones not) and how many there are in all: only those updated
/// after `after` when given, ordered by `updated_at` (then `id`). Limit and
/// offset go to SQLite as given (a negative limit means no limit).
pub fn stats_page(
    c: &Connection,
    user_id: &str,
    after: Option<i64>,
    asc: bool,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ChatRow>, i64)> {
    let filter = "user_id = ?1 AND coalesce(json_extract(meta, '$.internal'), 0) != 1
         AND (?2 IS NULL OR updated_at > ?2)";
    let total = c.query_row(
        &format!("SELECT count(*) FROM chat WHERE {filter}"),
        params![user_id, after],
        |r| r.get(0),
    )?;
    let dir = if asc { "ASC" } else { "DESC" };
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM chat WHERE {filter} ORDER BY updated_at {dir}, id LIMIT ?3 OFFSET ?4"
    ))?;
    let v = st
        .query_map(params![user_id, after, limit, offset], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((v, total))
}

/// Set the owner's read marker of a chat to `t`; `Some(was unread)` when
/// the chat is theirs, `None` otherwise.
pub fn set_read_marker(c: &Connection, id: &str, user_id: &str, t: i64) -> Result<Option<bool>> {
    let before: Option<(i64, Option<i64>)> = c
        .query_row(
            "SELECT updated_at, last_read_at FROM chat WHERE id = ?1 AND user_id = ?2",
            params![id, user_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((updated_at, last_read_at)) = before else {
        return Ok(None);
    };
    c.execute(
        "UPDATE chat SET last_read_at = ?2 WHERE id = ?1",
        params![id, t],
    )?;
    Ok(Some(last_read_at.is_none_or(|r| updated_at > r)))
}
