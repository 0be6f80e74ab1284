//! Retrieval in the chat: the request's attached items (`files`,
//! `metadata.files`) become sources, whose texts are put into the last
//! user message (or the system message) through the RAG template, and
//! the sources go back to the client.
//!
//! A file the user cannot read is skipped: nothing of it reaches the
//! model or the client.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::form::CompletionForm;
use super::target::Target;
use super::title::text_of;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::files;
use crate::core::retrieval::embed::{self, EmbedConfig, Purpose};
use crate::core::retrieval::settings::{self, DEFAULT_RAG_TEMPLATE, EmbeddingEngine, RagSettings};
use crate::core::retrieval::vectors;
use crate::error::{Error, Result};

/// The attached items of a request: `files`, then `metadata.files`, with
/// the `filesystem` items (not retrievable) left out and repeats dropped.
pub(super) fn items(form: &CompletionForm) -> Vec<Value> {
    let listed = |v: Option<&Value>| -> Vec<Value> {
        v.and_then(Value::as_array).cloned().unwrap_or_default()
    };
    let mut out: Vec<Value> = Vec::new();
    let meta_files = form.metadata.as_ref().and_then(|m| m.get("files"));
    for item in listed(form.files.as_ref())
        .into_iter()
        .chain(listed(meta_files))
    {
        if !item.is_object() || item.get("type").and_then(Value::as_str) == Some("filesystem") {
            continue;
        }
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Whether the model takes retrieved context: its
/// `info.meta.capabilities.file_context` is not `false`.
pub(super) fn model_takes_context(target: &Target) -> bool {
    target
        .entry
        .pointer("/info/meta/capabilities/file_context")
        .and_then(Value::as_bool)
        != Some(false)
}

/// The embedding settings as the embed stage takes them.
pub fn embed_config(s: &settings::EmbeddingSettings) -> EmbedConfig {
    let mut c = EmbedConfig {
        batch_size: s.batch_size,
        async_embedding: s.concurrent,
        concurrent_requests: s.concurrent_requests,
        ..EmbedConfig::default()
    };
    c.engine = match &s.engine {
        EmbeddingEngine::Local => String::new(),
        EmbeddingEngine::OpenAi => "openai".into(),
        EmbeddingEngine::Ollama => "ollama".into(),
        EmbeddingEngine::AzureOpenAi => "azure_openai".into(),
        EmbeddingEngine::Other(o) => o.clone(),
    };
    if !s.model.is_empty() {
        c.model = s.model.clone();
    }
    match s.engine {
        EmbeddingEngine::OpenAi => (c.openai_url, c.openai_key) = (s.url.clone(), s.key.clone()),
        EmbeddingEngine::Ollama => (c.ollama_url, c.ollama_key) = (s.url.clone(), s.key.clone()),
        EmbeddingEngine::AzureOpenAi => {
            (c.azure_url, c.azure_key, c.azure_version) =
                (s.url.clone(), s.key.clone(), s.api_version.clone())
        }
        _ => {}
    }
    c
}

/// Retrieve the items' sources for `query`, put them into the body's
/// messages, and return them (as sent to the client).
pub(super) async fn apply(
    cx: &Ctx,
    actor: &Actor,
    items: &[Value],
    body: &mut Map<String, Value>,
) -> Result<Vec<Value>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let Some(Value::Array(messages)) = body.get_mut("messages") else {
        return Ok(Vec::new());
    };
    let query = last_user_text(messages);
    let rag = settings::rag(cx);
    let sources = retrieve(cx, actor, &rag, items, &query).await?;
    if sources.iter().all(|s| documents(s).is_empty()) {
        return Ok(sources);
    }
    let context = context_block(&sources);
    let rendered = render(&rag.template, &context, &query);
    if system_context() {
        add_to_system(messages, &rendered);
    } else {
        add_to_user(messages, &rendered);
    }
    Ok(sources
        .into_iter()
        .filter(|s| {
            let nonempty = |k| {
                s["source"]
                    .get(k)
                    .and_then(Value::as_str)
                    .is_some_and(|v| !v.is_empty())
            };
            nonempty("name") || nonempty("id")
        })
        .collect())
}

fn system_context() -> bool {
    std::env::var("RAG_SYSTEM_CONTEXT").is_ok_and(|v| v.eq_ignore_ascii_case("true"))
}

fn last_user_text(messages: &[Value]) -> String {
    messages
        .iter()
        .rev()
        .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
        .map(text_of)
        .unwrap_or_default()
}

fn documents(s: &Value) -> &[Value] {
    s.get("document")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// One source per item that yields text, in the items' order.
async fn retrieve(
    cx: &Ctx,
    actor: &Actor,
    rag: &RagSettings,
    items: &[Value],
    query: &str,
) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for item in items {
        let mut source = item.clone();
        if let Some(o) = source.as_object_mut() {
            o.remove("data");
        }
        let kind = item.get("type").and_then(Value::as_str).unwrap_or("");
        let id = item.get("id").and_then(Value::as_str).unwrap_or("");
        let full = item.get("context").and_then(Value::as_str) == Some("full")
            || rag.bypass_embedding_and_retrieval;
        let found = match kind {
            "file" => {
                // a file the user cannot read is skipped, never leaked
                let Ok(f) = files::get(cx, actor, id) else {
                    continue;
                };
                let name = f.display_name();
                if full {
                    let text = f
                        .data
                        .as_ref()
                        .and_then(|d| d.get("content"))
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
                    Found::whole(text, json!({"file_id": f.id, "name": name, "source": name}))
                } else {
                    let collection = item
                        .get("collection_name")
                        .and_then(Value::as_str)
                        .filter(|c| !c.is_empty())
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("file-{id}"));
                    let mut found = search(cx, rag, &collection, query).await?;
                    found.rename(&f.id, &name);
                    found
                }
            }
            "text" => {
                let text = item
                    .get("content")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let name = item.get("name").cloned().unwrap_or(json!(""));
                Found::whole(text, json!({"name": name, "source": name}))
            }
            _ => continue,
        };
        if found.texts.is_empty() {
            continue;
        }
        let mut s = json!({
            "source": source,
            "document": found.texts,
            "metadata": found.metadatas,
        });
        if let Some(d) = found.distances {
            s["distances"] = json!(d);
        }
        out.push(s);
    }
    Ok(out)
}

