//! The extraction servers upstream can hand files to: Apache Tika,
//! docling-serve and an "external" loader, spoken to as upstream does.

use std::path::Path;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

use super::super::Document;
use super::ExtractConfig;
use super::local::object;
use crate::error::{Error, Result};

/// Python's `urllib.parse.quote` (safe = `/`).
const QUOTE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b'/');

fn base(url: &str) -> &str {
    url.trim_end_matches('/')
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn reason(status: reqwest::StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Unknown")
}

/// `PUT {url}/tika/text` with the bytes; the text is `X-TIKA:content`.
pub(super) async fn tika(
    http: &reqwest::Client,
    url: &str,
    bytes: Vec<u8>,
) -> Result<Vec<Document>> {
    let resp = http
        .put(format!("{}/tika/text", base(url)))
        .header("Accept", "application/json")
        .body(bytes)
        .send()
        .await
        .map_err(|e| Error::invalid(format!("Error calling Tika: {e}")))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(Error::invalid(format!(
            "Error calling Tika: {}",
            reason(status)
        )));
    }
    let raw: Value = resp
        .json()
        .await
        .map_err(|e| Error::invalid(format!("Error calling Tika: {e}")))?;
    let text = raw
        .get("X-TIKA:content")
        .and_then(Value::as_str)
        .unwrap_or("<No text content found>")
        .trim()
        .to_string();
    let mut metadata = Map::new();
    if let Some(ct) = raw.get("Content-Type") {
        metadata.insert("Content-Type".into(), ct.clone());
    }
    Ok(vec![Document { text, metadata }])
}

/// A form value as Python's `requests` writes it.
fn form_values(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Bool(true) => vec!["True".into()],
        Value::Bool(false) => vec!["False".into()],
        Value::Number(n) => vec![n.to_string()],
        Value::Array(items) => items.iter().flat_map(form_values).collect(),
        Value::Null => vec![],
        Value::Object(_) => vec![v.to_string()],
    }
}

