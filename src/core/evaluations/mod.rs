//! Evaluations: users rate answers (thumbs up/down, against the sibling
//! models of the same prompt), admins read every rating, export them and
//! see the Elo leaderboard; the arena settings.
//!
//! Table: `feedback`. Endpoints: `/api/v1/evaluations/*`. Commands: `owui
//! feedback export|leaderboard`.
//!
//! Authorization as upstream: any verified user creates feedback and
//! reads, changes and deletes their own (another's is "not found");
//! admins reach every feedback; listings of everyone's feedback, the
//! export, the leaderboard and the arena settings are admin-only.

pub mod leaderboard;
pub mod model;
mod store;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

pub use model::*;
use store::Order;

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::configs;
use crate::error::{Error, Result, msg};
use crate::util::{new_id, now};

/// `/feedbacks/list` and `/feedbacks/user` page size.
pub const PAGE_SIZE: i64 = 30;

const ARENA_ENABLE: &str = "evaluation.arena.enable";
const ARENA_MODELS: &str = "evaluation.arena.models";

fn skip_of(page: Option<i64>) -> i64 {
    crate::core::page_offset(page.unwrap_or(1), PAGE_SIZE)
}

fn data_value(d: &RatingData) -> Result<Value> {
    Ok(serde_json::to_value(d)?)
}

fn snapshot_value(s: &SnapshotData) -> Result<Value> {
    Ok(serde_json::to_value(s)?)
}

/// `POST /feedback`: a new feedback by the caller.
pub fn create(cx: &Ctx, actor: &Actor, form: FeedbackForm) -> Result<Feedback> {
    actor.require_verified()?;
    let t = now();
    let f = Feedback {
        id: new_id(),
        user_id: actor.id.clone(),
        version: 0,
        kind: form.kind,
        data: form.data.as_ref().map(data_value).transpose()?,
        meta: form.meta.map(Value::Object),
        snapshot: form.snapshot.as_ref().map(snapshot_value).transpose()?,
        created_at: t,
        updated_at: t,
    };
    cx.db.write(|tx| store::insert(tx, &f)).map_err(|e| {
        tracing::error!("creating a feedback: {e}");
        Error::invalid(msg::DEFAULT)
    })?;
    Ok(f)
}

/// A feedback the caller may reach: their own, or any for an admin.
fn reachable(cx: &Ctx, actor: &Actor, id: &str) -> Result<Feedback> {
    actor.require_verified()?;
    cx.db
        .read(|c| store::get(c, id))?
        .filter(|f| actor.is_admin() || f.user_id == actor.id)
        .ok_or_else(Error::not_found)
}

/// `GET /feedback/{id}`.
pub fn get(cx: &Ctx, actor: &Actor, id: &str) -> Result<Feedback> {
    reachable(cx, actor, id)
}

/// `POST /feedback/{id}`: replaces `data` (when given), `meta` (when not
/// empty) and `snapshot` (when given); `type` stays.
pub fn update(cx: &Ctx, actor: &Actor, id: &str, form: FeedbackForm) -> Result<Feedback> {
    actor.require_verified()?;
    cx.db.write(|tx| {
        let mut f = store::get(tx, id)?
            .filter(|f| actor.is_admin() || f.user_id == actor.id)
            .ok_or_else(Error::not_found)?;
        if let Some(d) = &form.data {
            f.data = Some(data_value(d)?);
        }
        if let Some(m) = form.meta.clone().filter(|m| !m.is_empty()) {
            f.meta = Some(Value::Object(m));
        }
        if let Some(s) = &form.snapshot {
            f.snapshot = Some(snapshot_value(s)?);
        }
        f.updated_at = now();
        store::update(tx, &f)?;
        Ok(f)
    })
}

/// `DELETE /feedback/{id}`.
pub fn delete(cx: &Ctx, actor: &Actor, id: &str) -> Result<bool> {
    actor.require_verified()?;
    cx.db.write(|tx| {
        let f = store::get(tx, id)?
            .filter(|f| actor.is_admin() || f.user_id == actor.id)
            .ok_or_else(Error::not_found)?;
        store::delete(tx, &f.id)
    })
}

/// `GET /feedbacks/user`: the caller's feedback, last changed first.
pub fn list_mine(cx: &Ctx, actor: &Actor, page: Option<i64>) -> Result<FeedbackPage> {
    actor.require_verified()?;
    let (items, total) = cx.db.read(|c| {
        store::page(
            c,
            None,
            Some(&actor.id),
            Order::Updated(false),
            skip_of(page),
            PAGE_SIZE,
        )
    })?;
    Ok(FeedbackPage { items, total })
}

/// `DELETE /feedbacks`: all of the caller's feedback; false when there
/// was none.
pub fn delete_mine(cx: &Ctx, actor: &Actor) -> Result<bool> {
    actor.require_verified()?;
    cx.db.write(|tx| store::delete_by_user(tx, &actor.id))
}

