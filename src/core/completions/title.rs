//! Chat titles, follow-up suggestions and tags written by a model after
//! an answer, through the tasks area (`core::tasks::run`).

use serde_json::{Value, json};

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::tasks::{self, Task};
use crate::error::Result;

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

/// Run `task` for a chat with `model_id` on `messages`; the answer's text.
async fn run_task(
    cx: &Ctx,
    actor: &Actor,
    task: Task,
    model_id: &str,
    messages: Vec<Value>,
) -> Result<Option<String>> {
    let body = json!({"model": model_id, "messages": messages});
    Ok(tasks::answer_text(
        &tasks::run(cx, actor, task, body).await?,
    ))
}

/// Ask the task model for a title of `messages`; `None` when it gave none.
pub async fn generate(
    cx: &Ctx,
    actor: &Actor,
    model_id: &str,
    messages: &[Value],
) -> Result<Option<String>> {
    let text = run_task(cx, actor, Task::Title, model_id, cleaned(messages)).await?;
    Ok(text
        .and_then(|t| json_in(&t))
        .and_then(|j| j.get("title").and_then(Value::as_str).map(str::to_string))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty()))
}

/// Messages the user might send next: trimmed, unique, at most 400
/// characters each, at most five.
pub async fn follow_ups(
    cx: &Ctx,
    actor: &Actor,
    model_id: &str,
    messages: &[Value],
) -> Result<Vec<String>> {
    let text = run_task(cx, actor, Task::FollowUp, model_id, cleaned(messages)).await?;
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
pub async fn tags(
    cx: &Ctx,
    actor: &Actor,
    model_id: &str,
    messages: &[Value],
) -> Result<Option<Vec<String>>> {
    let text = run_task(cx, actor, Task::Tags, model_id, cleaned(messages)).await?;
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
