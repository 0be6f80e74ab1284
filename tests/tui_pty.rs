//! `owui chat` end to end: the real binary in a detached tmux session
//! (100×30) against the fake OpenAI server; keys typed with
//! `tmux send-keys`, the screen read with `tmux capture-pane`, and the chat
//! checked afterwards with `owui --json chats list/show`. Skipped (with a
//! note) when tmux is not installed.

mod fakes;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

fn tmux(args: &[&str]) -> std::process::Output {
    Command::new("tmux").args(args).output().expect("run tmux")
}

fn owui(home: &Path, url: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_owui"));
    c.env_clear()
        .env("HOME", home)
        .env("BCRYPT_ROUNDS", "4")
        .env("OPENAI_API_BASE_URL", url)
        .env("ENABLE_OLLAMA_API", "false")
        .arg("--data-dir")
        .arg(home.join("data"));
    c
}

/// Run the binary off the async test's threads (the fake keeps serving).
async fn run(home: &Path, url: &str, args: &[&str]) -> Value {
    let mut c = owui(home, url);
    c.args(args);
    let out = tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "owui {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_in_tmux_sends_streams_and_saves() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("note: tmux is not installed; skipping the tmux test of `owui chat`");
        return;
    }
    let start = Instant::now();
    let fake = fakes::spawn_openai().await;
    let dir = tempfile::tempdir().unwrap();
    let home: PathBuf = dir.path().to_path_buf();
    let url = fake.base_url.clone();
    run(
        &home,
        &url,
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
    )
    .await;

    // the command line the session runs, with the same environment
    let bin = env!("CARGO_BIN_EXE_owui");
    let cmd = format!(
        "env -i HOME={h} TERM=xterm-256color NO_COLOR=1 BCRYPT_ROUNDS=4 \
         OPENAI_API_BASE_URL={u} ENABLE_OLLAMA_API=false {b} --data-dir {d} chat -m fake-model",
        h = sh_quote(&home.to_string_lossy()),
        u = sh_quote(&url),
        b = sh_quote(bin),
        d = sh_quote(&home.join("data").to_string_lossy()),
    );
    let name = format!("owui-pty-{}", std::process::id());
    // a private tmux server (socket in the temp dir) keeps the user's own
    // sessions out of it
    let sock = home.join("tmux.sock");
    let sock = sock.to_string_lossy().to_string();
    let t = |args: &[&str]| {
        let mut all = vec!["-S", sock.as_str()];
        all.extend_from_slice(args);
        tmux(&all)
    };
    let out = t(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        &name,
        "-x",
        "100",
        "-y",
        "30",
        &cmd,
    ]);
    assert!(
        out.status.success(),
        "tmux new-session: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    struct Server(String);
    impl Drop for Server {
        fn drop(&mut self) {
            let _ = tmux(&["-S", &self.0, "kill-server"]);
        }
    }
    let _server = Server(sock.clone());
    let target = format!("{name}:0");
    let capture = |deadline: Instant, want: &'static str| {
        let sock = sock.clone();
        let target = target.clone();
        async move {
            loop {
                let out = tmux(&["-S", &sock, "capture-pane", "-p", "-t", &target]);
                let screen = String::from_utf8_lossy(&out.stdout).to_string();
                if screen.contains(want) {
                    return screen;
                }
                if Instant::now() > deadline {
                    panic!("timed out waiting for {want:?}; the screen:\n{screen}");
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    let deadline = start + Duration::from_secs(18);
    // the TUI is up: the help hint of the status bar
    capture(deadline, "F1 help").await;
    let out = t(&["send-keys", "-t", &target, "-l", "hello from tmux"]);
    assert!(out.status.success());
    capture(deadline, "hello from tmux").await;
    t(&["send-keys", "-t", &target, "Enter"]);
    let screen = capture(deadline, "Echo: hello from tmux").await;
    assert!(screen.contains("Echo: hello from tmux"), "{screen}");
    // wait for the answer to be done before leaving
    capture(deadline, "done").await;
    t(&["send-keys", "-t", &target, "C-c"]);
    // the process ends: the session goes away
    loop {
        let out = t(&["has-session", "-t", &name]);
        if !out.status.success() {
            break;
        }
        assert!(Instant::now() < deadline, "owui chat did not quit on C-c");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let list = run(&home, &url, &["--json", "chats", "list"]).await;
    let list = list.as_array().expect("a list of chats");
    assert_eq!(list.len(), 1, "{list:?}");
    let id = list[0]["id"].as_str().unwrap().to_string();
    let chat = run(&home, &url, &["--json", "chats", "show", &id]).await;
    let msgs = chat["chat"]["history"]["messages"].as_object().unwrap();
    let reply = msgs.values().find(|m| m["role"] == "assistant").unwrap();
    assert_eq!(reply["content"], "Echo: hello from tmux");
    assert_eq!(reply["done"], true);
    let user = msgs.values().find(|m| m["role"] == "user").unwrap();
    assert_eq!(user["content"], "hello from tmux");
    assert!(start.elapsed() < Duration::from_secs(20));
}
