//! Model providers: the OpenAI-compatible and Ollama connections an admin
//! configures, the models they offer, and a chat call to any of them.
//!
//! Connections live in the config store under upstream's keys
//! (`openai.api_base_urls`, `openai.api_keys`, `openai.api_configs`,
//! `ollama.base_urls`, `ollama.api_configs`, `*.enable`); settings of one
//! connection are keyed by its index (`"0"`, `"1"`, ...) or, for old
//! configs, by its URL.
//!
//! Whatever the provider, a chat call answers in OpenAI's format: one
//! `chat.completion` object, or a stream of `chat.completion.chunk` objects.

pub mod config;
pub mod ollama;
pub mod openai;
pub mod params;
pub mod proxy;

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::Stream;
use serde_json::{Value, json};

use crate::core::Ctx;
use crate::error::{Error, Result, StatusCode};

pub const SERVER_CONNECTION_ERROR: &str = "Open WebUI: Server Connection Error";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    OpenAI,
    Ollama,
}

/// One configured connection.
#[derive(Clone, Debug)]
pub struct Conn {
    pub kind: Kind,
    pub idx: usize,
    pub url: String,
    pub key: String,
    /// Its settings object (`enable`, `prefix_id`, `model_ids`, `tags`,
    /// `connection_type`, `auth_type`, `headers`, ...); `{}` when none.
    pub config: Value,
    /// Whether settings exist for it at all (upstream treats a connection
    /// without settings slightly differently when listing models).
    pub configured: bool,
}

impl Conn {
    pub fn enabled(&self) -> bool {
        self.config
            .get("enable")
            .and_then(Value::as_bool)
            .unwrap_or(true)
    }

    pub fn prefix(&self) -> Option<&str> {
        self.config
            .get("prefix_id")
            .and_then(Value::as_str)
            .filter(|p| !p.is_empty())
    }

    /// The request with this connection's credentials and extra headers.
    pub fn request(&self, cx: &Ctx, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        let mut rb = cx.http().request(method, url);
        let auth = self
            .config
            .get("auth_type")
            .and_then(Value::as_str)
            .unwrap_or("bearer");
        let key = match self.kind {
            Kind::OpenAI => self.key.as_str(),
            Kind::Ollama => self
                .config
                .get("key")
                .and_then(Value::as_str)
                .unwrap_or(self.key.as_str()),
        };
        if auth == "bearer" && !key.is_empty() {
            rb = rb.bearer_auth(key);
        }
        if self.kind == Kind::OpenAI && self.url.contains("openrouter.ai") {
            rb = rb
                .header("HTTP-Referer", "https://openwebui.com/")
                .header("X-Title", "Open WebUI");
        }
        if let Some(Value::Object(h)) = self.config.get("headers") {
            for (k, v) in h {
                if let Some(v) = v.as_str() {
                    rb = rb.header(k.as_str(), v);
                }
            }
        }
        rb
    }
}

