//! `/api/v1/memories`: the caller's memories, kept in the table and
//! embedded into their vector collection.

use axum::Json as J;
use axum::extract::{Path, State};
use serde::Deserialize;

use super::AppState;
use super::error::ApiResult;
use super::extract::{Admin, ApiJson, Verified};
use crate::core::actor::Actor;
use crate::core::memories::lookup::{PathForm, PathView, Paths, PathsForm, SearchForm};
use crate::core::memories::ops::{OpResult, Operations, Provenance};
use crate::core::memories::{self, Memory, MemoryPatch, NewMemory, QueryResult, Reindexed};

super::routing::routes! {
    "/" => get(list),
    "/add" => post(add),
    "/update" => post(update_many),
    "/query" => post(query),
    "/search" => post(search),
    "/paths" => post(paths),
    "/path" => post(path),
    "/reindex" => post(reindex),
    "/reset" => post(reset),
    "/delete/user" => delete(clear),
    "/{id}/update" => post(update),
    "/{id}" => delete(delete_one),
}

async fn gate(st: &AppState, a: &Actor) -> ApiResult<()> {
    let a = a.clone();
    Ok(st.cx.blocking(move |cx| memories::gate(cx, &a)).await?)
}

async fn list(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Vec<Memory>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| {
            memories::gate(cx, &a)?;
            memories::list(cx, &a)
        })
        .await?))
}

async fn add(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<NewMemory>,
) -> ApiResult<J<Memory>> {
    gate(&st, &a).await?;
    Ok(J(memories::add(&st.cx, &a, f).await?))
}

async fn update_many(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<Operations>,
) -> ApiResult<J<Vec<OpResult>>> {
    gate(&st, &a).await?;
    Ok(J(memories::ops::apply(
        &st.cx,
        &a,
        f,
        Provenance::default(),
    )
    .await?))
}

async fn search(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<SearchForm>,
) -> ApiResult<J<Vec<Memory>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| {
            memories::gate(cx, &a)?;
            memories::search(cx, &a, &f)
        })
        .await?))
}

async fn paths(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<PathsForm>,
) -> ApiResult<J<Paths>> {
    Ok(J(st
        .cx
        .blocking(move |cx| {
            memories::gate(cx, &a)?;
            memories::paths(cx, &a, &f)
        })
        .await?))
}

async fn path(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<PathForm>,
) -> ApiResult<J<PathView>> {
    Ok(J(st
        .cx
        .blocking(move |cx| {
            memories::gate(cx, &a)?;
            memories::path(cx, &a, &f)
        })
        .await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct QueryForm {
    content: String,
    #[serde(default = "one")]
    k: i64,
}

fn one() -> i64 {
    1
}

async fn query(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<QueryForm>,
) -> ApiResult<J<QueryResult>> {
    gate(&st, &a).await?;
    Ok(J(memories::query(&st.cx, &a, &f.content, f.k).await?))
}

async fn reindex(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Reindexed>> {
    Ok(J(memories::reindex(&st.cx, &a).await?))
}

async fn reset(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<bool>> {
    gate(&st, &a).await?;
    memories::reset(&st.cx, &a).await?;
    Ok(J(true))
}

async fn clear(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<bool>> {
    Ok(J(st
        .cx
        .blocking(move |cx| {
            memories::gate(cx, &a)?;
            memories::clear(cx, &a)
        })
        .await
        .map(|_| true)?))
}

async fn update(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<MemoryPatch>,
) -> ApiResult<J<Memory>> {
    gate(&st, &a).await?;
    Ok(J(memories::update(&st.cx, &a, &id, f).await?))
}

async fn delete_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<bool>> {
    Ok(J(st
        .cx
        .blocking(move |cx| {
            memories::gate(cx, &a)?;
            memories::delete(cx, &a, &id)
        })
        .await?))
}
