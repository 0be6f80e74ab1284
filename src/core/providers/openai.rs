//! OpenAI-compatible connections (OpenAI, llama.cpp, vLLM, LM Studio,
//! OpenRouter, ...).

use eventsource_stream::Eventsource;
use futures::StreamExt;
use serde_json::{Map, Value, json};

use super::*;

/// Model ids of api.openai.com that are not chat models.
const NOT_CHAT_MODELS: &[&str] = &[
    "babbage",
    "dall-e",
    "davinci",
    "embedding",
    "tts",
    "whisper",
];

/// The raw model list of one connection (`None` when it is disabled or
/// could not be reached).
async fn list_of(cx: &Ctx, c: &Conn) -> Option<Vec<Value>> {
    if c.configured && !c.enabled() {
        return None;
    }
    let ids = str_list(c.config.get("model_ids").unwrap_or(&Value::Null));
    if c.configured && !ids.is_empty() {
        return Some(
            ids.iter()
                .map(|id| json!({"id": id, "name": id, "owned_by": "openai", "openai": {"id": id}, "urlIdx": c.idx}))
                .collect(),
        );
    }
    let r = c
        .request(cx, reqwest::Method::GET, &format!("{}/models", c.url))
        .timeout(list_timeout(cx))
        .send()
        .await
        .map_err(|e| tracing::warn!("{}: model list: {e}", c.url))
        .ok()?;
    if !r.status().is_success() {
        tracing::warn!("{}: model list: HTTP {}", c.url, r.status());
        return None;
    }
    let v: Value = r.json().await.ok()?;
    match v {
        Value::Array(a) => Some(a),
        Value::Object(mut o) => match o.remove("data") {
            Some(Value::Array(a)) => Some(a),
            _ => Some(Vec::new()),
        },
        _ => Some(Vec::new()),
    }
}

