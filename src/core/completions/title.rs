//! Chat titles written by a model after the first exchange.

use serde_json::{Map, Value, json};

use crate::core::actor::Actor;
use crate::core::providers::{self, Reply};
use crate::ctx::Ctx;
use crate::error::Result;

const TITLE_PROMPT: &str = r#"### Task:
Write a short title for the conversation below.
### Rules:
- Two to four words that name what the conversation is about.
- Use the language the conversation is written in (English when mixed).
- No emojis, no quotation marks, no formatting.
- Answer with one raw JSON object and nothing else: no code fences, no explanation.
### Output:
{ "title": "the title" }
### Conversation:
<chat_history>
{{MESSAGES:END:2}}
</chat_history>"#;

const FOLLOW_UP_PROMPT: &str = r#"### Task:
Suggest 3 to 5 messages the user might send next in the conversation below.
### Rules:
- Write them as the user would: questions or requests, from the user's point of view.
- Each follows from the conversation, is specific, and is at most 400 characters.
- The most useful suggestion first; use the conversation's language.
- Answer with one raw JSON object and nothing else: no code fences, no explanation.
### Output:
{ "follow_ups": ["first suggestion", "second suggestion"] }
### Conversation:
<chat_history>
{{MESSAGES:END:5}}
</chat_history>"#;

const TAGS_PROMPT: &str = r#"### Task:
Give tags for the conversation below: 1 to 3 broad subject areas (such as Science, Technology, Health, Arts, Business, Education), then 1 to 3 more specific topics.
### Rules:
- Use the conversation's main language (English when mixed).
- For a short or mixed conversation, answer ["General"].
- Answer with one raw JSON object and nothing else: no code fences, no explanation.
### Output:
{ "tags": ["Subject", "Topic"] }
### Conversation:
<chat_history>
{{MESSAGES:END:6}}
</chat_history>"#;

/// The text of a message for a task prompt: its string content, or the
/// text parts of a list, or the text of its `output`.
pub fn text_of(m: &Value) -> String {
    match m.get("content") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter(|p| p.get("type").and_then(Value::as_str) == Some("text"))
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => crate::core::chats::output_text(m.get("output")),
    }
}

/// `<details>` blocks and markdown images taken out, as task prompts want.
pub fn strip_for_tasks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let d = rest.find("<details");
        let i = rest.find("![");
        match (d, i) {
            (Some(d), i) if i.is_none_or(|i| d < i) => {
                out.push_str(&rest[..d]);
                match rest[d..].find("</details>") {
                    Some(e) => rest = &rest[d + e + "</details>".len()..],
                    None => {
                        out.push_str(&rest[d..]);
                        break;
                    }
                }
            }
            (_, Some(i)) => {
                out.push_str(&rest[..i]);
                let after = &rest[i + 2..];
                match after
                    .find("](")
                    .and_then(|c| after[c..].find(')').map(|e| c + e))
                {
                    Some(end) if !after[..end].contains('\n') => rest = &after[end + 1..],
                    _ => {
                        out.push_str("![");
                        rest = after;
                    }
                }
            }
            _ => {
                out.push_str(rest);
                break;
            }
        }
    }
    out.trim().to_string()
}

