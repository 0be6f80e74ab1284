//! Keys → actions: what each key does to the `State` in each mode and
//! focus (called by `update`), and the table of every key that the
//! help overlay (F1) shows. `commands/chat.md` explains the same keys at
//! more length.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use serde_json::Value;

use super::app::{Attachment, Effect, Focus, MAX_ATTACHMENT, Mode, State, Streaming};
use super::branch::{Message, branch_of, sibling_leaf};
use super::layout::{layout, max_scroll, messages_inner, page, place};
use super::text::size;
use crate::util::new_id;

/// (section, key, what it does); short enough for two columns at 80×24.
/// Every key that acts in the chat list, the messages or the input is here
/// (a test tries them all); the prompts (model, rename, attach) show their
/// own keys.
pub const KEYS: &[(&str, &str, &str)] = &[
    ("Anywhere", "Ctrl-C", "quit, keeping answers"),
    ("Anywhere", "F1", "this help (also ?)"),
    ("Anywhere", "Esc", "stop the answer / go back"),
    ("Anywhere", "Tab/S-Tab", "move the focus"),
    ("Anywhere", "Ctrl-N", "new chat"),
    ("Anywhere", "F2/Ctrl-P", "pick the model"),
    ("Anywhere", "F3", "rename the chat"),
    ("Anywhere", "Ctrl-F", "search chats"),
    ("Anywhere", "PgUp/PgDn", "scroll the messages"),
    ("Anywhere", "Ctrl-Y", "copy the last answer"),
    ("Anywhere", "F5", "regenerate last answer"),
    ("Anywhere", "Ctrl-O", "attach / remove a file"),
    ("Anywhere", "mouse wheel", "scroll messages / chats"),
    ("Input", "Enter", "send"),
    ("Input", "Alt-Enter", "new line"),
    ("Input", "Up/Down", "earlier prompts"),
    ("Chats", "Up/Down j/k", "move"),
    ("Chats", "Home/End g/G", "first / last"),
    ("Chats", "Enter", "open the chat"),
    ("Chats", "Enter/Space", "fold / unfold a folder"),
    ("Chats", "/", "search as you type"),
    ("Chats", "n", "new chat"),
    ("Chats", "r", "rename"),
    ("Chats", "p", "pin / unpin"),
    ("Chats", "a", "archive"),
    ("Chats", "d/Delete", "delete (asks y/n)"),
    ("Messages", "Up/Down", "select a message"),
    ("Messages", "j/k", "scroll a line"),
    ("Messages", "Home/End g/G", "top / bottom"),
    ("Messages", "y", "copy selected (or last)"),
    ("Messages", "c", "copy code block (cycles)"),
    ("Messages", "e", "edit & resend selected"),
    ("Messages", "r", "regenerate last answer"),
    ("Messages", "Left/Right", "other branch (h/l, </>)"),
    ("Messages", "/", "search chats"),
];

pub(super) fn quit(s: &mut State) -> Vec<Effect> {
    if s.quit {
        // asked twice: leave now
        return vec![Effect::Quit];
    }
    s.quit = true;
    match &s.streaming {
        // stop first so the partial answer is saved; Done then quits
        Some(st) if st.chat_id.is_some() => {
            let fx = vec![Effect::Stop {
                chat_id: st.chat_id.clone().unwrap_or_default(),
                reply_id: st.reply_id.clone(),
            }];
            s.status = "stopping…".into();
            fx
        }
        _ => vec![Effect::Quit],
    }
}

pub(super) fn on_mouse(s: &mut State, m: MouseEvent) -> Vec<Effect> {
    let in_sidebar = layout(s).in_sidebar(m.column, m.row);
    match m.kind {
        MouseEventKind::ScrollUp if in_sidebar => {
            s.selected = s.selected.saturating_sub(1);
        }
        MouseEventKind::ScrollDown if in_sidebar => {
            s.selected = (s.selected + 1).min(s.chats.len().saturating_sub(1));
        }
        MouseEventKind::ScrollUp => scroll_by(s, 3),
        MouseEventKind::ScrollDown => scroll_by(s, -3),
        _ => {}
    }
    vec![]
}

