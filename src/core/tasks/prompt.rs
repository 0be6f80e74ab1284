//! Task prompt templates and their variables: `{{prompt…}}`,
//! `{{MESSAGES…}}`, `{{TYPE}}`, `{{responses}}`, the date and the user,
//! all filled in one pass over the template ([`fill`], through
//! [`crate::core::template`]).

use std::borrow::Cow;

use serde_json::Value;

use crate::core::template;
use crate::error::Result;

pub const TITLE: &str = r#"### Task:
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

pub const FOLLOW_UP: &str = r#"### Task:
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

pub const TAGS: &str = r#"### Task:
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

pub const IMAGE_PROMPT: &str = r#"### Task:
Write a detailed prompt for an image generator from the conversation below, describing the picture to someone who cannot see it.
### Rules:
- Name the important elements: subjects, colours, shapes, setting, mood.
- Add nothing the conversation does not suggest; for a complex scene keep to its main elements.
- Use the conversation's main language (English when mixed).
- Answer with one raw JSON object and nothing else: no code fences, no explanation.
### Output:
{ "prompt": "the description" }
### Conversation:
<chat_history>
{{MESSAGES:END:6}}
</chat_history>"#;

pub const QUERIES: &str = r#"### Task:
Decide whether a search would help answer the conversation below and, if so, write the search queries, in the conversation's language.
### Rules:
- Prefer 1 to 3 broad, distinct, concise queries; suggest them whenever a search could add useful or current information.
- Only when a search certainly cannot help, answer { "queries": [] }.
- Today's date is {{CURRENT_DATE}}.
- Answer with one raw JSON object and nothing else: no code fences, no explanation.
### Output:
{ "queries": ["first query", "second query"] }
### Conversation:
<chat_history>
{{MESSAGES:END:6}}
</chat_history>
"#;

pub const AUTOCOMPLETE: &str = r#"### Task:
You complete text as it is typed. Continue the text in <text> as the completion type in <type> asks, in the text's language.
### Rules:
- General: a natural, short continuation. Search Query: finish it as a realistic search query.
- Continue directly from where the text stops: do not repeat it, rephrase it or answer it.
- No repetition, no explanation, nothing unrelated.
- When unsure, answer { "text": "" }.
- Answer with one raw JSON object and nothing else.
### Examples:
<type>General</type>
<text>The sun was setting over the horizon, painting the sky</text>
{ "text": "in deep shades of orange and pink." }
<type>Search Query</type>
<text>Best hiking trails near</text>
{ "text": "Denver for beginners" }
### Context:
<chat_history>
{{MESSAGES:END:6}}
</chat_history>
<type>{{TYPE}}</type>
<text>{{PROMPT}}</text>
### Output:
"#;

pub const EMOJI: &str = r#"Reply with one emoji showing the facial expression the speaker of this message most likely has (for example 😊, 😢, 😡, 😱). Read the emotion from the message and vary your choice.

Message: ```{{prompt}}```"#;

pub const MOA: &str = r#"Several models answered the latest user query: "{{prompt}}"

Combine their responses into one answer of high quality. Judge them critically, as some of what they say may be biased or wrong; do not just repeat them, but give a refined, accurate and complete reply that is well structured and coherent.

Responses from models: {{responses}}"#;

