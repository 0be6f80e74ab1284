//! `owui chat --server URL --api-key KEY`: the same terminal chat, with
//! every `Effect` run against a running owui or Open WebUI over its REST
//! API instead of the library core: `api` is the client, `lists` reads the
//! sidebar and the models, `turn` runs one exchange.

mod api;
mod lists;
mod turn;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::sync::oneshot;

pub use api::Api;
use api::{enc, str_of};
pub use lists::{chat_list, models};
use turn::Exchange;

use super::task::{Turn, copy, spawn};
use crate::error::Result;
use crate::tui::app::{Effect, Msg};

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

    /// Start an effect in a task (see `effects::task::spawn`).
    pub fn spawn(&self, e: Effect) {
        let me = self.clone();
        spawn(&self.tx, e, move |e| async move { me.run(e).await });
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
            Effect::LoadRefs => {
                let list = lists::refs(api).await?;
                self.send(Msg::Refs(list));
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
            Effect::Copy(text) => self.send(copy(text).await),
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
        let exchange = Exchange {
            api: &self.api,
            tx: &self.tx,
        };
        let done = match exchange.run(t, stop_rx).await {
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
}
