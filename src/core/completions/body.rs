//! Build the body: what the provider gets for one model, made from a
//! [`Context`] the earlier steps filled. Both the API path and the
//! background answer build their bodies here.

use std::borrow::Cow;

use serde_json::{Map, Value, json};

use super::form::CompletionForm;
use super::target::Target;
use super::title::text_of;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::providers;
use crate::core::template;
use crate::error::Result;

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
/// then the parameters the body does not set. Fails only when the filled
/// system prompt would be too large.
pub(super) fn build(c: Context<'_>) -> Result<Map<String, Value>> {
    let mut messages = c.messages;
    if let Some(system) = c.params.get("system").and_then(Value::as_str) {
        add_system(
            &mut messages,
            &fill_variables(system, c.actor, c.variables)?,
        );
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
    Ok(body)
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

/// The system prompt with the request's variables (the web UI sends
/// `{{USER_LOCATION}}`, `{{CURRENT_DATE}}`, ... from the browser; they
/// come first, as upstream applies them first), then `{{USER_NAME}}`,
/// `{{USER_EMAIL}}` and the server's clock, filled in one pass
/// ([`template::render`]): a value holding `{{…}}` stays as it is, an
/// empty key fills nothing, and a result over the size limit is
/// [`crate::error::Error::TooLarge`].
fn fill_variables(text: &str, actor: &Actor, vars: &Map<String, Value>) -> Result<String> {
    let now = chrono::Local::now();
    let vars = template::Variables::of(vars);
    template::render(text, |name| {
        vars.get(name).or_else(|| match name {
            "USER_NAME" => Some(template::field(&actor.name)),
            "USER_EMAIL" => Some(template::field(&actor.email)),
            _ => template::clock(name, &now).map(Cow::Owned),
        })
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn vars(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn variables_are_filled_once() {
        let mut ada = Actor::system();
        ada.name = "Ada {{USER_EMAIL}}".into();
        ada.email = "ada@x.io".into();
        // the request's variables first, the server's after them
        let v = vars(json!({"{{USER_LOCATION}}": "Paris", "{{CURRENT_DATE}}": "today"}));
        assert_eq!(
            fill_variables(
                "{{USER_NAME}} in {{USER_LOCATION}} {{CURRENT_DATE}}",
                &ada,
                &v
            )
            .unwrap(),
            "Ada {{USER_EMAIL}} in Paris today"
        );
        // an empty key fills nothing (it used to go between every letter)
        let v = vars(json!({"": "xx", "{{}}": "yy"}));
        assert_eq!(fill_variables("abc{{}}", &ada, &v).unwrap(), "abc{{}}");
        // chained keys: each value names the next key ten times
        let mut m = Map::new();
        for i in 0..30 {
            m.insert(
                format!("{{{{k{i}}}}}"),
                json!(format!("{{{{k{}}}}}", i + 1).repeat(10)),
            );
        }
        assert_eq!(
            fill_variables("{{k0}}", &ada, &m).unwrap(),
            "{{k1}}".repeat(10)
        );
        // a value that names the user stays as it is
        let v = vars(json!({"{{city}}": "{{USER_NAME}}"}));
        assert_eq!(
            fill_variables("{{city}}", &ada, &v).unwrap(),
            "{{USER_NAME}}"
        );
    }

    #[test]
    fn a_prompt_too_large_once_filled_is_refused() {
        let v = vars(json!({"{{a}}": "a".repeat(1 << 20)}));
        let e = fill_variables(&"{{a}}".repeat(9), &Actor::system(), &v).unwrap_err();
        assert!(matches!(e, Error::TooLarge(_)), "{e}");
        // a long name is cut where it is filled in
        let mut big = Actor::system();
        big.name = "n".repeat(1 << 20);
        let out = fill_variables("{{USER_NAME}}", &big, &Map::new()).unwrap();
        assert_eq!(out.len(), template::MAX_FIELD_CHARS);
    }
}
