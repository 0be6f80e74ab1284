//! Fake LLM servers that speak the OpenAI (llama.cpp flavour) and Ollama wire
//! formats, for owui's integration tests, benchmarks and browser tests.
//!
//! ```ignore
//! mod fakes;                       // from tests/*.rs
//! let llm = fakes::spawn_openai().await;   // base_url = http://127.0.0.1:PORT/v1
//! let oll = fakes::spawn_ollama().await;   // base_url = http://127.0.0.1:PORT
//! // ... point owui at llm.base_url, run a chat ...
//! let sent = llm.requests_to("/v1/chat/completions");
//! assert_eq!(sent[0].header("authorization"), Some("Bearer sk-test"));
//! ```
//!
//! Behaviour by model id (both fakes; `:latest` is optional on ids):
//! * `fake-model` (and any configured model without a special name): answers
//!   `Echo: <last user text>`, streamed word by word;
//! * `slow-model`: the same, first token after [`FakeConfig::slow_first_token`];
//! * `long-model`: `tok0 tok1 … tok199`, one every [`FakeConfig::long_token_interval`];
//! * `broken-model`: three tokens, then the connection is cut (no final chunk);
//! * `error-model`: HTTP 500 with an error body;
//! * `stalled-model` (served only when configured): streamed, three tokens,
//!   then nothing more on an open connection (a whole answer is `fake-model`'s);
//! * a message containing `### Task:` gets a JSON answer (title, tags, follow-ups),
//!   but a retrieval prompt (the RAG template: `<context>` with `<source>`s,
//!   no `<chat_history>`) is answered `Echo: <question> Context: <sources>`
//!   by `fake-model` and `slow-model`;
//! * unknown model: 404.
//!
//! Every request is recorded ([`Fake::requests`]); a response body dropped
//! before it finished (client went away) is recorded in [`Fake::disconnects`].
#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The models every fake serves unless told otherwise.
pub const DEFAULT_MODELS: [&str; 5] = [
    "fake-model",
    "slow-model",
    "long-model",
    "broken-model",
    "error-model",
];

/// Which wire format a fake speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// llama.cpp-style OpenAI server; routes under `/v1`.
    OpenAi,
    /// Ollama: `/api/*` plus its OpenAI-compatible `/v1/*`.
    Ollama,
}

/// Knobs. Build with `FakeConfig::default()` and the chaining setters, or set
/// the fields directly.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    /// Model ids served (without `:latest`; Ollama lists them with it).
    pub models: Vec<String>,
    /// Delay before the first token of every model except `slow-model`.
    pub first_token_delay: Duration,
    /// Delay before the first token of `slow-model`.
    pub slow_first_token: Duration,
    /// Delay between tokens (all models except `long-model`).
    pub token_interval: Duration,
    /// Number of tokens `long-model` produces.
    pub long_tokens: usize,
    /// Delay between `long-model` tokens.
    pub long_token_interval: Duration,
}

impl Default for FakeConfig {
    fn default() -> Self {
        FakeConfig {
            models: DEFAULT_MODELS.iter().map(|m| m.to_string()).collect(),
            first_token_delay: Duration::ZERO,
            slow_first_token: Duration::from_millis(1500),
            token_interval: Duration::from_millis(5),
            long_tokens: 200,
            long_token_interval: Duration::from_millis(20),
        }
    }
}

impl FakeConfig {
    pub fn models<S: Into<String>>(mut self, models: impl IntoIterator<Item = S>) -> Self {
        self.models = models.into_iter().map(Into::into).collect();
        self
    }
    pub fn first_token_delay(mut self, d: Duration) -> Self {
        self.first_token_delay = d;
        self
    }
    pub fn slow_first_token(mut self, d: Duration) -> Self {
        self.slow_first_token = d;
        self
    }
    pub fn token_interval(mut self, d: Duration) -> Self {
        self.token_interval = d;
        self
    }
    pub fn long_tokens(mut self, n: usize) -> Self {
        self.long_tokens = n;
        self
    }
    pub fn long_token_interval(mut self, d: Duration) -> Self {
        self.long_token_interval = d;
        self
    }
}

/// One request as the fake received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// Path without the query string, e.g. `/v1/chat/completions`.
    pub path: String,
    /// Query string (without `?`), if any.
    pub query: Option<String>,
    /// Header names lowercased; repeated headers joined with `, `.
    pub headers: BTreeMap<String, String>,
    /// Parsed JSON body; `Null` when empty, a JSON string when not JSON.
    pub body: Value,
    pub at: Instant,
}

impl Recorded {
    /// Header value by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
    /// The `model` field of the body, if any.
    pub fn model(&self) -> Option<&str> {
        self.body.get("model").and_then(Value::as_str)
    }
}

struct Inner {
    kind: Kind,
    cfg: FakeConfig,
    requests: Mutex<Vec<Recorded>>,
    disconnects: Mutex<Vec<Instant>>,
    completed: AtomicUsize,
    active: AtomicUsize,
    notify: tokio::sync::Notify,
    /// Ollama blobs pushed so far: digest (`sha256:<hex>`) → size.
    blobs: Mutex<BTreeMap<String, usize>>,
}

/// A running fake server. Dropping it stops the server.
pub struct Fake {
    /// OpenAI: `http://127.0.0.1:PORT/v1`; Ollama: `http://127.0.0.1:PORT`.
    pub base_url: String,
    pub addr: SocketAddr,
    pub kind: Kind,
    inner: Arc<Inner>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Fake {
    /// `http://127.0.0.1:PORT` (no `/v1`).
    pub fn root_url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.requests.lock().unwrap().clone()
    }
    /// Requests whose path equals `path` (e.g. `/v1/chat/completions`).
    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }
    /// The most recent request, if any.
    pub fn last_request(&self) -> Option<Recorded> {
        self.inner.requests.lock().unwrap().last().cloned()
    }
    /// Forget recorded requests and disconnects.
    pub fn clear(&self) {
        self.inner.requests.lock().unwrap().clear();
        self.inner.disconnects.lock().unwrap().clear();
    }
    /// When response bodies were dropped before they finished (the client
    /// went away mid-response), oldest first.
    pub fn disconnects(&self) -> Vec<Instant> {
        self.inner.disconnects.lock().unwrap().clone()
    }
    /// Wait until at least `n` disconnects are recorded; returns the `n`th.
    pub async fn wait_disconnects(&self, n: usize, timeout: Duration) -> Option<Instant> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.inner.notify.notified();
            if let Some(t) = self.disconnects().get(n.saturating_sub(1)) {
                return Some(*t);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.disconnects().get(n.saturating_sub(1)).copied();
            }
        }
    }
    /// Wait for the first disconnect.
    pub async fn wait_disconnect(&self, timeout: Duration) -> Option<Instant> {
        self.wait_disconnects(1, timeout).await
    }
    /// Responses (streamed or not) currently being generated.
    pub fn active_responses(&self) -> usize {
        self.inner.active.load(Ordering::SeqCst)
    }
    /// Generated responses that were delivered to the end.
    pub fn completed_responses(&self) -> usize {
        self.inner.completed.load(Ordering::SeqCst)
    }
}