/// A JSON list of strings (non-strings read as empty).
pub(crate) fn str_list(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn settings_of(configs: &Value, idx: usize, url: &str) -> Option<Value> {
    configs
        .get(idx.to_string())
        .or_else(|| configs.get(url))
        .cloned()
}

/// The connections of one kind, in order (disabled ones included), or
/// nothing when the kind is switched off.
pub fn connections(cx: &Ctx, kind: Kind) -> Vec<Conn> {
    let (enable, urls, configs) = match kind {
        Kind::OpenAI => (
            "openai.enable",
            "openai.api_base_urls",
            "openai.api_configs",
        ),
        Kind::Ollama => ("ollama.enable", "ollama.base_urls", "ollama.api_configs"),
    };
    if !cx.store.bool(enable) {
        return Vec::new();
    }
    let urls = str_list(&cx.store.get(urls));
    let keys = match kind {
        Kind::OpenAI => str_list(&cx.store.get("openai.api_keys")),
        Kind::Ollama => Vec::new(),
    };
    let configs = cx.store.get(configs);
    urls.into_iter()
        .enumerate()
        .map(|(idx, url)| {
            let settings = settings_of(&configs, idx, &url);
            Conn {
                kind,
                idx,
                key: keys.get(idx).cloned().unwrap_or_default(),
                configured: settings.is_some(),
                config: settings.unwrap_or_else(|| json!({})),
                url,
            }
        })
        .collect()
}

/// One connection by index, enabled or not; `None` when the kind is off or
/// the index is out of range.
pub fn connection(cx: &Ctx, kind: Kind, idx: usize) -> Option<Conn> {
    connections(cx, kind).into_iter().nth(idx)
}

/// A chat answer in OpenAI's format.
pub enum Reply {
    /// `chat.completion`.
    Json(Value),
    /// `chat.completion.chunk` objects as they arrive; an `Err` item means
    /// the stream broke.
    Stream(ChunkStream),
}

pub type ChunkStream = Pin<Box<dyn Stream<Item = Result<Value>> + Send>>;

/// The provider models, fetched from every enabled connection and kept for
/// `MODELS_CACHE_TTL` seconds. Also the routing table: model id → its
/// list entry (with `urlIdx` / `ollama.urls`).
#[derive(Default)]
pub struct ModelCache {
    inner: Mutex<Option<Cached>>,
    /// One fetch at a time; callers arriving meanwhile wait for its result.
    fetching: tokio::sync::Mutex<()>,
}

struct Cached {
    at: Instant,
    list: Arc<Vec<Value>>,
    by_id: Arc<HashMap<String, Arc<Value>>>,
}

impl ModelCache {
    pub fn clear(&self) {
        *self.inner.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    fn fresh(&self, ttl: Duration) -> Option<Arc<Vec<Value>>> {
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.as_ref()
            .filter(|c| c.at.elapsed() < ttl)
            .map(|c| c.list.clone())
    }

    /// The last fetched entry of a model, however old.
    pub fn lookup(&self, id: &str) -> Option<Arc<Value>> {
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.as_ref().and_then(|c| c.by_id.get(id).cloned())
    }

    /// The last fetched list, however old.
    pub fn last(&self) -> Option<Arc<Vec<Value>>> {
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.as_ref().map(|c| c.list.clone())
    }

    fn store(&self, list: Vec<Value>) -> Arc<Vec<Value>> {
        let by_id = list
            .iter()
            .filter_map(|m| Some((m.get("id")?.as_str()?.to_string(), Arc::new(m.clone()))))
            .collect();
        let list = Arc::new(list);
        *self.inner.lock().unwrap_or_else(|p| p.into_inner()) = Some(Cached {
            at: Instant::now(),
            list: list.clone(),
            by_id: Arc::new(by_id),
        });
        list
    }
}

fn cache_ttl(cx: &Ctx) -> Duration {
    Duration::from_secs(cx.cfg.int("MODELS_CACHE_TTL").unwrap_or(1).max(0) as u64)
}

pub(crate) fn list_timeout(cx: &Ctx) -> Duration {
    Duration::from_secs(
        cx.cfg
            .int("AIOHTTP_CLIENT_TIMEOUT_MODEL_LIST")
            .unwrap_or(10)
            .max(1) as u64,
    )
}

/// Every provider model (OpenAI-compatible first, then Ollama), in the
/// shape of `/api/models/base`. `refresh` ignores the cache. With the base
/// models cache on (config `models.base_models_cache`), the last non-empty
/// list is reused however old, until a refresh or a connection change.
pub async fn base_models(cx: &Ctx, refresh: bool) -> Arc<Vec<Value>> {
    if !refresh
        && cx.store.bool("models.base_models_cache")
        && let Some(l) = cx.models.last().filter(|l| !l.is_empty())
    {
        return l;
    }
    let ttl = cache_ttl(cx);
    if !refresh && let Some(l) = cx.models.fresh(ttl) {
        return l;
    }
    let _one = cx.models.fetching.lock().await;
    if !refresh && let Some(l) = cx.models.fresh(ttl) {
        return l;
    }
    let (o, l) = tokio::join!(openai::models(cx), ollama::models(cx));
    let mut all = o;
    all.extend(l);
    cx.models.store(all)
}

/// The list entry of a provider model, fetching the lists once more when
/// it is not known yet.
pub async fn find_model(cx: &Ctx, id: &str) -> Option<Arc<Value>> {
    if cx.models.fresh(cache_ttl(cx)).is_none() {
        base_models(cx, false).await;
    }
    if let Some(m) = cx.models.lookup(id) {
        return Some(m);
    }
    base_models(cx, true).await;
    cx.models.lookup(id)
}

/// Send an OpenAI-format chat body to the provider serving `model` (an
/// entry of [`base_models`]). `body.model` is the id as listed; the
/// connection's prefix is taken off before sending.
pub async fn chat(cx: &Ctx, model: &Value, body: Value) -> Result<Reply> {
    match model.get("owned_by").and_then(Value::as_str) {
        Some("ollama") => ollama::chat(cx, model, body).await,
        _ => openai::chat(cx, model, body).await,
    }
}

/// Embeddings of `body.input` (a string or a list) from the provider
/// serving `model`, in OpenAI's format.
pub async fn embeddings(cx: &Ctx, model: &Value, body: Value) -> Result<Value> {
    let Value::Object(mut body) = body else {
        return Err(Error::invalid("the body must be a JSON object"));
    };
    let ollama = model.get("owned_by").and_then(Value::as_str) == Some("ollama");
    let (kind, idx) = if ollama {
        (
            Kind::Ollama,
            model
                .pointer("/ollama/urls/0")
                .and_then(Value::as_u64)
                .unwrap_or(0),
        )
    } else {
        (
            Kind::OpenAI,
            model.get("urlIdx").and_then(Value::as_u64).unwrap_or(0),
        )
    };
    let c = connection(cx, kind, idx as usize).ok_or_else(|| Error::invalid("Model not found"))?;
    let id = body
        .get("model")
        .and_then(Value::as_str)
        .map(|m| unprefixed(m, c.prefix()).to_string())
        .unwrap_or_default();
    body.insert("model".into(), json!(id));
    body.shift_remove("metadata");
    let (url, sent) = if ollama {
        let mut o = serde_json::Map::new();
        o.insert("model".into(), json!(id));
        o.insert(
            "input".into(),
            body.get("input").cloned().unwrap_or(json!("")),
        );
        (format!("{}/api/embed", c.url), Value::Object(o))
    } else {
        (format!("{}/embeddings", c.url), Value::Object(body))
    };
    let r = c
        .request(cx, reqwest::Method::POST, &url)
        .json(&sent)
        .send()
        .await
        .map_err(connection_error)?;
    if r.status() >= StatusCode::BAD_REQUEST {
        return Err(upstream_error(r).await);
    }
    let v: Value = r.json().await.map_err(connection_error)?;
    if !ollama {
        return Ok(v);
    }
    let data: Vec<Value> = v
        .get("embeddings")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .enumerate()
                .map(|(i, e)| json!({"object": "embedding", "embedding": e, "index": i}))
                .collect()
        })
        .unwrap_or_default();
    Ok(
        json!({"object": "list", "data": data, "model": v.get("model").cloned().unwrap_or(json!(id))}),
    )
}

