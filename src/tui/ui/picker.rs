//! Small dialogs over the screen: the model picker (F2), the rename box
//! (F3) and the delete confirmation.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};

use crate::tui::app::State;
use crate::tui::keys::refs;
use crate::tui::layout::centered;
use crate::tui::style::styles;

fn dialog(f: &mut Frame, r: Rect, s: &State, title: &str) -> Rect {
    let st = styles(s.theme);
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(st.border_focus)
        .title(title.to_string());
    let inner = block.inner(r);
    f.render_widget(block, r);
    inner
}

pub fn draw(f: &mut Frame, area: Rect, s: &State, selected: usize) {
    let st = styles(s.theme);
    let h = (s.models.len() as u16).clamp(1, 16) + 2;
    let r = centered(area, 50, h);
    let inner = dialog(f, r, s, " Model · Enter picks, Esc closes ");
    if s.models.is_empty() {
        f.render_widget(Line::styled("loading models…", st.dim), inner);
        return;
    }
    let items: Vec<ListItem> = s
        .models
        .iter()
        .map(|m| {
            let mark = if s.model.as_ref() == Some(&m.id) {
                "● "
            } else {
                "  "
            };
            let mut spans = vec![Span::styled(mark, st.accent), Span::raw(m.name.clone())];
            if m.name != m.id {
                spans.push(Span::styled(format!("  {}", m.id), st.dim));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let mut ls = ListState::default().with_selected(Some(selected));
    f.render_stateful_widget(
        List::new(items).highlight_style(st.selected),
        inner,
        &mut ls,
    );
}

/// The `#` picker: a list just above the input, of what the word after
/// the `#` matches.
pub fn draw_refs(f: &mut Frame, input: Rect, s: &State, selected: usize) {
    let st = styles(s.theme);
    let found = refs::matches(s);
    let h = (found.len() as u16).clamp(1, 8) + 2;
    let w = input.width.min(60);
    let h = h.min(input.y);
    if h < 3 {
        return;
    }
    let r = Rect::new(input.x, input.y - h, w, h);
    let inner = dialog(
        f,
        r,
        s,
        " # Knowledge & files · Enter attaches, Esc closes ",
    );
    if found.is_empty() {
        let text = if s.ref_list.is_empty() {
            "no knowledge bases or files yet"
        } else {
            "nothing matches"
        };
        f.render_widget(Line::styled(text, st.dim), inner);
        return;
    }
    let items: Vec<ListItem> = found
        .iter()
        .map(|r| {
            let kind = if r.kind == "collection" {
                "knowledge "
            } else {
                "file      "
            };
            ListItem::new(Line::from(vec![
                Span::styled(kind, st.dim),
                Span::raw(r.name.clone()),
            ]))
        })
        .collect();
    let mut ls = ListState::default().with_selected(Some(selected));
    f.render_stateful_widget(
        List::new(items).highlight_style(st.selected),
        inner,
        &mut ls,
    );
}

pub fn draw_rename(f: &mut Frame, area: Rect, s: &State) {
    let r = centered(area, 60, 3);
    let inner = dialog(f, r, s, " Rename · Enter saves, Esc cancels ");
    let w = inner.width as usize;
    let shown: String = {
        let n = s.line.chars().count();
        s.line.chars().skip((n + 1).saturating_sub(w)).collect()
    };
    f.render_widget(Line::from(vec![Span::raw(shown), Span::raw("▏")]), inner);
}

pub fn draw_confirm(f: &mut Frame, area: Rect, s: &State, title: &str) {
    let st = styles(s.theme);
    let r = centered(area, 50, 4);
    let inner = dialog(f, r, s, " Delete chat ");
    let text = vec![
        Line::raw(format!("Delete “{title}”?")),
        Line::styled("y deletes, any other key keeps it", st.dim),
    ];
    f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
}
