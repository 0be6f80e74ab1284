//! Comparing a KB with a local folder (`sync/diff`), and exporting its
//! text.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;

use super::*;
use crate::core::files;

/// Uploads still pending after this long are offered again.
const PENDING_RETRY_SECS: i64 = 3600;

/// `POST /{id}/sync/diff`: what a client must upload, replace and remove
/// so the KB matches its manifest. Reads only.
pub fn sync_diff(cx: &Ctx, actor: &Actor, id: &str, form: SyncManifest) -> Result<SyncDiff> {
    writable_local(cx, actor, id)?;
    let paths = list::dir_paths(cx, id)?;
    let by_path: BTreeMap<String, String> =
        paths.iter().map(|(i, p)| (p.clone(), i.clone())).collect();
    let since = now() - PENDING_RETRY_SECS;
    let pending: HashSet<(String, String, Option<String>)> = files::pending_for_knowledge(cx, id)?
        .into_iter()
        .filter(|f| f.created_at.unwrap_or(0) >= since)
        .map(|f| {
            let meta = f.meta.clone().unwrap_or(Value::Null);
            let dir = meta
                .pointer("/data/directory_id")
                .and_then(Value::as_str)
                .and_then(|d| paths.get(d).cloned())
                .unwrap_or_default();
            let hash = meta
                .get("file_hash")
                .and_then(Value::as_str)
                .map(str::to_string);
            (dir, f.filename, hash)
        })
        .collect();
    let ids = Value::from(vec![id]).to_string();
    // (path, filename) → (file id, stored checksum); a later duplicate wins
    let mut indexed: BTreeMap<(String, String), (String, Option<String>)> = BTreeMap::new();
    for f in cx.db.read(|c| store::linked_files(c, &ids, false))? {
        let path = f
            .directory_id
            .as_ref()
            .and_then(|d| paths.get(d).cloned())
            .unwrap_or_default();
        let sum = f
            .meta
            .as_ref()
            .and_then(|m| m.get("file_hash"))
            .and_then(Value::as_str)
            .map(str::to_string);
        indexed.insert((path, f.filename), (f.id, sum));
    }
    let mut diff = SyncDiff {
        added: vec![],
        modified: vec![],
        deleted: vec![],
        mkdir: vec![],
        rmdir: vec![],
        unmodified_count: 0,
        directory_map: by_path.clone(),
    };
    let mut seen = HashSet::new();
    let mut needed = BTreeSet::new();
    for e in &form.manifest {
        let key = (e.path.clone(), e.filename.clone());
        seen.insert(key.clone());
        if !e.path.is_empty() {
            let parts: Vec<&str> = e.path.split('/').collect();
            for depth in 1..=parts.len() {
                needed.insert(parts[..depth].join("/"));
            }
        }
        match indexed.get(&key) {
            None if pending.contains(&(key.0.clone(), key.1.clone(), Some(e.checksum.clone()))) => {
                diff.unmodified_count += 1;
            }
            None => diff.added.push(SyncAdded {
                filename: e.filename.clone(),
                path: e.path.clone(),
            }),
            Some((fid, sum)) if sum.as_deref() != Some(e.checksum.as_str()) => {
                diff.modified.push(SyncModified {
                    filename: e.filename.clone(),
                    path: e.path.clone(),
                    stale_file_id: fid.clone(),
                })
            }
            Some(_) => diff.unmodified_count += 1,
        }
    }
    for (key, (fid, _)) in &indexed {
        if !seen.contains(key) {
            diff.deleted.push(SyncDeleted {
                file_id: fid.clone(),
                filename: key.1.clone(),
            });
        }
    }
    diff.mkdir = needed
        .iter()
        .filter(|p| !by_path.contains_key(*p))
        .cloned()
        .collect();
    diff.mkdir.sort_by_key(|p| p.matches('/').count());
    diff.rmdir = by_path
        .iter()
        .filter(|(p, _)| !needed.contains(*p))
        .map(|(_, i)| i.clone())
        .collect();
    Ok(diff)
}

/// The zip's name: letters, digits, space, `-` and `_` kept, anything
/// else `_`.
fn zip_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.zip")
}

/// `GET /{id}/export` (admins): a zip with one `<filename>.txt` per linked
/// file that has extracted text. A name met twice gets ` (2)`, ` (3)`...
/// before its extension, so no entry hides another.
pub fn export(cx: &Ctx, actor: &Actor, id: &str) -> Result<Export> {
    actor.require_admin()?;
    let k = find(cx, id)?.ok_or_else(Error::not_found)?;
    if k.is_external() {
        return Err(Error::invalid(EXTERNAL_RO));
    }
    let ids = Value::from(vec![id]).to_string();
    let rows = cx.db.read(|c| store::linked_files(c, &ids, true))?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut used: HashSet<String> = HashSet::new();
    for f in rows {
        let Some(text) = f.content.filter(|c| !c.is_empty()) else {
            continue;
        };
        let base = f.filename.strip_suffix(".txt").unwrap_or(&f.filename);
        let mut name = format!("{base}.txt");
        let mut n = 1;
        while !used.insert(name.clone()) {
            n += 1;
            name = format!("{base} ({n}).txt");
        }
        zip.start_file(name, opts).map_err(Error::internal)?;
        zip.write_all(text.as_bytes())?;
    }
    let bytes = zip.finish().map_err(Error::internal)?.into_inner();
    Ok(Export {
        filename: zip_name(&k.name),
        zip: bytes,
    })
}
