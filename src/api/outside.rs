//! Open WebUI areas outside owui's scope (notes, skills, terminal servers).
//! Their features are off in `/api/config`, but the frontend asks for these
//! lists on every page load; owui truthfully has none of them.

use aide::axum::ApiRouter;
use aide::axum::routing::get;
use axum::Json;
use serde_json::Value;

use super::AppState;
use super::extract::Verified;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/api/v1/notes/pinned", get(none))
        .api_route("/api/v1/skills", get(none))
        .api_route("/api/v1/terminals", get(none))
}

async fn none(Verified(_a): Verified) -> Json<Vec<Value>> {
    Json(vec![])
}
