//! Every SQL statement on `auth`, `api_key` and `revoked_token`.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;

/// The `auth` row of a user.
pub struct AuthRow {
    pub password: Option<String>,
    pub active: bool,
    pub session_stamp: Option<String>,
}

/// The `auth` row of a new account (its `user` row is inserted first).
pub fn insert(
    c: &Connection,
    id: &str,
    email: &str,
    password_hash: &str,
    session_stamp: &str,
) -> Result<()> {
    c.execute(
        "INSERT INTO auth (id, email, password, active, session_stamp) VALUES (?1, ?2, ?3, 1, ?4)",
        params![id, email, password_hash, session_stamp],
    )?;
    Ok(())
}

pub fn get(c: &Connection, id: &str) -> Result<Option<AuthRow>> {
    let mut st =
        c.prepare_cached("SELECT password, active, session_stamp FROM auth WHERE id = ?1")?;
    Ok(st
        .query_row([id], |r| {
            Ok(AuthRow {
                password: r.get(0)?,
                active: r.get::<_, Option<bool>>(1)?.unwrap_or(true),
                session_stamp: r.get(2)?,
            })
        })
        .optional()?)
}

pub fn set_email(c: &Connection, id: &str, email: &str) -> Result<()> {
    c.execute(
        "UPDATE auth SET email = ?2 WHERE id = ?1",
        params![id, email],
    )?;
    Ok(())
}

pub fn set_password(c: &Connection, id: &str, hash: &str, stamp: &str) -> Result<()> {
    c.execute(
        "UPDATE auth SET password = ?2, session_stamp = ?3 WHERE id = ?1",
        params![id, hash, stamp],
    )?;
    Ok(())
}

pub fn set_session_stamp(c: &Connection, id: &str, stamp: &str) -> Result<bool> {
    Ok(c.execute(
        "UPDATE auth SET session_stamp = ?2 WHERE id = ?1",
        params![id, stamp],
    )? > 0)
}

// ---- API keys ----

pub fn api_key_of(c: &Connection, user_id: &str) -> Result<Option<String>> {
    Ok(c.query_row(
        "SELECT key FROM api_key WHERE user_id = ?1",
        [user_id],
        |r| r.get(0),
    )
    .optional()?)
}

pub fn user_id_by_api_key(c: &Connection, key: &str) -> Result<Option<String>> {
    Ok(
        c.query_row("SELECT user_id FROM api_key WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?,
    )
}

pub fn replace_api_key(c: &Connection, user_id: &str, key: &str, t: i64) -> Result<()> {
    c.execute("DELETE FROM api_key WHERE user_id = ?1", [user_id])?;
    c.execute(
        "INSERT INTO api_key (id, user_id, key, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![format!("key_{user_id}"), user_id, key, t],
    )?;
    Ok(())
}

pub fn delete_api_key(c: &Connection, user_id: &str) -> Result<()> {
    c.execute("DELETE FROM api_key WHERE user_id = ?1", [user_id])?;
    Ok(())
}

// ---- revoked session tokens ----

/// Keep `jti` revoked until `expires_at` (None: for good), and drop the
/// rows of tokens that expired by `now`.
pub fn revoke_token(
    c: &Connection,
    jti: &str,
    user_id: &str,
    expires_at: Option<i64>,
    now: i64,
) -> Result<()> {
    c.execute(
        "DELETE FROM revoked_token WHERE expires_at IS NOT NULL AND expires_at <= ?1",
        [now],
    )?;
    c.execute(
        "INSERT OR IGNORE INTO revoked_token (jti, user_id, expires_at) VALUES (?1, ?2, ?3)",
        params![jti, user_id, expires_at],
    )?;
    Ok(())
}

/// The revoked tokens of a user that have not expired by `now`.
pub fn revoked_of(c: &Connection, user_id: &str, now: i64) -> Result<HashSet<String>> {
    let mut st = c.prepare_cached(
        "SELECT jti FROM revoked_token WHERE user_id = ?1 AND (expires_at IS NULL OR expires_at > ?2)",
    )?;
    let rows = st.query_map(params![user_id, now], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
