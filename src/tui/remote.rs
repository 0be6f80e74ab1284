//! `owui chat --server URL --api-key KEY`: the same terminal chat, with
//! every `Effect` run against a running owui or Open WebUI over its REST
//! API instead of the library core.
//!
//! A turn is stored the way Open WebUI's history merge accepts from any
//! client: the user message first (so nothing typed is lost), then the
//! answer streamed from `/api/chat/completions` (no chat id: the server
//! streams it back instead of answering over socket.io, which API keys
//! cannot join), then the answer saved as a finished message, then a title
//! from `/api/v1/tasks/title/completions` after a first exchange.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use eventsource_stream::Eventsource;
use futures::StreamExt;
use serde_json::{Value, json};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::sync::oneshot;

use super::app::{ChatItem, Effect, LoadedChat, ModelItem, Msg};
use super::event::Turn;
use super::list::{self, Folder, Row};
use crate::core::completions::title::json_in;
use crate::error::{Error, Result};

/// A server's API, reached with a key (an `sk-` API key or a session
/// token, both sent as a bearer token).
#[derive(Clone)]
pub struct Api {
    base: String,
    key: String,
    http: reqwest::Client,
}

impl Api {
    pub fn new(server: &str, key: &str) -> Result<Api> {
        let base = server.trim().trim_end_matches('/').to_string();
        let url = reqwest::Url::parse(&base)
            .map_err(|e| Error::invalid(format!("--server {server}: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::invalid(format!(
                "--server {server}: expected an http:// or https:// address"
            )));
        }
        if key.trim().is_empty() {
            return Err(Error::invalid(
                "no API key: pass --api-key or set OWUI_API_KEY",
            ));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .tcp_nodelay(true)
            .build()
            .map_err(Error::internal)?;
        Ok(Api {
            base,
            key: key.trim().to_string(),
            http,
        })
    }

