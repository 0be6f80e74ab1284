//! Every SQL statement on `memory`.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use super::{Memory, MemoryType};
use crate::error::Result;

const COLS: &str = "id, user_id, type, path, content, meta, updated_at, created_at";

fn row(r: &Row) -> rusqlite::Result<Memory> {
    let meta: Option<String> = r.get(5)?;
    Ok(Memory {
        id: r.get(0)?,
        user_id: r.get(1)?,
        kind: MemoryType::parse(&r.get::<_, String>(2)?),
        path: r.get(3)?,
        content: r.get(4)?,
        meta: meta
            .and_then(|m| serde_json::from_str::<Value>(&m).ok())
            .filter(|v| !v.is_null()),
        updated_at: r.get(6)?,
        created_at: r.get(7)?,
    })
}

/// A user's memories, oldest first.
pub fn list(c: &Connection, user_id: &str) -> Result<Vec<Memory>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM memory WHERE user_id = ?1 ORDER BY created_at, rowid"
    ))?;
    let rows = st.query_map(params![user_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One of a user's memories.
pub fn get(c: &Connection, user_id: &str, id: &str) -> Result<Option<Memory>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM memory WHERE id = ?1 AND user_id = ?2"
    ))?;
    Ok(st.query_row(params![id, user_id], row).optional()?)
}

pub fn insert(c: &Connection, m: &Memory) -> Result<()> {
    c.execute(
        &format!("INSERT INTO memory ({COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
        params![
            m.id,
            m.user_id,
            m.kind.as_str(),
            m.path,
            m.content,
            m.meta.as_ref().map(Value::to_string),
            m.updated_at,
            m.created_at
        ],
    )?;
    Ok(())
}

/// Write back a memory's content, type, path, meta and time.
pub fn update(c: &Connection, m: &Memory) -> Result<()> {
    c.execute(
        "UPDATE memory SET type = ?3, path = ?4, content = ?5, meta = ?6, updated_at = ?7 \
         WHERE id = ?1 AND user_id = ?2",
        params![
            m.id,
            m.user_id,
            m.kind.as_str(),
            m.path,
            m.content,
            m.meta.as_ref().map(Value::to_string),
            m.updated_at
        ],
    )?;
    Ok(())
}

/// Delete one of a user's memories; whether there was one.
pub fn delete(c: &Connection, user_id: &str, id: &str) -> Result<bool> {
    Ok(c.execute(
        "DELETE FROM memory WHERE id = ?1 AND user_id = ?2",
        params![id, user_id],
    )? > 0)
}

/// Delete all of a user's memories; how many there were.
pub fn delete_all(c: &Connection, user_id: &str) -> Result<usize> {
    Ok(c.execute("DELETE FROM memory WHERE user_id = ?1", params![user_id])?)
}

/// Every user's id.
pub fn users(c: &Connection) -> Result<Vec<String>> {
    let mut st = c.prepare_cached("SELECT id FROM \"user\" ORDER BY created_at, id")?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
