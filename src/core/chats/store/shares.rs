//! Every SQL statement on `shared_chat`.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use crate::core::chats::shares::ShareRow;
use crate::db::json_col;
use crate::error::Result;

fn share_row(r: &Row) -> rusqlite::Result<ShareRow> {
    Ok(ShareRow {
        id: r.get(0)?,
        chat_id: r.get(1)?,
        user_id: r.get(2)?,
        title: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        chat: json_col(r, 4)?.unwrap_or(Value::Null),
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

pub fn share(c: &Connection, id: &str) -> Result<Option<ShareRow>> {
    Ok(c.query_row(
        "SELECT id, chat_id, user_id, title, chat, created_at, updated_at FROM shared_chat WHERE id = ?1",
        [id],
        share_row,
    )
    .optional()?)
}

pub fn insert_share(c: &Connection, s: &ShareRow) -> Result<()> {
    c.execute(
        "INSERT INTO shared_chat (id, chat_id, user_id, title, chat, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            s.id,
            s.chat_id,
            s.user_id,
            s.title,
            s.chat.to_string(),
            s.created_at,
            s.updated_at
        ],
    )?;
    Ok(())
}

pub fn update_share(c: &Connection, s: &ShareRow) -> Result<()> {
    c.execute(
        "UPDATE shared_chat SET title = ?2, chat = ?3, updated_at = ?4 WHERE id = ?1",
        params![s.id, s.title, s.chat.to_string(), s.updated_at],
    )?;
    Ok(())
}

pub fn delete_shares_of_chat(c: &Connection, chat_id: &str) -> Result<()> {
    c.execute("DELETE FROM shared_chat WHERE chat_id = ?1", [chat_id])?;
    Ok(())
}

pub fn clear_share_id(c: &Connection, chat_id: &str) -> Result<()> {
    c.execute("UPDATE chat SET share_id = NULL WHERE id = ?1", [chat_id])?;
    Ok(())
}

/// Shares a user made, newest first; `limit` -1 = all.
pub fn shares_of_user(
    c: &Connection,
    user_id: &str,
    query: Option<&str>,
    offset: i64,
    limit: i64,
) -> Result<Vec<ShareRow>> {
    let pattern = query.filter(|q| !q.is_empty()).map(|q| format!("%{q}%"));
    let mut st = c.prepare_cached(
        "SELECT id, chat_id, user_id, title, chat, created_at, updated_at FROM shared_chat
         WHERE user_id = ?1 AND (?2 IS NULL OR title LIKE ?2)
         ORDER BY updated_at DESC, id LIMIT ?3 OFFSET ?4",
    )?;
    let v = st
        .query_map(params![user_id, pattern, limit, offset], share_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}
