//! Finding files by name and counting them: `GET /search`,
//! `/user/search`, `/count`, `/user/count`, and `owui files list`.

use serde_json::Value;

use super::model::{FileFound, FileItem, FileModel, FileQuery, Scope};
use super::store;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::error::{Error, Result};

/// The most files one search returns (upstream's `limit` bound).
pub const MAX_LIMIT: i64 = 1000;

/// The owner a scope stands for (`None`: every owner).
fn owner_of(cx: &Ctx, actor: &Actor, scope: Scope) -> Result<Option<String>> {
    actor.require_verified()?;
    Ok(match scope {
        Scope::Visible if actor.is_admin() && cx.cfg.bool("BYPASS_ADMIN_ACCESS_CONTROL") => None,
        Scope::Visible | Scope::Own => Some(actor.id.clone()),
        Scope::User(id) if id == actor.id || actor.is_admin() => Some(id.to_string()),
        Scope::User(_) => {
            return Err(Error::forbidden(
                "Only admins may list another user's files.",
            ));
        }
    })
}

/// Upstream's glob to SQL `LIKE`: `\`, `%` and `_` escaped (with `\`),
/// then `*` → `%` and `?` → `_`. `None` for a pattern matching every
/// name (`*`).
fn like_pattern(glob: &str) -> Option<String> {
    let mut p = String::with_capacity(glob.len());
    for c in glob.chars() {
        match c {
            '\\' => p.push_str("\\\\"),
            '%' => p.push_str("\\%"),
            '_' => p.push_str("\\_"),
            '*' => p.push('%'),
            '?' => p.push('_'),
            c => p.push(c),
        }
    }
    (p != "%").then_some(p)
}

/// `data` without `content` (the extracted text), as `content=false`
/// asks.
pub(super) fn strip_content(item: &mut FileItem) {
    if let Some(Value::Object(d)) = item.data.as_mut() {
        d.remove("content");
    }
}

fn found(f: &FileModel, content: bool) -> FileFound {
    let mut file = f.item();
    if !content {
        strip_content(&mut file);
    }
    FileFound {
        file,
        path: f.path.clone(),
    }
}

/// Files whose name matches `q.filename` (a glob, case-insensitive),
/// newest upload first (`created_at`, then `id`, descending), within
/// `scope`. An empty answer is an empty list.
pub fn search(cx: &Ctx, actor: &Actor, scope: Scope, q: &FileQuery) -> Result<Vec<FileFound>> {
    let owner = owner_of(cx, actor, scope)?;
    if q.skip < 0 {
        return Err(Error::invalid("skip must be 0 or more"));
    }
    if !(1..=MAX_LIMIT).contains(&q.limit) {
        return Err(Error::invalid(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )));
    }
    let like = like_pattern(&q.filename);
    let rows = cx
        .db
        .read(|c| store::search(c, owner.as_deref(), like.as_deref(), q.skip, q.limit))?;
    Ok(rows.iter().map(|f| found(f, q.content)).collect())
}

/// How many files `scope` covers.
pub fn count(cx: &Ctx, actor: &Actor, scope: Scope) -> Result<i64> {
    let owner = owner_of(cx, actor, scope)?;
    cx.db.read(|c| store::count(c, owner.as_deref()))
}
