//! Context compaction: when a chat grows past its token threshold, the
//! older part of the branch is summarised by a model and the summary is
//! kept on the message where the kept part starts (`contextSummary`);
//! later requests send the summary instead of what it replaced.
//!
//! Off unless `chat.context_compaction.enable`. Token counts come from the
//! providers' usage when a message has it, else a rough estimate (a token
//! per four characters), as upstream does.

use std::borrow::Cow;

use serde_json::{Map, Value, json};

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::chats;
use crate::core::providers::{self, Reply};
use crate::error::{Error, Result};

const SUMMARY_PROMPT: &str = "### Task:
Summarise the part of the conversation that is being removed from the active context.
### Keep:
- decisions, the user's preferences and constraints;
- files, results and code changes that still matter;
- where the work stands: open questions and next steps.
Be factual and specific; invent nothing. Be brief, but complete enough to go on without the removed messages.
### Summary so far:
{{PREVIOUS_SUMMARY}}
### Messages being removed:
{{COMPACTED_MESSAGES}}
### Messages kept:
{{RECENT_MESSAGES}}";

pub struct Settings {
    pub enable: bool,
    pub threshold: i64,
    pub cap: i64,
    pub retention: i64,
    pub template: String,
}

fn positive(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n| *n > 0)
}

pub fn settings(cx: &Ctx) -> Settings {
    let threshold =
        positive(&cx.store.get("chat.context_compaction.token_threshold")).unwrap_or(80000);
    let retention = match cx.store.get("chat.context_compaction.retention_percentage") {
        Value::Number(n) => n.as_i64().unwrap_or(40),
        Value::String(s) => s.trim().parse().unwrap_or(40),
        _ => 40,
    };
    Settings {
        enable: cx.store.bool("chat.context_compaction.enable"),
        threshold,
        cap: positive(&cx.store.get("chat.context_compaction.token_cap")).unwrap_or(threshold),
        retention: retention.clamp(10, 50),
        template: cx.store.string("chat.context_compaction.prompt_template"),
    }
}

