//! One exchange through the server, stored the way Open WebUI's history
//! merge accepts from any client: the user message first (so nothing
//! typed is lost), then the answer streamed from `/api/chat/completions`
//! (no chat id: the server streams it back instead of answering over
//! socket.io, which API keys cannot join), then the answer saved as a
//! finished message, then a title from `/api/v1/tasks/title/completions`
//! after a first exchange.

use eventsource_stream::Eventsource;
use futures::StreamExt;
use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::oneshot;

use super::api::{Api, enc, str_of};
use crate::core::completions::title::json_in;
use crate::error::{Error, Result};
use crate::tui::app::Msg;
use crate::tui::effects::task::Turn;

/// One exchange: the server's API, and where its messages go.
pub(super) struct Exchange<'a> {
    pub api: &'a Api,
    pub tx: &'a UnboundedSender<Msg>,
}

impl Exchange<'_> {
    fn send(&self, m: Msg) {
        let _ = self.tx.send(m);
    }

    /// Store the turn, stream the answer as `Msg::Delta`s and store it;
    /// the `Msg::Done` to send (an error when the server failed before the
    /// answer was stored). `stop` cuts the answer short.
    pub(super) async fn run(&self, t: Turn, stop: oneshot::Receiver<()>) -> Result<Msg> {
        let api = self.api;
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
                let mut user = user;
                if !t.files.is_empty() {
                    user["files"] = json!(t.files);
                }
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
        let mut body = json!({"model": t.model, "messages": messages, "stream": true});
        if !t.files.is_empty() {
            body["files"] = json!(t.files);
        }
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
}
