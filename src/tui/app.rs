//! The terminal chat's state: what the screen shows, the `Msg`s that
//! change it and the `Effect`s those ask for. Plain data, no terminal and
//! no database; `update` (in `tui::update`) is its one way to change.

use std::cell::{RefCell, RefMut};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent};
use ratatui_textarea::TextArea;
use serde_json::Value;

use super::branch::Message;
pub use super::markdown::Theme;
use super::view::Cache;

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
    /// `#`: the knowledge bases and files to attach, filtered by the word
    /// typed after the `#` (`State::ref_query`), with the highlighted row.
    RefPicker(usize),
}

/// A knowledge base or file the answer retrieves from (`#` in the input):
/// sent as an item of the completion's `files`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref {
    /// `collection` (a knowledge base) or `file`.
    pub kind: String,
    pub id: String,
    pub name: String,
}

impl Ref {
    /// The item of the completion's `files` (the web's shape).
    pub fn item(&self) -> Value {
        serde_json::json!({"type": self.kind, "id": self.id, "name": self.name})
    }
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
    /// The knowledge bases and files attached with `#` (Ctrl-X removes
    /// the last).
    pub refs: Vec<Ref>,
    /// What `#` can attach (loaded when the picker opens).
    pub ref_list: Vec<Ref>,
    /// The word typed after `#`.
    pub ref_query: String,
    /// The code block `c` copied last: (message id, block index).
    pub code_pick: Option<(String, usize)>,
    /// The rendered messages, kept between frames (see `tui::view`).
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
    /// What `#` can attach: knowledge bases, then files.
    Refs(Vec<Ref>),
}

/// Work for `tui::effects`: core calls and terminal output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Reload the sidebar (filtered by the search text when not empty).
    LoadChats {
        search: String,
    },
    OpenChat(String),
    LoadModels,
    /// The knowledge bases and files the user can read (`Msg::Refs`).
    LoadRefs,
    /// Send a prompt: into `chat_id` after `parent`, or as a new chat.
    Send {
        chat_id: Option<String>,
        parent: Option<String>,
        user_id: String,
        reply_id: String,
        model: String,
        text: String,
        /// The completion's `files`: the `#` attachments.
        files: Vec<Value>,
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
            refs: vec![],
            ref_list: vec![],
            ref_query: String::new(),
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

    /// The rendered messages at this width, brought up to date (see
    /// `tui::view`).
    pub fn rendered(&self, width: u16) -> RefMut<'_, Cache> {
        let mut c = self.view.borrow_mut();
        let live = self.streaming.as_ref().map(|x| x.reply_id.as_str());
        c.sync(
            self.chat_id.as_deref(),
            &self.messages,
            live,
            width,
            self.theme,
        );
        c
    }
}

fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

/// A key press, for tests and the help overlay.
pub fn press(code: KeyCode) -> Msg {
    Msg::Key(key(code, KeyModifiers::NONE))
}

/// A key press with modifiers.
pub fn press_with(code: KeyCode, mods: KeyModifiers) -> Msg {
    Msg::Key(key(code, mods))
}
