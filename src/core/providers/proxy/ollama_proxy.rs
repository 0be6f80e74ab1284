//! The Ollama model lists, routing (`urls`, `url_idx`) and the
//! model-routed calls (`/api/chat`, `/api/generate`, embeddings,
//! `/v1/*`).

use serde_json::{Map, Value, json};

use super::*;

fn ollama_net(e: reqwest::Error) -> Error {
    tracing::warn!("ollama request failed: {e}");
    Error::Unreachable(format!("Ollama: {e}"))
}

/// Send one request to an Ollama connection; `stream` relays the answer
/// (with `content_type` when given), else it is read as JSON (`null` when
/// it is not JSON).
pub async fn ollama_send(
    cx: &Ctx,
    c: &Conn,
    method: reqwest::Method,
    path: &str,
    body: Option<&Value>,
    stream: bool,
    content_type: Option<&str>,
) -> Result<Answer> {
    let mut rb = c.request(cx, method, &format!("{}{path}", c.url));
    if let Some(b) = body {
        rb = rb.json(b);
    }
    let r = rb.send().await.map_err(ollama_net)?;
    if !r.status().is_success() {
        return Err(upstream_error(r).await);
    }
    if stream {
        return Ok(Answer::Stream(relay(cx, r, content_type)));
    }
    let text = r.text().await.map_err(ollama_net)?;
    Ok(Answer::Json(
        serde_json::from_str(&text).unwrap_or(Value::Null),
    ))
}

/// `GET /ollama/api/tags[/{url_idx}]`.
pub async fn ollama_tags(cx: &Ctx, actor: &Actor, url_idx: Option<usize>) -> Result<Value> {
    if url_idx.is_some() {
        actor.require_admin()?;
    }
    ollama_enabled(cx)?;
    let mut v = match url_idx {
        None => json!({"models": with_expiry(cx, ollama::tags(cx).await).await}),
        Some(i) => {
            let c = conn_at(cx, Kind::Ollama, i)?;
            match ollama_send(cx, &c, reqwest::Method::GET, "/api/tags", None, false, None).await? {
                Answer::Json(v) => v,
                Answer::Stream(_) => Value::Null,
            }
        }
    };
    if actor.role == Role::User && !cx.cfg.bool("BYPASS_MODEL_ACCESS_CONTROL") {
        let list = match v.get_mut("models").map(Value::take) {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        };
        v["models"] = Value::Array(filter_for(cx, actor, list, "model").await?);
    }
    Ok(v)
}

/// Loaded models get `expires_at` as epoch seconds.
async fn with_expiry(cx: &Ctx, mut models: Vec<Value>) -> Vec<Value> {
    let ps = ps_merged(cx).await;
    for m in &mut models {
        let name = m.get("model").and_then(Value::as_str).unwrap_or("");
        if let Some(e) = ps
            .iter()
            .find(|p| p.get("model").and_then(Value::as_str) == Some(name))
            .and_then(|p| p.get("expires_at"))
            .and_then(Value::as_str)
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        {
            m["expires_at"] = json!(e.timestamp());
        }
    }
    models
}

async fn ps_merged(cx: &Ctx) -> Vec<Value> {
    let conns: Vec<Conn> = connections(cx, Kind::Ollama)
        .into_iter()
        .filter(|c| !c.configured || c.enabled())
        .collect();
    let lists = futures::future::join_all(conns.iter().map(|c| async move {
        let r = c
            .request(cx, reqwest::Method::GET, &format!("{}/api/ps", c.url))
            .timeout(list_timeout(cx))
            .send()
            .await
            .ok()?;
        r.json::<Value>().await.ok()
    }))
    .await;
    let mut out: Vec<Value> = Vec::new();
    for (c, v) in conns.iter().zip(lists) {
        let Some(v) = v else { continue };
        for mut m in v
            .get("models")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
        {
            let Some(id) = m.get("model").and_then(Value::as_str).map(str::to_string) else {
                continue;
            };
            let id = match c.prefix() {
                Some(p) => format!("{p}.{id}"),
                None => id,
            };
            m["model"] = json!(id);
            match out
                .iter_mut()
                .find(|o| o.get("model").and_then(Value::as_str) == Some(&id))
            {
                Some(o) => {
                    if let Some(Value::Array(u)) = o.get_mut("urls") {
                        u.push(json!(c.idx));
                    }
                }
                None => {
                    m["urls"] = json!([c.idx]);
                    out.push(m);
                }
            }
        }
    }
    out
}

