//! Every SQL statement on `user`.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use super::model::{ListQuery, User};
use crate::db::{json_col, json_text};
use crate::error::{Error, Result, is_unique_violation, msg};

const COLS: &str = "id, email, username, role, name, profile_image_url, profile_banner_image_url, \
    bio, gender, date_of_birth, timezone, presence_state, status_emoji, status_message, \
    status_expires_at, info, settings, oauth, scim, last_active_at, updated_at, created_at";

fn user_row(r: &Row) -> rusqlite::Result<User> {
    Ok(User {
        id: r.get(0)?,
        email: r.get(1)?,
        username: r.get(2)?,
        role: r.get(3)?,
        name: r.get(4)?,
        profile_image_url: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
        profile_banner_image_url: r.get(6)?,
        bio: r.get(7)?,
        gender: r.get(8)?,
        date_of_birth: r.get(9)?,
        timezone: r.get(10)?,
        presence_state: r.get(11)?,
        status_emoji: r.get(12)?,
        status_message: r.get(13)?,
        status_expires_at: r.get(14)?,
        info: json_col(r, 15)?,
        settings: json_col(r, 16)?,
        oauth: json_col(r, 17)?,
        scim: json_col(r, 18)?,
        last_active_at: r.get(19)?,
        updated_at: r.get(20)?,
        created_at: r.get(21)?,
    })
}

fn email_conflict(e: rusqlite::Error) -> Error {
    if is_unique_violation(&e) {
        Error::invalid(msg::EMAIL_TAKEN)
    } else {
        e.into()
    }
}

pub fn insert(c: &Connection, u: &User) -> Result<()> {
    c.execute(
        &format!(
            "INSERT INTO \"user\" ({COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, \
             ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)"
        ),
        params![
            u.id,
            u.email,
            u.username,
            u.role,
            u.name,
            u.profile_image_url,
            u.profile_banner_image_url,
            u.bio,
            u.gender,
            u.date_of_birth,
            u.timezone,
            u.presence_state,
            u.status_emoji,
            u.status_message,
            u.status_expires_at,
            json_text(&u.info),
            json_text(&u.settings),
            json_text(&u.oauth),
            json_text(&u.scim),
            u.last_active_at,
            u.updated_at,
            u.created_at
        ],
    )
    .map_err(email_conflict)?;
    Ok(())
}

pub fn get(c: &Connection, id: &str) -> Result<Option<User>> {
    let mut st = c.prepare_cached(&format!("SELECT {COLS} FROM \"user\" WHERE id = ?1"))?;
    Ok(st.query_row([id], user_row).optional()?)
}

pub fn get_by_email(c: &Connection, email: &str) -> Result<Option<User>> {
    Ok(c.query_row(
        &format!("SELECT {COLS} FROM \"user\" WHERE lower(email) = lower(?1)"),
        [email],
        user_row,
    )
    .optional()?)
}

pub fn count(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT count(*) FROM \"user\"", [], |r| r.get(0))?)
}