/// OpenAI-style fake with default settings on a free port.
pub async fn spawn_openai() -> Fake {
    spawn_openai_with(FakeConfig::default()).await
}

/// Ollama fake with default settings on a free port.
pub async fn spawn_ollama() -> Fake {
    spawn_ollama_with(FakeConfig::default()).await
}

pub async fn spawn_openai_with(cfg: FakeConfig) -> Fake {
    spawn_on(Kind::OpenAi, "127.0.0.1:0".parse().unwrap(), cfg)
        .await
        .expect("bind fake OpenAI server")
}

pub async fn spawn_ollama_with(cfg: FakeConfig) -> Fake {
    spawn_on(Kind::Ollama, "127.0.0.1:0".parse().unwrap(), cfg)
        .await
        .expect("bind fake Ollama server")
}

/// Bind `addr` (port 0 = any) and serve `kind` in a background task.
pub async fn spawn_on(kind: Kind, addr: SocketAddr, cfg: FakeConfig) -> std::io::Result<Fake> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let inner = Arc::new(Inner {
        kind,
        cfg,
        requests: Mutex::new(Vec::new()),
        disconnects: Mutex::new(Vec::new()),
        completed: AtomicUsize::new(0),
        active: AtomicUsize::new(0),
        notify: tokio::sync::Notify::new(),
        blobs: Mutex::new(BTreeMap::new()),
    });
    let app = Router::new()
        .fallback(handle)
        .layer(DefaultBodyLimit::disable())
        .with_state(inner.clone());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let base_url = match kind {
        Kind::OpenAi => format!("http://{addr}/v1"),
        Kind::Ollama => format!("http://{addr}"),
    };
    Ok(Fake {
        base_url,
        addr,
        kind,
        inner,
        task,
    })
}

// ---------------------------------------------------------------------------
// dispatch

async fn handle(
    State(st): State<Arc<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body_json = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()))
    };
    let mut hs: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in &headers {
        let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
        hs.entry(k.as_str().to_ascii_lowercase())
            .and_modify(|old| {
                old.push_str(", ");
                old.push_str(&v);
            })
            .or_insert(v);
    }
    let path = uri.path().to_string();
    st.requests.lock().unwrap().push(Recorded {
        method: method.to_string(),
        path: path.clone(),
        query: uri.query().map(str::to_string),
        headers: hs,
        body: body_json.clone(),
        at: Instant::now(),
    });

    let m = method.as_str();
    let p = path.trim_end_matches('/');
    match (st.kind, m, p) {
        (_, "GET", "/v1/models") => openai_models(&st),
        (_, "GET", p) if p.starts_with("/v1/models/") => {
            let id = &p["/v1/models/".len()..];
            match st.resolve(id) {
                Some(_) => Json200(openai_model_entry(&st, id)).into_response(),
                None => st.not_found(id, true),
            }
        }
        (_, "POST", "/v1/chat/completions" | "/openai/v1/chat/completions")
            if body_json.get("model").and_then(Value::as_str) == Some(RATE_LIMITED_MODEL) =>
        {
            rate_limited()
        }
        (Kind::OpenAi, "POST", "/openai/v1/chat/completions") => {
            openai_chat(st.clone(), &body_json).await
        }
        (Kind::OpenAi, "POST", p)
            if p.starts_with("/openai/deployments/") && p.ends_with("/chat/completions") =>
        {
            let m = deployment_of(p, "/chat/completions");
            if m == RATE_LIMITED_MODEL {
                return rate_limited();
            }
            let mut b = body_json.clone();
            b["model"] = json!(m);
            openai_chat(st.clone(), &b).await
        }
        (Kind::OpenAi, "POST", "/v1/responses" | "/openai/v1/responses") => {
            openai_responses(&st, &body_json)
        }
        (Kind::OpenAi, "POST", p)
            if p.starts_with("/openai/deployments/") && p.ends_with("/responses") =>
        {
            let mut b = body_json.clone();
            b["model"] = json!(deployment_of(p, "/responses"));
            openai_responses(&st, &b)
        }
        (Kind::OpenAi, _, "/models" | "/models/load" | "/models/unload" | "/models/sse") => {
            llamacpp_manage(&st, m, p, uri.query(), &body_json)
        }
        (Kind::OpenAi, _, p) if p.starts_with("/api/v1/models") => {
            lmstudio_manage(&st, m, p, &body_json)
        }
        (_, "POST", "/v1/chat/completions") => openai_chat(st.clone(), &body_json).await,
        (_, "POST", "/v1/embeddings") => openai_embeddings(&body_json),
        (Kind::OpenAi, "GET", "/health" | "/v1/health") => {
            Json200(json!({"status": "ok"})).into_response()
        }
        (Kind::Ollama, "GET" | "HEAD", "") => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Ollama is running",
        )
            .into_response(),
        (Kind::Ollama, "GET", "/api/version") => {
            Json200(json!({"version": "0.12.0"})).into_response()
        }
        (Kind::Ollama, "GET", "/api/tags") => ollama_tags(&st),
        (Kind::Ollama, "GET", "/api/ps") => ollama_ps(&st),
        (Kind::Ollama, "POST", "/api/show") => ollama_show(&st, &body_json),
        (Kind::Ollama, "POST", "/api/chat") => ollama_chat(st.clone(), &body_json, false).await,
        (Kind::Ollama, "POST", "/api/generate") => ollama_chat(st.clone(), &body_json, true).await,
        (Kind::Ollama, "POST", "/api/embed") => ollama_embed(&st, &body_json, false),
        (Kind::Ollama, "POST", "/api/embeddings") => ollama_embed(&st, &body_json, true),
        (Kind::Ollama, "HEAD" | "POST", p) if p.starts_with("/api/blobs/") => {
            ollama_blob(&st, m, &p["/api/blobs/".len()..], &body)
        }
        // only the blob form (`files`); other creates stay unknown (404)
        (Kind::Ollama, "POST", "/api/create") if body_json.get("files").is_some() => {
            ollama_create_from_blobs(&st, &body_json)
        }
        (Kind::Ollama, "POST", "/v1/messages") => ollama_anthropic_messages(&st, &body_json),
        (Kind::Ollama, "POST", "/v1/responses") => ollama_responses(&st, &body_json),
        _ => match st.kind {
            Kind::OpenAi => error_json(
                StatusCode::NOT_FOUND,
                json!({"error": {"message": "File Not Found", "type": "not_found_error", "code": 404}}),
            ),
            Kind::Ollama => (
                StatusCode::NOT_FOUND,
                [(header::CONTENT_TYPE, "text/plain")],
                "404 page not found",
            )
                .into_response(),
        },
    }
}

