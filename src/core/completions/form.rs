//! The request body of `/api/chat/completions` as the web UI and API
//! clients send it (app.md "Request body").
//!
//! Read in one pass over the JSON: the keys owui reads become typed
//! fields, read leniently as upstream reads its dict (a value of the wrong
//! type counts as absent; a repeated key, the last one wins); every other
//! key is kept in `extra`, in the order it came, and goes to the provider
//! untouched.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::core::chats;
use crate::error::{Error, Result};

/// What a client posted: the form, or JSON that is not an object.
/// Deserialized straight from the request's bytes, in one pass.
pub enum Posted {
    Form(Box<CompletionForm>),
    NotAnObject,
}

impl Posted {
    pub fn into_form(self) -> Result<CompletionForm> {
        match self {
            Posted::Form(f) => Ok(*f),
            Posted::NotAnObject => Err(Error::invalid("the body must be a JSON object")),
        }
    }
}

/// The follow-up work the web UI asks for after an answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BackgroundTasks {
    pub title: bool,
    pub tags: bool,
    pub follow_ups: bool,
}

impl BackgroundTasks {
    /// A key asks for its task unless it is `null` or `false`.
    fn of(v: Value) -> BackgroundTasks {
        let Value::Object(t) = v else {
            return BackgroundTasks::default();
        };
        let on = |k: &str| {
            t.get(k)
                .is_some_and(|v| !v.is_null() && *v != Value::Bool(false))
        };
        BackgroundTasks {
            title: on("title_generation"),
            tags: on("tags_generation"),
            follow_ups: on("follow_up_generation"),
        }
    }
}

/// `POST /api/chat/completions`'s body. `model_item` (the web UI's copy
/// of the model's list entry) is skipped unread: owui routes by `model`.
#[derive(Clone, Debug, Default)]
pub struct CompletionForm {
    /// The model asked for (`""` when missing).
    pub model: String,
    /// OpenAI-style messages; for a request naming its user message in a
    /// saved chat, the chat's branch replaces all but the system message.
    pub messages: Vec<Value>,
    /// As sent: a provider streams only for `true`.
    pub stream: Option<Value>,
    /// Per-request parameters (`temperature`, `system`, ...).
    pub params: Map<String, Value>,
    /// Prompt variables (`{{USER_LOCATION}}`, ...).
    pub variables: Map<String, Value>,
    /// The caller's socket.io sid: with `chat_id`, answer in the background.
    pub session_id: Option<String>,
    /// `""` for no chat; `temporary:<sid>` for a chat that is not kept.
    pub chat_id: String,
    /// Absent: no chat bookkeeping; `null`: a new chat; else a follow-up.
    pub parent_id: Option<Value>,
    /// The new user message (an object, else `None`).
    pub user_message: Option<Value>,
    /// The user message the answer follows (an object, else `None`).
    pub parent_message: Option<Value>,
    /// The assistant message of a single-model answer.
    pub id: Option<String>,
    /// One assistant message per model (a list, or the legacy map).
    pub message_ids: Option<Vec<chats::Reply>>,
    /// Continue this assistant message instead of adding a turn.
    pub assistant_message_id: Option<String>,
    pub folder_id: Option<String>,
    pub background_tasks: BackgroundTasks,
    /// Attached files and knowledge, for retrieval.
    pub files: Option<Value>,
    /// Server tools (`server:<id>` for tool servers), for tool calling.
    pub tool_ids: Option<Value>,
    /// The browser's own tool servers.
    pub tool_servers: Option<Value>,
    pub skill_ids: Option<Value>,
    /// Filters the user switched on.
    pub filter_ids: Option<Value>,
    pub terminal_id: Option<Value>,
    /// `{web_search, image_generation, code_interpreter, memory, ...}`.
    pub features: Option<Value>,
    pub chat_variables: Option<Value>,
    pub regeneration_prompt: Option<Value>,
    pub regeneration_message_id: Option<Value>,
    pub automation_id: Option<Value>,
    /// A task's own bookkeeping (`task`, `task_body`, ...).
    pub metadata: Option<Value>,
    /// Every other key, in the order it came: the provider's (`seed`,
    /// `max_tokens`, `tools`, ...).
    pub extra: Map<String, Value>,
}

impl CompletionForm {
    /// The assistant messages to write: `message_ids`, or the single `id`
    /// for the asked model.
    pub fn replies(&self) -> Vec<chats::Reply> {
        match &self.message_ids {
            Some(list) => list.clone(),
            None => self
                .id
                .iter()
                .map(|id| chats::Reply {
                    model_id: self.model.clone(),
                    message_id: id.clone(),
                    model_idx: None,
                })
                .collect(),
        }
    }

    /// Whether it asks for a new chat (`parent_id: null`, no `chat_id`).
    pub fn opens_chat(&self) -> bool {
        self.parent_id == Some(Value::Null) && self.chat_id.is_empty()
    }

    /// The new user message: `user_message`, else `parent_message`.
    pub fn new_user_message(&self) -> Option<&Value> {
        self.user_message.as_ref().or(self.parent_message.as_ref())
    }

