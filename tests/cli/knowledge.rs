//! `owui knowledge` on a temporary data directory.

use crate::env::Env;
use predicates::prelude::*;
use serde_json::json;

#[test]
fn knowledge_create_list_show_delete_and_other_users() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    e.create("Bo", "bo@example.com", "user");
    let k = e.json(&[
        "knowledge",
        "create",
        "Handbook",
        "--description",
        "How we work",
    ]);
    let id = k["id"].as_str().unwrap().to_string();
    assert_eq!(k["description"], "How we work");
    assert_eq!(k["access_grants"], json!([]));
    let list = e.json(&["knowledge", "list", "--query", "how WE"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["file_count"], 0);
    assert_eq!(e.json(&["knowledge", "show", &id])["name"], "Handbook");

    // Bo may neither create (no workspace.knowledge) nor see Ada's
    e.owui()
        .args(["--as", "bo@example.com", "knowledge", "create", "Mine"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("401 Unauthorized"));
    let bo_list = e.json(&["--as", "bo@example.com", "knowledge", "list"]);
    assert_eq!(bo_list, json!([]));
    for verb in ["show", "delete"] {
        e.owui()
            .args(["--as", "bo@example.com", "knowledge", verb, "Handbook"])
            .assert()
            .failure()
            .stderr(predicate::str::contains("no knowledge base `Handbook`"));
    }
    assert_eq!(e.json(&["knowledge", "list"]).as_array().unwrap().len(), 1);

    assert_eq!(e.json(&["knowledge", "delete", "Handbook"]), json!(true));
    assert_eq!(e.json(&["knowledge", "list"]), json!([]));
}
