//! Folders (projects): a tree of folders per user that holds chats, with
//! project settings in `data` and sharing through access grants.
//!
//! Table: `folder` (grants in `access_grant`, resource type `folder`).
//! Endpoints: `/api/v1/folders/*`.
//!
//! Access to a folder is inherited down the tree: the owner of a folder or
//! of any ancestor, or a grant on either, reaches it. Every operation is
//! behind the feature gate (`folders.enable`, permission
//! `features.folders` for non-admins).

pub mod model;
mod store;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value, json};

pub use model::*;

use crate::core::Ctx;
use crate::core::access;
use crate::core::actor::Actor;
use crate::core::chats;
use crate::core::users::{self, permissions};
use crate::error::{Error, Result, msg};
use crate::util::{new_id, now};

const RT: &str = "folder";
const EXISTS: &str = "[ERROR: Folder already exists]";
const INTO_ITSELF: &str = "[ERROR: Cannot move a folder into itself or one of its subfolders]";
const AUDIENCE: &str = "You do not have permission to share with the requested audience";
/// Chats per page of `shared/chats`, and how many come without `page`.
const SHARED_PAGE: i64 = 10;
const SHARED_FIRST: i64 = 60;

fn prohibited() -> Error {
    Error::forbidden(msg::ACCESS_PROHIBITED)
}

/// The feature gate of every folder operation.
fn gate(cx: &Ctx, actor: &Actor) -> Result<()> {
    actor.require_verified()?;
    if cx.store.get("folders.enable") == Value::Bool(false) {
        return Err(prohibited());
    }
    if !actor.is_admin() && !permissions::has(cx, &actor.id, "features.folders")? {
        return Err(prohibited());
    }
    Ok(())
}

/// A folder by id, without any access check.
pub fn find(cx: &Ctx, id: &str) -> Result<Option<Folder>> {
    cx.db.read(|c| store::get(c, id))
}

fn must_find(cx: &Ctx, id: &str) -> Result<Folder> {
    find(cx, id)?.ok_or_else(Error::not_found)
}

/// The folder and its ancestors, nearest first (cycle-safe).
fn path(cx: &Ctx, f: &Folder) -> Result<Vec<Folder>> {
    let mut out = vec![f.clone()];
    let mut seen = BTreeSet::from([f.id.clone()]);
    let mut next = f.parent_id.clone();
    while let Some(pid) = next {
        if !seen.insert(pid.clone()) {
            break;
        }
        match find(cx, &pid)? {
            Some(p) => {
                next = p.parent_id.clone();
                out.push(p);
            }
            None => break,
        }
    }
    Ok(out)
}

