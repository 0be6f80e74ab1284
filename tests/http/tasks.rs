//! `/api/v1/tasks`: the task settings and the task completions against
//! fake OpenAI and Ollama servers on 127.0.0.1.

use crate::fakes;

use crate::common::{self, Server, start_with, start_with_openai};
use serde_json::{Value, json};

/// The settings as they start, with `changes` applied.
fn settings(changes: Value) -> Value {
    let mut v = json!({"TASK_MODEL": "", "TASK_MODEL_EXTERNAL": "", "TASK_MODEL_PARAMS": {},
        "ENABLE_TITLE_GENERATION": true, "TITLE_GENERATION_PROMPT_TEMPLATE": "",
        "IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE": "", "ENABLE_AUTOCOMPLETE_GENERATION": false,
        "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH": -1, "AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE": "",
        "TAGS_GENERATION_PROMPT_TEMPLATE": "", "FOLLOW_UP_GENERATION_PROMPT_TEMPLATE": "",
        "ENABLE_FOLLOW_UP_GENERATION": true, "ENABLE_TAGS_GENERATION": true,
        "ENABLE_SEARCH_QUERY_GENERATION": true, "ENABLE_RETRIEVAL_QUERY_GENERATION": true,
        "QUERY_GENERATION_PROMPT_TEMPLATE": "", "TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE": "",
        "ENABLE_VOICE_MODE_PROMPT": true, "VOICE_MODE_PROMPT_TEMPLATE": ""});
    for (k, val) in changes.as_object().unwrap() {
        v[k] = val.clone();
    }
    v
}

async fn configure(s: &Server, admin: &str, changes: Value) -> Value {
    let r = s
        .post("/api/v1/tasks/config/update", admin, settings(changes))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

fn chat() -> Value {
    json!([
        {"role": "user", "content": "What is Rust?"},
        {"role": "assistant", "content": "A language."},
    ])
}

/// The one prompt the fake got last on `path`.
fn last_prompt(fake: &fakes::Fake, path: &str) -> (Value, String) {
    let sent = fake.requests_to(path);
    let body = sent.last().expect("a request to the model").body.clone();
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1, "{body}");
    assert_eq!(messages[0]["role"], "user");
    let text = messages[0]["content"].as_str().unwrap().to_string();
    (body, text)
}

