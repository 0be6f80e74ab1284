//! Chat shapes, serialized as upstream's JSON.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::spliced::ChatDoc;
use super::text::{write_str, write_value};

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
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Chat {
    pub id: String,
    pub user_id: String,
    pub title: String,
    pub chat: ChatDoc,
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

impl Chat {
    /// The chat as JSON text, its document spliced in (what serializing it
    /// gives, without checking the stored texts again on the way).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(1024);
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        let json = |out: &mut String, name: &str, v: Value| {
            out.push_str(name);
            write_value(out, &v);
        };
        out.push_str("{\"id\":");
        write_str(out, &self.id);
        out.push_str(",\"user_id\":");
        write_str(out, &self.user_id);
        out.push_str(",\"title\":");
        write_str(out, &self.title);
        out.push_str(",\"chat\":");
        self.chat.write_json(out);
        json(out, ",\"updated_at\":", self.updated_at.into());
        json(out, ",\"created_at\":", self.created_at.into());
        json(out, ",\"share_id\":", self.share_id.clone().into());
        json(out, ",\"archived\":", self.archived.into());
        json(out, ",\"pinned\":", self.pinned.into());
        json(out, ",\"meta\":", self.meta.clone());
        json(out, ",\"variables\":", self.variables.clone());
        json(out, ",\"folder_id\":", self.folder_id.clone().into());
        json(out, ",\"tasks\":", self.tasks.clone().into());
        json(out, ",\"summary\":", self.summary.clone().into());
        json(
            out,
            ",\"current_message_id\":",
            self.current_message_id.clone().into(),
        );
        json(
            out,
            ",\"context_usage\":",
            self.context_usage.clone().into(),
        );
        out.push('}');
    }

    /// Several chats as one JSON list.
    pub fn list_to_json(chats: &[Chat]) -> String {
        let mut out = String::from("[");
        for (i, c) in chats.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            c.write_json(&mut out);
        }
        out.push(']');
        out
    }
}

/// `ChatTitleIdResponse`: one entry of a chat list.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
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
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct ChatForm {
    pub chat: serde_json::Map<String, Value>,
    #[serde(default)]
    pub variables: Option<Value>,
    #[serde(default)]
    pub folder_id: Option<String>,
}

/// `GET /api/v1/chats/` query.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
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
