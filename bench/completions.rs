//! What owui adds to a chat completion: the same requests sent straight to
//! a fake OpenAI server and through owui (`/api/chat/completions`, API
//! mode), all on 127.0.0.1 in one process.
//!
//!   cargo bench --bench completions
//!
//! Prints Markdown. Settings (env): BENCH_REQUESTS (sequential requests per
//! measurement, default 2000), BENCH_STREAMS (concurrent streams, default
//! 1000), BENCH_TOKENS (tokens per streamed answer, default 20),
//! BENCH_INTERVAL_MS (the streaming fake's pause between tokens, default 5).
//!
//! Two fakes answer: whole answers come from one without pauses, streams
//! from one that pauses between tokens as a model does. A whole answer's
//! pauses would be tokio timers of millisecond resolution, and sequential
//! requests meet their ticks at a fixed phase, so what owui adds would
//! move by a few tenths of a millisecond with that phase rather than with
//! owui's work (set BENCH_INTERVAL_MS=0 to see the streamed figures
//! without pauses too).

#[path = "../tests/fakes/mod.rs"]
mod fakes;

use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::{Value, json};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

struct Target {
    url: String,
    token: Option<String>,
}

impl Target {
    fn post(&self, http: &reqwest::Client, body: &Value) -> reqwest::RequestBuilder {
        let rb = http.post(&self.url).json(body);
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }
}

/// Milliseconds per whole (non-streamed) answer.
async fn whole(http: &reqwest::Client, t: &Target, n: usize) -> Vec<f64> {
    let body =
        json!({"model": "quick-model", "messages": [{"role": "user", "content": "hello there"}]});
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let s = Instant::now();
        let r = t.post(http, &body).send().await.unwrap();
        assert!(r.status().is_success());
        r.bytes().await.unwrap();
        out.push(s.elapsed().as_secs_f64() * 1000.0);
    }
    out
}

