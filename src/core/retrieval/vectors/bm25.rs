//! Okapi BM25 over whitespace tokens, scored as Open WebUI's hybrid search
//! scores it (rank_bm25's `BM25Okapi`: k1 = 1.5, b = 0.75, ε = 0.25;
//! case-sensitive tokens split on whitespace, punctuation kept), so the
//! same chunks come first. SQLite's FTS5 ranks differently (its tokenizer
//! folds case and splits on punctuation, its idf has no ε floor, and it
//! never returns unmatched chunks), hence this index.
//!
//! The index is an inverted list per term, varint-coded (document gap,
//! term frequency), about 2 bytes per (term, chunk) pair.

use std::collections::HashMap;

const K1: f64 = 1.5;
const B: f64 = 0.75;
const EPSILON: f64 = 0.25;

/// Python's `str.split()`: runs of whitespace, the ASCII separators
/// U+001C..U+001F included.
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
        .filter(|t| !t.is_empty())
}

pub struct Bm25 {
    terms: HashMap<Box<str>, u32>,
    /// Per term: start of its postings in `postings` (the next term's start
    /// ends it) and its idf.
    starts: Vec<usize>,
    idf: Vec<f64>,
    postings: Vec<u8>,
    doc_len: Vec<u32>,
    avgdl: f64,
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(buf: &[u8], pos: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = buf[*pos];
        *pos += 1;
        v |= ((b & 0x7f) as u32) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// Builds a [`Bm25`] one chunk at a time.
#[derive(Default)]
pub struct Builder {
    terms: HashMap<Box<str>, u32>,
    /// Per term: its postings so far and the last chunk it was seen in.
    lists: Vec<(Vec<u8>, u32)>,
    doc_len: Vec<u32>,
    freq: HashMap<u32, u32>,
    total: u64,
}

impl Builder {
    /// Index the next chunk's text.
    pub fn add(&mut self, text: &str) {
        let doc = self.doc_len.len() as u32;
        self.freq.clear();
        let mut len = 0u32;
        for t in tokens(text) {
            len += 1;
            let id = match self.terms.get(t) {
                Some(&id) => id,
                None => {
                    let id = self.lists.len() as u32;
                    self.terms.insert(t.into(), id);
                    self.lists.push((Vec::new(), 0));
                    id
                }
            };
            *self.freq.entry(id).or_insert(0) += 1;
        }
        for (&id, &tf) in &self.freq {
            let (list, last) = &mut self.lists[id as usize];
            let gap = if list.is_empty() { doc } else { doc - *last };
            put_varint(list, gap);
            put_varint(list, tf);
            *last = doc;
        }
        self.total += len as u64;
        self.doc_len.push(len);
    }

    pub fn finish(self) -> Bm25 {
        let Builder {
            terms,
            lists,
            doc_len,
            total,
            ..
        } = self;
        let n = doc_len.len() as f64;
        let mut starts = Vec::with_capacity(lists.len() + 1);
        let mut idf = Vec::with_capacity(lists.len());
        let mut postings = Vec::with_capacity(lists.iter().map(|l| l.0.len()).sum());
        let mut idf_sum = 0.0;
        for (list, _) in lists {
            let mut pos = 0;
            let mut df = 0u32;
            while pos < list.len() {
                get_varint(&list, &mut pos);
                get_varint(&list, &mut pos);
                df += 1;
            }
            let v = (n - df as f64 + 0.5).ln() - (df as f64 + 0.5).ln();
            idf_sum += v;
            idf.push(v);
            starts.push(postings.len());
            postings.extend_from_slice(&list);
        }
        starts.push(postings.len());
        if !idf.is_empty() {
            let floor = EPSILON * idf_sum / idf.len() as f64;
            for v in idf.iter_mut().filter(|v| **v < 0.0) {
                *v = floor;
            }
        }
        let avgdl = if doc_len.is_empty() {
            0.0
        } else {
            total as f64 / n
        };
        let mut terms = terms;
        terms.shrink_to_fit();
        Bm25 {
            terms,
            starts,
            idf,
            postings,
            doc_len,
            avgdl,
        }
    }
}

impl Bm25 {
    /// Index the texts, chunk `i` being the `i`-th text.
    #[cfg(test)]
    pub fn build<'a>(texts: impl IntoIterator<Item = &'a str>) -> Bm25 {
        let mut b = Builder::default();
        for t in texts {
            b.add(t);
        }
        b.finish()
    }

    pub fn len(&self) -> usize {
        self.doc_len.len()
    }

    /// Bytes held, roughly.
    pub fn bytes(&self) -> usize {
        self.postings.capacity()
            + self.starts.capacity() * 8
            + self.idf.capacity() * 8
            + self.doc_len.capacity() * 4
            + self.terms.keys().map(|k| k.len() + 48).sum::<usize>()
    }

    /// Every chunk's score for the query (a repeated query token counts
    /// each time, as upstream's does).
    pub fn scores(&self, query: &str) -> Vec<f64> {
        let mut score = vec![0.0f64; self.len()];
        if self.avgdl <= 0.0 {
            return score;
        }
        for q in tokens(query) {
            let Some(&id) = self.terms.get(q) else {
                continue;
            };
            let idf = self.idf[id as usize];
            let list = &self.postings[self.starts[id as usize]..self.starts[id as usize + 1]];
            let mut pos = 0;
            let mut doc = 0u32;
            let mut first = true;
            while pos < list.len() {
                let gap = get_varint(list, &mut pos);
                doc = if first { gap } else { doc + gap };
                first = false;
                let tf = get_varint(list, &mut pos) as f64;
                let dl = self.doc_len[doc as usize] as f64;
                score[doc as usize] +=
                    idf * (tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * dl / self.avgdl)));
            }
        }
        score
    }

    /// The `n` best chunks, best first, with their scores: unmatched
    /// chunks too when fewer match (upstream returns `n` whatever the
    /// scores); on equal scores the later chunk first.
    pub fn top(&self, query: &str, n: usize) -> Vec<(usize, f64)> {
        let scores = self.scores(query);
        let mut idx: Vec<usize> = (0..scores.len()).collect();
        let better = |a: &usize, b: &usize| {
            scores[*b]
                .partial_cmp(&scores[*a])
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.cmp(a))
        };
        let n = n.min(idx.len());
        if n == 0 {
            return Vec::new();
        }
        if n < idx.len() {
            idx.select_nth_unstable_by(n - 1, better);
            idx.truncate(n);
        }
        idx.sort_by(better);
        idx.into_iter().map(|i| (i, scores[i])).collect()
    }
}
