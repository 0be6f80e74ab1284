//! `/api/chat/completions`: a chat message in, a model's answer out.
//!
//! Two ways, as upstream: an API client gets the provider's answer in
//! OpenAI's format (JSON, or chunks to send as SSE); the web UI (a request
//! with `session_id` and `chat_id`) gets `{status, task_ids, chat_id}` at
//! once while a background task writes the answer into the chat and
//! streams it over socket.io events.

pub mod compaction;
pub mod registry;
mod reply;
pub mod title;

use serde_json::{Map, Value, json};

pub use registry::{Running, Tasks};
pub use reply::Answer;

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::chats::{self, Emitter, is_saved_chat_id};
use crate::core::events::Emit;
use crate::core::pipelines;
use crate::core::providers::{self, ChunkStream, Reply};
use crate::error::{Error, Result};
use crate::util::new_id;

/// Keys of the web UI's request body that are not part of the model call.
const FORM_ONLY: &[&str] = &[
    "params",
    "tool_servers",
    "features",
    "variables",
    "chat_variables",
    "model_item",
    "session_id",
    "chat_id",
    "id",
    "message_ids",
    "parent_id",
    "parent_message",
    "user_message",
    "background_tasks",
    "folder_id",
    "files",
    "tool_ids",
    "skill_ids",
    "filter_ids",
    "terminal_id",
    "assistant_message_id",
    "regeneration_prompt",
    "regeneration_message_id",
    "automation_id",
    "metadata",
];

/// What `/api/chat/completions` answers.
pub enum Outcome {
    /// The web UI's form: the work goes on in the background.
    Started(Value),
    /// A whole `chat.completion`.
    Json(Value),
    /// `chat.completion.chunk` objects to send as server-sent events.
    Stream(ChunkStream),
}

/// The model a request names, resolved to the provider model that serves
/// it, with the workspace model's parameters and system prompt.
#[derive(Clone, Debug)]
pub struct Target {
    /// The id the client asked for.
    pub id: String,
    /// The provider's list entry (`owned_by`, `urlIdx`, ...).
    pub entry: Value,
    /// The provider's own id for the model.
    pub provider_id: String,
    /// Parameters from the workspace model (and its bases).
    pub params: Map<String, Value>,
}

fn model_not_found() -> Error {
    Error::invalid("Model not found")
}

/// Find the model and check that the actor may use it. A workspace
/// preset answers through its base model with its own parameters and
/// system prompt; an override of a provider model adds its parameters; an
/// inactive one hides the model.
pub async fn resolve(cx: &Ctx, actor: &Actor, id: &str) -> Result<Target> {
    // the workspace rows and the access check in one trip to the database
    let (idc, a2) = (id.to_string(), actor.clone());
    let (row, base_row, allowed) = cx
        .blocking(move |cx| {
            let sys = Actor::system();
            let row = crate::core::models::get(cx, &sys, &idc)
                .ok()
                .map(|m| m.model);
            let base_row = match row.as_ref().and_then(|m| m.base_model_id.clone()) {
                Some(b) => crate::core::models::get(cx, &sys, &b).ok().map(|m| m.model),
                None => None,
            };
            let allowed = crate::core::models::can_use(cx, &a2, &idc)?;
            Ok((row, base_row, allowed))
        })
        .await?;
    if row.as_ref().is_some_and(|m| !m.is_active) || !allowed {
        return Err(model_not_found());
    }
    let base_id = row
        .as_ref()
        .and_then(|m| m.base_model_id.clone())
        .unwrap_or_else(|| id.to_string());
    let Some(entry) = providers::find_model(cx, &base_id).await else {
        return Err(model_not_found());
    };
    // the base's own override, under the preset's settings
    let mut params = base_row
        .as_ref()
        .and_then(|b| b.params.as_object().cloned())
        .unwrap_or_default();
    if let Some(p) = row.as_ref().and_then(|m| m.params.as_object()) {
        deep_merge(&mut params, p);
    }
    Ok(Target {
        id: id.to_string(),
        provider_id: entry
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or(&base_id)
            .to_string(),
        entry,
        params,
    })
}

fn is_ollama(t: &Target) -> bool {
    t.entry.get("owned_by").and_then(Value::as_str) == Some("ollama")
}

/// Merge `b` into `a`, nested objects merged key by key.
fn deep_merge(a: &mut Map<String, Value>, b: &Map<String, Value>) {
    for (k, v) in b {
        match (a.get_mut(k), v) {
            (Some(Value::Object(x)), Value::Object(y)) => deep_merge(x, y),
            _ => {
                a.insert(k.clone(), v.clone());
            }
        }
    }
}

