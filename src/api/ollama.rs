//! `/ollama/*`: the Ollama connections' settings, model lists and
//! proxies (upstream's routers/ollama.py).

use axum::Json;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::AppState;
use super::error::{ApiError, ApiResult};
use super::extract::{Admin, ApiJson, UrlIdx, Verified};
use super::openai::{answer, disabled_as_503, unexpected};
use crate::core::actor::Actor;
use crate::core::files::{self, Stager};
use crate::core::providers::config::{self, OllamaConfig};
use crate::core::providers::proxy::{self, Answer, OllamaCall};
use crate::error::Error;

super::routing::routes! {
    // a path with `/{url_idx}` is the same call on one connection
    "/" => get(status),
    "/verify" => post(verify),
    "/config" => get(get_config),
    "/config/update" => post(update_config),
    "/api/ps" => get(ps),
    "/api/unload" => post(unload),
    "/api/show" => post_with(show, super::openapi::built::relayed),
    "/api/tags" => get(tags),
    "/api/tags/{url_idx}" => get(tags),
    "/api/version" => get(version),
    "/api/version/{url_idx}" => get(version),
    "/api/pull" => post_with(pull, super::openapi::built::relayed),
    "/api/pull/{url_idx}" => post_with(pull, super::openapi::built::relayed),
    "/api/copy" => post(copy),
    "/api/copy/{url_idx}" => post(copy),
    "/api/delete" => delete(remove),
    "/api/delete/{url_idx}" => delete(remove),
    "/api/embed" => post_with(embed, super::openapi::built::relayed),
    "/api/embed/{url_idx}" => post_with(embed, super::openapi::built::relayed),
    "/api/embeddings" => post_with(embeddings, super::openapi::built::relayed),
    "/api/embeddings/{url_idx}" => post_with(embeddings, super::openapi::built::relayed),
    "/api/generate" => post_with(generate, super::openapi::built::relayed),
    "/api/generate/{url_idx}" => post_with(generate, super::openapi::built::relayed),
    "/api/chat" => post_with(chat, super::openapi::built::relayed),
    "/api/chat/{url_idx}" => post_with(chat, super::openapi::built::relayed),
    "/api/push" => delete_with(push, super::openapi::built::relayed),
    "/api/push/{url_idx}" => delete_with(push, super::openapi::built::relayed),
    "/api/create" => post_with(create, super::openapi::built::relayed),
    "/api/create/{url_idx}" => post_with(create, super::openapi::built::relayed),
    "/v1/models" => get(v1_models),
    "/v1/models/{url_idx}" => get(v1_models),
    "/v1/completions" => post_with(openai_completions, super::openapi::built::relayed),
    "/v1/completions/{url_idx}" => post_with(openai_completions, super::openapi::built::relayed),
    "/v1/embeddings" => post_with(openai_embeddings, super::openapi::built::relayed),
    "/v1/embeddings/{url_idx}" => post_with(openai_embeddings, super::openapi::built::relayed),
    "/v1/chat/completions" => post_with(openai_chat, super::openapi::built::relayed),
    "/v1/chat/completions/{url_idx}" => post_with(openai_chat, super::openapi::built::relayed),
    "/v1/messages" => post_with(messages, super::openapi::built::relayed),
    "/v1/messages/{url_idx}" => post_with(messages, super::openapi::built::relayed),
    "/v1/responses" => post_with(responses, super::openapi::built::relayed),
    "/v1/responses/{url_idx}" => post_with(responses, super::openapi::built::relayed),
    "/models/download" => post_with(download, super::openapi::built::relayed),
    "/models/download/{url_idx}" => post_with(download, super::openapi::built::relayed),
    "/models/upload" => post_with(upload, super::openapi::built::relayed).layer(DefaultBodyLimit::disable()),
    "/models/upload/{url_idx}" => post_with(upload, super::openapi::built::relayed).layer(DefaultBodyLimit::disable()),
}

/// Upstream's Ollama router: 503 when the API is switched off, and an
/// Ollama error answer as its status with its `error` text as `detail`.
fn ollama_errors(e: Error) -> ApiError {
    match e {
        Error::Upstream { status, body } => ApiError::new(status, proxy::ollama_error_text(&body)),
        other => disabled_as_503(other),
    }
}

