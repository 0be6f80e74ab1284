//! The message view's text, kept between frames: the rendered lines of
//! each message of the open chat in a [`Cache`] owned by the `State`, per
//! chat, width and theme. A sync renders only the messages whose text
//! changed (a streamed answer re-renders only itself), and the scroll
//! range comes from the cached heights.

use ratatui::text::Line;

use super::branch::Message;
use super::markdown::{self, Theme};
use super::style::{Styles, styles};
use super::text::wrap;

/// The rendered text of one message (below its header), with what it was
/// rendered from.
struct Body {
    id: String,
    role: String,
    content: String,
    error: Option<String>,
    sources: Vec<String>,
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
            && self.sources == m.sources
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
        if !m.sources.is_empty() {
            lines.push(Line::styled("Sources:", st.dim));
            for s in &m.sources {
                lines.extend(wrap(s, width).into_iter().map(|l| Line::styled(l, st.dim)));
            }
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
            sources: m.sources.clone(),
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
    /// Bring the cache up to date with the `messages` of chat `chat` at
    /// `width` (`live`: the answer being written), rendering only what
    /// changed since the last call.
    pub fn sync(
        &mut self,
        chat: Option<&str>,
        messages: &[Message],
        live: Option<&str>,
        width: u16,
        theme: Theme,
    ) {
        if self.chat.as_deref() != chat || self.width != width || self.theme != Some(theme) {
            self.chat = chat.map(str::to_string);
            self.width = width;
            self.theme = Some(theme);
            self.bodies.clear();
        }
        let st = styles(theme);
        self.bodies.truncate(messages.len());
        self.at.clear();
        let mut line = 0;
        for (i, m) in messages.iter().enumerate() {
            let pending = m.content.is_empty() && live == Some(m.id.as_str());
            match self.bodies.get(i) {
                Some(b) if b.is_for(m, pending) => {}
                Some(_) => self.bodies[i] = Body::render(m, pending, width, theme, &st),
                None => self
                    .bodies
                    .push(Body::render(m, pending, width, theme, &st)),
            }
            let n = 1 + self.bodies[i].lines.len();
            self.at.push((line, n));
            // a blank line between messages
            line += n + 1;
        }
        self.total = line.saturating_sub(1);
    }

    /// How many lines the view has.
    pub fn total(&self) -> usize {
        self.total
    }

    /// (first line, lines) of each message: its header and body.
    pub fn at(&self) -> &[(usize, usize)] {
        &self.at
    }

    /// The rendered text of message `i`, below its header.
    pub fn body(&self, i: usize) -> &[Line<'static>] {
        &self.bodies[i].lines
    }
}

/// The hint shown before the first message.
pub fn hint(theme: Theme, width: u16) -> Vec<Line<'static>> {
    let st = styles(theme);
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
