//! The background answer: one reply written into a chat. Its steps, in
//! order: the conversation it answers (the chat's stored branch,
//! compacted when long, for a request that names its user message; else
//! the request's messages) → build the body → run filters and send →
//! stream → save → tell the clients it is done → follow-up tasks.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::body::{self, Context};
use super::call::Filters;
use super::form::{BackgroundTasks, CompletionForm};
use super::registry::Running;
use super::stream::{self, Fold, Sink, Streamed};
use super::target::Target;
use super::title::text_of;
use super::{compaction, events, follow_up_tasks, rag};
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::chats::{self, Emitter, is_saved_chat_id};
use crate::core::providers::Reply;
use crate::error::Result;

/// One reply to write.
pub(super) struct Job {
    pub actor: Actor,
    pub target: Target,
    pub form: Arc<CompletionForm>,
    pub chat_id: String,
    pub message_id: String,
    pub session_id: Option<String>,
    pub tasks: BackgroundTasks,
    pub running: Arc<Running>,
    /// Answer the chat's stored branch rather than the request's messages.
    pub from_chat: bool,
}

/// How an answer ended.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    pub content: String,
    pub output: Value,
    pub usage: Option<Value>,
    /// The model's error, when it failed.
    pub error: Option<String>,
    pub cancelled: bool,
    /// The chat's title after the answer (generated for a first exchange).
    pub title: Option<String>,
}

pub(super) async fn run(cx: Ctx, job: Job) {
    let task_id = job.running.task_id.clone();
    let chat_id = job.chat_id.clone();
    let (user_id, message_id) = (job.actor.id.clone(), job.message_id.clone());
    if let Err(e) = run_with(cx.clone(), job, &mut |_| {}).await {
        tracing::warn!("chat task {task_id}: {e}");
    }
    // the last task of a chat tells the clients the chat went quiet
    if cx.tasks.of_chat(&chat_id).is_empty() {
        let folder = events::folder_of(&cx, &chat_id).await.ok().flatten();
        events::active(&cx, &user_id, &chat_id, &message_id, false, folder);
    }
}

pub(super) async fn run_with(
    cx: Ctx,
    job: Job,
    on_delta: &mut (dyn FnMut(&str) + Send),
) -> Result<Answer> {
    let r = answer(&cx, &job, on_delta).await;
    cx.tasks.finish(&job.running.task_id);
    r
}

async fn answer(cx: &Ctx, job: &Job, on_delta: &mut (dyn FnMut(&str) + Send)) -> Result<Answer> {
    let saved = is_saved_chat_id(&job.chat_id);
    let em = Emitter::new(&job.actor.id, &job.chat_id, &job.message_id)
        .from_session(job.session_id.clone());
    let history = if saved {
        load_history(cx, job).await?
    } else {
        History::default()
    };
    let (body, delta_size) = build_body(cx, job, &history);
    // a continued reply carries on from what it has
    let fold = match continued_answer(job, &history, saved) {
        Some(prior) => {
            let fold = Fold::resume(&prior);
            job.running.set_live(&fold.content, &fold.output());
            fold
        }
        None => Fold::default(),
    };
    let mut cancel = job.running.cancelled();
    let wanted = rag::wanted(cx, &job.actor, &job.form, &job.target, Filters::Run);
    let status = |d: Value| {
        let _ = em.emit(cx, &json!({"type": "status", "data": d}));
    };
    // a body that cannot be built (a system prompt too large once filled)
    // ends the answer as a failed model call does
    let reply = match body {
        Ok(body) => tokio::select! {
            r = rag::send(cx, &job.actor, &job.target, body, Filters::Run, wanted, &status) => {
                Some(tell_sources(cx, job, &em, r, saved).await)
            }
            _ = cancel.changed() => None,
        },
        Err(e) => Some(Err(e)),
    };
    let sink = Sink {
        cx,
        job,
        em: &em,
        delta_size,
        on_delta,
        cancel: &mut cancel,
    };
    let streamed = stream::stream(sink, reply, fold).await?;
    let output = streamed.fold.output();
    if saved {
        save(cx, job, &streamed, &output, history.user_message_id.clone()).await?;
    }
    job.running.set_live(&streamed.fold.content, &output);
    let mut answer = Answer::of(&streamed, &output);
    if tell_end(cx, job, &em, &streamed, output, saved).await? {
        let mut messages = history.branch.unwrap_or_else(|| {
            job.form
                .messages
                .iter()
                .filter(|m| !is_system(m))
                .cloned()
                .collect()
        });
        messages.push(json!({"role": "assistant", "content": answer.content}));
        answer.title = follow_up_tasks::run(cx, job, &em, &messages, saved).await?;
    }
    Ok(answer)
}

