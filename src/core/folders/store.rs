//! Every SQL statement on `folder`.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::model::Folder;
use crate::db::{json_col, json_text};
use crate::error::Result;

const COLS: &str =
    "id, parent_id, user_id, name, items, meta, data, is_expanded, created_at, updated_at";

fn folder_row(r: &Row) -> rusqlite::Result<Folder> {
    Ok(Folder {
        id: r.get(0)?,
        parent_id: r.get(1)?,
        user_id: r.get(2)?,
        name: r.get(3)?,
        items: json_col(r, 4)?,
        meta: json_col(r, 5)?,
        data: json_col(r, 6)?,
        is_expanded: r.get(7)?,
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
    })
}

pub fn insert(c: &Connection, f: &Folder) -> Result<()> {
    c.execute(
        "INSERT INTO folder (id, parent_id, user_id, name, items, meta, data, is_expanded, \
         created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            f.id,
            f.parent_id,
            f.user_id,
            f.name,
            json_text(&f.items),
            json_text(&f.meta),
            json_text(&f.data),
            f.is_expanded,
            f.created_at,
            f.updated_at
        ],
    )?;
    Ok(())
}

/// Write every column but the id, owner and creation time.
pub fn update(c: &Connection, f: &Folder) -> Result<()> {
    c.execute(
        "UPDATE folder SET parent_id = ?2, name = ?3, items = ?4, meta = ?5, data = ?6, \
         is_expanded = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            f.id,
            f.parent_id,
            f.name,
            json_text(&f.items),
            json_text(&f.meta),
            json_text(&f.data),
            f.is_expanded,
            f.updated_at
        ],
    )?;
    Ok(())
}

pub fn get(c: &Connection, id: &str) -> Result<Option<Folder>> {
    Ok(c.query_row(
        &format!("SELECT {COLS} FROM folder WHERE id = ?1"),
        [id],
        folder_row,
    )
    .optional()?)
}

/// A user's folders in storage order.
pub fn of_user(c: &Connection, user_id: &str) -> Result<Vec<Folder>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM folder WHERE user_id = ?1 ORDER BY rowid"
    ))?;
    let v = st
        .query_map([user_id], folder_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Folders by id, newest change first.
pub fn by_ids(c: &Connection, ids: &BTreeSet<String>) -> Result<Vec<Folder>> {
    let mut st = c.prepare_cached(&format!("SELECT {COLS} FROM folder WHERE id = ?1"))?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(f) = st.query_row([id], folder_row).optional()? {
            out.push(f);
        }
    }
    out.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// Whether the owner has another folder under the same parent with this
/// name, compared case-insensitively.
pub fn sibling_named(
    c: &Connection,
    user_id: &str,
    parent_id: Option<&str>,
    name: &str,
    except: &str,
) -> Result<bool> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM folder WHERE user_id = ?1 AND parent_id IS ?2 \
         AND lower(name) = lower(?3) AND id != ?4)",
        params![user_id, parent_id, name, except],
        |r| r.get(0),
    )?)
}

pub fn set_parent(c: &Connection, id: &str, parent_id: Option<&str>, t: i64) -> Result<()> {
    c.execute(
        "UPDATE folder SET parent_id = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, parent_id, t],
    )?;
    Ok(())
}

pub fn delete(c: &Connection, id: &str) -> Result<()> {
    c.execute("DELETE FROM folder WHERE id = ?1", [id])?;
    Ok(())
}

/// The folder and every folder below it (cycle-safe), only `owner`'s
/// below the first when given.
pub fn subtree(c: &Connection, id: &str, owner: Option<&str>) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "WITH RECURSIVE d(id) AS (
             SELECT ?1
             UNION
             SELECT f.id FROM folder f JOIN d ON f.parent_id = d.id
             WHERE ?2 IS NULL OR f.user_id = ?2
         )
         SELECT id FROM d",
    )?;
    let v = st
        .query_map(params![id, owner], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(v)
}
