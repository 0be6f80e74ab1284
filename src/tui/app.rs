//! The terminal chat's state and its one way to change: `update(state, msg)`
//! returns the effects to run (core calls, done by `event.rs` in tasks that
//! answer with more `Msg`s). No terminal and no database here, so every key
//! can be tested by feeding `Msg::Key`.

use std::cell::RefCell;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent};
use ratatui_textarea::TextArea;
use serde_json::Value;

use super::keys;
pub use super::keys::KEYS;
pub use super::markdown::Theme;
use super::ui::messages::Cache;

/// Where keys go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Sidebar,
    Messages,
    Input,
}

/// What is on top of the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// `/`: typing filters the chat list.
    Search,
    Help,
    /// The model list, with the highlighted row.
    ModelPicker(usize),
    /// Renaming this chat; the new title is in `State::line`.
    Rename(String),
    /// Asking before deleting this chat (id, title).
    ConfirmDelete(String, String),
    /// Ctrl-O: typing the path of a file to attach, in `State::line`.
    Attach,
}

/// A text file to send with the next message (Ctrl-O).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// The file name (no directories), shown and used as the fence's label.
    pub name: String,
    pub size: usize,
    pub content: String,
}

/// The largest file Ctrl-O attaches.
pub const MAX_ATTACHMENT: u64 = 1024 * 1024;

/// One row of the sidebar: a chat, or a folder (`folder` is Some(expanded)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChatItem {
    pub id: String,
    pub title: String,
    pub pinned: bool,
    /// Indentation: how deep in folders the row is.
    pub depth: u16,
    /// Some(expanded) when the row is a folder, not a chat.
    pub folder: Option<bool>,
}

/// One message of the current branch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    pub role: String,
    pub content: String,
    pub model: Option<String>,
    pub done: bool,
    /// Position among its siblings (1-based) and how many there are.
    pub sibling: (usize, usize),
    pub error: Option<String>,
}

/// A chat as loaded from the core.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedChat {
    pub id: String,
    pub title: String,
    pub pinned: bool,
    /// The chat document (`history.messages`, `currentId`, `models`).
    pub doc: Value,
}

/// A model the user may use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelItem {
    pub id: String,
    pub name: String,
}

/// The answer being written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Streaming {
    /// None until the core has created the chat of a first message.
    pub chat_id: Option<String>,
    pub reply_id: String,
    pub stopping: bool,
}

/// Everything the screen shows.
pub struct State {
    pub chats: Vec<ChatItem>,
    /// Highlighted sidebar row.
    pub selected: usize,
    /// The sidebar filter (`/`).
    pub search: String,
    pub chat_id: Option<String>,
    pub title: String,
    pub pinned: bool,
    /// The open chat's document as last loaded (for moving between branches).
    pub doc: Value,
    pub messages: Vec<Message>,
    pub input: TextArea<'static>,
    /// Sent prompts, oldest first, and where Up/Down is in them.
    pub history: Vec<String>,
    pub history_pos: Option<usize>,
    pub focus: Focus,
    pub mode: Mode,
    /// The one-line message of the status bar.
    pub status: String,
    pub model: Option<String>,
    /// The user chose the model (`--model`, F2): opening a chat keeps it
    /// instead of taking the chat's.
    pub keep_model: bool,
    pub models: Vec<ModelItem>,
    pub streaming: Option<Streaming>,
    /// Lines scrolled up from the bottom of the message view (0 follows).
    pub scroll: usize,
    /// The text being typed in a one-line prompt (rename).
    pub line: String,
    /// Terminal size.
    pub size: (u16, u16),
    /// Light, dark or no colours (`NO_COLOR`).
    pub theme: Theme,
    /// Animation frame, advanced by the tick while streaming.
    pub frame: usize,
    pub quit: bool,
    /// The host of the server chatted through (`--server`), if any.
    pub server: Option<String>,
    /// The message selected in the message view (index in `messages`).
    pub sel: Option<usize>,
    /// The user message being edited (`e`): Enter sends the input as its
    /// new sibling.
    pub editing: Option<String>,
    /// The file attached to the next message (Ctrl-O).
    pub attachment: Option<Attachment>,
    /// The code block `c` copied last: (message id, block index).
    pub code_pick: Option<(String, usize)>,
    /// The rendered messages, kept between frames (see `ui::messages`).
    pub view: RefCell<Cache>,
}

