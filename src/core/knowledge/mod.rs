//! Knowledge bases: named collections of files, shared through access
//! grants, with a folder tree inside each.
//!
//! Tables: `knowledge`, `knowledge_file` (links), `knowledge_directory`
//! (folders); grants in `access_grant`, resource type `knowledge`.
//! Endpoints: `/api/v1/knowledge/*` (listings, create, get, update,
//! sharing, files, folders, sync diff and cleanup, export, reset,
//! reindex, delete). Commands: `owui knowledge
//! list|create|show|delete|add|remove|search|reindex`.
//!
//! Authorization as upstream: reading needs the admin role, ownership or a
//! `read` grant (the listings: admins see everything only with
//! `BYPASS_ADMIN_ACCESS_CONTROL`); changing needs ownership, a `write`
//! grant or the admin role; creating needs `workspace.knowledge` (admins
//! exempt). A user who may read a KB may read its files
//! ([`file_access`]).
//!
//! A KB's id is also the name of its vector collection. Files enter a KB
//! through [`link_file_tx`] once their chunks are in that collection, and
//! leave through [`unlink_file_tx`]: the routes of [`indexing`] call
//! these, and keep each KB's entry in `knowledge-bases`.

mod dirs;
pub mod indexing;
mod list;
pub mod model;
mod store;
mod sync;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use rusqlite::Connection;
use serde_json::Value;

pub use dirs::{TARGET_NOT_FOUND, create_dir, delete_dir, move_file, update_dir};
pub use list::{files, list, pending, search, search_files};
pub use model::*;
pub use sync::{export, sync_diff};

use crate::core::Ctx;
use crate::core::access::{self, GrantSpec};
use crate::core::actor::Actor;
use crate::core::retrieval::vectors;
use crate::core::users;
use crate::error::{Error, Result, msg};
use crate::util::{new_id, now};

const RT: &str = "knowledge";
/// The collection holding one vector per KB (its name and description).
pub const KB_COLLECTION: &str = "knowledge-bases";
/// Page size of every paged listing.
pub const PAGE_SIZE: i64 = 30;
/// Creating a KB failed in the database.
pub const FILE_EXISTS: &str = "Uh-oh! This file is already registered. Please choose another file.";
/// Updating a KB failed in the database.
pub const ID_TAKEN: &str = "Uh-oh! This id is already registered. Please choose another id string.";
/// A change to a KB served from a remote store.
pub const EXTERNAL_RO: &str = "External knowledge bases are read-only.";

fn bypass_admin(cx: &Ctx, actor: &Actor) -> bool {
    actor.is_admin() && cx.cfg.bool("BYPASS_ADMIN_ACCESS_CONTROL")
}

fn granted(cx: &Ctx, actor: &Actor, id: &str, perm: &str) -> Result<bool> {
    access::has_access(cx, &actor.id, RT, id, perm)
}

/// Whether the actor owns the KB or holds a `permission` grant on it
/// (admins not exempt: the caller decides that); `None` when no KB has
/// this id. The vector collection of a KB is named by its id.
pub fn access_of(cx: &Ctx, actor: &Actor, id: &str, permission: &str) -> Result<Option<bool>> {
    let Some(k) = find(cx, id)? else {
        return Ok(None);
    };
    Ok(Some(
        k.user_id == actor.id || granted(cx, actor, id, permission)?,
    ))
}

/// Whether `dir` is a folder of the KB.
pub fn has_dir(cx: &Ctx, kb: &str, dir: &str) -> Result<bool> {
    Ok(cx.db.read(|c| store::dir(c, kb, dir))?.is_some())
}

/// Whether the actor may change the KB (owner, `write` grant or admin);
/// false when it does not exist.
pub fn may_write(cx: &Ctx, actor: &Actor, id: &str) -> Result<bool> {
    match find(cx, id)? {
        Some(k) => can_change(cx, actor, &k),
        None => Ok(false),
    }
}

/// Admin, owner or a `read` grant.
fn can_read(cx: &Ctx, actor: &Actor, k: &Knowledge) -> Result<bool> {
    Ok(actor.is_admin() || k.user_id == actor.id || granted(cx, actor, &k.id, "read")?)
}

/// Owner, a `write` grant, or an admin.
fn can_change(cx: &Ctx, actor: &Actor, k: &Knowledge) -> Result<bool> {
    Ok(actor.is_admin() || k.user_id == actor.id || granted(cx, actor, &k.id, "write")?)
}

