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

/// `--json` output of a command expected to fail (exit status 1).
fn failing_json(e: &Env, args: &[&str]) -> (serde_json::Value, String) {
    let out = e.owui().arg("--json").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    (
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn files_are_added_searched_removed_and_reindexed_with_the_built_in_model() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    e.create("Bo", "bo@example.com", "user");
    let model = owui::core::retrieval::embed::testing::model_dir();
    let model = serde_json::to_string(model.to_str().unwrap()).unwrap();
    e.owui()
        .args(["config", "set", "rag.embedding_model", &model])
        .assert()
        .success();
    e.json(&["knowledge", "create", "Home"]);
    let dir = e.dir.path();
    for (name, text) in [
        (
            "cats.txt",
            "Cats sleep for most of the day and purr when they are content.",
        ),
        (
            "bread.txt",
            "Knead the dough, let it rise overnight, then bake it in a hot oven.",
        ),
    ] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let path = |n: &str| dir.join(n).to_str().unwrap().to_string();
    let (rows, err) = failing_json(
        &e,
        &[
            "knowledge",
            "add",
            "Home",
            &path("cats.txt"),
            &path("gone.txt"),
            &path("bread.txt"),
        ],
    );
    assert!(err.contains("1 of 3 files not added to Home"), "{err}");
    let status: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(status, ["added", "failed", "added"], "{rows}");
    assert_eq!(rows[1]["error"], "not a readable file");
    let bread = rows[2]["id"].as_str().unwrap().to_string();
    assert_eq!(e.json(&["knowledge", "show", "Home"])["file_count"], 2);

    // a semantic query finds the chunk that answers it
    let hits = e.json(&[
        "knowledge",
        "search",
        "Home",
        "how do I make a loaf at home",
        "-k",
        "1",
    ]);
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    assert_eq!(hits[0]["file_id"], bread.as_str(), "{hits}");
    assert_eq!(hits[0]["name"], "bread.txt");
    assert!(hits[0]["score"].as_f64().unwrap() > 0.5, "{hits}");
    e.owui()
        .args(["knowledge", "search", "Home", "a sleepy pet"])
        .assert()
        .success()
        .stdout(predicate::str::contains("SCORE").and(predicate::str::contains("cats.txt")));

    // Bo may not add to Ada's knowledge base: nothing is uploaded
    std::fs::write(dir.join("bo.txt"), "Bo's words").unwrap();
    e.owui()
        .args([
            "--as",
            "bo@example.com",
            "knowledge",
            "add",
            "Home",
            &path("bo.txt"),
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no knowledge base `Home`"));
    assert_eq!(
        e.json(&["files", "list", "--user", "bo@example.com"]),
        json!([])
    );
    e.owui()
        .args(["--as", "bo@example.com", "knowledge", "reindex"])
        .assert()
        .code(1);

    // remove --keep: out of the knowledge base, the file stays
    assert_eq!(
        e.json(&["knowledge", "remove", "Home", &bread, "--keep"]),
        json!([bread])
    );
    e.json(&["files", "show", &bread]);
    let (_, err) = failing_json(&e, &["knowledge", "remove", "Home", &bread]);
    assert!(err.contains("not in Home"), "{err}");
    let hits = e.json(&[
        "knowledge",
        "search",
        "Home",
        "how do I make a loaf at home",
    ]);
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .all(|h| h["file_id"] != bread.as_str()),
        "{hits}"
    );

    let report = e.json(&["knowledge", "reindex"]);
    assert_eq!(report["files"], 1, "{report}");
    assert_eq!(report["failed"], json!([]));
}

#[test]
fn files_upload_indexes_unless_told_not_to() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    let model = owui::core::retrieval::embed::testing::model_dir();
    let model = serde_json::to_string(model.to_str().unwrap()).unwrap();
    e.owui()
        .args(["config", "set", "rag.embedding_model", &model])
        .assert()
        .success();
    let src = e.dir.path().join("notes.txt");
    std::fs::write(&src, "Meeting notes: ship on Friday.").unwrap();
    let up = e.json(&["files", "upload", src.to_str().unwrap()]);
    assert_eq!(up[0]["data"]["status"], "completed", "{up}");
    assert_eq!(up[0]["data"]["content"], "Meeting notes: ship on Friday.");
    let raw = e.json(&["files", "upload", "--no-process", src.to_str().unwrap()]);
    assert_eq!(raw[0]["data"], json!({}));
    // a file with no text is kept, marked failed, and the exit status says so
    let bad = e.dir.path().join("bad.pdf");
    std::fs::write(&bad, "%PDF-1.4\nbroken\n").unwrap();
    let (rows, err) = failing_json(&e, &["files", "upload", bad.to_str().unwrap()]);
    assert_eq!(rows[0]["data"]["status"], "failed", "{rows}");
    assert!(err.contains("not indexed: bad.pdf"), "{err}");
}
