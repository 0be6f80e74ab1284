//! The widgets of `owui chat`, one per file; each draws from `&State`
//! into the area that `layout` gives it, without side effects, except that
//! the message view keeps its rendered lines in the state's cache.

pub mod help;
pub mod input;
pub mod messages;
pub mod picker;
pub mod sidebar;
pub mod status;

use ratatui::Frame;

use super::app::{Mode, State};
use super::layout::layout;

/// Draw the whole screen.
pub fn draw(f: &mut Frame, s: &State) {
    let a = layout(s);
    if let Some(r) = a.sidebar {
        sidebar::draw(f, r, s);
    }
    messages::draw(f, a.messages, s);
    input::draw(f, a.input, s);
    if let Mode::RefPicker(i) = &s.mode {
        picker::draw_refs(f, a.input, s, *i);
    }
    status::draw(f, a.status, s);
    match &s.mode {
        Mode::Help => help::draw(f, f.area(), s),
        Mode::ModelPicker(i) => picker::draw(f, f.area(), s, *i),
        Mode::Rename(_) => picker::draw_rename(f, f.area(), s),
        Mode::ConfirmDelete(_, title) => picker::draw_confirm(f, f.area(), s, title),
        Mode::Normal | Mode::Search | Mode::Attach | Mode::RefPicker(_) => {}
    }
}
