//! Matrix products in bfloat16 with f32 accumulation, on CPUs with
//! AVX-512 BF16 (`vdpbf16ps`: 32 multiply-adds per instruction, twice
//! what f32 FMA does per instruction).
//!
//! `out[t, n] += a[t, k] · w[n, k]ᵀ`: the weights are packed once at load
//! time into panels of 32 output columns, each pair of `k` holding 32
//! lanes × 2 bf16 (two zmm registers); the activations are rounded to
//! bf16 pairs per product.

use std::arch::x86_64::*;

/// Output columns per panel (two zmm of 16 f32).
const NR: usize = 32;
/// Rows per micro-kernel call: 24 accumulators + 2 weights of the 32
/// zmm registers, the activation broadcast straight from memory, so each
/// pair of weight loads feeds 24 `vdpbf16ps`.
const MR: usize = 12;
/// Rows per block: their activations stay in L2 while a panel streams.
const MC: usize = 96;

/// Whether this CPU runs the bf16 kernel.
pub fn supported() -> bool {
    is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512bf16")
}

/// A weight matrix `[n, k]` (row-major, as PyTorch stores `Linear`),
/// packed for [`matmul`].
#[derive(Default)]
pub struct Packed {
    n: usize,
    /// Pairs along `k` (`k` rounded up to even, halved).
    kp: usize,
    data: Vec<u16>,
}

fn to_bf16(x: f32) -> u16 {
    // Round to nearest even, as vcvtne2ps2bf16 does (NaN stays NaN).
    let b = x.to_bits();
    if x.is_nan() {
        return ((b >> 16) | 0x40) as u16;
    }
    let round = 0x7fff + ((b >> 16) & 1);
    (b.wrapping_add(round) >> 16) as u16
}

impl Packed {
    pub fn new(w: &[f32], n: usize, k: usize) -> Packed {
        let mut p = Packed::default();
        p.fill(w, n, k, k, 1);
        p
    }

    /// Pack the `[n, k]` matrix whose element `(j, i)` is
    /// `src[j·row_stride + i·col_stride]`, reusing this buffer: the keys
    /// of one attention head are a strided view of the Q/K/V rows, the
    /// values a transposed one.
    pub fn fill(&mut self, src: &[f32], n: usize, k: usize, row_stride: usize, col_stride: usize) {
        let kp = k.div_ceil(2);
        let panels = n.div_ceil(NR);
        self.n = n;
        self.kp = kp;
        self.data.clear();
        self.data.resize(panels * kp * NR * 2, 0);
        for p in 0..panels {
            for j in 0..NR.min(n - p * NR) {
                let col = p * NR + j;
                for kk in 0..k {
                    let (q, e) = (kk / 2, kk % 2);
                    self.data[(p * kp + q) * NR * 2 + j * 2 + e] =
                        to_bf16(src[col * row_stride + kk * col_stride]);
                }
            }
        }
    }
}

/// Rows of `a` (`t` rows of `k` values, `lda` apart) rounded to bf16, as
/// u32 pairs: `[t, kp]`, each value times `scale`.
pub fn pack_rows(a: &[f32], lda: usize, t: usize, k: usize, scale: f32, out: &mut Vec<u32>) {
    assert!(supported(), "bf16 kernel on a CPU without AVX-512 BF16");
    let kp = k.div_ceil(2);
    out.clear();
    out.resize(t * kp, 0);
    for r in 0..t {
        let row = &a[r * lda..r * lda + k];
        let dst = &mut out[r * kp..(r + 1) * kp];
        // SAFETY: the CPU has AVX-512 BF16 (checked above).
        unsafe { round_row(row, scale, dst) };
    }
}

/// `row · scale` as bf16 pairs (the last one padded with zero when the
/// row is odd): pairs are consecutive values, so this is the row as a
/// bf16 array.
#[target_feature(enable = "avx512f,avx512bf16")]
fn round_row(row: &[f32], scale: f32, dst: &mut [u32]) {
    let k = row.len();
    let full = k / 16 * 16;
    let sv = _mm512_set1_ps(scale);
    let d16 = dst.as_mut_ptr().cast::<u16>();
    for i in (0..full).step_by(16) {
        // SAFETY: `i + 16 <= k` values in `row`, and `dst` holds
        // `⌈k/2⌉` pairs, so `k` bf16 values.
        unsafe {
            let v = _mm512_mul_ps(_mm512_loadu_ps(row.as_ptr().add(i)), sv);
            let b: __m256i = std::mem::transmute(_mm512_cvtneps_pbh(v));
            _mm256_storeu_si256(d16.add(i).cast(), b);
        }
    }
    for i in full..k {
        let v = to_bf16(row[i] * scale) as u32;
        let d = &mut dst[i / 2];
        *d = if i % 2 == 0 {
            v
        } else {
            (*d & 0xffff) | (v << 16)
        };
    }
}

/// `out[t, n] = a[t, k] · wᵀ + bias`, `out` holding `n` columns per row.
/// `scratch` keeps the bf16 copy of `a`.
pub fn matmul(
    a: &[f32],
    t: usize,
    k: usize,
    w: &Packed,
    bias: &[f32],
    out: &mut [f32],
    scratch: &mut Vec<u32>,
) {
    assert_eq!(bias.len(), w.n);
    assert!(out.len() >= t * w.n);
    pack_rows(a, k, t, k, 1.0, scratch);
    // SAFETY: `out` holds `t` rows of `n` columns (checked above).
    unsafe { product(scratch, t, w, 1.0, Some(bias), out.as_mut_ptr(), w.n) };
}

