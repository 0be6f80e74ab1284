//! The OpenAPI document of the HTTP API, served at `/openapi.json`.
//!
//! It is generated from the routes themselves: every area registers its
//! handlers through [`ApiRouter`], which reads each handler's extractors
//! (path, query, JSON body, auth level) and its return type to describe
//! the operation. A route added, removed or retyped changes the document
//! with it.

use aide::axum::ApiRouter;
use aide::generate::GenContext;
use aide::openapi::{
    Components, Info, MediaType, OpenApi, Operation, ReferenceOr, Response, SchemaObject,
    SecurityScheme,
};
use aide::operation::{OperationInput, OperationOutput};
use axum::Json;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde_json::{Value, json};

use super::error::ApiError;
use super::extract::{Admin, AnyUser, ApiJson, AuthJson, HumanSession, MaybeUser, Verified};

/// The body of every error answer: `detail` is a message, or FastAPI's
/// list of field errors for a request that failed validation.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct ErrorBody {
    detail: ErrorDetail,
}

#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ErrorDetail {
    Message(String),
    Fields(Vec<Value>),
}

fn json_response<T: JsonSchema>(ctx: &mut GenContext, description: &str) -> Response {
    Response {
        description: description.into(),
        content: IndexMap::from_iter([(
            "application/json".into(),
            MediaType {
                schema: Some(SchemaObject {
                    json_schema: ctx.schema.subschema_for::<T>(),
                    example: None,
                    external_docs: None,
                }),
                ..Default::default()
            },
        )]),
        ..Default::default()
    }
}

impl OperationOutput for ApiError {
    type Inner = ();

    fn operation_response(ctx: &mut GenContext, _: &mut Operation) -> Option<Response> {
        Some(json_response::<ErrorBody>(
            ctx,
            "An error, said in `detail`",
        ))
    }

    fn inferred_responses(
        ctx: &mut GenContext,
        op: &mut Operation,
    ) -> Vec<(Option<u16>, Response)> {
        Self::operation_response(ctx, op)
            .map(|r| (None, r))
            .into_iter()
            .collect()
    }
}

/// The security schemes every signed-in route accepts: a session JWT or
/// API key as `Authorization: Bearer`, or the `token` cookie.
fn require_auth(op: &mut Operation, optional: bool) {
    op.security = vec![
        IndexMap::from_iter([("bearer".to_string(), vec![])]),
        IndexMap::from_iter([("cookie".to_string(), vec![])]),
    ];
    if optional {
        op.security.push(IndexMap::new());
    }
}

fn unauthorized(ctx: &mut GenContext) -> Vec<(Option<u16>, Response)> {
    vec![(
        Some(401),
        json_response::<ErrorBody>(ctx, "No valid credential, or one without the role needed"),
    )]
}

macro_rules! auth_input {
    ($($t:ty),*) => {$(
        impl OperationInput for $t {
            fn operation_input(_: &mut GenContext, op: &mut Operation) {
                require_auth(op, false);
            }
            fn inferred_early_responses(
                ctx: &mut GenContext,
                _: &mut Operation,
            ) -> Vec<(Option<u16>, Response)> {
                unauthorized(ctx)
            }
        }
    )*};
}
auth_input!(AnyUser, Verified, Admin, HumanSession);

impl OperationInput for MaybeUser {
    fn operation_input(_: &mut GenContext, op: &mut Operation) {
        require_auth(op, true);
    }
}

impl OperationInput for super::extract::UrlIdx {}
impl OperationInput for super::extract::ConnIdx {}
impl OperationInput for super::client_ip::ClientIp {}

fn validation_error(ctx: &mut GenContext) -> Vec<(Option<u16>, Response)> {
    vec![(
        Some(422),
        json_response::<ErrorBody>(ctx, "The body is not JSON, or not of this shape"),
    )]
}

