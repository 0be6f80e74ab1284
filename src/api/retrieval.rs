//! `/api/v1/retrieval`: the admin's Documents and Web Search settings.

use axum::Json as J;
use axum::extract::State;
use serde_json::Value;

use super::AppState;
use super::error::ApiResult;
use super::extract::{Admin, ApiJson};
use crate::core::retrieval::settings::{self, EmbeddingForm};

super::routing::routes! {
    "/embedding" => get(embedding),
    "/embedding/update" => post(update_embedding),
    "/config" => get(config),
    "/config/update" => post(update_config),
}

async fn embedding(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Value>> {
    Ok(J(settings::embedding_config(&st.cx, &a)?))
}

async fn update_embedding(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<EmbeddingForm>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| settings::update_embedding(cx, &a, f))
        .await?))
}

async fn config(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Value>> {
    Ok(J(settings::config(&st.cx, &a)?))
}

async fn update_config(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<Value>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| settings::update_config(cx, &a, f))
        .await?))
}
