//! Finding memories without vectors: by id, type, text and path (upstream's
//! `search_memory_rows`, `list_memory_path_groups`,
//! `read_memory_path_rows`). Pure functions over a user's memories.

use serde::{Deserialize, Serialize};

use super::{Memory, MemoryBrief, MemoryType, clean_path};
use crate::error::{Error, Result};

/// Which memories a lookup keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TypeFilter {
    User,
    Context,
    #[default]
    All,
}

impl TypeFilter {
    fn keeps(self, m: &Memory) -> bool {
        match self {
            TypeFilter::All => true,
            TypeFilter::User => m.kind == MemoryType::User,
            TypeFilter::Context => m.kind == MemoryType::Context,
        }
    }
}

/// `limit` as upstream reads it: 0 is the default, then clamped to
/// `1..=max`.
fn clamp(limit: i64, default: i64, max: i64) -> usize {
    let l = if limit == 0 { default } else { limit };
    l.clamp(1, max) as usize
}

fn parts(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

fn parent(path: &str) -> Option<String> {
    let p = parts(path);
    (p.len() > 1).then(|| p[..p.len() - 1].join("/"))
}

/// How close a memory's path is to a looked-up path, lower is closer:
/// (0,0) the same; (1, depth) under it; (2, depth) above it; (3,0) the
/// same parent; (4, -n) n segments shared; (5,0) the same last segment;
/// none when unrelated.
pub fn path_rank(memory_path: Option<&str>, lookup: &str) -> Option<(i64, i64)> {
    let m = memory_path.filter(|p| !p.is_empty())?;
    if lookup.is_empty() {
        return None;
    }
    let (mp, lp) = (parts(m), parts(lookup));
    if m == lookup {
        return Some((0, 0));
    }
    if m.starts_with(&format!("{lookup}/")) {
        return Some((1, mp.len() as i64 - lp.len() as i64));
    }
    if lookup.starts_with(&format!("{m}/")) {
        return Some((2, lp.len() as i64 - mp.len() as i64));
    }
    if let Some(p) = parent(m)
        && Some(&p) == parent(lookup).as_ref()
    {
        return Some((3, 0));
    }
    let mut shared: Vec<&str> = mp.iter().filter(|s| lp.contains(s)).copied().collect();
    shared.sort_unstable();
    shared.dedup();
    if !shared.is_empty() {
        return Some((4, -(shared.len() as i64)));
    }
    if mp.last() == lp.last() {
        return Some((5, 0));
    }
    None
}

/// Whether `query` (trimmed, any case) is in the memory's content or path;
/// an empty query matches all.
fn matches(m: &Memory, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    q.is_empty()
        || m.content.to_lowercase().contains(&q)
        || m.path.as_deref().unwrap_or("").to_lowercase().contains(&q)
}

/// What `/search` asks.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct SearchForm {
    #[serde(default)]
    pub query: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: TypeFilter,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub memory_id: Option<String>,
    #[serde(default = "twenty")]
    pub limit: i64,
}

fn twenty() -> i64 {
    20
}

/// Memories by id, type, path and text: those whose path is related to
/// `path` (or mention it or its last segment) first, closest first, then
/// the most recently changed.
pub fn search(all: Vec<Memory>, f: &SearchForm) -> Result<Vec<Memory>> {
    let lookup = clean_path(f.path.as_deref())?;
    let query = f.query.as_deref().unwrap_or("").trim();
    let mut rows: Vec<Memory> = all
        .into_iter()
        .filter(|m| {
            f.memory_id
                .as_deref()
                .is_none_or(|id| id.is_empty() || m.id == id)
        })
        .filter(|m| f.kind.keeps(m))
        .collect();
    if let Some(l) = &lookup {
        let base = parts(l).last().copied().unwrap_or(l).to_lowercase();
        let ll = l.to_lowercase();
        rows.retain(|m| {
            path_rank(m.path.as_deref(), l).is_some() || {
                let hay =
                    format!("{}\n{}", m.path.as_deref().unwrap_or(""), m.content).to_lowercase();
                hay.contains(&ll) || hay.contains(&base)
            }
        });
    }
    if !query.is_empty() {
        rows.retain(|m| matches(m, query));
    }
    let key = |m: &Memory| {
        let rank = lookup
            .as_deref()
            .and_then(|l| path_rank(m.path.as_deref(), l))
            .unwrap_or((9, 0));
        (rank, -m.updated_at)
    };
    rows.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id)));
    rows.truncate(clamp(f.limit, 20, 100));
    Ok(rows)
}

/// What `/paths` asks.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct PathsForm {
    #[serde(default)]
    pub query: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: TypeFilter,
    #[serde(default = "hundred")]
    pub limit: i64,
}

fn hundred() -> i64 {
    100
}

/// The memories of one path and type.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PathGroup {
    pub path: Option<String>,
    #[serde(rename = "type")]
    pub kind: MemoryType,
    pub count: usize,
    pub updated_at: i64,
    /// Immediate child paths among the groups (at most 20).
    pub children: Vec<String>,
}

/// What `/paths` answers: the groups kept, and how many there were.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Paths {
    pub paths: Vec<PathGroup>,
    pub count: usize,
}

