//! Every SQL statement on `chat_message`: one row per message, its JSON
//! text in `data` (see `text.rs` for how it is written) and the facts the
//! read path needs in columns.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use crate::core::chats::doc::Messages;
use crate::core::chats::text::{StoredMessage, encode};
use crate::error::Result;

/// A chat's messages in their order, parsed.
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

const STORED: &str = "id, parent_id, role, has_role, user_id, author_name, has_meta, done, \
    created_at, children_at, data";

fn stored(r: &Row) -> rusqlite::Result<StoredMessage> {
    Ok(StoredMessage {
        id: r.get(0)?,
        parent_id: r.get(1)?,
        role: r.get(2)?,
        has_role: r.get(3)?,
        user_id: r.get(4)?,
        author_name: r.get(5)?,
        has_meta: r.get(6)?,
        done: r.get(7)?,
        timestamp: r.get(8)?,
        children_at: r.get::<_, Option<i64>>(9)?.map(|n| n as usize),
        text: r.get(10)?,
    })
}

/// Every reply still marked as being written (`done: false`), as
/// (chat id, message): answers a stopped process left behind, read through
/// the partial index of migration 0013.
pub fn undone_replies(c: &Connection) -> Result<Vec<(String, Value)>> {
    let mut st = c.prepare_cached(
        "SELECT chat_id, data FROM chat_message WHERE role = 'assistant' AND done = 0",
    )?;
    let rows = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(chat, d)| Some((chat, serde_json::from_str(&d).ok()?)))
        .collect())
}

/// A chat's messages in their order, as stored (nothing parsed).
pub fn stored_messages(c: &Connection, chat_id: &str) -> Result<Vec<StoredMessage>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {STORED} FROM chat_message WHERE chat_id = ?1 ORDER BY seq"
    ))?;
    let v = st
        .query_map([chat_id], stored)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// A chat's message version and the version of its last deletion (see
/// migration 0012); `None` when the chat is gone.
pub fn versions(c: &Connection, chat_id: &str) -> Result<Option<(i64, i64)>> {
    let mut st = c.prepare_cached("SELECT msg_version, msg_cut FROM chat WHERE id = ?1")?;
    Ok(st
        .query_row([chat_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn stored_with_seq(r: &Row) -> rusqlite::Result<(i64, StoredMessage)> {
    Ok((r.get(11)?, stored(r)?))
}

/// A chat's messages in their order with their `seq`, as stored.
pub fn stored_in_order(c: &Connection, chat_id: &str) -> Result<Vec<(i64, StoredMessage)>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {STORED}, seq FROM chat_message WHERE chat_id = ?1 ORDER BY seq"
    ))?;
    let v = st
        .query_map([chat_id], stored_with_seq)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// The messages of a chat written after version `ver`, in their order.
pub fn stored_since(c: &Connection, chat_id: &str, ver: i64) -> Result<Vec<(i64, StoredMessage)>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {STORED}, seq FROM chat_message WHERE chat_id = ?1 AND ver > ?2 ORDER BY seq"
    ))?;
    let v = st
        .query_map(params![chat_id, ver], stored_with_seq)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// The stored messages of a chat among `ids`.
pub fn stored_among(c: &Connection, chat_id: &str, ids: &[&str]) -> Result<Vec<StoredMessage>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let mut st = c.prepare_cached(&format!(
        "SELECT {STORED} FROM chat_message
         WHERE chat_id = ?1 AND id IN (SELECT value FROM json_each(?2))"
    ))?;
    let v = st
        .query_map(params![chat_id, ids], stored)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Whether the chat has a message with this id.
pub fn has_message(c: &Connection, chat_id: &str, id: &str) -> Result<bool> {
    let mut st = c.prepare_cached("SELECT 1 FROM chat_message WHERE chat_id = ?1 AND id = ?2")?;
    Ok(st.exists([chat_id, id])?)
}

/// The id of the chat's last message.
pub fn last_message_id(c: &Connection, chat_id: &str) -> Result<Option<String>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM chat_message WHERE chat_id = ?1 ORDER BY seq DESC LIMIT 1",
    )?;
    Ok(st.query_row([chat_id], |r| r.get(0)).optional()?)
}

/// Insert or replace one message; a new message goes after the others.
pub fn upsert_message(c: &Connection, chat_id: &str, id: &str, m: &Value, t: i64) -> Result<()> {
    let s = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
    let created = m.get("timestamp").and_then(Value::as_i64);
    let done = m.get("done").and_then(Value::as_bool);
    let e = encode(m);
    let mut st = c.prepare_cached(
        "INSERT INTO chat_message (chat_id, id, seq, parent_id, role, user_id, model_id, done,
           created_at, updated_at, data, children_at, has_role, has_meta, author_name)
         VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM chat_message WHERE chat_id = ?1),
                 ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (chat_id, id) DO UPDATE SET parent_id = excluded.parent_id, role = excluded.role,
           user_id = excluded.user_id, model_id = excluded.model_id, done = excluded.done,
           created_at = excluded.created_at, updated_at = excluded.updated_at, data = excluded.data,
           children_at = excluded.children_at, has_role = excluded.has_role,
           has_meta = excluded.has_meta, author_name = excluded.author_name",
    )?;
    st.execute(params![
        chat_id,
        id,
        s("parentId"),
        s("role"),
        s("user_id"),
        s("model"),
        done,
        created,
        t,
        e.text,
        e.children_at.map(|n| n as i64),
        e.has_role,
        e.has_meta,
        e.author_name
    ])?;
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

/// Migration 0011: rewrite the messages stored before it in the spliced
/// form (`childrenIds` as `[]`, the new columns filled). A text that does
/// not parse becomes `null`, as it always read.
pub fn convert_for_splicing(tx: &Connection) -> rusqlite::Result<()> {
    let rows: Vec<(i64, String)> = {
        let mut st = tx.prepare("SELECT rowid, data FROM chat_message")?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut facts = tx.prepare(
        "UPDATE chat_message SET children_at = ?2, has_role = ?3, has_meta = ?4, author_name = ?5
         WHERE rowid = ?1",
    )?;
    let mut text = tx.prepare("UPDATE chat_message SET data = ?2 WHERE rowid = ?1")?;
    for (rowid, data) in rows {
        let m: Value = serde_json::from_str(&data).unwrap_or(Value::Null);
        let e = encode(&m);
        if e.text != data {
            text.execute(params![rowid, e.text])?;
        }
        facts.execute(params![
            rowid,
            e.children_at.map(|n| n as i64),
            e.has_role,
            e.has_meta,
            e.author_name
        ])?;
    }
    Ok(())
}
