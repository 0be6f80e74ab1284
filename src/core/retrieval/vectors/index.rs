//! The in-memory form of a collection's vectors for search: each vector
//! normalised and quantised to one signed byte per number with its own
//! scale (a quarter of f32's memory), scanned with SIMD on all cores; the
//! best candidates are then scored exactly from the stored f32 vectors.
//!
//! Exactness: for unit vectors x, q and their quantised forms x̃, q̃,
//! |x·q − x̃·q̃| ≤ |x − x̃| + |x̃|·|q − q̃| (Cauchy–Schwarz). The index keeps
//! the largest |x − x̃| and |x̃| over the collection, so once the exact
//! k-th best score beats the best approximate score left out by more than
//! that bound, no vector left out can belong in the top k; otherwise the
//! candidate set grows and the scan repeats.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

pub struct VecIndex {
    pub dim: usize,
    pub rowids: Vec<i64>,
    codes: Vec<i8>,
    scales: Vec<f32>,
    /// max |x − x̃| and max |x̃| over the collection.
    max_resid: f32,
    max_norm: f32,
}

/// A unit vector in bytes: codes, scale, |x − x̃|, |x̃|.
fn quantise(v: &[f32], out: &mut Vec<i8>) -> (f32, f32, f32) {
    let norm = v
        .iter()
        .map(|x| (*x as f64) * (*x as f64))
        .sum::<f64>()
        .sqrt();
    let inv = if norm > 1e-12 { 1.0 / norm } else { 0.0 };
    let max = v.iter().fold(0.0f64, |m, x| m.max((*x as f64 * inv).abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    let (mut resid, mut qnorm) = (0.0f64, 0.0f64);
    for x in v {
        let u = *x as f64 * inv;
        let c = (u / scale).round().clamp(-127.0, 127.0);
        out.push(c as i8);
        let back = c * scale;
        resid += (u - back) * (u - back);
        qnorm += back * back;
    }
    (scale as f32, resid.sqrt() as f32, qnorm.sqrt() as f32)
}

/// Cosine similarity in f64 (the exact score).
pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (*x as f64, *y as f64);
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    ab / (aa.sqrt().max(1e-12) * bb.sqrt().max(1e-12))
}

#[inline(always)]
fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    a.iter().zip(b).map(|(x, y)| *x as i32 * *y as i32).sum()
}

