//! `/api/v1/retrieval`: the admin's Documents and Web Search settings,
//! indexing files and text, querying collections, and the resets.

use axum::Json as J;
use axum::extract::{Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiResult;
use super::extract::{Admin, ApiJson, Verified};
use super::fastapi::query_bool;
use crate::core::retrieval::index::{self, Indexed};
use crate::core::retrieval::ops::{
    self, BatchForm, BatchResponse, QueryCollectionForm, QueryDocForm, TextForm, UrlForm,
};
use crate::core::retrieval::settings::{self, EmbeddingForm};

super::routing::routes! {
    "/embedding" => get(embedding),
    "/embedding/update" => post(update_embedding),
    "/config" => get(config),
    "/config/update" => post(update_config),
    "/process/file" => post(process_file),
    "/process/text" => post(process_text),
    "/process/files/batch" => post(process_files_batch),
    "/process/web" => post(process_web),
    "/query/doc" => post(query_doc),
    "/query/collection" => post(query_collection),
    "/delete" => post(delete_chunks),
    "/reset/db" => post(reset_db),
    "/reset/uploads" => post(reset_uploads),
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ProcessFileForm {
    file_id: String,
    content: Option<String>,
    collection_name: Option<String>,
}

/// `ProcessFileResponse`.
#[derive(serde::Serialize, schemars::JsonSchema)]
struct ProcessFileResponse {
    status: bool,
    #[serde(flatten)]
    indexed: Indexed,
}

async fn process_file(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<ProcessFileForm>,
) -> ApiResult<J<ProcessFileResponse>> {
    let indexed = index::process_file(&st.cx, &a, &f.file_id, f.content, f.collection_name).await?;
    Ok(J(ProcessFileResponse {
        status: true,
        indexed,
    }))
}

async fn process_text(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<TextForm>,
) -> ApiResult<J<Value>> {
    Ok(J(ops::process_text(&st.cx, &a, f).await?))
}

async fn query_doc(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<QueryDocForm>,
) -> ApiResult<J<Value>> {
    Ok(J(ops::query_doc(&st.cx, &a, f).await?))
}

async fn query_collection(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<QueryCollectionForm>,
) -> ApiResult<J<Value>> {
    Ok(J(ops::query_collection(&st.cx, &a, f).await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct DeleteForm {
    collection_name: String,
    file_id: String,
}

async fn delete_chunks(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<DeleteForm>,
) -> ApiResult<J<Value>> {
    let ok = st
        .cx
        .blocking(move |cx| ops::delete_file_chunks(cx, &a, &f.collection_name, &f.file_id))
        .await?;
    Ok(J(json!({ "status": ok })))
}

async fn reset_db(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Value>> {
    st.cx.blocking(move |cx| ops::reset_db(cx, &a)).await?;
    Ok(J(Value::Null))
}

async fn reset_uploads(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<bool>> {
    Ok(J(st
        .cx
        .blocking(move |cx| ops::reset_uploads(cx, &a))
        .await?))
}

async fn embedding(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Value>> {
    Ok(J(settings::embedding_config(&st.cx, &a)?))
}

async fn update_embedding(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<EmbeddingForm>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| settings::update_embedding(cx, &a, f))
        .await?))
}

async fn config(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Value>> {
    Ok(J(settings::config(&st.cx, &a)?))
}

async fn update_config(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<Value>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| settings::update_config(cx, &a, f))
        .await?))
}

async fn process_files_batch(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<BatchForm>,
) -> ApiResult<J<BatchResponse>> {
    Ok(J(ops::process_files_batch(&st.cx, &a, f).await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct WebQuery {
    process: Option<String>,
    overwrite: Option<String>,
}

async fn process_web(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<WebQuery>,
    ApiJson(f): ApiJson<UrlForm>,
) -> ApiResult<J<Value>> {
    let process = query_bool("process", q.process.as_deref(), true)?;
    let overwrite = query_bool("overwrite", q.overwrite.as_deref(), true)?;
    Ok(J(ops::process_web(&st.cx, &a, f, process, overwrite).await?))
}
