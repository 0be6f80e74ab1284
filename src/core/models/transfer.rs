//! Moving models in and out: export, import, sync.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Value, json};

use super::*;
use crate::core::Ctx;
use crate::core::access::{self, GrantSpec};
use crate::core::actor::Actor;
use crate::error::{Error, Result, msg};

/// `GET /export`: the presets the caller may change (admins with bypass:
/// all), each with `background_image_data` (null: background images stay
/// referenced by URL).
pub fn export(cx: &Ctx, actor: &Actor, ids: Option<&[String]>) -> Result<Vec<Value>> {
    actor.require_verified()?;
    if !permitted(cx, actor, "workspace.models_export")? {
        return Err(Error::NotPermitted(msg::UNAUTHORIZED.into()));
    }
    let everything = bypass_admin(cx, actor);
    let writable: HashSet<String> = access::matching_grants(cx, &actor.id, RT)?
        .into_iter()
        .filter(|(_, p)| p == "write")
        .map(|(r, _)| r)
        .collect();
    let models: Vec<Model> = all_rows(cx)?
        .into_iter()
        .filter(|m| m.is_preset())
        .filter(|m| ids.is_none_or(|ids| ids.contains(&m.id)))
        .filter(|m| everything || m.user_id == actor.id || writable.contains(&m.id))
        .collect();
    if let Some(ids) = ids {
        let want: BTreeSet<&String> = ids.iter().collect();
        let got: BTreeSet<&String> = models.iter().map(|m| &m.id).collect();
        if want != got {
            return Err(Error::forbidden(msg::ACCESS_PROHIBITED));
        }
    }
    models
        .into_iter()
        .map(|m| {
            let mut v = serde_json::to_value(&m)?;
            v["background_image_data"] = Value::Null;
            if let Some(url) = bg(&m.meta).filter(|u| !u.is_empty()) {
                v["background_image_data"] = json!(file_refs::inline(cx, &m.id, url)?);
                v["meta"]["background_image_url"] = Value::Null;
            }
            Ok(v)
        })
        .collect()
}

/// `POST /import`: update existing ids (meta merged, params replaced,
/// grants untouched), insert new ones (grants filtered as on create).
/// Items with invalid ids are skipped, as are new items of non-admins
/// without a base model. Returns the imported ids.
pub fn import(
    cx: &Ctx,
    actor: &Actor,
    items: Vec<Value>,
    providers: Providers,
) -> Result<Vec<String>> {
    actor.require_verified()?;
    if !permitted(cx, actor, "workspace.models_import")? {
        return Err(Error::NotPermitted(msg::UNAUTHORIZED.into()));
    }
    let mut done = Vec::new();
    let mut provider_list: Option<Vec<Value>> = None;
    for mut item in items {
        let Value::Object(obj) = &mut item else {
            return Err(Error::invalid("Invalid JSON format"));
        };
        let Some(id) = obj.get("id").and_then(Value::as_str).map(str::to_string) else {
            continue;
        };
        if !validate::is_valid_id(&id) {
            continue;
        }
        let encoded = obj
            .shift_remove("background_image_data")
            .filter(|v| !v.is_null());
        if obj.get("base_model_id").and_then(Value::as_str) == Some(id.as_str()) {
            obj.insert("base_model_id".into(), Value::Null);
        }
        // items referring to knowledge files the caller cannot read are skipped
        if file_refs::check_knowledge(cx, actor, obj.get("meta").unwrap_or(&Value::Null)).is_err() {
            continue;
        }
        if let Some(existing) = find(cx, &id)? {
            if !actor.is_admin()
                && existing.user_id != actor.id
                && !granted(cx, actor, &id, "write")?
            {
                return Err(Error::Conflict(MODEL_ID_TAKEN.into()));
            }
            let base_given = obj.get("base_model_id").cloned();
            let clears = match &base_given {
                None => existing.base_model_id.is_none(),
                Some(v) => v.as_str().is_none_or(str::is_empty),
            };
            if !actor.is_admin() && existing.base_model_id.is_some() && clears {
                continue;
            }
            let mut meta = existing.meta.clone();
            if let (Value::Object(m), Some(Value::Object(new))) = (&mut meta, obj.get("meta")) {
                for (k, v) in new {
                    m.insert(k.clone(), v.clone());
                }
            }
            let mut merged = serde_json::to_value(&existing)?;
            for (k, v) in obj.iter() {
                merged[k] = v.clone();
            }
            merged["meta"] = meta;
            merged["params"] = obj.get("params").cloned().unwrap_or(json!({}));
            let mut form: ModelForm =
                serde_json::from_value(merged).map_err(|e| Error::invalid(e.to_string()))?;
            validate::check_id_pattern(&form.id)?;
            let base = form.base_model_id.clone().flatten();
            check_controls(&form.params, base.as_deref().unwrap_or(&id), providers)?;
            keep_unset(&mut form, &existing, &[]);
            let mut content = Content::of(&form, base)?;
            if let Some(data) = &encoded {
                content.meta["background_image_url"] =
                    json!(file_refs::upload_inline(cx, actor, data)?);
            }
            file_refs::verify(cx, actor, bg(&content.meta), bg(&existing.meta))?;
            cx.db.write(|tx| {
                let cur = store::get(tx, &id)?.ok_or_else(Error::not_found)?;
                update_tx(
                    tx,
                    &cur,
                    &actor.id,
                    content,
                    form.is_active,
                    form.commit_message.clone(),
                    None,
                )
            })?;
        } else {
            obj.entry("meta").or_insert(json!({}));
            obj.entry("params").or_insert(json!({}));
            let form: ModelForm =
                serde_json::from_value(item.clone()).map_err(|e| Error::invalid(e.to_string()))?;
            let mut content = Content::of(&form, form.base_model_id.clone().flatten())?;
            if !actor.is_admin() {
                if content.base_model_id.as_deref().is_none_or(str::is_empty) {
                    continue;
                }
                let list = provider_list.get_or_insert_with(providers);
                if provider_id_taken(&id, list) {
                    return Err(Error::Conflict(MODEL_ID_TAKEN.into()));
                }
            }
            check_controls(
                &form.params,
                content.base_model_id.as_deref().unwrap_or(&id),
                providers,
            )?;
            if let Some(data) = &encoded {
                content.meta["background_image_url"] =
                    json!(file_refs::upload_inline(cx, actor, data)?);
            }
            file_refs::verify(cx, actor, bg(&content.meta), None)?;
            let (grants, _) = access::filter_grants(
                cx,
                actor,
                RT,
                GrantSpec::list_of(form.access_grants.as_deref().unwrap_or_default()),
            )?;
            cx.db.write(|tx| {
                insert_tx(
                    tx,
                    &id,
                    &actor.id,
                    &content,
                    form.is_active.unwrap_or(true),
                    form.commit_message.clone(),
                    &grants,
                )
            })?;
        }
        done.push(id);
    }
    Ok(done)
}