/// `GET /ollama/api/ps` (admin).
pub async fn ollama_ps(cx: &Ctx, actor: &Actor) -> Result<Value> {
    actor.require_admin()?;
    if !cx.store.bool("ollama.enable") {
        return Ok(json!({"models": []}));
    }
    Ok(json!({"models": ps_merged(cx).await}))
}

fn version_key(v: &str) -> Vec<u64> {
    let v = v.strip_prefix('v').unwrap_or(v);
    let v = v.split('-').next().unwrap_or(v);
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// `GET /ollama/api/version[/{url_idx}]`: the lowest version of the
/// enabled connections.
pub async fn ollama_version(cx: &Ctx, actor: &Actor, url_idx: Option<usize>) -> Result<Value> {
    if url_idx.is_some() {
        actor.require_admin()?;
    }
    if !cx.store.bool("ollama.enable") {
        return Ok(json!({"version": false}));
    }
    if let Some(i) = url_idx {
        let c = conn_at(cx, Kind::Ollama, i)?;
        return match ollama_send(
            cx,
            &c,
            reqwest::Method::GET,
            "/api/version",
            None,
            false,
            None,
        )
        .await?
        {
            Answer::Json(v) => Ok(v),
            Answer::Stream(_) => Ok(Value::Null),
        };
    }
    let conns: Vec<Conn> = connections(cx, Kind::Ollama)
        .into_iter()
        .filter(Conn::enabled)
        .collect();
    let got = futures::future::join_all(conns.iter().map(|c| async move {
        let r = c
            .request(cx, reqwest::Method::GET, &format!("{}/api/version", c.url))
            .timeout(list_timeout(cx))
            .send()
            .await
            .ok()?;
        r.json::<Value>().await.ok()
    }))
    .await;
    let lowest = got
        .into_iter()
        .flatten()
        .filter_map(|v| v.get("version").and_then(Value::as_str).map(str::to_string))
        .min_by_key(|v| version_key(v))
        .ok_or_else(|| Error::Unreachable(OLLAMA_NOT_FOUND.into()))?;
    Ok(json!({"version": lowest}))
}

/// The indexes of the Ollama connections that have `model`, fetching the
/// lists again when it is unknown.
pub(super) async fn ollama_urls(cx: &Ctx, model: &str) -> Option<Vec<usize>> {
    let of = |m: &Value| {
        m.pointer("/ollama/urls")
            .or_else(|| m.get("urls"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|u| u.as_u64().map(|u| u as usize))
                    .collect::<Vec<_>>()
            })
    };
    if let Some(m) = cx.models.lookup(model)
        && m.get("owned_by").and_then(Value::as_str) == Some("ollama")
        && let Some(u) = of(&m)
    {
        return Some(u);
    }
    ollama::tags(cx)
        .await
        .iter()
        .find(|m| m.get("model").and_then(Value::as_str) == Some(model))
        .and_then(of)
}

fn pick(urls: &[usize]) -> Option<usize> {
    use rand::seq::IndexedRandom;
    urls.choose(&mut rand::rng()).copied()
}

pub(super) fn model_not_found(model: &str) -> Error {
    Error::invalid(format!("Model '{model}' was not found"))
}

/// Upstream's routing: a given index must host the model unless the
/// caller is an admin (forbidden); without one, a random connection
/// hosting it (invalid: `Model '…' was not found`).
pub async fn ollama_route(
    cx: &Ctx,
    actor: &Actor,
    model: &str,
    url_idx: Option<usize>,
) -> Result<Conn> {
    let idx = match url_idx {
        Some(i) => {
            if !actor.is_admin() {
                let urls = ollama_urls(cx, model).await.unwrap_or_default();
                if !urls.contains(&i) {
                    return Err(Error::forbidden(crate::error::msg::ACCESS_PROHIBITED));
                }
            }
            i
        }
        None => ollama_urls(cx, model)
            .await
            .as_deref()
            .and_then(pick)
            .ok_or_else(|| model_not_found(model))?,
    };
    conn_at(cx, Kind::Ollama, idx)
}

