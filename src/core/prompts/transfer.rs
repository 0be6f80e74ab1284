//! Prompts to and from the JSON the web UI exports (the list of
//! `GET /api/v1/prompts/`) and imports (`command`, `name`, `content` of
//! each item; `title` of old exports as the name).

use serde_json::Value;

use super::*;

/// The prompts the web UI's "Export JSON" writes: the active prompts the
/// caller may read. Needs `workspace.prompts_export` (admins exempt).
pub fn export(cx: &Ctx, actor: &Actor) -> Result<Vec<Prompt>> {
    actor.require_verified()?;
    if !actor.is_admin() && !users::permissions::has(cx, &actor.id, "workspace.prompts_export")? {
        return Err(Error::NotPermitted(msg::UNAUTHORIZED.into()));
    }
    list(cx, actor)
}

fn field<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| v.get(*k).and_then(Value::as_str))
}

/// One exported item as a create form; legacy commands lose their `/`.
fn form_of(i: usize, v: &Value) -> Result<PromptForm> {
    let bad = |what: &str| Error::invalid(format!("item {}: {what}", i + 1));
    let command = field(v, &["command"]).ok_or_else(|| bad("no command"))?;
    let command = command.strip_prefix('/').unwrap_or(command);
    let name = field(v, &["name", "title"]).ok_or_else(|| bad("no name"))?;
    let content = field(v, &["content"]).ok_or_else(|| bad("no content"))?;
    let mut f = PromptForm::new(command, name, content);
    f.tags = v
        .get("tags")
        .and_then(|t| serde_json::from_value(t.clone()).ok());
    Ok(f)
}

/// Create every item as a new prompt owned by the caller, all or none (a
/// taken command refuses the whole import). Sharing is not imported.
/// Needs `workspace.prompts_import` or `workspace.prompts` (admins exempt).
pub fn import(cx: &Ctx, actor: &Actor, items: &[Value]) -> Result<Vec<Prompt>> {
    actor.require_verified()?;
    if !may_create(cx, actor)? {
        return Err(Error::NotPermitted(msg::UNAUTHORIZED.into()));
    }
    let forms = items
        .iter()
        .enumerate()
        .map(|(i, v)| form_of(i, v))
        .collect::<Result<Vec<_>>>()?;
    let ids = cx.db.write(|tx| {
        forms
            .iter()
            .map(|f| {
                insert_tx(tx, &actor.id, f, &[]).map_err(|e| match e {
                    Error::Invalid(m) if m == COMMAND_TAKEN => {
                        Error::invalid(format!("/{}: {m}", f.command))
                    }
                    e => e,
                })
            })
            .collect::<Result<Vec<_>>>()
    })?;
    ids.iter()
        .map(|id| find(cx, id)?.ok_or_else(Error::not_found))
        .collect()
}
