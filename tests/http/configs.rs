//! `/api/v1/configs` connections, code execution and models forms over
//! loopback, and how `/api/config` and `/api/models` follow them.

use crate::fakes;

use crate::common::{self, Auth, Server, keys, start, start_with};
use serde_json::{Value, json};

/// An owui whose only connection is the fake OpenAI server, whose models
/// every user may use; provider model lists are never reused by the
/// time-based cache.
async fn with_openai(fake: &fakes::Fake) -> Server {
    let url = fake.base_url.clone();
    start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", url);
            c.set("OPENAI_API_KEY", "sk-fake");
            c.set("ENABLE_OLLAMA_API", "false");
            c.set("MODELS_CACHE_TTL", "0");
            c.set("BYPASS_MODEL_ACCESS_CONTROL", "true");
        },
        None,
    )
    .await
}

struct People {
    admin: String,
    user: String,
    pending: String,
}

async fn people(s: &Server) -> People {
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let (user, _) = s
        .add_user(&admin, "Ursula", "user@example.com", "user")
        .await;
    let (pending, _) = s
        .add_user(&admin, "Pat", "pending@example.com", "pending")
        .await;
    People {
        admin,
        user,
        pending,
    }
}

/// Every caller but the admin is refused, and nothing is saved.
async fn only_admins(s: &Server, p: &People, path: &str, body: Value) {
    let before = s.get(path, &p.admin).await.body;
    for (who, auth) in [
        ("user", Auth::Bearer(&p.user)),
        ("pending", Auth::Bearer(&p.pending)),
        ("anonymous", Auth::None),
    ] {
        for (m, b) in [("GET", None), ("POST", Some(body.clone()))] {
            let r = s.call(m, path, auth, b).await;
            assert!(
                matches!(r.status, 401 | 403),
                "{who} {m} {path}: {} {}",
                r.status,
                r.body
            );
        }
    }
    assert_eq!(s.get(path, &p.admin).await.body, before, "{path} changed");
}

fn ids(r: &common::Resp) -> Vec<String> {
    r.body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("no list: {}", r.body))
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn connections_round_trip_and_direct_connections_stay_off() {
    let s = start().await;
    let p = people(&s).await;
    let path = "/api/v1/configs/connections";
    let r = s.get(path, &p.admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        json!({"ENABLE_DIRECT_CONNECTIONS": false, "ENABLE_DIRECT_INTEGRATIONS": false, "ENABLE_BASE_MODELS_CACHE": false})
    );
    assert_eq!(
        keys(&r.body),
        [
            "ENABLE_DIRECT_CONNECTIONS",
            "ENABLE_DIRECT_INTEGRATIONS",
            "ENABLE_BASE_MODELS_CACHE"
        ]
    );
    // owui has no direct connections: turning them on is refused, nothing saved
    for (field, body) in [
        (
            "ENABLE_DIRECT_CONNECTIONS",
            json!({"ENABLE_DIRECT_CONNECTIONS": true, "ENABLE_DIRECT_INTEGRATIONS": false, "ENABLE_BASE_MODELS_CACHE": true}),
        ),
        (
            "ENABLE_DIRECT_INTEGRATIONS",
            json!({"ENABLE_DIRECT_CONNECTIONS": false, "ENABLE_DIRECT_INTEGRATIONS": true, "ENABLE_BASE_MODELS_CACHE": true}),
        ),
    ] {
        let r = s.post(path, &p.admin, body).await;
        assert_eq!(r.status, 400, "{field}: {}", r.body);
        let detail = r.body["detail"].as_str().unwrap();
        assert!(
            detail.starts_with(field) && detail.contains("owui does not run"),
            "{detail}"
        );
    }
    assert_eq!(
        s.get(path, &p.admin).await.body["ENABLE_BASE_MODELS_CACHE"],
        false
    );
    // the page's form with them off saves
    let off = json!({"ENABLE_DIRECT_CONNECTIONS": false, "ENABLE_DIRECT_INTEGRATIONS": false, "ENABLE_BASE_MODELS_CACHE": true});
    let r = s.post(path, &p.admin, off.clone()).await;
    assert_eq!((r.status, &r.body), (200, &off));
    assert_eq!(s.get(path, &p.admin).await.body, off);
    // ENABLE_DIRECT_INTEGRATIONS is optional and kept when not sent
    let r = s
        .post(
            path,
            &p.admin,
            json!({"ENABLE_DIRECT_CONNECTIONS": false, "ENABLE_BASE_MODELS_CACHE": true}),
        )
        .await;
    assert_eq!((r.status, &r.body), (200, &off));
    let f = &s.get("/api/config", &p.user).await.body["features"];
    assert_eq!(f["enable_direct_connections"], false);
    assert_eq!(f["enable_direct_integrations"], false);
    let e = s.get("/api/v1/configs/export", &p.admin).await.body;
    assert_eq!(e["direct.enable"], false);
    assert_eq!(e["models.base_models_cache"], true);

    for bad in [
        json!({"ENABLE_DIRECT_CONNECTIONS": true}),
        json!({"ENABLE_BASE_MODELS_CACHE": true}),
        json!({"ENABLE_DIRECT_CONNECTIONS": "yes", "ENABLE_BASE_MODELS_CACHE": true}),
        json!([]),
    ] {
        let r = s.post(path, &p.admin, bad.clone()).await;
        assert_eq!(r.status, 422, "{bad}: {}", r.body);
    }
    only_admins(
        &s,
        &p,
        path,
        json!({"ENABLE_DIRECT_CONNECTIONS": false, "ENABLE_BASE_MODELS_CACHE": false}),
    )
    .await;
}

