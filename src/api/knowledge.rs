//! `/api/v1/knowledge`: knowledge bases, their sharing, files (added,
//! refreshed and removed with their chunks), folders, folder sync,
//! export, reset and reindexing.

use std::time::Duration;

use axum::Json as J;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::AppState;
use super::error::{ApiError, ApiResult};
use super::extract::{Admin, ApiJson, Verified};
use super::fastapi::{int_of, query_bool, refused_as_401, with_status};
use crate::core::files::FileItem;
use crate::core::knowledge::indexing::{self, CleanupForm, FileIdForm, MetadataReindexed};
use crate::core::knowledge::{
    self, Directory, DirectoryDeleted, DirectoryForm, DirectoryPatch, FilesQuery, Knowledge,
    KnowledgeFileList, KnowledgeFiles, KnowledgeForm, KnowledgeList, MoveForm, NewParent,
    SearchQuery, SyncDiff, SyncManifest,
};
use crate::error::Error;

/// `files/pending?stream=true` polls every 3 s, for at most an hour.
const PENDING_POLL: Duration = Duration::from_secs(3);
const PENDING_POLLS: usize = 1200;

/// What Python's `quote(s, safe="")` escapes: all but letters, digits and
/// `_.-~`.
const QUOTE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~');

super::routing::routes! {
    "/" => get(list),
    "/search" => get(search),
    "/search/files" => get(search_files),
    "/create" => post(create),
    "/reindex" => post(reindex),
    "/metadata/reindex" => post(reindex_metadata),
    "/{id}" => get(get_one),
    "/{id}/update" => post(update),
    "/{id}/access/update" => post(update_access),
    "/{id}/files" => get(files),
    "/{id}/files/pending" => get_with(pending, super::openapi::built::json_or_events),
    "/{id}/file/add" => post(add_file),
    "/{id}/file/update" => post(update_file),
    "/{id}/file/remove" => post(remove_file),
    "/{id}/files/batch/add" => post(batch_add),
    "/{id}/file/move" => post(move_file),
    "/{id}/dirs/create" => post(create_dir),
    "/{id}/dirs/{dir_id}/update" => post(update_dir),
    "/{id}/dirs/{dir_id}/delete" => delete(delete_dir),
    "/{id}/sync/diff" => post(sync_diff),
    "/{id}/sync/cleanup" => post(sync_cleanup),
    "/{id}/export" => get_with(export, super::openapi::built::zip),
    "/{id}/reset" => post(reset),
    "/{id}/delete" => delete(delete_one),
}

/// Most KB routes answer a missing KB and a refusal with 400.
fn all_400(e: Error) -> ApiError {
    match e {
        Error::NotFound(_) | Error::Forbidden(_) | Error::ReadOnly(_) => {
            with_status(StatusCode::BAD_REQUEST, e)
        }
        other => other.into(),
    }
}

/// The file routes: a missing KB or file and a refusal to change the KB
/// are 400s, a folder not in the KB a 404, an unreadable file a 403.
fn file_errors(e: Error) -> ApiError {
    match e {
        Error::NotFound(ref m) if m == knowledge::TARGET_NOT_FOUND => e.into(),
        Error::NotFound(_) | Error::ReadOnly(_) => with_status(StatusCode::BAD_REQUEST, e),
        other => other.into(),
    }
}

/// `GET /{id}`: 404 when missing, 401 when not readable.
fn read_errors(e: Error) -> ApiError {
    match e {
        Error::Forbidden(_) => with_status(StatusCode::UNAUTHORIZED, e),
        other => other.into(),
    }
}

/// `files/pending`: 404 when missing, 400 when not readable.
fn pending_errors(e: Error) -> ApiError {
    match e {
        Error::Forbidden(_) => with_status(StatusCode::BAD_REQUEST, e),
        other => other.into(),
    }
}

/// `access/update`: 404 when missing, 400 when not the caller's to
/// change, 403 for an audience they may not share with.
fn access_errors(e: Error) -> ApiError {
    match e {
        Error::ReadOnly(_) => with_status(StatusCode::BAD_REQUEST, e),
        other => other.into(),
    }
}

/// A 1-based page from the query (FastAPI's 422 when not an integer).
fn page_of(p: Option<&str>) -> ApiResult<Option<i64>> {
    p.map(|s| int_of(json!(["query", "page"]), s)).transpose()
}

#[derive(Deserialize, schemars::JsonSchema)]
struct PageQuery {
    page: Option<String>,
}

