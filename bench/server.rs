//! A release `owui serve` on a temporary data directory with one admin
//! (bench@example.com / bench-password), for the HTTP benches
//! (`#[path = "server.rs"] mod server;`). `OWUI_BIN` picks the binary.

use std::process::{Child, Command, Stdio};

/// The server, stopped (and its data removed) when dropped.
pub struct Server {
    child: Child,
    _dir: tempfile::TempDir,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Started with the `env` settings added; wait for `/health` yourself.
pub fn start_server(env: &[(&str, &str)]) -> Server {
    let bin = std::env::var("OWUI_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_owui").into());
    let bin = bin.as_str();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let xdg = dir.path().join("xdg");
    std::fs::create_dir_all(&xdg).unwrap();
    let mut create = Command::new(bin)
        .args(["--data-dir", data.to_str().unwrap()])
        .args([
            "users",
            "create",
            "--name",
            "Bench",
            "--email",
            "bench@example.com",
        ])
        .args(["--password-stdin", "--role", "admin"])
        .env("XDG_CONFIG_HOME", &xdg)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    create
        .stdin
        .take()
        .unwrap()
        .write_all(b"bench-password\n")
        .unwrap();
    assert!(create.wait().unwrap().success(), "owui users create failed");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(bin)
        .args(["--data-dir", data.to_str().unwrap()])
        .args(["serve", "--host", "127.0.0.1", "--port", &port.to_string()])
        .env("XDG_CONFIG_HOME", &xdg)
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    Server {
        child,
        _dir: dir,
        base: format!("http://127.0.0.1:{port}"),
    }
}

impl Server {
    /// Wait (up to 10 s) for `/health`, then sign in as the bench account;
    /// returns its token.
    pub async fn wait_and_sign_in(&self, http: &reqwest::Client) -> String {
        let mut up = false;
        for _ in 0..400 {
            if http
                .get(format!("{}/health", self.base))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                up = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert!(up, "owui serve did not answer /health");
        let signin: serde_json::Value = http
            .post(format!("{}/api/v1/auths/signin", self.base))
            .json(&serde_json::json!({"email": "bench@example.com", "password": "bench-password"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        signin["token"].as_str().unwrap().to_string()
    }
}
