//! `owui knowledge`: knowledge bases, straight in the data directory.

use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;
use serde_json::json;

use super::output::time;
use super::{Out, files};
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::knowledge::{self, KnowledgeForm, KnowledgeItem, SearchQuery, indexing};
use crate::error::{Error, Result};

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
    /// Create an empty knowledge base
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
    /// Upload files into a knowledge base: each is stored as your upload,
    /// indexed and added (a file that fails is reported, the others go on;
    /// the exit status is non-zero when any failed)
    Add {
        /// Id, or name (your own first when several share it)
        knowledge: String,
        /// Files to add
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Take files out of a knowledge base, with their chunks; the files
    /// themselves are deleted too (yours, or any for an admin), as in the
    /// web UI, unless --keep or ENABLE_KNOWLEDGE_FILE_RETENTION
    Remove {
        /// Id, or name (your own first when several share it)
        knowledge: String,
        /// File ids
        #[arg(required = true, value_name = "FILE_ID")]
        file_ids: Vec<String>,
        /// Keep the files: only take them out of the knowledge base
        #[arg(long)]
        keep: bool,
    },
    /// The chunks of a knowledge base closest to a query, best first, with
    /// the file each comes from and its score (--json: an array of
    /// {file_id, name, score, text})
    Search {
        /// Id, or name (your own first when several share it)
        knowledge: String,
        /// What to look for
        query: String,
        /// How many chunks [default: the admin's Top K]
        #[arg(short = 'k', value_name = "N")]
        k: Option<usize>,
    },
    /// Rebuild every knowledge base's vectors from its files' stored text
    /// (admins only): after a change of embedding model
    Reindex,
}

/// The id of a KB the actor may read, by id or name.
fn kb_id(cx: &Ctx, me: &Actor, k: &str) -> Result<(String, String)> {
    let found = knowledge::show(cx, me, k)?;
    Ok((found.knowledge.id, found.knowledge.name))
}

/// `knowledge add`: one row per file, in order.
#[derive(Serialize)]
struct Added {
    file: String,
    id: Option<String>,
    status: &'static str,
    error: Option<String>,
}

fn add(cx: &Ctx, out: &Out, me: &Actor, k: &str, paths: Vec<PathBuf>) -> Result<()> {
    let (kb, name) = kb_id(cx, me, k)?;
    indexing::check_writable(cx, me, &kb)?;
    let metadata = json!({"knowledge_id": kb}).to_string();
    let pb = files::progress_bar(out, paths.len());
    let rt = files::runtime()?;
    let mut rows = vec![];
    for p in &paths {
        let mut row = Added {
            file: p.display().to_string(),
            id: None,
            status: "failed",
            error: None,
        };
        let up = if p.is_file() {
            files::upload_one(cx, me, p, Some(metadata.clone()), true)
        } else {
            Err(Error::invalid("not a readable file"))
        };
        match up {
            Ok(u) => {
                row.id = Some(u.file.id.clone());
                match rt.block_on(files::process(cx, me, &u.file.id, &pb))? {
                    None if knowledge::kbs_of_file(cx, &u.file.id)?.contains(&kb) => {
                        row.status = "added";
                    }
                    None => row.error = Some("indexed, but not added".into()),
                    Some(e) => row.error = Some(e),
                }
            }
            Err(e) => {
                pb.inc(1);
                row.error = Some(e.message());
            }
        }
        rows.push(row);
    }
    pb.finish_and_clear();
    out.table(&rows, &["FILE", "ID", "STATUS"], |r| {
        vec![
            r.file.clone(),
            r.id.clone().unwrap_or_else(|| "-".into()),
            match &r.error {
                Some(e) => format!("failed: {e}"),
                None => r.status.to_string(),
            },
        ]
    })?;
    let failed = rows.iter().filter(|r| r.error.is_some()).count();
    if failed > 0 {
        return Err(Error::invalid(format!(
            "{failed} of {} files not added to {name}",
            rows.len()
        )));
    }
    Ok(())
}

fn remove(cx: &Ctx, out: &Out, me: &Actor, k: &str, ids: Vec<String>, keep: bool) -> Result<()> {
    let (kb, name) = kb_id(cx, me, k)?;
    let delete = !keep && !cx.cfg.bool("ENABLE_KNOWLEDGE_FILE_RETENTION");
    let mut removed = vec![];
    let mut errors = vec![];
    for id in &ids {
        match indexing::remove_file(cx, me, &kb, id, delete) {
            Ok(_) => removed.push(id.clone()),
            Err(Error::NotFound(_)) => errors.push(format!("{id}: not in {name}")),
            Err(e) => return Err(e),
        }
    }
    if out.json {
        out.json(&removed)?;
    } else {
        for id in &removed {
            out.done(&format!("removed {id} from {name}"))?;
        }
    }
    if !errors.is_empty() {
        return Err(Error::invalid(errors.join("; ")));
    }
    Ok(())
}

fn search(cx: &Ctx, out: &Out, me: &Actor, k: &str, query: &str, n: Option<usize>) -> Result<()> {
    let (kb, _) = kb_id(cx, me, k)?;
    let rt = files::runtime()?;
    let found = rt.block_on(indexing::search_chunks(cx, me, &kb, query, n))?;
    out.table(&found, &["SCORE", "FILE", "TEXT"], |f| {
        vec![
            format!("{:.3}", f.score),
            f.name.clone().unwrap_or_else(|| "-".into()),
            f.text.clone(),
        ]
    })
}

fn reindex(cx: &Ctx, out: &Out, me: &Actor) -> Result<()> {
    me.require_admin()?;
    let pb = files::progress_bar(out, 0);
    let rt = files::runtime()?;
    let bar = pb.clone();
    let progress = move |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let report = rt.block_on(async {
        let r = indexing::reindex(cx, me, &progress).await?;
        indexing::reindex_metadata(cx, me).await?;
        Ok::<_, Error>(r)
    })?;
    pb.finish_and_clear();
    if out.json {
        out.json(&report)?;
    } else {
        out.done(&format!(
            "reindexed {} file(s) in {} knowledge base(s)",
            report.files - report.failed.len(),
            report.knowledge_bases
        ))?;
    }
    if !report.failed.is_empty() {
        let list: Vec<String> = report
            .failed
            .iter()
            .map(|(id, e)| format!("{id}: {e}"))
            .collect();
        return Err(Error::invalid(format!(
            "not reindexed: {}",
            list.join("; ")
        )));
    }
    Ok(())
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
            let form = KnowledgeForm {
                name,
                description,
                access_grants: None,
            };
            let k = files::runtime()?.block_on(indexing::create(cx, me, form))?;
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
        Cmd::Add {
            knowledge: k,
            files,
        } => add(cx, out, me, &k, files),
        Cmd::Remove {
            knowledge: k,
            file_ids,
            keep,
        } => remove(cx, out, me, &k, file_ids, keep),
        Cmd::Search {
            knowledge: k,
            query,
            k: n,
        } => search(cx, out, me, &k, &query, n),
        Cmd::Reindex => reindex(cx, out, me),
    }
}
