//! The folder tree inside a KB, and moving files within it.

use super::*;
use crate::core::files;
use crate::error::is_unique_violation;

pub const TARGET_NOT_FOUND: &str = "Target directory not found.";
const PARENT_NOT_FOUND: &str = "Parent directory not found.";
const CREATE_FAILED: &str =
    "Failed to create directory. A directory with this name may already exist at this level.";
const UPDATE_FAILED: &str =
    "Failed to update directory. This may be caused by a naming conflict or circular move.";

/// A folder name: not empty, no `/` (paths are built from names).
fn check_name(name: &str) -> Result<String> {
    let n = name.trim();
    if n.is_empty() {
        return Err(Error::invalid("A directory name must not be empty."));
    }
    if n.contains('/') {
        return Err(Error::invalid("A directory name must not contain `/`."));
    }
    Ok(n.to_string())
}

/// `POST /{id}/dirs/create`.
pub fn create_dir(cx: &Ctx, actor: &Actor, id: &str, form: DirectoryForm) -> Result<Directory> {
    writable_local(cx, actor, id)?;
    let name = check_name(&form.name)?;
    let t = now();
    let d = Directory {
        id: new_id(),
        knowledge_id: id.into(),
        parent_id: form.parent_id.filter(|p| !p.is_empty()),
        name,
        user_id: actor.id.clone(),
        created_at: t,
        updated_at: t,
    };
    cx.db.write(|tx| {
        if let Some(p) = &d.parent_id
            && store::dir(tx, id, p)?.is_none()
        {
            return Err(Error::NotFound(PARENT_NOT_FOUND.into()));
        }
        store::insert_dir(tx, &d).map_err(|e| {
            if is_unique_violation(&e) {
                Error::invalid(CREATE_FAILED)
            } else {
                e.into()
            }
        })
    })?;
    Ok(d)
}

/// Ids of a folder and every folder below it.
pub(super) fn subtree(dirs: &[Directory], root: &str) -> Vec<String> {
    let mut out = vec![root.to_string()];
    let mut i = 0;
    while i < out.len() {
        let cur = out[i].clone();
        for d in dirs {
            if d.parent_id.as_deref() == Some(cur.as_str()) && !out.contains(&d.id) {
                out.push(d.id.clone());
            }
        }
        i += 1;
    }
    out
}

/// `POST /{id}/dirs/{dir_id}/update`: rename and/or move a folder (not
/// into itself or below itself).
pub fn update_dir(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    dir_id: &str,
    patch: DirectoryPatch,
) -> Result<Directory> {
    writable_local(cx, actor, id)?;
    let name = patch.name.as_deref().map(check_name).transpose()?;
    cx.db.write(|tx| {
        let mut d = store::dir(tx, id, dir_id)?.ok_or_else(Error::not_found)?;
        match &patch.parent {
            NewParent::Keep => {}
            NewParent::Root => d.parent_id = None,
            NewParent::Dir(p) => {
                if store::dir(tx, id, p)?.is_none() {
                    return Err(Error::NotFound(PARENT_NOT_FOUND.into()));
                }
                if subtree(&store::dirs(tx, id)?, dir_id).contains(p) {
                    return Err(Error::invalid(UPDATE_FAILED));
                }
                d.parent_id = Some(p.clone());
            }
        }
        if let Some(n) = name {
            d.name = n;
        }
        d.updated_at = now();
        store::update_dir(tx, &d).map_err(|e| {
            if is_unique_violation(&e) {
                Error::invalid(UPDATE_FAILED)
            } else {
                e.into()
            }
        })?;
        Ok(d)
    })
}

/// `DELETE /{id}/dirs/{dir_id}/delete`: the folder and every folder below
/// it. With `move_files` their files move to the folder's parent;
/// otherwise their links are removed and the files that are then in no KB
/// are deleted (unless `ENABLE_KNOWLEDGE_FILE_RETENTION`), when the caller
/// owns them or is an admin.
pub fn delete_dir(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    dir_id: &str,
    move_files: bool,
) -> Result<DirectoryDeleted> {
    writable_local(cx, actor, id)?;
    let removed = cx.db.write(|tx| {
        let d = store::dir(tx, id, dir_id)?.ok_or_else(Error::not_found)?;
        let ids = Value::from(subtree(&store::dirs(tx, id)?, dir_id)).to_string();
        let t = now();
        let mut removed = vec![];
        if move_files {
            store::move_links_from(tx, id, &ids, d.parent_id.as_deref(), t)?;
        } else {
            for f in store::files_in_dirs(tx, id, &ids)? {
                unlink_file_tx(tx, id, &f)?;
                removed.push(f);
            }
        }
        store::delete_dir(tx, dir_id)?;
        store::touch(tx, id, t)?;
        Ok(removed)
    })?;
    if !cx.cfg.bool("ENABLE_KNOWLEDGE_FILE_RETENTION") {
        for f in &removed {
            delete_if_orphan(cx, actor, f)?;
        }
    }
    Ok(DirectoryDeleted {
        status: true,
        file_ids: removed,
    })
}

/// Delete a file that is in no KB any more, when the caller owns it or is
/// an admin.
pub(super) fn delete_if_orphan(cx: &Ctx, actor: &Actor, file_id: &str) -> Result<()> {
    if !cx.db.read(|c| store::kbs_of_file(c, file_id))?.is_empty() {
        return Ok(());
    }
    match files::get(cx, actor, file_id) {
        Ok(f) if f.user_id == actor.id || actor.is_admin() => files::delete(cx, actor, file_id),
        _ => Ok(()),
    }
}

/// `POST /{id}/file/move`: put a linked file into a folder (`None` =
/// root).
pub fn move_file(cx: &Ctx, actor: &Actor, id: &str, form: MoveForm) -> Result<bool> {
    writable_local(cx, actor, id)?;
    let to = form.directory_id.filter(|d| !d.is_empty());
    cx.db.write(|tx| {
        if store::link_directory(tx, id, &form.file_id)?.is_none() {
            return Err(Error::not_found());
        }
        if let Some(d) = &to
            && store::dir(tx, id, d)?.is_none()
        {
            return Err(Error::NotFound(TARGET_NOT_FOUND.into()));
        }
        let t = now();
        store::move_link(tx, id, &form.file_id, to.as_deref(), t)?;
        store::touch(tx, id, t)
    })?;
    Ok(true)
}
