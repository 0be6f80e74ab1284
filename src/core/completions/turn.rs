//! Open or extend the chat: the bookkeeping of a request that manages a
//! chat (app.md "Steps" 4) before anything is asked of the model.

use serde_json::{Map, Value, json};

use super::events;
use super::form::{BackgroundTasks, CompletionForm};
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::chats::{self, ChatRow, Emitter, is_saved_chat_id};
use crate::error::{Error, Result, msg};
use crate::util::new_id;

/// The chat an answer goes into and what to write there.
pub(super) struct Turn {
    /// `""` for none.
    pub chat_id: String,
    /// One reply per model.
    pub replies: Vec<chats::Reply>,
    /// The follow-up tasks still wanted.
    pub tasks: BackgroundTasks,
}

/// A new chat for `parent_id: null`; else, in a saved chat, a new turn
/// (or a check of the reply to continue).
pub(super) async fn open_or_extend(cx: &Ctx, actor: &Actor, form: &CompletionForm) -> Result<Turn> {
    let mut turn = Turn {
        chat_id: form.chat_id.clone(),
        replies: form.replies(),
        tasks: form.background_tasks,
    };
    if form.opens_chat() {
        open(cx, actor, form, &mut turn).await?;
    } else if is_saved_chat_id(&turn.chat_id) {
        extend(cx, actor, form, &mut turn).await?;
    }
    Ok(turn)
}

/// A new chat with the user message and an empty reply per model (one
/// for the asked model when the form names none).
async fn open(cx: &Ctx, actor: &Actor, form: &CompletionForm, turn: &mut Turn) -> Result<()> {
    let Some(user_message) = form.new_user_message().cloned() else {
        return Err(Error::invalid("a new chat needs the user message"));
    };
    if turn.replies.is_empty() {
        turn.replies.push(chats::Reply {
            model_id: form.model.clone(),
            message_id: new_id(),
            model_idx: None,
        });
    }
    let (a, r, f) = (actor.clone(), turn.replies.clone(), form.folder_id.clone());
    turn.chat_id = cx
        .blocking(move |cx| chats::open_chat_for_turn(cx, &a, &user_message, &r, f))
        .await?;
    events::emit(
        cx,
        &actor.id,
        &turn.chat_id,
        &turn.replies[0].message_id,
        "chat:list",
        json!({"chat_id": turn.chat_id, "folder_id": form.folder_id}),
    );
    Ok(())
}

/// A chat the actor may write to: a new turn, or the reply to continue
/// checked; then the chat's models (owner) or no title and tags (others).
async fn extend(cx: &Ctx, actor: &Actor, form: &CompletionForm, turn: &mut Turn) -> Result<()> {
    let (a, c) = (actor.clone(), turn.chat_id.clone());
    let row = cx
        .blocking(move |cx| chats::writable_chat(cx, &a, &c))
        .await?
        .ok_or_else(Error::not_found)?;
    match &form.assistant_message_id {
        Some(aid) => check_continued(cx, actor, &row, turn, aid).await?,
        None => add_turn(cx, actor, form, turn, &row).await?,
    }
    if row.user_id == actor.id {
        set_models(cx, form, turn).await?;
    } else {
        turn.tasks.title = false;
        turn.tasks.tags = false;
    }
    Ok(())
}

/// Continuing a reply: it must be the actor's, and every reply named.
async fn check_continued(
    cx: &Ctx,
    actor: &Actor,
    row: &ChatRow,
    turn: &Turn,
    aid: &str,
) -> Result<()> {
    let (c, m) = (turn.chat_id.clone(), aid.to_string());
    let msg = cx.blocking(move |cx| chats::message_of(cx, &c, &m)).await?;
    let own = msg.as_ref().is_some_and(|m| {
        m.get("user_id")
            .and_then(Value::as_str)
            .unwrap_or(&row.user_id)
            == actor.id
    });
    if !own {
        return Err(Error::forbidden(msg::ACCESS_PROHIBITED));
    }
    if turn.replies.iter().any(|r| r.message_id != aid) {
        return Err(Error::invalid("Invalid response ID."));
    }
    Ok(())
}

/// The user message and the empty replies written, and told
/// (`chat:messages` without their `meta`, then `chat:list`).
async fn add_turn(
    cx: &Ctx,
    actor: &Actor,
    form: &CompletionForm,
    turn: &Turn,
    row: &ChatRow,
) -> Result<()> {
    let (a, c, u, r) = (
        actor.clone(),
        turn.chat_id.clone(),
        form.new_user_message().cloned(),
        turn.replies.clone(),
    );
    let written = cx
        .blocking(move |cx| chats::insert_turn(cx, &a, &c, u.as_ref(), &r))
        .await?;
    let current = turn
        .replies
        .last()
        .map(|r| r.message_id.clone())
        .unwrap_or_default();
    let messages: Map<String, Value> = written
        .into_iter()
        .map(|(k, mut m)| {
            if let Value::Object(o) = &mut m {
                o.shift_remove("meta");
            }
            (k, m)
        })
        .collect();
    let em = Emitter::new(&actor.id, &turn.chat_id, &current)
        .from_session(form.session_id.clone())
        .deliver_only();
    em.emit(
        cx,
        &json!({"type": "chat:messages", "data": {"currentId": current, "messages": messages}}),
    )?;
    let user_message_id = form
        .new_user_message()
        .and_then(|u| u.get("id"))
        .and_then(Value::as_str)
        .unwrap_or("");
    events::emit(
        cx,
        &actor.id,
        &turn.chat_id,
        user_message_id,
        "chat:list",
        json!({"chat_id": turn.chat_id, "folder_id": row.folder_id}),
    );
    Ok(())
}

/// The chat remembers the models of its latest turn: the user message's
/// `models`, else the replies'.
async fn set_models(cx: &Ctx, form: &CompletionForm, turn: &Turn) -> Result<()> {
    let models: Vec<String> = form
        .new_user_message()
        .and_then(|u| u.get("models"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|m| m.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_else(|| turn.replies.iter().map(|r| r.model_id.clone()).collect());
    let c = turn.chat_id.clone();
    cx.blocking(move |cx| chats::set_models(cx, &c, &models))
        .await
}
