//! Follow-up tasks: after an answer, what the web UI asked for in
//! `background_tasks`: suggestions for the next message, the chat's
//! title after a first exchange, its tags.

use serde_json::{Map, Value, json};

use super::reply::Job;
use super::title;
use crate::core::Ctx;
use crate::core::chats::{self, Emitter};
use crate::error::Result;

/// Run the asked-for tasks on the conversation so far (the answer last);
/// returns the chat's new title.
pub(super) async fn run(
    cx: &Ctx,
    job: &Job,
    em: &Emitter,
    messages: &[Value],
    saved: bool,
) -> Result<Option<String>> {
    if job.tasks.follow_ups && cx.store.bool("task.follow_up.enable") {
        follow_ups(cx, job, em, messages, saved).await?;
    }
    let mut new_title = None;
    if saved && job.tasks.title {
        new_title = title_for(cx, job, messages).await;
        if let Some(t) = &new_title {
            let (c, t2) = (job.chat_id.clone(), t.clone());
            cx.blocking(move |cx| chats::set_title(cx, &c, &t2)).await?;
            em.emit(cx, &json!({"type": "chat:title", "data": t}))?;
        }
    }
    if saved && job.tasks.tags && cx.store.bool("task.tags.enable") {
        tags(cx, job, em, messages).await?;
    }
    Ok(new_title)
}

/// Suggestions for the next message, told and kept on the answer.
async fn follow_ups(
    cx: &Ctx,
    job: &Job,
    em: &Emitter,
    messages: &[Value],
    saved: bool,
) -> Result<()> {
    let list = title::follow_ups(cx, &job.actor, &job.target.id, messages)
        .await
        .unwrap_or_default();
    em.emit(
        cx,
        &json!({"type": "chat:message:follow_ups", "data": {"follow_ups": list}}),
    )?;
    if saved {
        let mut patch = Map::new();
        patch.insert("followUps".into(), json!(list));
        let (c, m) = (job.chat_id.clone(), job.message_id.clone());
        cx.blocking(move |cx| chats::save_message(cx, &c, &m, patch, false))
            .await?;
    }
    Ok(())
}

/// A generated title, or the first user message (cut to 100 characters)
/// when the model gives none.
async fn title_for(cx: &Ctx, job: &Job, messages: &[Value]) -> Option<String> {
    let first_user = messages
        .iter()
        .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
        .map(title::text_of)
        .unwrap_or_default();
    let fallback = if first_user.chars().count() > 100 {
        format!("{}...", first_user.chars().take(100).collect::<String>())
    } else {
        first_user
    };
    if !cx.store.bool("task.title.enable") {
        return (messages.len() == 2 && !fallback.is_empty()).then_some(fallback);
    }
    match title::generate(cx, &job.actor, &job.target.id, messages).await {
        Ok(Some(t)) => Some(t),
        Ok(None) | Err(_) => (!fallback.is_empty()).then_some(fallback),
    }
}

/// Tags for the chat, kept and told.
async fn tags(cx: &Ctx, job: &Job, em: &Emitter, messages: &[Value]) -> Result<()> {
    if let Ok(Some(names)) = title::tags(cx, &job.actor, &job.target.id, messages).await {
        let (c, n) = (job.chat_id.clone(), names.clone());
        cx.blocking(move |cx| chats::set_tags(cx, &c, &n)).await?;
        em.emit(cx, &json!({"type": "chat:tags", "data": names}))?;
    }
    Ok(())
}
