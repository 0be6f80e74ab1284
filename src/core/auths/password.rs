//! Password hashing: bcrypt in upstream's format (`$2b$`, cost 12) or
//! argon2id; verification picks the algorithm from the stored hash. All
//! hashing runs on the low-priority hashing threads.

use crate::core::Ctx;
use crate::error::{Error, Result, msg};

/// Refuse passwords bcrypt would truncate, and (when enabled) weak ones.
pub fn check_rules(cx: &Ctx, pw: &str) -> Result<()> {
    if cx.cfg.get("PASSWORD_HASH_ALGORITHM") != "argon2" && pw.len() > 72 {
        return Err(Error::invalid(msg::PASSWORD_TOO_LONG));
    }
    if cx.cfg.bool("ENABLE_PASSWORD_VALIDATION") {
        let strong = pw.chars().count() >= 8
            && pw.chars().any(|c| c.is_lowercase())
            && pw.chars().any(|c| c.is_uppercase())
            && pw.chars().any(|c| c.is_ascii_digit())
            && pw.chars().any(|c| !c.is_alphanumeric());
        if !strong {
            let hint = cx.cfg.get("PASSWORD_VALIDATION_HINT");
            return Err(Error::invalid(if hint.is_empty() {
                "The password does not meet the required validation criteria."
            } else {
                hint
            }));
        }
    }
    Ok(())
}

/// Hash a new password with the configured algorithm.
pub fn hash(cx: &Ctx, pw: &str) -> Result<String> {
    let pw = pw.to_string();
    if cx.cfg.get("PASSWORD_HASH_ALGORITHM") == "argon2" {
        cx.hasher.run(move || {
            use argon2::PasswordHasher;
            argon2::Argon2::default()
                .hash_password(pw.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| Error::internal(anyhow::anyhow!("argon2: {e}")))
        })?
    } else {
        let cost = cost(cx);
        cx.hasher.run(move || {
            bcrypt::hash_with_result(pw.as_bytes(), cost)
                .map(|h| h.format_for_version(bcrypt::Version::TwoB))
                .map_err(Error::internal)
        })?
    }
}

fn cost(cx: &Ctx) -> u32 {
    cx.cfg.int("BCRYPT_ROUNDS").unwrap_or(12).clamp(4, 31) as u32
}

/// The check of `pw` against `stored`, to run on a hashing thread. With no
/// hash, a placeholder is checked anyway so unknown accounts take as long
/// as known ones.
fn checker(cx: &Ctx, pw: &str, stored: Option<&str>) -> impl FnOnce() -> bool + Send + 'static {
    let cost = cost(cx);
    let placeholder = cx.hasher.placeholder.clone();
    let pw = pw.to_string();
    let stored = stored.map(str::to_string);
    move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| {
            placeholder
                .get_or_init(|| {
                    bcrypt::hash_with_result(b"owui-placeholder", cost)
                        .map(|h| h.format_for_version(bcrypt::Version::TwoB))
                        .unwrap_or_default()
                })
                .clone()
        });
        let ok = if stored.starts_with("$argon2") {
            use argon2::PasswordVerifier;
            argon2::password_hash::phc::PasswordHash::new(&stored)
                .map(|h| {
                    argon2::Argon2::default()
                        .verify_password(pw.as_bytes(), &h)
                        .is_ok()
                })
                .unwrap_or(false)
        } else {
            let bytes = pw.as_bytes();
            let bytes = &bytes[..bytes.len().min(72)];
            bcrypt::verify(bytes, &stored).unwrap_or(false)
        };
        known && ok
    }
}

/// Check a password against a stored hash, blocking the calling thread
/// until a hashing thread did it. `Error::RateLimited` when the hashing
/// queue is full.
pub fn verify(cx: &Ctx, pw: &str, stored: Option<&str>) -> Result<bool> {
    cx.hasher.run(checker(cx, pw, stored))
}

/// [`verify`] for async callers: waits without holding a thread.
pub async fn verify_async(cx: &Ctx, pw: &str, stored: Option<&str>) -> Result<bool> {
    cx.hasher.run_async(checker(cx, pw, stored)).await
}
