//! `/api/models`, `/api/chat/completions` and `/api/tasks` against fake
//! OpenAI and Ollama servers on 127.0.0.1.

use crate::fakes;

use std::time::{Duration, Instant};

use crate::common::{self, Polling, Server, start_with, start_with_openai};
use serde_json::{Value, json};

async fn with_ollama(fake: &fakes::Fake) -> Server {
    let url = fake.base_url.clone();
    start_with(
        move |c| {
            c.set("OLLAMA_BASE_URL", url);
            c.set("ENABLE_OPENAI_API", "false");
        },
        None,
    )
    .await
}

async fn sse_lines(s: &Server, token: &str, body: Value) -> (u16, String, Vec<String>) {
    let r = s
        .http
        .post(s.url("/api/chat/completions"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = r.text().await.unwrap();
    let lines = text
        .split("\n\n")
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect();
    (status, ct, lines)
}

#[tokio::test]
async fn the_model_list_shows_provider_models_to_admins() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let r = s.get("/api/models", &admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let ids: Vec<&str> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, fakes::DEFAULT_MODELS);
    let m = &r.body["data"][0];
    // (the fake, like llama.cpp, adds `meta` to its models)
    let mut got = common::keys(m);
    got.retain(|k| k != "meta");
    assert_eq!(
        got,
        common::keys(&{
            let v: Value = serde_json::from_str(include_str!("../samples/models.json")).unwrap();
            v["data"][0].clone()
        })
    );
    assert_eq!(
        (m["owned_by"].as_str(), m["urlIdx"].as_i64()),
        (Some("openai"), Some(0))
    );
    assert_eq!(m["openai"]["owned_by"], "fake");
    // the provider was asked with the connection's key
    let sent = fake.requests_to("/v1/models");
    assert_eq!(sent[0].header("authorization"), Some("Bearer sk-fake"));
    // a user sees no provider model until an admin shares one
    assert_eq!(s.get("/api/models", &user).await.body["data"], json!([]));
    assert_eq!(s.get("/api/v1/models", &admin).await.body, r.body);
    let base = s.get("/api/models/base", &admin).await;
    assert_eq!(base.body["data"].as_array().unwrap().len(), 5);
    assert_eq!(s.get("/api/models/base", &user).await.status, 401);
}

#[tokio::test]
async fn api_clients_get_openai_answers_whole_or_streamed() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            json!({"model": "fake-model", "messages": [{"role": "user", "content": "hello there"}],
                "params": {"temperature": 0.3, "system": "Be brief"}, "features": {}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "chat.completion");
    assert_eq!(
        r.body["choices"][0]["message"]["content"],
        "Echo: hello there"
    );
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.body["temperature"], 0.3);
    assert_eq!(
        sent.body["messages"][0],
        json!({"role": "system", "content": "Be brief"})
    );
    for k in ["params", "features", "system"] {
        assert!(sent.body.get(k).is_none(), "{k} reached the provider");
    }

    let (status, ct, lines) = sse_lines(
        &s,
        &t,
        json!({"model": "fake-model", "stream": true, "messages": [{"role": "user", "content": "one two"}]}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/event-stream"), "{ct}");
    assert_eq!(lines.last().unwrap(), "data: [DONE]");
    let text: String = lines[..lines.len() - 1]
        .iter()
        .map(|l| serde_json::from_str::<Value>(l.strip_prefix("data: ").unwrap()).unwrap())
        .filter_map(|c| {
            c["choices"][0]["delta"]["content"]
                .as_str()
                .map(String::from)
        })
        .collect();
    assert_eq!(text, "Echo: one two");
    // llama.cpp's extra fields pass through untouched
    assert!(lines.iter().any(|l| l.contains("\"timings\"")));
}

#[tokio::test]
async fn provider_failures_reach_the_client() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let msgs = json!([{"role": "user", "content": "x"}]);
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            json!({"model": "error-model", "messages": msgs}),
        )
        .await;
    assert_eq!(r.status, 500);
    assert_eq!(r.body["error"]["message"], "fake upstream failure");
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            json!({"model": "nope", "messages": msgs}),
        )
        .await;
    assert_eq!(
        (r.status, r.body["detail"].as_str()),
        (400, Some("Model not found"))
    );
    let (status, _, lines) = sse_lines(
        &s,
        &t,
        json!({"model": "broken-model", "stream": true, "messages": msgs}),
    )
    .await;
    assert_eq!(status, 200);
    let n = lines.len();
    assert_eq!(lines[n - 1], "data: [DONE]");
    assert_eq!(
        lines[n - 2],
        r#"data: {"error":{"message":"Chat completion stream failed"}}"#
    );
}