/// The `write_access` flag: admin with bypass, owner, or a `write` grant.
fn write_flag(cx: &Ctx, actor: &Actor, k: &Knowledge) -> Result<bool> {
    Ok(bypass_admin(cx, actor) || k.user_id == actor.id || granted(cx, actor, &k.id, "write")?)
}

fn with_grants(cx: &Ctx, mut k: Knowledge) -> Result<Knowledge> {
    k.access_grants = access::grants_of(cx, RT, &k.id)?;
    Ok(k)
}

fn find(cx: &Ctx, id: &str) -> Result<Option<Knowledge>> {
    cx.db
        .read(|c| store::get(c, id))?
        .map(|k| with_grants(cx, k))
        .transpose()
}

/// The KB, when it exists (not found) and the caller may read it
/// (forbidden).
fn readable(cx: &Ctx, actor: &Actor, id: &str) -> Result<Knowledge> {
    actor.require_verified()?;
    let k = find(cx, id)?.ok_or_else(Error::not_found)?;
    if !can_read(cx, actor, &k)? {
        return Err(Error::forbidden(msg::ACCESS_PROHIBITED));
    }
    Ok(k)
}

/// The KB, when it exists (not found) and the caller may change it
/// (read-only).
fn writable(cx: &Ctx, actor: &Actor, id: &str) -> Result<Knowledge> {
    actor.require_verified()?;
    let k = find(cx, id)?.ok_or_else(Error::not_found)?;
    if !can_change(cx, actor, &k)? {
        return Err(Error::ReadOnly(msg::ACCESS_PROHIBITED.into()));
    }
    Ok(k)
}

/// [`writable`] for a local KB: an external one is refused (invalid)
/// before the caller's access is looked at, as upstream.
fn writable_local(cx: &Ctx, actor: &Actor, id: &str) -> Result<Knowledge> {
    actor.require_verified()?;
    let k = find(cx, id)?.ok_or_else(Error::not_found)?;
    if k.is_external() {
        return Err(Error::invalid(EXTERNAL_RO));
    }
    if !can_change(cx, actor, &k)? {
        return Err(Error::ReadOnly(msg::ACCESS_PROHIBITED.into()));
    }
    Ok(k)
}

fn brief(u: users::User) -> UserBrief {
    UserBrief {
        id: u.id,
        name: u.name,
        role: u.role,
        email: u.email,
    }
}

/// Every linked file of a KB as `FileMetadataResponse`, most recently
/// updated first.
fn file_metadata(cx: &Ctx, id: &str) -> Result<Vec<FileMetadata>> {
    let ids = Value::from(vec![id]).to_string();
    Ok(cx
        .db
        .read(|c| store::linked_files(c, &ids, false))?
        .into_iter()
        .map(|f| FileMetadata {
            id: f.id,
            hash: f.hash,
            meta: f.meta,
            created_at: f.created_at,
            updated_at: f.updated_at,
        })
        .collect())
}

/// What the change routes answer: the KB with all its files, and
/// `write_access` false (as upstream).
fn with_files(cx: &Ctx, id: &str) -> Result<KnowledgeFiles> {
    let knowledge = find(cx, id)?.ok_or_else(Error::not_found)?;
    Ok(KnowledgeFiles {
        files: Some(file_metadata(cx, id)?),
        knowledge,
        write_access: false,
    })
}

/// Whether the caller may create KBs.
fn may_create(cx: &Ctx, actor: &Actor) -> Result<bool> {
    Ok(actor.is_admin() || users::permissions::has(cx, &actor.id, "workspace.knowledge")?)
}

/// `POST /create`: grants the caller may not give are dropped silently.
pub fn create(cx: &Ctx, actor: &Actor, form: KnowledgeForm) -> Result<Knowledge> {
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
    let t = now();
    let k = Knowledge {
        id: new_id(),
        user_id: actor.id.clone(),
        name: form.name,
        description: form.description,
        meta: None,
        access_grants: vec![],
        created_at: t,
        updated_at: t,
    };
    cx.db.write(|tx| {
        store::insert(tx, &k).map_err(|_| Error::invalid(FILE_EXISTS))?;
        access::replace_grants_tx(tx, RT, &k.id, &grants)
    })?;
    find(cx, &k.id)?.ok_or_else(Error::not_found)
}

