//! Every SQL statement of the vector store (`vector_collection`,
//! `vector_item`).

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::{Map, Value};

use super::{Hit, Item};
use crate::error::{Error, Result};

/// A collection's row: its id, vector length and write counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CollectionRow {
    pub id: i64,
    pub dim: usize,
    pub version: i64,
}

pub(super) fn collection(c: &Connection, name: &str) -> Result<Option<CollectionRow>> {
    Ok(
        c.prepare_cached("SELECT id, dim, version FROM vector_collection WHERE name = ?1")?
            .query_row([name], |r| {
                Ok(CollectionRow {
                    id: r.get(0)?,
                    dim: r.get::<_, i64>(1)? as usize,
                    version: r.get(2)?,
                })
            })
            .optional()?,
    )
}

/// The collection, created with vectors of `dim` numbers when absent.
pub(super) fn ensure_collection(tx: &Transaction, name: &str, dim: usize) -> Result<CollectionRow> {
    if let Some(row) = collection(tx, name)? {
        if row.dim != dim {
            return Err(Error::invalid(format!(
                "Collection {name} holds vectors of {} numbers, not {dim}.",
                row.dim
            )));
        }
        return Ok(row);
    }
    tx.execute(
        "INSERT INTO vector_collection (name, dim, created_at) VALUES (?1, ?2, unixepoch())",
        params![name, dim as i64],
    )?;
    Ok(CollectionRow {
        id: tx.last_insert_rowid(),
        dim,
        version: 0,
    })
}

