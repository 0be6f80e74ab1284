//! The message view: selecting a message, copying it or a code block,
//! editing and regenerating, moving between branches.

use crossterm::event::{KeyCode, KeyEvent};
use serde_json::Value;

use super::{compose, scroll, sidebar};
use crate::tui::app::{Effect, Mode, State};
use crate::tui::branch::{branch_of, sibling_leaf};

/// The keys of the message view, when it has the focus.
pub(super) fn key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    let n = s.messages.len();
    match k.code {
        KeyCode::Up if n > 0 => {
            s.sel = Some(match s.sel {
                Some(i) => i.min(n - 1).saturating_sub(1),
                None => n - 1,
            });
            scroll::to_selected(s);
        }
        KeyCode::Down if n > 0 => {
            s.sel = match s.sel {
                Some(i) if i + 1 < n => Some(i + 1),
                // past the last message: back to following the bottom
                _ => {
                    s.scroll = 0;
                    None
                }
            };
            scroll::to_selected(s);
        }
        KeyCode::Char('k') => scroll::by(s, 1),
        KeyCode::Char('j') => scroll::by(s, -1),
        KeyCode::Home | KeyCode::Char('g') => scroll::top(s),
        KeyCode::End | KeyCode::Char('G') => scroll::bottom(s),
        KeyCode::Char('y') => match s.selected_message() {
            Some(m) => {
                let text = m.content.clone();
                s.status = format!("copied {}", who(&m.role));
                return vec![Effect::Copy(text)];
            }
            None => return copy_last(s),
        },
        KeyCode::Char('c') => return copy_code(s),
        KeyCode::Char('e') => return compose::start_edit(s),
        KeyCode::Char('r') => return compose::regenerate(s),
        KeyCode::Left | KeyCode::Char('h') | KeyCode::Char('<') => return switch_branch(s, -1),
        KeyCode::Right | KeyCode::Char('l') | KeyCode::Char('>') => return switch_branch(s, 1),
        KeyCode::Char('?') => s.mode = Mode::Help,
        KeyCode::Char('/') => return sidebar::start_search(s),
        _ => {}
    }
    vec![]
}

fn who(role: &str) -> &str {
    if role == "user" {
        "your message"
    } else {
        "the answer"
    }
}

/// Ctrl-Y: copy the last answer.
pub(super) fn copy_last(s: &mut State) -> Vec<Effect> {
    match s.messages.iter().rev().find(|m| m.role == "assistant") {
        Some(m) => {
            s.status = "copied the last answer".into();
            vec![Effect::Copy(m.content.clone())]
        }
        None => {
            s.status = "nothing to copy".into();
            vec![]
        }
    }
}

/// `c`: copy a code block of the selected message (else of the last
/// answer): the last block, then the one before it on each repeat.
fn copy_code(s: &mut State) -> Vec<Effect> {
    let m = match s.selected_message() {
        Some(m) => m,
        None => match s.messages.iter().rev().find(|m| m.role == "assistant") {
            Some(m) => m,
            None => {
                s.status = "no code block to copy".into();
                return vec![];
            }
        },
    };
    let blocks = crate::tui::markdown::code_blocks(&m.content);
    if blocks.is_empty() {
        s.status = "no code block in this message".into();
        return vec![];
    }
    let n = blocks.len();
    let i = match &s.code_pick {
        Some((id, i)) if *id == m.id => (i + n - 1) % n,
        _ => n - 1,
    };
    let id = m.id.clone();
    let code = blocks[i].1.clone();
    s.code_pick = Some((id, i));
    s.status = format!("copied code block {}/{n} (c again: the one before)", i + 1);
    vec![Effect::Copy(code)]
}

/// Show the previous (-1) or next (+1) sibling of the last message of the
/// branch that has siblings, then its latest descendants, as the web's
/// ‹ › arrows do; the choice is saved as the chat's current message.
fn switch_branch(s: &mut State, step: isize) -> Vec<Effect> {
    if s.streaming.is_some() {
        return vec![];
    }
    let Some(chat_id) = s.chat_id.clone() else {
        return vec![];
    };
    let at = match s.sel.filter(|&i| i < s.messages.len()) {
        Some(i) if s.messages[i].sibling.1 > 1 => i,
        Some(_) => {
            s.status = "this message has no siblings".into();
            return vec![];
        }
        None => match s.messages.iter().rposition(|m| m.sibling.1 > 1) {
            Some(i) => i,
            None => {
                s.status = "no other branch".into();
                return vec![];
            }
        },
    };
    let Some(leaf) = sibling_leaf(&s.doc, &s.messages[at].id, step) else {
        return vec![];
    };
    s.doc["history"]["currentId"] = Value::String(leaf.clone());
    s.messages = branch_of(&s.doc);
    s.code_pick = None;
    if s.sel.is_some() {
        scroll::to_selected(s);
    } else {
        s.scroll = 0;
    }
    vec![Effect::SetCurrent {
        chat_id,
        message_id: leaf,
    }]
}
