//! Stream: the model's answer folded into the message's Responses-style
//! `output` items as it arrives, the clients told as it goes.

use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::{Value, json};
use tokio::sync::watch;

use super::reply::Job;
use crate::core::Ctx;
use crate::core::chats::{Emitter, output_text};
use crate::core::providers::{ChunkStream, Reply};
use crate::error::{Error, Result};
use crate::util::new_id;

fn hex_id(prefix: &str) -> String {
    format!("{prefix}_{}", &new_id().replace('-', "")[..24])
}

/// The answer as it grows: upstream's Responses-style output items.
#[derive(Default)]
pub(super) struct Fold {
    pub items: Vec<Value>,
    pub content: String,
    pub usage: Option<Value>,
    chunks: usize,
}

impl Fold {
    /// The answer a continued reply already has, to carry on: its
    /// `output` items (an unfinished message item with no text yet left
    /// out, as upstream does), else its text as one message item; new
    /// text then goes on at the end of its last message item.
    pub fn resume(prior: &Value) -> Fold {
        let mut items = prior
            .get("output")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let empty_open = items.last().is_some_and(|i| {
            i.get("type").and_then(Value::as_str) == Some("message")
                && i.get("status").and_then(Value::as_str) == Some("in_progress")
                && output_text(Some(&json!([i]))).is_empty()
        });
        if empty_open {
            items.pop();
        }
        let content = match prior.get("content") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => output_text(Some(&Value::Array(items.clone()))),
        };
        if items.is_empty() && !content.is_empty() {
            items.push(
                json!({"type": "message", "id": hex_id("msg"), "status": "completed",
                "role": "assistant", "content": [{"type": "output_text", "text": content}]}),
            );
        }
        if let Some(last) = items.last_mut().filter(|i| is_kind(i, "message")) {
            last["status"] = json!("in_progress");
        }
        Fold {
            items,
            content,
            ..Fold::default()
        }
    }

    /// Append text to the last item of `kind`, opening one when the last
    /// item is of another kind. Returns (item id, item index, content
    /// index).
    fn push(&mut self, kind: &str, text: &str) -> (String, usize, usize) {
        let open = self.items.last().is_some_and(|i| is_kind(i, kind));
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
        // the text goes on in the item's last text part (a resumed item
        // may have several, or none)
        let mut parts = match item.get_mut("content").map(Value::take) {
            Some(Value::Array(p)) => p,
            _ => Vec::new(),
        };
        if !parts
            .last()
            .is_some_and(|p| p.get("text").is_some_and(Value::is_string))
        {
            parts.push(json!({"type": "output_text", "text": ""}));
        }
        let part = parts.len() - 1;
        if let Some(Value::String(t)) = parts[part].get_mut("text") {
            t.push_str(text);
        }
        item["content"] = Value::Array(parts);
        if kind == "message" {
            self.content.push_str(text);
        }
        (
            item.get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            i,
            part,
        )
    }

    fn finish(&mut self) {
        for item in &mut self.items {
            item["status"] = json!("completed");
        }
    }

    pub fn output(&self) -> Value {
        Value::Array(self.items.clone())
    }
}

fn is_kind(item: &Value, kind: &str) -> bool {
    item.get("type").and_then(Value::as_str) == Some(kind)
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

/// How the answer came in.
#[derive(Default)]
pub(super) struct Streamed {
    pub fold: Fold,
    /// The model's error, when it failed.
    pub error: Option<String>,
    pub cancelled: bool,
}

pub(super) fn error_text(e: &Error) -> String {
    match e {
        Error::Upstream { body, .. } => {
            crate::error::upstream_detail(body).unwrap_or_else(|| body.to_string())
        }
        other => other.message(),
    }
}

/// What the stream step reads and where it reports.
pub(super) struct Sink<'a> {
    pub cx: &'a Ctx,
    pub job: &'a Job,
    pub em: &'a Emitter,
    /// Text deltas per `response:completion` event (at least 1).
    pub delta_size: usize,
    pub on_delta: &'a mut (dyn FnMut(&str) + Send),
    pub cancel: &'a mut watch::Receiver<bool>,
}

