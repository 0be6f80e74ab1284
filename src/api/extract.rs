//! Extractors: the caller (from Bearer header, `token` cookie or API-key
//! header) at each auth level, and JSON bodies with upstream's 422 shapes.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;
use super::fastapi::{int_of, missing, unprocessable_all};
use crate::core::actor::Actor;
use crate::core::auths;
use crate::error::{Error, FieldError, msg};

/// The credential of a request: `Authorization: Bearer`, else the `token`
/// cookie, else the API-key header.
pub fn credential(parts: &Parts, api_key_header: &str) -> Option<String> {
    if let Some(v) = parts
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        && let Some((scheme, t)) = v.split_once(' ')
        && scheme.eq_ignore_ascii_case("bearer")
        && !t.trim().is_empty()
    {
        return Some(t.trim().to_string());
    }
    if let Some(t) = cookie(parts, "token") {
        return Some(t);
    }
    parts
        .headers
        .get(api_key_header)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The full request path, also inside nested routers (which see only the
/// rest of the path in `parts.uri`).
fn request_path(parts: &Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map(|u| u.0.path().to_string())
        .unwrap_or_else(|| parts.uri.path().to_string())
}

pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// Authenticate a credential, off the async threads unless the session
/// cache can answer, and note the user's activity.
pub async fn resolve(st: &AppState, cred: String, path: String) -> Result<Actor, ApiError> {
    let cx = &st.cx;
    let actor = match auths::authenticate_cached(cx, &cred) {
        Some(r) => r?,
        None => {
            cx.blocking(move |cx| auths::authenticate(cx, &cred, &path))
                .await?
        }
    };
    let interval = cx
        .cfg
        .int("DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL")
        .unwrap_or(60);
    if cx.sessions.touch_due(&actor.id, interval) {
        let id = actor.id.clone();
        let cx = cx.clone();
        tokio::task::spawn_blocking(move || {
            if let Err(e) = crate::core::users::touch(&cx, &id) {
                tracing::warn!("last_active_at: {e}");
            }
        });
    }
    Ok(actor)
}

async fn any_user(parts: &Parts, st: &AppState) -> Result<Actor, ApiError> {
    let cred = credential(parts, &st.api_key_header)
        .ok_or_else(|| ApiError::from(Error::unauthenticated(msg::NOT_AUTHENTICATED)))?;
    resolve(st, cred, request_path(parts)).await
}

macro_rules! level {
    ($(#[$doc:meta])* $name:ident, $check:expr) => {
        $(#[$doc])*
        pub struct $name(pub Actor);

        impl FromRequestParts<AppState> for $name {
            type Rejection = ApiError;
            async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
                let a = any_user(parts, st).await?;
                let check: fn(&Actor) -> crate::error::Result<()> = $check;
                check(&a)?;
                Ok($name(a))
            }
        }
    };
}

level!(
    /// Any valid credential, `pending` included.
    AnyUser, |_| Ok(())
);
level!(
    /// Role `user` or `admin`.
    Verified, Actor::require_verified
);
level!(
    /// Role `admin`.
    Admin, Actor::require_admin
);
level!(
    /// A person's JWT session (no API key), any role.
    HumanSession, Actor::require_human_session
);

/// The caller if a valid session JWT is present; anything else (no token,
/// a bad one, an API key) is "signed out". For `/api/config`.
pub struct MaybeUser(pub Option<Actor>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, ApiError> {
        let cred = match credential(parts, "\u{0}") {
            Some(c) if !c.starts_with("sk-") => c,
            _ => return Ok(MaybeUser(None)),
        };
        Ok(MaybeUser(resolve(st, cred, request_path(parts)).await.ok()))
    }
}

/// The `{url_idx}` of a route's second form (`/ollama/api/chat/{url_idx}`),
/// when the request came by it: `None` on the first form. Not a whole
/// number: FastAPI's 422 (`int_parsing`, `["path", "url_idx"]`); below
/// zero: no such connection (404), as one past the end is.
pub struct UrlIdx(pub Option<usize>);

impl<S: Send + Sync> FromRequestParts<S> for UrlIdx {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, st: &S) -> Result<Self, ApiError> {
        let params = RawPathParams::from_request_parts(parts, st)
            .await
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))?;
        let Some((_, raw)) = params.iter().find(|(k, _)| *k == "url_idx") else {
            return Ok(UrlIdx(None));
        };
        let n = int_of(json!(["path", "url_idx"]), raw)?;
        usize::try_from(n)
            .map(|i| UrlIdx(Some(i)))
            .map_err(|_| Error::NotFound(format!("No connection at index {n}")).into())
    }
}

/// The `{url_idx}` of a route that always has one
/// (`/openai/models/{url_idx}`), read as [`UrlIdx`] reads it: not a whole
/// number is FastAPI's 422 with its `detail`, not axum's plain-text 400.
pub struct ConnIdx(pub usize);

