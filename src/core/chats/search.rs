//! `GET /api/v1/chats/search`: upstream's search syntax (`tag:`, `folder:`,
//! `pinned:`, `archived:`, `shared:` and free text), answered from the
//! trigram index of message contents and the titles.

use std::collections::BTreeSet;

use super::{PAGE_SIZE, TitleItem, store, tag_id};
use crate::core::Ctx;
use crate::core::actor::Actor;
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

/// Above this many matching messages a word counts as common: its chats
/// are found by walking the newest chats first instead of collecting them all.
const COMMON: i64 = 300;
const WALK_BATCH: i64 = 500;

fn search_in(
    cx: &Ctx,
    actor: &Actor,
    q: &Query,
    folders: Option<Vec<String>>,
    page: i64,
) -> Result<Vec<TitleItem>> {
    let uid = actor.id.clone();
    let offset = usize::try_from(crate::core::page_offset(page, PAGE_SIZE)).unwrap_or(usize::MAX);
    let need = offset + PAGE_SIZE as usize;
    let base = store::SearchFilter {
        ids: None,
        exact: vec![],
        tags: q.tags.clone(),
        untagged: q.untagged,
        folders,
        pinned: q.pinned,
        archived: q.archived.unwrap_or(false),
        shared: q.shared,
    };
    let ordered = |ids: Option<Vec<String>>, limit: i64, off: i64| -> Result<Vec<TitleItem>> {
        let f = store::SearchFilter {
            ids,
            exact: vec![],
            ..base.clone()
        };
        cx.db.read(|c| store::search(c, &uid, &f, limit, off))
    };
    let common = |text: &str| -> Result<bool> {
        Ok(cx.db.read(|c| store::count_hits(c, text, COMMON))? >= COMMON)
    };
    let mut items = if q.phrase.is_empty() {
        ordered(None, PAGE_SIZE, offset as i64)?
    } else {
        // exact-phrase matches first, then chats with every term, newest first
        let (exact, rest) = if common(&q.phrase)? {
            walk(cx, &ordered, &q.phrase, &q.terms, None, need)?
        } else {
            let set = cx
                .db
                .read(|c| store::chats_containing(c, &uid, &q.phrase))?;
            let exact = ordered(Some(set.iter().cloned().collect()), -1, 0)?;
            let rest = if q.terms.is_empty() || exact.len() >= need {
                vec![]
            } else {
                let rare = q
                    .terms
                    .iter()
                    .map(|t| common(t))
                    .collect::<Result<Vec<_>>>()?;
                if rare.iter().any(|c| !c) {
                    let mut every: Option<BTreeSet<String>> = None;
                    for t in &q.terms {
                        let hits = cx.db.read(|c| store::chats_containing(c, &uid, t))?;
                        every = Some(match every {
                            None => hits,
                            Some(e) => e.intersection(&hits).cloned().collect(),
                        });
                    }
                    let only: Vec<String> = every
                        .unwrap_or_default()
                        .difference(&set)
                        .cloned()
                        .collect();
                    ordered(Some(only), -1, 0)?
                } else {
                    walk(
                        cx,
                        &ordered,
                        &q.phrase,
                        &q.terms,
                        Some(&set),
                        need - exact.len(),
                    )?
                    .1
                }
            };
            (exact, rest)
        };
        exact
            .into_iter()
            .chain(rest)
            .skip(offset)
            .take(PAGE_SIZE as usize)
            .collect()
    };
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

/// Walk the (filtered) chats newest first, sorting them into phrase
/// matches and term-only matches, until `need` of the wanted kind are
/// found: phrase matches when `known` is None (then the walk must finish
/// to know there are no more), term-only ones when the phrase matches are
/// `known` already.
fn walk(
    cx: &Ctx,
    ordered: &dyn Fn(Option<Vec<String>>, i64, i64) -> Result<Vec<TitleItem>>,
    phrase: &str,
    terms: &[String],
    known: Option<&BTreeSet<String>>,
    need: usize,
) -> Result<(Vec<TitleItem>, Vec<TitleItem>)> {
    let (mut exact, mut rest) = (Vec::new(), Vec::new());
    let mut off = 0;
    loop {
        let batch = ordered(None, WALK_BATCH, off)?;
        if batch.is_empty() {
            break;
        }
        off += batch.len() as i64;
        let ids: Vec<String> = batch.iter().map(|c| c.id.clone()).collect();
        let mut texts: std::collections::HashMap<String, Vec<String>> = Default::default();
        for (cid, t) in cx.db.read(|c| store::texts_of_chats(c, &ids))? {
            texts.entry(cid).or_default().push(t.to_lowercase());
        }
        for item in batch {
            let title = item.title.to_lowercase();
            let body = texts.get(&item.id);
            let has = |needle: &str| {
                title.contains(needle) || body.is_some_and(|b| b.iter().any(|t| t.contains(needle)))
            };
            let is_exact = match known {
                Some(k) => k.contains(&item.id),
                None => has(phrase),
            };
            if is_exact {
                if known.is_none() {
                    exact.push(item);
                }
            } else if !terms.is_empty() && terms.iter().all(|t| has(t)) {
                rest.push(item);
            }
            let done = match known {
                None => exact.len() >= need,
                Some(_) => rest.len() >= need,
            };
            if done {
                return Ok((exact, rest));
            }
        }
    }
    Ok((exact, rest))
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
