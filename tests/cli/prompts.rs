//! `owui prompts` on a temporary data directory.

use crate::env::Env;
use predicates::prelude::*;
use serde_json::{Value, json};

#[test]
fn prompts_create_show_update_export_import_delete() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    e.create("Bo", "bo@example.com", "user");
    let p = e.json(&[
        "prompts",
        "create",
        "/summarize",
        "--name",
        "Summarize",
        "--content",
        "Summarize this:\n{{CLIPBOARD}}",
        "--tag",
        "work",
    ]);
    assert_eq!(p["command"], "summarize");
    assert_eq!(p["tags"], json!(["work"]));
    // the template text from stdin
    e.owui()
        .args(["prompts", "create", "greet", "--file", "-"])
        .write_stdin("Hello {{USER_NAME}}")
        .assert()
        .success()
        .stderr(predicate::str::contains("created prompt /greet"));
    // taken and malformed commands, missing text: one line, exit 1
    e.owui()
        .args(["prompts", "create", "greet", "--content", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already registered"));
    e.owui()
        .args(["prompts", "create", "bad command", "--content", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("invalid command"));
    e.owui()
        .args(["prompts", "create", "nothing"])
        .assert()
        .code(2);

    e.owui()
        .args(["prompts", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("/summarize").and(predicate::str::contains("/greet")));
    e.owui()
        .args(["prompts", "show", "/greet"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Hello {{USER_NAME}}"));
    let shown = e.json(&["prompts", "show", "summarize"]);
    assert_eq!(shown["user"]["email"], "ada@example.com");
    assert_eq!(shown["write_access"], true);

    // update: a new version; --active false leaves the / menu
    let u = e.json(&[
        "prompts",
        "update",
        "summarize",
        "--content",
        "Briefly summarize:\n{{CLIPBOARD}}",
        "--message",
        "shorter",
        "--active",
        "false",
    ]);
    assert_eq!(u["content"], "Briefly summarize:\n{{CLIPBOARD}}");
    assert_eq!(u["is_active"], false);
    assert_eq!(u["tags"], json!(["work"]));
    assert_ne!(u["version_id"], p["version_id"]);
    let draft = e.json(&[
        "prompts",
        "update",
        "summarize",
        "--content",
        "draft",
        "--draft",
    ]);
    assert_eq!(draft["content"], "Briefly summarize:\n{{CLIPBOARD}}");

    // export (enabled prompts), delete, import back
    let exported = e.owui().args(["prompts", "export"]).output().unwrap();
    assert!(exported.status.success());
    let list: Value = serde_json::from_slice(&exported.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["command"], "greet");
    let file = e.dir.path().join("prompts.json");
    std::fs::write(&file, &exported.stdout).unwrap();
    e.owui()
        .args(["prompts", "import", file.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/greet: Uh-oh!"));
    e.owui()
        .args(["prompts", "delete", "greet"])
        .assert()
        .success();
    e.owui().args(["prompts", "show", "greet"]).assert().code(1);
    // an Open WebUI export of an older version: `title` and a leading `/`
    let old = e.dir.path().join("old.json");
    std::fs::write(
        &old,
        r#"[{"command": "/legacy", "title": "Legacy", "content": "old text"}]"#,
    )
    .unwrap();
    let done = e.json(&["prompts", "import", old.to_str().unwrap()]);
    assert_eq!(done[0]["command"], "legacy");
    assert_eq!(done[0]["name"], "Legacy");
    let done = e.json(&["prompts", "import", file.to_str().unwrap()]);
    assert_eq!(done[0]["content"], "Hello {{USER_NAME}}");

    // another user: no permission to create, cannot see or change others' prompts
    e.owui()
        .args([
            "--as",
            "bo@example.com",
            "prompts",
            "create",
            "mine",
            "--content",
            "x",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("401 Unauthorized"));
    e.owui()
        .args(["--as", "bo@example.com", "prompts", "show", "greet"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no prompt `greet`"));
    e.owui()
        .args(["--as", "bo@example.com", "prompts", "delete", "greet"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("permission"));
    assert_eq!(
        e.json(&["--as", "bo@example.com", "prompts", "list"]),
        json!([])
    );
    e.owui()
        .args(["--as", "bo@example.com", "prompts", "export"])
        .assert()
        .code(1);
}
