//! `owui ask`: one question to a model from the shell, the answer streamed
//! to stdout and kept as a chat.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::Args as ClapArgs;
use futures::StreamExt;
use serde_json::{Value, json};

use super::{Out, files};
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::chats;
use crate::core::completions::{self, Outcome};
use crate::core::knowledge;
use crate::core::providers;
use crate::core::retrieval::cite::{Citation, citations};
use crate::error::{Error, Result};
use crate::util::new_id;

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// The question; read from standard input when absent
    #[arg(value_name = "PROMPT", trailing_var_arg = true)]
    pub prompt: Vec<String>,
    /// Model id [default: the chat's model, else the first default model,
    /// else the first model available]
    #[arg(short, long, value_name = "MODEL")]
    pub model: Option<String>,
    /// Continue this chat (its current branch) instead of starting one
    #[arg(long, value_name = "CHAT_ID", conflicts_with = "no_save")]
    pub chat: Option<String>,
    /// Do not keep the exchange as a chat
    #[arg(long)]
    pub no_save: bool,
    /// A system prompt for this question
    #[arg(short, long, value_name = "TEXT")]
    pub system: Option<String>,
    /// Upload and index this file, and answer from it (repeatable)
    #[arg(short, long = "file", value_name = "PATH", conflicts_with = "no_save")]
    pub files: Vec<PathBuf>,
    /// Answer from this knowledge base, by name or id (repeatable)
    #[arg(
        short,
        long = "knowledge",
        value_name = "NAME|ID",
        conflicts_with = "no_save"
    )]
    pub knowledge: Vec<String>,
}

fn prompt_of(a: &Args) -> Result<String> {
    if !a.prompt.is_empty() {
        return Ok(a.prompt.join(" "));
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(Error::invalid(
            "no prompt: give it as an argument or on standard input",
        ));
    }
    let mut s = String::new();
    stdin.lock().read_to_string(&mut s)?;
    let s = s.trim_end().to_string();
    if s.trim().is_empty() {
        return Err(Error::invalid("the prompt is empty"));
    }
    Ok(s)
}

fn print(text: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes());
    let _ = o.flush();
}

/// The model to use: asked for, the chat's, the admin's default, or the
/// first one the user may use.
async fn pick_model(cx: &Ctx, me: &Actor, a: &Args, chat: Option<&chats::Chat>) -> Result<String> {
    if let Some(m) = &a.model {
        return Ok(m.clone());
    }
    if let Some(m) = chat
        .and_then(|c| c.chat.get("models"))
        .and_then(|m| m.get(0))
        .and_then(Value::as_str)
    {
        return Ok(m.to_string());
    }
    let base = providers::base_models(cx, false).await;
    let me2 = me.clone();
    let list = cx
        .blocking(move |cx| crate::core::models::merge_list(cx, &me2, base.as_ref().clone()))
        .await?;
    let ids: Vec<String> = list
        .iter()
        .filter_map(|m| m.get("id").and_then(Value::as_str).map(String::from))
        .collect();
    let defaults = cx.store.string("ui.default_models");
    if let Some(d) = defaults
        .split(',')
        .map(str::trim)
        .find(|d| ids.iter().any(|i| i == d))
    {
        return Ok(d.to_string());
    }
    ids.into_iter().next().ok_or_else(|| {
        Error::invalid("no model available: add a connection with `owui connections add`")
    })
}

pub fn run(cx: &Ctx, out: &Out, me: &Actor, a: Args) -> Result<()> {
    let prompt = prompt_of(&a)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(ask(cx, out, me, a, prompt))
}

