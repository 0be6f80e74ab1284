//! Memories in the chat: for a request with `features.memory`, the
//! user's memories that matter to the conversation are put in a
//! `<memory_context>` block at the end of the system message.
//!
//! Only when memories are on (`memories.enable`,
//! `memories.system_context.enable`), the user may use them (admin, or
//! the `features.memories` permission: the flag is the client's word) and
//! the model does not say `capabilities.memory: false`. The block holds:
//!
//! - **User Memory**: all the user's `user` memories;
//! - **Memory Neighborhood**: up to 4 `context` memories near each path
//!   the conversation mentions (at most 6 paths);
//! - **Relevant Context**: the 8 memories closest in meaning to the last
//!   user messages (above `rag.relevance_threshold`), not already shown;
//!
//! each section sorted without regard to case, the user section cut to
//! `memories.user_char_limit` characters and the rest to
//! `memories.context_char_limit` (at least 250 each).

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::target::Target;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::memories::lookup::{self, SearchForm, TypeFilter};
use crate::core::memories::{self, Memory, MemoryType};
use crate::core::models;
use crate::core::users::permissions;
use crate::error::Result;

const OPEN: &str = "<memory_context>";
const CLOSE: &str = "</memory_context>";

/// Add the caller's memories to the body's system message when the
/// request asks for them (`features.memory`) and they may be used.
pub(super) async fn add_context(
    cx: &Ctx,
    actor: &Actor,
    target: &Target,
    features: Option<&Value>,
    body: &mut Map<String, Value>,
) -> Result<()> {
    if !features.and_then(|f| f.get("memory")).is_some_and(truthy) {
        return Ok(());
    }
    let (a, model) = (actor.clone(), target.id.clone());
    let may = cx
        .blocking(move |cx| {
            Ok(cx.store.bool("memories.enable")
                && cx.store.bool("memories.system_context.enable")
                && (a.is_admin() || permissions::has(cx, &a.id, "features.memories")?)
                && model_allows_memory(cx, &model))
        })
        .await?;
    if !may {
        return Ok(());
    }
    let Some(Value::Array(messages)) = body.get("messages") else {
        return Ok(());
    };
    let query = query_text(messages);
    if query.is_empty() {
        return Ok(());
    }
    let a = actor.clone();
    let all = cx.blocking(move |cx| memories::list(cx, &a)).await?;
    // like upstream, a relevance query that fails (no memories, the
    // embedding engine down) leaves that section out
    let relevant = memories::query(cx, actor, &query, 8).await.ok();
    let (limits_user, limits_context) = (
        char_limit(&cx.store.get("memories.user_char_limit")),
        char_limit(&cx.store.get("memories.context_char_limit")),
    );
    let Some(rendered) = render(&query, &all, relevant.as_ref(), limits_user, limits_context)
    else {
        return Ok(());
    };
    if let Some(Value::Array(messages)) = body.get_mut("messages") {
        put_block(messages, &format!("{OPEN}\n{rendered}\n{CLOSE}"));
    }
    Ok(())
}

/// Python's truthiness, which upstream tests the flag with.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// A workspace model may turn memories off with
/// `meta.capabilities.memory`; a model without a row keeps them.
fn model_allows_memory(cx: &Ctx, id: &str) -> bool {
    let Ok(m) = models::get(cx, &Actor::system(), id) else {
        return true;
    };
    match m
        .model
        .meta
        .get("capabilities")
        .and_then(|c| c.get("memory"))
    {
        Some(v) => truthy(v),
        None => true,
    }
}

/// A message's text: its string content, or the first text part.
fn text_of(m: &Value) -> Option<&str> {
    match m.get("content") {
        Some(Value::String(s)) => Some(s),
        Some(Value::Array(parts)) => parts
            .iter()
            .find(|p| p.get("type").and_then(Value::as_str) == Some("text"))
            .and_then(|p| p.get("text"))
            .and_then(Value::as_str),
        _ => None,
    }
}

