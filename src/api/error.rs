//! `Error` → HTTP: upstream's status codes and `{"detail": ...}` bodies.
//!
//! The core says what happened; this is the one place that says how
//! upstream answers it by default. Where upstream answers the same thing
//! differently on some routes (401 for a missing chat, 400 for a missing
//! user), a named mapper next to those handlers says so (see
//! [`super::fastapi`] for the ones several areas share).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::{Error, Malformed};

/// An error on its way to the client.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub detail: Value,
    /// Sent as the whole body instead of `{"detail": ...}`.
    pub raw: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, detail: impl Into<Value>) -> Self {
        ApiError {
            status,
            detail: detail.into(),
            raw: false,
        }
    }

    /// A body passed on as it is (a provider's error).
    pub fn raw(status: StatusCode, body: Value) -> Self {
        ApiError {
            status,
            detail: body,
            raw: true,
        }
    }
}

/// The status upstream answers each kind of error with, unless a route's
/// mapper says otherwise.
pub fn default_status(e: &Error) -> StatusCode {
    match e {
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Forbidden(_) | Error::ReadOnly(_) | Error::NotPermitted(_) | Error::Disabled(_) => {
            StatusCode::FORBIDDEN
        }
        // upstream's `get_verified_user` / `get_admin_user`
        Error::RoleTooLow { .. } | Error::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        Error::Invalid(_) => StatusCode::BAD_REQUEST,
        Error::Malformed(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Error::Conflict(_) => StatusCode::CONFLICT,
        Error::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        Error::NoSpace(_) => StatusCode::INSUFFICIENT_STORAGE,
        Error::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
        Error::Upstream { status, .. } => *status,
        Error::BadAnswer(_) => StatusCode::BAD_GATEWAY,
        Error::Unreachable(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let status = default_status(&e);
        match e {
            Error::Upstream { body, .. } => ApiError::raw(status, body),
            Error::Malformed(Malformed::Fields(f)) => ApiError::new(status, json!(f)),
            Error::Internal(err) => {
                tracing::error!("internal error: {err:#}");
                ApiError::new(status, "Internal Server Error")
            }
            other => ApiError::new(status, other.message()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.raw {
            return match self.detail {
                Value::String(text) => (self.status, text).into_response(),
                body => (self.status, axum::Json(body)).into_response(),
            };
        }
        let mut r = (self.status, axum::Json(json!({ "detail": self.detail }))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER));
        }
        r
    }
}

/// Seconds a client refused with 429 is asked to wait (`Retry-After`):
/// a busy hashing queue frees up within that; a limit over a window of
/// minutes answers 429 again, as cheaply.
const RETRY_AFTER: &str = "5";

pub type ApiResult<T> = Result<T, ApiError>;
