//! Every SQL statement on `tool`.

use rusqlite::{Connection, Row};

use super::model::ToolRow;
use crate::db::json_col;
use crate::error::Result;

fn tool_row(r: &Row) -> rusqlite::Result<ToolRow> {
    Ok(ToolRow {
        id: r.get(0)?,
        version_id: r.get(1)?,
        user_id: r.get(2)?,
        name: r.get(3)?,
        specs: json_col(r, 4)?,
        meta: json_col(r, 5)?,
        updated_at: r.get(6)?,
        created_at: r.get(7)?,
    })
}

/// Every tool without its source, newest change first.
pub fn all(c: &Connection) -> Result<Vec<ToolRow>> {
    let mut st = c.prepare_cached(
        "SELECT id, version_id, user_id, name, specs, meta, updated_at, created_at \
         FROM tool ORDER BY updated_at DESC, rowid DESC",
    )?;
    let v = st
        .query_map([], tool_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}