impl Answer {
    fn of(s: &Streamed, output: &Value) -> Answer {
        Answer {
            content: s.fold.content.clone(),
            output: output.clone(),
            usage: s.fold.usage.clone(),
            error: s.error.clone(),
            cancelled: s.cancelled,
            title: None,
        }
    }
}

/// Retrieval's sources go to the clients before the answer
/// (`chat:completion` with `sources`) and onto the stored reply.
async fn tell_sources(
    cx: &Ctx,
    job: &Job,
    em: &Emitter,
    sent: Result<(Reply, Vec<Value>)>,
    saved: bool,
) -> Result<Reply> {
    let (reply, sources) = sent?;
    if sources.is_empty() {
        return Ok(reply);
    }
    em.emit(
        cx,
        &json!({"type": "chat:completion", "data": {"sources": sources}}),
    )?;
    if saved {
        let (c, m) = (job.chat_id.clone(), job.message_id.clone());
        let mut patch = Map::new();
        patch.insert("sources".into(), Value::Array(sources));
        cx.blocking(move |cx| chats::save_message(cx, &c, &m, patch, false))
            .await?;
    }
    Ok(reply)
}

/// The stored conversation a reply continues.
#[derive(Default)]
struct History {
    /// The branch up to the user message (from the latest summary on);
    /// `None`: the request's own messages are the conversation.
    branch: Option<Vec<Value>>,
    /// The summary of what compaction left out.
    summary: Option<String>,
    /// The stored message the reply follows.
    user_message_id: Option<Value>,
    /// The stored reply being continued, when it has something to carry
    /// on: the model gets it as the last message.
    continued: Option<Value>,
}

/// The saved chat's branch, compacted when it is over its threshold, when
/// the job answers the chat ([`answers_the_chat`]); otherwise, or when
/// the branch has nothing in it, the request's messages are the
/// conversation, as upstream does.
async fn load_history(cx: &Ctx, job: &Job) -> Result<History> {
    let (mut branch, reply) = load_branch(cx, job).await?;
    let user_message_id = branch.last().and_then(|m| m.get("id")).cloned();
    let continued = reply.filter(|r| continues(job) && !is_empty_reply(r));
    // as upstream replays a chat: an answer with nothing in it (stopped
    // before its first word, failed) is no turn of the conversation
    branch.retain(|m| !is_empty_reply(m));
    if !job.from_chat || branch.is_empty() {
        return Ok(History {
            branch: None,
            summary: None,
            user_message_id,
            continued,
        });
    }
    let (branch, summary) =
        compaction::prepare(cx, &job.chat_id, &job.target.id, branch, &job.form.params).await?;
    Ok(History {
        branch: Some(branch),
        summary,
        user_message_id,
        continued,
    })
}

/// Whether the job continues its reply (the web UI's "Continue Response":
/// `assistant_message_id` names it) rather than writing it anew.
fn continues(job: &Job) -> bool {
    job.form.assistant_message_id.as_deref() == Some(job.message_id.as_str())
}

/// An assistant message with no text: sent, it would be an empty
/// assistant turn, which many providers refuse.
fn is_empty_reply(m: &Value) -> bool {
    m.get("role").and_then(Value::as_str) == Some("assistant") && text_of(m).trim().is_empty()
}

/// What a continued reply already says: the stored reply in a saved
/// chat, else (a temporary chat, which sends its conversation) the
/// request's last message when it is the assistant's.
fn continued_answer(job: &Job, history: &History, saved: bool) -> Option<Value> {
    if !continues(job) {
        return None;
    }
    if saved {
        return history.continued.clone();
    }
    job.form
        .messages
        .last()
        .filter(|m| m.get("role").and_then(Value::as_str) == Some("assistant"))
        .filter(|m| !is_empty_reply(m))
        .cloned()
}

/// Whether a request's answer continues the chat's stored branch: the
/// request names the user message it answers (`user_message`, or the
/// reply it continues), as the web UI does, which sends no history for a
/// saved chat. A request that names none (an API client sending its own
/// `messages` with `chat_id`, `id` and `parent_id`) is answered from its
/// messages.
pub(super) fn answers_the_chat(form: &CompletionForm) -> bool {
    let named = form
        .new_user_message()
        .and_then(|u| u.get("id"))
        .and_then(Value::as_str)
        .is_some_and(|id| !id.is_empty());
    named || form.assistant_message_id.is_some()
}

fn is_system(m: &Value) -> bool {
    m.get("role").and_then(Value::as_str) == Some("system")
}