/// The `{url_idx}` of a route's second form (`/api/chat/{url_idx}`), if
/// the request came by it: that connection instead of the model's.
type Idx = UrlIdx;

fn at(idx: Idx) -> Option<usize> {
    idx.0
}

/// A body passed as it came to one of Ollama's calls.
async fn pass(
    st: AppState,
    a: Actor,
    kind: OllamaCall,
    idx: Idx,
    body: Body,
) -> ApiResult<Response> {
    Ok(answer(
        proxy::ollama_call(&st.cx, &a, kind, at(idx), body)
            .await
            .map_err(ollama_errors)?,
    ))
}

type Body = Map<String, Value>;

async fn chat(
    State(st): State<AppState>,
    Verified(a): Verified,
    idx: Idx,
    ApiJson(b): ApiJson<Body>,
) -> ApiResult<Response> {
    pass(st, a, OllamaCall::Chat, idx, b).await
}

async fn openai_completions(
    State(st): State<AppState>,
    Verified(a): Verified,
    idx: Idx,
    ApiJson(b): ApiJson<Body>,
) -> ApiResult<Response> {
    pass(st, a, OllamaCall::OpenAICompletions, idx, b).await
}

async fn openai_embeddings(
    State(st): State<AppState>,
    Verified(a): Verified,
    idx: Idx,
    ApiJson(b): ApiJson<Body>,
) -> ApiResult<Response> {
    pass(st, a, OllamaCall::OpenAIEmbeddings, idx, b).await
}

async fn openai_chat(
    State(st): State<AppState>,
    Verified(a): Verified,
    idx: Idx,
    ApiJson(b): ApiJson<Body>,
) -> ApiResult<Response> {
    pass(st, a, OllamaCall::OpenAIChat, idx, b).await
}

async fn messages(
    State(st): State<AppState>,
    Verified(a): Verified,
    idx: Idx,
    ApiJson(b): ApiJson<Body>,
) -> ApiResult<Response> {
    pass(st, a, OllamaCall::Messages, idx, b).await
}

async fn status() -> Json<Value> {
    Json(json!({"status": true}))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct VerifyForm {
    url: String,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    config: Option<Value>,
}

async fn verify(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<VerifyForm>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        config::verify_ollama(&st.cx, &a, &f.url, f.key.as_deref(), f.config)
            .await
            .map_err(|e| unexpected(e, config::py_str))?,
    ))
}

async fn get_config(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<Json<OllamaConfig>> {
    Ok(Json(config::ollama_config(&st.cx, &a)?))
}

async fn update_config(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(form): ApiJson<OllamaConfig>,
) -> ApiResult<Json<OllamaConfig>> {
    let c = st
        .cx
        .blocking(move |cx| config::update_ollama(cx, &a, form))
        .await?;
    Ok(Json(c))
}

async fn tags(
    State(st): State<AppState>,
    Verified(a): Verified,
    idx: Idx,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        proxy::ollama_tags(&st.cx, &a, at(idx))
            .await
            .map_err(ollama_errors)?,
    ))
}

async fn ps(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<Json<Value>> {
    Ok(Json(
        proxy::ollama_ps(&st.cx, &a).await.map_err(ollama_errors)?,
    ))
}

async fn version(
    State(st): State<AppState>,
    Verified(a): Verified,
    idx: Idx,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        proxy::ollama_version(&st.cx, &a, at(idx))
            .await
            .map_err(ollama_errors)?,
    ))
}

/// `{"model": str?}` (or `name`), other keys kept.
#[derive(Deserialize, schemars::JsonSchema)]
struct ModelName {
    #[serde(default)]
    model: Option<String>,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

impl ModelName {
    fn into_map(self) -> Map<String, Value> {
        let mut m = self.rest;
        if let Some(v) = self.model {
            m.insert("model".into(), json!(v));
        }
        m.retain(|_, v| !v.is_null());
        m
    }
}

async fn unload(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<ModelName>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        proxy::ollama_unload(&st.cx, &a, f.into_map())
            .await
            .map_err(ollama_errors)?,
    ))
}