/// `POST {url}/v1/convert/file` (docling-serve), markdown with a form
/// feed between pages; one document per non-empty page (`page` taken from
/// docling's JSON when it accounts for every page), else one document.
pub(super) async fn docling(
    http: &reqwest::Client,
    cfg: &ExtractConfig,
    path: &Path,
    bytes: Vec<u8>,
    content_type: Option<&str>,
) -> Result<Vec<Document>> {
    const PAGE_BREAK: &str = "\u{c}";
    let params = match &cfg.docling_params {
        Value::Object(m) => m.clone(),
        Value::String(s) => serde_json::from_str::<Map<String, Value>>(s).unwrap_or_default(),
        _ => Map::new(),
    };
    let mut fields = Map::new();
    fields.insert("image_export_mode".into(), "placeholder".into());
    fields.insert("md_page_break_placeholder".into(), PAGE_BREAK.into());
    fields.insert("to_formats".into(), serde_json::json!(["md", "json"]));
    fields.extend(params);

    let mime = content_type.unwrap_or("application/octet-stream");
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(file_name(path))
        .mime_str(mime)
        .map_err(|e| Error::invalid(format!("Error calling Docling: {e}")))?;
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in &fields {
        for value in form_values(v) {
            form = form.text(k.clone(), value);
        }
    }
    form = form.part("files", part);

    let resp = http
        .post(format!("{}/v1/convert/file", base(&cfg.docling_url)))
        .multipart(form)
        .send()
        .await
        .map_err(|e| Error::invalid(format!("Error calling Docling: {e}")))?;
    let status = resp.status();
    if !status.is_success() {
        let body = resp.text().await.unwrap_or_default();
        let mut msg = format!("Error calling Docling API: {}", reason(status));
        if !body.is_empty() {
            match serde_json::from_str::<Value>(&body) {
                Ok(v) => {
                    if let Some(d) = v.get("detail") {
                        let d = d.as_str().map_or_else(|| d.to_string(), str::to_string);
                        msg.push_str(&format!(" - {d}"));
                    }
                }
                Err(_) => msg.push_str(&format!(" - {body}")),
            }
        }
        return Err(Error::invalid(format!("Error calling Docling: {msg}")));
    }
    let result: Value = resp
        .json()
        .await
        .map_err(|e| Error::invalid(format!("Error calling Docling: {e}")))?;
    let conversion = result.get("status").and_then(Value::as_str).unwrap_or("");
    if conversion == "failure" || conversion == "skipped" {
        let details: Vec<&str> = result
            .get("errors")
            .and_then(Value::as_array)
            .map(|errs| {
                errs.iter()
                    .filter_map(|e| e.get("error_message").and_then(Value::as_str))
                    .filter(|m| !m.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let details = if details.is_empty() {
            "no error message provided".to_string()
        } else {
            details.join("; ")
        };
        return Err(Error::invalid(format!(
            "Error calling Docling: conversion status {conversion} - {details}"
        )));
    }
    let document = result.get("document").cloned().unwrap_or(Value::Null);
    let md = document
        .get("md_content")
        .and_then(Value::as_str)
        .unwrap_or("");
    let mut metadata = Map::new();
    if let Some(ct) = content_type {
        metadata.insert("Content-Type".into(), ct.into());
    }
    if md.contains(PAGE_BREAK) {
        let pages: Vec<&str> = md.split(PAGE_BREAK).collect();
        let json = document.get("json_content").cloned().unwrap_or(Value::Null);
        let mut indices: Vec<i64> = [
            "texts",
            "tables",
            "pictures",
            "key_value_items",
            "form_items",
        ]
        .iter()
        .flat_map(|key| {
            json.get(*key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
        .filter(|item| item.get("content_layer").and_then(Value::as_str) == Some("body"))
        .filter_map(|item| item.get("prov")?.get(0)?.get("page_no")?.as_i64())
        .map(|n| n - 1)
        .collect();
        indices.sort();
        indices.dedup();
        if indices.len() != pages.len() {
            indices = (0..pages.len() as i64).collect();
        }
        let docs: Vec<Document> = indices
            .iter()
            .zip(&pages)
            .filter(|(_, page)| !page.trim().is_empty())
            .map(|(i, page)| {
                let mut m = metadata.clone();
                m.insert("page".into(), (*i).into());
                Document {
                    text: page.trim().to_string(),
                    metadata: m,
                }
            })
            .collect();
        if !docs.is_empty() {
            return Ok(docs);
        }
    }
    let text = if md.is_empty() {
        "<No text content found>"
    } else {
        md
    };
    Ok(vec![Document {
        text: text.to_string(),
        metadata,
    }])
}

/// `PUT {url}/process` with the bytes; the answer is one
/// `{page_content, metadata}` or a list of them.
pub(super) async fn external(
    http: &reqwest::Client,
    cfg: &ExtractConfig,
    path: &Path,
    bytes: Vec<u8>,
    content_type: Option<&str>,
) -> Result<Vec<Document>> {
    let mut req = http
        .put(format!("{}/process", base(&cfg.external_url)))
        .bearer_auth(&cfg.external_key)
        .header(
            "X-Filename",
            utf8_percent_encode(&file_name(path), QUOTE).to_string(),
        )
        .body(bytes);
    if let Some(ct) = content_type {
        req = req.header("Content-Type", ct);
    }
    let resp = req
        .send()
        .await
        .map_err(|e| Error::invalid(format!("Error connecting to endpoint: {e}")))?;
    let status = resp.status();
    if !status.is_success() {
        let body = resp.text().await.unwrap_or_default();
        return Err(Error::invalid(format!(
            "Error loading document: {} {body}",
            status.as_u16()
        )));
    }
    let data: Value = resp
        .json()
        .await
        .map_err(|e| Error::invalid(format!("Error loading document: {e}")))?;
    let one = |v: &Value| Document {
        text: v
            .get("page_content")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        metadata: object(v.get("metadata")),
    };
    match &data {
        Value::Object(m) if !m.is_empty() => Ok(vec![one(&data)]),
        Value::Array(items) if !items.is_empty() => Ok(items.iter().map(one).collect()),
        Value::Null | Value::Object(_) | Value::Array(_) => Err(Error::invalid(
            "Error loading document: No content returned",
        )),
        _ => Err(Error::invalid(
            "Error loading document: Unable to parse content",
        )),
    }
}
