//! `completions/` and `man/` are generated from the CLI definition; this
//! test renders them in memory and compares byte for byte.
//! `OWUI_BLESS=1 cargo test --test cli generated` rewrites them instead.

use std::path::PathBuf;

use clap::CommandFactory;
use owui::cli::{Cli, generate};

fn check(dir: &str, files: Vec<(String, Vec<u8>)>, regen: &str) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    if std::env::var_os("OWUI_BLESS").is_some() {
        std::fs::create_dir_all(&root).unwrap();
        for (name, bytes) in &files {
            std::fs::write(root.join(name), bytes).unwrap();
        }
    }
    let mut stale = vec![];
    for (name, bytes) in &files {
        match std::fs::read(root.join(name)) {
            Ok(b) if &b == bytes => {}
            _ => stale.push(name.clone()),
        }
    }
    let expected: Vec<&String> = files.iter().map(|(n, _)| n).collect();
    for entry in std::fs::read_dir(&root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if !expected.contains(&&name) {
            stale.push(format!("{name} (no longer generated)"));
        }
    }
    assert!(
        stale.is_empty(),
        "{dir}/ is out of date: {stale:?}\nregenerate with: {regen}"
    );
}

#[test]
fn cli_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn completions_match_the_cli() {
    check(
        "completions",
        generate::all_completions(),
        "cargo run -- completions all --out-dir completions (or OWUI_BLESS=1 cargo test --test cli generated)",
    );
}

#[test]
fn man_pages_match_the_cli() {
    check(
        "man",
        generate::man_pages().unwrap(),
        "cargo run -- man --out-dir man (or OWUI_BLESS=1 cargo test --test cli generated)",
    );
}