/// Something that happened: a key, a mouse event, or a core answer.
#[derive(Clone, Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    Resize(u16, u16),
    Tick,
    /// SIGTERM or another request to leave.
    Quit,
    Chats(Vec<ChatItem>),
    Chat(LoadedChat),
    Models {
        list: Vec<ModelItem>,
        default: Option<String>,
    },
    /// The core created the chat of a first message.
    Opened {
        reply_id: String,
        chat_id: String,
    },
    Delta {
        reply_id: String,
        text: String,
    },
    Done {
        chat_id: String,
        reply_id: String,
        error: Option<String>,
        cancelled: bool,
    },
    Deleted(String),
    /// A core call failed.
    Error(String),
    Info(String),
}

/// Work for `event.rs`: core calls and terminal output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Reload the sidebar (filtered by the search text when not empty).
    LoadChats {
        search: String,
    },
    OpenChat(String),
    LoadModels,
    /// Send a prompt: into `chat_id` after `parent`, or as a new chat.
    Send {
        chat_id: Option<String>,
        parent: Option<String>,
        user_id: String,
        reply_id: String,
        model: String,
        text: String,
    },
    /// A new answer to the existing user message `user_id`: a sibling of
    /// the answers it has.
    Regenerate {
        chat_id: String,
        user_id: String,
        reply_id: String,
        model: String,
    },
    /// Make `message_id` the chat's current message (switch branch).
    SetCurrent {
        chat_id: String,
        message_id: String,
    },
    /// Stop the answer `reply_id` of `chat_id`.
    Stop {
        chat_id: String,
        reply_id: String,
    },
    Rename {
        id: String,
        title: String,
    },
    Delete(String),
    /// Fold or unfold a sidebar folder (saved as the web does).
    ToggleFolder {
        id: String,
        expanded: bool,
    },
    TogglePin(String),
    ToggleArchive(String),
    /// Copy to the terminal's clipboard (OSC 52).
    Copy(String),
    Quit,
}

impl State {
    pub fn new(model: Option<String>, theme: Theme) -> State {
        let mut s = State {
            chats: vec![],
            selected: 0,
            search: String::new(),
            chat_id: None,
            title: String::new(),
            pinned: false,
            doc: Value::Null,
            messages: vec![],
            input: TextArea::default(),
            history: vec![],
            history_pos: None,
            focus: Focus::Input,
            mode: Mode::Normal,
            status: "F1 help · Ctrl-C quit".into(),
            keep_model: model.is_some(),
            model,
            models: vec![],
            streaming: None,
            scroll: 0,
            line: String::new(),
            size: (80, 24),
            theme,
            frame: 0,
            quit: false,
            server: None,
            sel: None,
            editing: None,
            attachment: None,
            code_pick: None,
            view: RefCell::default(),
        };
        s.reset_input();
        s
    }

    pub fn reset_input(&mut self) {
        self.input = TextArea::default();
        self.input
            .set_placeholder_text("Message (Enter send, Alt-Enter newline)");
        self.input
            .set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        self.input
            .set_cursor_line_style(ratatui::style::Style::default());
    }

    pub fn input_text(&self) -> String {
        self.input.lines().join("\n")
    }

    pub(super) fn set_input(&mut self, text: &str) {
        self.reset_input();
        self.input.insert_str(text);
    }

    /// The sidebar row highlighted, if it is a chat (not a folder).
    pub fn selected_chat(&self) -> Option<&ChatItem> {
        self.chats.get(self.selected).filter(|c| c.folder.is_none())
    }

    /// The chat that chat commands (rename, pin, ...) act on: the
    /// highlighted row in the sidebar, else the open chat.
    pub(super) fn target(&self) -> Option<(String, String)> {
        if self.focus == Focus::Sidebar {
            return self
                .selected_chat()
                .map(|c| (c.id.clone(), c.title.clone()));
        }
        self.chat_id.clone().map(|id| (id, self.title.clone()))
    }

    pub(super) fn new_chat(&mut self) {
        self.chat_id = None;
        self.title.clear();
        self.pinned = false;
        self.doc = Value::Null;
        self.messages.clear();
        self.scroll = 0;
        self.focus = Focus::Input;
        self.sel = None;
        self.editing = None;
        self.code_pick = None;
    }

