//! Reading many KBs and many linked files: the listings, the search, the
//! files in flight.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::store::LinkedFile;
use super::*;
use crate::core::files::{self, FileItem};

/// Ids the caller holds a grant on, by permission.
struct Granted {
    read: HashSet<String>,
    write: HashSet<String>,
}

fn granted_ids(cx: &Ctx, actor: &Actor) -> Result<Granted> {
    let mut g = Granted {
        read: HashSet::new(),
        write: HashSet::new(),
    };
    for (rid, perm) in access::matching_grants(cx, &actor.id, RT)? {
        match perm.as_str() {
            "read" => g.read.insert(rid),
            "write" => g.write.insert(rid),
            _ => false,
        };
    }
    Ok(g)
}

fn rows_for(cx: &Ctx, actor: &Actor, g: &Granted) -> Result<Vec<Knowledge>> {
    if bypass_admin(cx, actor) {
        return cx.db.read(store::all);
    }
    let ids = Value::from(g.read.iter().map(String::as_str).collect::<Vec<_>>()).to_string();
    cx.db.read(|c| store::owned_or_in(c, &actor.id, &ids))
}

/// Every KB the caller may list (owned, or a `read` grant; everything for
/// an admin with bypass), most recently updated first, without grants.
pub(super) fn readable_rows(cx: &Ctx, actor: &Actor) -> Result<Vec<Knowledge>> {
    let g = granted_ids(cx, actor)?;
    rows_for(cx, actor, &g)
}

/// Owners looked up once each.
#[derive(Default)]
struct Users(BTreeMap<String, Option<UserBrief>>);

impl Users {
    fn get(&mut self, cx: &Ctx, id: &str) -> Result<Option<UserBrief>> {
        if !self.0.contains_key(id) {
            let u = users::find(cx, id)?.map(brief);
            self.0.insert(id.to_string(), u);
        }
        Ok(self.0[id].clone())
    }
}

fn page_of<T>(rows: Vec<T>, page: Option<i64>, size: i64) -> Vec<T> {
    let skip = crate::core::page_offset(page.unwrap_or(1), size);
    rows.into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(usize::try_from(size).unwrap_or(0))
        .collect()
}

fn contains(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(needle)
}

/// The listing shape of KB rows: owner, file count, write access, grants.
fn items(
    cx: &Ctx,
    actor: &Actor,
    g: &Granted,
    rows: Vec<(Knowledge, Option<UserBrief>)>,
) -> Result<Vec<KnowledgeItem>> {
    let counts: HashMap<String, i64> = cx.db.read(store::file_counts)?.into_iter().collect();
    let everything = bypass_admin(cx, actor);
    rows.into_iter()
        .map(|(k, user)| {
            Ok(KnowledgeItem {
                write_access: everything || k.user_id == actor.id || g.write.contains(&k.id),
                file_count: Some(counts.get(&k.id).copied().unwrap_or(0)),
                user,
                knowledge: with_grants(cx, k)?,
            })
        })
        .collect()
}

/// `GET /`: the KBs the caller may read, most recently updated first, 30
/// a page.
pub fn list(cx: &Ctx, actor: &Actor, page: Option<i64>) -> Result<KnowledgeList> {
    search(
        cx,
        actor,
        &SearchQuery {
            page,
            ..Default::default()
        },
    )
}

/// `GET /search`: the KBs the caller may read, filtered by text (name,
/// description, owner's name or email), mine/shared and source, sorted,
/// 30 a page.
pub fn search(cx: &Ctx, actor: &Actor, q: &SearchQuery) -> Result<KnowledgeList> {
    actor.require_verified()?;
    let g = granted_ids(cx, actor)?;
    let needle = q
        .query
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase);
    let mut owners = Users::default();
    let mut rows = Vec::new();
    for k in rows_for(cx, actor, &g)? {
        match q.view_option.as_deref() {
            Some("created") if k.user_id != actor.id => continue,
            Some("shared") if k.user_id == actor.id => continue,
            _ => {}
        }
        match q.source.as_deref() {
            Some("external") if !k.is_external() => continue,
            Some("local") if k.is_external() => continue,
            _ => {}
        }
        let who = owners.get(cx, &k.user_id)?;
        if let Some(n) = &needle {
            let found = contains(&k.name, n)
                || contains(&k.description, n)
                || who
                    .as_ref()
                    .is_some_and(|u| contains(&u.name, n) || contains(&u.email, n));
            if !found {
                continue;
            }
        }
        rows.push((k, who));
    }
    // `rows` is newest-updated first; the sorts below are stable
    let asc = q.direction.as_deref() == Some("asc");
    match q.order_by.as_deref() {
        Some("name") if asc => rows.sort_by(|a, b| a.0.name.cmp(&b.0.name)),
        Some("name") => rows.sort_by(|a, b| b.0.name.cmp(&a.0.name)),
        Some("created_at") if asc => rows.sort_by_key(|r| r.0.created_at),
        Some("created_at") => rows.sort_by_key(|r| std::cmp::Reverse(r.0.created_at)),
        _ if asc => rows.reverse(),
        _ => {}
    }
    let total = rows.len() as i64;
    let rows = page_of(rows, q.page, PAGE_SIZE);
    Ok(KnowledgeList {
        items: items(cx, actor, &g, rows)?,
        total,
    })
}