macro_rules! json_input {
    ($($t:ident),*) => {$(
        impl<T: JsonSchema> OperationInput for $t<T> {
            fn operation_input(ctx: &mut GenContext, op: &mut Operation) {
                Json::<T>::operation_input(ctx, op);
            }
            fn inferred_early_responses(
                ctx: &mut GenContext,
                _: &mut Operation,
            ) -> Vec<(Option<u16>, Response)> {
                validation_error(ctx)
            }
        }
    )*};
}
json_input!(ApiJson, AuthJson);

/// Path parameters that are whole numbers (a connection's index).
const INTEGER_PARAMS: &[&str] = &["url_idx", "idx"];

/// What the types cannot say, added to the generated document: a path
/// parameter for every `{name}` of a route that its handler reads whole
/// (`Path<String>`, a tuple). A handler that builds its own response
/// (a stream, a file, a cookie) names what it answers with [`built`].
fn complete(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    // a catch-all `{*rest}` is written `{rest}` in OpenAPI, its parameter
    // marked `x-rest-of-path`
    let mut rest_of_path = Vec::new();
    *paths = std::mem::take(paths)
        .into_iter()
        .map(|(path, item)| {
            if let Some(i) = path.find("{*") {
                let name = path[i + 2..].trim_end_matches('}').to_string();
                rest_of_path.push((path.replace("{*", "{"), name));
            }
            (path.replace("{*", "{"), item)
        })
        .collect();
    for (path, item) in paths.iter_mut() {
        let names: Vec<String> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .map(str::to_string)
            .collect();
        let rest = rest_of_path
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, n)| n.as_str());
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for op in item.values_mut() {
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            let params = op
                .entry("parameters")
                .or_insert_with(|| json!([]))
                .as_array_mut()
                .expect("parameters is a list");
            for name in &names {
                let known = params
                    .iter()
                    .any(|p| p["in"] == "path" && p["name"] == name.as_str());
                if !known {
                    let schema = if INTEGER_PARAMS.contains(&name.as_str()) {
                        json!({"type": "integer", "minimum": 0})
                    } else {
                        json!({"type": "string"})
                    };
                    let mut param = json!({
                        "in": "path", "name": name, "required": true, "schema": schema
                    });
                    if rest == Some(name.as_str()) {
                        param["description"] =
                            json!("The rest of the path: any number of segments");
                        param["x-rest-of-path"] = json!(true);
                    }
                    params.push(param);
                }
            }
            if params.is_empty() {
                op.remove("parameters");
            }
        }
    }
}

/// The document for the routes of `router`, as JSON.
pub fn document<S: Clone + Send + Sync + 'static>(router: ApiRouter<S>) -> Value {
    let mut api = OpenApi {
        info: Info {
            title: "owui".into(),
            description: Some(format!(
                "Open WebUI's REST API (version {}), served by owui {}.",
                crate::UPSTREAM_VERSION,
                crate::VERSION
            )),
            version: crate::VERSION.into(),
            ..Default::default()
        },
        components: Some(Components {
            security_schemes: IndexMap::from_iter([
                (
                    "bearer".to_string(),
                    ReferenceOr::Item(SecurityScheme::Http {
                        scheme: "bearer".into(),
                        bearer_format: Some("JWT".into()),
                        description: Some(
                            "A session token from `POST /api/v1/auths/signin`, or an API key (`sk-…`)"
                                .into(),
                        ),
                        extensions: IndexMap::new(),
                    }),
                ),
                (
                    "cookie".to_string(),
                    ReferenceOr::Item(SecurityScheme::ApiKey {
                        location: aide::openapi::ApiKeyLocation::Cookie,
                        name: "token".into(),
                        description: Some("The session token the browser keeps".into()),
                        extensions: IndexMap::new(),
                    }),
                ),
            ]),
            ..Default::default()
        }),
        ..Default::default()
    };
    drop(router.finish_api(&mut api));
    let mut doc = serde_json::to_value(&api).expect("the OpenAPI document serializes");
    complete(&mut doc);
    doc
}

