//! Resolve the model and check access: the model a request names, found
//! in the workspace rows and the provider lists, and the caller's right to
//! use it.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::body::deep_merge;
use crate::core::Ctx;
use crate::core::actor::Actor;
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
        entry,
        params: workspace_params(rows),
    })
}

async fn workspace_rows(cx: &Ctx, actor: &Actor, id: &str) -> Result<Rows> {
    let (id, actor) = (id.to_string(), actor.clone());
    cx.blocking(move |cx| {
        let sys = Actor::system();
        let own = models::get(cx, &sys, &id).ok().map(|m| m.model);
        let base = match own.as_ref().and_then(|m| m.base_model_id.as_deref()) {
            Some(b) => models::get(cx, &sys, b).ok().map(|m| m.model),
            None => None,
        };
        let allowed = models::can_use(cx, &actor, &id)?;
        Ok(Rows { own, base, allowed })
    })
    .await
}

/// An inactive model, or one the caller may not use, is not found.
fn check_access(rows: &Rows) -> Result<()> {
    if rows.own.as_ref().is_some_and(|m| !m.is_active) || !rows.allowed {
        return Err(model_not_found());
    }
    Ok(())
}

/// The base's own override, under the preset's settings.
fn workspace_params(rows: Rows) -> Map<String, Value> {
    let mut params = match rows.base.map(|b| b.params) {
        Some(Value::Object(p)) => p,
        _ => Map::new(),
    };
    if let Some(Value::Object(p)) = rows.own.as_ref().map(|m| &m.params) {
        deep_merge(&mut params, p);
    }
    params
}