pub(super) fn on_key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(k.code, KeyCode::Char('c')) {
        return quit(s);
    }
    match s.mode.clone() {
        Mode::Help => {
            if matches!(
                k.code,
                KeyCode::Esc
                    | KeyCode::F(1)
                    | KeyCode::Char('?')
                    | KeyCode::Char('q')
                    | KeyCode::Enter
            ) {
                s.mode = Mode::Normal;
            }
            return vec![];
        }
        Mode::ModelPicker(i) => return picker_key(s, k, i),
        Mode::Rename(id) => return rename_key(s, k, id),
        Mode::ConfirmDelete(id, _) => {
            s.mode = Mode::Normal;
            if matches!(k.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                return vec![Effect::Delete(id)];
            }
            s.status = "not deleted".into();
            return vec![];
        }
        Mode::Search => return search_key(s, k),
        Mode::Attach => return attach_key(s, k),
        Mode::Normal => {}
    }
    // keys that work everywhere
    match (k.code, ctrl) {
        (KeyCode::F(1), _) => {
            s.mode = Mode::Help;
            return vec![];
        }
        (KeyCode::F(2), _) | (KeyCode::Char('p'), true) => {
            let i = s
                .models
                .iter()
                .position(|m| Some(&m.id) == s.model.as_ref())
                .unwrap_or(0);
            s.mode = Mode::ModelPicker(i);
            if s.models.is_empty() {
                return vec![Effect::LoadModels];
            }
            return vec![];
        }
        (KeyCode::F(3), _) => return start_rename(s),
        (KeyCode::Char('n'), true) => {
            s.new_chat();
            s.status = "new chat".into();
            return vec![];
        }
        (KeyCode::Char('f'), true) => {
            s.focus = Focus::Sidebar;
            s.mode = Mode::Search;
            return vec![];
        }
        (KeyCode::Esc, _) => {
            if let Some(st) = &mut s.streaming {
                st.stopping = true;
                s.status = "stopping…".into();
                if let Some(c) = &st.chat_id {
                    return vec![Effect::Stop {
                        chat_id: c.clone(),
                        reply_id: st.reply_id.clone(),
                    }];
                }
                return vec![];
            }
            if s.attachment.take().is_some() {
                s.status = "attachment removed".into();
                return vec![];
            }
            if s.editing.take().is_some() {
                s.reset_input();
                s.focus = Focus::Input;
                s.status = "edit cancelled".into();
                return vec![];
            }
            if s.focus == Focus::Messages && s.sel.is_some() {
                s.sel = None;
                return vec![];
            }
            if s.focus == Focus::Sidebar && !s.search.is_empty() {
                s.search.clear();
                s.selected = 0;
                return vec![Effect::LoadChats {
                    search: String::new(),
                }];
            }
            s.focus = Focus::Input;
            return vec![];
        }
        (KeyCode::Tab, _) => {
            s.focus = match s.focus {
                Focus::Input => Focus::Sidebar,
                Focus::Sidebar => Focus::Messages,
                Focus::Messages => Focus::Input,
            };
            return vec![];
        }
        (KeyCode::BackTab, _) => {
            s.focus = match s.focus {
                Focus::Input => Focus::Messages,
                Focus::Messages => Focus::Sidebar,
                Focus::Sidebar => Focus::Input,
            };
            return vec![];
        }
        (KeyCode::PageUp, _) => {
            scroll_by(s, page(s) as isize);
            return vec![];
        }
        (KeyCode::PageDown, _) => {
            scroll_by(s, -(page(s) as isize));
            return vec![];
        }
        (KeyCode::Char('y'), true) => return copy_last(s),
        (KeyCode::Char('o'), true) => {
            if s.attachment.take().is_some() {
                s.status = "attachment removed".into();
            } else {
                s.line.clear();
                s.mode = Mode::Attach;
            }
            return vec![];
        }
        (KeyCode::F(5), _) => return regenerate(s),
        _ => {}
    }
    match s.focus {
        Focus::Input => input_key(s, k),
        Focus::Sidebar => sidebar_key(s, k),
        Focus::Messages => messages_key(s, k),
    }
}

