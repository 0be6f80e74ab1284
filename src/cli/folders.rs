//! `owui folders`: a user's chat folders, straight from the data directory.

use clap::Subcommand;

use super::Out;
use super::output::time;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::folders::{self, FolderForm, FolderPatch};
use crate::error::{Error, Result};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List folders
    List,
    /// Create a folder (inside --parent when given)
    Create {
        /// Folder name
        name: String,
        /// Parent folder (id or name)
        #[arg(long)]
        parent: Option<String>,
    },
    /// Rename a folder
    Rename {
        /// Folder (id or name)
        folder: String,
        /// New name
        name: String,
    },
    /// Move a folder under another one ("" or --root: to the top level)
    Move {
        /// Folder (id or name)
        folder: String,
        /// New parent (id or name)
        #[arg(required_unless_present = "root", conflicts_with = "root")]
        parent: Option<String>,
        /// Move to the top level
        #[arg(long)]
        root: bool,
    },
    /// Delete a folder with its chats (--keep-chats moves them out instead)
    Delete {
        /// Folder (id or name)
        folder: String,
        /// Keep the chats, out of any folder
        #[arg(long)]
        keep_chats: bool,
    },
}

/// A folder of the user by id or by exact name.
pub fn resolve(cx: &Ctx, me: &Actor, name: &str) -> Result<String> {
    let all = folders::list(cx, me)?;
    if let Some(f) = all.iter().find(|f| f.id == name) {
        return Ok(f.id.clone());
    }
    let found: Vec<_> = all.iter().filter(|f| f.name == name).collect();
    match found.len() {
        1 => Ok(found[0].id.clone()),
        0 => Err(Error::NotFound(format!("no folder `{name}`"))),
        _ => Err(Error::invalid(format!(
            "several folders are named `{name}`: use the id"
        ))),
    }
}

pub fn run(cx: &Ctx, out: &Out, me: &Actor, cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::List => {
            let all = folders::list(cx, me)?;
            let name_of = |id: &Option<String>| {
                id.as_ref()
                    .and_then(|p| all.iter().find(|f| &f.id == p))
                    .map(|f| f.name.clone())
                    .unwrap_or_default()
            };
            out.table(&all, &["ID", "NAME", "PARENT", "UNREAD", "UPDATED"], |f| {
                vec![
                    f.id.clone(),
                    f.name.clone(),
                    name_of(&f.parent_id),
                    f.unread_count.to_string(),
                    time(f.updated_at),
                ]
            })
        }
        Cmd::Create { name, parent } => {
            let parent_id = parent.map(|p| resolve(cx, me, &p)).transpose()?;
            let f = folders::create(
                cx,
                me,
                FolderForm {
                    name,
                    data: None,
                    meta: None,
                    parent_id,
                },
            )?;
            if out.json {
                out.json(&f)
            } else {
                out.done(&format!("created folder {} ({})", f.name, f.id))
            }
        }
        Cmd::Rename { folder, name } => {
            let id = resolve(cx, me, &folder)?;
            let f = folders::update(
                cx,
                me,
                &id,
                FolderPatch {
                    name: Some(name),
                    data: None,
                    meta: None,
                },
            )?;
            if out.json {
                out.json(&f)
            } else {
                out.done(&format!("renamed folder to {}", f.name))
            }
        }
        Cmd::Move {
            folder,
            parent,
            root,
        } => {
            let id = resolve(cx, me, &folder)?;
            let parent_id = match (root, parent) {
                (true, _) => None,
                (false, Some(p)) if p.is_empty() => None,
                (false, Some(p)) => Some(resolve(cx, me, &p)?),
                (false, None) => None,
            };
            let f = folders::update_parent(cx, me, &id, parent_id)?;
            if out.json {
                out.json(&f)
            } else {
                out.done(&format!("moved folder {}", f.name))
            }
        }
        Cmd::Delete { folder, keep_chats } => {
            let id = resolve(cx, me, &folder)?;
            folders::delete(cx, me, &id, !keep_chats)?;
            out.done(&format!("deleted folder {folder}"))
        }
    }
}
