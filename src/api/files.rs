//! `/api/v1/files`: uploads (multipart, streamed to disk), the list,
//! searches and counts, one file, its bytes (raw, as HTML, as a named
//! download) and text, its processing status (JSON or SSE), renaming and
//! deletion.

use std::time::Duration;

use axum::Json as J;
use axum::body::Body;
use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::AppState;
use super::error::{ApiError, ApiResult};
use super::extract::{Admin, ApiJson, Verified};
use super::fastapi::{bad_multipart, int_of, missing, query_bool, unprocessable_all};
use crate::core::files::{
    self, Download, FileFound, FileList, FileModel, FileQuery, NamedDownload, Scope, Stager,
    UploadForm, Uploaded,
};
use crate::core::retrieval::index;
use crate::error::Error;

/// Upstream's status stream gives up after two hours of 1 s polls.
const STATUS_POLLS: usize = 7200;

super::routing::routes! {
    // bytes are streamed to disk and held to the upload limit (the
    // smaller of `rag.file.max_size` and `UPLOAD_MAX_SIZE`) by the
    // handler
    "/" => get(list).post(upload).layer(DefaultBodyLimit::disable()),
    "/search" => get(search),
    "/user/search" => get(user_search),
    "/count" => get(count),
    "/user/count" => get(user_count),
    "/{id}" => get(get_one).delete(delete_file),
    "/all" => delete(delete_all),
    "/{id}/data/content" => get(data_content),
    "/{id}/data/content/update" => post(update_content),
    "/{id}/content" => get_with(content, super::openapi::built::file),
    "/{id}/content/html" => get_with(content_html, super::openapi::built::file),
    "/{id}/content/{file_name}" => get_with(content_named, super::openapi::built::file),
    "/{id}/process/status" => get_with(process_status, super::openapi::built::relayed),
    "/{id}/rename" => post(rename),
}

#[derive(Deserialize, schemars::JsonSchema)]
struct UploadQuery {
    process: Option<String>,
    process_in_background: Option<String>,
}

/// Starlette's limit on a form field that is not a file (`metadata`).
const FIELD_LIMIT: usize = 1024 * 1024;

/// What a multipart body may carry besides the file: one field up to
/// [`FIELD_LIMIT`], part headers and boundaries.
const FORM_OVERHEAD: u64 = FIELD_LIMIT as u64 + 64 * 1024;

/// A multipart body that cannot be read; one cut off at the body limit is
/// the upload limit's 413.
pub(super) fn read_error(e: MultipartError, limit: Option<&files::Limit>) -> ApiError {
    match limit {
        Some(l) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => l.error().into(),
        _ => bad_multipart(e),
    }
}

/// FastAPI's 422 for a form without its `file`.
pub(super) fn missing_file() -> ApiError {
    unprocessable_all(vec![missing(json!(["body", "file"]))])
}

/// The multipart body of an upload held to `limit`: refused with the
/// limit's 413 at once when `Content-Length` says it is over (room left
/// for the form around the file), before any of it is read; else the body
/// is cut off at the first byte over, which reading a field reports
/// ([`read_error`]). Also the file's size as announced (`Content-Length`
/// less the form), for the disk check. Every upload route reads its body
/// this way.
pub(super) async fn limited_multipart(
    st: &AppState,
    req: Request,
    limit: Option<&files::Limit>,
) -> ApiResult<(Multipart, Option<u64>)> {
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let body_cap = limit.map(|l| l.bytes.saturating_add(FORM_OVERHEAD));
    if let (Some(l), Some(cap), Some(n)) = (limit, body_cap, announced)
        && n > cap
    {
        return Err(l.error().into());
    }
    let req = match body_cap {
        Some(cap) => req.map(|b| Body::new(http_body_util::Limited::new(b, cap as usize))),
        None => req,
    };
    let mp = Multipart::from_request(req, st)
        .await
        .map_err(|_| missing_file())?;
    Ok((mp, announced.map(|n| n.saturating_sub(FORM_OVERHEAD))))
}

