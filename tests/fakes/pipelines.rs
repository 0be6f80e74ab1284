//! A fake Pipelines server (open-webui/pipelines) on 127.0.0.1, for the
//! pipelines tests: `GET /models` with `"pipelines": true`, the admin
//! routes (`/pipelines`, `/pipelines/add|upload|delete`, `/{id}/valves*`)
//! and filters at `/{id}/filter/inlet|outlet`.
//!
//! ```ignore
//! #[path = "fakes/pipelines.rs"]
//! mod fake_pipelines;
//! let p = fake_pipelines::spawn(vec![fake_pipelines::filter("rewrite", &["fake-model"], 0)]).await;
//! ```
//!
//! Filter behaviour by id:
//! * `rewrite…`: inlet prefixes the last user message with `[<id>] `;
//!   outlet appends ` [<id> outlet]` to the last assistant message;
//! * `deny`: 403 `{"detail": "Blocked by deny"}`;
//! * `crash`: 500 with a plain-text body.
//!
//! `missing` as a pipeline id answers 404 `{"detail": "Pipeline missing not found"}`
//! on every admin route that takes an id.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One request as the fake received it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: BTreeMap<String, String>,
    /// JSON body, or the raw text as a JSON string, or `Null` when empty.
    pub body: Value,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

struct Inner {
    models: Vec<Value>,
    seen: Mutex<Vec<Seen>>,
}

pub struct FakePipelines {
    /// `http://127.0.0.1:PORT` (Pipelines servers have no `/v1`).
    pub url: String,
    inner: Arc<Inner>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakePipelines {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakePipelines {
    pub fn requests(&self) -> Vec<Seen> {
        self.inner.seen.lock().unwrap().clone()
    }
    pub fn requests_to(&self, path: &str) -> Vec<Seen> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }
    /// The paths of filter calls (`/{id}/filter/inlet|outlet`), in order.
    pub fn filter_calls(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.contains("/filter/"))
            .map(|r| r.path)
            .collect()
    }
    pub fn clear(&self) {
        self.inner.seen.lock().unwrap().clear();
    }
}

/// A filter model as a Pipelines server lists it.
pub fn filter(id: &str, targets: &[&str], priority: i64) -> Value {
    json!({"id": id, "name": id, "object": "model", "created": 0, "owned_by": "openai",
        "pipeline": {"type": "filter", "pipelines": targets, "priority": priority, "valves": true}})
}

pub async fn spawn(models: Vec<Value>) -> FakePipelines {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind fake pipelines server");
    let addr: SocketAddr = listener.local_addr().unwrap();
    let inner = Arc::new(Inner {
        models,
        seen: Mutex::new(Vec::new()),
    });
    let app = Router::new().fallback(handle).with_state(inner.clone());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    FakePipelines {
        url: format!("http://{addr}"),
        inner,
        task,
    }
}

fn detail(status: StatusCode, d: &str) -> Response {
    (status, axum::Json(json!({ "detail": d }))).into_response()
}

fn last_of_role<'a>(body: &'a mut Value, role: &str) -> Option<&'a mut Value> {
    body.get_mut("messages")?
        .as_array_mut()?
        .iter_mut()
        .rev()
        .find(|m| m.get("role").and_then(Value::as_str) == Some(role))
}

fn run_filter(id: &str, stage: &str, req: &Value) -> Response {
    match id {
        "deny" => return detail(StatusCode::FORBIDDEN, "Blocked by deny"),
        "crash" => return (StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response(),
        _ => {}
    }
    let mut body = req.get("body").cloned().unwrap_or(Value::Null);
    if id.starts_with("rewrite") {
        let role = if stage == "inlet" {
            "user"
        } else {
            "assistant"
        };
        if let Some(m) = last_of_role(&mut body, role) {
            let text = m.get("content").and_then(Value::as_str).unwrap_or("");
            m["content"] = json!(if stage == "inlet" {
                format!("[{id}] {text}")
            } else {
                format!("{text} [{id} outlet]")
            });
        }
    }
    axum::Json(body).into_response()
}

async fn handle(
    State(inner): State<Arc<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let text = String::from_utf8_lossy(&body).to_string();
    let json_body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    let path = uri.path().to_string();
    inner.seen.lock().unwrap().push(Seen {
        method: method.to_string(),
        path: path.clone(),
        query: uri.query().map(str::to_string),
        headers: headers
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
        body: json_body.clone(),
    });
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method.as_str(), parts.as_slice()) {
        ("GET", ["models"]) => {
            axum::Json(json!({"data": inner.models, "object": "list", "pipelines": true}))
                .into_response()
        }
        ("GET", ["pipelines"]) => {
            let data: Vec<Value> = inner
                .models
                .iter()
                .map(|m| json!({"id": m["id"], "name": m["name"], "type": m["pipeline"]["type"], "valves": true}))
                .collect();
            axum::Json(json!({ "data": data })).into_response()
        }
        ("POST", ["pipelines", "add"]) => axum::Json(json!({
            "status": true,
            "detail": format!("Pipeline added from {}", json_body["url"].as_str().unwrap_or("")),
        }))
        .into_response(),
        ("POST", ["pipelines", "upload"]) => axum::Json(json!({
            "status": true,
            "detail": "Pipeline uploaded",
            "content_type": headers.get("content-type").and_then(|v| v.to_str().ok()),
            "length": body.len(),
        }))
        .into_response(),
        ("DELETE", ["pipelines", "delete"]) => {
            let id = json_body["id"].as_str().unwrap_or("");
            if id == "missing" {
                detail(StatusCode::NOT_FOUND, "Pipeline missing not found")
            } else {
                axum::Json(json!({"status": true, "detail": format!("Pipeline {id} deleted")}))
                    .into_response()
            }
        }
        (_, ["missing", ..]) => detail(StatusCode::NOT_FOUND, "Pipeline missing not found"),
        ("GET", [id, "valves"]) => axum::Json(json!({"id": id, "prefix": "p-"})).into_response(),
        ("GET", [_, "valves", "spec"]) => axum::Json(json!({
            "title": "Valves", "type": "object",
            "properties": {"prefix": {"title": "Prefix", "type": "string"}},
        }))
        .into_response(),
        ("POST", [_, "valves", "update"]) => axum::Json(json_body).into_response(),
        ("POST", [id, "filter", stage]) => run_filter(id, stage, &json_body),
        _ => detail(StatusCode::NOT_FOUND, "Not Found"),
    }
}
