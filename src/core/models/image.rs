//! `GET /model/profile/image`: a model's avatar or the default one.

use serde_json::Value;

use super::*;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::error::Result;

/// The path to redirect to for a same-origin `/static/...` image, after
/// decoding and normalising (None for anything else).
fn safe_static_path(url: &str) -> Option<String> {
    fn unquote(s: &str) -> String {
        let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        let b = s.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%'
                && i + 2 < b.len()
                && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
            {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
            out.push(b[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    let mut path = url.split('?').next()?.split('#').next()?.trim().to_string();
    for _ in 0..2 {
        let d = unquote(&path);
        if d == path {
            break;
        }
        path = d;
    }
    if unquote(&path) != path || path.contains(['\0', '\\']) || !path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let normalized = format!("/{}", parts.join("/"));
    if normalized == "/static" {
        return Some("/static/".into());
    }
    normalized.starts_with("/static/").then_some(normalized)
}

/// `GET /model/profile/image`: the stored image when the caller may read
/// the model, else (and when there is none) the default image. Never an
/// error, so model ids cannot be probed.
pub fn profile_image(cx: &Ctx, actor: &Actor, id: &str) -> Result<ProfileImage> {
    actor.require_verified()?;
    let bypass = bypass_model(cx) || bypass_admin(cx, actor);
    let mut url = None;
    let mut updated_at = None;
    if let Some(m) = cx.db.read(|c| store::get(c, id))?
        && (bypass || m.user_id == actor.id || granted(cx, actor, id, "read")?)
    {
        url = m
            .meta
            .get("profile_image_url")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        updated_at = Some(m.updated_at);
    }
    if url.is_none()
        && let Some(meta) = arena_meta(cx, actor, id, bypass)?
    {
        url = meta
            .get("profile_image_url")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
    }
    let default = ProfileImage::Redirect(DEFAULT_IMAGE.into());
    let Some(url) = url else {
        return Ok(default);
    };
    if url.starts_with("http") {
        return Ok(if cx.cfg.bool("ENABLE_PROFILE_IMAGE_URL_FORWARDING") {
            ProfileImage::Redirect(url)
        } else {
            default
        });
    }
    if url.starts_with("data:image") {
        let Some((header, data)) = url.split_once(',') else {
            return Ok(default);
        };
        let mime = header
            .split(';')
            .next()
            .unwrap_or("")
            .trim_start_matches(['d', 'a', 't', ':'])
            .to_lowercase();
        if !validate::IMAGE_TYPES.contains(&mime.as_str()) {
            return Ok(default);
        }
        use base64::Engine;
        let clean: String = data.chars().filter(|c| !c.is_whitespace()).collect();
        return Ok(
            match base64::engine::general_purpose::STANDARD.decode(clean.as_bytes()) {
                Ok(bytes) => ProfileImage::Bytes {
                    mime,
                    data: bytes,
                    etag: updated_at.filter(|t| *t != 0).map(|t| format!("\"{t}\"")),
                },
                Err(_) => default,
            },
        );
    }
    Ok(safe_static_path(&url)
        .map(ProfileImage::Redirect)
        .unwrap_or(default))
}
