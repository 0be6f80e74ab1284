//! Every feature area, one folder each. Core functions take a `&Ctx` and the
//! calling `Actor`, check what the actor may do, and return data.

pub mod access;
pub mod actor;
pub mod auths;
pub mod chats;
pub mod configs;
pub mod events;
pub mod folders;
pub mod groups;
pub mod users;
