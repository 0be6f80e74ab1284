//! The event emitter of a chat message: what tools, functions, the chat
//! pipeline and `POST /{id}/messages/{message_id}/event` use to tell the
//! owner's clients about a message, and to keep the lasting part of it
//! (status history, appended or replaced text, sources, files, embeds) in
//! the stored message.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use super::*;
use crate::core::events::Emit;

/// Types that viewers of a shared chat (room `chat:<id>`) also receive.
const SHARED_TYPES: &[&str] = &[
    "chat:messages",
    "chat:active",
    "status",
    "source",
    "citation",
    "files",
    "embeds",
    "chat:message:error",
    "chat:tasks:cancel",
    "chat:message:follow_ups",
];

/// Keys of a completion event that the shared copy carries.
const SHARED_COMPLETION_KEYS: &[&str] = &[
    "done",
    "error",
    "usage",
    "finish_reason",
    "content",
    "selected_model_id",
    "sources",
];

const SHARED_DELTA_INTERVAL: Duration = Duration::from_millis(150);

/// Chat ids that name no stored chat: temporary chats and channel replies.
pub fn is_saved_chat_id(chat_id: &str) -> bool {
    !chat_id.is_empty()
        && !["temporary:", "local:", "channel:"]
            .iter()
            .any(|p| chat_id.starts_with(p))
}

