//! The engines over HTTP: OpenAI, Ollama and Azure OpenAI embeddings, in
//! the request and response shapes Open WebUI uses.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Map, Value, json};

use super::EmbedConfig;
use crate::error::{Error, Result};

/// Azure answers 429 when a deployment is over its quota; upstream tries
/// five times, waiting as long as `Retry-After` says.
const AZURE_TRIES: usize = 5;
/// The longest wait owui accepts from one `Retry-After`.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Vectors for `texts` from the remote engine `cfg.engine`, in batches of
/// `cfg.batch_size`, sent concurrently or one after another.
pub async fn embed(
    http: &reqwest::Client,
    cfg: &EmbedConfig,
    texts: Vec<String>,
    prefix: Option<&str>,
    progress: &(dyn Fn(usize) + Send + Sync),
) -> Result<Vec<Vec<f32>>> {
    // The prefix travels as its own JSON field when one is named, else in
    // front of every text.
    let field = cfg.prefix_field.as_deref().filter(|f| !f.is_empty());
    let (texts, field_prefix) = match (prefix, field) {
        (Some(p), Some(f)) => (texts, Some((f, p))),
        (Some(p), None) => (texts.into_iter().map(|t| format!("{p}{t}")).collect(), None),
        (None, _) => (texts, None),
    };
    let size = cfg.batch_size.max(1);
    let batches: Vec<Vec<String>> = texts.chunks(size).map(|c| c.to_vec()).collect();
    let done = AtomicUsize::new(0);
    let done = &done;
    let one = |batch: Vec<String>| async move {
        let v = send(http, cfg, &batch, field_prefix).await?;
        if v.len() != batch.len() {
            return Err(Error::BadAnswer(format!(
                "The embedding engine returned {} vectors for {} texts",
                v.len(),
                batch.len()
            )));
        }
        progress(done.fetch_add(batch.len(), Ordering::Relaxed) + batch.len());
        Ok::<_, Error>(v)
    };
    let results: Vec<Vec<Vec<f32>>> = if cfg.async_embedding {
        let limit = (cfg.concurrent_requests > 0)
            .then(|| Arc::new(tokio::sync::Semaphore::new(cfg.concurrent_requests)));
        futures::future::try_join_all(batches.into_iter().map(|b| {
            let limit = limit.clone();
            let fut = one(b);
            async move {
                let _permit = match &limit {
                    Some(s) => Some(s.acquire().await.map_err(Error::internal)?),
                    None => None,
                };
                fut.await
            }
        }))
        .await?
    } else {
        let mut out = Vec::with_capacity(batches.len());
        for b in batches {
            out.push(one(b).await?);
        }
        out
    };
    Ok(results.into_iter().flatten().collect())
}

async fn send(
    http: &reqwest::Client,
    cfg: &EmbedConfig,
    batch: &[String],
    field_prefix: Option<(&str, &str)>,
) -> Result<Vec<Vec<f32>>> {
    let mut body = Map::new();
    body.insert("input".into(), json!(batch));
    if let Some((f, p)) = field_prefix {
        body.insert(f.into(), json!(p));
    }
    match cfg.engine.as_str() {
        "openai" => {
            body.insert("model".into(), json!(cfg.model));
            let url = format!("{}/embeddings", cfg.openai_url.trim_end_matches('/'));
            let mut req = http.post(&url).json(&body);
            req = req.bearer_auth(&cfg.openai_key);
            let r = req.send().await.map_err(|e| unreachable(&url, e))?;
            let data = json_or_status(r, &url).await?;
            data_embeddings(&data, "OpenAI")
        }
        "azure_openai" => {
            let url = format!(
                "{}/openai/deployments/{}/embeddings?api-version={}",
                cfg.azure_url.trim_end_matches('/'),
                cfg.model,
                cfg.azure_version
            );
            for _ in 0..AZURE_TRIES {
                let r = http
                    .post(&url)
                    .header("api-key", &cfg.azure_key)
                    .json(&body)
                    .send()
                    .await
                    .map_err(|e| unreachable(&url, e))?;
                if r.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
                    let wait = r
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<f64>().ok())
                        .filter(|s| s.is_finite() && *s >= 0.0)
                        .unwrap_or(1.0);
                    tokio::time::sleep(Duration::from_secs_f64(wait).min(MAX_RETRY_AFTER)).await;
                    continue;
                }
                let data = json_or_status(r, &url).await?;
                return data_embeddings(&data, "Azure OpenAI");
            }
            Err(Error::Unreachable(
                "Azure OpenAI embedding request failed: max retries (429) exceeded".into(),
            ))
        }
        "ollama" => {
            body.insert("model".into(), json!(cfg.model));
            body.insert("truncate".into(), json!(true));
            let url = format!("{}/api/embed", cfg.ollama_url.trim_end_matches('/'));
            let mut req = http.post(&url).json(&body);
            if !cfg.ollama_key.is_empty() {
                req = req.bearer_auth(&cfg.ollama_key);
            }
            let r = req.send().await.map_err(|e| unreachable(&url, e))?;
            let status = r.status();
            let text = r.text().await.map_err(|e| unreachable(&url, e))?;
            let parsed: Option<Value> = serde_json::from_str(&text).ok();
            if status != reqwest::StatusCode::OK {
                let detail = match parsed.as_ref().and_then(|v| v.get("error")) {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => text,
                };
                return Err(Error::BadAnswer(format!(
                    "Ollama embed error ({}): {detail}",
                    status.as_u16()
                )));
            }
            let data = parsed.ok_or_else(|| {
                Error::BadAnswer(format!("{url}: the embedding answer is not JSON"))
            })?;
            let Some(list) = data.get("embeddings") else {
                return Err(Error::BadAnswer(
                    "Unexpected Ollama embeddings response: missing 'embeddings' key".into(),
                ));
            };
            vectors(list)
        }
        other => Err(Error::invalid(format!("Unknown embedding engine: {other}"))),
    }
}

fn unreachable(url: &str, e: reqwest::Error) -> Error {
    Error::Unreachable(format!("{url}: {e}"))
}

/// The answer as JSON, or the error aiohttp's `raise_for_status` gives
/// upstream: `401, message='Unauthorized', url='…'`.
async fn json_or_status(r: reqwest::Response, url: &str) -> Result<Value> {
    let status = r.status();
    if !status.is_success() {
        return Err(Error::BadAnswer(format!(
            "{}, message='{}', url='{url}'",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        )));
    }
    r.json::<Value>()
        .await
        .map_err(|e| Error::BadAnswer(format!("{url}: the embedding answer is not JSON: {e}")))
}

fn data_embeddings(data: &Value, who: &str) -> Result<Vec<Vec<f32>>> {
    let Some(Value::Array(items)) = data.get("data") else {
        return Err(Error::BadAnswer(format!(
            "Unexpected {who} embeddings response: missing 'data' key"
        )));
    };
    let list: Vec<Value> = items
        .iter()
        .map(|i| i.get("embedding").cloned().unwrap_or(Value::Null))
        .collect();
    vectors(&Value::Array(list))
}

fn vectors(list: &Value) -> Result<Vec<Vec<f32>>> {
    serde_json::from_value::<Vec<Vec<f32>>>(list.clone())
        .map_err(|e| Error::BadAnswer(format!("The embedding engine sent no vectors: {e}")))
}
