//! Single messages of a chat: upsert one (`POST /{id}/messages/{mid}`) and
//! delete one with its direct children (`DELETE /{id}/messages/{mid}`).

use serde_json::{Value, json};

use super::*;

/// What `POST /{id}/messages/{message_id}` may change.
#[derive(Clone, Debug, Default, serde::Deserialize, schemars::JsonSchema)]
pub struct MessagePatch {
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub voice: Option<Value>,
    #[serde(default, alias = "parent_id", rename = "parentId")]
    pub parent_id: Option<String>,
}

fn writable_row(cx: &Ctx, actor: &Actor, id: &str) -> Result<ChatRow> {
    actor.require_verified()?;
    row_of(cx, id)?
        .filter(|r| r.user_id == actor.id || admin_reads_all(cx, actor))
        .ok_or_else(prohibited)
}

/// Change (or create) one message; a new one becomes the current message.
pub fn upsert_message(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    mid: &str,
    patch: MessagePatch,
) -> Result<Chat> {
    let mut r = writable_row(cx, actor, id)?;
    if patch.content.is_none() && patch.voice.is_none() {
        return Err(Error::invalid("No message changes supplied"));
    }
    if let Some(v) = &patch.voice
        && v.to_string().len() > 100_000
    {
        return Err(Error::invalid("Voice metadata is too large"));
    }
    let msgs = cx.db.read(|c| store::messages(c, id))?;
    let existing = msgs.iter().find(|(k, _)| k == mid).map(|(_, m)| m.clone());
    if existing.is_none() && patch.voice.is_some() {
        return Err(Error::not_found());
    }
    let t = now();
    let event = match &patch.voice {
        Some(v) => json!({"type": "chat:message:voice",
            "data": {"chat_id": id, "message_id": mid, "voice": v}}),
        None => json!({"type": "chat:message",
            "data": {"chat_id": id, "message_id": mid, "content": patch.content}}),
    };
    let (message, created) = match existing {
        Some(mut m) => {
            if let Some(c) = &patch.content {
                m["content"] = json!(c);
            }
            if let Some(v) = patch.voice {
                if !m.get("meta").is_some_and(Value::is_object) {
                    m["meta"] = json!({});
                }
                m["meta"]["voice"] = v;
            }
            (m, false)
        }
        None => {
            let parent = patch
                .parent_id
                .clone()
                .filter(|p| msgs.iter().any(|(k, _)| k == p));
            let parent_role = parent
                .as_ref()
                .and_then(|p| msgs.iter().find(|(k, _)| k == p))
                .and_then(|(_, m)| m.get("role").and_then(Value::as_str).map(str::to_string));
            let role = match parent_role.as_deref() {
                Some("assistant") => "user",
                _ => "assistant",
            };
            let m = json!({
                "id": mid, "parentId": parent, "childrenIds": [], "role": role,
                "content": patch.content.clone().unwrap_or_default(),
                "timestamp": t, "user_id": actor.id,
            });
            (m, true)
        }
    };
    cx.db.write(|tx| {
        store::upsert_message(tx, id, mid, &message, t)?;
        if created {
            if !r.chat.get("history").is_some_and(Value::is_object) {
                r.chat["history"] = json!({"messages": {}});
            }
            r.chat["history"]["currentId"] = json!(mid);
            r.current_message_id = Some(mid.to_string());
        }
        r.updated_at = t;
        store::update(tx, &r)
    })?;
    cx.bus.emit(crate::core::events::Emit::to_user(
        &r.user_id,
        "events",
        json!({"chat_id": id, "message_id": mid, "data": event}),
    ));
    to_chat(cx, r, true)
}

