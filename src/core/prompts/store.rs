//! Every SQL statement on `prompt` and `prompt_history`.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use super::model::{History, Prompt};
use crate::error::{Error, Result, is_unique_violation};

const COLS: &str = "id, command, user_id, name, content, data, meta, tags, is_active, version_id, created_at, \
     updated_at";

fn json(s: Option<String>) -> Option<Value> {
    s.and_then(|s| serde_json::from_str::<Value>(&s).ok())
        .filter(|v| !v.is_null())
}

fn tags(s: Option<String>) -> Option<Vec<String>> {
    json(s).map(|v| {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    })
}

fn prompt_row(r: &Row) -> rusqlite::Result<Prompt> {
    Ok(Prompt {
        id: r.get(0)?,
        command: r.get(1)?,
        user_id: r.get(2)?,
        name: r.get(3)?,
        content: r.get(4)?,
        data: json(r.get(5)?),
        meta: json(r.get(6)?),
        tags: tags(r.get(7)?),
        is_active: r.get::<_, Option<bool>>(8)?.unwrap_or(true),
        version_id: r.get(9)?,
        created_at: r.get::<_, Option<i64>>(10)?.unwrap_or(0),
        updated_at: r.get::<_, Option<i64>>(11)?.unwrap_or(0),
        access_grants: vec![],
    })
}

fn text(v: &Option<Value>) -> Option<String> {
    v.as_ref().map(Value::to_string)
}

fn tags_text(t: &Option<Vec<String>>) -> Option<String> {
    t.as_ref().map(|t| Value::from(t.clone()).to_string())
}

/// A unique-index violation on `command` as `taken`, else the error.
fn command_taken(e: rusqlite::Error, taken: &str) -> Error {
    if is_unique_violation(&e) {
        Error::invalid(taken)
    } else {
        e.into()
    }
}

pub fn get(c: &Connection, id: &str) -> Result<Option<Prompt>> {
    Ok(c.query_row(
        &format!("SELECT {COLS} FROM prompt WHERE id = ?1"),
        [id],
        prompt_row,
    )
    .optional()?)
}

pub fn by_command(c: &Connection, command: &str) -> Result<Option<Prompt>> {
    Ok(c.query_row(
        &format!("SELECT {COLS} FROM prompt WHERE command = ?1"),
        [command],
        prompt_row,
    )
    .optional()?)
}

/// Every row, most recently updated first.
pub fn all(c: &Connection) -> Result<Vec<Prompt>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM prompt ORDER BY updated_at DESC, rowid DESC"
    ))?;
    let v = st
        .query_map([], prompt_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Insert a row; a taken command fails with `taken`.
pub fn insert(c: &Connection, p: &Prompt, taken: &str) -> Result<()> {
    c.execute(
        &format!(
            "INSERT INTO prompt ({COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        ),
        params![
            p.id,
            p.command,
            p.user_id,
            p.name,
            p.content,
            text(&p.data),
            text(&p.meta),
            tags_text(&p.tags),
            p.is_active,
            p.version_id,
            p.created_at,
            p.updated_at
        ],
    )
    .map_err(|e| command_taken(e, taken))?;
    Ok(())
}

/// Write every column but `id`, `user_id` and `created_at`; a taken
/// command fails with `taken`.
pub fn update(c: &Connection, p: &Prompt, taken: &str) -> Result<()> {
    c.execute(
        "UPDATE prompt SET command = ?2, name = ?3, content = ?4, data = ?5, meta = ?6, \
         tags = ?7, is_active = ?8, version_id = ?9, updated_at = ?10 WHERE id = ?1",
        params![
            p.id,
            p.command,
            p.name,
            p.content,
            text(&p.data),
            text(&p.meta),
            tags_text(&p.tags),
            p.is_active,
            p.version_id,
            p.updated_at
        ],
    )
    .map_err(|e| command_taken(e, taken))?;
    Ok(())
}

/// Delete a row and its history (grants are the access service's).
pub fn delete(c: &Connection, id: &str) -> Result<()> {
    c.execute("DELETE FROM prompt_history WHERE prompt_id = ?1", [id])?;
    c.execute("DELETE FROM prompt WHERE id = ?1", [id])?;
    Ok(())
}

fn history_row(r: &Row) -> rusqlite::Result<History> {
    let snapshot: String = r.get(3)?;
    Ok(History {
        id: r.get(0)?,
        prompt_id: r.get(1)?,
        parent_id: r.get(2)?,
        snapshot: serde_json::from_str(&snapshot).unwrap_or(Value::Null),
        user_id: r.get(4)?,
        commit_message: r.get(5)?,
        created_at: r.get(6)?,
    })
}

const HISTORY_COLS: &str =
    "id, prompt_id, parent_id, snapshot, user_id, commit_message, created_at";

pub fn insert_history(c: &Connection, h: &History) -> Result<()> {
    c.execute(
        &format!("INSERT INTO prompt_history ({HISTORY_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        params![
            h.id,
            h.prompt_id,
            h.parent_id,
            h.snapshot.to_string(),
            h.user_id,
            h.commit_message,
            h.created_at
        ],
    )?;
    Ok(())
}

/// One page of a prompt's history, newest first.
pub fn history(c: &Connection, prompt_id: &str, limit: i64, offset: i64) -> Result<Vec<History>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {HISTORY_COLS} FROM prompt_history WHERE prompt_id = ?1 \
         ORDER BY created_at DESC, rowid DESC LIMIT ?2 OFFSET ?3"
    ))?;
    let v = st
        .query_map(params![prompt_id, limit, offset], history_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// The newest entry of a prompt's history.
pub fn latest_history(c: &Connection, prompt_id: &str) -> Result<Option<History>> {
    Ok(history(c, prompt_id, 1, 0)?.into_iter().next())
}

/// One entry by id, whatever prompt it belongs to.
pub fn history_entry(c: &Connection, id: &str) -> Result<Option<History>> {
    Ok(c.query_row(
        &format!("SELECT {HISTORY_COLS} FROM prompt_history WHERE id = ?1"),
        [id],
        history_row,
    )
    .optional()?)
}

/// Remove an entry of a prompt, re-linking its children to its parent.
pub fn delete_history_entry(c: &Connection, h: &History) -> Result<()> {
    c.execute(
        "UPDATE prompt_history SET parent_id = ?2 WHERE parent_id = ?1",
        params![h.id, h.parent_id],
    )?;
    c.execute(
        "DELETE FROM prompt_history WHERE id = ?1 AND prompt_id = ?2",
        params![h.id, h.prompt_id],
    )?;
    Ok(())
}
