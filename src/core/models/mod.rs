//! Workspace models: presets built on another model, and overrides of
//! provider models (which also carry their access grants), with versions.
//!
//! Tables: `model`, `model_history` (grants in `access_grant`, resource
//! type `model`). Endpoints: `/api/v1/models/*` (the merged runtime list
//! `/api/models` uses [`merge_list`] and [`can_use`]). Commands: `owui
//! models list|show|create|update|delete|import|export`.
//!
//! Authorization as upstream: reading needs ownership or a `read` grant
//! (admins when `BYPASS_ADMIN_ACCESS_CONTROL`), changing needs ownership,
//! a `write` grant, or the admin role; creating needs the permission
//! `workspace.models` (admins exempt).

mod file_refs;
mod history;
mod image;
mod list;
pub mod model;
mod runtime;
mod store;
mod transfer;
mod usage;
pub mod validate;

#[cfg(test)]
mod tests;

use serde_json::{Value, json};

pub use file_refs::owners_of_file;
pub use history::{delete_history_entry, history, history_entry, restore_version};
pub use image::profile_image;
pub use list::{all, base, base_tags, list, tags, visible};
pub use model::*;
pub use runtime::{can_use, group_default_models, merge_list};
pub use transfer::{export, import, sync};
pub use usage::Usage;
pub use validate::{MODEL_ID_TAKEN, MODEL_ID_TOO_LONG};

use crate::core::Ctx;
use crate::core::access::{self, GrantSpec};
use crate::core::actor::{Actor, Role};
use crate::core::users;
use crate::error::{Error, Result, msg};
use crate::util::{new_id, now};

const RT: &str = "model";
/// `GET /list` page size.
pub const PAGE_SIZE: i64 = 30;
/// `GET /model/history` page size.
pub const HISTORY_PAGE_SIZE: i64 = 20;
/// The message of a concurrent update (a conflict; upstream sends it as
/// `{"code": "version_conflict"}`).
pub const VERSION_CONFLICT: &str = "version_conflict";
const VERSION_NOT_FOUND: &str = "Model version not found";

fn bypass_admin(cx: &Ctx, actor: &Actor) -> bool {
    actor.is_admin() && cx.cfg.bool("BYPASS_ADMIN_ACCESS_CONTROL")
}

fn bypass_model(cx: &Ctx) -> bool {
    cx.cfg.bool("BYPASS_MODEL_ACCESS_CONTROL")
}

fn granted(cx: &Ctx, actor: &Actor, id: &str, perm: &str) -> Result<bool> {
    access::has_access(cx, &actor.id, RT, id, perm)
}

/// Owner, a `write` grant, or an admin (update / delete / toggle / share).
fn can_change(cx: &Ctx, actor: &Actor, m: &Model) -> Result<bool> {
    Ok(actor.is_admin() || m.user_id == actor.id || granted(cx, actor, &m.id, "write")?)
}

/// The `write_access` flag: owner, admin with bypass, or a `write` grant.
fn write_flag(cx: &Ctx, actor: &Actor, m: &Model) -> Result<bool> {
    Ok(bypass_admin(cx, actor) || m.user_id == actor.id || granted(cx, actor, &m.id, "write")?)
}

fn permitted(cx: &Ctx, actor: &Actor, key: &str) -> Result<bool> {
    Ok(actor.is_admin() || users::permissions::has(cx, &actor.id, key)?)
}

fn with_grants(cx: &Ctx, mut m: Model) -> Result<Model> {
    m.access_grants = access::grants_of(cx, RT, &m.id)?;
    Ok(m)
}

fn find(cx: &Ctx, id: &str) -> Result<Option<Model>> {
    cx.db
        .read(|c| store::get(c, id))?
        .map(|m| with_grants(cx, m))
        .transpose()
}

fn all_rows(cx: &Ctx) -> Result<Vec<Model>> {
    cx.db
        .read(store::all)?
        .into_iter()
        .map(|m| with_grants(cx, m))
        .collect()
}

/// What is written for a model: checked name, base, params and meta.
struct Content {
    name: String,
    base_model_id: Option<String>,
    params: Value,
    meta: Value,
}

