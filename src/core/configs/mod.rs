//! The config store: admin-editable settings, one row per dotted key.
//!
//! Table: `config`. Endpoints: `/api/v1/configs/*` (the settings forms in
//! `forms`) and the admin auth config.
//! Commands: `owui config show|get|set|export|import`.
//!
//! Every known key (see `keys`) gets its default from the process settings;
//! missing rows are written with that default on open, so after the first
//! start the database wins over the environment. Values are cached in memory
//! and reloaded when any connection commits.

pub mod forms;
pub mod keys;
mod store;

use std::collections::BTreeMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

use crate::config::Config;
use crate::core::Ctx;
use crate::core::actor::{Actor, Role};
use crate::db::Db;
use crate::error::{Error, Result};

/// The in-memory view of the config store.
pub struct ConfigStore {
    persistent: bool,
    defaults: BTreeMap<String, Value>,
    values: RwLock<BTreeMap<String, Value>>,
    generation: AtomicU64,
}

impl ConfigStore {
    /// Write missing defaults and load every row.
    pub fn open(db: &Db, cfg: &Config) -> Result<ConfigStore> {
        let defaults: BTreeMap<String, Value> = keys::defaults(cfg)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let persistent = cfg.bool("ENABLE_PERSISTENT_CONFIG");
        if persistent {
            db.write(|tx| store::insert_missing(tx, &defaults))?;
        }
        let s = ConfigStore {
            persistent,
            values: RwLock::new(BTreeMap::new()),
            generation: AtomicU64::new(0),
            defaults,
        };
        s.reload(db)?;
        Ok(s)
    }

    /// Re-read the rows (another process may have changed them).
    pub fn reload(&self, db: &Db) -> Result<()> {
        let mut values = self.defaults.clone();
        if self.persistent {
            values.extend(db.read(store::all)?);
        }
        *self.values.write().unwrap_or_else(|p| p.into_inner()) = values;
        self.generation.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }

    /// A number that changes whenever any value may have changed, for
    /// caches of things built from the store.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The value of a key (its default when unset; null when unknown).
    pub fn get(&self, key: &str) -> Value {
        self.values
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
            .unwrap_or(Value::Null)
    }

    pub fn bool(&self, key: &str) -> bool {
        is_on(&self.get(key))
    }

