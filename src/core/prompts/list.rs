//! Reading many prompts: the slash-command list, tags, the workspace list.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::*;

/// Ids the caller holds a grant on, by permission.
struct Granted {
    read: HashSet<String>,
    write: HashSet<String>,
}

fn granted_ids(cx: &Ctx, actor: &Actor) -> Result<Granted> {
    let mut g = Granted {
        read: HashSet::new(),
        write: HashSet::new(),
    };
    for (rid, perm) in access::matching_grants(cx, &actor.id, RT)? {
        match perm.as_str() {
            "read" => g.read.insert(rid),
            "write" => g.write.insert(rid),
            _ => false,
        };
    }
    Ok(g)
}

/// Every row the caller may read (everything for an admin with bypass),
/// most recently updated first, without grants.
fn readable_rows(cx: &Ctx, actor: &Actor, g: &Granted) -> Result<Vec<Prompt>> {
    let everything = bypass_admin(cx, actor);
    Ok(cx
        .db
        .read(store::all)?
        .into_iter()
        .filter(|p| everything || p.user_id == actor.id || g.read.contains(&p.id))
        .collect())
}

/// `GET /`: the active prompts the caller may read (the slash-command
/// list), most recently updated first.
pub fn list(cx: &Ctx, actor: &Actor) -> Result<Vec<Prompt>> {
    actor.require_verified()?;
    let g = granted_ids(cx, actor)?;
    readable_rows(cx, actor, &g)?
        .into_iter()
        .filter(|p| p.is_active)
        .map(|p| with_grants(cx, p))
        .collect()
}

/// `GET /tags`: distinct non-empty tags of the active prompts the caller
/// may read, sorted.
pub fn tags(cx: &Ctx, actor: &Actor) -> Result<Vec<String>> {
    actor.require_verified()?;
    let g = granted_ids(cx, actor)?;
    Ok(readable_rows(cx, actor, &g)?
        .into_iter()
        .filter(|p| p.is_active)
        .flat_map(|p| p.tags.unwrap_or_default())
        .filter(|t| !t.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect())
}

/// `GET /list`: the prompts the caller may read, inactive ones included,
/// filtered, sorted, 30 a page.
pub fn search(cx: &Ctx, actor: &Actor, q: &ListQuery) -> Result<PromptPage> {
    actor.require_verified()?;
    let everything = bypass_admin(cx, actor);
    let g = granted_ids(cx, actor)?;
    let needle = q
        .query
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase);
    let tag = q
        .tag
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase);
    let mut owners: BTreeMap<String, Option<Owner>> = BTreeMap::new();
    let mut rows = Vec::new();
    for p in readable_rows(cx, actor, &g)? {
        match q.view_option.as_deref().filter(|v| !v.is_empty()) {
            Some("created") if p.user_id != actor.id => continue,
            Some("shared") if p.user_id == actor.id => continue,
            _ => {}
        }
        if !owners.contains_key(&p.user_id) {
            let u = users::find(cx, &p.user_id)?.map(owner);
            owners.insert(p.user_id.clone(), u);
        }
        let who = owners[&p.user_id].clone();
        if let Some(n) = &needle {
            let hit = |s: &str| s.to_lowercase().contains(n.as_str());
            let found = hit(&p.name)
                || hit(&p.command)
                || hit(&p.content)
                || who.as_ref().is_some_and(|u| hit(&u.name) || hit(&u.email));
            if !found {
                continue;
            }
        }
        if let Some(t) = &tag
            && !p
                .tags
                .iter()
                .flatten()
                .any(|x| x.to_ascii_lowercase() == *t)
        {
            continue;
        }
        rows.push((p, who));
    }
    // `rows` is newest-updated first; sorts below are stable
    let asc = q.direction.as_deref() == Some("asc");
    match q.order_by.as_deref() {
        Some("name") if asc => rows.sort_by(|a, b| a.0.name.cmp(&b.0.name)),
        Some("name") => rows.sort_by(|a, b| b.0.name.cmp(&a.0.name)),
        Some("created_at") if asc => rows.sort_by_key(|r| r.0.created_at),
        Some("created_at") => rows.sort_by_key(|r| std::cmp::Reverse(r.0.created_at)),
        Some("updated_at") if asc => rows.reverse(),
        _ => {}
    }
    let total = rows.len() as i64;
    let page = q.page.unwrap_or(1).max(1);
    let items = rows
        .into_iter()
        .skip(usize::try_from(crate::core::page_offset(page, PAGE_SIZE)).unwrap_or(usize::MAX))
        .take(PAGE_SIZE as usize)
        .map(|(p, user)| {
            let write_access = everything || p.user_id == actor.id || g.write.contains(&p.id);
            Ok(PromptAccess {
                prompt: with_grants(cx, p)?,
                user,
                write_access,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(PromptPage { items, total })
}
