//! `owui prompts`: slash-command prompts, straight in the data directory.

use std::io::Read;

use clap::Subcommand;
use serde_json::{Value, json};

use super::Out;
use super::output::time;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::prompts::{self, ListQuery, Prompt, PromptAccess, PromptForm};
use crate::error::{Error, Result};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List the prompts you may read, disabled ones included
    List {
        /// Only prompts whose name, command, content or owner contains this
        #[arg(long)]
        query: Option<String>,
        /// Only prompts with this tag
        #[arg(long)]
        tag: Option<String>,
    },
    /// Show one prompt by command or id (--json: the API's JSON, as
    /// GET /api/v1/prompts/id/{id} with the owner)
    Show {
        /// Command (with or without the leading /) or id
        prompt: String,
    },
    /// Create a prompt, typed in the chat input as /COMMAND
    Create {
        /// The slash command: letters, digits, - and _ (a leading / is dropped)
        command: String,
        /// Display name [default: the command]
        #[arg(long)]
        name: Option<String>,
        /// The template text ({{CLIPBOARD}}, {{USER_NAME}}, {{name}}... are
        /// filled in by the web UI when the prompt is used)
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        content: Option<String>,
        /// Read the template text from a file ("-" reads stdin)
        #[arg(long, value_name = "FILE")]
        file: Option<String>,
        /// A tag (repeatable)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Note stored with the first version [default: Initial version]
        #[arg(long)]
        message: Option<String>,
    },
    /// Change a prompt; flags not given keep their values. A change of
    /// name, command, text or tags is stored as a new version
    Update {
        /// Command (with or without the leading /) or id
        prompt: String,
        /// New slash command
        #[arg(long)]
        command: Option<String>,
        /// New display name
        #[arg(long)]
        name: Option<String>,
        /// New template text
        #[arg(long, conflicts_with = "file")]
        content: Option<String>,
        /// Read the new template text from a file ("-" reads stdin)
        #[arg(long, value_name = "FILE")]
        file: Option<String>,
        /// Replace the tags with these (repeatable)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Note stored with the new version
        #[arg(long)]
        message: Option<String>,
        /// Store the change as a draft version; the live prompt keeps its
        /// text (the command still changes)
        #[arg(long)]
        draft: bool,
        /// Enable or disable it (disabled prompts leave the / menu)
        #[arg(long, value_name = "BOOL")]
        active: Option<bool>,
    },
    /// Delete a prompt with its versions and sharing
    Delete {
        /// Command (with or without the leading /) or id
        prompt: String,
    },
    /// Print the enabled prompts you may read as JSON, as the web UI's
    /// "Export JSON" writes them
    Export,
    /// Create prompts from a JSON export of owui or Open WebUI ("-" reads
    /// stdin); all or none: a taken command refuses the whole file
    Import {
        /// JSON file: a list of prompts (command, name, content, tags)
        file: String,
    },
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

/// The web UI's rule for commands: `^[a-zA-Z0-9_-]+$`, a leading `/`
/// dropped.
fn command_arg(c: &str) -> Result<String> {
    let c = c.strip_prefix('/').unwrap_or(c);
    if c.is_empty()
        || !c
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
    {
        return Err(Error::invalid(format!(
            "invalid command `{c}`: use only letters, digits, - and _"
        )));
    }
    Ok(c.to_string())
}

fn text_arg(content: Option<String>, file: Option<String>) -> Result<Option<String>> {
    match (content, file) {
        (Some(c), _) => Ok(Some(c)),
        (None, Some(f)) => read_input(&f).map(Some),
        (None, None) => Ok(None),
    }
}

fn print_prompt(out: &Out, p: &PromptAccess) -> Result<()> {
    let m = &p.prompt;
    let fields = vec![
        ("id", m.id.clone()),
        ("command", format!("/{}", m.command)),
        ("name", m.name.clone()),
        ("active", m.is_active.to_string()),
        (
            "owner",
            p.user
                .as_ref()
                .map(|u| u.email.clone())
                .unwrap_or_else(|| m.user_id.clone()),
        ),
        ("tags", m.tags.clone().unwrap_or_default().join(", ")),
        ("shared", m.access_grants.len().to_string()),
        ("version", m.version_id.clone().unwrap_or_default()),
        ("writable", p.write_access.to_string()),
        ("updated", time(m.updated_at)),
        ("content", m.content.clone()),
    ];
    out.record(p, &fields)
}

