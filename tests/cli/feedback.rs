//! `owui feedback` with the built binary on a temporary data directory.

use crate::env::Env;
use owui::config::Config;
use owui::core::{evaluations, users};
use predicates::prelude::*;
use serde_json::{Value, json};

#[test]
fn export_and_leaderboard_for_admins_only() {
    let e = Env::new();
    let dir = e.dir.path();
    e.create("ada@example.com", "ada@example.com", "admin");
    e.create("bo@example.com", "bo@example.com", "user");
    {
        let mut cfg = Config::defaults(&dir.join("data"));
        cfg.set("WEBUI_SECRET_KEY", "test-secret");
        let cx = owui::core::startup::open(cfg).unwrap();
        let bo = users::local_actor(&cx, Some("bo@example.com")).unwrap();
        for (model, sibling, rating) in [("a", "b", 1), ("c", "a", -1)] {
            let form = serde_json::from_value(json!({"type": "rating",
                "data": {"rating": rating, "model_id": model, "sibling_model_ids": [sibling], "tags": ["t"]},
                "snapshot": {"chat": {"id": "c1"}}}))
            .unwrap();
            evaluations::create(&cx, &bo, form).unwrap();
        }
    }

    let out = e.owui().args(["feedback", "export"]).output().unwrap();
    assert!(out.status.success());
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[0]["snapshot"]["chat"]["id"], "c1");
    let out = e
        .owui()
        .args(["feedback", "export", "--model", "c"])
        .output()
        .unwrap();
    let some: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(some.as_array().unwrap().len(), 1);
    assert_eq!(some[0]["data"]["model_id"], "c");

    // a beat b (1016 / 984), then a beat c from 1016 vs 1000
    e.owui()
        .args(["feedback", "leaderboard"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "MODEL  RATING  WON  LOST  TAGS\na      1031    2    0     t\n",
        ));
    let out = e
        .owui()
        .args(["--json", "feedback", "leaderboard"])
        .output()
        .unwrap();
    let board: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ranks: Vec<_> = board["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["model_id"].as_str().unwrap(),
                e["rating"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(ranks, [("a", 1031), ("c", 985), ("b", 984)]);

    e.owui()
        .args(["--as", "bo@example.com", "feedback", "export"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("permission"));
}