/// `GET /{id}`: the KB without its files, and whether the caller may
/// change it.
pub fn get(cx: &Ctx, actor: &Actor, id: &str) -> Result<KnowledgeFiles> {
    let k = readable(cx, actor, id)?;
    Ok(KnowledgeFiles {
        write_access: write_flag(cx, actor, &k)?,
        knowledge: k,
        files: None,
    })
}

/// A file of a KB with its extracted text.
#[derive(Debug, Clone, PartialEq)]
pub struct FileText {
    pub id: String,
    pub filename: String,
    pub content: String,
}

/// The files of a KB the caller may read, with their extracted text
/// (empty for a file not extracted yet), most recently updated first:
/// what a chat gets from a KB in full-context mode.
pub fn file_texts(cx: &Ctx, actor: &Actor, id: &str) -> Result<Vec<FileText>> {
    readable(cx, actor, id)?;
    let ids = Value::from(vec![id]).to_string();
    Ok(cx
        .db
        .read(|c| store::linked_files(c, &ids, true))?
        .into_iter()
        .map(|f| FileText {
            id: f.id,
            filename: f.filename,
            content: f.content.unwrap_or_default(),
        })
        .collect())
}

/// One KB by id or by name (the caller's own first, then any they may
/// read), for the CLI, with its owner and its number of files.
pub fn show(cx: &Ctx, actor: &Actor, id_or_name: &str) -> Result<KnowledgeItem> {
    actor.require_verified()?;
    let id = match find(cx, id_or_name)? {
        Some(k) => k.id,
        None => {
            let mut named: Vec<Knowledge> = list::readable_rows(cx, actor)?
                .into_iter()
                .filter(|k| k.name == id_or_name)
                .collect();
            named.sort_by_key(|k| k.user_id != actor.id);
            match named.as_slice() {
                [] => return Err(Error::NotFound(format!("no knowledge base `{id_or_name}`"))),
                [one] => one.id.clone(),
                [a, b, ..] if a.user_id == actor.id && b.user_id != actor.id => a.id.clone(),
                _ => {
                    return Err(Error::invalid(format!(
                        "several knowledge bases are named `{id_or_name}`: give an id"
                    )));
                }
            }
        }
    };
    let k = readable(cx, actor, &id).map_err(|e| match e {
        Error::Forbidden(_) => Error::NotFound(format!("no knowledge base `{id_or_name}`")),
        e => e,
    })?;
    let ids = Value::from(vec![id.as_str()]).to_string();
    let file_count = cx.db.read(|c| store::linked_files(c, &ids, false))?.len() as i64;
    Ok(KnowledgeItem {
        write_access: write_flag(cx, actor, &k)?,
        user: users::find(cx, &k.user_id)?.map(brief),
        file_count: Some(file_count),
        knowledge: k,
    })
}

/// `POST /{id}/update`: name and description (grants in the form are
/// ignored).
pub fn update(cx: &Ctx, actor: &Actor, id: &str, form: KnowledgeForm) -> Result<KnowledgeFiles> {
    writable(cx, actor, id)?;
    cx.db
        .write(|tx| store::update(tx, id, &form.name, &form.description, now()))
        .map_err(|e| match e {
            Error::Internal(_) => Error::invalid(ID_TAKEN),
            e => e,
        })?;
    with_files(cx, id)
}

/// `POST /{id}/access/update`: replace the grants (forbidden when the
/// caller may not share with part of the audience).
pub fn update_access(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    grants: &[Value],
) -> Result<KnowledgeFiles> {
    writable(cx, actor, id)?;
    access::update_grants(cx, actor, RT, id, GrantSpec::list_of(grants))?;
    with_files(cx, id)
}

/// `DELETE /{id}/delete`: the KB, its grants, links and folders, and its
/// entry in every model's `meta.knowledge`, in one transaction. The files
/// themselves stay.
pub fn delete(cx: &Ctx, actor: &Actor, id: &str) -> Result<bool> {
    writable(cx, actor, id)?;
    let n = cx.db.write(|tx| {
        crate::core::models::forget_knowledge_tx(tx, id, &actor.id)?;
        access::delete_for_resource_tx(tx, RT, id)?;
        vectors::delete_collection(tx, id)?;
        vectors::delete_where(tx, KB_COLLECTION, "knowledge_base_id", &Value::from(id))?;
        store::delete(tx, id)
    })?;
    Ok(n == 1)
}

