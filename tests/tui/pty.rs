//! `owui chat` end to end: the real binary in a detached tmux session
//! (100×30) against the fake OpenAI server; keys typed with
//! `tmux send-keys`, the screen read with `tmux capture-pane`, and the chat
//! checked afterwards with `owui --json chats list/show`; once on the data
//! directory, once through a running `owui serve` (`--server`). Skipped
//! (with a note) when tmux is not installed.

use crate::fakes;

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

/// A private tmux server (socket in the temp dir, so the user's own
/// sessions stay out of it) running one command in a 100×30 window.
struct Tmux {
    sock: String,
    name: String,
    target: String,
}

impl Tmux {
    fn start(dir: &Path, cmd: &str) -> Tmux {
        let sock = dir.join("tmux.sock").to_string_lossy().to_string();
        let name = format!("owui-pty-{}", std::process::id());
        let t = Tmux {
            target: format!("{name}:0"),
            sock,
            name,
        };
        let out = t.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            &t.name,
            "-x",
            "100",
            "-y",
            "30",
            cmd,
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec!["-S", self.sock.as_str()];
        all.extend_from_slice(args);
        tmux(&all)
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", self.target.as_str()];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    /// The screen, once it shows `want`.
    async fn screen_with(&self, deadline: Instant, want: &str) -> String {
        loop {
            let out = self.run(&["capture-pane", "-p", "-t", &self.target]);
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

    /// Type a message, see the fake's echo, wait for the end, Ctrl-C, and
    /// see the process end.
    async fn chat_and_quit(&self, deadline: Instant, text: &str) {
        // the TUI is up: the help hint of the status bar
        self.screen_with(deadline, "F1 help").await;
        self.keys(&["-l", text]);
        self.screen_with(deadline, text).await;
        self.keys(&["Enter"]);
        let echo = format!("Echo: {text}");
        let screen = self.screen_with(deadline, &echo).await;
        assert!(screen.contains(&echo), "{screen}");
        // wait for the answer to be done before leaving
        self.screen_with(deadline, "done").await;
        self.keys(&["C-c"]);
        // the process ends: the session goes away
        loop {
            if !self
                .run(&["has-session", "-t", &self.name])
                .status
                .success()
            {
                break;
            }
            assert!(Instant::now() < deadline, "owui chat did not quit on C-c");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn no_tmux() -> bool {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("note: tmux is not installed; skipping the tmux test of `owui chat`");
        return true;
    }
    false
}

async fn create_admin(home: &Path, url: &str) {
    run(
        home,
        url,
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
}

/// The one chat of the data directory: its user and assistant messages.
async fn the_chat(home: &Path, url: &str) -> (Value, Value) {
    let list = run(home, url, &["--json", "chats", "list"]).await;
    let list = list.as_array().expect("a list of chats");
    assert_eq!(list.len(), 1, "{list:?}");
    let id = list[0]["id"].as_str().unwrap().to_string();
    let chat = run(home, url, &["--json", "chats", "show", &id]).await;
    let msgs = chat["chat"]["history"]["messages"].as_object().unwrap();
    let reply = msgs.values().find(|m| m["role"] == "assistant").unwrap();
    let user = msgs.values().find(|m| m["role"] == "user").unwrap();
    (user.clone(), reply.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_in_tmux_sends_streams_and_saves() {
    if no_tmux() {
        return;
    }
    let start = Instant::now();
    let fake = fakes::spawn_openai().await;
    let dir = tempfile::tempdir().unwrap();
    let home: PathBuf = dir.path().to_path_buf();
    let url = fake.base_url.clone();
    create_admin(&home, &url).await;

    // the command line the session runs, with the same environment
    let cmd = format!(
        "env -i HOME={h} TERM=xterm-256color NO_COLOR=1 BCRYPT_ROUNDS=4 \
         OPENAI_API_BASE_URL={u} ENABLE_OLLAMA_API=false {b} --data-dir {d} chat -m fake-model",
        h = sh_quote(&home.to_string_lossy()),
        u = sh_quote(&url),
        b = sh_quote(env!("CARGO_BIN_EXE_owui")),
        d = sh_quote(&home.join("data").to_string_lossy()),
    );
    let t = Tmux::start(&home, &cmd);
    t.chat_and_quit(start + Duration::from_secs(18), "hello from tmux")
        .await;

    let (user, reply) = the_chat(&home, &url).await;
    assert_eq!(reply["content"], "Echo: hello from tmux");
    assert_eq!(reply["done"], true);
    assert_eq!(user["content"], "hello from tmux");
    assert!(start.elapsed() < Duration::from_secs(20));
}

/// Ends `owui serve` when the test ends, however it ends.
struct Serve(std::process::Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_in_tmux_through_a_server_saves_on_the_server() {
    if no_tmux() {
        return;
    }
    let start = Instant::now();
    let fake = fakes::spawn_openai().await;
    let dir = tempfile::tempdir().unwrap();
    let home: PathBuf = dir.path().to_path_buf();
    let url = fake.base_url.clone();
    create_admin(&home, &url).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut c = owui(&home, &url);
    c.args(["serve", "--host", "127.0.0.1", "--port", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let _serve = Serve(c.spawn().unwrap());
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let token = loop {
        let r = http
            .post(format!("{base}/api/v1/auths/signin"))
            .json(&serde_json::json!({"email": "ada@example.com", "password": "pw-123456"}))
            .send()
            .await;
        if let Ok(r) = r {
            let v: Value = r.json().await.unwrap();
            break v["token"].as_str().unwrap().to_string();
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "owui serve did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };

    // no data directory on this side: an empty HOME
    let elsewhere = home.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let cmd = format!(
        "env -i HOME={h} TERM=xterm-256color NO_COLOR=1 OWUI_API_KEY={k} \
         {b} chat --server {s} -m fake-model",
        h = sh_quote(&elsewhere.to_string_lossy()),
        k = sh_quote(&token),
        b = sh_quote(env!("CARGO_BIN_EXE_owui")),
        s = sh_quote(&base),
    );
    let t = Tmux::start(&home, &cmd);
    let deadline = start + Duration::from_secs(18);
    // the status line names the server
    t.screen_with(deadline, &format!("127.0.0.1:{port} · fake-model"))
        .await;
    t.chat_and_quit(deadline, "hello over http").await;

    let (user, reply) = the_chat(&home, &url).await;
    assert_eq!(reply["content"], "Echo: hello over http");
    assert_eq!(reply["done"], true);
    assert_eq!(user["content"], "hello over http");
    assert!(
        std::fs::read_dir(&elsewhere).unwrap().next().is_none(),
        "nothing written on the client side"
    );
    assert!(start.elapsed() < Duration::from_secs(20));
}
