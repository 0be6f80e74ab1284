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

/// `config set` a JSON value as the admin.
async fn set(e: &Env, key: &str, value: &str) {
    let out = run(e, &["config", "set", key, value], None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// The text of the messages of the last streamed answer (tasks are not
/// streamed).
fn sent_text(fake: &fakes::Fake) -> String {
    let sent = fake.requests_to("/v1/chat/completions");
    let last = sent
        .iter()
        .rev()
        .find(|r| r.body["stream"] == true)
        .unwrap();
    last.body["messages"].to_string()
}

#[tokio::test]
async fn ask_answers_from_files_and_knowledge_bases_and_cites_them() {
    let (fake, e) = env().await;
    let model = owui::core::retrieval::embed::testing::model_dir();
    let model = serde_json::to_string(model.to_str().unwrap()).unwrap();
    set(&e, "rag.embedding_model", &model).await;
    let dir = e.dir.path();
    std::fs::write(
        dir.join("notes.txt"),
        "The launch code word is PELICAN. Keep it secret.",
    )
    .unwrap();
    std::fs::write(
        dir.join("bread.txt"),
        "Knead the dough, let it rise overnight, then bake it in a hot oven.",
    )
    .unwrap();
    let notes = dir.join("notes.txt").to_str().unwrap().to_string();
    let bread = dir.join("bread.txt").to_str().unwrap().to_string();

    // --file: uploaded, indexed, retrieved, cited and saved on the answer
    let out = run(
        &e,
        &[
            "--json",
            "ask",
            "-m",
            "fake-model",
            "--file",
            &notes,
            "what is the code word?",
        ],
        None,
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(sent_text(&fake).contains("PELICAN"), "{}", sent_text(&fake));
    assert_eq!(v["sources"][0]["source"]["name"], "notes.txt", "{v}");
    assert!(
        v["sources"][0]["document"][0]
            .as_str()
            .unwrap()
            .contains("PELICAN")
    );
    let chat = run(
        &e,
        &["--json", "chats", "show", v["chat_id"].as_str().unwrap()],
        None,
    )
    .await;
    let chat: Value = serde_json::from_slice(&chat.stdout).unwrap();
    let msgs = &chat["chat"]["history"]["messages"];
    let reply = &msgs[v["message_id"].as_str().unwrap()];
    assert_eq!(reply["sources"], v["sources"]);
    let user = msgs
        .as_object()
        .unwrap()
        .values()
        .find(|m| m["role"] == "user")
        .unwrap();
    assert_eq!(user["files"][0]["type"], "file");
    assert_eq!(user["files"][0]["name"], "notes.txt");

    // --knowledge by name; on a terminal the sources are listed under the answer
    let out = run(&e, &["knowledge", "create", "Kitchen"], None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&e, &["knowledge", "add", "Kitchen", &bread], None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bin = assert_cmd::cargo::cargo_bin("owui");
    let data = dir.join("data");
    let line = [
        bin.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
        "ask",
        "-m",
        "fake-model",
        "--knowledge",
        "Kitchen",
        "how do I bake bread?",
    ]
    .map(|a| format!("'{a}'"))
    .join(" ");
    let envs = [
        ("HOME", dir.to_str().unwrap().to_string()),
        ("BCRYPT_ROUNDS", "4".into()),
        ("OPENAI_API_BASE_URL", e.url.clone()),
        ("ENABLE_OLLAMA_API", "false".into()),
        ("PATH", std::env::var("PATH").unwrap_or_default()),
    ];
    let shown = tokio::task::spawn_blocking(move || {
        let mut s = std::process::Command::new("script");
        s.env_clear().envs(envs).args(["-qec", &line, "/dev/null"]);
        s.output().unwrap()
    })
    .await
    .unwrap();
    assert!(shown.status.success(), "{}", text(&shown.stdout));
    let shown = text(&shown.stdout).replace('\r', "");
    assert!(
        sent_text(&fake).contains("rise overnight"),
        "{}",
        sent_text(&fake)
    );
    // (the fake echoes a retrieval prompt's question and sources)
    let answer = shown.find("Echo:").expect(&shown);
    let listed = shown.find("Sources:\n[1] bread.txt\n").expect(&shown);
    assert!(answer < listed, "{shown}");
    assert!(shown.contains("\x1b[2m"), "dim: {shown:?}");
    // piped, the answer alone
    let out = run(
        &e,
        &["ask", "-m", "fake-model", "-k", "Kitchen", "bread?"],
        None,
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let piped = text(&out.stdout);
    assert!(
        piped.contains("Echo:") && !piped.contains("Sources"),
        "{piped}"
    );

    // a knowledge base of another user is not found, and nothing is asked
    let out = run(
        &e,
        &[
            "users",
            "create",
            "--name",
            "Bo",
            "--email",
            "bo@example.com",
            "--password",
            "pw-123456",
            "--role",
            "user",
        ],
        None,
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let before = fake.requests_to("/v1/chat/completions").len();
    for kb in ["Kitchen", "no-such-kb"] {
        let out = run(
            &e,
            &[
                "--as",
                "bo@example.com",
                "ask",
                "-m",
                "fake-model",
                "-k",
                kb,
                "bread?",
            ],
            None,
        )
        .await;
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            text(&out.stderr),
            format!("owui: no knowledge base `{kb}`\n")
        );
    }
    assert_eq!(fake.requests_to("/v1/chat/completions").len(), before);
    // a file that cannot be read: a clear error, nothing asked
    let gone = dir.join("gone.txt");
    let out = run(&e, &["ask", "-f", gone.to_str().unwrap(), "hi"], None).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("gone.txt"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fake.requests_to("/v1/chat/completions").len(), before);
}
