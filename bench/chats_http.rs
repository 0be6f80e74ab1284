//! A long chat over HTTP: a release `owui serve` with one chat of 5,000
//! messages (about 2.9 MB of JSON), and a real HTTP client on one
//! keep-alive connection timing, request by request (send to last byte of
//! the answer), the calls the browser makes on it:
//!
//! - open it: `GET /api/v1/chats/{id}`;
//! - rename it: `POST /api/v1/chats/{id}` with `{"chat": {"title": ...}}`;
//! - add one message: `POST /api/v1/chats/{id}` naming one new message in
//!   `history.messages` and the new `history.currentId`;
//! - save the whole document (no target): the chat as the browser holds
//!   it, every message and the `messages` path, plus one new message.
//!
//! Run (three times, as the machine may be busy):
//!
//! ```sh
//! for i in 1 2 3; do cargo bench --bench chats_http; done
//! ```
//!
//! Settings: `BENCH_MESSAGES` (default 5000), `BENCH_RUNS` requests per call
//! (default 200), `BENCH_SAVE_RUNS` full-document saves (default 30),
//! `OWUI_BIN` the server binary (default: the release `owui` cargo built for
//! the bench). Prints Markdown on stdout. The server listens on 127.0.0.1
//! only and runs on a temporary data directory removed at the end.

use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

#[path = "server.rs"]
mod server;

const WORDS: &[&str] = &[
    "river", "lamp", "orbit", "quartz", "meadow", "signal", "harbor", "pixel", "canyon", "velvet",
    "engine", "lantern", "summit", "cobalt", "willow", "fractal", "ember", "tundra", "glacier",
    "prism",
];