impl Content {
    fn of(form: &ModelForm, base: Option<String>) -> Result<Content> {
        let mut meta = validate::normalize_meta(&form.meta)?;
        if let Value::Object(m) = &mut meta {
            m.shift_remove("chat_variables_schema");
        }
        Ok(Content {
            name: form.name.clone(),
            base_model_id: base.filter(|b| b != &form.id),
            params: validate::normalize_params(&form.params)?,
            meta,
        })
    }

    fn snapshot(&self) -> Value {
        validate::snapshot(&self.name, &self.base_model_id, &self.params, &self.meta)
    }
}

/// Insert a new row with version 1 and its grants, in a transaction.
fn insert_tx(
    tx: &rusqlite::Connection,
    id: &str,
    user_id: &str,
    c: &Content,
    is_active: bool,
    commit_message: Option<String>,
    grants: &[GrantSpec],
) -> Result<()> {
    let t = now();
    let h = History {
        id: new_id(),
        model_id: id.into(),
        parent_id: None,
        user_id: user_id.into(),
        commit_message,
        created_at: t,
        user: None,
    };
    store::insert_history(tx, &h, &c.snapshot())?;
    store::insert(
        tx,
        &Model {
            version_id: Some(h.id),
            id: id.into(),
            user_id: user_id.into(),
            base_model_id: c.base_model_id.clone(),
            name: c.name.clone(),
            params: c.params.clone(),
            meta: c.meta.clone(),
            access_grants: vec![],
            is_active,
            updated_at: t,
            created_at: t,
        },
    )?;
    access::replace_grants_tx(tx, RT, id, grants)
}

/// Write new content over the row `cur` (read in the same transaction): a
/// new version when the content changed, or the given `production`
/// version; refused when the row's version moved meanwhile.
fn update_tx(
    tx: &rusqlite::Connection,
    cur: &Model,
    author: &str,
    mut c: Content,
    is_active: Option<bool>,
    commit_message: Option<String>,
    production: Option<String>,
) -> Result<()> {
    let mut new = cur.clone();
    let t = now();
    if let Some(v) = production {
        if let Value::Object(m) = &mut c.meta {
            m.shift_remove("hidden");
            if let Some(h) = cur.meta.get("hidden") {
                m.insert("hidden".into(), h.clone());
            }
        }
        new.version_id = Some(v);
    } else {
        let previous = validate::snapshot(&cur.name, &cur.base_model_id, &cur.params, &cur.meta);
        let snap = c.snapshot();
        if snap != previous {
            let h = History {
                id: new_id(),
                model_id: cur.id.clone(),
                parent_id: cur.version_id.clone(),
                user_id: author.into(),
                commit_message,
                created_at: t,
                user: None,
            };
            store::insert_history(tx, &h, &snap)?;
            new.version_id = Some(h.id);
        }
        if let Some(a) = is_active {
            new.is_active = a;
        }
    }
    new.name = c.name;
    new.base_model_id = c.base_model_id;
    new.params = c.params;
    new.meta = c.meta;
    new.updated_at = t;
    if !store::update_if_version(tx, &new, cur.version_id.as_deref())? {
        return Err(Error::Conflict(VERSION_CONFLICT.into()));
    }
    Ok(())
}

/// Keep stored values the form does not mention: `meta` keys in `keep`
/// and `params.model_controls`.
fn keep_unset(form: &mut ModelForm, prev: &Model, keep: &[&str]) {
    if let Value::Object(m) = &mut form.meta {
        for k in keep {
            if !m.contains_key(*k) {
                m.insert(
                    (*k).to_string(),
                    prev.meta.get(*k).cloned().unwrap_or(Value::Null),
                );
            }
        }
    }
    if let Value::Object(p) = &mut form.params
        && !p.contains_key("model_controls")
        && let Some(mc) = prev.params.get("model_controls")
    {
        p.insert("model_controls".into(), mc.clone());
    }
}

/// A model as the workspace shows it: `meta.chat_variables_schema` added.
fn shown(m: &Model) -> Result<Model> {
    let v = validate::with_chat_variables(serde_json::to_value(m)?);
    Ok(serde_json::from_value(v)?)
}

