//! `/api/v1/evaluations`: ratings of answers (feedback), their export,
//! the Elo leaderboard and the arena settings.

use axum::Json as J;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::AppState;
use super::error::{ApiError, ApiResult};
use super::extract::{Admin, ApiJson, Verified};
use crate::core::evaluations::{
    self as ev, ConfigForm, Feedback, FeedbackForm, FeedbackId, FeedbackPage, Leaderboard,
    ListQuery, ModelHistory,
};

super::routing::routes! {
    "/leaderboard" => get(leaderboard),
    "/leaderboard/{*rest}" => get(history),
    "/config" => get(config).post(update_config),
    "/feedbacks/models" => get(model_ids),
    "/feedbacks/all/ids" => get(all_ids),
    "/feedbacks/all" => delete(delete_all),
    "/feedbacks/all/export" => get(export),
    "/feedbacks/user" => get(list_mine),
    "/feedbacks" => delete(delete_mine),
    "/feedbacks/list" => get(list),
    "/feedback" => post(create),
    "/feedback/{id}" => get(get_one).post(update).delete(delete_one),
}

#[derive(Deserialize, schemars::JsonSchema)]
struct LeaderboardQuery {
    query: Option<String>,
}

async fn leaderboard(
    State(st): State<AppState>,
    Admin(a): Admin,
    Query(q): Query<LeaderboardQuery>,
) -> ApiResult<J<Leaderboard>> {
    Ok(J(st
        .cx
        .blocking(move |cx| ev::leaderboard(cx, &a, q.query.as_deref()))
        .await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct HistoryQuery {
    days: Option<i64>,
}

/// `/leaderboard/{model_id}/history`: the model id may contain `/`.
async fn history(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(rest): Path<String>,
    Query(q): Query<HistoryQuery>,
) -> ApiResult<J<ModelHistory>> {
    let model_id = rest
        .strip_suffix("/history")
        .filter(|m| !m.is_empty())
        .map(str::to_string)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "Not Found"))?;
    let days = q.days.unwrap_or(30);
    Ok(J(st
        .cx
        .blocking(move |cx| ev::history(cx, &a, &model_id, days))
        .await?))
}

async fn config(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Map<String, Value>>> {
    Ok(J(st.cx.blocking(move |cx| ev::config(cx, &a)).await?))
}

async fn update_config(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<ConfigForm>,
) -> ApiResult<J<Map<String, Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| ev::update_config(cx, &a, f))
        .await?))
}

async fn model_ids(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Vec<String>>> {
    Ok(J(st.cx.blocking(move |cx| ev::model_ids(cx, &a)).await?))
}

async fn all_ids(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Vec<FeedbackId>>> {
    Ok(J(st.cx.blocking(move |cx| ev::all_ids(cx, &a)).await?))
}

async fn delete_all(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<bool>> {
    Ok(J(st.cx.blocking(move |cx| ev::delete_all(cx, &a)).await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ExportQuery {
    model_id: Option<String>,
}

async fn export(
    State(st): State<AppState>,
    Admin(a): Admin,
    Query(q): Query<ExportQuery>,
) -> ApiResult<J<Vec<Feedback>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| ev::export(cx, &a, q.model_id.as_deref()))
        .await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct PageQuery {
    page: Option<i64>,
}

async fn list_mine(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<PageQuery>,
) -> ApiResult<J<FeedbackPage>> {
    Ok(J(st
        .cx
        .blocking(move |cx| ev::list_mine(cx, &a, q.page))
        .await?))
}

async fn delete_mine(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<bool>> {
    Ok(J(st.cx.blocking(move |cx| ev::delete_mine(cx, &a)).await?))
}

async fn list(
    State(st): State<AppState>,
    Admin(a): Admin,
    Query(q): Query<ListQuery>,
) -> ApiResult<J<FeedbackPage>> {
    Ok(J(st.cx.blocking(move |cx| ev::list(cx, &a, &q)).await?))
}

async fn create(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<FeedbackForm>,
) -> ApiResult<J<Feedback>> {
    Ok(J(st.cx.blocking(move |cx| ev::create(cx, &a, f)).await?))
}

async fn get_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<Feedback>> {
    Ok(J(st.cx.blocking(move |cx| ev::get(cx, &a, &id)).await?))
}

async fn update(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<FeedbackForm>,
) -> ApiResult<J<Feedback>> {
    Ok(J(st
        .cx
        .blocking(move |cx| ev::update(cx, &a, &id, f))
        .await?))
}

async fn delete_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<bool>> {
    Ok(J(st.cx.blocking(move |cx| ev::delete(cx, &a, &id)).await?))
}
