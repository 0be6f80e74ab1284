//! `owui ask` against a fake OpenAI server, through the built binary.

use crate::fakes;

use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
    url: String,
}

impl Env {
    fn owui(&self) -> Command {
        let mut c = Command::cargo_bin("owui").unwrap();
        c.env_clear()
            .env("HOME", self.dir.path())
            .env("BCRYPT_ROUNDS", "4")
            .env("OPENAI_API_BASE_URL", &self.url)
            .env("ENABLE_OLLAMA_API", "false")
            .arg("--data-dir")
            .arg(self.dir.path().join("data"));
        c
    }
}

/// Run the binary off the async test's threads (the fake keeps serving).
async fn run(e: &Env, args: &[&str], stdin: Option<&str>) -> Output {
    let mut c = e.owui();
    c.args(args);
    if let Some(s) = stdin {
        c.write_stdin(s.to_string());
    }
    tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

async fn env() -> (fakes::Fake, Env) {
    let fake = fakes::spawn_openai().await;
    let e = Env {
        dir: tempfile::tempdir().unwrap(),
        url: fake.base_url.clone(),
    };
    let out = run(
        &e,
        &[
            "users",
            "create",
            "--name",
            "Ada",
            "--email",
            "ada@example.com",
            "--password",
            "pw-123456",
            "--role",
            "admin",
        ],
        None,
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    (fake, e)
}

#[tokio::test]
async fn ask_streams_the_answer_and_keeps_the_chat() {
    let (fake, e) = env().await;
    let out = run(&e, &["ask", "-m", "fake-model", "hello", "there"], None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "Echo: hello there\n");
    // the chat is there, titled by the model, with both messages
    let out = run(&e, &["--json", "chats", "list"], None).await;
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["title"], "hello there");
    let id = list[0]["id"].as_str().unwrap().to_string();
    let out = run(&e, &["--json", "chats", "show", &id], None).await;
    let chat: Value = serde_json::from_slice(&out.stdout).unwrap();
    let msgs = chat["chat"]["history"]["messages"].as_object().unwrap();
    assert_eq!(msgs.len(), 2);
    let reply = msgs.values().find(|m| m["role"] == "assistant").unwrap();
    assert_eq!(
        (reply["content"].as_str(), reply["done"].as_bool()),
        (Some("Echo: hello there"), Some(true))
    );

    // continuing the chat sends its history; the prompt may come on stdin
    let out = run(&e, &["--json", "ask", "--chat", &id], Some("and again\n")).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["content"], "Echo: and again");
    assert_eq!(v["chat_id"], id.as_str());
    let sent = fake.requests_to("/v1/chat/completions");
    let last = sent
        .iter()
        .rev()
        .find(|r| r.body["max_tokens"].is_null())
        .unwrap();
    let roles: Vec<&str> = last.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["user", "assistant", "user"]);
}

#[tokio::test]
async fn ask_without_saving_and_with_a_system_prompt() {
    let (fake, e) = env().await;
    let out = run(
        &e,
        &[
            "ask",
            "--no-save",
            "-m",
            "fake-model",
            "-s",
            "Be brief",
            "hi",
        ],
        None,
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "Echo: hi\n");
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.body["messages"][0]["content"], "Be brief");
    let out = run(&e, &["--json", "chats", "list"], None).await;
    assert_eq!(text(&out.stdout).trim(), "[]");
}

#[tokio::test]
async fn ask_fails_with_one_line_and_the_providers_error() {
    let (_fake, e) = env().await;
    let out = run(&e, &["ask", "-m", "error-model", "hi"], None).await;
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("fake upstream failure"), "{err}");
    let out = run(&e, &["ask", "-m", "no-such-model", "hi"], None).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Model not found"));
    let out = run(&e, &["ask", "-m", "fake-model"], Some("  \n")).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("empty"), "{}", text(&out.stderr));
}
