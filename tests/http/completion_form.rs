//! The request body of `/api/chat/completions`: what a body of the wrong
//! shape gets, and what reaches the provider from a body of the right one.

use crate::common::{Auth, Server, start_with_openai};
use crate::fakes;

use serde_json::{Value, json};

/// POST a raw body; (status, JSON body).
async fn post_raw(s: &Server, token: &str, body: &str) -> (u16, Value) {
    let r = s
        .http
        .post(s.url("/api/chat/completions"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_refused() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    for body in ["[1]", "\"hello\"", "3", "null", "true"] {
        assert_eq!(
            post_raw(&s, &t, body).await,
            (400, json!({"detail": "the body must be a JSON object"})),
            "{body}"
        );
    }
    let (status, r) = post_raw(&s, &t, "{\"model\": ").await;
    assert_eq!(
        (status, &r["detail"][0]["type"]),
        (422, &json!("json_invalid"))
    );
    let (status, r) = post_raw(&s, &t, "").await;
    assert_eq!(status, 422, "{r}");
    // without a credential the body is not looked at
    let r = s
        .call(
            "POST",
            "/api/chat/completions",
            Auth::None,
            Some(json!([1])),
        )
        .await;
    assert_eq!(r.status, 401);
    assert!(fake.requests_to("/v1/chat/completions").is_empty());
}

#[tokio::test]
async fn fields_of_the_wrong_type_are_read_as_absent() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let hi = json!([{"role": "user", "content": "hi"}]);
    // a model id that is not a string names no model
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            json!({"model": 5, "messages": hi}),
        )
        .await;
    assert_eq!(
        (r.status, &r.body),
        (400, &json!({"detail": "Model not found"}))
    );

    // the web UI's keys of the wrong type: no chat, no task, an API answer
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            json!({"model": "fake-model", "messages": hi, "params": "x", "variables": 3,
                "features": [], "chat_id": 5, "session_id": 7, "id": false, "message_ids": "x",
                "parent_id": 5, "parent_message": "p", "user_message": [], "folder_id": 1,
                "background_tasks": "all", "files": "f", "tool_ids": {}, "model_item": 1,
                "metadata": 2, "assistant_message_id": 3}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["choices"][0]["message"]["content"], "Echo: hi");
    let sent = fake.last_request().unwrap();
    assert_eq!(
        sent.body,
        json!({"model": "fake-model", "messages": [{"role": "user", "content": "hi"}]})
    );

    // messages that are not a list are sent as none
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            json!({"model": "fake-model", "messages": "hi"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(fake.last_request().unwrap().body["messages"], json!([]));

    // a new chat (parent_id null, no chat_id) needs a user message object
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            json!({"model": "fake-model", "messages": hi, "parent_id": null,
                "user_message": "hi", "parent_message": 1}),
        )
        .await;
    assert_eq!(
        (r.status, &r.body),
        (400, &json!({"detail": "a new chat needs the user message"}))
    );
}

#[tokio::test]
async fn keys_owui_does_not_know_reach_the_provider_as_they_came() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            json!({"user": "u-1", "model": "fake-model", "seed": 7,
                "messages": [{"role": "user", "content": "hi"}],
                "logprobs": false, "response_format": {"type": "text"}, "top_k": "many",
                "stream": "yes"}),
        )
        .await;
    // `stream` is passed on as sent; only `true` streams
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "chat.completion");
    let sent = fake.last_request().unwrap();
    let keys: Vec<&str> = sent
        .body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|k| !["model", "messages", "stream"].contains(k))
        .collect();
    assert_eq!(
        keys,
        ["user", "seed", "logprobs", "response_format", "top_k"]
    );
    assert_eq!(sent.body["top_k"], "many");
    assert_eq!(sent.body["stream"], "yes");
    assert_eq!(sent.body["response_format"], json!({"type": "text"}));
}

#[tokio::test]
async fn the_web_uis_message_ids_decide_whether_it_runs_in_the_background() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let form = |ids: Value| {
        json!({"model": "fake-model", "messages": [{"role": "user", "content": "hi"}],
            "chat_id": "temporary:sid-1", "session_id": "sid-1", "id": "a1", "message_ids": ids})
    };
    // message_ids of the wrong type: the single `id`
    let r = s.post("/api/chat/completions", &t, form(json!(5))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["chat_id"], "temporary:sid-1");
    assert_eq!(r.body["task_ids"].as_array().map(Vec::len), Some(1));
    // the legacy map, one entry per model
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            form(json!({"fake-model": "a2"})),
        )
        .await;
    assert_eq!(r.body["task_ids"].as_array().map(Vec::len), Some(1));
    // an empty list: nothing to write in the background, so an API answer
    let r = s.post("/api/chat/completions", &t, form(json!([]))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "chat.completion");
}

#[tokio::test]
async fn a_reply_naming_a_model_that_cannot_be_used_starts_nothing() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let ids = json!([{"model_id": "long-model", "message_id": "a1"},
        {"model_id": "no-such-model", "message_id": "a2"}]);
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            json!({"model": "long-model", "messages": [{"role": "user", "content": "hi"}],
                "chat_id": "temporary:sid-1", "session_id": "sid-1", "id": "a1", "message_ids": ids}),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["detail"], "Model not found");
    // no answer was started for the model that exists either
    assert_eq!(s.get("/api/tasks", &t).await.body, json!({"tasks": []}));
    assert!(fake.requests_to("/v1/chat/completions").is_empty());
}
