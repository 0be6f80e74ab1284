//! `owui models`: workspace models (presets and provider-model overrides),
//! straight in the data directory.

use std::io::Read;

use clap::Subcommand;
use serde_json::{Value, json};

use super::Out;
use super::output::time;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::models::{self, Model, ModelForm};
use crate::error::{Error, Result};

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List the models you may read (presets and overrides)
    List,
    /// Show one model (--json: the API's JSON, as GET /api/v1/models/model)
    Show {
        /// Model id
        id: String,
    },
    /// Create a model: a preset on --base, or (admins) an override of a
    /// provider model with the same id
    Create {
        /// Model id (no whitespace, at most 256 characters)
        id: String,
        /// Display name [default: the id]
        #[arg(long)]
        name: Option<String>,
        /// The model it runs on (a provider model or another preset)
        #[arg(long)]
        base: Option<String>,
        /// System prompt
        #[arg(long)]
        system: Option<String>,
        /// Description shown in the model selector
        #[arg(long)]
        description: Option<String>,
        /// A tag (repeatable)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Parameters as a JSON object (e.g. '{"temperature":0.2}')
        #[arg(long, value_name = "JSON")]
        params: Option<String>,
        /// More metadata as a JSON object (merged over the flags above)
        #[arg(long, value_name = "JSON")]
        meta: Option<String>,
        /// Create it disabled
        #[arg(long)]
        inactive: bool,
    },
    /// Change a model; flags not given keep their values
    Update {
        /// Model id
        id: String,
        /// New display name
        #[arg(long)]
        name: Option<String>,
        /// New base model ("" makes it an override; admins only)
        #[arg(long)]
        base: Option<String>,
        /// New system prompt ("" removes it)
        #[arg(long)]
        system: Option<String>,
        /// New description
        #[arg(long)]
        description: Option<String>,
        /// Replace the tags with these (repeatable)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Replace the parameters with this JSON object (the system prompt
        /// stays unless --system changes it)
        #[arg(long, value_name = "JSON")]
        params: Option<String>,
        /// Metadata keys to set, as a JSON object (merged)
        #[arg(long, value_name = "JSON")]
        meta: Option<String>,
        /// Enable or disable it
        #[arg(long, value_name = "BOOL")]
        active: Option<bool>,
        /// Note stored with the new version
        #[arg(long)]
        message: Option<String>,
    },
    /// Delete a model with its sharing and history
    Delete {
        /// Model id
        id: String,
    },
    /// Print presets as JSON (as GET /api/v1/models/export); all you may
    /// change when no id is given
    Export {
        /// Model ids
        ids: Vec<String>,
    },
    /// Import models exported by `owui models export` or Open WebUI ("-"
    /// reads stdin): existing ids are updated, new ones created
    Import {
        /// JSON file: a list of models, or {"models": [...]}
        file: String,
    },
}

fn json_object(flag: &str, text: &Option<String>) -> Result<Option<Value>> {
    text.as_ref()
        .map(|t| match serde_json::from_str::<Value>(t) {
            Ok(v @ Value::Object(_)) => Ok(v),
            _ => Err(Error::invalid(format!("--{flag} must be a JSON object"))),
        })
        .transpose()
}

fn tags(t: &[String]) -> Value {
    json!(t.iter().map(|n| json!({ "name": n })).collect::<Vec<_>>())
}

fn read_input(file: &str) -> Result<String> {
    if file == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        Ok(s)
    } else {
        std::fs::read_to_string(file)
            .map_err(|e| Error::invalid(format!("cannot read {file}: {e}")))
    }
}

fn print_model(out: &Out, m: &Model, write_access: Option<bool>) -> Result<()> {
    let tag_names: Vec<String> = models::validate::tag_names(&m.meta);
    let mut fields = vec![
        ("id", m.id.clone()),
        ("name", m.name.clone()),
        ("base", m.base_model_id.clone().unwrap_or_default()),
        ("active", m.is_active.to_string()),
        ("owner", m.user_id.clone()),
        (
            "description",
            m.meta
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        ),
        ("tags", tag_names.join(", ")),
        (
            "system",
            m.params
                .get("system")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        ),
        ("shared", m.access_grants.len().to_string()),
        ("version", m.version_id.clone().unwrap_or_default()),
        ("updated", time(m.updated_at)),
    ];
    if let Some(w) = write_access {
        fields.push(("writable", w.to_string()));
    }
    out.record(m, &fields)
}

/// The provider model list, fetched only when a check needs it (a
/// non-admin's new id, model controls).
fn providers(cx: &Ctx) -> Vec<Value> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map(|rt| {
            rt.block_on(crate::core::providers::base_models(cx, false))
                .as_ref()
                .clone()
        })
        .unwrap_or_default()
}