/// config `models.default_params` ← the model's ← the request's; nulls
/// dropped.
fn merged_params(cx: &Ctx, target: &Target, request: Option<&Value>) -> Map<String, Value> {
    let mut p = cx
        .store
        .get("models.default_params")
        .as_object()
        .cloned()
        .unwrap_or_default();
    deep_merge(&mut p, &target.params);
    if let Some(Value::Object(r)) = request {
        deep_merge(&mut p, r);
    }
    p.retain(|_, v| !v.is_null());
    p
}

/// `{{USER_NAME}}`, `{{CURRENT_DATE}}`, ... and the request's variables.
fn fill_variables(text: &str, actor: &Actor, vars: Option<&Value>) -> String {
    let now = chrono::Local::now();
    let mut out = text
        .replace("{{USER_NAME}}", &actor.name)
        .replace("{{USER_EMAIL}}", &actor.email)
        .replace("{{CURRENT_DATE}}", &now.format("%Y-%m-%d").to_string())
        .replace("{{CURRENT_TIME}}", &now.format("%I:%M:%S %p").to_string())
        .replace(
            "{{CURRENT_DATETIME}}",
            &now.format("%Y-%m-%d %I:%M:%S %p").to_string(),
        )
        .replace("{{CURRENT_WEEKDAY}}", &now.format("%A").to_string());
    if let Some(Value::Object(v)) = vars {
        for (k, val) in v {
            let val = match val {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            out = out.replace(k.as_str(), &val);
        }
    }
    out
}

/// Put the system prompt in front: merged into the first system message,
/// or a new first message.
fn add_system(messages: &mut Vec<Value>, system: &str) {
    if system.is_empty() {
        return;
    }
    match messages.first_mut() {
        Some(m) if m.get("role").and_then(Value::as_str) == Some("system") => {
            let old = title::text_of(m);
            m["content"] = json!(if old.is_empty() {
                system.to_string()
            } else {
                format!("{system}\n{old}")
            });
        }
        _ => messages.insert(0, json!({"role": "system", "content": system})),
    }
}

/// A stored chat message as an OpenAI message.
fn as_model_message(m: &Value) -> Value {
    let role = m.get("role").and_then(Value::as_str).unwrap_or("user");
    let text = title::text_of(m);
    let images: Vec<Value> = m
        .get("files")
        .and_then(Value::as_array)
        .map(|f| {
            f.iter()
                .filter(|f| f.get("type").and_then(Value::as_str) == Some("image"))
                .filter_map(|f| f.get("url").and_then(Value::as_str))
                .map(|u| json!({"type": "image_url", "image_url": {"url": u}}))
                .collect()
        })
        .unwrap_or_default();
    if role == "user" && !images.is_empty() {
        let mut parts = vec![json!({"type": "text", "text": text})];
        parts.extend(images);
        json!({"role": role, "content": parts})
    } else {
        json!({"role": role, "content": text})
    }
}

/// The provider body for one model: the request's OpenAI fields, its
/// messages (from the chat when it is stored), parameters and system
/// prompt.
fn build_body(
    cx: &Ctx,
    actor: &Actor,
    target: &Target,
    form: &Map<String, Value>,
    history: Option<Vec<Value>>,
) -> Map<String, Value> {
    let mut body: Map<String, Value> = form
        .iter()
        .filter(|(k, _)| !FORM_ONLY.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    body.insert("model".into(), json!(target.provider_id));
    let mut messages: Vec<Value> = match history {
        Some(h) => h.iter().map(as_model_message).collect(),
        None => form
            .get("messages")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
    };
    let params = merged_params(cx, target, form.get("params"));
    if let Some(system) = params.get("system").and_then(Value::as_str) {
        let system = fill_variables(system, actor, form.get("variables"));
        add_system(&mut messages, &system);
    }
    body.insert("messages".into(), Value::Array(messages));
    if params
        .get("stream_response")
        .and_then(Value::as_bool)
        .is_some_and(|s| s)
    {
        body.insert("stream".into(), json!(true));
    }
    if is_ollama(target) {
        providers::params::apply_ollama(&params, &mut body);
    } else {
        providers::params::apply_openai(&params, &mut body);
    }
    body
}

/// Call the model with a built body after the pipeline servers' inlet
/// filters (which see `model` as the id the client asked for).
async fn send(
    cx: &Ctx,
    actor: &Actor,
    target: &Target,
    mut body: Map<String, Value>,
) -> Result<Reply> {
    body.insert("model".into(), json!(target.id));
    let mut body = match pipelines::inlet(cx, actor, Value::Object(body)).await? {
        Value::Object(b) => b,
        _ => return Err(Error::invalid("a pipeline filter answered with no body")),
    };
    body.insert("model".into(), json!(target.provider_id));
    providers::chat(cx, &target.entry, Value::Object(body)).await
}

/// The assistant messages to write: `message_ids` (list or legacy map)
/// or the single `id`.
fn replies_of(form: &Map<String, Value>, model_id: &str) -> Vec<chats::Reply> {
    match form.get("message_ids") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|e| {
                Some(chats::Reply {
                    model_id: e.get("model_id")?.as_str()?.to_string(),
                    message_id: e.get("message_id")?.as_str()?.to_string(),
                    model_idx: e.get("modelIdx").cloned(),
                })
            })
            .collect(),
        Some(Value::Object(map)) => map
            .iter()
            .filter_map(|(k, v)| {
                Some(chats::Reply {
                    model_id: k.clone(),
                    message_id: v.as_str()?.to_string(),
                    model_idx: None,
                })
            })
            .collect(),
        _ => form
            .get("id")
            .and_then(Value::as_str)
            .map(|id| {
                vec![chats::Reply {
                    model_id: model_id.to_string(),
                    message_id: id.to_string(),
                    model_idx: None,
                }]
            })
            .unwrap_or_default(),
    }
}

