//! `/api/v1/pipelines/*`: the admin's view of pipelines servers, proxied
//! by `core::pipelines`.

use std::collections::HashMap;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::AppState;
use super::error::{ApiError, ApiResult};
use super::extract::{Admin, ApiJson};
use super::fastapi::{bad_multipart, int_of, missing, unprocessable_all};
use crate::core::pipelines::{self, PIPELINE_NOT_FOUND};
use crate::error::Error;

type J = axum::Json<Value>;

super::routing::routes! {
    "/" => get(list_pipelines),
    "/list" => get(list),
    "/upload" => post(upload),
    "/add" => post(add),
    "/delete" => delete(remove),
    "/{id}/valves" => get(valves),
    "/{id}/valves/spec" => get(valves_spec),
    "/{id}/valves/update" => post(update_valves),
}

/// Upstream's pipelines router: a server that does not answer is 404
/// `Pipeline not found`; one that fails, its status with its `detail`,
/// else with `Pipeline not found`.
fn pipeline_errors(e: Error) -> ApiError {
    match e {
        Error::Unreachable(_) => ApiError::new(StatusCode::NOT_FOUND, PIPELINE_NOT_FOUND),
        Error::Upstream { status, body } => match pipelines::failure_detail(&body) {
            Some(d) => ApiError::raw(status, json!({ "detail": d })),
            None => ApiError::new(status, PIPELINE_NOT_FOUND),
        },
        other => other.into(),
    }
}

/// `urlIdx` from the query: `None` when absent.
fn query_idx(q: &HashMap<String, String>) -> Result<Option<i64>, ApiError> {
    q.get("urlIdx")
        .map(|s| int_of(json!(["query", "urlIdx"]), s))
        .transpose()
}

fn required_idx(q: &HashMap<String, String>) -> Result<i64, ApiError> {
    query_idx(q)?.ok_or_else(|| unprocessable_all(vec![missing(json!(["query", "urlIdx"]))]))
}

async fn list(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J> {
    Ok(axum::Json(
        pipelines::list(&st.cx, &a).await.map_err(pipeline_errors)?,
    ))
}

async fn list_pipelines(
    State(st): State<AppState>,
    Admin(a): Admin,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<J> {
    let idx = query_idx(&q)?;
    Ok(axum::Json(
        pipelines::get(&st.cx, &a, idx)
            .await
            .map_err(pipeline_errors)?,
    ))
}

async fn upload(
    State(st): State<AppState>,
    Admin(a): Admin,
    mp: Result<Multipart, MultipartRejection>,
) -> ApiResult<J> {
    let (mut idx, mut file) = (None, None);
    if let Ok(mut mp) = mp {
        while let Some(field) = mp.next_field().await.map_err(bad_multipart)? {
            match field.name() {
                Some("urlIdx") if idx.is_none() => {
                    idx = Some(field.text().await.map_err(bad_multipart)?);
                }
                Some("file") if file.is_none() && field.file_name().is_some() => {
                    let name = field.file_name().unwrap_or_default().to_string();
                    let bytes = field.bytes().await.map_err(bad_multipart)?;
                    file = Some((name, bytes.to_vec()));
                }
                _ => {}
            }
        }
    }
    let mut absent = Vec::new();
    if idx.is_none() {
        absent.push(missing(json!(["body", "urlIdx"])));
    }
    if file.is_none() {
        absent.push(missing(json!(["body", "file"])));
    }
    let (Some(idx), Some((name, bytes))) = (idx, file) else {
        return Err(unprocessable_all(absent));
    };
    let idx = int_of(json!(["body", "urlIdx"]), &idx)?;
    Ok(axum::Json(
        pipelines::upload(&st.cx, &a, idx, &name, bytes)
            .await
            .map_err(pipeline_errors)?,
    ))
}

#[derive(Deserialize, schemars::JsonSchema)]
#[allow(non_snake_case)]
struct AddForm {
    url: String,
    urlIdx: i64,
}

async fn add(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<AddForm>,
) -> ApiResult<J> {
    Ok(axum::Json(
        pipelines::add(&st.cx, &a, &f.url, f.urlIdx)
            .await
            .map_err(pipeline_errors)?,
    ))
}

#[derive(Deserialize, schemars::JsonSchema)]
#[allow(non_snake_case)]
struct DeleteForm {
    id: String,
    urlIdx: i64,
}

async fn remove(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<DeleteForm>,
) -> ApiResult<J> {
    Ok(axum::Json(
        pipelines::delete(&st.cx, &a, &f.id, f.urlIdx)
            .await
            .map_err(pipeline_errors)?,
    ))
}

async fn valves(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<J> {
    let idx = required_idx(&q)?;
    Ok(axum::Json(
        pipelines::valves(&st.cx, &a, &id, idx)
            .await
            .map_err(pipeline_errors)?,
    ))
}

async fn valves_spec(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<J> {
    let idx = required_idx(&q)?;
    Ok(axum::Json(
        pipelines::valves_spec(&st.cx, &a, &id, idx)
            .await
            .map_err(pipeline_errors)?,
    ))
}

async fn update_valves(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    ApiJson(values): ApiJson<Map<String, Value>>,
) -> ApiResult<J> {
    let idx = required_idx(&q)?;
    Ok(axum::Json(
        pipelines::update_valves(&st.cx, &a, &id, idx, values)
            .await
            .map_err(pipeline_errors)?,
    ))
}
