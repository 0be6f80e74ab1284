//! Start-up: the one step every face (the subcommands, the terminal chat,
//! `owui serve`, the tests) runs before using the core.
//!
//! In order: the data directory, the database file, its migrations, the
//! shared state (`Ctx`), then the work the data needs before anyone uses it
//! (the bootstrap admin from `WEBUI_ADMIN_EMAIL`). Later steps that belong
//! here, not in a request: repairs after a crash, cache warm-ups.

use crate::config::Config;
use crate::core::Ctx;
use crate::db::Db;
use crate::error::{Error, Result};

/// Open the data directory as a face needs it: migrated, with its shared
/// state and the bootstrap admin in place.
pub fn open(cfg: Config) -> Result<Ctx> {
    std::fs::create_dir_all(&cfg.data_dir).map_err(|e| {
        Error::invalid(format!(
            "cannot create data dir {}: {e}",
            cfg.data_dir.display()
        ))
    })?;
    let db = Db::open(&cfg.db_path())?;
    match cfg.get("SQLITE_SYNCHRONOUS").to_ascii_lowercase().as_str() {
        "full" => {}
        "normal" => db.set_synchronous(false)?,
        other => {
            return Err(Error::invalid(format!(
                "invalid SQLITE_SYNCHRONOUS `{other}` (full or normal)"
            )));
        }
    }
    db.migrate()?;
    let cx = Ctx::new(cfg, db)?;
    crate::core::auths::bootstrap_admin(&cx)?;
    Ok(cx)
}
