//! Every SQL statement on `group` and `group_member`.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::model::Group;
use crate::db::{json_col, json_text};
use crate::error::Result;

const COLS: &str = "g.id, g.parent_group_id, g.user_id, g.name, g.description, g.data, g.meta, \
    g.permissions, g.created_at, g.updated_at, \
    (SELECT count(*) FROM group_member m WHERE m.group_id = g.id)";

fn group_row(r: &Row) -> rusqlite::Result<Group> {
    Ok(Group {
        id: r.get(0)?,
        parent_group_id: r.get(1)?,
        user_id: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        name: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        description: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        data: json_col(r, 5)?,
        meta: json_col(r, 6)?,
        permissions: json_col(r, 7)?,
        created_at: r.get::<_, Option<i64>>(8)?.unwrap_or(0),
        updated_at: r.get::<_, Option<i64>>(9)?.unwrap_or(0),
        member_count: r.get(10)?,
    })
}

pub fn insert(c: &Connection, g: &Group) -> Result<()> {
    c.execute(
        "INSERT INTO \"group\" (id, parent_group_id, user_id, name, description, data, meta, \
         permissions, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            g.id,
            g.parent_group_id,
            g.user_id,
            g.name,
            g.description,
            json_text(&g.data),
            json_text(&g.meta),
            json_text(&g.permissions),
            g.created_at,
            g.updated_at
        ],
    )?;
    Ok(())
}

pub fn update(c: &Connection, g: &Group) -> Result<()> {
    c.execute(
        "UPDATE \"group\" SET parent_group_id = ?2, name = ?3, description = ?4, data = ?5, \
         meta = ?6, permissions = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            g.id,
            g.parent_group_id,
            g.name,
            g.description,
            json_text(&g.data),
            json_text(&g.meta),
            json_text(&g.permissions),
            g.updated_at
        ],
    )?;
    Ok(())
}

pub fn touch(c: &Connection, id: &str, t: i64) -> Result<()> {
    c.execute(
        "UPDATE \"group\" SET updated_at = ?2 WHERE id = ?1",
        params![id, t],
    )?;
    Ok(())
}

pub fn get(c: &Connection, id: &str) -> Result<Option<Group>> {
    Ok(c.query_row(
        &format!("SELECT {COLS} FROM \"group\" g WHERE g.id = ?1"),
        [id],
        group_row,
    )
    .optional()?)
}

pub fn all(c: &Connection) -> Result<Vec<Group>> {
    let mut st = c.prepare(&format!(
        "SELECT {COLS} FROM \"group\" g ORDER BY g.updated_at DESC, g.id"
    ))?;
    let v = st
        .query_map([], group_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Groups of a user with whether the membership is direct; with
/// `inherited`, every ancestor of a direct group too.
pub fn of_user(c: &Connection, user_id: &str, inherited: bool) -> Result<Vec<(Group, bool)>> {
    let sql = format!(
        "WITH RECURSIVE mine(id, direct) AS (
             SELECT group_id, 1 FROM group_member WHERE user_id = ?1
             UNION
             SELECT p.parent_group_id, 0 FROM \"group\" p JOIN mine ON p.id = mine.id
             WHERE ?2 AND p.parent_group_id IS NOT NULL
         )
         SELECT {COLS}, max(mine.direct) FROM \"group\" g JOIN mine ON mine.id = g.id
         GROUP BY g.id ORDER BY g.updated_at DESC, g.id"
    );
    let mut st = c.prepare(&sql)?;
    let v = st
        .query_map(params![user_id, inherited], |r| {
            Ok((group_row(r)?, r.get::<_, i64>(11)? == 1))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Direct group ids of each user.
pub fn direct_ids(c: &Connection, user_ids: &[String]) -> Result<BTreeMap<String, Vec<String>>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut st = c.prepare("SELECT group_id FROM group_member WHERE user_id = ?1")?;
    for u in user_ids {
        let ids = st
            .query_map([u], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        out.insert(u.clone(), ids);
    }
    Ok(out)
}

/// The group and all its descendants.
pub fn subtree(c: &Connection, id: &str) -> Result<BTreeSet<String>> {
    let mut st = c.prepare(
        "WITH RECURSIVE d(id) AS (SELECT ?1 UNION SELECT g.id FROM \"group\" g JOIN d ON g.parent_group_id = d.id)
         SELECT id FROM d",
    )?;
    let v = st
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<BTreeSet<String>>>()?;
    Ok(v)
}

/// The ancestors of a group, nearest first.
pub fn ancestors(c: &Connection, id: &str) -> Result<Vec<Group>> {
    let mut out = Vec::new();
    let mut cur = get(c, id)?.and_then(|g| g.parent_group_id);
    let mut seen = BTreeSet::new();
    while let Some(pid) = cur {
        if !seen.insert(pid.clone()) {
            break;
        }
        match get(c, &pid)? {
            Some(g) => {
                cur = g.parent_group_id.clone();
                out.push(g);
            }
            None => break,
        }
    }
    Ok(out)
}

/// (user_id, group_id) pairs of direct memberships in any of `groups`.
pub fn memberships_in(c: &Connection, groups: &BTreeSet<String>) -> Result<Vec<(String, String)>> {
    let mut st = c.prepare("SELECT user_id, group_id FROM group_member WHERE group_id = ?1")?;
    let mut out = Vec::new();
    for g in groups {
        for row in st.query_map([g], |r| Ok((r.get(0)?, r.get(1)?)))? {
            out.push(row?);
        }
    }
    Ok(out)
}

pub fn add_member(c: &Connection, group_id: &str, user_id: &str, t: i64) -> Result<bool> {
    Ok(c.execute(
        "INSERT OR IGNORE INTO group_member (id, group_id, user_id, created_at, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?4 WHERE EXISTS (SELECT 1 FROM \"user\" WHERE id = ?3)
           AND EXISTS (SELECT 1 FROM \"group\" WHERE id = ?2)",
        params![crate::util::new_id(), group_id, user_id, t],
    )? > 0)
}

pub fn remove_member(c: &Connection, group_id: &str, user_id: &str) -> Result<bool> {
    Ok(c.execute(
        "DELETE FROM group_member WHERE group_id = ?1 AND user_id = ?2",
        params![group_id, user_id],
    )? > 0)
}

pub fn delete(c: &Connection, id: &str, new_parent: Option<&str>) -> Result<()> {
    c.execute(
        "UPDATE \"group\" SET parent_group_id = ?2 WHERE parent_group_id = ?1",
        params![id, new_parent],
    )?;
    c.execute("DELETE FROM \"group\" WHERE id = ?1", [id])?;
    Ok(())
}

/// Whether any group's `data.config.default_models` is a non-empty list.
pub fn any_default_models(c: &Connection) -> Result<bool> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM \"group\" WHERE CASE WHEN json_valid(data)
             THEN json_array_length(data, '$.config.default_models') END > 0)",
        [],
        |r| r.get(0),
    )?)
}