#[tokio::test]
async fn a_client_that_goes_away_ends_the_provider_request() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let mut r = s
        .http
        .post(s.url("/api/chat/completions"))
        .bearer_auth(&t)
        .json(&json!({"model": "long-model", "stream": true, "messages": [{"role": "user", "content": "x"}]}))
        .send()
        .await
        .unwrap();
    let _first = r.chunk().await.unwrap();
    let gone = Instant::now();
    drop(r);
    let at = fake
        .wait_disconnect(Duration::from_secs(2))
        .await
        .expect("the provider request was not ended");
    assert!(
        at.duration_since(gone) < Duration::from_millis(100),
        "{:?}",
        at.duration_since(gone)
    );
}

#[tokio::test]
async fn ollama_models_answer_in_openai_format() {
    let fake = fakes::spawn_ollama().await;
    let s = with_ollama(&fake).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let list = s.get("/api/models", &t).await;
    let m = &list.body["data"][0];
    assert_eq!(
        (m["id"].as_str(), m["owned_by"].as_str()),
        (Some("fake-model:latest"), Some("ollama"))
    );
    assert_eq!(m["ollama"]["urls"], json!([0]));
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            json!({"model": "fake-model:latest", "messages": [{"role": "user", "content": "hi"}],
                "params": {"temperature": 0.2, "max_tokens": 7}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["choices"][0]["message"]["content"], "Echo: hi");
    let sent = fake.requests_to("/api/chat");
    assert_eq!(
        sent[0].body["options"],
        json!({"temperature": 0.2, "num_predict": 7})
    );
    let (_, _, lines) = sse_lines(
        &s,
        &t,
        json!({"model": "fake-model:latest", "stream": true, "messages": [{"role": "user", "content": "a b"}]}),
    )
    .await;
    assert_eq!(lines.last().unwrap(), "data: [DONE]");
    let first: Value = serde_json::from_str(lines[0].strip_prefix("data: ").unwrap()).unwrap();
    assert_eq!(first["object"], "chat.completion.chunk");
    assert_eq!(first["choices"][0]["delta"]["role"], "assistant");
}

/// A chat as the web UI makes it before asking for the answer.
pub(crate) async fn ui_chat(s: &Server, t: &str, text: &str) -> String {
    let r = s
        .post(
            "/api/v1/chats/new",
            t,
            json!({"chat": {"title": "New Chat", "models": ["fake-model"], "history": {"currentId": "a1", "messages": {
                "u1": {"id": "u1", "parentId": null, "childrenIds": ["a1"], "role": "user", "content": text, "timestamp": 1},
                "a1": {"id": "a1", "parentId": "u1", "childrenIds": [], "role": "assistant", "content": "", "model": "fake-model", "timestamp": 2}
            }}}}),
        )
        .await;
    r.body["id"].as_str().unwrap().to_string()
}

pub(crate) fn ui_body(chat_id: &str, model: &str, text: &str) -> Value {
    json!({"stream": true, "model": model, "messages": [{"role": "user", "content": text}],
        "params": {}, "features": {}, "variables": {}, "model_item": {"id": model},
        "session_id": "sid-1", "chat_id": chat_id, "id": "a1", "parent_id": "u1",
        "parent_message": {"id": "u1", "parentId": null, "childrenIds": ["a1"], "role": "user", "content": text},
        "background_tasks": {"title_generation": true, "tags_generation": true, "follow_up_generation": true}})
}

pub(crate) async fn events_until(sock: &Polling<'_>, last: &str, within: Duration) -> Vec<Value> {
    let until = Instant::now() + within;
    let mut all: Vec<Value> = Vec::new();
    while Instant::now() < until {
        for p in sock.poll().await {
            if let Some(b) = p.strip_prefix("42")
                && let Ok(a) = serde_json::from_str::<Value>(b)
                && a[0] == "events"
            {
                all.push(a[1].clone());
            }
        }
        if all.iter().any(|e| e["data"]["type"] == last) {
            break;
        }
    }
    all
}

#[tokio::test]
async fn the_web_ui_gets_its_answer_over_the_socket_and_in_the_chat() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let id = ui_chat(&s, &t, "hello socket").await;
    let sock = Polling::connect(&s, &t).await;
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            ui_body(&id, "fake-model", "hello socket"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        (r.body["status"].as_bool(), r.body["chat_id"].as_str()),
        (Some(true), Some(id.as_str()))
    );
    assert_eq!(r.body["task_ids"].as_array().unwrap().len(), 1);

    let events = events_until(&sock, "chat:tags", Duration::from_secs(5)).await;
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["data"]["type"].as_str().unwrap())
        .collect();
    // the order Open WebUI 0.12.4 sends (spec/samples/browser_chat_socket_events.json)
    assert_eq!(
        kinds,
        [
            "chat:list",
            "chat:active",
            "response:completion",
            "response:completion",
            "response:completion",
            "response:completion",
            "chat:completion",
            "chat:list",
            "chat:completion",
            "chat:message:follow_ups",
            "chat:title",
            "chat:tags"
        ]
    );
    let deltas: String = events
        .iter()
        .filter(|e| {
            e["data"]["type"] == "response:completion"
                && e["data"]["data"]["type"] == "response.output_text.delta"
        })
        .map(|e| e["data"]["data"]["delta"].as_str().unwrap())
        .collect();
    assert_eq!(deltas, "Echo: hello socket");
    let done = events
        .iter()
        .find(|e| e["data"]["type"] == "chat:completion" && e["data"]["data"]["done"] == true)
        .expect("no done event");
    assert_eq!(done["message_id"], "a1");
    assert_eq!(
        done["data"]["data"]["output"][0]["content"][0]["text"],
        "Echo: hello socket"
    );
    assert_eq!(done["data"]["data"]["title"], "New Chat");
    let title = events
        .iter()
        .find(|e| e["data"]["type"] == "chat:title")
        .unwrap();
    assert_eq!(title["data"]["data"], "hello socket");

    let g = s.get(&format!("/api/v1/chats/{id}"), &t).await;
    let a1 = &g.body["chat"]["history"]["messages"]["a1"];
    assert_eq!(a1["content"], "Echo: hello socket");
    assert_eq!(a1["done"], true);
    assert_eq!(a1["output"][0]["status"], "completed");
    assert_eq!(g.body["title"], "hello socket");
    // follow-ups kept on the answer, tags on the chat, as the events said
    assert_eq!(a1["followUps"], json!(["Tell me more"]));
    let fu = events
        .iter()
        .find(|e| e["data"]["type"] == "chat:message:follow_ups")
        .unwrap();
    assert_eq!(fu["data"]["data"], json!({"follow_ups": ["Tell me more"]}));
    assert_eq!(g.body["meta"]["tags"], json!(["general"]));
    let tags = events
        .iter()
        .find(|e| e["data"]["type"] == "chat:tags")
        .unwrap();
    assert_eq!(tags["data"]["data"], json!(["General"]));
    assert_eq!(
        s.get("/api/v1/chats/all/tags", &t).await.body[0]["id"],
        "general"
    );
    // the provider saw the chat's history, not the request's copy
    let sent = &fake.requests_to("/v1/chat/completions")[0];
    assert_eq!(
        sent.body["messages"],
        json!([{"role": "user", "content": "hello socket"}])
    );
    // the chat went quiet
    let rest = events_until(&sock, "chat:active", Duration::from_secs(2)).await;
    assert!(
        rest.iter()
            .chain(events.iter())
            .any(|e| e["data"]["type"] == "chat:active" && e["data"]["data"]["active"] == false),
        "{rest:?}"
    );
}

