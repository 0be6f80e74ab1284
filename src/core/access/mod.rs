//! Access grants: who may read or write a shared resource.
//!
//! Table: `access_grant` (SQL in `store.rs`). Used by every area with
//! shared resources (models, knowledge, prompts, tools, ...): they call
//! `has_access`, `filter_grants` and `replace_grants_tx` here instead of
//! touching the table.

use std::collections::BTreeSet;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::error::{Error, Result};
use crate::util::now;

mod store;

/// One stored grant, as the API sends it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Grant {
    pub id: String,
    pub resource_type: String,
    pub resource_id: String,
    pub principal_type: String,
    pub principal_id: String,
    pub permission: String,
    pub created_at: i64,
}

/// One requested grant.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct GrantSpec {
    #[serde(default)]
    pub id: Option<String>,
    pub principal_type: String,
    pub principal_id: String,
    pub permission: String,
}

impl GrantSpec {
    /// A requested grant list (`access_grants` of a form) as specs;
    /// unreadable items stay as invalid specs so that the checks count
    /// them as refused.
    pub fn list_of(items: &[serde_json::Value]) -> Vec<GrantSpec> {
        items
            .iter()
            .map(|v| {
                serde_json::from_value(v.clone()).unwrap_or(GrantSpec {
                    id: None,
                    principal_type: String::new(),
                    principal_id: String::new(),
                    permission: String::new(),
                })
            })
            .collect()
    }
}

/// The permission keys of a resource type: (may share at all, may share
/// with all users, may share with anyone).
fn sharing_keys(
    rt: &str,
) -> (
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
) {
    match rt {
        "model" => (Some("sharing.models"), Some("sharing.public_models"), None),
        "knowledge" => (
            Some("sharing.knowledge"),
            Some("sharing.public_knowledge"),
            None,
        ),
        "prompt" => (
            Some("sharing.prompts"),
            Some("sharing.public_prompts"),
            None,
        ),
        "tool" => (Some("sharing.tools"), Some("sharing.public_tools"), None),
        "skill" => (Some("sharing.skills"), Some("sharing.public_skills"), None),
        "note" => (Some("sharing.notes"), Some("sharing.public_notes"), None),
        "folder" => (Some("sharing.folders"), None, None),
        "channel" => (None, Some("sharing.public_channels"), None),
        "calendar" => (None, Some("sharing.public_calendars"), None),
        "shared_chat" => (
            None,
            Some("sharing.public_chats"),
            Some("sharing.open_chats"),
        ),
        _ => (None, None, None),
    }
}

/// Group ids a user belongs to, inherited (ancestor) groups included.
fn principal_groups(cx: &Ctx, user_id: &str) -> Result<Vec<String>> {
    Ok(crate::core::groups::groups_of_user(cx, user_id, true)?
        .into_iter()
        .map(|g| g.id)
        .collect())
}

/// Whether a grant with exactly `permission` matches the user (`user:*`,
/// `user:<id>`, or one of their groups). Owners and admins are the
/// caller's business.
pub fn has_access(
    cx: &Ctx,
    user_id: &str,
    resource_type: &str,
    resource_id: &str,
    permission: &str,
) -> Result<bool> {
    let groups = principal_groups(cx, user_id)?;
    let principals = cx
        .db
        .read(|c| store::principals_with(c, resource_type, resource_id, permission))?;
    Ok(principals
        .iter()
        .any(|(pt, pid)| names(pt, pid, user_id, &groups)))
}

/// Whether a grant's principal is the user: `user:*`, `user:<id>`, or one
/// of their groups.
fn names(principal_type: &str, principal_id: &str, user_id: &str, groups: &[String]) -> bool {
    match principal_type {
        "user" => principal_id == "*" || principal_id == user_id,
        "group" => groups.iter().any(|g| g == principal_id),
        _ => false,
    }
}

/// The grants of a resource.
pub fn grants_of(cx: &Ctx, resource_type: &str, resource_id: &str) -> Result<Vec<Grant>> {
    cx.db.read(|c| grants_in(c, resource_type, resource_id))
}

/// The grants of a resource, read on a caller's connection (inside its
/// transaction).
pub fn grants_in(c: &Connection, resource_type: &str, resource_id: &str) -> Result<Vec<Grant>> {
    store::grants(c, resource_type, resource_id)
}

