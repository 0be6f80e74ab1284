//! `/api/v1/channels`.

use axum::extract::State;
use axum::routing::get;
use axum::{Json as J, Router};

use super::AppState;
use super::error::ApiResult;
use super::extract::Verified;
use crate::core::channels::{self, ChannelListItem};

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(list))
}

async fn list(
    State(st): State<AppState>,
    Verified(a): Verified,
) -> ApiResult<J<Vec<ChannelListItem>>> {
    Ok(J(st.cx.blocking(move |cx| channels::list(cx, &a)).await?))
}
