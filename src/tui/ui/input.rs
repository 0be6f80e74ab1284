//! The prompt editor (ratatui-textarea), 1 to 6 lines tall (see
//! `layout::input_height`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::app::{Focus, Mode, State};
use crate::tui::style::styles;
use crate::tui::text::size;

pub fn draw(f: &mut Frame, r: Rect, s: &State) {
    let st = styles(s.theme);
    if s.mode == Mode::Attach {
        // the path prompt of Ctrl-O takes the input's place
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(st.border_focus)
            .title(Span::styled(
                " Attach a text file · Enter attaches · Tab completes · Esc cancels ",
                st.border_focus,
            ));
        let inner = block.inner(r);
        f.render_widget(block, r);
        // a long path shows its end, where the typing is
        let room = (inner.width as usize).saturating_sub(7);
        let n = s.line.chars().count();
        let shown: String = if n > room {
            let tail: String = s.line.chars().skip(n - room + 1).collect();
            format!("…{tail}")
        } else {
            s.line.clone()
        };
        let line = Line::from(vec![
            Span::styled("path: ", st.accent),
            Span::raw(shown),
            Span::styled("▏", st.accent),
        ]);
        f.render_widget(Paragraph::new(line), inner);
        return;
    }
    let focused = s.focus == Focus::Input && s.mode == Mode::Normal;
    let title = if s.streaming.is_some() {
        " Esc stops the answer ".to_string()
    } else if s.editing.is_some() {
        " Editing: Enter sends as a new branch · Esc cancels ".to_string()
    } else {
        " Message ".to_string()
    };
    let mut block = Block::default()
        .borders(Borders::TOP)
        .border_style(if focused { st.border_focus } else { st.border })
        .title(Span::styled(
            title,
            if focused { st.border_focus } else { st.dim },
        ));
    if !s.refs.is_empty() {
        let names: Vec<String> = s.refs.iter().map(|r| format!("#{}", r.name)).collect();
        block = block.title(Span::styled(
            format!(" {} · Ctrl-X removes ", names.join(" ")),
            st.accent,
        ));
    }
    if let Some(a) = &s.attachment {
        block = block.title(
            Line::from(Span::styled(
                format!(" + {} ({}) · Ctrl-O removes ", a.name, size(a.size)),
                st.accent,
            ))
            .right_aligned(),
        );
    }
    let inner = block.inner(r);
    f.render_widget(block, r);
    let mut ta = s.input.clone();
    if !focused {
        ta.set_cursor_style(Style::default());
    }
    ta.set_placeholder_style(st.dim);
    f.render_widget(&ta, inner);
}
