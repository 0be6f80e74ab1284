//! The connection settings an admin edits (`/openai/config`,
//! `/ollama/config`, `owui connections`): read, replace, add, remove and
//! verify connections, all admin-only.
//!
//! Keys: `openai.enable`, `openai.api_base_urls`, `openai.api_keys`,
//! `openai.api_configs`, `ollama.enable`, `ollama.base_urls`,
//! `ollama.api_configs`. Settings of a connection are keyed by its index;
//! an update keeps only the indexes `"0"…"n-1"`, and OpenAI keys are padded
//! with `""` (or cut) to the number of URLs.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::*;
use crate::core::actor::Actor;
use crate::core::configs;

/// The OpenAI connection settings in upstream's field names.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
#[allow(non_snake_case)]
pub struct OpenAIConfig {
    #[serde(default)]
    pub ENABLE_OPENAI_API: Option<bool>,
    pub OPENAI_API_BASE_URLS: Vec<String>,
    pub OPENAI_API_KEYS: Vec<String>,
    pub OPENAI_API_CONFIGS: Map<String, Value>,
}

/// The Ollama connection settings in upstream's field names.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
#[allow(non_snake_case)]
pub struct OllamaConfig {
    #[serde(default)]
    pub ENABLE_OLLAMA_API: Option<bool>,
    pub OLLAMA_BASE_URLS: Vec<String>,
    pub OLLAMA_API_CONFIGS: Map<String, Value>,
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn enable_of(v: Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(b),
        Value::String(s) => Some(crate::config::parse_bool(&s)),
        _ => None,
    }
}

/// `GET /openai/config` (admin).
pub fn openai_config(cx: &Ctx, actor: &Actor) -> Result<OpenAIConfig> {
    actor.require_admin()?;
    Ok(OpenAIConfig {
        ENABLE_OPENAI_API: enable_of(cx.store.get("openai.enable")),
        OPENAI_API_BASE_URLS: str_list(&cx.store.get("openai.api_base_urls")),
        OPENAI_API_KEYS: str_list(&cx.store.get("openai.api_keys")),
        OPENAI_API_CONFIGS: obj(cx.store.get("openai.api_configs")),
    })
}

/// `GET /ollama/config` (admin).
pub fn ollama_config(cx: &Ctx, actor: &Actor) -> Result<OllamaConfig> {
    actor.require_admin()?;
    Ok(OllamaConfig {
        ENABLE_OLLAMA_API: enable_of(cx.store.get("ollama.enable")),
        OLLAMA_BASE_URLS: str_list(&cx.store.get("ollama.base_urls")),
        OLLAMA_API_CONFIGS: obj(cx.store.get("ollama.api_configs")),
    })
}

fn pruned(configs: Map<String, Value>, n: usize) -> Map<String, Value> {
    configs
        .into_iter()
        .filter(|(k, _)| {
            k.parse::<usize>()
                .is_ok_and(|i| i < n && i.to_string() == *k)
        })
        .collect()
}

/// `POST /openai/config/update` (admin): keys fitted to the URLs, settings
/// pruned, everything saved and the model caches cleared.
pub fn update_openai(cx: &Ctx, actor: &Actor, mut c: OpenAIConfig) -> Result<OpenAIConfig> {
    actor.require_admin()?;
    let n = c.OPENAI_API_BASE_URLS.len();
    c.OPENAI_API_KEYS.resize(n, String::new());
    c.OPENAI_API_CONFIGS = pruned(c.OPENAI_API_CONFIGS, n);
    configs::save(
        cx,
        &BTreeMap::from([
            ("openai.enable".to_string(), json!(c.ENABLE_OPENAI_API)),
            (
                "openai.api_base_urls".to_string(),
                json!(c.OPENAI_API_BASE_URLS),
            ),
            ("openai.api_keys".to_string(), json!(c.OPENAI_API_KEYS)),
            (
                "openai.api_configs".to_string(),
                Value::Object(c.OPENAI_API_CONFIGS.clone()),
            ),
        ]),
    )?;
    cx.models.clear();
    Ok(c)
}

