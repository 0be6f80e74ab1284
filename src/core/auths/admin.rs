//! The admin's auth settings (`/api/v1/auths/admin/config`), stored in the
//! config store under upstream's keys.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::core::Ctx;
use crate::core::actor::{Actor, Role};
use crate::core::configs;
use crate::error::{Error, Result, msg};

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Bool,
    Str,
    OptStr,
    Object,
    IntOrStr,
    OptPositiveInt,
}

#[derive(Clone, Copy, PartialEq)]
enum Absent {
    /// The field must be sent.
    Required,
    /// Not sent = left as it is.
    Unchanged,
    /// Not sent = this value is saved.
    Default(&'static str),
}

/// (wire field, config key, type, what absence means)
const FIELDS: &[(&str, &str, Kind, Absent)] = &[
    (
        "ENABLE_MFA",
        "auth.mfa.enable",
        Kind::Bool,
        Absent::Unchanged,
    ),
    (
        "MFA_ALLOW_OAUTH_BYPASS",
        "auth.mfa.allow_oauth_bypass",
        Kind::Bool,
        Absent::Unchanged,
    ),
    (
        "MFA_ALLOW_TRUSTED_HEADER_BYPASS",
        "auth.mfa.allow_trusted_header_bypass",
        Kind::Bool,
        Absent::Unchanged,
    ),
    (
        "SHOW_ADMIN_DETAILS",
        "auth.admin.show",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "ADMIN_EMAIL",
        "auth.admin.email",
        Kind::OptStr,
        Absent::Default("null"),
    ),
    ("WEBUI_URL", "webui.url", Kind::Str, Absent::Required),
    (
        "ENABLE_LOGIN_FORM",
        "ui.enable_login_form",
        Kind::Bool,
        Absent::Unchanged,
    ),
    (
        "ENABLE_SIGNUP",
        "ui.enable_signup",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "ENABLE_API_KEYS",
        "auth.enable_api_keys",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS",
        "auth.api_key.endpoint_restrictions",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "API_KEYS_ALLOWED_ENDPOINTS",
        "auth.api_key.allowed_endpoints",
        Kind::Str,
        Absent::Required,
    ),
    (
        "DEFAULT_USER_ROLE",
        "ui.default_user_role",
        Kind::Str,
        Absent::Required,
    ),
    (
        "DEFAULT_GROUP_ID",
        "ui.default_group_id",
        Kind::Str,
        Absent::Required,
    ),
    (
        "DEFAULT_INTERFACE_SETTINGS",
        "ui.default_interface_settings",
        Kind::Object,
        Absent::Default("{}"),
    ),
    ("I18N", "ui.i18n", Kind::Object, Absent::Unchanged),
    (
        "JWT_EXPIRES_IN",
        "auth.jwt_expiry",
        Kind::Str,
        Absent::Required,
    ),
    (
        "ENABLE_COMMUNITY_SHARING",
        "ui.enable_community_sharing",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "ENABLE_MESSAGE_RATING",
        "ui.enable_message_rating",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "ENABLE_FOLDERS",
        "folders.enable",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "FOLDER_MAX_FILE_COUNT",
        "folders.max_file_count",
        Kind::IntOrStr,
        Absent::Default("\"\""),
    ),
    (
        "AUTOMATION_MAX_COUNT",
        "automations.max_count",
        Kind::IntOrStr,
        Absent::Default("\"\""),
    ),
    (
        "AUTOMATION_MIN_INTERVAL",
        "automations.min_interval",
        Kind::IntOrStr,
        Absent::Default("\"\""),
    ),
    (
        "ENABLE_AUTOMATIONS",
        "automations.enable",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "ENABLE_CHANNELS",
        "channels.enable",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "ENABLE_ENCRYPTED_CHANNELS",
        "channels.encryption.enable",
        Kind::Bool,
        Absent::Unchanged,
    ),
    ("ENABLE_APPS", "apps.enable", Kind::Bool, Absent::Unchanged),
    (
        "CHANNEL_MODEL_RESPONSE_MODE",
        "channels.model_response_mode",
        Kind::Str,
        Absent::Default("\"thread\""),
    ),
    (
        "ENABLE_CALENDAR",
        "calendar.enable",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "ENABLE_MEMORIES",
        "memories.enable",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "ENABLE_MEMORY_SYSTEM_CONTEXT",
        "memories.system_context.enable",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "ENABLE_SKILL_LAZY_LOADING",
        "skills.lazy_loading.enable",
        Kind::Bool,
        Absent::Unchanged,
    ),
    (
        "SKILL_CONTENT_MAX_CHARS",
        "skills.content_max_chars",
        Kind::OptPositiveInt,
        Absent::Unchanged,
    ),
    (
        "SKILL_PREVIEW_MAX_CHARS",
        "skills.preview_max_chars",
        Kind::OptPositiveInt,
        Absent::Unchanged,
    ),
    ("ENABLE_NOTES", "notes.enable", Kind::Bool, Absent::Required),
    (
        "ENABLE_USER_WEBHOOKS",
        "ui.enable_user_webhooks",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "ENABLE_USER_STATUS",
        "users.enable_status",
        Kind::Bool,
        Absent::Required,
    ),
    (
        "PENDING_USER_OVERLAY_TITLE",
        "ui.pending_user_overlay_title",
        Kind::OptStr,
        Absent::Default("null"),
    ),
    (
        "PENDING_USER_OVERLAY_CONTENT",
        "ui.pending_user_overlay_content",
        Kind::OptStr,
        Absent::Default("null"),
    ),
    (
        "RESPONSE_WATERMARK",
        "ui.watermark",
        Kind::OptStr,
        Absent::Default("null"),
    ),
];

/// `GET /api/v1/auths/admin/config`.
pub fn get(cx: &Ctx, actor: &Actor) -> Result<Value> {
    actor.require_admin()?;
    let mut m = Map::new();
    for (field, key, _, _) in FIELDS {
        m.insert(field.to_string(), cx.store.get(key));
    }
    Ok(Value::Object(m))
}

fn type_ok(kind: Kind, v: &Value) -> bool {
    match kind {
        Kind::Bool => v.is_boolean(),
        Kind::Str => v.is_string(),
        Kind::OptStr => v.is_string() || v.is_null(),
        Kind::Object => v.is_object() || v.is_null(),
        Kind::IntOrStr => v.is_i64() || v.is_string() || v.is_null(),
        Kind::OptPositiveInt => v.is_null() || v.as_i64().is_some_and(|n| n > 0),
    }
}

/// `POST /api/v1/auths/admin/config`: a missing or mistyped field refuses
/// the whole form (malformed); invalid role, lifetime or channel mode values are
/// skipped, as upstream does.
pub fn set(cx: &Ctx, actor: &Actor, form: Value) -> Result<Value> {
    actor.require_admin()?;
    let bad = || Error::malformed(msg::INVALID_AUTH_REQUEST);
    let Value::Object(form) = form else {
        return Err(bad());
    };
    let mut out: BTreeMap<String, Value> = BTreeMap::new();
    for (field, key, kind, absent) in FIELDS {
        let v = match (form.get(*field), absent) {
            (Some(v), _) => {
                if !type_ok(*kind, v) {
                    return Err(bad());
                }
                v.clone()
            }
            (None, Absent::Required) => return Err(bad()),
            (None, Absent::Unchanged) => continue,
            (None, Absent::Default(d)) => serde_json::from_str(d).unwrap_or(Value::Null),
        };
        let v = match (*field, v) {
            ("DEFAULT_INTERFACE_SETTINGS" | "I18N", Value::Null) => json!({}),
            (
                "FOLDER_MAX_FILE_COUNT" | "AUTOMATION_MAX_COUNT" | "AUTOMATION_MIN_INTERVAL",
                Value::Null,
            ) => {
                json!("")
            }
            ("DEFAULT_USER_ROLE", v)
                if v.as_str().and_then(|r| r.parse::<Role>().ok()).is_none() =>
            {
                continue;
            }
            ("CHANNEL_MODEL_RESPONSE_MODE", v)
                if !matches!(v.as_str(), Some("thread" | "channel")) =>
            {
                continue;
            }
            ("JWT_EXPIRES_IN", v)
                if crate::core::auths::token::parse_expiry(v.as_str().unwrap_or("x")).is_err() =>
            {
                continue;
            }
            ("ENABLE_MFA", Value::Bool(true)) => {
                return Err(Error::invalid(
                    "Multi-factor authentication is not available in owui yet.",
                ));
            }
            (_, v) => v,
        };
        // a feature owui does not run is not turned on
        configs::refuse_unrun(cx, field, key, v == Value::Bool(true))?;
        out.insert(key.to_string(), v);
    }
    configs::save(cx, &out)?;
    let mut v = get(cx, actor)?;
    v["sessions_revoked"] = Value::Bool(false);
    Ok(v)
}
