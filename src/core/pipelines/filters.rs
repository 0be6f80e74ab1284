//! Pipeline filters around a chat completion: the `filter` models of
//! pipelines servers whose `pipeline.pipelines` names the model (or is
//! `["*"]`), in `priority` order, each given `{user, body}` at
//! `{url}/{id}/filter/inlet` before the model call and
//! `{url}/{id}/filter/outlet` after it; each answer is the next body.

use serde_json::{Value, json};

use super::openai_connection;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::providers;
use crate::error::{Error, Result};

/// The filter models that apply to `model_id`, by ascending priority.
pub fn sorted_filters(model_id: &str, models: &[Value]) -> Vec<Value> {
    let mut filters: Vec<Value> = models
        .iter()
        .filter(|m| {
            let Some(p) = m.get("pipeline") else {
                return false;
            };
            if p.get("type").and_then(Value::as_str) != Some("filter") {
                return false;
            }
            match p.get("pipelines").and_then(Value::as_array) {
                Some(list) => {
                    (list.len() == 1 && list[0] == "*") || list.iter().any(|t| t == model_id)
                }
                None => false,
            }
        })
        .cloned()
        .collect();
    filters.sort_by(|a, b| {
        let pa = priority(a);
        let pb = priority(b);
        pa.partial_cmp(&pb).unwrap_or(std::cmp::Ordering::Equal)
    });
    filters
}

fn priority(m: &Value) -> f64 {
    m.pointer("/pipeline/priority")
        .and_then(Value::as_f64)
        .unwrap_or(0.0)
}

#[derive(Clone, Copy)]
enum Stage {
    Inlet,
    Outlet,
}

impl Stage {
    fn name(self) -> &'static str {
        match self {
            Stage::Inlet => "inlet",
            Stage::Outlet => "outlet",
        }
    }
}

/// The entries to call for `payload.model`: the filters, and the model
/// itself when it comes from a pipelines server (last for the inlet,
/// first for the outlet).
async fn chain(cx: &Ctx, payload: &Value, stage: Stage) -> Vec<Value> {
    let model_id = payload.get("model").and_then(Value::as_str).unwrap_or("");
    // the last fetched list, as upstream uses its app-wide model table
    let models = match cx.models.last() {
        Some(l) => l,
        None => providers::base_models(cx, false).await,
    };
    let mut list = sorted_filters(model_id, &models);
    let own = models
        .iter()
        .find(|m| m.get("id").and_then(Value::as_str) == Some(model_id))
        .filter(|m| m.get("pipeline").is_some())
        .cloned();
    if let Some(m) = own {
        match stage {
            Stage::Inlet => list.push(m),
            Stage::Outlet => list.insert(0, m),
        }
    }
    list
}

fn url_idx(m: &Value) -> Option<i64> {
    match m.get("urlIdx")? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

async fn run(cx: &Ctx, actor: &Actor, mut payload: Value, stage: Stage) -> Result<Value> {
    let list = chain(cx, &payload, stage).await;
    if list.is_empty() {
        return Ok(payload);
    }
    let user =
        json!({"id": actor.id, "email": actor.email, "name": actor.name, "role": actor.role});
    for f in list {
        let Some(idx) = url_idx(&f) else { continue };
        let Some((url, key)) = openai_connection(cx, idx) else {
            continue;
        };
        if key.is_empty() {
            continue;
        }
        let id = f.get("id").and_then(Value::as_str).unwrap_or("");
        let target = format!("{url}/{id}/filter/{}", stage.name());
        let sent = json!({"user": user, "body": payload});
        let r = match cx
            .http()
            .post(&target)
            .header("Authorization", format!("Bearer {key}"))
            .json(&sent)
            .send()
            .await
        {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!("pipeline filter {target}: {e}");
                continue;
            }
        };
        let status = r.status();
        if !status.is_success() {
            let reason = status.canonical_reason().unwrap_or("").to_string();
            let is_json = r
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|t| t.contains("application/json"));
            let detail = if is_json {
                r.json::<Value>()
                    .await
                    .ok()
                    .and_then(|v| v.get("detail").cloned())
            } else {
                None
            };
            return Err(Error::Upstream {
                status,
                body: json!({ "detail": detail.unwrap_or(Value::String(reason)) }),
            });
        }
        match r.json::<Value>().await {
            Ok(v) => payload = v,
            Err(e) => tracing::warn!("pipeline filter {target}: {e}"),
        }
    }
    Ok(payload)
}

/// Pass a chat body (`model` = the id the client asked for) through the
/// inlet filters. A filter answering with an error status fails the
/// request with that status and its `detail`; one that cannot be reached
/// is skipped.
pub async fn inlet(cx: &Ctx, actor: &Actor, payload: Value) -> Result<Value> {
    run(cx, actor, payload, Stage::Inlet).await
}

/// Pass a finished answer (`{model, messages, chat_id, session_id, id,
/// ...}`) through the outlet filters, with the same rules.
pub async fn outlet(cx: &Ctx, actor: &Actor, payload: Value) -> Result<Value> {
    run(cx, actor, payload, Stage::Outlet).await
}