    fn set(&mut self, key: String, value: Value) {
        let text = |v: Value| match v {
            Value::String(s) => Some(s),
            _ => None,
        };
        let object = |v: Value| match v {
            Value::Object(o) => o,
            _ => Map::new(),
        };
        let keep = |v: Value| Some(v).filter(|v| !v.is_null());
        match &*key {
            "model" => self.model = text(value).unwrap_or_default(),
            "messages" => {
                self.messages = match value {
                    Value::Array(a) => a,
                    _ => Vec::new(),
                }
            }
            "stream" => self.stream = Some(value),
            "params" => self.params = object(value),
            "variables" => self.variables = object(value),
            "session_id" => self.session_id = text(value),
            "chat_id" => self.chat_id = text(value).unwrap_or_default(),
            "parent_id" => self.parent_id = Some(value),
            "user_message" => self.user_message = Some(value).filter(Value::is_object),
            "parent_message" => self.parent_message = Some(value).filter(Value::is_object),
            "id" => self.id = text(value),
            "message_ids" => self.message_ids = replies_of(value),
            "assistant_message_id" => self.assistant_message_id = text(value),
            "folder_id" => self.folder_id = text(value),
            "background_tasks" => self.background_tasks = BackgroundTasks::of(value),
            "files" => self.files = keep(value),
            "tool_ids" => self.tool_ids = keep(value),
            "tool_servers" => self.tool_servers = keep(value),
            "skill_ids" => self.skill_ids = keep(value),
            "filter_ids" => self.filter_ids = keep(value),
            "terminal_id" => self.terminal_id = keep(value),
            "features" => self.features = keep(value),
            "chat_variables" => self.chat_variables = keep(value),
            "regeneration_prompt" => self.regeneration_prompt = keep(value),
            "regeneration_message_id" => self.regeneration_message_id = keep(value),
            "automation_id" => self.automation_id = keep(value),
            "metadata" => self.metadata = keep(value),
            "model_item" => {}
            _ => {
                self.extra.insert(key, value);
            }
        }
    }
}

/// `message_ids`: `[{model_id, message_id, modelIdx?}]` or the legacy
/// `{model_id: message_id}`; entries of another shape are left out.
fn replies_of(v: Value) -> Option<Vec<chats::Reply>> {
    let reply = |model_id: &Value, message_id: &Value, model_idx: Option<Value>| {
        Some(chats::Reply {
            model_id: model_id.as_str()?.to_string(),
            message_id: message_id.as_str()?.to_string(),
            model_idx,
        })
    };
    match v {
        Value::Array(list) => Some(
            list.iter()
                .filter_map(|e| {
                    reply(
                        e.get("model_id")?,
                        e.get("message_id")?,
                        e.get("modelIdx").cloned(),
                    )
                })
                .collect(),
        ),
        Value::Object(map) => Some(
            map.into_iter()
                .filter_map(|(k, v)| reply(&Value::String(k), &v, None))
                .collect(),
        ),
        _ => None,
    }
}

impl From<Value> for Posted {
    /// JSON already parsed (a task's payload, the CLI's request).
    fn from(v: Value) -> Posted {
        let Value::Object(map) = v else {
            return Posted::NotAnObject;
        };
        let mut form = CompletionForm::default();
        for (k, v) in map {
            form.set(k, v);
        }
        Posted::Form(Box::new(form))
    }
}

impl<'de> Deserialize<'de> for Posted {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Posted, D::Error> {
        d.deserialize_any(PostedVisitor)
    }
}

struct PostedVisitor;

impl<'de> Visitor<'de> for PostedVisitor {
    type Value = Posted;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Posted, A::Error> {
        let mut form = CompletionForm::default();
        while let Some(key) = map.next_key::<String>()? {
            if key == "model_item" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let value = map.next_value::<Value>()?;
            form.set(key, value);
        }
        Ok(Posted::Form(Box::new(form)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Posted, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Posted::NotAnObject)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<Posted, E> {
        Ok(Posted::NotAnObject)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<Posted, E> {
        Ok(Posted::NotAnObject)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<Posted, E> {
        Ok(Posted::NotAnObject)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<Posted, E> {
        Ok(Posted::NotAnObject)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<Posted, E> {
        Ok(Posted::NotAnObject)
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<Posted, E> {
        Ok(Posted::NotAnObject)
    }
}

/// Upstream's body is a free dict; these are the keys owui reads (each
/// taken only when of this type), and any other key goes to the provider.
impl schemars::JsonSchema for Posted {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ChatCompletionForm".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "required": ["model", "messages"],
            "properties": {
                "model": {"type": "string"},
                "messages": {"type": "array", "items": {
                    "type": "object",
                    "properties": {
                        "role": {"type": "string"},
                        "content": {"anyOf": [
                            {"type": "string"},
                            {"type": "array", "items": {"type": "object"}}
                        ]}
                    }
                }},
                "stream": {"type": "boolean"},
                "params": {"type": "object"},
                "variables": {"type": "object"},
                "session_id": {"type": "string"},
                "chat_id": {"type": "string"},
                "parent_id": {"type": ["string", "null"]},
                "user_message": {"type": "object"},
                "parent_message": {"type": "object"},
                "id": {"type": "string"},
                "message_ids": {"type": "array", "items": {"type": "object"}},
                "assistant_message_id": {"type": "string"},
                "folder_id": {"type": "string"},
                "background_tasks": {"type": "object"},
                "files": {"type": "array"},
                "tool_ids": {"type": "array", "items": {"type": "string"}},
                "features": {"type": "object"},
                "metadata": {"type": "object"}
            },
            "additionalProperties": true
        })
    }
}
