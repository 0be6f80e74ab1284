//! The current branch of the open chat, scrolled from the bottom: each
//! message a header line (who, which sibling) and its text, answers as
//! Markdown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthChar;

use super::styles;
use crate::tui::app::{Focus, State};
use crate::tui::markdown;

/// The text area: below the title line, one column in from the left.
pub fn inner(r: Rect) -> Rect {
    let r = Block::default().borders(Borders::TOP).inner(r);
    Rect {
        x: r.x + 1,
        width: r.width.saturating_sub(1),
        ..r
    }
}

/// Plain text broken into lines of at most `width` columns, at spaces
/// where it can.
pub fn wrap(text: &str, width: u16) -> Vec<String> {
    let width = width.max(1) as usize;
    let mut out = vec![];
    for para in text.split('\n') {
        let mut line = String::new();
        let mut w = 0;
        for word in para.split_inclusive(' ') {
            let ww: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
            if w + ww.min(width) > width && !line.is_empty() {
                out.push(line.trim_end().to_string());
                line.clear();
                w = 0;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if w + cw > width {
                    out.push(std::mem::take(&mut line));
                    w = 0;
                }
                line.push(c);
                w += cw;
            }
        }
        out.push(line.trim_end().to_string());
    }
    out
}

const SPINNER: [&str; 4] = ["⠋", "⠙", "⠹", "⠸"];

/// Every line of the view at this width, oldest first.
pub fn lines(s: &State, width: u16) -> Vec<Line<'static>> {
    layout_lines(s, width).0
}

/// Where each message starts in `lines` and how many lines it takes.
pub fn starts(s: &State, width: u16) -> Vec<(usize, usize)> {
    layout_lines(s, width).1
}

fn layout_lines(s: &State, width: u16) -> (Vec<Line<'static>>, Vec<(usize, usize)>) {
    let st = styles(s.theme);
    let mut out: Vec<Line<'static>> = vec![];
    let mut at = vec![];
    if s.messages.is_empty() {
        let hint = [
            "",
            "Start a chat: type a message below and press Enter.",
            "",
            "Tab moves between input, chats and messages;",
            "F2 picks the model; F1 lists every key.",
        ];
        out.extend(
            hint.iter()
                .flat_map(|h| wrap(h, width))
                .map(|l| Line::styled(l, st.dim)),
        );
        return (out, at);
    }
    for (i, m) in s.messages.iter().enumerate() {
        let start = out.len();
        let picked = s.sel == Some(i);
        let mut head = vec![];
        if picked {
            head.push(Span::styled("▶ ", st.accent.add_modifier(Modifier::BOLD)));
        }
        let who = |style: ratatui::style::Style| {
            if picked {
                style.patch(st.selected)
            } else {
                style
            }
        };
        if m.role == "user" {
            head.push(Span::styled("You", who(st.user)));
        } else {
            let name = m.model.clone().unwrap_or_else(|| m.role.clone());
            head.push(Span::styled(name, who(st.assistant)));
        }
        if s.editing.as_deref() == Some(&m.id) {
            head.push(Span::styled("  (editing)", st.accent));
        }
        if m.sibling.1 > 1 {
            head.push(Span::styled(
                format!("  ‹{}/{}›", m.sibling.0, m.sibling.1),
                st.dim,
            ));
        }
        let live = s.streaming.as_ref().is_some_and(|x| x.reply_id == m.id);
        if live {
            head.push(Span::styled(
                format!("  {}", SPINNER[s.frame % SPINNER.len()]),
                st.accent,
            ));
        }
        out.push(Line::from(head));
        if m.role == "assistant" {
            if !m.content.is_empty() {
                out.extend(markdown::render(&m.content, width, s.theme).lines);
            } else if live {
                out.push(Line::styled("…", st.dim));
            }
        } else {
            out.extend(wrap(&m.content, width).into_iter().map(Line::from));
        }
        if let Some(e) = &m.error {
            out.extend(
                wrap(&format!("error: {e}"), width)
                    .into_iter()
                    .map(|l| Line::styled(l, st.error)),
            );
        }
        at.push((start, out.len() - start));
        out.push(Line::default());
    }
    out.pop();
    (out, at)
}

pub fn draw(f: &mut Frame, r: Rect, s: &State) {
    let st = styles(s.theme);
    let focused = s.focus == Focus::Messages;
    let title = if s.chat_id.is_some() || !s.messages.is_empty() {
        let t = if s.title.is_empty() {
            "New Chat"
        } else {
            &s.title
        };
        format!(" {}{} ", if s.pinned { "★ " } else { "" }, t)
    } else {
        " New Chat ".to_string()
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(if focused { st.border_focus } else { st.border })
        .title(Span::styled(
            title,
            if focused {
                st.border_focus.add_modifier(Modifier::BOLD)
            } else {
                st.accent.add_modifier(Modifier::BOLD)
            },
        ));
    let area = inner(r);
    f.render_widget(block, r);
    let all = lines(s, area.width);
    let h = area.height as usize;
    let max = all.len().saturating_sub(h);
    let scroll = s.scroll.min(max);
    let top = max - scroll;
    let view: Vec<Line> = all.into_iter().skip(top).take(h).collect();
    f.render_widget(Paragraph::new(view), area);
    if scroll > 0 {
        let more = format!(" ↓ {scroll} more ");
        let w = more.chars().count() as u16;
        if area.width > w {
            let at = Rect::new(area.x + area.width - w, area.y + area.height - 1, w, 1);
            f.render_widget(Span::styled(more, st.bar), at);
        }
    }
}
