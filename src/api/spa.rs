//! Serving a built single-page app (the Open WebUI frontend): the exact
//! file, `index.html` for directories, and `index.html` (200) for any other
//! unknown GET that does not end in `.js`, so client routes like `/c/<id>`
//! load. Missing `.js` files stay 404 so a stale chunk fails loudly.

use std::path::{Component, Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::AppState;
use super::error::ApiError;

fn not_found() -> Response {
    ApiError::new(StatusCode::NOT_FOUND, "Not Found").into_response()
}

pub fn method_not_allowed() -> Response {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed").into_response()
}

/// `rel` under `root`, refusing anything that climbs out.
fn safe_join(root: &Path, rel: &str) -> Option<PathBuf> {
    let mut p = root.to_path_buf();
    for c in Path::new(rel.trim_start_matches('/')).components() {
        match c {
            Component::Normal(s) => p.push(s),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(p)
}

async fn send(path: PathBuf, req: Request) -> Response {
    let cache = {
        let s = path.to_string_lossy();
        if s.ends_with(".html") {
            Some("no-cache")
        } else if s.contains("/_app/immutable/") {
            Some("public, max-age=31536000, immutable")
        } else {
            None
        }
    };
    let mut r = match ServeFile::new(&path).oneshot(req).await {
        Ok(r) => r.map(Body::new),
        Err(_) => return not_found(),
    };
    if let Some(c) = cache
        && r.status().is_success()
    {
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(c));
    }
    r
}

/// `/static/{path}`: files of the frontend's `static/` directory.
pub async fn static_files(State(st): State<AppState>, req: Request) -> Response {
    let Some(root) = st.frontend.as_deref() else {
        return not_found();
    };
    let rel = req.uri().path().trim_start_matches("/static");
    match safe_join(&root.join("static"), rel) {
        Some(p) if p.is_file() => send(p, req).await,
        _ => not_found(),
    }
}

/// The fallback for every path no API route matched.
pub async fn fallback(State(st): State<AppState>, req: Request) -> Response {
    let Some(root) = st.frontend.as_deref() else {
        return not_found();
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return method_not_allowed();
    }
    let path = req.uri().path().to_string();
    let Some(mut file) = safe_join(root, &path) else {
        return not_found();
    };
    if file.is_dir() {
        file.push("index.html");
    }
    if file.is_file() {
        return send(file, req).await;
    }
    if path.ends_with(".js") {
        return not_found();
    }
    send(root.join("index.html"), req).await
}
