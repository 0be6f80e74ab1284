//! The widgets of `owui chat`, one per file; each draws from `&State`
//! without side effects, except that the message view keeps its rendered
//! lines in the state's cache. `layout` places them (used by `update` too,
//! to know how far the message view scrolls).

pub mod help;
pub mod input;
pub mod messages;
pub mod picker;
pub mod sidebar;
pub mod status;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};

use super::app::{Focus, Mode, State, Theme};

/// Where each widget goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    /// None on a narrow terminal (unless the chat list has the focus).
    pub sidebar: Option<Rect>,
    pub messages: Rect,
    pub input: Rect,
    pub status: Rect,
}

/// Sidebar width; it is hidden below `NARROW` columns.
const SIDEBAR: u16 = 24;
const NARROW: u16 = 60;

pub fn layout(s: &State) -> Areas {
    let area = Rect::new(0, 0, s.size.0, s.size.1);
    let [body, status] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let show_sidebar = s.size.0 >= NARROW || s.focus == Focus::Sidebar;
    let (sidebar, main) = if show_sidebar {
        let w = SIDEBAR.min(body.width / 2);
        let [a, b] = Layout::horizontal([Constraint::Length(w), Constraint::Min(10)]).areas(body);
        (Some(a), b)
    } else {
        (None, body)
    };
    let rows = input::height(s, main.width);
    let [messages, input] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(rows)]).areas(main);
    Areas {
        sidebar,
        messages,
        input,
        status,
    }
}

/// Draw the whole screen.
pub fn draw(f: &mut Frame, s: &State) {
    let a = layout(s);
    if let Some(r) = a.sidebar {
        sidebar::draw(f, r, s);
    }
    messages::draw(f, a.messages, s);
    input::draw(f, a.input, s);
    status::draw(f, a.status, s);
    match &s.mode {
        Mode::Help => help::draw(f, f.area(), s),
        Mode::ModelPicker(i) => picker::draw(f, f.area(), s, *i),
        Mode::Rename(_) => picker::draw_rename(f, f.area(), s),
        Mode::ConfirmDelete(_, title) => picker::draw_confirm(f, f.area(), s, title),
        Mode::Normal | Mode::Search | Mode::Attach => {}
    }
}

/// The styles of the screen for a theme; without colour only modifiers.
pub struct Styles {
    pub accent: Style,
    pub dim: Style,
    pub user: Style,
    pub assistant: Style,
    pub error: Style,
    pub selected: Style,
    pub border: Style,
    pub border_focus: Style,
    pub bar: Style,
}

pub fn styles(t: Theme) -> Styles {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    match t {
        Theme::NoColor => Styles {
            accent: bold,
            dim: Style::default().add_modifier(Modifier::DIM),
            user: bold,
            assistant: bold,
            error: bold,
            selected: Style::default().add_modifier(Modifier::REVERSED),
            border: Style::default(),
            border_focus: bold,
            bar: Style::default().add_modifier(Modifier::REVERSED),
        },
        Theme::Dark | Theme::Light => {
            let (accent, green, dim) = if t == Theme::Dark {
                (Color::Cyan, Color::Green, Color::DarkGray)
            } else {
                (Color::Blue, Color::Green, Color::Gray)
            };
            Styles {
                accent: Style::default().fg(accent),
                dim: Style::default().fg(dim),
                user: bold.fg(accent),
                assistant: bold.fg(green),
                error: Style::default().fg(Color::Red),
                selected: Style::default().add_modifier(Modifier::REVERSED),
                border: Style::default().fg(dim),
                border_focus: Style::default().fg(accent),
                bar: Style::default().add_modifier(Modifier::REVERSED),
            }
        }
    }
}

/// A rectangle of at most `w`×`h` in the middle of `r`.
pub fn centered(r: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(r.width);
    let h = h.min(r.height);
    Rect::new(r.x + (r.width - w) / 2, r.y + (r.height - h) / 2, w, h)
}
