//! Every SQL statement on `model` and `model_history`.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use super::model::{History, Model};
use crate::error::Result;

const COLS: &str = "id, user_id, base_model_id, name, params, meta, version_id, is_active, \
    updated_at, created_at";

fn obj(s: Option<String>) -> Value {
    s.and_then(|s| serde_json::from_str::<Value>(&s).ok())
        .filter(Value::is_object)
        .unwrap_or_else(|| Value::Object(Default::default()))
}

fn model_row(r: &Row) -> rusqlite::Result<Model> {
    Ok(Model {
        id: r.get(0)?,
        user_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        base_model_id: r.get(2)?,
        name: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        params: obj(r.get(4)?),
        meta: obj(r.get(5)?),
        version_id: r.get(6)?,
        is_active: r.get::<_, Option<bool>>(7)?.unwrap_or(true),
        updated_at: r.get::<_, Option<i64>>(8)?.unwrap_or(0),
        created_at: r.get::<_, Option<i64>>(9)?.unwrap_or(0),
        access_grants: vec![],
    })
}

pub fn get(c: &Connection, id: &str) -> Result<Option<Model>> {
    let mut st = c.prepare_cached(&format!("SELECT {COLS} FROM model WHERE id = ?1"))?;
    Ok(st.query_row([id], model_row).optional()?)
}

/// Every row, in insertion order (as upstream's unordered select).
pub fn all(c: &Connection) -> Result<Vec<Model>> {
    let mut st = c.prepare_cached(&format!("SELECT {COLS} FROM model ORDER BY rowid"))?;
    let v = st
        .query_map([], model_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

pub fn insert(c: &Connection, m: &Model) -> Result<()> {
    c.execute(
        &format!("INSERT INTO model ({COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
        params![
            m.id,
            m.user_id,
            m.base_model_id,
            m.name,
            m.params.to_string(),
            m.meta.to_string(),
            m.version_id,
            m.is_active,
            m.updated_at,
            m.created_at
        ],
    )?;
    Ok(())
}

/// Write the content of a row when its live version is still `expected`;
/// false when someone else changed it first.
pub fn update_if_version(c: &Connection, m: &Model, expected: Option<&str>) -> Result<bool> {
    let n = c.execute(
        "UPDATE model SET base_model_id = ?2, name = ?3, params = ?4, meta = ?5, version_id = ?6, \
         is_active = ?7, updated_at = ?8 WHERE id = ?1 AND version_id IS ?9",
        params![
            m.id,
            m.base_model_id,
            m.name,
            m.params.to_string(),
            m.meta.to_string(),
            m.version_id,
            m.is_active,
            m.updated_at,
            expected
        ],
    )?;
    Ok(n == 1)
}

pub fn set_active(c: &Connection, id: &str, active: bool, t: i64) -> Result<()> {
    c.execute(
        "UPDATE model SET is_active = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, active, t],
    )?;
    Ok(())
}

pub fn touch(c: &Connection, id: &str, t: i64) -> Result<()> {
    c.execute(
        "UPDATE model SET updated_at = ?2 WHERE id = ?1",
        params![id, t],
    )?;
    Ok(())
}

/// Delete a row and its history (grants are the access service's).
pub fn delete(c: &Connection, id: &str) -> Result<()> {
    c.execute("DELETE FROM model_history WHERE model_id = ?1", [id])?;
    c.execute("DELETE FROM model WHERE id = ?1", [id])?;
    Ok(())
}

pub fn ids(c: &Connection) -> Result<Vec<String>> {
    let mut st = c.prepare_cached("SELECT id FROM model ORDER BY id")?;
    let v = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(v)
}

fn history_row(r: &Row) -> rusqlite::Result<History> {
    Ok(History {
        id: r.get(0)?,
        model_id: r.get(1)?,
        parent_id: r.get(2)?,
        user_id: r.get(3)?,
        commit_message: r.get(4)?,
        created_at: r.get(5)?,
        user: None,
    })
}

pub fn insert_history(c: &Connection, h: &History, snapshot: &Value) -> Result<()> {
    c.execute(
        "INSERT INTO model_history (id, model_id, parent_id, snapshot, user_id, commit_message, \
         created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            h.id,
            h.model_id,
            h.parent_id,
            snapshot.to_string(),
            h.user_id,
            h.commit_message,
            h.created_at
        ],
    )?;
    Ok(())
}

/// One page of a model's history, newest first.
pub fn history(c: &Connection, model_id: &str, limit: i64, offset: i64) -> Result<Vec<History>> {
    let mut st = c.prepare_cached(
        "SELECT id, model_id, parent_id, user_id, commit_message, created_at FROM model_history \
         WHERE model_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3",
    )?;
    let v = st
        .query_map(params![model_id, limit, offset], history_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// One entry of a model's history with its snapshot.
pub fn history_entry(c: &Connection, model_id: &str, id: &str) -> Result<Option<(History, Value)>> {
    Ok(c.query_row(
        "SELECT id, model_id, parent_id, user_id, commit_message, created_at, snapshot \
         FROM model_history WHERE model_id = ?1 AND id = ?2",
        params![model_id, id],
        |r| {
            let s: String = r.get(6)?;
            Ok((
                history_row(r)?,
                serde_json::from_str(&s).unwrap_or(Value::Null),
            ))
        },
    )
    .optional()?)
}

/// Remove an entry, re-linking its children to its parent.
pub fn delete_history_entry(
    c: &Connection,
    model_id: &str,
    id: &str,
    parent_id: Option<&str>,
) -> Result<()> {
    c.execute(
        "UPDATE model_history SET parent_id = ?3 WHERE model_id = ?1 AND parent_id = ?2",
        params![model_id, id, parent_id],
    )?;
    c.execute(
        "DELETE FROM model_history WHERE model_id = ?1 AND id = ?2",
        params![model_id, id],
    )?;
    Ok(())
}
