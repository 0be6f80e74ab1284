//! Integration tests of the subcommands: the built `owui` binary on a
//! temporary data directory, and the generated completions and man pages.
//! (One binary per face; see `tests/http/main.rs`.)

#[path = "../common/cli.rs"]
mod env;
#[path = "../fakes/mod.rs"]
mod fakes;

mod ask;
mod commands;
mod docs;
mod feedback;
mod files;
mod generated;
mod knowledge;
mod lifecycle;
mod memories;
mod models;
mod prompts;
mod tables;