/// Scroll the message view `up` lines (down when negative), within its
/// range.
fn scroll_by(s: &mut State, up: isize) {
    let n = s.scroll as isize + up;
    s.scroll = (n.max(0) as usize).min(max_scroll(s));
}

/// Scroll so that the selected message's first line is in view.
fn scroll_to_selected(s: &mut State) {
    let Some(i) = s.sel else { return };
    let a = layout(s);
    let r = messages_inner(a.messages);
    let (total, at) = place(s, r.width, i);
    let h = r.height as usize;
    let Some((start, len)) = at else {
        return;
    };
    let max = total.saturating_sub(h);
    // the view shows lines top..top+h, top = max - scroll
    let top = max - s.scroll.min(max);
    let new_top = if start < top {
        start
    } else if start + len.min(h) > top + h {
        (start + len.min(h)).saturating_sub(h)
    } else {
        top
    };
    s.scroll = max - new_top.min(max);
}

fn copy_last(s: &mut State) -> Vec<Effect> {
    match s.messages.iter().rev().find(|m| m.role == "assistant") {
        Some(m) => {
            s.status = "copied the last answer".into();
            vec![Effect::Copy(m.content.clone())]
        }
        None => {
            s.status = "nothing to copy".into();
            vec![]
        }
    }
}

fn start_rename(s: &mut State) -> Vec<Effect> {
    match s.target() {
        Some((id, title)) => {
            s.line = title;
            s.mode = Mode::Rename(id);
        }
        None => s.status = "no chat to rename".into(),
    }
    vec![]
}

fn picker_key(s: &mut State, k: KeyEvent, i: usize) -> Vec<Effect> {
    let n = s.models.len();
    match k.code {
        KeyCode::Esc | KeyCode::F(2) => s.mode = Mode::Normal,
        KeyCode::Up | KeyCode::Char('k') => s.mode = Mode::ModelPicker(i.saturating_sub(1)),
        KeyCode::Down | KeyCode::Char('j') => {
            s.mode = Mode::ModelPicker((i + 1).min(n.saturating_sub(1)))
        }
        KeyCode::Enter => {
            s.mode = Mode::Normal;
            if let Some(m) = s.models.get(i) {
                s.model = Some(m.id.clone());
                s.keep_model = true;
                s.status = format!("model: {}", m.id);
            }
        }
        _ => {}
    }
    vec![]
}

fn rename_key(s: &mut State, k: KeyEvent, id: String) -> Vec<Effect> {
    match k.code {
        KeyCode::Esc => s.mode = Mode::Normal,
        KeyCode::Enter => {
            s.mode = Mode::Normal;
            let title = s.line.trim().to_string();
            if title.is_empty() {
                s.status = "the title is empty".into();
                return vec![];
            }
            if s.chat_id.as_deref() == Some(&id) {
                s.title = title.clone();
            }
            return vec![Effect::Rename { id, title }];
        }
        KeyCode::Backspace => {
            s.line.pop();
        }
        KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => s.line.push(c),
        _ => {}
    }
    vec![]
}

fn search_key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    match k.code {
        KeyCode::Esc => {
            s.mode = Mode::Normal;
            s.search.clear();
        }
        KeyCode::Enter | KeyCode::Down | KeyCode::Tab => {
            s.mode = Mode::Normal;
            s.selected = 0;
            return vec![];
        }
        KeyCode::Backspace => {
            s.search.pop();
        }
        KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => s.search.push(c),
        _ => return vec![],
    }
    s.selected = 0;
    vec![Effect::LoadChats {
        search: s.search.clone(),
    }]
}

