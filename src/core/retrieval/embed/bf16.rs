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
        let kp = k.div_ceil(2);
        let panels = n.div_ceil(NR);
        let mut data = vec![0u16; panels * kp * NR * 2];
        for p in 0..panels {
            for q in 0..kp {
                let base = (p * kp + q) * NR * 2;
                for j in 0..NR {
                    let col = p * NR + j;
                    if col >= n {
                        continue;
                    }
                    for e in 0..2 {
                        let kk = 2 * q + e;
                        if kk < k {
                            data[base + j * 2 + e] = to_bf16(w[col * k + kk]);
                        }
                    }
                }
            }
        }
        Packed { n, kp, data }
    }
}

/// `a` rounded to bf16, row by row, as u32 pairs: `[t, kp]`.
fn pack_rows(a: &[f32], t: usize, k: usize, kp: usize, out: &mut Vec<u32>) {
    out.clear();
    out.resize(t * kp, 0);
    for (r, row) in a.chunks_exact(k).take(t).enumerate() {
        let dst = &mut out[r * kp..(r + 1) * kp];
        for (q, d) in dst.iter_mut().enumerate() {
            let lo = to_bf16(row[2 * q]) as u32;
            let hi = row.get(2 * q + 1).map_or(0, |&x| to_bf16(x) as u32);
            *d = lo | (hi << 16);
        }
    }
}

/// `out[t, n] += a[t, k] · wᵀ`, `out` holding `n` columns per row (the
/// bias already in it). `scratch` keeps the bf16 copy of `a`.
pub fn matmul(a: &[f32], t: usize, k: usize, w: &Packed, out: &mut [f32], scratch: &mut Vec<u32>) {
    assert!(supported(), "bf16 kernel on a CPU without AVX-512 BF16");
    pack_rows(a, t, k, w.kp, scratch);
    let panels = w.n.div_ceil(NR);
    for r0 in (0..t).step_by(MC) {
        let rows = MC.min(t - r0);
        for p in 0..panels {
            let wp = &w.data[p * w.kp * NR * 2..(p + 1) * w.kp * NR * 2];
            let cols = NR.min(w.n - p * NR);
            let mut r = r0;
            while r < r0 + rows {
                let m = MR.min(r0 + rows - r);
                let a_ptr = scratch[r * w.kp..].as_ptr();
                let c_ptr = out[r * w.n + p * NR..].as_mut_ptr();
                // SAFETY: the CPU has AVX-512 BF16 (checked above); the
                // kernel reads `m` rows of `kp` pairs from `a_ptr`, one
                // panel from `wp`, and writes `m` rows of `cols` columns
                // inside `out`.
                unsafe {
                    match m {
                        12 => kernel::<12>(a_ptr, w.kp, wp.as_ptr(), c_ptr, w.n, cols),
                        11 => kernel::<11>(a_ptr, w.kp, wp.as_ptr(), c_ptr, w.n, cols),
                        10 => kernel::<10>(a_ptr, w.kp, wp.as_ptr(), c_ptr, w.n, cols),
                        9 => kernel::<9>(a_ptr, w.kp, wp.as_ptr(), c_ptr, w.n, cols),
                        8 => kernel::<8>(a_ptr, w.kp, wp.as_ptr(), c_ptr, w.n, cols),
                        7 => kernel::<7>(a_ptr, w.kp, wp.as_ptr(), c_ptr, w.n, cols),
                        6 => kernel::<6>(a_ptr, w.kp, wp.as_ptr(), c_ptr, w.n, cols),
                        5 => kernel::<5>(a_ptr, w.kp, wp.as_ptr(), c_ptr, w.n, cols),
                        4 => kernel::<4>(a_ptr, w.kp, wp.as_ptr(), c_ptr, w.n, cols),
                        3 => kernel::<3>(a_ptr, w.kp, wp.as_ptr(), c_ptr, w.n, cols),
                        2 => kernel::<2>(a_ptr, w.kp, wp.as_ptr(), c_ptr, w.n, cols),
                        _ => kernel::<1>(a_ptr, w.kp, wp.as_ptr(), c_ptr, w.n, cols),
                    }
                }
                r += m;
            }
        }
    }
}

#[target_feature(enable = "avx512f,avx512bf16")]
unsafe fn kernel<const M: usize>(
    a: *const u32,
    kp: usize,
    w: *const u16,
    c: *mut f32,
    ldc: usize,
    cols: usize,
) {
    let mut acc = [[_mm512_setzero_ps(); 2]; M];
    for q in 0..kp {
        // SAFETY: within the panel and the rows (see `matmul`).
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
    for (r, acc) in acc.iter().enumerate() {
        // SAFETY: row `r` of `c` has at least `cols` columns from here.
        unsafe {
            let p = c.add(r * ldc);
            let v0 = _mm512_add_ps(_mm512_maskz_loadu_ps(m0, p), acc[0]);
            _mm512_mask_storeu_ps(p, m0, v0);
            let p1 = p.wrapping_add(16);
            let v1 = _mm512_add_ps(_mm512_maskz_loadu_ps(m1, p1), acc[1]);
            _mm512_mask_storeu_ps(p1, m1, v1);
        }
    }
}
