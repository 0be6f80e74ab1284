//! The built binary on a temporary data directory.

use crate::fakes;

use crate::env::Env;
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn users_create_list_get_update_delete() {
    let e = Env::new();
    let ada = e.create("Ada", "Ada@Example.com", "admin");
    assert_eq!(ada["email"], "ada@example.com");
    assert_eq!(ada["role"], "admin");
    e.owui()
        .args([
            "users",
            "create",
            "--name",
            "Bo",
            "--email",
            "bo@example.com",
            "--password-stdin",
        ])
        .write_stdin("secret-bo\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("bo@example.com"));
    e.owui().args(["users", "list"]).assert().success().stdout(
        predicate::str::contains("ID")
            .and(predicate::str::contains("Ada"))
            .and(predicate::str::contains("Bo")),
    );
    let list = e.json(&["users", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let bo = e.json(&["users", "get", "bo@example.com"]);
    assert_eq!(bo["role"], "user");
    let bo = e.json(&["users", "set-role", bo["id"].as_str().unwrap(), "pending"]);
    assert_eq!(bo["role"], "pending");
    let bo = e.json(&[
        "users",
        "update",
        "bo@example.com",
        "--name",
        "Bo B",
        "--email",
        "bob@example.com",
    ]);
    assert_eq!(
        (bo["name"].as_str(), bo["email"].as_str()),
        (Some("Bo B"), Some("bob@example.com"))
    );
    e.owui()
        .args(["users", "delete", "bob@example.com"])
        .assert()
        .success();
    assert_eq!(e.json(&["users", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn bad_input_is_one_line_non_zero_and_writes_nothing() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    let cases: &[&[&str]] = &[
        &[
            "users",
            "create",
            "--name",
            "X",
            "--email",
            "not-an-email",
            "--password",
            "p",
        ],
        &[
            "users",
            "create",
            "--name",
            "X",
            "--email",
            "ADA@example.com",
            "--password",
            "p",
        ],
        &["users", "get", "nobody@example.com"],
        &["users", "delete", "no-such-id"],
        &["users", "update", "ada@example.com"],
        &["config", "set", "no.such.key", "1"],
        &["config", "set", "ui.enable_signup", "maybe"],
        &["config", "get", "no.such.key"],
        &["groups", "get", "nope"],
    ];
    for args in cases {
        let out = e.owui().args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("owui: "), "{err}");
    }
    assert_eq!(e.json(&["users", "list"]).as_array().unwrap().len(), 1);
    assert_eq!(
        e.json(&["config", "get", "ui.enable_signup"]),
        Value::Bool(true)
    );
    // usage errors exit 2
    e.owui()
        .args(["users", "create", "--name", "X"])
        .assert()
        .code(2);
    e.owui()
        .args(["users", "set-role", "ada@example.com", "emperor"])
        .assert()
        .code(2);
}

#[test]
fn reset_password_and_password_stdin() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    e.owui()
        .args([
            "users",
            "reset-password",
            "ada@example.com",
            "--password-stdin",
        ])
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no password"));
    e.owui()
        .args([
            "users",
            "reset-password",
            "ada@example.com",
            "--password-stdin",
        ])
        .write_stdin("new-secret\n")
        .assert()
        .success();
}

#[test]
fn groups_lifecycle() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    e.create("Bo", "bo@example.com", "user");
    let g = e.json(&[
        "groups",
        "create",
        "--name",
        "Staff",
        "--description",
        "everyone",
        "--permissions",
        r#"{"workspace":{"models":true}}"#,
    ]);
    assert_eq!(g["group"]["name"], "Staff");
    let child = e.json(&["groups", "create", "--name", "Team", "--parent", "Staff"]);
    assert_eq!(child["group"]["parent_group_id"], g["group"]["id"]);
    let t = e.json(&["groups", "add-member", "Team", "bo@example.com"]);
    assert_eq!(t["members"][0]["email"], "bo@example.com");
    e.owui()
        .args(["groups", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Staff").and(predicate::str::contains("Team")));
    let t = e.json(&["groups", "remove-member", "Team", "bo@example.com"]);
    assert_eq!(t["members"].as_array().unwrap().len(), 0);
    e.owui()
        .args(["groups", "add-member", "Team", "nobody@example.com"])
        .assert()
        .code(1);
    e.owui()
        .args(["groups", "create", "--name", "X", "--permissions", "[1]"])
        .assert()
        .code(1);
    e.owui()
        .args(["groups", "delete", "Staff"])
        .assert()
        .success();
    let t = e.json(&["groups", "get", "Team"]);
    assert_eq!(t["group"]["parent_group_id"], Value::Null);
}

#[test]
fn config_show_get_set_export_import() {
    let e = Env::new();
    e.owui()
        .args(["config", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("PORT").and(predicate::str::contains("ui.enable_signup")));
    e.owui()
        .env("PORT", "9999")
        .args(["config", "get", "PORT"])
        .assert()
        .success()
        .stdout("9999\n");
    let shown = e.json(&["config", "show"]);
    let secret = shown["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "WEBUI_SECRET_KEY")
        .unwrap()
        .clone();
    assert_eq!(secret["source"], "default");
    e.owui()
        .args(["config", "set", "ui.enable_signup", "false"])
        .assert()
        .success();
    assert_eq!(
        e.json(&["config", "get", "ui.enable_signup"]),
        Value::Bool(false)
    );
    let exported = e.owui().args(["config", "export"]).output().unwrap();
    let mut v: Value = serde_json::from_slice(&exported.stdout).unwrap();
    assert_eq!(v["ui.enable_signup"], false);
    v["ui.enable_signup"] = Value::Bool(true);
    e.owui()
        .args(["config", "import", "-"])
        .write_stdin(v.to_string())
        .assert()
        .success();
    assert_eq!(
        e.json(&["config", "get", "ui.enable_signup"]),
        Value::Bool(true)
    );
    // one unknown key refuses the whole import
    e.owui()
        .args(["config", "import", "-"])
        .write_stdin(r#"{"ui.enable_signup": false, "bogus.key": 1}"#)
        .assert()
        .code(1);
    assert_eq!(
        e.json(&["config", "get", "ui.enable_signup"]),
        Value::Bool(true)
    );
    // the config file is a layer under the environment
    let file = e.dir.path().join("c.toml");
    std::fs::write(&file, "webui_name = \"Filed\"\n").unwrap();
    e.owui()
        .args([
            "--config",
            file.to_str().unwrap(),
            "config",
            "get",
            "WEBUI_NAME",
        ])
        .assert()
        .stdout("Filed\n");
    e.owui()
        .env("WEBUI_NAME", "Env")
        .args([
            "--config",
            file.to_str().unwrap(),
            "config",
            "get",
            "WEBUI_NAME",
        ])
        .assert()
        .stdout("Env\n");
}

#[test]
fn secret_key_is_generated_owner_only() {
    let e = Env::new();
    e.owui().args(["users", "list"]).assert().success();
    let path = e.dir.path().join("data/.webui_secret_key");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let first = std::fs::read_to_string(&path).unwrap();
    e.owui().args(["users", "list"]).assert().success();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
}

#[test]
fn serve_starts_and_answers() {
    let e = Env::new();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("owui"))
        .env("BCRYPT_ROUNDS", "4")
        .arg("--data-dir")
        .arg(e.dir.path().join("data"))
        .args(["serve", "--host", "127.0.0.1", "--port", &port.to_string()])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut ok = false;
    for _ in 0..100 {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            s.write_all(b"GET /health HTTP/1.0\r\n\r\n").unwrap();
            let mut buf = String::new();
            s.read_to_string(&mut buf).unwrap();
            ok = buf.contains("{\"status\":true}");
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // a user created from the CLI while the server runs can sign in
    e.create("Ada", "ada@example.com", "admin");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(ok);
    // a bad frontend dir is refused at start
    let out = Command::cargo_bin("owui")
        .unwrap()
        .arg("--data-dir")
        .arg(e.dir.path().join("data"))
        .args(["serve", "--port", "0", "--frontend", "/nonexistent"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn chats_import_show_tag_search_export() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/samples/chat_by_id.json");
    e.owui()
        .args(["chats", "import", sample.to_str().unwrap()])
        .assert()
        .success();
    let list = e.json(&["chats", "list"]);
    let id = list[0]["id"].as_str().unwrap().to_string();
    e.owui()
        .args(["chats", "show", &id])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("# Golden chat")
                .and(predicate::str::contains("Echo: hello there")),
        );
    e.owui()
        .args(["chats", "tag", &id, "Deep Work"])
        .assert()
        .success();
    let found = e.json(&["chats", "search", "tag:deep_work"]);
    assert_eq!(found[0]["id"], id.as_str());
    let found = e.json(&["chats", "search", "hello"]);
    assert!(
        found[0]["snippet"]
            .as_str()
            .unwrap()
            .contains("hello there")
    );
    // export, delete, import back: the document is the same
    let exported = e.owui().args(["chats", "export"]).output().unwrap();
    let before: Value = serde_json::from_slice(&exported.stdout).unwrap();
    e.owui().args(["chats", "delete", &id]).assert().success();
    assert_eq!(e.json(&["chats", "list"]), Value::Array(vec![]));
    e.owui()
        .args(["chats", "import", "-"])
        .write_stdin(exported.stdout)
        .assert()
        .success();
    let after = e.json(&["chats", "export"]);
    assert_eq!(after[0]["chat"]["history"], before[0]["chat"]["history"]);
    assert_eq!(after[0]["meta"], before[0]["meta"]);
    // --as picks the user; with two admins it is required
    e.create("Bo", "bo@example.com", "user");
    assert_eq!(
        e.json(&["--as", "bo@example.com", "chats", "list"]),
        Value::Array(vec![])
    );
    e.create("Cy", "cy@example.com", "admin");
    e.owui()
        .args(["chats", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--as"));
    // Bo (a user) cannot reach Ada's chat
    let ada_chat = e.json(&["--as", "ada@example.com", "chats", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    e.owui()
        .args(["--as", "bo@example.com", "chats", "delete", &ada_chat])
        .assert()
        .code(1);
    e.owui()
        .args(["chats", "import", "-"])
        .write_stdin("not json")
        .assert()
        .code(1);
}

#[test]
fn folders_and_moving_chats() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    e.owui()
        .args(["folders", "create", "Work"])
        .assert()
        .success();
    e.owui()
        .args(["folders", "create", "Deep", "--parent", "Work"])
        .assert()
        .success();
    let list = e.json(&["folders", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    e.owui()
        .args(["folders", "rename", "Deep", "Deeper"])
        .assert()
        .success();
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/samples/chat_by_id.json");
    e.owui()
        .args(["chats", "import", sample.to_str().unwrap()])
        .assert()
        .success();
    let id = e.json(&["chats", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    e.owui()
        .args(["chats", "move", &id, "Deeper"])
        .assert()
        .success();
    let found = e.json(&["chats", "search", "folder:work"]);
    assert_eq!(found[0]["id"], id.as_str());
    e.owui()
        .args(["folders", "move", "Deeper", "--root"])
        .assert()
        .success();
    e.owui()
        .args(["folders", "move", "Deeper", "Nowhere"])
        .assert()
        .code(1);
    // deleting with --keep-chats keeps the chat, out of any folder
    e.owui()
        .args(["folders", "delete", "Deeper", "--keep-chats"])
        .assert()
        .success();
    assert_eq!(e.json(&["chats", "list"]).as_array().unwrap().len(), 1);
    e.owui()
        .args(["chats", "move", &id, "Work"])
        .assert()
        .success();
    e.owui()
        .args(["folders", "delete", "Work"])
        .assert()
        .success();
    assert_eq!(e.json(&["chats", "list"]), Value::Array(vec![]));
    assert_eq!(e.json(&["folders", "list"]), Value::Array(vec![]));
}

#[test]
fn chats_share_and_unshare() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    e.create("Bo", "bo@example.com", "user");
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/samples/chat_by_id.json");
    e.owui()
        .args(["chats", "import", sample.to_str().unwrap()])
        .assert()
        .success();
    let id = e.json(&["chats", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(e.json(&["chats", "show", &id])["share_id"], Value::Null);
    // share prints the share id; the chat now carries it
    let out = e.owui().args(["chats", "share", &id]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sid = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(
        !sid.is_empty() && !sid.contains(char::is_whitespace),
        "{sid}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("/s/{sid}")));
    assert_eq!(e.json(&["chats", "show", &id])["share_id"], sid.as_str());
    // sharing again keeps the id; --json gives the chat
    let again = e.json(&["chats", "share", &id, "--mode", "continue"]);
    assert_eq!(again["id"], id.as_str());
    assert_eq!(again["share_id"], sid.as_str());
    e.owui()
        .args(["chats", "share", &id, "--mode", "sometimes"])
        .assert()
        .code(2);
    // someone else's chat: refused, one line
    let out = e
        .owui()
        .args(["--as", "bo@example.com", "chats", "share", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("owui: "), "{err}");
    e.owui()
        .args(["--as", "bo@example.com", "chats", "unshare", &id])
        .assert()
        .code(1);
    assert_eq!(e.json(&["chats", "show", &id])["share_id"], sid.as_str());
    // unshare clears it
    e.owui()
        .args(["chats", "unshare", &id])
        .assert()
        .success()
        .stderr(predicate::str::contains("unshared"));
    assert_eq!(e.json(&["chats", "show", &id])["share_id"], Value::Null);
    e.owui()
        .args(["chats", "unshare", "no-such-chat"])
        .assert()
        .code(1);
}

#[test]
fn models_create_show_update_export_import_delete() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    e.create("Bo", "bo@example.com", "user");
    let m = e.json(&[
        "models",
        "create",
        "coder",
        "--name",
        "Coder",
        "--base",
        "gpt-4o",
        "--system",
        "You write Rust.",
        "--tag",
        "dev",
        "--params",
        r#"{"temperature":0.2}"#,
    ]);
    assert_eq!(m["id"], "coder");
    assert_eq!(m["base_model_id"], "gpt-4o");
    assert_eq!(m["params"]["system"], "You write Rust.");
    assert_eq!(m["meta"]["tags"][0]["name"], "dev");
    e.owui()
        .args(["models", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("coder").and(predicate::str::contains("gpt-4o")));
    e.owui()
        .args(["models", "show", "coder"])
        .assert()
        .success()
        .stdout(predicate::str::contains("You write Rust."));
    let u = e.json(&[
        "models",
        "update",
        "coder",
        "--name",
        "Rust coder",
        "--active",
        "false",
    ]);
    assert_eq!(u["name"], "Rust coder");
    assert_eq!(u["is_active"], false);
    assert_eq!(u["params"]["temperature"], 0.2);
    assert_ne!(u["version_id"], m["version_id"]);

    // export, delete, import back
    let exported = e.owui().args(["models", "export"]).output().unwrap();
    assert!(exported.status.success());
    let list: Value = serde_json::from_slice(&exported.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0].get("background_image_data").is_some());
    let file = e.dir.path().join("models.json");
    std::fs::write(&file, &exported.stdout).unwrap();
    e.owui()
        .args(["models", "delete", "coder"])
        .assert()
        .success();
    e.owui().args(["models", "show", "coder"]).assert().code(1);
    let done = e.json(&["models", "import", file.to_str().unwrap()]);
    assert_eq!(done, serde_json::json!(["coder"]));
    assert_eq!(e.json(&["models", "show", "coder"])["name"], "Rust coder");

    // another user: no permission to create, cannot see a private model
    e.owui()
        .args([
            "--as",
            "bo@example.com",
            "models",
            "create",
            "x",
            "--base",
            "gpt-4o",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("401 Unauthorized"));
    e.owui()
        .args(["--as", "bo@example.com", "models", "show", "coder"])
        .assert()
        .code(1);
    assert_eq!(
        e.json(&["--as", "bo@example.com", "models", "list"]),
        Value::Array(vec![])
    );
    e.owui()
        .args(["models", "create", "bad id"])
        .assert()
        .code(1);
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_add_list_test_remove() {
    let openai = fakes::spawn_openai().await;
    let ollama = fakes::spawn_ollama().await;
    let (o_url, l_url) = (openai.base_url.clone(), ollama.base_url.clone());
    tokio::task::spawn_blocking(move || {
        let e = Env::new();
        e.create("Ada", "ada@example.com", "admin");
        e.create("Bo", "bo@example.com", "user");
        // the first-start defaults
        let all = e.json(&["connections", "list"]);
        assert_eq!(all[0]["url"], "https://api.openai.com/v1");
        assert_eq!(all[1]["kind"], "ollama");
        e.owui()
            .args([
                "connections",
                "add",
                "--kind",
                "openai",
                &o_url,
                "--key",
                "sk-1",
            ])
            .assert()
            .success()
            .stderr(predicate::str::contains("added openai connection 1"));
        e.owui()
            .args([
                "connections",
                "add",
                "--kind",
                "ollama",
                &l_url,
                "--prefix",
                "l",
            ])
            .assert()
            .success();
        e.owui()
            .args([
                "connections",
                "add",
                "--kind",
                "openai",
                "http://127.0.0.1:1/v1",
            ])
            .args(["--model-id", "m1", "--model-id", "m2"])
            .assert()
            .success();
        e.owui()
            .args(["connections", "list"])
            .assert()
            .success()
            .stdout(predicate::str::contains(o_url.as_str()))
            .stdout(predicate::str::contains("m1,m2"));
        let all = e.json(&["connections", "list"]);
        let kinds: Vec<(String, u64)> = all
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["kind"].as_str().unwrap().to_string(),
                    c["idx"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("openai".into(), 0),
                ("openai".into(), 1),
                ("openai".into(), 2),
                ("ollama".into(), 0),
                ("ollama".into(), 1)
            ]
        );
        assert_eq!(all[4]["prefix"], "l");

        // test: the model ids, or the provider's error and exit 1
        e.owui()
            .args(["connections", "test", "--kind", "openai", "1"])
            .assert()
            .success()
            .stdout(predicate::str::contains("fake-model\nslow-model\n"));
        e.owui()
            .args(["connections", "test", "--kind", "ollama", "1"])
            .assert()
            .success()
            .stdout(predicate::str::contains("fake-model:latest"));
        e.owui()
            .args(["connections", "test", "--kind", "openai", "2"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("127.0.0.1:1"));
        e.owui()
            .args(["connections", "test", "--kind", "openai", "9"])
            .assert()
            .code(1);

        // remove: later connections move up, keys and settings with them
        e.owui()
            .args(["connections", "remove", "--kind", "openai", "0"])
            .assert()
            .success();
        let all = e.json(&["connections", "list"]);
        assert_eq!(all[0]["url"], o_url.as_str());
        assert_eq!(all[0]["has_key"], true);
        assert_eq!(all[1]["model_ids"], serde_json::json!(["m1", "m2"]));
        e.owui()
            .args(["connections", "test", "--kind", "openai", "0"])
            .assert()
            .success();

        // admin-only, as over HTTP
        e.owui()
            .args(["--as", "bo@example.com", "connections", "list"])
            .assert()
            .code(1);
        e.owui()
            .args(["connections", "remove", "--kind", "ollama", "7"])
            .assert()
            .code(1);
    })
    .await
    .unwrap();
    assert!(!openai.requests_to("/v1/models").is_empty());
    assert_eq!(
        openai.requests_to("/v1/models")[0].header("authorization"),
        Some("Bearer sk-1")
    );
}

#[test]
fn chat_refuses_what_it_cannot_do_in_one_line() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        (&["chat"], &[], "needs a terminal"),
        (
            &["chat", "--server", "localhost:8080", "--api-key", "sk-1"],
            &[],
            "http:// or https://",
        ),
        (
            &["chat", "--server", "http://127.0.0.1:9"],
            &[],
            "no API key",
        ),
        (
            &["chat"],
            &[
                ("OWUI_SERVER", "ftp://example.com"),
                ("OWUI_API_KEY", "sk-1"),
            ],
            "http:// or https://",
        ),
        (
            &[
                "--as",
                "ada@example.com",
                "chat",
                "--server",
                "http://127.0.0.1:9",
            ],
            &[],
            "--as works on the data directory",
        ),
    ];
    for (args, env, want) in cases {
        let mut c = e.owui();
        for (k, v) in *env {
            c.env(k, v);
        }
        let out = c.args(*args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}
