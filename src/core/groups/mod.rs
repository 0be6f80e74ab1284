//! Groups: members, a permission tree, sharing config and a hierarchy.
//!
//! Tables: `group`, `group_member`. Endpoints: `/api/v1/groups/*`,
//! `/api/v1/users/groups`. Commands: `owui groups list|get|create|update|
//! delete|add-member|remove-member`.
//!
//! Members of a child group are inherited members of every ancestor.

mod default_models;
pub mod model;
mod store;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

pub use default_models::{DefaultModelsFlag, any_default_models, default_models_of_user};
pub use model::*;

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::users::{self, UserInfo};
use crate::error::{Error, Result, msg};
use crate::util::{new_id, now};

const CYCLE: &str = "A group cannot be its own parent or a descendant of itself.";

/// Add a member inside a caller's transaction (unknown ids are ignored).
pub(crate) fn add_member_tx(
    tx: &rusqlite::Connection,
    group_id: &str,
    user_id: &str,
    t: i64,
) -> Result<()> {
    if store::add_member(tx, group_id, user_id, t)? {
        store::touch(tx, group_id, t)?;
    }
    Ok(())
}

/// A user's groups; with `inherited`, ancestors of their groups too.
pub fn groups_of_user(cx: &Ctx, user_id: &str, inherited: bool) -> Result<Vec<Group>> {
    Ok(cx
        .db
        .read(|c| store::of_user(c, user_id, inherited))?
        .into_iter()
        .map(|(g, _)| g)
        .collect())
}

/// `GET /users/groups` and `/users/{id}/groups`: with `include_inherited`
/// each item carries `membership_type`.
pub fn user_groups(cx: &Ctx, user_id: &str, include_inherited: bool) -> Result<Vec<Value>> {
    let rows = cx
        .db
        .read(|c| store::of_user(c, user_id, include_inherited))?;
    rows.into_iter()
        .map(|(g, direct)| {
            let mut v = serde_json::to_value(&g)?;
            if let Value::Object(m) = &mut v {
                m.remove("member_count");
                if include_inherited {
                    m.insert(
                        "membership_type".into(),
                        json!(if direct { "direct" } else { "inherited" }),
                    );
                }
            }
            Ok(v)
        })
        .collect()
}

pub(crate) fn direct_group_ids(
    cx: &Ctx,
    user_ids: &[String],
) -> Result<BTreeMap<String, Vec<String>>> {
    cx.db.read(|c| store::direct_ids(c, user_ids))
}

fn share_of(g: &Group) -> Value {
    g.data
        .as_ref()
        .and_then(|d| d.get("config"))
        .and_then(|c| c.get("share"))
        .cloned()
        .unwrap_or(Value::Bool(true))
}

/// `GET /api/v1/groups/`: admins see all; others their own groups
/// (inherited included), filtered by who may share with them.
pub fn list(cx: &Ctx, actor: &Actor, share: Option<bool>) -> Result<Vec<Group>> {
    actor.require_verified()?;
    if actor.is_admin() {
        return cx.db.read(store::all);
    }
    let mine = groups_of_user(cx, &actor.id, true)?;
    Ok(match share {
        None => mine,
        Some(true) => mine
            .into_iter()
            .filter(|g| matches!(share_of(g), Value::Bool(true) | Value::String(_)))
            .collect(),
        Some(false) => mine
            .into_iter()
            .filter(|g| share_of(g) == Value::Bool(false))
            .collect(),
    })
}

fn find(cx: &Ctx, id: &str) -> Result<Group> {
    cx.db
        .read(|c| store::get(c, id))?
        .ok_or_else(Error::not_found)
}

pub fn get(cx: &Ctx, actor: &Actor, id: &str) -> Result<Group> {
    actor.require_admin()?;
    find(cx, id)
}

