//! Tables and records fit the width given by `COLUMNS`; pipes without it
//! and `--json` get whole values.

use crate::env::Env;
use unicode_width::UnicodeWidthStr;

/// A long, multi-line value for a config key that takes a string.
fn long_value() -> String {
    let para = "Your account is waiting for an administrator to approve it. ".repeat(8);
    format!("{para}\n\n{para}")
}

fn setup() -> Env {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    e.owui()
        .args([
            "config",
            "set",
            "ui.pending_user_overlay_content",
            &long_value(),
        ])
        .assert()
        .success();
    e
}

fn stdout(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn config_show_fits_80_columns_and_json_keeps_the_whole_value() {
    let e = setup();
    let show = stdout(
        e.owui()
            .env("COLUMNS", "80")
            .args(["config", "show"])
            .output()
            .unwrap(),
    );
    let json = e.json(&["config", "show"]);
    let entries =
        json["settings"].as_array().unwrap().len() + json["store"].as_array().unwrap().len();
    // one line per entry (the multi-line value did not break the table)
    assert_eq!(show.lines().count(), entries + 1, "{show}");
    for l in show.lines() {
        assert!(l.width() <= 80, "wider than 80 columns: {l:?}");
    }
    let line = show
        .lines()
        .find(|l| l.starts_with("ui.pending_user_overlay_content "))
        .unwrap();
    assert!(line.contains("Your account is"), "{line}");
    assert!(line.contains('…'), "{line}");
    assert!(line.ends_with(" db"), "the source column stays: {line}");
    // --json: whole
    let stored = json["store"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "ui.pending_user_overlay_content")
        .unwrap();
    assert_eq!(stored["value"], long_value());
}

#[test]
fn a_pipe_without_columns_gets_whole_values_on_one_line() {
    let e = setup();
    let show = stdout(e.owui().args(["config", "show"]).output().unwrap());
    let line = show
        .lines()
        .find(|l| l.starts_with("ui.pending_user_overlay_content "))
        .unwrap();
    assert!(line.contains(&long_value().replace('\n', "⏎")), "{line}");
    assert!(!line.contains('…'));
}

#[test]
fn records_fit_columns_too() {
    let e = setup();
    let long = "Summarize the following text in a few sentences. ".repeat(10);
    e.owui()
        .args(["prompts", "create", "summarize", "--content"])
        .arg(format!("{long}\n{{{{CLIPBOARD}}}}"))
        .assert()
        .success();
    let show = stdout(
        e.owui()
            .env("COLUMNS", "60")
            .args(["prompts", "show", "summarize"])
            .output()
            .unwrap(),
    );
    assert!(show.lines().all(|l| l.width() <= 60), "{show}");
    let content: Vec<&str> = show
        .lines()
        .skip_while(|l| !l.starts_with("content"))
        .collect();
    assert_eq!(content.len(), 2, "{show}");
    assert!(content[0].ends_with('…'), "{show}");
    assert_eq!(content[1].trim_start(), "{{CLIPBOARD}}");
    let whole = stdout(
        e.owui()
            .args(["prompts", "show", "summarize"])
            .output()
            .unwrap(),
    );
    assert!(whole.contains(long.trim_end()), "{whole}");
}
