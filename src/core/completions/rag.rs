//! Retrieval in the chat (retrieval spec §9): the request's attached
//! items (`files`, `metadata.files`) and the workspace model's knowledge
//! become sources, whose texts go into the last user message (or the
//! system message) through the RAG template; the sources go back to the
//! client.
//!
//! A request with nothing to retrieve takes the plain path
//! (`call::run_filters_and_send`), untouched. Otherwise, after the inlet
//! filters as upstream orders it: the retrieval queries (the query task,
//! unless every item is full-context; else the last user message), the
//! search of each item, the context block and the template.
//!
//! A file, knowledge base or collection the user cannot read is skipped:
//! nothing of it reaches the model or the client.

use std::collections::{HashMap, HashSet};

use futures::StreamExt;
use serde_json::{Map, Value, json};

use super::Outcome;
use super::call::{self, Filters};
use super::form::CompletionForm;
use super::target::Target;
use super::title::{json_in, text_of};
use super::web_search;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::providers::Reply;
use crate::core::retrieval::embed::{self, Purpose};
use crate::core::retrieval::settings::{self, DEFAULT_RAG_TEMPLATE, RagSettings};
use crate::core::retrieval::vectors::{self, Hit};
use crate::core::retrieval::web;
use crate::core::tasks::{self, Task};
use crate::core::{files, knowledge};
use crate::error::{Error, Result};

/// Where retrieval's status events go (`{action, …, done}`, the `data` of
/// a `status` event).
pub(super) type Status<'a> = &'a (dyn Fn(Value) + Send + Sync);

/// What a request asks to retrieve from.
pub(super) struct Wanted {
    /// The attached items and the model's knowledge.
    pub items: Vec<Value>,
    /// `features.web_search`, when the user may search the web.
    pub web_search: bool,
    /// The request's `features` (the memories step reads `memory`).
    pub features: Option<Value>,
}

/// What the request asks to retrieve from; nothing for a task's model
/// call (`Filters::Ran`), which retrieves nothing, as upstream's.
pub(super) fn wanted(
    cx: &Ctx,
    actor: &Actor,
    form: &CompletionForm,
    target: &Target,
    filters: Filters,
) -> Wanted {
    let features = form.features.clone();
    if matches!(filters, Filters::Ran) {
        return Wanted {
            items: Vec::new(),
            web_search: false,
            features,
        };
    }
    let items = items(form, target);
    let web_search = web_search::wanted(cx, actor, form) && model_takes_context(target);
    Wanted {
        items,
        web_search,
        features,
    }
}

/// The items to retrieve from: the request's `files`, then
/// `metadata.files`, then the workspace model's `meta.knowledge`,
/// with `filesystem` items (not retrievable) left out and repeats
/// dropped. None for a model whose `capabilities.file_context` is false.
fn items(form: &CompletionForm, target: &Target) -> Vec<Value> {
    let listed = |v: Option<&Value>| -> Vec<Value> {
        v.and_then(Value::as_array).cloned().unwrap_or_default()
    };
    let meta_files = form.metadata.as_ref().and_then(|m| m.get("files"));
    let knowledge = target.meta.get("knowledge");
    let mut out: Vec<Value> = Vec::new();
    let all = listed(form.files.as_ref())
        .into_iter()
        .chain(listed(meta_files))
        .chain(listed(knowledge).into_iter().map(knowledge_item));
    for item in all {
        if !item.is_object() || item.get("type").and_then(Value::as_str) == Some("filesystem") {
            continue;
        }
        if !out.contains(&item) {
            out.push(item);
        }
    }
    if !out.is_empty() && !model_takes_context(target) {
        return Vec::new();
    }
    out
}

/// A model's knowledge entry as an item: legacy entries (a bare
/// `collection_name`, or `collection_names`) name their collections.
fn knowledge_item(k: Value) -> Value {
    let name = k.get("name").cloned().unwrap_or(Value::Null);
    if let Some(c) = k.get("collection_name").and_then(Value::as_str) {
        return json!({"id": c, "name": name, "collection_name": c, "legacy": true});
    }
    if let Some(cs) = k.get("collection_names") {
        return json!({"type": "collection", "name": name, "collection_names": cs, "legacy": true});
    }
    k
}

