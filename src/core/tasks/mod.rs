//! Tasks: small model calls around a chat — titles, tags, follow-up
//! suggestions, image prompts, search queries, autocompletion, emoji and
//! mixture-of-agents answers — and their settings.
//!
//! Tables: none of its own; the settings are `task.*` keys of the config
//! store. Endpoints: `/api/v1/tasks/config`, `/api/v1/tasks/config/update`,
//! `/api/v1/tasks/{title,follow_up,tags,image_prompt,queries,auto,emoji,moa}/completions`.
//! The chat pipeline runs title, follow-up and tag generation through
//! [`run`] after an answer (see `completions::title`).

pub mod prompt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::completions::{self, Outcome};
use crate::core::configs;
use crate::core::providers;
use crate::error::{Error, Result};
use prompt::UserVars;

/// (wire field, config key), in upstream's order.
pub const KEYS: &[(&str, &str)] = &[
    ("TASK_MODEL", "task.model.default"),
    ("TASK_MODEL_EXTERNAL", "task.model.external"),
    ("TASK_MODEL_PARAMS", "task.model.params"),
    (
        "TITLE_GENERATION_PROMPT_TEMPLATE",
        "task.title.prompt_template",
    ),
    (
        "IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE",
        "task.image.prompt_template",
    ),
    ("ENABLE_AUTOCOMPLETE_GENERATION", "task.autocomplete.enable"),
    (
        "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH",
        "task.autocomplete.input_max_length",
    ),
    (
        "AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE",
        "task.autocomplete.prompt_template",
    ),
    (
        "TAGS_GENERATION_PROMPT_TEMPLATE",
        "task.tags.prompt_template",
    ),
    (
        "FOLLOW_UP_GENERATION_PROMPT_TEMPLATE",
        "task.follow_up.prompt_template",
    ),
    ("ENABLE_FOLLOW_UP_GENERATION", "task.follow_up.enable"),
    ("ENABLE_TAGS_GENERATION", "task.tags.enable"),
    ("ENABLE_TITLE_GENERATION", "task.title.enable"),
    ("ENABLE_SEARCH_QUERY_GENERATION", "task.query.search.enable"),
    (
        "ENABLE_RETRIEVAL_QUERY_GENERATION",
        "task.query.retrieval.enable",
    ),
    (
        "QUERY_GENERATION_PROMPT_TEMPLATE",
        "task.query.prompt_template",
    ),
    (
        "TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE",
        "task.tools.prompt_template",
    ),
    ("ENABLE_VOICE_MODE_PROMPT", "task.voice.prompt.enable"),
    ("VOICE_MODE_PROMPT_TEMPLATE", "task.voice.prompt_template"),
];

/// `AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH` from the environment (−1:
/// no limit).
fn input_max_length(cfg: &Config) -> i64 {
    cfg.int("AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH")
        .unwrap_or(-1)
}

/// The first-start value of every task key, from the environment variable
/// named like its field.
pub fn defaults(cfg: &Config) -> Vec<(&'static str, Value)> {
    KEYS.iter()
        .map(|(field, key)| {
            let raw = cfg.get(field);
            let v = match *field {
                "TASK_MODEL_PARAMS" => serde_json::from_str::<Value>(raw)
                    .ok()
                    .filter(Value::is_object)
                    .unwrap_or_else(|| json!({})),
                "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH" => json!(input_max_length(cfg)),
                f if f.starts_with("ENABLE_") => json!(cfg.bool(f)),
                _ => json!(raw),
            };
            (*key, v)
        })
        .collect()
}

fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> std::result::Result<Option<T>, D::Error> {
    Option::<T>::deserialize(d)
}

