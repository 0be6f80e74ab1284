//! The admin settings forms stored in the config store: connections
//! (`/configs/connections`), code execution (`/configs/code_execution`)
//! and models (`/configs/models`). Each form field maps to one key.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::error::Result;

/// `ConnectionsConfigForm` fields and their keys.
pub const CONNECTIONS: &[(&str, &str)] = &[
    ("ENABLE_DIRECT_CONNECTIONS", "direct.enable"),
    ("ENABLE_DIRECT_INTEGRATIONS", "direct.integrations.enable"),
    ("ENABLE_BASE_MODELS_CACHE", "models.base_models_cache"),
];

/// `CodeInterpreterConfigForm` fields and their keys.
pub const CODE_EXECUTION: &[(&str, &str)] = &[
    ("ENABLE_CODE_EXECUTION", "code_execution.enable"),
    ("CODE_EXECUTION_ENGINE", "code_execution.engine"),
    ("CODE_EXECUTION_JUPYTER_URL", "code_execution.jupyter.url"),
    ("CODE_EXECUTION_JUPYTER_AUTH", "code_execution.jupyter.auth"),
    (
        "CODE_EXECUTION_JUPYTER_AUTH_TOKEN",
        "code_execution.jupyter.auth_token",
    ),
    (
        "CODE_EXECUTION_JUPYTER_AUTH_PASSWORD",
        "code_execution.jupyter.auth_password",
    ),
    (
        "CODE_EXECUTION_JUPYTER_TIMEOUT",
        "code_execution.jupyter.timeout",
    ),
    ("ENABLE_CODE_INTERPRETER", "code_interpreter.enable"),
    ("CODE_INTERPRETER_ENGINE", "code_interpreter.engine"),
    (
        "CODE_INTERPRETER_PROMPT_TEMPLATE",
        "code_interpreter.prompt_template",
    ),
    (
        "CODE_INTERPRETER_JUPYTER_URL",
        "code_interpreter.jupyter.url",
    ),
    (
        "CODE_INTERPRETER_JUPYTER_AUTH",
        "code_interpreter.jupyter.auth",
    ),
    (
        "CODE_INTERPRETER_JUPYTER_AUTH_TOKEN",
        "code_interpreter.jupyter.auth_token",
    ),
    (
        "CODE_INTERPRETER_JUPYTER_AUTH_PASSWORD",
        "code_interpreter.jupyter.auth_password",
    ),
    (
        "CODE_INTERPRETER_JUPYTER_TIMEOUT",
        "code_interpreter.jupyter.timeout",
    ),
];

/// `ModelsConfigForm` fields and their keys.
pub const MODELS: &[(&str, &str)] = &[
    ("DEFAULT_MODELS", "ui.default_models"),
    ("DEFAULT_PINNED_MODELS", "ui.default_pinned_models"),
    ("MODEL_ORDER_LIST", "ui.model_order_list"),
    ("DEFAULT_MODEL_METADATA", "models.default_metadata"),
    ("DEFAULT_MODEL_PARAMS", "models.default_params"),
];

/// A required field that may be `null`.
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> std::result::Result<Option<T>, D::Error> {
    Option::<T>::deserialize(d)
}

/// `ConnectionsConfigForm`; `ENABLE_DIRECT_INTEGRATIONS` is saved only
/// when sent.
#[allow(non_snake_case)]
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ConnectionsConfig {
    pub ENABLE_DIRECT_CONNECTIONS: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ENABLE_DIRECT_INTEGRATIONS: Option<bool>,
    pub ENABLE_BASE_MODELS_CACHE: bool,
}

