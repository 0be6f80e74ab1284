//! Open WebUI areas outside owui's scope (notes, skills, terminal servers).
//! Their features are off in `/api/config`, but the frontend asks for these
//! lists on every page load; owui truthfully has none of them.

use axum::Json;
use serde_json::Value;

use super::extract::Verified;

super::routing::routes! {
    "/api/v1/notes/pinned" => get(none),
    "/api/v1/skills" => get(none),
    "/api/v1/terminals" => get(none),
}

async fn none(Verified(_a): Verified) -> Json<Vec<Value>> {
    Json(vec![])
}
