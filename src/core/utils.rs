//! `/api/v1/utils`: the Gravatar address of an email, and a consistent
//! copy of the database for admins.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::error::{Error, Result, msg};

/// `GET /gravatar`: `https://www.gravatar.com/avatar/<sha256>?d=mp` of
/// the trimmed, lower-cased email.
pub fn gravatar(actor: &Actor, email: &str) -> Result<String> {
    actor.require_verified()?;
    let hash = Sha256::digest(email.trim().to_lowercase().as_bytes());
    Ok(format!("https://www.gravatar.com/avatar/{hash:x}?d=mp"))
}

/// `GET /db/download` (admin): a snapshot of the whole database as one
/// SQLite file (`VACUUM INTO`, so commits still in the write-ahead log are
/// in it and a write going on meanwhile is not half in it). The file is a
/// temporary one beside the database, removed when the path is dropped.
pub fn db_snapshot(cx: &Ctx, actor: &Actor) -> Result<tempfile::TempPath> {
    actor.require_admin()?;
    if !cx.cfg.bool("ENABLE_ADMIN_EXPORT") {
        return Err(Error::Disabled(msg::ACCESS_PROHIBITED.into()));
    }
    let dir = cx.db.path().parent().unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".webui-snapshot-")
        .suffix(".db")
        .tempfile_in(dir)
        .map_err(Error::internal)?
        .into_temp_path();
    let target = tmp.to_string_lossy().to_string();
    cx.db.read(|c| {
        c.execute("VACUUM INTO ?1", [&target])?;
        Ok(())
    })?;
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gravatar_hashes_the_trimmed_lower_case_email() {
        let a = Actor::system();
        // sha256("ada@example.com"), as Python's hashlib gives it
        let want = "https://www.gravatar.com/avatar/\
                    b5fc85e55755f9e0d030a10ab4429b6b2944855f9a0d60077fe832becbc41d72?d=mp";
        let got = gravatar(&a, "  Ada@Example.COM ").unwrap();
        assert_eq!(got, want);
    }
}
