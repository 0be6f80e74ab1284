//! The running answers: which a caller may see, stopping them, and what
//! they have written so far (`/api/tasks`).

use serde_json::{Map, Value, json};

use super::registry;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::chats::{self, Emitter, is_saved_chat_id};
use crate::error::{Error, Result};

/// `GET /api/tasks/chat/{chat_id}`: the running tasks of a chat the actor
/// may write to (only those of messages they asked for).
pub fn chat_task_ids(cx: &Ctx, actor: &Actor, chat_id: &str) -> Result<Vec<String>> {
    if let Some(sid) = chat_id
        .strip_prefix("temporary:")
        .or_else(|| chat_id.strip_prefix("local:"))
    {
        let _ = sid;
        return Ok(cx
            .tasks
            .of_chat(chat_id)
            .into_iter()
            .filter(|r| r.user_id == actor.id || chats_admin(cx, actor))
            .map(|r| r.task_id.clone())
            .collect());
    }
    if chats::writable_chat(cx, actor, chat_id)?.is_none() {
        return Ok(Vec::new());
    }
    Ok(cx
        .tasks
        .of_chat(chat_id)
        .into_iter()
        .filter(|r| r.user_id == actor.id)
        .map(|r| r.task_id.clone())
        .collect())
}

pub(super) fn chats_admin(cx: &Ctx, actor: &Actor) -> bool {
    actor.is_admin() && cx.cfg.bool("ENABLE_ADMIN_CHAT_ACCESS")
}

/// `POST /api/tasks/chat/{chat_id}/stop`: stop the actor's answers in
/// a chat; with none running, finish the actor's replies left undone.
pub fn stop_chat(cx: &Ctx, actor: &Actor, chat_id: &str) -> Result<Value> {
    let temporary = !is_saved_chat_id(chat_id);
    let row = if temporary {
        None
    } else {
        Some(chats::writable_chat(cx, actor, chat_id)?.ok_or_else(Error::not_found)?)
    };
    let mine: Vec<_> = cx
        .tasks
        .of_chat(chat_id)
        .into_iter()
        .filter(|r| r.user_id == actor.id || (temporary && chats_admin(cx, actor)))
        .collect();
    let mut result = json!({"status": true, "message": "No tasks found."});
    for r in &mine {
        if cx.tasks.stop(&r.task_id) {
            result = json!({"status": true, "message": format!("Task {} successfully stopped.", r.task_id)});
        }
    }
    let Some(row) = row.filter(|_| mine.is_empty()) else {
        return Ok(result);
    };
    for m in chats::branch_all(cx, chat_id)? {
        let author = m
            .get("user_id")
            .and_then(Value::as_str)
            .unwrap_or(&row.user_id);
        if author != actor.id
            || m.get("role").and_then(Value::as_str) != Some("assistant")
            || m.get("done") != Some(&json!(false))
        {
            continue;
        }
        let (mid, output) = finish_reply(cx, chat_id, &m)?;
        result = json!({"status": true, "message": "Finalized pending approval message."});
        let em = Emitter::new(&actor.id, chat_id, &mid).deliver_only();
        em.emit(
            cx,
            &json!({"type": "chat:completion", "data": {"done": true, "output": output}}),
        )?;
        em.emit(cx, &json!({"type": "chat:tasks:cancel"}))?;
    }
    Ok(result)
}

/// Mark a reply left undone as done, as a stopped answer ends: tool calls
/// still waiting for approval are rejected. Returns its id and output.
fn finish_reply(cx: &Ctx, chat_id: &str, m: &Value) -> Result<(String, Option<Value>)> {
    let mid = m
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut output = m.get("output").cloned();
    if let Some(Value::Array(items)) = &mut output {
        for it in items.iter_mut() {
            let pending = it.get("type").and_then(Value::as_str) == Some("function_call")
                && matches!(
                    it.get("status").and_then(Value::as_str),
                    Some("pending" | "queued" | "requires_approval")
                );
            if pending {
                it["status"] = json!("rejected");
                if let Value::Object(o) = it {
                    o.shift_remove("approved");
                }
            }
        }
    }
    let mut patch = Map::new();
    patch.insert("done".into(), json!(true));
    if let Some(o @ Value::Array(_)) = &output {
        patch.insert("output".into(), o.clone());
    }
    chats::save_message(cx, chat_id, &mid, patch, false)?;
    Ok((mid, output))
}

/// At start-up of a server: finish the replies a stopped process left
/// marked as being written (it was killed, or the machine went down, in
/// the middle of an answer), so no chat shows an answer that never ends.
/// Their text is what was saved; returns how many were finished.
pub fn finish_left_undone(cx: &Ctx) -> Result<usize> {
    let left = chats::undone_replies(cx)?;
    for (chat_id, m) in &left {
        finish_reply(cx, chat_id, m)?;
    }
    Ok(left.len())
}

/// Stop every running answer (each saves what it has and is marked
/// stopped) and wait until they are saved, at most `within`. True when
/// none is left running.
pub async fn stop_all(cx: &Ctx, within: std::time::Duration) -> bool {
    for id in cx.tasks.ids() {
        cx.tasks.stop(&id);
    }
    let deadline = tokio::time::Instant::now() + within;
    while !cx.tasks.ids().is_empty() {
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    true
}

/// `POST /api/tasks/stop/{task_id}` (admin).
pub fn stop_task(cx: &Ctx, actor: &Actor, task_id: &str) -> Result<Value> {
    actor.require_admin()?;
    Ok(if cx.tasks.stop(task_id) {
        json!({"status": true, "message": format!("Task {task_id} successfully stopped.")})
    } else {
        json!({"status": false, "message": format!("Task with ID {task_id} not found.")})
    })
}

/// `GET /api/tasks` (admin).
pub fn task_ids(cx: &Ctx, actor: &Actor) -> Result<Vec<String>> {
    actor.require_admin()?;
    Ok(cx.tasks.ids())
}

/// The live answers of a chat, to show in place of what is stored.
pub fn live_of_chat(cx: &Ctx, chat_id: &str) -> Vec<(String, registry::Live)> {
    cx.tasks
        .of_chat(chat_id)
        .into_iter()
        .map(|r| (r.message_id.clone(), r.live()))
        .collect()
}
