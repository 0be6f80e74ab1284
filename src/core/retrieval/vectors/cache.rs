//! Search indexes of recently searched collections, built on first use,
//! rebuilt when the collection's write counter moved (whichever
//! connection or process wrote), and evicted least recently used first
//! once they hold more than the cache's byte budget.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use super::bm25::{self, Bm25};
use super::index::VecIndex;
use super::store::{self, CollectionRow};
use crate::error::Result;

/// The cache's default budget: a 100,000-chunk collection of 384-number
/// vectors takes about 40 MB (vectors) plus 25–30 MB (BM25 index).
pub const DEFAULT_BUDGET: usize = 128 << 20;

pub struct Cache {
    budget: usize,
    entries: Mutex<HashMap<i64, Entry>>,
    /// One build at a time: two queries on a cold collection build it
    /// once, and builds of several collections do not pile up in memory.
    building: Mutex<()>,
    tick: std::sync::atomic::AtomicU64,
}

#[derive(Default)]
struct Entry {
    version: i64,
    used: u64,
    vectors: Option<Arc<VecIndex>>,
    /// Over the plain texts and over the enriched texts.
    bm25: [Option<Arc<Bm25>>; 2],
}

impl Entry {
    fn bytes(&self) -> usize {
        self.vectors.as_ref().map_or(0, |v| v.bytes())
            + self.bm25.iter().flatten().map(|b| b.bytes()).sum::<usize>()
    }
}

impl Default for Cache {
    fn default() -> Cache {
        Cache::new(DEFAULT_BUDGET)
    }
}

impl Cache {
    /// A cache keeping at most about `budget` bytes of indexes (the index
    /// in use is kept even when it alone is larger).
    pub fn new(budget: usize) -> Cache {
        Cache {
            budget,
            entries: Mutex::new(HashMap::new()),
            building: Mutex::new(()),
            tick: Default::default(),
        }
    }

    /// Bytes held by the cached indexes.
    pub fn bytes(&self) -> usize {
        self.lock().values().map(Entry::bytes).sum()
    }

    /// Forget every index.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The cached part `pick` selects, if it is current; marks it used.
    fn lookup<T: Clone>(
        &self,
        row: CollectionRow,
        pick: impl Fn(&Entry) -> Option<T>,
    ) -> Option<T> {
        let mut map = self.lock();
        let e = map.get_mut(&row.id)?;
        if e.version != row.version {
            return None;
        }
        e.used = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        pick(e)
    }

    fn store(&self, row: CollectionRow, put: impl FnOnce(&mut Entry)) {
        let mut map = self.lock();
        let e = map.entry(row.id).or_default();
        if e.version != row.version {
            *e = Entry {
                version: row.version,
                ..Entry::default()
            };
        }
        e.used = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        put(e);
        // evict the least recently used others until within budget
        let mut total: usize = map.values().map(Entry::bytes).sum();
        while total > self.budget {
            let Some((&id, _)) = map
                .iter()
                .filter(|(id, _)| **id != row.id)
                .min_by_key(|(_, e)| e.used)
            else {
                break;
            };
            if let Some(e) = map.remove(&id) {
                total -= e.bytes();
            }
        }
    }

    /// The collection's vector index, built when missing or stale. `c`
    /// must be inside the read transaction `row` was read in.
    pub(super) fn vectors(&self, c: &Connection, row: CollectionRow) -> Result<Arc<VecIndex>> {
        Ok(self.indexes(c, row, None)?.0)
    }