/// What one item yielded.
struct Found {
    texts: Vec<String>,
    metadatas: Vec<Value>,
    distances: Option<Vec<f32>>,
}

impl Found {
    fn whole(text: String, meta: Value) -> Found {
        if text.is_empty() {
            return Found {
                texts: vec![],
                metadatas: vec![],
                distances: None,
            };
        }
        Found {
            texts: vec![text],
            metadatas: vec![meta],
            distances: None,
        }
    }

    /// The file's current name in each chunk's `name` (and in `source`
    /// where it was the old name).
    fn rename(&mut self, file_id: &str, name: &str) {
        for m in &mut self.metadatas {
            let Some(o) = m.as_object_mut() else { continue };
            if o.get("file_id").and_then(Value::as_str) != Some(file_id) {
                continue;
            }
            if o.get("source") == o.get("name") {
                o.insert("source".into(), json!(name));
            }
            o.insert("name".into(), json!(name));
        }
    }
}

/// The chunks of `collection` for `query`: all of them with
/// `rag.full_context`, else the `top_k` closest by vector.
async fn search(cx: &Ctx, rag: &RagSettings, collection: &str, query: &str) -> Result<Found> {
    let hits = if rag.full_context {
        cx.db.read(|c| vectors::get(c, collection))?
    } else {
        let cfg = embed_config(&rag.embedding);
        let http = reqwest::Client::new();
        let v = embed::embed(
            &http,
            &cfg,
            vec![query.to_string()],
            Purpose::Query,
            &|_| {},
        )
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::invalid("The embedding engine returned no vector."))?;
        let (cx2, name, k) = (cx.clone(), collection.to_string(), rag.top_k);
        tokio::task::spawn_blocking(move || vectors::search(&cx2.db, &cx2.vectors, &name, &v, k))
            .await
            .map_err(Error::internal)??
    };
    let scored = !rag.full_context;
    let mut found = Found {
        texts: Vec::new(),
        metadatas: Vec::new(),
        distances: scored.then(Vec::new),
    };
    for h in hits {
        if scored && rag.relevance_threshold > 0.0 && f64::from(h.score) < rag.relevance_threshold {
            continue;
        }
        found.texts.push(h.text);
        found.metadatas.push(Value::Object(h.metadata));
        if let Some(d) = &mut found.distances {
            d.push(h.score);
        }
    }
    Ok(found)
}

