//! Prompt templates: `{{…}}` variables filled in once.
//!
//! Every template owui fills — a model's system prompt with the request's
//! `variables`, the task prompts, the compaction prompt — goes through
//! [`render`]: one pass over the template as it was written, each `{{name}}`
//! token replaced by its value or left as it is. A filled-in value is never
//! scanned again, so text a user controls (a variable's value, their name,
//! the prompt, a chat message) cannot bring in more variables, and a key
//! cannot match inside another value. The result is at most [`MAX_GROWTH`]
//! bytes longer than the template; beyond that [`render`] fails with
//! [`Error::TooLarge`] (413) instead of building it.
//!
//! Upstream fills the same names by repeated `str.replace`; for templates
//! whose values hold no variables the text is the same.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// How many bytes the filled-in values may add to a template (8 MiB: far
/// over any model's context, far under what hurts the server).
pub const MAX_GROWTH: usize = 8 << 20;

/// The longest name between `{{` and `}}` that is looked up; a longer run
/// is text.
pub const MAX_TOKEN: usize = 512;

/// A profile field (name, e-mail, bio, location, …) is filled in with at
/// most this many characters.
pub const MAX_FIELD_CHARS: usize = 2000;

/// `template` with each `{{name}}` for which `value(name)` is `Some`
/// replaced, in one pass; other `{{…}}` stay as written. Where `{{`s
/// nest (`{{{{x}}`) the innermost one opens the token. Each distinct name
/// is looked up once.
pub fn render<'t, 'v>(
    template: &'t str,
    mut value: impl FnMut(&str) -> Option<Cow<'v, str>>,
) -> Result<String> {
    let b = template.as_bytes();
    let limit = template.len().saturating_add(MAX_GROWTH);
    let mut seen: HashMap<&'t str, Option<Cow<'v, str>>> = HashMap::new();
    let mut out = String::new();
    // template[..copied] is in `out`; tokens are searched from `at`
    let (mut copied, mut at) = (0, 0);
    while let Some(open) = find(b, b"{{", at) {
        let Some(close) = find(b, b"}}", open + 2) else {
            break;
        };
        // the last `{{` before the `}}` opens the token
        let mut start = open;
        while let Some(next) = find(&b[..close], b"{{", start + 1) {
            start = next;
        }
        at = start + 2;
        // `{`, `}` and ASCII are whole characters: the cuts are boundaries
        let name = &template[start + 2..close];
        if name.len() > MAX_TOKEN {
            continue;
        }
        let v = seen.entry(name).or_insert_with(|| value(name));
        let Some(v) = v else { continue };
        let rest = template.len() - (close + 2);
        if out.len() + (start - copied) + v.len() + rest > limit {
            return Err(too_large());
        }
        if out.is_empty() {
            out.reserve(template.len());
        }
        out.push_str(&template[copied..start]);
        out.push_str(v);
        copied = close + 2;
        at = copied;
    }
    if copied == 0 {
        return Ok(template.to_string());
    }
    out.push_str(&template[copied..]);
    Ok(out)
}

fn too_large() -> Error {
    Error::TooLarge(format!(
        "The prompt is too large once its variables are filled in (they may add at most {} MiB).",
        MAX_GROWTH >> 20
    ))
}

/// The first `pat` in `b` at or after `from`.
fn find(b: &[u8], pat: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|i| i + from)
}

/// A profile field as it is filled in: at most [`MAX_FIELD_CHARS`]
/// characters.
pub fn field(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(MAX_FIELD_CHARS) {
        Some((cut, _)) => Cow::Owned(s[..cut].to_string()),
        None => Cow::Borrowed(s),
    }
}

/// `{{CURRENT_DATE}}`, `{{CURRENT_TIME}}`, `{{CURRENT_DATETIME}}` and
/// `{{CURRENT_WEEKDAY}}` at `now`, as upstream formats them.
pub fn clock(name: &str, now: &chrono::DateTime<chrono::Local>) -> Option<String> {
    let fmt = match name {
        "CURRENT_DATE" => "%Y-%m-%d",
        "CURRENT_TIME" => "%I:%M:%S %p",
        "CURRENT_DATETIME" => "%Y-%m-%d %I:%M:%S %p",
        "CURRENT_WEEKDAY" => "%A",
        _ => return None,
    };
    Some(now.format(fmt).to_string())
}

/// A request's prompt variables (the web UI sends
/// `{"{{USER_LOCATION}}": "Paris", ...}`) by the name inside the braces.
/// A key without braces names the same token (`"city"` fills `{{city}}`);
/// empty names are skipped. Values are strings; `null` is empty, another
/// value its JSON text.
pub struct Variables<'a>(HashMap<&'a str, Cow<'a, str>>);