/// A rough token count of any JSON value: a token per four characters.
fn estimate(v: &Value) -> i64 {
    let s = match v {
        Value::Null => return 0,
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.is_empty() {
        0
    } else {
        (s.chars().count() as i64 / 4).max(1)
    }
}

fn estimate_messages(messages: &[Value]) -> i64 {
    let mut total = 0;
    for m in messages {
        total += 4;
        match m.get("content") {
            Some(Value::Array(parts)) => {
                for p in parts {
                    match p.get("type").and_then(Value::as_str) {
                        Some("image" | "image_url") => total += 1000,
                        _ => {
                            total +=
                                estimate(p.get("text").or_else(|| p.get("content")).unwrap_or(p))
                        }
                    }
                }
            }
            Some(c) => total += estimate(c),
            None => {}
        }
        total += estimate(m.get("output").unwrap_or(&Value::Null));
        total += estimate(m.get("tool_calls").unwrap_or(&Value::Null));
    }
    total
}

fn usage_tokens(u: &Value) -> i64 {
    let n = |k: &str| u.get(k).and_then(Value::as_i64).unwrap_or(0);
    let mut prompt = [n("prompt_tokens"), n("prompt_eval_count")]
        .into_iter()
        .find(|v| *v > 0)
        .unwrap_or(0);
    if prompt == 0 && (u.get("prompt_n").is_some() || u.get("cache_n").is_some()) {
        prompt = n("prompt_n") + n("cache_n");
    }
    if prompt == 0 {
        prompt = n("input_tokens");
    }
    let completion = [
        "completion_tokens",
        "output_tokens",
        "eval_count",
        "predicted_n",
    ]
    .into_iter()
    .map(n)
    .find(|v| *v > 0)
    .unwrap_or(0);
    prompt + completion
}

/// The branch from the latest summary on (and that summary).
pub fn from_checkpoint(messages: Vec<Value>) -> (Vec<Value>, Option<String>) {
    for i in (0..messages.len()).rev() {
        let m = &messages[i];
        if let Some(s) = m
            .get("contextSummary")
            .or_else(|| m.get("context_summary"))
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
        {
            let s = s.to_string();
            return (messages[i..].to_vec(), Some(s));
        }
    }
    (messages, None)
}

/// Tokens the branch uses: from the newest provider usage on, estimated
/// past it.
fn tokens_of(messages: &[Value], summary: Option<&str>, system: &str) -> i64 {
    for i in (0..messages.len()).rev() {
        let u = messages[i]
            .get("usage")
            .or_else(|| messages[i].pointer("/info/usage"));
        if let Some(u) = u.filter(|u| u.is_object()) {
            let t = usage_tokens(u);
            if t > 0 {
                return t + estimate_messages(&messages[i + 1..]);
            }
        }
    }
    estimate(&json!(system)) + estimate(&json!(summary.unwrap_or(""))) + estimate_messages(messages)
}

/// The chat's or request's `compact_token_threshold`, else the config's,
/// at most the cap.
fn threshold(s: &Settings, own: Option<&Value>) -> i64 {
    own.and_then(positive).unwrap_or(s.threshold).min(s.cap)
}

/// `context_usage` of a chat's current branch, when compaction is on.
pub fn context_usage(cx: &Ctx, chat: &chats::Chat) -> Option<Value> {
    let s = settings(cx);
    if !s.enable {
        return None;
    }
    let current = chat.current_message_id.clone().or_else(|| {
        chat.chat
            .pointer("/history/currentId")
            .and_then(Value::as_str)
            .map(String::from)
    })?;
    let branch = chats::branch(cx, &chat.id, &current).ok()?;
    if branch.is_empty() {
        return None;
    }
    let own = chat
        .chat
        .get("params")
        .and_then(|p| p.get("compact_token_threshold"));
    let limit = threshold(&s, own);
    let (msgs, summary) = from_checkpoint(branch);
    let tokens = tokens_of(&msgs, summary.as_deref(), "");
    Some(json!({
        "tokens": tokens, "estimated_tokens": tokens, "threshold": limit,
        "percent": if limit > 0 { ((tokens as f64 / limit as f64) * 100.0).round() as i64 } else { 0 },
        "source": "estimated",
    }))
}

/// Where the kept part starts: a user turn, keeping at least the
/// retention share (and two messages).
fn boundary(messages: &[Value], retention: i64) -> usize {
    let n = messages.len();
    let keep = ((n as i64 * retention) / 100).max(2) as usize;
    let mut target = n.saturating_sub(keep).max(1);
    let tools = messages
        .iter()
        .any(|m| m.get("role").and_then(Value::as_str) == Some("tool"));
    let cuts: Vec<usize> = if tools {
        messages
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.get("role").and_then(Value::as_str) == Some("assistant")
                    && m.get("tool_calls").is_some_and(|t| !t.is_null())
            })
            .map(|(i, _)| i)
            .skip(1)
            .collect()
    } else {
        let c: Vec<usize> = messages
            .iter()
            .enumerate()
            .filter(|(_, m)| m.get("role").and_then(Value::as_str) == Some("user"))
            .map(|(i, _)| i)
            .skip(1)
            .collect();
        target = target.max(c.iter().copied().min().unwrap_or(0));
        c
    };
    cuts.into_iter().rev().find(|&i| i <= target).unwrap_or(0)
}

fn lines(messages: &[Value]) -> String {
    super::title::render_messages(messages, messages.len())
}

