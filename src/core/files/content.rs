//! A file's bytes and text as the content routes send them: the raw
//! bytes labelled as files.md §6 says, the HTML view of an admin's
//! upload, the named download (with the extracted text when the bytes
//! are gone) and the extracted text alone.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::model::{Download, FileModel, NamedDownload};
use super::{ORIGINAL_UNAVAILABLE, default_error, local_path, readable};
use crate::core::Ctx;
use crate::core::actor::{Actor, Role};
use crate::core::users;
use crate::error::{Error, Result};

/// Python's `urllib.parse.quote` (safe `/`): RFC 5987 for
/// `filename*=UTF-8''…`.
pub(super) fn quote(s: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SET: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b'/');
    utf8_percent_encode(s, SET).to_string()
}

/// Starlette's `FileResponse` type: given, else guessed from the stored
/// name, else `text/plain`; `text/*` gets `; charset=utf-8`.
fn response_type(given: Option<String>, stored: &Path) -> String {
    let t = given.unwrap_or_else(|| {
        mime_guess::from_path(stored)
            .first_raw()
            .unwrap_or("text/plain")
            .to_string()
    });
    if t.starts_with("text/") && !t.contains("charset=") {
        format!("{t}; charset=utf-8")
    } else {
        t
    }
}

/// `attachment; filename*=UTF-8''<name>` for the file's display name.
fn attachment(f: &FileModel) -> String {
    format!("attachment; filename*=UTF-8''{}", quote(&f.display_name()))
}

/// The stored bytes of a row when they are there.
fn stored_file(cx: &Ctx, f: &FileModel) -> Option<PathBuf> {
    let path = local_path(cx, f.path.as_deref()?)?;
    path.is_file().then_some(path)
}

/// `GET /api/v1/files/{id}/content`: where the bytes are and how to label
/// them (files.md §6).
pub fn content(cx: &Ctx, actor: &Actor, id: &str, attachment: bool) -> Result<Download> {
    let f = readable(cx, actor, id)?;
    let Some(stored) = f.path.as_deref() else {
        return Err(Error::NotFound(ORIGINAL_UNAVAILABLE.into()));
    };
    let path = local_path(cx, stored).ok_or_else(Error::not_found)?;
    if !path.is_file() {
        return Err(Error::not_found());
    }
    let name = f.display_name();
    let encoded = quote(&name);
    let mut ct = f.content_type();
    let disposition = if attachment {
        Some(format!("attachment; filename*=UTF-8''{encoded}"))
    } else if ct.as_deref() == Some("application/pdf") || name.to_lowercase().ends_with(".pdf") {
        ct = Some("application/pdf".into());
        Some(format!("inline; filename*=UTF-8''{encoded}"))
    } else if ct.as_deref() != Some("text/plain") {
        Some(format!("attachment; filename*=UTF-8''{encoded}"))
    } else {
        None
    };
    Ok(Download {
        content_type: Some(response_type(ct, &path)),
        path,
        disposition,
    })
}

/// `GET /api/v1/files/{id}/content/html`: the bytes of a file an admin
/// uploaded, typed from the stored name, with no disposition (the web UI
/// shows them in a sandboxed frame). Anyone else's upload is not found,
/// as upstream: rendering a user's HTML under the server's origin is
/// what the rule keeps out.
pub fn content_html(cx: &Ctx, actor: &Actor, id: &str) -> Result<Download> {
    let f = readable(cx, actor, id)?;
    let owner = match users::get(cx, &Actor::system(), &f.user_id) {
        Ok(u) => u,
        Err(Error::NotFound(_)) => return Err(Error::not_found()),
        Err(e) => return Err(e),
    };
    if owner.role != Role::Admin {
        return Err(Error::not_found());
    }
    let Some(stored) = f.path.as_deref() else {
        return Err(default_error("Error getting file content"));
    };
    let path = local_path(cx, stored).ok_or_else(Error::not_found)?;
    if !path.is_file() {
        return Err(Error::not_found());
    }
    Ok(Download {
        content_type: Some(response_type(None, &path)),
        path,
        disposition: None,
    })
}

/// `GET /api/v1/files/{id}/content/{file_name}`: the bytes as an
/// attachment under the file's name (typed from the stored name); when
/// they are gone, the extracted text (`data.content`) as `text/plain`
/// under the same name.
pub fn content_named(cx: &Ctx, actor: &Actor, id: &str) -> Result<NamedDownload> {
    let f = readable(cx, actor, id)?;
    let disposition = attachment(&f);
    Ok(match stored_file(cx, &f) {
        Some(path) => NamedDownload::File(Download {
            content_type: Some(response_type(None, &path)),
            path,
            disposition: Some(disposition),
        }),
        None => NamedDownload::Text {
            text: text_of(&f),
            disposition,
        },
    })
}

/// `data.content`, the extracted text, or "" when there is none.
fn text_of(f: &FileModel) -> String {
    f.data
        .as_ref()
        .and_then(|d| d.get("content"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// `GET /api/v1/files/{id}/data/content`: the extracted text, "" when
/// there is none.
pub fn data_content(cx: &Ctx, actor: &Actor, id: &str) -> Result<String> {
    readable(cx, actor, id).map(|f| text_of(&f))
}
