//! App-level endpoints: health, version, `/api/config`, manifest, usage.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::AppState;
use super::error::{ApiError, ApiResult};
use super::extract::{MaybeUser, Verified};
use crate::core::Ctx;
use crate::core::actor::{Actor, Role};

super::routing::routes! {
    "/health" => get(health),
    "/ready" => get(ready),
    "/health/db" => get(health_db),
    "/api/version" => get(version),
    "/api/config" => get_with(config, super::openapi::built::json::<serde_json::Value>),
    "/api/usage" => get(usage),
    "/manifest.json" => get(manifest),
}

async fn health() -> Json<Value> {
    Json(json!({"status": true}))
}

async fn ready(State(st): State<AppState>) -> ApiResult<Json<Value>> {
    st.cx
        .blocking(|cx| cx.db.ping())
        .await
        .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "Database not ready"))?;
    Ok(Json(json!({"status": true})))
}

async fn health_db(State(st): State<AppState>) -> ApiResult<Json<Value>> {
    st.cx
        .blocking(|cx| cx.db.ping())
        .await
        .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error"))?;
    Ok(Json(json!({"status": true})))
}

async fn version(State(st): State<AppState>) -> Json<Value> {
    Json(json!({
        "version": crate::UPSTREAM_VERSION,
        "deployment_id": st.cx.cfg.get("DEPLOYMENT_ID"),
        "owui_version": crate::VERSION,
    }))
}

/// Areas owui does not have yet: their features are reported off so the
/// frontend hides them.
const NOT_YET: &[&str] = &[
    "enable_direct_connections",
    "enable_direct_integrations",
    "enable_plugins",
    "enable_tools",
    "enable_functions",
    "enable_tool_servers",
    "enable_terminal_servers",
    "enable_channels",
    "enable_encrypted_channels",
    "enable_apps",
    "enable_calendar",
    "enable_automations",
    "enable_notes",
    "enable_tool_permissions",
    "enable_web_search_confirmation",
    "enable_code_interpreter",
    "enable_image_generation",
    "enable_community_sharing",
    "enable_user_webhooks",
    "enable_google_drive_integration",
    "enable_onedrive_integration",
    "enable_subagents",
    "enable_version_update_check",
    // the frontend would ask for `/api/v1/analytics/*`, which owui lacks
    "enable_admin_analytics",
];

/// `AppConfig` for the caller: signed out, pending, or signed in.
pub fn app_config(cx: &Ctx, user: Option<&Actor>, onboarding: bool) -> Value {
    let mut out = about(cx, onboarding);
    let mut features = auth_features(cx);
    let Some(user) = user else {
        out.insert("features".into(), Value::Object(features));
        return Value::Object(out);
    };
    features.extend(signed_in_features(cx));
    out.insert("features".into(), Value::Object(features));
    if !user.is_verified() {
        out.insert("ui".into(), pending_overlay(cx));
        return Value::Object(out);
    }
    out.extend(default_models_and_prompts(cx));
    out.insert("code".into(), code(cx));
    out.insert("audio".into(), audio(cx));
    out.insert("file".into(), file_limits(cx));
    out.insert("permissions".into(), cx.store.get("user.permissions"));
    out.extend(integrations());
    out.insert("ui".into(), ui(cx));
    out.insert("license_metadata".into(), Value::Null);
    Value::Object(out)
}

/// The instance: name, version, locale, sign-in providers (after
/// `onboarding` while nobody has signed up).
fn about(cx: &Ctx, onboarding: bool) -> Map<String, Value> {
    let s = &cx.store;
    let mut out = Map::new();
    if onboarding {
        out.insert("onboarding".into(), json!(true));
    }
    out.insert("status".into(), json!(true));
    out.insert("name".into(), json!(cx.cfg.get("WEBUI_NAME")));
    out.insert("version".into(), json!(crate::UPSTREAM_VERSION));
    out.insert("default_locale".into(), json!(cx.cfg.get("DEFAULT_LOCALE")));
    out.insert(
        "i18n".into(),
        match s.get("ui.i18n") {
            Value::Null => json!({}),
            v => v,
        },
    );
    out.insert(
        "oauth".into(),
        json!({"providers": {}, "auto_redirect": s.get("oauth.auto_redirect")}),
    );
    out
}

