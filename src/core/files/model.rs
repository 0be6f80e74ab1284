//! File shapes, serialized as upstream's JSON.

use serde::Serialize;
use serde_json::Value;

/// `FileModel`: a whole `file` row (`GET /api/v1/files/{id}`).
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct FileModel {
    pub id: String,
    pub user_id: String,
    pub hash: Option<String>,
    pub filename: String,
    pub path: Option<String>,
    pub data: Option<Value>,
    pub meta: Option<Value>,
    pub created_at: Option<i64>,
    pub updated_at: Option<i64>,
}

/// `FileModelResponse` as the list sends it: no `path`, `meta` shaped as
/// `FileMeta` (`name`, `content_type`, `size`, then the other keys).
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct FileItem {
    pub id: String,
    pub user_id: String,
    pub hash: Option<String>,
    pub filename: String,
    pub data: Option<Value>,
    pub meta: Option<Value>,
    pub created_at: i64,
    pub updated_at: Option<i64>,
}

/// `FileListResponse`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct FileList {
    pub items: Vec<FileItem>,
    pub total: i64,
}

/// The upload answer: `FileModelResponse` with its extra keys, `status:
/// true` when processing was asked for, then `path`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Uploaded {
    #[serde(flatten)]
    pub file: FileItem,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<bool>,
    pub path: Option<String>,
}

/// `{"status": ...}` of `GET /{id}/process/status`, also one event of its
/// stream (`error` only with `failed`).
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct ProcessStatus {
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
}

/// What one upload brings besides its bytes.
#[derive(Clone, Debug, Default)]
pub struct UploadForm {
    /// The multipart part's file name, as the client sent it.
    pub filename: String,
    /// The part's `Content-Type`, as sent (not sniffed).
    pub content_type: Option<String>,
    /// The `metadata` form field: JSON text of an object.
    pub metadata: Option<String>,
    /// `?process=` (default true).
    pub process: bool,
}

/// How to send a file's bytes (`GET /{id}/content`).
#[derive(Clone, Debug, PartialEq)]
pub struct Download {
    pub path: std::path::PathBuf,
    /// `Content-Type`; `None` lets the server guess from the stored name.
    pub content_type: Option<String>,
    /// Whole `Content-Disposition` value, if any.
    pub disposition: Option<String>,
}

/// `GET /{id}/content/{file_name}`: the bytes, or the extracted text
/// when they are gone.
#[derive(Clone, Debug, PartialEq)]
pub enum NamedDownload {
    File(Download),
    /// `data.content` as `text/plain`, with the `Content-Disposition`.
    Text {
        text: String,
        disposition: String,
    },
}

/// `FileModelResponse` with its extra `path` (what `/search` and
/// `/user/search` send).
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct FileFound {
    #[serde(flatten)]
    pub file: FileItem,
    pub path: Option<String>,
}

/// Whose files a search or count covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scope<'a> {
    /// What the caller may list: their own, or every file for an admin
    /// when `BYPASS_ADMIN_ACCESS_CONTROL` is on (as `GET /` lists).
    Visible,
    /// The caller's own files.
    Own,
    /// One user's files (by id): the caller's own, or anyone's for an
    /// admin.
    User(&'a str),
}

/// A search by file name.
#[derive(Clone, Debug, PartialEq)]
pub struct FileQuery {
    /// A glob: `*` any run of characters, `?` one; case-insensitive.
    pub filename: String,
    /// Keep `data.content` (the extracted text) in the answer.
    pub content: bool,
    pub skip: i64,
    pub limit: i64,
}

impl FileModel {
    /// `meta` as `FileMeta` dumps it (legacy list content types read as
    /// their first string).
    pub fn file_meta(&self) -> Option<Value> {
        let meta = self.meta.as_ref()?;
        let mut shaped = crate::core::tools::with_declared(
            Some(meta),
            &[
                ("name", Value::Null),
                ("content_type", Value::Null),
                ("size", Value::Null),
            ],
        );
        if let Some(Value::Array(a)) = shaped.get("content_type") {
            let first = a.iter().find(|v| v.is_string()).cloned();
            shaped["content_type"] = first.unwrap_or(Value::Null);
        }
        Some(shaped)
    }

    /// The list/upload shape of this row.
    pub fn item(&self) -> FileItem {
        FileItem {
            id: self.id.clone(),
            user_id: self.user_id.clone(),
            hash: self.hash.clone(),
            filename: self.filename.clone(),
            data: self.data.clone(),
            meta: self.file_meta(),
            created_at: self.created_at.unwrap_or(0),
            updated_at: self.updated_at,
        }
    }

    /// `meta.name`, else `filename`.
    pub fn display_name(&self) -> String {
        self.meta
            .as_ref()
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| self.filename.clone())
    }

    /// `meta.content_type` when it is a string (first string of a legacy list).
    pub fn content_type(&self) -> Option<String> {
        match self.meta.as_ref()?.get("content_type")? {
            Value::String(s) => Some(s.clone()),
            Value::Array(a) => a.iter().find_map(|v| v.as_str().map(str::to_string)),
            _ => None,
        }
    }
}
