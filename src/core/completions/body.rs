//! Build the body: what the provider gets for one model, made from a
//! [`Context`] the earlier steps filled. Both the API path and the
//! background answer build their bodies here.

use serde_json::{Map, Value, json};

use super::form::CompletionForm;
use super::target::Target;
use super::title::text_of;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::providers;

/// Everything a provider body is made of. The steps before
/// [`build`] fill it; a step that adds to the prompt (retrieved sources,
/// tool specs) adds a field here and [`build`] puts it into the body.
pub(super) struct Context<'a> {
    pub actor: &'a Actor,
    pub target: &'a Target,
    /// The conversation: the request's messages, or the stored chat's
    /// branch as model messages.
    pub messages: Vec<Value>,
    /// The summary of the compacted older part of a stored chat.
    pub summary: Option<String>,
    /// config `models.default_params` ← the model's ← the request's.
    pub params: Map<String, Value>,
    /// The request's prompt variables.
    pub variables: &'a Map<String, Value>,
    /// The request's `stream`, as sent.
    pub stream: Option<Value>,
    /// The request's keys owui does not read, as they came.
    pub extra: Map<String, Value>,
}

impl<'a> Context<'a> {
    /// The context of an API request: its own messages and keys, moved
    /// out of the form.
    pub fn of_request(
        cx: &Ctx,
        actor: &'a Actor,
        target: &'a Target,
        form: &'a mut CompletionForm,
    ) -> Context<'a> {
        Context {
            actor,
            target,
            params: merged_params(cx, target, &form.params),
            messages: std::mem::take(&mut form.messages),
            summary: None,
            variables: &form.variables,
            stream: form.stream.take(),
            extra: std::mem::take(&mut form.extra),
        }
    }
}

/// The provider body: `model` (the provider's id), the messages with the
/// system prompt (and a chat's summary) in front, the request's own keys,
/// then the parameters the body does not set.
pub(super) fn build(c: Context<'_>) -> Map<String, Value> {
    let mut messages = c.messages;
    if let Some(system) = c.params.get("system").and_then(Value::as_str) {
        add_system(&mut messages, &fill_variables(system, c.actor, c.variables));
    }
    if let Some(s) = &c.summary {
        add_summary(&mut messages, s);
    }
    let mut body = Map::with_capacity(c.extra.len() + 3);
    body.insert("model".into(), Value::String(c.target.provider_id.clone()));
    body.insert("messages".into(), Value::Array(messages));
    if let Some(s) = c.stream {
        body.insert("stream".into(), s);
    }
    body.extend(c.extra);
    if c.params.get("stream_response").and_then(Value::as_bool) == Some(true) {
        body.insert("stream".into(), Value::Bool(true));
    }
    if c.target.is_ollama() {
        providers::params::apply_ollama(&c.params, &mut body);
    } else {
        providers::params::apply_openai(&c.params, &mut body);
    }
    body
}

/// Merge `b` into `a`, nested objects merged key by key.
pub(super) fn deep_merge(a: &mut Map<String, Value>, b: &Map<String, Value>) {
    for (k, v) in b {
        match (a.get_mut(k), v) {
            (Some(Value::Object(x)), Value::Object(y)) => deep_merge(x, y),
            _ => {
                a.insert(k.clone(), v.clone());
            }
        }
    }
}

/// config `models.default_params` ← the model's ← the request's; nulls
/// dropped.
pub(super) fn merged_params(
    cx: &Ctx,
    target: &Target,
    request: &Map<String, Value>,
) -> Map<String, Value> {
    let mut p = match cx.store.get("models.default_params") {
        Value::Object(p) => p,
        _ => Map::new(),
    };
    deep_merge(&mut p, &target.params);
    deep_merge(&mut p, request);
    p.retain(|_, v| !v.is_null());
    p
}

/// `{{USER_NAME}}`, `{{CURRENT_DATE}}`, ... and the request's variables.
fn fill_variables(text: &str, actor: &Actor, vars: &Map<String, Value>) -> String {
    let now = chrono::Local::now();
    let mut out = text
        .replace("{{USER_NAME}}", &actor.name)
        .replace("{{USER_EMAIL}}", &actor.email)
        .replace("{{CURRENT_DATE}}", &now.format("%Y-%m-%d").to_string())
        .replace("{{CURRENT_TIME}}", &now.format("%I:%M:%S %p").to_string())
        .replace(
            "{{CURRENT_DATETIME}}",
            &now.format("%Y-%m-%d %I:%M:%S %p").to_string(),
        )
        .replace("{{CURRENT_WEEKDAY}}", &now.format("%A").to_string());
    for (k, val) in vars {
        let val = match val {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        out = out.replace(k.as_str(), &val);
    }
    out
}

/// Put the system prompt in front: merged into the first system message,
/// or a new first message.
pub(super) fn add_system(messages: &mut Vec<Value>, system: &str) {
    if system.is_empty() {
        return;
    }
    match messages.first_mut() {
        Some(m) if m.get("role").and_then(Value::as_str) == Some("system") => {
            let old = text_of(m);
            m["content"] = json!(if old.is_empty() {
                system.to_string()
            } else {
                format!("{system}\n{old}")
            });
        }
        _ => messages.insert(0, json!({"role": "system", "content": system})),
    }
}

/// The summary of a compacted chat, after the system prompt.
fn add_summary(messages: &mut Vec<Value>, summary: &str) {
    let text = format!("[CONVERSATION SUMMARY]\n{summary}");
    match messages.first_mut() {
        Some(m) if m.get("role").and_then(Value::as_str) == Some("system") => {
            let old = text_of(m);
            m["content"] = json!(format!("{old}\n{text}"));
        }
        _ => messages.insert(0, json!({"role": "system", "content": text})),
    }
}

/// A stored chat message as an OpenAI message.
pub(super) fn as_model_message(m: &Value) -> Value {
    let role = m.get("role").and_then(Value::as_str).unwrap_or("user");
    let text = text_of(m);
    let images: Vec<Value> = m
        .get("files")
        .and_then(Value::as_array)
        .map(|f| {
            f.iter()
                .filter(|f| f.get("type").and_then(Value::as_str) == Some("image"))
                .filter_map(|f| f.get("url").and_then(Value::as_str))
                .map(|u| json!({"type": "image_url", "image_url": {"url": u}}))
                .collect()
        })
        .unwrap_or_default();
    if role == "user" && !images.is_empty() {
        let mut parts = vec![json!({"type": "text", "text": text})];
        parts.extend(images);
        json!({"role": role, "content": parts})
    } else {
        json!({"role": role, "content": text})
    }
}