/// Every KB, with its grants, links and folders, inside the caller's
/// transaction (the vector store's reset).
pub fn delete_all_tx(tx: &rusqlite::Transaction) -> Result<()> {
    for k in store::all(tx)? {
        access::delete_for_resource_tx(tx, RT, &k.id)?;
        store::delete(tx, &k.id)?;
    }
    Ok(())
}

/// Link a file into a KB (into `directory_id`, `None` = root) inside the
/// caller's transaction, once its chunks are in the KB's collection; the
/// KB's `updated_at` moves. False when it was linked already. The folder
/// must belong to the KB (not found otherwise: "Target directory not
/// found.").
pub fn link_file_tx(
    tx: &Connection,
    knowledge_id: &str,
    file_id: &str,
    directory_id: Option<&str>,
    actor: &Actor,
) -> Result<bool> {
    if let Some(d) = directory_id
        && store::dir(tx, knowledge_id, d)?.is_none()
    {
        return Err(Error::NotFound(dirs::TARGET_NOT_FOUND.into()));
    }
    let t = now();
    let added = store::link(
        tx,
        &new_id(),
        knowledge_id,
        file_id,
        directory_id,
        &actor.id,
        t,
    )?;
    if added {
        store::touch(tx, knowledge_id, t)?;
    }
    Ok(added)
}

/// Remove a file's link from a KB inside the caller's transaction, and
/// the file's chunks from the KB's collection (by `file_id` and by the
/// file's `hash`); false when it was not linked.
pub fn unlink_file_tx(
    tx: &rusqlite::Transaction,
    knowledge_id: &str,
    file_id: &str,
) -> Result<bool> {
    let n = store::unlink(tx, knowledge_id, file_id)?;
    if n > 0 {
        store::touch(tx, knowledge_id, now())?;
    }
    forget_chunks_tx(tx, knowledge_id, file_id)?;
    Ok(n > 0)
}

/// Remove a file's chunks from a KB's collection (by `file_id`, and by
/// the file's `hash` for chunks written before `file_id` was kept).
pub fn forget_chunks_tx(
    tx: &rusqlite::Transaction,
    knowledge_id: &str,
    file_id: &str,
) -> Result<()> {
    vectors::delete_where(tx, knowledge_id, "file_id", &Value::from(file_id))?;
    if let Some(hash) = crate::core::files::row_tx(tx, file_id)?.and_then(|f| f.hash) {
        vectors::delete_where(tx, knowledge_id, "hash", &Value::from(hash))?;
    }
    Ok(())
}

/// Unlink a file from every KB holding it (with its chunks there), inside
/// the caller's transaction; the KBs it left.
pub fn unlink_everywhere_tx(tx: &rusqlite::Transaction, file_id: &str) -> Result<Vec<String>> {
    let kbs = store::kbs_of_file(tx, file_id)?;
    for kb in &kbs {
        unlink_file_tx(tx, kb, file_id)?;
    }
    Ok(kbs)
}

/// The KBs a file is linked into.
pub fn kbs_of_file(cx: &Ctx, file_id: &str) -> Result<Vec<String>> {
    cx.db.read(|c| store::kbs_of_file(c, file_id))
}

/// Whether a user may read (`read`) or change (`write`) a file through
/// the KBs it is linked into (files.md §8): read with read access to one
/// of them; write with a `write` grant on one owned by the file's owner.
pub fn file_access(
    cx: &Ctx,
    actor: &Actor,
    file_id: &str,
    file_owner: &str,
    permission: &str,
) -> Result<bool> {
    let kb_ids: HashSet<String> = cx
        .db
        .read(|c| store::kbs_of_file(c, file_id))?
        .into_iter()
        .collect();
    if kb_ids.is_empty() {
        return Ok(false);
    }
    for kb in &kb_ids {
        let Some(k) = cx.db.read(|c| store::get(c, kb))? else {
            continue;
        };
        let ok = match permission {
            "read" => k.user_id == actor.id || granted(cx, actor, kb, "read")?,
            "write" => k.user_id == file_owner && granted(cx, actor, kb, "write")?,
            _ => false,
        };
        if ok {
            return Ok(true);
        }
    }
    Ok(false)
}
