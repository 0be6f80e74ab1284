//! `owui chat`: the terminal chat (ratatui + crossterm) over the library core,
//! or over a server's API (`effects::remote`, for `--server`).
//!
//! From the bottom up, each importing only what is below it: `app` holds
//! the plain state (`branch` walks a chat's branches, `view` keeps the
//! rendered messages); `layout` says where everything is on the screen;
//! the widgets in `ui` (one per file) draw there and `keys` says what each
//! key does; `update` is the state's one way to change (all of these
//! testable without a terminal); `effects` runs the core calls, locally or
//! over HTTP, with `list` building the sidebar; `event` runs the loop.
//! `markdown` turns message text into styled lines, `style` and `text`
//! serve the widgets, `clipboard` copies via OSC 52.

pub mod app;
pub mod branch;
pub mod clipboard;
pub mod effects;
pub mod event;
pub mod keys;
pub mod layout;
pub mod list;
pub mod markdown;
pub mod style;
pub mod text;
pub mod ui;
pub mod update;
pub mod view;