/// A group by id or exact name (admin); for the CLI.
pub fn lookup(cx: &Ctx, actor: &Actor, id_or_name: &str) -> Result<Group> {
    actor.require_admin()?;
    if let Some(g) = cx.db.read(|c| store::get(c, id_or_name))? {
        return Ok(g);
    }
    let matches: Vec<Group> = cx
        .db
        .read(store::all)?
        .into_iter()
        .filter(|g| g.name == id_or_name)
        .collect();
    match matches.len() {
        1 => Ok(matches.into_iter().next().unwrap()),
        0 => Err(Error::NotFound(format!("no group `{id_or_name}`"))),
        _ => Err(Error::invalid(format!(
            "several groups are named `{id_or_name}`: use the id"
        ))),
    }
}

pub fn info(cx: &Ctx, actor: &Actor, id: &str) -> Result<GroupInfo> {
    actor.require_verified()?;
    Ok(find(cx, id)?.into())
}

fn parse_parent(v: Option<Value>) -> Result<Option<String>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::invalid("Parent group must be a group ID or null.")),
    }
}

fn check_default_models(data: &Option<Value>) -> Result<Option<Value>> {
    let Some(mut data) = data.clone() else {
        return Ok(None);
    };
    if let Some(dm) = data
        .get_mut("config")
        .and_then(|c| c.get_mut("default_models"))
        && !dm.is_null()
    {
        let Value::Array(items) = &*dm else {
            return Err(Error::invalid("default_models must be a list of model ids"));
        };
        let mut seen = Vec::<String>::new();
        for it in items {
            let s = it.as_str().map(str::trim).unwrap_or("");
            if s.is_empty() {
                return Err(Error::invalid("default_models must be a list of model ids"));
            }
            if !seen.iter().any(|x| x == s) {
                seen.push(s.to_string());
            }
        }
        *dm = json!(seen);
    }
    Ok(Some(data))
}

fn check_parent(c: &rusqlite::Connection, id: &str, parent: &Option<String>) -> Result<()> {
    if let Some(p) = parent {
        if store::get(c, p)?.is_none() {
            return Err(Error::NotFound("Parent group not found.".into()));
        }
        if store::subtree(c, id)?.contains(p) {
            return Err(Error::invalid(CYCLE));
        }
    }
    Ok(())
}

/// Create a group (admin).
pub fn create(cx: &Ctx, actor: &Actor, form: GroupForm) -> Result<Group> {
    actor.require_admin()?;
    if form.name.trim().is_empty() {
        return Err(Error::invalid("name must not be empty"));
    }
    let parent = parse_parent(form.parent_group_id.flatten())?;
    let mut data = check_default_models(&form.data)?.unwrap_or_else(|| json!({}));
    if !data.is_object() {
        return Err(Error::invalid("data must be an object"));
    }
    if data.get("config").is_none_or(|c| !c.is_object()) {
        data["config"] = json!({});
    }
    if data["config"].get("share").is_none() {
        data["config"]["share"] = match cx.cfg.get("DEFAULT_GROUP_SHARE_PERMISSION") {
            "true" | "True" => json!(true),
            "false" | "False" => json!(false),
            _ => json!("members"),
        };
    }
    let t = now();
    let g = Group {
        id: new_id(),
        parent_group_id: parent,
        user_id: actor.id.clone(),
        name: form.name.trim().to_string(),
        description: form.description,
        data: Some(data),
        meta: None,
        permissions: form.permissions,
        created_at: t,
        updated_at: t,
        member_count: 0,
    };
    cx.db.write(|tx| {
        check_parent(tx, &g.id, &g.parent_group_id)?;
        store::insert(tx, &g)
    })?;
    cx.group_defaults.reset();
    find(cx, &g.id)
}

