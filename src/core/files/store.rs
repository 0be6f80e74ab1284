//! Every SQL statement on `file`.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::model::FileModel;
use crate::db::{json_col, json_text};
use crate::error::Result;

const COLS: &str = "id, user_id, hash, filename, path, data, meta, created_at, updated_at";

fn file_row(r: &Row) -> rusqlite::Result<FileModel> {
    Ok(FileModel {
        id: r.get(0)?,
        user_id: r.get(1)?,
        hash: r.get(2)?,
        filename: r.get(3)?,
        path: r.get(4)?,
        data: json_col(r, 5)?,
        meta: json_col(r, 6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

pub fn insert(c: &Connection, f: &FileModel) -> Result<()> {
    c.execute(
        "INSERT INTO file (id, user_id, hash, filename, path, data, meta, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            f.id,
            f.user_id,
            f.hash,
            f.filename,
            f.path,
            json_text(&f.data),
            json_text(&f.meta),
            f.created_at,
            f.updated_at
        ],
    )?;
    Ok(())
}

pub fn get(c: &Connection, id: &str) -> Result<Option<FileModel>> {
    Ok(c.query_row(
        &format!("SELECT {COLS} FROM file WHERE id = ?1"),
        [id],
        file_row,
    )
    .optional()?)
}

/// One page, newest change first; every owner when `user_id` is `None`.
pub fn page(
    c: &Connection,
    user_id: Option<&str>,
    skip: i64,
    limit: i64,
) -> Result<(Vec<FileModel>, i64)> {
    let total = c.query_row(
        "SELECT count(*) FROM file WHERE ?1 IS NULL OR user_id = ?1",
        [user_id],
        |r| r.get(0),
    )?;
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM file WHERE ?1 IS NULL OR user_id = ?1 \
         ORDER BY updated_at DESC, id DESC LIMIT ?2 OFFSET ?3"
    ))?;
    let v = st
        .query_map(params![user_id, limit, skip], file_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((v, total))
}

/// Replace `data` (and bump `updated_at`).
pub fn set_data(c: &Connection, id: &str, data: &serde_json::Value, t: i64) -> Result<()> {
    c.execute(
        "UPDATE file SET data = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, data.to_string(), t],
    )?;
    Ok(())
}

pub fn delete(c: &Connection, id: &str) -> Result<usize> {
    Ok(c.execute("DELETE FROM file WHERE id = ?1", [id])?)
}

/// Files uploaded for a KB (`meta.data.knowledge_id`) whose processing is
/// `pending` or `processing`, newest first.
pub fn pending_for_knowledge(c: &Connection, knowledge_id: &str) -> Result<Vec<FileModel>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM file
         WHERE json_extract(meta, '$.data.knowledge_id') = ?1
           AND json_extract(data, '$.status') IN ('pending', 'processing')
         ORDER BY created_at DESC, id DESC"
    ))?;
    let v = st
        .query_map([knowledge_id], file_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Files whose name is `LIKE` the pattern (escaped with `\`, compared in
/// lower case), newest upload first; every owner when `user_id` is
/// `None`, every name when `like` is.
pub fn search(
    c: &Connection,
    user_id: Option<&str>,
    like: Option<&str>,
    skip: i64,
    limit: i64,
) -> Result<Vec<FileModel>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM file WHERE (?1 IS NULL OR user_id = ?1) \
         AND (?2 IS NULL OR lower(filename) LIKE lower(?2) ESCAPE '\\') \
         ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4"
    ))?;
    let v = st
        .query_map(params![user_id, like, limit, skip], file_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// How many files a user has (every file when `user_id` is `None`).
pub fn count(c: &Connection, user_id: Option<&str>) -> Result<i64> {
    Ok(c.query_row(
        "SELECT count(*) FROM file WHERE ?1 IS NULL OR user_id = ?1",
        [user_id],
        |r| r.get(0),
    )?)
}

/// Set `filename` and `meta` (and bump `updated_at`).
pub fn set_name(
    c: &Connection,
    id: &str,
    filename: &str,
    meta: &serde_json::Value,
    t: i64,
) -> Result<usize> {
    Ok(c.execute(
        "UPDATE file SET filename = ?2, meta = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, filename, meta.to_string(), t],
    )?)
}

/// Set `hash` (and bump `updated_at`).
pub fn set_hash(c: &Connection, id: &str, hash: Option<&str>, t: i64) -> Result<()> {
    c.execute(
        "UPDATE file SET hash = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, hash, t],
    )?;
    Ok(())
}

/// Replace `meta` (and bump `updated_at`).
pub fn set_meta(c: &Connection, id: &str, meta: &serde_json::Value, t: i64) -> Result<()> {
    c.execute(
        "UPDATE file SET meta = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, meta.to_string(), t],
    )?;
    Ok(())
}

pub fn delete_all(c: &Connection) -> Result<usize> {
    Ok(c.execute("DELETE FROM file", [])?)
}
