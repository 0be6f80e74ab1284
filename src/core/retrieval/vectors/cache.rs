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
        if let Some(v) = self.lookup(row, |e| e.vectors.clone()) {
            return Ok(v);
        }
        let _one = self.building.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = self.lookup(row, |e| e.vectors.clone()) {
            return Ok(v);
        }
        let mut index = VecIndex::new(row.dim);
        let mut buf = Vec::with_capacity(row.dim);
        store::each_vector(c, row.id, |rowid, blob| {
            buf.clear();
            buf.extend(
                blob.chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            );
            // a row of another length cannot be written through this module
            buf.resize(row.dim, 0.0);
            index.push(rowid, &buf);
        })?;
        index.shrink();
        let index = Arc::new(index);
        self.store(row, |e| e.vectors = Some(index.clone()));
        Ok(index)
    }

    /// The collection's BM25 index over its texts (`enriched`: over the
    /// texts with their metadata), in insertion order.
    pub(super) fn bm25(
        &self,
        c: &Connection,
        row: CollectionRow,
        enriched: bool,
    ) -> Result<Arc<Bm25>> {
        let slot = enriched as usize;
        if let Some(b) = self.lookup(row, |e| e.bm25[slot].clone()) {
            return Ok(b);
        }
        let _one = self.building.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(b) = self.lookup(row, |e| e.bm25[slot].clone()) {
            return Ok(b);
        }
        let mut b = bm25::Builder::default();
        store::each_text(c, row.id, enriched, |_, text, meta| match meta {
            Some(meta) => b.add(&super::enriched_text(text, &meta)),
            None => b.add(text),
        })?;
        let b = Arc::new(b.finish());
        self.store(row, |e| e.bm25[slot] = Some(b.clone()));
        Ok(b)
    }
}