/// Change a group (admin): absent fields stay; `parent_group_id` applies
/// whenever sent; `data` merges (and `data.config` key-wise);
/// `permissions` replaces.
pub fn update(cx: &Ctx, actor: &Actor, id: &str, patch: GroupPatch) -> Result<Group> {
    actor.require_admin()?;
    let data_patch = check_default_models(&patch.data)?;
    cx.db.write(|tx| {
        let mut g = store::get(tx, id)?.ok_or_else(Error::not_found)?;
        if let Some(n) = patch.name {
            if n.trim().is_empty() {
                return Err(Error::invalid("name must not be empty"));
            }
            g.name = n.trim().to_string();
        }
        if let Some(d) = patch.description {
            g.description = d;
        }
        if let Some(p) = patch.parent_group_id {
            g.parent_group_id = parse_parent(p)?;
            check_parent(tx, id, &g.parent_group_id)?;
        }
        if let Some(p) = patch.permissions {
            g.permissions = Some(p);
        }
        if let Some(Value::Object(dp)) = data_patch {
            let mut data = match g.data.take() {
                Some(Value::Object(m)) => m,
                _ => serde_json::Map::new(),
            };
            for (k, v) in dp {
                if k == "config"
                    && let (Some(Value::Object(old)), Value::Object(new)) =
                        (data.get_mut("config"), &v)
                {
                    for (ck, cv) in new {
                        old.insert(ck.clone(), cv.clone());
                    }
                    continue;
                }
                data.insert(k, v);
            }
            g.data = Some(Value::Object(data));
        }
        g.updated_at = now();
        store::update(tx, &g)
    })?;
    cx.group_defaults.reset();
    cx.sessions.clear();
    find(cx, id)
}

/// Add users to a group (admin); unknown ids and existing members are ignored.
pub fn add_members(cx: &Ctx, actor: &Actor, id: &str, user_ids: &[String]) -> Result<Group> {
    actor.require_admin()?;
    find(cx, id)?;
    let t = now();
    cx.db.write(|tx| {
        for u in user_ids {
            add_member_tx(tx, id, u, t)?;
        }
        Ok(())
    })?;
    find(cx, id)
}

/// Remove users from a group (admin); non-members are ignored.
pub fn remove_members(cx: &Ctx, actor: &Actor, id: &str, user_ids: &[String]) -> Result<Group> {
    actor.require_admin()?;
    find(cx, id)?;
    let t = now();
    cx.db.write(|tx| {
        let mut changed = false;
        for u in user_ids {
            changed |= store::remove_member(tx, id, u)?;
        }
        if changed {
            store::touch(tx, id, t)?;
        }
        Ok(())
    })?;
    find(cx, id)
}

/// Delete a group (admin): its members and grants go; children move up.
pub fn delete(cx: &Ctx, actor: &Actor, id: &str) -> Result<()> {
    actor.require_admin()?;
    cx.db.write(|tx| {
        let g = store::get(tx, id)?.ok_or_else(|| Error::NotFound(msg::GROUP_NOT_FOUND.into()))?;
        crate::core::access::delete_for_principal_tx(tx, "group", id)?;
        store::delete(tx, id, g.parent_group_id.as_deref())
    })?;
    cx.group_defaults.reset();
    cx.sessions.clear();
    Ok(())
}

/// Direct members as `UserInfo` (admin).
pub fn users(cx: &Ctx, actor: &Actor, id: &str) -> Result<Vec<UserInfo>> {
    actor.require_admin()?;
    find(cx, id)?;
    let rows = cx
        .db
        .read(|c| store::memberships_in(c, &BTreeSet::from([id.to_string()])))?;
    let mut out = Vec::new();
    for (uid, _) in rows {
        if let Some(u) = users::find(cx, &uid)? {
            out.push(UserInfo::from(&u));
        }
    }
    Ok(out)
}

/// The group and its direct member ids (admin).
pub fn export(cx: &Ctx, actor: &Actor, id: &str) -> Result<Value> {
    actor.require_admin()?;
    let g = find(cx, id)?;
    let ids: Vec<String> = cx
        .db
        .read(|c| store::memberships_in(c, &BTreeSet::from([id.to_string()])))?
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    let mut v = serde_json::to_value(&g)?;
    v["user_ids"] = json!(ids);
    Ok(v)
}

