//! `/openai/models` and `/openai/chat/completions`.

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
    let c = conn_or_500(cx, Kind::OpenAI, idx)?;
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
    let status = r.status().as_u16();
    if status != 200 {
        let mut detail = format!("HTTP Error: {status}");
        if let Ok(v) = r.json::<Value>().await
            && let Some(e) = v.get("error")
        {
            detail = format!("External Error: {}", py_error(e));
        }
        return Err(Error::Status(500, format!("Unexpected error: {detail}")));
    }
    let mut v: Value = r
        .json()
        .await
        .map_err(|e| Error::Status(500, format!("Unexpected error: {e}")))?;
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
    if let Some(i) = cx.models.lookup(id).as_ref().and_then(of) {
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
        return Err(Error::Invalid422("the body must be a JSON object".into()));
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
        return Err(Error::Status(404, "Model '' was not found".into()));
    };
    let c = conn_or_500(cx, Kind::OpenAI, idx)?;
    body.insert("model".into(), json!(unprefixed(&id, c.prefix())));
    if let Some(Value::String(lb)) = body.get("logit_bias") {
        let parsed = logit_bias(lb);
        body.insert("logit_bias".into(), parsed);
    }
    let body = openai::prepare_body(&c, body);
    let r = c
        .request(
            cx,
            reqwest::Method::POST,
            &format!("{}/chat/completions", c.url),
        )
        .json(&body)
        .send()
        .await
        .map_err(connection_error)?;
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if ct.contains("text/event-stream") {
        if status >= 400 {
            let text = r.text().await.unwrap_or_default();
            let body = serde_json::from_str::<Value>(&text)
                .unwrap_or_else(|_| json!({"error": {"message": text, "code": status}}));
            return Err(Error::Upstream { status, body });
        }
        return Ok(Answer::Stream(relay(r, None)));
    }
    let text = r.text().await.map_err(connection_error)?;
    let v = serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text));
    if status >= 400 {
        return Err(Error::Upstream { status, body: v });
    }
    Ok(Answer::Json(v))
}

/// `/openai/{path}`: upstream refuses unless passthrough is switched on,
/// which owui does not offer.
pub fn openai_passthrough() -> Error {
    Error::forbidden(PASSTHROUGH_DISABLED)
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
