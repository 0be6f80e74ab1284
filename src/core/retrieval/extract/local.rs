//! The built-in loaders (pure Rust), chosen as upstream's `_get_loader`
//! chooses them: by extension, then by content type, else plain text.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use serde_json::{Map, Value};

use super::super::Document;
use crate::error::{Error, Result};

/// The most text one entry of a zip-based document may decompress to
/// (the archive as a whole is checked before this against its limit).
const ENTRY_LIMIT: u64 = 256 * 1024 * 1024;

/// What upstream's slim build says for formats it has no local loader for.
pub(super) const NEEDS_EXTRACTOR: &str =
    "This file type requires an external document extractor. Configure one that supports it.";

pub(super) const DOCX_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PPTX_TYPE: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
const ODS_TYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

pub(super) fn load(
    bytes: &[u8],
    ext: &str,
    content_type: Option<&str>,
    source: &str,
    pdf_mode: &str,
) -> Result<Vec<Document>> {
    let ct = content_type.unwrap_or("");
    match ext {
        "pdf" => return pdf(bytes, source, pdf_mode),
        "csv" => return csv_rows(bytes, source),
        "htm" | "html" => return Ok(vec![html(bytes, source)]),
        "md" | "rst" | "xml" => return Ok(vec![text(bytes, source)]),
        _ => {}
    }
    if ct == "application/epub+zip"
        || matches!(ext, "doc" | "msg" | "odt" | "ppt" | "epub")
        || ct == "application/msword"
        || ct == "application/vnd.ms-powerpoint"
    {
        return Err(Error::invalid(NEEDS_EXTRACTOR));
    }
    if ct == DOCX_TYPE || ext == "docx" {
        return Ok(vec![docx(bytes, source)?]);
    }
    if matches!(ct, "application/vnd.ms-excel" | XLSX_TYPE | ODS_TYPE)
        || matches!(ext, "xls" | "xlsx" | "xlsm" | "xlsb" | "ods")
    {
        return Ok(vec![sheets(bytes, source)?]);
    }
    if ct == PPTX_TYPE || ext == "pptx" {
        return Ok(vec![pptx(bytes, source)?]);
    }
    Ok(vec![text(bytes, source)])
}

fn doc(text: String, source: &str) -> Document {
    Document::new(text).with("source", source)
}

/// Any file as text: UTF-8 when it is, else the encoding `chardetng`
/// guesses (it knows the CJK legacy encodings upstream tries), which
/// falls back to windows-1252 as upstream falls back to latin-1.
pub(super) fn text(bytes: &[u8], source: &str) -> Document {
    doc(decode_text(bytes), source)
}

pub(super) fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, false);
    let (text, _, _) = encoding.decode(bytes);
    text.into_owned()
}

fn unreadable(kind: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid(format!("The {kind} file could not be read: {e}"))
}

// ---------- PDF ----------

/// One document per page (`page` 0-based, `page_label`, `total_pages`) or,
/// in single mode, the pages joined with `"\n\f"`; each page's text
/// stripped, as upstream's pypdf loader does.
fn pdf(bytes: &[u8], source: &str, mode: &str) -> Result<Vec<Document>> {
    if mode != "page" && mode != "single" {
        return Err(Error::invalid("PDF mode must be 'single' or 'page'"));
    }
    let mut pdf = pdf_extract::Document::load_mem(bytes).map_err(|e| unreadable("PDF", e))?;
    if pdf.is_encrypted() && pdf.decrypt("").is_err() {
        return Err(Error::invalid(
            "The PDF is protected by a password; remove the password and upload it again.",
        ));
    }
    let mut metadata = Map::new();
    metadata.insert("producer".into(), "PyPDF".into());
    metadata.insert("creator".into(), "PyPDF".into());
    metadata.insert("creationdate".into(), "".into());
    for (key, value) in pdf_info(&pdf) {
        metadata.insert(key, value.into());
    }
    let pages = pdf.get_pages();
    metadata.insert("source".into(), source.into());
    metadata.insert("total_pages".into(), pages.len().into());

    let mut texts = Vec::with_capacity(pages.len());
    for &number in pages.keys() {
        let mut out = String::new();
        let result = {
            let mut sink = pdf_extract::PlainTextOutput::new(&mut out);
            pdf_extract::output_doc_page(&pdf, &mut sink, number)
        };
        if let Err(e) = result {
            return Err(unreadable("PDF", e));
        }
        texts.push(out.trim().to_string());
    }
    if mode == "single" {
        return Ok(vec![Document {
            text: texts.join("\n\u{c}"),
            metadata,
        }]);
    }
    Ok(texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let mut m = metadata.clone();
            m.insert("page".into(), i.into());
            m.insert("page_label".into(), (i + 1).to_string().into());
            Document { text, metadata: m }
        })
        .collect())
}

