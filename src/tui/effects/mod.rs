//! Where effects run: against the library core on the data directory
//! (`local`), or against a server's API (`remote`, for `--server`). Both
//! start each effect with the one `spawn` of `task`, so background work
//! never touches the state: its results come back as `Msg`s on a channel.

pub mod local;
pub mod remote;
mod task;

pub use local::Core;
pub use remote::{Api, Remote};

use super::app::Effect;

/// Where effects run: the library core on the data directory, or a
/// server's API (`--server`).
#[derive(Clone)]
pub enum Backend {
    Local(Core),
    Remote(Remote),
}

impl Backend {
    pub fn spawn(&self, e: Effect) {
        match self {
            Backend::Local(c) => c.spawn(e),
            Backend::Remote(r) => r.spawn(e),
        }
    }
}