/// Fold the model's reply (`None`: cancelled before it came) into the
/// answer, which starts as `fold` (empty, or a continued reply's).
pub(super) async fn stream(
    sink: Sink<'_>,
    reply: Option<Result<Reply>>,
    fold: Fold,
) -> Result<Streamed> {
    let mut s = Streamed {
        fold,
        ..Streamed::default()
    };
    match reply {
        None => s.cancelled = true,
        Some(Err(e)) => s.error = Some(error_text(&e)),
        Some(Ok(Reply::Json(v))) => whole(&mut s.fold, &v, sink.on_delta),
        Some(Ok(Reply::Stream(chunks))) => read_chunks(sink, chunks, &mut s).await?,
    }
    s.fold.finish();
    Ok(s)
}

/// A whole `chat.completion`.
fn whole(fold: &mut Fold, v: &Value, on_delta: &mut (dyn FnMut(&str) + Send)) {
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

/// `chat.completion.chunk`s until the stream ends, breaks, reports an
/// error or is cancelled; the live answer is refreshed every 200 ms.
async fn read_chunks(mut sink: Sink<'_>, mut chunks: ChunkStream, s: &mut Streamed) -> Result<()> {
    let mut deltas = Deltas {
        size: sink.delta_size,
        pending: None,
        count: 0,
    };
    let mut last_live = Instant::now();
    loop {
        let next = tokio::select! {
            n = chunks.next() => n,
            _ = sink.cancel.changed() => { s.cancelled = true; break; }
        };
        let chunk = match next {
            None => break,
            Some(Err(e)) => {
                s.error = Some(error_text(&e));
                break;
            }
            Some(Ok(c)) => c,
        };
        if let Some(e) = error_of(&chunk) {
            s.error = Some(e);
            break;
        }
        fold_chunk(&mut sink, &mut s.fold, &mut deltas, chunk)?;
        if last_live.elapsed() >= Duration::from_millis(200) {
            sink.job.running.set_live(&s.fold.content, &s.fold.output());
            last_live = Instant::now();
        }
    }
    deltas.flush(sink.em, sink.cx);
    Ok(())
}

/// The message of an error the provider put in a chunk.
fn error_of(chunk: &Value) -> Option<String> {
    let e = chunk.get("error").filter(|e| !e.is_null())?;
    Some(
        e.get("message")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| e.to_string()),
    )
}

fn text_in(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// One chunk into the answer: its usage kept; its reasoning and text
/// deltas folded in and told as `response:completion` events (batched);
/// a chunk with neither passed on as it came (`response:completion` when
/// it is the first, else `chat:completion`).
fn fold_chunk(
    sink: &mut Sink<'_>,
    fold: &mut Fold,
    deltas: &mut Deltas,
    chunk: Value,
) -> Result<()> {
    let (cx, em) = (sink.cx, sink.em);
    fold.chunks += 1;
    if let Some(u) = chunk.get("usage").filter(|u| !u.is_null()) {
        fold.usage = Some(u.clone());
    }
    let delta = chunk.pointer("/choices/0/delta");
    let reasoning =
        text_in(delta.and_then(|d| d.get("reasoning_content").or_else(|| d.get("reasoning"))));
    let text = text_in(delta.and_then(|d| d.get("content")));
    if reasoning.is_none() && text.is_none() {
        deltas.flush(em, cx);
        let kind = if fold.chunks == 1 {
            "response:completion"
        } else {
            "chat:completion"
        };
        return em.emit(cx, &json!({"type": kind, "data": chunk}));
    }
    for (kind, piece, event) in [
        ("reasoning", reasoning, "response.reasoning_text.delta"),
        ("message", text, "response.output_text.delta"),
    ] {
        let Some(piece) = piece else { continue };
        let (item_id, index, part) = fold.push(kind, piece);
        if kind == "message" {
            (sink.on_delta)(piece);
        }
        deltas.add(
            em,
            cx,
            json!({"type": event, "item_id": item_id, "output_index": index,
                "content_index": part, "delta": piece}),
        );
    }
    Ok(())
}