/// The oldest user (ties: admins first, then the first inserted).
pub fn primary_admin_id(c: &Connection) -> Result<Option<String>> {
    Ok(c.query_row(
        "SELECT id FROM \"user\" ORDER BY created_at ASC, (role = 'admin') DESC, rowid ASC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .optional()?)
}

/// Users matching a list query, and the total before paging. `limit` None = all.
pub fn list(c: &Connection, q: &ListQuery, limit: Option<i64>) -> Result<(Vec<User>, i64)> {
    let pattern = q
        .query
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| format!("%{}%", s.to_lowercase()));
    let asc = q.direction.as_deref() == Some("asc");
    let dir = if asc { "ASC" } else { "DESC" };
    let mut group_first: Option<String> = None;
    let order = match q.order_by.as_deref() {
        Some("name") => format!("name {dir}, id"),
        Some("email") => format!("email {dir}, id"),
        Some("created_at") => format!("created_at {dir}, id"),
        Some("last_active_at") => format!("last_active_at {dir}, id"),
        Some("updated_at") => format!("updated_at {dir}, id"),
        Some("role") => format!("role {dir}, id"),
        Some(s) if s.starts_with("group_id:") => {
            group_first = Some(s["group_id:".len()..].to_string());
            "in_group DESC, name ASC, id".to_string()
        }
        _ => "created_at DESC, id".to_string(),
    };
    let filter = "(?1 IS NULL OR lower(name) LIKE ?1 OR lower(email) LIKE ?1)";
    let total: i64 = c.query_row(
        &format!("SELECT count(*) FROM \"user\" WHERE {filter}"),
        params![pattern],
        |r| r.get(0),
    )?;
    let page = q.page.unwrap_or(1).max(1);
    let (lim, off) = match limit {
        Some(l) => (l, crate::core::page_offset(page, l)),
        None => (-1, 0),
    };
    let sql = format!(
        "SELECT {COLS}, EXISTS (SELECT 1 FROM group_member gm WHERE gm.user_id = \"user\".id \
         AND gm.group_id = ?2) AS in_group FROM \"user\" WHERE {filter} ORDER BY {order} \
         LIMIT ?3 OFFSET ?4"
    );
    let mut st = c.prepare(&sql)?;
    let users = st
        .query_map(params![pattern, group_first, lim, off], user_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((users, total))
}

/// Write every mutable column of `u` (the caller read, changed and passes it back).
pub fn update(c: &Connection, u: &User) -> Result<()> {
    c.execute(
        "UPDATE \"user\" SET email = ?2, username = ?3, role = ?4, name = ?5, \
         profile_image_url = ?6, profile_banner_image_url = ?7, bio = ?8, gender = ?9, \
         date_of_birth = ?10, timezone = ?11, presence_state = ?12, status_emoji = ?13, \
         status_message = ?14, status_expires_at = ?15, info = ?16, settings = ?17, \
         oauth = ?18, scim = ?19, updated_at = ?20 WHERE id = ?1",
        params![
            u.id,
            u.email,
            u.username,
            u.role,
            u.name,
            u.profile_image_url,
            u.profile_banner_image_url,
            u.bio,
            u.gender,
            u.date_of_birth,
            u.timezone,
            u.presence_state,
            u.status_emoji,
            u.status_message,
            u.status_expires_at,
            json_text(&u.info),
            json_text(&u.settings),
            json_text(&u.oauth),
            json_text(&u.scim),
            u.updated_at
        ],
    )
    .map_err(email_conflict)?;
    Ok(())
}

pub fn delete(c: &Connection, id: &str) -> Result<bool> {
    Ok(c.execute("DELETE FROM \"user\" WHERE id = ?1", [id])? > 0)
}

pub fn touch_last_active(c: &Connection, id: &str, t: i64) -> Result<()> {
    c.execute(
        "UPDATE \"user\" SET last_active_at = ?2 WHERE id = ?1",
        params![id, t],
    )?;
    Ok(())
}

pub fn variables(c: &Connection, id: &str) -> Result<Option<Value>> {
    Ok(
        c.query_row("SELECT variables FROM \"user\" WHERE id = ?1", [id], |r| {
            json_col(r, 0)
        })
        .optional()?
        .flatten(),
    )
}

pub fn set_variables(c: &Connection, id: &str, v: &Value, t: i64) -> Result<()> {
    c.execute(
        "UPDATE \"user\" SET variables = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, v.to_string(), t],
    )?;
    Ok(())
}

pub fn active_count(c: &Connection, since: i64) -> Result<i64> {
    Ok(c.query_row(
        "SELECT count(*) FROM \"user\" WHERE last_active_at >= ?1",
        [since],
        |r| r.get(0),
    )?)
}

/// `(id, name)` of the users among `ids` that exist.
pub fn names_of(c: &Connection, ids: &[String]) -> Result<Vec<(String, String)>> {
    let mut st = c.prepare_cached(
        r#"SELECT id, name FROM "user" WHERE id IN (SELECT value FROM json_each(?1))"#,
    )?;
    let rows = st
        .query_map([serde_json::to_string(ids)?], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