/// Whether the model takes retrieved context: its
/// `meta.capabilities.file_context` is not `false`.
fn model_takes_context(target: &Target) -> bool {
    target
        .meta
        .pointer("/capabilities/file_context")
        .and_then(Value::as_bool)
        != Some(false)
}

/// The inlet filters (unless they ran) and memories, web search and
/// retrieval on that body when the request wants them, then the provider call; the provider's reply
/// and the sources for the client. With nothing wanted this is
/// `call::run_filters_and_send` and nothing more.
pub(super) async fn send(
    cx: &Ctx,
    actor: &Actor,
    target: &Target,
    body: Map<String, Value>,
    filters: Filters,
    wanted: Wanted,
    status: Status<'_>,
) -> Result<(Reply, Vec<Value>)> {
    let Wanted {
        mut items,
        web_search,
        features,
    } = wanted;
    let features = features.as_ref();
    if items.is_empty() && !web_search {
        let reply = call::run_filters_and_send(cx, actor, target, body, filters, features).await?;
        return Ok((reply, Vec::new()));
    }
    let mut body = call::prepare(cx, actor, target, body, filters, features).await?;
    if web_search {
        let messages = match body.get("messages") {
            Some(Value::Array(m)) => m.clone(),
            _ => Vec::new(),
        };
        if let Some(item) = web_search::run(cx, actor, &target.id, &messages, status).await {
            items.push(item);
        }
    }
    let sources = if items.is_empty() {
        Vec::new()
    } else {
        apply(cx, actor, &target.id, &items, &mut body, status).await?
    };
    let reply = call::send(cx, target, body).await?;
    Ok((reply, sources))
}

/// The API client's answer with its sources: a top-level `sources` key
/// of a whole answer, or the first event of a stream.
pub(super) fn with_sources(reply: Reply, sources: Vec<Value>) -> Outcome {
    match reply {
        Reply::Json(mut v) => {
            if !sources.is_empty()
                && let Some(o) = v.as_object_mut()
            {
                o.insert("sources".into(), Value::Array(sources));
            }
            Outcome::Json(v)
        }
        Reply::Stream(s) if sources.is_empty() => Outcome::Stream(s),
        Reply::Stream(s) => {
            let first = futures::stream::once(async move { Ok(json!({ "sources": sources })) });
            Outcome::Stream(Box::pin(first.chain(s)))
        }
    }
}