/// Members of a group (admin): `direct`, `inherited` (through descendant
/// groups only) or `effective` (both); 30 per page, by name then id.
pub fn members(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    membership: &str,
    query: Option<&str>,
    page: i64,
) -> Result<MembersPage> {
    actor.require_admin()?;
    cx.db
        .read(|c| store::get(c, id))?
        .ok_or_else(|| Error::NotFound(msg::GROUP_NOT_FOUND.into()))?;
    let tree = cx.db.read(|c| store::subtree(c, id))?;
    let rows = cx.db.read(|c| store::memberships_in(c, &tree))?;
    let mut by_user: BTreeMap<String, (bool, BTreeSet<String>)> = BTreeMap::new();
    for (uid, gid) in rows {
        let e = by_user.entry(uid).or_default();
        if gid == id {
            e.0 = true;
        } else {
            e.1.insert(gid);
        }
    }
    let direct = by_user.values().filter(|(d, _)| *d).count() as i64;
    let effective = by_user.len() as i64;
    let counts = MemberCounts {
        direct,
        effective,
        inherited: effective - direct,
    };
    let q = query.map(str::to_lowercase).filter(|q| !q.is_empty());
    let mut items = Vec::new();
    for (uid, (is_direct, via)) in by_user {
        let keep = match membership {
            "direct" => is_direct,
            "inherited" => !is_direct,
            _ => true,
        };
        if !keep {
            continue;
        }
        let Some(u) = users::find(cx, &uid)? else {
            continue;
        };
        if let Some(q) = &q
            && !u.name.to_lowercase().contains(q)
            && !u.email.to_lowercase().contains(q)
        {
            continue;
        }
        items.push(GroupMember {
            user: UserInfo::from(&u),
            membership_type: if is_direct { "direct" } else { "inherited" },
            via_group_ids: via.into_iter().collect(),
        });
    }
    items.sort_by(|a, b| (&a.user.name, &a.user.id).cmp(&(&b.user.name, &b.user.id)));
    let total = items.len() as i64;
    let page = page.max(1);
    let items = items
        .into_iter()
        .skip(usize::try_from(crate::core::page_offset(page, 30)).unwrap_or(usize::MAX))
        .take(30)
        .collect();
    Ok(MembersPage {
        items,
        total,
        counts,
    })
}

/// Users whose rights depend on a group: its direct members and the
/// members of its descendants.
pub fn affected_users(cx: &Ctx, id: &str) -> Result<Vec<String>> {
    let tree = cx.db.read(|c| store::subtree(c, id))?;
    let mut ids: Vec<String> = cx
        .db
        .read(|c| store::memberships_in(c, &tree))?
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// `GET /groups/id/{id}/preview` (admin).
pub fn preview(cx: &Ctx, actor: &Actor, id: &str) -> Result<Value> {
    actor.require_admin()?;
    let g = find(cx, id)?;
    let ancestors = cx.db.read(|c| store::ancestors(c, id))?;
    let mut inherited = crate::core::users::permissions::defaults(cx);
    for a in &ancestors {
        if let Some(p) = &a.permissions {
            crate::core::users::permissions::or_merge(&mut inherited, p);
        }
    }
    let mut effective = inherited.clone();
    if let Some(p) = &g.permissions {
        crate::core::users::permissions::or_merge(&mut effective, p);
    }
    let models_of = |g: &Group| {
        g.data
            .as_ref()
            .and_then(|d| d.get("config"))
            .and_then(|c| c.get("default_models"))
            .filter(|v| v.is_array())
            .cloned()
    };
    let local = models_of(&g);
    let (eff, source) = match &local {
        Some(m) => (m.clone(), Some(g.id.clone())),
        None => ancestors
            .iter()
            .find_map(|a| models_of(a).map(|m| (m, Some(a.id.clone()))))
            .unwrap_or_else(|| {
                let d = cx.store.string("ui.default_models");
                let list: Vec<&str> = d.split(',').filter(|s| !s.is_empty()).collect();
                (json!(list), None)
            }),
    };
    let empty = json!({"items": [], "total": 0});
    Ok(json!({
        "group": {"id": g.id, "name": g.name},
        "default_models": {"local": local, "effective": eff, "source_group_id": source},
        "models": empty, "knowledge": empty, "tools": empty,
        "permissions": g.permissions.clone().unwrap_or(json!({})),
        "inherited_permissions": inherited,
        "effective_permissions": effective,
    }))
}
