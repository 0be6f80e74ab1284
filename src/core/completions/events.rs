//! The chat-level events of the pipeline, to every client of the user:
//! `chat:list` (a chat moved up or appeared), `chat:active` (answers
//! started or all done). A message's own events go through its
//! [`Emitter`](crate::core::chats::Emitter).

use serde_json::{Value, json};

use crate::core::Ctx;
use crate::core::chats;
use crate::core::events::Emit;
use crate::error::Result;

pub(super) fn emit(
    cx: &Ctx,
    user_id: &str,
    chat_id: &str,
    message_id: &str,
    kind: &str,
    data: Value,
) {
    cx.bus.emit(Emit::to_user(
        user_id,
        "events",
        json!({"chat_id": chat_id, "message_id": message_id, "data": {"type": kind, "data": data}}),
    ));
}

/// `chat:active`: a chat's answers started, or its last one ended.
pub(super) fn active(
    cx: &Ctx,
    user_id: &str,
    chat_id: &str,
    message_id: &str,
    active: bool,
    folder: Option<String>,
) {
    emit(
        cx,
        user_id,
        chat_id,
        message_id,
        "chat:active",
        json!({"active": active, "folder_id": folder}),
    );
}

/// The folder of a chat, which `chat:active` carries.
pub(super) async fn folder_of(cx: &Ctx, chat_id: &str) -> Result<Option<String>> {
    let c = chat_id.to_string();
    Ok(cx
        .blocking(move |cx| chats::title_folder_owner(cx, &c))
        .await?
        .and_then(|(_, f, _)| f))
}