/// The model a body names (`model`, or `name`).
pub fn model_of(body: &Map<String, Value>) -> Option<String> {
    body.get("model")
        .filter(|v| !v.is_null())
        .or_else(|| body.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Which proxied Ollama call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OllamaCall {
    /// `/api/chat`: NDJSON when streaming (the default).
    Chat,
    /// `/api/generate`: always relayed.
    Generate,
    /// `/v1/chat/completions`: SSE relayed when `stream`.
    OpenAIChat,
    /// `/api/embed`.
    Embed,
    /// `/api/embeddings`.
    Embeddings,
    /// `/v1/completions`: SSE relayed when `stream`.
    OpenAICompletions,
    /// `/v1/embeddings`.
    OpenAIEmbeddings,
    /// `/v1/messages` (Anthropic's format): SSE relayed when `stream`.
    Messages,
    /// `/v1/responses`: SSE relayed when `stream`.
    Responses,
}

impl OllamaCall {
    fn path(self) -> &'static str {
        match self {
            OllamaCall::Chat => "/api/chat",
            OllamaCall::Generate => "/api/generate",
            OllamaCall::OpenAIChat => "/v1/chat/completions",
            OllamaCall::Embed => "/api/embed",
            OllamaCall::Embeddings => "/api/embeddings",
            OllamaCall::OpenAICompletions => "/v1/completions",
            OllamaCall::OpenAIEmbeddings => "/v1/embeddings",
            OllamaCall::Messages => "/v1/messages",
            OllamaCall::Responses => "/v1/responses",
        }
    }
}

/// The model-routed Ollama calls: access check, routing, prefix removal,
/// then the body forwarded (`metadata` removed).
pub async fn ollama_call(
    cx: &Ctx,
    actor: &Actor,
    call: OllamaCall,
    url_idx: Option<usize>,
    mut body: Map<String, Value>,
) -> Result<Answer> {
    if !matches!(call, OllamaCall::OpenAIChat | OllamaCall::OpenAICompletions) {
        ollama_enabled(cx)?;
    }
    body.shift_remove("metadata");
    validate(call, &body)?;
    let asked = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let how = match call {
        OllamaCall::Chat => Some(Mapping::Ollama),
        OllamaCall::OpenAIChat => Some(Mapping::OpenAI),
        OllamaCall::OpenAICompletions => Some(Mapping::OpenAIParams),
        OllamaCall::OpenAIEmbeddings | OllamaCall::Messages | OllamaCall::Responses => {
            Some(Mapping::BaseOnly)
        }
        OllamaCall::Generate | OllamaCall::Embed | OllamaCall::Embeddings => None,
    };
    let id = match how {
        Some(how) => workspace_base(cx, actor, &asked, &mut body, how).await?,
        None => asked.clone(),
    };
    check_access(cx, actor, &asked).await?;
    if call == OllamaCall::Messages && !body.contains_key("model") {
        // upstream reads `payload['model']` here: a KeyError
        return Err(Error::internal(anyhow::anyhow!(
            "an Anthropic Messages body without `model`"
        )));
    }
    let c = ollama_route(cx, actor, &id, url_idx).await?;
    body.insert("model".into(), json!(unprefixed(&id, c.prefix())));
    let stream = match call {
        OllamaCall::Chat => body.get("stream").and_then(Value::as_bool).unwrap_or(true),
        OllamaCall::Generate => true,
        OllamaCall::OpenAIChat
        | OllamaCall::OpenAICompletions
        | OllamaCall::Messages
        | OllamaCall::Responses => body.get("stream").and_then(Value::as_bool).unwrap_or(false),
        OllamaCall::Embed | OllamaCall::Embeddings | OllamaCall::OpenAIEmbeddings => false,
    };
    if matches!(call, OllamaCall::Chat | OllamaCall::Generate) && !body.contains_key("stream") {
        body.insert("stream".into(), json!(true));
    }
    let ct = match call {
        OllamaCall::Chat => Some("application/x-ndjson"),
        OllamaCall::Messages | OllamaCall::Responses if stream => Some("text/event-stream"),
        _ => None,
    };
    let body = Value::Object(body);
    ollama_send(
        cx,
        &c,
        reqwest::Method::POST,
        call.path(),
        Some(&body),
        stream,
        ct,
    )
    .await
}

/// Upstream's form checks of `/api/chat` and `/v1/chat/completions`
/// (invalid, with pydantic's wording, roughly).
fn validate(call: OllamaCall, body: &Map<String, Value>) -> Result<()> {
    let form = match call {
        OllamaCall::Chat => "GenerateChatCompletionForm",
        OllamaCall::OpenAIChat => "OpenAIChatCompletionForm",
        OllamaCall::OpenAICompletions => "OpenAICompletionForm",
        OllamaCall::OpenAIEmbeddings => "OpenAIEmbeddingsForm",
        _ => return Ok(()),
    };
    let other = match call {
        OllamaCall::OpenAICompletions => Some(("prompt", true)),
        OllamaCall::OpenAIEmbeddings => Some(("input", false)),
        _ => None,
    };
    let mut errs: Vec<String> = Vec::new();
    match body.get("model") {
        None => errs.push("model\n  Field required".into()),
        Some(Value::String(_)) => {}
        Some(_) => errs.push("model\n  Input should be a valid string".into()),
    }
    if let Some((key, string)) = other {
        match body.get(key) {
            None => errs.push(format!("{key}\n  Field required")),
            Some(v) if string && !v.is_string() => {
                errs.push(format!("{key}\n  Input should be a valid string"))
            }
            _ => {}
        }
        return finish(form, errs);
    }
    match body.get("messages") {
        None => errs.push("messages\n  Field required".into()),
        Some(Value::Array(msgs)) => {
            for (i, m) in msgs.iter().enumerate() {
                let Some(m) = m.as_object() else {
                    errs.push(format!(
                        "messages.{i}\n  Input should be a valid dictionary"
                    ));
                    continue;
                };
                if !m.get("role").is_some_and(Value::is_string) {
                    errs.push(format!("messages.{i}.role\n  Field required"));
                }
                let content = m.get("content").filter(|c| !c.is_null());
                let ok = match call {
                    OllamaCall::Chat => {
                        content.is_none_or(Value::is_string)
                            && (content.is_some()
                                || m.get("tool_calls").is_some_and(|t| !t.is_null()))
                    }
                    _ => {
                        m.contains_key("content")
                            && content.is_none_or(|c| {
                                c.is_string()
                                    || c.as_array().is_some_and(|a| {
                                        a.iter()
                                            .all(|p| p.get("type").is_some_and(Value::is_string))
                                    })
                            })
                    }
                };
                if !ok {
                    errs.push(format!(
                        "messages.{i}.content\n  Value error, At least one of 'content' or 'tool_calls' must be provided"
                    ));
                }
            }
        }
        Some(_) => errs.push("messages\n  Input should be a valid list".into()),
    }
    finish(form, errs)
}

fn finish(form: &str, errs: Vec<String>) -> Result<()> {
    if errs.is_empty() {
        return Ok(());
    }
    let n = errs.len();
    Err(Error::invalid(format!(
        "{n} validation error{} for {form}\n{}",
        if n == 1 { "" } else { "s" },
        errs.join("\n")
    )))
}

/// `GET /ollama/v1/models[/{url_idx}]`: the Ollama models in OpenAI's
/// list shape (does not check `ollama.enable`).
pub async fn ollama_v1_models(cx: &Ctx, actor: &Actor, url_idx: Option<usize>) -> Result<Value> {
    if url_idx.is_some() {
        actor.require_admin()?;
    }
    let raw = match url_idx {
        None => ollama::tags(cx).await,
        Some(i) => {
            let c = conn_at(cx, Kind::Ollama, i)?;
            match ollama_send(cx, &c, reqwest::Method::GET, "/api/tags", None, false, None).await? {
                Answer::Json(v) => v
                    .get("models")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
                Answer::Stream(_) => Vec::new(),
            }
        }
    };
    let now = crate::util::now();
    let list: Vec<Value> = raw
        .iter()
        .filter_map(|m| m.get("model").cloned())
        .map(|id| json!({"id": id, "object": "model", "created": now, "owned_by": "openai"}))
        .collect();
    let list = filter_for(cx, actor, list, "id").await?;
    Ok(json!({"data": list, "object": "list"}))
}
