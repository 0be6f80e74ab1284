//! The current branch of the open chat, scrolled from the bottom: each
//! message a header line (who, which sibling) and its text, answers as
//! Markdown.
//!
//! The text of the messages comes from the state's [`Cache`] (see
//! `tui::view`), so a frame builds only the visible lines; headers
//! (selection, spinner) are drawn fresh.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::app::{Focus, State};
use crate::tui::branch::Message;
use crate::tui::layout::messages_inner;
use crate::tui::style::{Styles, styles};
use crate::tui::view::{Cache, hint};

const SPINNER: [&str; 4] = ["⠋", "⠙", "⠹", "⠸"];

/// The header line of message `i`: who wrote it, which sibling it is, and
/// whether it is selected, being edited or being written.
fn header(s: &State, i: usize, m: &Message, st: &Styles) -> Line<'static> {
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
    if s.streaming.as_ref().is_some_and(|x| x.reply_id == m.id) {
        head.push(Span::styled(
            format!("  {}", SPINNER[s.frame % SPINNER.len()]),
            st.accent,
        ));
    }
    Line::from(head)
}

/// Lines `top..top + h` of the messages at the cache's width.
fn window(s: &State, c: &Cache, top: usize, h: usize) -> Vec<Line<'static>> {
    let st = styles(s.theme);
    let end = top.saturating_add(h).min(c.total());
    let mut out = Vec::with_capacity(end.saturating_sub(top));
    // the first message that, with the blank line after it, ends after `top`
    let first = c.at().partition_point(|&(start, n)| start + n < top);
    for i in first..s.messages.len() {
        let (start, n) = c.at()[i];
        if start >= end {
            break;
        }
        // header, body and the blank line after (not after the last)
        let gap = usize::from(i + 1 < s.messages.len());
        for l in start.max(top)..(start + n + gap).min(end) {
            let k = l - start;
            out.push(if k == 0 {
                header(s, i, &s.messages[i], &st)
            } else if k < n {
                c.body(i)[k - 1].clone()
            } else {
                Line::default()
            });
        }
    }
    out
}

/// Lines `top..top + h` of the view at this width, and how many it has.
fn visible(
    s: &State,
    width: u16,
    top: impl FnOnce(usize) -> usize,
    h: usize,
) -> (usize, Vec<Line<'static>>) {
    if s.messages.is_empty() {
        let all = hint(s.theme, width);
        let total = all.len();
        return (total, all.into_iter().skip(top(total)).take(h).collect());
    }
    let c = s.rendered(width);
    (c.total(), window(s, &c, top(c.total()), h))
}

/// Every line of the view at this width, oldest first.
pub fn lines(s: &State, width: u16) -> Vec<Line<'static>> {
    visible(s, width, |_| 0, usize::MAX).1
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
    let area = messages_inner(r);
    f.render_widget(block, r);
    let h = area.height as usize;
    let mut scroll = 0;
    let (_, view) = visible(
        s,
        area.width,
        |total| {
            let max = total.saturating_sub(h);
            scroll = s.scroll.min(max);
            max - scroll
        },
        h,
    );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::{Streaming, Theme};
    use crate::tui::layout::{place, total};

    fn msg(id: &str, role: &str, content: &str) -> Message {
        Message {
            id: id.into(),
            role: role.into(),
            content: content.into(),
            model: Some("m".into()),
            done: true,
            sibling: (1, 1),
            error: None,
            sources: vec![],
        }
    }

    fn plain(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    /// The view with a warm cache is the view rendered from scratch, and
    /// every window of it is the same slice of the whole.
    fn check(s: &State, width: u16) -> Vec<String> {
        let warm = lines(s, width);
        let kept = s.view.replace(Cache::default());
        let cold = lines(s, width);
        s.view.replace(kept);
        assert_eq!(warm, cold);
        assert_eq!(total(s, width), warm.len());
        for h in [1, 4] {
            for top in 0..warm.len() {
                let end = (top + h).min(warm.len());
                let (n, part) = visible(s, width, |_| top, h);
                assert_eq!(n, warm.len());
                assert_eq!(part, warm[top..end], "top {top}, h {h}");
            }
        }
        for (i, m) in s.messages.iter().enumerate() {
            let (_, at) = place(s, width, i);
            let (start, _) = at.unwrap();
            let head: String = plain(&warm[start..=start]).concat();
            assert!(head.contains(if m.role == "user" { "You" } else { "m" }));
        }
        plain(&warm)
    }

    #[test]
    fn cached_lines_follow_every_change() {
        let mut s = State::new(None, Theme::NoColor);
        assert_eq!(check(&s, 30)[1], "Start a chat: type a message");
        s.chat_id = Some("c".into());
        s.messages = vec![
            msg("u1", "user", "hello there, how are you today?"),
            msg("a1", "assistant", "- **one**\n- two\n\n```\ncode\n```"),
            msg("u2", "user", "and now?"),
        ];
        assert_eq!(
            check(&s, 30),
            [
                "You",
                "hello there, how are you",
                "today?",
                "",
                "m",
                "• one",
                "• two",
                "",
                "```",
                "code",
                "```",
                "",
                "You",
                "and now?",
            ]
        );
        // a streamed answer: first the placeholder, then each token
        s.messages.push(msg("a2", "assistant", ""));
        s.streaming = Some(Streaming {
            chat_id: Some("c".into()),
            reply_id: "a2".into(),
            stopping: false,
        });
        assert_eq!(check(&s, 30).last().unwrap(), "…");
        for t in [
            "Some ", "words ", "that ", "wrap ", "at ", "thirty ", "columns.",
        ] {
            s.messages[3].content.push_str(t);
            s.frame += 1;
            check(&s, 30);
        }
        assert_eq!(check(&s, 30).last().unwrap(), "columns.");
        s.streaming = None;
        s.messages[3].error = Some("cut short".into());
        assert_eq!(check(&s, 30).last().unwrap(), "error: cut short");
        // the sources under the text, before an error
        s.messages[3].sources = vec!["[1] guide.pdf (page 2)".into()];
        let shown = check(&s, 30);
        assert_eq!(
            shown[shown.len() - 3..],
            ["Sources:", "[1] guide.pdf (page 2)", "error: cut short"]
        );
        s.messages[3].sources.clear();
        // selection and edits change only headers
        s.sel = Some(1);
        s.editing = Some("u2".into());
        assert_eq!(check(&s, 30)[4], "▶ m");
        // same id, other text; fewer messages; another width, theme, chat
        s.messages[1].content = "replaced".into();
        check(&s, 30);
        s.messages.truncate(2);
        check(&s, 30);
        check(&s, 12);
        s.theme = Theme::Dark;
        check(&s, 12);
        s.chat_id = Some("other".into());
        s.messages[0] = msg("x", "user", "elsewhere");
        check(&s, 12);
    }
}