/// `TaskConfigForm`: every field required except the model params and the
/// autocomplete input limit (`null` there means the environment's value).
#[allow(non_snake_case)]
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
pub struct TaskConfig {
    #[serde(deserialize_with = "nullable")]
    pub TASK_MODEL: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub TASK_MODEL_EXTERNAL: Option<String>,
    #[serde(default)]
    pub TASK_MODEL_PARAMS: Option<Map<String, Value>>,
    pub ENABLE_TITLE_GENERATION: bool,
    pub TITLE_GENERATION_PROMPT_TEMPLATE: String,
    pub IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE: String,
    pub ENABLE_AUTOCOMPLETE_GENERATION: bool,
    #[serde(default)]
    pub AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH: Option<i64>,
    pub AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE: String,
    pub TAGS_GENERATION_PROMPT_TEMPLATE: String,
    pub FOLLOW_UP_GENERATION_PROMPT_TEMPLATE: String,
    pub ENABLE_FOLLOW_UP_GENERATION: bool,
    pub ENABLE_TAGS_GENERATION: bool,
    pub ENABLE_SEARCH_QUERY_GENERATION: bool,
    pub ENABLE_RETRIEVAL_QUERY_GENERATION: bool,
    pub QUERY_GENERATION_PROMPT_TEMPLATE: String,
    pub TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE: String,
    pub ENABLE_VOICE_MODE_PROMPT: bool,
    #[serde(deserialize_with = "nullable")]
    pub VOICE_MODE_PROMPT_TEMPLATE: Option<String>,
}

/// The stored task settings by field name (verified users).
pub fn config(cx: &Ctx, actor: &Actor) -> Result<Map<String, Value>> {
    actor.require_verified()?;
    Ok(KEYS
        .iter()
        .map(|(field, key)| (field.to_string(), cx.store.get(key)))
        .collect())
}

/// Save every field (admin); returns the stored settings.
pub fn update_config(cx: &Ctx, actor: &Actor, form: TaskConfig) -> Result<Map<String, Value>> {
    actor.require_admin()?;
    let mut data = match serde_json::to_value(form)? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    if data["AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH"].is_null() {
        data.insert(
            "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH".into(),
            json!(input_max_length(&cx.cfg)),
        );
    }
    let entries = KEYS
        .iter()
        .filter_map(|(field, key)| data.get(*field).map(|v| (key.to_string(), v.clone())))
        .collect();
    configs::save(cx, &entries)?;
    config(cx, actor)
}

/// One kind of task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    Title,
    FollowUp,
    Tags,
    ImagePrompt,
    Queries,
    Autocomplete,
    Emoji,
    Moa,
}

impl Task {
    /// The name pipes and filters see as `__task__`.
    pub fn name(self) -> &'static str {
        match self {
            Task::Title => "title_generation",
            Task::FollowUp => "follow_up_generation",
            Task::Tags => "tags_generation",
            Task::ImagePrompt => "image_prompt_generation",
            Task::Queries => "query_generation",
            Task::Autocomplete => "autocomplete_generation",
            Task::Emoji => "emoji_generation",
            Task::Moa => "moa_response_generation",
        }
    }
}

