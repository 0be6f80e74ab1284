//! A real owui server on 127.0.0.1 with a fresh data directory, and a few
//! helpers to talk to it.
#![allow(dead_code)]

use std::path::PathBuf;

use owui::config::Config;
use owui::ctx::Ctx;
use serde_json::{Value, json};

pub struct Server {
    pub base: String,
    pub cx: Ctx,
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
    let cx = Ctx::open(cfg).unwrap();
    let (app, io) = owui::api::router(cx.clone(), frontend);
    owui::api::background(cx.clone(), io);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            axum::ServiceExt::<axum::extract::Request>::into_make_service(app),
        )
        .await
        .unwrap();
    });
    Server {
        base: format!("http://{addr}"),
        cx,
        http: reqwest::Client::new(),
        _dir: dir,
    }
}

/// A server with no model connections (tests that need models point it
/// at a fake with `start_with`).
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
}

impl<'a> Polling<'a> {
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
        };
        p.send(format!("40{}", json!({"token": token}))).await;
        let got = p.poll().await;
        assert!(got.iter().any(|m| m.starts_with("40{")), "{got:?}");
        p
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

    /// The packets of one poll.
    pub async fn poll(&self) -> Vec<String> {
        let r = self.s.http.get(&self.url).send().await.unwrap();
        if r.status() != 200 {
            return vec![format!("status {}", r.status())];
        }
        r.text()
            .await
            .unwrap()
            .split('\u{1e}')
            .map(str::to_string)
            .collect()
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
