//! `owui models` details not covered by `commands.rs`.

use crate::env::Env;

#[test]
fn models_update_params_keeps_the_system_prompt() {
    let e = Env::new();
    e.create("Ada", "ada@example.com", "admin");
    e.json(&[
        "models",
        "create",
        "coder",
        "--base",
        "gpt-4o",
        "--system",
        "You write Rust.",
    ]);
    let m = e.json(&[
        "models",
        "update",
        "coder",
        "--params",
        r#"{"temperature":0.2}"#,
    ]);
    assert_eq!(m["params"]["temperature"], 0.2);
    assert_eq!(m["params"]["system"], "You write Rust.");
    // --system still changes or removes it, with or without --params
    let m = e.json(&[
        "models", "update", "coder", "--params", "{}", "--system", "",
    ]);
    assert_eq!(m["params"], serde_json::json!({}));
    // a system prompt in --params wins over the stored one
    let m = e.json(&[
        "models",
        "update",
        "coder",
        "--params",
        r#"{"system":"Be brief."}"#,
    ]);
    assert_eq!(m["params"]["system"], "Be brief.");
}