async fn ask(cx: &Ctx, out: &Out, me: &Actor, a: Args, prompt: String) -> Result<()> {
    let chat = match &a.chat {
        Some(id) => Some(chats::get(cx, me, id)?),
        None => None,
    };
    let model = pick_model(cx, me, &a, chat.as_ref()).await?;
    let attached = attach(cx, out, me, &a).await?;
    if a.no_save {
        let mut messages = Vec::new();
        if let Some(s) = &a.system {
            messages.push(json!({"role": "system", "content": s}));
        }
        messages.push(json!({"role": "user", "content": prompt}));
        let form = json!({"model": model, "messages": messages, "stream": !out.json});
        return match completions::chat_completion(cx, me, form).await? {
            Outcome::Stream(mut s) => {
                while let Some(c) = s.next().await {
                    let c = c?;
                    if let Some(t) = c
                        .pointer("/choices/0/delta/content")
                        .and_then(Value::as_str)
                    {
                        print(t);
                    }
                }
                print("\n");
                Ok(())
            }
            Outcome::Json(v) | Outcome::Started(v) => out.json(&v),
        };
    }

    let target = completions::resolve(cx, me, &model).await?;
    let user_id = new_id();
    let reply_id = new_id();
    let replies = vec![chats::Reply {
        model_id: model.clone(),
        message_id: reply_id.clone(),
        model_idx: None,
    }];
    let mut user = json!({"id": user_id, "role": "user", "content": prompt, "models": [model]});
    if !attached.is_empty() {
        user["files"] = json!(attached);
    }
    let first = chat.is_none();
    let chat_id = match &chat {
        Some(c) => {
            user["parentId"] = json!(c.current_message_id);
            chats::insert_turn(cx, me, &c.id, Some(&user), &replies)?;
            c.id.clone()
        }
        None => chats::open_chat_for_turn(cx, me, &user, &replies, None)?,
    };
    let mut form = serde_json::Map::new();
    if let Some(s) = &a.system {
        form.insert("params".into(), json!({"system": s}));
    }
    if !attached.is_empty() {
        form.insert("files".into(), json!(attached));
    }
    let stream_out = !out.json;
    let mut on_delta = |t: &str| {
        if stream_out {
            print(t);
        }
    };
    let ans = completions::answer_into_chat(
        cx,
        me,
        target,
        &chat_id,
        &reply_id,
        form,
        first,
        &mut on_delta,
    )
    .await?;
    if stream_out && !ans.content.is_empty() {
        print("\n");
    }
    if let Some(e) = &ans.error {
        return Err(Error::invalid(format!("{model}: {e}")));
    }
    let sources = saved_sources(cx, me, &chat_id, &reply_id);
    if out.json {
        return out.json(&json!({
            "chat_id": chat_id, "message_id": reply_id, "model": model,
            "content": ans.content, "usage": ans.usage, "title": ans.title,
            "sources": sources,
        }));
    }
    let cited = citations(&sources);
    if !cited.is_empty() && std::io::stdout().is_terminal() {
        print(&sources_text(&cited));
    }
    Ok(())
}

/// The `files` items of the question: each `--file` uploaded and indexed
/// (a progress bar on a terminal), each `--knowledge` looked up among the
/// knowledge bases the user can read. Anything not found or not indexed
/// stops here, before the question is asked.
async fn attach(cx: &Ctx, out: &Out, me: &Actor, a: &Args) -> Result<Vec<Value>> {
    let mut items = Vec::new();
    for k in &a.knowledge {
        let kb = knowledge::show(cx, me, k)?;
        items.push(json!({
            "type": "collection",
            "id": kb.knowledge.id,
            "name": kb.knowledge.name,
            "description": kb.knowledge.description,
        }));
    }
    if a.files.is_empty() {
        return Ok(items);
    }
    let pb = files::progress_bar(out, a.files.len());
    for path in &a.files {
        let up = files::upload_one(cx, me, path, None, true)
            .map_err(|e| Error::invalid(format!("{}: {}", path.display(), e.message())))?;
        let id = up.file.id.clone();
        if let Some(e) = files::process(cx, me, &id, &pb).await? {
            pb.finish_and_clear();
            return Err(Error::invalid(format!("{}: {e}", path.display())));
        }
        items.push(json!({
            "type": "file",
            "id": id,
            "name": up.file.filename,
            "size": up.file.meta.as_ref().and_then(|m| m.get("size")),
        }));
    }
    pb.finish_and_clear();
    Ok(items)
}

/// The `sources` saved on the answer (null when it has none).
fn saved_sources(cx: &Ctx, me: &Actor, chat_id: &str, reply_id: &str) -> Value {
    chats::get(cx, me, chat_id)
        .ok()
        .and_then(|c| {
            c.chat
                .pointer(&format!("/history/messages/{reply_id}/sources"))
                .cloned()
        })
        .unwrap_or(Value::Null)
}

/// `Sources:` and one `[n] name (page p)` line per document, dim unless
/// `NO_COLOR` is set (only printed on a terminal).
fn sources_text(cited: &[Citation]) -> String {
    let mut text = String::from("\nSources:\n");
    for c in cited {
        text.push_str(&c.line());
        text.push('\n');
    }
    if std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) {
        format!("\x1b[2m{text}\x1b[0m")
    } else {
        text
    }
}
