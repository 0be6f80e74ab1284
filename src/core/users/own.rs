//! The caller's own account: profile, timezone, settings, info, prompt
//! variables and status.

use serde_json::{Value, json};

use super::{ProfilePatch, User, find, permissions, store};
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::error::{Error, Result, msg};
use crate::util::now;

/// The caller's own change of name, image and profile fields.
pub fn update_profile(cx: &Ctx, actor: &Actor, p: ProfilePatch) -> Result<User> {
    actor.require_verified()?;
    let url = p.profile_image_url.trim();
    let ok_url = url.starts_with("data:image/")
        || url.starts_with('/')
        || url.starts_with("http://")
        || url.starts_with("https://");
    if !ok_url {
        return Err(Error::invalid("Invalid profile image URL"));
    }
    if let Some(d) = &p.date_of_birth
        && !is_date(d)
    {
        return Err(Error::invalid("date_of_birth must be YYYY-MM-DD"));
    }
    super::check_len("name", &p.name, super::MAX_NAME_CHARS)?;
    if let Some(bio) = &p.bio {
        super::check_len("bio", bio, super::MAX_BIO_CHARS)?;
    }
    if let Some(g) = &p.gender {
        super::check_len("gender", g, super::MAX_GENDER_CHARS)?;
    }
    let url = url.to_string();
    let u = modify_self(cx, actor, |u| {
        u.profile_image_url = url;
        u.name = p.name;
        u.bio = p.bio;
        u.gender = p.gender;
        u.date_of_birth = p.date_of_birth;
        Ok(())
    })?;
    cx.sessions.clear();
    Ok(u)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Apply `f` to the caller's own row and save it, in one transaction: the
/// row is read inside it, so a change saved meanwhile (settings from
/// another tab, a profile edit) is not overwritten with a stale copy.
fn modify_self(cx: &Ctx, actor: &Actor, f: impl FnOnce(&mut User) -> Result<()>) -> Result<User> {
    cx.db.write(|tx| {
        let mut u = store::get(tx, &actor.id)?.ok_or_else(Error::not_found)?;
        f(&mut u)?;
        u.updated_at = now();
        store::update(tx, &u)?;
        Ok(u)
    })
}

pub fn update_timezone(cx: &Ctx, actor: &Actor, tz: String) -> Result<()> {
    modify_self(cx, actor, |u| {
        u.timezone = Some(tz);
        Ok(())
    })
    .map(|_| ())
}

/// The caller's settings; `ui` merged over the admin defaults unless `raw`.
pub fn settings(cx: &Ctx, actor: &Actor, raw: bool) -> Result<Value> {
    actor.require_verified()?;
    let u = find(cx, &actor.id)?.ok_or_else(Error::not_found)?;
    let Some(mut s) = u.settings else {
        return Ok(Value::Null);
    };
    let defaults = cx.store.get("ui.default_interface_settings");
    if !raw && defaults.as_object().is_some_and(|d| !d.is_empty()) {
        let mut ui = defaults;
        if let Some(Value::Object(mine)) = s.get("ui") {
            for (k, v) in mine {
                if !v.is_null() {
                    ui[k] = v.clone();
                }
            }
        }
        s["ui"] = ui;
    }
    Ok(s)
}

const INTERFACE_KEYS: &[&str] = &[
    "autoTags",
    "autoFollowUps",
    "highContrastMode",
    "detectArtifacts",
    "responseAutoCopy",
    "showUsername",
    "showUpdateToast",
    "showChangelog",
    "showEmojiInCall",
    "voiceInterruption",
    "displayMultiModelResponsesInTabs",
    "chatFadeStreamingText",
    "richTextInput",
    "showFormattingToolbar",
    "insertPromptAsRichText",
    "promptAutocomplete",
    "insertSuggestionPrompt",
    "keepFollowUpPrompts",
    "insertFollowUpPrompt",
    "regenerateMenu",
    "enableMessageQueue",
    "largeTextAsFile",
    "copyFormatted",
    "collapseCodeBlocks",
    "renderMarkdownInUserMessages",
    "renderMarkdownInAssistantMessages",
    "expandDetails",
    "chatHoverPreview",
    "renderMarkdownInPreviews",
    "chatBubble",
    "widescreenMode",
    "splitLargeChunks",
    "scrollOnBranchChange",
    "scrollOnResponseGeneration",
    "showFilesOnTerminalSelect",
    "temporaryChatByDefault",
    "userLocation",
    "showChatTitleInTab",
    "iframeSandboxAllowScripts",
    "iframeSandboxAllowSameOrigin",
    "iframeSandboxAllowForms",
    "iframeSandboxAllowDownloads",
    "terminalPreviewAllowSameOrigin",
    "stylizedPdfExport",
    "hapticFeedback",
    "ctrlEnterToSend",
    "showFloatingActionButtons",
    "imageCompression",
    "imageCompressionInChannels",
    "landingPageMode",
    "chatDirection",
    "terminalFileDisplay",
    "defaultUploadContext",
    "webSearch",
    "models",
    "backgroundImageUrl",
    "fontFamily",
    "textScale",
    "title",
    "imageCompressionSize",
    "floatingActionButtons",
];

/// Save settings: top-level keys replace; `ui` is a field-level patch
/// (`null` deletes). Keys the caller's permissions do not allow are dropped.
pub fn update_settings(cx: &Ctx, actor: &Actor, new: Value) -> Result<Value> {
    actor.require_verified()?;
    let Value::Object(mut new) = new else {
        return Err(Error::invalid("settings must be an object"));
    };
    if !actor.is_admin() {
        let perms = permissions::effective(cx, &actor.id)?;
        let allowed = |path: &[&str]| {
            let mut v = &perms;
            for p in path {
                v = &v[*p];
            }
            v.as_bool().unwrap_or(false)
        };
        if let Some(Value::Object(ui)) = new.get_mut("ui") {
            if !allowed(&["settings", "interface"]) {
                ui.retain(|k, _| !INTERFACE_KEYS.contains(&k.as_str()));
            }
            if !(allowed(&["chat", "controls"]) && allowed(&["chat", "system_prompt"])) {
                ui.remove("system");
            }
            if !allowed(&["features", "direct_tool_servers"]) {
                ui.remove("toolServers");
            }
            if !allowed(&["features", "webhooks"])
                && let Some(Value::Object(n)) = ui.get_mut("notifications")
            {
                n.remove("webhook_url");
            }
        }
        if !allowed(&["features", "webhooks"]) {
            new.remove("notifications");
        }
    }
    let u = modify_self(cx, actor, |u| {
        let mut s = match u.settings.take() {
            Some(Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        for (k, v) in new {
            if k == "ui" {
                let mut ui = match s.remove("ui") {
                    Some(Value::Object(m)) => m,
                    _ => serde_json::Map::new(),
                };
                if let Value::Object(patch) = v {
                    for (uk, uv) in patch {
                        if uv.is_null() {
                            ui.remove(&uk);
                        } else {
                            ui.insert(uk, uv);
                        }
                    }
                }
                s.insert("ui".into(), Value::Object(ui));
            } else {
                s.insert(k, v);
            }
        }
        u.settings = Some(Value::Object(s));
        Ok(())
    })?;
    Ok(u.settings.unwrap_or(Value::Null))
}

pub fn info(cx: &Ctx, actor: &Actor) -> Result<Value> {
    actor.require_verified()?;
    Ok(find(cx, &actor.id)?
        .ok_or_else(Error::not_found)?
        .info
        .unwrap_or(Value::Null))
}

/// Shallow-merge `patch` into the caller's `info`.
pub fn update_info(cx: &Ctx, actor: &Actor, patch: Value) -> Result<Value> {
    actor.require_verified()?;
    let Value::Object(patch) = patch else {
        return Err(Error::invalid("info must be an object"));
    };
    let u = modify_self(cx, actor, |u| {
        let mut info = match u.info.take() {
            Some(Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        info.extend(patch);
        u.info = Some(Value::Object(info));
        Ok(())
    })?;
    Ok(u.info.unwrap_or(Value::Null))
}

fn string_entries(v: Option<Value>) -> Value {
    match v {
        Some(Value::Object(m)) => {
            Value::Object(m.into_iter().filter(|(_, v)| v.is_string()).collect())
        }
        _ => json!({}),
    }
}

pub fn variables(cx: &Ctx, actor: &Actor) -> Result<Value> {
    actor.require_verified()?;
    Ok(string_entries(
        cx.db.read(|c| store::variables(c, &actor.id))?,
    ))
}

/// Replace the caller's prompt variables.
pub fn set_variables(cx: &Ctx, actor: &Actor, vars: Value) -> Result<Value> {
    actor.require_verified()?;
    let Value::Object(map) = &vars else {
        return Err(Error::invalid("User variables must be an object."));
    };
    if vars.to_string().len() > 100_000 {
        return Err(Error::invalid("User variables are too large."));
    }
    for (k, v) in map {
        let mut chars = k.chars();
        let key_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok {
            return Err(Error::invalid(format!("Invalid user variable key: {k}")));
        }
        let Some(s) = v.as_str() else {
            return Err(Error::invalid(format!(
                "User variable must be a string: {k}"
            )));
        };
        if s.chars().count() > 20_000 {
            return Err(Error::invalid(format!("User variable is too long: {k}")));
        }
    }
    cx.db
        .write(|tx| store::set_variables(tx, &actor.id, &vars, now()))?;
    Ok(vars)
}

fn require_status_enabled(cx: &Ctx) -> Result<()> {
    if cx.store.bool("users.enable_status") {
        Ok(())
    } else {
        Err(Error::Disabled(msg::ACTION_PROHIBITED.into()))
    }
}

pub fn status(cx: &Ctx, actor: &Actor) -> Result<User> {
    actor.require_verified()?;
    require_status_enabled(cx)?;
    find(cx, &actor.id)?.ok_or_else(Error::not_found)
}

/// Set status fields; absent ones stay.
pub fn update_status(
    cx: &Ctx,
    actor: &Actor,
    emoji: Option<String>,
    message: Option<String>,
    expires_at: Option<i64>,
) -> Result<User> {
    actor.require_verified()?;
    require_status_enabled(cx)?;
    modify_self(cx, actor, |u| {
        if emoji.is_some() {
            u.status_emoji = emoji;
        }
        if message.is_some() {
            u.status_message = message;
        }
        if expires_at.is_some() {
            u.status_expires_at = expires_at;
        }
        Ok(())
    })
}
