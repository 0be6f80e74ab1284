//! `owui chats`: a user's chats, straight from the data directory.

use std::io::Read;

use clap::Subcommand;
use serde_json::Value;

use super::Out;
use super::output::{time, write_stdout};
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::chats::{self, Chat, ImportChat, ListQuery};
use crate::error::{Error, Result};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List chats, newest first (not archived unless --archived)
    List {
        /// Archived chats instead
        #[arg(long)]
        archived: bool,
    },
    /// Print one chat (the current branch) as Markdown, or JSON with --json
    Show {
        /// Chat id
        id: String,
    },
    /// Search titles and messages (upstream's syntax: tag:X, pinned:true,
    /// archived:true, shared:false, free text)
    Search {
        /// Search text
        text: String,
    },
    /// Write chats in the API's JSON (all of them, or the ids given)
    Export {
        /// Chat ids (default: every chat)
        ids: Vec<String>,
        /// json (importable) or md
        #[arg(long, default_value = "json", value_parser = ["json", "md"])]
        format: String,
    },
    /// Import chats exported by `owui chats export` or Open WebUI ("-" reads stdin)
    Import {
        /// JSON file (a list of chats, NDJSON, or {"chats": [...]}), or -
        file: String,
    },
    /// Delete a chat
    Delete {
        /// Chat id
        id: String,
    },
    /// Archive a chat (--undo brings it back)
    Archive {
        /// Chat id
        id: String,
        #[arg(long)]
        undo: bool,
    },
    /// Pin a chat (--undo unpins it)
    Pin {
        /// Chat id
        id: String,
        #[arg(long)]
        undo: bool,
    },
    /// Share a chat: print the share id (the link is /s/<share id>);
    /// sharing again refreshes the snapshot
    Share {
        /// Chat id
        id: String,
        /// continue: readers with access reach the live chat; snapshot:
        /// readers see the snapshot only (default: the share's current mode,
        /// snapshot for a new share)
        #[arg(long, value_parser = ["continue", "snapshot"])]
        mode: Option<String>,
    },
    /// Remove a chat's share link
    Unshare {
        /// Chat id
        id: String,
    },
    /// Move a chat into a folder (--none: out of any folder)
    Move {
        /// Chat id
        id: String,
        /// Folder (id or name)
        #[arg(required_unless_present = "none", conflicts_with = "none")]
        folder: Option<String>,
        /// Out of any folder
        #[arg(long)]
        none: bool,
    },
    /// Tag a chat (--remove takes the tag off)
    Tag {
        /// Chat id
        id: String,
        /// Tag name
        name: String,
        #[arg(long)]
        remove: bool,
    },
}

/// The current branch of a chat as Markdown.
pub fn markdown(c: &Chat) -> String {
    let mut s = format!("# {}\n\n", c.title);
    let msgs = c.chat["messages"].as_array().cloned().unwrap_or_else(|| {
        // no legacy list: walk from currentId up
        let all = &c.chat["history"]["messages"];
        let mut path = Vec::new();
        let mut cur = c.chat["history"]["currentId"].as_str().map(str::to_string);
        while let Some(id) = cur {
            let m = &all[&id];
            if m.is_null() || path.len() > 100_000 {
                break;
            }
            cur = m["parentId"].as_str().map(str::to_string);
            path.push(m.clone());
        }
        path.reverse();
        path
    });
    for m in msgs {
        let who = match m["role"].as_str() {
            Some("user") => "User".to_string(),
            Some("assistant") => match m["model"].as_str() {
                Some(model) => format!("Assistant ({model})"),
                None => "Assistant".into(),
            },
            Some(r) => r.to_string(),
            None => continue,
        };
        let text = match &m["content"] {
            Value::String(t) => t.clone(),
            other => other.to_string(),
        };
        s.push_str(&format!("**{who}:**\n\n{}\n\n", text.trim_end()));
    }
    s
}

fn read_input(file: &str) -> Result<String> {
    if file == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        Ok(s)
    } else {
        std::fs::read_to_string(file)
            .map_err(|e| Error::invalid(format!("cannot read {file}: {e}")))
    }
}

/// Chats from a JSON list, `{"chats": [...]}` or NDJSON.
fn parse_import(text: &str) -> Result<Vec<ImportChat>> {
    let items: Vec<Value> = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(a)) => a,
        Ok(Value::Object(mut o)) if o.get("chats").is_some_and(Value::is_array) => o
            .remove("chats")
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default(),
        Ok(v @ Value::Object(_)) => vec![v],
        _ => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(serde_json::from_str)
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| Error::invalid(format!("not JSON or NDJSON: {e}")))?,
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::from_value(v).map_err(|e| Error::invalid(format!("chat {}: {e}", i + 1)))
        })
        .collect()
}