/// The upload is refused as soon as it is known to be too large: at once
/// from `Content-Length` (before any of the body is read), else at the
/// first byte over the limit; the bytes written so far are removed.
async fn upload(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<UploadQuery>,
    req: Request,
) -> ApiResult<J<Uploaded>> {
    let process = query_bool("process", q.process.as_deref(), true)?;
    let background = query_bool(
        "process_in_background",
        q.process_in_background.as_deref(),
        true,
    )?;
    let limit = files::upload_limit(&st.cx);
    let (mut mp, file_size) = limited_multipart(&st, req, limit.as_ref()).await?;
    // the disk must hold what is announced (and its reserve) before a byte
    // is read
    let mut file_stager = Some(Stager::new(&st.cx, file_size).await?);
    let mut form = UploadForm {
        process,
        ..UploadForm::default()
    };
    let mut staged = None;
    let bad = |e| read_error(e, limit.as_ref());
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        match field.name() {
            Some("file") if staged.is_none() && field.file_name().is_some() => {
                form.filename = field.file_name().unwrap_or_default().to_string();
                form.content_type = field.content_type().map(str::to_string);
                let mut stager = file_stager.take().ok_or_else(missing_file)?;
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    stager.push(&chunk).await?;
                }
                staged = Some(stager.finish().await?);
            }
            Some("metadata") => {
                let mut text = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(bad)? {
                    if text.len() + chunk.len() > FIELD_LIMIT {
                        return Err(ApiError::new(
                            StatusCode::BAD_REQUEST,
                            format!("Part exceeded maximum size of {}KB.", FIELD_LIMIT / 1024),
                        ));
                    }
                    text.extend_from_slice(&chunk);
                }
                form.metadata = Some(String::from_utf8_lossy(&text).into_owned());
            }
            _ => {}
        }
    }
    let staged = staged.ok_or_else(missing_file)?;
    let actor = a.clone();
    let mut up = st
        .cx
        .blocking(move |cx| files::upload(cx, &a, form, staged))
        .await?;
    if process {
        let (cx, id) = (st.cx.clone(), up.file.id.clone());
        if background {
            tokio::spawn(async move { index::process_upload(&cx, &actor, &id, &|_| {}).await });
        } else {
            index::process_upload(&cx, &actor, &id, &|_| {}).await;
            if let Some(f) = files::row(&cx, &id)? {
                up.file = f.item();
            }
        }
    }
    Ok(J(up))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ListQuery {
    page: Option<String>,
    content: Option<String>,
}

async fn list(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<ListQuery>,
) -> ApiResult<J<FileList>> {
    let page = match q.page.as_deref() {
        None => 1,
        Some(s) => match int_of(json!(["query", "page"]), s)? {
            n if n >= 1 => n,
            _ => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    json!([{"type": "greater_than_equal", "loc": ["query", "page"],
                        "msg": "Input should be greater than or equal to 1", "input": s, "ctx": {"ge": 1}}]),
                ));
            }
        },
    };
    let content = query_bool("content", q.content.as_deref(), true)?;
    Ok(J(st
        .cx
        .blocking(move |cx| files::list(cx, &a, page, content))
        .await?))
}

