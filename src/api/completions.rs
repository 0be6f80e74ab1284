//! The model list (`/api/models`), chat completions
//! (`/api/chat/completions`) and the running chat tasks (`/api/tasks`).

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::error::{ApiError, ApiResult};
use super::extract::{Admin, ApiJson, Verified};
use crate::core::completions::{self, Outcome};
use crate::core::{models, providers};

super::routing::routes! {
    "/api/models" => get(model_list),
    "/api/v1/models" => get(model_list),
    "/api/models/base" => get(base_models),
    "/api/chat/completions" => post_with(chat_completion, super::openapi::built::relayed),
    "/api/v1/chat/completions" => post_with(chat_completion, super::openapi::built::relayed),
    "/api/chat/completed" => post(chat_completed),
    "/api/embeddings" => post(embeddings),
    "/api/v1/embeddings" => post(embeddings),
    "/api/tasks" => get(task_list),
    "/api/tasks/stop/{task_id}" => post(stop_task),
    "/api/tasks/chat/{*rest}" => get(chat_tasks).post(stop_chat),
}

#[derive(Deserialize, schemars::JsonSchema)]
struct Refresh {
    #[serde(default)]
    refresh: bool,
}

async fn model_list(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<Refresh>,
) -> ApiResult<Json<Value>> {
    let base = providers::base_models(&st.cx, q.refresh).await;
    let mut list = st
        .cx
        .blocking(move |cx| models::merge_list(cx, &a, base.as_ref().clone()))
        .await?;
    // owui runs no Python plugins, so no model has actions or filters
    for m in &mut list {
        if let Value::Object(o) = m {
            let tags = o.shift_remove("tags").unwrap_or_else(|| json!([]));
            o.insert("actions".into(), json!([]));
            o.insert("filters".into(), json!([]));
            o.insert("tags".into(), tags);
        }
    }
    Ok(Json(json!({ "data": list })))
}

async fn base_models(State(st): State<AppState>, Admin(_a): Admin) -> Json<Value> {
    let base = providers::base_models(&st.cx, false).await;
    Json(json!({ "data": base.as_ref() }))
}

/// Chunks as server-sent events, ending with `data: [DONE]`; a stream that
/// breaks ends with an error event first.
pub(super) fn sse(stream: providers::ChunkStream) -> Response {
    let body = stream
        .map(|item| match item {
            Ok(v) => Ok::<_, std::convert::Infallible>(format!("data: {v}\n\n")),
            Err(e) => {
                tracing::warn!("chat completion stream: {e}");
                Ok(format!(
                    "data: {}\n\n",
                    json!({"error": {"message": "Chat completion stream failed"}})
                ))
            }
        })
        .chain(futures::stream::once(async {
            Ok("data: [DONE]\n\n".to_string())
        }));
    (
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

async fn chat_completion(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(form): ApiJson<completions::Posted>,
) -> ApiResult<Response> {
    match completions::chat_completion(&st.cx, &a, form).await? {
        Outcome::Started(v) | Outcome::Json(v) => Ok(Json(v).into_response()),
        Outcome::Stream(s) => Ok(sse(s)),
    }
}

async fn chat_completed(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(body): ApiJson<Value>,
) -> ApiResult<Json<Value>> {
    Ok(Json(completions::chat_completed(&st.cx, &a, body).await?))
}

async fn embeddings(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(body): ApiJson<Value>,
) -> ApiResult<Json<Value>> {
    Ok(Json(completions::embeddings(&st.cx, &a, body).await?))
}

async fn task_list(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<Json<Value>> {
    let ids = completions::task_ids(&st.cx, &a)?;
    Ok(Json(json!({ "tasks": ids })))
}

async fn stop_task(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(task_id): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(completions::stop_task(&st.cx, &a, &task_id)?))
}

async fn chat_tasks(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(chat_id): Path<String>,
) -> ApiResult<Json<Value>> {
    let ids = st
        .cx
        .blocking(move |cx| completions::chat_task_ids(cx, &a, &chat_id))
        .await?;
    Ok(Json(json!({ "task_ids": ids })))
}

async fn stop_chat(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(rest): Path<String>,
) -> ApiResult<Json<Value>> {
    let Some(chat_id) = rest.strip_suffix("/stop").map(str::to_string) else {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "Method Not Allowed",
        ));
    };
    Ok(Json(
        st.cx
            .blocking(move |cx| completions::stop_chat(cx, &a, &chat_id))
            .await?,
    ))
}
