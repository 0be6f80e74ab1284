//! User shapes, serialized as upstream's JSON.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::core::actor::Role;

/// `UserModel`: one account.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct User {
    pub id: String,
    pub email: String,
    pub username: Option<String>,
    pub role: Role,
    pub name: String,
    pub profile_image_url: String,
    pub profile_banner_image_url: Option<String>,
    pub bio: Option<String>,
    pub gender: Option<String>,
    pub date_of_birth: Option<String>,
    pub timezone: Option<String>,
    pub presence_state: Option<String>,
    pub status_emoji: Option<String>,
    pub status_message: Option<String>,
    pub status_expires_at: Option<i64>,
    pub info: Option<Value>,
    pub settings: Option<Value>,
    pub oauth: Option<Value>,
    pub scim: Option<Value>,
    pub last_active_at: i64,
    pub updated_at: i64,
    pub created_at: i64,
}

impl User {
    /// The stored image, or the default image route when none is stored.
    pub fn image_url(&self) -> String {
        if self.profile_image_url.is_empty() {
            default_image(&self.id)
        } else {
            self.profile_image_url.clone()
        }
    }

    pub fn is_active(&self, now: i64) -> bool {
        now - self.last_active_at < 180
    }
}

pub fn default_image(id: &str) -> String {
    format!("/api/v1/users/{id}/profile/image")
}

/// `UserInfo`: the short form used in lists.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct UserInfo {
    pub status_emoji: Option<String>,
    pub status_message: Option<String>,
    pub status_expires_at: Option<i64>,
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub bio: Option<String>,
    pub last_active_at: Option<i64>,
    pub timezone: Option<String>,
    pub groups: Vec<Value>,
    pub is_active: bool,
}

impl From<&User> for UserInfo {
    fn from(u: &User) -> Self {
        UserInfo {
            status_emoji: u.status_emoji.clone(),
            status_message: u.status_message.clone(),
            status_expires_at: u.status_expires_at,
            id: u.id.clone(),
            name: u.name.clone(),
            email: u.email.clone(),
            role: u.role,
            bio: u.bio.clone(),
            last_active_at: Some(u.last_active_at),
            timezone: u.timezone.clone(),
            groups: vec![],
            is_active: false,
        }
    }
}

/// A user to create.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct NewUser {
    pub name: String,
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub profile_image_url: Option<String>,
}

/// An admin's change to a user: only `Some` fields change.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct UserPatch {
    pub role: Option<Role>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub profile_image_url: Option<String>,
    pub password: Option<String>,
}

/// The user's own profile change (`POST /auths/update/profile`).
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct ProfilePatch {
    pub profile_image_url: String,
    pub name: String,
    #[serde(default)]
    pub bio: Option<String>,
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub date_of_birth: Option<String>,
}

/// `GET /api/v1/users/` query.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct ListQuery {
    pub query: Option<String>,
    pub order_by: Option<String>,
    pub direction: Option<String>,
    pub page: Option<i64>,
}

/// `UserWithGroupIds`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct UserWithGroupIds {
    #[serde(flatten)]
    pub user: User,
    pub group_ids: Vec<String>,
}

/// A page of users.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Page<T> {
    pub users: Vec<T>,
    pub total: i64,
}