    /// The selected message, if any.
    pub fn selected_message(&self) -> Option<&Message> {
        self.sel.and_then(|i| self.messages.get(i))
    }

    /// Scroll so that the selected message's first line is in view.
    pub(super) fn scroll_to_selected(&mut self) {
        let Some(i) = self.sel else { return };
        let a = super::ui::layout(self);
        let r = super::ui::messages::inner(a.messages);
        let (total, at) = super::ui::messages::place(self, r.width, i);
        let h = r.height as usize;
        let Some((start, len)) = at else {
            return;
        };
        let max = total.saturating_sub(h);
        // the view shows lines top..top+h, top = max - scroll
        let top = max - self.scroll.min(max);
        let new_top = if start < top {
            start
        } else if start + len.min(h) > top + h {
            (start + len.min(h)).saturating_sub(h)
        } else {
            top
        };
        self.scroll = max - new_top.min(max);
    }

    /// How many lines the message view scrolls by a page.
    pub(super) fn page(&self) -> usize {
        let a = super::ui::layout(self);
        (super::ui::messages::inner(a.messages).height as usize)
            .saturating_sub(2)
            .max(1)
    }

    pub(super) fn max_scroll(&self) -> usize {
        let a = super::ui::layout(self);
        let r = super::ui::messages::inner(a.messages);
        let total = super::ui::messages::total(self, r.width);
        total.saturating_sub(r.height as usize)
    }

    pub(super) fn scroll_by(&mut self, up: isize) {
        let s = self.scroll as isize + up;
        self.scroll = (s.max(0) as usize).min(self.max_scroll());
    }
}

/// The current branch of a chat document: from the root to `currentId`.
pub fn branch_of(doc: &Value) -> Vec<Message> {
    let msgs = doc.pointer("/history/messages").and_then(Value::as_object);
    let Some(msgs) = msgs else {
        return vec![];
    };
    let mut cur = doc
        .pointer("/history/currentId")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut out = vec![];
    let mut seen = std::collections::HashSet::new();
    while let Some(id) = cur {
        if !seen.insert(id.clone()) {
            break;
        }
        let Some(m) = msgs.get(&id) else { break };
        let parent = m.get("parentId").and_then(Value::as_str);
        let siblings: Vec<String> = match parent.and_then(|p| msgs.get(p)) {
            Some(p) => p
                .get("childrenIds")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
            None => msgs
                .iter()
                .filter(|(_, v)| v.get("parentId").and_then(Value::as_str).is_none())
                .map(|(k, _)| k.clone())
                .collect(),
        };
        let pos = siblings.iter().position(|s| *s == id).unwrap_or(0);
        let text = |k: &str| m.get(k).and_then(Value::as_str).map(String::from);
        out.push(Message {
            id: id.clone(),
            role: text("role").unwrap_or_default(),
            content: text("content").unwrap_or_default(),
            model: text("model"),
            done: m.get("done").and_then(Value::as_bool).unwrap_or(true),
            sibling: (pos + 1, siblings.len().max(1)),
            error: m
                .pointer("/error/content")
                .and_then(Value::as_str)
                .map(String::from),
        });
        cur = parent.map(str::to_string);
    }
    out.reverse();
    out
}

fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