fn text(seed: usize, n: usize) -> String {
    (0..n)
        .map(|i| WORDS[(seed * 7 + i * 13) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The chat document the browser would create: a line of `n` messages.
fn long_chat(n: usize) -> Value {
    let mut msgs = Map::new();
    for i in 0..n {
        let id = format!("m{i}");
        let parent = if i == 0 {
            Value::Null
        } else {
            json!(format!("m{}", i - 1))
        };
        let children = if i + 1 < n {
            json!([format!("m{}", i + 1)])
        } else {
            json!([])
        };
        let m = if i % 2 == 0 {
            json!({"id": id, "parentId": parent, "childrenIds": children, "role": "user",
                   "content": text(i, 60), "timestamp": 1_700_000_000 + i, "models": ["m"]})
        } else {
            json!({"id": id, "parentId": parent, "childrenIds": children, "role": "assistant",
                   "content": text(i, 60), "model": "m", "modelName": "m", "modelIdx": 0,
                   "timestamp": 1_700_000_000 + i, "done": true})
        };
        msgs.insert(id, m);
    }
    json!({
        "title": "long", "models": ["m"], "params": {}, "messages": [],
        "history": {"currentId": format!("m{}", n - 1), "messages": msgs},
        "tags": [], "timestamp": 1_700_000_000_000i64
    })
}

struct Timings {
    name: &'static str,
    runs: Vec<Duration>,
    bytes: usize,
}

impl Timings {
    fn row(&mut self) -> String {
        self.runs.sort();
        let n = self.runs.len();
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
        format!(
            "| {} | {} | {} | {} | {:.2} MB |",
            self.name,
            n,
            ms(self.runs[n / 2]),
            ms(self.runs[(n * 99 / 100).min(n - 1)]),
            self.bytes as f64 / 1e6
        )
    }
}

struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    /// One request, timed from sending it to the last byte of the answer.
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> (Duration, Vec<u8>) {
        let mut rq = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            rq = rq.header("content-type", "application/json").body(b);
        }
        let rq = rq.build().unwrap();
        let t = Instant::now();
        let resp = self.http.execute(rq).await.unwrap();
        let status = resp.status();
        let bytes = resp.bytes().await.unwrap();
        let d = t.elapsed();
        assert!(
            status.is_success(),
            "{path}: {status}: {}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        );
        (d, bytes.to_vec())
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let n = env_usize("BENCH_MESSAGES", 5000).max(2);
    let runs = env_usize("BENCH_RUNS", 200).max(1);
    let save_runs = env_usize("BENCH_SAVE_RUNS", 30).max(1);
    let server = server::start_server(&[]);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let token = server.wait_and_sign_in(&http).await;
    let c = Client {
        http,
        base: server.base.clone(),
        token,
    };
    let post = reqwest::Method::POST;
    let get = reqwest::Method::GET;

    let doc = long_chat(n);
    let body = serde_json::to_vec(&json!({"chat": doc})).unwrap();
    eprintln!(
        "creating a chat of {n} messages ({:.2} MB)",
        body.len() as f64 / 1e6
    );
    let (_, created) = c.call(post.clone(), "/api/v1/chats/new", Some(body)).await;
    let created: Value = serde_json::from_slice(&created).unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/chats/{id}");
    for _ in 0..5 {
        c.call(get.clone(), &path, None).await;
    }

    let mut open = Timings {
        name: "open: `GET /api/v1/chats/{id}`",
        runs: vec![],
        bytes: 0,
    };
    for _ in 0..runs {
        let (d, b) = c.call(get.clone(), &path, None).await;
        open.runs.push(d);
        open.bytes = b.len();
    }

    let mut rename = Timings {
        name: "rename: `POST /api/v1/chats/{id}` (title)",
        runs: vec![],
        bytes: 0,
    };
    for i in 0..runs {
        let body =
            serde_json::to_vec(&json!({"chat": {"title": format!("long chat {i}")}})).unwrap();
        let (d, b) = c.call(post.clone(), &path, Some(body)).await;
        rename.runs.push(d);
        rename.bytes = b.len();
    }

    let mut add = Timings {
        name: "add one message: `POST /api/v1/chats/{id}` (one message + `currentId`)",
        runs: vec![],
        bytes: 0,
    };
    let mut parent = format!("m{}", n - 1);
    for i in 0..runs {
        let mid = format!("x{i}");
        let m = json!({"id": mid, "parentId": parent, "childrenIds": [], "role": if i % 2 == 0 {"user"} else {"assistant"},
                       "content": text(i, 40), "timestamp": 1_800_000_000 + i});
        let body = serde_json::to_vec(
            &json!({"chat": {"history": {"currentId": mid, "messages": {mid.clone(): m}}}}),
        )
        .unwrap();
        let (d, b) = c.call(post.clone(), &path, Some(body)).await;
        add.runs.push(d);
        add.bytes = b.len();
        parent = mid;
    }

    // the browser's save: its whole document back, with one more message
    let (_, b) = c.call(get.clone(), &path, None).await;
    let mut doc = serde_json::from_slice::<Value>(&b).unwrap()["chat"].take();
    let mut save = Timings {
        name: "save the whole document + one message (no target)",
        runs: vec![],
        bytes: 0,
    };
    let mut body_len = 0;
    for i in 0..save_runs {
        let mid = format!("y{i}");
        let cur = doc["history"]["currentId"].as_str().unwrap().to_string();
        let m = json!({"id": mid, "parentId": cur, "childrenIds": [], "role": "user",
                       "content": text(i, 40), "timestamp": 1_900_000_000 + i});
        doc["history"]["messages"][&cur]["childrenIds"]
            .as_array_mut()
            .unwrap()
            .push(json!(mid));
        doc["history"]["messages"][&mid] = m.clone();
        doc["history"]["currentId"] = json!(mid);
        let parent = doc["history"]["messages"][&cur].clone();
        if let Some(list) = doc["messages"].as_array_mut() {
            if let Some(last) = list.last_mut() {
                *last = parent;
            }
            list.push(m);
        }
        let body = serde_json::to_vec(&json!({"chat": doc})).unwrap();
        body_len = body.len();
        let (d, b) = c.call(post.clone(), &path, Some(body)).await;
        save.runs.push(d);
        save.bytes = b.len();
    }
    eprintln!(
        "whole-document save bodies: {:.2} MB",
        body_len as f64 / 1e6
    );

    println!(
        "| call on a {n}-message chat (HTTP, release, one connection) | requests | median | p99 | answer |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for t in [&mut open, &mut rename, &mut add, &mut save] {
        println!("{}", t.row());
    }
    drop(server);
}
