//! The input and sending: the prompt editor's keys (Enter sends,
//! Alt-Enter a new line, Up/Down earlier prompts), a new message or a
//! regenerated answer, editing one of your messages, and stopping the
//! answer being written.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::attach::with_attachment;
use crate::tui::app::{Effect, Focus, Mode, State, Streaming};
use crate::tui::branch::Message;
use crate::util::new_id;

/// The keys of the input, when it has the focus.
pub(super) fn key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    let alt = k.modifiers.contains(KeyModifiers::ALT) || k.modifiers.contains(KeyModifiers::SHIFT);
    match k.code {
        KeyCode::Enter if alt => {
            s.input.insert_newline();
            vec![]
        }
        KeyCode::Enter => send(s),
        KeyCode::Up if s.input.is_empty() || s.history_pos.is_some() => {
            if s.history.is_empty() {
                return vec![];
            }
            let i = match s.history_pos {
                Some(i) => i.saturating_sub(1),
                None => s.history.len() - 1,
            };
            s.history_pos = Some(i);
            let t = s.history[i].clone();
            s.set_input(&t);
            vec![]
        }
        KeyCode::Down if s.history_pos.is_some() => {
            let i = s.history_pos.unwrap_or(0) + 1;
            if i >= s.history.len() {
                s.history_pos = None;
                s.reset_input();
            } else {
                s.history_pos = Some(i);
                let t = s.history[i].clone();
                s.set_input(&t);
            }
            vec![]
        }
        KeyCode::Char('#')
            if !k
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                && super::refs::at_word_start(s) =>
        {
            super::refs::open(s, k)
        }
        KeyCode::Char('?') if s.input.is_empty() && k.modifiers.is_empty() => {
            s.mode = Mode::Help;
            vec![]
        }
        _ => {
            s.history_pos = None;
            s.input.input(k);
            vec![]
        }
    }
}

/// Enter: send the input (and the attached file) as a new message, or
/// as the new version of the message being edited.
fn send(s: &mut State) -> Vec<Effect> {
    let typed = s.input_text();
    if typed.trim().is_empty() && s.attachment.is_none() {
        return vec![];
    }
    if s.streaming.is_some() {
        s.status = "an answer is being written: Esc stops it".into();
        return vec![];
    }
    let Some(model) = s.model.clone() else {
        s.status = "no model: pick one with F2".into();
        return vec![];
    };
    let text = match &s.attachment {
        Some(a) => with_attachment(&typed, a),
        None => typed.clone(),
    };
    let user_id = new_id();
    let reply_id = new_id();
    let mut parent = s.messages.last().map(|m| m.id.clone());
    let mut sibling = (1, 1);
    // an edit: a new sibling of the edited message, under the same parent
    if let Some(id) = s.editing.take()
        && s.chat_id.is_some()
        && let Some(i) = s.messages.iter().position(|m| m.id == id)
    {
        parent = i.checked_sub(1).map(|p| s.messages[p].id.clone());
        let n = s.messages[i].sibling.1 + 1;
        sibling = (n, n);
        s.messages.truncate(i);
    }
    s.attachment = None;
    let files: Vec<serde_json::Value> = s.refs.drain(..).map(|r| r.item()).collect();
    s.sel = None;
    s.code_pick = None;
    s.messages.push(Message {
        id: user_id.clone(),
        role: "user".into(),
        content: text.clone(),
        model: None,
        done: true,
        sibling,
        error: None,
        sources: vec![],
    });
    s.messages.push(Message {
        id: reply_id.clone(),
        role: "assistant".into(),
        content: String::new(),
        model: Some(model.clone()),
        done: false,
        sibling: (1, 1),
        error: None,
        sources: vec![],
    });
    if !typed.trim().is_empty() && s.history.last() != Some(&typed) {
        s.history.push(typed);
    }
    s.history_pos = None;
    s.reset_input();
    s.scroll = 0;
    s.streaming = Some(Streaming {
        chat_id: s.chat_id.clone(),
        reply_id: reply_id.clone(),
        stopping: false,
    });
    s.status = "sent".into();
    vec![Effect::Send {
        chat_id: s.chat_id.clone(),
        parent,
        user_id,
        reply_id,
        model,
        text,
        files,
    }]
}

/// Ask again for the last answer: a new sibling under the same user
/// message, as the web's regenerate button does.
pub(super) fn regenerate(s: &mut State) -> Vec<Effect> {
    if s.streaming.is_some() {
        s.status = "an answer is being written: Esc stops it".into();
        return vec![];
    }
    let (Some(chat_id), Some(model)) = (s.chat_id.clone(), s.model.clone()) else {
        s.status = "nothing to regenerate".into();
        return vec![];
    };
    let n = s.messages.len();
    if n < 2 || s.messages[n - 1].role != "assistant" || s.messages[n - 2].role != "user" {
        s.status = "nothing to regenerate".into();
        return vec![];
    }
    let user_id = s.messages[n - 2].id.clone();
    let count = s.messages[n - 1].sibling.1 + 1;
    let reply_id = new_id();
    s.messages[n - 1] = Message {
        id: reply_id.clone(),
        role: "assistant".into(),
        content: String::new(),
        model: Some(model.clone()),
        done: false,
        sibling: (count, count),
        error: None,
        sources: vec![],
    };
    s.scroll = 0;
    s.streaming = Some(Streaming {
        chat_id: Some(chat_id.clone()),
        reply_id: reply_id.clone(),
        stopping: false,
    });
    s.status = "regenerating".into();
    vec![Effect::Regenerate {
        chat_id,
        user_id,
        reply_id,
        model,
    }]
}

/// `e`: put the selected user message into the input; Enter then sends it
/// as a new sibling (a branch), as the web's edit does.
pub(super) fn start_edit(s: &mut State) -> Vec<Effect> {
    if s.streaming.is_some() {
        s.status = "an answer is being written: Esc stops it".into();
        return vec![];
    }
    let Some(m) = s.selected_message() else {
        s.status = "select a message first (Up/Down)".into();
        return vec![];
    };
    if m.role != "user" {
        s.status = "only your messages can be edited".into();
        return vec![];
    }
    if s.chat_id.is_none() {
        return vec![];
    }
    let (id, text) = (m.id.clone(), m.content.clone());
    s.set_input(&text);
    s.editing = Some(id);
    s.history_pos = None;
    s.focus = Focus::Input;
    s.status = "editing: Enter sends it as a new branch, Esc cancels".into();
    vec![]
}

/// Esc while editing: back to an empty input.
pub(super) fn cancel_edit(s: &mut State) -> Vec<Effect> {
    s.editing = None;
    s.reset_input();
    s.focus = Focus::Input;
    s.status = "edit cancelled".into();
    vec![]
}

/// Esc while an answer is being written: stop it (once the core has
/// opened its chat; else when it does).
pub(super) fn stop(s: &mut State) -> Vec<Effect> {
    let Some(st) = &mut s.streaming else {
        return vec![];
    };
    st.stopping = true;
    s.status = "stopping…".into();
    if let Some(c) = &st.chat_id {
        return vec![Effect::Stop {
            chat_id: c.clone(),
            reply_id: st.reply_id.clone(),
        }];
    }
    vec![]
}