/// `{{MESSAGES:END:n}}`: one `ROLE: text` line per message.
pub fn render_messages(messages: &[Value], last: usize) -> String {
    let start = messages.len().saturating_sub(last);
    messages[start..]
        .iter()
        .map(|m| {
            format!(
                "{}: {}",
                m.get("role")
                    .and_then(Value::as_str)
                    .unwrap_or("assistant")
                    .to_uppercase(),
                text_of(m)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The model that runs tasks for a chat with `model_id`: the configured
/// task model (`task.model.default` for local models, `.external`
/// otherwise) when it exists, else the chat's own model.
pub async fn task_model(cx: &Ctx, model_id: &str) -> String {
    let local = providers::find_model(cx, model_id)
        .await
        .and_then(|m| {
            m.get("connection_type")
                .and_then(Value::as_str)
                .map(|t| t == "local")
        })
        .unwrap_or(false);
    let key = if local {
        "task.model.default"
    } else {
        "task.model.external"
    };
    let want = cx.store.string(key);
    if !want.is_empty() && providers::find_model(cx, &want).await.is_some() {
        want
    } else {
        model_id.to_string()
    }
}

/// The JSON object inside a model's answer (between the first `{` and the
/// last `}`).
pub fn json_in(text: &str) -> Option<Value> {
    let a = text.find('{')?;
    let b = text.rfind('}')?;
    (a < b)
        .then(|| serde_json::from_str(&text[a..=b]).ok())
        .flatten()
}

fn cleaned(messages: &[Value]) -> Vec<Value> {
    messages
        .iter()
        .map(|m| {
            json!({
                "role": m.get("role").cloned().unwrap_or(json!("assistant")),
                "content": strip_for_tasks(&text_of(m)),
            })
        })
        .collect()
}

/// Ask the task model for `messages` with `prompt` (its
/// `{{MESSAGES:END:n}}` filled); the answer's text.
async fn run_task(
    cx: &Ctx,
    model_id: &str,
    template_key: &str,
    default: &str,
    last: usize,
    messages: &[Value],
) -> Result<Option<String>> {
    let id = task_model(cx, model_id).await;
    let Some(entry) = providers::find_model(cx, &id).await else {
        return Ok(None);
    };
    let template = match cx.store.string(template_key) {
        t if t.trim().is_empty() => default.to_string(),
        t => t,
    };
    let marker = format!("{{{{MESSAGES:END:{last}}}}}");
    let prompt = template.replace(&marker, &render_messages(messages, last));
    let mut body = Map::new();
    body.insert(
        "model".into(),
        json!(entry.get("id").cloned().unwrap_or(json!(id))),
    );
    body.insert(
        "messages".into(),
        json!([{"role": "user", "content": prompt}]),
    );
    body.insert("stream".into(), json!(false));
    let params = cx.store.get("task.model.params");
    let params: Map<String, Value> = params
        .as_object()
        .map(|p| {
            p.iter()
                .filter(|(_, v)| !v.is_null() && v.as_str() != Some(""))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    if params.is_empty() {
        if template_key == "task.title.prompt_template" {
            body.insert("max_tokens".into(), json!(1000));
        }
    } else {
        for (k, v) in params {
            body.entry(k).or_insert(v);
        }
    }
    let reply = providers::chat(cx, &entry, Value::Object(body)).await?;
    let Reply::Json(v) = reply else {
        return Ok(None);
    };
    let msg = v
        .pointer("/choices/0/message")
        .cloned()
        .unwrap_or(json!({}));
    Ok(msg
        .get("content")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .or_else(|| msg.get("reasoning_content").and_then(Value::as_str))
        .map(str::to_string))
}

/// Ask the task model for a title of `messages`; `None` when it gave none.
pub async fn generate(
    cx: &Ctx,
    _actor: &Actor,
    model_id: &str,
    messages: &[Value],
) -> Result<Option<String>> {
    let text = run_task(
        cx,
        model_id,
        "task.title.prompt_template",
        TITLE_PROMPT,
        2,
        &cleaned(messages),
    )
    .await?;
    Ok(text
        .and_then(|t| json_in(&t))
        .and_then(|j| j.get("title").and_then(Value::as_str).map(str::to_string))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty()))
}

/// Messages the user might send next: trimmed, unique, at most 400
/// characters each, at most five.
pub async fn follow_ups(cx: &Ctx, model_id: &str, messages: &[Value]) -> Result<Vec<String>> {
    let mut msgs = cleaned(messages);
    if cx
        .store
        .string("task.follow_up.prompt_template")
        .trim()
        .is_empty()
    {
        // the default prompt sees the first question and the last four messages, cut short
        let first_user = msgs
            .iter()
            .position(|m| m.get("role").and_then(Value::as_str) == Some("user"));
        let tail_from = msgs.len().saturating_sub(4);
        let mut keep: Vec<Value> = Vec::new();
        if let Some(i) = first_user.filter(|i| *i < tail_from) {
            keep.push(msgs[i].clone());
        }
        keep.extend(msgs[tail_from..].iter().cloned());
        for m in &mut keep {
            let t = text_of(m);
            if t.chars().count() > 1000 {
                m["content"] = json!(format!("{}...", t.chars().take(997).collect::<String>()));
            }
        }
        msgs = keep;
    }
    let text = run_task(
        cx,
        model_id,
        "task.follow_up.prompt_template",
        FOLLOW_UP_PROMPT,
        5,
        &msgs,
    )
    .await?;
    let list = text
        .and_then(|t| json_in(&t))
        .and_then(|j| j.get("follow_ups").cloned())
        .and_then(|f| f.as_array().cloned())
        .unwrap_or_default();
    if list.iter().any(|i| !i.is_string()) {
        return Ok(Vec::new());
    }
    let mut out: Vec<String> = Vec::new();
    for item in list.iter().filter_map(Value::as_str) {
        let item = item.trim().to_string();
        if !item.is_empty() && item.chars().count() <= 400 && !out.contains(&item) {
            out.push(item);
        }
    }
    out.truncate(5);
    Ok(out)
}

/// Tags for the chat (names as the model gave them).
pub async fn tags(cx: &Ctx, model_id: &str, messages: &[Value]) -> Result<Option<Vec<String>>> {
    let text = run_task(
        cx,
        model_id,
        "task.tags.prompt_template",
        TAGS_PROMPT,
        6,
        &cleaned(messages),
    )
    .await?;
    Ok(text.and_then(|t| json_in(&t)).map(|j| {
        j.get("tags")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_text_drops_details_and_images() {
        assert_eq!(
            strip_for_tasks("a <details type=\"x\">hidden</details> b ![img](http://x/y.png) c"),
            "a  b  c"
        );
        assert_eq!(
            strip_for_tasks("keep ![not an image"),
            "keep ![not an image"
        );
    }

    #[test]
    fn messages_render_as_role_lines() {
        let m = vec![
            json!({"role": "user", "content": "one"}),
            json!({"role": "assistant", "content": [{"type": "text", "text": "two"}]}),
            json!({"role": "user", "content": "three"}),
        ];
        assert_eq!(render_messages(&m, 2), "ASSISTANT: two\nUSER: three");
    }

    #[test]
    fn json_is_found_inside_chatter() {
        assert_eq!(
            json_in("Sure! {\"title\": \"Rust Tips\"} done"),
            Some(json!({"title": "Rust Tips"}))
        );
        assert_eq!(json_in("no json"), None);
    }
}
