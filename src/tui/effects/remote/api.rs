//! The server's REST API as the terminal chat calls it: a client with
//! the key, the server's errors read back into what they mean, and the small
//! helpers of its JSON.

use std::time::Duration;

use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::tui::app::LoadedChat;

/// A server's API, reached with a key (an `sk-` API key or a session
/// token, both sent as a bearer token).
#[derive(Clone)]
pub struct Api {
    base: String,
    key: String,
    http: reqwest::Client,
}

impl Api {
    pub fn new(server: &str, key: &str) -> Result<Api> {
        let base = server.trim().trim_end_matches('/').to_string();
        let url = reqwest::Url::parse(&base)
            .map_err(|e| Error::invalid(format!("--server {server}: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::invalid(format!(
                "--server {server}: expected an http:// or https:// address"
            )));
        }
        if key.trim().is_empty() {
            return Err(Error::invalid(
                "no API key: pass --api-key or set OWUI_API_KEY",
            ));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .tcp_nodelay(true)
            .build()
            .map_err(Error::internal)?;
        Ok(Api {
            base,
            key: key.trim().to_string(),
            http,
        })
    }

    /// The server's host (and port), as the status line shows it.
    pub fn host(&self) -> String {
        reqwest::Url::parse(&self.base)
            .ok()
            .and_then(|u| {
                let h = u.host_str()?.to_string();
                Some(match u.port() {
                    Some(p) => format!("{h}:{p}"),
                    None => h,
                })
            })
            .unwrap_or_else(|| self.base.clone())
    }

    pub(super) fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.key)
    }

    pub(super) async fn send(&self, rb: reqwest::RequestBuilder) -> Result<reqwest::Response> {
        let r = rb.send().await.map_err(|e| {
            Error::Unreachable(format!("cannot reach {}: {}", self.base, error_chain(&e)))
        })?;
        if r.status().is_success() {
            return Ok(r);
        }
        let status = r.status().as_u16();
        let text = r.text().await.unwrap_or_default();
        Err(refused(status, detail_of(status, &text)))
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value> {
        let mut rb = self.request(method, path);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = self.send(rb).await?;
        let text = r.text().await.map_err(Error::internal)?;
        serde_json::from_str(&text).map_err(|_| {
            Error::BadAnswer(format!(
                "{path}: the server's answer is not JSON (is this an owui or Open WebUI server?)"
            ))
        })
    }

    pub async fn get(&self, path: &str) -> Result<Value> {
        self.call(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Result<Value> {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Result<Value> {
        self.call(reqwest::Method::DELETE, path, None).await
    }

    /// Check the key before the screen is taken: a refused key, a pending
    /// account and an address that is not an owui or Open WebUI fail here.
    /// The key's role when the server says (API keys may not read the
    /// session user: then any route for verified users tells).
    pub async fn check(&self) -> Result<Option<String>> {
        let refused = |e: Error| match e {
            Error::Unauthenticated(d) => {
                Error::unauthenticated(format!("the server refused the key: {d}"))
            }
            e => e,
        };
        match self.get("/api/v1/auths/").await {
            Ok(v) => {
                let role = v
                    .get("role")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                if role == "pending" {
                    return Err(Error::forbidden(
                        "this account is pending: an admin has to activate it first",
                    ));
                }
                Ok(Some(role))
            }
            Err(Error::Forbidden(_)) => {
                self.get("/api/v1/users/user/settings")
                    .await
                    .map_err(refused)?;
                Ok(None)
            }
            Err(e) => Err(refused(e)),
        }
    }

    /// A chat as the TUI loads it.
    pub async fn chat(&self, id: &str) -> Result<LoadedChat> {
        let c = self.get(&format!("/api/v1/chats/{}", enc(id))).await?;
        Ok(LoadedChat {
            id: str_of(&c, "id"),
            title: str_of(&c, "title"),
            pinned: c.get("pinned").and_then(Value::as_bool).unwrap_or(false),
            doc: c.get("chat").cloned().unwrap_or(json!({})),
        })
    }
}

pub(super) fn str_of(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

pub(super) fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Every cause of a transport error, one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        let t = s.to_string();
        if !out.contains(&t) {
            out = format!("{out}: {t}");
        }
        src = s.source();
    }
    out
}

/// The `detail` of an error body (Open WebUI's shape), else the body.
fn detail_of(status: u16, text: &str) -> String {
    let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let d = match v.get("detail") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => match v.pointer("/error/message").and_then(Value::as_str) {
            Some(m) => m.to_string(),
            None => text.chars().take(200).collect(),
        },
        Some(other) => other.to_string(),
    };
    if d.trim().is_empty() {
        format!("HTTP {status}")
    } else {
        d
    }
}

/// A server's refusal as what it means, its `detail` as the message.
fn refused(status: u16, detail: String) -> Error {
    match status {
        400 => Error::Invalid(detail),
        401 => Error::Unauthenticated(detail),
        403 => Error::Forbidden(detail),
        404 => Error::NotFound(detail),
        409 => Error::Conflict(detail),
        413 => Error::TooLarge(detail),
        422 => Error::malformed(detail),
        429 => Error::RateLimited(detail),
        _ => Error::Unreachable(detail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_of_reads_open_webui_and_openai_errors() {
        assert_eq!(
            detail_of(401, r#"{"detail":"Not authenticated"}"#),
            "Not authenticated"
        );
        assert_eq!(detail_of(500, r#"{"error":{"message":"boom"}}"#), "boom");
        assert_eq!(detail_of(502, ""), "HTTP 502");
        assert_eq!(detail_of(404, "<html>nope</html>"), "<html>nope</html>");
    }

    #[test]
    fn api_needs_an_http_address_and_a_key() {
        assert!(Api::new("localhost:8080", "sk-1").is_err());
        assert!(Api::new("ftp://x", "sk-1").is_err());
        assert!(Api::new("http://x:1/", " ").is_err());
        assert_eq!(Api::new("http://x:1/", "sk-1").unwrap().base, "http://x:1");
        assert_eq!(Api::new("http://x:1/", "sk-1").unwrap().host(), "x:1");
        assert_eq!(
            Api::new("https://chat.example.com/", "sk-1")
                .unwrap()
                .host(),
            "chat.example.com"
        );
    }
}
