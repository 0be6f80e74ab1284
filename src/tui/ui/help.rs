//! The help overlay (F1): every key, in two columns.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::app::State;
use crate::tui::keys::KEYS;
use crate::tui::layout::centered;
use crate::tui::style::styles;

/// The help text of some sections.
fn column(s: &State, sections: &[&str]) -> Vec<Line<'static>> {
    let st = styles(s.theme);
    let mut out = vec![];
    for sec in sections {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::styled(
            sec.to_string(),
            st.accent.add_modifier(Modifier::BOLD),
        ));
        for (_, k, what) in KEYS.iter().filter(|(s, _, _)| s == sec) {
            out.push(Line::from(vec![
                Span::styled(
                    format!(" {k:<12} "),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(what.to_string()),
            ]));
        }
    }
    out
}

pub fn draw(f: &mut Frame, area: Rect, s: &State) {
    let st = styles(s.theme);
    let r = centered(area, 80, 24);
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(st.border_focus)
        .title(" Keys · Esc closes ");
    let inner = block.inner(r);
    f.render_widget(block, r);
    let [a, b] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    f.render_widget(Paragraph::new(column(s, &["Anywhere", "Input"])), a);
    f.render_widget(Paragraph::new(column(s, &["Chats", "Messages"])), b);
}