/// How `/feedbacks/list` sorts: newest first without any filter; with a
/// filter, by `order_by` when known, else in table order.
fn order_of(q: &ListQuery) -> Order {
    let given = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
    if !given(&q.order_by) && !given(&q.direction) && !given(&q.model_id) {
        return Order::Created;
    }
    let asc = q.direction.as_deref() == Some("asc");
    match q.order_by.as_deref() {
        Some("username") => Order::Username(asc),
        Some("model_id") => Order::ModelId(asc),
        Some("rating") => Order::Rating(asc),
        Some("updated_at") => Order::Updated(asc),
        _ => Order::Unordered,
    }
}

/// `GET /feedbacks/list` (admin): everyone's feedback with its author.
pub fn list(cx: &Ctx, actor: &Actor, q: &ListQuery) -> Result<FeedbackPage> {
    actor.require_admin()?;
    let model_id = q.model_id.as_deref().filter(|s| !s.is_empty());
    let (items, total) = cx
        .db
        .read(|c| store::page(c, model_id, None, order_of(q), skip_of(q.page), PAGE_SIZE))?;
    Ok(FeedbackPage { items, total })
}

/// `GET /feedbacks/all/ids` (admin).
pub fn all_ids(cx: &Ctx, actor: &Actor) -> Result<Vec<FeedbackId>> {
    actor.require_admin()?;
    cx.db.read(store::all_ids)
}

/// `DELETE /feedbacks/all` (admin); false when there was none.
pub fn delete_all(cx: &Ctx, actor: &Actor) -> Result<bool> {
    actor.require_admin()?;
    cx.db.write(|tx| store::delete_all(tx))
}

/// `GET /feedbacks/all/export` (admin): every feedback with its snapshot,
/// last changed first; only those rating `model_id` when given.
pub fn export(cx: &Ctx, actor: &Actor, model_id: Option<&str>) -> Result<Vec<Feedback>> {
    actor.require_admin()?;
    let all = cx.db.read(store::all)?;
    Ok(match model_id.filter(|m| !m.is_empty()) {
        Some(m) => all
            .into_iter()
            .filter(|f| {
                f.data
                    .as_ref()
                    .and_then(|d| d.get("model_id"))
                    .and_then(Value::as_str)
                    == Some(m)
            })
            .collect(),
        None => all,
    })
}

/// `GET /feedbacks/models` (admin): the rated model ids, sorted.
pub fn model_ids(cx: &Ctx, actor: &Actor) -> Result<Vec<String>> {
    actor.require_admin()?;
    let mut ids: Vec<String> = cx
        .db
        .read(store::model_ids)?
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    ids.sort();
    Ok(ids)
}

/// `GET /leaderboard` (admin). A `query` re-weights ratings by how close
/// their tags are to it in an embedding space; owui has no embedding
/// model for this, so (as upstream when its model cannot load) every
/// rating weighs the same and the query changes nothing.
pub fn leaderboard(cx: &Ctx, actor: &Actor, _query: Option<&str>) -> Result<Leaderboard> {
    actor.require_admin()?;
    let rows = cx.db.read(store::ratings)?;
    Ok(Leaderboard {
        entries: leaderboard::entries(&rows),
    })
}

/// `GET /leaderboard/{model_id}/history` (admin): daily wins and losses
/// over the last `days` days (`0`: since its first rating).
pub fn history(cx: &Ctx, actor: &Actor, model_id: &str, days: i64) -> Result<ModelHistory> {
    actor.require_admin()?;
    let since = (days != 0).then(|| now().saturating_sub(days.saturating_mul(86400)));
    let rows = cx.db.read(|c| store::dated(c, since))?;
    Ok(ModelHistory {
        model_id: model_id.to_string(),
        history: leaderboard::history(&rows, model_id, days, leaderboard::today())?,
    })
}

/// `GET /config` (admin): the arena settings.
pub fn config(cx: &Ctx, actor: &Actor) -> Result<Map<String, Value>> {
    actor.require_admin()?;
    let mut m = Map::new();
    m.insert(
        "ENABLE_EVALUATION_ARENA_MODELS".into(),
        cx.store.get(ARENA_ENABLE),
    );
    m.insert("EVALUATION_ARENA_MODELS".into(), cx.store.get(ARENA_MODELS));
    Ok(m)
}

/// `POST /config` (admin): write the fields given, return the settings.
pub fn update_config(cx: &Ctx, actor: &Actor, form: ConfigForm) -> Result<Map<String, Value>> {
    actor.require_admin()?;
    let mut entries = BTreeMap::new();
    if let Some(b) = form.ENABLE_EVALUATION_ARENA_MODELS {
        entries.insert(ARENA_ENABLE.to_string(), json!(b));
    }
    if let Some(models) = form.EVALUATION_ARENA_MODELS {
        entries.insert(ARENA_MODELS.to_string(), json!(models));
    }
    if !entries.is_empty() {
        configs::save(cx, &entries)?;
    }
    config(cx, actor)
}
