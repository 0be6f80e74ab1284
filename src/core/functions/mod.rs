//! Functions: admin-managed Python plugins (pipes, filters, actions).
//!
//! Table: `function`. Endpoints: `GET /api/v1/functions/` so far (every
//! function, active or not, to any verified user, as upstream). owui runs
//! no Python; the list holds what the table holds.

pub mod model;
mod store;

#[cfg(test)]
mod tests;

pub use model::*;

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::error::Result;

/// Every function, without its source, in storage order.
pub fn list(cx: &Ctx, actor: &Actor) -> Result<Vec<FunctionItem>> {
    actor.require_verified()?;
    cx.db.read(store::all)
}
