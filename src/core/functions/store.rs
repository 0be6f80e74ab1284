//! Every SQL statement on `function`.

use rusqlite::{Connection, Row};

use super::model::{FunctionItem, function_meta};
use crate::db::json_col;
use crate::error::Result;

fn item_row(r: &Row) -> rusqlite::Result<FunctionItem> {
    let meta = json_col(r, 5)?;
    Ok(FunctionItem {
        version_id: r.get(0)?,
        id: r.get(1)?,
        user_id: r.get(2)?,
        kind: r.get(3)?,
        name: r.get(4)?,
        meta: function_meta(meta.as_ref()),
        is_active: r.get::<_, Option<bool>>(6)?.unwrap_or(false),
        is_global: r.get::<_, Option<bool>>(7)?.unwrap_or(false),
        updated_at: r.get::<_, Option<i64>>(8)?.unwrap_or(0),
        created_at: r.get::<_, Option<i64>>(9)?.unwrap_or(0),
    })
}

/// Every function without its source, in storage order (as upstream's
/// unordered `SELECT`).
pub fn all(c: &Connection) -> Result<Vec<FunctionItem>> {
    let mut st = c.prepare_cached(
        "SELECT version_id, id, user_id, type, name, meta, is_active, is_global, updated_at, created_at \
         FROM function ORDER BY rowid",
    )?;
    let v = st
        .query_map([], item_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}