impl<S: Send + Sync> FromRequestParts<S> for ConnIdx {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, st: &S) -> Result<Self, ApiError> {
        match UrlIdx::from_request_parts(parts, st).await? {
            UrlIdx(Some(i)) => Ok(ConnIdx(i)),
            UrlIdx(None) => Err(Error::internal(anyhow::anyhow!(
                "ConnIdx on a route without {{url_idx}}"
            ))
            .into()),
        }
    }
}

/// A body axum could not read, as the item FastAPI would list.
fn body_error(e: &axum::extract::rejection::JsonRejection, body_missing: bool) -> FieldError {
    use axum::extract::rejection::JsonRejection as R;
    let text = e.body_text();
    match e {
        R::JsonSyntaxError(_) => FieldError::new(
            "json_invalid",
            json!(["body", 0]),
            "JSON decode error",
            json!({}),
        ),
        R::JsonDataError(_) => {
            if let Some(field) = text
                .split("missing field `")
                .nth(1)
                .and_then(|s| s.split('`').next())
            {
                FieldError::new(
                    "missing",
                    json!(["body", field]),
                    "Field required",
                    json!({}),
                )
            } else {
                let loc = text
                    .split(": ")
                    .nth(1)
                    .and_then(|p| p.split(':').next())
                    .filter(|p| !p.contains(' '))
                    .map(|p| json!(["body", p]))
                    .unwrap_or(json!(["body"]));
                FieldError::new("value_error", loc, &text, json!({}))
            }
        }
        _ if body_missing => missing(json!(["body"])),
        _ => FieldError::new("value_error", json!(["body"]), &text, Value::Null),
    }
}

/// The largest JSON body owui reads (also the default body limit of every
/// route that does not set its own).
pub const JSON_BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Whether a request says its body is JSON as FastAPI reads it:
/// `application/json` or `application/*+json`. No content type is not
/// JSON (FastAPI's strict content type): a browser sends a cross-site
/// body without a preflight only as `text/plain`, a form or nothing, so
/// none of those may reach a JSON endpoint.
pub fn is_json(headers: &HeaderMap) -> bool {
    let Some(v) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = v
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.split_once('/') {
        Some(("application", sub)) => sub == "json" || sub.ends_with("+json"),
        _ => false,
    }
}

/// FastAPI's answer to a body that is not declared as JSON: the bytes
/// reach the model as they are and fail its validation.
fn not_json(body: &[u8]) -> ApiError {
    unprocessable_all(vec![FieldError::new(
        "model_attributes_type",
        json!(["body"]),
        "Input should be a valid dictionary or object to extract fields from",
        Value::String(String::from_utf8_lossy(body).into_owned()),
    )])
}

/// A JSON body over [`JSON_BODY_LIMIT`] (said at once when
/// `Content-Length` announces it, else when the limit is passed).
pub fn body_too_large() -> ApiError {
    Error::TooLarge(format!(
        "The request body is larger than the {} MB this server accepts.",
        JSON_BODY_LIMIT / (1024 * 1024)
    ))
    .into()
}

/// The bytes of a request body, refused when it is too large before any
/// of it is read.
async fn limited_body<S: Send + Sync>(req: Request, st: &S) -> Result<Bytes, ApiError> {
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > JSON_BODY_LIMIT as u64) {
        return Err(body_too_large());
    }
    Bytes::from_request(req, st).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            body_too_large()
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "There was an error parsing the body",
            )
        }
    })
}

/// For a route that reads an optional JSON body itself: a body that is
/// there (not blank) must be declared JSON.
pub fn check_json(headers: &HeaderMap, body: &[u8]) -> Result<(), ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) || is_json(headers) {
        Ok(())
    } else {
        Err(not_json(body))
    }
}

/// A JSON body; a bad one is a FastAPI-style 422 with a list `detail`.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, st: &S) -> Result<Self, ApiError> {
        let json_type = is_json(req.headers());
        let body = limited_body(req, st).await?;
        if !body.is_empty() && !json_type {
            return Err(not_json(&body));
        }
        match axum::Json::<T>::from_bytes(&body) {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(unprocessable_all(vec![body_error(&e, body.is_empty())])),
        }
    }
}

/// A JSON body for `/api/v1/auths/*`: any bad body is
/// 422 `Invalid authentication request.`
pub struct AuthJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for AuthJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, st: &S) -> Result<Self, ApiError> {
        let json_type = is_json(req.headers());
        let body = limited_body(req, st).await?;
        match axum::Json::<T>::from_bytes(&body) {
            Ok(axum::Json(v)) if json_type => Ok(AuthJson(v)),
            _ => Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                msg::INVALID_AUTH_REQUEST,
            )),
        }
    }
}
