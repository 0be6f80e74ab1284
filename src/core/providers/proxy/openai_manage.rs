//! llama.cpp / LM Studio model management through an OpenAI connection
//! (admin): catalog, download, load, unload, events, delete.

use serde_json::{Map, Value, json};

use super::*;

/// Upstream's `MODEL_MANAGEMENT_ENDPOINTS`: the provider's path of an
/// operation, `None` when the provider lacks it.
fn management_path(provider: &str, op: &str) -> Option<&'static str> {
    Some(match (provider, op) {
        ("llama.cpp", "list" | "download" | "delete") => "/models",
        ("llama.cpp", "load") => "/models/load",
        ("llama.cpp", "unload") => "/models/unload",
        ("llama.cpp", "sse") => "/models/sse",
        ("lmstudio", "list") => "/api/v1/models",
        ("lmstudio", "download") => "/api/v1/models/download",
        ("lmstudio", "download_status") => "/api/v1/models/download/status/{job_id}",
        ("lmstudio", "load") => "/api/v1/models/load",
        ("lmstudio", "unload") => "/api/v1/models/unload",
        _ => return None,
    })
}

/// An OpenAI connection by index, whether the API is switched on or not
/// (upstream's `get_openai_connection`).
pub(crate) fn raw_openai_conn(cx: &Ctx, idx: usize) -> Option<Conn> {
    let urls = str_list(&cx.store.get("openai.api_base_urls"));
    let url = urls.get(idx)?.clone();
    let keys = str_list(&cx.store.get("openai.api_keys"));
    let settings = settings_of(&cx.store.get("openai.api_configs"), idx, &url);
    Some(Conn {
        kind: Kind::OpenAI,
        idx,
        key: keys.get(idx).cloned().unwrap_or_default(),
        configured: settings.is_some(),
        config: settings.unwrap_or_else(|| json!({})),
        url,
    })
}

/// A connection able to manage models: the connection (its URL made the
/// server's root) and its provider.
fn management_conn(cx: &Ctx, idx: usize) -> Result<(Conn, String)> {
    openai_enabled(cx)?;
    let mut c =
        raw_openai_conn(cx, idx).ok_or_else(|| Error::NotFound("Connection not found".into()))?;
    let provider = c
        .config
        .get("provider")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if provider != "llama.cpp" && provider != "lmstudio" {
        let shown = if provider.is_empty() {
            "default"
        } else {
            &provider
        };
        return Err(Error::invalid(format!(
            "Provider \"{shown}\" does not support model management"
        )));
    }
    let mut root = c.url.trim_end_matches('/').to_string();
    for suffix in ["/api/v1", "/api/v0", "/v1"] {
        if let Some(r) = root.strip_suffix(suffix) {
            root = r.to_string();
            break;
        }
    }
    c.url = root;
    Ok((c, provider))
}

/// Whether a `Content-Type` is JSON as aiohttp's `response.json()` wants it.
pub(crate) fn is_json_type(ct: &str) -> bool {
    let ct = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    ct == "application/json" || (ct.starts_with("application/") && ct.ends_with("+json"))
}

/// A failed request as upstream words it (aiohttp's messages).
fn request_failed(e: reqwest::Error) -> Error {
    tracing::warn!("provider request failed: {e}");
    let msg = match e.url() {
        Some(u) if e.is_connect() => {
            let host = u.host_str().unwrap_or("");
            let port = u.port_or_known_default().unwrap_or(0);
            format!(
                "Cannot connect to host {host}:{port} ssl:default [Connect call failed ('{host}', {port})]"
            )
        }
        _ => e.to_string(),
    };
    Error::Unreachable(msg)
}

struct Op<'a> {
    op: &'a str,
    method: reqwest::Method,
    payload: Option<Value>,
    query: Option<(&'a str, String)>,
    job_id: Option<&'a str>,
    stream: bool,
}

impl<'a> Op<'a> {
    fn get(op: &'a str) -> Self {
        Op {
            op,
            method: reqwest::Method::GET,
            payload: None,
            query: None,
            job_id: None,
            stream: false,
        }
    }
}