async fn get_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<FileModel>> {
    Ok(J(st.cx.blocking(move |cx| files::get(cx, &a, &id)).await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct StatusQuery {
    stream: Option<String>,
}

async fn process_status(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    Query(q): Query<StatusQuery>,
) -> ApiResult<Response> {
    if !query_bool("stream", q.stream.as_deref(), false)? {
        let v = st
            .cx
            .blocking(move |cx| files::process_status(cx, &a, &id))
            .await?;
        return Ok(J(v).into_response());
    }
    let check = id.clone();
    st.cx
        .blocking(move |cx| files::check_readable(cx, &a, &check))
        .await?;
    let cx = st.cx.clone();
    let events = futures::stream::unfold((0usize, false), move |(n, done)| {
        let cx = cx.clone();
        let id = id.clone();
        async move {
            if done || n >= STATUS_POLLS {
                return None;
            }
            if n > 0 {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            match cx.blocking(move |cx| files::status_event(cx, &id)).await {
                Ok(Some((ev, last))) => Some((
                    Ok::<_, std::io::Error>(format!("data: {ev}\n\n")),
                    (n + 1, last),
                )),
                Ok(None) => None,
                Err(e) => {
                    tracing::warn!("file status stream: {e}");
                    None
                }
            }
        }
    });
    Ok((
        [(header::CONTENT_TYPE, "text/event-stream; charset=utf-8")],
        Body::from_stream(events),
    )
        .into_response())
}

/// What an uploaded file's bytes may do when a browser opens them as a
/// page of owui's origin: nothing. `sandbox` gives the document an
/// opaque origin (no cookies, storage or API calls as the user) and no
/// scripts, forms or pop-ups; `default-src 'none'` loads nothing more;
/// inline styles stay for the browser's own text view. Chromium's PDF
/// viewer runs outside the document, so a PDF still shows (checked with
/// Chromium 148, top-level and in an iframe).
pub const UPLOAD_CSP: &str = "sandbox; default-src 'none'; style-src 'unsafe-inline'";

/// The headers every response carrying a file's bytes gets: its type is
/// the one given, never sniffed (a text file of markup stays text), and
/// it is sandboxed should it be opened as a page.
fn confine(h: &mut axum::http::HeaderMap) {
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(UPLOAD_CSP),
    );
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ContentQuery {
    attachment: Option<String>,
}

async fn content(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    Query(q): Query<ContentQuery>,
    req: Request,
) -> ApiResult<Response> {
    let attachment = query_bool("attachment", q.attachment.as_deref(), false)?;
    let dl = st
        .cx
        .blocking(move |cx| files::content(cx, &a, &id, attachment))
        .await?;
    serve(dl, req).await
}

/// Stored bytes as a file response (`Range`, `ETag`, `Last-Modified`,
/// conditional requests), typed and labelled as the core says, confined.
async fn serve(dl: Download, req: Request) -> ApiResult<Response> {
    let served = tower_http::services::ServeFile::new(&dl.path)
        .oneshot(req)
        .await
        .map_err(|e| {
            tracing::error!("serving {}: {e}", dl.path.display());
            ApiError::from(Error::invalid("[ERROR: Error getting file content]"))
        })?;
    let mut r = served.map(Body::new);
    if r.status() == StatusCode::NOT_FOUND {
        return Err(Error::not_found().into());
    }
    confine(r.headers_mut());
    if let Some(ct) = dl.content_type.and_then(|c| HeaderValue::from_str(&c).ok()) {
        r.headers_mut().insert(header::CONTENT_TYPE, ct);
    }
    if let Some(d) = dl.disposition.and_then(|d| HeaderValue::from_str(&d).ok()) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, d);
    }
    Ok(r)
}

/// The bytes of an admin's upload, for the web UI's sandboxed frame.
async fn content_html(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    req: Request,
) -> ApiResult<Response> {
    let dl = st
        .cx
        .blocking(move |cx| files::content_html(cx, &a, &id))
        .await?;
    serve(dl, req).await
}

/// A download under the file's own name (the path's name is ignored);
/// the extracted text when the bytes are gone.
async fn content_named(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path((id, _file_name)): Path<(String, String)>,
    req: Request,
) -> ApiResult<Response> {
    let named = st
        .cx
        .blocking(move |cx| files::content_named(cx, &a, &id))
        .await?;
    match named {
        NamedDownload::File(dl) => serve(dl, req).await,
        NamedDownload::Text { text, disposition } => {
            let mut r =
                ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response();
            confine(r.headers_mut());
            if let Ok(d) = HeaderValue::from_str(&disposition) {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, d);
            }
            Ok(r)
        }
    }
}

/// `{"content": ...}` of `GET /{id}/data/content`.
#[derive(serde::Serialize, schemars::JsonSchema)]
struct DataContent {
    content: String,
}

async fn data_content(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<DataContent>> {
    let content = st
        .cx
        .blocking(move |cx| files::data_content(cx, &a, &id))
        .await?;
    Ok(J(DataContent { content }))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct RenameForm {
    filename: String,
}

async fn rename(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<RenameForm>,
) -> ApiResult<J<FileModel>> {
    Ok(J(st
        .cx
        .blocking(move |cx| files::rename(cx, &a, &id, &f.filename))
        .await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct SearchQuery {
    filename: Option<String>,
    content: Option<String>,
    skip: Option<String>,
    limit: Option<String>,
}

/// An integer query item held to `min..=max` as pydantic words it.
fn bounded(
    name: &str,
    v: Option<&str>,
    default: i64,
    min: i64,
    max: Option<i64>,
) -> ApiResult<i64> {
    let Some(s) = v else { return Ok(default) };
    let n = int_of(json!(["query", name]), s)?;
    let (kind, msg, ctx) = if n < min {
        (
            "greater_than_equal",
            format!("Input should be greater than or equal to {min}"),
            json!({ "ge": min }),
        )
    } else if let Some(max) = max.filter(|m| n > *m) {
        (
            "less_than_equal",
            format!("Input should be less than or equal to {max}"),
            json!({ "le": max }),
        )
    } else {
        return Ok(n);
    };
    Err(ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!([{"type": kind, "loc": ["query", name], "msg": msg, "input": s, "ctx": ctx}]),
    ))
}

/// The search a query asks for; `filename` required unless a default is
/// given.
fn file_query(
    q: SearchQuery,
    default_name: Option<&str>,
    default_content: bool,
    default_limit: i64,
) -> ApiResult<FileQuery> {
    let filename = match (q.filename, default_name) {
        (Some(f), _) => f,
        (None, Some(d)) => d.to_string(),
        (None, None) => {
            return Err(unprocessable_all(vec![missing(json!([
                "query", "filename"
            ]))]));
        }
    };
    Ok(FileQuery {
        filename,
        content: query_bool("content", q.content.as_deref(), default_content)?,
        skip: bounded("skip", q.skip.as_deref(), 0, 0, None)?,
        limit: bounded(
            "limit",
            q.limit.as_deref(),
            default_limit,
            1,
            Some(files::MAX_LIMIT),
        )?,
    })
}

/// Upstream's 404 when nothing matches: a plain sentence, not `[ERROR: …]`.
const NO_MATCH: &str = "No files found matching the pattern.";

async fn search(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<SearchQuery>,
) -> ApiResult<J<Vec<FileFound>>> {
    let q = file_query(q, None, true, 100)?;
    let found = st
        .cx
        .blocking(move |cx| files::search(cx, &a, Scope::Visible, &q))
        .await?;
    if found.is_empty() {
        return Err(Error::NotFound(NO_MATCH.into()).into());
    }
    Ok(J(found))
}

async fn user_search(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<SearchQuery>,
) -> ApiResult<J<Vec<FileFound>>> {
    let q = file_query(q, Some("*"), false, 50)?;
    Ok(J(st
        .cx
        .blocking(move |cx| files::search(cx, &a, Scope::Own, &q))
        .await?))
}

async fn count(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<i64>> {
    Ok(J(st
        .cx
        .blocking(move |cx| files::count(cx, &a, Scope::Visible))
        .await?))
}

async fn user_count(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<i64>> {
    Ok(J(st
        .cx
        .blocking(move |cx| files::count(cx, &a, Scope::Own))
        .await?))
}

async fn delete_file(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<Value>> {
    st.cx.blocking(move |cx| files::delete(cx, &a, &id)).await?;
    Ok(J(json!({"message": "File deleted successfully"})))
}

async fn delete_all(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Value>> {
    st.cx.blocking(move |cx| files::delete_all(cx, &a)).await?;
    Ok(J(json!({"message": "All files deleted successfully"})))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ContentForm {
    content: String,
}

async fn update_content(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<ContentForm>,
) -> ApiResult<J<Value>> {
    match index::update_content(&st.cx, &a, &id, f.content).await? {
        index::ContentUpdate::Done(content) => Ok(J(json!({ "content": content }))),
        failed => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            failed.failure().unwrap_or_default(),
        )),
    }
}
