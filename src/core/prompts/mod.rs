//! Prompts: slash-command templates (`/command` in the chat input), with
//! versions and sharing.
//!
//! Tables: `prompt`, `prompt_history` (grants in `access_grant`, resource
//! type `prompt`). Endpoints: `/api/v1/prompts/*`. Commands: `owui prompts
//! list|show|create|update|delete|export|import`.
//!
//! Authorization as upstream: reading needs the admin role, ownership or a
//! `read` grant (the lists: admins only with `BYPASS_ADMIN_ACCESS_CONTROL`);
//! changing needs ownership, a `write` grant or the admin role; creating
//! needs `workspace.prompts` or `workspace.prompts_import` (admins exempt).

mod diff;
mod history;
mod list;
pub mod model;
mod store;
mod transfer;

#[cfg(test)]
mod tests;

use serde_json::{Map, Value, json};

pub use history::{delete_history_entry, diff, history, history_entry, set_version};
pub use list::{list, search, tags};
pub use model::*;
pub use transfer::{export, import};

use crate::core::Ctx;
use crate::core::access::{self, Grant, GrantSpec};
use crate::core::actor::Actor;
use crate::core::users;
use crate::error::{Error, Result, msg};
use crate::util::{new_id, now};

const RT: &str = "prompt";
/// `GET /list` page size.
pub const PAGE_SIZE: i64 = 30;
/// `GET /id/{id}/history` page size.
pub const HISTORY_PAGE_SIZE: i64 = 20;
/// A command another prompt has.
pub const COMMAND_TAKEN: &str =
    "Uh-oh! This command is already registered. Please choose another command string.";
const ACTIVE_VERSION: &str = "Cannot delete the active production version";

fn bypass_admin(cx: &Ctx, actor: &Actor) -> bool {
    actor.is_admin() && cx.cfg.bool("BYPASS_ADMIN_ACCESS_CONTROL")
}

fn granted(cx: &Ctx, actor: &Actor, id: &str, perm: &str) -> Result<bool> {
    access::has_access(cx, &actor.id, RT, id, perm)
}

/// Admin, owner or a `read` grant (get, history).
fn can_read(cx: &Ctx, actor: &Actor, p: &Prompt) -> Result<bool> {
    Ok(actor.is_admin() || p.user_id == actor.id || granted(cx, actor, &p.id, "read")?)
}

/// Owner, a `write` grant, or an admin (every change).
fn can_change(cx: &Ctx, actor: &Actor, p: &Prompt) -> Result<bool> {
    Ok(actor.is_admin() || p.user_id == actor.id || granted(cx, actor, &p.id, "write")?)
}

/// The `write_access` flag: admin with bypass, owner, or a `write` grant.
fn write_flag(cx: &Ctx, actor: &Actor, p: &Prompt) -> Result<bool> {
    Ok(bypass_admin(cx, actor) || p.user_id == actor.id || granted(cx, actor, &p.id, "write")?)
}

fn with_grants(cx: &Ctx, mut p: Prompt) -> Result<Prompt> {
    p.access_grants = access::grants_of(cx, RT, &p.id)?;
    Ok(p)
}

fn find(cx: &Ctx, id: &str) -> Result<Option<Prompt>> {
    cx.db
        .read(|c| store::get(c, id))?
        .map(|p| with_grants(cx, p))
        .transpose()
}

/// The prompt, when it exists and the caller may change it.
fn writable(cx: &Ctx, actor: &Actor, id: &str) -> Result<Prompt> {
    actor.require_verified()?;
    let p = find(cx, id)?.ok_or_else(Error::not_found)?;
    if !can_change(cx, actor, &p)? {
        return Err(Error::ReadOnly(msg::ACCESS_PROHIBITED.into()));
    }
    Ok(p)
}

fn owner(u: users::User) -> Owner {
    Owner {
        id: u.id,
        name: u.name,
        role: u.role,
        email: u.email,
    }
}

/// A form's object field, `{}` when absent or empty.
fn obj(m: &Option<Map<String, Value>>) -> Value {
    Value::Object(m.clone().unwrap_or_default())
}

/// An object field given with at least one key (upstream's `if x:`).
fn given(m: &Option<Map<String, Value>>) -> Option<Value> {
    Some(obj(m)).filter(crate::util::truthy)
}

/// What a version records.
fn snapshot(
    name: &str,
    content: &str,
    command: &str,
    data: Value,
    meta: Value,
    tags: &[String],
    grants: &[Grant],
) -> Value {
    json!({
        "name": name,
        "content": content,
        "command": command,
        "data": data,
        "meta": meta,
        "tags": tags,
        "access_grants": grants,
    })
}

