//! Retrieval settings: the admin's Documents and Web Search forms
//! (`/api/v1/retrieval/config`, `/api/v1/retrieval/embedding`) and the
//! typed views the indexing, search and chat code read ([`rag`],
//! [`embedding`], [`web`]), so none of them parses a config value itself.
//!
//! The keys live in the config store like every admin setting; [`FIELDS`]
//! lists each with its form name, environment variable and type.
//! Engines owui does not implement are refused when saved, however they
//! are saved (these forms, `owui config set`, an import), rather than
//! stored and ignored.

mod fields;
mod map;
mod typed;

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value, json};

pub use fields::{FIELDS, Field, Kind, Section, by_key, defaults};
pub use map::*;
pub use typed::*;

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::configs;
use crate::error::{Error, Result};

/// Upstream's RAG template; `{{CONTEXT}}` is its only placeholder.
pub const DEFAULT_RAG_TEMPLATE: &str = include_str!("settings/rag_template.txt");

/// Extraction engines owui runs (`""` is the built-in loaders).
pub const EXTRACTION_ENGINES: &[&str] = &["", "tika", "docling", "external"];
/// Embedding engines owui runs (`""` is the built-in model).
pub const EMBEDDING_ENGINES: &[&str] = &["", "openai", "ollama", "azure_openai"];
/// Web search engines owui runs (`""` is none chosen): those of
/// [`super::web`].
pub const WEB_SEARCH_ENGINES: &[&str] = &[
    "",
    "searxng",
    "yacy",
    "google_pse",
    "brave",
    "brave_llm_context",
    "kagi",
    "mojeek",
    "bocha",
    "serpstack",
    "serper",
    "serphouse",
    "serply",
    "tavily",
    "searchapi",
    "serpapi",
    "bing",
    "perplexity_search",
    "external",
    "ollama_cloud",
    "openserp",
    "youcom",
    "linkup",
    "exa",
    "jina",
];
/// Web page loaders owui runs (`""` is `safe_web`).
pub const WEB_LOADER_ENGINES: &[&str] = &["", "safe_web"];
/// Text splitters owui runs (`""` is `character`).
pub const TEXT_SPLITTERS: &[&str] = &["", "character", "token"];
/// Reranking engines owui runs: `external`, or `""` with no model (the
/// chunks are then scored by cosine similarity).
pub const RERANKING_ENGINES: &[&str] = &["", "external"];

/// `GET /retrieval/config` (admin): every RAG and web setting.
pub fn config(cx: &Ctx, actor: &Actor) -> Result<Value> {
    actor.require_admin()?;
    Ok(shape(cx, |_| true))
}

/// `POST /retrieval/config/update` (admin): save the fields given (any
/// subset of the form), in one transaction; answers as upstream does,
/// without the five fields its update answer leaves out.
///
/// Top-level fields given as null are left alone; in `web`, every field
/// given is saved, null included (but `BRAVE_SEARCH_CONTEXT_TOKENS: null`
/// is skipped). `FILE_MAX_SIZE`, `FILE_MAX_COUNT` and the image
/// compression sizes given as `""` are saved as null.
pub fn update_config(cx: &Ctx, actor: &Actor, form: Value) -> Result<Value> {
    actor.require_admin()?;
    let Value::Object(form) = form else {
        return Err(Error::invalid("the settings must be a JSON object"));
    };
    let mut entries = BTreeMap::new();
    for (name, v) in &form {
        if name == "web" {
            continue;
        }
        let Some(f) = field(Section::Rag, name) else {
            continue;
        };
        if v.is_null() {
            continue;
        }
        let mut v = typed_value(f, v, name)?;
        if name == "RAG_TOKENIZER_MODEL" {
            v = json!(v.as_str().unwrap_or("").trim());
        }
        entries.insert(f.key.to_string(), v);
    }
    match form.get("web") {
        None | Some(Value::Null) => {}
        Some(Value::Object(web)) => {
            for (name, v) in web {
                let Some(f) = field(Section::Web, name) else {
                    continue;
                };
                if v.is_null() && name == "BRAVE_SEARCH_CONTEXT_TOKENS" {
                    continue;
                }
                let label = format!("web.{name}");
                let v = if v.is_null() {
                    Value::Null
                } else {
                    typed_value(f, v, &label)?
                };
                entries.insert(f.key.to_string(), v);
            }
        }
        Some(other) => {
            return Err(Error::invalid(format!(
                "web: expected an object, not {other}"
            )));
        }
    }
    refuse(cx, &entries, &|key| label_of(key))?;
    configs::save(cx, &entries)?;
    Ok(shape(cx, |f| f.in_update))
}

/// `GET /retrieval/embedding` (admin).
pub fn embedding_config(cx: &Ctx, actor: &Actor) -> Result<Value> {
    actor.require_admin()?;
    Ok(embedding_shape(cx))
}

/// A connection in the embedding form.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct ConnectionForm {
    pub url: Option<String>,
    pub key: Option<String>,
    /// Azure OpenAI only.
    pub version: Option<String>,
}