/// Mark the collection changed, so cached indexes of it are rebuilt.
pub(super) fn bump(tx: &Transaction, id: i64) -> Result<()> {
    tx.prepare_cached("UPDATE vector_collection SET version = version + 1 WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

pub(super) fn vector_blob(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub(super) fn blob_vector(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// Add items; with `replace`, an item whose id is taken replaces the
/// stored one in place, otherwise it is skipped (as Chroma's `add` does).
pub(super) fn put(
    tx: &Transaction,
    collection_id: i64,
    items: &[Item],
    replace: bool,
) -> Result<()> {
    let sql = if replace {
        "INSERT INTO vector_item (collection_id, id, text, vector, metadata) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (collection_id, id) DO UPDATE SET text = excluded.text, vector = excluded.vector, metadata = excluded.metadata"
    } else {
        "INSERT INTO vector_item (collection_id, id, text, vector, metadata) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (collection_id, id) DO NOTHING"
    };
    let mut stmt = tx.prepare_cached(sql)?;
    for it in items {
        let meta = Value::Object(it.metadata.clone()).to_string();
        stmt.execute(params![
            collection_id,
            it.id,
            it.text,
            vector_blob(&it.vector),
            meta
        ])?;
    }
    Ok(())
}

pub(super) fn delete_collection(tx: &Transaction, name: &str) -> Result<bool> {
    Ok(tx.execute("DELETE FROM vector_collection WHERE name = ?1", [name])? > 0)
}

pub(super) fn reset(tx: &Transaction) -> Result<()> {
    tx.execute_batch("DELETE FROM vector_item; DELETE FROM vector_collection;")?;
    Ok(())
}

/// A metadata value as SQLite's `json_extract` yields it, and whether the
/// comparison must also check the JSON type (booleans and numbers both
/// come out as numbers).
fn sql_value(key: &str, value: &Value) -> Result<(rusqlite::types::Value, &'static str)> {
    use rusqlite::types::Value as V;
    Ok(match value {
        Value::String(s) => (V::Text(s.clone()), "text"),
        Value::Number(n) if n.is_i64() => (V::Integer(n.as_i64().unwrap_or_default()), "integer"),
        Value::Number(n) => (V::Real(n.as_f64().unwrap_or_default()), "real"),
        Value::Bool(b) => (V::Integer(*b as i64), if *b { "true" } else { "false" }),
        _ => {
            return Err(Error::invalid(format!(
                "Metadata key {key} can be matched against a string, number or boolean only."
            )));
        }
    })
}

/// The DELETE and SELECT statements for the rows whose metadata `key`
/// (bound as ?2) equals ?3 with JSON type ?4: the indexed expressions for
/// `file_id` and `hash`, a quoted JSON path for any other key.
fn by_key(key: &str) -> Result<(&'static str, &'static str)> {
    Ok(match key {
        "file_id" => (
            "DELETE FROM vector_item WHERE collection_id = ?1 AND json_extract(metadata, '$.file_id') = ?3 AND json_type(metadata, '$.file_id') = ?4",
            "SELECT id, text, metadata FROM vector_item WHERE collection_id = ?1 AND json_extract(metadata, '$.file_id') = ?3 AND json_type(metadata, '$.file_id') = ?4 ORDER BY rowid",
        ),
        "hash" => (
            "DELETE FROM vector_item WHERE collection_id = ?1 AND json_extract(metadata, '$.hash') = ?3 AND json_type(metadata, '$.hash') = ?4",
            "SELECT id, text, metadata FROM vector_item WHERE collection_id = ?1 AND json_extract(metadata, '$.hash') = ?3 AND json_type(metadata, '$.hash') = ?4 ORDER BY rowid",
        ),
        _ if key.is_empty() || key.contains(['"', '\\']) => {
            return Err(Error::invalid(format!("Invalid metadata key: {key:?}")));
        }
        _ => (
            "DELETE FROM vector_item WHERE collection_id = ?1 AND json_extract(metadata, '$.\"' || ?2 || '\"') = ?3 AND json_type(metadata, '$.\"' || ?2 || '\"') = ?4",
            "SELECT id, text, metadata FROM vector_item WHERE collection_id = ?1 AND json_extract(metadata, '$.\"' || ?2 || '\"') = ?3 AND json_type(metadata, '$.\"' || ?2 || '\"') = ?4 ORDER BY rowid",
        ),
    })
}

pub(super) fn delete_where(
    tx: &Transaction,
    collection_id: i64,
    key: &str,
    value: &Value,
) -> Result<usize> {
    let (sql, _) = by_key(key)?;
    let (v, ty) = sql_value(key, value)?;
    Ok(tx.execute(sql, params![collection_id, key, v, ty])?)
}

pub(super) fn delete_ids(tx: &Transaction, collection_id: i64, ids: &[String]) -> Result<usize> {
    let mut st =
        tx.prepare_cached("DELETE FROM vector_item WHERE collection_id = ?1 AND id = ?2")?;
    let mut n = 0;
    for id in ids {
        n += st.execute(params![collection_id, id])?;
    }
    Ok(n)
}

fn hit_row(r: &rusqlite::Row) -> rusqlite::Result<Hit> {
    let meta: String = r.get(2)?;
    Ok(Hit {
        id: r.get(0)?,
        text: r.get(1)?,
        metadata: parse_meta(&meta),
        score: 1.0,
    })
}

pub(super) fn parse_meta(s: &str) -> Map<String, Value> {
    match serde_json::from_str(s) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

pub(super) fn get_where(
    c: &Connection,
    collection_id: i64,
    key: &str,
    value: &Value,
) -> Result<Vec<Hit>> {
    let (_, sql) = by_key(key)?;
    let (v, ty) = sql_value(key, value)?;
    let mut stmt = c.prepare(sql)?;
    let rows = stmt.query_map(params![collection_id, key, v, ty], hit_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn get_all(c: &Connection, collection_id: i64) -> Result<Vec<Hit>> {
    let mut stmt = c.prepare(
        "SELECT id, text, metadata FROM vector_item WHERE collection_id = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([collection_id], hit_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every chunk with its vector, in insertion order.
pub(super) fn items(c: &Connection, collection_id: i64) -> Result<Vec<Item>> {
    let mut stmt = c.prepare(
        "SELECT id, text, metadata, vector FROM vector_item WHERE collection_id = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([collection_id], |r| {
        let hit = hit_row(r)?;
        Ok(Item {
            id: hit.id,
            text: hit.text,
            metadata: hit.metadata,
            vector: blob_vector(r.get_ref(3)?.as_blob()?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn count(c: &Connection, collection_id: i64) -> Result<usize> {
    Ok(
        c.prepare_cached("SELECT count(*) FROM vector_item WHERE collection_id = ?1")?
            .query_row([collection_id], |r| r.get::<_, i64>(0))? as usize,
    )
}

/// What a scan of a collection reads of each chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Wanted {
    pub vector: bool,
    pub text: bool,
    pub metadata: bool,
}

/// One chunk as a scan reads it: the columns not wanted are `None`.
pub(super) struct Scanned<'a> {
    pub rowid: i64,
    pub vector: Option<&'a [u8]>,
    pub text: Option<&'a str>,
    pub metadata: Option<&'a str>,
}

pub(super) fn scan_sql(want: Wanted) -> String {
    let col = |on: bool, name: &str| if on { name.to_string() } else { "NULL".into() };
    format!(
        "SELECT rowid, {}, {}, {} FROM vector_item WHERE collection_id = ?1 ORDER BY rowid",
        col(want.vector, "vector"),
        col(want.text, "text"),
        col(want.metadata, "metadata"),
    )
}

/// Every chunk of the collection in insertion order, in one pass over
/// the `vector_item_collection` index (no sort), reading only the wanted
/// columns.
pub(super) fn scan(
    c: &Connection,
    collection_id: i64,
    want: Wanted,
    mut f: impl FnMut(Scanned<'_>),
) -> Result<()> {
    let mut stmt = c.prepare(&scan_sql(want))?;
    let mut rows = stmt.query([collection_id])?;
    while let Some(r) = rows.next()? {
        let vector = match r.get_ref(1)? {
            rusqlite::types::ValueRef::Null => None,
            v => Some(v.as_blob().map_err(rusqlite::Error::from)?),
        };
        let text = match r.get_ref(2)? {
            rusqlite::types::ValueRef::Null => None,
            v => Some(v.as_str().map_err(rusqlite::Error::from)?),
        };
        let metadata = match r.get_ref(3)? {
            rusqlite::types::ValueRef::Null => None,
            v => Some(v.as_str().map_err(rusqlite::Error::from)?),
        };
        f(Scanned {
            rowid: r.get(0)?,
            vector,
            text,
            metadata,
        });
    }
    Ok(())
}

/// The collection's write counter (`None` when it is gone).
pub(super) fn version(c: &Connection, collection_id: i64) -> Result<Option<i64>> {
    Ok(
        c.prepare_cached("SELECT version FROM vector_collection WHERE id = ?1")?
            .query_row([collection_id], |r| r.get(0))
            .optional()?,
    )
}

/// One stored vector by rowid.
pub(super) fn vector_at(c: &Connection, rowid: i64) -> Result<Vec<f32>> {
    Ok(
        c.prepare_cached("SELECT vector FROM vector_item WHERE rowid = ?1")?
            .query_row([rowid], |r| Ok(blob_vector(r.get_ref(0)?.as_blob()?)))?,
    )
}

/// One stored chunk by rowid (score 1 until the caller sets it), with its
/// vector.
pub(super) fn item_at(c: &Connection, rowid: i64) -> Result<(Hit, Vec<f32>)> {
    Ok(
        c.prepare_cached("SELECT id, text, metadata, vector FROM vector_item WHERE rowid = ?1")?
            .query_row([rowid], |r| {
                let hit = hit_row(r)?;
                Ok((hit, blob_vector(r.get_ref(3)?.as_blob()?)))
            })?,
    )
}