struct Json200(Value);

impl IntoResponse for Json200 {
    fn into_response(self) -> Response {
        error_json(StatusCode::OK, self.0)
    }
}

fn error_json(status: StatusCode, v: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        v.to_string(),
    )
        .into_response()
}

// ---------------------------------------------------------------------------
// models and behaviour

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Behavior {
    Echo,
    Slow,
    Long,
    Broken,
    Error,
    Stalled,
}

fn strip_latest(id: &str) -> &str {
    id.strip_suffix(":latest").unwrap_or(id)
}

fn with_tag(id: &str) -> String {
    if id.contains(':') {
        id.to_string()
    } else {
        format!("{id}:latest")
    }
}

impl Inner {
    fn resolve(&self, id: &str) -> Option<Behavior> {
        let want = strip_latest(id);
        let known = self.cfg.models.iter().any(|m| strip_latest(m) == want);
        if !known {
            return None;
        }
        Some(match want {
            "slow-model" => Behavior::Slow,
            "long-model" => Behavior::Long,
            "broken-model" => Behavior::Broken,
            "error-model" => Behavior::Error,
            "stalled-model" => Behavior::Stalled,
            _ => Behavior::Echo,
        })
    }

    fn not_found(&self, id: &str, openai_shape: bool) -> Response {
        let msg = format!("model '{id}' not found");
        if openai_shape {
            error_json(
                StatusCode::NOT_FOUND,
                json!({"error": {"message": msg, "type": "not_found_error", "code": 404}}),
            )
        } else {
            error_json(StatusCode::NOT_FOUND, json!({"error": msg}))
        }
    }

    fn upstream_error(&self, openai_shape: bool) -> Response {
        if openai_shape {
            error_json(
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"error": {"message": "fake upstream failure", "type": "server_error", "code": 500}}),
            )
        } else {
            error_json(
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"error": "fake upstream failure"}),
            )
        }
    }
}

/// What a model will say, token by token, and with what timing.
struct Plan {
    tokens: Vec<String>,
    first_delay: Duration,
    interval: Duration,
    /// Cut the connection after this many tokens.
    break_after: Option<usize>,
    /// Stream this many tokens, then nothing, never ending.
    stall_after: Option<usize>,
    prompt_tokens: usize,
}

impl Plan {
    fn text(&self) -> String {
        self.tokens.concat()
    }
    fn delay_before(&self, i: usize) -> Duration {
        if i == 0 {
            self.first_delay
        } else {
            self.interval
        }
    }
    /// Total time a non-streamed answer takes.
    fn total_delay(&self) -> Duration {
        let n = self.tokens.len();
        let n = self.break_after.map_or(n, |b| b.min(n));
        (0..n).map(|i| self.delay_before(i)).sum()
    }
}

fn make_plan(cfg: &FakeConfig, behavior: Behavior, messages: &[Value]) -> Plan {
    let prompt_tokens = messages
        .iter()
        .map(|m| content_text(m.get("content")).split_whitespace().count())
        .sum::<usize>()
        .max(1);
    let task = messages
        .iter()
        .rev()
        .map(|m| content_text(m.get("content")))
        .find(|t| t.contains("### Task:") && rag_prompt(t).is_none());
    let rag = messages
        .iter()
        .rev()
        .map(|m| content_text(m.get("content")))
        .find_map(|t| rag_prompt(&t));
    let text = match (&task, &rag, behavior) {
        (Some(t), _, _) => task_answer(t),
        (None, Some(answer), Behavior::Echo | Behavior::Slow) => answer.clone(),
        (None, _, Behavior::Long) => (0..cfg.long_tokens)
            .map(|i| format!("tok{i}"))
            .collect::<Vec<_>>()
            .join(" "),
        (None, _, _) => {
            let last_user = messages
                .iter()
                .rev()
                .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
                .map(|m| content_text(m.get("content")))
                .unwrap_or_default();
            format!("Echo: {last_user}")
        }
    };
    let tokens: Vec<String> = text.split_inclusive(' ').map(str::to_string).collect();
    let (first_delay, interval) = match behavior {
        Behavior::Slow => (cfg.slow_first_token, cfg.token_interval),
        Behavior::Long if task.is_none() => (cfg.first_token_delay, cfg.long_token_interval),
        _ => (cfg.first_token_delay, cfg.token_interval),
    };
    Plan {
        tokens,
        first_delay,
        interval,
        break_after: (behavior == Behavior::Broken).then_some(3),
        stall_after: (behavior == Behavior::Stalled).then_some(3),
        prompt_tokens,
    }
}

