//! `/api/v1/utils`: the Gravatar address of an email, and the database
//! download for admins. (`/code/format` and `/code/execute` need Python's
//! black and a Jupyter server; they are not served.)

use axum::Json;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::io::AsyncReadExt;

use super::AppState;
use super::error::ApiResult;
use super::extract::{Admin, Verified};
use super::fastapi::refused_as_401;
use crate::core::utils;
use crate::error::Error;

super::routing::routes! {
    "/gravatar" => get(gravatar),
    "/db/download" => get_with(db_download, super::openapi::built::file),
}

#[derive(Deserialize, schemars::JsonSchema)]
struct EmailQuery {
    email: String,
}

async fn gravatar(Verified(a): Verified, Query(q): Query<EmailQuery>) -> ApiResult<Json<String>> {
    Ok(Json(utils::gravatar(&a, &q.email)?))
}

/// The snapshot streamed from an open file whose name is already gone
/// (removed as soon as it is open), so nothing is left behind however
/// the download ends.
async fn db_download(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<Response> {
    let tmp = st
        .cx
        .blocking(move |cx| utils::db_snapshot(cx, &a))
        .await
        .map_err(refused_as_401)?;
    let file = tokio::fs::File::open(&tmp).await.map_err(Error::internal)?;
    let len = file.metadata().await.map_err(Error::internal)?.len();
    drop(tmp);
    let chunks = futures::stream::unfold(file, |mut f| async move {
        let mut buf = vec![0u8; 64 * 1024];
        match f.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(bytes::Bytes::from(buf)), f))
            }
            Err(e) => Some((Err(e), f)),
        }
    });
    let mut r = Body::from_stream(chunks).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"webui.db\""),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    Ok(r)
}
