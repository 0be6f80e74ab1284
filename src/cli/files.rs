//! `owui files`: uploaded files, straight in the data directory.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};

use clap::Subcommand;
use serde_json::{Value, json};

use super::Out;
use super::output::time;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::files::{self, FileFound, FileModel, FileQuery, Scope, Staged, UploadForm};
use crate::core::retrieval::index;
use crate::core::users;
use crate::error::{Error, Result};
use crate::tui::text::size;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List files, newest upload first
    ///
    /// Yours, or every user's when you are an admin. --json prints them as
    /// GET /api/v1/files/search does, without the extracted text.
    List {
        /// Only this user's files (id or email; admins only, unless it is
        /// you)
        #[arg(long, value_name = "USER")]
        user: Option<String>,
        /// Only files whose name matches this glob (* any run of
        /// characters, ? one; case-insensitive), e.g. '*.pdf'
        #[arg(long, value_name = "GLOB")]
        search: Option<String>,
        /// At most this many files [default: all]
        #[arg(long, value_name = "N")]
        limit: Option<i64>,
        /// Skip this many files first
        #[arg(long, value_name = "N", default_value_t = 0)]
        skip: i64,
    },
    /// Store files as your uploads and index them for search
    ///
    /// Each file becomes an upload of the acting user (--as), as the web
    /// UI's upload makes one: the bytes are kept, then the text is
    /// extracted, split into chunks and embedded with the admin's
    /// Documents settings. A file that cannot be indexed is kept, marked
    /// failed with the reason, and the command exits non-zero.
    Upload {
        /// Files to upload (each keeps its own name; the type is guessed
        /// from the extension)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Store only: do not extract or index the text (as the web UI's
        /// upload with process=false)
        #[arg(long)]
        no_process: bool,
    },
    /// Show one file (--json: as GET /api/v1/files/{id})
    Show {
        /// File id
        id: String,
    },
    /// Delete a file: its record and its stored bytes (no question asked)
    Delete {
        /// File id
        id: String,
    },
}

/// `meta.size`, for people.
fn size_of(meta: Option<&Value>) -> String {
    meta.and_then(|m| m.get("size"))
        .and_then(Value::as_u64)
        .map(|n| size(n as usize))
        .unwrap_or_else(|| "-".into())
}

fn type_of(meta: Option<&Value>) -> String {
    meta.and_then(|m| m.get("content_type"))
        .and_then(Value::as_str)
        .unwrap_or("-")
        .to_string()
}

/// `data.status`, or `-` for a file never processed.
fn status_of(data: Option<&Value>) -> String {
    data.and_then(|d| d.get("status"))
        .and_then(Value::as_str)
        .unwrap_or("-")
        .to_string()
}

/// Owner emails by user id (ids of users that are gone stay ids).
fn owners(cx: &Ctx) -> Result<Vec<(String, String)>> {
    Ok(users::list_all(cx, &Actor::system())?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect())
}

