//! Channel shapes, serialized as upstream's JSON. Every timestamp here is
//! in nanoseconds.

use serde::Serialize;
use serde_json::Value;

use crate::core::access::Grant;

/// A stored `channel` row.
#[derive(Clone, Debug)]
pub struct ChannelRow {
    pub id: String,
    pub user_id: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub is_private: Option<bool>,
    pub data: Option<Value>,
    pub meta: Option<Value>,
    pub created_at: Option<i64>,
    pub updated_at: Option<i64>,
    pub updated_by: Option<String>,
    pub archived_at: Option<i64>,
    pub archived_by: Option<String>,
    pub deleted_at: Option<i64>,
    pub deleted_by: Option<String>,
}

impl ChannelRow {
    /// A private group or a direct message: access through membership.
    pub fn is_membership(&self) -> bool {
        matches!(self.kind.as_deref(), Some("group" | "dm"))
    }
}

/// `UserIdNameStatusResponse`: a DM participant.
#[derive(Clone, Debug, Serialize, PartialEq, schemars::JsonSchema)]
pub struct UserIdNameStatus {
    pub status_emoji: Option<String>,
    pub status_message: Option<String>,
    pub status_expires_at: Option<i64>,
    pub id: String,
    pub name: String,
    pub is_active: bool,
}

/// `ChannelListItemResponse`: one entry of `GET /api/v1/channels/`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ChannelListItem {
    pub id: String,
    pub user_id: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub is_private: Option<bool>,
    pub data: Option<Value>,
    pub meta: Option<Value>,
    pub access_grants: Vec<Grant>,
    pub created_at: i64,
    pub updated_at: i64,
    pub updated_by: Option<String>,
    pub archived_at: Option<i64>,
    pub archived_by: Option<String>,
    pub deleted_at: Option<i64>,
    pub deleted_by: Option<String>,
    pub is_channel_muted: bool,
    pub user_ids: Option<Vec<String>>,
    pub users: Option<Vec<UserIdNameStatus>>,
    pub last_message_at: Option<i64>,
    pub unread_count: i64,
}

/// The caller's membership row, the parts the list needs.
#[derive(Clone, Debug, Default)]
pub struct Membership {
    pub last_read_at: Option<i64>,
    pub is_channel_muted: bool,
}
