//! Files a model refers to: background images (files the caller may
//! read, checked to be PNG, JPEG, WebP or GIF; inlined as data URIs on
//! export) and knowledge files.

use std::collections::BTreeMap;

use base64::Engine;
use serde_json::Value;

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::files;
use crate::error::{Error, Result, msg};

const MAX_BYTES: usize = 5 * 1024 * 1024;

/// The MIME type of image bytes, by their signature.
fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if data.starts_with(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

fn file_id(url: &str) -> &str {
    let parts: Vec<&str> = url.split('/').collect();
    parts
        .get(parts.len().saturating_sub(2))
        .copied()
        .unwrap_or("")
}

/// The bytes and type of the file behind a background URL.
fn read(cx: &Ctx, actor: &Actor, url: &str) -> Result<(Vec<u8>, &'static str)> {
    let d = files::content(cx, actor, file_id(url), false)?;
    let data = std::fs::read(&d.path)?;
    if data.len() > MAX_BYTES {
        return Err(Error::invalid("Background image must be at most 5 MiB."));
    }
    let Some(t) = sniff(&data) else {
        // other image formats are named; anything else is not an image
        let other_image = data.starts_with(b"BM")
            || data.starts_with(b"II*\0")
            || data.starts_with(b"MM\0*")
            || data.starts_with(b"\0\0\x01\0");
        return Err(Error::invalid(if other_image {
            "Background image must be PNG, JPEG, WebP, or GIF."
        } else {
            "Invalid background image."
        }));
    };
    Ok((data, t))
}

/// A new background image must be a file the caller may read (forbidden
/// otherwise) holding an image (invalid otherwise). Unchanged URLs are not
/// checked.
pub fn verify(cx: &Ctx, actor: &Actor, url: Option<&str>, previous: Option<&str>) -> Result<()> {
    let Some(url) = url.filter(|u| !u.is_empty()) else {
        return Ok(());
    };
    if Some(url) == previous {
        return Ok(());
    }
    if files::get(cx, actor, file_id(url)).is_err() {
        return Err(Error::forbidden("Background image is not accessible."));
    }
    match read(cx, actor, url) {
        Ok(_) => Ok(()),
        Err(Error::Invalid(m)) => Err(Error::Invalid(m)),
        Err(_) => Err(Error::invalid("Invalid background image.")),
    }
}

/// The image as a data URI, for export.
pub fn inline(cx: &Ctx, model_id: &str, url: &str) -> Result<String> {
    let (data, t) = read(cx, &Actor::system(), url).map_err(|_| {
        Error::invalid(format!("Could not export background for model {model_id}."))
    })?;
    Ok(format!(
        "data:{t};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(data)
    ))
}

/// A non-admin may attach only knowledge files they can read (forbidden
/// otherwise).
pub fn check_knowledge(cx: &Ctx, actor: &Actor, meta: &Value) -> Result<()> {
    if actor.is_admin() {
        return Ok(());
    }
    let Some(items) = meta.get("knowledge").and_then(Value::as_array) else {
        return Ok(());
    };
    for item in items {
        if item.get("type").and_then(Value::as_str) != Some("file") {
            continue;
        }
        let Some(id) = item
            .get("id")
            .and_then(Value::as_str)
            .filter(|i| !i.is_empty())
        else {
            continue;
        };
        if files::get(cx, actor, id).is_err() {
            return Err(Error::forbidden(msg::ACCESS_PROHIBITED));
        }
    }
    Ok(())
}

/// Models referring to a file: `{model id: owner id}` of presets listing
/// it as a knowledge file, and with `include_background` also any model
/// using it as background image or voice avatar asset (upstream's
/// `get_model_owner_ids_by_file_id`, for file access checks).
pub fn owners_of_file(
    cx: &Ctx,
    file_id: &str,
    include_background: bool,
) -> Result<BTreeMap<String, String>> {
    let url = format!("/api/v1/files/{file_id}/content");
    let mut out = BTreeMap::new();
    for m in cx.db.read(super::store::all)? {
        if !include_background && !m.is_preset() {
            continue;
        }
        let meta = &m.meta;
        let knowledge = meta
            .get("knowledge")
            .and_then(Value::as_array)
            .is_some_and(|k| {
                k.iter().any(|i| {
                    i.get("type").and_then(Value::as_str) == Some("file")
                        && i.get("id").and_then(Value::as_str) == Some(file_id)
                })
            });
        let avatar = meta.get("voice_avatar");
        let asset = |a: &Value| a.get("file_id").and_then(Value::as_str) == Some(file_id);
        let background = include_background
            && (meta.get("background_image_url").and_then(Value::as_str) == Some(url.as_str())
                || avatar.is_some_and(|a| {
                    asset(a)
                        || a.get("states")
                            .and_then(Value::as_object)
                            .is_some_and(|s| s.values().any(asset))
                        || a.get("gestures")
                            .and_then(Value::as_array)
                            .is_some_and(|g| g.iter().any(asset))
                }));
        if knowledge || background {
            out.insert(m.id.clone(), m.user_id.clone());
        }
    }
    Ok(out)
}

/// An imported `background_image_data` (a data URI): checked, stored as a
/// new file of the caller, and returned as its content URL.
pub fn upload_inline(cx: &Ctx, actor: &Actor, data: &Value) -> Result<String> {
    let max_len = 4 * MAX_BYTES.div_ceil(3) + 64;
    let Some(text) = data.as_str().filter(|t| t.len() <= max_len) else {
        return Err(Error::invalid("Background image must be at most 5 MiB."));
    };
    let Some((header, payload)) = text.split_once(',') else {
        return Err(Error::invalid("Invalid background image data URI."));
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(payload.as_bytes())
        .map_err(|e| Error::invalid(e.to_string()))?;
    if bytes.len() > MAX_BYTES {
        return Err(Error::invalid("Background image must be at most 5 MiB."));
    }
    let t = sniff(&bytes).ok_or_else(|| Error::invalid("Invalid background image."))?;
    if header != format!("data:{t};base64") {
        return Err(Error::invalid("Invalid background image data URI."));
    }
    let staged = files::Staged::from_bytes(cx, &bytes)?;
    let up = files::upload(
        cx,
        actor,
        files::UploadForm {
            filename: format!("background.{}", t.trim_start_matches("image/")),
            content_type: Some(t.into()),
            metadata: None,
            process: false,
        },
        staged,
    )?;
    Ok(format!("/api/v1/files/{}/content", up.file.id))
}
