//! One error type for the whole core. A variant says what happened, never
//! how a frontend words it: the API layer alone picks upstream's status
//! codes and `detail` bodies (`api::error` for the defaults, named mappers
//! next to the handlers for upstream's odd choices), the CLI a message and
//! an exit code (`main.rs`), the TUI a status line.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::core::actor::Role;

/// A provider's HTTP status, as it answered: data about the provider, not
/// an answer owui chooses.
pub use reqwest::StatusCode;

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
    /// Nothing by that id, or nothing the caller may know of.
    NotFound(String),
    /// The caller may not touch this resource or take this action: not
    /// theirs and no grant to read it, a protected account, a restricted
    /// action.
    Forbidden(String),
    /// The caller may not change this resource: not theirs and no grant
    /// to write it.
    ReadOnly(String),
    /// The caller's permissions (workspace, feature and sharing
    /// permissions, from their role and groups) do not include this kind
    /// of operation.
    NotPermitted(String),
    /// The caller's role is below the one the operation needs: `pending`
    /// where a verified user is needed, or not `admin`.
    RoleTooLow { needed: Role },
    /// No credential, or one that does not hold: wrong password, a token
    /// that is malformed, expired or revoked, an unknown key.
    Unauthenticated(String),
    /// A well-formed request that breaks a rule; the message says which.
    Invalid(String),
    /// A request without the shape an operation needs: a missing field, a
    /// value of the wrong type.
    Malformed(Malformed),
    /// The request clashes with the stored state: an id already taken, a
    /// change made meanwhile, work still running.
    Conflict(String),
    /// More than the server accepts (an upload over the size limit).
    TooLarge(String),
    /// The server's disk is too full to keep what was sent.
    NoSpace(String),
    /// Too many attempts in too short a time.
    RateLimited(String),
    /// The feature is switched off on this server.
    Disabled(String),
    /// A provider (a model server, a pipelines server) answered with an
    /// error: its status and its body, as they came.
    Upstream { status: StatusCode, body: Value },
    /// A provider could not be reached, or failed with no answer of its
    /// own to pass on (on several connections at once, say).
    Unreachable(String),
    /// A provider answered with something owui cannot read (not JSON where
    /// its API promises JSON); the message says why.
    BadAnswer(String),
    /// Anything else; details are logged, never sent to clients.
    Internal(anyhow::Error),
}

/// How a request misses its shape.
#[derive(Clone, Debug, PartialEq)]
pub enum Malformed {
    /// In one sentence (owui's own checks of a body).
    Said(String),
    /// Field by field, as FastAPI (pydantic) lists them.
    Fields(Vec<FieldError>),
}

/// One field that misses its shape, as FastAPI reports it: `type` (the
/// kind of failure), `loc` (where: `["body", "id"]`, `["query", "page"]`),
/// `msg` and the `input` it got.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldError {
    #[serde(rename = "type")]
    pub kind: String,
    pub loc: Vec<Value>,
    pub msg: String,
    pub input: Value,
}

impl FieldError {
    pub fn new(kind: &str, loc: Value, msg: &str, input: Value) -> Self {
        let loc = match loc {
            Value::Array(a) => a,
            one => vec![one],
        };
        FieldError {
            kind: kind.into(),
            loc,
            msg: msg.into(),
            input,
        }
    }

    /// `body.id: Field required`.
    fn line(&self) -> String {
        let at: Vec<String> = self
            .loc
            .iter()
            .map(|p| match p {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        if at.is_empty() {
            self.msg.clone()
        } else {
            format!("{}: {}", at.join("."), self.msg)
        }
    }
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
    pub fn unauthenticated(m: impl Into<String>) -> Self {
        Error::Unauthenticated(m.into())
    }
    /// A body that misses its shape, said in one sentence.
    pub fn malformed(m: impl Into<String>) -> Self {
        Error::Malformed(Malformed::Said(m.into()))
    }
    /// One field that misses its shape.
    pub fn field(kind: &str, loc: Value, msg: &str, input: Value) -> Self {
        Error::Malformed(Malformed::Fields(vec![FieldError::new(
            kind, loc, msg, input,
        )]))
    }
    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        Error::Internal(e.into())
    }
    /// The message shown to a user.
    pub fn message(&self) -> String {
        match self {
            Error::NotFound(m)
            | Error::Invalid(m)
            | Error::Unauthenticated(m)
            | Error::Forbidden(m)
            | Error::ReadOnly(m)
            | Error::NotPermitted(m)
            | Error::Conflict(m)
            | Error::TooLarge(m)
            | Error::NoSpace(m)
            | Error::RateLimited(m)
            | Error::Disabled(m)
            | Error::Unreachable(m)
            | Error::BadAnswer(m) => m.clone(),
            Error::RoleTooLow { .. } => msg::ACCESS_PROHIBITED.into(),
            Error::Malformed(Malformed::Said(m)) => m.clone(),
            Error::Malformed(Malformed::Fields(f)) => f
                .iter()
                .map(FieldError::line)
                .collect::<Vec<_>>()
                .join("; "),
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

/// A provider's error as one line: its status and the readable part of its
/// body (see [`upstream_detail`]).
pub fn upstream_message(status: StatusCode, body: &Value) -> String {
    let code = status.as_u16();
    upstream_detail(body)
        .map(|m| format!("{code}: {m}"))
        .unwrap_or_else(|| format!("HTTP {code}"))
}

/// The readable part of a provider's error body: OpenAI's
/// `error.message`, FastAPI's `detail`, Ollama's `error`, or the text.
pub fn upstream_detail(body: &Value) -> Option<String> {
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
