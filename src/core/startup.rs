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
    // owner only: it holds the database, the secret key and uploads
    std::os::unix::fs::DirBuilderExt::mode(std::fs::DirBuilder::new().recursive(true), 0o700)
        .create(&cfg.data_dir)
        .map_err(|e| {
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

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_new_data_dir_and_database_are_the_owners_only() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("nested/data");
        let mut cfg = Config::defaults(&data);
        cfg.set("WEBUI_SECRET_KEY", "test-secret");
        let cx = open(cfg).unwrap();
        // migrations wrote: the log and its index exist while it is open
        let _keep = &cx;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        for f in ["webui.db", "webui.db-wal", "webui.db-shm"] {
            assert_eq!(mode(&data.join(f)), 0o600, "{f}");
        }
    }
}
