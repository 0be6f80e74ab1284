//! The built binary on a temporary data directory, for the CLI tests
//! (`#[path = "common/cli.rs"] mod env;`).
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn owui(&self) -> Command {
        let mut c = Command::cargo_bin("owui").unwrap();
        c.env_clear()
            .env("HOME", self.dir.path())
            .env("BCRYPT_ROUNDS", "4")
            .arg("--data-dir")
            .arg(self.dir.path().join("data"));
        c
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.owui().arg("--json").args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    pub fn create(&self, name: &str, email: &str, role: &str) -> Value {
        self.json(&[
            "users",
            "create",
            "--name",
            name,
            "--email",
            email,
            "--password",
            "pw-123456",
            "--role",
            role,
        ])
    }
}
