//! The prompt editor (ratatui-textarea), 1 to 6 lines tall.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};

use super::styles;
use crate::tui::app::{Focus, Mode, State};

/// Rows the input takes (with its top border) at this width.
pub fn height(s: &State, width: u16) -> u16 {
    let w = width.max(1) as usize;
    let rows: usize = s
        .input
        .lines()
        .iter()
        .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) / w + 1)
        .sum();
    rows.clamp(1, 6) as u16 + 1
}

pub fn draw(f: &mut Frame, r: Rect, s: &State) {
    let st = styles(s.theme);
    let focused = s.focus == Focus::Input && s.mode == Mode::Normal;
    let title = if s.streaming.is_some() {
        " Esc stops the answer "
    } else {
        " Message "
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(if focused { st.border_focus } else { st.border })
        .title(Span::styled(
            title,
            if focused { st.border_focus } else { st.dim },
        ));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let mut ta = s.input.clone();
    if !focused {
        ta.set_cursor_style(Style::default());
    }
    ta.set_placeholder_style(st.dim);
    f.render_widget(&ta, inner);
}