/// The provider models (`/api/models/base` items), asked for only when a
/// check needs them: a non-admin's new model id, or model controls.
pub type Providers<'a> = &'a dyn Fn() -> Vec<Value>;

/// An empty provider list, for callers without providers.
pub fn no_providers() -> Vec<Value> {
    vec![]
}

/// Whether an id names a provider model (Ollama models also by the part
/// before `:`), which only admins may take.
fn provider_id_taken(id: &str, providers: &[Value]) -> bool {
    providers.iter().any(|m| {
        let Some(mid) = m.get("id").and_then(Value::as_str) else {
            return false;
        };
        m.get("preset").is_none()
            && (id == mid
                || (m.get("owned_by").and_then(Value::as_str) == Some("ollama")
                    && mid.split(':').next() == Some(id)))
    })
}

/// `model_controls` given in a form need a server-managed base model (not
/// a pipe, a direct connection or an arena model).
fn check_controls(params: &Value, base_id: &str, providers: Providers) -> Result<()> {
    let given = params
        .get("model_controls")
        .and_then(Value::as_object)
        .is_some_and(|m| !m.is_empty());
    if !given {
        return Ok(());
    }
    let list = providers();
    if let Some(b) = list
        .iter()
        .find(|m| m.get("id").and_then(Value::as_str) == Some(base_id))
        && (b.get("pipe").is_some()
            || b.get("direct")
                .is_some_and(|d| d.as_bool().unwrap_or(!d.is_null()))
            || b.get("owned_by").and_then(Value::as_str) == Some("arena"))
    {
        return Err(Error::invalid(
            "Model controls require a server-managed provider model.",
        ));
    }
    Ok(())
}

fn bg(meta: &Value) -> Option<&str> {
    meta.get("background_image_url").and_then(Value::as_str)
}

/// `POST /create`.
pub fn create(cx: &Ctx, actor: &Actor, form: ModelForm, providers: Providers) -> Result<Model> {
    actor.require_verified()?;
    validate::check_id_pattern(&form.id)?;
    let content = Content::of(&form, form.base_model_id.clone().flatten())?;
    if !permitted(cx, actor, "workspace.models")? {
        return Err(Error::NotPermitted(msg::UNAUTHORIZED.into()));
    }
    validate::check_id_length(&form.id)?;
    if find(cx, &form.id)?.is_some() {
        return Err(Error::Conflict(MODEL_ID_TAKEN.into()));
    }
    if !actor.is_admin() {
        // users build on a base model; only admins add models of their own
        if content.base_model_id.as_deref().is_none_or(str::is_empty) {
            return Err(Error::NotPermitted(msg::UNAUTHORIZED.into()));
        }
        if provider_id_taken(&form.id, &providers()) {
            return Err(Error::Conflict(MODEL_ID_TAKEN.into()));
        }
    }
    check_controls(
        &form.params,
        content.base_model_id.as_deref().unwrap_or(&form.id),
        providers,
    )?;
    file_refs::check_knowledge(cx, actor, &content.meta)?;
    file_refs::verify(cx, actor, bg(&content.meta), None)?;
    let (grants, _) = access::filter_grants(
        cx,
        actor,
        RT,
        GrantSpec::list_of(form.access_grants.as_deref().unwrap_or_default()),
    )?;
    cx.db.write(|tx| {
        if store::get(tx, &form.id)?.is_some() {
            return Err(Error::Conflict(MODEL_ID_TAKEN.into()));
        }
        insert_tx(
            tx,
            &form.id,
            &actor.id,
            &content,
            form.is_active.unwrap_or(true),
            form.commit_message.clone(),
            &grants,
        )
    })?;
    find(cx, &form.id)?.ok_or_else(Error::not_found)
}

/// `GET /model`: one model the caller may read; `params` emptied for
/// read-only callers.
pub fn get(cx: &Ctx, actor: &Actor, id: &str) -> Result<ModelAccess> {
    actor.require_verified()?;
    let m = find(cx, id)?.ok_or_else(Error::not_found)?;
    let write_access = write_flag(cx, actor, &m)?;
    if !write_access && !granted(cx, actor, id, "read")? {
        return Err(Error::forbidden(msg::ACCESS_PROHIBITED));
    }
    let mut m = shown(&m)?;
    if !write_access {
        m.params = json!({});
    }
    Ok(ModelAccess {
        model: m,
        user: None,
        write_access,
    })
}

