//! `owui chat`: the terminal chat (ratatui + crossterm) over the library core,
//! or over a server's API (`remote`, for `--server`).
//!
//! `app` holds the plain state, `update` its one way to change and `keys`
//! what each key does (both testable without a terminal); `layout` says
//! where everything is on the screen, for the widgets in `ui` (one per
//! file) and for the keys. `event` runs the loop and the core calls,
//! `remote` the same calls over HTTP, `list` builds the sidebar.
//! `branch` walks a chat's branches, `view` keeps the rendered messages,
//! `markdown` turns message text into styled lines, `style` and `text`
//! serve the widgets, `clipboard` copies via OSC 52.

pub mod app;
pub mod branch;
pub mod clipboard;
pub mod event;
pub mod keys;
pub mod layout;
pub mod list;
pub mod markdown;
pub mod remote;
pub mod style;
pub mod text;
pub mod ui;
pub mod update;
pub mod view;