#[tokio::test]
async fn base_models_cache_reuses_the_list_until_a_refresh() {
    let fake = fakes::spawn_openai().await;
    let s = with_openai(&fake).await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let fetches = || fake.requests_to("/v1/models").len();
    let path = "/api/v1/configs/connections";

    // off: every list is fetched again (MODELS_CACHE_TTL=0)
    assert!(!ids(&s.get("/api/models", &admin).await).is_empty());
    let n = fetches();
    s.get("/api/models", &admin).await;
    assert!(fetches() > n);

    let on = json!({"ENABLE_DIRECT_CONNECTIONS": false, "ENABLE_BASE_MODELS_CACHE": true});
    assert_eq!(s.post(path, &admin, on).await.status, 200);
    let first = ids(&s.get("/api/models", &admin).await);
    let n = fetches();
    for _ in 0..3 {
        assert_eq!(ids(&s.get("/api/models", &admin).await), first);
        s.get("/api/models/base", &admin).await;
    }
    assert_eq!(fetches(), n, "the cached list is reused");
    s.get("/api/models?refresh=true", &admin).await;
    assert!(fetches() > n, "a refresh fetches again");

    let off = json!({"ENABLE_DIRECT_CONNECTIONS": false, "ENABLE_BASE_MODELS_CACHE": false});
    s.post(path, &admin, off).await;
    let n = fetches();
    s.get("/api/models", &admin).await;
    assert!(fetches() > n);
}

fn code_form() -> Value {
    json!({
        "ENABLE_CODE_EXECUTION": false,
        "CODE_EXECUTION_ENGINE": "pyodide",
        "CODE_EXECUTION_JUPYTER_URL": "http://jupyter:8888",
        "CODE_EXECUTION_JUPYTER_AUTH": "token",
        "CODE_EXECUTION_JUPYTER_AUTH_TOKEN": "t0k",
        "CODE_EXECUTION_JUPYTER_AUTH_PASSWORD": null,
        "CODE_EXECUTION_JUPYTER_TIMEOUT": 30,
        "ENABLE_CODE_INTERPRETER": false,
        "CODE_INTERPRETER_ENGINE": "jupyter",
        "CODE_INTERPRETER_PROMPT_TEMPLATE": "Use {{CODE}}",
        "CODE_INTERPRETER_JUPYTER_URL": null,
        "CODE_INTERPRETER_JUPYTER_AUTH": "password",
        "CODE_INTERPRETER_JUPYTER_AUTH_TOKEN": null,
        "CODE_INTERPRETER_JUPYTER_AUTH_PASSWORD": "pw",
        "CODE_INTERPRETER_JUPYTER_TIMEOUT": null,
    })
}

