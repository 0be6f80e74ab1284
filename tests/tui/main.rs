//! Integration tests of `owui chat`: frames rendered into ratatui's
//! `TestBackend`, the remote mode against a real `owui serve`, and the binary
//! in tmux. (One binary per face; see `tests/http/main.rs`.)

#[path = "../common/mod.rs"]
mod common;
#[path = "../fakes/mod.rs"]
mod fakes;

mod pty;
mod remote;
mod render;
