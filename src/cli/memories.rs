//! `owui memories`: a user's memories, straight in the data directory.

use clap::{Subcommand, ValueEnum};

use super::Out;
use super::output::time;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::memories::{self, MemoryType, NewMemory};
use crate::error::{Error, Result};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List your memories, oldest first
    List,
    /// Keep a new memory
    Add {
        /// What to remember, e.g. "Prefers answers in French"
        content: String,
        /// user: a fact about you, always given to the model; context:
        /// found when it is relevant to the question
        #[arg(long = "type", value_enum, default_value = "context")]
        kind: Kind,
        /// File it under a path such as work/projects/alpha
        #[arg(long)]
        path: Option<String>,
    },
    /// Delete one memory by id
    Delete {
        /// The memory's id (see `owui memories list`)
        id: String,
    },
    /// Delete all your memories
    Clear,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Kind {
    User,
    Context,
}

pub fn run(cx: &Ctx, out: &Out, me: &Actor, cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::List => {
            let all = memories::list(cx, me)?;
            out.table(&all, &["ID", "TYPE", "PATH", "CONTENT", "UPDATED"], |m| {
                vec![
                    m.id.clone(),
                    m.kind.as_str().into(),
                    m.path.clone().unwrap_or_else(|| "-".into()),
                    m.content.clone(),
                    time(m.updated_at),
                ]
            })
        }
        Cmd::Add {
            content,
            kind,
            path,
        } => {
            let kind = match kind {
                Kind::User => MemoryType::User,
                Kind::Context => MemoryType::Context,
            };
            // embedded like every memory, so the runtime is needed
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let m = rt.block_on(memories::add(
                cx,
                me,
                NewMemory {
                    content,
                    kind,
                    path,
                },
            ))?;
            if out.json {
                out.json(&m)
            } else {
                out.done(&format!("added memory {}", m.id))
            }
        }
        Cmd::Delete { id } => {
            if !memories::delete(cx, me, &id)? {
                return Err(Error::NotFound(format!("you have no memory {id}")));
            }
            if out.json {
                out.json(&true)
            } else {
                out.done(&format!("deleted memory {id}"))
            }
        }
        Cmd::Clear => {
            let n = memories::clear(cx, me)?;
            if out.json {
                out.json(&serde_json::json!({"deleted": n}))
            } else {
                out.done(&format!("deleted {n} memories"))
            }
        }
    }
}