/// `c[t, n] = alpha · a · wᵀ (+ bias)` for `a` already packed by
/// [`pack_rows`] (`t` rows of `w`'s pairs), rows of `c` `ldc` apart.
///
/// # Safety
/// `c` must be valid for writes of `t` rows of `w.n` columns, `ldc` apart.
pub unsafe fn product(
    a: &[u32],
    t: usize,
    w: &Packed,
    alpha: f32,
    bias: Option<&[f32]>,
    c: *mut f32,
    ldc: usize,
) {
    assert!(supported(), "bf16 kernel on a CPU without AVX-512 BF16");
    assert!(a.len() >= t * w.kp);
    assert!(bias.is_none_or(|b| b.len() >= w.n));
    let panels = w.n.div_ceil(NR);
    for r0 in (0..t).step_by(MC) {
        let rows = MC.min(t - r0);
        for p in 0..panels {
            let wp = &w.data[p * w.kp * NR * 2..(p + 1) * w.kp * NR * 2];
            let cols = NR.min(w.n - p * NR);
            let b_ptr = bias.map_or(std::ptr::null(), |b| b[p * NR..].as_ptr());
            let mut r = r0;
            while r < r0 + rows {
                let m = MR.min(r0 + rows - r);
                let a_ptr = a[r * w.kp..].as_ptr();
                // SAFETY: the caller's promise on `c`.
                let c_ptr = unsafe { c.add(r * ldc + p * NR) };
                let e = Epilogue {
                    c: c_ptr,
                    ldc,
                    cols,
                    alpha,
                    bias: b_ptr,
                };
                // SAFETY: the CPU has AVX-512 BF16 (checked above); the
                // kernel reads `m` rows of `kp` pairs from `a_ptr`, one
                // panel from `wp`, `cols` biases, and writes `m` rows of
                // `cols` columns inside `c`.
                unsafe {
                    match m {
                        12 => kernel::<12>(a_ptr, w.kp, wp.as_ptr(), e),
                        11 => kernel::<11>(a_ptr, w.kp, wp.as_ptr(), e),
                        10 => kernel::<10>(a_ptr, w.kp, wp.as_ptr(), e),
                        9 => kernel::<9>(a_ptr, w.kp, wp.as_ptr(), e),
                        8 => kernel::<8>(a_ptr, w.kp, wp.as_ptr(), e),
                        7 => kernel::<7>(a_ptr, w.kp, wp.as_ptr(), e),
                        6 => kernel::<6>(a_ptr, w.kp, wp.as_ptr(), e),
                        5 => kernel::<5>(a_ptr, w.kp, wp.as_ptr(), e),
                        4 => kernel::<4>(a_ptr, w.kp, wp.as_ptr(), e),
                        3 => kernel::<3>(a_ptr, w.kp, wp.as_ptr(), e),
                        2 => kernel::<2>(a_ptr, w.kp, wp.as_ptr(), e),
                        _ => kernel::<1>(a_ptr, w.kp, wp.as_ptr(), e),
                    }
                }
                r += m;
            }
        }
    }
}

/// Where a micro-kernel's tile goes: `alpha · acc + bias` (no bias when
/// null) into `cols` columns of rows `ldc` apart.
#[derive(Clone, Copy)]
struct Epilogue {
    c: *mut f32,
    ldc: usize,
    cols: usize,
    alpha: f32,
    bias: *const f32,
}

#[target_feature(enable = "avx512f,avx512bf16")]
unsafe fn kernel<const M: usize>(a: *const u32, kp: usize, w: *const u16, e: Epilogue) {
    let mut acc = [[_mm512_setzero_ps(); 2]; M];
    for q in 0..kp {
        // SAFETY: within the panel and the rows (see `product`).
        unsafe {
            let w0: __m512bh = std::mem::transmute(_mm512_loadu_si512(w.add(q * 64) as *const _));
            let w1: __m512bh =
                std::mem::transmute(_mm512_loadu_si512(w.add(q * 64 + 32) as *const _));
            for (r, acc) in acc.iter_mut().enumerate() {
                let av: __m512bh =
                    std::mem::transmute(_mm512_set1_epi32(*a.add(r * kp + q) as i32));
                acc[0] = _mm512_dpbf16_ps(acc[0], av, w0);
                acc[1] = _mm512_dpbf16_ps(acc[1], av, w1);
            }
        }
    }
    let cols = e.cols;
    let m0: __mmask16 = if cols >= 16 {
        0xffff
    } else {
        (1u32 << cols) as u16 - 1
    };
    let m1: __mmask16 = if cols >= 32 {
        0xffff
    } else if cols > 16 {
        (1u32 << (cols - 16)) as u16 - 1
    } else {
        0
    };
    let alpha = _mm512_set1_ps(e.alpha);
    // SAFETY: `bias`, when there is one, holds `cols` values.
    let (b0, b1) = unsafe {
        if e.bias.is_null() {
            (_mm512_setzero_ps(), _mm512_setzero_ps())
        } else {
            (
                _mm512_maskz_loadu_ps(m0, e.bias),
                _mm512_maskz_loadu_ps(m1, e.bias.wrapping_add(16)),
            )
        }
    };
    for (r, acc) in acc.iter().enumerate() {
        // SAFETY: row `r` of `c` has at least `cols` columns from here.
        unsafe {
            let p = e.c.add(r * e.ldc);
            _mm512_mask_storeu_ps(p, m0, _mm512_fmadd_ps(acc[0], alpha, b0));
            _mm512_mask_storeu_ps(p.wrapping_add(16), m1, _mm512_fmadd_ps(acc[1], alpha, b1));
        }
    }
}
