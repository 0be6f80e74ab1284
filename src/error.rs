//! One error type for the whole core; each frontend maps it once
//! (HTTP status in `api::error`, exit code in `main.rs`).

use std::fmt;

/// Upstream's user-facing messages, kept word for word so clients that match
/// on them keep working.
pub mod msg {
    pub const NOT_FOUND: &str = "We could not find what you're looking for :/";
    pub const ACCESS_PROHIBITED: &str = "You do not have permission to access this resource. Please contact your administrator for assistance.";
    pub const ACTION_PROHIBITED: &str =
        "The requested action has been restricted as a security measure.";
    pub const UNAUTHORIZED: &str = "401 Unauthorized";
    pub const NOT_AUTHENTICATED: &str = "Not authenticated";
    pub const INVALID_TOKEN: &str =
        "Your session has expired or the token is invalid. Please sign in again.";
    pub const INVALID_CRED: &str = "The email or password provided is incorrect. Please check for typos and try logging in again.";
    pub const INVALID_EMAIL_FORMAT: &str = "The email format you entered is invalid. Please double-check and make sure you're using a valid email address (e.g., yourname@example.com).";
    pub const EMAIL_TAKEN: &str = "Uh-oh! This email is already registered. Sign in with your existing account or choose another email to start anew.";
    pub const PASSWORD_TOO_LONG: &str = "Uh-oh! The password you entered is too long. Please make sure your password is less than 72 bytes long.";
    pub const INCORRECT_PASSWORD: &str =
        "The password provided is incorrect. Please check for typos and try again.";
    pub const API_KEY_NOT_FOUND: &str = "Oops! It looks like there's a hiccup. The API key is missing. Please make sure to provide a valid API key to access this feature.";
    pub const API_KEY_NOT_ALLOWED: &str = "Use of API key is not enabled in the environment.";
    pub const API_KEY_CREATION_NOT_ALLOWED: &str =
        "API key creation is not allowed in the environment.";
    pub const RATE_LIMIT_EXCEEDED: &str = "API rate limit exceeded";
    pub const HUMAN_SESSION_REQUIRED: &str = "A human session is required.";
    pub const INVALID_AUTH_REQUEST: &str = "Invalid authentication request.";
    pub const GROUP_NOT_FOUND: &str = "Group not found.";
    /// `DEFAULT()` without an argument.
    pub const DEFAULT: &str = "Something went wrong :/";
}

/// What went wrong, in terms every frontend can render.
#[derive(Debug)]
pub enum Error {
    /// The thing asked for does not exist (or the caller may not know it does).
    NotFound(String),
    /// The request itself is wrong: bad field, bad value, duplicate.
    Invalid(String),
    /// The request body does not have the required shape (HTTP 422).
    Invalid422(String),
    /// No valid credential.
    Unauthorized(String),
    /// A valid credential that may not do this.
    Forbidden(String),
    /// The state changed under the request.
    Conflict(String),
    /// Too many attempts.
    TooManyRequests(String),
    /// Any other HTTP status with its message as `detail`.
    Status(u16, String),
    /// A model provider refused the request: its status and body, passed on
    /// to the client as they came.
    Upstream {
        status: u16,
        body: serde_json::Value,
    },
    /// Anything else; details are logged, never sent to clients.
    Internal(anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn not_found() -> Self {
        Error::NotFound(msg::NOT_FOUND.into())
    }
    pub fn invalid(m: impl Into<String>) -> Self {
        Error::Invalid(m.into())
    }
    pub fn forbidden(m: impl Into<String>) -> Self {
        Error::Forbidden(m.into())
    }
    pub fn unauthorized(m: impl Into<String>) -> Self {
        Error::Unauthorized(m.into())
    }
    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        Error::Internal(e.into())
    }
    /// The message shown to a user.
    pub fn message(&self) -> String {
        match self {
            Error::NotFound(m)
            | Error::Invalid(m)
            | Error::Invalid422(m)
            | Error::Unauthorized(m)
            | Error::Forbidden(m)
            | Error::Conflict(m)
            | Error::TooManyRequests(m)
            | Error::Status(_, m) => m.clone(),
            Error::Upstream { status, body } => upstream_message(*status, body),
            Error::Internal(e) => format!("internal error: {e:#}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Internal(e.into())
    }
}

impl From<r2d2::Error> for Error {
    fn from(e: r2d2::Error) -> Self {
        Error::Internal(e.into())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Internal(e.into())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Internal(e.into())
    }
}

/// The readable part of a provider's error body: OpenAI's
/// `error.message`, FastAPI's `detail`, Ollama's `error`, or the text.
pub fn upstream_message(status: u16, body: &serde_json::Value) -> String {
    upstream_detail(body)
        .map(|m| format!("{status}: {m}"))
        .unwrap_or_else(|| format!("HTTP {status}"))
}

/// The readable part of a provider's error body alone (see
/// [`upstream_message`]).
pub fn upstream_detail(body: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    let pick = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    };
    body.pointer("/error/message")
        .and_then(pick)
        .or_else(|| body.get("detail").and_then(pick))
        .or_else(|| body.get("error").and_then(pick))
        .or_else(|| body.get("message").and_then(pick))
        .or_else(|| pick(body))
}

/// True when a SQLite error is a UNIQUE constraint violation.
pub fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
            || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
}
