//! owui: Open WebUI's backend as one binary.
//!
//! The library holds every feature area (`core`) on SQLite (`db`); the binary
//! offers it as subcommands (`cli`) and as Open WebUI's REST and socket.io API
//! (`api`).

pub mod api;
pub mod cli;
pub mod config;
pub mod core;
pub mod db;
pub mod error;
pub mod tui;
pub mod util;

pub use core::Ctx;
pub use error::{Error, Result};

/// The Open WebUI release whose API owui speaks.
pub const UPSTREAM_VERSION: &str = "0.12.4";
/// owui's own version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
