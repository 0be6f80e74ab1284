//! `/api/v1/tools`.

use axum::Json as J;
use axum::extract::{Query, State};
use serde::Deserialize;

use super::AppState;
use super::error::ApiResult;
use super::extract::Verified;
use crate::core::tools::{self, ToolItem};

super::routing::routes! {
    "/" => get(list),
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ListQuery {
    query: Option<String>,
}

async fn list(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<ListQuery>,
) -> ApiResult<J<Vec<ToolItem>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| tools::list(cx, &a, q.query.as_deref()))
        .await?))
}
