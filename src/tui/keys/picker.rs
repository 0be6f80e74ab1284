//! The model picker (F2, Ctrl-P): a list of the models; Enter picks one
//! for the next messages.

use crossterm::event::{KeyCode, KeyEvent};

use crate::tui::app::{Effect, Mode, State};

/// Open the picker on the model in use; the list loads if not yet there.
pub(super) fn open(s: &mut State) -> Vec<Effect> {
    let i = s
        .models
        .iter()
        .position(|m| Some(&m.id) == s.model.as_ref())
        .unwrap_or(0);
    s.mode = Mode::ModelPicker(i);
    if s.models.is_empty() {
        return vec![Effect::LoadModels];
    }
    vec![]
}

/// The keys of the open picker: move, pick, close.
pub(super) fn key(s: &mut State, k: KeyEvent, i: usize) -> Vec<Effect> {
    let n = s.models.len();
    match k.code {
        KeyCode::Esc | KeyCode::F(2) => s.mode = Mode::Normal,
        KeyCode::Up | KeyCode::Char('k') => s.mode = Mode::ModelPicker(i.saturating_sub(1)),
        KeyCode::Down | KeyCode::Char('j') => {
            s.mode = Mode::ModelPicker((i + 1).min(n.saturating_sub(1)))
        }
        KeyCode::Enter => {
            s.mode = Mode::Normal;
            if let Some(m) = s.models.get(i) {
                s.model = Some(m.id.clone());
                s.keep_model = true;
                s.status = format!("model: {}", m.id);
            }
        }
        _ => {}
    }
    vec![]
}
