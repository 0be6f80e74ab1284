//! The chat list: pinned chats first, then the folders (▸ folded, ▾
//! unfolded, their subfolders and chats indented), then the rest, newest
//! first; the search box on top while filtering.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState};

use crate::tui::app::{Focus, Mode, State};
use crate::tui::style::styles;

pub fn draw(f: &mut Frame, r: Rect, s: &State) {
    let st = styles(s.theme);
    let focused = s.focus == Focus::Sidebar;
    let block = Block::default()
        .borders(Borders::RIGHT)
        .border_style(if focused { st.border_focus } else { st.border })
        .title(Span::styled(
            " Chats ",
            if focused { st.border_focus } else { st.dim },
        ));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let mut list_area = inner;
    if s.mode == Mode::Search || !s.search.is_empty() {
        let cursor = if s.mode == Mode::Search { "▏" } else { "" };
        let line = Line::from(vec![
            Span::styled("/", st.accent),
            Span::raw(s.search.clone()),
            Span::raw(cursor),
        ]);
        f.render_widget(line, Rect { height: 1, ..inner });
        list_area.y += 1;
        list_area.height = list_area.height.saturating_sub(1);
    }
    if s.chats.is_empty() {
        let t = if s.search.is_empty() {
            "  no chats yet"
        } else {
            "  no match"
        };
        f.render_widget(
            Line::styled(t, st.dim),
            Rect {
                height: 1,
                ..list_area
            },
        );
        return;
    }
    let items: Vec<ListItem> = s
        .chats
        .iter()
        .map(|c| {
            let indent = Span::raw("  ".repeat(c.depth as usize));
            if let Some(expanded) = c.folder {
                let mark = if expanded { "▾ " } else { "▸ " };
                return ListItem::new(Line::from(vec![
                    indent,
                    Span::styled(mark, st.accent),
                    Span::styled(
                        c.title.clone(),
                        Style::default().add_modifier(Modifier::BOLD),
                    ),
                ]));
            }
            let open = s.chat_id.as_deref() == Some(c.id.as_str());
            let mark = if c.pinned { "★ " } else { "  " };
            let mut title = Span::raw(c.title.clone());
            if open {
                title = title.style(st.accent.add_modifier(Modifier::BOLD));
            }
            ListItem::new(Line::from(vec![
                indent,
                Span::styled(mark, st.accent),
                title,
            ]))
        })
        .collect();
    let list = List::new(items).highlight_style(if focused {
        st.selected
    } else {
        st.dim.add_modifier(Modifier::BOLD)
    });
    let mut ls = ListState::default().with_selected(Some(s.selected));
    f.render_stateful_widget(list, list_area, &mut ls);
}
