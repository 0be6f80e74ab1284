//! The current branch of the open chat, scrolled from the bottom: each
//! message a header line (who, which sibling) and its text, answers as
//! Markdown.
//!
//! The rendered text of each message is kept in a [`Cache`] owned by the
//! `State` between frames, per chat, width and theme: a frame renders only
//! the messages whose text changed (a streamed answer re-renders only
//! itself), the scroll range comes from the cached heights, and only the
//! visible lines are built. Headers (selection, spinner) are drawn fresh.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthChar;

use super::{Styles, styles};
use crate::tui::app::{Focus, Message, State, Theme};
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

/// The rendered text of one message (below its header), with what it was
/// rendered from.
struct Body {
    id: String,
    role: String,
    content: String,
    error: Option<String>,
    /// Shown as "…": an answer being written that has no text yet.
    pending: bool,
    lines: Vec<Line<'static>>,
}

impl Body {
    fn is_for(&self, m: &Message, pending: bool) -> bool {
        self.id == m.id
            && self.pending == pending
            && self.content == m.content
            && self.role == m.role
            && self.error == m.error
    }

    fn render(m: &Message, pending: bool, width: u16, theme: Theme, st: &Styles) -> Body {
        let mut lines = vec![];
        if m.role == "assistant" {
            if !m.content.is_empty() {
                lines = markdown::render(&m.content, width, theme).lines;
            } else if pending {
                lines.push(Line::styled("…", st.dim));
            }
        } else {
            lines.extend(wrap(&m.content, width).into_iter().map(Line::from));
        }
        if let Some(e) = &m.error {
            lines.extend(
                wrap(&format!("error: {e}"), width)
                    .into_iter()
                    .map(|l| Line::styled(l, st.error)),
            );
        }
        Body {
            id: m.id.clone(),
            role: m.role.clone(),
            content: m.content.clone(),
            error: m.error.clone(),
            pending,
            lines,
        }
    }
}

/// The rendered messages of the open chat at one width and theme, one
/// [`Body`] per message of the branch, and where each message starts.
#[derive(Default)]
pub struct Cache {
    chat: Option<String>,
    width: u16,
    theme: Option<Theme>,
    bodies: Vec<Body>,
    /// (first line, lines) of each message: its header and body.
    at: Vec<(usize, usize)>,
    total: usize,
}

impl Cache {
    /// Bring the cache up to date with the messages of `s` at `width`,
    /// rendering only what changed since the last call.
    fn sync(&mut self, s: &State, width: u16) {
        if self.chat != s.chat_id || self.width != width || self.theme != Some(s.theme) {
            self.chat = s.chat_id.clone();
            self.width = width;
            self.theme = Some(s.theme);
            self.bodies.clear();
        }
        let st = styles(s.theme);
        let live = s.streaming.as_ref().map(|x| x.reply_id.as_str());
        self.bodies.truncate(s.messages.len());
        self.at.clear();
        let mut line = 0;
        for (i, m) in s.messages.iter().enumerate() {
            let pending = m.content.is_empty() && live == Some(m.id.as_str());
            match self.bodies.get(i) {
                Some(b) if b.is_for(m, pending) => {}
                Some(_) => self.bodies[i] = Body::render(m, pending, width, s.theme, &st),
                None => self
                    .bodies
                    .push(Body::render(m, pending, width, s.theme, &st)),
            }
            let n = 1 + self.bodies[i].lines.len();
            self.at.push((line, n));
            // a blank line between messages
            line += n + 1;
        }
        self.total = line.saturating_sub(1);
    }
}

/// The hint shown before the first message.
fn hint(s: &State, width: u16) -> Vec<Line<'static>> {
    let st = styles(s.theme);
    let hint = [
        "",
        "Start a chat: type a message below and press Enter.",
        "",
        "Tab moves between input, chats and messages;",
        "F2 picks the model; F1 lists every key.",
    ];
    hint.iter()
        .flat_map(|h| wrap(h, width))
        .map(|l| Line::styled(l, st.dim))
        .collect()
}

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

fn with_cache<R>(s: &State, width: u16, f: impl FnOnce(&Cache) -> R) -> R {
    let mut c = s.view.borrow_mut();
    c.sync(s, width);
    f(&c)
}

/// Lines `top..top + h` of the messages at the cache's width.
fn window(s: &State, c: &Cache, top: usize, h: usize) -> Vec<Line<'static>> {
    let st = styles(s.theme);
    let end = top.saturating_add(h).min(c.total);
    let mut out = Vec::with_capacity(end.saturating_sub(top));
    // the first message that, with the blank line after it, ends after `top`
    let first = c.at.partition_point(|&(start, n)| start + n < top);
    for i in first..s.messages.len() {
        let (start, n) = c.at[i];
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
                c.bodies[i].lines[k - 1].clone()
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
        let all = hint(s, width);
        let total = all.len();
        return (total, all.into_iter().skip(top(total)).take(h).collect());
    }
    with_cache(s, width, |c| (c.total, window(s, c, top(c.total), h)))
}

/// How many lines the view has at this width.
pub fn total(s: &State, width: u16) -> usize {
    if s.messages.is_empty() {
        return hint(s, width).len();
    }
    with_cache(s, width, |c| c.total)
}

/// How many lines the view has at this width, and where message `i`
/// starts in them and how many lines it takes.
pub fn place(s: &State, width: u16, i: usize) -> (usize, Option<(usize, usize)>) {
    if s.messages.is_empty() {
        return (hint(s, width).len(), None);
    }
    with_cache(s, width, |c| (c.total, c.at.get(i).copied()))
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
    let area = inner(r);
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
    use crate::tui::app::Streaming;

    fn msg(id: &str, role: &str, content: &str) -> Message {
        Message {
            id: id.into(),
            role: role.into(),
            content: content.into(),
            model: Some("m".into()),
            done: true,
            sibling: (1, 1),
            error: None,
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
