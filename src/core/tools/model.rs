//! Tool shapes, serialized as upstream's JSON.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::core::access::Grant;
use crate::core::actor::Role;

/// A stored `tool` row (without `content`, which listings never read).
#[derive(Clone, Debug)]
pub struct ToolRow {
    pub id: String,
    pub version_id: Option<String>,
    pub user_id: Option<String>,
    pub name: Option<String>,
    pub specs: Option<Value>,
    pub meta: Option<Value>,
    pub updated_at: i64,
    pub created_at: Option<i64>,
}

/// `UserResponse`: the owner as tool and function listings show it.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Owner {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub email: String,
}

/// `ToolUserResponse` as `GET /api/v1/tools/` sends it: the declared
/// fields, then the extra keys upstream lets through (`content` is null in
/// listings, `specs`, and `has_user_valves`).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ToolItem {
    pub version_id: Option<String>,
    pub id: String,
    pub user_id: Option<String>,
    pub name: String,
    pub meta: Value,
    pub access_grants: Vec<Grant>,
    pub updated_at: i64,
    pub created_at: i64,
    pub user: Option<Owner>,
    pub content: Option<String>,
    pub specs: Value,
    pub has_user_valves: bool,
}

/// A stored JSON object as a pydantic model with `extra="allow"` dumps it:
/// the declared keys first (stored value, else the default), then every
/// other stored key in stored order. Anything but an object reads as `{}`.
pub fn with_declared(stored: Option<&Value>, declared: &[(&str, Value)]) -> Value {
    let empty = Map::new();
    let m = stored.and_then(Value::as_object).unwrap_or(&empty);
    let mut out = Map::new();
    for (k, default) in declared {
        out.insert(
            (*k).to_string(),
            m.get(*k).cloned().unwrap_or_else(|| default.clone()),
        );
    }
    for (k, v) in m {
        if !out.contains_key(k) {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// `ToolMeta`: `i18n`, `description`, `manifest`, `has_user_valves`, extras.
pub fn tool_meta(stored: Option<&Value>) -> Value {
    with_declared(
        stored,
        &[
            ("i18n", Value::Null),
            ("description", Value::Null),
            ("manifest", json!({})),
            ("has_user_valves", json!(false)),
        ],
    )
}