fn sidebar_key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    let n = s.chats.len();
    match k.code {
        KeyCode::Up | KeyCode::Char('k') => s.selected = s.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            s.selected = (s.selected + 1).min(n.saturating_sub(1))
        }
        KeyCode::Home | KeyCode::Char('g') => s.selected = 0,
        KeyCode::End | KeyCode::Char('G') => s.selected = n.saturating_sub(1),
        KeyCode::Enter | KeyCode::Char(' ')
            if s.chats.get(s.selected).is_some_and(|c| c.folder.is_some()) =>
        {
            let f = &s.chats[s.selected];
            return vec![Effect::ToggleFolder {
                id: f.id.clone(),
                expanded: f.folder != Some(true),
            }];
        }
        KeyCode::Enter => {
            if let Some(c) = s.selected_chat() {
                let id = c.id.clone();
                s.focus = Focus::Input;
                return vec![Effect::OpenChat(id)];
            }
        }
        KeyCode::Char('/') => s.mode = Mode::Search,
        KeyCode::Char('?') => s.mode = Mode::Help,
        KeyCode::Char('n') => s.new_chat(),
        KeyCode::Char('r') => return start_rename(s),
        KeyCode::Char('d') | KeyCode::Delete => {
            if let Some(c) = s.selected_chat() {
                s.mode = Mode::ConfirmDelete(c.id.clone(), c.title.clone());
            }
        }
        KeyCode::Char('p') => {
            if let Some(c) = s.selected_chat() {
                return vec![Effect::TogglePin(c.id.clone())];
            }
        }
        KeyCode::Char('a') => {
            if let Some(c) = s.selected_chat() {
                let id = c.id.clone();
                if s.chat_id.as_deref() == Some(&id) {
                    s.new_chat();
                    s.focus = Focus::Sidebar;
                }
                return vec![Effect::ToggleArchive(id)];
            }
        }
        _ => {}
    }
    vec![]
}

fn messages_key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    let n = s.messages.len();
    match k.code {
        KeyCode::Up if n > 0 => {
            s.sel = Some(match s.sel {
                Some(i) => i.min(n - 1).saturating_sub(1),
                None => n - 1,
            });
            scroll_to_selected(s);
        }
        KeyCode::Down if n > 0 => {
            s.sel = match s.sel {
                Some(i) if i + 1 < n => Some(i + 1),
                // past the last message: back to following the bottom
                _ => {
                    s.scroll = 0;
                    None
                }
            };
            scroll_to_selected(s);
        }
        KeyCode::Char('k') => scroll_by(s, 1),
        KeyCode::Char('j') => scroll_by(s, -1),
        KeyCode::Home | KeyCode::Char('g') => s.scroll = max_scroll(s),
        KeyCode::End | KeyCode::Char('G') => s.scroll = 0,
        KeyCode::Char('y') => match s.selected_message() {
            Some(m) => {
                let text = m.content.clone();
                s.status = format!("copied {}", who(&m.role));
                return vec![Effect::Copy(text)];
            }
            None => return copy_last(s),
        },
        KeyCode::Char('c') => return copy_code(s),
        KeyCode::Char('e') => return start_edit(s),
        KeyCode::Char('r') => return regenerate(s),
        KeyCode::Left | KeyCode::Char('h') | KeyCode::Char('<') => return switch_branch(s, -1),
        KeyCode::Right | KeyCode::Char('l') | KeyCode::Char('>') => return switch_branch(s, 1),
        KeyCode::Char('?') => s.mode = Mode::Help,
        KeyCode::Char('/') => {
            s.focus = Focus::Sidebar;
            s.mode = Mode::Search;
        }
        _ => {}
    }
    vec![]
}

fn who(role: &str) -> &str {
    if role == "user" {
        "your message"
    } else {
        "the answer"
    }
}