/// What a task run came to.
pub enum Ran {
    /// The task is switched off (upstream answers 200 with this `detail`).
    Disabled(&'static str),
    /// The model's answer, as `/api/chat/completions` gives it.
    Done(Outcome),
    /// The model call failed.
    Failed(Error),
}

/// What the task endpoints know of a model.
struct ModelInfo {
    connection_type: Option<String>,
    /// A workspace model's `params.max_tokens`.
    max_tokens: Option<Value>,
}

/// A model of the model table (provider models, their overrides and
/// active workspace presets); `None` when there is no such model.
async fn model_info(cx: &Ctx, id: &str) -> Result<Option<ModelInfo>> {
    let idc = id.to_string();
    let row = cx
        .blocking(move |cx| {
            Ok(crate::core::models::get(cx, &Actor::system(), &idc)
                .ok()
                .map(|m| m.model))
        })
        .await?;
    if row.as_ref().is_some_and(|r| !r.is_active) {
        return Ok(None);
    }
    let base = row
        .as_ref()
        .and_then(|r| r.base_model_id.clone())
        .unwrap_or_else(|| id.to_string());
    let Some(entry) = providers::find_model(cx, &base).await else {
        return Ok(None);
    };
    Ok(Some(ModelInfo {
        connection_type: entry
            .get("connection_type")
            .and_then(Value::as_str)
            .map(str::to_string),
        max_tokens: row.and_then(|r| r.params.get("max_tokens").cloned()),
    }))
}

/// The model that runs tasks for `model_id`: for a local (Ollama) model
/// `task.model.default`, otherwise `task.model.external`, when set and
/// known; else `model_id` itself.
pub async fn task_model(cx: &Ctx, model_id: &str) -> Result<String> {
    let local = model_info(cx, model_id)
        .await?
        .is_some_and(|m| m.connection_type.as_deref() == Some("local"));
    let key = if local {
        "task.model.default"
    } else {
        "task.model.external"
    };
    let want = cx.store.string(key);
    if !want.is_empty() && model_info(cx, &want).await?.is_some() {
        Ok(want)
    } else {
        Ok(model_id.to_string())
    }
}

/// `task.model.params` without null and empty values.
fn task_params(cx: &Ctx) -> Map<String, Value> {
    cx.store
        .get("task.model.params")
        .as_object()
        .map(|p| {
            p.iter()
                .filter(|(_, v)| !v.is_null() && v.as_str() != Some(""))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn str_field(form: &Map<String, Value>, key: &str) -> String {
    match form.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn messages_of(form: &Map<String, Value>) -> Option<Vec<Value>> {
    form.get("messages").and_then(Value::as_array).cloned()
}

/// The configured template for `key`, or `default` when it is empty
/// (with `trim`, also when it is only whitespace).
fn template(cx: &Ctx, key: &str, default: &str, trim: bool) -> (String, bool) {
    let t = cx.store.string(key);
    let empty = if trim {
        t.trim().is_empty()
    } else {
        t.is_empty()
    };
    if empty {
        (default.to_string(), true)
    } else {
        (t, false)
    }
}

/// The caller's profile for `{{USER_…}}`, read only when the template
/// uses one.
async fn user_vars(cx: &Ctx, actor: &Actor, template: &str) -> Result<Option<UserVars>> {
    if !template.contains("{{USER_") {
        return Ok(None);
    }
    let (id, groups) = (actor.id.clone(), template.contains("{{USER_GROUPS}}"));
    cx.blocking(move |cx| {
        let Some(u) = crate::core::users::find(cx, &id)? else {
            return Ok(None);
        };
        let none = |v: Option<&str>| v.map(str::to_string).unwrap_or_else(|| "None".into());
        let birth = u
            .date_of_birth
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let age = birth.map(|b| {
            use chrono::Datelike;
            let today = chrono::Local::now().date_naive();
            let before = (today.month(), today.day()) < (b.month(), b.day());
            (today.year() - b.year() - i32::from(before)).to_string()
        });
        let groups = if groups {
            crate::core::groups::groups_of_user(cx, &u.id, true)?
                .iter()
                .map(|g| g.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            String::new()
        };
        Ok(Some(UserVars {
            name: u.name.clone(),
            email: u.email.clone(),
            bio: none(u.bio.as_deref()),
            gender: none(u.gender.as_deref()),
            birth_date: match (&birth, &u.date_of_birth) {
                (Some(b), _) => format!("{} 00:00:00", b.format("%Y-%m-%d")),
                (None, d) => none(d.as_deref()),
            },
            age: age.unwrap_or_else(|| "None".into()),
            location: none(
                u.info
                    .as_ref()
                    .and_then(|i| i.get("location"))
                    .and_then(Value::as_str),
            ),
            groups,
        }))
    })
    .await
}

/// The prompt for `task`, from the request body: the template's variables
/// filled in one pass (see [`prompt::fill`]), so the user's prompt, the
/// messages and the profile are never read for variables themselves.
async fn render(cx: &Ctx, actor: &Actor, task: Task, form: &Map<String, Value>) -> Result<String> {
    use prompt::*;
    let messages = messages_of(form);
    let msgs = messages.as_deref().unwrap_or(&[]);
    let asked = str_field(form, "prompt");
    let kind = str_field(form, "type");
    let responses: Vec<String>;
    let shown: Vec<Value>;
    let last: String;
    let (template, mut f) = match task {
        Task::Moa => {
            responses = form
                .get("responses")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|r| r.as_str().map(str::to_string).unwrap_or(r.to_string()))
                        .collect()
                })
                .unwrap_or_default();
            let f = Fill {
                prompt: Some((&asked, true)),
                responses: Some(&responses),
                ..Fill::default()
            };
            return fill(MOA, &f);
        }
        Task::Emoji => (
            EMOJI.to_string(),
            Fill {
                prompt: Some((&asked, false)),
                ..Fill::default()
            },
        ),
        Task::Autocomplete => {
            let (t, _) = template(cx, "task.autocomplete.prompt_template", AUTOCOMPLETE, true);
            let f = Fill {
                kind: Some(&kind),
                prompt: Some((&asked, false)),
                messages: Some(messages.as_deref()),
                ..Fill::default()
            };
            (t, f)
        }
        Task::FollowUp => {
            let (t, default) = template(cx, "task.follow_up.prompt_template", FOLLOW_UP, false);
            shown = follow_up_messages(msgs, default);
            last = last_user_text(&shown).unwrap_or_default();
            let f = Fill {
                prompt: Some((&last, false)),
                messages: Some(Some(&shown)),
                ..Fill::default()
            };
            (t, f)
        }
        _ => {
            let (key, default, trim) = match task {
                Task::Title => ("task.title.prompt_template", TITLE, false),
                Task::Tags => ("task.tags.prompt_template", TAGS, false),
                Task::ImagePrompt => ("task.image.prompt_template", IMAGE_PROMPT, false),
                _ => ("task.query.prompt_template", QUERIES, true),
            };
            let (t, _) = template(cx, key, default, trim);
            last = last_user_text(msgs).unwrap_or_default();
            let f = Fill {
                prompt: Some((&last, false)),
                messages: Some(messages.as_deref()),
                ..Fill::default()
            };
            (t, f)
        }
    };
    let user = user_vars(cx, actor, &template).await?;
    f.user = Some(user.as_ref());
    fill(&template, &f)
}

/// Refusals that come before the model is looked at.
fn gate(cx: &Ctx, task: Task, form: &Map<String, Value>) -> Result<Option<&'static str>> {
    let on = |k: &str| cx.store.bool(k);
    Ok(match task {
        Task::Title if !on("task.title.enable") => Some("Title generation is disabled"),
        Task::FollowUp if !on("task.follow_up.enable") => Some("Follow-up generation is disabled"),
        Task::Tags if !on("task.tags.enable") => Some("Tags generation is disabled"),
        Task::Queries => {
            match form.get("type").and_then(Value::as_str) {
                Some("web_search") if !on("task.query.search.enable") => {
                    return Err(Error::invalid("Search query generation is disabled"));
                }
                Some("retrieval") if !on("task.query.retrieval.enable") => {
                    return Err(Error::invalid("Query generation is disabled"));
                }
                _ => {}
            }
            None
        }
        Task::Autocomplete => {
            if !on("task.autocomplete.enable") {
                return Err(Error::invalid("Autocompletion generation is disabled"));
            }
            let max = cx
                .store
                .get("task.autocomplete.input_max_length")
                .as_i64()
                .unwrap_or(-1);
            if max > 0 && str_field(form, "prompt").chars().count() as i64 > max {
                return Err(Error::invalid(format!(
                    "Input prompt exceeds maximum length of {max}"
                )));
            }
            None
        }
        _ => None,
    })
}

/// Run one task for the caller: check that it is on and the model exists,
/// pick the task model, render the prompt and ask the model through the
/// normal chat completion (nothing is written to any chat). The body is
/// the client's (`model`, `messages`, `prompt`, `type`, `responses`,
/// `stream`, `chat_id`, as the task needs).
///
/// Boxed, as a chat answer runs tasks, which run chat completions.
pub fn run<'a>(
    cx: &'a Ctx,
    actor: &'a Actor,
    task: Task,
    body: Value,
) -> futures::future::BoxFuture<'a, Result<Ran>> {
    Box::pin(run_task(cx, actor, task, body))
}

