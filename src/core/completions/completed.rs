//! `POST /api/chat/completed`: the outlet filters after an answer, as a
//! separate call (deprecated upstream).

use serde_json::Value;

use super::stop::chats_admin;
use super::target::resolve;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::chats::{self, is_saved_chat_id};
use crate::core::pipelines;
use crate::error::{Error, Result};

/// `POST /api/chat/completed` (deprecated upstream: outlet filters now run
/// inside the pipeline): checks the chat and the model, and gives the body
/// back through the pipeline servers' outlet filters (a filter's error
/// becomes a 400 `"<status>: <detail>"`, as upstream's).
pub async fn chat_completed(cx: &Ctx, actor: &Actor, form: Value) -> Result<Value> {
    actor.require_verified()?;
    let Value::Object(mut form) = form else {
        return Err(Error::invalid("the body must be a JSON object"));
    };
    let chat_id = form
        .get("chat_id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if chat_id.starts_with("channel:") {
        return Err(Error::invalid(
            "Channel chats are not supported on this endpoint",
        ));
    }
    if is_saved_chat_id(&chat_id) {
        let (a, c) = (actor.clone(), chat_id.clone());
        let owner = cx
            .blocking(move |cx| Ok(chats::title_folder_owner(cx, &c)?.map(|(_, _, o)| o)))
            .await?;
        if owner.as_deref() != Some(actor.id.as_str()) && !chats_admin(cx, &a) {
            return Err(Error::NotFound(crate::error::msg::DEFAULT.into()));
        }
    }
    form.shift_remove("model_item");
    if form
        .get("id")
        .is_none_or(|v| v.is_null() || v.as_str() == Some(""))
    {
        return Err(Error::invalid("Missing message id"));
    }
    let model = form
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    resolve(cx, actor, &model).await?;
    let form = match pipelines::outlet(cx, actor, Value::Object(form)).await {
        Ok(Value::Object(f)) => f,
        Ok(_) => return Err(Error::invalid("Missing message id")),
        Err(Error::Upstream { status, body }) => {
            let detail = match body.get("detail") {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => body.to_string(),
            };
            return Err(Error::invalid(format!("{}: {detail}", status.as_str())));
        }
        Err(e) => return Err(e),
    };
    if form
        .get("id")
        .is_none_or(|v| v.is_null() || v.as_str() == Some(""))
    {
        return Err(Error::invalid("Missing message id"));
    }
    if !form.contains_key("session_id") {
        return Err(Error::invalid("'session_id'"));
    }
    Ok(Value::Object(form))
}