/// The text of a Responses-style `output` list: the text parts of its
/// `message` items, one line per item.
pub fn output_text(output: Option<&Value>) -> String {
    let Some(Value::Array(items)) = output else {
        return String::new();
    };
    let mut texts = Vec::new();
    for item in items {
        if item.get("type").and_then(Value::as_str) != Some("message") {
            continue;
        }
        let Some(Value::Array(parts)) = item.get("content") else {
            continue;
        };
        let text: String = parts
            .iter()
            .filter_map(|p| p.get("text"))
            .filter(|t| !t.is_null())
            .map(|t| match t {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        if !text.trim().is_empty() {
            texts.push(text);
        }
    }
    texts.join("\n")
}

/// Merge `patch` into message `mid` of the chat in `r` (creating the
/// message when it does not exist, as upstream's history upsert does),
/// inside the caller's transaction. `touch` bumps the chat's `updated_at`.
/// Returns the stored message.
pub(crate) fn patch_message(
    tx: &rusqlite::Connection,
    r: &mut ChatRow,
    mid: &str,
    mut patch: Map<String, Value>,
    touch: bool,
) -> Result<Value> {
    let empty = patch
        .get("content")
        .is_none_or(|c| c.is_null() || c.as_str() == Some(""));
    if empty {
        let text = output_text(patch.get("output"));
        if !text.is_empty() {
            patch.insert("content".into(), json!(text));
        }
    }
    let mut patch = Value::Object(patch);
    doc::strip_nul(&mut patch);
    // cannot fail: `patch` was made an object just above
    let Value::Object(patch) = patch else {
        unreachable!()
    };
    let t = now();
    let message = match store::message(tx, &r.id, mid)? {
        Some(Value::Object(mut old)) => {
            let old_meta = old
                .get("meta")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let mut patch = patch;
            if let Some(Value::Object(incoming)) = patch.get("meta") {
                let kept = ["voice", "task_id"];
                let meta = if incoming.keys().all(|k| kept.contains(&k.as_str())) {
                    let mut m = old_meta;
                    m.extend(incoming.clone());
                    m
                } else {
                    let mut m: Map<String, Value> = old_meta
                        .into_iter()
                        .filter(|(k, _)| kept.contains(&k.as_str()))
                        .collect();
                    m.extend(incoming.clone());
                    m
                };
                patch.insert("meta".into(), Value::Object(meta));
            }
            old.extend(patch);
            Value::Object(old)
        }
        _ => {
            let parent = patch
                .get("parentId")
                .and_then(Value::as_str)
                .map(str::to_string);
            let output_role = patch
                .get("output")
                .and_then(Value::as_array)
                .and_then(|o| o.iter().find_map(|i| i.get("role").and_then(Value::as_str)))
                .map(str::to_string);
            let role = match patch
                .get("role")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or(output_role)
            {
                Some(r) if !r.is_empty() => r,
                _ => {
                    let parent_role = match &parent {
                        Some(p) => store::message(tx, &r.id, p)?
                            .and_then(|m| m.get("role").and_then(Value::as_str).map(String::from)),
                        None => None,
                    };
                    match parent_role.as_deref() {
                        Some("assistant") => "user".to_string(),
                        _ => "assistant".to_string(),
                    }
                }
            };
            let mut m = patch;
            let id = match m.get("id").and_then(Value::as_str) {
                Some(s) if !s.is_empty() => s.to_string(),
                _ => mid.to_string(),
            };
            let timestamp = m
                .get("timestamp")
                .filter(|v| v.as_i64().is_some_and(|n| n != 0) || v.is_f64())
                .cloned()
                .unwrap_or(json!(t));
            m.insert("id".into(), json!(id));
            m.insert("parentId".into(), json!(parent));
            m.insert("childrenIds".into(), json!([]));
            m.insert("role".into(), json!(role));
            m.insert("timestamp".into(), timestamp);
            if !r.chat.get("history").is_some_and(Value::is_object) {
                r.chat["history"] = json!({"messages": {}});
            }
            r.chat["history"]["currentId"] = json!(mid);
            r.current_message_id = Some(mid.to_string());
            Value::Object(m)
        }
    };
    store::upsert_message(tx, &r.id, mid, &message, t)?;
    if touch {
        r.updated_at = t;
    }
    store::update(tx, r)?;
    Ok(message)
}

/// Upstream's `__event_emitter__` for one message of one chat.
pub struct Emitter {
    /// The chat's owner: the room `user:<id>` receives every event.
    pub user_id: String,
    pub chat_id: String,
    pub message_id: String,
    /// The socket that started the work; shared copies skip it.
    pub session_id: Option<String>,
    /// Sub-agent work: events are marked `internal`, notifications dropped,
    /// nothing goes to shared viewers.
    pub internal: bool,
    /// Keep the lasting part of events in the stored message.
    pub save: bool,
    shared: Mutex<SharedState>,
}

#[derive(Default)]
struct SharedState {
    last: Option<Instant>,
    output: Option<Value>,
}

impl Emitter {
    pub fn new(user_id: &str, chat_id: &str, message_id: &str) -> Emitter {
        Emitter {
            user_id: user_id.into(),
            chat_id: chat_id.into(),
            message_id: message_id.into(),
            session_id: None,
            internal: false,
            save: true,
            shared: Mutex::default(),
        }
    }

    /// The socket that started the work (its shared copies skip it).
    pub fn from_session(mut self, session_id: Option<String>) -> Emitter {
        self.session_id = session_id;
        self
    }

    /// Deliver only; keep nothing in the message.
    pub fn deliver_only(mut self) -> Emitter {
        self.save = false;
        self
    }

    /// Send `event` (`{type, data}`) to the owner's clients and to viewers
    /// of the shared chat, and persist what lasts.
    pub fn emit(&self, cx: &Ctx, event: &Value) -> Result<()> {
        let kind = event.get("type").and_then(Value::as_str).unwrap_or("");
        if self.internal && kind == "notification" {
            return Ok(());
        }
        if kind != "chat:messages" {
            let mut env = json!({"chat_id": self.chat_id, "message_id": self.message_id});
            if self.internal {
                env["internal"] = json!(true);
            }
            env["data"] = event.clone();
            cx.bus.emit(Emit::to_user(&self.user_id, "events", env));
        }
        let saved = is_saved_chat_id(&self.chat_id);
        if !self.internal && saved {
            self.emit_shared(cx, kind, event);
        }
        if self.save && saved && !self.message_id.is_empty() {
            self.persist(cx, kind, event.get("data").unwrap_or(&Value::Null))?;
        }
        Ok(())
    }

    fn emit_shared(&self, cx: &Ctx, kind: &str, event: &Value) {
        let shared = if SHARED_TYPES.contains(&kind) {
            Some(event.clone())
        } else if kind == "chat:completion" || kind == "response:completion" {
            let data = event.get("data").cloned().unwrap_or(Value::Null);
            let mut st = self.shared.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(o @ Value::Array(_)) = data.get("output") {
                st.output = Some(o.clone());
            }
            let is_delta = data
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.ends_with(".delta"));
            let now = Instant::now();
            if !is_delta || st.last.is_none_or(|l| now - l >= SHARED_DELTA_INTERVAL) {
                st.last = Some(now);
                let mut payload: Map<String, Value> = data
                    .as_object()
                    .map(|o| {
                        o.iter()
                            .filter(|(k, _)| SHARED_COMPLETION_KEYS.contains(&k.as_str()))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                if let Some(o) = &st.output {
                    payload.insert("output".into(), o.clone());
                }
                Some(json!({"type": "chat:completion", "data": payload}))
            } else {
                None
            }
        } else {
            None
        };
        if let Some(data) = shared {
            cx.bus.emit(Emit {
                event: "events",
                room: format!("chat:{}", self.chat_id),
                skip_sid: self.session_id.clone(),
                payload: json!({
                    "chat_id": self.chat_id, "message_id": self.message_id,
                    "user_id": self.user_id, "shared": true, "data": data,
                }),
            });
        }
    }

    fn persist(&self, cx: &Ctx, kind: &str, data: &Value) -> Result<()> {
        let lasting = match kind {
            "status" | "message" | "replace" | "embeds" | "files" => true,
            "source" | "citation" => data.get("type").is_none_or(Value::is_null),
            _ => false,
        };
        if !lasting {
            return Ok(());
        }
        let (chat_id, mid) = (self.chat_id.as_str(), self.message_id.as_str());
        let list_of = |m: &Option<Value>, key: &str| -> Vec<Value> {
            m.as_ref()
                .and_then(|m| m.get(key))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let new_list = |key: &str| -> Vec<Value> {
            data.get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        cx.db.write(|tx| {
            let Some(mut r) = store::get(tx, chat_id)? else {
                return Ok(());
            };
            let existing = store::message(tx, chat_id, mid)?;
            let (patch, touch) = match kind {
                "status" => {
                    // Only an existing message records its status history.
                    if existing.is_none() {
                        return Ok(());
                    }
                    let mut h = list_of(&existing, "statusHistory");
                    h.push(data.clone());
                    (json!({"statusHistory": h}), false)
                }
                "message" => {
                    let Some(m) = &existing else { return Ok(()) };
                    let mut content = m
                        .get("content")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
                    content.push_str(data.get("content").and_then(Value::as_str).unwrap_or(""));
                    (json!({"content": content}), true)
                }
                "replace" => (
                    json!({"content": data.get("content").and_then(Value::as_str).unwrap_or("")}),
                    true,
                ),
                "embeds" => {
                    let mut e = new_list("embeds");
                    if !data
                        .get("replace")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                    {
                        e.extend(list_of(&existing, "embeds"));
                    }
                    (json!({"embeds": e}), false)
                }
                "files" => {
                    let mut f = new_list("files");
                    f.extend(list_of(&existing, "files"));
                    (json!({"files": f}), false)
                }
                "source" | "citation" if data.get("type").is_none_or(Value::is_null) => {
                    let mut s = list_of(&existing, "sources");
                    s.push(data.clone());
                    (json!({"sources": s}), false)
                }
                _ => return Ok(()),
            };
            // cannot fail: every arm above makes an object
            let Value::Object(patch) = patch else {
                unreachable!()
            };
            patch_message(tx, &mut r, mid, patch, touch).map(|_| ())
        })
    }
}

/// `POST /api/v1/chats/{id}/messages/{message_id}/event`: forward an event
/// to the owner's clients as if a function had emitted it. Returns false
/// when it could not be delivered or kept.
pub fn message_event(cx: &Ctx, actor: &Actor, id: &str, mid: &str, event: &Value) -> Result<bool> {
    actor.require_verified()?;
    let r = row_of(cx, id)?.ok_or_else(prohibited)?;
    if r.user_id != actor.id && !admin_reads_all(cx, actor) {
        return Err(prohibited());
    }
    let em = Emitter::new(&r.user_id, id, mid);
    Ok(em.emit(cx, event).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ctx::test_ctx;
    use crate::core::users::fixtures;

    fn chat(cx: &Ctx, u: &Actor) -> String {
        let form: ChatForm = serde_json::from_value(json!({"chat": {"title": "T",
            "history": {"currentId": "a", "messages": {
                "a": {"id": "a", "parentId": null, "childrenIds": [], "role": "user", "content": "hi", "timestamp": 1}
            }}}}))
        .unwrap();
        create(cx, u, form).unwrap().id
    }

    fn patch(cx: &Ctx, id: &str, mid: &str, p: Value, touch: bool) -> Value {
        let Value::Object(p) = p else { panic!() };
        cx.db
            .write(|tx| {
                let mut r = store::get(tx, id)?.unwrap();
                patch_message(tx, &mut r, mid, p, touch)
            })
            .unwrap()
    }

    #[test]
    fn a_new_message_gets_a_role_a_parent_and_becomes_current() {
        let (_d, cx) = test_ctx();
        let u = fixtures::user(&cx, "u@example.com", crate::core::actor::Role::User);
        let id = chat(&cx, &u);
        let m = patch(
            &cx,
            &id,
            "b",
            json!({"parentId": "a", "output": [
                {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "one"}]},
                {"type": "reasoning", "content": [{"text": "hidden"}]},
                {"type": "message", "content": [{"text": "two"}, {"text": null}]}
            ]}),
            true,
        );
        assert_eq!(m["role"], "assistant");
        assert_eq!(m["content"], "one\ntwo");
        assert_eq!(m["childrenIds"], json!([]));
        let g = get(&cx, &u, &id).unwrap();
        assert_eq!(g.current_message_id.as_deref(), Some("b"));
        assert_eq!(g.chat["history"]["currentId"], "b");
        assert_eq!(
            g.chat["history"]["messages"]["a"]["childrenIds"],
            json!(["b"])
        );
        // the reply to an assistant message is the user's
        let m = patch(
            &cx,
            &id,
            "c",
            json!({"parentId": "b", "content": "more"}),
            true,
        );
        assert_eq!(m["role"], "user");
    }

    #[test]
    fn merging_keeps_voice_and_task_id_of_the_old_meta() {
        let (_d, cx) = test_ctx();
        let u = fixtures::user(&cx, "u@example.com", crate::core::actor::Role::User);
        let id = chat(&cx, &u);
        patch(
            &cx,
            &id,
            "a",
            json!({"meta": {"voice": {"v": 1}, "task_id": "t", "x": 1}}),
            false,
        );
        let m = patch(&cx, &id, "a", json!({"meta": {"y": 2}}), false);
        assert_eq!(
            m["meta"],
            json!({"voice": {"v": 1}, "task_id": "t", "y": 2})
        );
        let m = patch(&cx, &id, "a", json!({"meta": {"voice": {"v": 2}}}), false);
        assert_eq!(
            m["meta"],
            json!({"voice": {"v": 2}, "task_id": "t", "y": 2})
        );
        assert_eq!(m["content"], "hi");
    }

    #[test]
    fn unsaved_chat_ids_are_recognised() {
        assert!(is_saved_chat_id("0b1c"));
        for id in ["", "temporary:x", "local:x", "channel:x"] {
            assert!(!is_saved_chat_id(id), "{id}");
        }
    }
}