fn emit_chat_event(
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

/// `POST /api/chat/completions`.
pub async fn chat_completion(cx: &Ctx, actor: &Actor, form: Value) -> Result<Outcome> {
    completion(cx, actor, form, true).await
}

/// A task's model call (`core::tasks`): the same, without the inlet
/// filters, which the task has already run on its payload.
pub(crate) async fn task_completion(cx: &Ctx, actor: &Actor, form: Value) -> Result<Outcome> {
    completion(cx, actor, form, false).await
}

async fn completion(cx: &Ctx, actor: &Actor, form: Value, inlet: bool) -> Result<Outcome> {
    actor.require_verified()?;
    let Value::Object(mut form) = form else {
        return Err(Error::invalid("the body must be a JSON object"));
    };
    let model_id = form
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let target = resolve(cx, actor, &model_id).await?;
    let tasks = form.remove("background_tasks");
    form.remove("model_item");
    let mut replies = replies_of(&form, &model_id);
    let user_message = form
        .get("user_message")
        .filter(|v| v.is_object())
        .or_else(|| form.get("parent_message").filter(|v| v.is_object()))
        .cloned();
    let mut chat_id = form
        .get("chat_id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let session_id = form
        .get("session_id")
        .and_then(Value::as_str)
        .map(str::to_string);
    let folder_id = form
        .get("folder_id")
        .and_then(Value::as_str)
        .map(str::to_string);
    let assistant_id = form
        .get("assistant_message_id")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut tasks = tasks;
    let manage = form.contains_key("parent_id") || !chat_id.is_empty();
    if manage {
        let new_chat = form.get("parent_id").is_some_and(Value::is_null) && chat_id.is_empty();
        if new_chat {
            let Some(um) = user_message.clone() else {
                return Err(Error::invalid("a new chat needs the user message"));
            };
            if replies.is_empty() {
                replies.push(chats::Reply {
                    model_id: model_id.clone(),
                    message_id: new_id(),
                    model_idx: None,
                });
            }
            let (a, r, f) = (actor.clone(), replies.clone(), folder_id.clone());
            chat_id = cx
                .blocking(move |cx| chats::open_chat_for_turn(cx, &a, &um, &r, f))
                .await?;
            emit_chat_event(
                cx,
                &actor.id,
                &chat_id,
                &replies[0].message_id,
                "chat:list",
                json!({"chat_id": chat_id, "folder_id": folder_id}),
            );
        } else if is_saved_chat_id(&chat_id) {
            let (a, c) = (actor.clone(), chat_id.clone());
            let row = cx
                .blocking(move |cx| chats::writable_chat(cx, &a, &c))
                .await?
                .ok_or_else(Error::not_found)?;
            if let Some(aid) = &assistant_id {
                let (c, m) = (chat_id.clone(), aid.clone());
                let msg = cx.blocking(move |cx| chats::message_of(cx, &c, &m)).await?;
                let own = msg.as_ref().is_some_and(|m| {
                    m.get("user_id")
                        .and_then(Value::as_str)
                        .unwrap_or(&row.user_id)
                        == actor.id
                });
                if !own {
                    return Err(Error::forbidden(crate::error::msg::ACCESS_PROHIBITED));
                }
                if replies.iter().any(|r| &r.message_id != aid) {
                    return Err(Error::invalid("Invalid response ID."));
                }
            } else {
                let (a, c, u, r) = (
                    actor.clone(),
                    chat_id.clone(),
                    user_message.clone(),
                    replies.clone(),
                );
                let turn = cx
                    .blocking(move |cx| chats::insert_turn(cx, &a, &c, u.as_ref(), &r))
                    .await?;
                let current = replies
                    .last()
                    .map(|r| r.message_id.clone())
                    .unwrap_or_default();
                let messages: Map<String, Value> = turn
                    .into_iter()
                    .map(|(k, mut m)| {
                        if let Value::Object(o) = &mut m {
                            o.shift_remove("meta");
                        }
                        (k, m)
                    })
                    .collect();
                let em = Emitter::new(&actor.id, &chat_id, &current)
                    .from_session(session_id.clone())
                    .deliver_only();
                em.emit(
                    cx,
                    &json!({"type": "chat:messages", "data": {"currentId": current, "messages": messages}}),
                )?;
                let uid = user_message
                    .as_ref()
                    .and_then(|u| u.get("id"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                emit_chat_event(
                    cx,
                    &actor.id,
                    &chat_id,
                    &uid,
                    "chat:list",
                    json!({"chat_id": chat_id, "folder_id": row.folder_id}),
                );
            }
            if row.user_id == actor.id {
                let models: Vec<String> = user_message
                    .as_ref()
                    .and_then(|u| u.get("models"))
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|m| m.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_else(|| replies.iter().map(|r| r.model_id.clone()).collect());
                let c = chat_id.clone();
                cx.blocking(move |cx| chats::set_models(cx, &c, &models))
                    .await?;
            } else if let Some(Value::Object(t)) = &mut tasks {
                t.shift_remove("title_generation");
                t.shift_remove("tags_generation");
            }
        }
    }

    if session_id.is_some() && !chat_id.is_empty() && !replies.is_empty() {
        let mut task_ids = Vec::new();
        let folder = if is_saved_chat_id(&chat_id) {
            let c = chat_id.clone();
            cx.blocking(move |cx| chats::title_folder_owner(cx, &c))
                .await?
                .and_then(|(_, f, _)| f)
        } else {
            None
        };
        for (i, r) in replies.iter().enumerate() {
            let task_id = new_id();
            let running = cx.tasks.start(&task_id, &chat_id, &r.message_id, &actor.id);
            if i == 0 {
                emit_chat_event(
                    cx,
                    &actor.id,
                    &chat_id,
                    &r.message_id,
                    "chat:active",
                    json!({"active": true, "folder_id": folder}),
                );
            }
            let t = if r.model_id == target.id {
                target.clone()
            } else {
                resolve(cx, actor, &r.model_id).await?
            };
            let job = reply::Job {
                actor: actor.clone(),
                target: t,
                form: form.clone(),
                chat_id: chat_id.clone(),
                message_id: r.message_id.clone(),
                session_id: session_id.clone(),
                tasks: if i == 0 { tasks.clone() } else { None },
                running,
            };
            task_ids.push(task_id);
            let cx = cx.clone();
            tokio::spawn(async move { reply::run(cx, job).await });
        }
        return Ok(Outcome::Started(
            json!({"status": true, "task_ids": task_ids, "chat_id": chat_id}),
        ));
    }

    let body = build_body(cx, actor, &target, &form, None);
    let call = if inlet {
        send(cx, actor, &target, body).await
    } else {
        providers::chat(cx, &target.entry, Value::Object(body)).await
    };
    match call? {
        Reply::Json(v) => Ok(Outcome::Json(v)),
        Reply::Stream(s) => Ok(Outcome::Stream(s)),
    }
}

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

/// `POST /api/embeddings`: embeddings from the model's provider.
pub async fn embeddings(cx: &Ctx, actor: &Actor, body: Value) -> Result<Value> {
    let id = body
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let target = resolve(cx, actor, &id).await?;
    let mut body = body;
    body["model"] = json!(target.provider_id);
    providers::embeddings(cx, &target.entry, body).await
}

/// Ask the model for one whole answer (the CLI's `owui ask`): the answer
/// is written into `chat_id`'s reply `message_id` as it arrives, and
/// `on_delta` sees each piece of text. `form` may carry `params` (e.g.
/// `system`); `title` asks for a title afterwards.
#[allow(clippy::too_many_arguments)]
pub async fn answer_into_chat(
    cx: &Ctx,
    actor: &Actor,
    target: Target,
    chat_id: &str,
    message_id: &str,
    form: Map<String, Value>,
    title: bool,
    on_delta: &mut (dyn FnMut(&str) + Send),
) -> Result<Answer> {
    let running = cx.tasks.start(&new_id(), chat_id, message_id, &actor.id);
    let job = reply::Job {
        actor: actor.clone(),
        target,
        form,
        chat_id: chat_id.into(),
        message_id: message_id.into(),
        session_id: None,
        tasks: title.then(|| json!({"title_generation": true})),
        running,
    };
    reply::run_with(cx.clone(), job, on_delta).await
}

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

fn chats_admin(cx: &Ctx, actor: &Actor) -> bool {
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

#[cfg(test)]
mod tests;
