//! `GET /api/v1/chats/search`: upstream's search syntax (`tag:`, `folder:`,
//! `pinned:`, `archived:`, `shared:` and free text), answered from the
//! trigram index of message contents and the titles.

use std::collections::BTreeSet;

use super::{PAGE_SIZE, TitleItem, store, tag_id};
use crate::core::actor::Actor;
use crate::ctx::Ctx;
use crate::error::Result;

/// A parsed search text.
#[derive(Debug, Default, PartialEq)]
pub struct Query {
    pub phrase: String,
    pub terms: Vec<String>,
    pub tags: Vec<String>,
    pub untagged: bool,
    pub folders: Vec<String>,
    pub pinned: Option<bool>,
    pub archived: Option<bool>,
    pub shared: Option<bool>,
}

fn flag(v: &str) -> Option<bool> {
    match v {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Split a search text into filters and free text.
pub fn parse(text: &str) -> Query {
    let text = text.replace('\0', "").to_lowercase();
    let mut q = Query::default();
    let mut words = Vec::new();
    for w in text.split_whitespace() {
        if let Some(t) = w.strip_prefix("tag:") {
            if tag_id(t) == "none" {
                q.untagged = true;
            } else if !t.is_empty() {
                q.tags.push(tag_id(t));
            }
        } else if let Some(f) = w.strip_prefix("folder:") {
            q.folders.push(f.to_string());
        } else if let Some(v) = w.strip_prefix("pinned:") {
            q.pinned = flag(v).or(q.pinned);
        } else if let Some(v) = w.strip_prefix("archived:") {
            q.archived = flag(v).or(q.archived);
        } else if let Some(v) = w.strip_prefix("shared:") {
            q.shared = flag(v).or(q.shared);
        } else {
            words.push(w);
        }
    }
    q.phrase = words.join(" ");
    let mut seen = BTreeSet::new();
    let mut cur = String::new();
    for ch in q.phrase.chars().chain(std::iter::once(' ')) {
        if ch.is_ascii_lowercase() || ch.is_ascii_digit() {
            cur.push(ch);
        } else if !cur.is_empty() {
            let t = std::mem::take(&mut cur);
            if t != q.phrase && seen.insert(t.clone()) {
                q.terms.push(t);
            }
        }
    }
    q
}

/// A 200-character window around the first needle found in `text`.
pub fn snippet(text: &str, needle: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = lower.find(needle)?;
    // work in chars, as upstream does
    let chars: Vec<char> = text.chars().collect();
    let at = lower[..at].chars().count();
    let n = needle.chars().count();
    let mut start = at.saturating_sub(100);
    let mut end = (start + 200).min(chars.len());
    if at + n > end {
        end = (at + n).min(chars.len());
        start = end.saturating_sub(200);
    }
    let body: String = chars[start..end].iter().collect();
    let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(format!(
        "{}{}{}",
        if start > 0 { "..." } else { "" },
        body,
        if end < chars.len() { "..." } else { "" }
    ))
}

/// Search the caller's chats.
pub fn search(cx: &Ctx, actor: &Actor, text: &str, page: i64) -> Result<Vec<TitleItem>> {
    actor.require_verified()?;
    let q = parse(text);
    if !q.folders.is_empty() {
        // no folder matches a name until folders exist for this user
        let ids = crate::core::chats::folder_ids_by_names(cx, actor, &q.folders)?;
        if ids.is_empty() {
            return Ok(vec![]);
        }
        return search_in(cx, actor, &q, Some(ids), page);
    }
    search_in(cx, actor, &q, None, page)
}

fn search_in(
    cx: &Ctx,
    actor: &Actor,
    q: &Query,
    folders: Option<Vec<String>>,
    page: i64,
) -> Result<Vec<TitleItem>> {
    let uid = actor.id.clone();
    let (exact, candidates) = if q.phrase.is_empty() {
        (BTreeSet::new(), None)
    } else {
        let exact = cx
            .db
            .read(|c| store::chats_containing(c, &uid, &q.phrase))?;
        let mut all = exact.clone();
        if !q.terms.is_empty() {
            let mut every: Option<BTreeSet<String>> = None;
            for t in &q.terms {
                let hits = cx.db.read(|c| store::chats_containing(c, &uid, t))?;
                every = Some(match every {
                    None => hits,
                    Some(e) => e.intersection(&hits).cloned().collect(),
                });
            }
            all.extend(every.unwrap_or_default());
        }
        (exact, Some(all))
    };
    let filter = store::SearchFilter {
        ids: candidates.map(|s| s.into_iter().collect()),
        exact: exact.into_iter().collect(),
        tags: q.tags.clone(),
        untagged: q.untagged,
        folders,
        pinned: q.pinned,
        archived: q.archived.unwrap_or(false),
        shared: q.shared,
    };
    let offset = (page.max(1) - 1) * PAGE_SIZE;
    let mut items = cx
        .db
        .read(|c| store::search(c, &uid, &filter, PAGE_SIZE, offset))?;
    if page <= 1 && q.tags.len() == 1 && q.phrase.is_empty() && items.is_empty() {
        let tag = q.tags[0].clone();
        cx.db.write(|tx| store::delete_tag(tx, &uid, &tag))?;
    }
    if !q.phrase.is_empty() {
        let needles: Vec<&str> = std::iter::once(q.phrase.as_str())
            .chain(q.terms.iter().map(String::as_str))
            .collect();
        for it in &mut items {
            let texts = cx.db.read(|c| store::message_texts(c, &it.id))?;
            it.snippet = needles
                .iter()
                .find_map(|n| texts.iter().find_map(|t| snippet(t, n)));
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_filters_and_terms() {
        let q = parse("tag:Work pinned:true archived:maybe Hello, World folder:my_stuff");
        assert_eq!(q.tags, vec!["work"]);
        assert_eq!(q.pinned, Some(true));
        assert_eq!(q.archived, None);
        assert_eq!(q.folders, vec!["my_stuff"]);
        assert_eq!(q.phrase, "hello, world");
        assert_eq!(q.terms, vec!["hello", "world"]);
        assert!(parse("tag:none").untagged);
        assert!(parse("rust").terms.is_empty());
    }

    #[test]
    fn snippets_are_windows_with_ellipses() {
        let text = format!("{}needle{}", "a ".repeat(100), " b".repeat(100));
        let s = snippet(&text, "needle").unwrap();
        assert!(s.starts_with("...") && s.ends_with("...") && s.contains("needle"));
        assert_eq!(
            snippet("short needle text", "needle").unwrap(),
            "short needle text"
        );
        assert!(snippet("nothing", "needle").is_none());
    }
}
