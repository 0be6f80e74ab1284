//! `/api/v1/prompts`: slash-command prompts, their versions and sharing.

use axum::Json as J;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, Verified};
use super::fastapi::{missing, refused_as_401, unprocessable_all, with_status};
use crate::core::prompts::{
    self, Diff, History, HistoryWithUser, ListQuery, MetaForm, Prompt, PromptAccess, PromptForm,
    PromptPage,
};
use crate::error::Error;

/// Sharing a prompt: 401 for one the caller may not change (as every
/// prompt route), 403 for an audience they may not share with.
fn access_errors(e: Error) -> ApiError {
    match e {
        Error::ReadOnly(_) => with_status(StatusCode::UNAUTHORIZED, e),
        other => other.into(),
    }
}

super::routing::routes! {
    "/" => get(list),
    "/tags" => get(tags),
    "/list" => get(search),
    "/create" => post(create),
    "/id/{id}" => get(get_one),
    "/id/{id}/update" => post(update),
    "/id/{id}/update/meta" => post(update_meta),
    "/id/{id}/update/version" => post(set_version),
    "/id/{id}/access/update" => post(update_access),
    "/id/{id}/toggle" => post(toggle),
    "/id/{id}/delete" => delete(delete_one),
    "/id/{id}/history" => get(history),
    "/id/{id}/history/diff" => get(diff),
    "/id/{id}/history/{history_id}" => get(history_entry).delete(delete_history_entry),
}

async fn list(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Vec<Prompt>>> {
    Ok(J(st.cx.blocking(move |cx| prompts::list(cx, &a)).await?))
}

async fn tags(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Vec<String>>> {
    Ok(J(st.cx.blocking(move |cx| prompts::tags(cx, &a)).await?))
}

async fn search(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<ListQuery>,
) -> ApiResult<J<PromptPage>> {
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::search(cx, &a, &q))
        .await?))
}

async fn create(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<PromptForm>,
) -> ApiResult<J<Prompt>> {
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::create(cx, &a, f))
        .await
        .map_err(refused_as_401)?))
}

async fn get_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<PromptAccess>> {
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::get(cx, &a, &id))
        .await?))
}

async fn update(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<PromptForm>,
) -> ApiResult<J<Prompt>> {
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::update(cx, &a, &id, f))
        .await
        .map_err(refused_as_401)?))
}

async fn update_meta(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<MetaForm>,
) -> ApiResult<J<Prompt>> {
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::update_meta(cx, &a, &id, f))
        .await
        .map_err(refused_as_401)?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct VersionForm {
    version_id: String,
}

async fn set_version(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<VersionForm>,
) -> ApiResult<J<Prompt>> {
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::set_version(cx, &a, &id, &f.version_id))
        .await
        .map_err(refused_as_401)?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct AccessForm {
    access_grants: Vec<serde_json::Map<String, Value>>,
}

async fn update_access(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<AccessForm>,
) -> ApiResult<J<Prompt>> {
    let grants: Vec<Value> = f.access_grants.into_iter().map(Value::Object).collect();
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::update_access(cx, &a, &id, &grants))
        .await
        .map_err(access_errors)?))
}

async fn toggle(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<Prompt>> {
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::toggle(cx, &a, &id))
        .await
        .map_err(refused_as_401)?))
}

async fn delete_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<bool>> {
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::delete(cx, &a, &id))
        .await
        .map_err(refused_as_401)?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct PageQuery {
    page: Option<i64>,
}

async fn history(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<J<Vec<HistoryWithUser>>> {
    let page = q.page.unwrap_or(0);
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::history(cx, &a, &id, page))
        .await
        .map_err(refused_as_401)?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct DiffQuery {
    from_id: Option<String>,
    to_id: Option<String>,
}

/// A required query parameter (FastAPI's 422 when missing).
fn required(v: Option<String>, name: &str) -> ApiResult<String> {
    v.ok_or_else(|| unprocessable_all(vec![missing(json!(["query", name]))]))
}

async fn diff(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    Query(q): Query<DiffQuery>,
) -> ApiResult<J<Diff>> {
    let from = required(q.from_id, "from_id")?;
    let to = required(q.to_id, "to_id")?;
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::diff(cx, &a, &id, &from, &to))
        .await
        .map_err(refused_as_401)?))
}

async fn history_entry(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path((id, history_id)): Path<(String, String)>,
) -> ApiResult<J<History>> {
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::history_entry(cx, &a, &id, &history_id))
        .await
        .map_err(refused_as_401)?))
}

async fn delete_history_entry(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path((id, history_id)): Path<(String, String)>,
) -> ApiResult<J<bool>> {
    Ok(J(st
        .cx
        .blocking(move |cx| prompts::delete_history_entry(cx, &a, &id, &history_id))
        .await
        .map_err(refused_as_401)?))
}