/// The bytes of a provider's answer as they arrive, ended with an error
/// (what a broken stream gives) when nothing comes for
/// `PROVIDER_STREAM_IDLE_TIMEOUT` seconds: a provider that stalls must not
/// hold the answer, its client and the connection for ever.
pub(crate) fn body_bytes(
    cx: &Ctx,
    r: reqwest::Response,
) -> Pin<Box<dyn Stream<Item = std::io::Result<bytes::Bytes>> + Send>> {
    use futures::StreamExt;
    let bytes = r.bytes_stream().map(|b| b.map_err(std::io::Error::other));
    let secs = cx.cfg.int("PROVIDER_STREAM_IDLE_TIMEOUT").unwrap_or(300);
    if secs <= 0 {
        return Box::pin(bytes);
    }
    let idle = Duration::from_secs(secs as u64);
    Box::pin(futures::stream::unfold(
        (Box::pin(bytes), false),
        move |(mut bytes, ended)| async move {
            if ended {
                return None;
            }
            match tokio::time::timeout(idle, bytes.next()).await {
                Ok(Some(item)) => Some((item, (bytes, false))),
                Ok(None) => None,
                Err(_) => {
                    tracing::warn!("a model sent nothing for {secs} s: its stream is ended");
                    let e = std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        format!("no data from the model for {secs} s"),
                    );
                    Some((Err(e), (bytes, true)))
                }
            }
        },
    ))
}

/// A provider's error answer as an [`Error::Upstream`].
pub(crate) async fn upstream_error(r: reqwest::Response) -> Error {
    let status = r.status();
    let text = r.text().await.unwrap_or_default();
    let body = serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text));
    Error::Upstream { status, body }
}

pub(crate) fn connection_error(e: reqwest::Error) -> Error {
    tracing::warn!("provider request failed: {e}");
    Error::Unreachable(SERVER_CONNECTION_ERROR.into())
}

/// Take `prefix.` off a model id.
pub(crate) fn unprefixed<'a>(id: &'a str, prefix: Option<&str>) -> &'a str {
    match prefix {
        Some(p) => id
            .strip_prefix(p)
            .and_then(|r| r.strip_prefix('.'))
            .unwrap_or(id),
        None => id,
    }
}

#[cfg(test)]
mod tests;
