//! Keys → actions: which action a key starts, by what is on top (`Mode`),
//! then the keys that work everywhere, then the focused pane; and the
//! table of every key that the help overlay (F1) shows. The actions live
//! by concern: `compose` (the input and sending), `attach` (files),
//! `sidebar` (the chat list and its prompts), `messages` (the message
//! view), `scroll`, `picker` (the model). `commands/chat.md` explains the
//! same keys at more length.

mod attach;
mod compose;
mod messages;
mod picker;
pub mod refs;
mod scroll;
mod sidebar;
#[cfg(test)]
mod tests;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

use super::app::{Effect, Focus, Mode, State};
use super::layout::layout;

/// (section, key, what it does); short enough for two columns at 80×24.
/// Every key that acts in the chat list, the messages or the input is here
/// (a test tries them all); the prompts (model, rename, attach) show their
/// own keys.
pub const KEYS: &[(&str, &str, &str)] = &[
    ("Anywhere", "Ctrl-C", "quit, keeping answers"),
    ("Anywhere", "F1", "this help (also ?)"),
    ("Anywhere", "Esc", "stop the answer / go back"),
    ("Anywhere", "Tab/S-Tab", "move the focus"),
    ("Anywhere", "Ctrl-N", "new chat"),
    ("Anywhere", "F2/Ctrl-P", "pick the model"),
    ("Anywhere", "F3", "rename the chat"),
    ("Anywhere", "Ctrl-F", "search chats"),
    ("Anywhere", "PgUp/PgDn", "scroll the messages"),
    ("Anywhere", "Ctrl-Y", "copy the last answer"),
    ("Anywhere", "F5", "regenerate last answer"),
    ("Anywhere", "Ctrl-O", "attach / remove a file"),
    ("Anywhere", "Ctrl-X", "remove the last # item"),
    ("Anywhere", "mouse wheel", "scroll messages / chats"),
    ("Input", "Enter", "send"),
    ("Input", "Alt-Enter", "new line"),
    ("Input", "Up/Down", "earlier prompts"),
    ("Input", "#", "attach knowledge/file"),
    ("Chats", "Up/Down j/k", "move"),
    ("Chats", "Home/End g/G", "first / last"),
    ("Chats", "Enter", "open the chat"),
    ("Chats", "Enter/Space", "fold / unfold a folder"),
    ("Chats", "/", "search as you type"),
    ("Chats", "n", "new chat"),
    ("Chats", "r", "rename"),
    ("Chats", "p", "pin / unpin"),
    ("Chats", "a", "archive"),
    ("Chats", "d/Delete", "delete (asks y/n)"),
    ("Messages", "Up/Down", "select a message"),
    ("Messages", "j/k", "scroll a line"),
    ("Messages", "Home/End g/G", "top / bottom"),
    ("Messages", "y", "copy selected (or last)"),
    ("Messages", "c", "copy code block (cycles)"),
    ("Messages", "e", "edit & resend selected"),
    ("Messages", "r", "regenerate last answer"),
    ("Messages", "Left/Right", "other branch (h/l, </>)"),
    ("Messages", "/", "search chats"),
];

/// Leave (Ctrl-C, SIGTERM): stop the answer being written first, so that
/// it is saved; asked twice, leave now.
pub(super) fn quit(s: &mut State) -> Vec<Effect> {
    if s.quit {
        // asked twice: leave now
        return vec![Effect::Quit];
    }
    s.quit = true;
    match &s.streaming {
        // stop first so the partial answer is saved; Done then quits
        Some(st) if st.chat_id.is_some() => {
            let fx = vec![Effect::Stop {
                chat_id: st.chat_id.clone().unwrap_or_default(),
                reply_id: st.reply_id.clone(),
            }];
            s.status = "stopping…".into();
            fx
        }
        _ => vec![Effect::Quit],
    }
}

