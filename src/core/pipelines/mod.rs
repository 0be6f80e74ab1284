//! Pipelines servers (open-webui/pipelines): OpenAI connections whose
//! model list carries a top-level `pipelines` key. The admin manages their
//! pipelines through `/api/v1/pipelines/*` (list, upload, add, delete, get,
//! valves, valves spec, valves update), every call proxied to
//! `{url}/...` with the connection's key; a server's `filter` models run
//! around chat completions ([`inlet`], [`outlet`]).
//!
//! No tables: connections are the `openai.api_base_urls` /
//! `openai.api_keys` config keys, indexed by `urlIdx`.

pub mod filters;

use serde_json::{Map, Value, json};

pub use filters::{inlet, outlet};

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::providers::{self, Kind};
use crate::error::{Error, Result};

pub const PIPELINE_NOT_FOUND: &str = "Pipeline not found";
pub const ONLY_PYTHON: &str = "Only Python (.py) files are allowed.";

/// The base URL and key of OpenAI connection `idx` as configured, the
/// OpenAI switch aside as upstream's pipelines router does (a negative
/// index counts from the end, as upstream's list indexing does).
pub(crate) fn openai_connection(cx: &Ctx, idx: i64) -> Option<(String, String)> {
    let urls = providers::str_list(&cx.store.get("openai.api_base_urls"));
    let keys = providers::str_list(&cx.store.get("openai.api_keys"));
    let at = |n: usize| -> Option<usize> {
        let i = if idx < 0 { n as i64 + idx } else { idx };
        usize::try_from(i).ok().filter(|i| *i < n)
    };
    let url = urls.get(at(urls.len())?)?.clone();
    let key = keys.get(at(keys.len())?)?.clone();
    Some((url, key))
}

fn not_found() -> Error {
    Error::NotFound(PIPELINE_NOT_FOUND.into())
}

/// The server's answer as a failure: its status and its body (JSON, else
/// the text).
async fn failure(r: reqwest::Response) -> Error {
    let status = r.status();
    let text = r.text().await.unwrap_or_default();
    let body = serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text));
    Error::Upstream { status, body }
}

/// The `detail` of a pipelines server's failure, when it gave a usable one.
pub fn failure_detail(body: &Value) -> Option<&Value> {
    body.get("detail")
        .filter(|d| !d.is_null() && *d != "" && *d != &json!(false))
}

/// Send one request to pipelines server `idx` and give back its JSON
/// object. An unknown server is [`Error::NotFound`], one that does not
/// answer [`Error::Unreachable`], any other answer [`Error::Upstream`].
async fn call(
    cx: &Ctx,
    idx: Option<i64>,
    method: reqwest::Method,
    path: &str,
    build: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
) -> Result<Value> {
    let (url, key) = idx
        .and_then(|i| openai_connection(cx, i))
        .ok_or_else(not_found)?;
    let rb = cx
        .http()
        .request(method, format!("{url}/{path}"))
        .header("Authorization", format!("Bearer {key}"));
    let r = build(rb).send().await.map_err(|e| {
        tracing::warn!("pipelines {url}: {e}");
        Error::Unreachable(format!("pipelines server {url}: {e}"))
    })?;
    if !r.status().is_success() {
        return Err(failure(r).await);
    }
    // anything but a JSON object is a failure too, with its status
    let status = r.status();
    let text = r.text().await.unwrap_or_default();
    match serde_json::from_str::<Value>(&text) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(other) => Err(Error::Upstream {
            status,
            body: other,
        }),
        Err(_) => Err(Error::Upstream {
            status,
            body: Value::String(text),
        }),
    }
}

