//! Resolve the model and check access: the model a request names, found
//! in the workspace rows and the provider lists, and the caller's right to
//! use it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};

use super::body::deep_merge;
use crate::core::Ctx;
use crate::core::actor::{Actor, Role};
use crate::core::models::{self, Model};
use crate::core::providers;
use crate::error::{Error, Result};

/// The model a request names, resolved to the provider model that serves
/// it, with the workspace model's parameters and system prompt.
#[derive(Clone, Debug)]
pub struct Target {
    /// The id the client asked for.
    pub id: String,
    /// The provider's list entry (`owned_by`, `urlIdx`, ...).
    pub entry: Arc<Value>,
    /// The provider's own id for the model.
    pub provider_id: String,
    /// Parameters from the workspace model (and its bases).
    pub params: Map<String, Value>,
    /// The workspace model's `meta` (its knowledge, capabilities…), else
    /// the provider entry's `info.meta`.
    pub meta: Arc<Value>,
}

impl Target {
    pub(super) fn is_ollama(&self) -> bool {
        self.entry.get("owned_by").and_then(Value::as_str) == Some("ollama")
    }
}

/// A body naming a model the caller cannot use (absent, inactive or not
/// granted) is an invalid request rather than a missing resource: the
/// model is a field of the body, not the thing the path addresses, and
/// upstream answers it with 400 on every route that takes one.
fn model_not_found() -> Error {
    Error::invalid("Model not found")
}

/// The workspace rows of a model id and the access verdict, read in one
/// trip to the database.
#[derive(Clone)]
struct Rows {
    /// The row of the id: an override of a provider model, or a preset.
    own: Option<Model>,
    /// A preset's base model's row.
    base: Option<Model>,
    allowed: bool,
}

/// Find the model and check that the actor may use it. A workspace
/// preset answers through its base model with its own parameters and
/// system prompt; an override of a provider model adds its parameters; an
/// inactive one hides the model.
pub async fn resolve(cx: &Ctx, actor: &Actor, id: &str) -> Result<Target> {
    let rows = workspace_rows(cx, actor, id).await?;
    check_access(&rows)?;
    let base_id = rows
        .own
        .as_ref()
        .and_then(|m| m.base_model_id.clone())
        .unwrap_or_else(|| id.to_string());
    let entry = providers::find_model(cx, &base_id)
        .await
        .ok_or_else(model_not_found)?;
    Ok(Target {
        id: id.to_string(),
        provider_id: entry
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or(&base_id)
            .to_string(),
        meta: Arc::new(
            rows.own
                .as_ref()
                .map(|m| m.meta.clone())
                .filter(Value::is_object)
                .or_else(|| entry.pointer("/info/meta").cloned())
                .unwrap_or(Value::Null),
        ),
        entry,
        params: workspace_params(&rows),
    })
}

/// The rows and verdicts of recent requests, valid while the database is
/// unchanged ([`crate::db::Db::generation`]): a client sending one model
/// many requests reads them once, and any write (a model saved, a grant
/// or a role changed, here or in another process) starts over.
#[derive(Default)]
pub struct Resolved {
    inner: Mutex<ResolvedAt>,
}

#[derive(Default)]
struct ResolvedAt {
    generation: u64,
    rows: HashMap<(String, Role, String), Arc<Rows>>,
}

/// How many (caller, model) pairs are kept; the set starts over when full.
const RESOLVED_MAX: usize = 1024;

impl Resolved {
    fn get(&self, generation: u64, key: &(String, Role, String)) -> Option<Arc<Rows>> {
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        (g.generation == generation)
            .then(|| g.rows.get(key).cloned())
            .flatten()
    }

    fn put(&self, generation: u64, key: (String, Role, String), rows: Arc<Rows>) {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if g.generation != generation || g.rows.len() >= RESOLVED_MAX {
            g.rows.clear();
            g.generation = generation;
        }
        g.rows.insert(key, rows);
    }
}

