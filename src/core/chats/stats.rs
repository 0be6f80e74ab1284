//! Chat statistics: `GET /api/v1/chats/stats/usage`, `/stats/export` and
//! `/stats/export/{chat_id}`.
//!
//! Computed from the assembled documents the way upstream's routers/chats.py
//! does, quirks included: where its Python would raise on a malformed
//! message, the same chat (usage, export list) or message (export) is left
//! out, and where its response model would reject a value the request fails.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::{ChatRow, admin_reads_all, doc, prohibited, row_of, store};
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::error::{Error, Result};
use crate::util::truthy;

/// Chats per page of `/stats/export`, and per batch of its stream.
pub const EXPORT_PAGE_SIZE: i64 = 10;

/// Upstream's `DEFAULT()` message.
const DEFAULT: &str = "Something went wrong :/";

/// Where upstream's Python raises (a `TypeError`, `AttributeError`, a
/// failed validation...).
struct Raise;
type Py<T> = std::result::Result<T, Raise>;

/// `x.get(..)` needs a dict.
fn obj(v: &Value) -> Py<&Map<String, Value>> {
    v.as_object().ok_or(Raise)
}

/// A value in Python arithmetic (a `bool` is an int there).
fn num(v: &Value) -> Py<f64> {
    match v {
        Value::Number(n) => n.as_f64().ok_or(Raise),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        _ => Err(Raise),
    }
}

/// Python's `len(x)`.
fn py_len(v: &Value) -> Py<usize> {
    match v {
        Value::String(s) => Ok(s.chars().count()),
        Value::Array(a) => Ok(a.len()),
        Value::Object(o) => Ok(o.len()),
        _ => Err(Raise),
    }
}

/// `messages_map.get(key)`: only a string can be a key; a list or a dict
/// is unhashable.
fn lookup<'a>(map: &'a Map<String, Value>, key: &Value) -> Py<Option<&'a Value>> {
    match key {
        Value::String(s) => Ok(map.get(s)),
        Value::Array(_) | Value::Object(_) => Err(Raise),
        _ => Ok(None),
    }
}

/// Pydantic's lax `int`: integers, integral floats, numeric strings, bools.
fn lax_int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e18)
                .map(|f| f as i64)
        }),
        Value::Bool(b) => Some(i64::from(*b)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An `int | None` field.
fn opt_int(v: Option<&Value>) -> Py<Value> {
    match v {
        None | Some(Value::Null) => Ok(Value::Null),
        Some(v) => lax_int(v).map(Value::from).ok_or(Raise),
    }
}

/// A `str | None` field.
fn opt_str(v: Option<&Value>) -> Py<Value> {
    match v {
        None | Some(Value::Null) => Ok(Value::Null),
        Some(v @ Value::String(_)) => Ok(v.clone()),
        Some(_) => Err(Raise),
    }
}

/// A `list[str]` value.
fn str_list(v: &Value) -> Py<Value> {
    match v {
        Value::Array(a) if a.iter().all(Value::is_string) => Ok(v.clone()),
        _ => Err(Raise),
    }
}

/// The chat's `tags` field: `meta.get('tags', [])` as `list[str]`.
fn chat_tags(r: &ChatRow) -> Py<Value> {
    r.meta.get("tags").map_or(Ok(json!([])), str_list)
}

/// Add one to `key` of a count dict (keys keep their first-seen order).
fn bump(counts: &mut Map<String, Value>, key: String) {
    let n = counts.get(&key).and_then(Value::as_i64).unwrap_or(0);
    counts.insert(key, json!(n + 1));
}

/// A truthy model id as a key of usage's count dict, as its JSON shows it.
fn model_key(v: &Value) -> Py<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(Raise),
    }
}

/// `sum(xs) / len(xs) if xs else 0`.
fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

/// Upstream's `get_message_list`: the messages from the root to
/// `current`, following `parentId` (a cycle ends the walk).
fn message_list<'a>(map: &'a Map<String, Value>, current: &Value) -> Py<Vec<&'a Value>> {
    if map.is_empty() {
        return Ok(Vec::new());
    }
    let mut list = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut next = lookup(map, current)?.map(|m| (current.as_str().unwrap_or_default(), m));
    while let Some((key, m)) = next {
        if !truthy(m) || !seen.insert(key.to_string()) {
            break;
        }
        list.push(m);
        let parent = obj(m)?.get("parentId").unwrap_or(&Value::Null);
        next = if truthy(parent) {
            lookup(map, parent)?.map(|p| (parent.as_str().unwrap_or_default(), p))
        } else {
            None
        };
    }
    list.reverse();
    Ok(list)
}