/// The document information dictionary, keys lower-cased as upstream
/// reports them (`title`, `author`, `moddate`, …), text values only.
fn pdf_info(pdf: &pdf_extract::Document) -> Vec<(String, String)> {
    let Ok(info) = pdf.trailer.get(b"Info") else {
        return vec![];
    };
    let dict = match info {
        pdf_extract::Object::Reference(id) => pdf.get_dictionary(*id).ok(),
        pdf_extract::Object::Dictionary(d) => Some(d),
        _ => None,
    };
    let Some(dict) = dict else { return vec![] };
    dict.iter()
        .filter_map(|(k, v)| {
            let bytes = v.as_str().ok()?;
            let text = pdf_string(bytes);
            let key = String::from_utf8_lossy(k).to_lowercase();
            let dated = key == "creationdate" || key == "moddate";
            Some((key, if dated { text } else { text.trim().to_string() }))
        })
        .collect()
}

/// A PDF text string: UTF-16BE with a BOM, else PDFDocEncoding (read as Latin-1).
fn pdf_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    bytes.iter().map(|&b| b as char).collect()
}

// ---------- CSV ----------

/// One document per data row, `"column: value"` lines (upstream's
/// `csv.DictReader` rendering: missing cells say `None`, extra cells go
/// under `None` joined by commas), metadata `row`.
fn csv_rows(bytes: &[u8], source: &str) -> Result<Vec<Document>> {
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        None => return Ok(vec![]),
        Some(r) => r
            .map_err(|e| unreadable("CSV", e))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect(),
    };
    let mut docs = Vec::new();
    for (index, record) in records.enumerate() {
        let record = record.map_err(|e| unreadable("CSV", e))?;
        let mut lines: Vec<String> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| match record.get(i) {
                Some(v) => format!("{h}: {}", v.trim()),
                None => format!("{h}: None"),
            })
            .collect();
        if record.len() > headers.len() {
            let rest: Vec<&str> = record.iter().skip(headers.len()).map(str::trim).collect();
            lines.push(format!("None: {}", rest.join(",")));
        }
        docs.push(doc(lines.join("\n"), source).with("row", index));
    }
    Ok(docs)
}

// ---------- HTML ----------

/// The page as plain text (scripts and styles left out), `title` in metadata.
fn html(bytes: &[u8], source: &str) -> Document {
    let markup = decode_text(bytes);
    let text = html2text::config::plain()
        .string_from_read(markup.as_bytes(), 100_000)
        .unwrap_or_else(|_| markup.clone());
    doc(text, source).with("title", html_title(&markup))
}

fn html_title(markup: &str) -> String {
    let lower = markup.to_ascii_lowercase();
    let Some(open) = lower.find("<title") else {
        return String::new();
    };
    let Some(gt) = lower[open..].find('>') else {
        return String::new();
    };
    let start = open + gt + 1;
    let end = lower[start..]
        .find("</title")
        .map_or(markup.len(), |e| start + e);
    markup[start..end].trim().to_string()
}

// ---------- zip-based Office documents ----------

fn open_zip<'a>(bytes: &'a [u8], kind: &str) -> Result<zip::ZipArchive<Cursor<&'a [u8]>>> {
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(kind, e))
}

fn read_entry(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    kind: &str,
) -> Result<String> {
    let entry = archive.by_name(name).map_err(|e| unreadable(kind, e))?;
    let mut out = String::new();
    entry
        .take(ENTRY_LIMIT)
        .read_to_string(&mut out)
        .map_err(|e| unreadable(kind, e))?;
    Ok(out)
}