/// `c`: copy a code block of the selected message (else of the last
/// answer): the last block, then the one before it on each repeat.
fn copy_code(s: &mut State) -> Vec<Effect> {
    let m = match s.selected_message() {
        Some(m) => m,
        None => match s.messages.iter().rev().find(|m| m.role == "assistant") {
            Some(m) => m,
            None => {
                s.status = "no code block to copy".into();
                return vec![];
            }
        },
    };
    let blocks = super::markdown::code_blocks(&m.content);
    if blocks.is_empty() {
        s.status = "no code block in this message".into();
        return vec![];
    }
    let n = blocks.len();
    let i = match &s.code_pick {
        Some((id, i)) if *id == m.id => (i + n - 1) % n,
        _ => n - 1,
    };
    let id = m.id.clone();
    let code = blocks[i].1.clone();
    s.code_pick = Some((id, i));
    s.status = format!("copied code block {}/{n} (c again: the one before)", i + 1);
    vec![Effect::Copy(code)]
}

/// `e`: put the selected user message into the input; Enter then sends it
/// as a new sibling (a branch), as the web's edit does.
fn start_edit(s: &mut State) -> Vec<Effect> {
    if s.streaming.is_some() {
        s.status = "an answer is being written: Esc stops it".into();
        return vec![];
    }
    let Some(m) = s.selected_message() else {
        s.status = "select a message first (Up/Down)".into();
        return vec![];
    };
    if m.role != "user" {
        s.status = "only your messages can be edited".into();
        return vec![];
    }
    if s.chat_id.is_none() {
        return vec![];
    }
    let (id, text) = (m.id.clone(), m.content.clone());
    s.set_input(&text);
    s.editing = Some(id);
    s.history_pos = None;
    s.focus = Focus::Input;
    s.status = "editing: Enter sends it as a new branch, Esc cancels".into();
    vec![]
}

