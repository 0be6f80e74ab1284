//! Folder shapes, serialized as upstream's JSON.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::core::access::{Grant, GrantSpec};

/// `FolderModel`: one `folder` row.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Folder {
    pub id: String,
    pub parent_id: Option<String>,
    pub user_id: String,
    pub name: String,
    pub items: Option<Value>,
    pub meta: Option<Value>,
    pub data: Option<Value>,
    pub is_expanded: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Folder {
    /// `data.share_mode`, when set.
    pub fn share_mode(&self) -> Option<&str> {
        self.data
            .as_ref()
            .and_then(|d| d.get("share_mode"))
            .and_then(Value::as_str)
    }
}

/// `FolderNameIdResponse`: one entry of `GET /folders/`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct FolderItem {
    pub id: String,
    pub name: String,
    pub meta: Option<Value>,
    pub parent_id: Option<String>,
    pub is_expanded: bool,
    pub unread_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// `FolderResponse`: the folder, its grants and whether the caller may
/// change it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct FolderDetail {
    #[serde(flatten)]
    pub folder: Folder,
    pub access_grants: Vec<Grant>,
    pub write_access: bool,
}

/// The folder after `…/access/update`, with its new grants.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct FolderWithGrants {
    #[serde(flatten)]
    pub folder: Folder,
    pub access_grants: Vec<Grant>,
}

/// One entry of `GET /folders/shared`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SharedFolder {
    #[serde(flatten)]
    pub folder: Folder,
    pub owner_name: String,
    pub permission: &'static str,
}

/// `FolderForm`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FolderForm {
    pub name: String,
    #[serde(default)]
    pub data: Option<Map<String, Value>>,
    #[serde(default)]
    pub meta: Option<Map<String, Value>>,
    #[serde(default)]
    pub parent_id: Option<String>,
}

/// `FolderUpdateForm`: absent fields stay as they are.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FolderPatch {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub data: Option<Map<String, Value>>,
    #[serde(default)]
    pub meta: Option<Map<String, Value>>,
}

#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct ParentForm {
    #[serde(default)]
    pub parent_id: Option<String>,
}

#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct ExpandedForm {
    pub is_expanded: bool,
}

/// Distinguishes an absent key (`None`) from an explicit `null` (`Some(None)`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Value>>, D::Error> {
    Ok(Some(Option::<Value>::deserialize(d)?))
}

/// `POST /folders/{id}/access/update`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct AccessForm {
    #[serde(default)]
    pub access_grants: Vec<GrantSpec>,
    #[serde(default, deserialize_with = "present")]
    pub share_mode: Option<Option<Value>>,
}

/// A chat in `GET /folders/{id}/shared/chats`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SharedFolderChat {
    pub id: String,
    pub title: String,
    pub user_id: String,
    pub updated_at: i64,
    pub created_at: i64,
    pub last_read_at: Option<i64>,
    pub owner_name: String,
    pub participants: Vec<Participant>,
    pub active: bool,
    pub readonly: bool,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Participant {
    pub id: String,
    pub name: String,
}

/// `GET /folders/{id}/shared/chats` query.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct SharedChatsQuery {
    pub page: Option<i64>,
    pub sort_by: Option<String>,
    pub sort_dir: Option<String>,
}

/// The answer of `GET /folders/{id}/shared/chats`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SharedChatsPage {
    pub chats: Vec<SharedFolderChat>,
    pub folder_permission: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_more: Option<bool>,
}

/// The answer of `POST /folders/{id}/read`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ReadResult {
    pub folder_id: String,
    pub folder_ids: Vec<String>,
    pub updated_count: i64,
    pub folder_unread_counts: std::collections::BTreeMap<String, i64>,
}