pub fn run(cx: &Ctx, out: &Out, me: &Actor, cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::List { archived } => {
            let items = if archived {
                let mut all = Vec::new();
                let mut page = 1;
                loop {
                    let q = chats::ArchivedQuery {
                        page: Some(page),
                        ..Default::default()
                    };
                    let p = chats::archived(cx, me, &q)?;
                    let done = p.len() < chats::PAGE_SIZE as usize;
                    all.extend(p);
                    if done {
                        break;
                    }
                    page += 1;
                }
                all
            } else {
                let q = ListQuery {
                    include_pinned: Some(true),
                    include_folders: Some(true),
                    ..Default::default()
                };
                chats::list(cx, me, &q)?
            };
            out.table(&items, &["ID", "TITLE", "UPDATED"], |c| {
                vec![c.id.clone(), c.title.clone(), time(c.updated_at)]
            })
        }
        Cmd::Show { id } => {
            let c = chats::get(cx, me, &id)?;
            if out.json {
                out.json(&c)
            } else {
                write_stdout(markdown(&c).as_bytes())
            }
        }
        Cmd::Search { text } => {
            let mut all = Vec::new();
            let mut page = 1;
            loop {
                let p = chats::search::search(cx, me, &text, page)?;
                let done = p.len() < chats::PAGE_SIZE as usize;
                all.extend(p);
                if done {
                    break;
                }
                page += 1;
            }
            out.table(&all, &["ID", "TITLE", "MATCH"], |c| {
                vec![
                    c.id.clone(),
                    c.title.clone(),
                    c.snippet.clone().unwrap_or_default(),
                ]
            })
        }
        Cmd::Export { ids, format } => {
            let list = if ids.is_empty() {
                chats::export_all(cx, me)?
            } else {
                ids.iter()
                    .map(|id| chats::get(cx, me, id))
                    .collect::<Result<Vec<_>>>()?
            };
            if format == "md" {
                let text: Vec<String> = list.iter().map(markdown).collect();
                write_stdout(text.join("\n---\n\n").as_bytes())
            } else {
                out.json(&list)
            }
        }
        Cmd::Import { file } => {
            let list = parse_import(&read_input(&file)?)?;
            let n = list.len();
            let done = chats::import(cx, me, list)?;
            if out.json {
                out.json(&done)
            } else {
                out.done(&format!("imported {n} chats"))
            }
        }
        Cmd::Delete { id } => {
            chats::delete(cx, me, &id)?;
            out.done(&format!("deleted chat {id}"))
        }
        Cmd::Archive { id, undo } => {
            let c = chats::get(cx, me, &id)?;
            if c.archived == undo {
                chats::toggle_archive(cx, me, &id)?;
            }
            out.done(&format!(
                "{} chat {id}",
                if undo { "unarchived" } else { "archived" }
            ))
        }
        Cmd::Pin { id, undo } => {
            if chats::is_pinned(cx, me, &id)? == undo {
                chats::toggle_pin(cx, me, &id)?;
            }
            out.done(&format!(
                "{} chat {id}",
                if undo { "unpinned" } else { "pinned" }
            ))
        }
        Cmd::Share { id, mode } => {
            let mode = mode.map(|m| (m == "continue").then_some(m));
            let c = chats::share(cx, me, &id, mode)?;
            if out.json {
                return out.json(&c);
            }
            let sid = c.share_id.unwrap_or_default();
            write_stdout(format!("{sid}\n").as_bytes())?;
            out.done(&format!("shared chat {id} at /s/{sid}"))
        }
        Cmd::Unshare { id } => {
            chats::unshare(cx, me, &id)?;
            out.done(&format!("unshared chat {id}"))
        }
        Cmd::Move {
            id,
            folder,
            none: _,
        } => {
            let folder_id = folder
                .map(|f| super::folders::resolve(cx, me, &f))
                .transpose()?;
            let c = chats::move_to_folder(cx, me, &id, folder_id)?;
            out.done(&format!(
                "moved chat {} to {}",
                c.id,
                c.folder_id.as_deref().unwrap_or("no folder")
            ))
        }
        Cmd::Tag { id, name, remove } => {
            let tags = if remove {
                chats::remove_tag(cx, me, &id, &name)?
            } else {
                chats::add_tag(cx, me, &id, &name)?
            };
            if out.json {
                out.json(&tags)
            } else {
                let names: Vec<&str> = tags.iter().filter_map(|t| t["name"].as_str()).collect();
                out.done(&format!("tags of {id}: {}", names.join(", ")))
            }
        }
    }
}
