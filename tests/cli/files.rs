//! `owui files` on the built binary: what it stores, for whom, and what a
//! refused upload leaves behind (nothing).

use crate::env::Env;
use serde_json::{Value, json};

fn uploads(e: &Env) -> Vec<String> {
    std::fs::read_dir(e.dir.path().join("data/uploads"))
        .map(|d| {
            d.map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn ids(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect()
}

#[test]
fn upload_stores_the_bytes_as_the_acting_user_unprocessed() {
    let e = Env::new();
    let ada = e.create("Ada", "ada@example.com", "admin");
    let bo = e.create("Bo", "bo@example.com", "user");
    let src = e.dir.path().join("Notes 1.md");
    std::fs::write(&src, "# notes\n").unwrap();
    let up = e.json(&[
        "--as",
        "bo@example.com",
        "files",
        "upload",
        "--no-process",
        src.to_str().unwrap(),
    ]);
    let f = &up[0];
    assert_eq!(f["user_id"], bo["id"]);
    assert_eq!(f["filename"], "Notes 1.md");
    assert_eq!(f["data"], json!({}));
    assert_eq!(f["meta"]["content_type"], "text/markdown");
    assert_eq!(f["meta"]["size"], 8);
    let id = f["id"].as_str().unwrap();
    let stored = std::path::PathBuf::from(f["path"].as_str().unwrap());
    assert_eq!(std::fs::read(&stored).unwrap(), b"# notes\n");
    // the admin sees it, and it is Bo's
    let shown = e.json(&["files", "show", id]);
    assert_eq!(shown["user_id"], bo["id"]);
    assert_ne!(shown["user_id"], ada["id"]);
    assert_eq!(ids(&e.json(&["files", "list"])), [id]);
    assert_eq!(
        ids(&e.json(&["files", "list", "--user", "ada@example.com"])),
        Vec::<&str>::new()
    );
    // Bo may not list Ada's files
    let out = e
        .owui()
        .args([
            "--as",
            "bo@example.com",
            "files",
            "list",
            "--user",
            "ada@example.com",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    e.owui().args(["files", "delete", id]).assert().success();
    assert!(!stored.exists());
    assert_eq!(uploads(&e), Vec::<String>::new());
}

#[test]
fn a_refused_upload_stores_nothing() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    e.create("Pen", "pen@example.com", "pending");
    let ok = e.dir.path().join("ok.txt");
    std::fs::write(&ok, "fine").unwrap();
    let empty = e.dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let big = e.dir.path().join("big.bin");
    std::fs::write(&big, vec![b'x'; 1024 * 1024 + 1]).unwrap();
    e.owui()
        .args(["config", "set", "rag.file.max_size", "1"])
        .assert()
        .success();
    // a missing file: nothing is stored, not even the files before it
    let out = e
        .owui()
        .args(["files", "upload", ok.to_str().unwrap(), "no-such-file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.txt"));
    assert_eq!(uploads(&e), Vec::<String>::new());
    // too large, empty, or a pending user: refused, nothing left behind
    for (who, file, says) in [
        ("ada@example.com", &big, "less than 1 MB"),
        ("ada@example.com", &empty, "The content provided is empty"),
        ("pen@example.com", &ok, "You do not have permission"),
    ] {
        let out = e
            .owui()
            .args(["--as", who, "files", "upload", file.to_str().unwrap()])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(says), "{err}");
        assert_eq!(uploads(&e), Vec::<String>::new(), "{file:?}");
    }
    assert_eq!(e.json(&["files", "list"]), json!([]));
    // a failure after a stored file keeps and shows that one
    let out = e
        .owui()
        .args([
            "files",
            "upload",
            ok.to_str().unwrap(),
            big.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok.txt"));
    assert_eq!(e.json(&["files", "list"]).as_array().unwrap().len(), 1);
    assert_eq!(uploads(&e).len(), 1);
}
