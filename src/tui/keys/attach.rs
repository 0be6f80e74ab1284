//! Attaching a text file to the next message (Ctrl-O): the path prompt
//! with Tab completion, reading the file, and the text sent with it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::app::{Attachment, Effect, Focus, MAX_ATTACHMENT, Mode, State};
use crate::tui::text::size;

/// Ctrl-O: remove the attached file, else ask for the path of one.
pub(super) fn toggle(s: &mut State) -> Vec<Effect> {
    if s.attachment.take().is_some() {
        s.status = "attachment removed".into();
    } else {
        s.line.clear();
        s.mode = Mode::Attach;
    }
    vec![]
}

/// Esc with a file attached: remove it.
pub(super) fn remove(s: &mut State) -> Vec<Effect> {
    s.attachment = None;
    s.status = "attachment removed".into();
    vec![]
}

/// The path prompt of Ctrl-O.
pub(super) fn prompt_key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    match k.code {
        KeyCode::Esc => s.mode = Mode::Normal,
        KeyCode::Char('o') if k.modifiers.contains(KeyModifiers::CONTROL) => s.mode = Mode::Normal,
        KeyCode::Enter => {
            let path = s.line.trim().to_string();
            if path.is_empty() {
                s.mode = Mode::Normal;
                return vec![];
            }
            match read_attachment(&path) {
                Ok(a) => {
                    s.status = format!("attached {} ({}): Enter sends it", a.name, size(a.size));
                    s.attachment = Some(a);
                    s.mode = Mode::Normal;
                    s.focus = Focus::Input;
                }
                // the prompt stays open to fix the path
                Err(e) => s.status = format!("cannot attach {path}: {e}"),
            }
        }
        KeyCode::Tab => complete_path(s),
        KeyCode::Backspace => {
            s.line.pop();
        }
        KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => s.line.push(c),
        _ => {}
    }
    vec![]
}

/// Read a text file to attach: at most `MAX_ATTACHMENT` bytes of UTF-8.
fn read_attachment(path: &str) -> Result<Attachment, String> {
    let p = std::path::Path::new(path);
    let meta = std::fs::metadata(p).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("it is a directory".into());
    }
    if meta.len() > MAX_ATTACHMENT {
        return Err(format!(
            "it is {}; at most 1 MiB can be attached",
            size(meta.len() as usize)
        ));
    }
    let bytes = std::fs::read(p).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_ATTACHMENT {
        return Err("it is larger than 1 MiB".into());
    }
    let size = bytes.len();
    let content =
        String::from_utf8(bytes).map_err(|_| "not a text file (not UTF-8)".to_string())?;
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string());
    Ok(Attachment {
        name,
        size,
        content,
    })
}

/// Tab in the path prompt: complete the last component from the files of
/// its directory (as far as the matches agree).
fn complete_path(s: &mut State) {
    let (dir, prefix) = match s.line.rfind('/') {
        Some(i) => (s.line[..=i].to_string(), s.line[i + 1..].to_string()),
        None => (String::new(), s.line.clone()),
    };
    let read = if dir.is_empty() { "." } else { dir.as_str() };
    let Ok(entries) = std::fs::read_dir(read) else {
        s.status = format!("no directory {read}");
        return;
    };
    let mut hits: Vec<(String, bool)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let is_dir = e.file_type().ok()?.is_dir();
            (name.starts_with(&prefix) && (prefix.starts_with('.') || !name.starts_with('.')))
                .then_some((name, is_dir))
        })
        .collect();
    hits.sort();
    match hits.as_slice() {
        [] => s.status = "no file matches".into(),
        [(name, is_dir)] => {
            s.line = format!("{dir}{name}{}", if *is_dir { "/" } else { "" });
        }
        _ => {
            let first = &hits[0].0;
            let mut common = first.len();
            for (h, _) in &hits[1..] {
                common = common.min(
                    first
                        .char_indices()
                        .zip(h.chars())
                        .take_while(|((_, a), b)| a == b)
                        .count(),
                );
            }
            let common: String = first.chars().take(common).collect();
            s.line = format!("{dir}{common}");
            let names: Vec<&str> = hits.iter().take(6).map(|(n, _)| n.as_str()).collect();
            s.status = format!(
                "{} matches: {}{}",
                hits.len(),
                names.join(" "),
                if hits.len() > 6 { " …" } else { "" }
            );
        }
    }
}

/// The text sent for a prompt and an attached file: the file as a fenced
/// block labelled with its name, after the prompt.
pub(super) fn with_attachment(text: &str, a: &Attachment) -> String {
    let mut fence = "```".to_string();
    while a.content.contains(&fence) {
        fence.push('`');
    }
    let body = a.content.strip_suffix('\n').unwrap_or(&a.content);
    let block = format!("{fence}{}\n{body}\n{fence}", a.name);
    if text.trim().is_empty() {
        block
    } else {
        format!("{text}\n\n{block}")
    }
}