/// Ask a model (`chat.context_compaction.model`, else `model_id`) for the
/// summary of `compacted`.
async fn summarise(
    cx: &Ctx,
    model_id: &str,
    compacted: &[Value],
    recent: &[Value],
    previous: Option<&str>,
) -> Result<String> {
    let s = settings(cx);
    let wanted = cx.store.string("chat.context_compaction.model");
    let id = if !wanted.is_empty() && providers::find_model(cx, &wanted).await.is_some() {
        wanted
    } else {
        model_id.to_string()
    };
    let entry = providers::find_model(cx, &id)
        .await
        .ok_or_else(|| Error::invalid("No available model for context compaction"))?;
    let template = if s.template.trim().is_empty() {
        SUMMARY_PROMPT.to_string()
    } else {
        s.template.clone()
    };
    // one pass: a message that says `{{RECENT_MESSAGES}}` stays as it is
    let prompt = crate::core::template::render(&template, |name| match name {
        "PREVIOUS_SUMMARY" => Some(Cow::Borrowed(previous.unwrap_or(""))),
        "COMPACTED_MESSAGES" => Some(Cow::Owned(lines(compacted))),
        "RECENT_MESSAGES" => Some(Cow::Owned(lines(recent))),
        _ => None,
    })?;
    let mut body = Map::new();
    body.insert(
        "model".into(),
        json!(entry.get("id").cloned().unwrap_or(json!(id))),
    );
    body.insert(
        "messages".into(),
        json!([{"role": "user", "content": prompt}]),
    );
    body.insert("stream".into(), json!(false));
    body.insert("max_tokens".into(), json!(1000));
    let text = match providers::chat(cx, &entry, Value::Object(body)).await? {
        Reply::Json(v) => {
            let m = v
                .pointer("/choices/0/message")
                .cloned()
                .unwrap_or(json!({}));
            m.get("content")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .or_else(|| m.get("reasoning_content").and_then(Value::as_str))
                .unwrap_or("")
                .trim()
                .to_string()
        }
        Reply::Stream(_) => String::new(),
    };
    if !text.is_empty() {
        return Ok(text);
    }
    // no summary from the model: the removed messages, shortened
    let mut parts: Vec<String> = previous.map(|p| vec![p.to_string()]).unwrap_or_default();
    for m in compacted {
        let c = super::title::text_of(m);
        if !c.is_empty() {
            let role = m.get("role").and_then(Value::as_str).unwrap_or("unknown");
            parts.push(format!(
                "- {role}: {}",
                c.chars().take(500).collect::<String>()
            ));
        }
    }
    Ok(parts.join("\n").chars().take(4000).collect())
}

/// The messages to send for a stored branch: from the latest summary on,
/// compacting first when the branch is over its threshold. Returns the
/// messages and the summary to put in the system message.
pub async fn prepare(
    cx: &Ctx,
    chat_id: &str,
    model_id: &str,
    branch: Vec<Value>,
    params: &Map<String, Value>,
) -> Result<(Vec<Value>, Option<String>)> {
    let s = settings(cx);
    if !s.enable {
        return Ok((branch, None));
    }
    let (msgs, summary) = from_checkpoint(branch);
    let limit = threshold(&s, params.get("compact_token_threshold"));
    if limit <= 0 || tokens_of(&msgs, summary.as_deref(), "") <= limit {
        return Ok((msgs, summary));
    }
    let cut = boundary(&msgs, s.retention);
    if cut == 0 || cut >= msgs.len() {
        return Ok((msgs, summary));
    }
    let (compacted, recent) = msgs.split_at(cut);
    let new = summarise(cx, model_id, compacted, recent, summary.as_deref()).await?;
    if let Some(id) = recent[0].get("id").and_then(Value::as_str)
        && recent[0].get("role").and_then(Value::as_str) == Some("user")
    {
        let mut patch = Map::new();
        patch.insert("contextSummary".into(), json!(new));
        let (c, m) = (chat_id.to_string(), id.to_string());
        cx.blocking(move |cx| chats::save_message(cx, &c, &m, patch, false))
            .await?;
    }
    Ok((recent.to_vec(), Some(new)))
}