#[tokio::test]
async fn stopping_keeps_the_partial_answer() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&t, "Bo", "bo@example.com", "user").await;
    let id = ui_chat(&s, &t, "count").await;
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            ui_body(&id, "long-model", "count"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let task = r.body["task_ids"][0].as_str().unwrap().to_string();
    tokio::time::sleep(Duration::from_millis(400)).await;
    // the answer so far shows while it is written
    let live = s.get(&format!("/api/v1/chats/{id}"), &t).await;
    let a1 = &live.body["chat"]["history"]["messages"]["a1"];
    assert_eq!(a1["done"], false);
    assert!(a1["content"].as_str().unwrap().starts_with("tok0"), "{a1}");
    assert_eq!(
        s.get(&format!("/api/tasks/chat/{id}"), &t).await.body,
        json!({"task_ids": [task]})
    );
    // someone else can neither see nor stop it
    assert_eq!(
        s.get(&format!("/api/tasks/chat/{id}"), &bo).await.body,
        json!({"task_ids": []})
    );
    let r = s
        .post(&format!("/api/tasks/chat/{id}/stop"), &bo, json!({}))
        .await;
    assert_eq!(r.status, 404);
    // the owner stops it
    let r = s
        .post(&format!("/api/tasks/chat/{id}/stop"), &t, json!({}))
        .await;
    assert_eq!(r.body["status"], true, "{}", r.body);
    let mut a1 = Value::Null;
    for _ in 0..50 {
        let g = s.get(&format!("/api/v1/chats/{id}"), &t).await;
        a1 = g.body["chat"]["history"]["messages"]["a1"].clone();
        if a1["done"] == true {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(a1["done"], true, "{a1}");
    let content = a1["content"].as_str().unwrap();
    assert!(
        content.starts_with("tok0 ") && !content.contains("tok199"),
        "{content}"
    );
    assert!(fake.wait_disconnect(Duration::from_secs(1)).await.is_some());
    assert_eq!(
        s.get(&format!("/api/tasks/chat/{id}"), &t).await.body,
        json!({"task_ids": []})
    );
}

#[tokio::test]
async fn nobody_writes_into_someone_elses_chat() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&t, "Bo", "bo@example.com", "user").await;
    let id = ui_chat(&s, &bo, "mine").await;
    // the admin's model access is not a licence to write into Bo's chat
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            ui_body(&id, "fake-model", "mine"),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    let g = s.get(&format!("/api/v1/chats/{id}"), &bo).await;
    assert_eq!(g.body["chat"]["history"]["messages"]["a1"]["content"], "");
    assert!(fake.requests_to("/v1/chat/completions").is_empty());
    // and Bo may not use a model nobody shared with him
    let r = s
        .post(
            "/api/chat/completions",
            &bo,
            ui_body(&id, "fake-model", "mine"),
        )
        .await;
    assert_eq!(
        (r.status, r.body["detail"].as_str()),
        (400, Some("Model not found"))
    );
}