    /// The server's host (and port), as the status line shows it.
    pub fn host(&self) -> String {
        reqwest::Url::parse(&self.base)
            .ok()
            .and_then(|u| {
                let h = u.host_str()?.to_string();
                Some(match u.port() {
                    Some(p) => format!("{h}:{p}"),
                    None => h,
                })
            })
            .unwrap_or_else(|| self.base.clone())
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.key)
    }

    async fn send(&self, rb: reqwest::RequestBuilder) -> Result<reqwest::Response> {
        let r = rb.send().await.map_err(|e| {
            Error::Unreachable(format!("cannot reach {}: {}", self.base, error_chain(&e)))
        })?;
        if r.status().is_success() {
            return Ok(r);
        }
        let status = r.status().as_u16();
        let text = r.text().await.unwrap_or_default();
        Err(refused(status, detail_of(status, &text)))
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value> {
        let mut rb = self.request(method, path);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = self.send(rb).await?;
        let text = r.text().await.map_err(Error::internal)?;
        serde_json::from_str(&text).map_err(|_| {
            Error::BadAnswer(format!(
                "{path}: the server's answer is not JSON (is this an owui or Open WebUI server?)"
            ))
        })
    }

    pub async fn get(&self, path: &str) -> Result<Value> {
        self.call(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Result<Value> {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Result<Value> {
        self.call(reqwest::Method::DELETE, path, None).await
    }

    /// Check the key before the screen is taken: a refused key, a pending
    /// account and an address that is not an owui or Open WebUI fail here.
    /// The key's role when the server says (API keys may not read the
    /// session user: then any route for verified users tells).
    pub async fn check(&self) -> Result<Option<String>> {
        let refused = |e: Error| match e {
            Error::Unauthenticated(d) => {
                Error::unauthenticated(format!("the server refused the key: {d}"))
            }
            e => e,
        };
        match self.get("/api/v1/auths/").await {
            Ok(v) => {
                let role = v
                    .get("role")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                if role == "pending" {
                    return Err(Error::forbidden(
                        "this account is pending: an admin has to activate it first",
                    ));
                }
                Ok(Some(role))
            }
            Err(Error::Forbidden(_)) => {
                self.get("/api/v1/users/user/settings")
                    .await
                    .map_err(refused)?;
                Ok(None)
            }
            Err(e) => Err(refused(e)),
        }
    }

    /// A chat as the TUI loads it.
    pub async fn chat(&self, id: &str) -> Result<LoadedChat> {
        let c = self.get(&format!("/api/v1/chats/{}", enc(id))).await?;
        Ok(LoadedChat {
            id: str_of(&c, "id"),
            title: str_of(&c, "title"),
            pinned: c.get("pinned").and_then(Value::as_bool).unwrap_or(false),
            doc: c.get("chat").cloned().unwrap_or(json!({})),
        })
    }
}

fn str_of(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Every cause of a transport error, one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        let t = s.to_string();
        if !out.contains(&t) {
            out = format!("{out}: {t}");
        }
        src = s.source();
    }
    out
}

/// The `detail` of an error body (Open WebUI's shape), else the body.
fn detail_of(status: u16, text: &str) -> String {
    let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let d = match v.get("detail") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => match v.pointer("/error/message").and_then(Value::as_str) {
            Some(m) => m.to_string(),
            None => text.chars().take(200).collect(),
        },
        Some(other) => other.to_string(),
    };
    if d.trim().is_empty() {
        format!("HTTP {status}")
    } else {
        d
    }
}

/// A server's refusal as what it means, its `detail` as the message.
fn refused(status: u16, detail: String) -> Error {
    match status {
        400 => Error::Invalid(detail),
        401 => Error::Unauthenticated(detail),
        403 => Error::Forbidden(detail),
        404 => Error::NotFound(detail),
        409 => Error::Conflict(detail),
        413 => Error::TooLarge(detail),
        422 => Error::malformed(detail),
        429 => Error::RateLimited(detail),
        _ => Error::Unreachable(detail),
    }
}

/// Runs effects against a server; every result comes back as a `Msg`.
#[derive(Clone)]
pub struct Remote {
    pub api: Api,
    pub tx: UnboundedSender<Msg>,
    /// The answers being streamed, by reply id: send to stop one.
    running: Arc<Mutex<HashMap<String, oneshot::Sender<()>>>>,
}

impl Remote {
    pub fn new(api: Api) -> (Remote, UnboundedReceiver<Msg>) {
        let (tx, rx) = unbounded_channel();
        let r = Remote {
            api,
            tx,
            running: Default::default(),
        };
        (r, rx)
    }

    fn send(&self, m: Msg) {
        let _ = self.tx.send(m);
    }

    /// Start an effect in a task (`Quit` is the loop's business).
    pub fn spawn(&self, e: Effect) {
        if e == Effect::Quit {
            return;
        }
        let me = self.clone();
        tokio::spawn(async move {
            if let Err(err) = me.run(e).await {
                me.send(Msg::Error(err.to_string()));
            }
        });
    }

    async fn run(&self, e: Effect) -> Result<()> {
        let api = &self.api;
        match e {
            Effect::Quit => {}
            Effect::LoadChats { search } => {
                let list = chat_list(api, &search).await?;
                self.send(Msg::Chats(list));
            }
            Effect::OpenChat(id) => {
                let c = api.chat(&id).await?;
                self.send(Msg::Chat(c));
            }
            Effect::LoadModels => {
                let (list, default) = models(api).await?;
                self.send(Msg::Models { list, default });
            }
            e @ (Effect::Send { .. } | Effect::Regenerate { .. }) => {
                if let Some(t) = Turn::of(e) {
                    self.turn(t).await
                }
            }
            Effect::SetCurrent {
                chat_id,
                message_id,
            } => {
                // the history merge keeps every stored message
                let body = json!({"chat": {"history": {"currentId": message_id}}});
                api.post(&format!("/api/v1/chats/{}", enc(&chat_id)), body)
                    .await?;
            }
            Effect::Stop { reply_id, .. } => {
                let stop = self.running.lock().unwrap().remove(&reply_id);
                if let Some(stop) = stop {
                    let _ = stop.send(());
                }
            }
            Effect::Rename { id, title } => {
                let body = json!({"chat": {"title": title}});
                api.post(&format!("/api/v1/chats/{}", enc(&id)), body)
                    .await?;
                self.send(Msg::Info("renamed".into()));
                self.reload_list().await?;
            }
            Effect::Delete(id) => {
                api.delete(&format!("/api/v1/chats/{}", enc(&id))).await?;
                self.send(Msg::Deleted(id));
            }
            Effect::ToggleFolder { id, expanded } => {
                let body = json!({"is_expanded": expanded});
                api.post(
                    &format!("/api/v1/folders/{}/update/expanded", enc(&id)),
                    body,
                )
                .await?;
                self.reload_list().await?;
            }
            Effect::TogglePin(id) => {
                let c = api
                    .post(&format!("/api/v1/chats/{}/pin", enc(&id)), json!({}))
                    .await?;
                let pinned = c.get("pinned").and_then(Value::as_bool).unwrap_or(false);
                let what = if pinned { "pinned" } else { "unpinned" };
                self.send(Msg::Info(format!("{what} “{}”", str_of(&c, "title"))));
                self.reload_list().await?;
            }
            Effect::ToggleArchive(id) => {
                let c = api
                    .post(&format!("/api/v1/chats/{}/archive", enc(&id)), json!({}))
                    .await?;
                let archived = c.get("archived").and_then(Value::as_bool).unwrap_or(false);
                let what = if archived { "archived" } else { "unarchived" };
                self.send(Msg::Info(format!("{what} “{}”", str_of(&c, "title"))));
                self.reload_list().await?;
            }
            Effect::Copy(text) => self.send(super::event::copy(text).await),
        }
        Ok(())
    }

    async fn reload_list(&self) -> Result<()> {
        let list = chat_list(&self.api, "").await?;
        self.send(Msg::Chats(list));
        Ok(())
    }

    /// One exchange; always ends with `Msg::Done` for its reply.
    async fn turn(&self, t: Turn) {
        let (stop_tx, stop_rx) = oneshot::channel();
        self.running
            .lock()
            .unwrap()
            .insert(t.reply_id.clone(), stop_tx);
        let reply_id = t.reply_id.clone();
        let known = t.chat_id.clone().unwrap_or_default();
        let done = match self.exchange(t, stop_rx).await {
            Ok(d) => d,
            Err(e) => Msg::Done {
                chat_id: known,
                reply_id: reply_id.clone(),
                error: Some(e.to_string()),
                cancelled: false,
            },
        };
        self.running.lock().unwrap().remove(&reply_id);
        self.send(done);
    }

    async fn exchange(&self, t: Turn, stop: oneshot::Receiver<()>) -> Result<Msg> {
        let api = &self.api;
        let now = chrono::Utc::now().timestamp();
        let first = t.chat_id.is_none();
        // the messages above the answer: the stored branch, then the new one
        let mut history = match &t.chat_id {
            Some(id) => api.chat(id).await?.doc,
            None => json!({}),
        };
        let user = match &t.text {
            Some(text) => {
                let user = json!({
                    "id": t.user_id, "parentId": t.parent, "childrenIds": [],
                    "role": "user", "content": text, "timestamp": now,
                    "models": [t.model],
                });
                let h = json!({"messages": {&t.user_id: user.clone()}, "currentId": t.user_id});
                Some((user, h))
            }
            None => None,
        };
        let chat_id = match (&t.chat_id, &user) {
            (None, Some((user, h))) => {
                let c = api
                    .post(
                        "/api/v1/chats/new",
                        json!({"chat": {
                            "id": "", "title": "New Chat", "models": [t.model],
                            "params": {}, "history": h, "messages": [user],
                            "tags": [], "timestamp": now * 1000,
                        }}),
                    )
                    .await?;
                str_of(&c, "id")
            }
            (Some(id), Some((_, h))) => {
                api.post(
                    &format!("/api/v1/chats/{}", enc(id)),
                    json!({"chat": {"history": h, "models": [t.model]}}),
                )
                .await?;
                id.clone()
            }
            (Some(id), None) => id.clone(),
            (None, None) => return Err(Error::invalid("nothing to answer")),
        };
        if chat_id.is_empty() {
            return Err(Error::BadAnswer(
                "the server gave the new chat no id".into(),
            ));
        }
        self.send(Msg::Opened {
            reply_id: t.reply_id.clone(),
            chat_id: chat_id.clone(),
        });
        if let Some((u, _)) = &user {
            history["history"]["messages"][&t.user_id] = u.clone();
        }
        let messages = path_to(&history, &t.user_id);
        let (content, error, cancelled) = self.stream(&t, &messages, stop).await;
        // the answer, finished (a partial one when stopped)
        let mut reply = json!({
            "id": t.reply_id, "parentId": t.user_id, "childrenIds": [],
            "role": "assistant", "content": content, "model": t.model,
            "modelName": t.model, "modelIdx": 0, "timestamp": now, "done": true,
        });
        if let Some(e) = &error {
            reply["error"] = json!({"content": e});
        }
        let h = json!({"messages": {&t.reply_id: reply.clone()}, "currentId": t.reply_id});
        api.post(
            &format!("/api/v1/chats/{}", enc(&chat_id)),
            json!({"chat": {"history": h}}),
        )
        .await?;
        if first && error.is_none() && !content.is_empty() {
            let mut pair = messages.clone();
            pair.push(json!({"role": "assistant", "content": content}));
            if let Some(title) = self.title(&t.model, &pair, &chat_id).await {
                api.post(
                    &format!("/api/v1/chats/{}", enc(&chat_id)),
                    json!({"chat": {"title": title}}),
                )
                .await?;
            }
        }
        Ok(Msg::Done {
            chat_id,
            reply_id: t.reply_id,
            error,
            cancelled,
        })
    }

    /// Stream the answer, sending each piece as `Msg::Delta`: the text,
    /// an error, and whether it was stopped.
    async fn stream(
        &self,
        t: &Turn,
        messages: &[Value],
        mut stop: oneshot::Receiver<()>,
    ) -> (String, Option<String>, bool) {
        let body = json!({"model": t.model, "messages": messages, "stream": true});
        let rb = self
            .api
            .request(reqwest::Method::POST, "/api/chat/completions")
            .json(&body);
        let r = tokio::select! {
            r = self.api.send(rb) => r,
            _ = &mut stop => return (String::new(), None, true),
        };
        let r = match r {
            Ok(r) => r,
            Err(e) => return (String::new(), Some(e.to_string()), false),
        };
        let mut text = String::new();
        let sse = r
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        if !sse {
            // a server that answered whole
            let v: Value = match r.json().await {
                Ok(v) => v,
                Err(e) => return (text, Some(e.to_string()), false),
            };
            if let Some(e) = stream_error(&v) {
                return (text, Some(e), false);
            }
            text = v
                .pointer("/choices/0/message/content")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            self.delta(&t.reply_id, &text);
            return (text, None, false);
        }
        let mut events = r.bytes_stream().eventsource();
        loop {
            let ev = tokio::select! {
                ev = events.next() => ev,
                _ = &mut stop => return (text, None, true),
            };
            let ev = match ev {
                None => break,
                Some(Ok(ev)) => ev,
                Some(Err(e)) => return (text, Some(format!("the stream broke: {e}")), false),
            };
            let data = ev.data.trim();
            if data == "[DONE]" {
                break;
            }
            let Ok(v) = serde_json::from_str::<Value>(data) else {
                continue;
            };
            if let Some(e) = stream_error(&v) {
                return (text, Some(e), false);
            }
            if let Some(piece) = v
                .pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
                .filter(|p| !p.is_empty())
            {
                text.push_str(piece);
                self.delta(&t.reply_id, piece);
            }
        }
        (text, None, false)
    }

    fn delta(&self, reply_id: &str, text: &str) {
        self.send(Msg::Delta {
            reply_id: reply_id.to_string(),
            text: text.to_string(),
        });
    }

    /// The server's generated title, else the first user message (cut
    /// to 100 characters) as Open WebUI falls back to.
    async fn title(&self, model: &str, messages: &[Value], chat_id: &str) -> Option<String> {
        let body = json!({"model": model, "messages": messages, "chat_id": chat_id});
        let generated = match self.api.post("/api/v1/tasks/title/completions", body).await {
            Ok(v) => v
                .pointer("/choices/0/message/content")
                .and_then(Value::as_str)
                .and_then(json_in)
                .and_then(|j| j.get("title").and_then(Value::as_str).map(str::to_string))
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty()),
            Err(_) => None,
        };
        generated.or_else(|| {
            let first = messages
                .iter()
                .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
                .and_then(|m| m.get("content").and_then(Value::as_str))
                .unwrap_or("")
                .trim()
                .to_string();
            match first.chars().count() {
                0 => None,
                n if n > 100 => Some(format!(
                    "{}...",
                    first.chars().take(100).collect::<String>()
                )),
                _ => Some(first),
            }
        })
    }
}

