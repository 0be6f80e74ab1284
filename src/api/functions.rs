//! `/api/v1/functions`.

use axum::Json as J;
use axum::extract::State;

use super::AppState;
use super::error::ApiResult;
use super::extract::Verified;
use crate::core::functions::{self, FunctionItem};

super::routing::routes! {
    "/" => get(list),
}

async fn list(
    State(st): State<AppState>,
    Verified(a): Verified,
) -> ApiResult<J<Vec<FunctionItem>>> {
    Ok(J(st.cx.blocking(move |cx| functions::list(cx, &a)).await?))
}