/// Whether the caller may create prompts.
fn may_create(cx: &Ctx, actor: &Actor) -> Result<bool> {
    Ok(actor.is_admin()
        || users::permissions::has(cx, &actor.id, "workspace.prompts")?
        || users::permissions::has(cx, &actor.id, "workspace.prompts_import")?)
}

/// Insert a prompt with its grants and first version, in the caller's
/// transaction.
fn insert_tx(
    tx: &rusqlite::Connection,
    user_id: &str,
    form: &PromptForm,
    grants: &[GrantSpec],
) -> Result<String> {
    if store::by_command(tx, &form.command)?.is_some() {
        return Err(Error::invalid(COMMAND_TAKEN));
    }
    let t = now();
    let id = new_id();
    let tags = form.tags.clone().unwrap_or_default();
    let mut p = Prompt {
        id: id.clone(),
        command: form.command.clone(),
        user_id: user_id.into(),
        name: form.name.clone(),
        content: form.content.clone(),
        data: Some(obj(&form.data)),
        meta: Some(obj(&form.meta)),
        tags: Some(tags.clone()),
        is_active: true,
        version_id: None,
        created_at: t,
        updated_at: t,
        access_grants: vec![],
    };
    store::insert(tx, &p, COMMAND_TAKEN)?;
    access::replace_grants_tx(tx, RT, &id, grants)?;
    let h = History {
        id: new_id(),
        prompt_id: id.clone(),
        parent_id: None,
        snapshot: snapshot(
            &form.name,
            &form.content,
            &form.command,
            obj(&form.data),
            obj(&form.meta),
            &tags,
            &access::grants_in(tx, RT, &id)?,
        ),
        user_id: user_id.into(),
        commit_message: Some(
            form.commit_message
                .clone()
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "Initial version".into()),
        ),
        created_at: t,
    };
    store::insert_history(tx, &h)?;
    p.version_id = Some(h.id);
    store::update(tx, &p, COMMAND_TAKEN)?;
    Ok(id)
}

/// `POST /create`: grants the caller may not give are dropped silently.
pub fn create(cx: &Ctx, actor: &Actor, form: PromptForm) -> Result<Prompt> {
    actor.require_verified()?;
    if !may_create(cx, actor)? {
        return Err(Error::NotPermitted(msg::UNAUTHORIZED.into()));
    }
    let (grants, _) = access::filter_grants(
        cx,
        actor,
        RT,
        GrantSpec::list_of(form.access_grants.as_deref().unwrap_or_default()),
    )?;
    let id = cx.db.write(|tx| insert_tx(tx, &actor.id, &form, &grants))?;
    find(cx, &id)?.ok_or_else(Error::not_found)
}

/// `GET /id/{id}`: not found also when the caller may not read it.
pub fn get(cx: &Ctx, actor: &Actor, id: &str) -> Result<PromptAccess> {
    actor.require_verified()?;
    let p = find(cx, id)?.ok_or_else(Error::not_found)?;
    if !can_read(cx, actor, &p)? {
        return Err(Error::not_found());
    }
    Ok(PromptAccess {
        write_access: write_flag(cx, actor, &p)?,
        prompt: p,
        user: None,
    })
}

/// The id of a prompt named by id or by command (a leading `/` ignored),
/// for the CLI.
pub fn resolve(cx: &Ctx, id_or_command: &str) -> Result<String> {
    let command = id_or_command.strip_prefix('/').unwrap_or(id_or_command);
    cx.db
        .read(|c| {
            Ok(match store::by_command(c, command)? {
                Some(p) => Some(p.id),
                None => store::get(c, id_or_command)?.map(|p| p.id),
            })
        })?
        .ok_or_else(|| Error::NotFound(format!("no prompt `{id_or_command}`")))
}

/// One prompt by id or command, for the CLI, with its owner.
pub fn show(cx: &Ctx, actor: &Actor, id_or_command: &str) -> Result<PromptAccess> {
    let id = resolve(cx, id_or_command)?;
    let mut p = get(cx, actor, &id).map_err(|e| match e {
        Error::NotFound(_) => Error::NotFound(format!("no prompt `{id_or_command}`")),
        e => e,
    })?;
    p.user = users::find(cx, &p.prompt.user_id)?.map(owner);
    Ok(p)
}