/// `a/b/c` of every folder of a KB, by id.
fn paths(dirs: &[Directory]) -> HashMap<String, String> {
    let by_id: HashMap<&str, &Directory> = dirs.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut out = HashMap::new();
    for d in dirs {
        let mut parts = vec![d.name.as_str()];
        let mut seen = HashSet::from([d.id.as_str()]);
        let mut cur = d.parent_id.as_deref();
        while let Some(p) = cur.and_then(|p| by_id.get(p)) {
            if !seen.insert(p.id.as_str()) {
                break;
            }
            parts.push(p.name.as_str());
            cur = p.parent_id.as_deref();
        }
        parts.reverse();
        out.insert(d.id.clone(), parts.join("/"));
    }
    out
}

pub(super) fn dir_paths(cx: &Ctx, knowledge_id: &str) -> Result<HashMap<String, String>> {
    Ok(paths(&cx.db.read(|c| store::dirs(c, knowledge_id))?))
}

/// The text filter and sort of the file listings, then one page.
fn filtered(
    mut rows: Vec<LinkedFile>,
    actor: &Actor,
    q: &FilesQuery,
    size: i64,
) -> (Vec<LinkedFile>, i64) {
    let needle = q
        .query
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase);
    rows.retain(|f| {
        let mine = f.linked_by == actor.id;
        let view = match q.view_option.as_deref() {
            Some("created") => mine,
            Some("shared") => !mine,
            _ => true,
        };
        view && needle.as_ref().is_none_or(|n| {
            contains(&f.filename, n)
                || (q.include_content && f.content.as_deref().is_some_and(|c| contains(c, n)))
        })
    });
    let asc = q.direction.as_deref() == Some("asc");
    match q.order_by.as_deref() {
        Some("name") if asc => rows.sort_by(|a, b| a.filename.cmp(&b.filename)),
        Some("name") => rows.sort_by(|a, b| b.filename.cmp(&a.filename)),
        Some("created_at") if asc => rows.sort_by_key(|r| r.created_at),
        Some("created_at") => rows.sort_by_key(|r| std::cmp::Reverse(r.created_at)),
        _ if asc => rows.reverse(),
        _ => {}
    }
    let total = rows.len() as i64;
    (page_of(rows, q.page, size), total)
}

fn file_item(
    cx: &Ctx,
    f: LinkedFile,
    paths: &HashMap<String, String>,
    users: &mut Users,
    collection: Option<Knowledge>,
) -> Result<KnowledgeFileItem> {
    Ok(KnowledgeFileItem {
        user: users.get(cx, &f.linked_by)?,
        directory_path: f
            .directory_id
            .as_ref()
            .and_then(|d| paths.get(d).cloned())
            .unwrap_or_default(),
        id: f.id,
        user_id: f.user_id,
        hash: f.hash,
        filename: f.filename,
        data: None,
        meta: f.meta.as_ref().map(files::file_meta),
        created_at: f.created_at,
        updated_at: f.updated_at,
        directory_id: f.directory_id,
        has_original: f.has_original,
        collection,
    })
}