/// `GET /api/v1/pipelines/list` (admin): the OpenAI connections whose
/// model list says they are pipelines servers.
pub async fn list(cx: &Ctx, actor: &Actor) -> Result<Value> {
    actor.require_admin()?;
    let conns = providers::connections(cx, Kind::OpenAI);
    let checks = conns.iter().map(|c| async move {
        if c.configured && !c.enabled() {
            return false;
        }
        let manual = c
            .config
            .get("model_ids")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty());
        if c.configured && manual {
            return false;
        }
        let Ok(r) = c
            .request(cx, reqwest::Method::GET, &format!("{}/models", c.url))
            .timeout(providers::list_timeout(cx))
            .send()
            .await
        else {
            return false;
        };
        if !r.status().is_success() {
            return false;
        }
        match r.json::<Value>().await {
            Ok(Value::Object(o)) => o.contains_key("pipelines"),
            Ok(Value::Array(a)) => a.iter().any(|v| v == "pipelines"),
            _ => false,
        }
    });
    let found = futures::future::join_all(checks).await;
    let data: Vec<Value> = conns
        .iter()
        .zip(found)
        .filter(|(_, is)| *is)
        .map(|(c, _)| json!({"url": c.url, "idx": c.idx}))
        .collect();
    Ok(json!({ "data": data }))
}

/// The last component of an uploaded file's name.
pub fn basename(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// `POST /api/v1/pipelines/upload` (admin): a `.py` file sent on to
/// `{url}/pipelines/upload` as multipart field `file`.
pub async fn upload(
    cx: &Ctx,
    actor: &Actor,
    url_idx: i64,
    filename: &str,
    content: Vec<u8>,
) -> Result<Value> {
    actor.require_admin()?;
    let filename = basename(filename);
    if filename.is_empty() || !filename.ends_with(".py") {
        return Err(Error::invalid(ONLY_PYTHON));
    }
    let boundary = format!("----owui{}", crate::util::new_id().replace('-', ""));
    let safe_name = filename.replace(['"', '\r', '\n'], "_");
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{safe_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    call(
        cx,
        Some(url_idx),
        reqwest::Method::POST,
        "pipelines/upload",
        |rb| {
            rb.header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
        },
    )
    .await
}

/// `POST /api/v1/pipelines/add` (admin): install the pipeline at `url`.
pub async fn add(cx: &Ctx, actor: &Actor, url: &str, url_idx: i64) -> Result<Value> {
    actor.require_admin()?;
    let body = json!({ "url": url });
    call(
        cx,
        Some(url_idx),
        reqwest::Method::POST,
        "pipelines/add",
        |rb| rb.json(&body),
    )
    .await
}

/// `DELETE /api/v1/pipelines/delete` (admin).
pub async fn delete(cx: &Ctx, actor: &Actor, id: &str, url_idx: i64) -> Result<Value> {
    actor.require_admin()?;
    let body = json!({ "id": id });
    call(
        cx,
        Some(url_idx),
        reqwest::Method::DELETE,
        "pipelines/delete",
        |rb| rb.json(&body),
    )
    .await
}

/// `GET /api/v1/pipelines/` (admin): the server's pipelines.
pub async fn get(cx: &Ctx, actor: &Actor, url_idx: Option<i64>) -> Result<Value> {
    actor.require_admin()?;
    call(cx, url_idx, reqwest::Method::GET, "pipelines", |rb| rb).await
}

/// `GET /api/v1/pipelines/{id}/valves` (admin).
pub async fn valves(cx: &Ctx, actor: &Actor, id: &str, url_idx: i64) -> Result<Value> {
    actor.require_admin()?;
    let path = format!("{id}/valves");
    call(cx, Some(url_idx), reqwest::Method::GET, &path, |rb| rb).await
}

/// `GET /api/v1/pipelines/{id}/valves/spec` (admin).
pub async fn valves_spec(cx: &Ctx, actor: &Actor, id: &str, url_idx: i64) -> Result<Value> {
    actor.require_admin()?;
    let path = format!("{id}/valves/spec");
    call(cx, Some(url_idx), reqwest::Method::GET, &path, |rb| rb).await
}

/// `POST /api/v1/pipelines/{id}/valves/update` (admin): the valve values
/// sent on as they are.
pub async fn update_valves(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    url_idx: i64,
    values: Map<String, Value>,
) -> Result<Value> {
    actor.require_admin()?;
    let path = format!("{id}/valves/update");
    call(cx, Some(url_idx), reqwest::Method::POST, &path, |rb| {
        rb.json(&values)
    })
    .await
}

#[cfg(test)]
mod tests;