/// Normalise and filter a requested grant list by what the caller may
/// share (access-control.md §3). Returns the kept grants and whether
/// anything was removed.
pub fn filter_grants(
    cx: &Ctx,
    actor: &Actor,
    resource_type: &str,
    specs: Vec<GrantSpec>,
) -> Result<(Vec<GrantSpec>, bool)> {
    let (share_key, public_key, anyone_key) = sharing_keys(resource_type);
    let mut seen = BTreeSet::new();
    let mut kept = Vec::new();
    let mut removed = false;
    for s in specs {
        let valid = matches!(s.principal_type.as_str(), "user" | "group" | "anyone")
            && matches!(s.permission.as_str(), "read" | "write")
            && !s.principal_id.is_empty()
            && (s.principal_type != "anyone" || (s.principal_id == "*" && s.permission == "read"));
        if !valid {
            removed = true;
            continue;
        }
        if !seen.insert((
            s.principal_type.clone(),
            s.principal_id.clone(),
            s.permission.clone(),
        )) {
            continue;
        }
        let audience_exists = match (s.principal_type.as_str(), s.principal_id.as_str()) {
            ("anyone", _) => anyone_key.is_some(),
            ("user", "*") => public_key.is_some(),
            _ => true,
        };
        if !audience_exists {
            removed = true;
            continue;
        }
        kept.push(s);
    }
    if actor.is_admin() {
        return Ok((kept, removed));
    }
    let perms = crate::core::users::permissions::effective(cx, &actor.id)?;
    let has = |key: &str| {
        let mut v = &perms;
        for p in key.split('.') {
            v = &v[p];
        }
        v.as_bool().unwrap_or(false)
    };
    if let Some(k) = share_key
        && !has(k)
    {
        let any = !kept.is_empty();
        return Ok((vec![], removed || any));
    }
    let before = kept.len();
    kept.retain(
        |s| match (s.principal_type.as_str(), s.principal_id.as_str()) {
            ("user", "*") => public_key.is_some_and(has),
            ("anyone", _) => anyone_key.is_some_and(has),
            ("user", _) => has("access_grants.allow_users"),
            ("group", _) => has("access_grants.allow_groups"),
            _ => false,
        },
    );
    Ok((kept.clone(), removed || kept.len() != before))
}

/// Replace every grant of a resource inside a caller's transaction.
pub fn replace_grants_tx(
    tx: &Connection,
    resource_type: &str,
    resource_id: &str,
    specs: &[GrantSpec],
) -> Result<()> {
    store::replace(tx, resource_type, resource_id, specs, now())
}

/// `…/access/update`: replace the grants, or refuse (forbidden) when the
/// caller may not share with part of the requested audience.
pub fn update_grants(
    cx: &Ctx,
    actor: &Actor,
    resource_type: &str,
    resource_id: &str,
    specs: Vec<GrantSpec>,
) -> Result<Vec<Grant>> {
    let (kept, removed) = filter_grants(cx, actor, resource_type, specs)?;
    if removed && !actor.is_admin() {
        return Err(Error::forbidden(
            "You do not have permission to share with the requested audience",
        ));
    }
    cx.db
        .write(|tx| replace_grants_tx(tx, resource_type, resource_id, &kept))?;
    grants_of(cx, resource_type, resource_id)
}

/// Remove every grant naming a principal (a deleted group or user).
pub fn delete_for_principal_tx(
    tx: &Connection,
    principal_type: &str,
    principal_id: &str,
) -> Result<()> {
    store::delete_for_principal(tx, principal_type, principal_id)
}

/// Remove every grant of a deleted resource.
pub fn delete_for_resource_tx(
    tx: &Connection,
    resource_type: &str,
    resource_id: &str,
) -> Result<()> {
    store::delete_for_resource(tx, resource_type, resource_id)
}

/// (resource id, permission) of every grant of a type that matches the
/// user (`user:*`, `user:<id>`, or one of their groups).
pub fn matching_grants(
    cx: &Ctx,
    user_id: &str,
    resource_type: &str,
) -> Result<Vec<(String, String)>> {
    let groups = principal_groups(cx, user_id)?;
    let rows = cx.db.read(|c| store::grants_of_type(c, resource_type))?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, pt, pid)| names(pt, pid, user_id, &groups))
        .map(|(rid, perm, _, _)| (rid, perm))
        .collect())
}

#[cfg(test)]
mod tests;
