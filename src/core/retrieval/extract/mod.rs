//! Turning a stored file into text: upstream's document loaders.
//!
//! The engine comes from `rag.content_extraction_engine`. `tika`, `docling`
//! and `external` send the file to a server (text-like files are still read
//! here for the first two, as upstream does); every other value, and an
//! engine whose settings are missing, uses the built-in loaders, chosen by
//! the file's extension and then its content type. Built-in parsing runs on
//! a blocking thread, behind `catch_unwind` and a time limit, so a hostile
//! file yields an error, never a panic or a stuck worker.

mod local;
mod remote;

use std::io::Cursor;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::Document;
use crate::error::{Error, Result};

/// Extraction settings (the `rag.*` keys; `Default` is upstream's defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractConfig {
    /// `rag.content_extraction_engine`: `""` (built-in), `"tika"`,
    /// `"docling"`, `"external"`; engines owui lacks fall back to built-in.
    pub engine: String,
    /// `rag.tika_server_url`.
    pub tika_url: String,
    /// `rag.docling_server_url`.
    pub docling_url: String,
    /// `rag.docling_params`: extra form fields for docling-serve (an object,
    /// or a string holding one).
    pub docling_params: Value,
    /// `rag.external_document_loader_url`.
    pub external_url: String,
    /// `rag.external_document_loader_api_key`.
    pub external_key: String,
    /// `rag.pdf_loader_mode`: `"page"` (one document per page) or `"single"`.
    pub pdf_loader_mode: String,
    /// The upload limit in bytes (`rag.file.max_size` × 1 MiB), which also
    /// caps how far a zip-based document may decompress (100 MiB when unset).
    pub max_upload_size: Option<u64>,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        ExtractConfig {
            engine: String::new(),
            tika_url: "http://tika:9998".into(),
            docling_url: "http://docling:5001".into(),
            docling_params: Value::Object(Default::default()),
            external_url: String::new(),
            external_key: String::new(),
            pdf_loader_mode: "page".into(),
            max_upload_size: None,
        }
    }
}

/// Upstream's message for a zip-based document that decompresses too far.
pub const ARCHIVE_TOO_LARGE: &str = "Document archive is too large after decompression";

/// How long the built-in parsers may work on one file.
const PARSE_TIME_LIMIT: Duration = Duration::from_secs(120);

/// Extensions read as plain text whatever their content type (upstream's list).
const SOURCE_EXTENSIONS: &[&str] = &[
    "go",
    "py",
    "java",
    "sh",
    "bat",
    "ps1",
    "cmd",
    "js",
    "ts",
    "css",
    "cpp",
    "hpp",
    "h",
    "c",
    "cs",
    "ino",
    "sql",
    "log",
    "ini",
    "pl",
    "pm",
    "r",
    "dart",
    "dockerfile",
    "env",
    "php",
    "hs",
    "hsc",
    "lua",
    "nginxconf",
    "conf",
    "m",
    "mm",
    "plsql",
    "perl",
    "rb",
    "rs",
    "db2",
    "scala",
    "bash",
    "swift",
    "vue",
    "svelte",
    "ex",
    "exs",
    "erl",
    "tsx",
    "jsx",
    "lhs",
    "json",
    "yaml",
    "yml",
    "toml",
    "svg",
];

const ARCHIVE_EXTENSIONS: &[&str] = &["docx", "epub", "odt", "pptx", "xlsx"];
const ARCHIVE_TYPES: &[&str] = &[
    "application/epub+zip",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
];

/// The text of a stored file as documents with upstream's metadata
/// (`source` = the stored path; PDFs in page mode add `page`,
/// `page_label`, `total_pages`; CSV gives one document per row with `row`).
/// `filename` is the uploaded name (its extension picks the loader),
/// `content_type` the type the client sent.
pub async fn extract(
    http: &reqwest::Client,
    cfg: &ExtractConfig,
    path: &Path,
    filename: &str,
    content_type: Option<&str>,
) -> Result<Vec<Document>> {
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|e| Error::invalid(format!("Error loading {}: {e}", path.display())))?;
    let ext = extension(filename);
    let source = path.to_string_lossy().into_owned();

    if ARCHIVE_EXTENSIONS.contains(&ext.as_str())
        || content_type.is_some_and(|t| ARCHIVE_TYPES.contains(&t))
    {
        check_archive_size(&bytes, cfg.max_upload_size)?;
    }

    let text_like = is_text_file(&ext, content_type);
    let remote = match cfg.engine.as_str() {
        "external" => !cfg.external_url.is_empty() && !cfg.external_key.is_empty(),
        "tika" => !cfg.tika_url.is_empty() && !text_like,
        "docling" => !cfg.docling_url.is_empty() && !text_like,
        _ => false,
    };
    if remote {
        return match cfg.engine.as_str() {
            "external" => remote::external(http, cfg, path, bytes, content_type).await,
            "tika" => remote::tika(http, &cfg.tika_url, bytes).await,
            _ => remote::docling(http, cfg, path, bytes, content_type).await,
        };
    }
    // with a server configured, upstream reads text-like files as plain text
    let server_text = text_like
        && ((cfg.engine == "tika" && !cfg.tika_url.is_empty())
            || (cfg.engine == "docling" && !cfg.docling_url.is_empty()));
    let content_type = content_type.map(str::to_string);
    let mode = cfg.pdf_loader_mode.clone();
    run_bounded(move || {
        if server_text {
            Ok(vec![local::text(&bytes, &source)])
        } else {
            local::load(&bytes, &ext, content_type.as_deref(), &source, &mode)
        }
    })
    .await
}

/// Run a parser on a blocking thread; a panic or an overrun becomes an error.
async fn run_bounded<F>(work: F) -> Result<Vec<Document>>
where
    F: FnOnce() -> Result<Vec<Document>> + Send + 'static,
{
    let task = tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
    });
    match tokio::time::timeout(PARSE_TIME_LIMIT, task).await {
        Err(_) => Err(Error::invalid(
            "The document took too long to read and was given up.",
        )),
        Ok(Err(e)) => Err(Error::internal(e)),
        Ok(Ok(Err(_panic))) => Err(Error::invalid(
            "The document could not be read: it is damaged or not in the format its name says.",
        )),
        Ok(Ok(Ok(result))) => result,
    }
}

/// Python's `filename.split('.')[-1].lower()`.
fn extension(filename: &str) -> String {
    filename.rsplit('.').next().unwrap_or("").to_lowercase()
}

/// Upstream's `_is_text_file`: a known source/config extension, or a
/// `text/*` content type that is not HTML.
fn is_text_file(ext: &str, content_type: Option<&str>) -> bool {
    SOURCE_EXTENSIONS.contains(&ext)
        || content_type.is_some_and(|t| t.contains("text/") && !t.contains("html"))
}

/// The zip-bomb guard: the sum of the entries' uncompressed sizes may not
/// pass min(max(10 MiB, 100 × file size), upload limit or 100 MiB). Files
/// that are not zips pass (their loader reports them).
fn check_archive_size(bytes: &[u8], max_upload_size: Option<u64>) -> Result<()> {
    const MIB: u64 = 1024 * 1024;
    let limit_setting = max_upload_size.unwrap_or(100 * MIB);
    if limit_setting == 0 {
        return Ok(());
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    let limit = (10 * MIB).max(bytes.len() as u64 * 100).min(limit_setting);
    if total > limit {
        return Err(Error::invalid(ARCHIVE_TOO_LARGE));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
