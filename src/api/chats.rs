//! `/api/v1/chats`.

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json as J, Router};
use serde_json::Value;

use super::AppState;
use super::error::ApiResult;
use super::extract::{ApiJson, Verified};
use crate::core::chats::{self, Chat, ChatForm, ListQuery, TitleItem};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(list).delete(delete_all))
        .route("/list", get(list))
        .route("/new", axum::routing::post(create))
        .route("/pinned", get(pinned))
        .route("/all/tags", get(all_tags))
        .route("/{id}", get(get_one).post(update).delete(delete))
        .route("/{id}/pinned", get(is_pinned))
        .route("/{id}/pin", axum::routing::post(pin))
        .route("/{id}/archive", axum::routing::post(archive))
        .route("/{id}/tags", get(tags).post(add_tag).delete(remove_tag))
}

async fn list(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<ListQuery>,
) -> ApiResult<J<Vec<TitleItem>>> {
    Ok(J(st.cx.blocking(move |cx| chats::list(cx, &a, &q)).await?))
}

async fn create(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<ChatForm>,
) -> ApiResult<J<Chat>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::create(cx, &a, f))
        .await?))
}

async fn pinned(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Vec<TitleItem>>> {
    Ok(J(st.cx.blocking(move |cx| chats::pinned(cx, &a)).await?))
}

async fn all_tags(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Vec<Value>>> {
    Ok(J(st.cx.blocking(move |cx| chats::all_tags(cx, &a)).await?))
}

async fn get_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<Chat>> {
    Ok(J(st.cx.blocking(move |cx| chats::get(cx, &a, &id)).await?))
}

async fn update(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<ChatForm>,
) -> ApiResult<J<Chat>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::update(cx, &a, &id, f))
        .await?))
}

async fn delete(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<bool>> {
    st.cx.blocking(move |cx| chats::delete(cx, &a, &id)).await?;
    Ok(J(true))
}

async fn delete_all(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<bool>> {
    st.cx.blocking(move |cx| chats::delete_all(cx, &a)).await?;
    Ok(J(true))
}

async fn is_pinned(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<bool>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::is_pinned(cx, &a, &id))
        .await?))
}

async fn pin(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<Chat>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::toggle_pin(cx, &a, &id))
        .await?))
}

async fn archive(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<Chat>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::toggle_archive(cx, &a, &id))
        .await?))
}

#[derive(serde::Deserialize)]
struct TagForm {
    name: String,
}

async fn tags(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<Vec<Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::chat_tags(cx, &a, &id))
        .await?))
}

async fn add_tag(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<TagForm>,
) -> ApiResult<J<Vec<Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::add_tag(cx, &a, &id, &f.name))
        .await?))
}

async fn remove_tag(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<TagForm>,
) -> ApiResult<J<Vec<Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::remove_tag(cx, &a, &id, &f.name))
        .await?))
}
