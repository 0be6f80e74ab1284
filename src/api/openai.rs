//! `/openai/*`: the OpenAI-compatible connections' settings, model lists
//! and chat proxy (upstream's routers/openai.py).

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::AppState;
use super::error::{ApiError, ApiResult};
use super::extract::{Admin, ApiJson, ConnIdx, Verified};
use super::fastapi::with_status;
use crate::core::providers::config::{self, OpenAIConfig};
use crate::core::providers::proxy::{self, Answer};
use crate::error::Error;

super::routing::routes! {
    "/config" => get(get_config),
    "/config/update" => post(update_config),
    "/verify" => post(verify),
    "/models" => get(models),
    "/models/{url_idx}" => get(models_of).delete(delete_model),
    "/models/{url_idx}/catalog" => get(catalog),
    "/models/{url_idx}/download" => post(download),
    "/models/{url_idx}/download/status/{job_id}" => get(download_status),
    "/models/{url_idx}/load" => post(load),
    "/models/{url_idx}/unload" => post(unload),
    "/models/{url_idx}/sse" => get_with(model_events, super::openapi::built::relayed),
    "/chat/completions" => post_with(chat, super::openapi::built::relayed),
    "/responses" => post_with(responses, super::openapi::built::relayed),
    "/{*path}" => get_with(passthrough, super::openapi::built::relayed) .post_with(passthrough, super::openapi::built::relayed) .put_with(passthrough, super::openapi::built::relayed) .delete_with(passthrough, super::openapi::built::relayed),
}

/// A proxy's answer: JSON, or the provider's body relayed as it arrives.
pub(crate) fn answer(a: Answer) -> Response {
    match a {
        Answer::Json(v) => Json(v).into_response(),
        Answer::Stream(r) => {
            let mut resp = Response::new(Body::from_stream(r.body));
            *resp.status_mut() = r.status;
            for (k, v) in r.headers {
                if let (Ok(k), Ok(v)) = (HeaderName::try_from(k), HeaderValue::try_from(v)) {
                    resp.headers_mut().append(k, v);
                }
            }
            resp
        }
    }
}

/// A provider API switched off: upstream's 503.
pub(crate) fn disabled_as_503(e: Error) -> ApiError {
    match e {
        Error::Disabled(_) => with_status(StatusCode::SERVICE_UNAVAILABLE, e),
        other => other.into(),
    }
}

/// Upstream's catch-all where it checks a connection or reads one's model
/// list: 500 `Unexpected error: …`, with `External Error: <its error>`
/// (printed by `py`) or `HTTP Error: <status>` for a provider's error
/// answer, and the reason for an answer that is not JSON.
pub(crate) fn unexpected(e: Error, py: fn(&Value) -> String) -> ApiError {
    let detail = match &e {
        Error::Upstream { status, body } => match body.get("error") {
            Some(err) => format!("External Error: {}", py(err)),
            None => format!("HTTP Error: {}", status.as_u16()),
        },
        Error::BadAnswer(m) => m.clone(),
        _ => return disabled_as_503(e),
    };
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("Unexpected error: {detail}"),
    )
}

/// Model management (llama.cpp, LM Studio): the provider's error answer
/// with its status and the answer as `detail`.
fn manage_errors(e: Error) -> ApiError {
    match e {
        Error::Upstream { status, body } => {
            ApiError::raw(status, serde_json::json!({ "detail": body }))
        }
        other => disabled_as_503(other),
    }
}

async fn get_config(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<Json<OpenAIConfig>> {
    Ok(Json(config::openai_config(&st.cx, &a)?))
}

async fn update_config(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(form): ApiJson<OpenAIConfig>,
) -> ApiResult<Json<OpenAIConfig>> {
    let c = st
        .cx
        .blocking(move |cx| config::update_openai(cx, &a, form))
        .await?;
    Ok(Json(c))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct VerifyForm {
    url: String,
    key: String,
    #[serde(default)]
    config: Option<Value>,
}

async fn verify(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<VerifyForm>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        config::verify_openai(&st.cx, &a, &f.url, &f.key, f.config).await?,
    ))
}