/// Upstream's `send_model_management_request`.
async fn manage(cx: &Ctx, idx: usize, op: Op<'_>) -> Result<Answer> {
    let (c, provider) = management_conn(cx, idx)?;
    let Some(path) = management_path(&provider, op.op) else {
        return Err(Error::invalid(format!(
            "Provider \"{provider}\" does not support {}",
            op.op
        )));
    };
    let path = match op.job_id {
        Some(j) => path.replace("{job_id}", j),
        None => path.to_string(),
    };
    let mut payload = op.payload;
    if provider == "lmstudio"
        && op.op == "unload"
        && let Some(Value::Object(p)) = &payload
        && !p.is_empty()
    {
        let id = p
            .get("instance_id")
            .filter(|v| crate::util::truthy(v))
            .cloned()
            .or_else(|| p.get("model").cloned())
            .unwrap_or(Value::Null);
        payload = Some(json!({"instance_id": id}));
    }
    let mut rb = c
        .request(cx, op.method, &format!("{}{path}", c.url))
        .header(reqwest::header::CONTENT_TYPE, "application/json");
    if let Some(p) = &payload {
        rb = rb.json(p);
    }
    if let Some((k, v)) = &op.query {
        rb = rb.query(&[(k, v)]);
    }
    let r = rb.send().await.map_err(request_failed)?;
    let status = r.status();
    let ct = r
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if !r.status().is_success() {
        let text = r.text().await.unwrap_or_default();
        let detail = if is_json_type(&ct) {
            serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text))
        } else {
            Value::String(text)
        };
        return Err(Error::Upstream {
            status,
            body: detail,
        });
    }
    if op.stream {
        return Ok(Answer::Stream(relay(cx, r, None)));
    }
    // an answer that broke off: its status, with the reason for its body
    let text = r.text().await.map_err(|e| Error::Upstream {
        status,
        body: Value::String(e.to_string()),
    })?;
    if !is_json_type(&ct) {
        return Ok(Answer::Json(json!({"success": true})));
    }
    if text.trim().is_empty() {
        return Ok(Answer::Json(Value::Null));
    }
    Ok(Answer::Json(
        serde_json::from_str(&text).unwrap_or_else(|_| json!({"success": true})),
    ))
}

fn json_of(a: Answer) -> Value {
    match a {
        Answer::Json(v) => v,
        Answer::Stream(_) => Value::Null,
    }
}

/// `GET /openai/models/{url_idx}/catalog` (admin): the provider's list.
pub async fn openai_catalog(cx: &Ctx, actor: &Actor, idx: usize) -> Result<Value> {
    actor.require_admin()?;
    Ok(json_of(manage(cx, idx, Op::get("list")).await?))
}

/// The form of download / load / unload (`model` required, other keys
/// kept, nulls dropped) with the connection's prefix taken off `model`.
fn model_form(cx: &Ctx, idx: usize, mut form: Map<String, Value>) -> Result<Value> {
    let (c, _) = management_conn(cx, idx)?;
    form.retain(|_, v| !v.is_null());
    let model = form
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    form.insert("model".into(), json!(unprefixed(&model, c.prefix())));
    Ok(Value::Object(form))
}

async fn post_model(
    cx: &Ctx,
    actor: &Actor,
    idx: usize,
    op: &str,
    form: Map<String, Value>,
) -> Result<Value> {
    actor.require_admin()?;
    let payload = model_form(cx, idx, form)?;
    let v = json_of(
        manage(
            cx,
            idx,
            Op {
                method: reqwest::Method::POST,
                payload: Some(payload),
                ..Op::get(op)
            },
        )
        .await?,
    );
    cx.models.clear();
    Ok(v)
}

/// `POST /openai/models/{url_idx}/download` (admin).
pub async fn openai_download(
    cx: &Ctx,
    actor: &Actor,
    idx: usize,
    form: Map<String, Value>,
) -> Result<Value> {
    post_model(cx, actor, idx, "download", form).await
}

/// `GET /openai/models/{url_idx}/download/status/{job_id}` (admin).
pub async fn openai_download_status(
    cx: &Ctx,
    actor: &Actor,
    idx: usize,
    job_id: &str,
) -> Result<Value> {
    actor.require_admin()?;
    Ok(json_of(
        manage(
            cx,
            idx,
            Op {
                job_id: Some(job_id),
                ..Op::get("download_status")
            },
        )
        .await?,
    ))
}

/// `POST /openai/models/{url_idx}/load` (admin).
pub async fn openai_load(
    cx: &Ctx,
    actor: &Actor,
    idx: usize,
    form: Map<String, Value>,
) -> Result<Value> {
    post_model(cx, actor, idx, "load", form).await
}

/// `POST /openai/models/{url_idx}/unload` (admin).
pub async fn openai_unload(
    cx: &Ctx,
    actor: &Actor,
    idx: usize,
    form: Map<String, Value>,
) -> Result<Value> {
    post_model(cx, actor, idx, "unload", form).await
}

/// `GET /openai/models/{url_idx}/sse` (admin): the provider's events
/// relayed as they arrive.
pub async fn openai_model_events(cx: &Ctx, actor: &Actor, idx: usize) -> Result<Answer> {
    actor.require_admin()?;
    manage(
        cx,
        idx,
        Op {
            stream: true,
            ..Op::get("sse")
        },
    )
    .await
}

/// `DELETE /openai/models/{url_idx}?model=…` (admin).
pub async fn openai_delete_model(
    cx: &Ctx,
    actor: &Actor,
    idx: usize,
    model: &str,
) -> Result<Value> {
    actor.require_admin()?;
    let (c, _) = management_conn(cx, idx)?;
    let model = unprefixed(model, c.prefix()).to_string();
    let v = json_of(
        manage(
            cx,
            idx,
            Op {
                method: reqwest::Method::DELETE,
                query: Some(("model", model)),
                ..Op::get("delete")
            },
        )
        .await?,
    );
    cx.models.clear();
    Ok(v)
}
