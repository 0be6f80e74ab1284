//! Evaluation types, shaped like upstream's JSON (`FeedbackModel`,
//! `FeedbackForm`, `FeedbackUserResponse`, `LeaderboardResponse`, ...).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::core::actor::Role;

/// One `feedback` row (`FeedbackModel`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Feedback {
    pub id: String,
    pub user_id: String,
    pub version: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: Option<Value>,
    pub meta: Option<Value>,
    pub snapshot: Option<Value>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A rating: `1` / `-1` (or the same as strings) from the UI.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Rating {
    Int(i64),
    Str(String),
}

/// `RatingData`: the known fields, then any others as they came.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct RatingData {
    #[serde(default)]
    pub rating: Option<Rating>,
    #[serde(default)]
    pub model_id: Option<String>,
    #[serde(default)]
    pub sibling_model_ids: Option<Vec<String>>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `SnapshotData`: the chat at rating time, and any other keys.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct SnapshotData {
    #[serde(default)]
    pub chat: Option<Map<String, Value>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `FeedbackForm`, the create and update body; unknown keys (`id`,
/// `user_id`, timestamps) are ignored.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct FeedbackForm {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub data: Option<RatingData>,
    #[serde(default)]
    pub meta: Option<Map<String, Value>>,
    #[serde(default)]
    pub snapshot: Option<SnapshotData>,
}

/// `FeedbackIdResponse`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct FeedbackId {
    pub id: String,
    pub user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The author as listings show it (`UserResponse`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Author {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub last_active_at: i64,
    pub updated_at: i64,
    pub created_at: i64,
}

/// `FeedbackUserResponse`: a feedback without its snapshot, with its author.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct FeedbackItem {
    pub id: String,
    pub user_id: String,
    pub version: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: Option<Value>,
    pub meta: Option<Value>,
    pub created_at: i64,
    pub updated_at: i64,
    pub user: Option<Author>,
}

/// `FeedbackListResponse`: one page and the total.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct FeedbackPage {
    pub items: Vec<FeedbackItem>,
    pub total: i64,
}

/// `GET /feedbacks/list` filters.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct ListQuery {
    pub order_by: Option<String>,
    pub direction: Option<String>,
    pub page: Option<i64>,
    pub model_id: Option<String>,
}

/// One tag and how often a model's ratings carried it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct TagCount {
    pub tag: String,
    pub count: i64,
}

/// `LeaderboardEntry`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct LeaderboardEntry {
    pub model_id: String,
    pub rating: i64,
    pub won: i64,
    pub lost: i64,
    pub count: i64,
    pub top_tags: Vec<TagCount>,
}

/// `LeaderboardResponse`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Leaderboard {
    pub entries: Vec<LeaderboardEntry>,
}

/// One day of a model's history (`ModelHistoryEntry`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct HistoryDay {
    pub date: String,
    pub won: i64,
    pub lost: i64,
}

/// `ModelHistoryResponse`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct ModelHistory {
    pub model_id: String,
    pub history: Vec<HistoryDay>,
}

/// `POST /config`: only the fields given are written.
#[derive(Clone, Debug, Default, Deserialize, schemars::JsonSchema)]
#[allow(non_snake_case)]
pub struct ConfigForm {
    #[serde(default, deserialize_with = "lax_bool")]
    pub ENABLE_EVALUATION_ARENA_MODELS: Option<bool>,
    #[serde(default)]
    pub EVALUATION_ARENA_MODELS: Option<Vec<Map<String, Value>>>,
}

/// A boolean as upstream's forms accept one (`true`, `"yes"`, `1`, ...).
fn lax_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    let bad = || serde::de::Error::custom("Input should be a valid boolean");
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(1.0) => Ok(Some(true)),
            Some(0.0) => Ok(Some(false)),
            _ => Err(bad()),
        },
        Some(Value::String(s)) => match s.to_ascii_lowercase().as_str() {
            "1" | "on" | "t" | "true" | "y" | "yes" => Ok(Some(true)),
            "0" | "off" | "f" | "false" | "n" | "no" => Ok(Some(false)),
            _ => Err(bad()),
        },
        Some(_) => Err(bad()),
    }
}
