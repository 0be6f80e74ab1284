//! Every SQL statement on `chat_message`: one row per message, its JSON
//! text in `data`.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::core::chats::doc::Messages;
use crate::error::Result;

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

/// One message of a chat.
pub fn message(c: &Connection, chat_id: &str, id: &str) -> Result<Option<Value>> {
    let data: Option<String> = c
        .query_row(
            "SELECT data FROM chat_message WHERE chat_id = ?1 AND id = ?2",
            [chat_id, id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(data.map(|d| serde_json::from_str(&d).unwrap_or(Value::Null)))
}

pub fn count_messages(c: &Connection, chat_id: &str) -> Result<i64> {
    Ok(c.query_row(
        "SELECT count(*) FROM chat_message WHERE chat_id = ?1",
        [chat_id],
        |r| r.get(0),
    )?)
}

pub fn delete_message(c: &Connection, chat_id: &str, id: &str) -> Result<()> {
    c.execute(
        "DELETE FROM chat_message WHERE chat_id = ?1 AND id = ?2",
        params![chat_id, id],
    )?;
    Ok(())
}
