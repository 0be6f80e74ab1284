use serde_json::{Value, json};

use super::*;
use crate::config::Config;
use crate::core::actor::Role;
use crate::core::configs;
use crate::core::ctx::{Ctx, test_ctx};
use crate::core::users::fixtures;

fn ctx_with(settings: &[(&'static str, &str)]) -> (tempfile::TempDir, Ctx) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = Config::defaults(dir.path());
    cfg.set("WEBUI_SECRET_KEY", "test-secret");
    cfg.set("BCRYPT_ROUNDS", "4");
    for (k, v) in settings {
        cfg.set(k, *v);
    }
    (dir, crate::core::startup::open(cfg).unwrap())
}

fn form(id: &str, base: Option<&str>, name: &str) -> ModelForm {
    ModelForm {
        id: id.into(),
        base_model_id: Some(base.map(str::to_string)),
        name: name.into(),
        meta: json!({"profile_image_url": "https://x.example/p.png", "tags": ["mine"]}),
        params: json!({"system": "secret prompt", "temperature": 0.1, "compact_token_threshold": 900,
            "model_controls": {"effort": {"label": "Effort", "default": "lo",
                "options": {"lo": {"label": "Low", "params": {"reasoning_effort": "low"}},
                            "hi": {"label": "High", "params": {"reasoning_effort": "high"}}}}}}),
        ..Default::default()
    }
}

fn grant(cx: &Ctx, admin: &Actor, id: &str, who: &str, perm: &str) {
    update_access(
        cx,
        admin,
        AccessForm {
            id: id.into(),
            name: None,
            access_grants: vec![
                json!({"principal_type": "user", "principal_id": who, "permission": perm}),
            ],
        },
    )
    .unwrap();
}

fn base() -> Vec<Value> {
    vec![
        json!({"id": "gpt-4o", "name": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai",
               "connection_type": "external", "urlIdx": 0, "tags": [{"name": "provider"}]}),
        json!({"id": "llama3:latest", "name": "llama3:latest", "object": "model", "created": 0,
               "owned_by": "ollama", "connection_type": "local", "urlIdx": 0}),
        json!({"id": "mistral", "name": "mistral", "object": "model", "created": 0, "owned_by": "openai",
               "urlIdx": 1}),
    ]
}

fn ids(list: &[Value]) -> Vec<&str> {
    list.iter().map(|m| m["id"].as_str().unwrap()).collect()
}

fn by_id<'a>(list: &'a [Value], id: &str) -> &'a Value {
    list.iter().find(|m| m["id"] == id).unwrap()
}

#[test]
fn no_provider_models_means_no_models() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    mk(&cx, &admin, form("p", Some("gpt-4o"), "P")).unwrap();
    assert_eq!(
        merge_list(&cx, &admin, vec![]).unwrap(),
        Vec::<Value>::new()
    );
}

#[test]
fn overrides_rename_and_carry_public_info() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    mk(&cx, &admin, form("gpt-4o", None, "GPT Four")).unwrap();
    // an Ollama model matches on the part before `:`
    mk(&cx, &admin, form("llama3", None, "Llama")).unwrap();
    let list = merge_list(&cx, &admin, base()).unwrap();
    assert_eq!(ids(&list), ["gpt-4o", "llama3:latest", "mistral"]);
    let g = by_id(&list, "gpt-4o");
    assert_eq!(g["name"], "GPT Four");
    assert_eq!(g["urlIdx"], 0);
    assert!(g.get("preset").is_none());
    let info = &g["info"];
    assert_eq!(info["id"], "gpt-4o");
    assert_eq!(info["user_id"], admin.id.as_str());
    // the public params subset only: no system prompt, no option params
    assert_eq!(
        info["params"],
        json!({"model_controls": {"effort": {"label": "Effort", "default": "lo",
            "options": {"lo": {"label": "Low"}, "hi": {"label": "High"}}}},
            "compact_token_threshold": 900})
    );
    assert!(info["meta"].get("profile_image_url").is_none());
    // tags: the row's, then the provider's
    assert_eq!(g["tags"], json!([{"name": "mine"}, {"name": "provider"}]));
    assert_eq!(by_id(&list, "llama3:latest")["name"], "Llama");
    assert!(by_id(&list, "mistral").get("info").is_none());
    assert_eq!(by_id(&list, "mistral")["tags"], json!([]));
}