fn done(out: &Out, p: &Prompt, verb: &str) -> Result<()> {
    if out.json {
        out.json(p)
    } else {
        out.done(&format!("{verb} prompt /{} ({})", p.command, p.id))
    }
}

pub fn run(cx: &Ctx, out: &Out, me: &Actor, cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::List { query, tag } => {
            let mut all = Vec::new();
            for page in 1.. {
                let q = ListQuery {
                    query: query.clone(),
                    tag: tag.clone(),
                    page: Some(page),
                    ..Default::default()
                };
                let got = prompts::search(cx, me, &q)?;
                let n = got.items.len() as i64;
                all.extend(got.items);
                if n < prompts::PAGE_SIZE {
                    break;
                }
            }
            out.table(
                &all,
                &["COMMAND", "NAME", "ACTIVE", "OWNER", "TAGS", "UPDATED"],
                |p| {
                    vec![
                        format!("/{}", p.prompt.command),
                        p.prompt.name.clone(),
                        if p.prompt.is_active { "yes" } else { "no" }.into(),
                        p.user
                            .as_ref()
                            .map(|u| u.email.clone())
                            .unwrap_or_else(|| "-".into()),
                        p.prompt.tags.clone().unwrap_or_default().join(", "),
                        time(p.prompt.updated_at),
                    ]
                },
            )
        }
        Cmd::Show { prompt } => {
            let p = prompts::show(cx, me, &prompt)?;
            if out.json {
                return out.json(&p);
            }
            print_prompt(out, &p)
        }
        Cmd::Create {
            command,
            name,
            content,
            file,
            tags,
            message,
        } => {
            let command = command_arg(&command)?;
            let content = text_arg(content, file)?.unwrap_or_default();
            let mut f = PromptForm::new(&command, name.as_deref().unwrap_or(&command), &content);
            f.tags = Some(tags);
            f.commit_message = message;
            let p = prompts::create(cx, me, f)?;
            done(out, &p, "created")
        }
        Cmd::Update {
            prompt,
            command,
            name,
            content,
            file,
            tags,
            message,
            draft,
            active,
        } => {
            let id = prompts::resolve(cx, &prompt)?;
            let cur = prompts::show(cx, me, &id)?.prompt;
            let command = command.as_deref().map(command_arg).transpose()?;
            let content = text_arg(content, file)?;
            let edits = command.is_some()
                || name.is_some()
                || content.is_some()
                || !tags.is_empty()
                || draft;
            let mut p = cur.clone();
            if edits {
                let mut f = PromptForm::new(
                    command.as_deref().unwrap_or(&cur.command),
                    name.as_deref().unwrap_or(&cur.name),
                    content.as_deref().unwrap_or(&cur.content),
                );
                f.data = cur.data.clone().and_then(|v| v.as_object().cloned());
                f.meta = cur.meta.clone().and_then(|v| v.as_object().cloned());
                f.tags = (!tags.is_empty()).then_some(tags);
                f.commit_message = message;
                f.is_production = !draft;
                p = prompts::update(cx, me, &id, f)?;
            }
            if active.is_some_and(|a| a != p.is_active) {
                p = prompts::toggle(cx, me, &id)?;
            }
            done(out, &p, "updated")
        }
        Cmd::Delete { prompt } => {
            let id = prompts::resolve(cx, &prompt)?;
            prompts::delete(cx, me, &id)?;
            if out.json {
                out.json(&json!(true))
            } else {
                out.done(&format!("deleted prompt {prompt}"))
            }
        }
        Cmd::Export => out.json(&prompts::export(cx, me)?),
        Cmd::Import { file } => {
            let text = read_input(&file)?;
            let items = match serde_json::from_str::<Value>(&text) {
                Ok(Value::Array(a)) => a,
                Ok(v @ Value::Object(_)) => vec![v],
                _ => {
                    return Err(Error::invalid(format!(
                        "{file}: not a JSON list of prompts"
                    )));
                }
            };
            let done = prompts::import(cx, me, &items)?;
            if out.json {
                out.json(&done)
            } else {
                out.done(&format!("imported {} prompts", done.len()))
            }
        }
    }
}