/// Upstream's `has_folder_access`: the user owns the folder or an
/// ancestor, or has a grant with exactly `permission` on one of them.
fn has_access(cx: &Ctx, user_id: &str, f: &Folder, permission: &str) -> Result<bool> {
    for p in path(cx, f)? {
        if p.user_id == user_id || access::has_access(cx, user_id, RT, &p.id, permission)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether the user may read the folder (and so its chats): owner of it or
/// an ancestor, or a `read` grant on either. Admin rights are the caller's
/// business.
pub fn can_read(cx: &Ctx, actor: &Actor, folder_id: &str) -> Result<bool> {
    match find(cx, folder_id)? {
        Some(f) => has_access(cx, &actor.id, &f, "read"),
        None => Ok(false),
    }
}

/// Whether the user may write to the folder (put chats in it, change it):
/// owner of it or an ancestor, or a `write` grant on either.
pub fn can_write(cx: &Ctx, actor: &Actor, folder_id: &str) -> Result<bool> {
    match find(cx, folder_id)? {
        Some(f) => has_access(cx, &actor.id, &f, "write"),
        None => Ok(false),
    }
}

/// The folder and every folder below it (any owner), the folder first.
pub fn subtree(cx: &Ctx, folder_id: &str) -> Result<Vec<String>> {
    cx.db.read(|c| store::subtree(c, folder_id, None))
}

/// The folders below a folder (any owner).
pub fn descendants(cx: &Ctx, folder_id: &str) -> Result<Vec<String>> {
    Ok(subtree(cx, folder_id)?
        .into_iter()
        .filter(|id| id != folder_id)
        .collect())
}

fn object(m: Option<Map<String, Value>>) -> Option<Value> {
    m.map(Value::Object)
}

/// Shallow merge of `patch` into a stored JSON object.
fn merge(stored: &mut Option<Value>, patch: Map<String, Value>) {
    let mut base = match stored.take() {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    for (k, v) in patch {
        base.insert(k, v);
    }
    *stored = Some(Value::Object(base));
}

/// `FolderUnreadCounts` of a user's folders, rolled up to every ancestor.
fn unread_counts(cx: &Ctx, folders: &[Folder], user_id: &str) -> Result<BTreeMap<String, i64>> {
    let parent: HashMap<&str, Option<&str>> = folders
        .iter()
        .map(|f| (f.id.as_str(), f.parent_id.as_deref()))
        .collect();
    let mut counts: BTreeMap<String, i64> = folders.iter().map(|f| (f.id.clone(), 0)).collect();
    for (fid, n) in chats::unread_by_folder(cx, user_id)? {
        let mut seen = BTreeSet::new();
        let mut cur = Some(fid.as_str());
        while let Some(id) = cur {
            if !seen.insert(id) || !parent.contains_key(id) {
                break;
            }
            *counts.entry(id.to_string()).or_default() += n;
            cur = parent[id];
        }
    }
    Ok(counts)
}

/// `FolderUnreadCounts` of every folder the user owns.
pub fn unread_of_user(cx: &Ctx, user_id: &str) -> Result<BTreeMap<String, i64>> {
    let folders = cx.db.read(|c| store::of_user(c, user_id))?;
    unread_counts(cx, &folders, user_id)
}

/// Re-parent to the root every folder whose parent is missing or which
/// sits in a parent cycle; returns the folders as stored afterwards.
fn repair(cx: &Ctx, mut folders: Vec<Folder>) -> Result<Vec<Folder>> {
    let mut parent: HashMap<String, Option<String>> = folders
        .iter()
        .map(|f| (f.id.clone(), f.parent_id.clone()))
        .collect();
    let mut broken = Vec::new();
    for f in &folders {
        let mut seen = BTreeSet::from([f.id.as_str()]);
        let mut cur = parent[&f.id].as_deref();
        let bad = loop {
            match cur {
                None => break false,
                Some(p) if !parent.contains_key(p) => break true,
                Some(p) if !seen.insert(p) => break true,
                Some(p) => cur = parent[p].as_deref(),
            }
        };
        if bad {
            broken.push(f.id.clone());
            parent.insert(f.id.clone(), None);
        }
    }
    if broken.is_empty() {
        return Ok(folders);
    }
    let t = now();
    cx.db.write(|tx| {
        for id in &broken {
            store::set_parent(tx, id, None, t)?;
        }
        Ok(())
    })?;
    for f in &mut folders {
        if broken.contains(&f.id) {
            f.parent_id = None;
            f.updated_at = t;
        }
    }
    Ok(folders)
}

/// `GET /folders/`: the caller's folders with their unread counts.
pub fn list(cx: &Ctx, actor: &Actor) -> Result<Vec<FolderItem>> {
    gate(cx, actor)?;
    let folders = cx.db.read(|c| store::of_user(c, &actor.id))?;
    let folders = repair(cx, folders)?;
    let counts = unread_counts(cx, &folders, &actor.id)?;
    Ok(folders
        .into_iter()
        .map(|f| FolderItem {
            unread_count: counts.get(&f.id).copied().unwrap_or(0),
            meta: match &f.meta {
                Some(Value::Object(m)) => Some(json!({"icon": m.get("icon").cloned()})),
                _ => None,
            },
            id: f.id,
            name: f.name,
            parent_id: f.parent_id,
            is_expanded: f.is_expanded,
            created_at: f.created_at,
            updated_at: f.updated_at,
        })
        .collect())
}

/// `POST /folders/`: a new folder; under someone else's folder it needs
/// write access there and belongs to that folder's owner.
pub fn create(cx: &Ctx, actor: &Actor, form: FolderForm) -> Result<Folder> {
    gate(cx, actor)?;
    let mut owner = actor.id.clone();
    if let Some(pid) = &form.parent_id
        && let Some(p) = find(cx, pid)?
        && p.user_id != actor.id
    {
        if !actor.is_admin() && !has_access(cx, &actor.id, &p, "write")? {
            return Err(prohibited());
        }
        owner = p.user_id.clone();
    }
    let t = now();
    let f = Folder {
        id: new_id(),
        parent_id: form.parent_id,
        user_id: owner,
        name: form.name,
        items: None,
        meta: object(form.meta),
        data: object(form.data),
        is_expanded: false,
        created_at: t,
        updated_at: t,
    };
    cx.db.write(|tx| {
        if store::sibling_named(tx, &actor.id, f.parent_id.as_deref(), &f.name, &f.id)? {
            return Err(Error::invalid(EXISTS));
        }
        store::insert(tx, &f)
    })?;
    Ok(f)
}

/// `GET /folders/shared`: folders shared with the caller or by the caller,
/// then their descendants (inheriting the permission; write wins).
pub fn shared(cx: &Ctx, actor: &Actor) -> Result<Vec<SharedFolder>> {
    gate(cx, actor)?;
    let mut perm: BTreeMap<String, &'static str> = BTreeMap::new();
    let grant = |perm: &mut BTreeMap<String, &'static str>, id: &str, p: &'static str| {
        let e = perm.entry(id.to_string()).or_insert(p);
        if p == "write" {
            *e = "write";
        }
    };
    for (id, p) in access::matching_grants(cx, &actor.id, RT)? {
        grant(&mut perm, &id, if p == "write" { "write" } else { "read" });
    }
    for f in cx.db.read(|c| store::of_user(c, &actor.id))? {
        if !access::grants_of(cx, RT, &f.id)?.is_empty() {
            grant(&mut perm, &f.id, "write");
        }
    }
    let ids: BTreeSet<String> = perm.keys().cloned().collect();
    let direct = cx.db.read(|c| store::by_ids(c, &ids))?;
    let mut order: Vec<Folder> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for f in direct {
        index.insert(f.id.clone(), order.len());
        order.push(f);
    }
    let n_direct = order.len();
    for i in 0..n_direct {
        let root = order[i].id.clone();
        let p = perm[&root];
        for id in descendants(cx, &root)? {
            match index.get(&id) {
                Some(_) => {
                    if p == "write" {
                        perm.insert(id, "write");
                    }
                }
                None => {
                    if let Some(f) = find(cx, &id)? {
                        perm.insert(id.clone(), p);
                        index.insert(id, order.len());
                        order.push(f);
                    }
                }
            }
        }
    }
    let mut names: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(order.len());
    for f in order {
        let owner_name = match names.get(&f.user_id) {
            Some(n) => n.clone(),
            None => {
                let n = users::find(cx, &f.user_id)?
                    .map(|u| u.name)
                    .unwrap_or_else(|| "Unknown".into());
                names.insert(f.user_id.clone(), n.clone());
                n
            }
        };
        let permission = if f.user_id == actor.id {
            "write"
        } else {
            perm[&f.id]
        };
        out.push(SharedFolder {
            folder: f,
            owner_name,
            permission,
        });
    }
    Ok(out)
}

/// `GET /folders/{id}`: for the owner, a reader, or an admin.
pub fn get(cx: &Ctx, actor: &Actor, id: &str) -> Result<FolderDetail> {
    gate(cx, actor)?;
    let f = must_find(cx, id)?;
    let write_access = if f.user_id == actor.id {
        true
    } else if actor.is_admin() || has_access(cx, &actor.id, &f, "read")? {
        actor.is_admin() || has_access(cx, &actor.id, &f, "write")?
    } else {
        return Err(Error::not_found());
    };
    Ok(FolderDetail {
        access_grants: access::grants_of(cx, RT, id)?,
        folder: f,
        write_access,
    })
}

/// `POST /folders/{id}/update`: name, and `data`/`meta` merged key-wise.
pub fn update(cx: &Ctx, actor: &Actor, id: &str, patch: FolderPatch) -> Result<Folder> {
    gate(cx, actor)?;
    let f = must_find(cx, id)?;
    let owner = f.user_id == actor.id;
    if !owner && !actor.is_admin() && !has_access(cx, &actor.id, &f, "write")? {
        return Err(Error::not_found());
    }
    if !owner
        && !actor.is_admin()
        && let Some(d) = &patch.data
        && let Some(mode) = d.get("share_mode")
        && mode.as_str() != f.share_mode()
    {
        return Err(prohibited());
    }
    cx.db.write(|tx| {
        let mut f = store::get(tx, id)?.ok_or_else(Error::not_found)?;
        if let Some(name) = patch.name {
            if store::sibling_named(tx, &f.user_id, f.parent_id.as_deref(), &name, &f.id)? {
                return Err(Error::invalid(EXISTS));
            }
            f.name = name;
        }
        if let Some(d) = patch.data {
            merge(&mut f.data, d);
        }
        if let Some(m) = patch.meta {
            merge(&mut f.meta, m);
        }
        f.updated_at = now();
        store::update(tx, &f)?;
        Ok(f)
    })
}

/// `POST /folders/{id}/update/parent` (owner only).
pub fn update_parent(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    parent_id: Option<String>,
) -> Result<Folder> {
    gate(cx, actor)?;
    // the new parent must be one the actor may put things into
    if let Some(pid) = &parent_id {
        let p = must_find(cx, pid)?;
        if p.user_id != actor.id && !actor.is_admin() && !has_access(cx, &actor.id, &p, "write")? {
            return Err(prohibited());
        }
    }
    let folder = cx.db.write(|tx| {
        let mut f = store::get(tx, id)?
            .filter(|f| f.user_id == actor.id)
            .ok_or_else(Error::not_found)?;
        if store::sibling_named(tx, &actor.id, parent_id.as_deref(), &f.name, &f.id)? {
            return Err(Error::invalid(EXISTS));
        }
        if let Some(p) = &parent_id
            && store::subtree(tx, id, None)?.contains(p)
        {
            return Err(Error::invalid(INTO_ITSELF));
        }
        f.parent_id = parent_id;
        f.updated_at = now();
        store::set_parent(tx, id, f.parent_id.as_deref(), f.updated_at)?;
        Ok(f)
    })?;
    // a folder's readers may come from its parents' grants
    chats::access_changed(cx, None);
    Ok(folder)
}

/// `POST /folders/{id}/update/expanded`: the owner sets it; readers get the
/// folder unchanged.
pub fn update_expanded(cx: &Ctx, actor: &Actor, id: &str, expanded: bool) -> Result<Folder> {
    gate(cx, actor)?;
    let f = must_find(cx, id)?;
    if f.user_id != actor.id {
        if actor.is_admin() || has_access(cx, &actor.id, &f, "read")? {
            return Ok(f);
        }
        return Err(Error::not_found());
    }
    cx.db.write(|tx| {
        let mut f = store::get(tx, id)?.ok_or_else(Error::not_found)?;
        f.is_expanded = expanded;
        f.updated_at = now();
        store::update(tx, &f)?;
        Ok(f)
    })
}

/// `POST /folders/{id}/access/update` (owner or admin): replace the grants
/// and, when sent, set `data.share_mode`.
pub fn update_access(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    form: AccessForm,
) -> Result<FolderWithGrants> {
    gate(cx, actor)?;
    let f = must_find(cx, id)?;
    if f.user_id != actor.id && !actor.is_admin() {
        return Err(prohibited());
    }
    let (kept, removed) = access::filter_grants(cx, actor, RT, form.access_grants)?;
    if removed && !actor.is_admin() {
        return Err(Error::forbidden(AUDIENCE));
    }
    let folder = cx.db.write(|tx| {
        access::replace_grants_tx(tx, RT, id, &kept)?;
        let mut f = store::get(tx, id)?.ok_or_else(Error::not_found)?;
        if let Some(mode) = form.share_mode {
            merge(
                &mut f.data,
                Map::from_iter([("share_mode".to_string(), mode.unwrap_or(Value::Null))]),
            );
            f.updated_at = now();
            store::update(tx, &f)?;
        }
        Ok(f)
    })?;
    chats::access_changed(cx, None);
    Ok(FolderWithGrants {
        access_grants: access::grants_of(cx, RT, id)?,
        folder,
    })
}

/// The caller's permission on a folder for the chat views: `write`,
/// `read`, or forbidden.
fn chat_permission(cx: &Ctx, actor: &Actor, f: &Folder) -> Result<&'static str> {
    if f.user_id == actor.id || actor.is_admin() {
        return Ok("write");
    }
    if !has_access(cx, &actor.id, f, "read")? {
        return Err(prohibited());
    }
    Ok(if has_access(cx, &actor.id, f, "write")? {
        "write"
    } else {
        "read"
    })
}

/// `GET /folders/{id}/shared/chats`: the chats of every user in this one
/// folder.
pub fn shared_chats(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    q: &SharedChatsQuery,
) -> Result<SharedChatsPage> {
    gate(cx, actor)?;
    let f = must_find(cx, id)?;
    let folder_permission = chat_permission(cx, actor, &f)?;
    let sort_by = q.sort_by.as_deref().unwrap_or("unread_updated_at");
    let asc = q.sort_dir.as_deref() == Some("asc");
    let (limit, offset) = match q.page {
        Some(p) => (SHARED_PAGE, crate::core::page_offset(p, SHARED_PAGE)),
        None => (SHARED_FIRST, 0),
    };
    let (rows, total) = chats::in_folder(cx, id, &actor.id, sort_by, asc, limit, offset)?;
    let mut names: HashMap<String, Option<String>> = HashMap::new();
    let mut name_of = |uid: &str| -> Result<Option<String>> {
        if let Some(n) = names.get(uid) {
            return Ok(n.clone());
        }
        let n = users::find(cx, uid)?.map(|u| u.name);
        names.insert(uid.to_string(), n.clone());
        Ok(n)
    };
    let mut out = Vec::with_capacity(rows.len());
    for ch in rows {
        let owner_name = name_of(&ch.user_id)?.unwrap_or_else(|| "Unknown".into());
        let mut others = Vec::new();
        let mut participants = Vec::new();
        for a in &ch.authors {
            let Some(name) = name_of(a)? else { continue };
            let p = Participant {
                id: a.clone(),
                name,
            };
            if *a == ch.user_id {
                participants.push(p);
            } else {
                others.push(p);
            }
        }
        others.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        participants.extend(others);
        let mine = ch.user_id == actor.id;
        out.push(SharedFolderChat {
            last_read_at: if mine {
                ch.last_read_at
            } else {
                Some(ch.updated_at)
            },
            readonly: !mine,
            id: ch.id,
            title: ch.title,
            user_id: ch.user_id,
            updated_at: ch.updated_at,
            created_at: ch.created_at,
            owner_name,
            participants,
            active: ch.active,
        });
    }
    let shown = offset + out.len() as i64;
    Ok(SharedChatsPage {
        chats: out,
        folder_permission,
        total: q.page.map(|_| total),
        has_more: q.page.map(|_| shown < total),
    })
}

/// `POST /folders/{id}/read`: mark the caller's chats read, in the whole
/// subtree for the owner or an admin, in this folder only for others.
pub fn mark_read(cx: &Ctx, actor: &Actor, id: &str) -> Result<ReadResult> {
    gate(cx, actor)?;
    let f = must_find(cx, id)?;
    let folder_ids = if f.user_id == actor.id || actor.is_admin() {
        subtree(cx, id)?
    } else if has_access(cx, &actor.id, &f, "read")? {
        vec![id.to_string()]
    } else {
        return Err(prohibited());
    };
    let updated_count = chats::mark_read_in_folders(cx, &actor.id, &folder_ids)?;
    Ok(ReadResult {
        folder_id: id.to_string(),
        folder_ids,
        updated_count,
        folder_unread_counts: unread_of_user(cx, &actor.id)?,
    })
}

/// `DELETE /folders/{id}` (owner or admin): the folder and the owner's
/// folders below it go, with their grants; with `delete_contents` the
/// owner's chats in them go too, and every other chat leaves them.
/// Returns the deleted folder ids.
pub fn delete(cx: &Ctx, actor: &Actor, id: &str, delete_contents: bool) -> Result<Vec<String>> {
    gate(cx, actor)?;
    let f = must_find(cx, id)?;
    if f.user_id != actor.id && !actor.is_admin() {
        return Err(prohibited());
    }
    let ids = cx.db.read(|c| store::subtree(c, id, Some(&f.user_id)))?;
    if delete_contents
        && !actor.is_admin()
        && chats::count_in_folders(cx, &f.user_id, &ids)? > 0
        && !permissions::has(cx, &actor.id, "chat.delete")?
    {
        return Err(prohibited());
    }
    cx.db.write(|tx| {
        for fid in &ids {
            chats::empty_folder_tx(tx, &f.user_id, fid, delete_contents)?;
            access::delete_for_resource_tx(tx, RT, fid)?;
            store::delete(tx, fid)?;
        }
        Ok(())
    })?;
    chats::access_changed(cx, None);
    Ok(ids)
}