#[inline(always)]
fn scan_generic(codes: &[i8], scales: &[f32], q: &[i8], qscale: f32, out: &mut [f32]) {
    let dim = q.len();
    for ((c, s), o) in codes.chunks_exact(dim).zip(scales).zip(out.iter_mut()) {
        *o = dot_i8(c, q) as f32 * s * qscale;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
fn scan_avx512(codes: &[i8], scales: &[f32], q: &[i8], qscale: f32, out: &mut [f32]) {
    scan_generic(codes, scales, q, qscale, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn scan_avx2(codes: &[i8], scales: &[f32], q: &[i8], qscale: f32, out: &mut [f32]) {
    scan_generic(codes, scales, q, qscale, out)
}

/// Approximate scores of a run of vectors, with the widest SIMD the CPU has.
fn scan(codes: &[i8], scales: &[f32], q: &[i8], qscale: f32, out: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512bw") && std::is_x86_feature_detected!("avx512vnni")
        {
            // SAFETY: the CPU has the features the function is compiled for
            return unsafe { scan_avx512(codes, scales, q, qscale, out) };
        }
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: as above
            return unsafe { scan_avx2(codes, scales, q, qscale, out) };
        }
    }
    scan_generic(codes, scales, q, qscale, out)
}

/// Below this many vectors one thread scans (starting threads costs more).
const PARALLEL_FROM: usize = 16_384;

#[derive(PartialEq)]
struct Cand(f32, u32);
impl Eq for Cand {}
impl PartialOrd for Cand {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
/// Reversed (a min-heap on score; on equal scores the later vector is the
/// smaller), so the heap's top is the weakest kept candidate.
impl Ord for Cand {
    fn cmp(&self, o: &Self) -> Ordering {
        o.0.total_cmp(&self.0).then(self.1.cmp(&o.1))
    }
}

fn keep_best(scores: &[f32], base: usize, m: usize, heap: &mut BinaryHeap<Cand>) {
    for (i, s) in scores.iter().enumerate() {
        let c = Cand(*s, (base + i) as u32);
        if heap.len() < m {
            heap.push(c);
        } else if let Some(top) = heap.peek()
            && c < *top
        {
            heap.pop();
            heap.push(c);
        }
    }
}

impl VecIndex {
    pub fn new(dim: usize) -> VecIndex {
        VecIndex {
            dim,
            rowids: Vec::new(),
            codes: Vec::new(),
            scales: Vec::new(),
            max_resid: 0.0,
            max_norm: 0.0,
        }
    }

    /// Add one vector (its length already checked to be `dim`).
    pub fn push(&mut self, rowid: i64, v: &[f32]) {
        let (scale, resid, norm) = quantise(v, &mut self.codes);
        self.rowids.push(rowid);
        self.scales.push(scale);
        self.max_resid = self.max_resid.max(resid);
        self.max_norm = self.max_norm.max(norm);
    }

    pub fn shrink(&mut self) {
        self.rowids.shrink_to_fit();
        self.codes.shrink_to_fit();
        self.scales.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.rowids.len()
    }

    pub fn bytes(&self) -> usize {
        self.codes.capacity() + self.scales.capacity() * 4 + self.rowids.capacity() * 8
    }

    /// The `m` best vectors by approximate score (positions, best first),
    /// and the best approximate score left out (−∞ when none is).
    fn candidates(&self, q: &[i8], qscale: f32, m: usize) -> (Vec<u32>, f32) {
        let n = self.len();
        let m1 = (m + 1).min(n);
        let threads = std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .min(8);
        let heap = if n < PARALLEL_FROM || threads < 2 {
            let mut scores = vec![0.0f32; n];
            scan(&self.codes, &self.scales, q, qscale, &mut scores);
            let mut heap = BinaryHeap::with_capacity(m1 + 1);
            keep_best(&scores, 0, m1, &mut heap);
            heap
        } else {
            let per = n.div_ceil(threads);
            let dim = self.dim;
            let heaps: Vec<BinaryHeap<Cand>> = std::thread::scope(|s| {
                let jobs: Vec<_> = (0..threads)
                    .map(|t| {
                        let lo = (t * per).min(n);
                        let hi = ((t + 1) * per).min(n);
                        let codes = &self.codes[lo * dim..hi * dim];
                        let scales = &self.scales[lo..hi];
                        s.spawn(move || {
                            let mut scores = vec![0.0f32; hi - lo];
                            scan(codes, scales, q, qscale, &mut scores);
                            let mut heap = BinaryHeap::with_capacity(m1 + 1);
                            keep_best(&scores, lo, m1, &mut heap);
                            heap
                        })
                    })
                    .collect();
                jobs.into_iter()
                    .map(|j| j.join().unwrap_or_default())
                    .collect()
            });
            let mut heap = BinaryHeap::with_capacity(m1 + 1);
            for h in heaps {
                for c in h {
                    keep_best(&[c.0], c.1 as usize, m1, &mut heap);
                }
            }
            heap
        };
        let mut best: Vec<Cand> = heap.into_sorted_vec();
        let left_out = if best.len() > m {
            best.pop().map_or(f32::NEG_INFINITY, |c| c.0)
        } else {
            f32::NEG_INFINITY
        };
        (best.into_iter().map(|c| c.1).collect(), left_out)
    }

    /// The exact top `k` (positions with cosine similarities, best first,
    /// the earlier vector first on equal scores). `exact(position)` gives
    /// a stored vector's exact similarity to the query.
    pub fn top(
        &self,
        query: &[f32],
        k: usize,
        mut exact: impl FnMut(usize) -> crate::error::Result<f64>,
    ) -> crate::error::Result<Vec<(usize, f64)>> {
        let n = self.len();
        let k = k.min(n);
        if k == 0 {
            return Ok(Vec::new());
        }
        let mut qcodes = Vec::with_capacity(self.dim);
        let (qscale, qresid, _) = quantise(query, &mut qcodes);
        // the bound of the module comment, plus room for f32 rounding
        let bound = self.max_resid + self.max_norm * qresid + 1e-4;
        let mut m = (k * 4 + 32).min(n);
        let mut scored: std::collections::HashMap<u32, f64> = Default::default();
        loop {
            let (cands, left_out) = self.candidates(&qcodes, qscale, m);
            let mut exact_top = Vec::with_capacity(cands.len());
            for c in cands {
                let s = match scored.get(&c) {
                    Some(s) => *s,
                    None => {
                        let s = exact(c as usize)?;
                        scored.insert(c, s);
                        s
                    }
                };
                exact_top.push((c as usize, s));
            }
            exact_top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            exact_top.truncate(k);
            let kth = exact_top.last().map_or(f64::NEG_INFINITY, |t| t.1);
            if m >= n || (left_out as f64) < kth - bound as f64 {
                return Ok(exact_top);
            }
            m = (m * 4).min(n);
        }
    }
}
