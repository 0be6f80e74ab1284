//! Writing one answer into a chat: call the model, fold its stream into
//! the message's `output` items, tell the clients as it goes, keep the
//! result, then run the follow-up work (the title).

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::{Map, Value, json};

use super::*;

pub(super) struct Job {
    pub actor: Actor,
    pub target: Target,
    pub form: Map<String, Value>,
    pub chat_id: String,
    pub message_id: String,
    pub session_id: Option<String>,
    pub tasks: Option<Value>,
    pub running: Arc<Running>,
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

fn hex_id(prefix: &str) -> String {
    format!("{prefix}_{}", &new_id().replace('-', "")[..24])
}

/// The answer as it grows: upstream's Responses-style output items.
struct Fold {
    items: Vec<Value>,
    content: String,
    usage: Option<Value>,
    chunks: usize,
}

impl Fold {
    fn new() -> Fold {
        Fold {
            items: Vec::new(),
            content: String::new(),
            usage: None,
            chunks: 0,
        }
    }

    /// Append text to the last item of `kind`, opening one when the last
    /// item is of another kind. Returns (item id, item index).
    fn push(&mut self, kind: &str, text: &str) -> (String, usize) {
        let open = self
            .items
            .last()
            .is_some_and(|i| i.get("type").and_then(Value::as_str) == Some(kind));
        if !open {
            if let Some(last) = self.items.last_mut() {
                last["status"] = json!("completed");
            }
            let item = if kind == "reasoning" {
                json!({"type": "reasoning", "id": hex_id("r"), "status": "in_progress",
                    "content": [{"type": "output_text", "text": ""}], "summary": null,
                    "started_at": crate::util::now()})
            } else {
                json!({"type": "message", "id": hex_id("msg"), "status": "in_progress",
                    "role": "assistant", "content": [{"type": "output_text", "text": ""}]})
            };
            self.items.push(item);
        }
        let i = self.items.len() - 1;
        let item = &mut self.items[i];
        if let Some(Value::String(t)) = item.pointer_mut("/content/0/text") {
            t.push_str(text);
        }
        if kind == "message" {
            self.content.push_str(text);
        }
        (
            item.get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            i,
        )
    }

    fn finish(&mut self) {
        for item in &mut self.items {
            item["status"] = json!("completed");
        }
    }

    fn output(&self) -> Value {
        Value::Array(self.items.clone())
    }
}

/// Batches consecutive text deltas of one item into one event.
struct Deltas {
    size: usize,
    pending: Option<Value>,
    count: usize,
}

impl Deltas {
    fn add(&mut self, em: &Emitter, cx: &Ctx, d: Value) {
        let same = self.pending.as_ref().is_some_and(|p| {
            p.get("item_id") == d.get("item_id") && p.get("type") == d.get("type")
        });
        if same {
            if let (Some(Value::String(a)), Some(b)) = (
                self.pending.as_mut().and_then(|p| p.get_mut("delta")),
                d.get("delta").and_then(Value::as_str),
            ) {
                a.push_str(b);
            }
            self.count += 1;
        } else {
            self.flush(em, cx);
            self.pending = Some(d);
            self.count = 1;
        }
        if self.count >= self.size {
            self.flush(em, cx);
        }
    }