/// `POST /api/v1/chats/{id}/compact`: summarise everything before the
/// current message now.
pub async fn compact_chat(
    cx: &Ctx,
    actor: &Actor,
    chat_id: &str,
    model: Option<String>,
) -> Result<Value> {
    actor.require_verified()?;
    let (a, c) = (actor.clone(), chat_id.to_string());
    let chat = cx
        .blocking(move |cx| chats::owned_chat(cx, &a, &c))
        .await?
        .ok_or_else(Error::not_found)?;
    if !cx.tasks.of_chat(chat_id).is_empty() {
        return Err(Error::Conflict(
            "Wait for the current response to finish before compacting.".into(),
        ));
    }
    let current = chat.current_message_id.clone().or_else(|| {
        chat.chat
            .pointer("/history/currentId")
            .and_then(Value::as_str)
            .map(String::from)
    });
    let branch = match &current {
        Some(cur) => chats::branch(cx, chat_id, cur)?,
        None => Vec::new(),
    };
    let model_id = model
        .filter(|m| !m.is_empty())
        .or_else(|| {
            branch
                .iter()
                .rev()
                .find_map(|m| m.get("model").and_then(Value::as_str).map(String::from))
        })
        .or_else(|| {
            chat.chat
                .pointer("/models/0")
                .and_then(Value::as_str)
                .map(String::from)
        })
        .ok_or_else(|| Error::invalid("No model found for context compaction."))?;
    let s = settings(cx);
    let mut result = if !s.enable {
        json!({"ok": true, "compacted": false, "reason": "disabled"})
    } else if current.is_none() || branch.is_empty() {
        json!({"ok": true, "compacted": false, "reason": "empty"})
    } else {
        let (msgs, previous) = from_checkpoint(branch);
        if msgs.len() < 2 {
            json!({"ok": true, "compacted": false, "reason": "too_short"})
        } else {
            let (compacted, recent) = msgs.split_at(msgs.len() - 1);
            let summary = summarise(cx, &model_id, compacted, recent, previous.as_deref()).await?;
            let mut patch = Map::new();
            patch.insert("contextSummary".into(), json!(summary));
            let (c, m) = (chat_id.to_string(), current.clone().unwrap_or_default());
            cx.blocking(move |cx| chats::save_message(cx, &c, &m, patch, false))
                .await?;
            json!({"ok": true, "compacted": true, "dropped_messages": compacted.len(),
                "kept_messages": recent.len(), "summary_chars": summary.chars().count()})
        }
    };
    let c = chat_id.to_string();
    let (a, c2) = (actor.clone(), c.clone());
    let fresh = cx
        .blocking(move |cx| chats::owned_chat(cx, &a, &c2))
        .await?;
    result["context_usage"] = fresh
        .and_then(|ch| context_usage(cx, &ch))
        .unwrap_or(Value::Null);
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(role: &str, text: &str) -> Value {
        json!({"role": role, "content": text})
    }

    #[test]
    fn the_latest_summary_starts_the_branch() {
        let mut b = vec![
            m("user", "a"),
            m("assistant", "b"),
            m("user", "c"),
            m("assistant", "d"),
        ];
        b[2]["contextSummary"] = json!("sum");
        let (msgs, s) = from_checkpoint(b);
        assert_eq!(s.as_deref(), Some("sum"));
        assert_eq!(msgs.len(), 2);
    }

    #[test]
    fn the_cut_falls_on_a_user_turn() {
        let b: Vec<Value> = (0..10)
            .map(|i| m(if i % 2 == 0 { "user" } else { "assistant" }, "x"))
            .collect();
        // keep 40% = 4 messages: cut at index 6 (a user turn)
        assert_eq!(boundary(&b, 40), 6);
        assert_eq!(boundary(&b[..2], 40), 0);
    }

    #[test]
    fn usage_beats_estimates() {
        let b = vec![
            m("user", "hello"),
            json!({"role": "assistant", "content": "x", "usage": {"prompt_tokens": 100, "completion_tokens": 20}}),
            m("user", &"y".repeat(40)),
        ];
        assert_eq!(tokens_of(&b, None, ""), 120 + 4 + 10);
        assert_eq!(estimate_messages(&[m("user", "abcdefgh")]), 4 + 2);
    }
}
