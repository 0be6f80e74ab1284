//! `/api/v1/models`: workspace models (presets and overrides), their
//! sharing, versions and images. Ids travel as the `id` query parameter
//! (they may contain `/` and `:`).

use axum::Json as J;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::error::{ApiError, ApiResult};
use super::extract::{Admin, ApiJson, Verified};
use super::fastapi::{
    self, hidden_as_401, missing, refused_as_401, unprocessable_all, with_status,
};
use crate::core::Ctx;
use crate::core::models::{
    self, AccessForm, History, HistoryEntry, ListQuery, Model, ModelAccess, ModelForm, ModelPage,
    ProfileImage,
};
use crate::error::Error;

/// The provider model list, fetched (from a blocking thread) only when a
/// core check asks for it.
fn providers_of(cx: &Ctx) -> impl Fn() -> Vec<Value> + Send + 'static {
    let rt = tokio::runtime::Handle::current();
    let cx = cx.clone();
    move || {
        rt.block_on(crate::core::providers::base_models(&cx, false))
            .as_ref()
            .clone()
    }
}

super::routing::routes! {
    "/list" => get(list),
    "/all" => get(all),
    "/base/tags" => get(base_tags),
    "/base" => get(base),
    "/tags" => get(tags),
    "/create" => post(create),
    "/export" => get(export),
    "/import" => post(import),
    "/sync" => post(sync),
    "/model" => get(get_one),
    "/model/history" => get(history),
    "/model/history/{history_id}" => get(history_entry).delete(delete_history_entry),
    "/model/update/version" => post(restore_version),
    "/model/profile/image" => get_with(profile_image, super::openapi::built::image),
    "/model/toggle" => post(toggle),
    "/model/update" => post(update),
    "/model/access/update" => post(update_access),
    "/model/delete" => post(delete_one),
    "/delete/all" => delete(delete_all),
}

/// A concurrent update: 409 with `{"code": ...}` as its detail.
fn version_conflict(e: Error) -> ApiError {
    match e {
        Error::Conflict(m) if m == models::VERSION_CONFLICT => {
            ApiError::new(StatusCode::CONFLICT, json!({ "code": m }))
        }
        other => other.into(),
    }
}

/// Create, import, export: upstream's 401 for a permission the caller
/// lacks and for a model id already taken.
fn create_errors(e: Error) -> ApiError {
    match e {
        Error::NotPermitted(_) => with_status(StatusCode::UNAUTHORIZED, e),
        Error::Conflict(ref m) if m != models::VERSION_CONFLICT => {
            with_status(StatusCode::UNAUTHORIZED, e)
        }
        other => version_conflict(other),
    }
}

/// `POST /model/update`: 401 for a missing model and for a permission the
/// caller lacks, 400 for a model they may not change.
fn update_errors(e: Error) -> ApiError {
    match e {
        Error::NotFound(_) | Error::NotPermitted(_) => with_status(StatusCode::UNAUTHORIZED, e),
        Error::ReadOnly(_) => with_status(StatusCode::BAD_REQUEST, e),
        other => version_conflict(other),
    }
}

/// `POST /model/access/update`: 400 for a model the caller may not
/// change, 403 for a user naming a model without a row.
fn access_errors(e: Error) -> ApiError {
    match e {
        Error::ReadOnly(_) => with_status(StatusCode::BAD_REQUEST, e),
        Error::RoleTooLow { .. } => with_status(StatusCode::FORBIDDEN, e),
        other => other.into(),
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
struct IdQuery {
    id: Option<String>,
    page: Option<i64>,
}

/// The required `id` query parameter (FastAPI's 422 when missing).
fn id_of(q: &IdQuery) -> ApiResult<String> {
    q.id.clone()
        .ok_or_else(|| unprocessable_all(vec![missing(json!(["query", "id"]))]))
}

async fn list(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<ListQuery>,
) -> ApiResult<J<ModelPage>> {
    Ok(J(st
        .cx
        .blocking(move |cx| models::list(cx, &a, &q))
        .await?))
}

async fn all(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Vec<Model>>> {
    Ok(J(st.cx.blocking(move |cx| models::all(cx, &a)).await?))
}

async fn base_tags(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Vec<String>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| models::base_tags(cx, &a))
        .await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct TagQuery {
    tag: Option<String>,
}

async fn base(
    State(st): State<AppState>,
    Admin(a): Admin,
    Query(q): Query<TagQuery>,
) -> ApiResult<J<Vec<Model>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| models::base(cx, &a, q.tag.as_deref()))
        .await?))
}

