//! Versions of a model (`model_history`): list, show, delete, restore.

use serde_json::{Value, json};

use super::*;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::users;
use crate::error::{Error, Result, msg};

/// The model, when the caller may see and change its history.
fn history_model(cx: &Ctx, actor: &Actor, id: &str) -> Result<Model> {
    actor.require_verified()?;
    let m = find(cx, id)?.ok_or_else(Error::not_found)?;
    if !write_flag(cx, actor, &m)? {
        return Err(Error::ReadOnly(msg::ACCESS_PROHIBITED.into()));
    }
    Ok(m)
}

fn author(cx: &Ctx, h: &mut History) -> Result<()> {
    h.user = users::find(cx, &h.user_id)?.map(|u| json!({ "name": u.name }));
    Ok(())
}

/// `GET /model/history`: 20 versions a page, newest first.
pub fn history(cx: &Ctx, actor: &Actor, id: &str, page: i64) -> Result<Vec<History>> {
    history_model(cx, actor, id)?;
    let offset = crate::core::page_offset(page, HISTORY_PAGE_SIZE);
    let mut v = cx
        .db
        .read(|c| store::history(c, id, HISTORY_PAGE_SIZE, offset))?;
    for h in &mut v {
        author(cx, h)?;
    }
    Ok(v)
}

/// `GET /model/history/{history_id}`: one version with its snapshot.
pub fn history_entry(cx: &Ctx, actor: &Actor, id: &str, history_id: &str) -> Result<HistoryEntry> {
    history_model(cx, actor, id)?;
    let (mut entry, snapshot) = cx
        .db
        .read(|c| store::history_entry(c, id, history_id))?
        .ok_or_else(|| Error::NotFound(VERSION_NOT_FOUND.into()))?;
    author(cx, &mut entry)?;
    Ok(HistoryEntry { entry, snapshot })
}

/// `DELETE /model/history/{history_id}`: not the live version.
pub fn delete_history_entry(cx: &Ctx, actor: &Actor, id: &str, history_id: &str) -> Result<bool> {
    history_model(cx, actor, id)?;
    cx.db.write(|tx| {
        let m = store::get(tx, id)?.ok_or_else(|| Error::NotFound(VERSION_NOT_FOUND.into()))?;
        if m.version_id.as_deref() == Some(history_id) {
            return Err(Error::invalid("Cannot delete the current version"));
        }
        let (h, _) = store::history_entry(tx, id, history_id)?
            .ok_or_else(|| Error::NotFound(VERSION_NOT_FOUND.into()))?;
        store::delete_history_entry(tx, id, history_id, h.parent_id.as_deref())
    })?;
    Ok(true)
}

/// `POST /model/update/version`: make a stored version live again
/// (`is_active` and `meta.hidden` keep their live values).
pub fn restore_version(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    version_id: &str,
    providers: Providers,
) -> Result<Model> {
    let m = history_model(cx, actor, id)?;
    let (_, snap) = cx
        .db
        .read(|c| store::history_entry(c, id, version_id))?
        .ok_or_else(|| Error::NotFound(VERSION_NOT_FOUND.into()))?;
    let base = snap
        .get("base_model_id")
        .and_then(Value::as_str)
        .map(str::to_string);
    if !actor.is_admin()
        && m.base_model_id.as_deref().is_some_and(|b| !b.is_empty())
        && base.as_deref().is_none_or(str::is_empty)
    {
        return Err(Error::NotPermitted(msg::ACCESS_PROHIBITED.into()));
    }
    let form = ModelForm {
        id: id.into(),
        base_model_id: Some(base.clone()),
        name: snap
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        meta: snap.get("meta").cloned().unwrap_or(json!({})),
        params: snap.get("params").cloned().unwrap_or(json!({})),
        ..Default::default()
    };
    check_controls(&form.params, base.as_deref().unwrap_or(id), providers)?;
    let content = Content::of(&form, base)?;
    file_refs::verify(cx, actor, bg(&content.meta), None)?;
    cx.db.write(|tx| {
        let cur = store::get(tx, id)?.ok_or_else(Error::not_found)?;
        update_tx(
            tx,
            &cur,
            &actor.id,
            content,
            None,
            None,
            Some(version_id.into()),
        )
    })?;
    find(cx, id)?.ok_or_else(Error::not_found)
}