/// `CodeInterpreterConfigForm`: every field required, the Jupyter ones
/// and the prompt template may be `null`.
#[allow(non_snake_case)]
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
pub struct CodeExecutionConfig {
    pub ENABLE_CODE_EXECUTION: bool,
    pub CODE_EXECUTION_ENGINE: String,
    #[serde(deserialize_with = "nullable")]
    pub CODE_EXECUTION_JUPYTER_URL: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub CODE_EXECUTION_JUPYTER_AUTH: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub CODE_EXECUTION_JUPYTER_AUTH_TOKEN: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub CODE_EXECUTION_JUPYTER_AUTH_PASSWORD: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub CODE_EXECUTION_JUPYTER_TIMEOUT: Option<i64>,
    pub ENABLE_CODE_INTERPRETER: bool,
    pub CODE_INTERPRETER_ENGINE: String,
    #[serde(deserialize_with = "nullable")]
    pub CODE_INTERPRETER_PROMPT_TEMPLATE: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub CODE_INTERPRETER_JUPYTER_URL: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub CODE_INTERPRETER_JUPYTER_AUTH: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub CODE_INTERPRETER_JUPYTER_AUTH_TOKEN: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub CODE_INTERPRETER_JUPYTER_AUTH_PASSWORD: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub CODE_INTERPRETER_JUPYTER_TIMEOUT: Option<i64>,
}

/// `ModelsConfigForm`: the first three fields required but nullable; all
/// five are saved (absent metadata and params as `null`).
#[allow(non_snake_case)]
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ModelsConfig {
    #[serde(deserialize_with = "nullable")]
    pub DEFAULT_MODELS: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub DEFAULT_PINNED_MODELS: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub MODEL_ORDER_LIST: Option<Vec<String>>,
    #[serde(default)]
    pub DEFAULT_MODEL_METADATA: Option<Map<String, Value>>,
    #[serde(default)]
    pub DEFAULT_MODEL_PARAMS: Option<Map<String, Value>>,
}

/// First-start defaults of the code execution keys not listed in `keys`.
pub fn defaults(cfg: &Config) -> Vec<(&'static str, Value)> {
    let timeout = |name: &str| json!(cfg.int(name).unwrap_or(60));
    // the interpreter's Jupyter settings fall back to code execution's
    let interp = |own: &'static str, shared: &'static str| {
        if cfg.source(own) == crate::config::Source::Default {
            shared
        } else {
            own
        }
    };
    vec![
        (
            "code_execution.jupyter.url",
            json!(cfg.get("CODE_EXECUTION_JUPYTER_URL")),
        ),
        (
            "code_execution.jupyter.auth",
            json!(cfg.get("CODE_EXECUTION_JUPYTER_AUTH")),
        ),
        (
            "code_execution.jupyter.auth_token",
            json!(cfg.get("CODE_EXECUTION_JUPYTER_AUTH_TOKEN")),
        ),
        (
            "code_execution.jupyter.auth_password",
            json!(cfg.get("CODE_EXECUTION_JUPYTER_AUTH_PASSWORD")),
        ),
        (
            "code_execution.jupyter.timeout",
            timeout("CODE_EXECUTION_JUPYTER_TIMEOUT"),
        ),
        (
            "code_interpreter.prompt_template",
            json!(cfg.get("CODE_INTERPRETER_PROMPT_TEMPLATE")),
        ),
        (
            "code_interpreter.jupyter.url",
            json!(cfg.get(interp(
                "CODE_INTERPRETER_JUPYTER_URL",
                "CODE_EXECUTION_JUPYTER_URL"
            ))),
        ),
        (
            "code_interpreter.jupyter.auth",
            json!(cfg.get(interp(
                "CODE_INTERPRETER_JUPYTER_AUTH",
                "CODE_EXECUTION_JUPYTER_AUTH"
            ))),
        ),
        (
            "code_interpreter.jupyter.auth_token",
            json!(cfg.get(interp(
                "CODE_INTERPRETER_JUPYTER_AUTH_TOKEN",
                "CODE_EXECUTION_JUPYTER_AUTH_TOKEN"
            ))),
        ),
        (
            "code_interpreter.jupyter.auth_password",
            json!(cfg.get(interp(
                "CODE_INTERPRETER_JUPYTER_AUTH_PASSWORD",
                "CODE_EXECUTION_JUPYTER_AUTH_PASSWORD"
            ))),
        ),
        (
            "code_interpreter.jupyter.timeout",
            timeout(interp(
                "CODE_INTERPRETER_JUPYTER_TIMEOUT",
                "CODE_EXECUTION_JUPYTER_TIMEOUT",
            )),
        ),
    ]
}

