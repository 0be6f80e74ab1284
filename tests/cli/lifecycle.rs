//! `owui serve` as a process that is stopped: SIGTERM saves the answers
//! being written and exits within its grace period; `kill -9` loses no
//! acknowledged write and leaves no answer marked as still being written
//! once the server is back.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::env::Env;
use crate::fakes;

struct Served {
    child: Child,
    base: String,
}

impl Served {
    /// `owui serve` on a free port of 127.0.0.1, once `/health` answers.
    fn start(e: &Env, settings: &[(&str, &str)]) -> Served {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("owui"));
        cmd.env_clear()
            .env("HOME", e.dir.path())
            .env("BCRYPT_ROUNDS", "4")
            .env("ENABLE_OLLAMA_API", "false")
            .env("ENABLE_OPENAI_API", "true");
        for (k, v) in settings {
            cmd.env(k, v);
        }
        let child = cmd
            .arg("--data-dir")
            .arg(e.dir.path().join("data"))
            .args(["serve", "--host", "127.0.0.1", "--port", &port.to_string()])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let s = Served {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..200 {
            if let Ok(mut c) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                use std::io::{Read, Write};
                let _ = c.write_all(b"GET /health HTTP/1.0\r\n\r\n");
                let mut buf = String::new();
                let _ = c.read_to_string(&mut buf);
                if buf.contains("{\"status\":true}") {
                    return s;
                }
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("owui serve did not start");
    }

    fn signal(&self, sig: i32) {
        assert_eq!(unsafe { libc::kill(self.child.id() as i32, sig) }, 0);
    }

    /// Wait for the process to end, at most `within`.
    fn wait(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let until = Instant::now() + within;
        while Instant::now() < until {
            if let Some(st) = self.child.try_wait().unwrap() {
                return Some(st);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn signin(http: &reqwest::Client, base: &str) -> String {
    let r: Value = http
        .post(format!("{base}/api/v1/auths/signin"))
        .json(&json!({"email": "ada@example.com", "password": "pw-123456"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r["token"].as_str().unwrap().to_string()
}

/// A chat with an empty reply `a1`, and the web UI's request that answers
/// it in the background with `long-model` (200 tokens).
async fn start_long_answer(http: &reqwest::Client, base: &str, token: &str) -> String {
    let chat: Value = http
        .post(format!("{base}/api/v1/chats/new"))
        .bearer_auth(token)
        .json(&json!({"chat": {"title": "Long", "models": ["long-model"], "history": {"currentId": "a1", "messages": {
            "u1": {"id": "u1", "parentId": null, "childrenIds": ["a1"], "role": "user", "content": "count", "timestamp": 1},
            "a1": {"id": "a1", "parentId": "u1", "childrenIds": [], "role": "assistant", "content": "", "model": "long-model", "timestamp": 2}
        }}}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = chat["id"].as_str().unwrap().to_string();
    let r = http
        .post(format!("{base}/api/chat/completions"))
        .bearer_auth(token)
        .json(&json!({"stream": true, "model": "long-model",
            "messages": [{"role": "user", "content": "count"}],
            "session_id": "sid-1", "chat_id": id, "id": "a1", "parent_id": "u1",
            "background_tasks": {"title_generation": false, "tags_generation": false, "follow_up_generation": false}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    id
}

/// The reply `a1` as stored, read straight from the database file.
fn stored_reply(e: &Env, chat_id: &str) -> Value {
    let db = rusqlite::Connection::open(e.dir.path().join("data/webui.db")).unwrap();
    let data: String = db
        .query_row(
            "SELECT data FROM chat_message WHERE chat_id = ?1 AND id = 'a1'",
            [chat_id],
            |r| r.get(0),
        )
        .unwrap();
    serde_json::from_str(&data).unwrap()
}

fn integrity(e: &Env) -> String {
    let db = rusqlite::Connection::open(e.dir.path().join("data/webui.db")).unwrap();
    db.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_saves_the_answers_and_exits_within_the_grace_period() {
    // long-model answers for 10 s
    let fake = fakes::spawn_openai_with(
        fakes::FakeConfig::default().long_token_interval(Duration::from_millis(50)),
    )
    .await;
    let e = Env::new();
    // the first start keeps the connection settings
    let mut s = Served::start(
        &e,
        &[
            ("OPENAI_API_BASE_URL", fake.base_url.as_str()),
            ("GRACEFUL_SHUTDOWN_TIMEOUT", "2"),
        ],
    );
    e.create("Ada", "ada@example.com", "admin");
    let http = reqwest::Client::new();
    let token = signin(&http, &s.base).await;
    let chat_id = start_long_answer(&http, &s.base, &token).await;
    // an API client's stream that stays open: only the deadline ends it
    let open = http
        .post(format!("{}/api/chat/completions", s.base))
        .bearer_auth(&token)
        .json(&json!({"model": "long-model", "stream": true,
            "messages": [{"role": "user", "content": "x"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(open.status(), 200);
    tokio::time::sleep(Duration::from_millis(500)).await;

    let t = Instant::now();
    s.signal(libc::SIGTERM);
    let st = s.wait(Duration::from_secs(10)).expect("still running");
    let took = t.elapsed();
    assert!(st.success(), "{st:?}");
    assert!(took < Duration::from_millis(4500), "{took:?}");
    drop(open);

    let a1 = stored_reply(&e, &chat_id);
    assert_eq!(a1["done"], true, "{a1}");
    let content = a1["content"].as_str().unwrap();
    assert!(
        content.starts_with("tok0 ") && !content.contains("tok199"),
        "{content}"
    );
    assert_eq!(integrity(&e), "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_servers_unfinished_answer_is_closed_at_the_next_start() {
    let fake = fakes::spawn_openai().await;
    let e = Env::new();
    let settings = [("OPENAI_API_BASE_URL", fake.base_url.as_str())];
    let mut s = Served::start(&e, &settings);
    e.create("Ada", "ada@example.com", "admin");
    let http = reqwest::Client::new();
    let token = signin(&http, &s.base).await;
    let chat_id = start_long_answer(&http, &s.base, &token).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    s.signal(libc::SIGKILL);
    s.wait(Duration::from_secs(5)).expect("killed");
    assert_eq!(stored_reply(&e, &chat_id)["done"], false);

    let _s = Served::start(&e, &settings);
    let a1 = stored_reply(&e, &chat_id);
    assert_eq!(a1["done"], true, "{a1}");
}

/// 16 clients create chats as fast as they can while the server is killed
/// with SIGKILL, three times over: every chat whose creation was answered
/// with 200 is in the database afterwards, and the file is intact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_kill_9_under_load() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    let http = reqwest::Client::new();
    let mut acknowledged: Vec<String> = Vec::new();
    for round in 0..3u64 {
        let mut s = Served::start(&e, &[]);
        let token = signin(&http, &s.base).await;
        let mut clients = tokio::task::JoinSet::new();
        for c in 0..16 {
            let (http, base, token) = (http.clone(), s.base.clone(), token.clone());
            clients.spawn(async move {
                let mut mine = Vec::new();
                for n in 0.. {
                    let title = format!("r{round} c{c} n{n}");
                    let r = http
                        .post(format!("{base}/api/v1/chats/new"))
                        .bearer_auth(&token)
                        .json(&json!({"chat": {"title": title, "history": {"messages": {
                            "m1": {"id": "m1", "role": "user", "content": title}}, "currentId": "m1"}}}))
                        .send()
                        .await;
                    let Ok(r) = r else { break };
                    if r.status() != 200 {
                        break;
                    }
                    match r.json::<Value>().await {
                        Ok(v) => mine.push(v["id"].as_str().unwrap().to_string()),
                        Err(_) => break,
                    }
                }
                mine
            });
        }
        tokio::time::sleep(Duration::from_millis(400 + 150 * round)).await;
        s.signal(libc::SIGKILL);
        s.wait(Duration::from_secs(5)).expect("killed");
        while let Some(mine) = clients.join_next().await {
            acknowledged.extend(mine.unwrap());
        }
        assert_eq!(integrity(&e), "ok", "round {round}");
        let db = rusqlite::Connection::open(e.dir.path().join("data/webui.db")).unwrap();
        let mut st = db.prepare("SELECT 1 FROM chat WHERE id = ?1").unwrap();
        let lost: Vec<&String> = acknowledged
            .iter()
            .filter(|id| !st.exists([id.as_str()]).unwrap())
            .collect();
        assert!(lost.is_empty(), "round {round}: lost {lost:?}");
    }
    assert!(acknowledged.len() > 50, "{}", acknowledged.len());
}