/// What the user variables are filled from.
#[derive(Clone, Debug, Default)]
pub struct UserVars {
    pub name: String,
    pub email: String,
    pub bio: String,
    pub gender: String,
    pub birth_date: String,
    pub age: String,
    pub location: String,
    pub groups: String,
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn head(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Python's `s[-n:]`: the whole string when `n` is 0.
fn tail(s: &str, n: usize) -> String {
    let c = chars(s);
    if n == 0 || n >= c.len() {
        return s.to_string();
    }
    c[c.len() - n..].iter().collect()
}

fn tail_of<T: Clone>(v: &[T], n: usize) -> Vec<T> {
    if n == 0 || n >= v.len() {
        return v.to_vec();
    }
    v[v.len() - n..].to_vec()
}

fn number(s: &str) -> Option<usize> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `{{prompt}}`, `{{prompt:start:N}}`, `{{prompt:end:N}}`,
/// `{{prompt:middletruncate:N}}` (case-insensitive unless `exact_case`).
pub fn replace_prompt(template: &str, prompt: &str, exact_case: bool) -> Result<String> {
    template::render(template, |n| {
        prompt_value(n, prompt, exact_case).map(Cow::Owned)
    })
}

/// The value of a `{{prompt…}}` token named `inner`.
fn prompt_value(inner: &str, prompt: &str, exact_case: bool) -> Option<String> {
    let key = if exact_case {
        Cow::Borrowed(inner)
    } else {
        Cow::Owned(inner.to_lowercase())
    };
    if key == "prompt" {
        return Some(prompt.to_string());
    }
    let rest = key.strip_prefix("prompt:")?;
    let (mode, n) = rest.split_once(':')?;
    let n = number(n)?;
    match mode {
        "start" => Some(head(prompt, n)),
        "end" => Some(tail(prompt, n)),
        "middletruncate" => {
            if prompt.chars().count() <= n {
                Some(prompt.to_string())
            } else {
                Some(format!(
                    "{}...{}",
                    head(prompt, n.div_ceil(2)),
                    tail(prompt, n / 2)
                ))
            }
        }
        _ => None,
    }
}

/// A message's text as upstream reads it: string content, the first text
/// part of a list, or the text of its `output`; `None` when there is none.
pub fn content_of(m: &Value) -> Option<String> {
    match m.get("content") {
        Some(Value::Array(parts)) => {
            if let Some(p) = parts
                .iter()
                .find(|p| p.get("type").and_then(Value::as_str) == Some("text"))
            {
                return Some(p.get("text").and_then(Value::as_str).unwrap_or("").into());
            }
        }
        Some(Value::String(s)) if !s.is_empty() => return Some(s.clone()),
        _ => {}
    }
    let out = crate::core::chats::output_text(m.get("output"));
    if !out.is_empty() {
        return Some(out);
    }
    m.get("content").and_then(Value::as_str).map(str::to_string)
}

/// The text of the last user message.
pub fn last_user_text(messages: &[Value]) -> Option<String> {
    messages
        .iter()
        .rev()
        .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
        .and_then(content_of)
}

/// Cut `s` to `max` characters: `start`, `end` or `middletruncate`
/// (first half, `...`, last half).
pub fn truncate(s: &str, max: usize, mode: &str) -> String {
    if max == 0 {
        return String::new();
    }
    if s.chars().count() <= max {
        return s.to_string();
    }
    match mode {
        "start" => head(s, max),
        "end" => tail(s, max),
        _ => {
            let half = max / 2;
            format!("{}...{}", head(s, half), tail(s, max - half))
        }
    }
}

fn content_filter(spec: &str) -> Option<(String, usize)> {
    let (mode, n) = spec.split_once(':')?;
    let mode = mode.to_lowercase();
    let n = number(n)?;
    ["middletruncate", "start", "end"]
        .contains(&mode.as_str())
        .then_some((mode, n))
}

/// One `ROLE: text` line per message.
fn lines(messages: &[Value], filter: Option<&(String, usize)>) -> String {
    messages
        .iter()
        .map(|m| {
            let role = m
                .get("role")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_uppercase();
            let text = match (content_of(m), filter) {
                (Some(t), Some((mode, n)))
                    if m.get("content")
                        .is_some_and(|c| c.is_string() || c.is_array()) =>
                {
                    truncate(&t, *n, mode)
                }
                (Some(t), _) => t,
                (None, _) => "None".to_string(),
            };
            format!("{role}: {text}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `{{MESSAGES}}`, `{{MESSAGES:START:N}}`, `{{MESSAGES:END:N}}`,
/// `{{MESSAGES:MIDDLETRUNCATE:N}}`, each optionally followed by a content
/// filter `|middletruncate:K`, `|start:K` or `|end:K`. No messages at all
/// render as nothing.
pub fn replace_messages(template: &str, messages: Option<&[Value]>) -> Result<String> {
    template::render(template, |n| messages_value(n, messages).map(Cow::Owned))
}

/// The value of a `{{MESSAGES…}}` token named `inner`.
fn messages_value(inner: &str, messages: Option<&[Value]>) -> Option<String> {
    let (sel, filter) = match inner.split_once('|') {
        Some((s, f)) => {
            let (mode, n) = f.split_once(':')?;
            if mode.is_empty()
                || !mode.chars().all(|c| c.is_alphanumeric() || c == '_')
                || number(n).is_none()
            {
                return None;
            }
            (s, content_filter(f))
        }
        None => (inner, None),
    };
    let pick = if sel == "MESSAGES" {
        ("ALL", 0)
    } else {
        let (mode, n) = sel.strip_prefix("MESSAGES:")?.split_once(':')?;
        if !matches!(mode, "START" | "END" | "MIDDLETRUNCATE") {
            return None;
        }
        (mode, number(n)?)
    };
    let Some(messages) = messages else {
        return Some(String::new());
    };
    let picked: Vec<Value> = match pick {
        ("START", n) => messages.iter().take(n).cloned().collect(),
        ("END", n) => tail_of(messages, n),
        ("MIDDLETRUNCATE", n) if messages.len() > n => {
            let half = n / 2;
            let mut v: Vec<Value> = messages.iter().take(half).cloned().collect();
            v.extend(tail_of(messages, if n % 2 == 0 { half } else { half + 1 }));
            v
        }
        _ => messages.to_vec(),
    };
    Some(lines(&picked, filter.as_ref()))
}

/// The date, time and user variables (`Unknown` without a user).
pub fn replace_date_and_user(template: &str, user: Option<&UserVars>) -> Result<String> {
    let now = chrono::Local::now();
    template::render(template, |n| user_value(n, user, &now).map(Cow::Owned))
}

/// The value of a date, time or `{{USER_…}}` token named `inner`; each
/// profile field cut to [`template::MAX_FIELD_CHARS`].
fn user_value(
    inner: &str,
    user: Option<&UserVars>,
    now: &chrono::DateTime<chrono::Local>,
) -> Option<String> {
    if let Some(t) = template::clock(inner, now) {
        return Some(t);
    }
    let pick: fn(&UserVars) -> &String = match inner {
        "USER_NAME" => |u| &u.name,
        "USER_EMAIL" => |u| &u.email,
        "USER_BIO" => |u| &u.bio,
        "USER_GENDER" => |u| &u.gender,
        "USER_BIRTH_DATE" => |u| &u.birth_date,
        "USER_AGE" => |u| &u.age,
        "USER_LOCATION" => |u| &u.location,
        "USER_GROUPS" => {
            return Some(
                user.map(|u| template::field(&u.groups).into_owned())
                    .unwrap_or_default(),
            );
        }
        _ => return None,
    };
    Some(match user {
        Some(u) => template::field(pick(u)).into_owned(),
        None => "Unknown".to_string(),
    })
}

/// What a task prompt's variables are filled from; a `None` leaves those
/// variables as they are written.
#[derive(Default)]
pub struct Fill<'a> {
    /// `{{prompt…}}`, and whether only the lower-case `{{prompt}}` counts.
    pub prompt: Option<(&'a str, bool)>,
    /// `{{TYPE}}` (autocompletion).
    pub kind: Option<&'a str>,
    /// `{{responses}}` (MoA).
    pub responses: Option<&'a [String]>,
    /// `{{MESSAGES…}}`; `Some(None)` renders them as nothing.
    pub messages: Option<Option<&'a [Value]>>,
    /// The date, time and `{{USER_…}}`; `Some(None)`: `Unknown`.
    pub user: Option<Option<&'a UserVars>>,
}

/// `template` with every variable `f` has filled in one pass: a prompt, a
/// message or a profile field that holds `{{…}}` stays as it is.
pub fn fill(template: &str, f: &Fill<'_>) -> Result<String> {
    let now = chrono::Local::now();
    template::render(template, |n| {
        if n == "TYPE"
            && let Some(k) = f.kind
        {
            return Some(Cow::Borrowed(k));
        }
        if n == "responses"
            && let Some(r) = f.responses
        {
            return Some(Cow::Owned(responses_block(r)));
        }
        if let Some((p, exact)) = f.prompt
            && let Some(v) = prompt_value(n, p, exact)
        {
            return Some(Cow::Owned(v));
        }
        if let Some(m) = f.messages
            && let Some(v) = messages_value(n, m)
        {
            return Some(Cow::Owned(v));
        }
        f.user.and_then(|u| user_value(n, u, &now)).map(Cow::Owned)
    })
}

/// The follow-up default template's view of the chat: the first user
/// message when it is older than the last four, then the last four, each
/// cut to 1000 characters.
pub fn follow_up_messages(messages: &[Value], use_default: bool) -> Vec<Value> {
    let picked: Vec<Value> = if use_default {
        let start = messages.len().saturating_sub(4);
        let first_user = messages
            .iter()
            .position(|m| m.get("role").and_then(Value::as_str) == Some("user"));
        let mut v = Vec::new();
        if let Some(i) = first_user.filter(|i| *i < start) {
            v.push(messages[i].clone());
        }
        v.extend(messages[start..].iter().cloned());
        v
    } else {
        messages.to_vec()
    };
    picked
        .into_iter()
        .map(|mut m| {
            let text = match m.get("content") {
                Some(Value::Array(parts)) => parts
                    .iter()
                    .filter(|p| p.get("type").and_then(Value::as_str) == Some("text"))
                    .filter_map(|p| p.get("text").and_then(Value::as_str))
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => content_of(&m).unwrap_or_default(),
            };
            let text = if use_default && text.chars().count() > 1000 {
                truncate(&text, 997, "middletruncate")
            } else {
                text
            };
            if let Value::Object(o) = &mut m {
                o.insert("content".into(), Value::String(text));
            }
            m
        })
        .collect()
}

/// MoA's `{{responses}}`: each in triple quotes, a blank line between.
pub fn responses_block(responses: &[String]) -> String {
    responses
        .iter()
        .map(|r| format!("\"\"\"{r}\"\"\""))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prompt_variables_cut_the_prompt() {
        let t = "{{prompt}}|{{PROMPT:START:3}}|{{prompt:end:2}}|{{prompt:middletruncate:4}}";
        assert_eq!(
            replace_prompt(t, "abcdefg", false).unwrap(),
            "abcdefg|abc|fg|ab...fg"
        );
        assert_eq!(
            replace_prompt("{{PROMPT}}", "x", true).unwrap(),
            "{{PROMPT}}"
        );
        assert_eq!(
            replace_prompt("{{prompt:end:0}}", "xyz", false).unwrap(),
            "xyz"
        );
    }

    #[test]
    fn messages_variables_pick_and_filter() {
        let m = vec![
            json!({"role": "user", "content": "one"}),
            json!({"role": "assistant", "content": [{"type": "text", "text": "two"}]}),
            json!({"role": "user", "content": "three"}),
            json!({"role": "assistant"}),
        ];
        assert_eq!(
            replace_messages("{{MESSAGES:END:2}}", Some(&m)).unwrap(),
            "USER: three\nASSISTANT: None"
        );
        assert_eq!(
            replace_messages("{{MESSAGES:START:2|start:2}}", Some(&m)).unwrap(),
            "USER: on\nASSISTANT: tw"
        );
        assert_eq!(
            replace_messages("{{MESSAGES:MIDDLETRUNCATE:3}}", Some(&m)).unwrap(),
            "USER: one\nUSER: three\nASSISTANT: None"
        );
        assert_eq!(replace_messages("[{{MESSAGES}}]", None).unwrap(), "[]");
        assert_eq!(
            replace_messages("{{messages}}", Some(&m)).unwrap(),
            "{{messages}}"
        );
    }

    #[test]
    fn filled_text_is_not_filled_again() {
        let m = vec![json!({"role": "user", "content": "{{USER_NAME}} {{prompt}} {{MESSAGES}}"})];
        let user = UserVars {
            name: "{{USER_EMAIL}}".into(),
            email: "ada@x.io".into(),
            ..Default::default()
        };
        let f = Fill {
            prompt: Some(("{{MESSAGES}}{{TYPE}}", false)),
            kind: Some("{{prompt}}"),
            responses: None,
            messages: Some(Some(&m)),
            user: Some(Some(&user)),
        };
        let got = fill(
            "{{TYPE}}|{{prompt}}|{{MESSAGES}}|{{USER_NAME}}|{{USER_EMAIL}}|{{responses}}",
            &f,
        )
        .unwrap();
        assert_eq!(
            got,
            "{{prompt}}|{{MESSAGES}}{{TYPE}}|USER: {{USER_NAME}} {{prompt}} {{MESSAGES}}|{{USER_EMAIL}}|ada@x.io|{{responses}}"
        );
        // a prompt full of variables, a name of a megabyte: bounded
        let prompt = "{{MESSAGES}}{{USER_BIO}}".repeat(100_000);
        let user = UserVars {
            bio: "b".repeat(1 << 20),
            ..Default::default()
        };
        let f = Fill {
            prompt: Some((&prompt, false)),
            messages: Some(Some(&m)),
            user: Some(Some(&user)),
            ..Default::default()
        };
        let got = fill("{{prompt}} {{USER_BIO}}", &f).unwrap();
        assert_eq!(got.len(), prompt.len() + 1 + template::MAX_FIELD_CHARS);
        // without a user the user variables are `Unknown`, the groups empty
        let f = Fill {
            user: Some(None),
            ..Default::default()
        };
        assert_eq!(
            fill("{{USER_NAME}}|{{USER_GROUPS}}|{{prompt}}", &f).unwrap(),
            "Unknown||{{prompt}}"
        );
    }

    #[test]
    fn truncation_keeps_both_ends() {
        assert_eq!(truncate("abcdefghij", 5, "middletruncate"), "ab...hij");
        assert_eq!(truncate("abcdefghij", 3, "end"), "hij");
    }

    #[test]
    fn follow_ups_see_the_first_question_and_the_last_four() {
        let m: Vec<Value> = (0..6)
            .map(|i| json!({"role": if i % 2 == 0 {"user"} else {"assistant"}, "content": format!("m{i}")}))
            .collect();
        let got: Vec<String> = follow_up_messages(&m, true)
            .iter()
            .map(|m| m["content"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(got, ["m0", "m2", "m3", "m4", "m5"]);
        let long = vec![json!({"role": "user", "content": "x".repeat(1200)})];
        let cut = follow_up_messages(&long, true);
        assert_eq!(cut[0]["content"].as_str().unwrap().chars().count(), 1000);
    }
}