/// The path prompt of Ctrl-O.
fn attach_key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
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
pub(super) fn read_attachment(path: &str) -> Result<Attachment, String> {
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
pub fn with_attachment(text: &str, a: &Attachment) -> String {
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

fn input_key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    let alt = k.modifiers.contains(KeyModifiers::ALT) || k.modifiers.contains(KeyModifiers::SHIFT);
    match k.code {
        KeyCode::Enter if alt => {
            s.input.insert_newline();
            vec![]
        }
        KeyCode::Enter => send(s),
        KeyCode::Up if s.input.is_empty() || s.history_pos.is_some() => {
            if s.history.is_empty() {
                return vec![];
            }
            let i = match s.history_pos {
                Some(i) => i.saturating_sub(1),
                None => s.history.len() - 1,
            };
            s.history_pos = Some(i);
            let t = s.history[i].clone();
            s.set_input(&t);
            vec![]
        }
        KeyCode::Down if s.history_pos.is_some() => {
            let i = s.history_pos.unwrap_or(0) + 1;
            if i >= s.history.len() {
                s.history_pos = None;
                s.reset_input();
            } else {
                s.history_pos = Some(i);
                let t = s.history[i].clone();
                s.set_input(&t);
            }
            vec![]
        }
        KeyCode::Char('?') if s.input.is_empty() && k.modifiers.is_empty() => {
            s.mode = Mode::Help;
            vec![]
        }
        _ => {
            s.history_pos = None;
            s.input.input(k);
            vec![]
        }
    }
}

fn send(s: &mut State) -> Vec<Effect> {
    let typed = s.input_text();
    if typed.trim().is_empty() && s.attachment.is_none() {
        return vec![];
    }
    if s.streaming.is_some() {
        s.status = "an answer is being written: Esc stops it".into();
        return vec![];
    }
    let Some(model) = s.model.clone() else {
        s.status = "no model: pick one with F2".into();
        return vec![];
    };
    let text = match &s.attachment {
        Some(a) => with_attachment(&typed, a),
        None => typed.clone(),
    };
    let user_id = new_id();
    let reply_id = new_id();
    let mut parent = s.messages.last().map(|m| m.id.clone());
    let mut sibling = (1, 1);
    // an edit: a new sibling of the edited message, under the same parent
    if let Some(id) = s.editing.take()
        && s.chat_id.is_some()
        && let Some(i) = s.messages.iter().position(|m| m.id == id)
    {
        parent = i.checked_sub(1).map(|p| s.messages[p].id.clone());
        let n = s.messages[i].sibling.1 + 1;
        sibling = (n, n);
        s.messages.truncate(i);
    }
    s.attachment = None;
    s.sel = None;
    s.code_pick = None;
    s.messages.push(Message {
        id: user_id.clone(),
        role: "user".into(),
        content: text.clone(),
        model: None,
        done: true,
        sibling,
        error: None,
    });
    s.messages.push(Message {
        id: reply_id.clone(),
        role: "assistant".into(),
        content: String::new(),
        model: Some(model.clone()),
        done: false,
        sibling: (1, 1),
        error: None,
    });
    if !typed.trim().is_empty() && s.history.last() != Some(&typed) {
        s.history.push(typed);
    }
    s.history_pos = None;
    s.reset_input();
    s.scroll = 0;
    s.streaming = Some(Streaming {
        chat_id: s.chat_id.clone(),
        reply_id: reply_id.clone(),
        stopping: false,
    });
    s.status = "sent".into();
    vec![Effect::Send {
        chat_id: s.chat_id.clone(),
        parent,
        user_id,
        reply_id,
        model,
        text,
    }]
}

/// Ask again for the last answer: a new sibling under the same user
/// message, as the web's regenerate button does.
fn regenerate(s: &mut State) -> Vec<Effect> {
    if s.streaming.is_some() {
        s.status = "an answer is being written: Esc stops it".into();
        return vec![];
    }
    let (Some(chat_id), Some(model)) = (s.chat_id.clone(), s.model.clone()) else {
        s.status = "nothing to regenerate".into();
        return vec![];
    };
    let n = s.messages.len();
    if n < 2 || s.messages[n - 1].role != "assistant" || s.messages[n - 2].role != "user" {
        s.status = "nothing to regenerate".into();
        return vec![];
    }
    let user_id = s.messages[n - 2].id.clone();
    let count = s.messages[n - 1].sibling.1 + 1;
    let reply_id = new_id();
    s.messages[n - 1] = Message {
        id: reply_id.clone(),
        role: "assistant".into(),
        content: String::new(),
        model: Some(model.clone()),
        done: false,
        sibling: (count, count),
        error: None,
    };
    s.scroll = 0;
    s.streaming = Some(Streaming {
        chat_id: Some(chat_id.clone()),
        reply_id: reply_id.clone(),
        stopping: false,
    });
    s.status = "regenerating".into();
    vec![Effect::Regenerate {
        chat_id,
        user_id,
        reply_id,
        model,
    }]
}

/// Show the previous (-1) or next (+1) sibling of the last message of the
/// branch that has siblings, then its latest descendants, as the web's
/// ‹ › arrows do; the choice is saved as the chat's current message.
fn switch_branch(s: &mut State, step: isize) -> Vec<Effect> {
    if s.streaming.is_some() {
        return vec![];
    }
    let Some(chat_id) = s.chat_id.clone() else {
        return vec![];
    };
    let at = match s.sel.filter(|&i| i < s.messages.len()) {
        Some(i) if s.messages[i].sibling.1 > 1 => i,
        Some(_) => {
            s.status = "this message has no siblings".into();
            return vec![];
        }
        None => match s.messages.iter().rposition(|m| m.sibling.1 > 1) {
            Some(i) => i,
            None => {
                s.status = "no other branch".into();
                return vec![];
            }
        },
    };
    let Some(leaf) = sibling_leaf(&s.doc, &s.messages[at].id, step) else {
        return vec![];
    };
    s.doc["history"]["currentId"] = Value::String(leaf.clone());
    s.messages = branch_of(&s.doc);
    s.code_pick = None;
    if s.sel.is_some() {
        scroll_to_selected(s);
    } else {
        s.scroll = 0;
    }
    vec![Effect::SetCurrent {
        chat_id,
        message_id: leaf,
    }]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use serde_json::json;

    use super::KEYS;
    use crate::tui::app::{ChatItem, Effect, Focus, LoadedChat, ModelItem, Msg, State, Theme};
    use crate::tui::update::update;

    /// Key names in the help's notation: "Up/Down j/k" → Up, Down, j, k.
    fn names(s: &str) -> Vec<String> {
        s.split_whitespace()
            .flat_map(|w| {
                if w == "/" {
                    vec![w.to_string()]
                } else {
                    w.split('/').map(String::from).collect()
                }
            })
            .collect()
    }

    /// The keys the help lists for a section (with those of "Anywhere"):
    /// the key column and the keys named in parentheses ("(also ?)").
    fn listed(section: &str) -> BTreeSet<String> {
        KEYS.iter()
            .filter(|(sec, _, _)| *sec == section || *sec == "Anywhere")
            .flat_map(|(_, keys, what)| {
                let more = what
                    .split_once('(')
                    .map(|(_, x)| x.trim_end_matches(')').replace(',', " "))
                    .unwrap_or_default();
                let more = more.strip_prefix("also ").unwrap_or(&more).to_string();
                names(keys).into_iter().chain(names(&more))
            })
            .collect()
    }

    /// An event in the help's notation: "PgUp", "Ctrl-N", "Alt-Enter", "g".
    fn name(k: &KeyEvent) -> String {
        let base = match k.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::BackTab => "S-Tab".into(),
            c => format!("{c:?}"),
        };
        if k.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else if k.modifiers.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }

    /// Every key tried: the named keys, F1–F12, printable characters,
    /// Ctrl with a letter and Alt-Enter.
    fn candidates() -> Vec<KeyEvent> {
        let none = KeyModifiers::NONE;
        let mut out: Vec<KeyEvent> = [
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Insert,
        ]
        .into_iter()
        .chain((1..=12).map(KeyCode::F))
        .chain((' '..='~').map(KeyCode::Char))
        .map(|c| KeyEvent::new(c, none))
        .collect();
        out.extend(('a'..='z').map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
        out.push(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
        out
    }

    /// Adjusts a fixture before a key is tried.
    type Setup = dyn Fn(&mut State);

    /// A chat with branches open, a folder in the sidebar, a model, an
    /// earlier prompt; `focus` has the keys and `setup` adjusts the rest.
    fn fixture(focus: Focus, setup: &Setup) -> State {
        let mut s = State::new(Some("m".into()), Theme::NoColor);
        s.size = (80, 14);
        let msg = |id: &str, parent: Option<&str>, children: &[&str], role: &str, text: &str| {
            json!({"id": id, "parentId": parent, "childrenIds": children, "role": role,
                   "model": "m", "done": true, "content": text})
        };
        let long = "word ".repeat(60);
        let doc = json!({"models": ["m"], "history": {"currentId": "a2", "messages": {
            "u1": msg("u1", None, &["a1"], "user", &long),
            "a1": msg("a1", Some("u1"), &["u2"], "assistant", &long),
            "u2": msg("u2", Some("a1"), &["a2x", "a2"], "user", "and code?"),
            "a2x": msg("a2x", Some("u2"), &[], "assistant", "first try"),
            "a2": msg("a2", Some("u2"), &[], "assistant", "```rust\nfn main() {}\n```"),
        }}});
        update(
            &mut s,
            Msg::Chat(LoadedChat {
                id: "c1".into(),
                title: "Chat".into(),
                pinned: false,
                doc,
            }),
        );
        let item = |id: &str, folder: Option<bool>| ChatItem {
            id: id.into(),
            title: id.into(),
            folder,
            ..Default::default()
        };
        update(
            &mut s,
            Msg::Chats(vec![
                item("c0", None),
                item("f1", Some(false)),
                item("c1", None),
                item("c2", None),
            ]),
        );
        update(
            &mut s,
            Msg::Models {
                list: vec![ModelItem {
                    id: "m".into(),
                    name: "m".into(),
                }],
                default: None,
            },
        );
        s.history = vec!["earlier".into()];
        s.focus = focus;
        setup(&mut s);
        s
    }

    /// What a key changed that the user can see, with the kinds of effects
    /// it asked for (new ids aside); the input's text only when `with_input`.
    fn seen(s: &State, fx: &[Effect], with_input: bool) -> String {
        let fx: Vec<String> = fx
            .iter()
            .map(|e| {
                let e = format!("{e:?}");
                e.split([' ', '(', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        format!(
            "{fx:?} {:?} {:?} {} {} {:?} {:?} {:?} {:?} {:?} {:?} {} {} {:?} {} {} {} {}",
            s.focus,
            s.mode,
            s.selected,
            s.scroll,
            s.sel,
            s.status,
            s.history_pos,
            s.chat_id,
            s.editing,
            s.code_pick,
            s.quit,
            s.search,
            s.attachment.as_ref().map(|a| &a.name),
            s.messages.len(),
            s.line,
            s.streaming.is_some(),
            if with_input {
                s.input_text()
            } else {
                String::new()
            },
        )
    }

    /// The keys that do something in this state, by name; with Ctrl or Alt
    /// a key counts as its own only when it acts unlike the bare key.
    /// In the input, keys that only edit the text are the text area's.
    fn handled(focus: Focus, setup: &Setup) -> BTreeSet<String> {
        let with_input = focus != Focus::Input;
        let outcome = |k: KeyEvent| {
            let mut s = fixture(focus, setup);
            let fx = update(&mut s, Msg::Key(k));
            seen(&s, &fx, with_input)
        };
        let before = seen(&fixture(focus, setup), &[], with_input);
        candidates()
            .into_iter()
            .filter(|k| {
                let after = outcome(*k);
                if after == before {
                    return false;
                }
                k.modifiers.is_empty()
                    || after != outcome(KeyEvent::new(k.code, KeyModifiers::NONE))
            })
            .map(|k| name(&k))
            .collect()
    }

    #[test]
    fn the_help_lists_every_key_that_does_something() {
        let cases: [(Focus, &str, &Setup); 6] = [
            (Focus::Input, "Input", &|_| {}),
            (Focus::Input, "Input", &|s| s.set_input("hi")),
            (Focus::Sidebar, "Chats", &|s| s.selected = 1),
            (Focus::Sidebar, "Chats", &|s| s.selected = 2),
            (Focus::Messages, "Messages", &|s| {
                s.sel = Some(3);
                s.scroll = 1;
            }),
            (Focus::Messages, "Messages", &|s| {
                s.sel = Some(0);
                s.scroll = 1;
            }),
        ];
        let mut missing = BTreeSet::new();
        for (focus, section, setup) in cases {
            let keys = handled(focus, setup);
            let listed = listed(section);
            missing.extend(
                keys.into_iter()
                    .filter(|k| !listed.contains(k))
                    .map(|k| format!("{section}: {k}")),
            );
        }
        assert!(missing.is_empty(), "not in KEYS: {missing:?}");
    }

    #[test]
    fn the_check_sees_the_keys_of_each_focus() {
        let chats = handled(Focus::Sidebar, &|s| s.selected = 1);
        for k in ["Space", "Enter", "g", "End", "Ctrl-N", "F1"] {
            assert!(chats.contains(k), "{k} in {chats:?}");
        }
        let messages = handled(Focus::Messages, &|s| s.sel = Some(3));
        for k in ["h", "<", "y", "Up"] {
            assert!(messages.contains(k), "{k} in {messages:?}");
        }
        let input = handled(Focus::Input, &|_| {});
        assert!(input.contains("Up") && !input.contains("a"), "{input:?}");
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(name(&ctrl_n), "Ctrl-N");
    }
}
