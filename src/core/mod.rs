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
pub mod retrieval;
pub mod startup;
pub mod tasks;
pub mod template;
pub mod tools;
pub mod users;
pub mod utils;

pub use ctx::Ctx;

/// The number of rows before page `page` (counted from 1; anything lower
/// is the first page) of `size` rows. A page past any real one gives an
/// offset past every row, never an overflow.
pub fn page_offset(page: i64, size: i64) -> i64 {
    page.max(1).saturating_sub(1).saturating_mul(size.max(0))
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_offset_never_overflows() {
        assert_eq!(super::page_offset(1, 60), 0);
        assert_eq!(super::page_offset(0, 60), 0);
        assert_eq!(super::page_offset(-5, 60), 0);
        assert_eq!(super::page_offset(3, 60), 120);
        assert_eq!(super::page_offset(i64::MAX, 60), i64::MAX);
    }
}