/// The numbers both shapes share.
struct Aggregate {
    models: Map<String, Value>,
    message_count: usize,
    history_models: Map<String, Value>,
    history_message_count: usize,
    history_user_message_count: usize,
    history_assistant_message_count: usize,
    average_response_time: f64,
    average_user_message_content_length: f64,
    average_assistant_message_content_length: f64,
}

// ---- usage ----

/// One chat of `/stats/usage`: its numbers and the raw timestamp of the
/// current leaf; `Err` skips the chat.
fn usage_of(messages: &Map<String, Value>, current: &Value) -> Py<(Aggregate, Option<Value>)> {
    let mut history_models = Map::new();
    let mut users = Vec::new();
    let mut assistants = Vec::new();
    for m in messages.values() {
        let o = obj(m)?;
        match o.get("role").and_then(Value::as_str) {
            Some("user") => users.push(o),
            Some("assistant") => {
                assistants.push(o);
                if let Some(model) = o.get("model").filter(|v| truthy(v)) {
                    bump(&mut history_models, model_key(model)?);
                }
            }
            _ => {}
        }
    }
    // `len(message.get('content', ''))`: a list of parts counts its parts
    let lengths = |ms: &[&Map<String, Value>]| -> Py<Vec<f64>> {
        ms.iter()
            .map(|o| o.get("content").map_or(Ok(0), py_len).map(|n| n as f64))
            .collect()
    };
    let user_lengths = lengths(&users)?;
    let assistant_lengths = lengths(&assistants)?;
    let ts = |o: &Map<String, Value>| o.get("timestamp").map_or(Ok(0.0), num);
    let mut times = Vec::new();
    for o in &assistants {
        if let Some(p) = o.get("parentId").filter(|v| truthy(v))
            && let Some(u) = lookup(messages, p)?
        {
            times.push(ts(o)? - ts(obj(u)?)?);
        }
    }
    let list = message_list(messages, current)?;
    let mut models = Map::new();
    for m in list.iter().rev() {
        let o = obj(m)?;
        if o.get("role").and_then(Value::as_str) == Some("assistant")
            && let Some(model) = o.get("model").filter(|v| truthy(v))
        {
            bump(&mut models, model_key(model)?);
        }
    }
    let last = list.last().ok_or(Raise)?;
    let last_at = obj(last)?.get("timestamp").cloned();
    Ok((
        Aggregate {
            models,
            message_count: list.len(),
            history_models,
            history_message_count: messages.len(),
            history_user_message_count: users.len(),
            history_assistant_message_count: assistants.len(),
            average_response_time: mean(&times),
            average_user_message_content_length: mean(&user_lengths),
            average_assistant_message_content_length: mean(&assistant_lengths),
        },
        last_at,
    ))
}

/// One item of `/stats/usage`: `None` for a chat without messages or a
/// current message, or one upstream's loop skips; `Err` (a 400 for the
/// whole request) where upstream's response model rejects the item.
fn usage_item(r: &ChatRow, d: &Value) -> Result<Option<Value>> {
    let bad = || Error::invalid(DEFAULT);
    let h = match d.get("history") {
        None => None,
        Some(Value::Object(h)) => Some(h),
        Some(_) => return Err(bad()),
    };
    let messages = h.and_then(|h| h.get("messages")).unwrap_or(&Value::Null);
    let current = h.and_then(|h| h.get("currentId")).unwrap_or(&Value::Null);
    if !truthy(messages) || !truthy(current) {
        return Ok(None);
    }
    let Some(messages) = messages.as_object() else {
        return Ok(None);
    };
    let Ok((a, last_at)) = usage_of(messages, current) else {
        return Ok(None);
    };
    let last_message_at = last_at.as_ref().and_then(lax_int).ok_or_else(bad)?;
    let tags = chat_tags(r).map_err(|_| bad())?;
    Ok(Some(json!({
        "id": r.id,
        "models": a.models,
        "message_count": a.message_count,
        "history_models": a.history_models,
        "history_message_count": a.history_message_count,
        "history_user_message_count": a.history_user_message_count,
        "history_assistant_message_count": a.history_assistant_message_count,
        "average_response_time": a.average_response_time,
        "average_user_message_content_length": a.average_user_message_content_length,
        "average_assistant_message_content_length": a.average_assistant_message_content_length,
        "tags": tags,
        "last_message_at": last_message_at,
        "updated_at": r.updated_at,
        "created_at": r.created_at,
    })))
}

/// Rows with their assembled documents (as stored: no leaf repair).
fn with_docs(c: &rusqlite::Connection, rows: Vec<ChatRow>) -> Result<Vec<(ChatRow, Value)>> {
    rows.into_iter()
        .map(|mut r| {
            let msgs = store::messages(c, &r.id)?;
            let d = doc::assemble(std::mem::take(&mut r.chat), msgs);
            Ok((r, d))
        })
        .collect()
}

