//! SQL for the `config` table.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};
use serde_json::Value;

use crate::error::Result;
use crate::util::now;

pub fn insert_missing(c: &Connection, defaults: &BTreeMap<String, Value>) -> Result<()> {
    let mut st =
        c.prepare("INSERT OR IGNORE INTO config (key, value, updated_at) VALUES (?1, ?2, ?3)")?;
    let t = now();
    for (k, v) in defaults {
        st.execute(params![k, v.to_string(), t])?;
    }
    Ok(())
}

pub fn upsert_many(c: &Connection, entries: &BTreeMap<String, Value>) -> Result<()> {
    let mut st = c.prepare(
        "INSERT INTO config (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )?;
    let t = now();
    for (k, v) in entries {
        st.execute(params![k, v.to_string(), t])?;
    }
    Ok(())
}

pub fn all(c: &Connection) -> Result<BTreeMap<String, Value>> {
    let mut st = c.prepare("SELECT key, value FROM config")?;
    let rows = st.query_map([], |r| {
        let k: String = r.get(0)?;
        let v: String = r.get(1)?;
        Ok((k, v))
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (k, v) = row?;
        out.insert(k, serde_json::from_str(&v).unwrap_or(Value::String(v)));
    }
    Ok(out)
}
