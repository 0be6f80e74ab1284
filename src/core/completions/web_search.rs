//! Web search in the chat (`features.web_search`), as upstream's web
//! search handler: the search queries (the query task, `type:
//! web_search`; the user's message when it fails), each query searched
//! with the configured engine, the pages loaded (or the results' snippets
//! with `web.search.bypass_web_loader`), then either kept whole as an
//! item's `docs` (`web.search.bypass_embedding_and_retrieval`) or
//! embedded into `web-search-{sha256 of the queries}` for retrieval. The
//! item joins the request's others; the web UI follows along through
//! `web_search` status events.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::form::CompletionForm;
use super::rag::{Status, parse_queries};
use super::title::text_of;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::retrieval::embed::{self, Purpose};
use crate::core::retrieval::settings;
use crate::core::retrieval::vectors::{self, Item};
use crate::core::retrieval::{Document, chunk, web};
use crate::core::tasks::{self, Task};
use crate::core::users;
use crate::error::{Error, Result};
use crate::util::new_id;

/// Whether the request asks to search the web and may: web search is on,
/// and the user is an admin or has the `features.web_search` permission.
pub(super) fn wanted(cx: &Ctx, actor: &Actor, form: &CompletionForm) -> bool {
    let asked = form
        .features
        .as_ref()
        .and_then(|f| f.get("web_search"))
        .and_then(Value::as_bool)
        == Some(true);
    asked
        && cx.store.bool("web.search.enable")
        && (actor.is_admin()
            || users::permissions::has(cx, &actor.id, "features.web_search").unwrap_or(false))
}

/// Search the web for the conversation; the item to retrieve from, when
/// the search found something.
pub(super) async fn run(
    cx: &Ctx,
    actor: &Actor,
    model_id: &str,
    messages: &[Value],
    status: Status<'_>,
) -> Option<Value> {
    status(json!({"action": "web_search", "description": "Searching the web", "done": false}));
    let user_message = messages
        .iter()
        .rev()
        .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
        .map(text_of)
        .unwrap_or_default();
    let mut queries = generate(cx, actor, model_id, messages, &user_message)
        .await
        .unwrap_or_else(|| vec![user_message.clone()]);
    if queries.len() == 1 && queries[0].trim().is_empty() {
        queries = vec![user_message];
    }
    if queries.is_empty() {
        status(
            json!({"action": "web_search", "description": "No search query generated", "done": true}),
        );
        return None;
    }
    status(json!({"action": "web_search_queries_generated", "queries": queries, "done": false}));
    match search(cx, &queries).await {
        Ok(Some((item, items))) => {
            status(
                json!({"action": "web_search", "description": "Searched {{count}} sites",
                "urls": item["urls"], "items": items, "done": true}),
            );
            Some(item)
        }
        Ok(None) => {
            status(
                json!({"action": "web_search", "description": "No search results found",
                "done": true, "error": true}),
            );
            None
        }
        Err(e) => {
            tracing::warn!("web search in a chat failed: {}", e.message());
            status(json!({"action": "web_search",
                "description": "An error occurred while searching the web",
                "queries": queries, "done": true, "error": true}));
            None
        }
    }
}

/// The task model's search queries; `None` when the task is off or fails.
async fn generate(
    cx: &Ctx,
    actor: &Actor,
    model_id: &str,
    messages: &[Value],
    prompt: &str,
) -> Option<Vec<String>> {
    let body = json!({"model": model_id, "messages": messages, "prompt": prompt,
        "type": "web_search"});
    match tasks::run(cx, actor, Task::Queries, body).await {
        Ok(ran) => tasks::answer_text(&ran).map(|t| parse_queries(&t)),
        Err(e) => {
            tracing::debug!("web search query generation: {}", e.message());
            None
        }
    }
}

/// Search every query, load the pages (or take the snippets), and make
/// the item: `docs` to pass through, or the collection they were
/// embedded into. With it, the results as the status event lists them.
async fn search(cx: &Ctx, queries: &[String]) -> Result<Option<(Value, Vec<Value>)>> {
    let cfg = settings::web_config_for(cx);
    let mut results = Vec::new();
    for q in queries {
        results.extend(web::search(cx.http(), &cfg, q).await?);
    }
    let mut links: Vec<String> = Vec::new();
    for r in &results {
        if !links.contains(&r.link) {
            links.push(r.link.clone());
        }
    }
    if links.is_empty() {
        return Ok(None);
    }
    let docs: Vec<Document> = if cfg.bypass_web_loader {
        results
            .iter()
            .map(|r| {
                let snippet = r.snippet.clone().unwrap_or_default();
                Document::new(snippet.clone())
                    .with("source", r.link.clone())
                    .with("title", r.title.clone().unwrap_or_default())
                    .with("snippet", snippet)
                    .with("link", r.link.clone())
            })
            .collect()
    } else {
        web::load(&cfg, &links).await?
    };
    if docs.is_empty() {
        return Ok(None);
    }
    let urls: Vec<String> = docs
        .iter()
        .filter_map(|d| d.metadata.get("source").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    let items: Vec<Value> = results
        .iter()
        .map(|r| json!({"link": r.link, "title": r.title, "snippet": r.snippet}))
        .collect();
    let name = queries.join(", ");
    let item = if settings::web(cx).bypass_embedding_and_retrieval {
        let docs: Vec<Value> = docs
            .into_iter()
            .map(|d| json!({"content": d.text, "metadata": d.metadata}))
            .collect();
        json!({"docs": docs, "name": name, "type": "web_search", "urls": urls, "queries": queries})
    } else {
        let digest = Sha256::digest(queries.join(" - ").as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let mut collection = format!("web-search-{hex}");
        collection.truncate(63);
        index(cx, &collection, docs).await?;
        json!({"collection_name": collection, "name": name, "type": "web_search",
            "urls": urls, "queries": queries})
    };
    Ok(Some((item, items)))
}

/// The pages split and embedded into `collection`, replacing what it
/// held, in one transaction.
async fn index(cx: &Ctx, collection: &str, docs: Vec<Document>) -> Result<()> {
    let rag = settings::rag(cx);
    let chunks = chunk::split(&settings::chunk_config(&rag.chunking), docs)?;
    let texts: Vec<String> = chunks.iter().map(|c| c.text.clone()).collect();
    let cfg = settings::embed_config_for(cx);
    let vs = embed::embed(cx.http(), &cfg, texts, Purpose::Content, &|_| {}).await?;
    if vs.len() != chunks.len() {
        return Err(Error::BadAnswer(
            "The embedding engine returned fewer vectors than texts.".into(),
        ));
    }
    let items: Vec<Item> = chunks
        .into_iter()
        .zip(vs)
        .map(|(c, vector)| Item {
            id: new_id(),
            text: c.text,
            vector,
            metadata: c.metadata,
        })
        .collect();
    let name = collection.to_string();
    cx.db.write(move |tx| {
        vectors::delete_collection(tx, &name)?;
        vectors::insert(tx, &name, &items)
    })
}