/// The last seven non-empty user messages, oldest first, joined by blank
/// lines; the last 4000 characters of that.
fn query_text(messages: &[Value]) -> String {
    let mut texts: Vec<&str> = Vec::new();
    for m in messages.iter().rev() {
        if m.get("role").and_then(Value::as_str) != Some("user") {
            continue;
        }
        if let Some(t) = text_of(m).map(str::trim).filter(|t| !t.is_empty()) {
            texts.push(t);
        }
        if texts.len() >= 7 {
            break;
        }
    }
    texts.reverse();
    let q = texts.join("\n\n");
    let n = q.chars().count();
    q.chars().skip(n.saturating_sub(4000)).collect()
}

/// A limit setting: 2000 when unset or not a number, at least 250.
fn char_limit(v: &Value) -> usize {
    let n = match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match n {
        Some(0) | None => 2000,
        Some(n) => n.max(250) as usize,
    }
}

fn label(m: &Memory) -> String {
    match &m.path {
        Some(p) => format!("{p}: {}", m.content),
        None => m.content.clone(),
    }
}

fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// The block's inside, or none when there is nothing to say.
fn render(
    query: &str,
    all: &[Memory],
    relevant: Option<&memories::QueryResult>,
    user_limit: usize,
    context_limit: usize,
) -> Option<String> {
    let mut seen: HashSet<&str> = HashSet::new();
    let (mut user, mut neighborhood, mut context) = (Vec::new(), Vec::new(), Vec::new());
    for m in all.iter().filter(|m| m.kind == MemoryType::User) {
        seen.insert(&m.id);
        user.push(label(m));
    }
    for hint in lookup::path_hints(query, all, 6) {
        let form = SearchForm {
            path: Some(hint),
            kind: TypeFilter::Context,
            limit: 4,
            ..Default::default()
        };
        for m in lookup::search(all.to_vec(), &form).unwrap_or_default() {
            if let Some(m) = all.iter().find(|x| x.id == m.id)
                && seen.insert(&m.id)
            {
                neighborhood.push(label(m));
            }
        }
    }
    let mut seen: HashSet<String> = seen.into_iter().map(String::from).collect();
    if let Some(r) = relevant
        && let Some(docs) = r.documents.first()
    {
        for (i, doc) in docs.iter().enumerate() {
            if doc.is_empty() {
                continue;
            }
            let meta = r.metadatas.first().and_then(|m| m.get(i));
            if let Some(id) = r.ids.first().and_then(|ids| ids.get(i))
                && !seen.insert(id.clone())
            {
                continue;
            }
            let path = meta
                .and_then(|m| m.get("path"))
                .and_then(Value::as_str)
                .filter(|p| !p.is_empty());
            let text = match path {
                Some(p) => doc.strip_prefix(&format!("{p}\n")).unwrap_or(doc),
                None => doc,
            };
            let l = match path {
                Some(p) => format!("{p}: {text}"),
                None => text.to_string(),
            };
            match meta.and_then(|m| m.get("type")).and_then(Value::as_str) {
                Some("user") => user.push(l),
                _ => context.push(l),
            }
        }
    }
    let section = |title: &str, mut items: Vec<String>| -> Option<String> {
        if items.is_empty() {
            return None;
        }
        items.sort_by(|a, b| {
            a.to_lowercase()
                .cmp(&b.to_lowercase())
                .then_with(|| a.cmp(b))
        });
        let lines: Vec<String> = items.iter().map(|i| format!("- {i}")).collect();
        Some(format!("[{title}]\n{}", lines.join("\n")))
    };
    let user_part = section("User Memory", user).unwrap_or_default();
    let context_part = [
        section("Memory Neighborhood", neighborhood),
        section("Relevant Context", context),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n\n");
    if user_part.is_empty() && context_part.is_empty() {
        return None;
    }
    let rendered = format!(
        "{}\n\n{}",
        cut(&user_part, user_limit),
        cut(&context_part, context_limit)
    );
    let rendered = rendered.trim();
    (!rendered.is_empty()).then(|| rendered.to_string())
}

/// Append the block to the first message when it is the system message
/// (after taking out a block it already holds), else put a system message
/// of the block first.
fn put_block(messages: &mut Vec<Value>, block: &str) {
    let first_is_system = messages
        .first()
        .is_some_and(|m| m.get("role").and_then(Value::as_str) == Some("system"));
    if !first_is_system {
        messages.insert(0, json!({"role": "system", "content": block}));
        return;
    }
    let sys = &mut messages[0];
    match sys.get_mut("content") {
        Some(Value::String(s)) => {
            if let Some(start) = s.find(OPEN)
                && let Some(end) = s[start..].find(CLOSE)
            {
                let end = start + end + CLOSE.len();
                *s = format!("{}{}", &s[..start], &s[end..]).trim().to_string();
            }
            *s = format!("{s}\n{block}");
        }
        Some(Value::Array(parts)) => {
            for p in parts.iter_mut() {
                if p.get("type").and_then(Value::as_str) == Some("text")
                    && let Some(Value::String(t)) = p.get_mut("text")
                {
                    *t = format!("{t}\n{block}");
                }
            }
        }
        _ => sys["content"] = json!(block),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: &str, kind: MemoryType, path: Option<&str>, content: &str) -> Memory {
        Memory {
            id: id.into(),
            user_id: "u".into(),
            kind,
            path: path.map(String::from),
            content: content.into(),
            meta: None,
            updated_at: 1,
            created_at: 1,
        }
    }

    #[test]
    fn the_block_has_its_sections_sorted_and_cut() {
        let all = vec![
            m("1", MemoryType::User, None, "likes tea"),
            m("2", MemoryType::User, Some("home"), "Lives in Oslo"),
            m(
                "3",
                MemoryType::Context,
                Some("work/alpha"),
                "Alpha ships in May",
            ),
            m("4", MemoryType::Context, Some("garden"), "Roses need water"),
        ];
        let relevant = memories::QueryResult {
            ids: vec![vec!["4".into(), "3".into(), "1".into()]],
            documents: vec![vec![
                "garden\nRoses need water".into(),
                "work/alpha\nAlpha ships in May".into(),
                "likes tea".into(),
            ]],
            metadatas: vec![vec![
                json!({"type": "context", "path": "garden"}),
                json!({"type": "context", "path": "work/alpha"}),
                json!({"type": "user", "path": null}),
            ]],
            distances: vec![vec![0.9, 0.8, 0.7]],
        };
        let r = render("when does alpha ship?", &all, Some(&relevant), 2000, 2000).unwrap();
        assert_eq!(
            r,
            "[User Memory]\n- home: Lives in Oslo\n- likes tea\n\n\
             [Memory Neighborhood]\n- work/alpha: Alpha ships in May\n\n\
             [Relevant Context]\n- garden: Roses need water"
        );
        // the user section is cut to its limit, the rest to theirs
        let r = render("when does alpha ship?", &all, None, 250, 250).unwrap();
        assert!(r.starts_with("[User Memory]\n- home: Lives in Oslo"));
        let long = vec![m("9", MemoryType::User, None, &"x".repeat(400))];
        let r = render("hi", &long, None, 250, 250).unwrap();
        assert_eq!(r.chars().count(), 250);
        assert!(render("hi", &[], None, 2000, 2000).is_none());
    }

    #[test]
    fn an_old_block_is_replaced_and_the_query_is_the_last_user_messages() {
        let mut msgs = vec![
            json!({"role": "system", "content": "Be brief.\n<memory_context>\nold\n</memory_context>"}),
            json!({"role": "user", "content": "first"}),
            json!({"role": "assistant", "content": "ok"}),
            json!({"role": "user", "content": [{"type": "text", "text": " second "}]}),
        ];
        assert_eq!(query_text(&msgs), "first\n\nsecond");
        put_block(&mut msgs, "<memory_context>\nnew\n</memory_context>");
        assert_eq!(
            msgs[0]["content"],
            "Be brief.\n<memory_context>\nnew\n</memory_context>"
        );
        let mut msgs = vec![json!({"role": "user", "content": "hi"})];
        put_block(&mut msgs, "B");
        assert_eq!(msgs[0], json!({"role": "system", "content": "B"}));
        let many: Vec<Value> = (0..9)
            .map(|i| json!({"role": "user", "content": format!("m{i}")}))
            .collect();
        assert_eq!(query_text(&many), "m2\n\nm3\n\nm4\n\nm5\n\nm6\n\nm7\n\nm8");
        assert_eq!(char_limit(&json!(10)), 250);
        assert_eq!(char_limit(&json!("")), 2000);
        assert_eq!(char_limit(&json!(3000)), 3000);
    }
}
