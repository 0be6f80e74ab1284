//! Every feature area, one folder each. Core functions take a `&Ctx` and the
//! calling `Actor`, check what the actor may do, and return data.
//!
//! The shared state is [`Ctx`] (`ctx.rs`); a face gets one from
//! [`startup::open`], which migrates the database and prepares the data.
//! Nothing under `core` imports a face (`api`, `cli`, `tui`).

pub mod access;
pub mod actor;
pub mod auths;
pub mod channels;
pub mod chats;
pub mod completions;
pub mod configs;
pub mod ctx;
pub mod evaluations;
pub mod events;
pub mod files;
pub mod folders;
pub mod functions;
pub mod groups;
pub mod models;
pub mod pipelines;
pub mod prompts;
pub mod providers;
pub mod startup;
pub mod tasks;
pub mod template;
pub mod tools;
pub mod users;
pub mod utils;

pub use ctx::Ctx;