/// `POST /sync` (admin): make the table exactly `models` (full `Model`
/// objects); rows not listed are deleted with their grants and history.
pub fn sync(
    cx: &Ctx,
    actor: &Actor,
    models: Vec<Model>,
    providers: Providers,
) -> Result<Vec<Model>> {
    actor.require_admin()?;
    let mut contents = Vec::new();
    for m in &models {
        validate::check_id_pattern(&m.id)?;
        let mut form = ModelForm {
            id: m.id.clone(),
            base_model_id: Some(m.base_model_id.clone()),
            name: m.name.clone(),
            meta: m.meta.clone(),
            params: m.params.clone(),
            access_grants: None,
            is_active: Some(m.is_active),
            commit_message: None,
        };
        check_controls(
            &m.params,
            m.base_model_id.as_deref().unwrap_or(&m.id),
            providers,
        )?;
        let prev = find(cx, &m.id)?;
        if let Some(prev) = &prev {
            keep_unset(&mut form, prev, &["voice_avatar", "background_image_url"]);
        }
        file_refs::verify(
            cx,
            actor,
            bg(&form.meta),
            prev.as_ref().and_then(|p| bg(&p.meta)),
        )?;
        let grants: Vec<GrantSpec> = m
            .access_grants
            .iter()
            .map(|g| GrantSpec {
                id: None,
                principal_type: g.principal_type.clone(),
                principal_id: g.principal_id.clone(),
                permission: g.permission.clone(),
            })
            .collect();
        contents.push((
            Content::of(&form, m.base_model_id.clone())?,
            m.is_active,
            grants,
        ));
    }
    let keep: BTreeSet<&str> = models.iter().map(|m| m.id.as_str()).collect();
    cx.db.write(|tx| {
        for (m, (c, active, grants)) in models.iter().zip(contents) {
            match store::get(tx, &m.id)? {
                Some(cur) => update_tx(tx, &cur, &actor.id, c, Some(active), None, None)?,
                None => insert_tx(tx, &m.id, &actor.id, &c, active, None, &grants)?,
            }
        }
        for id in store::ids(tx)? {
            if !keep.contains(id.as_str()) {
                access::delete_for_resource_tx(tx, RT, &id)?;
                store::delete(tx, &id)?;
            }
        }
        Ok(())
    })?;
    models
        .iter()
        .map(|m| find(cx, &m.id)?.ok_or_else(Error::not_found))
        .collect()
}
