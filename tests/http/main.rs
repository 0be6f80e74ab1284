//! Integration tests of `owui serve`: the REST API and socket.io over real
//! HTTP on 127.0.0.1, against fake model servers where a test needs one.
//!
//! One binary for the whole area: every file directly in `tests/` is linked
//! against the whole crate again, so the suites are modules of three
//! binaries (`http`, `cli`, `tui`) sharing `tests/common` and `tests/fakes`.

#[path = "../common/mod.rs"]
mod common;
#[path = "../fakes/pipelines.rs"]
mod fake_pipelines;
#[path = "../fakes/mod.rs"]
mod fakes;

mod app;
mod authz;
mod chat_events;
mod chat_stats;
mod chats;
mod completion_form;
mod completions;
mod configs;
mod edge;
mod evaluations;
mod fakes_selftest;
mod files;
mod folders;
mod hostile_input;
mod knowledge;
mod knowledge_index;
mod lists;
mod long_chats;
mod memories;
mod models;
mod no_server_errors;
mod openapi;
mod pipelines;
mod prompts;
mod proxies;
mod rag_chat;
mod retrieval;
mod signin_limits;
mod signout;
mod socket_chat_events;
mod socket_rooms;
mod statuses;
mod tasks;
mod utils;