#[tokio::test]
async fn title_tags_and_follow_ups_send_the_rendered_chat_to_the_model() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let body = json!({"model": "fake-model", "messages": chat(), "chat_id": "c1"});

    let r = s
        .post("/api/v1/tasks/title/completions", &admin, body.clone())
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "chat.completion");
    assert_eq!(
        r.body["choices"][0]["message"]["content"],
        r#"{"title": "What is Rust?"}"#
    );
    let (sent, prompt) = last_prompt(&fake, "/v1/chat/completions");
    assert_eq!(sent["model"], "fake-model");
    assert_eq!(sent["stream"], false);
    assert_eq!(sent["max_tokens"], 1000);
    assert!(sent.get("metadata").is_none(), "{sent}");
    assert!(prompt.contains("\"title\""), "{prompt}");
    assert!(
        prompt.contains("USER: What is Rust?\nASSISTANT: A language."),
        "{prompt}"
    );

    let r = s
        .post("/api/v1/tasks/tags/completions", &admin, body.clone())
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["choices"][0]["message"]["content"],
        r#"{"tags": ["General"]}"#
    );
    let (sent, prompt) = last_prompt(&fake, "/v1/chat/completions");
    assert!(sent.get("max_tokens").is_none(), "{sent}");
    assert!(prompt.contains("\"tags\""), "{prompt}");
    assert!(prompt.contains("USER: What is Rust?\nASSISTANT: A language."));

    let r = s
        .post("/api/v1/tasks/follow_up/completions", &admin, body.clone())
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["choices"][0]["message"]["content"],
        r#"{"follow_ups": ["Tell me more"]}"#
    );
    let (_, prompt) = last_prompt(&fake, "/v1/chat/completions");
    assert!(prompt.contains("\"follow_ups\""), "{prompt}");
    assert!(prompt.contains("USER: What is Rust?\nASSISTANT: A language."));

    let r = s
        .post(
            "/api/v1/tasks/image_prompt/completions",
            &admin,
            body.clone(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (_, prompt) = last_prompt(&fake, "/v1/chat/completions");
    assert!(prompt.contains("\"prompt\""), "{prompt}");
}

#[tokio::test]
async fn a_configured_template_gets_the_prompt_messages_and_user_variables() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    configure(
        &s,
        &admin,
        json!({"TITLE_GENERATION_PROMPT_TEMPLATE":
            "### Task: {{USER_NAME}} asks {{prompt:start:7}}|{{MESSAGES:END:1|start:3}}|{{USER_LOCATION}}",
            "TASK_MODEL_PARAMS": {"temperature": 0.2, "top_p": null}}),
    )
    .await;
    let r = s
        .post(
            "/api/v1/tasks/title/completions",
            &admin,
            json!({"model": "fake-model", "messages": chat()}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (sent, prompt) = last_prompt(&fake, "/v1/chat/completions");
    assert_eq!(prompt, "### Task: Ada asks What is|ASSISTANT: A l|None");
    // the task params replace the title's max_tokens; nulls are dropped
    assert_eq!(sent["temperature"], 0.2);
    assert!(sent.get("max_tokens").is_none() && sent.get("top_p").is_none());
}

#[tokio::test]
async fn the_task_model_answers_when_one_is_set() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    // the local task model is for Ollama models; the external one for these
    configure(
        &s,
        &admin,
        json!({"TASK_MODEL": "fake-model", "TASK_MODEL_EXTERNAL": "long-model"}),
    )
    .await;
    let body = json!({"model": "fake-model", "messages": chat()});
    let r = s
        .post("/api/v1/tasks/title/completions", &admin, body)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["model"], "long-model");
    let (sent, _) = last_prompt(&fake, "/v1/chat/completions");
    assert_eq!(sent["model"], "long-model");
    // a task model that does not exist is ignored
    configure(&s, &admin, json!({"TASK_MODEL_EXTERNAL": "gone-model"})).await;
    let r = s
        .post(
            "/api/v1/tasks/emoji/completions",
            &admin,
            json!({"model": "fake-model", "prompt": "I won!"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (sent, _) = last_prompt(&fake, "/v1/chat/completions");
    assert_eq!(sent["model"], "fake-model");
    // MoA always uses the model asked for
    configure(&s, &admin, json!({"TASK_MODEL_EXTERNAL": "long-model"})).await;
    let r = s
        .post(
            "/api/v1/tasks/moa/completions",
            &admin,
            json!({"model": "fake-model", "prompt": "Why?", "responses": ["a", "b"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (sent, _) = last_prompt(&fake, "/v1/chat/completions");
    assert_eq!(sent["model"], "fake-model");
}

#[tokio::test]
async fn ollama_models_use_the_local_task_model() {
    let fake = fakes::spawn_ollama().await;
    let url = fake.base_url.clone();
    let s = start_with(
        move |c| {
            c.set("OLLAMA_BASE_URL", url);
            c.set("ENABLE_OPENAI_API", "false");
        },
        None,
    )
    .await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    configure(
        &s,
        &admin,
        json!({"TASK_MODEL": "long-model:latest", "TASK_MODEL_EXTERNAL": "slow-model:latest"}),
    )
    .await;
    let r = s
        .post(
            "/api/v1/tasks/tags/completions",
            &admin,
            json!({"model": "fake-model:latest", "messages": chat()}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "chat.completion");
    let sent = fake.requests_to("/api/chat");
    assert_eq!(sent.last().unwrap().model(), Some("long-model:latest"));
}

#[tokio::test]
async fn emoji_queries_autocomplete_and_moa_prompts() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;

    let r = s
        .post(
            "/api/v1/tasks/emoji/completions",
            &admin,
            json!({"model": "fake-model", "prompt": "I won the lottery!"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (sent, prompt) = last_prompt(&fake, "/v1/chat/completions");
    assert_eq!(sent["max_tokens"], 4);
    assert!(
        prompt.ends_with("Message: ```I won the lottery!```"),
        "{prompt}"
    );

    let r = s
        .post(
            "/api/v1/tasks/queries/completions",
            &admin,
            json!({"model": "fake-model", "messages": chat(), "type": "web_search"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["choices"][0]["message"]["content"],
        r#"{"queries": []}"#
    );
    let (_, prompt) = last_prompt(&fake, "/v1/chat/completions");
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    assert!(prompt.contains(&today), "{prompt}");
    assert!(prompt.contains("USER: What is Rust?\nASSISTANT: A language."));

    configure(
        &s,
        &admin,
        json!({"ENABLE_AUTOCOMPLETE_GENERATION": true, "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH": 10}),
    )
    .await;
    let r = s
        .post(
            "/api/v1/tasks/auto/completions",
            &admin,
            json!({"model": "fake-model", "prompt": "Best trails", "type": "search query", "messages": chat()}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(
        r.body["detail"],
        "Input prompt exceeds maximum length of 10"
    );
    let r = s
        .post(
            "/api/v1/tasks/auto/completions",
            &admin,
            json!({"model": "fake-model", "prompt": "Best hike", "type": "search query", "messages": chat()}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (_, prompt) = last_prompt(&fake, "/v1/chat/completions");
    assert!(
        prompt.contains("<type>search query</type>\n<text>Best hike</text>"),
        "{prompt}"
    );
    assert!(prompt.contains("USER: What is Rust?\nASSISTANT: A language."));

    let r = s
        .post(
            "/api/v1/tasks/moa/completions",
            &admin,
            json!({"model": "fake-model", "prompt": "Why?", "responses": ["Because.", "No idea."]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (sent, prompt) = last_prompt(&fake, "/v1/chat/completions");
    assert!(sent.get("max_tokens").is_none());
    assert!(prompt.contains("\"Why?\""), "{prompt}");
    assert!(
        prompt.ends_with("\"\"\"Because.\"\"\"\n\n\"\"\"No idea.\"\"\""),
        "{prompt}"
    );
}

#[tokio::test]
async fn moa_streams_when_asked() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s
        .http
        .post(s.url("/api/v1/tasks/moa/completions"))
        .bearer_auth(&admin)
        .json(&json!({"model": "fake-model", "prompt": "Why?", "responses": ["a"], "stream": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/event-stream");
    let text = r.text().await.unwrap();
    let events: Vec<&str> = text
        .split("\n\n")
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(events.last(), Some(&"data: [DONE]"));
    let first: Value = serde_json::from_str(events[0].strip_prefix("data: ").unwrap()).unwrap();
    assert_eq!(first["object"], "chat.completion.chunk");
    let (sent, _) = last_prompt(&fake, "/v1/chat/completions");
    assert_eq!(sent["stream"], true);
}

#[tokio::test]
async fn switched_off_tasks_and_unknown_models_answer_as_upstream() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let body = json!({"model": "fake-model", "messages": chat()});
    // autocompletion starts switched off
    let r = s
        .post(
            "/api/v1/tasks/auto/completions",
            &admin,
            json!({"model": "fake-model", "prompt": "he"}),
        )
        .await;
    assert_eq!(
        (r.status, r.body.clone()),
        (
            400,
            json!({"detail": "Autocompletion generation is disabled"})
        )
    );
    configure(
        &s,
        &admin,
        json!({"ENABLE_TITLE_GENERATION": false, "ENABLE_TAGS_GENERATION": false,
            "ENABLE_FOLLOW_UP_GENERATION": false, "ENABLE_SEARCH_QUERY_GENERATION": false,
            "ENABLE_RETRIEVAL_QUERY_GENERATION": false}),
    )
    .await;
    let before = fake.requests_to("/v1/chat/completions").len();
    for (path, detail) in [
        ("title", "Title generation is disabled"),
        ("tags", "Tags generation is disabled"),
        ("follow_up", "Follow-up generation is disabled"),
    ] {
        let r = s
            .post(
                &format!("/api/v1/tasks/{path}/completions"),
                &admin,
                body.clone(),
            )
            .await;
        assert_eq!(
            (r.status, r.body),
            (200, json!({"detail": detail})),
            "{path}"
        );
    }
    for (kind, detail) in [
        ("web_search", "Search query generation is disabled"),
        ("retrieval", "Query generation is disabled"),
    ] {
        let r = s
            .post(
                "/api/v1/tasks/queries/completions",
                &admin,
                json!({"model": "fake-model", "messages": chat(), "type": kind}),
            )
            .await;
        assert_eq!(
            (r.status, r.body),
            (400, json!({"detail": detail})),
            "{kind}"
        );
    }
    assert_eq!(fake.requests_to("/v1/chat/completions").len(), before);
    // other query types are not gated
    let r = s
        .post(
            "/api/v1/tasks/queries/completions",
            &admin,
            json!({"model": "fake-model", "messages": chat(), "type": "other"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    configure(&s, &admin, json!({})).await;
    let r = s
        .post(
            "/api/v1/tasks/title/completions",
            &admin,
            json!({"model": "", "messages": chat()}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body["detail"],
        "No model specified for title generation. Please ensure a model is selected for this chat."
    );
    for path in [
        "title",
        "tags",
        "follow_up",
        "image_prompt",
        "queries",
        "emoji",
        "moa",
    ] {
        let r = s
            .post(
                &format!("/api/v1/tasks/{path}/completions"),
                &admin,
                json!({"model": "no-such-model", "messages": chat(), "prompt": "x", "responses": []}),
            )
            .await;
        assert_eq!(
            (r.status, r.body),
            (404, json!({"detail": "Model '' was not found"})),
            "{path}"
        );
    }
}

#[tokio::test]
async fn users_need_access_to_the_model() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    // a provider model is the admins' until shared: the call fails as upstream's does
    let r = s
        .post(
            "/api/v1/tasks/title/completions",
            &user,
            json!({"model": "fake-model", "messages": chat()}),
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (400, json!({"detail": "An internal error has occurred."}))
    );
    let r = s
        .post(
            "/api/v1/tasks/tags/completions",
            &user,
            json!({"model": "fake-model", "messages": chat()}),
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (500, json!({"detail": "An internal error has occurred."}))
    );
    let r = s
        .post(
            "/api/v1/tasks/emoji/completions",
            &user,
            json!({"model": "fake-model", "prompt": "hi"}),
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (400, json!({"detail": "Model not found"}))
    );
    assert!(fake.requests_to("/v1/chat/completions").is_empty());
}

#[tokio::test]
async fn the_settings_round_trip_and_only_admins_change_them() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let (pending, _) = s
        .add_user(&admin, "Pat", "pat@example.com", "pending")
        .await;

    let r = s.get("/api/v1/tasks/config", &user).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body, settings(json!({})));
    // upstream's order: the enable flags of tags and titles come together
    let keys = common::keys(&r.body);
    assert_eq!(keys[3], "TITLE_GENERATION_PROMPT_TEMPLATE");
    assert_eq!(keys[12], "ENABLE_TITLE_GENERATION");

    let changed = json!({"TASK_MODEL_EXTERNAL": "fake-model", "ENABLE_TAGS_GENERATION": false,
        "QUERY_GENERATION_PROMPT_TEMPLATE": "Q {{MESSAGES}}", "TASK_MODEL_PARAMS": null,
        "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH": null, "VOICE_MODE_PROMPT_TEMPLATE": null});
    let saved = configure(&s, &admin, changed).await;
    let mut want = settings(
        json!({"TASK_MODEL_EXTERNAL": "fake-model", "ENABLE_TAGS_GENERATION": false,
        "QUERY_GENERATION_PROMPT_TEMPLATE": "Q {{MESSAGES}}", "TASK_MODEL_PARAMS": null,
        "VOICE_MODE_PROMPT_TEMPLATE": null}),
    );
    want["AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH"] = json!(-1);
    assert_eq!(saved, want);
    assert_eq!(s.get("/api/v1/tasks/config", &admin).await.body, want);

    let r = s
        .post("/api/v1/tasks/config/update", &user, settings(json!({})))
        .await;
    assert_eq!(r.status, 401);
    let mut missing = settings(json!({}));
    missing
        .as_object_mut()
        .unwrap()
        .remove("ENABLE_TITLE_GENERATION");
    let r = s.post("/api/v1/tasks/config/update", &admin, missing).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(
        r.body["detail"][0]["loc"],
        json!(["body", "ENABLE_TITLE_GENERATION"])
    );
    // TASK_MODEL is optional in value but required as a field
    let mut missing = settings(json!({}));
    missing.as_object_mut().unwrap().remove("TASK_MODEL");
    let r = s.post("/api/v1/tasks/config/update", &admin, missing).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(s.get("/api/v1/tasks/config", &admin).await.body, want);

    // pending and signed-out callers are refused everywhere
    for path in [
        "/api/v1/tasks/config/update",
        "/api/v1/tasks/title/completions",
        "/api/v1/tasks/moa/completions",
    ] {
        let body =
            json!({"model": "fake-model", "messages": chat(), "prompt": "x", "responses": []});
        assert_eq!(
            s.post(path, &pending, body.clone()).await.status,
            401,
            "{path}"
        );
        let r = s.http.post(s.url(path)).json(&body).send().await.unwrap();
        assert_eq!(r.status(), 401, "{path}");
    }
    assert_eq!(s.get("/api/v1/tasks/config", &pending).await.status, 401);
    let r = s
        .http
        .get(s.url("/api/v1/tasks/config"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(fake.requests_to("/v1/chat/completions").is_empty());
}
