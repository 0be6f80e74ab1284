//! The permission tree: admin defaults (config `user.permissions`, filled from
//! the environment defaults), OR-merged with every group the user belongs to,
//! inherited groups included. A group can only add rights.

use serde_json::{Map, Value, json};

use crate::config::{Config, parse_bool};
use crate::core::Ctx;
use crate::error::Result;

/// The built-in defaults; each leaf can be overridden by the environment
/// variable `USER_PERMISSIONS_<SECTION>_<KEY>` (upper case).
fn builtin() -> Value {
    json!({
        "workspace": {
            "models": false, "knowledge": false, "prompts": false, "tools": false, "skills": false,
            "models_import": false, "models_export": false, "models_hidden": false,
            "prompts_import": false, "prompts_export": false, "tools_import": false,
            "tools_export": false, "skills_import": false, "skills_export": false
        },
        "sharing": {
            "models": false, "public_models": false, "knowledge": false, "public_knowledge": false,
            "prompts": false, "public_prompts": false, "tools": false, "public_tools": false,
            "skills": false, "public_skills": false, "notes": false, "public_notes": false,
            "folders": false, "public_chats": false, "open_chats": false, "public_calendars": false
        },
        "access_grants": {"allow_users": true, "allow_groups": true},
        "chat": {
            "controls": true, "valves": true, "system_prompt": true, "params": true,
            "file_upload": true, "web_upload": true, "delete": true, "delete_message": true,
            "continue_response": true, "regenerate_response": true, "rate_response": true,
            "edit": true, "share": true, "export": true, "import": true, "stt": true, "tts": true,
            "call": true, "multiple_models": true, "temporary": true, "temporary_enforced": false
        },
        "features": {
            "api_keys": false, "notes": true, "folders": true, "channels": true,
            "encrypted_channels": false, "direct_tool_servers": false, "web_search": true,
            "image_generation": true, "code_interpreter": true, "memories": true,
            "automations": false, "calendar": true, "webhooks": false
        },
        "settings": {"interface": true}
    })
}

/// The defaults built from the environment only.
pub fn env_defaults(cfg: &Config) -> Value {
    let mut tree = builtin();
    if let Value::Object(sections) = &mut tree {
        for (section, keys) in sections.iter_mut() {
            if let Value::Object(keys) = keys {
                for (key, v) in keys.iter_mut() {
                    let name = format!(
                        "USER_PERMISSIONS_{}_{}",
                        section.to_uppercase(),
                        key.to_uppercase()
                    );
                    if let Some(s) = cfg.extra_env(&name) {
                        *v = Value::Bool(parse_bool(s));
                    }
                }
            }
        }
    }
    tree
}

/// `stored` with every missing key (recursively) taken from `defaults`.
pub fn fill(stored: &Value, defaults: &Value) -> Value {
    match (stored, defaults) {
        (Value::Object(s), Value::Object(d)) => {
            let mut out = Map::new();
            for (k, dv) in d {
                out.insert(
                    k.clone(),
                    match s.get(k) {
                        Some(sv) => fill(sv, dv),
                        None => dv.clone(),
                    },
                );
            }
            for (k, sv) in s {
                if !out.contains_key(k) {
                    out.insert(k.clone(), sv.clone());
                }
            }
            Value::Object(out)
        }
        (Value::Null, d) => d.clone(),
        (s, _) => s.clone(),
    }
}

/// Merge `add` into `base`: objects key by key, leaves `base OR add`.
pub fn or_merge(base: &mut Value, add: &Value) {
    match (base, add) {
        (Value::Object(b), Value::Object(a)) => {
            for (k, av) in a {
                match b.get_mut(k) {
                    Some(bv) => or_merge(bv, av),
                    None => {
                        b.insert(k.clone(), av.clone());
                    }
                }
            }
        }
        (b, a) => {
            let truthy = |v: &Value| match v {
                Value::Bool(x) => *x,
                Value::Null => false,
                _ => true,
            };
            if !truthy(b) && truthy(a) {
                *b = a.clone();
            }
        }
    }
}

/// The admin's defaults with every section complete.
pub fn defaults(cx: &Ctx) -> Value {
    fill(&cx.store.get("user.permissions"), &env_defaults(&cx.cfg))
}

/// A user's effective permissions.
pub fn effective(cx: &Ctx, user_id: &str) -> Result<Value> {
    let mut tree = defaults(cx);
    for g in crate::core::groups::groups_of_user(cx, user_id, true)? {
        if let Some(p) = &g.permissions {
            or_merge(&mut tree, p);
        }
    }
    Ok(tree)
}

/// One dotted permission of a user.
pub fn has(cx: &Ctx, user_id: &str, key: &str) -> Result<bool> {
    let tree = effective(cx, user_id)?;
    let mut v = &tree;
    for part in key.split('.') {
        match v.get(part) {
            Some(x) => v = x,
            None => return Ok(false),
        }
    }
    Ok(v.as_bool().unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_only_add_rights() {
        let mut base =
            json!({"chat": {"delete": true, "edit": true}, "workspace": {"models": false}});
        or_merge(
            &mut base,
            &json!({"chat": {"delete": false}, "workspace": {"models": true}}),
        );
        assert_eq!(base["chat"]["delete"], true);
        assert_eq!(base["workspace"]["models"], true);
    }

    #[test]
    fn fill_completes_sections() {
        let d = builtin();
        let f = fill(&json!({"chat": {"delete": false}}), &d);
        assert_eq!(f["chat"]["delete"], false);
        assert_eq!(f["chat"]["edit"], true);
        assert_eq!(f["settings"]["interface"], true);
    }
}
