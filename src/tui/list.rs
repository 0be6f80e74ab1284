//! The sidebar's rows, built the same way whether the chats come from the
//! library core or from a server's API: pinned chats, then the folders
//! (each with its subfolders and chats, indented, when unfolded), then the
//! other chats, newest first; or the search hits, pinned first.

use std::collections::{HashMap, HashSet};

use super::app::ChatItem;

/// A chat of a list: its id and title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub title: String,
}

/// A folder of the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folder {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub is_expanded: bool,
}

/// The pieces of the sidebar, as fetched.
#[derive(Clone, Debug, Default)]
pub struct Parts {
    pub pinned: Vec<Row>,
    pub folders: Vec<Folder>,
    /// The chats of each unfolded folder (see `unfolded`).
    pub folder_chats: HashMap<String, Vec<Row>>,
    /// Chats neither pinned nor in a folder.
    pub others: Vec<Row>,
}

/// How many chats of one folder are fetched at most (20 pages of 10).
pub const FOLDER_PAGES: usize = 20;
/// A folder list page: the server's page size for folder chats.
pub const FOLDER_PAGE: usize = 10;

fn item(r: Row, pinned: bool, depth: u16) -> ChatItem {
    ChatItem {
        id: r.id,
        title: r.title,
        pinned,
        depth,
        folder: None,
    }
}

/// Search hits, pinned first (the order within each kept).
pub fn search_rows(hits: Vec<Row>, pinned: &[Row]) -> Vec<ChatItem> {
    let pinned: HashSet<&str> = pinned.iter().map(|r| r.id.as_str()).collect();
    let mut out: Vec<ChatItem> = hits
        .into_iter()
        .map(|r| {
            let p = pinned.contains(r.id.as_str());
            item(r, p, 0)
        })
        .collect();
    out.sort_by_key(|c| !c.pinned);
    out
}

type Tree<'a> = HashMap<Option<&'a str>, Vec<&'a Folder>>;

/// Folders by parent (a parent that is not in the list counts as the
/// top), each level sorted by name.
fn tree(folders: &[Folder]) -> Tree<'_> {
    let ids: HashSet<&str> = folders.iter().map(|f| f.id.as_str()).collect();
    let mut children: Tree = HashMap::new();
    for f in folders {
        let parent = f.parent_id.as_deref().filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(f);
    }
    for v in children.values_mut() {
        v.sort_by_key(|f| f.name.to_lowercase());
    }
    children
}

/// The folders whose chats show: unfolded, under unfolded parents.
pub fn unfolded(folders: &[Folder]) -> Vec<String> {
    fn walk<'a>(
        t: &Tree<'a>,
        p: Option<&'a str>,
        seen: &mut HashSet<&'a str>,
        out: &mut Vec<String>,
    ) {
        for f in t.get(&p).into_iter().flatten() {
            if !seen.insert(f.id.as_str()) || !f.is_expanded {
                continue;
            }
            out.push(f.id.clone());
            walk(t, Some(f.id.as_str()), seen, out);
        }
    }
    let t = tree(folders);
    let mut out = vec![];
    walk(&t, None, &mut HashSet::new(), &mut out);
    out
}

/// The whole sidebar from its pieces.
pub fn assemble(mut p: Parts) -> Vec<ChatItem> {
    let mut out: Vec<ChatItem> = std::mem::take(&mut p.pinned)
        .into_iter()
        .map(|r| item(r, true, 0))
        .collect();
    let t = tree(&p.folders);
    let mut seen = HashSet::new();
    folder_rows(&t, &mut p.folder_chats, None, 0, &mut seen, &mut out);
    out.extend(p.others.into_iter().map(|r| item(r, false, 0)));
    out
}

/// The rows of the folders under `parent`: each folder, then (unfolded)
/// its subfolders and its chats, one level deeper.
fn folder_rows<'a>(
    t: &Tree<'a>,
    chats: &mut HashMap<String, Vec<Row>>,
    parent: Option<&'a str>,
    depth: u16,
    seen: &mut HashSet<&'a str>,
    out: &mut Vec<ChatItem>,
) {
    for f in t.get(&parent).into_iter().flatten() {
        if !seen.insert(f.id.as_str()) {
            continue;
        }
        out.push(ChatItem {
            id: f.id.clone(),
            title: f.name.clone(),
            pinned: false,
            depth,
            folder: Some(f.is_expanded),
        });
        if !f.is_expanded {
            continue;
        }
        folder_rows(t, chats, Some(f.id.as_str()), depth + 1, seen, out);
        let rows = chats.remove(&f.id).unwrap_or_default();
        out.extend(rows.into_iter().map(|r| item(r, false, depth + 1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str) -> Row {
        Row {
            id: id.into(),
            title: id.to_uppercase(),
        }
    }

    fn folder(id: &str, parent: Option<&str>, open: bool) -> Folder {
        Folder {
            id: id.into(),
            name: id.into(),
            parent_id: parent.map(String::from),
            is_expanded: open,
        }
    }

    #[test]
    fn pinned_then_folders_then_the_rest() {
        let folders = vec![
            folder("b", None, true),
            folder("a", None, false),
            folder("b1", Some("b"), true),
            folder("a1", Some("a"), true),
            folder("orphan", Some("gone"), false),
        ];
        // a1 is unfolded but its parent is folded: its chats do not show
        assert_eq!(unfolded(&folders), ["b", "b1"]);
        let parts = Parts {
            pinned: vec![row("p")],
            folder_chats: HashMap::from([
                ("b".to_string(), vec![row("x")]),
                ("b1".to_string(), vec![row("y")]),
            ]),
            folders,
            others: vec![row("z")],
        };
        let rows: Vec<(String, u16, Option<bool>)> = assemble(parts)
            .into_iter()
            .map(|c| (c.id, c.depth, c.folder))
            .collect();
        let want = [
            ("p", 0, None),
            ("a", 0, Some(false)),
            ("b", 0, Some(true)),
            ("b1", 1, Some(true)),
            ("y", 2, None),
            ("x", 1, None),
            ("orphan", 0, Some(false)),
            ("z", 0, None),
        ];
        let want: Vec<(String, u16, Option<bool>)> = want
            .iter()
            .map(|(a, b, c)| (a.to_string(), *b, *c))
            .collect();
        assert_eq!(rows, want);
    }

    #[test]
    fn search_hits_put_pinned_first() {
        let rows = search_rows(vec![row("a"), row("b"), row("c")], &[row("c")]);
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["c", "a", "b"]);
        assert!(rows[0].pinned && !rows[1].pinned);
    }
}