    fn flush(&mut self, em: &Emitter, cx: &Ctx) {
        if let Some(p) = self.pending.take() {
            let _ = em.emit(cx, &json!({"type": "response:completion", "data": p}));
        }
        self.count = 0;
    }
}

fn error_text(e: &Error) -> String {
    match e {
        Error::Upstream { body, .. } => {
            crate::error::upstream_detail(body).unwrap_or_else(|| body.to_string())
        }
        other => other.message(),
    }
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
        let c = chat_id.clone();
        let folder = cx
            .blocking(move |cx| chats::title_folder_owner(cx, &c))
            .await
            .ok()
            .flatten()
            .and_then(|(_, f, _)| f);
        emit_chat_event(
            &cx,
            &user_id,
            &chat_id,
            &message_id,
            "chat:active",
            json!({"active": false, "folder_id": folder}),
        );
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
    let (chat_id, mid) = (job.chat_id.clone(), job.message_id.clone());
    // the history the answer continues, and the reply marked as ours
    let history = if saved {
        let (c, m, t) = (chat_id.clone(), mid.clone(), job.running.task_id.clone());
        Some(
            cx.blocking(move |cx| {
                let mut meta = Map::new();
                meta.insert("meta".into(), json!({"task_id": t}));
                chats::save_message(cx, &c, &m, meta, false)?;
                let mut b = chats::branch(cx, &c, &m)?;
                if b.last().and_then(|l| l.get("id")).and_then(Value::as_str) == Some(m.as_str()) {
                    b.pop();
                }
                Ok(b)
            })
            .await?,
        )
    } else {
        None
    };
    let user_message_id = history
        .as_ref()
        .and_then(|h| h.last())
        .and_then(|m| m.get("id"))
        .cloned();
    let (history, summary) = match history {
        Some(h) => {
            let (h, s) =
                compaction::prepare(cx, &chat_id, &job.target.id, h, job.form.get("params"))
                    .await?;
            (Some(h), s)
        }
        None => (None, None),
    };
    let mut body = build_body(cx, &job.actor, &job.target, &job.form, history.clone());
    if let Some(s) = summary
        && let Some(Value::Array(msgs)) = body.get_mut("messages")
    {
        let text = format!("[CONVERSATION SUMMARY]\n{s}");
        match msgs.first_mut() {
            Some(m) if m.get("role").and_then(Value::as_str) == Some("system") => {
                let old = title::text_of(m);
                m["content"] = json!(format!("{old}\n{text}"));
            }
            _ => msgs.insert(0, json!({"role": "system", "content": text})),
        }
    }
    body.insert("stream".into(), json!(true));
    let params = merged_params(cx, &job.target, job.form.get("params"));
    let size = params
        .get("stream_delta_chunk_size")
        .and_then(Value::as_u64)
        .unwrap_or(1)
        .max(1) as usize;
    let mut deltas = Deltas {
        size,
        pending: None,
        count: 0,
    };
    let mut fold = Fold::new();
    let mut cancel = job.running.cancelled();
    let mut error: Option<String> = None;
    let mut cancelled = false;

    let call = send(cx, &job.actor, &job.target, body);
    let reply = tokio::select! {
        r = call => Some(r),
        _ = cancel.changed() => None,
    };
    match reply {
        None => cancelled = true,
        Some(Err(e)) => error = Some(error_text(&e)),
        Some(Ok(Reply::Json(v))) => {
            let msg = v
                .pointer("/choices/0/message")
                .cloned()
                .unwrap_or(json!({}));
            if let Some(r) = msg
                .get("reasoning_content")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            {
                fold.push("reasoning", r);
            }
            let text = msg.get("content").and_then(Value::as_str).unwrap_or("");
            fold.push("message", text);
            on_delta(text);
            fold.usage = v.get("usage").cloned();
        }
        Some(Ok(Reply::Stream(mut s))) => {
            let mut last_live = Instant::now();
            loop {
                let next = tokio::select! {
                    n = s.next() => n,
                    _ = cancel.changed() => { cancelled = true; break; }
                };
                let Some(item) = next else { break };
                let chunk = match item {
                    Ok(c) => c,
                    Err(e) => {
                        error = Some(error_text(&e));
                        break;
                    }
                };
                if let Some(e) = chunk.get("error").filter(|e| !e.is_null()) {
                    error = Some(
                        e.get("message")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .unwrap_or_else(|| e.to_string()),
                    );
                    break;
                }
                fold.chunks += 1;
                if let Some(u) = chunk.get("usage").filter(|u| !u.is_null()) {
                    fold.usage = Some(u.clone());
                }
                let delta = chunk.pointer("/choices/0/delta");
                let reasoning = delta
                    .and_then(|d| d.get("reasoning_content").or_else(|| d.get("reasoning")))
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty());
                let text = delta
                    .and_then(|d| d.get("content"))
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty());
                let mut any = false;
                for (kind, piece, event) in [
                    ("reasoning", reasoning, "response.reasoning_text.delta"),
                    ("message", text, "response.output_text.delta"),
                ] {
                    let Some(piece) = piece else { continue };
                    any = true;
                    let (item_id, index) = fold.push(kind, piece);
                    if kind == "message" {
                        on_delta(piece);
                    }
                    deltas.add(
                        &em,
                        cx,
                        json!({"type": event, "item_id": item_id, "output_index": index,
                            "content_index": 0, "delta": piece}),
                    );
                }
                if !any {
                    deltas.flush(&em, cx);
                    let kind = if fold.chunks == 1 {
                        "response:completion"
                    } else {
                        "chat:completion"
                    };
                    em.emit(cx, &json!({"type": kind, "data": chunk}))?;
                }
                if last_live.elapsed() >= Duration::from_millis(200) {
                    job.running.set_live(&fold.content, &fold.output());
                    last_live = Instant::now();
                }
            }
            deltas.flush(&em, cx);
        }
    }
    fold.finish();
    let output = fold.output();

    if saved {
        let mut patch = Map::new();
        if !fold.items.is_empty() || error.is_none() {
            patch.insert("content".into(), json!(fold.content));
            patch.insert("output".into(), output.clone());
        }
        patch.insert("done".into(), json!(true));
        if let Some(u) = &fold.usage {
            patch.insert("usage".into(), u.clone());
        }
        if let Some(e) = &error {
            patch.insert(
                "parentId".into(),
                user_message_id.clone().unwrap_or(Value::Null),
            );
            patch.insert("error".into(), json!({"content": e}));
        }
        let (c, m) = (chat_id.clone(), mid.clone());
        cx.blocking(move |cx| chats::save_message(cx, &c, &m, patch, true))
            .await?;
    }
    job.running.set_live(&fold.content, &output);

    let mut answer = Answer {
        content: fold.content.clone(),
        output: output.clone(),
        usage: fold.usage.clone(),
        error: error.clone(),
        cancelled,
        title: None,
    };
    if cancelled {
        em.emit(
            cx,
            &json!({"type": "chat:tasks:cancel", "data": {"output": output}}),
        )?;
        return Ok(answer);
    }
    if let Some(e) = &error {
        em.emit(
            cx,
            &json!({"type": "chat:message:error", "data": {"error": {"content": e}, "done": true}}),
        )?;
        return Ok(answer);
    }
    let info = if saved {
        let c = chat_id.clone();
        cx.blocking(move |cx| chats::title_folder_owner(cx, &c))
            .await?
    } else {
        None
    };
    if let Some((_, folder, _)) = &info {
        emit_chat_event(
            cx,
            &job.actor.id,
            &chat_id,
            &mid,
            "chat:list",
            json!({"chat_id": chat_id, "folder_id": folder}),
        );
    }
    let mut done = json!({"done": true, "output": output,
        "title": info.as_ref().map(|(t, _, _)| t.clone()).unwrap_or_default()});
    if let Some(u) = &fold.usage {
        done["usage"] = u.clone();
    }
    em.emit(cx, &json!({"type": "chat:completion", "data": done}))?;

    // follow-up suggestions, the title after the first exchange, tags
    let wants = |k: &str| {
        job.tasks
            .as_ref()
            .and_then(|t| t.get(k))
            .is_some_and(|v| !v.is_null() && v.as_bool() != Some(false))
    };
    let mut messages = history.unwrap_or_default();
    messages.push(json!({"role": "assistant", "content": fold.content}));
    if wants("follow_up_generation") && cx.store.bool("task.follow_up.enable") {
        let list = title::follow_ups(cx, &job.actor, &job.target.id, &messages)
            .await
            .unwrap_or_default();
        em.emit(
            cx,
            &json!({"type": "chat:message:follow_ups", "data": {"follow_ups": list}}),
        )?;
        if saved {
            let mut patch = Map::new();
            patch.insert("followUps".into(), json!(list));
            let (c, m) = (chat_id.clone(), mid.clone());
            cx.blocking(move |cx| chats::save_message(cx, &c, &m, patch, false))
                .await?;
        }
    }
    if saved && wants("title_generation") {
        answer.title = title_for(cx, job, &messages).await;
        if let Some(t) = &answer.title {
            let (c, t2) = (chat_id.clone(), t.clone());
            cx.blocking(move |cx| chats::set_title(cx, &c, &t2)).await?;
            em.emit(cx, &json!({"type": "chat:title", "data": t}))?;
        }
    }
    if saved
        && wants("tags_generation")
        && cx.store.bool("task.tags.enable")
        && let Ok(Some(names)) = title::tags(cx, &job.actor, &job.target.id, &messages).await
    {
        let (c, n) = (chat_id.clone(), names.clone());
        cx.blocking(move |cx| chats::set_tags(cx, &c, &n)).await?;
        em.emit(cx, &json!({"type": "chat:tags", "data": names}))?;
    }
    Ok(answer)
}

/// A generated title, or the first user message (cut to 100 characters)
/// when the model gives none.
async fn title_for(cx: &Ctx, job: &Job, messages: &[Value]) -> Option<String> {
    let first_user = messages
        .iter()
        .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
        .map(title::text_of)
        .unwrap_or_default();
    let fallback = if first_user.chars().count() > 100 {
        format!("{}...", first_user.chars().take(100).collect::<String>())
    } else {
        first_user
    };
    if !cx.store.bool("task.title.enable") {
        return (messages.len() == 2 && !fallback.is_empty()).then_some(fallback);
    }
    match title::generate(cx, &job.actor, &job.target.id, messages).await {
        Ok(Some(t)) => Some(t),
        Ok(None) | Err(_) => (!fallback.is_empty()).then_some(fallback),
    }
}
