//! `/api/v1/folders`.

use axum::Json as J;
use axum::extract::{Path, Query, State};
use serde::Deserialize;

use super::AppState;
use super::error::ApiResult;
use super::extract::{ApiJson, Verified};
use crate::core::folders::{
    self, AccessForm, ExpandedForm, Folder, FolderDetail, FolderForm, FolderItem, FolderPatch,
    FolderWithGrants, ParentForm, ReadResult, SharedChatsPage, SharedChatsQuery, SharedFolder,
};

super::routing::routes! {
    "/" => get(list).post(create),
    "/shared" => get(shared),
    "/{id}" => get(get_one).delete(delete_folder),
    "/{id}/update" => post(update),
    "/{id}/update/parent" => post(update_parent),
    "/{id}/update/expanded" => post(update_expanded),
    "/{id}/access/update" => post(update_access),
    "/{id}/shared/chats" => get(shared_chats),
    "/{id}/read" => post(mark_read),
}

async fn list(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Vec<FolderItem>>> {
    Ok(J(st.cx.blocking(move |cx| folders::list(cx, &a)).await?))
}

async fn create(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<FolderForm>,
) -> ApiResult<J<Folder>> {
    Ok(J(st
        .cx
        .blocking(move |cx| folders::create(cx, &a, f))
        .await?))
}

async fn shared(
    State(st): State<AppState>,
    Verified(a): Verified,
) -> ApiResult<J<Vec<SharedFolder>>> {
    Ok(J(st.cx.blocking(move |cx| folders::shared(cx, &a)).await?))
}

async fn get_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<FolderDetail>> {
    Ok(J(st
        .cx
        .blocking(move |cx| folders::get(cx, &a, &id))
        .await?))
}

async fn update(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<FolderPatch>,
) -> ApiResult<J<Folder>> {
    Ok(J(st
        .cx
        .blocking(move |cx| folders::update(cx, &a, &id, p))
        .await?))
}

async fn update_parent(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<ParentForm>,
) -> ApiResult<J<Folder>> {
    Ok(J(st
        .cx
        .blocking(move |cx| folders::update_parent(cx, &a, &id, f.parent_id))
        .await?))
}

async fn update_expanded(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<ExpandedForm>,
) -> ApiResult<J<Folder>> {
    Ok(J(st
        .cx
        .blocking(move |cx| folders::update_expanded(cx, &a, &id, f.is_expanded))
        .await?))
}

async fn update_access(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<AccessForm>,
) -> ApiResult<J<FolderWithGrants>> {
    Ok(J(st
        .cx
        .blocking(move |cx| folders::update_access(cx, &a, &id, f))
        .await?))
}

async fn shared_chats(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    Query(q): Query<SharedChatsQuery>,
) -> ApiResult<J<SharedChatsPage>> {
    Ok(J(st
        .cx
        .blocking(move |cx| folders::shared_chats(cx, &a, &id, &q))
        .await?))
}

async fn mark_read(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<ReadResult>> {
    Ok(J(st
        .cx
        .blocking(move |cx| folders::mark_read(cx, &a, &id))
        .await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct DeleteQuery {
    delete_contents: Option<bool>,
}

async fn delete_folder(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    Query(q): Query<DeleteQuery>,
) -> ApiResult<J<bool>> {
    let contents = q.delete_contents.unwrap_or(true);
    st.cx
        .blocking(move |cx| folders::delete(cx, &a, &id, contents))
        .await?;
    Ok(J(true))
}
