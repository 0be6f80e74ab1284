use serde_json::json;

use super::filters::sorted_filters;
use super::*;

#[test]
fn filters_match_the_model_or_star_and_sort_by_priority() {
    let models = vec![
        json!({"id": "late", "pipeline": {"type": "filter", "pipelines": ["*"], "priority": 5}}),
        json!({"id": "early", "pipeline": {"type": "filter", "pipelines": ["m"], "priority": 1}}),
        json!({"id": "other", "pipeline": {"type": "filter", "pipelines": ["x"], "priority": 0}}),
        json!({"id": "pipe", "pipeline": {"type": "pipe", "pipelines": ["*"], "priority": 0}}),
        json!({"id": "plain"}),
    ];
    let ids: Vec<_> = sorted_filters("m", &models)
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["early", "late"]);
    assert_eq!(sorted_filters("x", &models).len(), 2);
}

#[test]
fn basename_keeps_the_last_component() {
    assert_eq!(basename("a/b/c.py"), "c.py");
    assert_eq!(basename("c.py"), "c.py");
}
