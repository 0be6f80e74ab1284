//! Function shapes, serialized as upstream's JSON.

use serde::Serialize;
use serde_json::{Value, json};

use crate::core::tools::with_declared;

/// `FunctionResponse`: a function without its source.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct FunctionItem {
    pub version_id: Option<String>,
    pub id: String,
    pub user_id: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub meta: Value,
    pub is_active: bool,
    pub is_global: bool,
    pub updated_at: i64,
    pub created_at: i64,
}

/// `FunctionMeta`: `description`, `manifest`, then any other stored key.
pub fn function_meta(stored: Option<&Value>) -> Value {
    with_declared(
        stored,
        &[("description", Value::Null), ("manifest", json!({}))],
    )
}