/// Retrieve the items' sources, put them into the body's messages, and
/// return those the client is told of (§9.6).
async fn apply(
    cx: &Ctx,
    actor: &Actor,
    model_id: &str,
    items: &[Value],
    body: &mut Map<String, Value>,
    status: Status<'_>,
) -> Result<Vec<Value>> {
    let messages = match body.get("messages") {
        Some(Value::Array(m)) => m.clone(),
        _ => return Ok(Vec::new()),
    };
    let prompt = last_user_text(&messages);
    let all_full = items
        .iter()
        .all(|i| i.get("context").and_then(Value::as_str) == Some("full"));
    let mut queries = Vec::new();
    if !all_full {
        queries = generate_queries(cx, actor, model_id, &messages).await;
        status(json!({"action": "queries_generated", "queries": queries, "done": false}));
    }
    if queries.is_empty() {
        queries = vec![prompt.clone()];
    }
    let rag = settings::rag(cx);
    let mut run = Run {
        cx,
        actor,
        full_context: all_full || rag.full_context,
        rag,
        queries,
        embedded: None,
        extracted: HashSet::new(),
    };
    let sources = run.sources(items).await;
    status(
        json!({"action": "sources_retrieved", "count": distinct_sources(&sources), "done": true}),
    );
    let context = context_block(&sources);
    if !context.is_empty()
        && let Some(Value::Array(messages)) = body.get_mut("messages")
    {
        let rendered = render(&run.rag.template, &context, &prompt);
        if system_context() {
            add_to_system(messages, &rendered);
        } else {
            add_to_user(messages, &rendered);
        }
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

/// The retrieval queries the task model writes for the conversation
/// (`{"queries": [...]}` in its answer); none when the task is off or
/// fails.
async fn generate_queries(
    cx: &Ctx,
    actor: &Actor,
    model_id: &str,
    messages: &[Value],
) -> Vec<String> {
    let body = json!({"model": model_id, "messages": messages, "type": "retrieval"});
    match tasks::run(cx, actor, Task::Queries, body).await {
        Ok(ran) => tasks::answer_text(&ran)
            .map(|t| parse_queries(&t))
            .unwrap_or_default(),
        Err(e) => {
            tracing::debug!("retrieval query generation: {}", e.message());
            Vec::new()
        }
    }
}

/// The queries in a query task's answer: the list under `queries` of the
/// last JSON object in it; the whole answer as one query when there is
/// none to read, as upstream.
pub(super) fn parse_queries(text: &str) -> Vec<String> {
    let object = text
        .rfind('{')
        .and_then(|a| json_in(&text[a..]))
        .filter(Value::is_object);
    match object {
        Some(o) => o
            .get("queries")
            .and_then(Value::as_array)
            .map(|q| {
                q.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        None => vec![text.to_string()],
    }
}

/// How many distinct documents the sources hold (the
/// `sources_retrieved` count).
fn distinct_sources(sources: &[Value]) -> usize {
    let mut ids = HashSet::new();
    for s in sources {
        let metas = s["metadata"].as_array().cloned().unwrap_or_default();
        for i in 0..documents(s).len() {
            ids.insert(doc_key(s, metas.get(i)));
        }
    }
    ids.len()
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

/// What one item yielded.
#[derive(Default)]
struct Found {
    texts: Vec<String>,
    metadatas: Vec<Value>,
    distances: Option<Vec<f64>>,
}

impl Found {
    fn one(text: String, meta: Value) -> Found {
        Found {
            texts: vec![text],
            metadatas: vec![meta],
            distances: None,
        }
    }

    fn of_hits(hits: Vec<Hit>, scored: bool) -> Found {
        let mut f = Found {
            distances: scored.then(Vec::new),
            ..Found::default()
        };
        for h in hits {
            if let Some(d) = &mut f.distances {
                // a rescored hit's exact score is in its metadata
                let exact = h.metadata.get("score").and_then(Value::as_f64);
                d.push(exact.unwrap_or(f64::from(h.score)));
            }
            f.texts.push(h.text);
            f.metadatas.push(Value::Object(h.metadata));
        }
        f
    }

    /// The file's current name in each of its chunks' `name` (and in
    /// `source` where it was the old name).
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

/// One retrieval: the settings, the queries (embedded once, when a
/// search first needs them) and the collections searched so far.
struct Run<'a> {
    cx: &'a Ctx,
    actor: &'a Actor,
    rag: RagSettings,
    full_context: bool,
    queries: Vec<String>,
    embedded: Option<Vec<(String, Vec<f32>)>>,
    extracted: HashSet<String>,
}

impl Run<'_> {
    /// One source per item that yields something, in the items' order.
    async fn sources(&mut self, items: &[Value]) -> Vec<Value> {
        let mut out = Vec::new();
        for item in items {
            let found = match self.item(item).await {
                Ok(Some(f)) => f,
                Ok(None) => continue,
                Err(e) => {
                    tracing::warn!("retrieval for an attached item failed: {}", e.message());
                    continue;
                }
            };
            let mut source = item.clone();
            if let Some(o) = source.as_object_mut() {
                o.remove("data");
            }
            let mut s =
                json!({"source": source, "document": found.texts, "metadata": found.metadatas});
            if let Some(d) = found.distances.filter(|d| !d.is_empty()) {
                s["distances"] = json!(d);
            }
            out.push(s);
        }
        out
    }

    /// What one item yields (retrieval spec §9.2).
    async fn item(&mut self, item: &Value) -> Result<Option<Found>> {
        let s = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or("");
        let full = s("context") == "full";
        let bypass = self.rag.bypass_embedding_and_retrieval;
        let legacy = item.get("legacy").and_then(Value::as_bool) == Some(true);
        let file_content = item
            .pointer("/file/data/content")
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty());
        match s("type") {
            "text" => {
                if let Some(c) = file_content.filter(|_| full) {
                    let meta = item.pointer("/file/meta").cloned().unwrap_or(json!({}));
                    return Ok(Some(Found::one(c.into(), meta)));
                }
                if !s("collection_name").is_empty() {
                    return self.search(vec![s("collection_name").into()]).await;
                }
                if let Some(c) = file_content {
                    let meta = item.pointer("/file/meta").cloned().unwrap_or(json!({}));
                    return Ok(Some(Found::one(c.into(), meta)));
                }
                let meta = json!({"file_id": item.get("id"), "name": item.get("name")});
                Ok(Some(Found::one(s("content").into(), meta)))
            }
            "file" => self.file(item, full || bypass, legacy).await,
            "collection" => self.collection(item, full || bypass, legacy).await,
            "url" => self.url(s("url")).await,
            _ => {
                if let Some(docs) = item.get("docs").and_then(Value::as_array) {
                    let mut f = Found::default();
                    for d in docs {
                        f.texts.push(d["content"].as_str().unwrap_or("").into());
                        f.metadatas
                            .push(d.get("metadata").cloned().unwrap_or(Value::Null));
                    }
                    return Ok(Some(f));
                }
                if !s("collection_name").is_empty() {
                    return self.search(vec![s("collection_name").into()]).await;
                }
                self.search(strings(item.get("collection_names"))).await
            }
        }
    }

    /// A file the user may read: its whole text (full), or a search of
    /// `file-{id}` (`{id}` for a legacy item).
    async fn file(&mut self, item: &Value, full: bool, legacy: bool) -> Result<Option<Found>> {
        let id = item.get("id").and_then(Value::as_str).unwrap_or("");
        // a file the user cannot read is skipped, never leaked
        let Ok(f) = files::get(self.cx, self.actor, id) else {
            return Ok(None);
        };
        let name = f.display_name();
        if full {
            let text = f
                .data
                .as_ref()
                .and_then(|d| d.get("content"))
                .and_then(Value::as_str)
                .unwrap_or("");
            let meta = json!({"file_id": f.id, "name": name, "source": name});
            return Ok(Some(Found::one(text.into(), meta)));
        }
        let collection = if legacy {
            id.to_string()
        } else {
            format!("file-{id}")
        };
        let mut found = self.search(vec![collection]).await?;
        if let Some(found) = &mut found {
            found.rename(&f.id, &name);
        }
        Ok(found)
    }

    /// A knowledge base the user may read: its files' whole texts (full),
    /// or a search of its collection (named by its id; a legacy item's
    /// `collection_names`).
    async fn collection(
        &mut self,
        item: &Value,
        full: bool,
        legacy: bool,
    ) -> Result<Option<Found>> {
        if legacy {
            return self.search(strings(item.get("collection_names"))).await;
        }
        let id = item.get("id").and_then(Value::as_str).unwrap_or("");
        if knowledge::get(self.cx, self.actor, id).is_err() {
            return Ok(None);
        }
        if !full {
            return self.search(vec![id.to_string()]).await;
        }
        let mut f = Found::default();
        for file in knowledge::file_texts(self.cx, self.actor, id)? {
            f.texts.push(file.content);
            f.metadatas
                .push(json!({"file_id": file.id, "name": file.filename, "source": file.filename}));
        }
        Ok(Some(f))
    }

    /// A web page's whole text, through the web loader (which refuses
    /// private addresses unless the admin allows local fetches).
    async fn url(&mut self, url: &str) -> Result<Option<Found>> {
        if url.is_empty() {
            return Ok(None);
        }
        let cfg = settings::web_config_for(self.cx);
        let docs = web::load(&cfg, &[url.to_string()]).await?;
        if docs.is_empty() {
            return Ok(None);
        }
        let text = docs
            .iter()
            .map(|d| d.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Some(Found::one(text, json!({"url": url, "name": url}))))
    }

    /// Search collections not searched yet and readable by the user: all
    /// their chunks in full-context mode, else the queries' best chunks
    /// (hybrid and reranked per the settings, merged).
    async fn search(&mut self, names: Vec<String>) -> Result<Option<Found>> {
        let mut wanted: Vec<String> = Vec::new();
        for n in names {
            if !n.is_empty() && !self.extracted.contains(&n) && !wanted.contains(&n) {
                wanted.push(n);
            }
        }
        let readable: Vec<String> = wanted
            .into_iter()
            .filter(|n| collection_readable(self.cx, self.actor, n))
            .collect();
        if readable.is_empty() {
            return Ok(None);
        }
        let found = if self.full_context {
            let mut hits = Vec::new();
            for n in &readable {
                hits.extend(self.cx.db.read(|c| vectors::get(c, n))?);
            }
            Found::of_hits(hits, false)
        } else {
            let queries = self.embedded_queries().await?;
            let p = settings::query_params(&self.rag);
            let reranker = settings::reranker(&self.rag.reranking);
            let hits =
                vectors::query_collections(self.cx, &readable, &queries, &p, reranker.as_ref())
                    .await?;
            Found::of_hits(hits, true)
        };
        self.extracted.extend(readable);
        Ok(Some(found))
    }

    async fn embedded_queries(&mut self) -> Result<Vec<(String, Vec<f32>)>> {
        if let Some(e) = &self.embedded {
            return Ok(e.clone());
        }
        let cfg = settings::embed_config_for(self.cx);
        let vs = embed::embed(
            self.cx.http(),
            &cfg,
            self.queries.clone(),
            Purpose::Query,
            &|_| {},
        )
        .await?;
        if vs.len() != self.queries.len() {
            return Err(Error::BadAnswer(
                "The embedding engine returned fewer vectors than queries.".into(),
            ));
        }
        let e: Vec<(String, Vec<f32>)> = self.queries.iter().cloned().zip(vs).collect();
        self.embedded = Some(e.clone());
        Ok(e)
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the user may search a collection by name: a knowledge base's
/// when they may read the KB, a file's (`file-{id}`) when they may read
/// the file, their own memories only; other collections (legacy and
/// per-search ones) are not owned by anything to check.
fn collection_readable(cx: &Ctx, actor: &Actor, name: &str) -> bool {
    match knowledge::get(cx, actor, name) {
        Ok(_) => return true,
        Err(Error::NotFound(_)) => {}
        Err(_) => return false,
    }
    if let Some(id) = name.strip_prefix("file-") {
        return files::get(cx, actor, id).is_ok();
    }
    if name.starts_with("user-memory-") {
        return name == format!("user-memory-{}", actor.id);
    }
    true
}

/// The key numbering a text's document: its metadata `source`, else the
/// source's `id`, else `N/A`.
fn doc_key(s: &Value, meta: Option<&Value>) -> String {
    meta.and_then(|m| m.get("source"))
        .and_then(Value::as_str)
        .or_else(|| s["source"].get("id").and_then(Value::as_str))
        .unwrap_or("N/A")
        .to_string()
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
            let next = ids.len() + 1;
            let n = *ids.entry(doc_key(s, metas.get(i))).or_insert(next);
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

/// The template with the query, the clock variables and the context in
/// (the default when it is blank); placeholders inside the context and
/// the query are left as they are.
pub(super) fn render(template: &str, context: &str, query: &str) -> String {
    let template = if template.trim().is_empty() {
        DEFAULT_RAG_TEMPLATE
    } else {
        template
    };
    const CONTEXT: &str = "\u{0}owui-context\u{0}";
    const QUERY: &str = "\u{0}owui-query\u{0}";
    let now = chrono::Local::now();
    let mut t = template
        .replace("{{CONTEXT}}", CONTEXT)
        .replace("[context]", CONTEXT)
        .replace("{{QUERY}}", QUERY)
        .replace("[query]", QUERY);
    for var in [
        "CURRENT_DATETIME",
        "CURRENT_DATE",
        "CURRENT_TIME",
        "CURRENT_WEEKDAY",
    ] {
        let token = format!("{{{{{var}}}}}");
        if t.contains(&token)
            && let Some(v) = crate::core::template::clock(var, &now)
        {
            t = t.replace(&token, &v);
        }
    }
    for var in ["{{USER_NAME}}", "{{USER_LOCATION}}"] {
        t = t.replace(var, "Unknown");
    }
    t.replace(QUERY, query).replace(CONTEXT, context)
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