/// `POST /ollama/config/update` (admin).
pub fn update_ollama(cx: &Ctx, actor: &Actor, mut c: OllamaConfig) -> Result<OllamaConfig> {
    actor.require_admin()?;
    let n = c.OLLAMA_BASE_URLS.len();
    c.OLLAMA_API_CONFIGS = pruned(c.OLLAMA_API_CONFIGS, n);
    configs::save(
        cx,
        &BTreeMap::from([
            ("ollama.enable".to_string(), json!(c.ENABLE_OLLAMA_API)),
            ("ollama.base_urls".to_string(), json!(c.OLLAMA_BASE_URLS)),
            (
                "ollama.api_configs".to_string(),
                Value::Object(c.OLLAMA_API_CONFIGS.clone()),
            ),
        ]),
    )?;
    cx.models.clear();
    Ok(c)
}

/// One connection as the CLI lists it.
#[derive(Clone, Debug, serde::Serialize, schemars::JsonSchema)]
pub struct ConnInfo {
    pub kind: &'static str,
    pub idx: usize,
    pub url: String,
    pub enabled: bool,
    pub prefix: String,
    pub model_ids: Vec<String>,
    pub has_key: bool,
}

pub fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::OpenAI => "openai",
        Kind::Ollama => "ollama",
    }
}

