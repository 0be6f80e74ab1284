//! `Error` → HTTP: upstream's status codes and `{"detail": ...}` bodies.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::Error;

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

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let status = match &e {
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Invalid(_) => StatusCode::BAD_REQUEST,
            Error::Invalid422(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Error::Status(code, _) => {
                StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
            Error::Upstream { status, body } => {
                let status =
                    StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                return ApiError::raw(status, body.clone());
            }
            Error::Internal(err) => {
                tracing::error!("internal error: {err:#}");
                return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
            }
        };
        ApiError::new(status, e.message())
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
        r
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Upstream answers "not found" with 400 on some routes (users).
pub fn not_found_as_400(e: Error) -> ApiError {
    match e {
        Error::NotFound(m) => ApiError::new(StatusCode::BAD_REQUEST, m),
        other => other.into(),
    }
}
