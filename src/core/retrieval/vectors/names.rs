//! Collection names: which are acceptable at all, and the spellings that
//! may reach the same collection (every one of which a caller must be
//! allowed to use).

use crate::error::{Error, Result};

/// A name of 1 to 255 characters from `[A-Za-z0-9_-]`: every real
/// collection name (UUIDs, SHA-256 digests and prefixed forms of them)
/// fits; anything else is refused, to admins too.
pub fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 255
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!("Invalid collection name: {name:?}")))
    }
}

/// The normalised spellings of a name (lower case, `_` as `-`, no `-` at
/// either end), plus the `c`-prefixed or unprefixed twin of a name that
/// starts with a digit, since some vector backends prepend `c` to those.
/// Sorted, no repeats.
pub fn spellings(name: &str) -> Vec<String> {
    let n = name.to_lowercase().replace('_', "-");
    let n = n.trim_matches('-').to_string();
    let mut out = vec![n.clone()];
    let mut chars = n.chars();
    match (chars.next(), chars.next()) {
        (Some(d), _) if d.is_ascii_digit() => out.push(format!("c{n}")),
        (Some('c'), Some(d)) if d.is_ascii_digit() => out.push(n[1..].to_string()),
        _ => {}
    }
    out.sort();
    out.dedup();
    out
}