/// The conversation the provider gets: the stored branch behind the
/// request's system message (the user's or the chat's system prompt),
/// the reply being continued last; or the request's messages as they
/// came.
fn conversation(form: &CompletionForm, history: &History) -> Vec<Value> {
    match &history.branch {
        Some(b) => form
            .messages
            .iter()
            .find(|m| is_system(m))
            .cloned()
            .into_iter()
            .chain(b.iter().map(body::as_model_message))
            .chain(history.continued.iter().map(body::as_model_message))
            .collect(),
        None => form.messages.clone(),
    }
}

/// The body for the reply (always streamed) and how many text deltas go
/// into one event.
fn build_body(cx: &Ctx, job: &Job, history: &History) -> (Result<Map<String, Value>>, usize) {
    let params = body::merged_params(cx, &job.target, &job.form.params);
    let delta_size = params
        .get("stream_delta_chunk_size")
        .and_then(Value::as_u64)
        .unwrap_or(1)
        .max(1) as usize;
    let body = body::build(Context {
        actor: &job.actor,
        target: &job.target,
        messages: conversation(&job.form, history),
        summary: history.summary.clone(),
        params,
        variables: &job.form.variables,
        stream: Some(Value::Bool(true)),
        extra: job.form.extra.clone(),
    });
    (body, delta_size)
}

/// The branch a saved chat's reply answers (the reply marked as this
/// task's on the way), and the reply itself taken off its end.
async fn load_branch(cx: &Ctx, job: &Job) -> Result<(Vec<Value>, Option<Value>)> {
    let (c, m, t) = (
        job.chat_id.clone(),
        job.message_id.clone(),
        job.running.task_id.clone(),
    );
    cx.blocking(move |cx| {
        let mut meta = Map::new();
        meta.insert("meta".into(), json!({"task_id": t}));
        chats::save_message(cx, &c, &m, meta, false)?;
        let mut b = chats::branch(cx, &c, &m)?;
        let reply =
            if b.last().and_then(|l| l.get("id")).and_then(Value::as_str) == Some(m.as_str()) {
                b.pop()
            } else {
                None
            };
        Ok((b, reply))
    })
    .await
}

/// Keep the answer in the chat: done, with its text, output items and
/// usage, or the error (the reply then hangs under the user message).
async fn save(
    cx: &Ctx,
    job: &Job,
    s: &Streamed,
    output: &Value,
    user_message_id: Option<Value>,
) -> Result<()> {
    let mut patch = Map::new();
    if !s.fold.items.is_empty() || s.error.is_none() {
        patch.insert("content".into(), json!(s.fold.content));
        patch.insert("output".into(), output.clone());
    }
    patch.insert("done".into(), json!(true));
    if let Some(u) = &s.fold.usage {
        patch.insert("usage".into(), u.clone());
    }
    if let Some(e) = &s.error {
        patch.insert("parentId".into(), user_message_id.unwrap_or(Value::Null));
        patch.insert("error".into(), json!({"content": e}));
    }
    let (c, m) = (job.chat_id.clone(), job.message_id.clone());
    cx.blocking(move |cx| chats::save_message(cx, &c, &m, patch, true))
        .await
}

/// Tell the clients how the answer ended: cancelled, failed, or done
/// (`chat:list` for a saved chat, then the final `chat:completion` with
/// the output, the chat's title and the usage). True when it is done.
async fn tell_end(
    cx: &Ctx,
    job: &Job,
    em: &Emitter,
    s: &Streamed,
    output: Value,
    saved: bool,
) -> Result<bool> {
    if s.cancelled {
        em.emit(
            cx,
            &json!({"type": "chat:tasks:cancel", "data": {"output": output}}),
        )?;
        return Ok(false);
    }
    if let Some(e) = &s.error {
        em.emit(
            cx,
            &json!({"type": "chat:message:error", "data": {"error": {"content": e}, "done": true}}),
        )?;
        return Ok(false);
    }
    let info = if saved {
        let c = job.chat_id.clone();
        cx.blocking(move |cx| chats::title_folder_owner(cx, &c))
            .await?
    } else {
        None
    };
    if let Some((_, folder, _)) = &info {
        events::emit(
            cx,
            &job.actor.id,
            &job.chat_id,
            &job.message_id,
            "chat:list",
            json!({"chat_id": job.chat_id, "folder_id": folder}),
        );
    }
    let mut done = json!({"done": true, "output": output,
        "title": info.map(|(t, _, _)| t).unwrap_or_default()});
    if let Some(u) = &s.fold.usage {
        done["usage"] = u.clone();
    }
    em.emit(cx, &json!({"type": "chat:completion", "data": done}))?;
    Ok(true)
}
