//! `owui chat`: the terminal chat (ratatui + crossterm) over the library core,
//! or over a server's API (`remote`, for `--server`).
//!
//! `app` holds the plain state and its `update` logic, `keys` what each key
//! does (both testable without a terminal), `event` runs the loop and the
//! core calls, `remote` the same calls over HTTP, `list` builds the sidebar, `ui` draws one widget per file.
//! `markdown` turns message text into styled lines, `clipboard` copies via OSC 52.

pub mod app;
pub mod clipboard;
pub mod event;
pub mod keys;
pub mod list;
pub mod markdown;
pub mod remote;
pub mod ui;