/// The memories grouped by path and type, most recently changed first.
pub fn paths(all: &[Memory], f: &PathsForm) -> Paths {
    let query = f.query.as_deref().unwrap_or("");
    let mut groups: Vec<PathGroup> = Vec::new();
    for m in all.iter().filter(|m| f.kind.keeps(m) && matches(m, query)) {
        match groups
            .iter_mut()
            .find(|g| g.path == m.path && g.kind == m.kind)
        {
            Some(g) => {
                g.count += 1;
                g.updated_at = g.updated_at.max(m.updated_at);
            }
            None => groups.push(PathGroup {
                path: m.path.clone(),
                kind: m.kind,
                count: 1,
                updated_at: m.updated_at.max(0),
                children: Vec::new(),
            }),
        }
    }
    let all_paths: Vec<String> = groups.iter().filter_map(|g| g.path.clone()).collect();
    for g in &mut groups {
        let Some(p) = &g.path else { continue };
        let prefix = format!("{p}/");
        let mut children: Vec<String> = Vec::new();
        for c in &all_paths {
            if let Some(rest) = c.strip_prefix(&prefix) {
                let child = format!("{prefix}{}", rest.split('/').next().unwrap_or(""));
                if !children.contains(&child) {
                    children.push(child);
                }
            }
        }
        children.truncate(20);
        g.children = children;
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.updated_at));
    let count = groups.len();
    groups.truncate(clamp(f.limit, 100, 500));
    Paths {
        paths: groups,
        count,
    }
}

/// What `/path` asks.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct PathForm {
    pub path: String,
    #[serde(rename = "type", default)]
    pub kind: TypeFilter,
    #[serde(default = "yes")]
    pub include_children: bool,
    #[serde(default = "fifty")]
    pub limit: i64,
}

fn yes() -> bool {
    true
}

fn fifty() -> i64 {
    50
}

/// What `/path` answers.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PathView {
    pub path: String,
    /// The path's ancestors that are memory paths, outermost first.
    pub parents: Vec<String>,
    /// Immediate child paths, sorted (at most 50).
    pub children: Vec<String>,
    pub memories: Vec<MemoryBrief>,
}

/// The memories at a path, then below it (shallowest first, with
/// `include_children`), then above it; each group most recent first.
pub fn path(all: &[Memory], f: &PathForm) -> Result<PathView> {
    let Some(l) = clean_path(Some(&f.path))? else {
        return Err(Error::invalid("Memory path is required"));
    };
    let rows: Vec<&Memory> = all.iter().filter(|m| f.kind.keeps(m)).collect();
    let lp = parts(&l);
    let parents: Vec<String> = (1..lp.len())
        .map(|i| lp[..i].join("/"))
        .filter(|p| rows.iter().any(|m| m.path.as_deref() == Some(p)))
        .collect();
    let under = format!("{l}/");
    let mut children: Vec<String> = rows
        .iter()
        .filter_map(|m| m.path.as_deref()?.strip_prefix(&under))
        .map(|rest| format!("{under}{}", rest.split('/').next().unwrap_or("")))
        .collect();
    children.sort();
    children.dedup();
    children.truncate(50);
    let below = |m: &Memory| m.path.as_deref().is_some_and(|p| p.starts_with(&under));
    let mut picked: Vec<&Memory> = rows
        .into_iter()
        .filter(|m| {
            m.path.as_deref() == Some(l.as_str())
                || m.path.as_ref().is_some_and(|p| parents.contains(p))
                || (f.include_children && below(m))
        })
        .collect();
    let key = |m: &Memory| {
        let depth = m.path.as_deref().map_or(0, |p| parts(p).len() as i64);
        let (group, d) = if m.path.as_deref() == Some(l.as_str()) {
            (0, 0)
        } else if below(m) {
            (1, depth)
        } else {
            (2, -depth)
        };
        (group, d, -m.updated_at)
    };
    picked.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.id.cmp(&b.id)));
    picked.truncate(clamp(f.limit, 50, 100));
    Ok(PathView {
        path: l,
        parents,
        children,
        memories: picked.into_iter().map(MemoryBrief::from).collect(),
    })
}

/// Paths of the memories that `query` mentions (the path, its last
/// segment, or any segment of three or more characters), at most `limit`.
pub fn path_hints(query: &str, all: &[Memory], limit: usize) -> Vec<String> {
    let q = query.to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut sorted: Vec<&Memory> = all.iter().collect();
    sorted.sort_by(|a, b| {
        (a.path.as_deref().unwrap_or(""), &a.content, &a.id).cmp(&(
            b.path.as_deref().unwrap_or(""),
            &b.content,
            &b.id,
        ))
    });
    let mut hints: Vec<String> = Vec::new();
    for m in sorted {
        let Some(p) = m.path.as_deref().filter(|p| !p.is_empty()) else {
            continue;
        };
        if hints.iter().any(|h| h == p) {
            continue;
        }
        let ps = parts(p);
        let last = ps.last().copied().unwrap_or(p);
        if q.contains(&p.to_lowercase())
            || q.contains(&last.to_lowercase())
            || ps
                .iter()
                .any(|s| s.chars().count() >= 3 && q.contains(&s.to_lowercase()))
        {
            hints.push(p.to_string());
        }
        if hints.len() >= limit {
            break;
        }
    }
    hints
}
