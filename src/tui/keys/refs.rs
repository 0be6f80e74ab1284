//! `#` in the input: a picker of the knowledge bases and files the user
//! can read, filtered by the word typed after the `#`; the one chosen is
//! attached to the next message (its `files`, which the answer retrieves
//! from) and the `#word` leaves the text. Ctrl-X removes the last one.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::app::{Effect, Mode, Ref, State};

/// Whether `#` typed now starts a word: at the start of the input or
/// after a space.
pub(super) fn at_word_start(s: &State) -> bool {
    let ratatui_textarea::DataCursor(row, col) = s.input.cursor();
    let line = s.input.lines().get(row).map(String::as_str).unwrap_or("");
    col == 0 || line.chars().nth(col - 1).is_some_and(char::is_whitespace)
}

/// `#` at the start of a word: type it and open the picker.
pub(super) fn open(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    s.input.input(k);
    s.ref_query.clear();
    s.mode = Mode::RefPicker(0);
    vec![Effect::LoadRefs]
}

/// The choices the typed word matches (case-insensitive, anywhere in the
/// name), those not attached yet.
pub fn matches(s: &State) -> Vec<&Ref> {
    let q = s.ref_query.to_lowercase();
    s.ref_list
        .iter()
        .filter(|r| !s.refs.contains(r) && r.name.to_lowercase().contains(&q))
        .collect()
}

/// The picker's keys: typing filters (and goes into the text), Up/Down
/// move, Enter or Tab attaches, Esc closes and keeps the text.
pub(super) fn key(s: &mut State, k: KeyEvent, sel: usize) -> Vec<Effect> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    match k.code {
        KeyCode::Esc => s.mode = Mode::Normal,
        KeyCode::Up => s.mode = Mode::RefPicker(sel.saturating_sub(1)),
        KeyCode::Down => {
            let last = matches(s).len().saturating_sub(1);
            s.mode = Mode::RefPicker((sel + 1).min(last));
        }
        KeyCode::Enter | KeyCode::Tab => {
            let Some(r) = matches(s).get(sel).map(|r| (*r).clone()) else {
                s.status = "nothing matches: Esc closes".into();
                return vec![];
            };
            for _ in 0..s.ref_query.chars().count() + 1 {
                s.input.delete_char();
            }
            s.status = format!("attached #{}: Ctrl-X removes it", r.name);
            s.refs.push(r);
            s.ref_query.clear();
            s.mode = Mode::Normal;
        }
        KeyCode::Backspace => {
            s.input.delete_char();
            if s.ref_query.pop().is_none() {
                s.mode = Mode::Normal;
            } else {
                s.mode = Mode::RefPicker(0);
            }
        }
        KeyCode::Char(c) if c.is_whitespace() => {
            s.input.input(k);
            s.mode = Mode::Normal;
        }
        KeyCode::Char(c) if !ctrl => {
            s.input.input(k);
            s.ref_query.push(c);
            s.mode = Mode::RefPicker(0);
        }
        _ => {}
    }
    vec![]
}

/// Ctrl-X: remove the last `#` attachment.
pub(super) fn remove_last(s: &mut State) -> Vec<Effect> {
    s.status = match s.refs.pop() {
        Some(r) => format!("removed #{}", r.name),
        None => "nothing attached with #".into(),
    };
    vec![]
}