    pub fn string(&self, key: &str) -> String {
        match self.get(key) {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    pub fn is_known(&self, key: &str) -> bool {
        self.defaults.contains_key(key)
    }

    pub fn default_of(&self, key: &str) -> Option<&Value> {
        self.defaults.get(key)
    }

    /// Whether a key's row exists in the database (vs. its default).
    pub fn snapshot(&self) -> BTreeMap<String, Value> {
        self.values
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn apply(&self, entries: &BTreeMap<String, Value>) {
        let mut v = self.values.write().unwrap_or_else(|p| p.into_inner());
        for (k, val) in entries {
            v.insert(k.clone(), val.clone());
        }
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

/// Save several keys in one transaction (no key-name check: the caller decides).
pub fn save(cx: &Ctx, entries: &BTreeMap<String, Value>) -> Result<()> {
    cx.db.write(|tx| save_tx(cx, tx, entries))?;
    applied(cx, entries);
    Ok(())
}

/// Save keys inside a caller's transaction; call `applied` after it commits.
pub fn save_tx(
    cx: &Ctx,
    tx: &rusqlite::Connection,
    entries: &BTreeMap<String, Value>,
) -> Result<()> {
    if cx.store.persistent {
        store::upsert_many(tx, entries)?;
    }
    Ok(())
}

/// Make committed keys visible in memory.
pub fn applied(cx: &Ctx, entries: &BTreeMap<String, Value>) {
    cx.store.apply(entries);
}

/// Set one known key (admin); turning on a feature owui does not run is
/// refused as the admin forms refuse it.
pub fn set(cx: &Ctx, actor: &Actor, key: &str, value: Value) -> Result<()> {
    actor.require_admin()?;
    if !cx.store.is_known(key) {
        return Err(Error::invalid(format!("unknown config key `{key}`")));
    }
    validate(key, &value)?;
    let entries = BTreeMap::from([(key.to_string(), value)]);
    refuse_unrun_entries(cx, &entries)?;
    save(cx, &entries)
}

/// Values some keys cannot take.
fn validate(key: &str, value: &Value) -> Result<()> {
    match key {
        "auth.jwt_expiry" => {
            crate::core::auths::token::parse_expiry(value.as_str().unwrap_or("?"))?;
        }
        "ui.default_user_role"
            if value
                .as_str()
                .and_then(|r| r.parse::<Role>().ok())
                .is_none() =>
        {
            return Err(Error::invalid(
                "ui.default_user_role must be pending, user or admin",
            ));
        }
        _ => {}
    }
    Ok(())
}

/// The keys that switch on a feature owui does not run, and what the
/// feature is. Every way a setting is saved (the admin forms, the import)
/// refuses to turn one on ([`refuse_unrun`]).
pub const UNRUN: &[(&str, &str)] = &[
    ("channels.enable", "channels"),
    ("channels.encryption.enable", "encrypted channels"),
    ("apps.enable", "apps"),
    ("calendar.enable", "the calendar"),
    ("automations.enable", "automations"),
    ("notes.enable", "notes"),
    ("ui.enable_user_webhooks", "user webhooks"),
    ("auth.mfa.enable", "multi-factor authentication"),
    // owui's chat pipeline cannot route a chat to a browser-held connection
    ("direct.enable", "direct connections"),
    (
        "direct.integrations.enable",
        "direct tool server integrations",
    ),
    // the interpreter needs the chat pipeline's `<code_interpreter>` handling
    ("code_interpreter.enable", "the code interpreter"),
    (
        "memories.background_review.enable",
        "the memory background review",
    ),
    // owui sends no picker client ids (`/api/config` integrations)
    ("google_drive.enable", "the Google Drive picker"),
    ("onedrive.enable", "the OneDrive picker"),
    // needs OCR, which the built-in PDF loader does not do
    (
        "rag.pdf_extract_images",
        "text recognition of images in PDFs",
    ),
];

/// A setting as the store reads it as a switch (`true`, `"true"`, `1`).
fn is_on(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => crate::config::parse_bool(s),
        Value::Number(n) => n.as_f64().unwrap_or(0.0) != 0.0,
        _ => false,
    }
}

/// A setting that would switch on a feature owui does not run (`key`, one
/// of [`UNRUN`]) is refused rather than saved and ignored: `on` is what
/// the form asks for, `field` its name in the form. A value already
/// stored on (an older database) is accepted unchanged, so the admin page
/// that sends it back with the rest of its form still saves.
pub fn refuse_unrun(cx: &Ctx, field: &str, key: &str, on: bool) -> Result<()> {
    let Some((_, what)) = UNRUN.iter().find(|(k, _)| *k == key) else {
        return Ok(());
    };
    if on && !cx.store.bool(key) {
        return Err(Error::invalid(format!(
            "{field}: owui does not run {what}, so it cannot be turned on."
        )));
    }
    Ok(())
}

/// Code execution may be on only with the `pyodide` engine, which runs in
/// the browser: the `jupyter` engine needs a client owui does not have.
/// Already on with the same engine (an older database) is accepted.
pub fn refuse_code_engine(cx: &Ctx, field: &str, enable: bool, engine: &str) -> Result<()> {
    let already = cx.store.bool("code_execution.enable")
        && cx.store.string("code_execution.engine") == engine;
    if enable && engine != "pyodide" && !already {
        return Err(Error::invalid(format!(
            "{field}: owui does not run the `{engine}` code execution engine, \
             so it cannot be turned on (use `pyodide`, which runs in the browser)."
        )));
    }
    Ok(())
}

/// Refuse keys to be saved as they are ([`set`], [`import`]) that would
/// turn on a feature owui does not run, named by their key.
fn refuse_unrun_entries(cx: &Ctx, entries: &BTreeMap<String, Value>) -> Result<()> {
    for (k, v) in entries {
        refuse_unrun(cx, k, k, is_on(v))?;
    }
    crate::core::retrieval::settings::refuse(cx, entries, &|k| k.to_string())?;
    let enable = entries
        .get("code_execution.enable")
        .map(is_on)
        .unwrap_or_else(|| cx.store.bool("code_execution.enable"));
    let engine = match entries.get("code_execution.engine") {
        Some(Value::String(e)) => e.clone(),
        Some(other) => other.to_string(),
        None => cx.store.string("code_execution.engine"),
    };
    refuse_code_engine(cx, "code_execution.engine", enable, &engine)
}

/// Every stored key and value (admin). Contains secrets.
pub fn export(cx: &Ctx, actor: &Actor) -> Result<BTreeMap<String, Value>> {
    actor.require_admin()?;
    Ok(cx.store.snapshot())
}

/// Upsert every given key (admin), in one transaction; with `strict`,
/// refuse the whole import when a key is unknown. Turning on a feature
/// owui does not run is refused as the admin forms refuse it, and then
/// nothing is saved. Returns the whole store.
pub fn import(
    cx: &Ctx,
    actor: &Actor,
    entries: BTreeMap<String, Value>,
    strict: bool,
) -> Result<BTreeMap<String, Value>> {
    actor.require_admin()?;
    if strict && let Some(k) = entries.keys().find(|k| !cx.store.is_known(k)) {
        return Err(Error::invalid(format!("unknown config key `{k}`")));
    }
    for (k, v) in &entries {
        validate(k, v)?;
    }
    refuse_unrun_entries(cx, &entries)?;
    // one transaction: a refusal above saved nothing
    save(cx, &entries)?;
    Ok(cx.store.snapshot())
}

/// Keys under `namespace.` (admin).
pub fn namespace(cx: &Ctx, actor: &Actor, ns: &str) -> Result<BTreeMap<String, Value>> {
    actor.require_admin()?;
    let prefix = format!("{ns}.");
    Ok(cx
        .store
        .snapshot()
        .into_iter()
        .filter(|(k, _)| k.starts_with(&prefix))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::actor::Actor;

    #[test]
    fn defaults_are_written_once_and_db_wins() {
        let (dir, cx) = crate::core::ctx::test_ctx();
        assert!(cx.store.bool("ui.enable_signup"));
        set(
            &cx,
            &Actor::system(),
            "ui.enable_signup",
            Value::Bool(false),
        )
        .unwrap();
        // a new process with a different environment default still reads the row
        let mut cfg = Config::defaults(dir.path());
        cfg.set("ENABLE_SIGNUP", "true");
        let store = ConfigStore::open(&cx.db, &cfg).unwrap();
        assert!(!store.bool("ui.enable_signup"));
    }

    #[test]
    fn unknown_keys_are_refused_by_set_and_strict_import() {
        let (_dir, cx) = crate::core::ctx::test_ctx();
        let e = set(&cx, &Actor::system(), "no.such.key", Value::Bool(true)).unwrap_err();
        assert!(matches!(e, Error::Invalid(_)));
        let entries = BTreeMap::from([
            ("ui.enable_signup".to_string(), Value::Bool(false)),
            ("no.such".to_string(), Value::Bool(true)),
        ]);
        assert!(import(&cx, &Actor::system(), entries, true).is_err());
        // nothing written
        assert!(cx.store.bool("ui.enable_signup"));
    }

    #[test]
    fn non_admins_cannot_touch_the_store() {
        let (_dir, cx) = crate::core::ctx::test_ctx();
        let user = crate::core::users::fixtures::user(&cx, "u@example.com", Role::User);
        assert!(matches!(
            set(&cx, &user, "ui.enable_signup", Value::Bool(false)),
            Err(Error::RoleTooLow { .. })
        ));
        assert!(export(&cx, &user).is_err());
    }
}