async fn run_task(cx: &Ctx, actor: &Actor, task: Task, body: Value) -> Result<Ran> {
    actor.require_verified()?;
    let Value::Object(form) = body else {
        return Err(Error::malformed("Input should be a valid dictionary"));
    };
    if let Some(off) = gate(cx, task, &form)? {
        return Ok(Ran::Disabled(off));
    }
    let Some(model) = form.get("model") else {
        return Err(Error::field(
            "missing",
            json!(["body", "model"]),
            "Field required",
            Value::Object(form),
        ));
    };
    let model_id = model.as_str().unwrap_or("").to_string();
    let empty = match model {
        Value::String(s) => s.is_empty(),
        Value::Null | Value::Bool(false) => true,
        _ => false,
    };
    if task == Task::Title && empty {
        return Err(Error::invalid(
            "No model specified for title generation. Please ensure a model is selected for this chat.",
        ));
    }
    if !model.is_string() || model_info(cx, &model_id).await?.is_none() {
        return Err(Error::NotFound("Model '' was not found".into()));
    }
    let (run_model, mut params) = match task {
        Task::Moa => (model_id.clone(), Map::new()),
        Task::Emoji => (
            task_model(cx, &model_id).await?,
            Map::from_iter([("max_tokens".to_string(), json!(4))]),
        ),
        _ => (task_model(cx, &model_id).await?, task_params(cx)),
    };
    if task == Task::Title && params.is_empty() {
        let max = model_info(cx, &run_model)
            .await?
            .and_then(|m| m.max_tokens)
            .unwrap_or(json!(1000));
        params.insert("max_tokens".into(), max);
    }
    let content = render(cx, actor, task, &form).await?;
    // a model's `stream_response` does not turn a task into a stream
    params.insert("stream_response".into(), json!(false));
    let stream = task == Task::Moa && form.get("stream").and_then(Value::as_bool) == Some(true);
    let payload = json!({
        "model": run_model,
        "messages": [{"role": "user", "content": content}],
        "stream": stream,
        "metadata": {
            "task": task.name(),
            "task_body": form,
            "chat_id": form.get("chat_id").cloned().unwrap_or(Value::Null),
        },
    });
    let mut payload = crate::core::pipelines::inlet(cx, actor, payload).await?;
    if let Value::Object(p) = &mut payload {
        p.insert("params".into(), Value::Object(params));
    }
    match completions::task_completion(cx, actor, payload).await {
        Ok(out) => Ok(Ran::Done(out)),
        Err(e) => Ok(Ran::Failed(e)),
    }
}

/// A finished task's answer text (`choices[0].message.content`, or the
/// reasoning when the content is empty); `None` when the task is off or
/// gave nothing.
pub fn answer_text(ran: &Ran) -> Option<String> {
    let Ran::Done(Outcome::Json(v)) = ran else {
        return None;
    };
    let msg = v.pointer("/choices/0/message")?;
    msg.get("content")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .or_else(|| msg.get("reasoning_content").and_then(Value::as_str))
        .map(str::to_string)
}

#[cfg(test)]
mod tests;