/// For each chunk of one stream: milliseconds from the fake sending it
/// (its `sent_at_us` stamp) to this client reading it.
async fn transit(http: &reqwest::Client, t: &Target, prompt: &str) -> Vec<f64> {
    let body = json!({"model": "fake-model", "stream": true,
        "messages": [{"role": "user", "content": prompt}]});
    let r = t.post(http, &body).send().await.unwrap();
    assert!(r.status().is_success());
    let mut out = Vec::new();
    let mut bytes = r.bytes_stream();
    let mut buf = Vec::new();
    while let Some(b) = bytes.next().await {
        buf.extend_from_slice(&b.unwrap());
        let now = fakes::sent_at_us();
        while let Some(i) = buf.windows(2).position(|w| w == b"\n\n") {
            let event: Vec<u8> = buf.drain(..i + 2).collect();
            let text = String::from_utf8_lossy(&event);
            if let Some(v) = text
                .trim()
                .strip_prefix("data: ")
                .and_then(|d| serde_json::from_str::<Value>(d).ok())
                && let Some(sent) = v.get("sent_at_us").and_then(Value::as_u64)
            {
                out.push(now.saturating_sub(sent) as f64 / 1000.0);
            }
        }
    }
    out
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let requests = env_usize("BENCH_REQUESTS", 2000);
    let streams = env_usize("BENCH_STREAMS", 1000);
    let tokens = env_usize("BENCH_TOKENS", 20);
    let interval = env_usize("BENCH_INTERVAL_MS", 5) as u64;
    let fake = fakes::spawn_openai_with(
        fakes::FakeConfig::default()
            .models(["fake-model"])
            .token_interval(Duration::from_millis(interval)),
    )
    .await;
    let quick = fakes::spawn_openai_with(
        fakes::FakeConfig::default()
            .models(["quick-model"])
            .token_interval(Duration::ZERO),
    )
    .await;

    let dir = tempfile::tempdir().unwrap();
    let mut cfg = owui::config::Config::defaults(dir.path());
    cfg.set("WEBUI_SECRET_KEY", "bench-secret");
    cfg.set("BCRYPT_ROUNDS", "4");
    cfg.set(
        "OPENAI_API_BASE_URLS",
        format!("{};{}", fake.base_url, quick.base_url),
    );
    cfg.set("OPENAI_API_KEYS", ";");
    cfg.set("ENABLE_OLLAMA_API", "false");
    cfg.set("MODELS_CACHE_TTL", "300");
    let cx = owui::core::startup::open(cfg).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // what `owui serve` runs: its router, background work and accept loop
    // (header-read timeout, TCP_NODELAY, connection handling)
    tokio::spawn(owui::api::serve_on(
        cx,
        listener,
        None,
        std::future::pending(),
    ));
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(2000)
        .build()
        .unwrap();
    let signup: Value = http
        .post(format!("http://{addr}/api/v1/auths/signup"))
        .json(&json!({"name": "Bench", "email": "bench@example.com", "password": "bench-pw"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = signup["token"].as_str().unwrap().to_string();
    let direct = Target {
        url: format!("{}/chat/completions", fake.base_url),
        token: None,
    };
    let direct_quick = Target {
        url: format!("{}/chat/completions", quick.base_url),
        token: None,
    };
    let owui_t = Target {
        url: format!("http://{addr}/api/chat/completions"),
        token: Some(token),
    };

    // warm up both paths (connections, model list cache)
    whole(&http, &direct_quick, 50).await;
    whole(&http, &owui_t, 50).await;
    transit(&http, &direct, "warm").await;
    transit(&http, &owui_t, "warm").await;

    let mut d = whole(&http, &direct_quick, requests).await;
    let mut o = whole(&http, &owui_t, requests).await;
    let (d50, d99, o50, o99) = (
        pct(&mut d, 0.5),
        pct(&mut d, 0.99),
        pct(&mut o, 0.5),
        pct(&mut o, 0.99),
    );

    // streamed: how long each chunk takes from the fake to the client
    let prompt: String = (0..tokens.saturating_sub(1))
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut straight = Vec::new();
    let mut through = Vec::new();
    for _ in 0..50 {
        straight.extend(transit(&http, &direct, &prompt).await);
        through.extend(transit(&http, &owui_t, &prompt).await);
    }
    let (s50, s99) = (pct(&mut straight, 0.5), pct(&mut straight, 0.99));
    let (t50, t99) = (pct(&mut through, 0.5), pct(&mut through, 0.99));

    // many streams at once
    let start = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for i in 0..streams {
        let http = http.clone();
        let url = owui_t.url.clone();
        let tok = owui_t.token.clone().unwrap();
        let prompt = prompt.clone();
        set.spawn(async move {
            let body = json!({"model": "fake-model", "stream": true,
                "messages": [{"role": "user", "content": format!("{i} {prompt}")}]});
            let r = http.post(&url).bearer_auth(tok).json(&body).send().await;
            let Ok(r) = r else { return false };
            if !r.status().is_success() {
                return false;
            }
            match r.text().await {
                Ok(t) => t.trim_end().ends_with("data: [DONE]") && !t.contains("\"error\""),
                Err(_) => false,
            }
        });
    }
    let mut ok = 0;
    let mut failed = 0;
    while let Some(r) = set.join_next().await {
        if r.unwrap_or(false) {
            ok += 1;
        } else {
            failed += 1;
        }
    }
    let wall = start.elapsed().as_secs_f64();

    println!("| Measurement | Straight to the fake | Through owui | Added |");
    println!("| --- | --- | --- | --- |");
    println!(
        "| Whole answer, p50 ({requests} sequential) | {d50:.3} ms | {o50:.3} ms | **{:.3} ms** |",
        o50 - d50
    );
    println!(
        "| Whole answer, p99 | {d99:.3} ms | {o99:.3} ms | {:.3} ms |",
        o99 - d99
    );
    println!(
        "| Streamed chunk, fake to client, p50 ({} chunks) | {s50:.3} ms | {t50:.3} ms | **{:.3} ms** |",
        through.len(),
        t50 - s50
    );
    println!(
        "| Streamed chunk, fake to client, p99 | {s99:.3} ms | {t99:.3} ms | {:.3} ms |",
        t99 - s99
    );
    println!();
    println!(
        "{streams} concurrent streamed completions of {tokens} tokens through owui: {ok} complete, {failed} failed, {wall:.2} s wall time."
    );
}
