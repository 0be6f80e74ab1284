//! The chat-level events of the pipeline, to every client of the user:
//! `chat:list` (a chat moved up or appeared), `chat:active` (answers
//! started or all done). A message's own events go through its
//! [`Emitter`](crate::core::chats::Emitter).

use serde_json::{Value, json};

use crate::core::Ctx;
use crate::core::events::Emit;

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
