//! The bottom line: model, what is going on, and the last message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::app::{Focus, State};
use crate::tui::style::styles;

const SPINNER: [&str; 4] = ["|", "/", "-", "\\"];

pub fn draw(f: &mut Frame, r: Rect, s: &State) {
    let st = styles(s.theme);
    let model = s.model.as_deref().unwrap_or("no model");
    let state = match &s.streaming {
        Some(x) if x.stopping => "stopping".to_string(),
        Some(_) => format!("writing {}", SPINNER[s.frame % SPINNER.len()]),
        None => "ready".to_string(),
    };
    let focus = match s.focus {
        Focus::Input => "input",
        Focus::Sidebar => "chats",
        Focus::Messages => "messages",
    };
    let left = match &s.server {
        Some(host) => format!(" {host} · {model} · {state} · {focus} "),
        None => format!(" {model} · {state} · {focus} "),
    };
    let room = (r.width as usize).saturating_sub(left.chars().count() + 1);
    let status: String = s.status.chars().take(room).collect();
    let pad = room.saturating_sub(status.chars().count());
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(pad)),
        Span::raw(status),
        Span::raw(" "),
    ])
    .style(st.bar);
    f.render_widget(line, r);
}
