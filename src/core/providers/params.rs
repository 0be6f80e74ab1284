//! A workspace model's settings on a proxied body (upstream's
//! utils/payload.py): its params (OpenAI or Ollama mapping, values in the
//! request win) and its system prompt.

use std::borrow::Cow;

use serde_json::{Map, Value, json};

use crate::core::actor::Actor;
use crate::core::template;
use crate::error::Result;

/// Open WebUI's own params, never sent to a provider.
const OWN_PARAMS: &[&str] = &[
    "stream_response",
    "stream_delta_chunk_size",
    "function_calling",
    "reasoning_tags",
    "compact_token_threshold",
    "system",
    "note_id",
    "tool_approval_mode",
    "model_controls",
];

fn deep_update(a: &mut Map<String, Value>, b: Map<String, Value>) {
    for (k, v) in b {
        match (a.get_mut(&k), v) {
            (Some(Value::Object(x)), Value::Object(y)) => deep_update(x, y),
            (_, v) => {
                a.insert(k, v);
            }
        }
    }
}

/// The params without Open WebUI's own, `custom_params` (JSON strings
/// parsed) merged in.
fn prepared(params: &Map<String, Value>) -> Map<String, Value> {
    let mut p: Map<String, Value> = params
        .iter()
        .filter(|(k, _)| !OWN_PARAMS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some(Value::Object(custom)) = p.shift_remove("custom_params") {
        let parsed = custom
            .into_iter()
            .map(|(k, v)| match v {
                Value::String(s) => (k, serde_json::from_str(&s).unwrap_or(Value::String(s))),
                v => (k, v),
            })
            .collect();
        deep_update(&mut p, parsed);
    }
    p
}

/// `\n`, `\t`, ... in stop words as the characters.
fn unescape(s: &str) -> String {
    s.replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace("\\r", "\r")
        .replace("\\\\", "\\")
}

fn stop_list(v: &Value) -> Value {
    match v {
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|s| s.as_str().map(|s| json!(unescape(s))).unwrap_or(s.clone()))
                .collect(),
        ),
        Value::String(s) => json!([unescape(s)]),
        other => other.clone(),
    }
}

fn fill(target: &mut Map<String, Value>, params: Map<String, Value>) {
    for (k, v) in params {
        if v.is_null() || target.contains_key(&k) {
            continue;
        }
        let v = if k == "stop" { stop_list(&v) } else { v };
        target.insert(k, v);
    }
}

/// The OpenAI mapping: params at the top level of the body.
pub fn apply_openai(params: &Map<String, Value>, body: &mut Map<String, Value>) {
    fill(body, prepared(params));
}

/// The Ollama mapping: `format`, `keep_alive`, `think` at the top level,
/// `max_tokens` as `num_predict`, the rest in `options`.
pub fn apply_ollama(params: &Map<String, Value>, body: &mut Map<String, Value>) {
    let mut p = prepared(params);
    if let Some(v) = p.shift_remove("max_tokens").filter(|v| !v.is_null()) {
        p.insert("num_predict".into(), v);
    }
    for key in ["format", "keep_alive", "think"] {
        if let Some(v) = p.shift_remove(key).filter(|v| !v.is_null()) {
            let v = match v {
                Value::String(s) if key != "think" => {
                    serde_json::from_str(&s).unwrap_or(Value::String(s))
                }
                v => v,
            };
            body.insert(key.into(), v);
        }
    }
    let mut options = body
        .get("options")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    fill(&mut options, p);
    body.insert("options".into(), Value::Object(options));
}

/// The model's system prompt (`{{USER_NAME}}`, `{{USER_EMAIL}}`,
/// `{{USER_ROLE}}` and the clock filled in one pass, see
/// [`crate::core::template`]) in front of the first system message, or as
/// a new first message.
pub fn apply_system(system: &str, actor: &Actor, body: &mut Map<String, Value>) -> Result<()> {
    if system.is_empty() {
        return Ok(());
    }
    let now = chrono::Local::now();
    let system = template::render(system, |name| match name {
        "USER_NAME" => Some(template::field(&actor.name)),
        "USER_EMAIL" => Some(template::field(&actor.email)),
        "USER_ROLE" => Some(Cow::Borrowed(actor.role.as_str())),
        _ => template::clock(name, &now).map(Cow::Owned),
    })?;
    let Some(Value::Array(msgs)) = body.get_mut("messages") else {
        body.insert(
            "messages".into(),
            json!([{"role": "system", "content": system}]),
        );
        return Ok(());
    };
    match msgs.first_mut() {
        Some(m) if m.get("role").and_then(Value::as_str) == Some("system") => {
            match m.get_mut("content") {
                Some(Value::Array(parts)) => {
                    for p in parts {
                        if p.get("type").and_then(Value::as_str) == Some("text") {
                            let old = p.get("text").and_then(Value::as_str).unwrap_or("");
                            p["text"] = json!(format!("{system}\n{old}"));
                        }
                    }
                }
                Some(c) => {
                    let old = c.as_str().unwrap_or("").to_string();
                    *c = json!(format!("{system}\n{old}"));
                }
                None => m["content"] = json!(format!("{system}\n")),
            }
        }
        _ => msgs.insert(0, json!({"role": "system", "content": system})),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn openai_params_do_not_override_the_request() {
        let mut body = map(json!({"model": "m", "temperature": 0.1}));
        let params = map(json!({
            "temperature": 0.9, "top_p": 0.5, "system": "x", "stop": ["a\\n"],
            "custom_params": {"extra": "{\"k\": 1}"},
        }));
        apply_openai(&params, &mut body);
        assert_eq!(
            Value::Object(body),
            json!({"model": "m", "temperature": 0.1, "top_p": 0.5, "stop": ["a\n"], "extra": {"k": 1}})
        );
    }

    #[test]
    fn ollama_params_go_into_options() {
        let mut body = map(json!({"model": "m", "options": {"num_ctx": 10}}));
        let params =
            map(json!({"num_ctx": 99, "max_tokens": 5, "keep_alive": "\"5m\"", "think": true}));
        apply_ollama(&params, &mut body);
        assert_eq!(
            Value::Object(body),
            json!({"model": "m", "options": {"num_ctx": 10, "num_predict": 5}, "keep_alive": "5m", "think": true})
        );
    }

    #[test]
    fn the_system_prompt_goes_first() {
        let a = Actor::system();
        let mut body = map(json!({"messages": [{"role": "user", "content": "hi"}]}));
        apply_system("Be {{USER_NAME}}", &a, &mut body).unwrap();
        assert_eq!(
            body["messages"][0],
            json!({"role": "system", "content": "Be owui"})
        );
        apply_system("First", &a, &mut body).unwrap();
        assert_eq!(body["messages"][0]["content"], "First\nBe owui");
    }
}
