//! FastAPI's ways, as the browser client expects them: how upstream reads
//! query strings and multipart bodies, its 422 lists, its image answers,
//! and the status mappers several areas share for upstream's odd choices.

use axum::body::Body;
use axum::extract::multipart::MultipartError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};
use tower_http::catch_panic::CatchPanicLayer;

use super::error::{ApiError, ApiResult};
use crate::error::{Error, FieldError, Malformed};

/// A FastAPI-style 422 for one query or body item.
pub fn unprocessable(kind: &str, loc: Value, msg: &str, input: Value) -> ApiError {
    Error::field(kind, loc, msg, input).into()
}

/// A 422 listing several items at once.
pub fn unprocessable_all(fields: Vec<FieldError>) -> ApiError {
    Error::Malformed(Malformed::Fields(fields)).into()
}

/// A required item that is absent: `["body", "file"]`, `["query", "id"]`.
pub fn missing(loc: Value) -> FieldError {
    FieldError::new("missing", loc, "Field required", Value::Null)
}

/// A boolean as pydantic reads one from a string; `None` when it is none.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "1" | "true" | "t" | "yes" | "y" | "on" => Some(true),
        "0" | "false" | "f" | "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

/// A query bool; absent means `default`, anything else is a 422.
pub fn query_bool(name: &str, v: Option<&str>, default: bool) -> ApiResult<bool> {
    let Some(s) = v else { return Ok(default) };
    parse_bool(s).ok_or_else(|| {
        unprocessable(
            "bool_parsing",
            json!(["query", name]),
            "Input should be a valid boolean, unable to interpret input",
            json!(s),
        )
    })
}

/// [`parse_bool`] for a field of a `Query` struct
/// (`#[serde(deserialize_with = "fastapi::de_bool")]`).
pub fn de_bool<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let s = <String as serde::Deserialize>::deserialize(d)?;
    parse_bool(&s).ok_or_else(|| serde::de::Error::custom("Input should be a valid boolean"))
}

/// An integer item, pydantic's 422 when it is not one.
pub fn int_of(loc: Value, s: &str) -> ApiResult<i64> {
    s.trim().parse::<i64>().map_err(|_| {
        unprocessable(
            "int_parsing",
            loc,
            "Input should be a valid integer, unable to parse string as an integer",
            json!(s),
        )
    })
}

/// A multipart body that cannot be read: 400 with the reason.
pub fn bad_multipart(e: MultipartError) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, e.body_text())
}

/// A 302 to `url` (an image served elsewhere); `None` when `url` cannot
/// be a `Location` header (a control character in a stored URL): the
/// caller answers with its default image instead.
pub fn redirect(url: &str) -> Option<Response> {
    let location = HeaderValue::from_str(url).ok()?;
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::FOUND;
    r.headers_mut().insert(header::LOCATION, location);
    Some(r)
}

/// A 302 to one of owui's own paths.
pub fn redirect_static(path: &'static str) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::FOUND;
    // a constant of ours: from_static panics only on a bad literal
    r.headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static(path));
    r
}

/// Image bytes shown inline, with an ETag when there is one (a type or
/// tag that cannot be a header is left out).
pub fn inline_image(mime: String, data: Vec<u8>, etag: Option<String>) -> Response {
    let mut r = Response::new(Body::from(data));
    let h = r.headers_mut();
    let mime = HeaderValue::from_str(&mime)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    h.insert(header::CONTENT_TYPE, mime);
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Some(e) = etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
        h.insert(header::ETAG, e);
    }
    r
}

/// The layer around every route that turns a panic in a handler into
/// [`panic_response`]: that request fails, the server goes on.
pub fn catch_panics() -> CatchPanicLayer<PanicHandler> {
    CatchPanicLayer::custom(panic_response as PanicHandler)
}

pub type PanicHandler = fn(Box<dyn std::any::Any + Send + 'static>) -> Response;

/// A panic in a handler, as the client sees it: 500 with FastAPI's
/// `{"detail": ...}` (the panic itself goes to the log).
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!("a request handler panicked: {what}");
    let mut r = axum::response::IntoResponse::into_response(axum::Json(
        json!({"detail": "Internal Server Error"}),
    ));
    *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    r
}

/// `e` with `status` instead of its default one, its body unchanged.
pub fn with_status(status: StatusCode, e: Error) -> ApiError {
    let mut a = ApiError::from(e);
    a.status = status;
    a
}

/// Upstream answers "not found" with 400 on some routes (users).
pub fn not_found_as_400(e: Error) -> ApiError {
    match e {
        Error::NotFound(_) => with_status(StatusCode::BAD_REQUEST, e),
        other => other.into(),
    }
}