#[test]
fn inactive_override_removes_and_active_presets_are_added() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    mk(&cx, &admin, form("gpt-4o", None, "M")).unwrap();
    toggle(&cx, &admin, "gpt-4o").unwrap();
    mk(&cx, &admin, form("coder", Some("llama3:latest"), "Coder")).unwrap();
    mk(&cx, &admin, form("short", Some("llama3"), "Short")).unwrap();
    mk(&cx, &admin, form("orphan", Some("gone"), "Orphan")).unwrap();
    mk(&cx, &admin, form("off", Some("gpt-4o"), "Off")).unwrap();
    toggle(&cx, &admin, "off").unwrap();
    // a preset whose id collides with a provider model is skipped
    mk(&cx, &admin, form("mistral", Some("gpt-4o"), "X")).unwrap();
    let list = merge_list(&cx, &admin, base()).unwrap();
    assert_eq!(
        ids(&list),
        ["llama3:latest", "mistral", "coder", "short", "orphan"]
    );
    assert!(by_id(&list, "mistral").get("info").is_none());
    let c = by_id(&list, "coder");
    assert_eq!(c["preset"], true);
    assert_eq!(c["owned_by"], "ollama");
    assert_eq!(c["connection_type"], "local");
    assert_eq!(c["object"], "model");
    assert!(c["created"].as_i64().unwrap() > 0);
    assert_eq!(c["info"]["base_model_id"], "llama3:latest");
    assert!(c["info"]["params"].get("system").is_none());
    assert_eq!(by_id(&list, "short")["owned_by"], "ollama");
    assert_eq!(by_id(&list, "orphan")["owned_by"], "openai");
    assert_eq!(by_id(&list, "orphan")["connection_type"], Value::Null);
}

#[test]
fn default_metadata_fills_missing_keys() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let mut f = form("gpt-4o", None, "G");
    f.meta = json!({"capabilities": {"vision": false}, "description": "own"});
    mk(&cx, &admin, f).unwrap();
    configs::set(
        &cx,
        &admin,
        "models.default_metadata",
        json!({"capabilities": {"vision": true, "usage": true}, "description": "default", "suggestion_prompts": []}),
    )
    .unwrap();
    let list = merge_list(&cx, &admin, base()).unwrap();
    let g = &by_id(&list, "gpt-4o")["info"]["meta"];
    assert_eq!(g["capabilities"], json!({"vision": false, "usage": true}));
    assert_eq!(g["description"], "own");
    assert_eq!(g["suggestion_prompts"], json!([]));
    let m = &by_id(&list, "mistral")["info"];
    assert_eq!(
        m["meta"],
        json!({"capabilities": {"vision": true, "usage": true}, "description": "default", "suggestion_prompts": []})
    );
}

#[test]
fn filter_pipelines_go_and_duplicates_collapse_to_the_last() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let mut b = base();
    b.push(json!({"id": "flt", "name": "f", "owned_by": "openai", "pipeline": {"type": "filter"}}));
    b.push(json!({"id": "gpt-4o", "name": "second", "owned_by": "openai"}));
    let list = merge_list(&cx, &admin, b).unwrap();
    assert_eq!(ids(&list), ["gpt-4o", "llama3:latest", "mistral"]);
    assert_eq!(list[0]["name"], "second");
}

#[test]
fn users_see_what_they_own_or_are_granted() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    mk(&cx, &admin, form("gpt-4o", None, "G")).unwrap();
    mk(&cx, &admin, form("llama3:latest", None, "L")).unwrap();
    mk(&cx, &admin, form("preset", Some("gpt-4o"), "P")).unwrap();
    grant(&cx, &admin, "gpt-4o", "*", "read");
    grant(&cx, &admin, "preset", &u.id, "read");
    let list = merge_list(&cx, &u, base()).unwrap();
    // the list does not check the base chain; mistral has no row: admins only
    assert_eq!(ids(&list), ["gpt-4o", "preset"]);
    let all = merge_list(&cx, &admin, base()).unwrap();
    assert_eq!(all.len(), 4);
    // pending users get nothing
    let p = fixtures::user(&cx, "p@example.com", Role::Pending);
    assert!(merge_list(&cx, &p, base()).is_err());
}