async fn models(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<Json<Value>> {
    Ok(Json(
        proxy::openai_models(&st.cx, &a, None)
            .await
            .map_err(disabled_as_503)?,
    ))
}

async fn models_of(
    State(st): State<AppState>,
    Verified(a): Verified,
    ConnIdx(idx): ConnIdx,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        proxy::openai_models(&st.cx, &a, Some(idx))
            .await
            .map_err(|e| unexpected(e, proxy::py_error))?,
    ))
}

async fn chat(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> ApiResult<Response> {
    Ok(answer(
        proxy::openai_chat(&st.cx, &a, Value::Object(body))
            .await
            .map_err(disabled_as_503)?,
    ))
}

/// Download / load / unload: `model` (a string) required, other keys kept.
fn model_form(body: Map<String, Value>) -> ApiResult<Map<String, Value>> {
    if !body.get("model").is_some_and(Value::is_string) {
        return Err(Error::malformed("model: a string is required").into());
    }
    Ok(body)
}

async fn catalog(
    State(st): State<AppState>,
    Admin(a): Admin,
    ConnIdx(idx): ConnIdx,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        proxy::openai_catalog(&st.cx, &a, idx)
            .await
            .map_err(manage_errors)?,
    ))
}

async fn download(
    State(st): State<AppState>,
    Admin(a): Admin,
    ConnIdx(idx): ConnIdx,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> ApiResult<Json<Value>> {
    let form = model_form(body)?;
    Ok(Json(
        proxy::openai_download(&st.cx, &a, idx, form)
            .await
            .map_err(manage_errors)?,
    ))
}

/// The job of `/models/{url_idx}/download/status/{job_id}` (the index is
/// read by [`ConnIdx`]).
#[derive(Deserialize, schemars::JsonSchema)]
struct JobPath {
    job_id: String,
}

async fn download_status(
    State(st): State<AppState>,
    Admin(a): Admin,
    ConnIdx(idx): ConnIdx,
    Path(JobPath { job_id }): Path<JobPath>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        proxy::openai_download_status(&st.cx, &a, idx, &job_id)
            .await
            .map_err(manage_errors)?,
    ))
}

async fn load(
    State(st): State<AppState>,
    Admin(a): Admin,
    ConnIdx(idx): ConnIdx,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> ApiResult<Json<Value>> {
    let form = model_form(body)?;
    Ok(Json(
        proxy::openai_load(&st.cx, &a, idx, form)
            .await
            .map_err(manage_errors)?,
    ))
}

async fn unload(
    State(st): State<AppState>,
    Admin(a): Admin,
    ConnIdx(idx): ConnIdx,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> ApiResult<Json<Value>> {
    let form = model_form(body)?;
    Ok(Json(
        proxy::openai_unload(&st.cx, &a, idx, form)
            .await
            .map_err(manage_errors)?,
    ))
}

async fn model_events(
    State(st): State<AppState>,
    Admin(a): Admin,
    ConnIdx(idx): ConnIdx,
) -> ApiResult<Response> {
    Ok(answer(
        proxy::openai_model_events(&st.cx, &a, idx)
            .await
            .map_err(manage_errors)?,
    ))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ModelQuery {
    model: Option<String>,
}

async fn delete_model(
    State(st): State<AppState>,
    Admin(a): Admin,
    ConnIdx(idx): ConnIdx,
    Query(q): Query<ModelQuery>,
) -> ApiResult<Json<Value>> {
    let Some(model) = q.model else {
        return Err(Error::malformed("model: a query parameter is required").into());
    };
    Ok(Json(
        proxy::openai_delete_model(&st.cx, &a, idx, &model)
            .await
            .map_err(manage_errors)?,
    ))
}

async fn responses(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> ApiResult<Response> {
    Ok(answer(
        proxy::openai_responses(&st.cx, &a, Value::Object(body)).await?,
    ))
}

async fn passthrough(Verified(_a): Verified) -> ApiResult<Response> {
    Err(proxy::openai_passthrough().into())
}
