//! The workspace side of the runtime model list (`GET /api/models`, rules
//! 3–7 of app.md "Model list") and of the chat access check.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::{RT, arena_meta, bypass_admin, bypass_model, granted, store, validate};
use crate::core::Ctx;
use crate::core::access;
use crate::core::actor::{Actor, Role};
use crate::error::Result;
use crate::util::truthy;

fn str_of<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

/// A row as `info`: the row's JSON with the public params only and the
/// chat-variables schema.
fn info_of(m: &super::Model) -> Result<Value> {
    let mut info = validate::with_chat_variables(serde_json::to_value(m)?);
    info["params"] = validate::public_params(&m.params);
    Ok(info)
}

/// Merge the workspace rows into the provider model list and filter it for
/// the caller (app.md "Model list" rules 3–7).
///
/// `base` is the provider list (function pipes, OpenAI and Ollama models,
/// then arena models when enabled), as `ModelListItem` objects. An empty
/// `base` gives `[]` (rule 1). Then: overrides (rows without
/// `base_model_id`) rename a provider model and set its `info` (Ollama ids
/// also match on the part before `:`), inactive ones remove it; active
/// presets are added; config `models.default_metadata` fills missing
/// `info.meta` keys (and `models.default_params.compact_token_threshold`
/// the params); filter pipelines are dropped and duplicate ids collapse to
/// the last; the access filter applies (see `BYPASS_MODEL_ACCESS_CONTROL`,
/// `BYPASS_ADMIN_ACCESS_CONTROL`); `meta.profile_image_url` is removed and
/// tags merged; config `ui.model_order_list` orders the result.
pub fn merge_list(cx: &Ctx, actor: &Actor, base: Vec<Value>) -> Result<Vec<Value>> {
    actor.require_verified()?;
    if base.is_empty() {
        return Ok(vec![]);
    }
    let rows = workspace_rows(cx)?;
    let models = apply_rows(base, &rows)?;
    let models = fill_defaults(cx, models);
    let models = without_filters_and_duplicates(models);
    let mut models = filter_for(cx, actor, models)?;
    tidy_meta_and_tags(&mut models);
    order(cx, &mut models);
    Ok(models)
}

/// Every workspace model row, with its access grants.
fn workspace_rows(cx: &Ctx) -> Result<Vec<super::Model>> {
    cx.db
        .read(store::all)?
        .into_iter()
        .map(|m| super::with_grants(cx, m))
        .collect()
}

/// The provider list's positions by id (Ollama models also by the part
/// before `:`, full ids winning).
struct BaseIndex {
    at: HashMap<String, usize>,
    ids: HashSet<String>,
}

impl BaseIndex {
    fn of(models: &[Value]) -> BaseIndex {
        let mut at: HashMap<String, usize> = HashMap::new();
        for (i, m) in models.iter().enumerate() {
            if str_of(m, "owned_by") == Some("ollama") {
                let id = str_of(m, "id").unwrap_or_default();
                let short = id.split(':').next().unwrap_or_default().to_string();
                at.entry(short).or_insert(i);
            }
        }
        for (i, m) in models.iter().enumerate() {
            at.insert(str_of(m, "id").unwrap_or_default().to_string(), i);
        }
        let ids = models
            .iter()
            .filter_map(|m| str_of(m, "id").map(str::to_string))
            .collect();
        BaseIndex { at, ids }
    }
}

/// Rule 3: overrides rename a provider model and set its `info` (inactive
/// ones remove it); active presets are added after the provider models.
fn apply_rows(base: Vec<Value>, rows: &[super::Model]) -> Result<Vec<Value>> {
    let mut models = base;
    let n_base = models.len();
    let index = BaseIndex::of(&models);
    let mut removed = vec![false; n_base];
    for row in rows {
        match &row.base_model_id {
            None => {
                let Some(&i) = index.at.get(&row.id) else {
                    continue;
                };
                if row.is_active {
                    apply_override(&mut models[i], row)?;
                } else {
                    removed[i] = true;
                }
            }
            Some(base_id) if row.is_active && !index.ids.contains(&row.id) => {
                let b = index
                    .at
                    .get(base_id)
                    .or_else(|| index.at.get(base_id.split(':').next().unwrap_or_default()))
                    .map(|&i| &models[i]);
                let item = preset_item(row, b)?;
                models.push(item);
            }
            _ => {}
        }
    }
    Ok(models
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i >= n_base || !removed[*i])
        .map(|(_, m)| m)
        .collect())
}

/// An override's name and `info` on its provider model (an arena model
/// keeps its own grants, sub-models and filter mode).
fn apply_override(m: &mut Value, row: &super::Model) -> Result<()> {
    let arena = if m.get("arena").and_then(Value::as_bool) == Some(true) {
        m.pointer("/info/meta").cloned()
    } else {
        None
    };
    m["name"] = json!(row.name);
    let mut info = info_of(row)?;
    if let Some(am) = arena
        && let Value::Object(meta) = &mut info["meta"]
    {
        for k in ["access_grants", "model_ids", "filter_mode"] {
            if let Some(v) = am.get(k) {
                meta.insert(k.into(), v.clone());
            }
        }
    }
    m["info"] = info;
    Ok(())
}

