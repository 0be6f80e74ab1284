//! `owui config`: process settings (defaults < file < environment < flags)
//! and the admin config store in the database.

use std::collections::BTreeMap;
use std::io::Read;

use clap::Subcommand;
use serde_json::{Value, json};

use super::Out;
use crate::config::{Config, Overrides, SETTINGS};
use crate::core::actor::Actor;
use crate::core::configs;
use crate::error::{Error, Result};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Show every setting and stored config key with its value and source
    Show,
    /// Print one setting (e.g. PORT) or stored key (e.g. ui.enable_signup)
    Get {
        /// Setting name or dotted config key
        key: String,
    },
    /// Change a stored config key (the value is JSON, or else a string)
    Set {
        /// Dotted config key, e.g. ui.enable_signup
        key: String,
        /// New value, e.g. false, 42, '"text"', '{"a":1}'
        value: String,
    },
    /// Print the whole config store as JSON (contains secrets)
    Export,
    /// Load keys from a JSON file made by `export` ("-" reads stdin); an
    /// unknown key refuses the whole file
    Import {
        /// JSON file, or - for standard input
        file: String,
    },
}

const SECRET: &[&str] = &[
    "WEBUI_SECRET_KEY",
    "WEBUI_ADMIN_PASSWORD",
    "CODE_EXECUTION_JUPYTER_AUTH_TOKEN",
    "CODE_EXECUTION_JUPYTER_AUTH_PASSWORD",
    "CODE_INTERPRETER_JUPYTER_AUTH_TOKEN",
    "CODE_INTERPRETER_JUPYTER_AUTH_PASSWORD",
];

fn shown(name: &str, v: &str) -> String {
    let secret = SECRET.contains(&name)
        || ["_KEY", "_TOKEN", "_PASSWORD", "_SK"]
            .iter()
            .any(|end| name.ends_with(end));
    if secret && !v.is_empty() {
        "(set)".into()
    } else {
        v.to_string()
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Parse a command-line value: JSON when it parses, else a string.
fn parse_value(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.to_string()))
}

fn same_type(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

pub fn run(over: &Overrides, out: &Out, cmd: Cmd) -> Result<()> {
    let cfg = Config::load(over)?;
    match cmd {
        Cmd::Show => {
            let cx = crate::core::startup::open(cfg.clone())?;
            let settings: Vec<Value> = cfg
                .entries()
                .map(|(k, v, s)| json!({"name": k, "value": shown(k, v), "source": s.as_str()}))
                .collect();
            let store: Vec<Value> = cx
                .store
                .snapshot()
                .into_iter()
                .map(|(k, v)| json!({"name": k, "value": v, "source": "db"}))
                .collect();
            if out.json {
                return out.json(&json!({"settings": settings, "store": store}));
            }
            let all: Vec<Value> = settings.into_iter().chain(store).collect();
            out.table(&all, &["NAME", "VALUE", "SOURCE"], |e| {
                vec![plain(&e["name"]), plain(&e["value"]), plain(&e["source"])]
            })
        }
        Cmd::Get { key } => {
            if let Some(s) = SETTINGS.iter().find(|s| s.name == key) {
                let v = cfg.get(s.name);
                return if out.json {
                    out.json(
                        &json!({"name": s.name, "value": v, "source": cfg.source(s.name).as_str()}),
                    )
                } else {
                    super::output::write_stdout(format!("{}\n", shown(s.name, v)).as_bytes())
                };
            }
            let cx = crate::core::startup::open(cfg)?;
            if !cx.store.is_known(&key) && !cx.store.snapshot().contains_key(&key) {
                return Err(Error::NotFound(format!("unknown config key `{key}`")));
            }
            let v = cx.store.get(&key);
            if out.json {
                out.json(&v)
            } else {
                super::output::write_stdout(format!("{}\n", plain(&v)).as_bytes())
            }
        }
        Cmd::Set { key, value } => {
            if SETTINGS.iter().any(|s| s.name == key) {
                return Err(Error::invalid(format!(
                    "{key} is a process setting: set it in the environment, the config file or a flag"
                )));
            }
            let cx = crate::core::startup::open(cfg)?;
            let v = parse_value(&value);
            if let Some(d) = cx.store.default_of(&key)
                && !d.is_null()
                && !same_type(d, &v)
            {
                return Err(Error::invalid(format!(
                    "`{key}` takes a value like {d}, not {v}"
                )));
            }
            configs::set(&cx, &Actor::system(), &key, v.clone())?;
            out.done(&format!("{key} = {v}"))
        }
        Cmd::Export => {
            let cx = crate::core::startup::open(cfg)?;
            out.json(&configs::export(&cx, &Actor::system())?)
        }
        Cmd::Import { file } => {
            let text = if file == "-" {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                s
            } else {
                std::fs::read_to_string(&file)
                    .map_err(|e| Error::invalid(format!("cannot read {file}: {e}")))?
            };
            let v: Value = serde_json::from_str(&text)
                .map_err(|e| Error::invalid(format!("{file}: not JSON: {e}")))?;
            let v = match v {
                Value::Object(mut m)
                    if m.len() == 1 && m.get("config").is_some_and(Value::is_object) =>
                {
                    m.remove("config").unwrap()
                }
                v => v,
            };
            let Value::Object(m) = v else {
                return Err(Error::invalid(format!(
                    "{file}: expected a JSON object of keys"
                )));
            };
            let n = m.len();
            let entries: BTreeMap<String, Value> = m.into_iter().collect();
            let cx = crate::core::startup::open(cfg)?;
            configs::import(&cx, &Actor::system(), entries, true)?;
            out.done(&format!("imported {n} keys"))
        }
    }
}
