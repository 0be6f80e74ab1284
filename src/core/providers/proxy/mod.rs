//! Upstream's `/openai/*` and `/ollama/*` proxies: requests forwarded to a
//! connection as they are (after model routing, access check and prefix
//! removal), answers relayed byte for byte while they arrive.

use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::*;
use crate::core::actor::{Actor, Role};

mod ollama_files;
mod ollama_manage;
mod ollama_proxy;
mod openai_manage;
mod openai_proxy;

pub use ollama_files::*;
pub use ollama_manage::*;
pub use ollama_proxy::*;
pub use openai_manage::*;
pub use openai_proxy::*;

/// A provider's answer relayed as it arrives.
pub struct Relay {
    /// The provider's status.
    pub status: StatusCode,
    /// The provider's headers, minus the hop-by-hop ones.
    pub headers: Vec<(String, String)>,
    pub body: Pin<Box<dyn Stream<Item = std::result::Result<Bytes, std::io::Error>> + Send>>,
}

/// What a proxy route answers.
pub enum Answer {
    Json(Value),
    Stream(Relay),
}

pub const OPENAI_DISABLED: &str = "OpenAI API is disabled";

pub const OLLAMA_DISABLED: &str =
    "The Ollama API is disabled. Please enable it to use this feature.";

pub const OLLAMA_NOT_FOUND: &str = "WebUI could not connect to Ollama";

pub const PASSTHROUGH_DISABLED: &str =
    "Direct API passthrough is disabled. Set ENABLE_OPENAI_API_PASSTHROUGH=True to enable.";

const STRIPPED: &[&str] = &[
    "content-encoding",
    "content-length",
    "transfer-encoding",
    "server",
    "date",
    "connection",
];

/// Relay a response body as it arrives.
pub fn relay(cx: &Ctx, r: reqwest::Response, content_type: Option<&str>) -> Relay {
    let mut headers: Vec<(String, String)> = r
        .headers()
        .iter()
        .filter(|(k, _)| !STRIPPED.contains(&k.as_str()))
        .filter(|(k, _)| content_type.is_none() || k.as_str() != "content-type")
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    if let Some(ct) = content_type {
        headers.push(("content-type".into(), ct.into()));
    }
    Relay {
        status: r.status(),
        headers,
        body: crate::core::providers::body_bytes(cx, r),
    }
}

pub fn openai_enabled(cx: &Ctx) -> Result<()> {
    if cx.store.bool("openai.enable") {
        Ok(())
    } else {
        Err(Error::Disabled(OPENAI_DISABLED.into()))
    }
}

pub fn ollama_enabled(cx: &Ctx) -> Result<()> {
    if cx.store.bool("ollama.enable") {
        Ok(())
    } else {
        Err(Error::Disabled(OLLAMA_DISABLED.into()))
    }
}

/// Upstream's check: admins pass, others need a readable workspace row
/// (forbidden: `Model not found`).
pub async fn check_access(cx: &Ctx, actor: &Actor, model: &str) -> Result<()> {
    if actor.is_admin() {
        return Ok(());
    }
    let (a, id) = (actor.clone(), model.to_string());
    if cx
        .blocking(move |cx| crate::core::models::can_use(cx, &a, &id))
        .await?
    {
        Ok(())
    } else {
        Err(Error::forbidden("Model not found"))
    }
}

/// For role `user` (unless `BYPASS_MODEL_ACCESS_CONTROL`): only the
/// models with a workspace row the user owns or may read; `key` names the
/// id field (`id` for OpenAI lists, `model` for Ollama's).
pub async fn filter_for(
    cx: &Ctx,
    actor: &Actor,
    list: Vec<Value>,
    key: &'static str,
) -> Result<Vec<Value>> {
    if actor.role != Role::User || cx.cfg.bool("BYPASS_MODEL_ACCESS_CONTROL") {
        return Ok(list);
    }
    let a = actor.clone();
    cx.blocking(move |cx| {
        let mut out = Vec::new();
        for m in list {
            let id = m.get(key).and_then(Value::as_str).unwrap_or("");
            if !id.is_empty() && crate::core::models::can_use(cx, &a, id)? {
                out.push(m);
            }
        }
        Ok(out)
    })
    .await
}

/// Connection `idx`; asking for one that does not exist is
/// [`no_connection`].
fn conn_at(cx: &Ctx, kind: Kind, idx: usize) -> Result<Conn> {
    connection(cx, kind, idx).ok_or_else(|| no_connection(kind, idx))
}

/// No connection at `idx`: a client asking for one past the end (404;
/// upstream fails with a 500 there).
fn no_connection(kind: Kind, idx: usize) -> Error {
    let name = match kind {
        Kind::OpenAI => "OpenAI",
        Kind::Ollama => "Ollama",
    };
    Error::NotFound(format!("No {name} connection at index {idx}"))
}

/// What upstream shows of an Ollama error answer: its `error` as Python
/// prints it, else the connection-error text.
pub fn ollama_error_text(body: &Value) -> String {
    match body.get("error") {
        Some(e) => py_error(e),
        None => SERVER_CONNECTION_ERROR.into(),
    }
}

/// A JSON value as Python's `str()` of it prints (dicts with single quotes).
pub fn py_error(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("'{k}': {}", py_repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        other => py_repr(other),
    }
}

fn py_repr(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{s}'"),
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Array(a) => format!("[{}]", a.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Object(_) => py_error(v),
        Value::Number(n) => n.to_string(),
    }
}

/// How a workspace model's settings go on a proxied body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mapping {
    /// Only the base model id.
    BaseOnly,
    /// Params at the top level (no system prompt).
    OpenAIParams,
    /// Params at the top level, and the system prompt.
    OpenAI,
    /// Params in `options`, and the system prompt.
    Ollama,
}

/// A workspace model stands for its base model: `model` becomes the base
/// id and the model's params (and system prompt) are applied. Returns the
/// id to route by.
async fn workspace_base(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    body: &mut Map<String, Value>,
    how: Mapping,
) -> Result<String> {
    let (idc, a) = (id.to_string(), Actor::system());
    let Some(m) = cx
        .blocking(move |cx| Ok(crate::core::models::get(cx, &a, &idc).ok()))
        .await?
    else {
        return Ok(id.to_string());
    };
    let route = match m.model.base_model_id.clone() {
        Some(b) => {
            body.insert("model".into(), json!(b));
            b
        }
        None => id.to_string(),
    };
    let params = m.model.params.as_object().cloned().unwrap_or_default();
    if !params.is_empty() {
        let system = params
            .get("system")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        match how {
            Mapping::BaseOnly => {}
            Mapping::OpenAIParams => super::params::apply_openai(&params, body),
            Mapping::OpenAI => {
                super::params::apply_openai(&params, body);
                super::params::apply_system(&system, actor, body)?;
            }
            Mapping::Ollama => {
                super::params::apply_ollama(&params, body);
                super::params::apply_system(&system, actor, body)?;
            }
        }
    }
    Ok(route)
}
