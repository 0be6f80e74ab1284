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
/// (`Path<String>`, a tuple), a success answer for a handler that builds
/// its own response (streams, files, cookies), and the security schemes.
fn complete(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    // a catch-all `{*rest}` is written `{rest}` in OpenAPI
    *paths = std::mem::take(paths)
        .into_iter()
        .map(|(path, item)| (path.replace("{*", "{"), item))
        .collect();
    for (path, item) in paths.iter_mut() {
        let names: Vec<String> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .map(str::to_string)
            .collect();
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
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
                    params.push(json!({
                        "in": "path", "name": name, "required": true, "schema": schema
                    }));
                }
            }
            if params.is_empty() {
                op.remove("parameters");
            }
            let responses = op
                .entry("responses")
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .expect("responses is an object");
            let answers = responses
                .keys()
                .any(|k| k.starts_with('2') || k.starts_with('3'));
            if !answers {
                let description = match method.as_str() {
                    "delete" => "Deleted",
                    _ => "The answer (JSON, a stream or a file, as the route says)",
                };
                responses.insert("200".into(), json!({"description": description}));
            }
        }
    }
}

/// The document for the routes of `router` (which it consumes), as JSON.
pub fn document<S: Clone + Send + Sync + 'static>(
    router: ApiRouter<S>,
) -> (axum::Router<S>, Value) {
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
    let router = router.finish_api(&mut api);
    let mut doc = serde_json::to_value(&api).expect("the OpenAPI document serializes");
    complete(&mut doc);
    (router, doc)
}

/// `GET /openapi.json`: the document, made once when the routes were.
pub async fn serve(doc: Bytes) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], doc)
}