/// An error object in a completion answer or stream chunk.
fn stream_error(v: &Value) -> Option<String> {
    let e = v.get("error")?;
    if e.is_null() {
        return None;
    }
    Some(
        e.get("message")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| e.to_string()),
    )
}

/// The messages from the root of the chat down to `id`, as a completion
/// request sends them.
fn path_to(doc: &Value, id: &str) -> Vec<Value> {
    let msgs = doc.pointer("/history/messages");
    let mut out = vec![];
    let mut cur = Some(id.to_string());
    let mut seen = std::collections::HashSet::new();
    while let Some(id) = cur {
        if !seen.insert(id.clone()) {
            break;
        }
        let Some(m) = msgs.and_then(|m| m.get(&id)) else {
            break;
        };
        out.push(json!({
            "role": m.get("role").cloned().unwrap_or(json!("user")),
            "content": m.get("content").cloned().unwrap_or(json!("")),
        }));
        cur = m
            .get("parentId")
            .and_then(Value::as_str)
            .map(str::to_string);
    }
    out.reverse();
    out
}

fn rows(v: &Value) -> Vec<Row> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| {
            Some(Row {
                id: c.get("id")?.as_str()?.to_string(),
                title: str_of(c, "title"),
            })
        })
        .collect()
}

/// The sidebar from the server's lists (see `super::list`).
pub async fn chat_list(api: &Api, search: &str) -> Result<Vec<ChatItem>> {
    let pinned = rows(&api.get("/api/v1/chats/pinned").await?);
    if !search.trim().is_empty() {
        let hits = api
            .get(&format!("/api/v1/chats/search?text={}&page=1", enc(search)))
            .await?;
        return Ok(list::search_rows(rows(&hits), &pinned));
    }
    // folders switched off or forbidden: no folder rows
    let folders: Vec<Folder> = match api.get("/api/v1/folders/").await {
        Ok(v) => v
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| {
                Some(Folder {
                    id: f.get("id")?.as_str()?.to_string(),
                    name: str_of(f, "name"),
                    parent_id: f
                        .get("parent_id")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    is_expanded: f
                        .get("is_expanded")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                })
            })
            .collect(),
        Err(_) => vec![],
    };
    let mut folder_chats = HashMap::new();
    for id in list::unfolded(&folders) {
        let mut all = vec![];
        for page in 1..=list::FOLDER_PAGES {
            let got = rows(
                &api.get(&format!(
                    "/api/v1/chats/folder/{}/list?page={page}",
                    enc(&id)
                ))
                .await?,
            );
            let n = got.len();
            all.extend(got);
            if n < list::FOLDER_PAGE {
                break;
            }
        }
        folder_chats.insert(id, all);
    }
    let others = rows(
        &api.get("/api/v1/chats/?page=1&include_pinned=false&include_folders=false")
            .await?,
    );
    Ok(list::assemble(list::Parts {
        pinned,
        folders,
        folder_chats,
        others,
    }))
}

