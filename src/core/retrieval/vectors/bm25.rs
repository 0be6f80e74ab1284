//! Okapi BM25 over whitespace tokens, scored as Open WebUI's hybrid search
//! scores it (rank_bm25's `BM25Okapi`: k1 = 1.5, b = 0.75, ε = 0.25;
//! case-sensitive tokens split on whitespace, punctuation kept), so the
//! same chunks come first. SQLite's FTS5 ranks differently (its tokenizer
//! folds case and splits on punctuation, its idf has no ε floor, and it
//! never returns unmatched chunks), hence this index.
//!
//! The index is an inverted list per term, varint-coded (document gap,
//! term frequency), about 2 bytes per (term, chunk) pair.

/// Term → term number, with a fast hash (the build looks up every token
/// of every chunk).
type Terms = foldhash::HashMap<Box<str>, u32>;

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
    terms: Terms,
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
    terms: Terms,
    /// Per term: its postings so far, the last chunk it was seen in, the
    /// number of chunks it was seen in, and its count in the current one.
    lists: Vec<Vec<u8>>,
    last: Vec<u32>,
    df: Vec<u32>,
    tf: Vec<u32>,
    /// The terms of the current chunk, each once.
    seen: Vec<u32>,
    doc_len: Vec<u32>,
    total: u64,
}

impl Builder {
    /// Index the next chunk's text.
    pub fn add(&mut self, text: &str) {
        let doc = self.doc_len.len() as u32;
        let mut len = 0u32;
        for t in tokens(text) {
            len += 1;
            let id = match self.terms.get(t) {
                Some(&id) => id,
                None => {
                    let id = self.lists.len() as u32;
                    self.terms.insert(t.into(), id);
                    self.lists.push(Vec::new());
                    self.last.push(0);
                    self.df.push(0);
                    self.tf.push(0);
                    id
                }
            } as usize;
            if self.tf[id] == 0 {
                self.seen.push(id as u32);
            }
            self.tf[id] += 1;
        }
        for id in self.seen.drain(..) {
            let id = id as usize;
            let list = &mut self.lists[id];
            let gap = if list.is_empty() {
                doc
            } else {
                doc - self.last[id]
            };
            put_varint(list, gap);
            put_varint(list, self.tf[id]);
            self.tf[id] = 0;
            self.last[id] = doc;
            self.df[id] += 1;
        }
        self.total += len as u64;
        self.doc_len.push(len);
    }

    pub fn finish(self) -> Bm25 {
        let Builder {
            mut terms,
            lists,
            df,
            doc_len,
            total,
            ..
        } = self;
        let n = doc_len.len() as f64;
        let mut starts = Vec::with_capacity(lists.len() + 1);
        let mut postings = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        for list in lists {
            starts.push(postings.len());
            postings.extend_from_slice(&list);
        }
        starts.push(postings.len());
        let mut idf: Vec<f64> = df
            .iter()
            .map(|&df| (n - df as f64 + 0.5).ln() - (df as f64 + 0.5).ln())
            .collect();
        if !idf.is_empty() {
            let idf_sum: f64 = idf.iter().sum();
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
        let n = n.min(scores.len());
        if n == 0 {
            return Vec::new();
        }
        // the n best so far in a heap whose top is the weakest of them
        let mut heap = std::collections::BinaryHeap::with_capacity(n + 1);
        for (doc, &score) in scores.iter().enumerate() {
            let c = Ranked(score, doc);
            if heap.len() < n {
                heap.push(c);
            } else if heap.peek().is_some_and(|weakest| c < *weakest) {
                heap.pop();
                heap.push(c);
            }
        }
        heap.into_sorted_vec()
            .into_iter()
            .map(|Ranked(s, doc)| (doc, s))
            .collect()
    }
}

/// A scored chunk, ordered best first: the higher score, then on equal
/// scores the later chunk.
#[derive(PartialEq)]
struct Ranked(f64, usize);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Ranked {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        o.0.total_cmp(&self.0).then(o.1.cmp(&self.1))
    }
}