/// A preset's list entry, owned and typed like its base model (`b`, when
/// the provider lists it).
fn preset_item(row: &super::Model, b: Option<&Value>) -> Result<Value> {
    let mut item = Map::new();
    item.insert("id".into(), json!(row.id));
    item.insert("name".into(), json!(row.name));
    item.insert("object".into(), json!("model"));
    item.insert("created".into(), json!(row.created_at));
    let owned_by = match b {
        Some(b) => b.get("owned_by").cloned().unwrap_or(json!("unknown")),
        None => json!("openai"),
    };
    item.insert("owned_by".into(), owned_by);
    item.insert(
        "connection_type".into(),
        b.and_then(|b| b.get("connection_type").cloned())
            .unwrap_or(Value::Null),
    );
    item.insert("preset".into(), json!(true));
    if let Some(b) = b {
        if let Some(p) = b.get("pipe") {
            item.insert("pipe".into(), p.clone());
        }
        if let Some(p) = b.get("provider").filter(|p| truthy(p)) {
            item.insert("provider".into(), p.clone());
        }
        if let Some(l) = b.get("loaded").filter(|l| !l.is_null()) {
            item.insert("loaded".into(), l.clone());
        }
    }
    item.insert("info".into(), info_of(row)?);
    Ok(Value::Object(item))
}

/// Rule 4: config `models.default_metadata` fills missing `info.meta`
/// keys (capabilities merged, the model's own winning), and
/// `models.default_params.compact_token_threshold` goes under each
/// model's own params.
fn fill_defaults(cx: &Ctx, mut models: Vec<Value>) -> Vec<Value> {
    if let Value::Object(d) = cx.store.get("models.default_metadata")
        && !d.is_empty()
    {
        for m in &mut models {
            default_meta(m, &d);
        }
    }
    if let Some(t) = cx
        .store
        .get("models.default_params")
        .get("compact_token_threshold")
    {
        for m in &mut models {
            default_threshold(m, t);
        }
    }
    models
}

fn default_meta(m: &mut Value, defaults: &Map<String, Value>) {
    if m.get("info").is_none_or(Value::is_null) {
        m["info"] = json!({ "meta": defaults });
        return;
    }
    let info = &mut m["info"];
    if !info.get("meta").is_some_and(Value::is_object) {
        info["meta"] = json!({});
    }
    let meta = &mut info["meta"];
    for (k, v) in defaults {
        if k == "capabilities" {
            let mut caps = v.as_object().cloned().unwrap_or_default();
            if let Some(Value::Object(own)) = meta.get("capabilities") {
                for (ck, cv) in own {
                    caps.insert(ck.clone(), cv.clone());
                }
            }
            meta["capabilities"] = Value::Object(caps);
        } else if meta.get(k).is_none_or(Value::is_null) {
            meta[k] = v.clone();
        }
    }
}

fn default_threshold(m: &mut Value, t: &Value) {
    let mut info = m
        .get("info")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut params = Map::new();
    params.insert("compact_token_threshold".into(), t.clone());
    if let Some(Value::Object(p)) = info.get("params") {
        for (k, v) in p {
            params.insert(k.clone(), v.clone());
        }
    }
    info.insert("params".into(), Value::Object(params));
    m["info"] = Value::Object(info);
}

/// Rule 5: no filter pipelines; duplicate ids collapse to the last, in
/// the place of the first.
fn without_filters_and_duplicates(models: Vec<Value>) -> Vec<Value> {
    let mut slots: Vec<Value> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for m in models {
        if m.pointer("/pipeline/type").and_then(Value::as_str) == Some("filter") {
            continue;
        }
        let id = str_of(&m, "id").unwrap_or_default().to_string();
        match at.get(&id) {
            Some(&i) => slots[i] = m,
            None => {
                at.insert(id, slots.len());
                slots.push(m);
            }
        }
    }
    slots
}

/// `meta.profile_image_url` removed (the list links to images instead),
/// and the tags of `meta` and of the provider merged by name.
fn tidy_meta_and_tags(models: &mut [Value]) {
    for m in models {
        if let Some(Value::Object(meta)) = m.get_mut("info").and_then(|i| i.get_mut("meta")) {
            meta.shift_remove("profile_image_url");
            if let Some(t) = meta.get("tags") {
                let t = validate::normalize_tags(t);
                meta.insert("tags".into(), t);
            }
        }
        let mut tags: Vec<Value> = Vec::new();
        let own = m
            .pointer("/info/meta/tags")
            .map(validate::normalize_tags)
            .unwrap_or(json!([]));
        let given = m
            .get("tags")
            .map(validate::normalize_tags)
            .unwrap_or(json!([]));
        for t in own.as_array().into_iter().chain(given.as_array()).flatten() {
            match tags.iter().position(|x| x["name"] == t["name"]) {
                Some(i) => tags[i] = t.clone(),
                None => tags.push(t.clone()),
            }
        }
        if let Value::Object(o) = m {
            o.insert("tags".into(), Value::Array(tags));
        }
    }
}

