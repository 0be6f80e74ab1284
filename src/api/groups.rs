//! `/api/v1/groups`.

use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::Value;

use super::error::ApiResult;
use super::extract::{Admin, ApiJson, Verified};
use super::{AppState, socket};
use crate::core::groups::{
    self, Group, GroupForm, GroupInfo, GroupPatch, MembersPage, UserIdsForm,
};
use crate::core::users::UserInfo;

use axum::Json as J;

super::routing::routes! {
    "/" => get(list),
    "/create" => post(create),
    "/id/{id}" => get(get_one),
    "/id/{id}/info" => get(info),
    "/id/{id}/export" => get(export),
    "/id/{id}/users" => post(users),
    "/id/{id}/update" => post(update),
    "/id/{id}/users/add" => post(add_users),
    "/id/{id}/users/remove" => post(remove_users),
    "/id/{id}/delete" => delete(delete_group),
    "/id/{id}/preview" => get(preview),
    "/id/{id}/members" => get(members),
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ShareQuery {
    share: Option<bool>,
}

async fn list(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<ShareQuery>,
) -> ApiResult<J<Vec<Group>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| groups::list(cx, &a, q.share))
        .await?))
}

async fn create(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<GroupForm>,
) -> ApiResult<J<Group>> {
    Ok(J(st
        .cx
        .blocking(move |cx| groups::create(cx, &a, f))
        .await?))
}

async fn get_one(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
) -> ApiResult<J<Group>> {
    Ok(J(st
        .cx
        .blocking(move |cx| groups::get(cx, &a, &id))
        .await?))
}

async fn info(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<GroupInfo>> {
    Ok(J(st
        .cx
        .blocking(move |cx| groups::info(cx, &a, &id))
        .await?))
}

async fn export(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| groups::export(cx, &a, &id))
        .await?))
}

async fn users(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
) -> ApiResult<J<Vec<UserInfo>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| groups::users(cx, &a, &id))
        .await?))
}

async fn update(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<GroupPatch>,
) -> ApiResult<J<Group>> {
    let (g, affected) = st
        .cx
        .blocking(move |cx| {
            let before = groups::affected_users(cx, &id)?;
            Ok((groups::update(cx, &a, &id, p)?, before))
        })
        .await?;
    socket::access_updated(&st, &affected).await;
    Ok(J(g))
}

async fn add_users(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<UserIdsForm>,
) -> ApiResult<J<Group>> {
    let ids = f.user_ids.clone();
    let g = st
        .cx
        .blocking(move |cx| groups::add_members(cx, &a, &id, &f.user_ids))
        .await?;
    socket::access_updated(&st, &ids).await;
    Ok(J(g))
}

async fn remove_users(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<UserIdsForm>,
) -> ApiResult<J<Group>> {
    let ids = f.user_ids.clone();
    let g = st
        .cx
        .blocking(move |cx| groups::remove_members(cx, &a, &id, &f.user_ids))
        .await?;
    socket::access_updated(&st, &ids).await;
    Ok(J(g))
}

async fn delete_group(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
) -> ApiResult<J<bool>> {
    let affected = st
        .cx
        .blocking(move |cx| {
            let before = groups::affected_users(cx, &id)?;
            groups::delete(cx, &a, &id)?;
            Ok(before)
        })
        .await?;
    socket::access_updated(&st, &affected).await;
    Ok(J(true))
}

async fn preview(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| groups::preview(cx, &a, &id))
        .await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct MembersQuery {
    membership: Option<String>,
    query: Option<String>,
    page: Option<i64>,
}

async fn members(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
    Query(q): Query<MembersQuery>,
) -> ApiResult<J<MembersPage>> {
    Ok(J(st
        .cx
        .blocking(move |cx| {
            groups::members(
                cx,
                &a,
                &id,
                q.membership.as_deref().unwrap_or("effective"),
                q.query.as_deref(),
                q.page.unwrap_or(1),
            )
        })
        .await?))
}
