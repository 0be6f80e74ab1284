//! The catalogue of config-store keys and their first-start defaults, built
//! from the process settings (upstream's environment variables).

use serde_json::{Value, json};

use crate::config::Config;

/// Every known key with its default. A key not listed here is refused by
/// `owui config set` (the HTTP import accepts any key, as upstream does).
pub fn defaults(cfg: &Config) -> Vec<(&'static str, Value)> {
    let auth = cfg.bool("WEBUI_AUTH");
    vec![
        ("webui.url", json!(cfg.get("WEBUI_URL"))),
        ("ui.enable_signup", json!(auth && cfg.bool("ENABLE_SIGNUP"))),
        ("ui.enable_login_form", json!(cfg.bool("ENABLE_LOGIN_FORM"))),
        ("ui.enable_password_change_form", json!(true)),
        ("ui.default_locale", json!(cfg.get("DEFAULT_LOCALE"))),
        ("ui.default_models", optional(cfg, "DEFAULT_MODELS")),
        (
            "ui.default_pinned_models",
            optional(cfg, "DEFAULT_PINNED_MODELS"),
        ),
        ("ui.default_interface_settings", json!({})),
        ("ui.visibility", json!({})),
        ("ui.i18n", json!({})),
        ("ui.prompt_suggestions", Value::Null),
        ("ui.prompt_suggestions_i18n", json!({})),
        ("ui.model_order_list", model_order(cfg)),
        ("ui.default_user_role", json!(cfg.get("DEFAULT_USER_ROLE"))),
        ("ui.default_group_id", json!("")),
        ("ui.pending_user_overlay_title", json!("")),
        ("ui.pending_user_overlay_content", json!("")),
        ("ui.watermark", json!("")),
        ("ui.banners", json!([])),
        ("ui.enable_community_sharing", json!(true)),
        ("ui.enable_message_rating", json!(true)),
        ("ui.enable_user_webhooks", json!(false)),
        (
            "user.permissions",
            crate::core::users::permissions::env_defaults(cfg),
        ),
        ("openai.enable", json!(cfg.bool("ENABLE_OPENAI_API"))),
        ("openai.api_base_urls", json!(openai_urls(cfg))),
        ("openai.api_keys", json!(openai_keys(cfg))),
        (
            "openai.api_configs",
            json_setting(cfg, "OPENAI_API_CONFIGS"),
        ),
        ("ollama.enable", json!(cfg.bool("ENABLE_OLLAMA_API"))),
        ("ollama.base_urls", json!(ollama_urls(cfg))),
        (
            "ollama.api_configs",
            json_setting(cfg, "OLLAMA_API_CONFIGS"),
        ),
        (
            "models.default_metadata",
            json_setting(cfg, "DEFAULT_MODEL_METADATA"),
        ),
        (
            "models.default_params",
            json_setting(cfg, "DEFAULT_MODEL_PARAMS"),
        ),
        (
            "models.base_models_cache",
            json!(cfg.bool("ENABLE_BASE_MODELS_CACHE")),
        ),
        ("auth.enable_api_keys", json!(cfg.bool("ENABLE_API_KEYS"))),
        ("auth.api_key.endpoint_restrictions", json!(false)),
        ("auth.api_key.allowed_endpoints", json!("")),
        ("auth.jwt_expiry", json!(cfg.get("JWT_EXPIRES_IN"))),
        ("auth.admin.show", json!(true)),
        ("auth.admin.email", Value::Null),
        ("auth.mfa.enable", json!(false)),
        ("auth.mfa.allow_oauth_bypass", json!(false)),
        ("auth.mfa.allow_trusted_header_bypass", json!(false)),
        ("ldap.enable", json!(false)),
        ("oauth.enable", json!(true)),
        ("oauth.auto_redirect", json!(false)),
        ("folders.enable", json!(true)),
        ("folders.max_file_count", json!("")),
        // features owui does not run start off (turning them on is refused)
        ("automations.enable", json!(false)),
        ("automations.max_count", json!("")),
        ("automations.min_interval", json!("")),
        ("channels.enable", json!(false)),
        ("channels.encryption.enable", json!(false)),
        ("channels.model_response_mode", json!("thread")),
        ("apps.enable", json!(false)),
        ("calendar.enable", json!(false)),
        ("notes.enable", json!(false)),
        // memories run; their background review does not
        ("memories.enable", json!(cfg.bool("ENABLE_MEMORIES"))),
        (
            "memories.system_context.enable",
            json!(cfg.bool("ENABLE_MEMORY_SYSTEM_CONTEXT")),
        ),
        ("memories.background_review.enable", json!(false)),
        (
            "memories.review_interval_turns",
            json!(cfg.int("MEMORIES_REVIEW_INTERVAL_TURNS").unwrap_or(10)),
        ),
        (
            "memories.user_char_limit",
            json!(cfg.int("MEMORIES_USER_CHAR_LIMIT").unwrap_or(2000)),
        ),
        (
            "memories.context_char_limit",
            json!(cfg.int("MEMORIES_CONTEXT_CHAR_LIMIT").unwrap_or(2000)),
        ),
        ("skills.lazy_loading.enable", json!(false)),
        ("skills.content_max_chars", Value::Null),
        ("skills.preview_max_chars", Value::Null),
        ("users.enable_status", json!(true)),
        ("subagents.enable", json!(false)),
        (
            "direct.enable",
            json!(cfg.bool("ENABLE_DIRECT_CONNECTIONS")),
        ),
        (
            "direct.integrations.enable",
            json!(cfg.bool("ENABLE_DIRECT_INTEGRATIONS")),
        ),
        ("tool_server.connections", json!([])),
        ("terminal_server.connections", json!([])),
        (
            "code_execution.enable",
            json!(cfg.bool("ENABLE_CODE_EXECUTION")),
        ),
        (
            "code_execution.engine",
            json!(cfg.get("CODE_EXECUTION_ENGINE")),
        ),
        (
            "code_interpreter.enable",
            json!(cfg.bool("ENABLE_CODE_INTERPRETER")),
        ),
        (
            "code_interpreter.engine",
            json!(cfg.get("CODE_INTERPRETER_ENGINE")),
        ),
        ("chat.tool_permissions.enable", json!(false)),
        ("chat.context_compaction.enable", json!(false)),
        ("chat.context_compaction.model", json!("")),
        (
            "chat.context_compaction.token_threshold",
            json!(crate::core::chats::default_threshold(cfg)),
        ),
        ("chat.context_compaction.token_cap", Value::Null),
        (
            "chat.context_compaction.retention_percentage",
            json!(crate::core::chats::default_retention(cfg)),
        ),
        ("chat.context_compaction.prompt_template", json!("")),
        ("chat.tool_search.enable", json!(false)),
        ("chat.tool_search.defer_threshold", json!(400)),
        ("chat.tool_search.always_loaded", json!([])),
        ("chat.tool_search.defer_builtin_tools", json!(true)),
        ("evaluation.arena.enable", json!(false)),
        ("evaluation.arena.models", json!([])),
        ("image_generation.enable", json!(false)),
        ("audio.realtime.enabled", json!(false)),
        ("audio.realtime.model", json!("gpt-realtime-2.1-mini")),
        ("audio.realtime.voice", json!("marin")),
        ("audio.tts.engine", json!("")),
        ("audio.tts.voice", json!("alloy")),
        ("audio.tts.split_on", json!("punctuation")),
        ("audio.stt.engine", json!("")),
    ]
    .into_iter()
    .chain(crate::core::tasks::defaults(cfg))
    .chain(super::forms::defaults(cfg))
    .chain(crate::core::retrieval::settings::defaults(cfg))
    .collect()
}