/// The features everyone sees: how to sign in, the socket.
fn auth_features(cx: &Ctx) -> Map<String, Value> {
    let s = &cx.store;
    let mut f = Map::new();
    f.insert("slim".into(), json!(false));
    f.insert("auth".into(), json!(cx.cfg.bool("WEBUI_AUTH")));
    f.insert("auth_trusted_header".into(), json!(false));
    f.insert("enable_signup_password_confirmation".into(), json!(false));
    f.insert("enable_ldap".into(), json!(false));
    f.insert("enable_signup".into(), s.get("ui.enable_signup"));
    f.insert("enable_login_form".into(), s.get("ui.enable_login_form"));
    f.insert(
        "enable_websocket".into(),
        json!(cx.cfg.bool("ENABLE_WEBSOCKET_SUPPORT")),
    );
    if let Some(n) = cx.cfg.int("WEBSOCKET_HEARTBEAT_INTERVAL") {
        f.insert("websocket_heartbeat_interval".into(), json!(n.clamp(5, 90)));
    }
    f
}

/// The features a signed-in user sees, group by group in upstream's
/// order; those of areas owui does not have yet ([`NOT_YET`]) are off.
fn signed_in_features(cx: &Ctx) -> Vec<(String, Value)> {
    [
        account_features(cx),
        extension_features(cx),
        workspace_features(cx),
        chat_features(cx),
        generation_features(cx),
        sharing_features(cx),
        admin_features(cx),
        integration_features(cx),
    ]
    .into_iter()
    .flatten()
    .map(|(k, v)| {
        let v = if NOT_YET.contains(&k) {
            json!(false)
        } else {
            v
        };
        (k.to_string(), v)
    })
    .collect()
}

