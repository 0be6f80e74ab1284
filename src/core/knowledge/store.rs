//! Every SQL statement on `knowledge`, `knowledge_file` and
//! `knowledge_directory`. A KB's file listing reads the linked `file`
//! rows in the same query (as upstream's join), never writing them.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use super::model::{Directory, Knowledge};
use crate::db::{json_col, json_text};
use crate::error::Result;

const COLS: &str = "id, user_id, name, description, meta, created_at, updated_at";

fn kb_row(r: &Row) -> rusqlite::Result<Knowledge> {
    Ok(Knowledge {
        id: r.get(0)?,
        user_id: r.get(1)?,
        name: r.get(2)?,
        description: r.get(3)?,
        meta: json_col(r, 4)?,
        access_grants: vec![],
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

pub fn insert(c: &Connection, k: &Knowledge) -> Result<()> {
    c.execute(
        "INSERT INTO knowledge (id, user_id, name, description, meta, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            k.id,
            k.user_id,
            k.name,
            k.description,
            json_text(&k.meta),
            k.created_at,
            k.updated_at
        ],
    )?;
    Ok(())
}

pub fn get(c: &Connection, id: &str) -> Result<Option<Knowledge>> {
    let mut st = c.prepare_cached(&format!("SELECT {COLS} FROM knowledge WHERE id = ?1"))?;
    Ok(st.query_row([id], kb_row).optional()?)
}

/// Every KB, most recently updated first.
pub fn all(c: &Connection) -> Result<Vec<Knowledge>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM knowledge ORDER BY updated_at DESC, id"
    ))?;
    let v = st
        .query_map([], kb_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// The KBs owned by `user_id` or named in `ids` (a JSON array), most
/// recently updated first.
pub fn owned_or_in(c: &Connection, user_id: &str, ids: &str) -> Result<Vec<Knowledge>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM knowledge
         WHERE user_id = ?1 OR id IN (SELECT value FROM json_each(?2))
         ORDER BY updated_at DESC, id"
    ))?;
    let v = st
        .query_map(params![user_id, ids], kb_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

pub fn update(c: &Connection, id: &str, name: &str, description: &str, t: i64) -> Result<()> {
    c.execute(
        "UPDATE knowledge SET name = ?2, description = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, name, description, t],
    )?;
    Ok(())
}

pub fn touch(c: &Connection, id: &str, t: i64) -> Result<()> {
    c.execute(
        "UPDATE knowledge SET updated_at = ?2 WHERE id = ?1",
        params![id, t],
    )?;
    Ok(())
}

/// Remove every link of a KB (and every folder with `dirs_too`); how many
/// links went.
pub fn clear(c: &Connection, knowledge_id: &str, dirs_too: bool) -> Result<usize> {
    let n = c.execute(
        "DELETE FROM knowledge_file WHERE knowledge_id = ?1",
        [knowledge_id],
    )?;
    if dirs_too {
        c.execute(
            "DELETE FROM knowledge_directory WHERE knowledge_id = ?1",
            [knowledge_id],
        )?;
    }
    Ok(n)
}

/// Delete a KB; its links and folders go with it (cascade).
pub fn delete(c: &Connection, id: &str) -> Result<usize> {
    Ok(c.execute("DELETE FROM knowledge WHERE id = ?1", [id])?)
}

/// `{kb id: number of linked files}` of every KB with files.
pub fn file_counts(c: &Connection) -> Result<Vec<(String, i64)>> {
    let mut st = c.prepare_cached(
        "SELECT knowledge_id, count(*) FROM knowledge_file GROUP BY knowledge_id",
    )?;
    let v = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

// ---------------------------------------------------------------------------
// Links

/// Link a file; false when it was linked already (nothing changes).
pub fn link(
    c: &Connection,
    id: &str,
    knowledge_id: &str,
    file_id: &str,
    directory_id: Option<&str>,
    user_id: &str,
    t: i64,
) -> Result<bool> {
    let n = c.execute(
        "INSERT INTO knowledge_file (id, knowledge_id, file_id, directory_id, user_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (knowledge_id, file_id) DO NOTHING",
        params![id, knowledge_id, file_id, directory_id, user_id, t],
    )?;
    Ok(n == 1)
}

pub fn unlink(c: &Connection, knowledge_id: &str, file_id: &str) -> Result<usize> {
    Ok(c.execute(
        "DELETE FROM knowledge_file WHERE knowledge_id = ?1 AND file_id = ?2",
        params![knowledge_id, file_id],
    )?)
}

/// The folder of a linked file: `None` when not linked, `Some(None)` at
/// the root.
pub fn link_directory(
    c: &Connection,
    knowledge_id: &str,
    file_id: &str,
) -> Result<Option<Option<String>>> {
    let mut st = c.prepare_cached(
        "SELECT directory_id FROM knowledge_file WHERE knowledge_id = ?1 AND file_id = ?2",
    )?;
    Ok(st
        .query_row(params![knowledge_id, file_id], |r| r.get(0))
        .optional()?)
}

pub fn move_link(
    c: &Connection,
    knowledge_id: &str,
    file_id: &str,
    directory_id: Option<&str>,
    t: i64,
) -> Result<usize> {
    Ok(c.execute(
        "UPDATE knowledge_file SET directory_id = ?3, updated_at = ?4
         WHERE knowledge_id = ?1 AND file_id = ?2",
        params![knowledge_id, file_id, directory_id, t],
    )?)
}

/// Ids of the files linked in any of the folders `dir_ids` (a JSON array).
pub fn files_in_dirs(c: &Connection, knowledge_id: &str, dir_ids: &str) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT file_id FROM knowledge_file WHERE knowledge_id = ?1
         AND directory_id IN (SELECT value FROM json_each(?2)) ORDER BY created_at, id",
    )?;
    let v = st
        .query_map(params![knowledge_id, dir_ids], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Ids of the KBs a file is linked into.
pub fn kbs_of_file(c: &Connection, file_id: &str) -> Result<Vec<String>> {
    let mut st =
        c.prepare_cached("SELECT knowledge_id FROM knowledge_file WHERE file_id = ?1 ORDER BY id")?;
    let v = st
        .query_map([file_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// A linked file as the listings need it: the file row without `data`
/// (its `content` only when asked), and the link.
#[derive(Clone, Debug)]
pub struct LinkedFile {
    pub knowledge_id: String,
    pub id: String,
    pub user_id: String,
    pub hash: Option<String>,
    pub filename: String,
    pub meta: Option<Value>,
    pub created_at: i64,
    pub updated_at: i64,
    pub has_original: bool,
    pub directory_id: Option<String>,
    pub linked_by: String,
    pub content: Option<String>,
}

fn linked_row(r: &Row) -> rusqlite::Result<LinkedFile> {
    Ok(LinkedFile {
        knowledge_id: r.get(0)?,
        id: r.get(1)?,
        user_id: r.get(2)?,
        hash: r.get(3)?,
        filename: r.get(4)?,
        meta: json_col(r, 5)?,
        created_at: r.get::<_, Option<i64>>(6)?.unwrap_or(0),
        updated_at: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
        has_original: r.get(8)?,
        directory_id: r.get(9)?,
        linked_by: r.get(10)?,
        content: r.get(11)?,
    })
}

/// The files linked into the KBs `kb_ids` (a JSON array), most recently
/// updated first; `content` read only with `with_content`.
pub fn linked_files(c: &Connection, kb_ids: &str, with_content: bool) -> Result<Vec<LinkedFile>> {
    let mut st = c.prepare_cached(
        "SELECT kf.knowledge_id, f.id, f.user_id, f.hash, f.filename, f.meta, f.created_at,
                f.updated_at, f.path IS NOT NULL, kf.directory_id, kf.user_id,
                CASE WHEN ?2 THEN json_extract(f.data, '$.content') END
         FROM knowledge_file kf JOIN file f ON f.id = kf.file_id
         WHERE kf.knowledge_id IN (SELECT value FROM json_each(?1))
         ORDER BY f.updated_at DESC, f.id",
    )?;
    let v = st
        .query_map(params![kb_ids, with_content], linked_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

// ---------------------------------------------------------------------------
// Folders

const DIR_COLS: &str = "id, knowledge_id, parent_id, name, user_id, created_at, updated_at";

fn dir_row(r: &Row) -> rusqlite::Result<Directory> {
    Ok(Directory {
        id: r.get(0)?,
        knowledge_id: r.get(1)?,
        parent_id: r.get(2)?,
        name: r.get(3)?,
        user_id: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

/// Every folder of a KB, by name.
pub fn dirs(c: &Connection, knowledge_id: &str) -> Result<Vec<Directory>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {DIR_COLS} FROM knowledge_directory WHERE knowledge_id = ?1 ORDER BY name, id"
    ))?;
    let v = st
        .query_map([knowledge_id], dir_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// A folder of this KB.
pub fn dir(c: &Connection, knowledge_id: &str, id: &str) -> Result<Option<Directory>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {DIR_COLS} FROM knowledge_directory WHERE knowledge_id = ?1 AND id = ?2"
    ))?;
    Ok(st
        .query_row(params![knowledge_id, id], dir_row)
        .optional()?)
}

pub fn insert_dir(c: &Connection, d: &Directory) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO knowledge_directory (id, knowledge_id, parent_id, name, user_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            d.id,
            d.knowledge_id,
            d.parent_id,
            d.name,
            d.user_id,
            d.created_at,
            d.updated_at
        ],
    )?;
    Ok(())
}

pub fn update_dir(c: &Connection, d: &Directory) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE knowledge_directory SET parent_id = ?2, name = ?3, updated_at = ?4 WHERE id = ?1",
        params![d.id, d.parent_id, d.name, d.updated_at],
    )?;
    Ok(())
}

/// Delete a folder; its subfolders go with it (cascade), links inside
/// fall back to the root (set null).
pub fn delete_dir(c: &Connection, id: &str) -> Result<usize> {
    Ok(c.execute("DELETE FROM knowledge_directory WHERE id = ?1", [id])?)
}

/// Move the links in folders `dir_ids` (a JSON array) to `to`.
pub fn move_links_from(
    c: &Connection,
    knowledge_id: &str,
    dir_ids: &str,
    to: Option<&str>,
    t: i64,
) -> Result<usize> {
    Ok(c.execute(
        "UPDATE knowledge_file SET directory_id = ?3, updated_at = ?4
         WHERE knowledge_id = ?1 AND directory_id IN (SELECT value FROM json_each(?2))",
        params![knowledge_id, dir_ids, to, t],
    )?)
}
