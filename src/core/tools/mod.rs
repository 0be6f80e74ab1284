//! Workspace tools (Python "Toolkits") and, later, tool servers.
//!
//! Table: `tool` (grants in `access_grant`, resource type `tool`).
//! Endpoints: `GET /api/v1/tools/` so far. owui runs no Python, and no
//! OpenAPI or MCP tool servers are configured yet, so the list holds what
//! the table holds.
//!
//! Read access: the owner, a `read` grant (the user, `user:*`, or one of
//! their groups), or an admin when `BYPASS_ADMIN_ACCESS_CONTROL` is on.

pub mod model;
mod store;

#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

pub use model::*;

use crate::core::Ctx;
use crate::core::access;
use crate::core::actor::Actor;
use crate::core::users;
use crate::error::Result;

const RT: &str = "tool";

/// Whether the actor sees every shared resource (admin + bypass).
fn bypass(cx: &Ctx, actor: &Actor) -> bool {
    actor.is_admin() && cx.cfg.bool("BYPASS_ADMIN_ACCESS_CONTROL")
}

/// The tools the actor may read, newest change first, optionally only
/// those whose name contains `query` (case-insensitive).
pub fn list(cx: &Ctx, actor: &Actor, query: Option<&str>) -> Result<Vec<ToolItem>> {
    actor.require_verified()?;
    let rows = cx.db.read(store::all)?;
    let rows: Vec<ToolRow> = if bypass(cx, actor) {
        rows
    } else {
        let granted: BTreeSet<String> = access::matching_grants(cx, &actor.id, RT)?
            .into_iter()
            .filter(|(_, perm)| perm == "read")
            .map(|(id, _)| id)
            .collect();
        rows.into_iter()
            .filter(|t| t.user_id.as_deref() == Some(actor.id.as_str()) || granted.contains(&t.id))
            .collect()
    };
    let mut owners: HashMap<String, Option<Owner>> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for t in rows {
        let user = match &t.user_id {
            Some(uid) => {
                if !owners.contains_key(uid) {
                    let o = users::find(cx, uid)?.map(|u| Owner {
                        id: u.id,
                        name: u.name,
                        role: u.role,
                        email: u.email,
                    });
                    owners.insert(uid.clone(), o);
                }
                owners[uid].clone()
            }
            None => None,
        };
        let meta = tool_meta(t.meta.as_ref());
        let has_user_valves = meta["has_user_valves"].as_bool().unwrap_or(false);
        out.push(ToolItem {
            access_grants: access::grants_of(cx, RT, &t.id)?,
            version_id: t.version_id,
            user_id: t.user_id,
            name: t.name.unwrap_or_default(),
            meta,
            updated_at: t.updated_at,
            created_at: t.created_at.unwrap_or(0),
            user,
            content: None,
            specs: t.specs.unwrap_or(Value::Array(vec![])),
            has_user_valves,
            id: t.id,
        });
    }
    if let Some(q) = query.filter(|q| !q.is_empty()) {
        let q = q.to_lowercase();
        out.retain(|t| t.name.to_lowercase().contains(&q));
    }
    Ok(out)
}