/// The embedding form: engine and model are required.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[allow(non_snake_case)]
pub struct EmbeddingForm {
    pub RAG_EMBEDDING_ENGINE: String,
    pub RAG_EMBEDDING_MODEL: String,
    #[serde(default)]
    pub RAG_EMBEDDING_BATCH_SIZE: Option<i64>,
    #[serde(default)]
    pub ENABLE_ASYNC_EMBEDDING: Option<bool>,
    #[serde(default)]
    pub RAG_EMBEDDING_CONCURRENT_REQUESTS: Option<i64>,
    #[serde(default)]
    pub openai_config: Option<ConnectionForm>,
    #[serde(default)]
    pub ollama_config: Option<ConnectionForm>,
    #[serde(default)]
    pub azure_openai_config: Option<ConnectionForm>,
}

/// `POST /retrieval/embedding/update` (admin): engine, model and batching;
/// a connection is saved only when it belongs to the chosen engine.
pub fn update_embedding(cx: &Ctx, actor: &Actor, form: EmbeddingForm) -> Result<Value> {
    actor.require_admin()?;
    let engine = form.RAG_EMBEDDING_ENGINE;
    let batch = form.RAG_EMBEDDING_BATCH_SIZE.unwrap_or(1);
    if batch < 1 {
        return Err(Error::invalid(
            "RAG_EMBEDDING_BATCH_SIZE must be at least 1",
        ));
    }
    let concurrent = form.RAG_EMBEDDING_CONCURRENT_REQUESTS.unwrap_or(0);
    if concurrent < 0 {
        return Err(Error::invalid(
            "RAG_EMBEDDING_CONCURRENT_REQUESTS must be 0 (no limit) or more",
        ));
    }
    let mut entries = BTreeMap::from([
        ("rag.embedding_engine".to_string(), json!(engine)),
        (
            "rag.embedding_model".to_string(),
            json!(form.RAG_EMBEDDING_MODEL.trim()),
        ),
        ("rag.embedding_batch_size".to_string(), json!(batch)),
        (
            "rag.enable_async_embedding".to_string(),
            json!(form.ENABLE_ASYNC_EMBEDDING.unwrap_or(true)),
        ),
        (
            "rag.embedding_concurrent_requests".to_string(),
            json!(concurrent),
        ),
    ]);
    let conn = match engine.as_str() {
        "openai" => form
            .openai_config
            .map(|c| (c, "rag.openai.api_base_url", "rag.openai.api_key", None)),
        "ollama" => form
            .ollama_config
            .map(|c| (c, "rag.ollama.base_url", "rag.ollama.api_key", None)),
        "azure_openai" => form.azure_openai_config.map(|c| {
            (
                c,
                "rag.azure_openai.base_url",
                "rag.azure_openai.api_key",
                Some("rag.azure_openai.api_version"),
            )
        }),
        _ => None,
    };
    if let Some((c, url, key, version)) = conn {
        entries.insert(url.into(), json!(c.url.unwrap_or_default()));
        entries.insert(key.into(), json!(c.key.unwrap_or_default()));
        if let Some(version) = version {
            entries.insert(version.into(), json!(c.version.unwrap_or_default()));
        }
    }
    refuse(cx, &entries, &|key| label_of(key))?;
    configs::save(cx, &entries)?;
    Ok(embedding_shape(cx))
}

fn embedding_shape(cx: &Ctx) -> Value {
    let s = &cx.store;
    json!({
        "status": true,
        "RAG_EMBEDDING_ENGINE": s.get("rag.embedding_engine"),
        "RAG_EMBEDDING_MODEL": s.get("rag.embedding_model"),
        "RAG_EMBEDDING_BATCH_SIZE": s.get("rag.embedding_batch_size"),
        "ENABLE_ASYNC_EMBEDDING": s.get("rag.enable_async_embedding"),
        "RAG_EMBEDDING_CONCURRENT_REQUESTS": s.get("rag.embedding_concurrent_requests"),
        "openai_config": {
            "url": s.get("rag.openai.api_base_url"),
            "key": s.get("rag.openai.api_key"),
        },
        "ollama_config": {
            "url": s.get("rag.ollama.base_url"),
            "key": s.get("rag.ollama.api_key"),
        },
        "azure_openai_config": {
            "url": s.get("rag.azure_openai.base_url"),
            "key": s.get("rag.azure_openai.api_key"),
            "version": s.get("rag.azure_openai.api_version"),
        },
    })
}

/// The RAG config answer, with the fields `keep` allows.
fn shape(cx: &Ctx, keep: impl Fn(&Field) -> bool) -> Value {
    let mut top = Map::new();
    top.insert("status".into(), json!(true));
    let mut web = Map::new();
    for f in FIELDS.iter().filter(|f| keep(f)) {
        match f.section {
            Section::Rag => {
                top.insert(f.name.into(), cx.store.get(f.key));
            }
            Section::Web => {
                web.insert(f.name.into(), cx.store.get(f.key));
            }
            Section::Embedding | Section::Hidden => {}
        }
    }
    top.insert("web".into(), Value::Object(web));
    Value::Object(top)
}