/// Rule 7: config `ui.model_order_list` first, in its order, then the
/// rest by name.
fn order(cx: &Ctx, models: &mut [Value]) {
    let order = cx.store.get("ui.model_order_list");
    let Some(order) = order.as_array().filter(|a| !a.is_empty()) else {
        return;
    };
    let pos: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.as_str().map(|s| (s, i)))
        .collect();
    let key = |m: &Value| {
        (
            pos.get(str_of(m, "id").unwrap_or_default())
                .copied()
                .unwrap_or(usize::MAX),
            str_of(m, "name").unwrap_or_default().to_string(),
        )
    };
    models.sort_by_cached_key(key);
}

/// Rule 6: keep what the caller may use.
fn filter_for(cx: &Ctx, actor: &Actor, models: Vec<Value>) -> Result<Vec<Value>> {
    let checked = (actor.role == Role::User || (actor.is_admin() && !bypass_admin(cx, actor)))
        && !bypass_model(cx);
    if !checked {
        return Ok(models);
    }
    let readable: HashSet<String> = access::matching_grants(cx, &actor.id, RT)?
        .into_iter()
        .filter(|(_, p)| p == "read")
        .map(|(r, _)| r)
        .collect();
    let mut out = Vec::new();
    for m in models {
        if m.get("arena").and_then(Value::as_bool) == Some(true) {
            let grants = m
                .pointer("/info/meta/access_grants")
                .cloned()
                .unwrap_or(json!([]));
            let empty = grants.as_array().is_none_or(Vec::is_empty);
            if (empty && actor.is_admin()) || super::json_grants_allow(cx, actor, &grants)? {
                out.push(m);
            }
            continue;
        }
        match m.get("info").filter(|i| truthy(i)) {
            Some(info) => {
                let id = str_of(&m, "id").unwrap_or_default();
                if str_of(info, "user_id") == Some(actor.id.as_str()) || readable.contains(id) {
                    out.push(m);
                }
            }
            None if actor.is_admin() => out.push(m),
            None => {}
        }
    }
    Ok(out)
}

/// The chat access check (app.md "Steps" 2): the model needs a row the
/// caller owns or holds a `read` grant on, and so does every hop of its
/// `base_model_id` chain (a base without a row: admins only). Arena models
/// of config `evaluation.arena.models` use their `meta.access_grants`.
/// Skipped with `BYPASS_MODEL_ACCESS_CONTROL`, and for admins with
/// `BYPASS_ADMIN_ACCESS_CONTROL`.
pub fn can_use(cx: &Ctx, actor: &Actor, model_id: &str) -> Result<bool> {
    if bypass_model(cx) || bypass_admin(cx, actor) {
        return Ok(true);
    }
    let Some(row) = cx.db.read(|c| store::get(c, model_id))? else {
        return Ok(arena_meta(cx, actor, model_id, false)?.is_some());
    };
    let readable = |m: &super::Model| -> Result<bool> {
        Ok(m.user_id == actor.id || granted(cx, actor, &m.id, "read")?)
    };
    if !readable(&row)? {
        return Ok(false);
    }
    let mut seen = HashSet::from([row.id.clone()]);
    let mut next = row.base_model_id.clone();
    while let Some(b) = next {
        if !seen.insert(b.clone()) {
            break;
        }
        let Some(base) = cx.db.read(|c| store::get(c, &b))? else {
            return Ok(actor.is_admin());
        };
        if !readable(&base)? {
            return Ok(false);
        }
        next = base.base_model_id.clone();
    }
    Ok(true)
}

/// The default models of a new chat for a signed-in user, comma-separated:
/// their groups' default models (see
/// [`crate::core::groups::default_models_of_user`]) that they can see and
/// that are not hidden, or `None` to use config `ui.default_models`.
pub async fn group_default_models(cx: &Ctx, actor: &Actor) -> Result<Option<String>> {
    if !actor.is_verified() {
        return Ok(None);
    }
    let any = match cx.group_defaults.known() {
        Some(b) => b,
        None => cx.blocking(crate::core::groups::any_default_models).await?,
    };
    if !any {
        return Ok(None);
    }
    let id = actor.id.clone();
    let Some(wanted) = cx
        .blocking(move |cx| crate::core::groups::default_models_of_user(cx, &id))
        .await?
    else {
        return Ok(None);
    };
    let base = crate::core::providers::base_models(cx, false).await;
    let a = actor.clone();
    let list = cx
        .blocking(move |cx| merge_list(cx, &a, base.as_ref().clone()))
        .await?;
    let available: HashSet<&str> = list
        .iter()
        .filter(|m| m.pointer("/info/meta/hidden").and_then(Value::as_bool) != Some(true))
        .filter_map(|m| str_of(m, "id"))
        .collect();
    let kept: Vec<&str> = wanted
        .iter()
        .map(String::as_str)
        .filter(|m| available.contains(m))
        .collect();
    Ok((!kept.is_empty()).then(|| kept.join(",")))
}
