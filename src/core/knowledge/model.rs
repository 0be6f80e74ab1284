//! Knowledge shapes, serialized as upstream's JSON.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::access::Grant;
use crate::core::actor::Role;

/// `KnowledgeModel`: one `knowledge` row with its grants.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Knowledge {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub description: String,
    pub meta: Option<Value>,
    pub access_grants: Vec<Grant>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Knowledge {
    /// `meta.source == "external"`: read-only, served from a remote store.
    pub fn is_external(&self) -> bool {
        self.meta
            .as_ref()
            .and_then(|m| m.get("source"))
            .and_then(Value::as_str)
            == Some("external")
    }
}

/// A user as the knowledge listings show one.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct UserBrief {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub email: String,
}

/// `KnowledgeUserResponse`: a KB in a listing, with its owner, its
/// number of files and whether the caller may change it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct KnowledgeItem {
    #[serde(flatten)]
    pub knowledge: Knowledge,
    pub user: Option<UserBrief>,
    pub file_count: Option<i64>,
    pub write_access: bool,
}

/// `KnowledgeListResponse`: one page and the total before paging.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct KnowledgeList {
    pub items: Vec<KnowledgeItem>,
    pub total: i64,
}

/// `FileMetadataResponse`: a linked file without its content.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct FileMetadata {
    pub id: String,
    pub hash: Option<String>,
    pub meta: Option<Value>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// `KnowledgeFilesResponse`: a KB with its files (`None` on `GET /{id}`,
/// every linked file after a change) and the caller's write access (only
/// computed by `GET /{id}`, `false` elsewhere as upstream).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct KnowledgeFiles {
    #[serde(flatten)]
    pub knowledge: Knowledge,
    pub files: Option<Vec<FileMetadata>>,
    pub write_access: bool,
}

/// `KnowledgeForm` of `POST /create` and `POST /{id}/update`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct KnowledgeForm {
    pub name: String,
    pub description: String,
    /// Grants to give on create (those the caller may not give are
    /// dropped); ignored on update.
    #[serde(default)]
    pub access_grants: Option<Vec<Value>>,
}

/// A folder inside a KB.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Directory {
    pub id: String,
    pub knowledge_id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// `POST /{id}/dirs/create`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct DirectoryForm {
    pub name: String,
    #[serde(default)]
    pub parent_id: Option<String>,
}

/// Where `POST /{id}/dirs/{dir_id}/update` moves a folder.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum NewParent {
    /// The field was left out: the folder stays where it is.
    #[default]
    Keep,
    /// Explicit `null`: to the KB's root.
    Root,
    /// Into this folder.
    Dir(String),
}

/// `POST /{id}/dirs/{dir_id}/update`.
#[derive(Clone, Debug, Default)]
pub struct DirectoryPatch {
    pub name: Option<String>,
    pub parent: NewParent,
}

/// `DELETE /{id}/dirs/{dir_id}/delete`: the ids of the files whose links
/// were removed (`[]` when they moved up).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct DirectoryDeleted {
    pub status: bool,
    pub file_ids: Vec<String>,
}

/// A file row inside a KB listing (`data` is never loaded).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct KnowledgeFileItem {
    pub id: String,
    pub user_id: String,
    pub hash: Option<String>,
    pub filename: String,
    pub data: Option<Value>,
    pub meta: Option<Value>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The folder in this KB (`None` = root).
    pub directory_id: Option<String>,
    /// `a/b/c`, `""` for the root.
    pub directory_path: String,
    /// The file row has stored bytes.
    pub has_original: bool,
    /// Who linked the file into the KB.
    pub user: Option<UserBrief>,
    /// `/search/files` only: the KB the hit belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection: Option<Knowledge>,
}

/// `KnowledgeFileListResponse`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct KnowledgeFileList {
    pub items: Vec<KnowledgeFileItem>,
    /// The requested folder's immediate subfolders, by name.
    pub directories: Vec<Directory>,
    /// The chain of folders from the root to the requested one.
    pub breadcrumbs: Vec<Directory>,
    pub total: i64,
}

/// `GET /search`.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct SearchQuery {
    pub query: Option<String>,
    /// `created` (mine) or `shared` (not mine).
    pub view_option: Option<String>,
    /// `local` or `external`.
    pub source: Option<String>,
    pub page: Option<i64>,
    /// `name`, `created_at` or `updated_at` (the default).
    pub order_by: Option<String>,
    /// `asc` or `desc` (the default).
    pub direction: Option<String>,
}

/// `GET /{id}/files` and `GET /search/files`.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct FilesQuery {
    pub query: Option<String>,
    #[serde(default)]
    pub include_content: bool,
    /// `created` or `shared`, relative to who linked each file.
    pub view_option: Option<String>,
    pub order_by: Option<String>,
    pub direction: Option<String>,
    /// Absent: every folder; `""`: the root only; an id: that folder only.
    pub directory_id: Option<String>,
    pub page: Option<i64>,
    /// Page size, for admins only.
    pub limit: Option<i64>,
}

/// `POST /{id}/file/move`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct MoveForm {
    pub file_id: String,
    #[serde(default)]
    pub directory_id: Option<String>,
}

/// One file of a `sync/diff` manifest.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct ManifestEntry {
    pub filename: String,
    #[serde(default)]
    pub path: String,
    pub checksum: String,
    #[serde(default)]
    pub size: i64,
}

/// `POST /{id}/sync/diff`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct SyncManifest {
    pub manifest: Vec<ManifestEntry>,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct SyncAdded {
    pub filename: String,
    pub path: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct SyncModified {
    pub filename: String,
    pub path: String,
    pub stale_file_id: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct SyncDeleted {
    pub file_id: String,
    pub filename: String,
}

/// What a folder sync must upload, replace and remove.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct SyncDiff {
    pub added: Vec<SyncAdded>,
    pub modified: Vec<SyncModified>,
    pub deleted: Vec<SyncDeleted>,
    /// Folder paths to create, shallowest first.
    pub mkdir: Vec<String>,
    /// Ids of folders no longer needed.
    pub rmdir: Vec<String>,
    pub unmodified_count: i64,
    /// `{path: directory id}` of the existing folders.
    pub directory_map: std::collections::BTreeMap<String, String>,
}

/// A KB's export: a zip name and its bytes.
#[derive(Clone, Debug)]
pub struct Export {
    /// `<name>.zip`, the KB's name with characters other than letters,
    /// digits, space, `-` and `_` replaced by `_`.
    pub filename: String,
    pub zip: Vec<u8>,
}