/// Refuse a command another prompt has.
fn check_command(c: &rusqlite::Connection, p: &Prompt, command: &str) -> Result<()> {
    if command != p.command && store::by_command(c, command)?.is_some_and(|other| other.id != p.id)
    {
        return Err(Error::invalid(COMMAND_TAKEN));
    }
    Ok(())
}

/// `POST /id/{id}/update`: a new version when name, command, content or
/// tags changed; with `is_production: false` only the command changes
/// live and the version is a draft. Grants in the body are ignored.
pub fn update(cx: &Ctx, actor: &Actor, id: &str, form: PromptForm) -> Result<Prompt> {
    writable(cx, actor, id)?;
    cx.db.write(|tx| {
        let cur = store::get(tx, id)?.ok_or_else(Error::not_found)?;
        check_command(tx, &cur, &form.command)?;
        let latest = store::latest_history(tx, id)?;
        let grants = access::grants_in(tx, RT, id)?;
        let changed = cur.name != form.name
            || cur.command != form.command
            || cur.content != form.content
            || form
                .tags
                .as_ref()
                .is_some_and(|t| cur.tags.as_ref() != Some(t));
        let mut p = cur.clone();
        p.command = form.command.clone();
        if form.is_production {
            p.name = form.name.clone();
            p.content = form.content.clone();
            if let Some(d) = given(&form.data) {
                p.data = Some(d);
            }
            if let Some(m) = given(&form.meta) {
                p.meta = Some(m);
            }
            if let Some(t) = &form.tags {
                p.tags = Some(t.clone());
            }
        }
        p.updated_at = now();
        if changed {
            let tags = form
                .tags
                .clone()
                .or_else(|| p.tags.clone())
                .unwrap_or_default();
            let h = History {
                id: new_id(),
                prompt_id: id.into(),
                parent_id: latest.map(|h| h.id),
                snapshot: snapshot(
                    &form.name,
                    &form.content,
                    &p.command,
                    obj(&form.data),
                    obj(&form.meta),
                    &tags,
                    &grants,
                ),
                user_id: actor.id.clone(),
                commit_message: form.commit_message.clone(),
                created_at: p.updated_at,
            };
            store::insert_history(tx, &h)?;
            if form.is_production {
                p.version_id = Some(h.id);
            }
        }
        store::update(tx, &p, COMMAND_TAKEN)
    })?;
    find(cx, id)?.ok_or_else(Error::not_found)
}

/// `POST /id/{id}/update/meta`: name, command and tags, no new version.
pub fn update_meta(cx: &Ctx, actor: &Actor, id: &str, form: MetaForm) -> Result<Prompt> {
    writable(cx, actor, id)?;
    cx.db.write(|tx| {
        let mut p = store::get(tx, id)?.ok_or_else(Error::not_found)?;
        check_command(tx, &p, &form.command)?;
        p.name = form.name.clone();
        p.command = form.command.clone();
        if let Some(t) = &form.tags {
            p.tags = Some(t.clone());
        }
        p.updated_at = now();
        store::update(tx, &p, COMMAND_TAKEN)
    })?;
    find(cx, id)?.ok_or_else(Error::not_found)
}

/// `POST /id/{id}/access/update`: replace the grants (forbidden when the
/// caller may not share with part of the audience).
pub fn update_access(cx: &Ctx, actor: &Actor, id: &str, grants: &[Value]) -> Result<Prompt> {
    writable(cx, actor, id)?;
    access::update_grants(cx, actor, RT, id, GrantSpec::list_of(grants))?;
    find(cx, id)?.ok_or_else(Error::not_found)
}

/// `POST /id/{id}/toggle`: flip `is_active`.
pub fn toggle(cx: &Ctx, actor: &Actor, id: &str) -> Result<Prompt> {
    writable(cx, actor, id)?;
    cx.db.write(|tx| {
        let mut p = store::get(tx, id)?.ok_or_else(Error::not_found)?;
        p.is_active = !p.is_active;
        p.updated_at = now();
        store::update(tx, &p, COMMAND_TAKEN)
    })?;
    find(cx, id)?.ok_or_else(Error::not_found)
}

/// `DELETE /id/{id}/delete`: the row, its history and its grants.
pub fn delete(cx: &Ctx, actor: &Actor, id: &str) -> Result<bool> {
    writable(cx, actor, id)?;
    cx.db.write(|tx| {
        access::delete_for_resource_tx(tx, RT, id)?;
        store::delete(tx, id)
    })?;
    Ok(true)
}
