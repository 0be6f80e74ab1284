//! FastAPI's ways, as the browser client expects them: the status
//! mappers several areas share for upstream's odd choices.

use axum::http::StatusCode;

use super::error::ApiError;
use crate::error::Error;

/// `e` with `status` instead of its default one, its body unchanged.
pub fn with_status(status: StatusCode, e: Error) -> ApiError {
    let mut a = ApiError::from(e);
    a.status = status;
    a
}

/// Upstream answers "not found" with 400 on some routes (users).
pub fn not_found_as_400(e: Error) -> ApiError {
    match e {
        Error::NotFound(_) => with_status(StatusCode::BAD_REQUEST, e),
        other => other.into(),
    }
}

/// Upstream answers 401 (`HTTP_401_UNAUTHORIZED`) where many of its
/// routers refuse a caller: a resource they may not touch or change, a
/// permission they lack, a switched-off export (chats, prompts, models,
/// the database download).
pub fn refused_as_401(e: Error) -> ApiError {
    match e {
        Error::Forbidden(_) | Error::ReadOnly(_) | Error::NotPermitted(_) | Error::Disabled(_) => {
            with_status(StatusCode::UNAUTHORIZED, e)
        }
        other => other.into(),
    }
}

/// [`refused_as_401`], and 401 for a thing that is not there as well
/// (upstream does not tell a missing chat or model from a forbidden one).
pub fn hidden_as_401(e: Error) -> ApiError {
    match e {
        Error::NotFound(_) => with_status(StatusCode::UNAUTHORIZED, e),
        other => refused_as_401(other),
    }
}