fn owner_name(owners: &[(String, String)], id: &str) -> String {
    owners
        .iter()
        .find(|(uid, _)| uid == id)
        .map(|(_, email)| email.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Every file the search finds from `skip` on, up to `limit`, a page of
/// [`files::MAX_LIMIT`] at a time.
fn collect(
    cx: &Ctx,
    me: &Actor,
    scope: Scope,
    pattern: &str,
    skip: i64,
    limit: Option<i64>,
) -> Result<Vec<FileFound>> {
    if skip < 0 {
        return Err(Error::invalid("--skip must be 0 or more"));
    }
    if limit.is_some_and(|n| n < 1) {
        return Err(Error::invalid("--limit must be 1 or more"));
    }
    let mut all = Vec::new();
    loop {
        let want = match limit {
            Some(n) => (n - all.len() as i64).min(files::MAX_LIMIT),
            None => files::MAX_LIMIT,
        };
        if want <= 0 {
            break;
        }
        let q = FileQuery {
            filename: pattern.to_string(),
            content: false,
            skip: skip + all.len() as i64,
            limit: want,
        };
        let page = files::search(cx, me, scope, &q)?;
        let n = page.len() as i64;
        all.extend(page);
        if n < want {
            break;
        }
    }
    Ok(all)
}

fn print_file(cx: &Ctx, out: &Out, f: &FileModel) -> Result<()> {
    let owners = owners(cx)?;
    let error = f
        .data
        .as_ref()
        .and_then(|d| d.get("error"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut fields = vec![
        ("id", f.id.clone()),
        ("name", f.display_name()),
        ("type", type_of(f.meta.as_ref())),
        ("size", size_of(f.meta.as_ref())),
        ("owner", owner_name(&owners, &f.user_id)),
        ("status", status_of(f.data.as_ref())),
    ];
    if !error.is_empty() {
        fields.push(("error", error));
    }
    fields.extend([
        (
            "sha256",
            f.meta
                .as_ref()
                .and_then(|m| m.get("file_hash"))
                .and_then(Value::as_str)
                .unwrap_or("-")
                .to_string(),
        ),
        ("path", f.path.clone().unwrap_or_else(|| "-".into())),
        ("created", f.created_at.map(time).unwrap_or_default()),
        ("updated", f.updated_at.map(time).unwrap_or_default()),
    ]);
    out.record(f, &fields)
}

/// Upload one local file as `me`, with `metadata` (JSON) and, when
/// `process`, marked pending for [`index::process_upload`].
pub(super) fn upload_one(
    cx: &Ctx,
    me: &Actor,
    path: &Path,
    metadata: Option<String>,
    process: bool,
) -> Result<files::Uploaded> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staged = Staged::from_file(cx, path)?;
    let content_type = mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream")
        .to_string();
    files::upload(
        cx,
        me,
        UploadForm {
            filename: name,
            content_type: Some(content_type),
            metadata,
            process,
        },
        staged,
    )
}

/// A progress bar on stderr over `len` files, drawn only on a terminal
/// and without `--json`.
pub(super) fn progress_bar(out: &Out, len: usize) -> ProgressBar {
    if out.json || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        pb.set_style(style);
    }
    pb
}

/// Index an uploaded file (and link it into `metadata.knowledge_id`), as
/// the web UI's upload does; the error it ended with, if any.
pub(super) async fn process(
    cx: &Ctx,
    me: &Actor,
    id: &str,
    pb: &ProgressBar,
) -> Result<Option<String>> {
    let name = files::row(cx, id)?.map(|f| f.filename).unwrap_or_default();
    pb.set_message(name.clone());
    let bar = pb.clone();
    let progress = move |n: usize| bar.set_message(format!("{name}: {n} chunks embedded"));
    index::process_upload(cx, me, id, &progress).await;
    pb.inc(1);
    let data = files::row(cx, id)?.and_then(|f| f.data);
    let status = data
        .as_ref()
        .and_then(|d| d.get("status"))
        .and_then(Value::as_str);
    Ok(match status {
        Some("completed") => None,
        _ => Some(
            data.as_ref()
                .and_then(|d| d.get("error"))
                .and_then(Value::as_str)
                .unwrap_or("not indexed")
                .to_string(),
        ),
    })
}

/// A runtime for the indexing work of one command.
pub(super) fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

pub fn run(cx: &Ctx, out: &Out, me: &Actor, cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::List {
            user,
            search,
            limit,
            skip,
        } => {
            let user_id = user
                .map(|u| users::lookup(cx, &Actor::system(), &u).map(|u| u.id))
                .transpose()?;
            let scope = match &user_id {
                Some(id) => Scope::User(id),
                None => Scope::Visible,
            };
            let found = collect(cx, me, scope, search.as_deref().unwrap_or("*"), skip, limit)?;
            let owners = owners(cx)?;
            out.table(&found, &["ID", "NAME", "SIZE", "OWNER", "CREATED"], |f| {
                vec![
                    f.file.id.clone(),
                    f.file.filename.clone(),
                    size_of(f.file.meta.as_ref()),
                    owner_name(&owners, &f.file.user_id),
                    time(f.file.created_at),
                ]
            })
        }
        Cmd::Upload {
            files: paths,
            no_process,
        } => {
            // every file must be there before any is stored
            for p in &paths {
                if !p.is_file() {
                    return Err(Error::invalid(format!(
                        "{}: not a readable file",
                        p.display()
                    )));
                }
            }
            let mut done = Vec::new();
            let mut failed = None;
            for p in &paths {
                match upload_one(cx, me, p, None, !no_process) {
                    Ok(up) => done.push(up),
                    Err(e) => {
                        failed = Some(Error::invalid(format!("{}: {}", p.display(), e.message())));
                        break;
                    }
                }
            }
            // what was stored is indexed, even when a later file failed
            let mut errors = vec![];
            if !no_process && !done.is_empty() {
                let pb = progress_bar(out, done.len());
                let rt = runtime()?;
                for u in &done {
                    if let Some(e) = rt.block_on(process(cx, me, &u.file.id, &pb))? {
                        errors.push(format!("{}: {e}", u.file.filename));
                    }
                }
                pb.finish_and_clear();
            }
            if !no_process {
                for u in &mut done {
                    if let Some(f) = files::row(cx, &u.file.id)? {
                        u.file = f.item();
                    }
                }
            }
            // what was stored before a failure is shown (and kept)
            if failed.is_none() || !done.is_empty() {
                let mut cols = vec!["ID", "NAME", "TYPE", "SIZE"];
                if !no_process {
                    cols.push("STATUS");
                }
                out.table(&done, &cols, |u| {
                    let mut r = vec![
                        u.file.id.clone(),
                        u.file.filename.clone(),
                        type_of(u.file.meta.as_ref()),
                        size_of(u.file.meta.as_ref()),
                    ];
                    if !no_process {
                        r.push(status_of(u.file.data.as_ref()));
                    }
                    r
                })?;
            }
            if let Some(e) = failed {
                return Err(e);
            }
            if !errors.is_empty() {
                return Err(Error::invalid(format!(
                    "not indexed: {}",
                    errors.join("; ")
                )));
            }
            Ok(())
        }
        Cmd::Show { id } => {
            let f = files::get(cx, me, &id).map_err(|e| match e {
                Error::NotFound(_) => Error::NotFound(format!("no file `{id}`")),
                e => e,
            })?;
            if out.json {
                return out.json(&f);
            }
            print_file(cx, out, &f)
        }
        Cmd::Delete { id } => {
            files::delete(cx, me, &id).map_err(|e| match e {
                Error::NotFound(_) => Error::NotFound(format!("no file `{id}`")),
                e => e,
            })?;
            if out.json {
                out.json(&json!(true))
            } else {
                out.done(&format!("deleted file {id}"))
            }
        }
    }
}