/// Delete a message and its direct children; grandchildren move up to the
/// deleted message's parent, and the current message follows the last
/// branch from there down to a leaf.
pub fn delete_message(cx: &Ctx, actor: &Actor, id: &str, mid: &str) -> Result<Chat> {
    let mut r = writable_row(cx, actor, id)?;
    let msgs = cx.db.read(|c| store::messages(c, id))?;
    let Some((_, target)) = msgs.iter().find(|(k, _)| k == mid) else {
        return Err(Error::not_found());
    };
    let parent = target
        .get("parentId")
        .and_then(Value::as_str)
        .map(str::to_string);
    let parent_of = |m: &Value| {
        m.get("parentId")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let children: Vec<String> = msgs
        .iter()
        .filter(|(_, m)| parent_of(m).as_deref() == Some(mid))
        .map(|(k, _)| k.clone())
        .collect();
    let mut gone = children.clone();
    gone.push(mid.to_string());
    let moved: Vec<(String, Value)> = msgs
        .iter()
        .filter(|(_, m)| parent_of(m).is_some_and(|p| children.contains(&p)))
        .map(|(k, m)| {
            let mut m = m.clone();
            m["parentId"] = json!(parent);
            (k.clone(), m)
        })
        .collect();
    // the new current message: from the parent (or the last root) down the last children
    let remaining: Vec<(String, Value)> = msgs
        .iter()
        .filter(|(k, _)| !gone.contains(k))
        .map(|(k, m)| match moved.iter().find(|(mk, _)| mk == k) {
            Some((_, nm)) => (k.clone(), nm.clone()),
            None => (k.clone(), m.clone()),
        })
        .collect();
    let mut cur = parent.clone().or_else(|| {
        remaining
            .iter()
            .rfind(|(_, m)| parent_of(m).is_none())
            .map(|(k, _)| k.clone())
    });
    let mut guard = 0;
    while let Some(c) = &cur {
        let next = remaining
            .iter()
            .rfind(|(_, m)| parent_of(m).as_deref() == Some(c.as_str()))
            .map(|(k, _)| k.clone());
        guard += 1;
        match next {
            Some(n) if guard <= remaining.len() => cur = Some(n),
            _ => break,
        }
    }
    let t = now();
    cx.db.write(|tx| {
        for g in &gone {
            store::delete_message(tx, id, g)?;
        }
        for (k, m) in &moved {
            store::upsert_message(tx, id, k, m, t)?;
        }
        if let Some(Value::Object(h)) = r.chat.get_mut("history") {
            h.insert("currentId".into(), json!(cur));
        }
        r.current_message_id = cur.clone();
        r.updated_at = t;
        store::update(tx, &r)
    })?;
    to_chat(cx, r, true)
}

/// `POST /{id}/fork`: a new chat holding the branch from the root to one
/// message (the current one by default). `id` is a chat the caller can
/// read, or a share token.
pub fn fork(cx: &Ctx, actor: &Actor, id: &str, message_id: Option<String>) -> Result<Chat> {
    actor.require_verified()?;
    if !actor.is_admin() && !permissions::has(cx, &actor.id, "chat.import")? {
        return Err(not_permitted());
    }
    let source = match row_of(cx, id)? {
        Some(r) if shares::reaches(cx, actor, &r, false)? => get(cx, actor, id)?,
        _ => open_share(cx, Some(actor), id)?,
    };
    let owner = source.user_id == actor.id;
    let source_doc = source.chat.to_value();
    let all = &source_doc["history"]["messages"];
    let start = message_id
        .or_else(|| source.current_message_id.clone())
        .or_else(|| source.chat.current_id().map(str::to_string))
        .ok_or_else(|| Error::invalid("chat has no messages to fork"))?;
    let mut branch = Vec::new();
    let mut cur = Some(start.clone());
    let mut seen = std::collections::HashSet::new();
    while let Some(mid) = cur {
        if !seen.insert(mid.clone()) {
            return Err(Error::invalid("message branch contains a cycle"));
        }
        let m = all
            .get(&mid)
            .filter(|m| m.is_object())
            .ok_or_else(|| Error::NotFound("message not found".into()))?;
        cur = m
            .get("parentId")
            .and_then(Value::as_str)
            .map(str::to_string);
        branch.push(m.clone());
    }
    branch.reverse();
    let mut map = serde_json::Map::new();
    let ids: Vec<String> = branch
        .iter()
        .map(|m| m["id"].as_str().unwrap_or_default().to_string())
        .collect();
    for (i, mut m) in branch.into_iter().enumerate() {
        m["parentId"] = if i == 0 {
            Value::Null
        } else {
            json!(ids[i - 1])
        };
        m["childrenIds"] = match ids.get(i + 1) {
            Some(next) => json!([next]),
            None => json!([]),
        };
        if m.get("role").and_then(Value::as_str) == Some("assistant")
            && m.get("done") == Some(&json!(false))
        {
            m["done"] = json!(true);
        }
        map.insert(ids[i].clone(), m);
    }
    let title = format!("{} (fork)", source.title);
    let mut d = source_doc;
    if let Value::Object(o) = &mut d {
        o.shift_remove("share_mode");
    }
    d["title"] = json!(title);
    d["originalChatId"] = json!(source.id);
    d["branchPointMessageId"] = json!(start);
    d["history"] = json!({"messages": map, "currentId": start});
    d["messages"] = json!([]);
    let mut meta = if owner {
        source.meta.clone()
    } else {
        json!({})
    };
    meta["forked_from"] = json!(source.id);
    meta["forked_from_message_id"] = json!(start);
    let folder_id = source
        .folder_id
        .clone()
        .filter(|f| owner && crate::core::folders::can_write(cx, actor, f).unwrap_or(false));
    let msgs = doc::split(&mut d);
    let t = now();
    let row = ChatRow {
        id: new_id(),
        user_id: actor.id.clone(),
        title,
        current_message_id: Some(start),
        chat: d,
        created_at: t,
        updated_at: t,
        share_id: None,
        archived: false,
        pinned: owner && source.pinned,
        meta,
        variables: if owner {
            Some(source.variables.clone())
        } else {
            None
        },
        folder_id,
        tasks: None,
        summary: None,
        last_read_at: Some(t),
    };
    cx.db.write(|tx| {
        store::insert(tx, &row)?;
        for (mid, m) in &msgs {
            store::upsert_message(tx, &row.id, mid, m, t)?;
        }
        Ok(())
    })?;
    to_chat(cx, row, true)
}
