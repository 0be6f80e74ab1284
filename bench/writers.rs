//! Many writers at once over HTTP: a release `owui serve` on a temporary
//! data directory and `BENCH_WRITERS` clients (default 50), each on its own
//! connection, writing for `BENCH_SECS` seconds (default 5): create a chat,
//! add four messages to it through `POST /api/v1/chats/{id}` (one message
//! and `currentId`, as the browser saves), rename it, and again. Every
//! answer is counted: the target is no 5xx and no "database is locked".
//!
//!   cargo bench --bench writers
//!
//! `OWUI_BIN` picks the server binary (default: the release `owui` cargo
//! built for the bench). Prints Markdown.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "server.rs"]
mod server;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[derive(Default)]
struct Tally {
    ok: usize,
    server_errors: usize,
    locked: usize,
    other: usize,
    failed: usize,
    create: Vec<Duration>,
    add: Vec<Duration>,
    rename: Vec<Duration>,
}

impl Tally {
    fn merge(&mut self, o: Tally) {
        self.ok += o.ok;
        self.server_errors += o.server_errors;
        self.locked += o.locked;
        self.other += o.other;
        self.failed += o.failed;
        self.create.extend(o.create);
        self.add.extend(o.add);
        self.rename.extend(o.rename);
    }
}

/// One request, counted; the answer's JSON when it succeeded.
async fn call(
    http: &reqwest::Client,
    t: &mut Tally,
    url: &str,
    token: &str,
    body: Value,
) -> (Duration, Option<Value>) {
    let s = Instant::now();
    let r = http.post(url).bearer_auth(token).json(&body).send().await;
    let Ok(r) = r else {
        t.failed += 1;
        return (s.elapsed(), None);
    };
    let status = r.status();
    let text = r.text().await.unwrap_or_default();
    let d = s.elapsed();
    if text.contains("locked") {
        t.locked += 1;
    }
    if status.is_server_error() {
        t.server_errors += 1;
        eprintln!("{status} {url}: {}", &text[..text.len().min(200)]);
        return (d, None);
    }
    if !status.is_success() {
        t.other += 1;
        return (d, None);
    }
    t.ok += 1;
    (d, serde_json::from_str(&text).ok())
}

async fn writer(base: String, token: String, n: usize, until: Instant) -> Tally {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let mut t = Tally::default();
    let mut round = 0;
    while Instant::now() < until {
        round += 1;
        let title = format!("w{n} r{round}");
        let (d, chat) = call(
            &http,
            &mut t,
            &format!("{base}/api/v1/chats/new"),
            &token,
            json!({"chat": {"title": title, "models": ["m"], "history": {"currentId": "m0",
                "messages": {"m0": {"id": "m0", "parentId": null, "childrenIds": [], "role": "user",
                "content": title, "timestamp": 1}}}}}),
        )
        .await;
        t.create.push(d);
        let Some(id) = chat.and_then(|c| c["id"].as_str().map(str::to_string)) else {
            continue;
        };
        let url = format!("{base}/api/v1/chats/{id}");
        for i in 1..=4 {
            let (mid, parent) = (format!("m{i}"), format!("m{}", i - 1));
            let m = json!({"id": mid, "parentId": parent, "childrenIds": [],
                "role": if i % 2 == 1 { "assistant" } else { "user" },
                "content": format!("message {i} of {title}"), "timestamp": 1 + i});
            let (d, _) = call(
                &http,
                &mut t,
                &url,
                &token,
                json!({"chat": {"history": {"currentId": mid, "messages": {mid.clone(): m}}}}),
            )
            .await;
            t.add.push(d);
        }
        let (d, _) = call(
            &http,
            &mut t,
            &url,
            &token,
            json!({"chat": {"title": format!("{title}!")}}),
        )
        .await;
        t.rename.push(d);
    }
    t
}

fn pcts(v: &mut [Duration]) -> String {
    if v.is_empty() {
        return "-".into();
    }
    v.sort();
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0;
    format!("{:.2} ms / {:.2} ms", at(0.5), at(0.99))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let writers = env_usize("BENCH_WRITERS", 50);
    let secs = env_usize("BENCH_SECS", 5) as u64;
    let server = server::start_server(&[
        ("ENABLE_OLLAMA_API", "false"),
        ("ENABLE_OPENAI_API", "false"),
    ]);
    let http = reqwest::Client::new();
    let token = server.wait_and_sign_in(&http).await;
    let until = Instant::now() + Duration::from_secs(secs);
    let start = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for n in 0..writers {
        set.spawn(writer(server.base.clone(), token.clone(), n, until));
    }
    let mut all = Tally::default();
    while let Some(t) = set.join_next().await {
        all.merge(t.unwrap());
    }
    let wall = start.elapsed().as_secs_f64();
    let total = all.ok + all.server_errors + all.other + all.failed;
    println!("| Measurement | Result |");
    println!("| --- | --- |");
    println!("| Writers, duration | {writers} clients, {wall:.1} s |");
    println!(
        "| Requests | {total} ({:.0}/s), {} ok |",
        total as f64 / wall,
        all.ok
    );
    println!("| 5xx | **{}** |", all.server_errors);
    println!("| \"database is locked\" | **{}** |", all.locked);
    println!(
        "| Other 4xx, failed connections | {} / {} |",
        all.other, all.failed
    );
    println!("| Create a chat, p50 / p99 | {} |", pcts(&mut all.create));
    println!("| Add one message, p50 / p99 | {} |", pcts(&mut all.add));
    println!("| Rename, p50 / p99 | {} |", pcts(&mut all.rename));
}
