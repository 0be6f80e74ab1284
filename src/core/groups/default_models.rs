//! Default models from groups: which group's `data.config.default_models`
//! a user gets, and whether any group sets them at all.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Group, groups_of_user, store};
use crate::core::Ctx;
use crate::error::Result;

/// Whether any group sets default models, remembered until a group
/// changes (here or, through `Ctx::refresh_if_changed`, in another process).
#[derive(Default)]
pub struct DefaultModelsFlag {
    epoch: AtomicU64,
    known: Mutex<Option<bool>>,
}

impl DefaultModelsFlag {
    pub fn reset(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
        *self.known.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The remembered answer, if any.
    pub fn known(&self) -> Option<bool> {
        *self.known.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Whether any group sets `data.config.default_models`.
pub fn any_default_models(cx: &Ctx) -> Result<bool> {
    if let Some(b) = cx.group_defaults.known() {
        return Ok(b);
    }
    let epoch = cx.group_defaults.epoch.load(Ordering::Acquire);
    let any = cx.db.read(store::any_default_models)?;
    let mut known = cx
        .group_defaults
        .known
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if cx.group_defaults.epoch.load(Ordering::Acquire) == epoch {
        *known = Some(any);
    }
    Ok(any)
}

/// The default models a user gets from their groups: those of the deepest
/// group (then the oldest, then the lowest id) among their groups and
/// ancestors that sets `data.config.default_models`; `None` when none does.
pub fn default_models_of_user(cx: &Ctx, user_id: &str) -> Result<Option<Vec<String>>> {
    let groups = groups_of_user(cx, user_id, true)?;
    Ok(resolve_default_models(&groups))
}

fn group_default_models(g: &Group) -> Option<Vec<String>> {
    let list: Vec<String> = g
        .data
        .as_ref()?
        .get("config")?
        .get("default_models")?
        .as_array()?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    (!list.is_empty()).then_some(list)
}

fn resolve_default_models(groups: &[Group]) -> Option<Vec<String>> {
    let by_id: BTreeMap<&str, &Group> = groups.iter().map(|g| (g.id.as_str(), g)).collect();
    let depth = |g: &Group| {
        let mut d = 0usize;
        let mut seen = BTreeSet::new();
        let mut cur = g;
        while let Some(p) = cur.parent_group_id.as_deref().and_then(|p| by_id.get(p)) {
            if !seen.insert(p.id.as_str()) {
                break;
            }
            d += 1;
            cur = p;
        }
        d
    };
    groups
        .iter()
        .filter_map(|g| group_default_models(g).map(|m| (g, m)))
        .min_by(|(a, _), (b, _)| {
            (std::cmp::Reverse(depth(a)), a.created_at, &a.id).cmp(&(
                std::cmp::Reverse(depth(b)),
                b.created_at,
                &b.id,
            ))
        })
        .map(|(_, m)| m)
}