/// Apply one `Msg`; returns the effects to run.
pub fn update(s: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(k) if k.kind != KeyEventKind::Release => keys::on_key(s, k),
        Msg::Key(_) => vec![],
        Msg::Mouse(m) => keys::on_mouse(s, m),
        Msg::Paste(t) => {
            match &mut s.mode {
                Mode::Rename(_) | Mode::Attach => s.line.push_str(&t.replace('\n', " ")),
                Mode::Search => {
                    s.search.push_str(&t.replace('\n', " "));
                    return vec![Effect::LoadChats {
                        search: s.search.clone(),
                    }];
                }
                _ => {
                    s.focus = Focus::Input;
                    s.input.insert_str(&t);
                }
            }
            vec![]
        }
        Msg::Resize(w, h) => {
            s.size = (w, h);
            s.scroll = s.scroll.min(s.max_scroll());
            vec![]
        }
        Msg::Tick => {
            if s.streaming.is_some() {
                s.frame = s.frame.wrapping_add(1);
            }
            vec![]
        }
        Msg::Quit => keys::quit(s),
        Msg::Chats(list) => {
            s.chats = list;
            if s.selected >= s.chats.len() {
                s.selected = s.chats.len().saturating_sub(1);
            }
            vec![]
        }
        Msg::Chat(c) => {
            // a reload must not wipe the answer being streamed into it
            if s.streaming
                .as_ref()
                .is_some_and(|st| st.chat_id.as_deref() == Some(&c.id))
            {
                s.title = c.title;
                s.pinned = c.pinned;
                return vec![];
            }
            if s.chat_id.as_deref() != Some(&c.id) {
                s.scroll = 0;
                s.sel = None;
                s.editing = None;
            }
            s.messages = branch_of(&c.doc);
            if s.sel.is_some_and(|i| i >= s.messages.len()) {
                s.sel = None;
            }
            s.doc = c.doc.clone();
            s.chat_id = Some(c.id);
            s.title = c.title;
            s.pinned = c.pinned;
            if !s.keep_model
                && let Some(m) = c
                    .doc
                    .pointer("/models/0")
                    .and_then(Value::as_str)
                    .filter(|m| !m.is_empty())
            {
                s.model = Some(m.to_string());
            }
            vec![]
        }
        Msg::Models { list, default } => {
            s.models = list;
            if s.model.is_none() {
                s.model = default.or_else(|| s.models.first().map(|m| m.id.clone()));
            }
            if s.model.is_none() {
                s.status = match &s.server {
                    Some(host) => format!("no model available on {host}"),
                    None => {
                        "no model available: add a connection with `owui connections add`".into()
                    }
                };
            }
            vec![]
        }
        Msg::Opened { reply_id, chat_id } => {
            let mut fx = vec![Effect::LoadChats {
                search: s.search.clone(),
            }];
            if let Some(st) = &mut s.streaming
                && st.reply_id == reply_id
            {
                st.chat_id = Some(chat_id.clone());
                if st.stopping {
                    fx.push(Effect::Stop {
                        chat_id: chat_id.clone(),
                        reply_id,
                    });
                }
            }
            if s.chat_id.is_none() {
                s.chat_id = Some(chat_id);
                s.title = "New Chat".into();
            }
            fx
        }
        Msg::Delta { reply_id, text } => {
            if let Some(m) = s.messages.iter_mut().find(|m| m.id == reply_id) {
                m.content.push_str(&text);
            }
            vec![]
        }
        Msg::Done {
            chat_id,
            reply_id,
            error,
            cancelled,
        } => {
            if s.streaming
                .as_ref()
                .is_some_and(|st| st.reply_id == reply_id)
            {
                s.streaming = None;
            }
            if let Some(m) = s.messages.iter_mut().find(|m| m.id == reply_id) {
                m.done = true;
                m.error = error.clone();
            }
            s.status = match (&error, cancelled) {
                (Some(e), _) => format!("error: {e}"),
                (None, true) => "stopped".into(),
                _ => "done".into(),
            };
            let mut fx = vec![Effect::LoadChats {
                search: s.search.clone(),
            }];
            if s.chat_id.as_deref() == Some(&chat_id) {
                fx.push(Effect::OpenChat(chat_id));
            }
            if s.quit {
                fx.push(Effect::Quit);
            }
            fx
        }
        Msg::Deleted(id) => {
            if s.chat_id.as_deref() == Some(&id) {
                s.new_chat();
            }
            s.status = "chat deleted".into();
            vec![Effect::LoadChats {
                search: s.search.clone(),
            }]
        }
        Msg::Error(e) => {
            s.status = format!("error: {e}");
            if let Some(st) = s.streaming.take()
                && let Some(m) = s.messages.iter_mut().find(|m| m.id == st.reply_id)
            {
                m.done = true;
            }
            if s.quit {
                return vec![Effect::Quit];
            }
            vec![]
        }
        Msg::Info(t) => {
            s.status = t;
            vec![]
        }
    }
}

/// A key press, for tests and the help overlay.
pub fn press(code: KeyCode) -> Msg {
    Msg::Key(key(code, KeyModifiers::NONE))
}

/// A key press with modifiers.
pub fn press_with(code: KeyCode, mods: KeyModifiers) -> Msg {
    Msg::Key(key(code, mods))
}
