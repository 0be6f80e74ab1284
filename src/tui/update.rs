//! The one way the state changes: `update(state, msg)` applies a key, a
//! mouse event or a core answer, and returns the effects to run (core
//! calls, done by `tui::effects` in tasks that answer with more `Msg`s).
//! No terminal and no database here, so every key can be tested by
//! feeding `Msg::Key`.

use crossterm::event::KeyEventKind;
use serde_json::Value;

use super::app::{Effect, Focus, Mode, Msg, State};
use super::branch::branch_of;
use super::keys;
use super::layout::max_scroll;

/// Apply one `Msg`; returns the effects to run.
pub fn update(s: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) if k.kind != KeyEventKind::Release => keys::on_key(s, k),
        Msg::Key(_) => vec![],
        Msg::Mouse(m) => keys::on_mouse(s, m),
        Msg::Paste(t) => {
            match &mut s.mode {
                Mode::Rename(_) | Mode::Attach => s.line.push_str(&t.replace('\n', " ")),
                Mode::RefPicker(_) => {
                    let t = t.replace('\n', " ");
                    s.input.insert_str(&t);
                    s.ref_query.push_str(&t);
                    s.mode = Mode::RefPicker(0);
                }
                Mode::Search => {
                    s.search.push_str(&t.replace('\n', " "));
                    return vec![Effect::LoadChats {
                        search: s.search.clone(),
                    }];
                }
                _ => {
                    s.focus = Focus::Input;
                    s.input.insert_str(&t);
                }
            }
            vec![]
        }
        Msg::Resize(w, h) => {
            s.size = (w, h);
            s.scroll = s.scroll.min(max_scroll(s));
            vec![]
        }
        Msg::Tick => {
            if s.streaming.is_some() {
                s.frame = s.frame.wrapping_add(1);
            }
            vec![]
        }
        Msg::Quit => keys::quit(s),
        Msg::Chats(list) => {
            s.chats = list;
            if s.selected >= s.chats.len() {
                s.selected = s.chats.len().saturating_sub(1);
            }
            vec![]
        }
        Msg::Chat(c) => {
            // a reload must not wipe the answer being streamed into it
            if s.streaming
                .as_ref()
                .is_some_and(|st| st.chat_id.as_deref() == Some(&c.id))
            {
                s.title = c.title;
                s.pinned = c.pinned;
                return vec![];
            }
            if s.chat_id.as_deref() != Some(&c.id) {
                s.scroll = 0;
                s.sel = None;
                s.editing = None;
            }
            s.messages = branch_of(&c.doc);
            if s.sel.is_some_and(|i| i >= s.messages.len()) {
                s.sel = None;
            }
            s.doc = c.doc.clone();
            s.chat_id = Some(c.id);
            s.title = c.title;
            s.pinned = c.pinned;
            if !s.keep_model
                && let Some(m) = c
                    .doc
                    .pointer("/models/0")
                    .and_then(Value::as_str)
                    .filter(|m| !m.is_empty())
            {
                s.model = Some(m.to_string());
            }
            vec![]
        }
        Msg::Models { list, default } => {
            s.models = list;
            if s.model.is_none() {
                s.model = default.or_else(|| s.models.first().map(|m| m.id.clone()));
            }
            if s.model.is_none() {
                s.status = match &s.server {
                    Some(host) => format!("no model available on {host}"),
                    None => {
                        "no model available: add a connection with `owui connections add`".into()
                    }
                };
            }
            vec![]
        }
        Msg::Opened { reply_id, chat_id } => {
            let mut fx = vec![Effect::LoadChats {
                search: s.search.clone(),
            }];
            if let Some(st) = &mut s.streaming
                && st.reply_id == reply_id
            {
                st.chat_id = Some(chat_id.clone());
                if st.stopping {
                    fx.push(Effect::Stop {
                        chat_id: chat_id.clone(),
                        reply_id,
                    });
                }
            }
            if s.chat_id.is_none() {
                s.chat_id = Some(chat_id);
                s.title = "New Chat".into();
            }
            fx
        }
        Msg::Delta { reply_id, text } => {
            if let Some(m) = s.messages.iter_mut().find(|m| m.id == reply_id) {
                m.content.push_str(&text);
            }
            vec![]
        }
        Msg::Done {
            chat_id,
            reply_id,
            error,
            cancelled,
        } => {
            if s.streaming
                .as_ref()
                .is_some_and(|st| st.reply_id == reply_id)
            {
                s.streaming = None;
            }
            if let Some(m) = s.messages.iter_mut().find(|m| m.id == reply_id) {
                m.done = true;
                m.error = error.clone();
            }
            s.status = match (&error, cancelled) {
                (Some(e), _) => format!("error: {e}"),
                (None, true) => "stopped".into(),
                _ => "done".into(),
            };
            let mut fx = vec![Effect::LoadChats {
                search: s.search.clone(),
            }];
            if s.chat_id.as_deref() == Some(&chat_id) {
                fx.push(Effect::OpenChat(chat_id));
            }
            if s.quit {
                fx.push(Effect::Quit);
            }
            fx
        }
        Msg::Deleted(id) => {
            if s.chat_id.as_deref() == Some(&id) {
                s.new_chat();
            }
            s.status = "chat deleted".into();
            vec![Effect::LoadChats {
                search: s.search.clone(),
            }]
        }
        Msg::Error(e) => {
            s.status = format!("error: {e}");
            if let Some(st) = s.streaming.take()
                && let Some(m) = s.messages.iter_mut().find(|m| m.id == st.reply_id)
            {
                m.done = true;
            }
            if s.quit {
                return vec![Effect::Quit];
            }
            vec![]
        }
        Msg::Refs(list) => {
            s.ref_list = list;
            vec![]
        }
        Msg::Info(t) => {
            s.status = t;
            vec![]
        }
    }
}