    /// The collection's vector index and, with `with_bm25 = Some(enriched)`,
    /// its BM25 index over its texts (`enriched`: over the texts with
    /// their metadata), in insertion order. Whatever is missing is built
    /// in one pass over the collection.
    pub(super) fn indexes(
        &self,
        c: &Connection,
        row: CollectionRow,
        with_bm25: Option<bool>,
    ) -> Result<(Arc<VecIndex>, Option<Arc<Bm25>>)> {
        let cached = |e: &Entry| {
            let v = e.vectors.clone()?;
            match with_bm25 {
                None => Some((v, None)),
                Some(en) => Some((v, Some(e.bm25[en as usize].clone()?))),
            }
        };
        if let Some(found) = self.lookup(row, cached) {
            return Ok(found);
        }
        let _one = self.building.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(found) = self.lookup(row, cached) {
            return Ok(found);
        }
        let (have_v, have_b) = self
            .lookup(row, |e| {
                Some((
                    e.vectors.clone(),
                    with_bm25.and_then(|en| e.bm25[en as usize].clone()),
                ))
            })
            .unwrap_or_default();
        let want = store::Wanted {
            vector: have_v.is_none(),
            text: with_bm25.is_some() && have_b.is_none(),
            metadata: with_bm25 == Some(true) && have_b.is_none(),
        };
        let mut index = want.vector.then(|| VecIndex::new(row.dim));
        let mut builder = want.text.then(bm25::Builder::default);
        let mut buf = Vec::with_capacity(row.dim);
        let mut each = |it: store::Scanned<'_>| {
            if let (Some(index), Some(blob)) = (index.as_mut(), it.vector) {
                buf.clear();
                buf.extend(
                    blob.chunks_exact(4)
                        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
                );
                // a row of another length cannot be written through this module
                buf.resize(row.dim, 0.0);
                index.push(it.rowid, &buf);
            }
            if let (Some(b), Some(text)) = (builder.as_mut(), it.text) {
                match it.metadata {
                    Some(meta) => b.add(&super::enriched_text(text, &store::parse_meta(meta))),
                    None => b.add(text),
                }
            }
        };
        match unmapped(c, row)? {
            Some(own) => store::scan(&own, row.id, want, &mut each)?,
            None => store::scan(c, row.id, want, &mut each)?,
        }
        let v = match (have_v, index) {
            (Some(v), _) => v,
            (None, Some(mut index)) => {
                index.shrink();
                Arc::new(index)
            }
            (None, None) => unreachable!("a missing vector index is built"),
        };
        let b = match (have_b, builder) {
            (Some(b), _) => Some(b),
            (None, Some(builder)) => Some(Arc::new(builder.finish())),
            (None, None) => None,
        };
        self.store(row, |e| {
            e.vectors = Some(v.clone());
            if let (Some(en), Some(b)) = (with_bm25, &b) {
                e.bm25[en as usize] = Some(b.clone());
            }
        });
        give_back_freed_memory();
        Ok((v, b))
    }
}

/// Return to the system the memory a build freed (its growing lists,
/// stale indexes just replaced): glibc's allocator otherwise keeps it,
/// tens of MB after a 100,000-chunk build.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; it takes no
    // pointers and is safe to call from any thread
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A connection of its own to the database file, with no memory mapping,
/// in a read transaction that sees the collection as `row` describes it;
/// `None` when the file cannot be opened so (an in-memory database) or
/// the collection has changed since (then the caller's connection reads).
///
/// A build reads the whole collection: through a reader's mapping of the
/// file every page read would stay in the process's resident memory
/// (hundreds of MB at 100,000 chunks); read this way, they pass through
/// the kernel's page cache and a small SQLite cache instead.
fn unmapped(c: &Connection, row: CollectionRow) -> Result<Option<OwnTx>> {
    let Some(path) = c.path().filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let Ok(own) = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return Ok(None);
    };
    own.busy_timeout(std::time::Duration::from_secs(10))?;
    own.execute_batch("PRAGMA mmap_size = 0; BEGIN")?;
    if store::version(&own, row.id)? != Some(row.version) {
        return Ok(None);
    }
    Ok(Some(OwnTx(own)))
}

/// A connection holding a read transaction, ended when dropped.
struct OwnTx(Connection);

impl std::ops::Deref for OwnTx {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.0
    }
}

impl Drop for OwnTx {
    fn drop(&mut self) {
        let _ = self.0.execute_batch("COMMIT");
    }
}
