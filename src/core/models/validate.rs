//! Shapes and checks of a model's `meta` and `params`, as upstream's
//! pydantic models (`ModelMeta`, `ModelParams`, `ModelControl`) do them,
//! plus the chat-variables schema read from the system prompt.

use serde_json::{Map, Value, json};

use crate::error::{Error, Result};

pub const MODEL_ID_TAKEN: &str =
    "Uh-oh! This model id is already registered. Please choose another model id string.";
pub const MODEL_ID_TOO_LONG: &str =
    "The model id is too long. Please make sure your model id is less than 256 characters long.";
const ID_PATTERN: &str = "String should match pattern '^\\S+$'";

/// The declared `ModelMeta` fields, always present (null when unset).
const META_FIELDS: [&str; 8] = [
    "profile_image_url",
    "background_image_url",
    "description",
    "i18n",
    "capabilities",
    "knowledge",
    "voice",
    "voice_avatar",
];

/// MIME types served inline as model images.
pub const IMAGE_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/// The body's `id` pattern (`^\S+$`): malformed, like pydantic's check.
pub fn check_id_pattern(id: &str) -> Result<()> {
    if id.is_empty() || id.chars().any(char::is_whitespace) {
        return Err(Error::malformed(ID_PATTERN));
    }
    Ok(())
}

/// Upstream's `is_valid_model_id`: non-empty, at most 256 characters, no
/// whitespace.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().count() <= 256 && !id.chars().any(char::is_whitespace)
}

/// The create check after the pattern: invalid when too long.
pub fn check_id_length(id: &str) -> Result<()> {
    if !is_valid_id(id) {
        return Err(Error::invalid(MODEL_ID_TOO_LONG));
    }
    Ok(())
}

/// `validate_image_url` for profile images: a known static path, a user
/// profile image route, an http(s) URL with a host, or a raster data URI.
pub fn profile_url_ok(url: &str) -> bool {
    if url.is_empty() || ["/user.png", "/favicon.png", "/static/favicon.png"].contains(&url) {
        return true;
    }
    if let Some(rest) = url.strip_prefix("/api/v1/users/")
        && let Some(uid) = rest.strip_suffix("/profile/image")
        && !uid.is_empty()
        && !uid.contains(['/', '?', '#'])
    {
        return true;
    }
    let lower = url.to_ascii_lowercase();
    for scheme in ["http://", "https://"] {
        if lower.starts_with(scheme) {
            let rest = &url[scheme.len()..];
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = authority.rsplit('@').next().unwrap_or("");
            let host = if host.starts_with('[') {
                host.split(']').next().unwrap_or("").trim_start_matches('[')
            } else {
                host.split(':').next().unwrap_or("")
            };
            return !host.is_empty();
        }
    }
    IMAGE_TYPES.iter().any(|t| {
        let prefix = format!("data:{t};base64,");
        lower.starts_with(&prefix)
    })
}