async fn pull(
    State(st): State<AppState>,
    Admin(a): Admin,
    idx: Idx,
    ApiJson(f): ApiJson<ModelName>,
) -> ApiResult<Response> {
    Ok(answer(
        proxy::ollama_pull(&st.cx, &a, at(idx), f.into_map())
            .await
            .map_err(ollama_errors)?,
    ))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct CopyForm {
    source: String,
    destination: String,
}

async fn copy(
    State(st): State<AppState>,
    Admin(a): Admin,
    idx: Idx,
    ApiJson(f): ApiJson<CopyForm>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        proxy::ollama_copy(&st.cx, &a, at(idx), f.source, f.destination)
            .await
            .map_err(ollama_errors)?,
    ))
}

async fn remove(
    State(st): State<AppState>,
    Admin(a): Admin,
    idx: Idx,
    ApiJson(f): ApiJson<ModelName>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        proxy::ollama_delete(&st.cx, &a, at(idx), f.into_map())
            .await
            .map_err(ollama_errors)?,
    ))
}

async fn show(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<ModelName>,
) -> ApiResult<Response> {
    Ok(answer(
        proxy::ollama_show(&st.cx, &a, f.into_map())
            .await
            .map_err(ollama_errors)?,
    ))
}

/// `/api/embed`: `model` and `input` required, other keys kept.
#[derive(Deserialize, schemars::JsonSchema)]
struct EmbedForm {
    model: String,
    input: Value,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

impl EmbedForm {
    fn into_map(self) -> Map<String, Value> {
        let mut m = self.rest;
        m.insert("model".into(), json!(self.model));
        m.insert("input".into(), self.input);
        m.retain(|_, v| !v.is_null());
        m
    }
}

async fn embed(
    State(st): State<AppState>,
    Verified(a): Verified,
    idx: Idx,
    ApiJson(f): ApiJson<EmbedForm>,
) -> ApiResult<Response> {
    let r = proxy::ollama_call(&st.cx, &a, OllamaCall::Embed, at(idx), f.into_map())
        .await
        .map_err(ollama_errors)?;
    Ok(answer(r))
}

/// `/api/embeddings`: `model` and `prompt`; other keys dropped.
#[derive(Deserialize, schemars::JsonSchema)]
struct EmbeddingsForm {
    model: String,
    prompt: String,
    #[serde(default)]
    options: Option<Map<String, Value>>,
    #[serde(default)]
    keep_alive: Option<Value>,
}

impl EmbeddingsForm {
    fn into_map(self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("model".into(), json!(self.model));
        m.insert("prompt".into(), json!(self.prompt));
        if let Some(o) = self.options {
            m.insert("options".into(), Value::Object(o));
        }
        if let Some(k) = self.keep_alive.filter(|k| !k.is_null()) {
            m.insert("keep_alive".into(), k);
        }
        m
    }
}

async fn embeddings(
    State(st): State<AppState>,
    Verified(a): Verified,
    idx: Idx,
    ApiJson(f): ApiJson<EmbeddingsForm>,
) -> ApiResult<Response> {
    let r = proxy::ollama_call(&st.cx, &a, OllamaCall::Embeddings, at(idx), f.into_map())
        .await
        .map_err(ollama_errors)?;
    Ok(answer(r))
}

/// `/api/generate`: `model` required; only Ollama's generate fields kept.
#[derive(Deserialize, schemars::JsonSchema)]
struct GenerateForm {
    model: String,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

const GENERATE_KEYS: &[&str] = &[
    "prompt",
    "suffix",
    "images",
    "format",
    "options",
    "system",
    "template",
    "context",
    "stream",
    "raw",
    "keep_alive",
];

impl GenerateForm {
    fn into_map(self) -> Map<String, Value> {
        let mut m: Map<String, Value> = self
            .rest
            .into_iter()
            .filter(|(k, v)| GENERATE_KEYS.contains(&k.as_str()) && !v.is_null())
            .collect();
        m.insert("model".into(), json!(self.model));
        m
    }
}

async fn generate(
    State(st): State<AppState>,
    Verified(a): Verified,
    idx: Idx,
    ApiJson(f): ApiJson<GenerateForm>,
) -> ApiResult<Response> {
    let r = proxy::ollama_call(&st.cx, &a, OllamaCall::Generate, at(idx), f.into_map())
        .await
        .map_err(ollama_errors)?;
    Ok(answer(r))
}

/// `/api/push`: `model` required, `insecure` and `stream` kept.
#[derive(Deserialize, schemars::JsonSchema)]
struct PushForm {
    model: String,
    #[serde(default)]
    insecure: Option<bool>,
    #[serde(default)]
    stream: Option<bool>,
}

impl PushForm {
    fn into_map(self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("model".into(), json!(self.model));
        if let Some(i) = self.insecure {
            m.insert("insecure".into(), json!(i));
        }
        if let Some(s) = self.stream {
            m.insert("stream".into(), json!(s));
        }
        m
    }
}

async fn push(
    State(st): State<AppState>,
    Admin(a): Admin,
    idx: Idx,
    ApiJson(f): ApiJson<PushForm>,
) -> ApiResult<Response> {
    Ok(answer(
        proxy::ollama_push(&st.cx, &a, at(idx), f.into_map())
            .await
            .map_err(ollama_errors)?,
    ))
}

async fn create(
    State(st): State<AppState>,
    Admin(a): Admin,
    idx: Idx,
    ApiJson(f): ApiJson<ModelName>,
) -> ApiResult<Response> {
    Ok(answer(
        proxy::ollama_create(&st.cx, &a, at(idx), f.into_map())
            .await
            .map_err(ollama_errors)?,
    ))
}

async fn v1_models(
    State(st): State<AppState>,
    Verified(a): Verified,
    idx: Idx,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        proxy::ollama_v1_models(&st.cx, &a, at(idx))
            .await
            .map_err(ollama_errors)?,
    ))
}

