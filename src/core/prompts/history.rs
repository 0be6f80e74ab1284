//! Versions of a prompt (`prompt_history`): list, compare, show, delete,
//! restore.

use std::collections::BTreeMap;

use serde_json::Value;

use super::*;

/// The prompt, when it exists and the caller may read it.
fn readable(cx: &Ctx, actor: &Actor, id: &str) -> Result<Prompt> {
    actor.require_verified()?;
    let p = find(cx, id)?.ok_or_else(Error::not_found)?;
    if !can_read(cx, actor, &p)? {
        return Err(Error::forbidden(msg::ACCESS_PROHIBITED));
    }
    Ok(p)
}

/// `GET /id/{id}/history`: 20 versions a page (pages count from 0),
/// newest first, with their authors.
pub fn history(cx: &Ctx, actor: &Actor, id: &str, page: i64) -> Result<Vec<HistoryWithUser>> {
    let p = readable(cx, actor, id)?;
    let offset = page.max(0) * HISTORY_PAGE_SIZE;
    let entries = cx
        .db
        .read(|c| store::history(c, &p.id, HISTORY_PAGE_SIZE, offset))?;
    let mut authors = BTreeMap::new();
    entries
        .into_iter()
        .map(|entry| {
            if !authors.contains_key(&entry.user_id) {
                let u = users::find(cx, &entry.user_id)?.map(owner);
                authors.insert(entry.user_id.clone(), u);
            }
            Ok(HistoryWithUser {
                user: authors[&entry.user_id].clone(),
                entry,
            })
        })
        .collect()
}

/// One entry of this prompt, else not found.
fn entry_of(cx: &Ctx, p: &Prompt, history_id: &str) -> Result<History> {
    cx.db
        .read(|c| store::history_entry(c, history_id))?
        .filter(|h| h.prompt_id == p.id)
        .ok_or_else(Error::not_found)
}

/// `GET /id/{id}/history/{history_id}`.
pub fn history_entry(cx: &Ctx, actor: &Actor, id: &str, history_id: &str) -> Result<History> {
    let p = readable(cx, actor, id)?;
    entry_of(cx, &p, history_id)
}

fn content_of(s: &Value) -> &str {
    s.get("content").and_then(Value::as_str).unwrap_or_default()
}

fn short(id: &str) -> String {
    id.chars().take(8).collect()
}

/// `GET /id/{id}/history/diff`: the content's unified diff between two
/// versions of this prompt.
pub fn diff(cx: &Ctx, actor: &Actor, id: &str, from_id: &str, to_id: &str) -> Result<Diff> {
    let p = readable(cx, actor, id)?;
    let from = entry_of(cx, &p, from_id)?;
    let to = entry_of(cx, &p, to_id)?;
    let (a, b) = (content_of(&from.snapshot), content_of(&to.snapshot));
    let lines = diff::unified(
        &diff::splitlines(a),
        &diff::splitlines(b),
        &format!("v{}", short(from_id)),
        &format!("v{}", short(to_id)),
    );
    Ok(Diff {
        from_id: from_id.into(),
        to_id: to_id.into(),
        line_endings_only: lines.is_empty() && a != b,
        name_changed: from.snapshot.get("name") != to.snapshot.get("name"),
        content_diff: lines,
        from_snapshot: from.snapshot,
        to_snapshot: to.snapshot,
    })
}

/// `DELETE /id/{id}/history/{history_id}`: not the live version; its
/// children are re-linked to its parent.
pub fn delete_history_entry(cx: &Ctx, actor: &Actor, id: &str, history_id: &str) -> Result<bool> {
    writable(cx, actor, id)?;
    cx.db.write(|tx| {
        let p = store::get(tx, id)?.ok_or_else(Error::not_found)?;
        if p.version_id.as_deref() == Some(history_id) {
            return Err(Error::invalid(ACTIVE_VERSION));
        }
        let h = store::history_entry(tx, history_id)?
            .filter(|h| h.prompt_id == id)
            .ok_or_else(Error::not_found)?;
        store::delete_history_entry(tx, &h)
    })?;
    Ok(true)
}

/// `POST /id/{id}/update/version`: make a version live again (name,
/// content, data, meta and tags; not the command, not the grants).
pub fn set_version(cx: &Ctx, actor: &Actor, id: &str, version_id: &str) -> Result<Prompt> {
    writable(cx, actor, id)?;
    cx.db.write(|tx| {
        let mut p = store::get(tx, id)?.ok_or_else(Error::not_found)?;
        let h = store::history_entry(tx, version_id)?
            .filter(|h| h.prompt_id == id)
            .ok_or_else(|| Error::invalid(msg::DEFAULT))?;
        if let Value::Object(s) = &h.snapshot
            && !s.is_empty()
        {
            if let Some(v) = s.get("name") {
                p.name = v.as_str().unwrap_or_default().to_string();
            }
            if let Some(v) = s.get("content") {
                p.content = v.as_str().unwrap_or_default().to_string();
            }
            if let Some(v) = s.get("data") {
                p.data = Some(v.clone()).filter(|v| !v.is_null());
            }
            if let Some(v) = s.get("meta") {
                p.meta = Some(v.clone()).filter(|v| !v.is_null());
            }
            if let Some(v) = s.get("tags") {
                p.tags = serde_json::from_value(v.clone()).unwrap_or_default();
            }
        }
        p.version_id = Some(version_id.into());
        p.updated_at = now();
        store::update(tx, &p, COMMAND_TAKEN)
    })?;
    find(cx, id)?.ok_or_else(Error::not_found)
}
