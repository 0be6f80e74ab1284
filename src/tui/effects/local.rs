//! `owui chat` on a data directory: every `Effect` run against the
//! library core, in tasks; a turn is stored and answered as `owui ask`
//! does it.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::task::{Turn, copy, spawn};
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::chats;
use crate::core::completions;
use crate::core::{files, knowledge};
use crate::error::{Error, Result};
use crate::tui::app::{ChatItem, Effect, LoadedChat, ModelItem, Msg, Ref};
use crate::tui::list::{self, Folder, Row};

/// Runs effects against the core; every result comes back as a `Msg`.
#[derive(Clone)]
pub struct Core {
    pub cx: Ctx,
    pub me: Actor,
    pub tx: UnboundedSender<Msg>,
}

impl Core {
    pub fn new(cx: Ctx, me: Actor) -> (Core, UnboundedReceiver<Msg>) {
        let (tx, rx) = unbounded_channel();
        (Core { cx, me, tx }, rx)
    }

    fn send(&self, m: Msg) {
        let _ = self.tx.send(m);
    }

    /// Start an effect in a task (see `effects::task::spawn`).
    pub fn spawn(&self, e: Effect) {
        let core = self.clone();
        spawn(&self.tx, e, move |e| async move { core.run(e).await });
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Ctx, &Actor) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let me = self.me.clone();
        self.cx.blocking(move |cx| f(cx, &me)).await
    }

    async fn run(&self, e: Effect) -> Result<()> {
        match e {
            Effect::Quit => {}
            Effect::LoadChats { search } => {
                let list = self
                    .blocking(move |cx, me| chat_list(cx, me, &search))
                    .await?;
                self.send(Msg::Chats(list));
            }
            Effect::OpenChat(id) => {
                let c = self.blocking(move |cx, me| chats::get(cx, me, &id)).await?;
                self.send(Msg::Chat(LoadedChat {
                    id: c.id,
                    title: c.title,
                    pinned: c.pinned,
                    doc: c.chat.into_value(),
                }));
            }
            Effect::LoadRefs => {
                let list = self.blocking(refs).await?;
                self.send(Msg::Refs(list));
            }
            Effect::LoadModels => {
                let (list, default) = models(&self.cx, &self.me).await?;
                self.send(Msg::Models { list, default });
            }
            e @ (Effect::Send { .. } | Effect::Regenerate { .. }) => {
                if let Some(t) = Turn::of(e) {
                    self.answer(t).await?
                }
            }
            Effect::SetCurrent {
                chat_id,
                message_id,
            } => {
                self.blocking(move |cx, me| {
                    let mut chat = serde_json::Map::new();
                    chat.insert("history".into(), json!({"currentId": message_id}));
                    let form = chats::ChatForm {
                        chat,
                        variables: None,
                        folder_id: None,
                    };
                    chats::update(cx, me, &chat_id, form).map(|_| ())
                })
                .await?;
            }
            Effect::Stop { chat_id, reply_id } => {
                // the task may not have started yet: look for it a while
                for _ in 0..40 {
                    let running = self.cx.tasks.of_chat(&chat_id);
                    if let Some(r) = running.iter().find(|r| r.message_id == reply_id) {
                        self.cx.tasks.stop(&r.task_id);
                        return Ok(());
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
            Effect::Rename { id, title } => {
                self.blocking(move |cx, me| {
                    let mut chat = serde_json::Map::new();
                    chat.insert("title".into(), json!(title));
                    let form = chats::ChatForm {
                        chat,
                        variables: None,
                        folder_id: None,
                    };
                    chats::update(cx, me, &id, form).map(|_| ())
                })
                .await?;
                self.send(Msg::Info("renamed".into()));
                self.reload_list().await?;
            }
            Effect::Delete(id) => {
                let id2 = id.clone();
                self.blocking(move |cx, me| chats::delete(cx, me, &id2))
                    .await?;
                self.send(Msg::Deleted(id));
            }
            Effect::ToggleFolder { id, expanded } => {
                self.blocking(move |cx, me| {
                    crate::core::folders::update_expanded(cx, me, &id, expanded).map(|_| ())
                })
                .await?;
                self.reload_list().await?;
            }
            Effect::TogglePin(id) => {
                let c = self
                    .blocking(move |cx, me| chats::toggle_pin(cx, me, &id))
                    .await?;
                let what = if c.pinned { "pinned" } else { "unpinned" };
                self.send(Msg::Info(format!("{what} “{}”", c.title)));
                self.reload_list().await?;
            }
            Effect::ToggleArchive(id) => {
                let c = self
                    .blocking(move |cx, me| chats::toggle_archive(cx, me, &id))
                    .await?;
                let what = if c.archived { "archived" } else { "unarchived" };
                self.send(Msg::Info(format!("{what} “{}”", c.title)));
                self.reload_list().await?;
            }
            Effect::Copy(text) => self.send(copy(text).await),
        }
        Ok(())
    }

    async fn reload_list(&self) -> Result<()> {
        // the sidebar shows the unfiltered list after a change
        let list = self.blocking(|cx, me| chat_list(cx, me, "")).await?;
        self.send(Msg::Chats(list));
        Ok(())
    }

    /// One turn, as `owui ask` does it: the user message and an empty
    /// reply stored, then the answer streamed into the chat (titled the
    /// web's way after a first exchange).
    async fn answer(&self, t: Turn) -> Result<()> {
        let Turn {
            chat_id,
            parent,
            user_id,
            reply_id,
            model,
            text,
            files,
        } = t;
        let (cx, me) = (&self.cx, &self.me);
        let fail = |e: Error| Msg::Done {
            chat_id: chat_id.clone().unwrap_or_default(),
            reply_id: reply_id.clone(),
            error: Some(e.to_string()),
            cancelled: false,
        };
        let target = match completions::resolve(cx, me, &model).await {
            Ok(t) => t,
            Err(e) => {
                self.send(fail(e));
                return Ok(());
            }
        };
        let replies = vec![chats::Reply {
            model_id: model.clone(),
            message_id: reply_id.clone(),
            model_idx: None,
        }];
        // a regenerated answer goes under the user message that is there
        let mut user = match &text {
            Some(text) => {
                json!({"id": user_id, "role": "user", "content": text, "models": [model]})
            }
            None => json!({"id": user_id, "models": [model]}),
        };
        if !files.is_empty() {
            user["files"] = json!(files);
        }
        let first = chat_id.is_none();
        let opened = match &chat_id {
            Some(id) => {
                if text.is_some() {
                    user["parentId"] = json!(parent);
                }
                let (id, me) = (id.clone(), me.clone());
                cx.blocking(move |cx| {
                    chats::insert_turn(cx, &me, &id, Some(&user), &replies)?;
                    chats::set_models(cx, &id, &[model])?;
                    Ok(id)
                })
                .await
            }
            None => {
                let me = me.clone();
                cx.blocking(move |cx| chats::open_chat_for_turn(cx, &me, &user, &replies, None))
                    .await
            }
        };
        let chat_id = match opened {
            Ok(id) => id,
            Err(e) => {
                self.send(fail(e));
                return Ok(());
            }
        };
        self.send(Msg::Opened {
            reply_id: reply_id.clone(),
            chat_id: chat_id.clone(),
        });
        let tx = self.tx.clone();
        let rid = reply_id.clone();
        let mut on_delta = move |t: &str| {
            let _ = tx.send(Msg::Delta {
                reply_id: rid.clone(),
                text: t.to_string(),
            });
        };
        let mut form = serde_json::Map::new();
        if !files.is_empty() {
            form.insert("files".into(), json!(files));
        }
        let ans = completions::answer_into_chat(
            cx,
            me,
            target,
            &chat_id,
            &reply_id,
            form,
            first,
            &mut on_delta,
        )
        .await;
        let msg = match ans {
            Ok(a) => Msg::Done {
                chat_id,
                reply_id,
                error: a.error,
                cancelled: a.cancelled,
            },
            Err(e) => Msg::Done {
                chat_id,
                reply_id,
                error: Some(e.to_string()),
                cancelled: false,
            },
        };
        self.send(msg);
        Ok(())
    }
}

/// The sidebar from the library core (see `tui::list`).
pub fn chat_list(cx: &Ctx, me: &Actor, search: &str) -> Result<Vec<ChatItem>> {
    let rows = |v: Vec<chats::TitleItem>| -> Vec<Row> {
        v.into_iter()
            .map(|t| Row {
                id: t.id,
                title: t.title,
            })
            .collect()
    };
    let pinned = rows(chats::pinned(cx, me)?);
    if !search.trim().is_empty() {
        let hits = rows(chats::search::search(cx, me, search, 1)?);
        return Ok(list::search_rows(hits, &pinned));
    }
    // folders switched off or forbidden: no folder rows
    let folders: Vec<Folder> = crate::core::folders::list(cx, me)
        .unwrap_or_default()
        .into_iter()
        .map(|f| Folder {
            id: f.id,
            name: f.name,
            parent_id: f.parent_id,
            is_expanded: f.is_expanded,
        })
        .collect();
    let mut folder_chats = std::collections::HashMap::new();
    for id in list::unfolded(&folders) {
        let mut all = vec![];
        for page in 1..=list::FOLDER_PAGES {
            let got = chats::folder_chat_list(cx, me, &id, page as i64, None, None)?;
            let n = got.len();
            all.extend(rows(got));
            if n < list::FOLDER_PAGE {
                break;
            }
        }
        folder_chats.insert(id, all);
    }
    let q = chats::ListQuery {
        page: Some(1),
        include_pinned: Some(false),
        include_folders: Some(false),
        ..Default::default()
    };
    let others = rows(chats::list(cx, me, &q)?);
    Ok(list::assemble(list::Parts {
        pinned,
        folders,
        folder_chats,
        others,
    }))
}

/// The models the user may use, and the one to start with (the admin's
/// default, else none: the first of the list).
pub async fn models(cx: &Ctx, me: &Actor) -> Result<(Vec<ModelItem>, Option<String>)> {
    let base = crate::core::providers::base_models(cx, false).await;
    let me2 = me.clone();
    let list = cx
        .blocking(move |cx| crate::core::models::merge_list(cx, &me2, base.as_ref().clone()))
        .await?;
    let items: Vec<ModelItem> = list
        .iter()
        .filter_map(|m| {
            let id = m.get("id").and_then(Value::as_str)?.to_string();
            let name = m
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty())
                .unwrap_or(&id)
                .to_string();
            Some(ModelItem { id, name })
        })
        .collect();
    let defaults = cx.store.string("ui.default_models");
    let default = defaults
        .split(',')
        .map(str::trim)
        .find(|d| items.iter().any(|i| i.id == *d))
        .map(String::from);
    Ok((items, default))
}

/// What `#` can attach: the knowledge bases the user can read, then their
/// files, newest first.
pub fn refs(cx: &Ctx, me: &Actor) -> Result<Vec<Ref>> {
    let mut out: Vec<Ref> = knowledge::list(cx, me, None)?
        .items
        .into_iter()
        .map(|k| Ref {
            kind: "collection".into(),
            id: k.knowledge.id,
            name: k.knowledge.name,
        })
        .collect();
    let q = files::FileQuery {
        filename: "*".into(),
        content: false,
        skip: 0,
        limit: 200,
    };
    out.extend(
        files::search(cx, me, files::Scope::Visible, &q)?
            .into_iter()
            .map(|f| Ref {
                kind: "file".into(),
                id: f.file.id,
                name: f.file.filename,
            }),
    );
    Ok(out)
}