/// Walk an XML part, calling `f(tag, Some(text))` for text and
/// `f(tag, None)` for each start or empty element (tag = qualified name).
fn walk_xml(xml: &str, kind: &str, mut f: impl FnMut(&str, Option<&str>)) -> Result<()> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| unreadable(kind, e))?;
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                f(&name, None);
                stack.push(name);
            }
            Event::Empty(e) => f(e.name().as_ref(), None),
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) => f(stack.last().map_or("", String::as_str), Some(&t)),
            Event::CData(t) => f(stack.last().map_or("", String::as_str), Some(&t)),
            Event::GeneralRef(r) => {
                let resolved = match &*r {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                if let Some(c) = resolved {
                    let mut buf = [0u8; 4];
                    f(
                        stack.last().map_or("", String::as_str),
                        Some(c.encode_utf8(&mut buf)),
                    );
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// docx2txt's reading: headers, body, footers; `w:t` text, a tab for
/// `w:tab`, a newline for `w:br`/`w:cr`, a blank line before each `w:p`;
/// the whole stripped.
fn docx(bytes: &[u8], source: &str) -> Result<Document> {
    const KIND: &str = "Word";
    let mut archive = open_zip(bytes, KIND)?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let part = |prefix: &str| {
        let mut v: Vec<String> = names
            .iter()
            .filter(|n| {
                n.strip_prefix(prefix)
                    .and_then(|r| r.strip_suffix(".xml"))
                    .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()))
            })
            .cloned()
            .collect();
        v.sort();
        v
    };
    let mut parts = part("word/header");
    parts.push("word/document.xml".into());
    parts.extend(part("word/footer"));

    let mut text = String::new();
    for name in parts {
        let xml = read_entry(&mut archive, &name, KIND)?;
        walk_xml(&xml, KIND, |tag, content| match (tag, content) {
            ("w:t", Some(t)) => text.push_str(t),
            ("w:tab", None) => text.push('\t'),
            ("w:br" | "w:cr", None) => text.push('\n'),
            ("w:p", None) => text.push_str("\n\n"),
            _ => {}
        })?;
    }
    Ok(doc(text.trim().to_string(), source))
}

/// Slides in order (`ppt/slides/slideN.xml` sorted by N), each
/// `"Slide i:\n"` then its shapes' text (paragraphs on their own lines),
/// slides with text joined by a blank line, as upstream's python-pptx loader.
fn pptx(bytes: &[u8], source: &str) -> Result<Document> {
    const KIND: &str = "PowerPoint";
    let mut archive = open_zip(bytes, KIND)?;
    let mut slides: Vec<(u64, String)> = archive
        .file_names()
        .filter_map(|n| n.ok())
        .filter_map(|n| {
            let num = n.strip_prefix("ppt/slides/slide")?.strip_suffix(".xml")?;
            Some((num.parse().ok()?, n.to_string()))
        })
        .collect();
    slides.sort();

    let mut parts = Vec::new();
    for (i, (_, name)) in slides.iter().enumerate() {
        let xml = read_entry(&mut archive, name, KIND)?;
        let mut shapes: Vec<Vec<String>> = Vec::new();
        walk_xml(&xml, KIND, |tag, content| match (tag, content) {
            ("p:txBody", None) => shapes.push(Vec::new()),
            ("a:p", None) => {
                if let Some(s) = shapes.last_mut() {
                    s.push(String::new());
                }
            }
            ("a:br", None) => {
                if let Some(p) = shapes.last_mut().and_then(|s| s.last_mut()) {
                    p.push('\n');
                }
            }
            ("a:t", Some(t)) => {
                if let Some(p) = shapes.last_mut().and_then(|s| s.last_mut()) {
                    p.push_str(t);
                }
            }
            _ => {}
        })?;
        if !shapes.is_empty() {
            let body: Vec<String> = shapes.iter().map(|s| s.join("\n")).collect();
            parts.push(format!("Slide {}:\n{}", i + 1, body.join("\n")));
        }
    }
    Ok(doc(parts.join("\n\n"), source))
}

/// Every sheet as `"Sheet: name"` then its non-empty rows, cells joined by
/// `" | "`; sheets joined by a blank line.
fn sheets(bytes: &[u8], source: &str) -> Result<Document> {
    use calamine::Reader as _;
    const KIND: &str = "spreadsheet";
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| unreadable(KIND, e))?;
    let mut parts = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| unreadable(KIND, e))?;
        let mut lines = vec![format!("Sheet: {name}")];
        for row in range.rows() {
            let mut cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            while cells.last().is_some_and(|c| c.trim().is_empty()) {
                cells.pop();
            }
            if !cells.is_empty() {
                lines.push(cells.join(" | "));
            }
        }
        parts.push(lines.join("\n"));
    }
    Ok(Document::new(parts.join("\n\n")).with("source", source))
}

/// Keys of a JSON object as metadata (used by the remote loaders).
pub(super) fn object(v: Option<&Value>) -> Map<String, Value> {
    match v {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    }
}
