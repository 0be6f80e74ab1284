//! `/api/v1/channels`.

use axum::Json as J;
use axum::extract::State;

use super::AppState;
use super::error::{ApiError, ApiResult};
use super::extract::Verified;
use super::fastapi::with_status;
use crate::core::channels::{self, ChannelListItem};
use crate::error::Error;

super::routing::routes! {
    "/" => get(list),
}

/// Upstream's `check_channels_access`: 401 for a user without the
/// channels feature (403 when channels are switched off).
fn channel_errors(e: Error) -> ApiError {
    match e {
        Error::NotPermitted(_) => with_status(axum::http::StatusCode::UNAUTHORIZED, e),
        other => other.into(),
    }
}

async fn list(
    State(st): State<AppState>,
    Verified(a): Verified,
) -> ApiResult<J<Vec<ChannelListItem>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| channels::list(cx, &a))
        .await
        .map_err(channel_errors)?))
}
