//! `/openai/models` and `/openai/chat/completions`.

use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::*;

/// `GET /openai/models[/{url_idx}]`.
pub async fn openai_models(cx: &Ctx, actor: &Actor, url_idx: Option<usize>) -> Result<Value> {
    if url_idx.is_some() {
        actor.require_admin()?;
    }
    openai_enabled(cx)?;
    let mut v = match url_idx {
        None => json!({"data": openai::models(cx).await}),
        Some(i) => openai_models_of(cx, i).await?,
    };
    let list = match v.get_mut("data").map(Value::take) {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    v["data"] = Value::Array(filter_for(cx, actor, list, "id").await?);
    Ok(v)
}

async fn openai_models_of(cx: &Ctx, idx: usize) -> Result<Value> {
    let c = conn_at(cx, Kind::OpenAI, idx)?;
    if c.config
        .get("azure")
        .and_then(Value::as_bool)
        .unwrap_or(false)
        || c.config.get("provider").and_then(Value::as_str) == Some("azure")
    {
        let ids = c.config.get("model_ids").cloned().unwrap_or(json!([]));
        return Ok(json!({"data": ids, "object": "list"}));
    }
    let r = c
        .request(cx, reqwest::Method::GET, &format!("{}/models", c.url))
        .timeout(list_timeout(cx))
        .send()
        .await
        .map_err(connection_error)?;
    if r.status() != StatusCode::OK {
        return Err(upstream_error(r).await);
    }
    let mut v: Value = r
        .json()
        .await
        .map_err(|e| Error::BadAnswer(e.to_string()))?;
    if c.url.contains("api.openai.com")
        && let Some(Value::Array(a)) = v.get_mut("data")
    {
        a.retain(|m| {
            let id = m.get("id").and_then(Value::as_str).unwrap_or("");
            ![
                "babbage",
                "dall-e",
                "davinci",
                "embedding",
                "tts",
                "whisper",
            ]
            .iter()
            .any(|k| id.contains(k))
        });
    }
    Ok(v)
}

/// The OpenAI connection index serving `id`, fetching the lists again
/// once when it is unknown.
async fn openai_idx(cx: &Ctx, id: &str) -> Option<usize> {
    let of = |m: &Value| {
        (m.get("owned_by").and_then(Value::as_str) == Some("openai"))
            .then(|| m.get("urlIdx").and_then(Value::as_u64).map(|i| i as usize))
            .flatten()
    };
    if let Some(i) = cx.models.lookup(id).as_deref().and_then(of) {
        return Some(i);
    }
    openai::models(cx)
        .await
        .iter()
        .find(|m| m.get("id").and_then(Value::as_str) == Some(id))
        .and_then(of)
}

/// `POST /openai/chat/completions`: the body forwarded to the connection
/// serving its model; a stream relayed as it arrives.
pub async fn openai_chat(cx: &Ctx, actor: &Actor, body: Value) -> Result<Answer> {
    openai_enabled(cx)?;
    let Value::Object(mut body) = body else {
        return Err(Error::malformed("the body must be a JSON object"));
    };
    body.shift_remove("metadata");
    let asked = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let id = workspace_base(cx, actor, &asked, &mut body, Mapping::OpenAI).await?;
    check_access(cx, actor, &asked).await?;
    let Some(idx) = openai_idx(cx, &id).await else {
        return Err(Error::NotFound("Model '' was not found".into()));
    };
    let c = conn_at(cx, Kind::OpenAI, idx)?;
    body.insert("model".into(), json!(unprefixed(&id, c.prefix())));
    if let Some(Value::String(lb)) = body.get("logit_bias") {
        let parsed = logit_bias(lb);
        body.insert("logit_bias".into(), parsed);
    }
    let body = openai::prepare_body(&c, body);
    let (url, body, extra) = if is_azure(&c) {
        azure_chat(&c, body)?
    } else {
        (format!("{}/chat/completions", c.url), body, Vec::new())
    };
    let mut rb = c.request(cx, reqwest::Method::POST, &url).json(&body);
    for (k, v) in extra {
        rb = rb.header(k, v);
    }
    let r = rb.send().await.map_err(connection_error)?;
    let status = r.status();
    let ct = content_type(&r);
    let retry = retry_headers(&r);
    if ct.contains("text/event-stream") {
        if status >= StatusCode::BAD_REQUEST {
            let text = r.text().await.unwrap_or_default();
            let body = serde_json::from_str::<Value>(&text)
                .unwrap_or_else(|_| json!({"error": {"message": text, "code": status.as_u16()}}));
            return provider_error(status, body, retry);
        }
        return Ok(Answer::Stream(relay(cx, r, None)));
    }
    let text = r.text().await.map_err(connection_error)?;
    let v = serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text));
    if status >= StatusCode::BAD_REQUEST {
        return provider_error(status, v, retry);
    }
    Ok(Answer::Json(v))
}

