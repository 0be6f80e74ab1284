//! `owui memories`: each user's own, through `--as`.

use crate::env::Env;

#[test]
fn a_memory_is_its_owners_only() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    // memories are embedded when added: with the built-in model, offline
    let model = owui::core::retrieval::embed::testing::model_dir();
    e.owui()
        .args(["config", "set", "rag.embedding_model"])
        .arg(&model)
        .assert()
        .success();
    e.create("Bob", "bob@example.com", "user");
    let m = e.json(&[
        "--as",
        "bob@example.com",
        "memories",
        "add",
        "Likes tea",
        "--type",
        "user",
        "--path",
        "food/drinks",
    ]);
    assert_eq!(m["type"], "user");
    assert_eq!(m["path"], "food/drinks");
    let id = m["id"].as_str().unwrap();
    // the admin sees none of Bob's, and cannot delete it
    assert_eq!(e.json(&["memories", "list"]), serde_json::json!([]));
    let out = e.owui().args(["memories", "delete", id]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no memory"));
    let cleared = e.json(&["memories", "clear"]);
    assert_eq!(cleared["deleted"], 0);
    let bobs = e.json(&["--as", "bob@example.com", "memories", "list"]);
    assert_eq!(bobs.as_array().unwrap().len(), 1);
    assert_eq!(bobs[0]["content"], "Likes tea");
    // Bob deletes his own
    e.json(&["--as", "bob@example.com", "memories", "delete", id]);
    let bobs = e.json(&["--as", "bob@example.com", "memories", "list"]);
    assert!(bobs.as_array().unwrap().is_empty());
}
