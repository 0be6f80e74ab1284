//! The bounded caches of whole renders and highlighted code blocks.

use std::collections::HashMap;

/// A bounded map: when the current generation fills up it becomes the old one
/// (and the older is dropped); hits in the old generation move back.
pub(super) struct TwoGenCache<V> {
    cap: usize,
    cur: HashMap<u64, V>,
    old: HashMap<u64, V>,
}

impl<V: Clone> TwoGenCache<V> {
    pub(super) fn new(cap: usize) -> Self {
        TwoGenCache {
            cap,
            cur: HashMap::new(),
            old: HashMap::new(),
        }
    }
    pub(super) fn get(&mut self, key: u64) -> Option<V> {
        if let Some(v) = self.cur.get(&key) {
            return Some(v.clone());
        }
        let v = self.old.remove(&key)?;
        self.put(key, v.clone());
        Some(v)
    }
    pub(super) fn put(&mut self, key: u64, v: V) {
        if self.cur.len() >= self.cap {
            self.old = std::mem::take(&mut self.cur);
        }
        self.cur.insert(key, v);
    }
}
