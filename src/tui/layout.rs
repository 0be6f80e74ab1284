//! Where everything is on the screen, in one place for the widgets that
//! draw there and the keys that scroll and click there: the area of each
//! widget, the message view's text area and how far it scrolls, and which
//! area a mouse event falls in.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::widgets::{Block, Borders};

use super::app::{Focus, State};
use super::view::hint;

/// Where each widget goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    /// None on a narrow terminal (unless the chat list has the focus).
    pub sidebar: Option<Rect>,
    pub messages: Rect,
    pub input: Rect,
    pub status: Rect,
}

impl Areas {
    /// Whether the cell at (`column`, `row`) is in the chat list.
    pub fn in_sidebar(&self, column: u16, row: u16) -> bool {
        self.sidebar
            .is_some_and(|r| r.contains(Position::new(column, row)))
    }
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
    let rows = input_height(s, main.width);
    let [messages, input] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(rows)]).areas(main);
    Areas {
        sidebar,
        messages,
        input,
        status,
    }
}

/// Rows the input takes (with its top border) at this width: 1 to 6
/// lines of text.
pub fn input_height(s: &State, width: u16) -> u16 {
    let w = width.max(1) as usize;
    let rows: usize = s
        .input
        .lines()
        .iter()
        .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) / w + 1)
        .sum();
    rows.clamp(1, 6) as u16 + 1
}

/// The message view's text area: below the title line, one column in
/// from the left.
pub fn messages_inner(r: Rect) -> Rect {
    let r = Block::default().borders(Borders::TOP).inner(r);
    Rect {
        x: r.x + 1,
        width: r.width.saturating_sub(1),
        ..r
    }
}

/// A rectangle of at most `w`×`h` in the middle of `r`.
pub fn centered(r: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(r.width);
    let h = h.min(r.height);
    Rect::new(r.x + (r.width - w) / 2, r.y + (r.height - h) / 2, w, h)
}

/// How many lines the message view has at this width.
pub fn total(s: &State, width: u16) -> usize {
    if s.messages.is_empty() {
        return hint(s.theme, width).len();
    }
    s.rendered(width).total()
}

/// How many lines the message view has at this width, and where message
/// `i` starts in them and how many lines it takes.
pub fn place(s: &State, width: u16, i: usize) -> (usize, Option<(usize, usize)>) {
    if s.messages.is_empty() {
        return (hint(s.theme, width).len(), None);
    }
    let c = s.rendered(width);
    (c.total(), c.at().get(i).copied())
}

/// How many lines the message view scrolls by a page.
pub fn page(s: &State) -> usize {
    let a = layout(s);
    (messages_inner(a.messages).height as usize)
        .saturating_sub(2)
        .max(1)
}

/// How far up the message view scrolls: its lines beyond one screen.
pub fn max_scroll(s: &State) -> usize {
    let a = layout(s);
    let r = messages_inner(a.messages);
    let total = total(s, r.width);
    total.saturating_sub(r.height as usize)
}
