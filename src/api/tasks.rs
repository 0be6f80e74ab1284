//! `/api/v1/tasks`: the task settings and the task completions (titles,
//! follow-ups, tags, image prompts, queries, autocompletion, emoji, MoA).
//! Running chat tasks (`/api/tasks/...`) are in `completions.rs`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::AppState;
use super::completions::sse;
use super::error::{ApiError, ApiResult};
use super::extract::{Admin, ApiJson, Verified};
use crate::core::completions::Outcome;
use crate::core::tasks::{self, Ran, Task, TaskConfig};
use crate::error::Error;

super::routing::routes! {
    "/config" => get(config),
    "/config/update" => post(update_config),
    "/title/completions" => post_with(title, super::openapi::built::relayed),
    "/follow_up/completions" => post_with(follow_up, super::openapi::built::relayed),
    "/tags/completions" => post_with(tags, super::openapi::built::relayed),
    "/image_prompt/completions" => post_with(image_prompt, super::openapi::built::relayed),
    "/queries/completions" => post_with(queries, super::openapi::built::relayed),
    "/auto/completions" => post_with(auto, super::openapi::built::relayed),
    "/emoji/completions" => post_with(emoji, super::openapi::built::relayed),
    "/moa/completions" => post_with(moa, super::openapi::built::relayed),
}

async fn config(
    State(st): State<AppState>,
    Verified(a): Verified,
) -> ApiResult<Json<Map<String, Value>>> {
    Ok(Json(tasks::config(&st.cx, &a)?))
}

async fn update_config(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(form): ApiJson<TaskConfig>,
) -> ApiResult<Json<Map<String, Value>>> {
    Ok(Json(
        st.cx
            .blocking(move |cx| tasks::update_config(cx, &a, form))
            .await?,
    ))
}

/// How upstream answers a failed model call of a task.
#[derive(Clone, Copy)]
enum OnError {
    /// 400 `An internal error has occurred.`
    Hidden,
    /// 500 `An internal error has occurred.`
    Hidden500,
    /// 400 with the error's text.
    Shown,
}

async fn run(
    st: &AppState,
    a: &crate::core::actor::Actor,
    task: Task,
    body: Value,
    on_error: OnError,
) -> ApiResult<Response> {
    match tasks::run(&st.cx, a, task, body).await? {
        Ran::Disabled(detail) => Ok(Json(json!({ "detail": detail })).into_response()),
        Ran::Done(Outcome::Json(v) | Outcome::Started(v)) => Ok(Json(v).into_response()),
        Ran::Done(Outcome::Stream(s)) => Ok(sse(s)),
        // a provider's own error answer is passed on as it came
        Ran::Failed(e @ Error::Upstream { .. }) => Err(e.into()),
        Ran::Failed(e) => {
            tracing::warn!("{} failed: {e}", task.name());
            Err(match on_error {
                OnError::Hidden => {
                    ApiError::new(StatusCode::BAD_REQUEST, "An internal error has occurred.")
                }
                OnError::Hidden500 => ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "An internal error has occurred.",
                ),
                OnError::Shown => ApiError::new(StatusCode::BAD_REQUEST, e.message()),
            })
        }
    }
}

macro_rules! task_handler {
    ($name:ident, $task:expr, $on_error:expr) => {
        async fn $name(
            State(st): State<AppState>,
            Verified(a): Verified,
            ApiJson(body): ApiJson<Value>,
        ) -> ApiResult<Response> {
            run(&st, &a, $task, body, $on_error).await
        }
    };
}

task_handler!(title, Task::Title, OnError::Hidden);
task_handler!(follow_up, Task::FollowUp, OnError::Hidden);
task_handler!(tags, Task::Tags, OnError::Hidden500);
task_handler!(image_prompt, Task::ImagePrompt, OnError::Hidden);
task_handler!(queries, Task::Queries, OnError::Shown);
task_handler!(auto, Task::Autocomplete, OnError::Hidden500);
task_handler!(emoji, Task::Emoji, OnError::Shown);
task_handler!(moa, Task::Moa, OnError::Shown);
