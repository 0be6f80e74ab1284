//! The admin's chat settings (`/api/v1/chats/config`): context compaction
//! and tool search, stored in the config store under upstream's keys.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::configs;
use crate::error::Result;

/// (wire field, config key)
const KEYS: &[(&str, &str)] = &[
    ("CONTEXT_COMPACTION_MODEL", "chat.context_compaction.model"),
    (
        "ENABLE_CONTEXT_COMPACTION",
        "chat.context_compaction.enable",
    ),
    (
        "CONTEXT_COMPACTION_TOKEN_THRESHOLD",
        "chat.context_compaction.token_threshold",
    ),
    (
        "CONTEXT_COMPACTION_TOKEN_CAP",
        "chat.context_compaction.token_cap",
    ),
    (
        "CONTEXT_COMPACTION_RETENTION_PERCENTAGE",
        "chat.context_compaction.retention_percentage",
    ),
    (
        "CONTEXT_COMPACTION_PROMPT_TEMPLATE",
        "chat.context_compaction.prompt_template",
    ),
    ("ENABLE_TOOL_PERMISSIONS", "chat.tool_permissions.enable"),
    ("ENABLE_TOOL_SEARCH", "chat.tool_search.enable"),
    (
        "TOOL_SEARCH_DEFER_THRESHOLD",
        "chat.tool_search.defer_threshold",
    ),
    (
        "TOOL_SEARCH_ALWAYS_LOADED",
        "chat.tool_search.always_loaded",
    ),
    (
        "TOOL_SEARCH_DEFER_BUILTIN_TOOLS",
        "chat.tool_search.defer_builtin_tools",
    ),
];

/// The token threshold when none is set (`CONTEXT_COMPACTION_TOKEN_THRESHOLD`).
const THRESHOLD: i64 = 80000;
/// The share of the context kept when compacting, when none is set.
const RETENTION: i64 = 40;

/// `ChatConfig`, upstream's `ChatConfigForm`.
#[allow(non_snake_case)]
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
pub struct ChatConfig {
    #[serde(default = "empty")]
    pub CONTEXT_COMPACTION_MODEL: Option<String>,
    pub ENABLE_CONTEXT_COMPACTION: bool,
    #[serde(default)]
    pub CONTEXT_COMPACTION_TOKEN_THRESHOLD: Option<i64>,
    #[serde(default)]
    pub CONTEXT_COMPACTION_TOKEN_CAP: Option<i64>,
    #[serde(default)]
    pub CONTEXT_COMPACTION_RETENTION_PERCENTAGE: Option<i64>,
    pub CONTEXT_COMPACTION_PROMPT_TEMPLATE: String,
    #[serde(default)]
    pub ENABLE_TOOL_PERMISSIONS: bool,
    #[serde(default)]
    pub ENABLE_TOOL_SEARCH: bool,
    #[serde(default = "defer_threshold")]
    pub TOOL_SEARCH_DEFER_THRESHOLD: i64,
    #[serde(default)]
    pub TOOL_SEARCH_ALWAYS_LOADED: Vec<String>,
    #[serde(default = "yes")]
    pub TOOL_SEARCH_DEFER_BUILTIN_TOOLS: bool,
}

fn empty() -> Option<String> {
    Some(String::new())
}

fn defer_threshold() -> i64 {
    400
}

fn yes() -> bool {
    true
}

/// The env-derived token threshold default.
pub fn default_threshold(cfg: &crate::config::Config) -> i64 {
    cfg.int("CONTEXT_COMPACTION_TOKEN_THRESHOLD")
        .unwrap_or(THRESHOLD)
}

/// The env-derived retention default, clamped to 10..=50.
pub fn default_retention(cfg: &crate::config::Config) -> i64 {
    cfg.int("CONTEXT_COMPACTION_RETENTION_PERCENTAGE")
        .unwrap_or(RETENTION)
        .clamp(10, 50)
}

fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

fn bool_of(v: &Value, default: bool) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => crate::config::parse_bool(s),
        Value::Number(n) => n.as_f64().unwrap_or(0.0) != 0.0,
        _ => default,
    }
}

