//! Every SQL statement on `feedback`. Listings join the author's `user`
//! row (an inner join, as upstream: feedback of deleted users is not
//! listed).

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::Value;

use super::model::{Author, Feedback, FeedbackId, FeedbackItem};
use crate::db::json_col;
use crate::error::Result;

const COLS: &str = "f.id, f.user_id, f.version, f.type, f.data, f.meta, f.snapshot, \
    f.created_at, f.updated_at";
const ITEM_COLS: &str = "f.id, f.user_id, f.version, f.type, f.data, f.meta, f.created_at, \
    f.updated_at, u.id, u.name, u.email, u.role, u.last_active_at, u.updated_at, u.created_at";

fn row(r: &Row) -> rusqlite::Result<Feedback> {
    Ok(Feedback {
        id: r.get(0)?,
        user_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        version: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
        kind: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        data: json_col(r, 4)?,
        meta: json_col(r, 5)?,
        snapshot: json_col(r, 6)?,
        created_at: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
        updated_at: r.get::<_, Option<i64>>(8)?.unwrap_or(0),
    })
}

fn item_row(r: &Row) -> rusqlite::Result<FeedbackItem> {
    Ok(FeedbackItem {
        id: r.get(0)?,
        user_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        version: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
        kind: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        data: json_col(r, 4)?,
        meta: json_col(r, 5)?,
        created_at: r.get::<_, Option<i64>>(6)?.unwrap_or(0),
        updated_at: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
        user: Some(Author {
            id: r.get(8)?,
            name: r.get(9)?,
            email: r.get(10)?,
            role: r.get(11)?,
            last_active_at: r.get(12)?,
            updated_at: r.get(13)?,
            created_at: r.get(14)?,
        }),
    })
}

fn text(v: &Option<Value>) -> Option<String> {
    v.as_ref().map(Value::to_string)
}

pub fn insert(c: &Connection, f: &Feedback) -> Result<()> {
    c.execute(
        "INSERT INTO feedback (id, user_id, version, type, data, meta, snapshot, created_at, \
         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            f.id,
            f.user_id,
            f.version,
            f.kind,
            text(&f.data),
            text(&f.meta),
            text(&f.snapshot),
            f.created_at,
            f.updated_at
        ],
    )?;
    Ok(())
}

pub fn get(c: &Connection, id: &str) -> Result<Option<Feedback>> {
    Ok(c.query_row(
        &format!("SELECT {COLS} FROM feedback f WHERE f.id = ?1"),
        [id],
        row,
    )
    .optional()?)
}

/// Write back `data`, `meta`, `snapshot` and `updated_at`.
pub fn update(c: &Connection, f: &Feedback) -> Result<()> {
    c.execute(
        "UPDATE feedback SET data = ?2, meta = ?3, snapshot = ?4, updated_at = ?5 WHERE id = ?1",
        params![
            f.id,
            text(&f.data),
            text(&f.meta),
            text(&f.snapshot),
            f.updated_at
        ],
    )?;
    Ok(())
}

pub fn delete(c: &Connection, id: &str) -> Result<bool> {
    Ok(c.execute("DELETE FROM feedback WHERE id = ?1", [id])? > 0)
}

pub fn delete_by_user(c: &Connection, user_id: &str) -> Result<bool> {
    Ok(c.execute("DELETE FROM feedback WHERE user_id = ?1", [user_id])? > 0)
}

pub fn delete_all(c: &Connection) -> Result<bool> {
    Ok(c.execute("DELETE FROM feedback", [])? > 0)
}

/// Every row, newest change first.
pub fn all(c: &Connection) -> Result<Vec<Feedback>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM feedback f ORDER BY f.updated_at DESC, f.rowid DESC"
    ))?;
    let v = st.query_map([], row)?.collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

pub fn all_ids(c: &Connection) -> Result<Vec<FeedbackId>> {
    let mut st = c.prepare_cached(
        "SELECT id, user_id, created_at, updated_at FROM feedback \
         ORDER BY updated_at DESC, rowid DESC",
    )?;
    let v = st
        .query_map([], |r| {
            Ok(FeedbackId {
                id: r.get(0)?,
                user_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                created_at: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                updated_at: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// Distinct non-null `data.model_id` values (unordered).
pub fn model_ids(c: &Connection) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT json_extract(data, '$.model_id') FROM feedback \
         WHERE json_valid(data) AND json_type(data, '$.model_id') = 'text'",
    )?;
    let v = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// `(id, data)` of every row in insertion order, for the leaderboard.
pub fn ratings(c: &Connection) -> Result<Vec<(String, Option<Value>)>> {
    let mut st = c.prepare_cached("SELECT id, data FROM feedback ORDER BY rowid")?;
    let v = st
        .query_map([], |r| Ok((r.get(0)?, json_col(r, 1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// `(created_at, data)` of rows created at or after `since` (all when
/// `None`), in insertion order.
pub fn dated(c: &Connection, since: Option<i64>) -> Result<Vec<(i64, Option<Value>)>> {
    let mut st = c.prepare_cached(
        "SELECT created_at, data FROM feedback WHERE ?1 IS NULL OR created_at >= ?1 ORDER BY rowid",
    )?;
    let v = st
        .query_map([since], |r| {
            Ok((r.get::<_, Option<i64>>(0)?.unwrap_or(0), json_col(r, 1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// How `/feedbacks/list` sorts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Order {
    /// Newest first (no filter given at all).
    Created,
    /// Table order (a filter given without a known `order_by`).
    Unordered,
    Username(bool),
    ModelId(bool),
    Rating(bool),
    Updated(bool),
}

impl Order {
    fn clause(self) -> &'static str {
        match self {
            Order::Created => "ORDER BY f.created_at DESC",
            Order::Unordered => "ORDER BY f.rowid",
            Order::Username(true) => "ORDER BY u.name ASC",
            Order::Username(false) => "ORDER BY u.name DESC",
            Order::ModelId(true) => "ORDER BY json_extract(f.data, '$.model_id') ASC",
            Order::ModelId(false) => "ORDER BY json_extract(f.data, '$.model_id') DESC",
            Order::Rating(true) => "ORDER BY json_extract(f.data, '$.rating') ASC",
            Order::Rating(false) => "ORDER BY json_extract(f.data, '$.rating') DESC",
            Order::Updated(true) => "ORDER BY f.updated_at ASC",
            Order::Updated(false) => "ORDER BY f.updated_at DESC",
        }
    }
}

const FROM: &str = "FROM feedback f JOIN \"user\" u ON u.id = f.user_id \
    WHERE (?1 IS NULL OR (json_valid(f.data) AND json_extract(f.data, '$.model_id') = ?1)) \
    AND (?2 IS NULL OR f.user_id = ?2)";

/// One page of feedback with authors, and the total: all authors or one
/// (`user_id`), all models or one (`model_id`).
pub fn page(
    c: &Connection,
    model_id: Option<&str>,
    user_id: Option<&str>,
    order: Order,
    skip: i64,
    limit: i64,
) -> Result<(Vec<FeedbackItem>, i64)> {
    let total: i64 = c.query_row(
        &format!("SELECT count(*) {FROM}"),
        params![model_id, user_id],
        |r| r.get(0),
    )?;
    let mut st = c.prepare_cached(&format!(
        "SELECT {ITEM_COLS} {FROM} {} LIMIT ?3 OFFSET ?4",
        order.clause()
    ))?;
    let items = st
        .query_map(params![model_id, user_id, limit, skip], item_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok((items, total))
}