/// The answer to a retrieval prompt (Open WebUI's RAG template: a
/// `### Task:` with a `<context>` block of `<source>`s, the user's question
/// after it, and no `<chat_history>`, which background tasks have):
/// `Echo: <question> Context: <each source's text>`, so a test sees both
/// what was asked and what was retrieved.
fn rag_prompt(text: &str) -> Option<String> {
    if !text.contains("### Task:") || text.contains("<chat_history>") {
        return None;
    }
    let start = text.find("<context>")?;
    let end = start + text[start..].find("</context>")?;
    let context = &text[start + "<context>".len()..end];
    let question = text[end + "</context>".len()..].trim();
    let mut sources = Vec::new();
    let mut rest = context;
    while let Some(open) = rest.find("<source") {
        let after = &rest[open..];
        let Some(body) = after.find('>') else { break };
        let body = &after[body + 1..];
        let close = body.find("</source>").unwrap_or(body.len());
        sources.push(
            body[..close]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
        rest = &body[close..];
    }
    if sources.is_empty() {
        sources.push(context.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    Some(format!("Echo: {question} Context: {}", sources.join(" | ")))
}

/// Text of a message `content`: a string, or the `text` of every part.
fn content_text(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| match p {
                Value::String(s) => Some(s.as_str()),
                _ => p.get("text").and_then(Value::as_str),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// The JSON answer to an Open WebUI background task prompt.
fn task_answer(prompt: &str) -> String {
    let (instructions, history) = match prompt.find("<chat_history>") {
        Some(i) => {
            let rest = &prompt[i + "<chat_history>".len()..];
            let end = rest.find("</chat_history>").unwrap_or(rest.len());
            (&prompt[..i], &rest[..end])
        }
        None => (prompt, prompt),
    };
    let ins = instructions.to_lowercase();
    let kind = if ins.contains("\"follow_ups\"") {
        "follow"
    } else if ins.contains("\"tags\"") {
        "tags"
    } else if ins.contains("\"title\"") {
        "title"
    } else if ins.contains("\"queries\"") {
        "queries"
    } else if ins.contains("follow") {
        "follow"
    } else if ins.contains("tags") {
        "tags"
    } else if ins.contains("title") {
        "title"
    } else if ins.contains("queries") {
        "queries"
    } else {
        "title"
    };
    match kind {
        "follow" => r#"{"follow_ups": ["Tell me more"]}"#.to_string(),
        "tags" => r#"{"tags": ["General"]}"#.to_string(),
        "queries" => r#"{"queries": []}"#.to_string(),
        _ => {
            let title = history
                .lines()
                .rev()
                .find_map(|l| l.trim_start().strip_prefix("USER:"))
                .map(|rest| {
                    rest.split_whitespace()
                        .take(3)
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "Fake title".to_string());
            format!("{{\"title\": {}}}", Value::String(title))
        }
    }
}

// ---------------------------------------------------------------------------
// generic timed body stream with disconnect detection

/// Tracks one generated response; records a disconnect if dropped unfinished.
struct Guard {
    st: Arc<Inner>,
    finished: bool,
}

impl Guard {
    fn new(st: Arc<Inner>) -> Self {
        st.active.fetch_add(1, Ordering::SeqCst);
        Guard {
            st,
            finished: false,
        }
    }
    fn finish(&mut self) {
        if !self.finished {
            self.finished = true;
            self.st.completed.fetch_add(1, Ordering::SeqCst);
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.st.active.fetch_sub(1, Ordering::SeqCst);
        if !self.finished {
            self.st.disconnects.lock().unwrap().push(Instant::now());
            self.st.notify.notify_waiters();
        }
    }
}

/// One piece of a streamed body.
enum Chunk {
    Bytes(Bytes),
    /// An Ollama NDJSON line; `created_at` is stamped when it is sent.
    Ndjson(Value),
    /// An SSE event; `sent_at_us` (see [`sent_at_us`]) is stamped when it
    /// is sent, so a client in the same process can tell how long the
    /// chunk took to reach it.
    Sse(Value),
}

/// Microseconds since the first call in this process: the clock of the
/// `sent_at_us` field of streamed OpenAI chunks.
pub fn sent_at_us() -> u64 {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_micros() as u64
}

impl Chunk {
    fn into_bytes(self) -> Bytes {
        match self {
            Chunk::Bytes(b) => b,
            Chunk::Ndjson(mut v) => {
                v["created_at"] = json!(rfc3339_now());
                Bytes::from(format!("{v}\n"))
            }
            Chunk::Sse(mut v) => {
                v["sent_at_us"] = json!(sent_at_us());
                Bytes::from(format!("data: {v}\n\n"))
            }
        }
    }
}

impl From<Bytes> for Chunk {
    fn from(b: Bytes) -> Self {
        Chunk::Bytes(b)
    }
}

struct Timed {
    items: VecDeque<(Duration, Chunk)>,
    /// End with a body error (connection cut) instead of a clean end.
    abort: bool,
    aborted: bool,
    guard: Guard,
}

/// A body that yields each item after its delay; `abort` cuts the
/// connection at the end.
fn timed_body(st: Arc<Inner>, items: Vec<(Duration, Chunk)>, abort: bool) -> Body {
    let state = Timed {
        items: items.into(),
        abort,
        aborted: false,
        guard: Guard::new(st),
    };
    let stream = futures::stream::unfold(state, |mut s| async move {
        if let Some((delay, bytes)) = s.items.pop_front() {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            if s.items.is_empty() && !s.abort {
                s.guard.finish();
            }
            return Some((Ok(bytes.into_bytes()), s));
        }
        if s.abort && !s.aborted {
            // Let the connection flush what was written, then cut it.
            tokio::time::sleep(Duration::from_millis(10)).await;
            s.aborted = true;
            // Deliberate crash, not a client disconnect.
            s.guard.finished = true;
            return Some((Err(std::io::Error::other("fake upstream crashed")), s));
        }
        None
    });
    Body::from_stream(stream)
}

/// A body that yields each item after its delay, then stays open without
/// sending anything more (a dropped body is a recorded disconnect).
fn stalled_body(st: Arc<Inner>, items: Vec<(Duration, Chunk)>) -> Body {
    let state = (VecDeque::from(items), Guard::new(st));
    let stream = futures::stream::unfold(state, |(mut items, guard)| async move {
        let (delay, bytes) = match items.pop_front() {
            Some(item) => item,
            None => std::future::pending().await,
        };
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        Some((Ok::<_, std::io::Error>(bytes.into_bytes()), (items, guard)))
    });
    Body::from_stream(stream)
}

fn stream_response(content_type: &'static str, body: Body) -> Response {
    let mut r = Response::new(body);
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// Wait like a non-streamed generation would; a dropped request records a
/// disconnect. Returns the guard to finish once the answer is built.
async fn wait_generation(st: &Arc<Inner>, plan: &Plan) -> Guard {
    let guard = Guard::new(st.clone());
    let d = plan.total_delay();
    if !d.is_zero() {
        tokio::time::sleep(d).await;
    }
    guard
}

/// A 200 whose JSON body is cut off half way, then the connection dropped.
fn truncated_json(st: Arc<Inner>, full: &Value) -> Response {
    let s = full.to_string();
    let half = Bytes::from(s.as_bytes()[..s.len() / 2].to_vec());
    let body = timed_body(st, vec![(Duration::ZERO, half.into())], true);
    let mut r = Response::new(body);
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn rand_id() -> String {
    let n = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    format!("{:x}{:04x}", n & 0xffff_ffff_ffff, seq & 0xffff)
}

/// RFC 3339 UTC timestamp with nanoseconds, as Ollama writes them.
fn rfc3339_now() -> String {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    rfc3339(d.as_secs(), d.subsec_nanos())
}

fn rfc3339(secs: u64, nanos: u32) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{nanos:09}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Deterministic unit vector of 8 floats for a text.
pub fn fake_embedding(text: &str) -> Vec<f64> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut v: Vec<f64> = (0..8)
        .map(|_| {
            // xorshift64*
            h ^= h >> 12;
            h ^= h << 25;
            h ^= h >> 27;
            let x = h.wrapping_mul(0x2545_f491_4f6c_dd1d);
            (x >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
        })
        .collect();
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-12);
    for x in &mut v {
        *x /= norm;
    }
    v
}

fn embedding_inputs(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect(),
        Some(other) => vec![other.to_string()],
        None => Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// OpenAI wire

fn openai_model_entry(st: &Inner, id: &str) -> Value {
    match st.kind {
        Kind::OpenAi => json!({
            "id": id, "object": "model", "created": 1_700_000_000u64, "owned_by": "fake",
            "meta": {"vocab_type": 2, "n_vocab": 32000, "n_ctx_train": 8192, "n_embd": 4096, "n_params": 8_000_000_000u64, "size": 4_920_000_000u64}
        }),
        Kind::Ollama => json!({
            "id": with_tag(id), "object": "model", "created": 1_700_000_000u64, "owned_by": "library"
        }),
    }
}

fn openai_models(st: &Inner) -> Response {
    let data: Vec<Value> = st
        .cfg
        .models
        .iter()
        .map(|m| openai_model_entry(st, m))
        .collect();
    Json200(json!({"object": "list", "data": data})).into_response()
}

fn bad_request_openai(msg: &str) -> Response {
    error_json(
        StatusCode::BAD_REQUEST,
        json!({"error": {"message": msg, "type": "invalid_request_error", "code": 400}}),
    )
}

fn timings(plan: &Plan, n: usize) -> Value {
    let predicted_ms = plan.total_delay().as_secs_f64() * 1000.0;
    let per_tok = if n > 0 { predicted_ms / n as f64 } else { 0.0 };
    json!({
        "cache_n": 0,
        "prompt_n": plan.prompt_tokens,
        "prompt_ms": 1.0,
        "prompt_per_token_ms": 1.0 / plan.prompt_tokens as f64,
        "prompt_per_second": plan.prompt_tokens as f64 * 1000.0,
        "predicted_n": n,
        "predicted_ms": predicted_ms,
        "predicted_per_token_ms": per_tok,
        "predicted_per_second": if per_tok > 0.0 { 1000.0 / per_tok } else { 0.0 },
    })
}

async fn openai_chat(st: Arc<Inner>, body: &Value) -> Response {
    let Some(model) = body.get("model").and_then(Value::as_str) else {
        return bad_request_openai("\"model\" is required");
    };
    let Some(messages) = body.get("messages").and_then(Value::as_array) else {
        return bad_request_openai("'messages' must be an array");
    };
    let Some(behavior) = st.resolve(model) else {
        return st.not_found(model, true);
    };
    if behavior == Behavior::Error {
        return st.upstream_error(true);
    }
    let plan = make_plan(&st.cfg, behavior, messages);
    let stream = body.get("stream").and_then(Value::as_bool).unwrap_or(false);
    let include_usage = body
        .pointer("/stream_options/include_usage")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let id = format!("chatcmpl-{}", rand_id());
    let created = now_secs();
    let llama = st.kind == Kind::OpenAi;
    let fingerprint = if llama { "b1-fake" } else { "fp_ollama" };
    let n = plan.tokens.len();
    let usage = json!({
        "prompt_tokens": plan.prompt_tokens,
        "completion_tokens": n,
        "total_tokens": plan.prompt_tokens + n,
    });

    if !stream {
        let mut resp = json!({
            "id": id,
            "object": "chat.completion",
            "created": created,
            "model": model,
            "system_fingerprint": fingerprint,
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": plan.text()},
                "finish_reason": "stop",
            }],
            "usage": usage,
        });
        if llama {
            resp["timings"] = timings(&plan, n);
        }
        let mut guard = wait_generation(&st, &plan).await;
        if plan.break_after.is_some() {
            guard.finished = true;
            return truncated_json(st.clone(), &resp);
        }
        guard.finish();
        return Json200(resp).into_response();
    }

    let chunk = |choices: Value| -> Value {
        json!({
            "id": id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "system_fingerprint": fingerprint,
            "choices": choices,
        })
    };
    let sse = |v: &Value| Chunk::Sse(v.clone());
    let mut items: Vec<(Duration, Chunk)> = Vec::new();
    if llama {
        items.push((
            Duration::ZERO,
            sse(&chunk(json!([{
                "index": 0,
                "delta": {"role": "assistant", "content": null},
                "finish_reason": null,
            }]))),
        ));
    }
    let limit = plan
        .break_after
        .or(plan.stall_after)
        .map_or(n, |b| b.min(n));
    for (i, tok) in plan.tokens.iter().take(limit).enumerate() {
        let delta = if llama {
            json!({"content": tok})
        } else {
            json!({"role": "assistant", "content": tok})
        };
        items.push((
            plan.delay_before(i),
            sse(&chunk(
                json!([{"index": 0, "delta": delta, "finish_reason": null}]),
            )),
        ));
    }
    if plan.break_after.is_some() {
        return stream_response("text/event-stream", timed_body(st, items, true));
    }
    if plan.stall_after.is_some() {
        return stream_response("text/event-stream", stalled_body(st, items));
    }
    let mut last = chunk(json!([{
        "index": 0,
        "delta": if llama { json!({}) } else { json!({"role": "assistant", "content": ""}) },
        "finish_reason": "stop",
    }]));
    if llama {
        last["timings"] = timings(&plan, n);
    }
    items.push((Duration::ZERO, sse(&last)));
    if include_usage {
        let mut u = chunk(json!([]));
        u["usage"] = usage;
        items.push((Duration::ZERO, sse(&u)));
    }
    items.push((
        Duration::ZERO,
        Bytes::from_static(b"data: [DONE]\n\n").into(),
    ));
    stream_response("text/event-stream", timed_body(st, items, false))
}

fn openai_embeddings(body: &Value) -> Response {
    let model = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("fake-embed");
    let inputs = embedding_inputs(body.get("input"));
    if inputs.is_empty() {
        return bad_request_openai("\"input\" is required");
    }
    let tokens: usize = inputs.iter().map(|t| t.split_whitespace().count()).sum();
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(i, t)| json!({"object": "embedding", "index": i, "embedding": fake_embedding(t)}))
        .collect();
    Json200(json!({
        "object": "list",
        "data": data,
        "model": model,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }))
    .into_response()
}

// ---------------------------------------------------------------------------
// Ollama wire

fn digest_of(name: &str) -> String {
    let mut out = String::new();
    for i in 0..4u8 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(i);
        for b in name.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        out.push_str(&format!("{h:016x}"));
    }
    out
}

fn ollama_details() -> Value {
    json!({
        "parent_model": "",
        "format": "gguf",
        "family": "llama",
        "families": ["llama"],
        "parameter_size": "8.0B",
        "quantization_level": "Q4_K_M",
    })
}

fn ollama_tag_entry(m: &str) -> Value {
    let name = with_tag(m);
    json!({
        "name": name,
        "model": name,
        "modified_at": "2025-01-01T00:00:00.000000000Z",
        "size": 4_920_753_328u64,
        "digest": digest_of(&name),
        "details": ollama_details(),
    })
}

fn ollama_tags(st: &Inner) -> Response {
    let models: Vec<Value> = st.cfg.models.iter().map(|m| ollama_tag_entry(m)).collect();
    Json200(json!({"models": models})).into_response()
}

fn ollama_ps(st: &Inner) -> Response {
    // The first model is "loaded", as after a recent chat.
    let models: Vec<Value> = st
        .cfg
        .models
        .iter()
        .take(1)
        .map(|m| {
            let name = with_tag(m);
            json!({
                "name": name,
                "model": name,
                "size": 6_654_289_920u64,
                "digest": digest_of(&name),
                "details": ollama_details(),
                "expires_at": rfc3339(now_secs() + 300, 0),
                "size_vram": 6_654_289_920u64,
                "context_length": 4096,
            })
        })
        .collect();
    Json200(json!({"models": models})).into_response()
}

fn ollama_show(st: &Inner, body: &Value) -> Response {
    let model = body
        .get("model")
        .or_else(|| body.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("");
    if st.resolve(model).is_none() {
        return st.not_found(model, false);
    }
    Json200(json!({
        "modelfile": format!("# Modelfile generated by \"ollama show\"\nFROM {}\n", with_tag(model)),
        "parameters": "stop                           \"<|eot_id|>\"",
        "template": "{{ .Prompt }}",
        "details": ollama_details(),
        "model_info": {
            "general.architecture": "llama",
            "general.parameter_count": 8_030_261_248u64,
            "llama.context_length": 131072,
            "llama.embedding_length": 4096,
        },
        "capabilities": ["completion"],
        "modified_at": "2025-01-01T00:00:00.000000000Z",
    }))
    .into_response()
}

fn ollama_embed(st: &Inner, body: &Value, legacy: bool) -> Response {
    let model = body.get("model").and_then(Value::as_str).unwrap_or("");
    let key = if legacy { "prompt" } else { "input" };
    let inputs = embedding_inputs(body.get(key));
    if legacy {
        let text = inputs.first().cloned().unwrap_or_default();
        return Json200(json!({"embedding": fake_embedding(&text)})).into_response();
    }
    if inputs.is_empty() {
        return error_json(
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid input type"}),
        );
    }
    let _ = st;
    let embeddings: Vec<Vec<f64>> = inputs.iter().map(|t| fake_embedding(t)).collect();
    let tokens: usize = inputs.iter().map(|t| t.split_whitespace().count()).sum();
    Json200(json!({
        "model": model,
        "embeddings": embeddings,
        "total_duration": 1_000_000u64,
        "load_duration": 100_000u64,
        "prompt_eval_count": tokens,
    }))
    .into_response()
}

/// `/api/chat` (`generate == false`) and `/api/generate`.
async fn ollama_chat(st: Arc<Inner>, body: &Value, generate: bool) -> Response {
    let Some(model) = body.get("model").and_then(Value::as_str) else {
        return error_json(
            StatusCode::BAD_REQUEST,
            json!({"error": "model is required"}),
        );
    };
    let messages: Vec<Value> = if generate {
        let mut ms = Vec::new();
        if let Some(s) = body.get("system").and_then(Value::as_str) {
            ms.push(json!({"role": "system", "content": s}));
        }
        let prompt = body.get("prompt").and_then(Value::as_str).unwrap_or("");
        ms.push(json!({"role": "user", "content": prompt}));
        ms
    } else {
        match body.get("messages") {
            Some(Value::Array(ms)) => ms.clone(),
            None | Some(Value::Null) => Vec::new(),
            Some(_) => {
                return error_json(
                    StatusCode::BAD_REQUEST,
                    json!({"error": "messages must be an array"}),
                );
            }
        }
    };
    let Some(behavior) = st.resolve(model) else {
        return st.not_found(model, false);
    };
    if behavior == Behavior::Error {
        return st.upstream_error(false);
    }
    let plan = make_plan(&st.cfg, behavior, &messages);
    let stream = body.get("stream").and_then(Value::as_bool).unwrap_or(true);
    let n = plan.tokens.len();
    let total_ns = plan.total_delay().as_nanos() as u64 + 2_000_000;

    let piece = |content: &str, done: bool| -> Value {
        let mut v = json!({"model": model, "created_at": rfc3339_now()});
        if generate {
            v["response"] = json!(content);
        } else {
            v["message"] = json!({"role": "assistant", "content": content});
        }
        v["done"] = json!(done);
        v
    };
    let finish = |mut v: Value| -> Value {
        v["done_reason"] = json!("stop");
        v["total_duration"] = json!(total_ns);
        v["load_duration"] = json!(1_000_000u64);
        v["prompt_eval_count"] = json!(plan.prompt_tokens);
        v["prompt_eval_duration"] = json!(1_000_000u64);
        v["eval_count"] = json!(n);
        v["eval_duration"] = json!(plan.total_delay().as_nanos() as u64);
        if generate {
            v["context"] = json!([1, 2, 3]);
        }
        v
    };

    if !stream {
        let resp = finish(piece(&plan.text(), true));
        let mut guard = wait_generation(&st, &plan).await;
        if plan.break_after.is_some() {
            guard.finished = true;
            return truncated_json(st.clone(), &resp);
        }
        guard.finish();
        return Json200(resp).into_response();
    }

    let limit = plan
        .break_after
        .or(plan.stall_after)
        .map_or(n, |b| b.min(n));
    let mut items: Vec<(Duration, Chunk)> = plan
        .tokens
        .iter()
        .take(limit)
        .enumerate()
        .map(|(i, tok)| (plan.delay_before(i), Chunk::Ndjson(piece(tok, false))))
        .collect();
    if plan.break_after.is_some() {
        return stream_response("application/x-ndjson", timed_body(st, items, true));
    }
    if plan.stall_after.is_some() {
        return stream_response("application/x-ndjson", stalled_body(st, items));
    }
    items.push((Duration::ZERO, Chunk::Ndjson(finish(piece("", true)))));
    stream_response("application/x-ndjson", timed_body(st, items, false))
}

// ---------------------------------------------------------------------------
// additions: rate limits, the Responses API, Azure deployments, and
// llama.cpp / LM Studio model management (OpenAI fake only)

/// A model id that always answers 429 with `Retry-After` headers (chat and
/// Responses API).
pub const RATE_LIMITED_MODEL: &str = "rate-limited-model";

fn rate_limited() -> Response {
    let mut r = error_json(
        StatusCode::TOO_MANY_REQUESTS,
        json!({"error": {"message": "slow down", "type": "rate_limit_error", "code": 429}}),
    );
    let h = r.headers_mut();
    h.insert("retry-after", HeaderValue::from_static("7"));
    h.insert("retry-after-ms", HeaderValue::from_static("7000"));
    r
}

/// The deployment name of an Azure path (percent-decoded).
fn deployment_of(p: &str, suffix: &str) -> String {
    let raw = p["/openai/deployments/".len()..]
        .strip_suffix(suffix)
        .unwrap_or("");
    let mut out = Vec::new();
    let b = raw.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&raw[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `POST /v1/responses`: `Echo: <input>` as a Responses API object, or
/// its events when `stream` is set.
fn openai_responses(st: &Inner, body: &Value) -> Response {
    let Some(model) = body.get("model").and_then(Value::as_str) else {
        return bad_request_openai("\"model\" is required");
    };
    if model == RATE_LIMITED_MODEL {
        return rate_limited();
    }
    let Some(behavior) = st.resolve(model) else {
        return st.not_found(model, true);
    };
    if behavior == Behavior::Error {
        return st.upstream_error(true);
    }
    let input = match body.get("input") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|m| m.get("content").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    };
    let text = format!("Echo: {input}");
    let id = format!("resp_{}", rand_id());
    let done = json!({
        "id": id, "object": "response", "created_at": now_secs(), "model": model,
        "status": "completed",
        "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": text, "annotations": []}]}],
    });
    if !body.get("stream").and_then(Value::as_bool).unwrap_or(false) {
        return Json200(done).into_response();
    }
    let mut sse = String::new();
    let mut ev = |name: &str, v: Value| {
        sse.push_str(&format!("event: {name}\ndata: {v}\n\n"));
    };
    ev(
        "response.created",
        json!({"type": "response.created", "response": {"id": id, "status": "in_progress"}}),
    );
    for w in text.split_inclusive(' ') {
        ev(
            "response.output_text.delta",
            json!({"type": "response.output_text.delta", "delta": w}),
        );
    }
    ev(
        "response.completed",
        json!({"type": "response.completed", "response": done}),
    );
    stream_response("text/event-stream", Body::from(sse))
}

/// llama.cpp's router: `GET/POST/DELETE /models`, `POST /models/load`,
/// `POST /models/unload`, `GET /models/sse`. Unknown models: 404; the
/// delete answers in plain text.
fn llamacpp_manage(st: &Inner, m: &str, p: &str, query: Option<&str>, body: &Value) -> Response {
    let known = |id: &str| st.resolve(id).is_some();
    let model = body.get("model").and_then(Value::as_str).unwrap_or("");
    match (m, p) {
        ("GET", "/models") => {
            let data: Vec<Value> = st
                .cfg
                .models
                .iter()
                .map(|id| json!({"id": id, "object": "model", "status": {"value": "loaded"}}))
                .collect();
            Json200(json!({"object": "list", "data": data})).into_response()
        }
        ("POST", "/models") => {
            Json200(json!({"success": true, "model": model, "status": "downloading"}))
                .into_response()
        }
        ("DELETE", "/models") => {
            let id = query
                .unwrap_or("")
                .split('&')
                .find_map(|kv| kv.strip_prefix("model="))
                .unwrap_or("");
            if known(id) {
                (
                    [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                    "deleted",
                )
                    .into_response()
            } else {
                st.not_found(id, true)
            }
        }
        ("POST", "/models/load" | "/models/unload") => {
            if known(model) {
                Json200(json!({"success": true})).into_response()
            } else {
                st.not_found(model, true)
            }
        }
        ("GET", "/models/sse") => stream_response(
            "text/event-stream",
            Body::from(
                "data: {\"model\":\"fake-model\",\"status\":\"loading\"}\n\n\
                 data: {\"model\":\"fake-model\",\"status\":\"loaded\"}\n\n",
            ),
        ),
        _ => error_json(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"error": {"message": "Method Not Allowed", "code": 405}}),
        ),
    }
}

/// LM Studio's `/api/v1/models…` (list, download, download status, load,
/// unload). Unknown models: 404 in plain text.
fn lmstudio_manage(st: &Inner, m: &str, p: &str, body: &Value) -> Response {
    let known = |id: &str| st.resolve(id).is_some();
    let plain_404 = |what: &str| {
        (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("no such model: {what}"),
        )
            .into_response()
    };
    let model = body.get("model").and_then(Value::as_str).unwrap_or("");
    match (m, p) {
        ("GET", "/api/v1/models") => {
            let models: Vec<Value> = st
                .cfg
                .models
                .iter()
                .map(|id| json!({"key": id, "type": "llm", "loaded_instances": []}))
                .collect();
            Json200(json!({"models": models})).into_response()
        }
        ("POST", "/api/v1/models/download") => {
            Json200(json!({"job_id": "job-1", "status": "downloading"})).into_response()
        }
        ("GET", p) if p.starts_with("/api/v1/models/download/status/") => {
            let job = &p["/api/v1/models/download/status/".len()..];
            Json200(json!({"job_id": job, "status": "completed"})).into_response()
        }
        ("POST", "/api/v1/models/load") => {
            if known(model) {
                Json200(json!({"instance_id": model, "status": "loaded"})).into_response()
            } else {
                plain_404(model)
            }
        }
        ("POST", "/api/v1/models/unload") => {
            let id = body
                .get("instance_id")
                .and_then(Value::as_str)
                .unwrap_or("");
            if known(id) {
                Json200(json!({"instance_id": id})).into_response()
            } else {
                plain_404(id)
            }
        }
        _ => error_json(
            StatusCode::NOT_FOUND,
            json!({"error": {"message": "File Not Found", "type": "not_found_error", "code": 404}}),
        ),
    }
}

// ---------------------------------------------------------------------------
// additions (Ollama fake only): blobs, `/api/create` from blobs, and the
// Anthropic-compatible `/v1/messages` and `/v1/responses`

/// `HEAD /api/blobs/{digest}`: 200 when known, else 404; `POST`: stores
/// the body when its SHA-256 matches the digest (201), else 400.
fn ollama_blob(st: &Inner, method: &str, digest: &str, body: &Bytes) -> Response {
    use sha2::{Digest, Sha256};
    if method == "HEAD" {
        let known = st.blobs.lock().unwrap().contains_key(digest);
        let status = if known {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        return status.into_response();
    }
    let got = format!("sha256:{:x}", Sha256::digest(body));
    if got != digest {
        return error_json(
            StatusCode::BAD_REQUEST,
            json!({"error": format!("digest mismatch, expected \"{digest}\", got \"{got}\"")}),
        );
    }
    st.blobs.lock().unwrap().insert(got, body.len());
    StatusCode::CREATED.into_response()
}

/// `POST /api/create` with `files`: every digest must be a pushed blob.
fn ollama_create_from_blobs(st: &Inner, body: &Value) -> Response {
    let Some(model) = body.get("model").and_then(Value::as_str) else {
        return error_json(
            StatusCode::BAD_REQUEST,
            json!({"error": "model is required"}),
        );
    };
    let files = body.get("files").and_then(Value::as_object);
    let blobs = st.blobs.lock().unwrap();
    for d in files.into_iter().flat_map(|f| f.values()) {
        let d = d.as_str().unwrap_or("");
        if !blobs.contains_key(d) {
            return error_json(
                StatusCode::BAD_REQUEST,
                json!({"error": format!("blob {d} not found")}),
            );
        }
    }
    if body.get("stream").and_then(Value::as_bool) == Some(false) {
        return Json200(json!({"status": "success"})).into_response();
    }
    let lines = format!(
        "{}\n{}\n",
        json!({"status": format!("creating model {model}")}),
        json!({"status": "success"})
    );
    stream_response("application/x-ndjson", Body::from(lines))
}

/// The text of the last user turn of a `messages` list.
fn last_user_text(messages: Option<&Value>) -> String {
    messages
        .and_then(Value::as_array)
        .and_then(|a| {
            a.iter()
                .rev()
                .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
        })
        .map(|m| content_text(m.get("content")))
        .unwrap_or_default()
}

/// Ollama's Anthropic-compatible `/v1/messages`: `Echo: <last user text>`,
/// as one message or as Anthropic's stream events.
fn ollama_anthropic_messages(st: &Inner, body: &Value) -> Response {
    let model = body.get("model").and_then(Value::as_str).unwrap_or("");
    let not_found = |msg: String| {
        error_json(
            StatusCode::NOT_FOUND,
            json!({"type": "error", "error": {"type": "not_found_error", "message": msg}}),
        )
    };
    let Some(behavior) = st.resolve(model) else {
        return not_found(format!("model '{model}' not found"));
    };
    if behavior == Behavior::Error {
        return error_json(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"type": "error", "error": {"type": "api_error", "message": "fake upstream failure"}}),
        );
    }
    let text = format!("Echo: {}", last_user_text(body.get("messages")));
    let id = format!("msg_{}", rand_id());
    let usage = json!({"input_tokens": 3, "output_tokens": text.split_whitespace().count()});
    if !body.get("stream").and_then(Value::as_bool).unwrap_or(false) {
        return Json200(json!({
            "id": id, "type": "message", "role": "assistant", "model": model,
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn", "stop_sequence": null, "usage": usage,
        }))
        .into_response();
    }
    let mut out = String::new();
    let mut ev = |name: &str, v: Value| out.push_str(&format!("event: {name}\ndata: {v}\n\n"));
    ev(
        "message_start",
        json!({"type": "message_start", "message": {"id": id, "type": "message", "role": "assistant",
            "model": model, "content": [], "stop_reason": null, "usage": {"input_tokens": 3, "output_tokens": 0}}}),
    );
    ev(
        "content_block_start",
        json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
    );
    for w in text.split_inclusive(' ') {
        ev(
            "content_block_delta",
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": w}}),
        );
    }
    ev(
        "content_block_stop",
        json!({"type": "content_block_stop", "index": 0}),
    );
    ev(
        "message_delta",
        json!({"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": usage}),
    );
    ev("message_stop", json!({"type": "message_stop"}));
    stream_response("text/event-stream", Body::from(out))
}

/// Ollama's `/v1/responses`: `Echo: <input>`, as one response or as the
/// Responses API's stream events.
fn ollama_responses(st: &Inner, body: &Value) -> Response {
    let model = body.get("model").and_then(Value::as_str).unwrap_or("");
    let Some(behavior) = st.resolve(model) else {
        return st.not_found(model, true);
    };
    if behavior == Behavior::Error {
        return st.upstream_error(true);
    }
    let input = match body.get("input") {
        Some(Value::Array(items)) => last_user_text(Some(&Value::Array(items.clone()))),
        other => content_text(other),
    };
    let text = format!("Echo: {input}");
    let id = format!("resp_{}", rand_id());
    let done = json!({
        "id": id, "object": "response", "created_at": now_secs(), "model": model,
        "status": "completed",
        "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": text, "annotations": []}]}],
    });
    if !body.get("stream").and_then(Value::as_bool).unwrap_or(false) {
        return Json200(done).into_response();
    }
    let mut out = String::new();
    let mut ev = |name: &str, v: Value| out.push_str(&format!("event: {name}\ndata: {v}\n\n"));
    ev(
        "response.created",
        json!({"type": "response.created", "response": {"id": id, "status": "in_progress"}}),
    );
    for w in text.split_inclusive(' ') {
        ev(
            "response.output_text.delta",
            json!({"type": "response.output_text.delta", "delta": w}),
        );
    }
    ev(
        "response.completed",
        json!({"type": "response.completed", "response": done}),
    );
    stream_response("text/event-stream", Body::from(out))
}