/// The models the key may use, and the admin's default model when it is
/// one of them.
pub async fn models(api: &Api) -> Result<(Vec<ModelItem>, Option<String>)> {
    let v = api.get("/api/models").await?;
    let items: Vec<ModelItem> = v
        .get("data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let id = m.get("id")?.as_str()?.to_string();
            let name = m
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty())
                .unwrap_or(&id)
                .to_string();
            Some(ModelItem { id, name })
        })
        .collect();
    let cfg = api.get("/api/config").await.unwrap_or(Value::Null);
    let defaults = cfg
        .get("default_models")
        .and_then(Value::as_str)
        .unwrap_or("");
    let default = defaults
        .split(',')
        .map(str::trim)
        .find(|d| items.iter().any(|i| i.id == *d))
        .map(String::from);
    Ok((items, default))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_to_walks_up_the_branch() {
        let doc = json!({"history": {"messages": {
            "u1": {"role": "user", "content": "a", "parentId": null},
            "a1": {"role": "assistant", "content": "b", "parentId": "u1"},
            "a1x": {"role": "assistant", "content": "other", "parentId": "u1"},
            "u2": {"role": "user", "content": "c", "parentId": "a1"},
        }}});
        let p = path_to(&doc, "u2");
        let texts: Vec<&str> = p.iter().map(|m| m["content"].as_str().unwrap()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        assert_eq!(p[1]["role"], "assistant");
        assert!(path_to(&doc, "missing").is_empty());
    }

    #[test]
    fn detail_of_reads_open_webui_and_openai_errors() {
        assert_eq!(
            detail_of(401, r#"{"detail":"Not authenticated"}"#),
            "Not authenticated"
        );
        assert_eq!(detail_of(500, r#"{"error":{"message":"boom"}}"#), "boom");
        assert_eq!(detail_of(502, ""), "HTTP 502");
        assert_eq!(detail_of(404, "<html>nope</html>"), "<html>nope</html>");
    }

    #[test]
    fn api_needs_an_http_address_and_a_key() {
        assert!(Api::new("localhost:8080", "sk-1").is_err());
        assert!(Api::new("ftp://x", "sk-1").is_err());
        assert!(Api::new("http://x:1/", " ").is_err());
        assert_eq!(Api::new("http://x:1/", "sk-1").unwrap().base, "http://x:1");
        assert_eq!(Api::new("http://x:1/", "sk-1").unwrap().host(), "x:1");
        assert_eq!(
            Api::new("https://chat.example.com/", "sk-1")
                .unwrap()
                .host(),
            "chat.example.com"
        );
    }
}