/// `GET /openapi.json`: the document, made on a blocking thread the first
/// time it is asked for (describing every route takes tens of
/// milliseconds, which starting the server does not pay), then kept.
pub async fn serve() -> Result<impl IntoResponse, ApiError> {
    static DOC: tokio::sync::OnceCell<Bytes> = tokio::sync::OnceCell::const_new();
    let doc = DOC
        .get_or_try_init(|| async {
            tokio::task::spawn_blocking(|| {
                let doc = document(super::documented());
                let bytes = Bytes::from(serde_json::to_vec(&doc).unwrap_or_default());
                drop(doc);
                // describing the routes leaves megabytes of small freed
                // blocks; give them back rather than keep them resident
                #[cfg(all(target_os = "linux", target_env = "gnu"))]
                // SAFETY: malloc_trim only releases free memory.
                unsafe {
                    libc::malloc_trim(0);
                }
                bytes
            })
            .await
        })
        .await
        .map_err(|e| ApiError::from(crate::error::Error::internal(anyhow::anyhow!(e))))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], doc.clone()))
}
/// Answers a handler builds itself (a stream, a file, headers around a
/// body), for the routes to name in the document: `post_with(handler,
/// openapi::relayed)`.
pub mod built {
    use aide::generate::GenContext;
    use aide::openapi::{MediaType, Operation, Response, SchemaObject};
    use aide::operation::OperationOutput;
    use aide::transform::TransformOperation;
    use indexmap::IndexMap;
    use schemars::JsonSchema;

    fn media(ctx: &mut GenContext, types: &[&str]) -> IndexMap<String, MediaType> {
        types
            .iter()
            .map(|t| {
                let schema = if t.contains("json") {
                    ctx.schema.subschema_for::<serde_json::Value>()
                } else {
                    schemars::json_schema!({"type": "string", "format": "binary"})
                };
                (
                    t.to_string(),
                    MediaType {
                        schema: Some(SchemaObject {
                            json_schema: schema,
                            example: None,
                            external_docs: None,
                        }),
                        ..Default::default()
                    },
                )
            })
            .collect()
    }

    macro_rules! described {
        ($(#[$doc:meta])* $name:ident, $fn:ident, $description:literal, [$($t:literal),*]) => {
            $(#[$doc])*
            pub struct $name;
            impl OperationOutput for $name {
                type Inner = ();
                fn operation_response(ctx: &mut GenContext, _: &mut Operation) -> Option<Response> {
                    Some(Response {
                        description: $description.into(),
                        content: media(ctx, &[$($t),*]),
                        ..Default::default()
                    })
                }
            }
            $(#[$doc])*
            pub fn $fn(op: TransformOperation<'_>) -> TransformOperation<'_> {
                op.response::<200, $name>()
            }
        };
    }

    described!(
        /// A provider's answer passed on: JSON, or a stream of events.
        Relayed, relayed,
        "The model provider's answer: JSON, or with `stream` a stream of server-sent events (Ollama: JSON lines)",
        ["application/json", "text/event-stream", "application/x-ndjson"]
    );
    described!(
        /// A stored file's bytes.
        FileBytes, file,
        "The file's bytes, with its content type",
        ["application/octet-stream"]
    );
    described!(
        /// An image (a profile picture).
        Image, image,
        "The image, or a redirect to it",
        ["image/png", "image/jpeg", "image/webp", "image/svg+xml"]
    );
    described!(
        /// A zip archive (a download).
        Zip, zip,
        "A zip archive, as an attachment",
        ["application/zip"]
    );
    described!(
        /// JSON, or a stream of server-sent events carrying JSON.
        JsonOrEvents, json_or_events,
        "JSON, or with `stream=true` a stream of server-sent events, each `data:` one JSON value",
        ["application/json", "text/event-stream"]
    );
    described!(
        /// JSON lines, one object per line.
        JsonLines, json_lines,
        "One JSON object per line (a download)",
        ["application/x-ndjson", "application/json"]
    );

    /// A JSON body of `T` inside a response the handler builds itself
    /// (with a cookie, or from a cache).
    pub fn json<T: JsonSchema>(op: TransformOperation<'_>) -> TransformOperation<'_> {
        op.response::<200, axum::Json<T>>()
    }
}