/// Whether a llama.cpp / LM Studio model is loaded, when the provider says.
fn loaded_state(m: &Value, provider: &str) -> Option<bool> {
    match provider {
        "llama.cpp" => match m.pointer("/status/value").and_then(Value::as_str)? {
            "loaded" | "sleeping" => Some(true),
            "loading" | "unloaded" => Some(false),
            _ => None,
        },
        "lmstudio" => {
            if m.get("loaded_instances")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty())
                || m.get("state").and_then(Value::as_str) == Some("loaded")
            {
                Some(true)
            } else if m.get("state").and_then(Value::as_str) == Some("not-loaded") {
                Some(false)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The OpenAI-compatible models of every connection, merged by id (the
/// first connection wins), in upstream's `/openai/models` shape.
pub async fn models(cx: &Ctx) -> Vec<Value> {
    let conns = connections(cx, Kind::OpenAI);
    let lists = futures::future::join_all(conns.iter().map(|c| list_of(cx, c))).await;
    let mut out: Vec<Value> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (c, list) in conns.iter().zip(lists) {
        let Some(list) = list else { continue };
        let host_is_openai = reqwest::Url::parse(&c.url)
            .ok()
            .and_then(|u| u.host_str().map(|h| h == "api.openai.com"))
            .unwrap_or(false);
        let connection_type = c
            .config
            .get("connection_type")
            .and_then(Value::as_str)
            .unwrap_or("external");
        let provider = c
            .config
            .get("provider")
            .and_then(Value::as_str)
            .unwrap_or("");
        let tags = c
            .config
            .get("tags")
            .filter(|t| t.as_array().is_some_and(|a| !a.is_empty()));
        let manual = !str_list(c.config.get("model_ids").unwrap_or(&Value::Null)).is_empty();
        for m in list {
            let Value::Object(mut m) = m else { continue };
            if m.get("name").is_some_and(Value::is_null) {
                m.shift_remove("name");
            }
            if let Some(p) = c.prefix() {
                let base = m
                    .get("id")
                    .or_else(|| m.get("name"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                m.insert("id".into(), json!(format!("{p}.{base}")));
                if let Some(n) = m
                    .get("name")
                    .and_then(Value::as_str)
                    .filter(|n| !n.is_empty())
                {
                    let n = format!("{p}.{n}");
                    m.insert("name".into(), json!(n));
                }
            }
            if let Some(t) = tags {
                m.insert("tags".into(), t.clone());
            }
            m.insert("connection_type".into(), json!(connection_type));
            if !provider.is_empty() {
                m.insert("provider".into(), json!(provider));
            }
            let Some(id) = m
                .get("id")
                .or_else(|| m.get("name"))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
            else {
                continue;
            };
            if host_is_openai && NOT_CHAT_MODELS.iter().any(|k| id.contains(k)) {
                continue;
            }
            if !seen.insert(id.clone()) {
                continue;
            }
            let raw = Value::Object(m.clone());
            let mut merged = m;
            if !merged.contains_key("name") {
                merged.insert("name".into(), json!(id));
            }
            merged.insert("owned_by".into(), json!("openai"));
            merged.insert("openai".into(), raw);
            merged.insert("provider".into(), json!(provider));
            merged.insert("urlIdx".into(), json!(c.idx));
            if !manual && let Some(l) = loaded_state(&Value::Object(merged.clone()), provider) {
                merged.insert("loaded".into(), json!(l));
            }
            out.push(Value::Object(merged));
        }
    }
    out
}

/// `o1`, `o3-mini`, `gpt-5`, ... (after an optional `<region>.openai.`).
pub fn is_reasoning_model(id: &str) -> bool {
    let id = match id.find(".openai.") {
        Some(i) => &id[i + ".openai.".len()..],
        None => id,
    };
    let digits_after = |s: &str| {
        let n: String = s.chars().take_while(char::is_ascii_digit).collect();
        (!n.is_empty()).then(|| n.parse::<u64>().unwrap_or(0))
    };
    if let Some(rest) = id.strip_prefix('o')
        && digits_after(rest).is_some()
    {
        return true;
    }
    if let Some(rest) = id.strip_prefix("gpt-")
        && let Some(n) = digits_after(rest)
    {
        return n >= 5;
    }
    false
}

/// Upstream's last adjustments of a chat body for one connection.
pub fn prepare_body(c: &Conn, mut body: Map<String, Value>) -> Map<String, Value> {
    body.shift_remove("metadata");
    let id = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if is_reasoning_model(&id) {
        if let Some(v) = body.shift_remove("max_tokens") {
            body.insert("max_completion_tokens".into(), v);
        }
        if let Some(Value::Array(msgs)) = body.get_mut("messages")
            && let Some(first) = msgs.first_mut()
            && first.get("role").and_then(Value::as_str) == Some("system")
        {
            let role = if id.starts_with("o1-mini") || id.starts_with("o1-preview") {
                "user"
            } else {
                "developer"
            };
            first["role"] = json!(role);
        }
    } else if !c.url.contains("api.openai.com")
        && let Some(v) = body.shift_remove("max_completion_tokens")
    {
        body.insert("max_tokens".into(), v);
    }
    if body.contains_key("max_tokens") && body.contains_key("max_completion_tokens") {
        body.shift_remove("max_tokens");
    }
    if let Some(Value::Array(msgs)) = body.get_mut("messages") {
        for m in msgs {
            if m.get("role").and_then(Value::as_str) == Some("tool")
                && let Some(Value::Array(parts)) = m.get("content")
            {
                let text: String = parts
                    .iter()
                    .filter_map(|p| p.get("text").and_then(Value::as_str))
                    .collect();
                m["content"] = json!(text);
            }
        }
    }
    if !body.get("stream").and_then(Value::as_bool).unwrap_or(false) {
        body.shift_remove("stream_options");
    }
    body
}

/// POST a chat body to the connection serving `model`.
pub async fn chat(cx: &Ctx, model: &Value, body: Value) -> Result<Reply> {
    let idx = model.get("urlIdx").and_then(Value::as_u64).unwrap_or(0) as usize;
    let c = connection(cx, Kind::OpenAI, idx)
        .ok_or_else(|| Error::NotFound("Model '' was not found".into()))?;
    let Value::Object(mut body) = body else {
        return Err(Error::invalid("the chat body must be an object"));
    };
    if let Some(id) = body.get("model").and_then(Value::as_str) {
        let id = unprefixed(id, c.prefix()).to_string();
        body.insert("model".into(), json!(id));
    }
    let body = prepare_body(&c, body);
    let stream = body.get("stream").and_then(Value::as_bool).unwrap_or(false);
    let (url, body, extra) = if super::proxy::is_azure(&c) {
        super::proxy::azure_chat(&c, body)?
    } else {
        (format!("{}/chat/completions", c.url), body, Vec::new())
    };
    let mut rb = c.request(cx, reqwest::Method::POST, &url).json(&body);
    for (k, v) in extra {
        rb = rb.header(k, v);
    }
    let r = rb.send().await.map_err(connection_error)?;
    if r.status() >= StatusCode::BAD_REQUEST {
        return Err(upstream_error(r).await);
    }
    let is_sse = r
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.contains("text/event-stream"));
    if stream && is_sse {
        return Ok(Reply::Stream(sse_chunks(cx, r)));
    }
    let v: Value = r.json().await.map_err(connection_error)?;
    Ok(Reply::Json(v))
}

/// The JSON objects of an SSE response, up to `data: [DONE]`.
pub fn sse_chunks(cx: &Ctx, r: reqwest::Response) -> ChunkStream {
    let events = super::body_bytes(cx, r).eventsource();
    let s = events
        .take_while(|e| {
            let done = matches!(e, Ok(ev) if ev.data.trim() == "[DONE]");
            futures::future::ready(!done)
        })
        .filter_map(|e| async move {
            match e {
                Ok(ev) => {
                    let d = ev.data.trim();
                    if d.is_empty() {
                        return None;
                    }
                    serde_json::from_str::<Value>(d).ok().map(Ok)
                }
                Err(e) => Some(Err(Error::internal(anyhow::anyhow!(
                    "the model's stream broke: {e}"
                )))),
            }
        });
    Box::pin(s)
}