type Features = Vec<(&'static str, Value)>;

fn account_features(cx: &Ctx) -> Features {
    let s = &cx.store;
    vec![
        ("enable_api_keys", s.get("auth.enable_api_keys")),
        (
            "enable_password_change_form",
            s.get("ui.enable_password_change_form"),
        ),
        ("enable_version_update_check", json!(false)),
        ("enable_pyodide_file_persistence", json!(false)),
        (
            "enable_public_active_users_count",
            json!(cx.cfg.bool("ENABLE_PUBLIC_ACTIVE_USERS_COUNT")),
        ),
        ("enable_easter_eggs", json!(true)),
    ]
}

/// Direct connections, plugins, tools and tool servers.
fn extension_features(cx: &Ctx) -> Features {
    let s = &cx.store;
    vec![
        ("enable_direct_connections", s.get("direct.enable")),
        (
            "enable_direct_integrations",
            s.get("direct.integrations.enable"),
        ),
        ("enable_plugins", json!(true)),
        ("enable_tools", json!(true)),
        ("enable_functions", json!(true)),
        ("enable_tool_servers", json!(true)),
        ("enable_terminal_servers", json!(false)),
    ]
}

/// Folders, channels, apps, calendar, automations, notes.
fn workspace_features(cx: &Ctx) -> Features {
    let s = &cx.store;
    vec![
        ("enable_folders", s.get("folders.enable")),
        ("folder_max_file_count", s.get("folders.max_file_count")),
        ("enable_channels", s.get("channels.enable")),
        (
            "enable_encrypted_channels",
            s.get("channels.encryption.enable"),
        ),
        ("enable_apps", s.get("apps.enable")),
        ("enable_calendar", s.get("calendar.enable")),
        ("enable_automations", s.get("automations.enable")),
        ("enable_notes", s.get("notes.enable")),
    ]
}

/// What a chat can use: compaction, tool permissions, web search, code,
/// images.
fn chat_features(cx: &Ctx) -> Features {
    let s = &cx.store;
    vec![
        (
            "enable_context_compaction",
            s.get("chat.context_compaction.enable"),
        ),
        (
            "enable_tool_permissions",
            s.get("chat.tool_permissions.enable"),
        ),
        ("enable_web_search", s.get("web.search.enable")),
        (
            "enable_web_search_confirmation",
            s.get("web.search.confirmation.enable"),
        ),
        (
            "web_search_confirmation_content",
            s.get("web.search.confirmation.content"),
        ),
        // code blocks run in the browser (pyodide); the jupyter engine
        // needs a server-side client owui does not have
        (
            "enable_code_execution",
            json!(
                s.bool("code_execution.enable") && s.string("code_execution.engine") == "pyodide"
            ),
        ),
        ("enable_code_interpreter", s.get("code_interpreter.enable")),
        ("enable_image_generation", s.get("image_generation.enable")),
    ]
}

/// The task model's work: autocomplete, titles, follow-ups, tags.
fn generation_features(cx: &Ctx) -> Features {
    let s = &cx.store;
    vec![
        (
            "enable_autocomplete_generation",
            s.get("task.autocomplete.enable"),
        ),
        ("enable_title_generation", s.get("task.title.enable")),
        (
            "enable_follow_up_generation",
            s.get("task.follow_up.enable"),
        ),
        ("enable_tags_generation", s.get("task.tags.enable")),
    ]
}

/// Sharing, ratings, webhooks, status.
fn sharing_features(cx: &Ctx) -> Features {
    let s = &cx.store;
    vec![
        (
            "enable_community_sharing",
            s.get("ui.enable_community_sharing"),
        ),
        ("enable_message_rating", s.get("ui.enable_message_rating")),
        ("enable_user_webhooks", s.get("ui.enable_user_webhooks")),
        ("enable_user_status", s.get("users.enable_status")),
    ]
}

fn admin_features(cx: &Ctx) -> Features {
    let flag = |k: &str| json!(cx.cfg.bool(k));
    vec![
        ("enable_admin_export", flag("ENABLE_ADMIN_EXPORT")),
        ("enable_admin_chat_access", flag("ENABLE_ADMIN_CHAT_ACCESS")),
        ("enable_admin_analytics", flag("ENABLE_ADMIN_ANALYTICS")),
    ]
}

/// Cloud drives, memories, sub-agents.
fn integration_features(cx: &Ctx) -> Features {
    let s = &cx.store;
    vec![
        (
            "enable_google_drive_integration",
            s.get("google_drive.enable"),
        ),
        ("enable_onedrive_integration", s.get("onedrive.enable")),
        ("enable_memories", s.get("memories.enable")),
        ("enable_subagents", s.get("subagents.enable")),
    ]
}

/// A pending user's `ui`: only the overlay saying so.
fn pending_overlay(cx: &Ctx) -> Value {
    let s = &cx.store;
    json!({
        "pending_user_overlay_title": s.get("ui.pending_user_overlay_title"),
        "pending_user_overlay_content": s.get("ui.pending_user_overlay_content"),
    })
}

/// The models and prompt suggestions of a new chat.
fn default_models_and_prompts(cx: &Ctx) -> Map<String, Value> {
    let s = &cx.store;
    let mut m = Map::new();
    m.insert("default_models".into(), s.get("ui.default_models"));
    m.insert(
        "default_pinned_models".into(),
        s.get("ui.default_pinned_models"),
    );
    m.insert(
        "default_prompt_suggestions".into(),
        s.get("ui.prompt_suggestions"),
    );
    m.insert(
        "default_prompt_suggestions_i18n".into(),
        s.get("ui.prompt_suggestions_i18n"),
    );
    m
}

fn code(cx: &Ctx) -> Value {
    let s = &cx.store;
    json!({"engine": s.get("code_execution.engine"), "interpreter_engine": s.get("code_interpreter.engine")})
}

/// Speech as owui runs it: in the browser only, whatever engines are
/// stored. owui has no `/api/v1/audio` routes, so the frontend is told to
/// transcribe with the browser's speech recognition (`stt.engine`
/// `"web"`, which also hides the call button) and to speak with the
/// browser's speech synthesis (`tts.engine` `""`), without the realtime
/// voice bridge. The frontend has no setting that hides the microphone or
/// the speaker themselves (only the `chat.stt`/`chat.tts` permissions do,
/// for users); with these engines they work without the server.
fn audio(cx: &Ctx) -> Value {
    let s = &cx.store;
    json!({
        "realtime": {"enabled": false, "model": s.get("audio.realtime.model"), "voice": s.get("audio.realtime.voice")},
        "tts": {"engine": "", "voice": s.get("audio.tts.voice"), "split_on": s.get("audio.tts.split_on")},
        "stt": {"engine": "web"},
    })
}

/// Upload limits and the size images are shrunk to.
fn file_limits(cx: &Ctx) -> Value {
    let s = &cx.store;
    json!({
        "max_size": crate::core::files::upload_limit_mb(cx),
        "max_count": s.get("rag.file.max_count"),
        "image_compression": {"width": s.get("file.image_compression_width"), "height": s.get("file.image_compression_height")},
    })
}

/// Cloud file pickers: owui has none configured.
fn integrations() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        "google_drive".into(),
        json!({"client_id": "", "api_key": ""}),
    );
    m.insert(
        "onedrive".into(),
        json!({"client_id_personal": "", "client_id_business": "", "sharepoint_url": "", "sharepoint_tenant_id": ""}),
    );
    m
}