fn field(section: Section, name: &str) -> Option<&'static Field> {
    FIELDS
        .iter()
        .find(|f| f.section == section && f.name == name)
}

/// How a key is named in messages: its form name where it has one.
fn label_of(key: &str) -> String {
    match by_key(key) {
        Some(f) if f.section == Section::Web => format!("web.{}", f.name),
        Some(f) if !f.name.is_empty() => f.name.to_string(),
        _ => key.to_string(),
    }
}

/// A form value checked against its field's type, as saved.
fn typed_value(f: &Field, v: &Value, label: &str) -> Result<Value> {
    use Kind::*;
    let bad = |what: &str| Error::invalid(format!("{label}: expected {what}, not {v}"));
    let int = |v: &Value| -> Option<i64> {
        match v {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|x| x.fract() == 0.0).map(|x| x as i64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    };
    let strings = |v: &Value| -> Option<Value> {
        v.as_array()?
            .iter()
            .all(Value::is_string)
            .then(|| v.clone())
    };
    Ok(match f.kind {
        Str | Lower | Or(_) | Template | Null => match v {
            Value::String(_) => v.clone(),
            _ => return Err(bad("a string")),
        },
        Bool => match v {
            Value::Bool(_) => v.clone(),
            _ => return Err(bad("true or false")),
        },
        Int | IntText => json!(int(v).ok_or_else(|| bad("an integer"))?),
        Float => match v {
            Value::Number(_) => v.clone(),
            Value::String(s) => json!(s.trim().parse::<f64>().map_err(|_| bad("a number"))?),
            _ => return Err(bad("a number")),
        },
        OptInt => match v {
            Value::String(s) if s.is_empty() => Value::Null,
            _ => {
                let n = int(v).ok_or_else(|| bad("an integer or \"\""))?;
                if f.name == "EXA_MAX_CONTENT_LENGTH" && n <= 0 {
                    return Err(bad("an integer above 0"));
                }
                json!(n)
            }
        },
        List | OptList | JsonList => strings(v).ok_or_else(|| bad("a list of strings"))?,
        Object => match v {
            Value::Object(_) => v.clone(),
            _ => return Err(bad("an object")),
        },
    })
}

/// Refuse retrieval settings about to be saved (`entries`, key → value)
/// that owui could not honour: a value of the wrong type, an engine it
/// does not implement, a switch for a feature it does not run. A value
/// already stored is accepted unchanged, so a form sent back whole still
/// saves. `label` names a key in messages. Every way of saving settings
/// goes through here (see `configs::set` and `configs::import`).
pub fn refuse(
    cx: &Ctx,
    entries: &BTreeMap<String, Value>,
    label: &dyn Fn(&str) -> String,
) -> Result<()> {
    for (key, v) in entries {
        let Some(f) = by_key(key) else {
            continue;
        };
        if *v == cx.store.get(key) {
            continue;
        }
        if !v.is_null() {
            typed_value(f, v, &label(key))?;
        }
        configs::refuse_unrun(cx, &label(key), key, *v == Value::Bool(true))?;
        let s = v.as_str().unwrap_or("");
        let allowed: Option<(&[&str], &str)> = match key.as_str() {
            "rag.content_extraction_engine" => Some((EXTRACTION_ENGINES, "extraction engine")),
            "rag.embedding_engine" => Some((EMBEDDING_ENGINES, "embedding engine")),
            "web.search.engine" => Some((WEB_SEARCH_ENGINES, "web search engine")),
            "web.loader.engine" => Some((WEB_LOADER_ENGINES, "web loader")),
            "rag.text_splitter" => Some((TEXT_SPLITTERS, "text splitter")),
            "rag.reranking_engine" => Some((RERANKING_ENGINES, "reranking engine")),
            "rag.pdf_loader_mode" => Some((&["page", "single"], "PDF loader mode")),
            _ => None,
        };
        if let Some((allowed, what)) = allowed
            && !v.is_null()
            && !allowed.contains(&s)
        {
            let named: Vec<&str> = allowed.iter().filter(|a| !a.is_empty()).copied().collect();
            return Err(Error::invalid(format!(
                "{}: owui has no `{s}` {what} (it runs: {}).",
                label(key),
                named.join(", ")
            )));
        }
    }
    // a local cross-encoder: the engine "" with a model named
    let touched =
        entries.contains_key("rag.reranking_engine") || entries.contains_key("rag.reranking_model");
    let now = |k: &str| {
        entries
            .get(k)
            .cloned()
            .unwrap_or_else(|| cx.store.get(k))
            .as_str()
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let (engine, model) = (now("rag.reranking_engine"), now("rag.reranking_model"));
    let unchanged = engine == cx.store.string("rag.reranking_engine")
        && model == cx.store.string("rag.reranking_model");
    if touched && engine.is_empty() && !model.is_empty() && !unchanged {
        return Err(Error::invalid(format!(
            "{}: owui does not run local reranking models such as `{model}`; \
             use the `external` reranking engine, or no model for cosine scoring.",
            label("rag.reranking_model")
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