async fn workspace_rows(cx: &Ctx, actor: &Actor, id: &str) -> Result<Arc<Rows>> {
    let generation = cx.db.generation();
    let key = (actor.id.clone(), actor.role, id.to_string());
    if let Some(rows) = cx.resolved.get(generation, &key) {
        return Ok(rows);
    }
    let (id, actor) = (id.to_string(), actor.clone());
    let rows = cx
        .blocking(move |cx| {
            let sys = Actor::system();
            let own = models::get(cx, &sys, &id).ok().map(|m| m.model);
            let base = match own.as_ref().and_then(|m| m.base_model_id.as_deref()) {
                Some(b) => models::get(cx, &sys, b).ok().map(|m| m.model),
                None => None,
            };
            let allowed = models::can_use(cx, &actor, &id)?;
            Ok(Arc::new(Rows { own, base, allowed }))
        })
        .await?;
    cx.resolved.put(generation, key, rows.clone());
    Ok(rows)
}

/// An inactive model, or one the caller may not use, is not found.
fn check_access(rows: &Rows) -> Result<()> {
    if rows.own.as_ref().is_some_and(|m| !m.is_active) || !rows.allowed {
        return Err(model_not_found());
    }
    Ok(())
}

/// The base's own override, under the preset's settings.
fn workspace_params(rows: &Rows) -> Map<String, Value> {
    let mut params = match rows.base.as_ref().map(|b| &b.params) {
        Some(Value::Object(p)) => p.clone(),
        _ => Map::new(),
    };
    if let Some(Value::Object(p)) = rows.own.as_ref().map(|m| &m.params) {
        deep_merge(&mut params, p);
    }
    params
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::core::actor::Role;
    use crate::core::models::{AccessForm, ModelForm};
    use crate::core::users::fixtures;

    fn share(cx: &Ctx, admin: &Actor, id: &str, grants: Vec<Value>) {
        let form = AccessForm {
            id: id.into(),
            name: None,
            access_grants: grants,
        };
        models::update_access(cx, admin, form).unwrap();
    }

    /// Kept rows answer only while nothing was written: a grant, a toggle
    /// (here) or a write by another process (once noticed) is seen by the
    /// next request.
    #[tokio::test]
    async fn kept_rows_follow_every_write() {
        let (dir, cx) = crate::core::ctx::test_ctx();
        let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
        let u = fixtures::user(&cx, "u@example.com", Role::User);
        let form = ModelForm {
            id: "coder".into(),
            base_model_id: Some(None),
            name: "Coder".into(),
            meta: json!({}),
            params: json!({}),
            ..Default::default()
        };
        models::create(&cx, &admin, form, &models::no_providers).unwrap();

        let rows = workspace_rows(&cx, &u, "coder").await.unwrap();
        assert!(!rows.allowed);
        // asked again with nothing written: the same rows, not read again
        let again = workspace_rows(&cx, &u, "coder").await.unwrap();
        assert!(Arc::ptr_eq(&rows, &again));

        let read = json!({"principal_type": "user", "principal_id": u.id, "permission": "read"});
        share(&cx, &admin, "coder", vec![read]);
        assert!(workspace_rows(&cx, &u, "coder").await.unwrap().allowed);

        models::toggle(&cx, &admin, "coder").unwrap();
        let rows = workspace_rows(&cx, &u, "coder").await.unwrap();
        assert!(!rows.own.as_ref().unwrap().is_active);
        assert!(check_access(&rows).is_err());

        // another process takes the grant away
        let mut cfg = crate::config::Config::defaults(dir.path());
        cfg.set("WEBUI_SECRET_KEY", "test-secret");
        let other = crate::core::startup::open(cfg).unwrap();
        share(&other, &Actor::system(), "coder", vec![]);
        assert!(cx.refresh_if_changed().unwrap());
        assert!(!workspace_rows(&cx, &u, "coder").await.unwrap().allowed);
    }
}
