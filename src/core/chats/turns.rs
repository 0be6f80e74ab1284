//! What the chat pipeline does to a chat: open a new one for a first
//! message, add a turn (the user message and one empty reply per model),
//! read the branch a reply answers, and keep the reply as it is written.

use serde_json::{Map, Value, json};

use super::*;

/// One reply to write: the model and the id of its assistant message.
#[derive(Clone, Debug)]
pub struct Reply {
    pub model_id: String,
    pub message_id: String,
    pub model_idx: Option<Value>,
}

fn conflict(m: &str) -> Error {
    Error::Conflict(m.into())
}

fn placeholder(r: &Reply, parent: Option<&str>, t: i64) -> Value {
    let mut m = json!({
        "id": r.message_id, "parentId": parent, "childrenIds": [], "role": "assistant",
        "content": "", "done": false, "model": r.model_id, "timestamp": t,
    });
    if let Some(i) = &r.model_idx {
        m["modelIdx"] = i.clone();
    }
    m
}

/// A chat for a first message: titled "New Chat", holding the user
/// message and an empty reply per model, the first reply current.
/// Returns the chat id.
pub fn open_chat_for_turn(
    cx: &Ctx,
    actor: &Actor,
    user_message: &Value,
    replies: &[Reply],
    folder_id: Option<String>,
) -> Result<String> {
    actor.require_verified()?;
    if let Some(f) = &folder_id
        && !crate::core::folders::can_write(cx, actor, f)?
    {
        return Err(Error::not_found());
    }
    let t = now();
    let uid = user_message
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(new_id);
    let mut user = user_message.clone();
    if !user.is_object() {
        user = json!({});
    }
    user["id"] = json!(uid);
    user["parentId"] = Value::Null;
    user["role"] = json!("user");
    user["user_id"] = json!(actor.id);
    user["user"] = json!({"id": actor.id, "name": actor.name});
    if user.get("timestamp").is_none() {
        user["timestamp"] = json!(t);
    }
    doc::strip_nul(&mut user);
    let models: Vec<&str> = replies.iter().map(|r| r.model_id.as_str()).collect();
    let current = replies.first().map(|r| r.message_id.clone());
    let row = ChatRow {
        id: new_id(),
        user_id: actor.id.clone(),
        title: "New Chat".into(),
        chat: json!({
            "id": "", "title": "New Chat", "models": models, "params": {},
            "history": {"messages": {}, "currentId": current},
            "messages": [], "tags": [], "timestamp": t * 1000,
        }),
        created_at: t,
        updated_at: t,
        share_id: None,
        archived: false,
        pinned: false,
        meta: json!({}),
        variables: None,
        folder_id,
        tasks: None,
        summary: None,
        current_message_id: current,
        last_read_at: Some(t),
    };
    cx.db.write(|tx| {
        store::insert(tx, &row)?;
        store::upsert_message(tx, &row.id, &uid, &user, t)?;
        for r in replies {
            let mut m = placeholder(r, Some(&uid), t);
            m["user_id"] = json!(actor.id);
            store::upsert_message(tx, &row.id, &r.message_id, &m, t)?;
        }
        Ok(())
    })?;
    Ok(row.id)
}

/// The chat row when the actor may write to it (owner, or a "continue"
/// share / shared folder with write access).
pub fn writable_chat(cx: &Ctx, actor: &Actor, id: &str) -> Result<Option<ChatRow>> {
    actor.require_verified()?;
    let Some(r) = row_of(cx, id)? else {
        return Ok(None);
    };
    if r.user_id == actor.id || shares::reaches(cx, actor, &r, true)? {
        Ok(Some(r))
    } else {
        Ok(None)
    }
}