fn content_type(r: &reqwest::Response) -> String {
    r.headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// The provider's `Retry-After` / `Retry-After-Ms` headers.
fn retry_headers(r: &reqwest::Response) -> Vec<(String, String)> {
    r.headers()
        .iter()
        .filter(|(k, _)| matches!(k.as_str(), "retry-after" | "retry-after-ms"))
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect()
}

/// A provider's error passed on: its status and body (JSON, or text), with
/// its retry headers when it sent any.
fn provider_error(status: StatusCode, body: Value, retry: Vec<(String, String)>) -> Result<Answer> {
    if retry.is_empty() {
        return Err(Error::Upstream { status, body });
    }
    let (ct, bytes) = match body {
        Value::String(t) => ("text/plain; charset=utf-8", Bytes::from(t)),
        v => ("application/json", Bytes::from(v.to_string())),
    };
    let mut headers = retry;
    headers.push(("content-type".into(), ct.into()));
    Ok(Answer::Stream(Relay {
        status,
        headers,
        body: Box::pin(futures::stream::once(async move { Ok(bytes) })),
    }))
}

/// Azure OpenAI: the legacy `azure` flag or provider `azure`.
pub(crate) fn is_azure(c: &Conn) -> bool {
    c.config
        .get("azure")
        .is_some_and(|v| !matches!(v, Value::Null | Value::Bool(false)))
        || c.config.get("provider").and_then(Value::as_str) == Some("azure")
}

/// A base URL already in Azure's v1 form (`…/openai/v1`).
fn is_azure_v1(url: &str) -> bool {
    url.match_indices("/openai/v1")
        .any(|(i, m)| matches!(url[i + m.len()..].chars().next(), None | Some('/')))
}

fn azure_version(c: &Conn) -> String {
    c.config
        .get("api_version")
        .and_then(Value::as_str)
        .unwrap_or("2023-03-15-preview")
        .to_string()
}

/// The `api-key` header unless Entra ID authenticates the connection.
fn azure_key(c: &Conn) -> Vec<(&'static str, String)> {
    let auth = c
        .config
        .get("auth_type")
        .and_then(Value::as_str)
        .unwrap_or("bearer");
    if matches!(auth, "azure_ad" | "microsoft_entra_id") {
        Vec::new()
    } else {
        vec![("api-key", c.key.clone())]
    }
}

/// A model name as one path segment of a deployment URL (upstream's
/// `_sanitize_model_for_url`: no traversal, percent-encoded).
fn deployment(model: &str) -> Result<String> {
    if model.is_empty() || model.contains("..") || model.contains('/') || model.contains('\\') {
        return Err(Error::invalid(
            "Invalid model name: must not be empty or contain path separators or traversal sequences",
        ));
    }
    Ok(model
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"_.-~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect())
}

/// Chat parameters Azure accepts (upstream's `get_azure_allowed_params`).
const AZURE_PARAMS: &[&str] = &[
    "messages",
    "temperature",
    "role",
    "content",
    "contentPart",
    "contentPartImage",
    "enhancements",
    "dataSources",
    "n",
    "stream",
    "stop",
    "max_tokens",
    "presence_penalty",
    "frequency_penalty",
    "logit_bias",
    "user",
    "function_call",
    "functions",
    "tools",
    "tool_choice",
    "top_p",
    "log_probs",
    "top_logprobs",
    "response_format",
    "seed",
    "max_completion_tokens",
    "reasoning_effort",
];

/// An Azure chat request: URL, body and extra headers.
pub(crate) type AzureRequest = (String, Map<String, Value>, Vec<(&'static str, String)>);

pub(crate) fn azure_chat(c: &Conn, mut body: Map<String, Value>) -> Result<AzureRequest> {
    let mut headers = azure_key(c);
    if is_azure_v1(&c.url) {
        let url = format!("{}/chat/completions", c.url.trim_end_matches('/'));
        return Ok((url, body, headers));
    }
    let version = azure_version(c);
    let model = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if openai::is_reasoning_model(&model.to_lowercase()) {
        if let Some(v) = body.shift_remove("max_tokens") {
            body.insert("max_completion_tokens".into(), v);
        }
        if body
            .get("temperature")
            .is_some_and(|t| t.as_f64() != Some(1.0))
        {
            body.shift_remove("temperature");
        }
    }
    let stream_options = version.as_str() >= "2024-09-01-preview";
    body.retain(|k, _| {
        AZURE_PARAMS.contains(&k.as_str()) || (stream_options && k == "stream_options")
    });
    let url = format!(
        "{}/openai/deployments/{}/chat/completions?api-version={version}",
        c.url,
        deployment(&model)?
    );
    headers.push(("api-version", version));
    Ok((url, body, headers))
}

/// `POST /openai/responses`: the Responses API body forwarded to the
/// connection serving its model (connection 0 when none does); a stream
/// relayed as it arrives. Upstream does not check `openai.enable` here.
pub async fn openai_responses(cx: &Ctx, actor: &Actor, body: Value) -> Result<Answer> {
    let Value::Object(mut body) = body else {
        return Err(Error::malformed("the body must be a JSON object"));
    };
    let Some(model) = body
        .get("model")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return Err(Error::malformed("model: a string is required"));
    };
    body.retain(|_, v| !v.is_null());
    check_access(cx, actor, &model).await?;
    let idx = if model.is_empty() {
        0
    } else {
        openai_idx(cx, &model).await.unwrap_or(0)
    };
    let c = raw_openai_conn(cx, idx).ok_or_else(|| no_connection(Kind::OpenAI, idx))?;
    let model = unprefixed(&model, c.prefix()).to_string();
    body.insert("model".into(), json!(model));
    let (url, extra) = if is_azure(&c) {
        let mut headers = azure_key(&c);
        if is_azure_v1(&c.url) {
            (
                format!("{}/responses", c.url.trim_end_matches('/')),
                headers,
            )
        } else {
            let version = azure_version(&c);
            let url = format!(
                "{}/openai/deployments/{}/responses?api-version={version}",
                c.url,
                deployment(&model)?
            );
            headers.push(("api-version", version));
            (url, headers)
        }
    } else {
        (format!("{}/responses", c.url), Vec::new())
    };
    let mut rb = c
        .request(cx, reqwest::Method::POST, &url)
        .json(&Value::Object(body));
    for (k, v) in extra {
        rb = rb.header(k, v);
    }
    let r = rb.send().await.map_err(connection_error)?;
    let status = r.status();
    let ct = content_type(&r);
    if ct.contains("text/event-stream") {
        return Ok(Answer::Stream(relay(cx, r, None)));
    }
    let retry = retry_headers(&r);
    let text = r.text().await.map_err(connection_error)?;
    let v = if is_json_type(&ct) {
        serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text))
    } else {
        Value::String(text)
    };
    if status >= StatusCode::BAD_REQUEST {
        return provider_error(status, v, retry);
    }
    Ok(Answer::Json(v))
}

/// `/openai/{path}`: upstream refuses unless passthrough is switched on,
/// which owui does not offer.
pub fn openai_passthrough() -> Error {
    Error::Disabled(PASSTHROUGH_DISABLED.into())
}

/// `"token:bias,token:bias"` as `{"token": bias}`, integer biases kept
/// within [-100, 100].
fn logit_bias(s: &str) -> Value {
    let mut out = Map::new();
    for pair in s.split(',') {
        let Some((t, b)) = pair.split_once(':') else {
            continue;
        };
        let Ok(b) = b.trim().parse::<i64>() else {
            continue;
        };
        out.insert(t.trim().to_string(), json!(b.clamp(-100, 100)));
    }
    Value::Object(out)
}