/// `/v1/responses`: `model` required (a string), other keys kept.
#[derive(Deserialize, schemars::JsonSchema)]
struct ResponsesForm {
    model: String,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

impl ResponsesForm {
    fn into_map(self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("model".into(), json!(self.model));
        m.extend(self.rest);
        m
    }
}

async fn responses(
    State(st): State<AppState>,
    Verified(a): Verified,
    idx: Idx,
    ApiJson(f): ApiJson<ResponsesForm>,
) -> ApiResult<Response> {
    let r = proxy::ollama_call(&st.cx, &a, OllamaCall::Responses, at(idx), f.into_map())
        .await
        .map_err(ollama_errors)?;
    Ok(answer(r))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct UrlForm {
    url: String,
}

async fn download(
    State(st): State<AppState>,
    Admin(a): Admin,
    idx: Idx,
    ApiJson(f): ApiJson<UrlForm>,
) -> ApiResult<Response> {
    download_with(st, a, at(idx), f.url)
}

fn download_with(st: AppState, a: Actor, idx: Option<usize>, url: String) -> ApiResult<Response> {
    Ok(match proxy::ollama_download(&st.cx, &a, idx, &url)? {
        Some(r) => answer(Answer::Stream(r)),
        None => Json(Value::Null).into_response(),
    })
}

async fn upload(
    State(st): State<AppState>,
    Admin(a): Admin,
    idx: Idx,
    req: Request,
) -> ApiResult<Response> {
    upload_with(st, a, at(idx), req).await
}

/// The multipart `file` staged in the upload folder as it arrives, held
/// like any upload to `UPLOAD_MAX_SIZE` (413 at once from
/// `Content-Length`, else at the first byte over) and to the disk reserve
/// (507), then pushed and created while progress events go out. The
/// target connection is checked when the file part comes, before any of
/// it is written.
async fn upload_with(
    st: AppState,
    a: Actor,
    idx: Option<usize>,
    req: Request,
) -> ApiResult<Response> {
    let limit = files::server_cap(&st.cx);
    let (mut mp, file_size) = super::files::limited_multipart(&st, req, limit.as_ref()).await?;
    let bad = |e| super::files::read_error(e, limit.as_ref());
    let mut staged = None;
    let mut target = None;
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        if staged.is_some() || field.name() != Some("file") || field.file_name().is_none() {
            continue;
        }
        target = Some(proxy::ollama_file_target(&st.cx, &a, idx)?);
        let name = proxy::basename(field.file_name().unwrap_or_default()).to_string();
        let mut stager = Stager::with_limit(&st.cx, files::server_cap(&st.cx), file_size).await?;
        while let Some(chunk) = field.chunk().await.map_err(bad)? {
            stager.push(&chunk).await?;
        }
        staged = Some((stager.finish().await?, name));
    }
    let missing_file = super::files::missing_file;
    let ((file, name), idx) = staged.zip(target).ok_or_else(missing_file)?;
    let r = proxy::ollama_upload_stream(&st.cx, idx, file, name)?;
    Ok(answer(Answer::Stream(r)))
}
