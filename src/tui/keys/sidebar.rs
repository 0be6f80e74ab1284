//! The chat list: moving, opening, folding folders, and the commands on a
//! chat (new, rename, pin, archive, delete), with the search, rename and
//! delete prompts.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::app::{Effect, Focus, Mode, State};

/// The keys of the chat list, when it has the focus.
pub(super) fn key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    let n = s.chats.len();
    match k.code {
        KeyCode::Up | KeyCode::Char('k') => up(s),
        KeyCode::Down | KeyCode::Char('j') => down(s),
        KeyCode::Home | KeyCode::Char('g') => s.selected = 0,
        KeyCode::End | KeyCode::Char('G') => s.selected = n.saturating_sub(1),
        KeyCode::Enter | KeyCode::Char(' ')
            if s.chats.get(s.selected).is_some_and(|c| c.folder.is_some()) =>
        {
            let f = &s.chats[s.selected];
            return vec![Effect::ToggleFolder {
                id: f.id.clone(),
                expanded: f.folder != Some(true),
            }];
        }
        KeyCode::Enter => {
            if let Some(c) = s.selected_chat() {
                let id = c.id.clone();
                s.focus = Focus::Input;
                return vec![Effect::OpenChat(id)];
            }
        }
        KeyCode::Char('/') => return start_search(s),
        KeyCode::Char('?') => s.mode = Mode::Help,
        KeyCode::Char('n') => s.new_chat(),
        KeyCode::Char('r') => return start_rename(s),
        KeyCode::Char('d') | KeyCode::Delete => {
            if let Some(c) = s.selected_chat() {
                s.mode = Mode::ConfirmDelete(c.id.clone(), c.title.clone());
            }
        }
        KeyCode::Char('p') => {
            if let Some(c) = s.selected_chat() {
                return vec![Effect::TogglePin(c.id.clone())];
            }
        }
        KeyCode::Char('a') => {
            if let Some(c) = s.selected_chat() {
                let id = c.id.clone();
                if s.chat_id.as_deref() == Some(&id) {
                    s.new_chat();
                    s.focus = Focus::Sidebar;
                }
                return vec![Effect::ToggleArchive(id)];
            }
        }
        _ => {}
    }
    vec![]
}

/// The row above.
pub(super) fn up(s: &mut State) {
    s.selected = s.selected.saturating_sub(1);
}

/// The row below.
pub(super) fn down(s: &mut State) {
    s.selected = (s.selected + 1).min(s.chats.len().saturating_sub(1));
}

/// Ctrl-N: an empty chat.
pub(super) fn new_chat(s: &mut State) -> Vec<Effect> {
    s.new_chat();
    s.status = "new chat".into();
    vec![]
}

/// Ctrl-F, `/`: type to filter the chat list (which takes the focus).
pub(super) fn start_search(s: &mut State) -> Vec<Effect> {
    s.focus = Focus::Sidebar;
    s.mode = Mode::Search;
    vec![]
}

/// Esc in a filtered list: the whole list again.
pub(super) fn clear_search(s: &mut State) -> Vec<Effect> {
    s.search.clear();
    s.selected = 0;
    vec![Effect::LoadChats {
        search: String::new(),
    }]
}

/// The search prompt: typing filters the list as it goes.
pub(super) fn search_key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    match k.code {
        KeyCode::Esc => {
            s.mode = Mode::Normal;
            s.search.clear();
        }
        KeyCode::Enter | KeyCode::Down | KeyCode::Tab => {
            s.mode = Mode::Normal;
            s.selected = 0;
            return vec![];
        }
        KeyCode::Backspace => {
            s.search.pop();
        }
        KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => s.search.push(c),
        _ => return vec![],
    }
    s.selected = 0;
    vec![Effect::LoadChats {
        search: s.search.clone(),
    }]
}

/// F3, `r`: ask for a new title of the chat acted on.
pub(super) fn start_rename(s: &mut State) -> Vec<Effect> {
    match s.target() {
        Some((id, title)) => {
            s.line = title;
            s.mode = Mode::Rename(id);
        }
        None => s.status = "no chat to rename".into(),
    }
    vec![]
}

/// The rename prompt: Enter saves the title typed.
pub(super) fn rename_key(s: &mut State, k: KeyEvent, id: String) -> Vec<Effect> {
    match k.code {
        KeyCode::Esc => s.mode = Mode::Normal,
        KeyCode::Enter => {
            s.mode = Mode::Normal;
            let title = s.line.trim().to_string();
            if title.is_empty() {
                s.status = "the title is empty".into();
                return vec![];
            }
            if s.chat_id.as_deref() == Some(&id) {
                s.title = title.clone();
            }
            return vec![Effect::Rename { id, title }];
        }
        KeyCode::Backspace => {
            s.line.pop();
        }
        KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => s.line.push(c),
        _ => {}
    }
    vec![]
}

/// The delete question: `y` deletes, any other key keeps the chat.
pub(super) fn confirm_delete(s: &mut State, k: KeyEvent, id: String) -> Vec<Effect> {
    s.mode = Mode::Normal;
    if matches!(k.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
        return vec![Effect::Delete(id)];
    }
    s.status = "not deleted".into();
    vec![]
}
