//! Group shapes, serialized as upstream's JSON.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// `GroupWithCount` (`member_count` = direct members).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Group {
    pub id: String,
    pub parent_group_id: Option<String>,
    pub user_id: String,
    pub name: String,
    pub description: String,
    pub data: Option<Value>,
    pub meta: Option<Value>,
    pub permissions: Option<Value>,
    pub created_at: i64,
    pub updated_at: i64,
    pub member_count: i64,
}

/// `GroupInfo`: no permissions or data.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct GroupInfo {
    pub id: String,
    pub parent_group_id: Option<String>,
    pub user_id: String,
    pub name: String,
    pub description: String,
    pub member_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<Group> for GroupInfo {
    fn from(g: Group) -> Self {
        GroupInfo {
            id: g.id,
            parent_group_id: g.parent_group_id,
            user_id: g.user_id,
            name: g.name,
            description: g.description,
            member_count: g.member_count,
            created_at: g.created_at,
            updated_at: g.updated_at,
        }
    }
}

/// Distinguishes an absent key (`None`) from an explicit `null` (`Some(None)`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Value>>, D::Error> {
    Ok(Some(Option::<Value>::deserialize(d)?))
}

/// `GroupForm`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct GroupForm {
    pub name: String,
    pub description: String,
    #[serde(default, deserialize_with = "present")]
    pub parent_group_id: Option<Option<Value>>,
    #[serde(default)]
    pub permissions: Option<Value>,
    #[serde(default)]
    pub data: Option<Value>,
}

/// A change to a group: `None` leaves a field as it is.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct GroupPatch {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub parent_group_id: Option<Option<Value>>,
    #[serde(default)]
    pub permissions: Option<Value>,
    #[serde(default)]
    pub data: Option<Value>,
}

#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct UserIdsForm {
    #[serde(default)]
    pub user_ids: Vec<String>,
}

/// `GroupMember`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct GroupMember {
    #[serde(flatten)]
    pub user: crate::core::users::UserInfo,
    pub membership_type: &'static str,
    pub via_group_ids: Vec<String>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct MemberCounts {
    pub direct: i64,
    pub effective: i64,
    pub inherited: i64,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct MembersPage {
    pub items: Vec<GroupMember>,
    pub total: i64,
    pub counts: MemberCounts,
}