/// Add a turn to a chat the actor may write to: the user message (unless
/// it is already there) and an empty reply per model, the last reply
/// becoming current. Returns the messages written, keyed by id.
pub fn insert_turn(
    cx: &Ctx,
    actor: &Actor,
    chat_id: &str,
    user_message: Option<&Value>,
    replies: &[Reply],
) -> Result<Map<String, Value>> {
    if writable_chat(cx, actor, chat_id)?.is_none() {
        return Err(Error::forbidden("Chat continuation is not allowed."));
    }
    let t = now();
    cx.db.write(|tx| {
        let mut r = store::get(tx, chat_id)?.ok_or_else(Error::not_found)?;
        let uid = user_message
            .and_then(|u| u.get("id"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut ids: Vec<&str> = replies.iter().map(|r| r.message_id.as_str()).collect();
        if let Some(u) = &uid {
            ids.insert(0, u);
        }
        let unique: std::collections::HashSet<&&str> = ids.iter().collect();
        if ids.iter().any(|i| i.is_empty())
            || unique.len() != ids.len()
            || (user_message.is_some() && uid.is_none())
        {
            return Err(conflict("Message already exists or has an invalid ID."));
        }
        for rp in replies {
            if let Some(m) = store::message(tx, chat_id, &rp.message_id)? {
                let author = m
                    .get("user_id")
                    .and_then(Value::as_str)
                    .unwrap_or(&r.user_id);
                let has = |k: &str| {
                    m.get(k).is_some_and(|v| match v {
                        Value::Null | Value::Bool(false) => false,
                        Value::String(s) => !s.is_empty(),
                        Value::Array(a) => !a.is_empty(),
                        _ => true,
                    })
                };
                if m.get("role").and_then(Value::as_str) != Some("assistant")
                    || has("done")
                    || has("content")
                    || has("output")
                    || author != actor.id
                    || (uid.is_some()
                        && m.get("parentId").and_then(Value::as_str) != uid.as_deref())
                {
                    return Err(conflict("Message already exists or has an invalid ID."));
                }
            }
        }
        let mut turn = Map::new();
        if let (Some(u), Some(uid)) = (user_message, &uid) {
            let existing = store::message(tx, chat_id, uid)?;
            if let Some(e) = &existing
                && e.get("role").and_then(Value::as_str) != Some("user")
            {
                return Err(Error::forbidden(
                    "You can only regenerate replies to user messages.",
                ));
            }
            let parent = match &existing {
                Some(e) => e.get("parentId").cloned().unwrap_or(Value::Null),
                None => u.get("parentId").cloned().unwrap_or(Value::Null),
            };
            if let Some(p) = parent.as_str()
                && store::message(tx, chat_id, p)?.is_none()
            {
                return Err(conflict("Parent message no longer exists."));
            }
            let message = match existing {
                Some(mut e) => {
                    let own = e
                        .get("user_id")
                        .and_then(Value::as_str)
                        .unwrap_or(&r.user_id)
                        == actor.id;
                    if own && let Some(models) = u.get("models") {
                        e["models"] = models.clone();
                    }
                    e
                }
                None => {
                    let mut m = if r.user_id == actor.id {
                        u.clone()
                    } else {
                        let mut m = json!({});
                        for k in ["content", "files", "models"] {
                            if let Some(v) = u.get(k) {
                                m[k] = v.clone();
                            }
                        }
                        m
                    };
                    m["id"] = json!(uid);
                    m["parentId"] = parent;
                    m["role"] = json!("user");
                    m["childrenIds"] = json!([]);
                    m["timestamp"] = json!(t);
                    m["user_id"] = json!(actor.id);
                    m["user"] = json!({"id": actor.id, "name": actor.name});
                    m
                }
            };
            let Value::Object(p) = message else {
                return Err(Error::invalid("the user message must be an object"));
            };
            turn.insert(
                uid.clone(),
                super::emitter::patch_message(tx, &mut r, uid, p, true)?,
            );
        }
        for rp in replies {
            let mut m = placeholder(rp, uid.as_deref(), t);
            m["user_id"] = json!(actor.id);
            // cannot fail: `placeholder` makes an object
            let Value::Object(p) = m else { unreachable!() };
            turn.insert(
                rp.message_id.clone(),
                super::emitter::patch_message(tx, &mut r, &rp.message_id, p, true)?,
            );
        }
        if let Some(last) = replies.last() {
            r.chat["history"]["currentId"] = json!(last.message_id);
            r.current_message_id = Some(last.message_id.clone());
            store::update(tx, &r)?;
        }
        Ok(turn)
    })
}

/// The messages from the root down to `message_id` (its branch), oldest
/// first.
pub fn branch(cx: &Ctx, chat_id: &str, message_id: &str) -> Result<Vec<Value>> {
    let msgs = cx.db.read(|c| store::stored_messages(c, chat_id))?;
    let by_id: std::collections::HashMap<&str, &StoredMessage> =
        msgs.iter().map(|m| (m.id.as_str(), m)).collect();
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut cur = Some(message_id);
    while let Some(id) = cur {
        if !seen.insert(id) {
            break;
        }
        let Some(m) = by_id.get(id) else {
            break;
        };
        cur = m.parent_id.as_deref();
        out.push(m.parse());
    }
    out.reverse();
    Ok(out)
}

/// One message of a chat.
pub fn message_of(cx: &Ctx, chat_id: &str, message_id: &str) -> Result<Option<Value>> {
    cx.db.read(|c| store::message(c, chat_id, message_id))
}

/// Merge `patch` into a message of a chat (see `patch_message`); nothing
/// happens when the chat is gone.
pub fn save_message(
    cx: &Ctx,
    chat_id: &str,
    message_id: &str,
    patch: Map<String, Value>,
    touch: bool,
) -> Result<()> {
    cx.db.write(|tx| {
        let Some(mut r) = store::get(tx, chat_id)? else {
            return Ok(());
        };
        super::emitter::patch_message(tx, &mut r, message_id, patch, touch).map(|_| ())
    })
}

/// The chat's title, folder and owner, when it exists.
pub fn title_folder_owner(
    cx: &Ctx,
    chat_id: &str,
) -> Result<Option<(String, Option<String>, String)>> {
    Ok(row_of(cx, chat_id)?.map(|r| (r.title, r.folder_id, r.user_id)))
}

/// Set a chat's title (the row and the document).
pub fn set_title(cx: &Ctx, chat_id: &str, title: &str) -> Result<()> {
    let title = title.replace('\0', "");
    cx.db.write(|tx| {
        let Some(mut r) = store::get(tx, chat_id)? else {
            return Ok(());
        };
        r.title = title.clone();
        if r.chat.is_object() {
            r.chat["title"] = json!(title);
        }
        r.updated_at = now();
        store::update(tx, &r)
    })
}

/// Remember the models of the chat's latest turn (owner only).
pub fn set_models(cx: &Ctx, chat_id: &str, models: &[String]) -> Result<()> {
    cx.db.write(|tx| {
        let Some(mut r) = store::get(tx, chat_id)? else {
            return Ok(());
        };
        if r.chat.is_object() {
            r.chat["models"] = json!(models);
        }
        store::update(tx, &r)
    })
}

/// Every message of a chat, in stored order.
/// Replies left marked as being written (`done: false`) in any chat, as
/// (chat id, message).
pub fn undone_replies(cx: &Ctx) -> Result<Vec<(String, Value)>> {
    cx.db.read(store::undone_replies)
}

pub fn branch_all(cx: &Ctx, chat_id: &str) -> Result<Vec<Value>> {
    Ok(cx
        .db
        .read(|c| store::messages(c, chat_id))?
        .into_iter()
        .map(|(_, m)| m)
        .collect())
}

/// The actor's own chat, assembled.
pub fn owned_chat(cx: &Ctx, actor: &Actor, id: &str) -> Result<Option<Chat>> {
    match row_of(cx, id)? {
        Some(r) if r.user_id == actor.id => Ok(Some(to_chat(cx, r, true)?)),
        _ => Ok(None),
    }
}

/// Replace a chat's tags (names; `none` dropped), creating tag rows as
/// needed and removing those no chat uses any more.
pub fn set_tags(cx: &Ctx, chat_id: &str, names: &[String]) -> Result<Vec<String>> {
    let names: Vec<&String> = names.iter().filter(|n| tag_id(n) != "none").collect();
    let ids: Vec<String> = names.iter().map(|n| tag_id(n)).collect();
    cx.db.write(|tx| {
        let Some(mut r) = store::get(tx, chat_id)? else {
            return Ok(Vec::new());
        };
        if !r.meta.is_object() {
            r.meta = json!({});
        }
        r.meta["tags"] = json!(ids);
        store::update(tx, &r)?;
        for (n, id) in names.iter().zip(&ids) {
            store::ensure_tag(tx, &r.user_id, id, n)?;
        }
        store::delete_orphan_tags(tx, &r.user_id)?;
        Ok(ids.clone())
    })
}
