use serde_json::{Map, Value, json};

use super::*;

fn conn(url: &str) -> Conn {
    Conn {
        kind: Kind::OpenAI,
        idx: 0,
        url: url.into(),
        key: String::new(),
        config: json!({}),
        configured: false,
    }
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(o) => o,
        _ => panic!(),
    }
}

#[test]
fn reasoning_models_are_recognised() {
    for id in [
        "o1",
        "o3-mini",
        "o1-preview",
        "gpt-5",
        "gpt-5.1-mini",
        "eu.openai.o3",
        "gpt-10",
    ] {
        assert!(openai::is_reasoning_model(id), "{id}");
    }
    for id in [
        "gpt-4o",
        "gpt-4.1",
        "ollama",
        "llama3",
        "open-model",
        "gpt-oss",
    ] {
        assert!(!openai::is_reasoning_model(id), "{id}");
    }
}

#[test]
fn bodies_are_adjusted_per_model_and_connection() {
    let b = openai::prepare_body(
        &conn("https://api.openai.com/v1"),
        obj(json!({"model": "o3", "max_tokens": 5, "metadata": {"x": 1},
            "messages": [{"role": "system", "content": "s"}], "stream_options": {}})),
    );
    assert_eq!(
        Value::Object(b),
        json!({"model": "o3", "messages": [{"role": "developer", "content": "s"}], "max_completion_tokens": 5})
    );
    let b = openai::prepare_body(
        &conn("http://127.0.0.1:8080/v1"),
        obj(
            json!({"model": "llama", "max_completion_tokens": 7, "stream": true, "stream_options": {"include_usage": true},
            "messages": [{"role": "tool", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}]}),
        ),
    );
    assert_eq!(b["max_tokens"], 7);
    assert!(!b.contains_key("max_completion_tokens"));
    assert_eq!(b["messages"][0]["content"], "ab");
    assert_eq!(b["stream_options"], json!({"include_usage": true}));
}

#[test]
fn prefixes_come_off_only_when_present() {
    assert_eq!(unprefixed("lab.llama", Some("lab")), "llama");
    assert_eq!(unprefixed("llama", Some("lab")), "llama");
    assert_eq!(unprefixed("laboratory", Some("lab")), "laboratory");
    assert_eq!(unprefixed("lab.llama", None), "lab.llama");
}

#[test]
fn openai_bodies_become_ollama_bodies() {
    let o = ollama::body_to_ollama(&obj(json!({
        "model": "llama3:latest", "stream": true, "stop": ["x"], "max_tokens": 9,
        "options": {"temperature": 0.5, "keep_alive": "\"5m\"", "system": "sys"},
        "messages": [
            {"role": "user", "content": [{"type": "text", "text": "look"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,QUJD"}}]},
            {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "function": {"name": "f", "arguments": "{\"a\":1}"}}]},
            {"role": "tool", "content": "42", "tool_call_id": "c1"}
        ]
    })));
    assert_eq!(
        Value::Object(o),
        json!({
            "model": "llama3:latest",
            "messages": [
                {"role": "user", "content": "look", "images": ["QUJD"]},
                {"role": "assistant", "tool_calls": [{"index": 0, "id": "c1", "function": {"name": "f", "arguments": {"a": 1}}}], "content": ""},
                {"role": "tool", "content": "42", "tool_call_id": "c1"}
            ],
            "stream": true,
            "keep_alive": "5m",
            "system": "sys",
            "options": {"temperature": 0.5, "stop": ["x"], "num_predict": 9}
        })
    );
}

#[test]
fn ollama_answers_become_openai_answers() {
    let r = ollama::response_to_openai(
        &json!({"model": "m", "message": {"role": "assistant", "content": "hi"},
        "done": true, "done_reason": "stop", "prompt_eval_count": 3, "eval_count": 2}),
    );
    assert_eq!(r["object"], "chat.completion");
    assert_eq!(
        r["choices"][0]["message"],
        json!({"role": "assistant", "content": "hi"})
    );
    assert_eq!(r["choices"][0]["finish_reason"], "stop");
    assert_eq!(r["usage"]["total_tokens"], 5);
    assert_eq!(r["usage"]["response_token/s"], "N/A");
}