impl<'a> Variables<'a> {
    pub fn of(vars: &'a Map<String, Value>) -> Variables<'a> {
        let mut m = HashMap::with_capacity(vars.len());
        for (k, v) in vars {
            let name = k
                .strip_prefix("{{")
                .and_then(|k| k.strip_suffix("}}"))
                .unwrap_or(k);
            if name.is_empty() || name.len() > MAX_TOKEN {
                continue;
            }
            let v = match v {
                Value::String(s) => Cow::Borrowed(s.as_str()),
                Value::Null => Cow::Borrowed(""),
                other => Cow::Owned(other.to_string()),
            };
            m.insert(name, v);
        }
        Variables(m)
    }

    pub fn get(&self, name: &str) -> Option<Cow<'a, str>> {
        self.0.get(name).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn fill(t: &str, v: &Map<String, Value>) -> Result<String> {
        let v = Variables::of(v);
        render(t, |n| v.get(n))
    }

    #[test]
    fn tokens_are_filled_and_the_rest_stays() {
        let v = vars(json!({"{{USER_NAME}}": "Ada", "city": "Paris", "{{n}}": 3, "{{z}}": null}));
        assert_eq!(
            fill(
                "Hi {{USER_NAME}} of {{city}} {{n}}{{z}}, {{unknown}} {{ USER_NAME }} }}{{",
                &v
            )
            .unwrap(),
            "Hi Ada of Paris 3, {{unknown}} {{ USER_NAME }} }}{{"
        );
        // bare text is not a token, nested braces open at the innermost
        assert_eq!(fill("city {{{{city}}", &v).unwrap(), "city {{Paris");
        assert_eq!(fill("{{{city}}}", &v).unwrap(), "{Paris}");
        assert_eq!(fill("", &v).unwrap(), "");
        assert_eq!(fill("é{{city}}é", &v).unwrap(), "éParisé");
    }

    #[test]
    fn an_empty_key_fills_nothing() {
        let v = vars(json!({"": "x", "{{}}": "y"}));
        assert_eq!(fill("ab {{}} c", &v).unwrap(), "ab {{}} c");
    }

    #[test]
    fn values_are_not_scanned_again() {
        // chained keys: each value holds the next key many times over
        let mut m = Map::new();
        for i in 0..40 {
            m.insert(
                format!("{{{{k{i}}}}}"),
                json!(format!("{{{{k{}}}}}", i + 1).repeat(10)),
            );
        }
        let v = vars(Value::Object(m));
        let out = fill("{{k0}}", &v).unwrap();
        assert_eq!(out, "{{k1}}".repeat(10));
        // a value naming a built-in variable stays as it is
        let m = vars(json!({"{{city}}": "{{USER_NAME}}"}));
        let v = Variables::of(&m);
        let got = render("{{city}} {{USER_NAME}}", |n| {
            v.get(n)
                .or_else(|| (n == "USER_NAME").then_some(Cow::Borrowed("Ada")))
        })
        .unwrap();
        assert_eq!(got, "{{USER_NAME}} Ada");
    }

    #[test]
    fn a_huge_result_is_refused_and_a_huge_template_is_not() {
        let big = "x".repeat(1 << 20);
        let v = vars(json!({"{{a}}": big}));
        assert_eq!(fill("{{a}}{{a}}", &v).unwrap().len(), 2 << 20);
        let e = fill(&"{{a}}".repeat(9), &v).unwrap_err();
        assert!(matches!(e, Error::TooLarge(_)), "{e}");
        // a long template of its own is not refused
        let t = "y".repeat(10 << 20) + "{{a}}";
        assert_eq!(fill(&t, &v).unwrap().len(), (10 << 20) + (1 << 20));
    }

    #[test]
    fn many_braces_take_linear_time() {
        // `{{` without `}}`, and `{{` runs before one `}}`
        let t = "{{".repeat(4 << 20);
        let start = std::time::Instant::now();
        assert_eq!(fill(&t, &Map::new()).unwrap().len(), t.len());
        let t = "{{a".repeat(2 << 20) + "}}";
        let v = vars(json!({"{{a}}": "b"}));
        let out = fill(&t, &v).unwrap();
        assert!(
            out.ends_with("{{ab") && out.len() == t.len() - 4,
            "{}",
            &out[out.len() - 10..]
        );
        let t = format!("{{{{{}}}}}", "n".repeat(4 << 20));
        assert_eq!(fill(&t, &Map::new()).unwrap(), t);
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn each_name_is_looked_up_once() {
        let mut calls = 0;
        let out = render("{{x}}{{x}}{{y}}{{x}}", |_| {
            calls += 1;
            Some(Cow::Borrowed("1"))
        })
        .unwrap();
        assert_eq!((out.as_str(), calls), ("1111", 2));
    }

    #[test]
    fn fields_are_cut() {
        assert_eq!(field("Ada"), "Ada");
        let long = "é".repeat(MAX_FIELD_CHARS + 5);
        assert_eq!(field(&long).chars().count(), MAX_FIELD_CHARS);
    }
}