/// `GET /api/v1/chats/stats/usage`: a page of the caller's chats (newest
/// first, archived too) with their message statistics, and how many chats
/// the caller has. Chats without messages are left out of `items` but
/// counted in `total`.
pub fn usage_stats(cx: &Ctx, actor: &Actor, items_per_page: i64, page: i64) -> Result<Value> {
    actor.require_verified()?;
    let offset = crate::core::page_offset(page, items_per_page);
    let (chats, total) = cx.db.read(|c| {
        let (rows, total) = store::stats_page(c, &actor.id, None, false, items_per_page, offset)?;
        Ok((with_docs(c, rows)?, total))
    })?;
    let mut items = Vec::new();
    for (r, d) in &chats {
        if let Some(item) = usage_item(r, d)? {
            items.push(item);
        }
    }
    Ok(json!({"items": items, "total": total}))
}

// ---- export ----

/// A message's `content_length`: a string's length, or the summed lengths
/// of the text parts of a list.
fn content_length(o: &Map<String, Value>) -> Py<usize> {
    match o.get("content") {
        Some(Value::String(s)) => Ok(s.chars().count()),
        Some(Value::Array(parts)) => {
            let mut n = 0;
            for p in parts {
                let p = obj(p)?;
                if p.get("type").and_then(Value::as_str) == Some("text") {
                    n += p.get("text").map_or(Ok(0), py_len)?;
                }
            }
            Ok(n)
        }
        _ => Ok(0),
    }
}

/// `MessageStats` of one message; `Err` leaves the message out.
fn message_stats(m: &Value) -> Py<Value> {
    let o = obj(m)?;
    let content_length = content_length(o)?;
    let annotation = match o.get("annotation") {
        None => None,
        Some(Value::Object(a)) => Some(a),
        Some(_) => return Err(Raise),
    };
    let req_str = |k: &str| match o.get(k) {
        Some(v @ Value::String(_)) => Ok(v.clone()),
        _ => Err(Raise),
    };
    let tags = match annotation.and_then(|a| a.get("tags")) {
        None | Some(Value::Null) => Value::Null,
        Some(t) => str_list(t)?,
    };
    Ok(json!({
        "id": req_str("id")?,
        "role": req_str("role")?,
        "model": opt_str(o.get("model"))?,
        "content_length": content_length,
        "token_count": null,
        "timestamp": opt_int(o.get("timestamp"))?,
        "rating": opt_int(annotation.and_then(|a| a.get("rating")))?,
        "tags": tags,
    }))
}

/// Upstream's `_process_chat_for_export`: `ChatStatsExport`, or `Err`
/// where upstream answers `None`.
fn export_of(r: &ChatRow, d: &Value) -> Py<Value> {
    let h = match d.get("history") {
        None => None,
        Some(Value::Object(h)) => Some(h),
        Some(_) => return Err(Raise),
    };
    let empty = Map::new();
    let messages = match h.and_then(|h| h.get("messages")) {
        None => &empty,
        Some(Value::Object(m)) => m,
        Some(_) => return Err(Raise),
    };
    let current = h.and_then(|h| h.get("currentId")).unwrap_or(&Value::Null);

    let mut history_models = Map::new();
    let mut users = Vec::new();
    let mut assistants = Vec::new();
    let mut export = Map::new();
    for (k, m) in messages {
        let Ok(stat) = message_stats(m) else {
            continue;
        };
        export.insert(k.clone(), stat);
        let o = obj(m)?;
        match o.get("role").and_then(Value::as_str) {
            Some("user") => users.push(o),
            Some("assistant") => {
                assistants.push(o);
                if let Some(Value::String(model)) = o.get("model")
                    && !model.is_empty()
                {
                    bump(&mut history_models, model.clone());
                }
            }
            _ => {}
        }
    }
    let lengths = |ms: &[&Map<String, Value>]| -> Py<Vec<f64>> {
        ms.iter()
            .map(|o| content_length(o).map(|n| n as f64))
            .collect()
    };
    let user_lengths = lengths(&users)?;
    let assistant_lengths = lengths(&assistants)?;
    let mut times = Vec::new();
    for o in &assistants {
        if let Some(p) = o.get("parentId").filter(|v| truthy(v))
            && let Some(u) = lookup(messages, p)?
        {
            let t1 = o.get("timestamp").unwrap_or(&Value::Null);
            let t0 = obj(u)?.get("timestamp").unwrap_or(&Value::Null);
            if truthy(t1) && truthy(t0) {
                times.push(num(t1)? - num(t0)?);
            }
        }
    }
    let list = message_list(messages, current)?;
    let mut models = Map::new();
    for m in list.iter().rev() {
        let o = obj(m)?;
        if o.get("role").and_then(Value::as_str) == Some("assistant")
            && let Some(model) = o.get("model").filter(|v| truthy(v))
        {
            // `dict[str, int]`: any other key fails validation
            let Value::String(model) = model else {
                return Err(Raise);
            };
            bump(&mut models, model.clone());
        }
    }
    let a = Aggregate {
        models,
        message_count: list.len(),
        history_models,
        history_message_count: messages.len(),
        history_user_message_count: users.len(),
        history_assistant_message_count: assistants.len(),
        average_response_time: mean(&times),
        average_user_message_content_length: mean(&user_lengths),
        average_assistant_message_content_length: mean(&assistant_lengths),
    };
    Ok(json!({
        "id": r.id,
        "user_id": r.user_id,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
        "tags": chat_tags(r)?,
        "stats": {
            "average_response_time": a.average_response_time,
            "average_user_message_content_length": a.average_user_message_content_length,
            "average_assistant_message_content_length": a.average_assistant_message_content_length,
            "models": a.models,
            "message_count": a.message_count,
            "history_models": a.history_models,
            "history_message_count": a.history_message_count,
            "history_user_message_count": a.history_user_message_count,
            "history_assistant_message_count": a.history_assistant_message_count,
        },
        "chat": {"history": {"messages": export, "currentId": opt_str(Some(current))?}},
    }))
}

