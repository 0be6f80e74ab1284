//! Every SQL statement on `chat`, `chat_message` and `tag`.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use super::doc::Messages;
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

/// The sidebar list: a user's chats, newest first.
pub fn list(
    c: &Connection,
    user_id: &str,
    q: &ListQuery,
    page_size: i64,
) -> Result<Vec<TitleItem>> {
    let order = match (q.sort_by.as_deref(), q.sort_dir.as_deref()) {
        (Some("title"), Some("asc")) => "title ASC, id",
        (Some("title"), _) => "title DESC, id",
        (_, Some("asc")) => "updated_at ASC, id",
        _ => "updated_at DESC, id",
    };
    let (limit, offset) = match q.page {
        Some(p) => (page_size, (p.max(1) - 1) * page_size),
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

/// A chat's messages in their order.
pub fn messages(c: &Connection, chat_id: &str) -> Result<Messages> {
    let mut st =
        c.prepare_cached("SELECT id, data FROM chat_message WHERE chat_id = ?1 ORDER BY seq")?;
    let rows = st
        .query_map([chat_id], |r| {
            let id: String = r.get(0)?;
            let data: String = r.get(1)?;
            Ok((id, data))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|(id, d)| (id, serde_json::from_str(&d).unwrap_or(Value::Null)))
        .collect())
}

/// Insert or replace one message; a new message goes after the others.
pub fn upsert_message(c: &Connection, chat_id: &str, id: &str, m: &Value, t: i64) -> Result<()> {
    let s = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
    let created = m.get("timestamp").and_then(Value::as_i64);
    let done = m.get("done").and_then(Value::as_bool);
    c.execute(
        "INSERT INTO chat_message (chat_id, id, seq, parent_id, role, user_id, model_id, done, created_at, updated_at, data)
         VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM chat_message WHERE chat_id = ?1),
                 ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (chat_id, id) DO UPDATE SET parent_id = excluded.parent_id, role = excluded.role,
           user_id = excluded.user_id, model_id = excluded.model_id, done = excluded.done,
           created_at = excluded.created_at, updated_at = excluded.updated_at, data = excluded.data",
        params![chat_id, id, s("parentId"), s("role"), s("user_id"), s("model"), done, created, t, m.to_string()],
    )?;
    Ok(())
}

pub fn count_messages(c: &Connection, chat_id: &str) -> Result<i64> {
    Ok(c.query_row(
        "SELECT count(*) FROM chat_message WHERE chat_id = ?1",
        [chat_id],
        |r| r.get(0),
    )?)
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