fn ui(cx: &Ctx) -> Value {
    let s = &cx.store;
    json!({
        "default_interface_settings": s.get("ui.default_interface_settings"),
        "visibility": s.get("ui.visibility"),
        "pending_user_overlay_title": s.get("ui.pending_user_overlay_title"),
        "pending_user_overlay_content": s.get("ui.pending_user_overlay_content"),
        "response_watermark": s.get("ui.watermark"),
        "iframe_csp": "",
    })
}

/// The signed-in and pending `/api/config` bodies, serialized once per
/// config-store generation: they depend on the store, not on the caller.
#[derive(Default)]
pub struct ConfigCache {
    slots: std::sync::RwLock<Option<(u64, Bytes, Bytes)>>,
}

impl ConfigCache {
    fn body(&self, cx: &Ctx, user: &Actor) -> Bytes {
        let generation = cx.store.generation();
        if let Some((g, verified, pending)) = &*self.slots.read().unwrap_or_else(|p| p.into_inner())
            && *g == generation
        {
            return if user.is_verified() {
                verified.clone()
            } else {
                pending.clone()
            };
        }
        let mut pending_actor = user.clone();
        pending_actor.role = Role::Pending;
        let mut verified_actor = user.clone();
        verified_actor.role = Role::User;
        let ser = |a: &Actor| {
            Bytes::from(serde_json::to_vec(&app_config(cx, Some(a), false)).unwrap_or_default())
        };
        let (verified, pending) = (ser(&verified_actor), ser(&pending_actor));
        let out = if user.is_verified() {
            verified.clone()
        } else {
            pending.clone()
        };
        *self.slots.write().unwrap_or_else(|p| p.into_inner()) =
            Some((generation, verified, pending));
        out
    }
}

async fn config(State(st): State<AppState>, MaybeUser(user): MaybeUser) -> ApiResult<Response> {
    let json = [(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    )];
    Ok(match &user {
        Some(u) => {
            let body = st.config_cache.body(&st.cx, u);
            match crate::core::models::group_default_models(&st.cx, u).await? {
                // a member of a group with default models gets those
                Some(models) => {
                    let mut v: Value = serde_json::from_slice(&body).unwrap_or_default();
                    v["default_models"] = json!(models);
                    Json(v).into_response()
                }
                None => (json, body).into_response(),
            }
        }
        None => {
            let onboarding = st.cx.blocking(crate::core::users::count).await? == 0;
            Json(app_config(&st.cx, None, onboarding)).into_response()
        }
    })
}

async fn usage(State(st): State<AppState>, Verified(actor): Verified) -> ApiResult<Json<Value>> {
    if !actor.is_admin() && !st.cx.cfg.bool("ENABLE_PUBLIC_ACTIVE_USERS_COUNT") {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "Access denied. Only administrators can view usage statistics.",
        ));
    }
    let n = st.cx.blocking(crate::core::users::active_count).await?;
    let models = st.cx.model_usage.in_use();
    Ok(Json(json!({"model_ids": models, "user_count": n})))
}

async fn manifest(State(st): State<AppState>) -> Json<Value> {
    let name = st.cx.cfg.get("WEBUI_NAME");
    Json(json!({
        "name": name,
        "short_name": name,
        "description": format!("{name} is an open, extensible, user-friendly interface for AI that adapts to your workflow."),
        "start_url": "/",
        "display": "standalone",
        "background_color": "#343541",
        "icons": [
            {"src": "/static/logo.png", "type": "image/png", "sizes": "500x500", "purpose": "any"},
            {"src": "/static/logo.png", "type": "image/png", "sizes": "500x500", "purpose": "maskable"},
        ],
        "share_target": {"action": "/", "method": "GET", "params": {"text": "shared"}},
    }))
}