/// `/api/v1/files/<uuid>/content`, the only background image URL allowed.
pub fn background_url_ok(url: &str) -> bool {
    let Some(id) = url
        .strip_prefix("/api/v1/files/")
        .and_then(|r| r.strip_suffix("/content"))
    else {
        return false;
    };
    let parts: Vec<&str> = id.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    parts.len() == 5
        && parts.iter().zip(lens).all(|(p, n)| {
            p.len() == n
                && p.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

/// Tags as `[{name}]`: strings become objects, blanks are dropped.
pub fn normalize_tags(tags: &Value) -> Value {
    let Value::Array(items) = tags else {
        return json!([]);
    };
    Value::Array(
        items
            .iter()
            .filter_map(|t| {
                let name = match t {
                    Value::Object(o) => o.get("name").and_then(Value::as_str),
                    Value::String(s) => Some(s.as_str()),
                    _ => None,
                }?;
                let name = name.trim();
                (!name.is_empty()).then(|| json!({ "name": name }))
            })
            .collect(),
    )
}

/// Tag names of a meta (objects' `name`, other values as text).
pub fn tag_names(meta: &Value) -> Vec<String> {
    meta.get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|t| match t {
                    Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
                    Value::String(s) => Some(s.clone()),
                    Value::Null => None,
                    other => Some(other.to_string()),
                })
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn strip_knowledge_content(knowledge: &mut Value) {
    let Value::Array(items) = knowledge else {
        return;
    };
    for item in items {
        if let Some(Value::Object(d)) = item.get_mut("data") {
            d.shift_remove("content");
        }
        if let Some(Value::Object(d)) = item.get_mut("file").and_then(|f| f.get_mut("data")) {
            d.shift_remove("content");
        }
    }
}

/// `ModelMeta`: the declared fields first (null when unset), then the
/// other keys as given. Invalid profile images become null; an invalid
/// background image URL is refused (malformed).
pub fn normalize_meta(meta: &Value) -> Result<Value> {
    let Value::Object(m) = meta else {
        return Err(Error::malformed("Input should be a valid dictionary"));
    };
    let mut out = Map::new();
    for k in META_FIELDS {
        out.insert(k.into(), m.get(k).cloned().unwrap_or(Value::Null));
    }
    match &out["profile_image_url"] {
        Value::String(s) if profile_url_ok(s) => {}
        _ => {
            out["profile_image_url"] = Value::Null;
        }
    }
    match &out["background_image_url"] {
        Value::Null => {}
        Value::String(s) if background_url_ok(s) => {}
        _ => {
            return Err(Error::malformed(
                "Value error, Invalid background image URL: must reference an internal file.",
            ));
        }
    }
    if let Value::String(_) | Value::Null = out["description"] {
    } else {
        return Err(Error::malformed(
            "meta.description: Input should be a valid string",
        ));
    }
    strip_knowledge_content(&mut out["knowledge"]);
    if let Value::Object(v) = &out["voice"] {
        let voice = v.get("voice").cloned().unwrap_or(Value::Null);
        if let Value::String(s) = &voice
            && (s.is_empty() || s.chars().count() > 200 || s.chars().any(char::is_whitespace))
        {
            return Err(Error::malformed(
                "meta.voice.voice: String should match pattern '^\\S+$'",
            ));
        }
        out["voice"] = json!({ "voice": voice });
    }
    for (k, v) in m {
        if META_FIELDS.contains(&k.as_str()) {
            continue;
        }
        let v = if k == "tags" {
            normalize_tags(v)
        } else {
            v.clone()
        };
        out.insert(k.clone(), v);
    }
    Ok(Value::Object(out))
}

fn control_key_ok(k: &str) -> bool {
    let mut cs = k.chars();
    cs.next().is_some_and(|c| c.is_ascii_alphabetic())
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && k != "constructor"
        && k != "prototype"
}

fn label_ok(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .filter(|s| s.chars().any(|c| !c.is_whitespace()))
        .map(str::to_string)
}

fn bad(m: &str) -> Error {
    Error::malformed(format!("params.model_controls: {m}"))
}

fn normalize_control(c: &Value) -> Result<Value> {
    let Value::Object(c) = c else {
        return Err(bad("Input should be a valid dictionary"));
    };
    let display = match c.get("display") {
        None | Some(Value::Null) => "menu",
        Some(Value::String(s)) if s == "menu" || s == "slider" => s.as_str(),
        _ => return Err(bad("Input should be 'menu' or 'slider'")),
    };
    let label = label_ok(c.get("label")).ok_or_else(|| bad("a label is required"))?;
    let Some(Value::Object(options)) = c.get("options") else {
        return Err(bad("options should be a dictionary"));
    };
    if options.is_empty() {
        return Err(bad("at least one option is required"));
    }
    let mut opts = Map::new();
    for (k, o) in options {
        if !control_key_ok(k) {
            return Err(bad(&format!("invalid option key `{k}`")));
        }
        let label = label_ok(o.get("label")).ok_or_else(|| bad("an option needs a label"))?;
        let Some(params @ Value::Object(_)) = o.get("params") else {
            return Err(bad("an option needs params"));
        };
        opts.insert(k.clone(), json!({"label": label, "params": params}));
    }
    if display == "slider" && opts.len() < 2 {
        return Err(bad("Value error, A slider needs at least two options."));
    }
    let mut out = Map::new();
    if display != "menu" {
        out.insert("display".into(), json!(display));
    }
    out.insert("label".into(), json!(label));
    match c.get("description") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => {
            out.insert("description".into(), json!(s));
        }
        _ => return Err(bad("description should be a string")),
    }
    match c.get("default") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if opts.contains_key(s) => {
            out.insert("default".into(), json!(s));
        }
        _ => return Err(bad("Value error, Default must name an approved option.")),
    }
    out.insert("options".into(), Value::Object(opts));
    Ok(Value::Object(out))
}

/// `ModelParams`: an open object; `model_controls` is checked and left out
/// when empty.
pub fn normalize_params(params: &Value) -> Result<Value> {
    let Value::Object(p) = params else {
        return Err(Error::malformed("Input should be a valid dictionary"));
    };
    let mut out = p.clone();
    match out.get("model_controls") {
        None => {}
        Some(Value::Null) => {
            out.shift_remove("model_controls");
        }
        Some(Value::Object(controls)) => {
            let mut checked = Map::new();
            for (k, c) in controls {
                if !control_key_ok(k) {
                    return Err(bad(&format!("invalid control key `{k}`")));
                }
                checked.insert(k.clone(), normalize_control(c)?);
            }
            if checked.is_empty() {
                out.shift_remove("model_controls");
            } else {
                out.insert("model_controls".into(), Value::Object(checked));
            }
        }
        Some(_) => return Err(bad("Input should be a valid dictionary")),
    }
    Ok(Value::Object(out))
}

/// The params `/api/models` shows everyone: control labels and the
/// compaction threshold, never the system prompt.
pub fn public_params(params: &Value) -> Value {
    let mut out = Map::new();
    if let Some(Value::Object(controls)) = params.get("model_controls")
        && !controls.is_empty()
    {
        let mut mc = Map::new();
        for (k, c) in controls {
            let mut o = Map::new();
            for f in ["label", "description", "default", "display"] {
                if let Some(v) = c.get(f) {
                    o.insert(f.into(), v.clone());
                }
            }
            let options: Map<String, Value> = c
                .get("options")
                .and_then(Value::as_object)
                .map(|opts| {
                    opts.iter()
                        .map(|(ok, ov)| {
                            (
                                ok.clone(),
                                json!({"label": ov.get("label").cloned().unwrap_or(Value::Null)}),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            o.insert("options".into(), Value::Object(options));
            mc.insert(k.clone(), Value::Object(o));
        }
        out.insert("model_controls".into(), Value::Object(mc));
    }
    if let Some(v) = params.get("compact_token_threshold") {
        out.insert("compact_token_threshold".into(), v.clone());
    }
    Value::Object(out)
}

/// A history snapshot: `{name, base_model_id, params, meta}` without the
/// unversioned `meta.hidden` and the computed `meta.chat_variables_schema`.
pub fn snapshot(name: &str, base_model_id: &Option<String>, params: &Value, meta: &Value) -> Value {
    let mut meta = meta.clone();
    if let Value::Object(m) = &mut meta {
        m.shift_remove("hidden");
        m.shift_remove("chat_variables_schema");
    }
    json!({"name": name, "base_model_id": base_model_id, "params": params, "meta": meta})
}

// ---------------------------------------------------------------------------
// Chat variables: `{{ chat.variables.<key> | <type>:<prop>=<value>... }}`.

fn split_properties(value: &str, delimiter: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escape = false;
    for ch in value.chars() {
        if escape {
            current.push(ch);
            escape = false;
            continue;
        }
        if ch == '\\' {
            current.push(ch);
            escape = true;
            continue;
        }
        if ch == '"' {
            in_string = !in_string;
            current.push(ch);
            continue;
        }
        if !in_string {
            match ch {
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                _ => {}
            }
            if ch == delimiter && depth == 0 {
                out.push(current.trim().to_string());
                current.clear();
                continue;
            }
        }
        current.push(ch);
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

fn parse_json_value(v: &str) -> Value {
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        return json!(v[1..v.len() - 1]);
    }
    if v.starts_with(['[', '{']) {
        return serde_json::from_str(v).unwrap_or_else(|_| json!(v));
    }
    json!(v)
}

fn parse_definition(def: &str) -> Map<String, Value> {
    let parts = split_properties(def, ':');
    let mut out = Map::new();
    let Some((first, rest)) = parts.split_first() else {
        out.insert("type".into(), json!("text"));
        return out;
    };
    let ty = first.strip_prefix("type=").unwrap_or(first).trim();
    out.insert(
        "type".into(),
        json!(if ty.is_empty() { "text" } else { ty }),
    );
    for part in rest {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let eq = split_properties(part, '=');
        if eq.len() == 1 {
            out.insert(eq[0].trim().to_string(), json!(true));
            continue;
        }
        out.insert(
            eq[0].trim().to_string(),
            parse_json_value(eq[1..].join("=").trim()),
        );
    }
    out
}

fn safe_field(key: &str, def: &Map<String, Value>) -> Map<String, Value> {
    let mut allowed = [
        "default",
        "label",
        "max",
        "maxlength",
        "min",
        "minlength",
        "options",
        "placeholder",
        "required",
        "step",
        "type",
    ];
    allowed.sort();
    let mut f = Map::new();
    f.insert("key".into(), json!(key));
    for k in allowed {
        if let Some(v) = def.get(k) {
            f.insert(k.into(), v.clone());
        }
    }
    if !f.contains_key("type") {
        f.insert("type".into(), json!("text"));
    }
    if f["type"] == "select" && !f.get("options").is_some_and(Value::is_array) {
        f.insert("options".into(), json!([]));
    }
    let required = match f.get("required") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        _ => true,
    };
    f.insert("required".into(), json!(required));
    f
}

/// `(key, definition)` of every `{{ chat.variables.<key> | def }}`.
fn variable_refs(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{") {
        let start = from + i;
        from = start + 2;
        let rest = text[start + 2..].trim_start();
        let Some(rest) = rest.strip_prefix("chat.variables.") else {
            continue;
        };
        let key_end = rest
            .find(|c: char| c.is_whitespace() || c == '|' || c == '}')
            .unwrap_or(rest.len());
        if key_end == 0 {
            continue;
        }
        let key = &rest[..key_end];
        let after = rest[key_end..].trim_start();
        if let Some(def) = after.strip_prefix('|') {
            let def = def.trim_start();
            let end = def.find('}').unwrap_or(def.len());
            if def[end..].starts_with("}}") {
                out.push((key.to_string(), Some(def[..end].to_string())));
            }
        } else if after.starts_with("}}") {
            out.push((key.to_string(), None));
        }
    }
    out
}

/// The form the frontend shows for a system prompt's chat variables
/// (`{"fields": [...]}`), or None when it declares none (or declares them
/// badly).
pub fn chat_variables_schema(system: Option<&str>) -> Option<Value> {
    let system = system.filter(|s| !s.is_empty())?;
    let mut fields: Map<String, Value> = Map::new();
    let mut typed: Map<String, Value> = Map::new();
    for (key, def) in variable_refs(system) {
        let key_ok = key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok {
            return None;
        }
        let def = def.filter(|d| !d.trim().is_empty());
        let Some(def) = def else {
            if !fields.contains_key(&key) {
                let mut d = Map::new();
                d.insert("type".into(), json!("text"));
                fields.insert(key.clone(), Value::Object(safe_field(&key, &d)));
            }
            continue;
        };
        let field = Value::Object(safe_field(&key, &parse_definition(def.trim())));
        if field["type"] == "select"
            && field
                .get("options")
                .is_none_or(|o| o.as_array().is_none_or(Vec::is_empty))
        {
            return None;
        }
        if let Some(prev) = typed.get(&key)
            && prev != &field
        {
            return None;
        }
        typed.insert(key.clone(), field.clone());
        fields.insert(key, field);
    }
    if fields.is_empty() {
        return None;
    }
    Some(json!({"fields": fields.into_iter().map(|(_, v)| v).collect::<Vec<_>>()}))
}

/// Add (or drop) `meta.chat_variables_schema` from `params.system`.
pub fn with_chat_variables(mut v: Value) -> Value {
    let schema = chat_variables_schema(v.pointer("/params/system").and_then(Value::as_str));
    match (schema, v.get_mut("meta")) {
        (Some(s), Some(Value::Object(m))) => {
            m.insert("chat_variables_schema".into(), s);
        }
        (None, Some(Value::Object(m))) => {
            m.shift_remove("chat_variables_schema");
        }
        _ => {}
    }
    v
}
