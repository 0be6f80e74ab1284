use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::users::fixtures;

fn form(v: Value) -> TaskConfig {
    serde_json::from_value(v).unwrap()
}

fn full() -> Value {
    json!({
        "TASK_MODEL": "m-local", "TASK_MODEL_EXTERNAL": null, "TASK_MODEL_PARAMS": {"temperature": 0.1},
        "ENABLE_TITLE_GENERATION": false, "TITLE_GENERATION_PROMPT_TEMPLATE": "T {{MESSAGES}}",
        "IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE": "", "ENABLE_AUTOCOMPLETE_GENERATION": true,
        "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH": null, "AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE": "",
        "TAGS_GENERATION_PROMPT_TEMPLATE": "", "FOLLOW_UP_GENERATION_PROMPT_TEMPLATE": "",
        "ENABLE_FOLLOW_UP_GENERATION": true, "ENABLE_TAGS_GENERATION": true,
        "ENABLE_SEARCH_QUERY_GENERATION": true, "ENABLE_RETRIEVAL_QUERY_GENERATION": false,
        "QUERY_GENERATION_PROMPT_TEMPLATE": "", "TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE": "",
        "ENABLE_VOICE_MODE_PROMPT": true, "VOICE_MODE_PROMPT_TEMPLATE": null
    })
}

#[test]
fn the_settings_start_from_upstreams_defaults() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@x.io", Role::Admin);
    let c = config(&cx, &admin).unwrap();
    assert_eq!(c.len(), KEYS.len());
    assert_eq!(c["ENABLE_TITLE_GENERATION"], json!(true));
    assert_eq!(c["ENABLE_AUTOCOMPLETE_GENERATION"], json!(false));
    assert_eq!(c["AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH"], json!(-1));
    assert_eq!(c["TASK_MODEL_PARAMS"], json!({}));
    assert_eq!(c["TASK_MODEL"], json!(""));
}

#[test]
fn an_update_saves_every_field_and_only_admins_may() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@x.io", Role::Admin);
    let user = fixtures::user(&cx, "u@x.io", Role::User);
    let pending = fixtures::user(&cx, "p@x.io", Role::Pending);
    assert!(matches!(
        update_config(&cx, &user, form(full())),
        Err(Error::RoleTooLow { .. })
    ));
    let c = update_config(&cx, &admin, form(full())).unwrap();
    assert_eq!(c["TASK_MODEL"], "m-local");
    assert_eq!(c["TASK_MODEL_EXTERNAL"], Value::Null);
    assert_eq!(c["AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH"], json!(-1));
    assert!(!cx.store.bool("task.title.enable"));
    assert_eq!(config(&cx, &user).unwrap(), c);
    assert!(config(&cx, &pending).is_err());
    let mut missing = full();
    missing.as_object_mut().unwrap().remove("TASK_MODEL");
    assert!(serde_json::from_value::<TaskConfig>(missing).is_err());
}

#[tokio::test]
async fn switched_off_tasks_answer_before_the_model_is_looked_at() {
    let (_d, cx) = test_ctx();
    let user = fixtures::user(&cx, "u@x.io", Role::User);
    let mut off = BTreeMap::new();
    off.insert("task.tags.enable".to_string(), json!(false));
    configs::save(&cx, &off).unwrap();
    let ran = run(&cx, &user, Task::Tags, json!({"model": "nope"}))
        .await
        .unwrap();
    assert!(matches!(ran, Ran::Disabled("Tags generation is disabled")));
    let e = run(
        &cx,
        &user,
        Task::Autocomplete,
        json!({"model": "x", "prompt": "a"}),
    )
    .await
    .err()
    .unwrap();
    assert_eq!(e.message(), "Autocompletion generation is disabled");
    let e = run(&cx, &user, Task::Title, json!({"model": ""}))
        .await
        .err()
        .unwrap();
    assert!(e.message().starts_with("No model specified"));
    let e = run(
        &cx,
        &user,
        Task::Emoji,
        json!({"model": "nope", "prompt": "hi"}),
    )
    .await
    .err()
    .unwrap();
    assert!(matches!(e, Error::NotFound(m) if m == "Model '' was not found"));
}