/// Every configured connection of both kinds (admin), whether or not the
/// kind is switched on.
pub fn list(cx: &Ctx, actor: &Actor) -> Result<Vec<ConnInfo>> {
    let o = openai_config(cx, actor)?;
    let l = ollama_config(cx, actor)?;
    let on_o = o.ENABLE_OPENAI_API.unwrap_or(false);
    let on_l = l.ENABLE_OLLAMA_API.unwrap_or(false);
    let info = |kind, idx: usize, url: &str, key: &str, cfg: Option<&Value>, on: bool| {
        let cfg = cfg.cloned().unwrap_or_else(|| json!({}));
        let key = match kind {
            Kind::OpenAI => key.to_string(),
            Kind::Ollama => cfg
                .get("key")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        };
        ConnInfo {
            kind: kind_name(kind),
            idx,
            url: url.to_string(),
            enabled: on && cfg.get("enable").and_then(Value::as_bool).unwrap_or(true),
            prefix: cfg
                .get("prefix_id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            model_ids: str_list(cfg.get("model_ids").unwrap_or(&Value::Null)),
            has_key: !key.is_empty(),
        }
    };
    let mut out = Vec::new();
    for (i, url) in o.OPENAI_API_BASE_URLS.iter().enumerate() {
        let key = o.OPENAI_API_KEYS.get(i).map(String::as_str).unwrap_or("");
        let cfg = o
            .OPENAI_API_CONFIGS
            .get(&i.to_string())
            .or_else(|| o.OPENAI_API_CONFIGS.get(url));
        out.push(info(Kind::OpenAI, i, url, key, cfg, on_o));
    }
    for (i, url) in l.OLLAMA_BASE_URLS.iter().enumerate() {
        let cfg = l
            .OLLAMA_API_CONFIGS
            .get(&i.to_string())
            .or_else(|| l.OLLAMA_API_CONFIGS.get(url));
        out.push(info(Kind::Ollama, i, url, "", cfg, on_l));
    }
    Ok(out)
}

/// A new connection for [`add`].
#[derive(Clone, Debug, Default)]
pub struct NewConn {
    pub url: String,
    pub key: Option<String>,
    pub prefix: Option<String>,
    pub model_ids: Vec<String>,
}

/// Append a connection (admin); returns its index.
pub fn add(cx: &Ctx, actor: &Actor, kind: Kind, new: NewConn) -> Result<usize> {
    let url = new.url.trim().trim_end_matches('/').to_string();
    if url.is_empty() {
        return Err(Error::invalid("the connection URL is empty"));
    }
    let mut settings = Map::new();
    settings.insert("enable".into(), json!(true));
    if let Some(p) = new.prefix.filter(|p| !p.is_empty()) {
        settings.insert("prefix_id".into(), json!(p));
    }
    settings.insert("model_ids".into(), json!(new.model_ids));
    match kind {
        Kind::OpenAI => {
            let mut c = openai_config(cx, actor)?;
            let n = c.OPENAI_API_BASE_URLS.len();
            c.OPENAI_API_KEYS.resize(n, String::new());
            c.OPENAI_API_BASE_URLS.push(url);
            c.OPENAI_API_KEYS.push(new.key.unwrap_or_default());
            c.OPENAI_API_CONFIGS
                .insert(n.to_string(), Value::Object(settings));
            update_openai(cx, actor, c)?;
            Ok(n)
        }
        Kind::Ollama => {
            let mut c = ollama_config(cx, actor)?;
            let n = c.OLLAMA_BASE_URLS.len();
            if let Some(k) = new.key.filter(|k| !k.is_empty()) {
                settings.insert("key".into(), json!(k));
            }
            c.OLLAMA_BASE_URLS.push(url);
            c.OLLAMA_API_CONFIGS
                .insert(n.to_string(), Value::Object(settings));
            update_ollama(cx, actor, c)?;
            Ok(n)
        }
    }
}

/// Settings keyed by index after removing index `idx`: later ones move
/// down by one.
fn shifted(configs: Map<String, Value>, idx: usize) -> Map<String, Value> {
    configs
        .into_iter()
        .filter_map(|(k, v)| match k.parse::<usize>() {
            Ok(i) if i == idx => None,
            Ok(i) if i > idx => Some(((i - 1).to_string(), v)),
            _ => Some((k, v)),
        })
        .collect()
}

/// Remove the connection at `idx` (admin); returns its URL.
pub fn remove(cx: &Ctx, actor: &Actor, kind: Kind, idx: usize) -> Result<String> {
    let missing = || Error::NotFound(format!("no {} connection {idx}", kind_name(kind)));
    match kind {
        Kind::OpenAI => {
            let mut c = openai_config(cx, actor)?;
            if idx >= c.OPENAI_API_BASE_URLS.len() {
                return Err(missing());
            }
            let n = c.OPENAI_API_BASE_URLS.len();
            c.OPENAI_API_KEYS.resize(n, String::new());
            let url = c.OPENAI_API_BASE_URLS.remove(idx);
            c.OPENAI_API_KEYS.remove(idx);
            c.OPENAI_API_CONFIGS = shifted(c.OPENAI_API_CONFIGS, idx);
            update_openai(cx, actor, c)?;
            Ok(url)
        }
        Kind::Ollama => {
            let mut c = ollama_config(cx, actor)?;
            if idx >= c.OLLAMA_BASE_URLS.len() {
                return Err(missing());
            }
            let url = c.OLLAMA_BASE_URLS.remove(idx);
            c.OLLAMA_API_CONFIGS = shifted(c.OLLAMA_API_CONFIGS, idx);
            update_ollama(cx, actor, c)?;
            Ok(url)
        }
    }
}

/// A connection described by a form (verify), not by the config store.
fn adhoc(kind: Kind, url: &str, key: Option<&str>, config: Option<Value>) -> Conn {
    let config = config.filter(Value::is_object).unwrap_or_else(|| json!({}));
    let mut c = Conn {
        kind,
        idx: 0,
        url: url.to_string(),
        key: key.unwrap_or("").to_string(),
        configured: true,
        config,
    };
    if kind == Kind::Ollama && c.config.get("key").is_none() && !c.key.is_empty() {
        c.config["key"] = json!(c.key.clone());
    }
    c
}

fn is_azure(c: &Value) -> bool {
    c.get("azure").and_then(Value::as_bool).unwrap_or(false)
        || c.get("provider").and_then(Value::as_str) == Some("azure")
}

/// `POST /openai/verify` (admin): the provider's model list, or its error
/// status and body.
pub async fn verify_openai(
    cx: &Ctx,
    actor: &Actor,
    url: &str,
    key: &str,
    config: Option<Value>,
) -> Result<Value> {
    actor.require_admin()?;
    checked_url(url)?;
    let c = adhoc(Kind::OpenAI, url, Some(key), config);
    let mut rb;
    if is_azure(&c.config) {
        let v1 = url.contains("/openai/v1/") || url.ends_with("/openai/v1");
        let target = if v1 {
            format!("{}/models", url.trim_end_matches('/'))
        } else {
            let v = c
                .config
                .get("api_version")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .unwrap_or("2023-03-15-preview");
            format!("{url}/openai/models?api-version={v}")
        };
        rb = c.request(cx, reqwest::Method::GET, &target);
        let auth = c
            .config
            .get("auth_type")
            .and_then(Value::as_str)
            .unwrap_or("bearer");
        if !matches!(auth, "azure_ad" | "microsoft_entra_id") {
            rb = rb.header("api-key", key);
        }
    } else {
        rb = c.request(cx, reqwest::Method::GET, &format!("{url}/models"));
    }
    let r = rb
        .timeout(list_timeout(cx))
        .send()
        .await
        .map_err(connection_error)?;
    let status = r.status();
    let text = r.text().await.map_err(connection_error)?;
    let body = serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text));
    if status != StatusCode::OK {
        return Err(Error::Upstream { status, body });
    }
    Ok(body)
}