#[test]
fn admins_without_bypass_and_the_model_bypass() {
    let (_d, cx) = ctx_with(&[("BYPASS_ADMIN_ACCESS_CONTROL", "false")]);
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let other = fixtures::user(&cx, "o@example.com", Role::Admin);
    mk(&cx, &other, form("gpt-4o", None, "G")).unwrap();
    let list = merge_list(&cx, &admin, base()).unwrap();
    // a row they neither own nor were granted hides it; rowless ones stay
    assert_eq!(ids(&list), ["llama3:latest", "mistral"]);
    assert!(!can_use(&cx, &admin, "gpt-4o").unwrap());

    let (_d, cx) = ctx_with(&[("BYPASS_MODEL_ACCESS_CONTROL", "true")]);
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    mk(&cx, &admin, form("gpt-4o", None, "G")).unwrap();
    assert_eq!(merge_list(&cx, &u, base()).unwrap().len(), 3);
    assert!(can_use(&cx, &u, "gpt-4o").unwrap());
    assert!(can_use(&cx, &u, "anything").unwrap());
}

#[test]
fn model_order_list_sorts_then_names() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    configs::set(&cx, &admin, "ui.model_order_list", json!(["mistral"])).unwrap();
    let list = merge_list(&cx, &admin, base()).unwrap();
    assert_eq!(ids(&list), ["mistral", "gpt-4o", "llama3:latest"]);
}

#[test]
fn can_use_walks_the_base_chain() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    mk(&cx, &admin, form("gpt-4o", None, "G")).unwrap();
    mk(&cx, &admin, form("mid", Some("gpt-4o"), "Mid")).unwrap();
    mk(&cx, &admin, form("top", Some("mid"), "Top")).unwrap();
    mk(&cx, &admin, form("loose", Some("no-row"), "Loose")).unwrap();
    assert!(!can_use(&cx, &u, "top").unwrap());
    grant(&cx, &admin, "top", &u.id, "read");
    assert!(!can_use(&cx, &u, "top").unwrap());
    grant(&cx, &admin, "mid", "*", "read");
    assert!(!can_use(&cx, &u, "top").unwrap());
    grant(&cx, &admin, "gpt-4o", &u.id, "read");
    assert!(can_use(&cx, &u, "top").unwrap());
    // a write grant alone is not read
    grant(&cx, &admin, "gpt-4o", &u.id, "write");
    assert!(!can_use(&cx, &u, "top").unwrap());
    // a base without a row: admins only
    grant(&cx, &admin, "loose", "*", "read");
    assert!(!can_use(&cx, &u, "loose").unwrap());
    assert!(!can_use(&cx, &u, "no-row").unwrap());
    assert!(can_use(&cx, &admin, "loose").unwrap());
    // owners need no grant
    let mut perms = crate::core::users::permissions::defaults(&cx);
    perms["workspace"]["models"] = json!(true);
    configs::set(&cx, &admin, "user.permissions", perms).unwrap();
    mk(&cx, &u, form("own", Some("gpt-4o"), "Own")).unwrap();
    grant(&cx, &admin, "gpt-4o", &u.id, "read");
    assert!(can_use(&cx, &u, "own").unwrap());
}

#[test]
fn chat_variables_schema_from_the_system_prompt() {
    use validate::chat_variables_schema as s;
    assert_eq!(s(None), None);
    assert_eq!(s(Some("no variables {{ USER_NAME }}")), None);
    assert_eq!(
        s(Some(
            "{{chat.variables.topic}} and {{ chat.variables.n | number:min=1:max=5:required }}"
        )),
        Some(json!({"fields": [
            {"key": "topic", "type": "text", "required": false},
            {"key": "n", "max": "5", "min": "1", "required": true, "type": "number"}
        ]}))
    );
    // a select without options, bad keys and conflicts give no schema
    assert_eq!(s(Some("{{ chat.variables.x | select }}")), None);
    assert_eq!(s(Some("{{ chat.variables.Bad }}")), None);
    assert_eq!(
        s(Some(
            "{{ chat.variables.x | number }} {{ chat.variables.x | text }}"
        )),
        None
    );
}