#[tokio::test]
async fn code_execution_round_trip_and_api_config() {
    let s = start().await;
    let p = people(&s).await;
    let path = "/api/v1/configs/code_execution";
    let r = s.get(path, &p.admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(keys(&r.body), keys(&code_form()));
    assert_eq!(r.body["ENABLE_CODE_EXECUTION"], true);
    assert_eq!(r.body["CODE_EXECUTION_ENGINE"], "pyodide");
    assert_eq!(r.body["CODE_EXECUTION_JUPYTER_TIMEOUT"], 60);
    assert_eq!(r.body["CODE_INTERPRETER_JUPYTER_TIMEOUT"], 60);
    assert_eq!(r.body["CODE_INTERPRETER_PROMPT_TEMPLATE"], "");
    // code blocks run in the browser; the interpreter needs the chat pipeline
    let c = s.get("/api/config", &p.user).await.body;
    assert_eq!(c["features"]["enable_code_execution"], true);
    assert_eq!(c["features"]["enable_code_interpreter"], false);
    assert_eq!(
        c["code"],
        json!({"engine": "pyodide", "interpreter_engine": "pyodide"})
    );

    let r = s.post(path, &p.admin, code_form()).await;
    assert_eq!((r.status, &r.body), (200, &code_form()));
    assert_eq!(s.get(path, &p.admin).await.body, code_form());
    let c = s.get("/api/config", &p.user).await.body;
    assert_eq!(c["features"]["enable_code_execution"], false);
    assert_eq!(c["code"]["interpreter_engine"], "jupyter");

    // owui runs neither the jupyter engine nor the interpreter: turning
    // them on is refused, and nothing of the form is saved
    let mut form = code_form();
    form["ENABLE_CODE_EXECUTION"] = json!(true);
    form["CODE_EXECUTION_ENGINE"] = json!("jupyter");
    form["CODE_EXECUTION_JUPYTER_TIMEOUT"] = json!(99);
    let r = s.post(path, &p.admin, form).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .starts_with("CODE_EXECUTION_ENGINE: owui does not run the `jupyter`"),
        "{}",
        r.body
    );
    let mut form = code_form();
    form["ENABLE_CODE_INTERPRETER"] = json!(true);
    let r = s.post(path, &p.admin, form).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(
        r.body["detail"],
        "ENABLE_CODE_INTERPRETER: owui does not run the code interpreter, so it cannot be turned on."
    );
    assert_eq!(s.get(path, &p.admin).await.body, code_form());
    // the jupyter engine chosen while code execution is off is kept
    let c = s.get("/api/config", &p.user).await.body;
    assert_eq!(c["features"]["enable_code_execution"], false);
    let mut form = code_form();
    form["CODE_EXECUTION_ENGINE"] = json!("jupyter");
    assert_eq!(s.post(path, &p.admin, form).await.status, 200);
    let c = s.get("/api/config", &p.user).await.body;
    assert_eq!(c["code"]["engine"], "jupyter");
    let r = s
        .post(
            "/api/v1/utils/code/execute",
            &p.admin,
            json!({"code": "print(1)"}),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);

    let mut missing = code_form();
    missing
        .as_object_mut()
        .unwrap()
        .remove("CODE_INTERPRETER_JUPYTER_URL");
    let mut wrong = code_form();
    wrong["CODE_EXECUTION_JUPYTER_TIMEOUT"] = json!("soon");
    for bad in [missing, wrong, json!({})] {
        let r = s.post(path, &p.admin, bad).await;
        assert_eq!(r.status, 422, "{}", r.body);
    }
    only_admins(&s, &p, path, code_form()).await;
}

