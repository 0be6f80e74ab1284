//! The vector store at scale: a collection of `BENCH_CHUNKS` chunks
//! (default 100,000) of ~1000-character synthetic texts with random
//! normalised 384-number vectors (fixed seed) in a temporary SQLite file,
//! then plain and hybrid queries (k = 3 and 10), the cold first query of
//! each kind timed apart from the warm ones, and the process's memory.
//!
//!   cargo bench --bench vectors
//!
//! Prints Markdown.

use std::time::{Duration, Instant};

use owui::core::retrieval::vectors::{self, Item, QueryParams};
use serde_json::json;

const DIM: usize = 384;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*, for repeatable data.
struct Rng(u64);
impl Rng {
    fn u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f32 {
        (self.u64() >> 40) as f32 / (1u64 << 24) as f32
    }
    /// A random direction (normal coordinates by Box–Muller), normalised.
    fn vector(&mut self) -> Vec<f32> {
        let mut v: Vec<f32> = (0..DIM)
            .map(|_| {
                let (a, b) = (self.unit().max(1e-7), self.unit());
                (-2.0 * a.ln()).sqrt() * (std::f32::consts::TAU * b).cos()
            })
            .collect();
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter_mut().for_each(|x| *x /= n);
        v
    }
    /// A word of a 20,000-word vocabulary, frequent words far more often
    /// (roughly Zipf).
    fn word(&mut self) -> String {
        let r = self.unit() as f64;
        let rank = (20_000f64.powf(r) - 1.0) as usize;
        format!("w{rank}")
    }
    fn text(&mut self) -> String {
        let mut s = String::with_capacity(1100);
        while s.len() < 1000 {
            s.push_str(&self.word());
            s.push(' ');
        }
        s
    }
}

/// (VmRSS, VmHWM, RssAnon, RssFile) in kB. RssFile counts the pages of
/// files mapped (the binary, and the database file as far as the read
/// connections map it); RssAnon is the process's own memory.
fn rss_kb() -> (u64, u64, u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (
        field("VmRSS:"),
        field("VmHWM:"),
        field("RssAnon:"),
        field("RssFile:"),
    )
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let n = env_usize("BENCH_CHUNKS", 100_000);
    let rounds = env_usize("BENCH_QUERIES", 50);
    let (_dir, cx) = owui::core::ctx::test_ctx();
    let mut rng = Rng(0x5EED);
    let rss0 = rss_kb();

    let t = Instant::now();
    let batch = 1000;
    let mut done = 0;
    while done < n {
        let items: Vec<Item> = (done..(done + batch).min(n))
            .map(|i| Item {
                id: format!("{i:08}"),
                text: rng.text(),
                vector: rng.vector(),
                metadata: serde_json::from_value(
                    json!({"file_id": format!("f{}", i / 50), "name": "doc.txt"}),
                )
                .unwrap_or_default(),
            })
            .collect();
        cx.db
            .write(|tx| vectors::insert(tx, "kb-bench", &items))
            .unwrap();
        done += items.len();
    }
    let insert = t.elapsed();
    let file_mb = std::fs::metadata(cx.db.path()).map_or(0, |m| m.len()) >> 20;
    let rss_inserted = rss_kb();

    let params = |k: usize, hybrid: bool| QueryParams {
        k,
        k_reranker: k,
        r: 0.0,
        hybrid,
        bm25_weight: 0.5,
        enriched_texts: false,
    };
    let query = |rng: &mut Rng| {
        (
            format!("{} {} {}", rng.word(), rng.word(), rng.word()),
            rng.vector(),
        )
    };

    // cold: the first plain query builds the vector index, the first
    // hybrid one the BM25 index
    let (q, qv) = query(&mut rng);
    let t = Instant::now();
    vectors::query_doc(&cx, "kb-bench", &q, &qv, &params(10, false), None)
        .await
        .unwrap();
    let cold_plain = t.elapsed();
    let rss_vectors = rss_kb();
    let t = Instant::now();
    vectors::query_doc(&cx, "kb-bench", &q, &qv, &params(10, true), None)
        .await
        .unwrap();
    let cold_hybrid = t.elapsed();
    let rss_both = rss_kb();

    println!("## Vector store: {n} chunks × {DIM} dims, ~1000-character texts\n");
    println!("| what | value |\n|---|---|");
    println!(
        "| insert ({n} chunks, {} transactions of {batch}) | {:.2} s ({:.0} chunks/s) |",
        n.div_ceil(batch),
        insert.as_secs_f64(),
        n as f64 / insert.as_secs_f64()
    );
    println!("| database file | {file_mb} MB |");
    println!(
        "| cold first plain query (builds the vector index) | {} ms |",
        ms(cold_plain)
    );
    println!(
        "| cold first hybrid query (builds the BM25 index) | {} ms |",
        ms(cold_hybrid)
    );
    println!("| cache held | {} MB |", cx.vectors.bytes() >> 20);
    for (k, hybrid) in [(3, false), (10, false), (3, true), (10, true)] {
        let mut times = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let (q, qv) = query(&mut rng);
            let t = Instant::now();
            let hits = vectors::query_doc(&cx, "kb-bench", &q, &qv, &params(k, hybrid), None)
                .await
                .unwrap();
            times.push(t.elapsed());
            assert_eq!(hits.len(), k);
        }
        times.sort();
        println!(
            "| {} k={k}: p50 / p95 / max ({rounds} queries) | {} / {} / {} ms |",
            if hybrid { "hybrid" } else { "plain" },
            ms(pct(&times, 0.5)),
            ms(pct(&times, 0.95)),
            ms(*times.last().unwrap())
        );
    }
    let rss_end = rss_kb();
    // a restart with hybrid search on: the first query builds both
    // indexes, in one pass
    cx.vectors.clear();
    let (q, qv) = query(&mut rng);
    let t = Instant::now();
    vectors::query_doc(&cx, "kb-bench", &q, &qv, &params(10, true), None)
        .await
        .unwrap();
    println!(
        "| cold first hybrid query, empty cache (builds both indexes) | {} ms |",
        ms(t.elapsed())
    );
    let mem = |what: &str, r: (u64, u64, u64, u64)| {
        println!(
            "| RSS / RssAnon / RssFile {what} | {} / {} / {} MB |",
            r.0 >> 10,
            r.2 >> 10,
            r.3 >> 10
        );
    };
    mem("at start", rss0);
    mem("after inserting", rss_inserted);
    mem("with the vector index", rss_vectors);
    mem("with vector + BM25 indexes", rss_both);
    mem("after the queries", rss_end);
    println!("| peak RSS | {} MB |", rss_end.1 >> 10);
}
