//! Reading many models: the workspace list, admin lists, tags.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::{Value, json};

use super::*;
use crate::core::Ctx;
use crate::core::access;
use crate::core::actor::Actor;
use crate::core::users;
use crate::error::Result;

fn owner_of(
    cx: &Ctx,
    cache: &mut BTreeMap<String, Option<users::User>>,
    id: &str,
) -> Result<Option<users::User>> {
    if !cache.contains_key(id) {
        cache.insert(id.to_string(), users::find(cx, id)?);
    }
    Ok(cache[id].clone())
}

fn any_string_is(v: &Value, want: &str) -> bool {
    match v {
        Value::String(s) => s.to_lowercase() == want,
        Value::Array(a) => a.iter().any(|x| any_string_is(x, want)),
        Value::Object(o) => o.values().any(|x| any_string_is(x, want)),
        _ => false,
    }
}

/// `GET /list`: presets the caller may read, filtered, sorted, 30 a page.
pub fn list(cx: &Ctx, actor: &Actor, q: &ListQuery) -> Result<ModelPage> {
    actor.require_verified()?;
    let everything = bypass_admin(cx, actor);
    let mine = access::matching_grants(cx, &actor.id, RT)?;
    let readable: HashSet<&str> = mine
        .iter()
        .filter(|(_, p)| p == "read")
        .map(|(r, _)| r.as_str())
        .collect();
    let writable: HashSet<&str> = mine
        .iter()
        .filter(|(_, p)| p == "write")
        .map(|(r, _)| r.as_str())
        .collect();
    let mut owners = BTreeMap::new();
    let needle = q
        .query
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase);
    let tag = q
        .tag
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase);
    let mut rows = Vec::new();
    for m in cx.db.read(store::all)? {
        if !m.is_preset() {
            continue;
        }
        if !everything && m.user_id != actor.id && !readable.contains(m.id.as_str()) {
            continue;
        }
        match q.view_option.as_deref() {
            Some("created") if m.user_id != actor.id => continue,
            Some("shared") if m.user_id == actor.id => continue,
            _ => {}
        }
        let owner = owner_of(cx, &mut owners, &m.user_id)?;
        if let Some(n) = &needle {
            let hit = |s: &str| s.to_lowercase().contains(n.as_str());
            let found = hit(&m.name)
                || m.base_model_id.as_deref().is_some_and(hit)
                || owner.as_ref().is_some_and(|u| {
                    hit(&u.name) || hit(&u.email) || u.username.as_deref().is_some_and(hit)
                });
            if !found {
                continue;
            }
        }
        if let Some(t) = &tag
            && !any_string_is(&m.meta, t)
        {
            continue;
        }
        rows.push((m, owner));
    }
    let asc = q.direction.as_deref() == Some("asc");
    match q.order_by.as_deref() {
        Some("name") => rows.sort_by(|a, b| a.0.name.cmp(&b.0.name)),
        Some("updated_at") => rows.sort_by_key(|r| r.0.updated_at),
        _ => rows.sort_by_key(|r| r.0.created_at),
    }
    let explicit = matches!(
        q.order_by.as_deref(),
        Some("name" | "updated_at" | "created_at")
    );
    if !(explicit && asc) {
        rows.reverse();
    }
    let total = rows.len() as i64;
    let page = q.page.unwrap_or(1).max(1);
    let items = rows
        .into_iter()
        .skip(usize::try_from(crate::core::page_offset(page, PAGE_SIZE)).unwrap_or(usize::MAX))
        .take(PAGE_SIZE as usize)
        .map(|(m, owner)| {
            let write_access =
                everything || m.user_id == actor.id || writable.contains(m.id.as_str());
            let mut m = shown(&with_grants(cx, m)?)?;
            if let Value::Object(meta) = &mut m.meta {
                meta.shift_remove("profile_image_url");
            }
            if !write_access {
                m.params = json!({});
            }
            Ok(ModelAccess {
                model: m,
                user: owner.map(|u| Owner {
                    id: u.id,
                    name: u.name,
                    role: u.role,
                    email: u.email,
                }),
                write_access,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ModelPage { items, total })
}

/// `GET /all` (admin): every row, presets and overrides.
pub fn all(cx: &Ctx, actor: &Actor) -> Result<Vec<Model>> {
    actor.require_admin()?;
    all_rows(cx)
}

/// `GET /base` (admin): the override rows, optionally with a tag.
pub fn base(cx: &Ctx, actor: &Actor, tag: Option<&str>) -> Result<Vec<Model>> {
    actor.require_admin()?;
    Ok(all_rows(cx)?
        .into_iter()
        .filter(|m| !m.is_preset())
        .filter(|m| {
            tag.filter(|t| !t.is_empty())
                .is_none_or(|t| validate::tag_names(&m.meta).iter().any(|n| n == t))
        })
        .collect())
}

fn sorted_tags<'a>(metas: impl Iterator<Item = &'a Value>) -> Vec<String> {
    metas
        .flat_map(validate::tag_names)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// `GET /base/tags` (admin): tag names of the override rows.
pub fn base_tags(cx: &Ctx, actor: &Actor) -> Result<Vec<String>> {
    let rows = base(cx, actor, None)?;
    Ok(sorted_tags(rows.iter().map(|m| &m.meta)))
}

/// `GET /tags`: tag names of the presets the caller may read.
pub fn tags(cx: &Ctx, actor: &Actor) -> Result<Vec<String>> {
    actor.require_verified()?;
    let everything = bypass_admin(cx, actor);
    let readable: HashSet<String> = access::matching_grants(cx, &actor.id, RT)?
        .into_iter()
        .filter(|(_, p)| p == "read")
        .map(|(r, _)| r)
        .collect();
    let rows: Vec<Model> = cx
        .db
        .read(store::all)?
        .into_iter()
        .filter(|m| m.is_preset())
        .filter(|m| everything || m.user_id == actor.id || readable.contains(&m.id))
        .collect();
    Ok(sorted_tags(rows.iter().map(|m| &m.meta)))
}

/// Every model (presets and overrides) the caller may read, oldest first;
/// for the CLI's `list`.
pub fn visible(cx: &Ctx, actor: &Actor) -> Result<Vec<Model>> {
    actor.require_verified()?;
    let everything = actor.is_system() || bypass_admin(cx, actor);
    let readable: HashSet<String> = access::matching_grants(cx, &actor.id, RT)?
        .into_iter()
        .filter(|(_, p)| p == "read")
        .map(|(r, _)| r)
        .collect();
    all_rows(cx).map(|rows| {
        rows.into_iter()
            .filter(|m| everything || m.user_id == actor.id || readable.contains(&m.id))
            .collect()
    })
}