/// The mouse wheel: the chat list under the pointer, else the messages.
pub(super) fn on_mouse(s: &mut State, m: MouseEvent) -> Vec<Effect> {
    let in_sidebar = layout(s).in_sidebar(m.column, m.row);
    match m.kind {
        MouseEventKind::ScrollUp if in_sidebar => sidebar::up(s),
        MouseEventKind::ScrollDown if in_sidebar => sidebar::down(s),
        MouseEventKind::ScrollUp => scroll::by(s, 3),
        MouseEventKind::ScrollDown => scroll::by(s, -3),
        _ => {}
    }
    vec![]
}

pub(super) fn on_key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(k.code, KeyCode::Char('c')) {
        return quit(s);
    }
    // a prompt or an overlay takes every key
    match s.mode.clone() {
        Mode::Help => {
            if matches!(
                k.code,
                KeyCode::Esc
                    | KeyCode::F(1)
                    | KeyCode::Char('?')
                    | KeyCode::Char('q')
                    | KeyCode::Enter
            ) {
                s.mode = Mode::Normal;
            }
            return vec![];
        }
        Mode::ModelPicker(i) => return picker::key(s, k, i),
        Mode::Rename(id) => return sidebar::rename_key(s, k, id),
        Mode::ConfirmDelete(id, _) => return sidebar::confirm_delete(s, k, id),
        Mode::Search => return sidebar::search_key(s, k),
        Mode::Attach => return attach::prompt_key(s, k),
        Mode::RefPicker(i) => return refs::key(s, k, i),
        Mode::Normal => {}
    }
    // keys that work everywhere
    match (k.code, ctrl) {
        (KeyCode::F(1), _) => {
            s.mode = Mode::Help;
            return vec![];
        }
        (KeyCode::F(2), _) | (KeyCode::Char('p'), true) => return picker::open(s),
        (KeyCode::F(3), _) => return sidebar::start_rename(s),
        (KeyCode::Char('n'), true) => return sidebar::new_chat(s),
        (KeyCode::Char('f'), true) => return sidebar::start_search(s),
        (KeyCode::Esc, _) => return back(s),
        (KeyCode::Tab, _) => {
            s.focus = match s.focus {
                Focus::Input => Focus::Sidebar,
                Focus::Sidebar => Focus::Messages,
                Focus::Messages => Focus::Input,
            };
            return vec![];
        }
        (KeyCode::BackTab, _) => {
            s.focus = match s.focus {
                Focus::Input => Focus::Messages,
                Focus::Messages => Focus::Sidebar,
                Focus::Sidebar => Focus::Input,
            };
            return vec![];
        }
        (KeyCode::PageUp, _) => {
            scroll::page_up(s);
            return vec![];
        }
        (KeyCode::PageDown, _) => {
            scroll::page_down(s);
            return vec![];
        }
        (KeyCode::Char('y'), true) => return messages::copy_last(s),
        (KeyCode::Char('o'), true) => return attach::toggle(s),
        (KeyCode::Char('x'), true) => return refs::remove_last(s),
        (KeyCode::F(5), _) => return compose::regenerate(s),
        _ => {}
    }
    match s.focus {
        Focus::Input => compose::key(s, k),
        Focus::Sidebar => sidebar::key(s, k),
        Focus::Messages => messages::key(s, k),
    }
}

/// Esc: undo the nearest thing, first the answer being written, last the
/// focus (back to the input).
fn back(s: &mut State) -> Vec<Effect> {
    if s.streaming.is_some() {
        return compose::stop(s);
    }
    if s.attachment.is_some() {
        return attach::remove(s);
    }
    if s.editing.is_some() {
        return compose::cancel_edit(s);
    }
    if s.focus == Focus::Messages && s.sel.is_some() {
        s.sel = None;
        return vec![];
    }
    if s.focus == Focus::Sidebar && !s.search.is_empty() {
        return sidebar::clear_search(s);
    }
    s.focus = Focus::Input;
    vec![]
}