#[test]
fn meta_and_params_are_normalised() {
    let m = validate::normalize_meta(&json!({
        "profile_image_url": "data:image/svg+xml;base64,AAAA",
        "tags": ["a", {"name": " b "}, "", 3],
        "knowledge": [{"id": "f", "type": "file", "data": {"content": "long", "x": 1}}],
        "custom": 1
    }))
    .unwrap();
    assert_eq!(m["profile_image_url"], Value::Null);
    assert_eq!(m["tags"], json!([{"name": "a"}, {"name": "b"}]));
    assert_eq!(m["knowledge"][0]["data"], json!({"x": 1}));
    assert_eq!(m["custom"], 1);
    assert_eq!(m["voice"], Value::Null);
    assert!(validate::normalize_meta(&json!({"background_image_url": "/etc/passwd"})).is_err());
    assert!(
        validate::normalize_meta(&json!({
            "background_image_url": "/api/v1/files/0b4f3c3e-1111-4222-8333-123456789abc/content"
        }))
        .is_ok()
    );
    for ok in [
        "",
        "/user.png",
        "/api/v1/users/abc/profile/image",
        "https://example.com/x.png",
        "data:image/webp;base64,AAAA",
    ] {
        assert!(validate::profile_url_ok(ok), "{ok}");
    }
    for bad in [
        "javascript:alert(1)",
        "//evil",
        "http://:80/x",
        "/etc/x.png",
    ] {
        assert!(!validate::profile_url_ok(bad), "{bad}");
    }
    let p = validate::normalize_params(&json!({"model_controls": {}})).unwrap();
    assert_eq!(p, json!({}));
    let slider = json!({"model_controls": {"s": {"display": "slider", "label": "S",
        "options": {"a": {"label": "A", "params": {}}}}}});
    assert!(validate::normalize_params(&slider).is_err());
    let bad_default = json!({"model_controls": {"s": {"label": "S", "default": "z",
        "options": {"a": {"label": "A", "params": {}}}}}});
    assert!(validate::normalize_params(&bad_default).is_err());
    let menu = json!({"model_controls": {"s": {"display": "menu", "label": "S", "description": null,
        "options": {"a": {"label": "A", "params": {"t": 1}}}}}});
    assert_eq!(
        validate::normalize_params(&menu).unwrap(),
        json!({"model_controls": {"s": {"label": "S", "options": {"a": {"label": "A", "params": {"t": 1}}}}}})
    );
}

#[test]
fn the_cli_administrator_sees_full_params() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    mk(&cx, &admin, form("p", Some("gpt-4o"), "P")).unwrap();
    let m = show(&cx, &Actor::system(), "p").unwrap();
    assert_eq!(m.model.params["system"], "secret prompt");
    assert!(show(&cx, &Actor::system(), "nope").is_err());
}

fn mk(cx: &Ctx, actor: &Actor, f: ModelForm) -> crate::error::Result<Model> {
    create(cx, actor, f, &no_providers)
}

#[test]
fn users_may_not_take_provider_ids_or_put_controls_on_pipes() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let mut perms = crate::core::users::permissions::defaults(&cx);
    perms["workspace"]["models"] = json!(true);
    configs::set(&cx, &admin, "user.permissions", perms).unwrap();
    let providers = || {
        let mut b = base();
        b.push(
            json!({"id": "my-pipe", "name": "p", "owned_by": "openai", "pipe": {"type": "pipe"}}),
        );
        b
    };
    let mut f = form("gpt-4o", Some("mistral"), "G");
    f.params = json!({});
    let e = create(&cx, &u, f.clone(), &providers).unwrap_err();
    assert_eq!(e.message(), MODEL_ID_TAKEN);
    f.id = "llama3".into();
    let e = create(&cx, &u, f.clone(), &providers).unwrap_err();
    assert_eq!(e.message(), MODEL_ID_TAKEN);
    // admins may (an override)
    f.id = "gpt-4o".into();
    create(&cx, &admin, f, &providers).unwrap();
    let mut on_pipe = form("piped", Some("my-pipe"), "P");
    let e = create(&cx, &admin, on_pipe.clone(), &providers).unwrap_err();
    assert_eq!(
        e.message(),
        "Model controls require a server-managed provider model."
    );
    on_pipe.params = json!({"temperature": 1});
    create(&cx, &admin, on_pipe, &providers).unwrap();
}