/// The stored values of a form's keys, by field name.
fn values(cx: &Ctx, fields: &[(&str, &str)]) -> Map<String, Value> {
    fields
        .iter()
        .map(|(field, key)| (field.to_string(), cx.store.get(key)))
        .collect()
}

/// Save the sent fields of a form under their keys.
fn save(cx: &Ctx, fields: &[(&str, &str)], form: impl Serialize) -> Result<()> {
    let data = match serde_json::to_value(form)? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let entries: BTreeMap<String, Value> = fields
        .iter()
        .filter_map(|(field, key)| data.get(*field).map(|v| (key.to_string(), v.clone())))
        .collect();
    super::save(cx, &entries)
}

/// The connections settings (admin).
pub fn connections(cx: &Ctx, actor: &Actor) -> Result<Map<String, Value>> {
    actor.require_admin()?;
    Ok(values(cx, CONNECTIONS))
}

/// Save the connections settings (admin). A change of the base models
/// cache drops the cached provider model list.
pub fn set_connections(
    cx: &Ctx,
    actor: &Actor,
    form: ConnectionsConfig,
) -> Result<Map<String, Value>> {
    actor.require_admin()?;
    super::refuse_unrun(
        cx,
        "ENABLE_DIRECT_CONNECTIONS",
        "direct.enable",
        form.ENABLE_DIRECT_CONNECTIONS,
    )?;
    super::refuse_unrun(
        cx,
        "ENABLE_DIRECT_INTEGRATIONS",
        "direct.integrations.enable",
        form.ENABLE_DIRECT_INTEGRATIONS == Some(true),
    )?;
    let cache_changed = cx.store.bool("models.base_models_cache") != form.ENABLE_BASE_MODELS_CACHE;
    save(cx, CONNECTIONS, form)?;
    if cache_changed {
        cx.models.clear();
    }
    Ok(values(cx, CONNECTIONS))
}

/// The code execution and code interpreter settings (admin).
pub fn code_execution(cx: &Ctx, actor: &Actor) -> Result<Map<String, Value>> {
    actor.require_admin()?;
    Ok(values(cx, CODE_EXECUTION))
}

/// Save the code execution and code interpreter settings (admin).
pub fn set_code_execution(
    cx: &Ctx,
    actor: &Actor,
    form: CodeExecutionConfig,
) -> Result<Map<String, Value>> {
    actor.require_admin()?;
    super::refuse_code_engine(
        cx,
        "CODE_EXECUTION_ENGINE",
        form.ENABLE_CODE_EXECUTION,
        &form.CODE_EXECUTION_ENGINE,
    )?;
    super::refuse_unrun(
        cx,
        "ENABLE_CODE_INTERPRETER",
        "code_interpreter.enable",
        form.ENABLE_CODE_INTERPRETER,
    )?;
    save(cx, CODE_EXECUTION, form)?;
    Ok(values(cx, CODE_EXECUTION))
}

/// The default models, pinned models, model order, default metadata and
/// default params (admin).
pub fn models(cx: &Ctx, actor: &Actor) -> Result<Map<String, Value>> {
    actor.require_admin()?;
    Ok(values(cx, MODELS))
}

/// Save all five models settings (admin).
pub fn set_models(cx: &Ctx, actor: &Actor, form: ModelsConfig) -> Result<Map<String, Value>> {
    actor.require_admin()?;
    save(cx, MODELS, form)?;
    Ok(values(cx, MODELS))
}

