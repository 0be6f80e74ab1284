//! Workspace model types, shaped like upstream's JSON (`ModelModel`,
//! `ModelAccessResponse`, `ModelForm`, `ModelHistory*`).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::core::access::Grant;
use crate::core::actor::Role;

/// One `model` row with its grants (`ModelModel`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Model {
    pub version_id: Option<String>,
    pub id: String,
    pub user_id: String,
    pub base_model_id: Option<String>,
    pub name: String,
    pub params: Value,
    pub meta: Value,
    #[serde(default)]
    pub access_grants: Vec<Grant>,
    pub is_active: bool,
    pub updated_at: i64,
    pub created_at: i64,
}

impl Model {
    /// A preset (built on another model) rather than an override.
    pub fn is_preset(&self) -> bool {
        self.base_model_id.is_some()
    }
}

/// The owner as `/list` shows it (`UserResponse`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Owner {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub email: String,
}

/// `ModelAccessResponse`: a model, its owner and whether the caller may
/// change it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct ModelAccess {
    #[serde(flatten)]
    pub model: Model,
    pub user: Option<Owner>,
    pub write_access: bool,
}

/// `GET /list`: one page and the total.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct ModelPage {
    pub items: Vec<ModelAccess>,
    pub total: i64,
}

/// `GET /list` filters.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct ListQuery {
    pub query: Option<String>,
    /// `created` (mine) or `shared` (not mine).
    pub view_option: Option<String>,
    pub tag: Option<String>,
    /// `name`, `created_at` or `updated_at`.
    pub order_by: Option<String>,
    /// `asc`, else descending.
    pub direction: Option<String>,
    pub page: Option<i64>,
}

/// Distinguish an absent field (`None`) from an explicit null (`Some(None)`).
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// `ModelForm`: the create / update / import body. Unknown keys are ignored.
#[derive(Clone, Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelForm {
    pub id: String,
    /// Absent = keep (on update); null = none.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub base_model_id: Option<Option<String>>,
    pub name: String,
    pub meta: Value,
    pub params: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_grants: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_message: Option<String>,
}

/// `POST /model/access/update`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct AccessForm {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    pub access_grants: Vec<Value>,
}

/// A `model_history` entry without its snapshot (`ModelHistoryResponse`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct History {
    pub id: String,
    pub model_id: String,
    pub parent_id: Option<String>,
    pub user_id: String,
    pub commit_message: Option<String>,
    pub created_at: i64,
    pub user: Option<Value>,
}

/// One entry with its snapshot (`ModelHistoryModel`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct HistoryEntry {
    #[serde(flatten)]
    pub entry: History,
    pub snapshot: Value,
}

/// What `GET /model/profile/image` answers.
#[derive(Clone, Debug, PartialEq)]
pub enum ProfileImage {
    /// Inline image bytes, with the model's `updated_at` as ETag.
    Bytes {
        mime: String,
        data: Vec<u8>,
        etag: Option<String>,
    },
    /// 302 to this location (an http(s) URL, a `/static/...` path, or the
    /// default `/static/favicon.png`).
    Redirect(String),
}

/// The default model image upstream redirects to.
pub const DEFAULT_IMAGE: &str = "/static/favicon.png";