pub fn run(cx: &Ctx, out: &Out, me: &Actor, cmd: Cmd) -> Result<()> {
    let providers = || providers(cx);
    match cmd {
        Cmd::List => {
            let all = models::visible(cx, me)?;
            out.table(
                &all,
                &["ID", "NAME", "BASE", "ACTIVE", "SHARED", "UPDATED"],
                |m| {
                    vec![
                        m.id.clone(),
                        m.name.clone(),
                        m.base_model_id.clone().unwrap_or_else(|| "-".into()),
                        if m.is_active { "yes" } else { "no" }.into(),
                        m.access_grants.len().to_string(),
                        time(m.updated_at),
                    ]
                },
            )
        }
        Cmd::Show { id } => {
            let m = models::show(cx, me, &id)?;
            if out.json {
                return out.json(&m);
            }
            print_model(out, &m.model, Some(m.write_access))
        }
        Cmd::Create {
            id,
            name,
            base,
            system,
            description,
            tags: t,
            params,
            meta,
            inactive,
        } => {
            let mut p = json_object("params", &params)?.unwrap_or_else(|| json!({}));
            if let Some(s) = system {
                p["system"] = json!(s);
            }
            let mut m = json!({});
            if let Some(d) = description {
                m["description"] = json!(d);
            }
            if !t.is_empty() {
                m["tags"] = tags(&t);
            }
            if let Some(Value::Object(extra)) = json_object("meta", &meta)? {
                for (k, v) in extra {
                    m[k] = v;
                }
            }
            let created = models::create(
                cx,
                me,
                ModelForm {
                    name: name.unwrap_or_else(|| id.clone()),
                    id,
                    base_model_id: Some(base),
                    meta: m,
                    params: p,
                    access_grants: None,
                    is_active: Some(!inactive),
                    commit_message: None,
                },
                &providers,
            )?;
            if out.json {
                out.json(&created)
            } else {
                out.done(&format!("created model {} ({})", created.name, created.id))
            }
        }
        Cmd::Update {
            id,
            name,
            base,
            system,
            description,
            tags: t,
            params,
            meta,
            active,
            message,
        } => {
            let cur = models::show(cx, me, &id)?.model;
            let mut p = json_object("params", &params)?.unwrap_or(cur.params.clone());
            // the system prompt is stored among the parameters but has its
            // own flag: --params alone keeps it
            if system.is_none()
                && let (Value::Object(o), Some(s)) = (&mut p, cur.params.get("system"))
                && !o.contains_key("system")
            {
                o.insert("system".into(), s.clone());
            }
            if let Some(s) = system
                && let Value::Object(o) = &mut p
            {
                if s.is_empty() {
                    o.shift_remove("system");
                } else {
                    o.insert("system".into(), json!(s));
                }
            }
            let mut m = cur.meta.clone();
            if let Value::Object(o) = &mut m {
                o.shift_remove("chat_variables_schema");
            }
            if let Some(d) = description {
                m["description"] = json!(d);
            }
            if !t.is_empty() {
                m["tags"] = tags(&t);
            }
            if let Some(Value::Object(extra)) = json_object("meta", &meta)? {
                for (k, v) in extra {
                    m[k] = v;
                }
            }
            let updated = models::update(
                cx,
                me,
                ModelForm {
                    id,
                    base_model_id: base.map(|b| Some(b).filter(|b| !b.is_empty())),
                    name: name.unwrap_or(cur.name),
                    meta: m,
                    params: p,
                    access_grants: None,
                    is_active: active,
                    commit_message: message,
                },
                &providers,
            )?;
            if out.json {
                out.json(&updated)
            } else {
                out.done(&format!("updated model {}", updated.id))
            }
        }
        Cmd::Delete { id } => {
            models::delete(cx, me, &id)?;
            if out.json {
                out.json(&json!(true))
            } else {
                out.done(&format!("deleted model {id}"))
            }
        }
        Cmd::Export { ids } => {
            let ids = (!ids.is_empty()).then_some(ids);
            out.json(&models::export(cx, me, ids.as_deref())?)
        }
        Cmd::Import { file } => {
            let text = read_input(&file)?;
            let items = match serde_json::from_str::<Value>(&text) {
                Ok(Value::Array(a)) => a,
                Ok(Value::Object(mut o)) if o.get("models").is_some_and(Value::is_array) => o
                    .remove("models")
                    .and_then(|v| v.as_array().cloned())
                    .unwrap_or_default(),
                Ok(v @ Value::Object(_)) => vec![v],
                _ => return Err(Error::invalid(format!("{file}: not a JSON list of models"))),
            };
            let done = models::import(cx, me, items, &providers)?;
            if out.json {
                out.json(&done)
            } else {
                out.done(&format!("imported {} models", done.len()))
            }
        }
    }
}