/// `GET /{id}/files`: a KB's files, filtered, sorted, in one folder or
/// all, 30 a page (admins choose the page size with `limit`), with the
/// folder's subfolders and the way to it.
pub fn files(cx: &Ctx, actor: &Actor, id: &str, q: &FilesQuery) -> Result<KnowledgeFileList> {
    readable(cx, actor, id)?;
    let ids = Value::from(vec![id]).to_string();
    let mut rows = cx
        .db
        .read(|c| store::linked_files(c, &ids, q.include_content))?;
    let dirs = cx.db.read(|c| store::dirs(c, id))?;
    let at = q.directory_id.as_deref().filter(|d| !d.is_empty());
    if q.directory_id.is_some() {
        rows.retain(|f| f.directory_id.as_deref() == at);
    }
    let size = match q.limit {
        Some(l) if actor.is_admin() && l > 0 => l,
        _ => PAGE_SIZE,
    };
    let (rows, total) = filtered(rows, actor, q, size);
    let paths = paths(&dirs);
    let mut breadcrumbs = Vec::new();
    let mut seen = HashSet::new();
    let mut cur = at;
    while let Some(d) = cur.and_then(|c| dirs.iter().find(|d| d.id == c)) {
        if !seen.insert(d.id.clone()) {
            break;
        }
        breadcrumbs.push(d.clone());
        cur = d.parent_id.as_deref();
    }
    breadcrumbs.reverse();
    let directories = if q.directory_id.is_some() {
        dirs.iter()
            .filter(|d| d.parent_id.as_deref() == at)
            .cloned()
            .collect()
    } else {
        vec![]
    };
    let mut users = Users::default();
    Ok(KnowledgeFileList {
        items: rows
            .into_iter()
            .map(|f| file_item(cx, f, &paths, &mut users, None))
            .collect::<Result<_>>()?,
        directories,
        breadcrumbs,
        total,
    })
}

/// `GET /search/files`: files of every KB the caller may read whose name
/// (or, with `include_content`, text) matches, newest change first, each
/// with its KB; 30 a page. Never fails for a verified caller: a failure is
/// logged and answered with an empty page, as upstream.
pub fn search_files(cx: &Ctx, actor: &Actor, q: &FilesQuery) -> Result<KnowledgeFileList> {
    actor.require_verified()?;
    let found = (|| -> Result<KnowledgeFileList> {
        let kbs: HashMap<String, Knowledge> = readable_rows(cx, actor)?
            .into_iter()
            .map(|k| (k.id.clone(), k))
            .collect();
        let ids = Value::from(kbs.keys().map(String::as_str).collect::<Vec<_>>()).to_string();
        let rows = cx
            .db
            .read(|c| store::linked_files(c, &ids, q.include_content))?;
        let q = FilesQuery {
            view_option: None,
            directory_id: None,
            order_by: None,
            direction: None,
            ..q.clone()
        };
        let (rows, total) = filtered(rows, actor, &q, PAGE_SIZE);
        let mut users = Users::default();
        let mut seen: HashMap<String, (Knowledge, HashMap<String, String>)> = HashMap::new();
        let mut items = Vec::new();
        for f in rows {
            if !seen.contains_key(&f.knowledge_id) {
                let k = with_grants(cx, kbs[&f.knowledge_id].clone())?;
                let paths = dir_paths(cx, &k.id)?;
                seen.insert(k.id.clone(), (k, paths));
            }
            let (kb, paths) = &seen[&f.knowledge_id];
            let kb = kb.clone();
            items.push(file_item(cx, f, paths, &mut users, Some(kb))?);
        }
        Ok(KnowledgeFileList {
            items,
            directories: vec![],
            breadcrumbs: vec![],
            total,
        })
    })();
    Ok(found.unwrap_or_else(|e| {
        tracing::error!("searching knowledge files: {e}");
        KnowledgeFileList {
            items: vec![],
            directories: vec![],
            breadcrumbs: vec![],
            total: 0,
        }
    }))
}

/// `GET /{id}/files/pending`: files uploaded for this KB still being
/// processed and not linked yet, newest first.
pub fn pending(cx: &Ctx, actor: &Actor, id: &str) -> Result<Vec<FileItem>> {
    readable(cx, actor, id)?;
    let ids = Value::from(vec![id]).to_string();
    let linked: HashSet<String> = cx
        .db
        .read(|c| store::linked_files(c, &ids, false))?
        .into_iter()
        .map(|f| f.id)
        .collect();
    Ok(files::pending_for_knowledge(cx, id)?
        .into_iter()
        .filter(|f| !linked.contains(&f.id))
        .map(|f| f.item())
        .collect())
}