/// The default model metadata, for the model editor (verified users).
pub fn model_defaults(cx: &Ctx, actor: &Actor) -> Result<Value> {
    actor.require_verified()?;
    Ok(json!({"DEFAULT_MODEL_METADATA": cx.store.get("models.default_metadata")}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn forms_round_trip_and_need_an_admin() {
        let (_dir, cx) = crate::core::ctx::test_ctx();
        let admin = Actor::system();
        let user = crate::core::users::fixtures::user(
            &cx,
            "u@example.com",
            crate::core::actor::Role::User,
        );
        let form: ModelsConfig = serde_json::from_value(json!({
            "DEFAULT_MODELS": "a,b", "DEFAULT_PINNED_MODELS": null, "MODEL_ORDER_LIST": ["b", "a"]
        }))
        .unwrap();
        assert!(matches!(
            set_models(&cx, &user, form.clone()),
            Err(Error::RoleTooLow { .. })
        ));
        let saved = set_models(&cx, &admin, form).unwrap();
        assert_eq!(saved["DEFAULT_MODELS"], "a,b");
        assert_eq!(saved["MODEL_ORDER_LIST"], json!(["b", "a"]));
        assert_eq!(saved["DEFAULT_MODEL_PARAMS"], Value::Null);
        assert_eq!(models(&cx, &admin).unwrap(), saved);
        assert!(models(&cx, &user).is_err());
        assert!(model_defaults(&cx, &user).is_ok());
    }

    #[test]
    fn direct_integrations_is_kept_when_not_sent() {
        let (_dir, cx) = crate::core::ctx::test_ctx();
        let admin = Actor::system();
        // stored on by an older owui: sent back unchanged, it is accepted
        let stored = BTreeMap::from([("direct.integrations.enable".to_string(), json!(true))]);
        crate::core::configs::save(&cx, &stored).unwrap();
        let partial = json!({"ENABLE_DIRECT_CONNECTIONS": false, "ENABLE_BASE_MODELS_CACHE": true});
        let v = set_connections(&cx, &admin, serde_json::from_value(partial).unwrap()).unwrap();
        assert_eq!(
            Value::Object(v),
            json!({"ENABLE_DIRECT_CONNECTIONS": false, "ENABLE_DIRECT_INTEGRATIONS": true, "ENABLE_BASE_MODELS_CACHE": true})
        );
        let on = json!({"ENABLE_DIRECT_CONNECTIONS": false, "ENABLE_DIRECT_INTEGRATIONS": true, "ENABLE_BASE_MODELS_CACHE": true});
        assert!(set_connections(&cx, &admin, serde_json::from_value(on).unwrap()).is_ok());
        // turning direct connections on is refused
        let on = json!({"ENABLE_DIRECT_CONNECTIONS": true, "ENABLE_BASE_MODELS_CACHE": true});
        let e = set_connections(&cx, &admin, serde_json::from_value(on).unwrap()).unwrap_err();
        assert!(matches!(e, crate::error::Error::Invalid(_)), "{e}");
    }

    #[test]
    fn interpreter_jupyter_settings_fall_back_to_code_execution() {
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = Config::defaults(dir.path());
        cfg.set("CODE_EXECUTION_JUPYTER_URL", "http://jupyter:8888");
        cfg.set("CODE_EXECUTION_JUPYTER_TIMEOUT", "30");
        cfg.set("CODE_INTERPRETER_JUPYTER_AUTH", "token");
        let d: BTreeMap<_, _> = defaults(&cfg).into_iter().collect();
        assert_eq!(d["code_interpreter.jupyter.url"], "http://jupyter:8888");
        assert_eq!(d["code_interpreter.jupyter.timeout"], 30);
        assert_eq!(d["code_interpreter.jupyter.auth"], "token");
        assert_eq!(d["code_execution.jupyter.auth"], "");
    }
}
