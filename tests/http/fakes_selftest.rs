//! Self-test of the fake LLM servers in tests/fakes.

use std::time::{Duration, Instant};

use crate::fakes::{FakeConfig, spawn_ollama, spawn_openai, spawn_openai_with};
use serde_json::{Value, json};

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

/// `data:` payloads of an SSE body, in order.
fn sse_events(text: &str) -> Vec<String> {
    text.split("\n\n")
        .filter(|e| !e.trim().is_empty())
        .map(|e| {
            e.strip_prefix("data: ")
                .unwrap_or_else(|| panic!("not a data line: {e:?}"))
                .to_string()
        })
        .collect()
}

/// Read a body chunk by chunk until it ends or fails; returns the bytes and
/// whether it ended with an error.
async fn read_all(mut resp: reqwest::Response) -> (String, bool) {
    let mut buf = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(c)) => buf.extend_from_slice(&c),
            Ok(None) => return (String::from_utf8(buf).unwrap(), false),
            Err(_) => return (String::from_utf8(buf).unwrap(), true),
        }
    }
}

fn user(text: &str) -> Value {
    json!([{"role": "system", "content": "be nice"}, {"role": "user", "content": text}])
}

#[tokio::test]
async fn openai_models_and_non_stream_chat() {
    let f = spawn_openai().await;
    assert!(f.base_url.starts_with("http://127.0.0.1:") && f.base_url.ends_with("/v1"));
    let c = http();
    let models: Value = c
        .get(format!("{}/models", f.base_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(models["object"], "list");
    let ids: Vec<&str> = models["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "fake-model",
            "slow-model",
            "long-model",
            "broken-model",
            "error-model"
        ]
    );
    assert_eq!(models["data"][0]["object"], "model");
    assert_eq!(models["data"][0]["owned_by"], "fake");
    assert!(models["data"][0]["created"].is_u64());

    // content as a list of parts; unknown extra fields accepted
    let resp = c
        .post(format!("{}/chat/completions", f.base_url))
        .bearer_auth("sk-test")
        .json(&json!({
            "model": "fake-model",
            "messages": [{"role": "user", "content": [{"type": "text", "text": "hello there"}]}],
            "temperature": 0.2, "some_unknown_field": {"x": 1}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let v: Value = resp.json().await.unwrap();
    assert!(v["id"].as_str().unwrap().starts_with("chatcmpl-"));
    assert_eq!(v["object"], "chat.completion");
    assert_eq!(v["model"], "fake-model");
    assert_eq!(v["system_fingerprint"], "b1-fake");
    assert_eq!(v["choices"][0]["index"], 0);
    assert_eq!(v["choices"][0]["message"]["role"], "assistant");
    assert_eq!(v["choices"][0]["message"]["content"], "Echo: hello there");
    assert_eq!(v["choices"][0]["finish_reason"], "stop");
    assert_eq!(v["usage"]["completion_tokens"], 3);
    assert_eq!(v["usage"]["prompt_tokens"], 2);
    assert_eq!(v["usage"]["total_tokens"], 5);
    assert!(v["timings"]["predicted_n"].is_u64());

    let reqs = f.requests_to("/v1/chat/completions");
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].method, "POST");
    assert_eq!(reqs[0].header("Authorization"), Some("Bearer sk-test"));
    assert_eq!(reqs[0].model(), Some("fake-model"));
    assert_eq!(reqs[0].body["temperature"], 0.2);
    assert_eq!(f.requests()[0].path, "/v1/models");
    assert_eq!(f.completed_responses(), 1);
    assert!(f.disconnects().is_empty());
}

#[tokio::test]
async fn openai_stream_chunk_order() {
    let f = spawn_openai().await;
    let resp = http()
        .post(format!("{}/chat/completions", f.base_url))
        .json(
            &json!({"model": "fake-model", "messages": user("hello big world"),
            "stream": true, "stream_options": {"include_usage": true}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let (text, failed) = read_all(resp).await;
    assert!(!failed);
    let events = sse_events(&text);
    assert_eq!(events.last().unwrap(), "[DONE]");
    let chunks: Vec<Value> = events[..events.len() - 1]
        .iter()
        .map(|e| serde_json::from_str(e).unwrap())
        .collect();
    // first: role with null content (llama.cpp)
    assert_eq!(
        chunks[0]["choices"][0]["delta"],
        json!({"role": "assistant", "content": null})
    );
    assert!(chunks[0]["choices"][0]["finish_reason"].is_null());
    for c in &chunks {
        assert_eq!(c["object"], "chat.completion.chunk");
        assert_eq!(c["model"], "fake-model");
        assert_eq!(c["id"], chunks[0]["id"]);
    }
    let deltas: Vec<&str> = chunks[1..chunks.len() - 2]
        .iter()
        .map(|c| c["choices"][0]["delta"]["content"].as_str().unwrap())
        .collect();
    assert_eq!(deltas, ["Echo: ", "hello ", "big ", "world"]);
    let fin = &chunks[chunks.len() - 2];
    assert_eq!(fin["choices"][0]["finish_reason"], "stop");
    assert_eq!(fin["choices"][0]["delta"], json!({}));
    assert!(fin["timings"].is_object());
    let usage = &chunks[chunks.len() - 1];
    assert_eq!(usage["choices"], json!([]));
    assert_eq!(usage["usage"]["completion_tokens"], 4);

    // without include_usage: no usage chunk
    let resp = http()
        .post(format!("{}/chat/completions", f.base_url))
        .json(&json!({"model": "fake-model", "messages": user("hi"), "stream": true}))
        .send()
        .await
        .unwrap();
    let events = sse_events(&read_all(resp).await.0);
    assert_eq!(events.len(), 5); // role, "Echo: ", "hi", stop, [DONE]
    assert!(!events.iter().any(|e| e.contains("\"usage\"")));
    assert!(f.disconnects().is_empty());
}

#[tokio::test]
async fn openai_errors_and_broken() {
    let f = spawn_openai().await;
    let c = http();
    let url = format!("{}/chat/completions", f.base_url);
    let r = c
        .post(&url)
        .json(&json!({"model": "error-model", "messages": user("x"), "stream": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"error": {"message": "fake upstream failure", "type": "server_error", "code": 500}})
    );
    let r = c
        .post(&url)
        .json(&json!({"model": "nope", "messages": user("x")}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"]["message"], "model 'nope' not found");

    // broken stream: three tokens, then the connection is cut
    let r = c
        .post(&url)
        .json(&json!({"model": "broken-model", "messages": user("one two three four five"), "stream": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (text, failed) = read_all(r).await;
    assert!(failed, "broken stream should end with an error");
    assert!(!text.contains("[DONE]"));
    assert!(!text.contains("\"finish_reason\":\"stop\""));
    assert_eq!(text.matches("\"content\":\"").count(), 3, "{text}");

    // broken non-stream: truncated body
    let r = c
        .post(&url)
        .json(&json!({"model": "broken-model", "messages": user("hello")}))
        .send()
        .await
        .unwrap();
    assert!(r.json::<Value>().await.is_err());
    // a crash is not a client disconnect
    assert!(f.disconnects().is_empty());
}

#[tokio::test]
async fn slow_model_first_token_delay() {
    let f = spawn_openai().await;
    let start = Instant::now();
    let mut r = http()
        .post(format!("{}/chat/completions", f.base_url))
        .json(&json!({"model": "slow-model", "messages": user("hello"), "stream": true}))
        .send()
        .await
        .unwrap();
    // role chunk arrives at once, the first token after ~1.5 s
    let first = r.chunk().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("\"content\":null"));
    let mut seen = String::new();
    while !seen.contains("Echo: ") {
        seen.push_str(&String::from_utf8_lossy(&r.chunk().await.unwrap().unwrap()));
    }
    let took = start.elapsed();
    assert!(
        took >= Duration::from_millis(1400) && took < Duration::from_millis(2500),
        "{took:?}"
    );

    // configurable
    let f =
        spawn_openai_with(FakeConfig::default().slow_first_token(Duration::from_millis(200))).await;
    let start = Instant::now();
    let v: Value = http()
        .post(format!("{}/chat/completions", f.base_url))
        .json(&json!({"model": "slow-model", "messages": user("hello")}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["choices"][0]["message"]["content"], "Echo: hello");
    let took = start.elapsed();
    assert!(
        took >= Duration::from_millis(190) && took < Duration::from_millis(1000),
        "{took:?}"
    );
}

#[tokio::test]
async fn task_prompts_get_json_answers() {
    let f = spawn_openai().await;
    let o = spawn_ollama().await;
    let title = "### Task:\nGenerate a concise, 3-5 word title with an emoji summarizing the chat history.\n### Output:\nJSON format: { \"title\": \"your concise title here\" }\n### Chat History:\n<chat_history>\nUSER: first question here\nASSISTANT: Echo: first question here\nUSER: how do rockets fly in space\nASSISTANT: Echo: how do rockets fly in space\n</chat_history>";
    let tags = "### Task:\nGenerate 1-3 broad tags categorizing the main themes of the chat history.\n### Output:\nJSON format: { \"tags\": [\"tag1\", \"tag2\", \"tag3\"] }\n### Chat History:\n<chat_history>\nUSER: what is a good title for my essay\n</chat_history>";
    let follow = "### Task:\nSuggest 3-5 relevant follow-up questions or prompts that the user might naturally ask next.\n### Output:\nJSON format: { \"follow_ups\": [\"Question 1?\", \"Question 2?\"] }\n### Chat History:\n<chat_history>\nUSER: tags and titles\n</chat_history>";
    let no_history = "### Task:\nGenerate a title.\n";
    let cases = [
        (title, json!({"title": "how do rockets"})),
        (tags, json!({"tags": ["General"]})),
        (follow, json!({"follow_ups": ["Tell me more"]})),
        (no_history, json!({"title": "Fake title"})),
    ];
    for (prompt, want) in &cases {
        for stream in [false, true] {
            let r = http()
                .post(format!("{}/chat/completions", f.base_url))
                .json(&json!({"model": "fake-model", "stream": stream,
                    "messages": [{"role": "user", "content": prompt}]}))
                .send()
                .await
                .unwrap();
            let content = if stream {
                sse_events(&read_all(r).await.0)
                    .iter()
                    .filter(|e| *e != "[DONE]")
                    .map(|e| serde_json::from_str::<Value>(e).unwrap())
                    .filter_map(|c| {
                        c["choices"][0]["delta"]["content"]
                            .as_str()
                            .map(String::from)
                    })
                    .collect::<String>()
            } else {
                let v: Value = r.json().await.unwrap();
                v["choices"][0]["message"]["content"]
                    .as_str()
                    .unwrap()
                    .to_string()
            };
            let got: Value = serde_json::from_str(&content).unwrap();
            assert_eq!(&got, want, "stream={stream}");
        }
        // Ollama, non-streamed
        let v: Value = http()
            .post(format!("{}/api/chat", o.base_url))
            .json(&json!({"model": "fake-model:latest", "stream": false,
                "messages": [{"role": "user", "content": prompt}]}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let got: Value = serde_json::from_str(v["message"]["content"].as_str().unwrap()).unwrap();
        assert_eq!(&got, want);
    }
}

#[tokio::test]
async fn retrieval_prompts_echo_the_question_and_the_sources() {
    let f = spawn_openai().await;
    let template = owui::core::retrieval::settings::DEFAULT_RAG_TEMPLATE;
    let context = "<source id=\"1\" name=\"owls.md\" resource-type=\"file\">Barn owls\n roost in granaries.</source>\n\
                   <source id=\"2\" name=\"pasted\">Owls hunt at night.</source>";
    let prompt = format!(
        "{}\nWhere do owls roost?",
        template.replace("{{CONTEXT}}", context)
    );
    let ask = |model: &'static str, content: String| {
        let url = format!("{}/chat/completions", f.base_url);
        async move {
            let v: Value = http()
                .post(url)
                .json(&json!({"model": model, "stream": false,
                    "messages": [{"role": "user", "content": content}]}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v["choices"][0]["message"]["content"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    assert_eq!(
        ask("fake-model", prompt.clone()).await,
        "Echo: Where do owls roost? Context: Barn owls roost in granaries. | Owls hunt at night."
    );
    // a background task quoting such an answer in its history is still a task
    let title =
        format!("### Task:\nGenerate a title.\n<chat_history>\nUSER: {prompt}\n</chat_history>");
    let got: Value = serde_json::from_str(&ask("fake-model", title).await).unwrap();
    assert!(got.get("title").is_some(), "{got}");
}

#[tokio::test]
async fn embeddings_are_deterministic() {
    let f = spawn_openai().await;
    let o = spawn_ollama().await;
    let v: Value = http()
        .post(format!("{}/embeddings", f.base_url))
        .json(&json!({"model": "fake-embed", "input": ["a", "b", "a"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["object"], "list");
    assert_eq!(v["model"], "fake-embed");
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 3);
    assert_eq!(data[1]["index"], 1);
    assert_eq!(data[0]["object"], "embedding");
    assert_eq!(data[0]["embedding"].as_array().unwrap().len(), 8);
    assert_eq!(data[0]["embedding"], data[2]["embedding"]);
    assert_ne!(data[0]["embedding"], data[1]["embedding"]);
    assert!(v["usage"]["total_tokens"].is_u64());

    let e: Value = http()
        .post(format!("{}/api/embed", o.base_url))
        .json(&json!({"model": "fake-model", "input": "a"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(e["model"], "fake-model");
    assert_eq!(e["embeddings"][0], data[0]["embedding"]);
}

#[tokio::test]
async fn ollama_listing_endpoints() {
    let o = spawn_ollama().await;
    assert!(o.base_url.starts_with("http://127.0.0.1:") && !o.base_url.ends_with("/v1"));
    let get = |p: &str| {
        let url = format!("{}{p}", o.base_url);
        async move {
            let r = http().get(url).send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.unwrap()
        }
    };
    assert_eq!(get("/api/version").await, json!({"version": "0.12.0"}));
    let tags = get("/api/tags").await;
    let m0 = &tags["models"][0];
    assert_eq!(m0["name"], "fake-model:latest");
    assert_eq!(m0["model"], "fake-model:latest");
    assert!(m0["modified_at"].is_string() && m0["size"].is_u64());
    assert_eq!(m0["digest"].as_str().unwrap().len(), 64);
    assert_eq!(m0["details"]["format"], "gguf");
    assert_eq!(tags["models"].as_array().unwrap().len(), 5);
    let ps = get("/api/ps").await;
    assert!(ps["models"][0]["expires_at"].is_string());
    let v1 = get("/v1/models").await;
    assert_eq!(v1["object"], "list");
    assert_eq!(v1["data"][0]["id"], "fake-model:latest");

    let r = http()
        .post(format!("{}/api/show", o.base_url))
        .json(&json!({"model": "long-model"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let show: Value = r.json().await.unwrap();
    assert_eq!(show["details"]["family"], "llama");
    let r = http()
        .post(format!("{}/api/show", o.base_url))
        .json(&json!({"model": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"error": "model 'x' not found"})
    );
}

#[tokio::test]
async fn ollama_chat_ndjson() {
    let o = spawn_ollama().await;
    let c = http();
    // streams by default
    let r = c
        .post(format!("{}/api/chat", o.base_url))
        .bearer_auth("ollama-key")
        .json(
            &json!({"model": "fake-model", "messages": user("hello there"),
            "options": {"temperature": 0.5}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/x-ndjson");
    let (text, failed) = read_all(r).await;
    assert!(!failed);
    assert!(text.ends_with('\n'));
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    let parts: Vec<&str> = lines[..3]
        .iter()
        .map(|l| {
            assert_eq!(l["done"], false);
            assert_eq!(l["model"], "fake-model");
            assert!(l["created_at"].as_str().unwrap().ends_with('Z'));
            assert_eq!(l["message"]["role"], "assistant");
            l["message"]["content"].as_str().unwrap()
        })
        .collect();
    assert_eq!(parts, ["Echo: ", "hello ", "there"]);
    let last = &lines[3];
    assert_eq!(last["done"], true);
    assert_eq!(last["done_reason"], "stop");
    assert_eq!(last["message"]["content"], "");
    assert_eq!(last["eval_count"], 3);
    assert!(last["total_duration"].is_u64() && last["prompt_eval_count"].is_u64());
    let req = &o.requests_to("/api/chat")[0];
    assert_eq!(req.header("authorization"), Some("Bearer ollama-key"));
    assert_eq!(req.body["options"]["temperature"], 0.5);

    // stream: false → one object
    let v: Value = c
        .post(format!("{}/api/chat", o.base_url))
        .json(&json!({"model": "fake-model:latest", "messages": user("hi"), "stream": false}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["message"]["content"], "Echo: hi");
    assert_eq!(v["done"], true);
    assert_eq!(v["model"], "fake-model:latest");

    // generate
    let r = c
        .post(format!("{}/api/generate", o.base_url))
        .json(&json!({"model": "fake-model", "prompt": "why sky"}))
        .send()
        .await
        .unwrap();
    let text = read_all(r).await.0;
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let resp: String = lines
        .iter()
        .map(|l| l["response"].as_str().unwrap())
        .collect();
    assert_eq!(resp, "Echo: why sky");
    assert_eq!(lines.last().unwrap()["done"], true);

    // errors
    let r = c
        .post(format!("{}/api/chat", o.base_url))
        .json(&json!({"model": "error-model", "messages": user("x")}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"error": "fake upstream failure"})
    );
    let r = c
        .post(format!("{}/api/chat", o.base_url))
        .json(&json!({"model": "missing:7b", "messages": user("x")}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"error": "model 'missing:7b' not found"})
    );

    // broken: three lines, no done line, connection cut
    let r = c
        .post(format!("{}/api/chat", o.base_url))
        .json(&json!({"model": "broken-model", "messages": user("a b c d e")}))
        .send()
        .await
        .unwrap();
    let (text, failed) = read_all(r).await;
    assert!(failed);
    assert_eq!(text.lines().count(), 3);
    assert!(!text.contains("\"done\":true"));

    // OpenAI-compatible route on Ollama
    let r = c
        .post(format!("{}/v1/chat/completions", o.base_url))
        .json(&json!({"model": "fake-model", "messages": user("yo"), "stream": true}))
        .send()
        .await
        .unwrap();
    let events = sse_events(&read_all(r).await.0);
    assert_eq!(events.last().unwrap(), "[DONE]");
    let first: Value = serde_json::from_str(&events[0]).unwrap();
    assert_eq!(first["choices"][0]["delta"]["content"], "Echo: ");
    assert!(o.disconnects().is_empty());
}

#[tokio::test]
async fn client_disconnect_is_recorded_promptly() {
    let f = spawn_openai().await;
    let o = spawn_ollama().await;
    for (url, body) in [
        (
            format!("{}/chat/completions", f.base_url),
            json!({"model": "long-model", "messages": user("go"), "stream": true}),
        ),
        (
            format!("{}/api/chat", o.base_url),
            json!({"model": "long-model", "messages": user("go")}),
        ),
    ] {
        let mut r = http().post(url).json(&body).send().await.unwrap();
        let mut got = 0;
        while got < 3 {
            let c = r.chunk().await.unwrap().unwrap();
            got += String::from_utf8_lossy(&c).matches("tok").count();
        }
        let fake = if body.get("stream").is_some() { &f } else { &o };
        assert_eq!(fake.active_responses(), 1);
        let t0 = Instant::now();
        drop(r);
        let at = fake
            .wait_disconnect(Duration::from_secs(1))
            .await
            .expect("disconnect recorded");
        let lag = at.saturating_duration_since(t0);
        assert!(lag < Duration::from_millis(100), "{lag:?}");
        assert_eq!(fake.active_responses(), 0);
    }

    // a stream dropped while waiting for slow-model's first token
    let mut r = http()
        .post(format!("{}/chat/completions", f.base_url))
        .json(&json!({"model": "slow-model", "messages": user("go"), "stream": true}))
        .send()
        .await
        .unwrap();
    r.chunk().await.unwrap().unwrap(); // role chunk
    let t0 = Instant::now();
    drop(r);
    let at = f.wait_disconnects(2, Duration::from_secs(1)).await.unwrap();
    assert!(at.saturating_duration_since(t0) < Duration::from_millis(100));

    // a non-streamed request abandoned while the model "thinks"
    let r = http()
        .post(format!("{}/chat/completions", f.base_url))
        .timeout(Duration::from_millis(100))
        .json(&json!({"model": "slow-model", "messages": user("go")}))
        .send()
        .await;
    let t0 = Instant::now();
    assert!(r.is_err());
    let at = f.wait_disconnects(3, Duration::from_secs(1)).await.unwrap();
    assert!(at.saturating_duration_since(t0) < Duration::from_millis(100));
    assert_eq!(f.active_responses(), 0);
}
