//! `owui connections`: the OpenAI-compatible and Ollama connections of the
//! config store (what the admin panel's Connections page edits).

use clap::{Subcommand, ValueEnum};

use super::Out;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::providers::Kind;
use crate::core::providers::config::{self, NewConn};
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    /// An OpenAI-compatible API (OpenAI, llama.cpp, vLLM, LM Studio, ...)
    Openai,
    /// An Ollama server
    Ollama,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Openai => Kind::OpenAI,
            KindArg::Ollama => Kind::Ollama,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List the connections of both kinds with their index
    List,
    /// Add a connection at the end of its kind's list
    Add {
        /// openai or ollama
        #[arg(long, value_enum)]
        kind: KindArg,
        /// Base URL, e.g. https://api.openai.com/v1 or http://localhost:11434
        url: String,
        /// API key (sent as a Bearer token)
        #[arg(long)]
        key: Option<String>,
        /// Show the connection's models as PREFIX.<model id>
        #[arg(long, value_name = "PREFIX")]
        prefix: Option<String>,
        /// Offer only these models (OpenAI: without asking the server)
        #[arg(long = "model-id", value_name = "ID")]
        model_ids: Vec<String>,
    },
    /// Remove a connection by index (later ones move up)
    Remove {
        /// openai or ollama
        #[arg(long, value_enum)]
        kind: KindArg,
        /// Index, as `list` shows it
        index: usize,
    },
    /// Fetch a connection's model list and print the model ids
    Test {
        /// openai or ollama
        #[arg(long, value_enum)]
        kind: KindArg,
        /// Index, as `list` shows it
        index: usize,
    },
}

/// The caller: `--as USER`, else the local administrator.
pub fn actor(cx: &Ctx, as_user: Option<&str>) -> Result<Actor> {
    match as_user {
        Some(u) => crate::core::users::local_actor(cx, Some(u)),
        None => Ok(Actor::system()),
    }
}

pub fn run(cx: &Ctx, out: &Out, me: &Actor, cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::List => {
            let all = config::list(cx, me)?;
            out.table(
                &all,
                &["KIND", "INDEX", "URL", "ENABLED", "PREFIX", "MODELS"],
                |c| {
                    vec![
                        c.kind.to_string(),
                        c.idx.to_string(),
                        c.url.clone(),
                        if c.enabled { "yes" } else { "no" }.to_string(),
                        c.prefix.clone(),
                        c.model_ids.join(","),
                    ]
                },
            )
        }
        Cmd::Add {
            kind,
            url,
            key,
            prefix,
            model_ids,
        } => {
            let new = NewConn {
                url: url.clone(),
                key,
                prefix,
                model_ids,
            };
            let idx = config::add(cx, me, kind.into(), new)?;
            if out.json {
                return out.json(&serde_json::json!({
                    "kind": config::kind_name(kind.into()), "index": idx, "url": url,
                }));
            }
            out.done(&format!(
                "added {} connection {idx}: {url}",
                config::kind_name(kind.into())
            ))
        }
        Cmd::Remove { kind, index } => {
            let url = config::remove(cx, me, kind.into(), index)?;
            if out.json {
                return out.json(&serde_json::json!({
                    "kind": config::kind_name(kind.into()), "index": index, "url": url,
                }));
            }
            out.done(&format!(
                "removed {} connection {index}: {url}",
                config::kind_name(kind.into())
            ))
        }
        Cmd::Test { kind, index } => {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(Error::internal)?;
            let ids = rt.block_on(config::test(cx, me, kind.into(), index))?;
            if out.json {
                return out.json(&ids);
            }
            let mut s = String::new();
            for id in ids {
                s.push_str(&id);
                s.push('\n');
            }
            super::output::write_stdout(s.as_bytes())
        }
    }
}
