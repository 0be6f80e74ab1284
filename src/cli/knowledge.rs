//! `owui knowledge`: knowledge bases, straight in the data directory.

use clap::Subcommand;
use serde_json::json;

use super::Out;
use super::output::time;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::knowledge::{self, KnowledgeForm, KnowledgeItem, SearchQuery};
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List the knowledge bases you may read, most recently changed first
    List {
        /// Only those whose name, description or owner contains this
        #[arg(long)]
        query: Option<String>,
    },
    /// Show one knowledge base by id or name (--json: the API's JSON, as
    /// in GET /api/v1/knowledge/ with the owner and the number of files)
    Show {
        /// Id, or name (your own first when several share it)
        knowledge: String,
    },
    /// Create an empty knowledge base (files are added in the web UI)
    Create {
        /// Its name
        name: String,
        /// What it holds
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Delete a knowledge base with its folders and sharing; its files
    /// stay, and models stop referring to it
    Delete {
        /// Id, or name (your own first when several share it)
        knowledge: String,
    },
}

fn print_one(out: &Out, k: &KnowledgeItem) -> Result<()> {
    let m = &k.knowledge;
    let fields = vec![
        ("id", m.id.clone()),
        ("name", m.name.clone()),
        ("description", m.description.clone()),
        (
            "owner",
            k.user
                .as_ref()
                .map(|u| u.email.clone())
                .unwrap_or_else(|| m.user_id.clone()),
        ),
        ("files", k.file_count.unwrap_or(0).to_string()),
        ("shared", m.access_grants.len().to_string()),
        ("writable", k.write_access.to_string()),
        ("created", time(m.created_at)),
        ("updated", time(m.updated_at)),
    ];
    out.record(k, &fields)
}

pub fn run(cx: &Ctx, out: &Out, me: &Actor, cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::List { query } => {
            let mut all = Vec::new();
            for page in 1.. {
                let q = SearchQuery {
                    query: query.clone(),
                    page: Some(page),
                    ..Default::default()
                };
                let got = knowledge::search(cx, me, &q)?;
                let n = got.items.len() as i64;
                all.extend(got.items);
                if n < knowledge::PAGE_SIZE {
                    break;
                }
            }
            out.table(&all, &["ID", "NAME", "FILES", "OWNER", "UPDATED"], |k| {
                vec![
                    k.knowledge.id.clone(),
                    k.knowledge.name.clone(),
                    k.file_count.unwrap_or(0).to_string(),
                    k.user
                        .as_ref()
                        .map(|u| u.email.clone())
                        .unwrap_or_else(|| "-".into()),
                    time(k.knowledge.updated_at),
                ]
            })
        }
        Cmd::Show { knowledge: k } => print_one(out, &knowledge::show(cx, me, &k)?),
        Cmd::Create { name, description } => {
            let k = knowledge::create(
                cx,
                me,
                KnowledgeForm {
                    name,
                    description,
                    access_grants: None,
                },
            )?;
            if out.json {
                out.json(&k)
            } else {
                out.done(&format!("created knowledge base {} ({})", k.name, k.id))
            }
        }
        Cmd::Delete { knowledge: k } => {
            let found = knowledge::show(cx, me, &k)?;
            knowledge::delete(cx, me, &found.knowledge.id)?;
            if out.json {
                out.json(&json!(true))
            } else {
                out.done(&format!(
                    "deleted knowledge base {} ({})",
                    found.knowledge.name, found.knowledge.id
                ))
            }
        }
    }
}