/// Upstream answers 401 (`HTTP_401_UNAUTHORIZED`) where many of its
/// routers refuse a caller: a resource they may not touch or change, a
/// permission they lack, a switched-off export (chats, prompts, models,
/// the database download).
pub fn refused_as_401(e: Error) -> ApiError {
    match e {
        Error::Forbidden(_) | Error::ReadOnly(_) | Error::NotPermitted(_) | Error::Disabled(_) => {
            with_status(StatusCode::UNAUTHORIZED, e)
        }
        other => other.into(),
    }
}

/// [`refused_as_401`], and 401 for a thing that is not there as well
/// (upstream does not tell a missing chat or model from a forbidden one).
pub fn hidden_as_401(e: Error) -> ApiError {
    match e {
        Error::NotFound(_) => with_status(StatusCode::UNAUTHORIZED, e),
        other => refused_as_401(other),
    }
}

#[cfg(test)]
mod tests {
    use axum::response::IntoResponse;

    use super::*;

    async fn body_of(r: Response) -> (StatusCode, Value) {
        let status = r.status();
        let bytes = axum::body::to_bytes(r.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[test]
    fn booleans_read_as_pydantic_reads_them() {
        for s in ["1", "true", "True", "t", "YES", "y", "on"] {
            assert_eq!(parse_bool(s), Some(true), "{s}");
        }
        for s in ["0", "false", "F", "no", "n", "OFF"] {
            assert_eq!(parse_bool(s), Some(false), "{s}");
        }
        for s in ["", "2", "yep", " true"] {
            assert_eq!(parse_bool(s), None, "{s}");
        }
        assert!(query_bool("content", None, true).unwrap());
        assert!(!query_bool("content", Some("off"), true).unwrap());
    }

    #[tokio::test]
    async fn a_422_lists_each_item_as_fastapi_does() {
        let e = query_bool("stream", Some("maybe"), false).unwrap_err();
        assert_eq!(
            body_of(e.into_response()).await,
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({"detail": [{"type": "bool_parsing", "loc": ["query", "stream"],
                    "msg": "Input should be a valid boolean, unable to interpret input",
                    "input": "maybe"}]})
            )
        );
        let e = unprocessable_all(vec![
            missing(json!(["body", "urlIdx"])),
            missing(json!(["body", "file"])),
        ]);
        let (status, body) = body_of(e.into_response()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            body["detail"][1],
            json!({"type": "missing", "loc": ["body", "file"], "msg": "Field required", "input": null})
        );
        let e = int_of(json!(["query", "page"]), "x").unwrap_err();
        assert_eq!(
            body_of(e.into_response()).await.1["detail"][0]["input"],
            "x"
        );
        assert_eq!(int_of(json!(["query", "page"]), " 7 ").unwrap(), 7);
    }

    #[tokio::test]
    async fn a_panicking_handler_is_a_500_with_a_detail_and_the_rest_still_answers() {
        use tower::ServiceExt;
        let app = axum::Router::new()
            .route(
                "/boom",
                axum::routing::get(|| async {
                    let url = "http://x/\u{1}";
                    // what a bad stored image URL used to do
                    Response::builder()
                        .header(header::LOCATION, url)
                        .body(Body::empty())
                        .unwrap()
                }),
            )
            .route("/ok", axum::routing::get(|| async { "fine" }))
            .layer(catch_panics());
        let get = |path: &str| axum::http::Request::get(path).body(Body::empty()).unwrap();
        let r = app.clone().oneshot(get("/boom")).await.unwrap();
        assert_eq!(
            r.headers().get(header::CONTENT_TYPE).unwrap(),
            "application/json"
        );
        assert_eq!(
            body_of(r).await,
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"detail": "Internal Server Error"})
            )
        );
        let r = app.oneshot(get("/ok")).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }

    #[test]
    fn image_answers_never_panic_on_a_bad_header() {
        assert!(redirect("http://x/\u{7}").is_none());
        assert!(redirect("/static/a\nb").is_none());
        let r = redirect("/static/favicon.png").unwrap();
        assert_eq!(r.status(), StatusCode::FOUND);
        assert_eq!(r.headers()[header::LOCATION], "/static/favicon.png");
        let r = inline_image("image/png\n".into(), vec![1], Some("\"1\"\r".into()));
        assert_eq!(
            r.headers()[header::CONTENT_TYPE],
            "application/octet-stream"
        );
        assert!(r.headers().get(header::ETAG).is_none());
    }

    #[tokio::test]
    async fn a_mapper_changes_the_status_and_keeps_the_body() {
        let r = hidden_as_401(Error::not_found()).into_response();
        assert_eq!(
            r.headers()
                .get(axum::http::header::WWW_AUTHENTICATE)
                .unwrap(),
            "Bearer"
        );
        assert_eq!(
            body_of(r).await,
            (
                StatusCode::UNAUTHORIZED,
                json!({"detail": crate::error::msg::NOT_FOUND})
            )
        );
        let (status, _) = body_of(refused_as_401(Error::not_found()).into_response()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = body_of(not_found_as_400(Error::not_found()).into_response()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
}