/// A connection URL to verify: an `http(s)://` address with a host (an
/// empty one is the client's mistake, not a failed connection).
fn checked_url(url: &str) -> Result<()> {
    let ok = reqwest::Url::parse(url).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
    });
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "Invalid URL '{url}': a connection URL is an http:// or https:// address"
        )))
    }
}

/// `POST /ollama/verify` (admin): the server's `/api/version`; its error
/// answer as [`Error::Upstream`], an answer that is not JSON as
/// [`Error::BadAnswer`].
pub async fn verify_ollama(
    cx: &Ctx,
    actor: &Actor,
    url: &str,
    key: Option<&str>,
    config: Option<Value>,
) -> Result<Value> {
    actor.require_admin()?;
    checked_url(url)?;
    let c = adhoc(Kind::Ollama, url, key, config);
    let r = c
        .request(cx, reqwest::Method::GET, &format!("{url}/api/version"))
        .timeout(list_timeout(cx))
        .send()
        .await
        .map_err(connection_error)?;
    let status = r.status();
    let text = r.text().await.map_err(connection_error)?;
    let parsed = serde_json::from_str::<Value>(&text).map_err(|e| Error::BadAnswer(e.to_string()));
    if status != StatusCode::OK {
        return Err(Error::Upstream {
            status,
            body: parsed?,
        });
    }
    parsed
}

/// A value as Python's `str()` shows it, close enough for messages.
pub fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The model ids a configured connection offers (for `owui connections
/// test`): its `/models` (OpenAI) or `/api/tags` (Ollama), errors as the
/// provider gave them.
pub async fn test(cx: &Ctx, actor: &Actor, kind: Kind, idx: usize) -> Result<Vec<String>> {
    actor.require_admin()?;
    let all = list(cx, actor)?;
    let info = all
        .iter()
        .find(|c| c.kind == kind_name(kind) && c.idx == idx)
        .ok_or_else(|| Error::NotFound(format!("no {} connection {idx}", kind_name(kind))))?;
    let c = match kind {
        Kind::OpenAI => {
            let o = openai_config(cx, actor)?;
            adhoc(
                kind,
                &info.url,
                o.OPENAI_API_KEYS.get(idx).map(String::as_str),
                o.OPENAI_API_CONFIGS.get(&idx.to_string()).cloned(),
            )
        }
        Kind::Ollama => {
            let l = ollama_config(cx, actor)?;
            adhoc(
                kind,
                &info.url,
                None,
                l.OLLAMA_API_CONFIGS.get(&idx.to_string()).cloned(),
            )
        }
    };
    let path = match kind {
        Kind::OpenAI => "/models",
        Kind::Ollama => "/api/tags",
    };
    let r = c
        .request(cx, reqwest::Method::GET, &format!("{}{path}", c.url))
        .timeout(list_timeout(cx))
        .send()
        .await
        .map_err(|e| Error::Unreachable(format!("{}: {e}", c.url)))?;
    if !r.status().is_success() {
        return Err(upstream_error(r).await);
    }
    let v: Value = r
        .json()
        .await
        .map_err(|e| Error::BadAnswer(format!("{}: {e}", c.url)))?;
    let (list, field) = match kind {
        Kind::OpenAI => (v.get("data").cloned().unwrap_or(v.clone()), "id"),
        Kind::Ollama => (v.get("models").cloned().unwrap_or_default(), "model"),
    };
    Ok(list
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m.get(field).and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}
