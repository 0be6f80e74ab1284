//! Ollama model management (admin): pull, push, create, copy, delete,
//! unload, and `/api/show`.

use serde_json::{Map, Value, json};

use super::ollama_proxy::{model_not_found, ollama_urls};
use super::*;

/// `POST /ollama/api/show`: the model's details from a connection that
/// has it (the name is sent as given, prefix and all).
pub async fn ollama_show(cx: &Ctx, actor: &Actor, mut body: Map<String, Value>) -> Result<Answer> {
    ollama_enabled(cx)?;
    let model = model_of(&body);
    body.insert("model".into(), json!(model));
    let name = model.clone().unwrap_or_else(|| "None".into());
    check_access(cx, actor, &name).await?;
    let c = ollama_route(cx, actor, &name, None).await?;
    let body = Value::Object(body);
    ollama_send(
        cx,
        &c,
        reqwest::Method::POST,
        "/api/show",
        Some(&body),
        false,
        None,
    )
    .await
}

/// `POST /ollama/api/pull[/{url_idx}]` (admin): the progress relayed.
pub async fn ollama_pull(
    cx: &Ctx,
    actor: &Actor,
    url_idx: Option<usize>,
    mut body: Map<String, Value>,
) -> Result<Answer> {
    actor.require_admin()?;
    ollama_enabled(cx)?;
    let model = model_of(&body);
    body.insert("model".into(), json!(model));
    body.insert("insecure".into(), json!(true));
    let c = conn_at(cx, Kind::Ollama, url_idx.unwrap_or(0))?;
    let body = Value::Object(body);
    ollama_send(
        cx,
        &c,
        reqwest::Method::POST,
        "/api/pull",
        Some(&body),
        true,
        None,
    )
    .await
}

/// The first connection hosting `model`, or `Model '…' was not found`.
async fn first_host(cx: &Ctx, model: &str) -> Result<usize> {
    ollama_urls(cx, model)
        .await
        .and_then(|u| u.first().copied())
        .ok_or_else(|| model_not_found(model))
}

/// `DELETE /ollama/api/delete[/{url_idx}]` (admin).
pub async fn ollama_delete(
    cx: &Ctx,
    actor: &Actor,
    url_idx: Option<usize>,
    mut body: Map<String, Value>,
) -> Result<Value> {
    actor.require_admin()?;
    ollama_enabled(cx)?;
    let model = model_of(&body);
    body.insert("model".into(), json!(model));
    let name = model.unwrap_or_else(|| "None".into());
    let idx = match url_idx {
        Some(i) => i,
        None => first_host(cx, &name).await?,
    };
    let c = conn_at(cx, Kind::Ollama, idx)?;
    let body = Value::Object(body);
    ollama_send(
        cx,
        &c,
        reqwest::Method::DELETE,
        "/api/delete",
        Some(&body),
        false,
        None,
    )
    .await?;
    cx.models.clear();
    Ok(json!(true))
}

/// `POST /ollama/api/copy[/{url_idx}]` (admin).
pub async fn ollama_copy(
    cx: &Ctx,
    actor: &Actor,
    url_idx: Option<usize>,
    source: String,
    destination: String,
) -> Result<Value> {
    actor.require_admin()?;
    ollama_enabled(cx)?;
    let idx = match url_idx {
        Some(i) => i,
        None => first_host(cx, &source).await?,
    };
    let c = conn_at(cx, Kind::Ollama, idx)?;
    let body = json!({"source": source, "destination": destination});
    ollama_send(
        cx,
        &c,
        reqwest::Method::POST,
        "/api/copy",
        Some(&body),
        false,
        None,
    )
    .await?;
    cx.models.clear();
    Ok(json!(true))
}

/// `POST /ollama/api/unload` (admin): `keep_alive: 0` sent to every
/// connection that has the model.
pub async fn ollama_unload(cx: &Ctx, actor: &Actor, body: Map<String, Value>) -> Result<Value> {
    actor.require_admin()?;
    let Some(model) = model_of(&body).filter(|m| !m.is_empty()) else {
        return Err(Error::invalid("Missing name of the model to unload."));
    };
    let urls = ollama::tags(cx)
        .await
        .into_iter()
        .find(|m| m.get("model").and_then(Value::as_str) == Some(model.as_str()))
        .and_then(|m| m.get("urls").cloned())
        .and_then(|u| u.as_array().cloned())
        .ok_or_else(|| model_not_found(&model))?;
    let mut errors = Vec::new();
    for idx in urls.iter().filter_map(Value::as_u64) {
        let Some(c) = connection(cx, Kind::Ollama, idx as usize) else {
            continue;
        };
        let name = unprefixed(&model, c.prefix()).to_string();
        let payload = json!({"model": name, "keep_alive": 0, "prompt": ""});
        if let Err(e) = ollama_send(
            cx,
            &c,
            reqwest::Method::POST,
            "/api/generate",
            Some(&payload),
            false,
            None,
        )
        .await
        {
            let text = match &e {
                Error::Upstream { body, .. } => ollama_error_text(body),
                other => other.message(),
            };
            errors.push(format!(
                "{{'url_idx': {idx}, 'success': False, 'error': '{text}'}}"
            ));
        }
    }
    cx.models.clear();
    if !errors.is_empty() {
        return Err(Error::Unreachable(format!(
            "Failed to unload model on {} nodes: [{}]",
            errors.len(),
            errors.join(", ")
        )));
    }
    Ok(json!({"status": true}))
}

/// `DELETE /ollama/api/push[/{url_idx}]` (admin): sent as `POST
/// /api/push`, progress relayed.
pub async fn ollama_push(
    cx: &Ctx,
    actor: &Actor,
    url_idx: Option<usize>,
    body: Map<String, Value>,
) -> Result<Answer> {
    actor.require_admin()?;
    ollama_enabled(cx)?;
    let model = model_of(&body).unwrap_or_default();
    let idx = match url_idx {
        Some(i) => i,
        None => first_host(cx, &model).await?,
    };
    let c = conn_at(cx, Kind::Ollama, idx)?;
    let body = Value::Object(body);
    ollama_send(
        cx,
        &c,
        reqwest::Method::POST,
        "/api/push",
        Some(&body),
        true,
        None,
    )
    .await
}

/// `POST /ollama/api/create[/{url_idx}]` (admin): progress relayed.
pub async fn ollama_create(
    cx: &Ctx,
    actor: &Actor,
    url_idx: Option<usize>,
    body: Map<String, Value>,
) -> Result<Answer> {
    actor.require_admin()?;
    ollama_enabled(cx)?;
    let c = conn_at(cx, Kind::Ollama, url_idx.unwrap_or(0))?;
    let body = Value::Object(body);
    let r = ollama_send(
        cx,
        &c,
        reqwest::Method::POST,
        "/api/create",
        Some(&body),
        true,
        None,
    )
    .await;
    cx.models.clear();
    r
}