/// `POST /model/toggle`: flip `is_active`.
pub fn toggle(cx: &Ctx, actor: &Actor, id: &str) -> Result<Model> {
    actor.require_verified()?;
    let m = find(cx, id)?.ok_or_else(Error::not_found)?;
    if !can_change(cx, actor, &m)? {
        return Err(Error::ReadOnly(msg::UNAUTHORIZED.into()));
    }
    cx.db
        .write(|tx| store::set_active(tx, id, !m.is_active, now()))?;
    find(cx, id)?.ok_or_else(Error::not_found)
}

/// `POST /model/update`: the body's `id` selects the model. Grants in the
/// body are ignored; omitted base model, images, avatar, `is_active` and
/// `params.model_controls` keep their stored values.
pub fn update(cx: &Ctx, actor: &Actor, mut form: ModelForm, providers: Providers) -> Result<Model> {
    actor.require_verified()?;
    validate::check_id_pattern(&form.id)?;
    validate::normalize_meta(&form.meta)?;
    validate::normalize_params(&form.params)?;
    let m = find(cx, &form.id)?.ok_or_else(Error::not_found)?;
    if !can_change(cx, actor, &m)? {
        return Err(Error::ReadOnly(msg::ACCESS_PROHIBITED.into()));
    }
    file_refs::check_knowledge(cx, actor, &form.meta)?;
    let base = match form.base_model_id.clone() {
        None => m.base_model_id.clone(),
        Some(b) => b,
    };
    let base = base.filter(|b| b != &form.id);
    if !actor.is_admin()
        && m.base_model_id.as_deref().is_some_and(|b| !b.is_empty())
        && base.as_deref().is_none_or(str::is_empty)
    {
        return Err(Error::NotPermitted(msg::UNAUTHORIZED.into()));
    }
    check_controls(&form.params, base.as_deref().unwrap_or(&form.id), providers)?;
    keep_unset(
        &mut form,
        &m,
        &["profile_image_url", "voice_avatar", "background_image_url"],
    );
    let content = Content::of(&form, base)?;
    file_refs::verify(cx, actor, bg(&content.meta), bg(&m.meta))?;
    cx.db.write(|tx| {
        let cur = store::get(tx, &form.id)?.ok_or_else(Error::not_found)?;
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
    find(cx, &form.id)?.ok_or_else(Error::not_found)
}

/// `POST /model/access/update`: replace the grants. An admin naming a
/// model without a row creates an override row for it first.
pub fn update_access(cx: &Ctx, actor: &Actor, form: AccessForm) -> Result<Model> {
    actor.require_verified()?;
    validate::check_id_pattern(&form.id)?;
    let m = match find(cx, &form.id)? {
        Some(m) => m,
        None => {
            if !actor.is_admin() {
                return Err(Error::RoleTooLow {
                    needed: Role::Admin,
                });
            }
            let c = Content {
                name: form.name.clone().unwrap_or_else(|| form.id.clone()),
                base_model_id: None,
                params: json!({}),
                meta: validate::normalize_meta(&json!({}))?,
            };
            cx.db.write(|tx| {
                if store::get(tx, &form.id)?.is_none() {
                    insert_tx(tx, &form.id, &actor.id, &c, true, None, &[])?;
                }
                Ok(())
            })?;
            find(cx, &form.id)?.ok_or_else(Error::not_found)?
        }
    };
    if !can_change(cx, actor, &m)? {
        return Err(Error::ReadOnly(msg::ACCESS_PROHIBITED.into()));
    }
    access::update_grants(
        cx,
        actor,
        RT,
        &m.id,
        GrantSpec::list_of(&form.access_grants),
    )?;
    cx.db.write(|tx| store::touch(tx, &m.id, now()))?;
    find(cx, &m.id)?.ok_or_else(Error::not_found)
}

/// `POST /model/delete`: the row, its grants and its history.
pub fn delete(cx: &Ctx, actor: &Actor, id: &str) -> Result<bool> {
    actor.require_verified()?;
    let m = find(cx, id)?.ok_or_else(Error::not_found)?;
    if !can_change(cx, actor, &m)? {
        return Err(Error::ReadOnly(msg::UNAUTHORIZED.into()));
    }
    cx.db.write(|tx| {
        access::delete_for_resource_tx(tx, RT, id)?;
        store::delete(tx, id)
    })?;
    Ok(true)
}

/// Remove a deleted knowledge base (`{"id": kb}` items) from every
/// model's `meta.knowledge`, inside the caller's transaction; each model
/// changed gets a new version by `author`. Returns how many changed.
pub fn forget_knowledge_tx(tx: &rusqlite::Connection, kb_id: &str, author: &str) -> Result<usize> {
    let mut changed = 0;
    for cur in store::all(tx)? {
        let Some(list) = cur.meta.get("knowledge").and_then(Value::as_array) else {
            continue;
        };
        let kept: Vec<Value> = list
            .iter()
            .filter(|k| k.get("id").and_then(Value::as_str) != Some(kb_id))
            .cloned()
            .collect();
        if kept.len() == list.len() {
            continue;
        }
        let mut meta = cur.meta.clone();
        meta["knowledge"] = Value::Array(kept);
        let c = Content {
            name: cur.name.clone(),
            base_model_id: cur.base_model_id.clone(),
            params: cur.params.clone(),
            meta,
        };
        update_tx(tx, &cur, author, c, None, None, None)?;
        changed += 1;
    }
    Ok(changed)
}

/// `DELETE /delete/all` (admin): every model, grant and history entry.
pub fn delete_all(cx: &Ctx, actor: &Actor) -> Result<bool> {
    actor.require_admin()?;
    cx.db.write(|tx| {
        for id in store::ids(tx)? {
            access::delete_for_resource_tx(tx, RT, &id)?;
            store::delete(tx, &id)?;
        }
        Ok(())
    })?;
    Ok(true)
}

/// Whether JSON-stored grants (`[{principal_type, principal_id,
/// permission}]`, arena models) give the caller `read`.
fn json_grants_allow(cx: &Ctx, actor: &Actor, grants: &Value) -> Result<bool> {
    let Some(items) = grants.as_array() else {
        return Ok(false);
    };
    let groups: Vec<String> = crate::core::groups::groups_of_user(cx, &actor.id, true)?
        .into_iter()
        .map(|g| g.id)
        .collect();
    Ok(items.iter().any(|g| {
        g.get("permission").and_then(Value::as_str) == Some("read")
            && match (
                g.get("principal_type").and_then(Value::as_str),
                g.get("principal_id").and_then(Value::as_str),
            ) {
                (Some("user"), Some(p)) => p == "*" || p == actor.id,
                (Some("group"), Some(p)) => groups.iter().any(|x| x == p),
                _ => false,
            }
    }))
}

/// An arena model of config `evaluation.arena.models`, when the caller may
/// see it.
fn arena_meta(cx: &Ctx, actor: &Actor, id: &str, bypass: bool) -> Result<Option<Value>> {
    let arena = cx.store.get("evaluation.arena.models");
    let Some(m) = arena.as_array().and_then(|a| {
        a.iter()
            .find(|m| m.get("id").and_then(Value::as_str) == Some(id))
    }) else {
        return Ok(None);
    };
    let meta = m.get("meta").cloned().unwrap_or(json!({}));
    let grants = meta.get("access_grants").cloned().unwrap_or(json!([]));
    let empty = grants.as_array().is_none_or(Vec::is_empty);
    let ok = bypass || (empty && actor.is_admin()) || json_grants_allow(cx, actor, &grants)?;
    Ok(ok.then_some(meta))
}

/// One model by id for the CLI, with the same read rule as `GET /model`
/// but the full params for the local administrator.
pub fn show(cx: &Ctx, actor: &Actor, id: &str) -> Result<ModelAccess> {
    if actor.is_system() {
        let m = find(cx, id)?.ok_or_else(|| Error::NotFound(format!("no model `{id}`")))?;
        return Ok(ModelAccess {
            model: shown(&m)?,
            user: None,
            write_access: true,
        });
    }
    get(cx, actor, id)
}