const OPENAI_DEFAULT_URL: &str = "https://api.openai.com/v1";

fn split(s: &str) -> Vec<String> {
    s.split(';').map(|p| p.trim().to_string()).collect()
}

/// `OPENAI_API_BASE_URLS` (empty entries mean OpenAI's own), else
/// `OPENAI_API_BASE_URL`; trailing slashes trimmed.
fn openai_urls(cfg: &Config) -> Vec<String> {
    let many = cfg.get("OPENAI_API_BASE_URLS");
    let urls = if many.trim().is_empty() {
        let one = cfg.get("OPENAI_API_BASE_URL").trim();
        vec![
            if one.is_empty() {
                OPENAI_DEFAULT_URL
            } else {
                one
            }
            .to_string(),
        ]
    } else {
        split(many)
            .into_iter()
            .map(|u| {
                if u.is_empty() {
                    OPENAI_DEFAULT_URL.into()
                } else {
                    u
                }
            })
            .collect()
    };
    urls.into_iter()
        .map(|u| u.trim_end_matches('/').to_string())
        .collect()
}

fn openai_keys(cfg: &Config) -> Vec<String> {
    let many = cfg.get("OPENAI_API_KEYS");
    if many.trim().is_empty() {
        vec![cfg.get("OPENAI_API_KEY").trim().to_string()]
    } else {
        split(many)
    }
}

fn ollama_urls(cfg: &Config) -> Vec<String> {
    let many = cfg.get("OLLAMA_BASE_URLS");
    let urls = if many.trim().is_empty() {
        vec![cfg.get("OLLAMA_BASE_URL").trim().to_string()]
    } else {
        split(many)
    };
    urls.into_iter()
        .filter(|u| !u.is_empty())
        .map(|u| u.trim_end_matches('/').to_string())
        .collect()
}

/// A setting holding a JSON object; anything else counts as `{}`.
fn json_setting(cfg: &Config, name: &str) -> Value {
    serde_json::from_str::<Value>(cfg.get(name))
        .ok()
        .filter(Value::is_object)
        .unwrap_or_else(|| json!({}))
}

/// A setting that is `null` when empty.
fn optional(cfg: &Config, name: &str) -> Value {
    match cfg.get(name) {
        "" => Value::Null,
        v => json!(v),
    }
}

/// `MODEL_ORDER_LIST`: a JSON list of model ids; anything else counts as `[]`.
fn model_order(cfg: &Config) -> Value {
    serde_json::from_str::<Value>(cfg.get("MODEL_ORDER_LIST"))
        .ok()
        .filter(Value::is_array)
        .unwrap_or_else(|| json!([]))
}