#[tokio::test]
async fn embeddings_come_from_the_models_provider() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s
        .post(
            "/api/embeddings",
            &t,
            json!({"model": "fake-model", "input": ["a", "b"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["data"].as_array().unwrap().len(), 2);
    assert_eq!(r.body["data"][0]["embedding"].as_array().unwrap().len(), 8);
    let oll = fakes::spawn_ollama().await;
    let s = with_ollama(&oll).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s
        .post(
            "/api/v1/embeddings",
            &t,
            json!({"model": "fake-model:latest", "input": "a"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["object"], "list");
    assert_eq!(r.body["data"][0]["index"], 0);
    assert_eq!(oll.requests_to("/api/embed")[0].body["input"], "a");
}

#[tokio::test]
async fn compaction_summarises_the_older_part_of_a_chat() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&t, "Bo", "bo@example.com", "user").await;
    let r = s
        .post(
            "/api/v1/chats/new",
            &t,
            json!({"chat": {"title": "T", "models": ["fake-model"], "history": {"currentId": "a2", "messages": {
                "u1": {"id": "u1", "parentId": null, "role": "user", "content": "first question"},
                "a1": {"id": "a1", "parentId": "u1", "role": "assistant", "content": "first answer", "model": "fake-model"},
                "u2": {"id": "u2", "parentId": "a1", "role": "user", "content": "second question"},
                "a2": {"id": "a2", "parentId": "u2", "role": "assistant", "content": "second answer", "model": "fake-model"}
            }}}}),
        )
        .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/chats/{id}/compact");
    // off by default
    let r = s.post(&path, &t, json!({})).await;
    assert_eq!(
        r.body,
        json!({"ok": true, "compacted": false, "reason": "disabled", "context_usage": null})
    );
    // someone else's chat
    let r = s.post(&path, &bo, json!({})).await;
    assert_eq!(
        (r.status, r.body["detail"].as_str()),
        (401, Some("We could not find what you're looking for :/"))
    );
    let cfg = s.get("/api/v1/chats/config", &t).await.body;
    let mut on = cfg.clone();
    on["ENABLE_CONTEXT_COMPACTION"] = json!(true);
    assert_eq!(s.post("/api/v1/chats/config", &t, on).await.status, 200);
    let r = s.post(&path, &t, json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        (
            r.body["compacted"].as_bool(),
            r.body["dropped_messages"].as_i64()
        ),
        (Some(true), Some(3))
    );
    assert!(r.body["context_usage"]["tokens"].as_i64().unwrap() > 0);
    let sent = fake.last_request().unwrap();
    let prompt = sent.body["messages"][0]["content"].as_str().unwrap();
    assert!(
        prompt.contains("USER: first question") && prompt.contains("ASSISTANT: second answer"),
        "{prompt}"
    );
    let g = s.get(&format!("/api/v1/chats/{id}"), &t).await;
    let summary = g.body["chat"]["history"]["messages"]["a2"]["contextSummary"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!summary.is_empty());
    assert!(g.body["context_usage"]["threshold"].as_i64().is_some());
    // the next answer sends the summary instead of what it replaced
    let mut body = ui_body(&id, "fake-model", "third");
    body["id"] = json!("a3");
    body["parent_id"] = json!("u3");
    body["parent_message"] =
        json!({"id": "u3", "parentId": "a2", "role": "user", "content": "third"});
    body["user_message"] = body["parent_message"].clone();
    let r = s.post("/api/chat/completions", &t, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut sent = None;
    for _ in 0..100 {
        sent = fake
            .requests_to("/v1/chat/completions")
            .into_iter()
            .find(|q| {
                q.body["messages"][0]["content"]
                    .as_str()
                    .is_some_and(|c| c.starts_with("[CONVERSATION SUMMARY]"))
            });
        if sent.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let sent = sent.expect("no request with the summary");
    let roles: Vec<&str> = sent.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["system", "assistant", "user"]);
}

#[tokio::test]
async fn presets_answer_through_their_base_model_for_those_they_are_shared_with() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&t, "Bo", "bo@example.com", "user").await;
    let r = s
        .post(
            "/api/v1/models/create",
            &t,
            json!({"id": "terse", "name": "Terse", "base_model_id": "fake-model",
                "params": {"system": "Answer in five words, {{USER_NAME}}.", "temperature": 0.1},
                "meta": {"description": "short answers"},
                "access_grants": [{"principal_type": "user", "principal_id": "*", "permission": "read"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Bo sees the preset, not the provider model under it
    let ids: Vec<String> = s.get("/api/models", &bo).await.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["terse"]);
    fake.clear();
    let msgs = json!([{"role": "user", "content": "hi"}]);
    // ... but may only use it once its base model is shared too
    let r = s
        .post(
            "/api/chat/completions",
            &bo,
            json!({"model": "terse", "messages": msgs}),
        )
        .await;
    assert_eq!(
        (r.status, r.body["detail"].as_str()),
        (400, Some("Model not found"))
    );
    let r = s
        .post(
            "/api/v1/models/model/access/update",
            &t,
            json!({"id": "fake-model", "name": "fake-model",
                "access_grants": [{"principal_type": "user", "principal_id": "*", "permission": "read"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s
        .post(
            "/api/chat/completions",
            &bo,
            json!({"model": "terse", "messages": msgs}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.body["model"], "fake-model");
    assert_eq!(sent.body["temperature"], 0.1);
    assert_eq!(
        sent.body["messages"][0],
        json!({"role": "system", "content": "Answer in five words, Bo."})
    );
    // switched off, it is gone for everyone
    let r = s
        .post("/api/v1/models/model/toggle?id=terse", &t, json!({}))
        .await;
    assert_eq!(r.body["is_active"], false, "{}", r.body);
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            json!({"model": "terse", "messages": msgs}),
        )
        .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn a_slow_first_token_is_waited_for() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let start = Instant::now();
    let (status, _, lines) = sse_lines(
        &s,
        &t,
        json!({"model": "slow-model", "stream": true, "messages": [{"role": "user", "content": "wait"}]}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(start.elapsed() >= Duration::from_millis(1400));
    assert_eq!(lines.last().unwrap(), "data: [DONE]");
    assert!(lines.iter().any(|l| l.contains("Echo:")));
    assert!(!lines.iter().any(|l| l.contains("\"error\"")));
}

#[tokio::test]
async fn chat_completed_checks_the_chat_and_gives_the_body_back() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&t, "Bo", "bo@example.com", "user").await;
    let id = ui_chat(&s, &t, "hi").await;
    let body = json!({"model": "fake-model", "messages": [{"role": "user", "content": "hi"}],
        "chat_id": id, "id": "a1", "session_id": "sid"});
    let r = s.post("/api/chat/completed", &t, body.clone()).await;
    assert_eq!((r.status, &r.body), (200, &body));
    let r = s.post("/api/chat/completed", &bo, body.clone()).await;
    assert_eq!(
        (r.status, r.body["detail"].as_str()),
        (404, Some("Something went wrong :/"))
    );
    let mut ch = body.clone();
    ch["chat_id"] = json!("channel:x");
    let r = s.post("/api/chat/completed", &t, ch).await;
    assert_eq!(
        (r.status, r.body["detail"].as_str()),
        (
            400,
            Some("Channel chats are not supported on this endpoint")
        )
    );
    let mut no_id = body.clone();
    no_id.as_object_mut().unwrap().remove("id");
    let r = s.post("/api/chat/completed", &t, no_id).await;
    assert_eq!(
        (r.status, r.body["detail"].as_str()),
        (400, Some("Missing message id"))
    );
}

/// The first chat request the fake receives, waited for.
async fn first_chat_request(fake: &fakes::Fake) -> fakes::Recorded {
    for _ in 0..250 {
        if let Some(r) = fake.requests_to("/v1/chat/completions").into_iter().next() {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the provider got no chat request");
}

/// A background answer for a client that sends its own conversation
/// (`chat_id`, `id`, `parent_id`, `messages`) and names no user message.
fn client_body(chat_id: &str, parent_id: Value, messages: Value) -> Value {
    json!({"stream": true, "model": "fake-model", "messages": messages,
        "session_id": "sid-1", "chat_id": chat_id, "id": "a1", "parent_id": parent_id})
}

#[tokio::test]
async fn a_clients_own_messages_reach_the_model_in_a_saved_chat() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    // the stored branch says something else than the request
    let id = ui_chat(&s, &t, "the stored question").await;
    let messages = json!([
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "earlier"},
        {"role": "assistant", "content": "noted"},
        {"role": "user", "content": "the client's question"}
    ]);
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            client_body(&id, json!("u1"), messages.clone()),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = first_chat_request(&fake).await;
    assert_eq!(sent.body["messages"], messages);
    // the answer still goes into the chat's reply
    let mut content = Value::Null;
    for _ in 0..250 {
        let g = s.get(&format!("/api/v1/chats/{id}"), &t).await;
        content = g.body["chat"]["history"]["messages"]["a1"]["content"].clone();
        if content != "" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(content, "Echo: the client's question");
}

#[tokio::test]
async fn a_chat_with_only_an_empty_reply_answers_the_request() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s
        .post(
            "/api/v1/chats/new",
            &t,
            json!({"chat": {"title": "T", "models": ["fake-model"], "history": {"currentId": "a1", "messages": {
                "a1": {"id": "a1", "parentId": null, "childrenIds": [], "role": "assistant", "content": "", "model": "fake-model"}
            }}}}),
        )
        .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    let messages = json!([{"role": "user", "content": "are you there?"}]);
    let r = s
        .post(
            "/api/chat/completions",
            &t,
            client_body(&id, Value::Null, messages.clone()),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = first_chat_request(&fake).await;
    assert_eq!(sent.body["messages"], messages);
}

#[tokio::test]
async fn the_web_uis_system_message_goes_in_front_of_the_stored_branch() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let id = ui_chat(&s, &t, "hello").await;
    // the web UI sends no history for a saved chat, only its system prompt
    let mut body = ui_body(&id, "fake-model", "hello");
    body["messages"] = json!([{"role": "system", "content": "Answer in French."}]);
    let r = s.post("/api/chat/completions", &t, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = first_chat_request(&fake).await;
    assert_eq!(
        sent.body["messages"],
        json!([
            {"role": "system", "content": "Answer in French."},
            {"role": "user", "content": "hello"}
        ])
    );
}

/// The stored reply `mid` once it is done.
async fn done_reply(s: &Server, t: &str, chat_id: &str, mid: &str) -> Value {
    for _ in 0..250 {
        let g = s.get(&format!("/api/v1/chats/{chat_id}"), t).await;
        let m = g.body["chat"]["history"]["messages"][mid].clone();
        if m["done"] == true {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("reply {mid} never finished");
}

/// The socket's events up to the final `chat:completion` (`done`).
async fn events_until_done(sock: &Polling<'_>) -> Vec<Value> {
    let mut events = Vec::new();
    for _ in 0..5 {
        events.extend(events_until(sock, "chat:completion", Duration::from_secs(5)).await);
        if events.iter().any(|e| e["data"]["data"]["done"] == true) {
            break;
        }
    }
    events
}

#[tokio::test]
async fn continuing_a_reply_sends_its_text_and_keeps_it() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let part = json!({"type": "message", "id": "msg_part", "status": "completed", "role": "assistant",
        "content": [{"type": "output_text", "text": "Once upon a time"}]});
    let r = s
        .post(
            "/api/v1/chats/new",
            &t,
            json!({"chat": {"title": "T", "models": ["fake-model"], "history": {"currentId": "a1", "messages": {
                "u1": {"id": "u1", "parentId": null, "childrenIds": ["a1"], "role": "user", "content": "tell a story", "timestamp": 1},
                "a1": {"id": "a1", "parentId": "u1", "childrenIds": [], "role": "assistant", "content": "Once upon a time",
                    "output": [part], "done": true, "model": "fake-model", "timestamp": 2}
            }}}}),
        )
        .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    let sock = Polling::connect(&s, &t).await;
    // what the web UI's "Continue Response" sends for a saved chat
    let body = json!({"stream": true, "model": "fake-model", "params": {}, "features": {},
        "variables": {}, "model_item": {"id": "fake-model"},
        "session_id": "sid-1", "chat_id": id, "id": "a1", "parent_id": null,
        "user_message": {"id": "u1", "parentId": null, "childrenIds": ["a1"], "role": "user", "content": "tell a story"},
        "assistant_message_id": "a1",
        "background_tasks": {"follow_up_generation": false}});
    let r = s.post("/api/chat/completions", &t, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = first_chat_request(&fake).await;
    // the model sees the partial answer last, to carry it on
    assert_eq!(
        sent.body["messages"],
        json!([
            {"role": "user", "content": "tell a story"},
            {"role": "assistant", "content": "Once upon a time"}
        ])
    );
    let a1 = done_reply(&s, &t, &id, "a1").await;
    assert_eq!(a1["content"], "Once upon a timeEcho: tell a story");
    let output = a1["output"].as_array().unwrap();
    assert_eq!(output.len(), 1, "{output:?}");
    assert_eq!(output[0]["id"], "msg_part");
    assert_eq!(
        output[0]["content"][0]["text"],
        "Once upon a timeEcho: tell a story"
    );
    // the deltas go to the item the client has, and the end carries it all
    let events = events_until_done(&sock).await;
    let delta = events
        .iter()
        .find(|e| e["data"]["data"]["type"] == "response.output_text.delta")
        .expect("no delta");
    assert_eq!(delta["data"]["data"]["item_id"], "msg_part");
    assert_eq!(delta["data"]["data"]["output_index"], 0);
    let done = events
        .iter()
        .find(|e| e["data"]["type"] == "chat:completion" && e["data"]["data"]["done"] == true)
        .expect("no done event");
    assert_eq!(done["data"]["data"]["output"], a1["output"]);
}

#[tokio::test]
async fn continuing_in_a_temporary_chat_ends_with_the_whole_answer() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let sock = Polling::connect(&s, &t).await;
    // a temporary chat sends the conversation, the partial answer last
    let messages = json!([
        {"role": "user", "content": "tell a story"},
        {"role": "assistant", "content": "Once upon a time"}
    ]);
    let body = json!({"stream": true, "model": "fake-model", "messages": messages,
        "session_id": "sid-1", "chat_id": "local:sid-1", "id": "a1", "parent_id": null,
        "user_message": {"id": "u1", "parentId": null, "role": "user", "content": "tell a story"},
        "assistant_message_id": "a1"});
    let r = s.post("/api/chat/completions", &t, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = first_chat_request(&fake).await;
    assert_eq!(sent.body["messages"], messages);
    let events = events_until_done(&sock).await;
    let done = events
        .iter()
        .find(|e| e["data"]["type"] == "chat:completion" && e["data"]["data"]["done"] == true)
        .expect("no done event");
    // the client replaces its message with this output: the old text stays
    assert_eq!(
        done["data"]["data"]["output"][0]["content"][0]["text"],
        "Once upon a timeEcho: tell a story"
    );
}

#[tokio::test]
async fn empty_replies_in_the_stored_branch_are_not_sent() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    // a stopped answer with nothing in it and a failed one
    let r = s
        .post(
            "/api/v1/chats/new",
            &t,
            json!({"chat": {"title": "T", "models": ["fake-model"], "history": {"currentId": "a2", "messages": {
                "u1": {"id": "u1", "parentId": null, "childrenIds": ["a1"], "role": "user", "content": "one", "timestamp": 1},
                "a1": {"id": "a1", "parentId": "u1", "childrenIds": ["u2"], "role": "assistant", "content": "",
                    "output": [], "done": true, "model": "fake-model", "timestamp": 2},
                "u2": {"id": "u2", "parentId": "a1", "childrenIds": ["a2"], "role": "user", "content": "two", "timestamp": 3},
                "a2": {"id": "a2", "parentId": "u2", "childrenIds": [], "role": "assistant", "content": " ",
                    "error": {"content": "boom"}, "done": true, "model": "fake-model", "timestamp": 4}
            }}}}),
        )
        .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    // then the next turn, as the web UI sends it
    let mut body = ui_body(&id, "fake-model", "three");
    body["id"] = json!("a3");
    body["parent_id"] = json!("a2");
    body["parent_message"] = json!({"id": "u3", "parentId": "a2", "childrenIds": ["a3"], "role": "user", "content": "three"});
    body["messages"] = json!([]);
    let r = s.post("/api/chat/completions", &t, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sent = first_chat_request(&fake).await;
    assert_eq!(
        sent.body["messages"],
        json!([
            {"role": "user", "content": "one"},
            {"role": "user", "content": "two"},
            {"role": "user", "content": "three"}
        ])
    );
}