/// The stored settings as upstream's GET shows them: an unset model is
/// `""`, an unset cap is the threshold, an unset retention is 40.
fn current(cx: &Ctx) -> ChatConfig {
    let get = |field: &str| {
        let key = KEYS.iter().find(|(f, _)| *f == field).map(|(_, k)| *k);
        key.map(|k| cx.store.get(k)).unwrap_or(Value::Null)
    };
    // every key has a catalogue default, so null here is a stored null
    let threshold = int_of(&get("CONTEXT_COMPACTION_TOKEN_THRESHOLD"));
    ChatConfig {
        CONTEXT_COMPACTION_MODEL: Some(match get("CONTEXT_COMPACTION_MODEL") {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        }),
        ENABLE_CONTEXT_COMPACTION: bool_of(&get("ENABLE_CONTEXT_COMPACTION"), false),
        CONTEXT_COMPACTION_TOKEN_THRESHOLD: threshold,
        CONTEXT_COMPACTION_TOKEN_CAP: int_of(&get("CONTEXT_COMPACTION_TOKEN_CAP")).or(threshold),
        CONTEXT_COMPACTION_RETENTION_PERCENTAGE: int_of(&get(
            "CONTEXT_COMPACTION_RETENTION_PERCENTAGE",
        ))
        .or(Some(RETENTION)),
        CONTEXT_COMPACTION_PROMPT_TEMPLATE: match get("CONTEXT_COMPACTION_PROMPT_TEMPLATE") {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        },
        ENABLE_TOOL_PERMISSIONS: bool_of(&get("ENABLE_TOOL_PERMISSIONS"), false),
        ENABLE_TOOL_SEARCH: bool_of(&get("ENABLE_TOOL_SEARCH"), false),
        TOOL_SEARCH_DEFER_THRESHOLD: int_of(&get("TOOL_SEARCH_DEFER_THRESHOLD"))
            .unwrap_or_else(defer_threshold),
        TOOL_SEARCH_ALWAYS_LOADED: match get("TOOL_SEARCH_ALWAYS_LOADED") {
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => vec![],
        },
        TOOL_SEARCH_DEFER_BUILTIN_TOOLS: bool_of(&get("TOOL_SEARCH_DEFER_BUILTIN_TOOLS"), true),
    }
}

/// `GET /api/v1/chats/config` (admin).
pub fn chat_config(cx: &Ctx, actor: &Actor) -> Result<ChatConfig> {
    actor.require_admin()?;
    Ok(current(cx))
}

/// `POST /api/v1/chats/config` (admin): save every field, clamped as
/// upstream does; returns the stored settings.
pub fn set_chat_config(cx: &Ctx, actor: &Actor, form: ChatConfig) -> Result<ChatConfig> {
    actor.require_admin()?;
    let threshold = form
        .CONTEXT_COMPACTION_TOKEN_THRESHOLD
        .unwrap_or_else(|| default_threshold(&cx.cfg))
        .max(1);
    // upstream: `cap or threshold` (0 counts as unset)
    let cap = form
        .CONTEXT_COMPACTION_TOKEN_CAP
        .filter(|c| *c != 0)
        .unwrap_or(threshold)
        .max(1);
    let retention = form
        .CONTEXT_COMPACTION_RETENTION_PERCENTAGE
        .unwrap_or_else(|| default_retention(&cx.cfg))
        .clamp(10, 50);
    let always: Vec<String> = form
        .TOOL_SEARCH_ALWAYS_LOADED
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let values = [
        json!(form.CONTEXT_COMPACTION_MODEL.unwrap_or_default()),
        json!(form.ENABLE_CONTEXT_COMPACTION),
        json!(threshold),
        json!(cap),
        json!(retention),
        json!(form.CONTEXT_COMPACTION_PROMPT_TEMPLATE),
        json!(form.ENABLE_TOOL_PERMISSIONS),
        json!(form.ENABLE_TOOL_SEARCH),
        json!(form.TOOL_SEARCH_DEFER_THRESHOLD.max(0)),
        json!(always),
        json!(form.TOOL_SEARCH_DEFER_BUILTIN_TOOLS),
    ];
    let entries: BTreeMap<String, Value> = KEYS
        .iter()
        .zip(values)
        .map(|((_, k), v)| (k.to_string(), v))
        .collect();
    configs::save(cx, &entries)?;
    Ok(current(cx))
}
