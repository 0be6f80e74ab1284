//! Prompt types, shaped like upstream's JSON (`PromptModel`,
//! `PromptAccessResponse`, `PromptForm`, `PromptHistory*`).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::core::access::Grant;
use crate::core::actor::Role;

/// One `prompt` row with its grants (`PromptModel`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Prompt {
    pub id: String,
    pub command: String,
    pub user_id: String,
    pub name: String,
    pub content: String,
    pub data: Option<Value>,
    pub meta: Option<Value>,
    pub tags: Option<Vec<String>>,
    pub is_active: bool,
    pub version_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    #[serde(default)]
    pub access_grants: Vec<Grant>,
}

/// The owner as lists show it (`UserResponse`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Owner {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub email: String,
}

/// `PromptAccessResponse`: a prompt, its owner and whether the caller may
/// change it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct PromptAccess {
    #[serde(flatten)]
    pub prompt: Prompt,
    pub user: Option<Owner>,
    pub write_access: bool,
}

/// `GET /list`: one page and the total.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct PromptPage {
    pub items: Vec<PromptAccess>,
    pub total: i64,
}

/// `GET /list` filters: the same as the workspace models' list.
pub use crate::core::models::ListQuery;

fn yes() -> bool {
    true
}

/// `is_production`: absent = true, null = false (upstream's falsy `None`).
fn null_is_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(false))
}

/// `PromptForm`: the create / update body. Unknown keys are ignored.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PromptForm {
    pub command: String,
    pub name: String,
    pub content: String,
    #[serde(default)]
    pub data: Option<Map<String, Value>>,
    #[serde(default)]
    pub meta: Option<Map<String, Value>>,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    pub access_grants: Option<Vec<Value>>,
    /// Ignored, as upstream.
    #[serde(default)]
    pub version_id: Option<String>,
    #[serde(default)]
    pub commit_message: Option<String>,
    #[serde(default = "yes", deserialize_with = "null_is_false")]
    pub is_production: bool,
}

impl PromptForm {
    /// A form with the three required fields and upstream's defaults.
    pub fn new(command: &str, name: &str, content: &str) -> PromptForm {
        PromptForm {
            command: command.into(),
            name: name.into(),
            content: content.into(),
            data: None,
            meta: None,
            tags: None,
            access_grants: None,
            version_id: None,
            commit_message: None,
            is_production: true,
        }
    }
}

/// `POST /id/{id}/update/meta`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct MetaForm {
    pub name: String,
    pub command: String,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
}

/// One `prompt_history` entry (`PromptHistoryModel`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct History {
    pub id: String,
    pub prompt_id: String,
    pub parent_id: Option<String>,
    pub snapshot: Value,
    pub user_id: String,
    pub commit_message: Option<String>,
    pub created_at: i64,
}

/// `PromptHistoryResponse`: an entry with its author.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct HistoryWithUser {
    #[serde(flatten)]
    pub entry: History,
    pub user: Option<Owner>,
}

/// `GET /id/{id}/history/diff`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Diff {
    pub from_id: String,
    pub to_id: String,
    pub from_snapshot: Value,
    pub to_snapshot: Value,
    pub content_diff: Vec<String>,
    pub line_endings_only: bool,
    pub name_changed: bool,
}