/// Non-admins export only while community sharing is on.
fn may_export(cx: &Ctx, actor: &Actor) -> Result<()> {
    actor.require_verified()?;
    if !actor.is_admin() && !cx.store.bool("ui.enable_community_sharing") {
        return Err(Error::Disabled(crate::error::msg::ACCESS_PROHIBITED.into()));
    }
    Ok(())
}

/// One batch of the caller's chats for export, oldest update first, as
/// `ChatStatsExport`s (chats upstream cannot process are left out), and the
/// number of chats matching.
fn export_batch(
    cx: &Ctx,
    actor: &Actor,
    after: Option<i64>,
    offset: i64,
) -> Result<(Vec<Value>, usize, i64)> {
    let (chats, total) = cx.db.read(|c| {
        let (rows, total) = store::stats_page(c, &actor.id, after, true, EXPORT_PAGE_SIZE, offset)?;
        Ok((with_docs(c, rows)?, total))
    })?;
    let fetched = chats.len();
    let items = chats
        .iter()
        .filter_map(|(r, d)| export_of(r, d).ok())
        .collect();
    Ok((items, fetched, total))
}

/// `GET /api/v1/chats/stats/export`: a page of 10 of the caller's chats
/// (only those with `updated_at` after `updated_at` when it is given and
/// not 0), oldest update first.
pub fn export_stats(cx: &Ctx, actor: &Actor, updated_at: Option<i64>, page: i64) -> Result<Value> {
    may_export(cx, actor)?;
    let offset = crate::core::page_offset(page, EXPORT_PAGE_SIZE);
    let after = updated_at.filter(|t| *t != 0);
    let (items, _, total) = export_batch(cx, actor, after, offset)?;
    Ok(json!({"type": "chats", "items": items, "total": total, "page": page}))
}

/// `GET /api/v1/chats/stats/export?stream=true`: every such chat, one
/// `ChatStatsExport` per entry (read in batches of 10).
pub fn export_stats_all(cx: &Ctx, actor: &Actor, updated_at: Option<i64>) -> Result<Vec<Value>> {
    may_export(cx, actor)?;
    let after = updated_at.filter(|t| *t != 0);
    let mut out = Vec::new();
    let mut offset = 0;
    loop {
        let (items, fetched, _) = export_batch(cx, actor, after, offset)?;
        if fetched == 0 {
            return Ok(out);
        }
        out.extend(items);
        offset += EXPORT_PAGE_SIZE;
    }
}

/// `GET /api/v1/chats/stats/export/{chat_id}`: one chat's
/// `ChatStatsExport` (the owner's, or any for an admin with admin chat
/// access).
pub fn export_chat_stats(cx: &Ctx, actor: &Actor, chat_id: &str) -> Result<Value> {
    may_export(cx, actor)?;
    let r = row_of(cx, chat_id)?.ok_or_else(Error::not_found)?;
    if r.user_id != actor.id && !admin_reads_all(cx, actor) {
        return Err(prohibited());
    }
    let msgs = cx.db.read(|c| store::messages(c, &r.id))?;
    let mut r = r;
    // upstream's get_chat_by_id repairs the current leaf (its list query does not)
    let mut d = std::mem::take(&mut r.chat);
    doc::repair_current(&mut d, &msgs);
    let d = doc::assemble(d, msgs);
    export_of(&r, &d).map_err(|_| Error::invalid("Failed to process chat stats"))
}