async fn tags(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Vec<String>>> {
    Ok(J(st.cx.blocking(move |cx| models::tags(cx, &a)).await?))
}

async fn create(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<ModelForm>,
) -> ApiResult<J<Model>> {
    let p = providers_of(&st.cx);
    Ok(J(st
        .cx
        .blocking(move |cx| models::create(cx, &a, f, &p))
        .await
        .map_err(create_errors)?))
}

/// `%XX` and `+` decoding of one query-string component.
fn decode(s: &str) -> String {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn export(
    State(st): State<AppState>,
    Verified(a): Verified,
    RawQuery(q): RawQuery,
) -> ApiResult<J<Vec<Value>>> {
    let ids: Vec<String> = q
        .unwrap_or_default()
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .filter(|(k, _)| decode(k) == "ids")
        .map(|(_, v)| decode(v))
        .collect();
    let ids = (!ids.is_empty()).then_some(ids);
    Ok(J(st
        .cx
        .blocking(move |cx| models::export(cx, &a, ids.as_deref()))
        .await
        .map_err(create_errors)?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ImportForm {
    models: Vec<Value>,
}

async fn import(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<ImportForm>,
) -> ApiResult<J<bool>> {
    let p = providers_of(&st.cx);
    st.cx
        .blocking(move |cx| models::import(cx, &a, f.models, &p))
        .await
        .map_err(create_errors)?;
    Ok(J(true))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct SyncForm {
    #[serde(default)]
    models: Vec<Model>,
}

async fn sync(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<SyncForm>,
) -> ApiResult<J<Vec<Model>>> {
    let p = providers_of(&st.cx);
    Ok(J(st
        .cx
        .blocking(move |cx| models::sync(cx, &a, f.models, &p))
        .await
        .map_err(version_conflict)?))
}

async fn get_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<IdQuery>,
) -> ApiResult<J<ModelAccess>> {
    let id = id_of(&q)?;
    Ok(J(st
        .cx
        .blocking(move |cx| models::get(cx, &a, &id))
        .await
        .map_err(refused_as_401)?))
}

async fn history(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<IdQuery>,
) -> ApiResult<J<Vec<History>>> {
    let id = id_of(&q)?;
    let page = q.page.unwrap_or(1);
    Ok(J(st
        .cx
        .blocking(move |cx| models::history(cx, &a, &id, page))
        .await?))
}

async fn history_entry(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(history_id): Path<String>,
    Query(q): Query<IdQuery>,
) -> ApiResult<J<HistoryEntry>> {
    let id = id_of(&q)?;
    Ok(J(st
        .cx
        .blocking(move |cx| models::history_entry(cx, &a, &id, &history_id))
        .await?))
}

async fn delete_history_entry(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(history_id): Path<String>,
    Query(q): Query<IdQuery>,
) -> ApiResult<J<bool>> {
    let id = id_of(&q)?;
    Ok(J(st
        .cx
        .blocking(move |cx| models::delete_history_entry(cx, &a, &id, &history_id))
        .await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct VersionForm {
    version_id: String,
}

async fn restore_version(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<IdQuery>,
    ApiJson(f): ApiJson<VersionForm>,
) -> ApiResult<J<Model>> {
    let id = id_of(&q)?;
    let p = providers_of(&st.cx);
    Ok(J(st
        .cx
        .blocking(move |cx| models::restore_version(cx, &a, &id, &f.version_id, &p))
        .await
        .map_err(version_conflict)?))
}

async fn profile_image(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<IdQuery>,
) -> ApiResult<Response> {
    let id = id_of(&q)?;
    let img = st
        .cx
        .blocking(move |cx| models::profile_image(cx, &a, &id))
        .await?;
    Ok(match img {
        // a URL that cannot be a `Location` header: the default image
        ProfileImage::Redirect(url) => fastapi::redirect(&url)
            .unwrap_or_else(|| fastapi::redirect_static(models::DEFAULT_IMAGE)),
        ProfileImage::Bytes { mime, data, etag } => fastapi::inline_image(mime, data, etag),
    })
}

async fn toggle(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<IdQuery>,
) -> ApiResult<J<Model>> {
    let id = id_of(&q)?;
    Ok(J(st
        .cx
        .blocking(move |cx| models::toggle(cx, &a, &id))
        .await
        .map_err(hidden_as_401)?))
}

async fn update(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<ModelForm>,
) -> ApiResult<J<Model>> {
    let p = providers_of(&st.cx);
    Ok(J(st
        .cx
        .blocking(move |cx| models::update(cx, &a, f, &p))
        .await
        .map_err(update_errors)?))
}

async fn update_access(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<AccessForm>,
) -> ApiResult<J<Model>> {
    Ok(J(st
        .cx
        .blocking(move |cx| models::update_access(cx, &a, f))
        .await
        .map_err(access_errors)?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct IdForm {
    id: String,
}

async fn delete_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<IdForm>,
) -> ApiResult<J<bool>> {
    Ok(J(st
        .cx
        .blocking(move |cx| models::delete(cx, &a, &f.id))
        .await
        .map_err(hidden_as_401)?))
}

async fn delete_all(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<bool>> {
    Ok(J(st
        .cx
        .blocking(move |cx| models::delete_all(cx, &a))
        .await?))
}