/// The context block (§9.4): each text as `<source id="n" …>`, `n` shared
/// by the chunks of one document, in order of first appearance.
pub(super) fn context_block(sources: &[Value]) -> String {
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut out = String::new();
    for s in sources {
        let src = &s["source"];
        let metas = s["metadata"].as_array().cloned().unwrap_or_default();
        for (i, text) in documents(s).iter().enumerate() {
            let text = text.as_str().unwrap_or("");
            let meta = metas.get(i).cloned().unwrap_or(Value::Null);
            let key = meta
                .get("source")
                .and_then(Value::as_str)
                .or_else(|| src.get("id").and_then(Value::as_str))
                .unwrap_or("N/A")
                .to_string();
            let next = ids.len() + 1;
            let n = *ids.entry(key).or_insert(next);
            out.push_str(&format!("<source id=\"{n}\""));
            if let Some(name) = src.get("name").and_then(Value::as_str) {
                out.push_str(&format!(" name=\"{name}\""));
            }
            let kind = src.get("type").and_then(Value::as_str);
            if let Some(t) = kind {
                out.push_str(&format!(" resource-type=\"{t}\""));
            }
            if kind != Some("text")
                && let Some(id) = src.get("id").and_then(Value::as_str)
            {
                out.push_str(&format!(" resource-id=\"{id}\""));
            }
            out.push_str(&format!(">{text}</source>\n"));
        }
    }
    out.trim().to_string()
}

/// The template with the query and the context in (the default when it is
/// blank); placeholders inside the context are left as they are.
pub(super) fn render(template: &str, context: &str, query: &str) -> String {
    let template = if template.trim().is_empty() {
        DEFAULT_RAG_TEMPLATE
    } else {
        template
    };
    const MARK: &str = "\u{0}owui-context\u{0}";
    template
        .replace("{{CONTEXT}}", MARK)
        .replace("[context]", MARK)
        .replace("{{QUERY}}", query)
        .replace("[query]", query)
        .replace(MARK, context)
}

/// `rendered + "\n" + text` in the last user message (each text part of
/// a multimodal one); a new user message when the last is not a user's.
fn add_to_user(messages: &mut Vec<Value>, rendered: &str) {
    let last_is_user = messages
        .last()
        .is_some_and(|m| m.get("role").and_then(Value::as_str) == Some("user"));
    if !last_is_user {
        messages.push(json!({"role": "user", "content": rendered}));
        return;
    }
    let m = messages.last_mut().expect("a last message");
    match m.get_mut("content") {
        Some(Value::String(s)) => *s = format!("{rendered}\n{s}"),
        Some(Value::Array(parts)) => {
            for p in parts {
                if p.get("type").and_then(Value::as_str) == Some("text")
                    && let Some(Value::String(t)) = p.get_mut("text")
                {
                    *t = format!("{rendered}\n{t}");
                }
            }
        }
        _ => m["content"] = json!(rendered),
    }
}

/// `existing + "\n" + rendered` in the first system message, or a new
/// first system message.
fn add_to_system(messages: &mut Vec<Value>, rendered: &str) {
    if let Some(m) = messages
        .iter_mut()
        .find(|m| m.get("role").and_then(Value::as_str) == Some("system"))
        && let Some(Value::String(s)) = m.get_mut("content")
    {
        *s = format!("{s}\n{rendered}");
        return;
    }
    messages.insert(0, json!({"role": "system", "content": rendered}));
}