#[tokio::test]
async fn models_round_trip_default_models_and_order() {
    let fake = fakes::spawn_openai().await;
    let s = with_openai(&fake).await;
    let p = people(&s).await;
    let path = "/api/v1/configs/models";
    let r = s.get(path, &p.admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        json!({"DEFAULT_MODELS": null, "DEFAULT_PINNED_MODELS": null, "MODEL_ORDER_LIST": [],
               "DEFAULT_MODEL_METADATA": {}, "DEFAULT_MODEL_PARAMS": {}})
    );
    let unordered = ids(&s.get("/api/models", &p.user).await);
    let mut by_name = unordered.clone();
    by_name.sort();
    assert_eq!(unordered.len(), fakes::DEFAULT_MODELS.len());

    let form = json!({
        "DEFAULT_MODELS": "fake-model",
        "DEFAULT_PINNED_MODELS": "slow-model,fake-model",
        "MODEL_ORDER_LIST": ["slow-model", "fake-model"],
        "DEFAULT_MODEL_METADATA": {"description": "From the admin", "capabilities": {"vision": false}},
        "DEFAULT_MODEL_PARAMS": {"temperature": 0.25},
    });
    let r = s.post(path, &p.admin, form.clone()).await;
    assert_eq!((r.status, &r.body), (200, &form));
    assert_eq!(s.get(path, &p.admin).await.body, form);

    // /api/models: the listed ids first, in order, then the rest by name
    let list = s.get("/api/models", &p.user).await;
    let got = ids(&list);
    let first = ["slow-model".to_string(), "fake-model".to_string()];
    let mut want = first.to_vec();
    want.extend(by_name.into_iter().filter(|m| !first.contains(m)));
    assert_eq!(got, want);
    assert_eq!(
        list.body["data"][0]["info"]["meta"]["description"],
        "From the admin"
    );
    // /api/config: the default and pinned models
    let c = s.get("/api/config", &p.user).await.body;
    assert_eq!(c["default_models"], "fake-model");
    assert_eq!(c["default_pinned_models"], "slow-model,fake-model");
    // the model editor's defaults, for every signed-in user
    let r = s.get("/api/v1/configs/models/defaults", &p.user).await;
    assert_eq!(
        r.body,
        json!({"DEFAULT_MODEL_METADATA": {"description": "From the admin", "capabilities": {"vision": false}}})
    );
    let r = s.get("/api/v1/configs/models/defaults", &p.pending).await;
    assert!(matches!(r.status, 401 | 403), "{}", r.body);
    // the default params are the base of a chat's
    let r = s
        .post(
            "/api/chat/completions",
            &p.user,
            json!({"model": "fake-model", "stream": false,
                   "messages": [{"role": "user", "content": "hi"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = fake.requests_to("/v1/chat/completions").pop().unwrap();
    assert_eq!(sent.body["temperature"], 0.25);

    // metadata and params may be left out: saved as null
    let r = s
        .post(
            path,
            &p.admin,
            json!({"DEFAULT_MODELS": null, "DEFAULT_PINNED_MODELS": null, "MODEL_ORDER_LIST": null}),
        )
        .await;
    assert_eq!(
        r.body,
        json!({"DEFAULT_MODELS": null, "DEFAULT_PINNED_MODELS": null, "MODEL_ORDER_LIST": null,
               "DEFAULT_MODEL_METADATA": null, "DEFAULT_MODEL_PARAMS": null})
    );
    assert_eq!(ids(&s.get("/api/models", &p.user).await), unordered);
    assert_eq!(
        s.get("/api/config", &p.user).await.body["default_models"],
        Value::Null
    );

    for bad in [
        json!({"DEFAULT_PINNED_MODELS": null, "MODEL_ORDER_LIST": null}),
        json!({"DEFAULT_MODELS": null, "DEFAULT_PINNED_MODELS": null}),
        json!({"DEFAULT_MODELS": ["a"], "DEFAULT_PINNED_MODELS": null, "MODEL_ORDER_LIST": null}),
        json!({"DEFAULT_MODELS": null, "DEFAULT_PINNED_MODELS": null, "MODEL_ORDER_LIST": "a,b"}),
    ] {
        let r = s.post(path, &p.admin, bad.clone()).await;
        assert_eq!(r.status, 422, "{bad}: {}", r.body);
    }
    only_admins(
        &s,
        &p,
        path,
        json!({"DEFAULT_MODELS": "x", "DEFAULT_PINNED_MODELS": null, "MODEL_ORDER_LIST": null}),
    )
    .await;
}

#[tokio::test]
async fn group_default_models_win_in_api_config() {
    let fake = fakes::spawn_openai().await;
    let s = with_openai(&fake).await;
    let p = people(&s).await;
    let (other, _) = s
        .add_user(&p.admin, "Olga", "other@example.com", "user")
        .await;
    let me = s.get("/api/v1/auths/", &p.user).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let form = json!({"DEFAULT_MODELS": "fake-model", "DEFAULT_PINNED_MODELS": null, "MODEL_ORDER_LIST": []});
    s.post("/api/v1/configs/models", &p.admin, form).await;
    let parent = s
        .post(
            "/api/v1/groups/create",
            &p.admin,
            json!({"name": "parent", "description": ""}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let child = s
        .post(
            "/api/v1/groups/create",
            &p.admin,
            json!({"name": "child", "description": "", "parent_group_id": parent}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s
        .post(
            &format!("/api/v1/groups/id/{child}/users/add"),
            &p.admin,
            json!({"user_ids": [me]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        s.get("/api/config", &p.user).await.body["default_models"],
        "fake-model"
    );
    let set = |gid: String, models: Value| {
        let s = &s;
        let admin = p.admin.clone();
        async move {
            let r = s
                .post(
                    &format!("/api/v1/groups/id/{gid}/update"),
                    &admin,
                    json!({"data": {"config": {"default_models": models}}}),
                )
                .await;
            assert_eq!(r.status, 200, "{}", r.body);
        }
    };
    // an ancestor's defaults apply to inherited members
    set(parent.clone(), json!(["long-model", "no-such-model"])).await;
    assert_eq!(
        s.get("/api/config", &p.user).await.body["default_models"],
        "long-model"
    );
    // the deeper group wins
    set(child.clone(), json!(["slow-model", "fake-model"])).await;
    assert_eq!(
        s.get("/api/config", &p.user).await.body["default_models"],
        "slow-model,fake-model"
    );
    // non-members keep the global defaults
    assert_eq!(
        s.get("/api/config", &other).await.body["default_models"],
        "fake-model"
    );
    assert_eq!(
        s.get("/api/config", &p.admin).await.body["default_models"],
        "fake-model"
    );
    // models the user cannot see fall back to the global defaults
    set(child, json!(["no-such-model"])).await;
    set(parent, json!(["no-such-model"])).await;
    assert_eq!(
        s.get("/api/config", &p.user).await.body["default_models"],
        "fake-model"
    );
}

/// The import refuses what the admin forms refuse: a feature owui does
/// not run is not turned on, and then nothing of the import is saved.
#[tokio::test]
async fn import_refuses_features_owui_does_not_run_and_saves_nothing() {
    let s = start().await;
    let p = people(&s).await;
    let before = s.get("/api/v1/configs/export", &p.admin).await.body;
    assert_eq!(before["ui.enable_signup"], false);
    let import = |config: Value| {
        let s = &s;
        let admin = p.admin.clone();
        async move {
            s.post(
                "/api/v1/configs/import",
                &admin,
                json!({ "config": config }),
            )
            .await
        }
    };
    for (key, on) in [
        ("channels.enable", json!(true)),
        ("notes.enable", json!("true")),
        ("memories.background_review.enable", json!(1)),
        ("direct.enable", json!(true)),
        ("code_interpreter.enable", json!(true)),
        ("auth.mfa.enable", json!(true)),
        ("ui.enable_user_webhooks", json!(true)),
    ] {
        let r = import(json!({"ui.enable_signup": true, key: on})).await;
        assert_eq!(r.status, 400, "{key}: {}", r.body);
        let detail = r.body["detail"].as_str().unwrap();
        assert!(
            detail.starts_with(&format!("{key}: owui does not run "))
                && detail.ends_with(", so it cannot be turned on."),
            "{detail}"
        );
    }
    let r = import(json!({
        "ui.enable_signup": true,
        "code_execution.enable": true,
        "code_execution.engine": "jupyter",
    }))
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .starts_with("code_execution.engine: owui does not run the `jupyter`"),
        "{}",
        r.body
    );
    // nothing of any refused import was saved
    let after = s.get("/api/v1/configs/export", &p.admin).await.body;
    assert_eq!(after, before);
    // the same keys off, and code execution with pyodide, import
    let r = import(json!({
        "ui.enable_signup": true,
        "channels.enable": false,
        "notes.enable": false,
        "code_execution.enable": true,
        "code_execution.engine": "pyodide",
    }))
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["ui.enable_signup"], true);
    // jupyter chosen while code execution is off is only a choice
    let r =
        import(json!({"code_execution.enable": false, "code_execution.engine": "jupyter"})).await;
    assert_eq!(r.status, 200, "{}", r.body);
}