async fn list(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<PageQuery>,
) -> ApiResult<J<KnowledgeList>> {
    let page = page_of(q.page.as_deref())?;
    Ok(J(st
        .cx
        .blocking(move |cx| knowledge::list(cx, &a, page))
        .await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct SearchParams {
    query: Option<String>,
    view_option: Option<String>,
    source: Option<String>,
    page: Option<String>,
    order_by: Option<String>,
    direction: Option<String>,
}

async fn search(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<SearchParams>,
) -> ApiResult<J<KnowledgeList>> {
    let q = SearchQuery {
        page: page_of(q.page.as_deref())?,
        query: q.query,
        view_option: q.view_option,
        source: q.source,
        order_by: q.order_by,
        direction: q.direction,
    };
    Ok(J(st
        .cx
        .blocking(move |cx| knowledge::search(cx, &a, &q))
        .await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct FilesParams {
    query: Option<String>,
    include_content: Option<String>,
    view_option: Option<String>,
    order_by: Option<String>,
    direction: Option<String>,
    directory_id: Option<String>,
    page: Option<String>,
    limit: Option<String>,
}

impl FilesParams {
    fn read(self) -> ApiResult<FilesQuery> {
        Ok(FilesQuery {
            include_content: query_bool("include_content", self.include_content.as_deref(), false)?,
            page: page_of(self.page.as_deref())?,
            limit: self
                .limit
                .as_deref()
                .map(|s| int_of(json!(["query", "limit"]), s))
                .transpose()?,
            query: self.query,
            view_option: self.view_option,
            order_by: self.order_by,
            direction: self.direction,
            directory_id: self.directory_id,
        })
    }
}

async fn search_files(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<FilesParams>,
) -> ApiResult<J<KnowledgeFileList>> {
    let q = q.read()?;
    Ok(J(st
        .cx
        .blocking(move |cx| knowledge::search_files(cx, &a, &q))
        .await?))
}

async fn create(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<KnowledgeForm>,
) -> ApiResult<J<Knowledge>> {
    Ok(J(indexing::create(&st.cx, &a, f)
        .await
        .map_err(refused_as_401)?))
}

async fn get_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<KnowledgeFiles>> {
    Ok(J(st
        .cx
        .blocking(move |cx| knowledge::get(cx, &a, &id))
        .await
        .map_err(read_errors)?))
}

async fn update(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<KnowledgeForm>,
) -> ApiResult<J<KnowledgeFiles>> {
    Ok(J(indexing::update(&st.cx, &a, &id, f)
        .await
        .map_err(all_400)?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct AccessForm {
    access_grants: Vec<Map<String, Value>>,
}

async fn update_access(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<AccessForm>,
) -> ApiResult<J<KnowledgeFiles>> {
    let grants: Vec<Value> = f.access_grants.into_iter().map(Value::Object).collect();
    Ok(J(st
        .cx
        .blocking(move |cx| knowledge::update_access(cx, &a, &id, &grants))
        .await
        .map_err(access_errors)?))
}

async fn files(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    Query(q): Query<FilesParams>,
) -> ApiResult<J<KnowledgeFileList>> {
    let q = q.read()?;
    Ok(J(st
        .cx
        .blocking(move |cx| knowledge::files(cx, &a, &id, &q))
        .await
        .map_err(all_400)?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct StreamQuery {
    stream: Option<String>,
}

/// The files in flight, as JSON; with `stream=true` as events every 3 s
/// until none is left (the empty list is sent, then the stream ends).
async fn pending(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    Query(q): Query<StreamQuery>,
) -> ApiResult<Response> {
    let stream = query_bool("stream", q.stream.as_deref(), false)?;
    let (first_actor, first_id) = (a.clone(), id.clone());
    let first: Vec<FileItem> = st
        .cx
        .blocking(move |cx| knowledge::pending(cx, &first_actor, &first_id))
        .await
        .map_err(pending_errors)?;
    if !stream {
        return Ok(J(first).into_response());
    }
    let cx = st.cx.clone();
    let events = futures::stream::unfold(
        (0usize, Some(first)),
        move |(n, ready): (usize, Option<Vec<FileItem>>)| {
            let (cx, a, id) = (cx.clone(), a.clone(), id.clone());
            async move {
                if n >= PENDING_POLLS {
                    return None;
                }
                let files = match ready {
                    Some(f) => f,
                    None => {
                        tokio::time::sleep(PENDING_POLL).await;
                        match cx.blocking(move |cx| knowledge::pending(cx, &a, &id)).await {
                            Ok(f) => f,
                            Err(e) => {
                                tracing::warn!("knowledge pending stream: {e}");
                                return None;
                            }
                        }
                    }
                };
                let line = format!("data: {}\n\n", serde_json::to_string(&files).ok()?);
                let next = if files.is_empty() {
                    PENDING_POLLS
                } else {
                    n + 1
                };
                Some((Ok::<_, std::io::Error>(line), (next, None)))
            }
        },
    );
    Ok((
        [(header::CONTENT_TYPE, "text/event-stream; charset=utf-8")],
        Body::from_stream(events),
    )
        .into_response())
}

#[derive(Serialize, schemars::JsonSchema)]
struct Status {
    status: bool,
}

async fn move_file(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<MoveForm>,
) -> ApiResult<J<Status>> {
    let status = st
        .cx
        .blocking(move |cx| knowledge::move_file(cx, &a, &id, f))
        .await?;
    Ok(J(Status { status }))
}

async fn create_dir(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<DirectoryForm>,
) -> ApiResult<J<Directory>> {
    Ok(J(st
        .cx
        .blocking(move |cx| knowledge::create_dir(cx, &a, &id, f))
        .await?))
}

fn unset() -> Option<String> {
    Some(UNSET.into())
}

/// `parent_id` left out: the folder stays where it is.
const UNSET: &str = "__unset__";

#[derive(Deserialize, schemars::JsonSchema)]
struct DirectoryUpdateForm {
    #[serde(default)]
    name: Option<String>,
    /// `null` moves the folder to the root; left out (or `"__unset__"`)
    /// keeps it where it is.
    #[serde(default = "unset")]
    parent_id: Option<String>,
}

async fn update_dir(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path((id, dir_id)): Path<(String, String)>,
    ApiJson(f): ApiJson<DirectoryUpdateForm>,
) -> ApiResult<J<Directory>> {
    let patch = DirectoryPatch {
        name: f.name,
        parent: match f.parent_id {
            None => NewParent::Root,
            Some(p) if p == UNSET => NewParent::Keep,
            Some(p) => NewParent::Dir(p),
        },
    };
    Ok(J(st
        .cx
        .blocking(move |cx| knowledge::update_dir(cx, &a, &id, &dir_id, patch))
        .await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct DeleteDirQuery {
    move_files: Option<String>,
}

async fn delete_dir(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path((id, dir_id)): Path<(String, String)>,
    Query(q): Query<DeleteDirQuery>,
) -> ApiResult<J<DirectoryDeleted>> {
    let move_files = query_bool("move_files", q.move_files.as_deref(), true)?;
    Ok(J(st
        .cx
        .blocking(move |cx| knowledge::delete_dir(cx, &a, &id, &dir_id, move_files))
        .await?))
}

async fn sync_diff(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<SyncManifest>,
) -> ApiResult<J<SyncDiff>> {
    Ok(J(st
        .cx
        .blocking(move |cx| knowledge::sync_diff(cx, &a, &id, f))
        .await?))
}

/// The KB's text as a zip attachment.
async fn export(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let e = st
        .cx
        .blocking(move |cx| knowledge::export(cx, &a, &id))
        .await?;
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        utf8_percent_encode(&e.filename, QUOTE)
    );
    let mut r = Response::new(Body::from(e.zip));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

async fn delete_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<bool>> {
    Ok(J(st
        .cx
        .blocking(move |cx| knowledge::delete(cx, &a, &id))
        .await
        .map_err(all_400)?))
}

/// Every KB's collection rebuilt from its files' stored text (admin;
/// others get a 401 as upstream). Long-running: it answers when done.
async fn reindex(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<bool>> {
    indexing::reindex(&st.cx, &a, &|_, _| {})
        .await
        .map_err(refused_as_401)?;
    Ok(J(true))
}

async fn reindex_metadata(
    State(st): State<AppState>,
    Admin(a): Admin,
) -> ApiResult<J<MetadataReindexed>> {
    Ok(J(indexing::reindex_metadata(&st.cx, &a).await?))
}

async fn add_file(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<FileIdForm>,
) -> ApiResult<J<KnowledgeFiles>> {
    Ok(J(indexing::add_file(&st.cx, &a, &id, f)
        .await
        .map_err(file_errors)?))
}

async fn update_file(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<FileIdForm>,
) -> ApiResult<J<KnowledgeFiles>> {
    Ok(J(indexing::update_file(&st.cx, &a, &id, f)
        .await
        .map_err(file_errors)?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct RemoveQuery {
    delete_file: Option<String>,
}

async fn remove_file(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    Query(q): Query<RemoveQuery>,
    ApiJson(f): ApiJson<FileIdForm>,
) -> ApiResult<J<KnowledgeFiles>> {
    let default = !st.cx.cfg.bool("ENABLE_KNOWLEDGE_FILE_RETENTION");
    let delete_file = query_bool("delete_file", q.delete_file.as_deref(), default)?;
    Ok(J(st
        .cx
        .blocking(move |cx| indexing::remove_file(cx, &a, &id, &f.file_id, delete_file))
        .await
        .map_err(file_errors)?))
}

async fn batch_add(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<Vec<FileIdForm>>,
) -> ApiResult<J<KnowledgeFiles>> {
    Ok(J(indexing::batch_add(&st.cx, &a, &id, f)
        .await
        .map_err(file_errors)?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ResetQuery {
    include_directories: Option<String>,
}

async fn reset(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    Query(q): Query<ResetQuery>,
) -> ApiResult<J<Option<Knowledge>>> {
    let dirs = query_bool(
        "include_directories",
        q.include_directories.as_deref(),
        true,
    )?;
    Ok(J(st
        .cx
        .blocking(move |cx| indexing::reset(cx, &a, &id, dirs))
        .await
        .map_err(all_400)?))
}

async fn sync_cleanup(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<CleanupForm>,
) -> ApiResult<J<Status>> {
    st.cx
        .blocking(move |cx| indexing::cleanup(cx, &a, &id, f))
        .await?;
    Ok(J(Status { status: true }))
}
