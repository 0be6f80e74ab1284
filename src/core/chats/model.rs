//! Chat shapes, serialized as upstream's JSON.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A `chat` row; `chat` holds the document without its messages.
#[derive(Clone, Debug)]
pub struct ChatRow {
    pub id: String,
    pub user_id: String,
    pub title: String,
    pub chat: Value,
    pub created_at: i64,
    pub updated_at: i64,
    pub share_id: Option<String>,
    pub archived: bool,
    pub pinned: bool,
    pub meta: Value,
    pub variables: Option<Value>,
    pub folder_id: Option<String>,
    pub tasks: Option<Value>,
    pub summary: Option<String>,
    pub current_message_id: Option<String>,
    pub last_read_at: Option<i64>,
}

/// `ChatResponse`: the full chat with its document assembled.
#[derive(Clone, Debug, Serialize)]
pub struct Chat {
    pub id: String,
    pub user_id: String,
    pub title: String,
    pub chat: Value,
    pub updated_at: i64,
    pub created_at: i64,
    pub share_id: Option<String>,
    pub archived: bool,
    pub pinned: bool,
    pub meta: Value,
    pub variables: Value,
    pub folder_id: Option<String>,
    pub tasks: Option<Value>,
    pub summary: Option<String>,
    pub current_message_id: Option<String>,
    /// Token accounting for context compaction (not computed yet).
    pub context_usage: Option<Value>,
}

/// `ChatTitleIdResponse`: one entry of a chat list.
#[derive(Clone, Debug, Serialize)]
pub struct TitleItem {
    pub id: String,
    pub title: String,
    pub updated_at: i64,
    pub created_at: i64,
    pub last_read_at: Option<i64>,
    pub snippet: Option<String>,
    pub active: bool,
    pub archived: bool,
}

/// `ChatForm`.
#[derive(Clone, Debug, Deserialize)]
pub struct ChatForm {
    pub chat: serde_json::Map<String, Value>,
    #[serde(default)]
    pub variables: Option<Value>,
    #[serde(default)]
    pub folder_id: Option<String>,
}

/// `GET /api/v1/chats/` query.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ListQuery {
    pub page: Option<i64>,
    pub include_pinned: Option<bool>,
    pub include_folders: Option<bool>,
    pub sort_by: Option<String>,
    pub sort_dir: Option<String>,
}

/// A chat as listed inside a folder (any owner).
#[derive(Clone, Debug)]
pub struct FolderChat {
    pub id: String,
    pub title: String,
    pub user_id: String,
    pub updated_at: i64,
    pub created_at: i64,
    pub last_read_at: Option<i64>,
    /// An assistant reply is still being written.
    pub active: bool,
    /// Ids of the users who wrote its user messages.
    pub authors: Vec<String>,
}
