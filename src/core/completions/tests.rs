use serde_json::json;

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

#[test]
fn replies_come_from_message_ids_or_the_id() {
    let f = json!({"id": "a1"});
    let r = replies_of(f.as_object().unwrap(), "m");
    assert_eq!(
        (r[0].model_id.as_str(), r[0].message_id.as_str()),
        ("m", "a1")
    );
    let f = json!({"message_ids": [{"model_id": "x", "message_id": "1"}, {"model_id": "y", "message_id": "2", "modelIdx": 1}]});
    let r = replies_of(f.as_object().unwrap(), "m");
    assert_eq!(r.len(), 2);
    assert_eq!(r[1].model_idx, Some(json!(1)));
    let f = json!({"message_ids": {"x": "1"}});
    assert_eq!(replies_of(f.as_object().unwrap(), "m")[0].model_id, "x");
}
