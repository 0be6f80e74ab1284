use serde_json::{Map, Value, json};

use super::body::add_system;
use super::*;

#[test]
fn params_go_into_the_body_unless_it_sets_them() {
    let mut body = Map::new();
    body.insert("temperature".into(), json!(0.1));
    let params = json!({"temperature": 0.9, "top_p": 0.5, "system": "s", "stop": "a\\nb",
        "custom_params": {"logit_bias": "{\"1\": 2}"}, "stream_delta_chunk_size": 4});
    providers::params::apply_openai(params.as_object().unwrap(), &mut body);
    assert_eq!(
        Value::Object(body),
        json!({"temperature": 0.1, "logit_bias": {"1": 2}, "top_p": 0.5, "stop": ["a\nb"]})
    );
    let mut body = Map::new();
    body.insert("options".into(), json!({"num_ctx": 8}));
    providers::params::apply_ollama(params.as_object().unwrap(), &mut body);
    assert_eq!(body["options"]["num_ctx"], 8);
    assert_eq!(body["options"]["temperature"], 0.9);
    assert!(body["options"].get("system").is_none());
}

#[test]
fn the_system_prompt_goes_first() {
    let mut m = vec![json!({"role": "user", "content": "hi"})];
    add_system(&mut m, "be brief");
    assert_eq!(m[0], json!({"role": "system", "content": "be brief"}));
    add_system(&mut m, "and kind");
    assert_eq!(m[0]["content"], "and kind\nbe brief");
    assert_eq!(m.len(), 2);
}

/// A form read from bytes, as the HTTP face reads it.
fn form(v: Value) -> CompletionForm {
    let posted: Posted = serde_json::from_str(&v.to_string()).unwrap();
    posted.into_form().unwrap()
}

#[test]
fn replies_come_from_message_ids_or_the_id() {
    let r = form(json!({"model": "m", "id": "a1"})).replies();
    assert_eq!(
        (r[0].model_id.as_str(), r[0].message_id.as_str()),
        ("m", "a1")
    );
    let f = json!({"model": "m", "id": "a1", "message_ids": [{"model_id": "x", "message_id": "1"},
        {"model_id": "y", "message_id": "2", "modelIdx": 1}, {"model_id": 3, "message_id": "4"}]});
    let r = form(f).replies();
    assert_eq!(r.len(), 2);
    assert_eq!(r[1].model_idx, Some(json!(1)));
    let r = form(json!({"model": "m", "message_ids": {"x": "1", "y": 2}})).replies();
    assert_eq!(
        r.iter().map(|r| r.model_id.as_str()).collect::<Vec<_>>(),
        ["x"]
    );
    assert!(
        form(json!({"model": "m", "message_ids": []}))
            .replies()
            .is_empty()
    );
    assert!(form(json!({"model": "m", "id": 1})).replies().is_empty());
}

#[test]
fn the_form_keeps_what_it_does_not_read_in_order() {
    let f = form(
        json!({"top_k": 1, "model": "m", "seed": 2, "model_item": {"id": "m"},
        "params": {"temperature": 0.5}, "metadata": {"task": "title"}, "user": "u"}),
    );
    assert_eq!(f.model, "m");
    assert_eq!(f.params["temperature"], 0.5);
    assert_eq!(
        f.extra.keys().map(String::as_str).collect::<Vec<_>>(),
        ["top_k", "seed", "user"]
    );
    // parsed JSON reads the same
    let v = json!({"top_k": 1, "model": "m", "seed": 2, "model_item": {}, "user": "u"});
    let f = Posted::from(v).into_form().unwrap();
    assert_eq!(f.model, "m");
    assert_eq!(
        f.extra.keys().map(String::as_str).collect::<Vec<_>>(),
        ["top_k", "seed", "user"]
    );
    assert!(Posted::from(json!([1])).into_form().is_err());
}

#[test]
fn wrong_types_read_as_absent_and_the_last_key_wins() {
    let f = form(
        json!({"model": ["m"], "messages": "hi", "params": 1, "chat_id": 2,
        "parent_id": null, "user_message": "u", "parent_message": {"id": "p"},
        "background_tasks": {"title_generation": "yes", "tags_generation": false,
            "follow_up_generation": null}}),
    );
    assert_eq!(f.model, "");
    assert!(f.messages.is_empty() && f.params.is_empty() && f.chat_id.is_empty());
    assert!(f.opens_chat());
    assert_eq!(f.new_user_message(), Some(&json!({"id": "p"})));
    assert_eq!(
        f.background_tasks,
        BackgroundTasks {
            title: true,
            tags: false,
            follow_ups: false
        }
    );
    assert!(!form(json!({"parent_id": "x"})).opens_chat());
    assert!(!form(json!({})).opens_chat());
    let posted: Posted = serde_json::from_str(r#"{"model": "a", "model": "b"}"#).unwrap();
    assert_eq!(posted.into_form().unwrap().model, "b");
    for not_object in ["[1, {}]", "\"x\"", "1", "-1", "1.5", "true", "null"] {
        let posted: Posted = serde_json::from_str(not_object).unwrap();
        assert!(posted.into_form().is_err(), "{not_object}");
    }
}

#[test]
fn chunks_of_one_document_share_a_source_number() {
    use super::rag::{context_block, render};
    let sources = vec![
        json!({"source": {"type": "file", "id": "f1", "name": "a.txt"},
               "document": ["one", "two"],
               "metadata": [{"source": "a.txt"}, {"source": "a.txt"}]}),
        json!({"source": {"type": "text", "id": "t", "name": "b"},
               "document": ["three"], "metadata": [{}]}),
    ];
    assert_eq!(
        context_block(&sources),
        "<source id=\"1\" name=\"a.txt\" resource-type=\"file\" resource-id=\"f1\">one</source>\n\
         <source id=\"1\" name=\"a.txt\" resource-type=\"file\" resource-id=\"f1\">two</source>\n\
         <source id=\"2\" name=\"b\" resource-type=\"text\">three</source>"
    );
    // a placeholder inside the context is left as it is
    assert_eq!(
        render("Q: [query] C: {{CONTEXT}}", "{{QUERY}}", "why"),
        "Q: why C: {{QUERY}}"
    );
}

#[test]
fn the_query_task_answer_gives_the_queries() {
    use super::rag::parse_queries;
    assert_eq!(
        parse_queries("Sure: {\"queries\": [\"owls\", 3, \"night birds\"]}"),
        ["owls", "night birds"]
    );
    assert!(parse_queries("{\"queries\": []}").is_empty());
    // nothing readable: the whole answer is the query, as upstream
    assert_eq!(parse_queries("owls at night"), ["owls at night"]);
    assert_eq!(parse_queries("{not json}"), ["{not json}"]);
}

#[test]
fn the_template_fills_the_date_and_keeps_the_query_literal() {
    use super::rag::render;
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    assert_eq!(
        render(
            "{{CURRENT_DATE}} {{QUERY}}|{{CONTEXT}}",
            "ctx",
            "{{CURRENT_DATE}}"
        ),
        format!("{today} {{{{CURRENT_DATE}}}}|ctx")
    );
}
