//! Splitting extracted documents into chunks for embedding.
//!
//! The order and the algorithms are upstream's (`save_docs_to_vector_db`,
//! which uses langchain's splitters), reproduced so that the same file gives
//! the same chunks: an optional markdown-header pass, an optional merge of
//! undersized neighbours, then the recursive character splitter (lengths in
//! characters) or the token splitter (lengths in tiktoken tokens).
//!
//! Lengths and `start_index` count Unicode scalar values, as Python's `len`
//! and `str.find` count code points.

use serde_json::Value;
use sha2::{Digest, Sha256};
use tiktoken_rs::CoreBPE;

use super::Document;
use crate::error::{Error, Result};

/// Upstream's `EMPTY_CONTENT` message, given when splitting yields nothing.
pub const EMPTY_CONTENT: &str = "The content provided is empty. Please ensure that there is text or data present before proceeding.";

/// How to split (the `rag.*` keys; `Default` is upstream's defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkConfig {
    /// `rag.text_splitter`: `""` or `"character"` (characters), `"token"` (tiktoken tokens).
    pub splitter: String,
    /// `rag.chunk_size`.
    pub chunk_size: usize,
    /// `rag.chunk_overlap`.
    pub chunk_overlap: usize,
    /// `rag.enable_markdown_header_text_splitter`.
    pub markdown_header: bool,
    /// `rag.chunk_min_size_target` (0 = no merging).
    pub chunk_min_size_target: usize,
    /// `rag.tiktoken_encoding_name`.
    pub tiktoken_encoding: String,
}

impl Default for ChunkConfig {
    fn default() -> Self {
        ChunkConfig {
            splitter: String::new(),
            chunk_size: 1000,
            chunk_overlap: 100,
            markdown_header: true,
            chunk_min_size_target: 0,
            tiktoken_encoding: "cl100k_base".into(),
        }
    }
}

/// SHA-256 of the text's UTF-8 bytes, lower-case hex: the `hash` upstream
/// stores on a file and on each of its chunks (computed over the loader's
/// pages joined with one space) and matches for duplicate detection.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Split documents into chunks, each keeping its document's metadata plus
/// `start_index` (the chunk's offset in the text it was cut from, in
/// characters). Fails with [`EMPTY_CONTENT`] when nothing is left.
pub fn split(cfg: &ChunkConfig, docs: Vec<Document>) -> Result<Vec<Document>> {
    let measure = Measure::new(cfg)?;
    check_sizes(cfg, &measure)?;

    let mut docs = docs;
    if cfg.markdown_header {
        docs = docs
            .into_iter()
            .flat_map(|doc| {
                markdown_header_split(&doc.text)
                    .into_iter()
                    .map(move |text| Document {
                        text,
                        metadata: doc.metadata.clone(),
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        if cfg.chunk_min_size_target > 0 {
            docs = merge_to_target_size(docs, cfg, &measure);
        }
    }

    let mut out = Vec::new();
    for doc in docs {
        let pieces = match &measure {
            Measure::Chars => recursive_split(
                &doc.text,
                &SEPARATORS,
                cfg.chunk_size,
                cfg.chunk_overlap,
                &measure,
            ),
            Measure::Tokens(bpe) => token_split(&doc.text, bpe, cfg.chunk_size, cfg.chunk_overlap),
        };
        let mut starts = StartIndex::new(&doc.text, cfg.chunk_overlap);
        for piece in pieces {
            let start = starts.next(&piece);
            let mut metadata = doc.metadata.clone();
            metadata.insert("start_index".into(), Value::from(start));
            out.push(Document {
                text: sanitize(piece),
                metadata,
            });
        }
    }
    if out.is_empty() {
        return Err(Error::invalid(EMPTY_CONTENT));
    }
    Ok(out)
}

/// NUL bytes removed (upstream's `sanitize_text_for_db`; a Rust string
/// cannot hold the lone surrogates it also removes).
fn sanitize(text: String) -> String {
    if text.contains('\0') {
        text.replace('\0', "")
    } else {
        text
    }
}

const SEPARATORS: [&str; 4] = ["\n\n", "\n", " ", ""];

/// The length function: characters, or tokens of a tiktoken encoding
/// (special tokens counted as plain text, as upstream passes
/// `disallowed_special=()`).
enum Measure {
    Chars,
    Tokens(&'static CoreBPE),
}

impl Measure {
    fn new(cfg: &ChunkConfig) -> Result<Measure> {
        match cfg.splitter.as_str() {
            "" | "character" => Ok(Measure::Chars),
            "token" => Ok(Measure::Tokens(encoding(&cfg.tiktoken_encoding)?)),
            _ => Err(Error::invalid("Invalid text splitter")),
        }
    }

    fn len(&self, text: &str) -> usize {
        match self {
            Measure::Chars => text.chars().count(),
            Measure::Tokens(bpe) => bpe.encode_ordinary(text).len(),
        }
    }
}

/// The tiktoken encodings compiled into the binary, by tiktoken's names.
fn encoding(name: &str) -> Result<&'static CoreBPE> {
    use tiktoken_rs::{
        cl100k_base_singleton, o200k_base_singleton, p50k_base_singleton, p50k_edit_singleton,
        r50k_base_singleton,
    };
    Ok(match name {
        "cl100k_base" => cl100k_base_singleton(),
        "o200k_base" => o200k_base_singleton(),
        "p50k_base" => p50k_base_singleton(),
        "p50k_edit" => p50k_edit_singleton(),
        "r50k_base" | "gpt2" => r50k_base_singleton(),
        other => return Err(Error::invalid(format!("Unknown encoding {other}."))),
    })
}

/// langchain's constructor checks, with its messages.
fn check_sizes(cfg: &ChunkConfig, measure: &Measure) -> Result<()> {
    if cfg.chunk_size == 0 {
        return Err(Error::invalid("chunk_size must be > 0, got 0"));
    }
    if cfg.chunk_overlap > cfg.chunk_size {
        return Err(Error::invalid(format!(
            "Got a larger chunk overlap ({}) than chunk size ({}), should be smaller.",
            cfg.chunk_overlap, cfg.chunk_size
        )));
    }
    if matches!(measure, Measure::Tokens(_)) && cfg.chunk_size <= cfg.chunk_overlap {
        return Err(Error::invalid(
            "tokens_per_chunk must be greater than chunk_overlap",
        ));
    }
    Ok(())
}

/// Python's `str.isspace`: Unicode White_Space plus the four ASCII
/// information separators.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn py_strip(s: &str) -> &str {
    s.trim_matches(py_space)
}

/// Python's `str.isprintable` for the characters that occur in text:
/// false for controls, separators other than the ASCII space, format
/// characters and private-use characters.
fn py_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let cp = c as u32;
    let format = matches!(cp,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F);
    let private = matches!(cp, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD);
    !(format || private)
}

/// langchain's `MarkdownHeaderTextSplitter` with headers `#`..`######`,
/// `strip_headers=False`, returning the chunk texts. Lines are stripped and
/// blank lines end a block; blocks under the same headers are joined with
/// `"  \n"`. Upstream keeps only the parent document's metadata on these
/// pieces, so the header values are used for grouping only.
fn markdown_header_split(text: &str) -> Vec<String> {
    struct Block {
        content: String,
        meta: Vec<(usize, String)>,
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut current_meta: Vec<(usize, String)> = Vec::new();
    // (level, text) of the open headers, shallowest first
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut in_code = false;
    let mut fence = "";

    for line in text.split('\n') {
        let stripped: String = py_strip(line)
            .chars()
            .filter(|&c| py_printable(c))
            .collect();
        if !in_code {
            if stripped.starts_with("```") && stripped.matches("```").count() == 1 {
                in_code = true;
                fence = "```";
            } else if stripped.starts_with("~~~") {
                in_code = true;
                fence = "~~~";
            }
        } else if stripped.starts_with(fence) {
            in_code = false;
            fence = "";
        }
        if in_code {
            current.push(stripped);
            continue;
        }
        let hashes = stripped.chars().take_while(|&c| c == '#').count();
        let level = (1..=6)
            .rev()
            .find(|&n| hashes >= n && (stripped.len() == n || stripped.as_bytes()[n] == b' '));
        if let Some(level) = level {
            while stack.last().is_some_and(|(l, _)| *l >= level) {
                stack.pop();
            }
            stack.push((level, py_strip(&stripped[level..]).to_string()));
            if !current.is_empty() {
                blocks.push(Block {
                    content: current.join("\n"),
                    meta: current_meta.clone(),
                });
                current.clear();
            }
            current.push(stripped);
        } else if !stripped.is_empty() {
            current.push(stripped);
        } else if !current.is_empty() {
            blocks.push(Block {
                content: current.join("\n"),
                meta: current_meta.clone(),
            });
            current.clear();
        }
        current_meta = stack.clone();
    }
    if !current.is_empty() {
        blocks.push(Block {
            content: current.join("\n"),
            meta: current_meta,
        });
    }

    // aggregate_lines_to_chunks
    let mut out: Vec<Block> = Vec::new();
    for block in blocks {
        if let Some(last) = out.last_mut() {
            if last.meta == block.meta {
                last.content.push_str("  \n");
                last.content.push_str(&block.content);
                continue;
            }
            let last_line_is_header = last
                .content
                .rsplit('\n')
                .next()
                .is_some_and(|l| l.starts_with('#'));
            if last.meta.len() < block.meta.len() && last_line_is_header {
                last.content.push_str("  \n");
                last.content.push_str(&block.content);
                last.meta = block.meta;
                continue;
            }
        }
        out.push(block);
    }
    out.into_iter().map(|b| b.content).collect()
}

/// Upstream's `merge_docs_to_target_size`: grow chunks under the target by
/// absorbing the next one (joined with a blank line), else by appending to
/// the previous one, never above `chunk_size` and never across documents
/// of different `source` or `file_id`.
fn merge_to_target_size(
    docs: Vec<Document>,
    cfg: &ChunkConfig,
    measure: &Measure,
) -> Vec<Document> {
    let min = cfg.chunk_min_size_target;
    let max = cfg.chunk_size;
    let can_merge = |a: &Document, b: &Document| {
        if a.metadata.get("source") != b.metadata.get("source") {
            return false;
        }
        match (a.metadata.get("file_id"), b.metadata.get("file_id")) {
            (Some(x), Some(y)) if !x.is_null() && !y.is_null() => x == y,
            _ => true,
        }
    };
    let emit = |result: &mut Vec<Document>, content: String, chunk: &Document| {
        if measure.len(&content) < min
            && let Some(prev) = result.last_mut()
            && can_merge(prev, chunk)
        {
            let merged = format!("{}\n\n{}", prev.text, content);
            if measure.len(&merged) <= max {
                prev.text = merged;
                return;
            }
        }
        result.push(Document {
            text: content,
            metadata: chunk.metadata.clone(),
        });
    };

    let mut result = Vec::new();
    let mut current: Option<(Document, String)> = None;
    for next in docs {
        match current.take() {
            None => {
                let content = next.text.clone();
                current = Some((next, content));
            }
            Some((chunk, content)) => {
                let merged = format!("{}\n\n{}", content, next.text);
                if can_merge(&chunk, &next)
                    && measure.len(&content) < min
                    && measure.len(&merged) <= max
                {
                    current = Some((chunk, merged));
                } else {
                    emit(&mut result, content, &chunk);
                    let content = next.text.clone();
                    current = Some((next, content));
                }
            }
        }
    }
    if let Some((chunk, content)) = current {
        emit(&mut result, content, &chunk);
    }
    result
}

/// langchain's `RecursiveCharacterTextSplitter` (separators kept at the
/// start of the piece that follows them, pieces stripped).
fn recursive_split(
    text: &str,
    separators: &[&str],
    size: usize,
    overlap: usize,
    measure: &Measure,
) -> Vec<String> {
    let mut separator = separators.last().copied().unwrap_or("");
    let mut rest: &[&str] = &[];
    for (i, s) in separators.iter().enumerate() {
        if s.is_empty() {
            separator = s;
            break;
        }
        if text.contains(s) {
            separator = s;
            rest = &separators[i + 1..];
            break;
        }
    }
    let splits = split_keep_start(text, separator);
    let mut chunks = Vec::new();
    let mut good: Vec<&str> = Vec::new();
    for s in splits {
        if measure.len(s) < size {
            good.push(s);
        } else {
            if !good.is_empty() {
                chunks.extend(merge_splits(&good, "", size, overlap, measure));
                good.clear();
            }
            if rest.is_empty() {
                chunks.push(s.to_string());
            } else {
                chunks.extend(recursive_split(s, rest, size, overlap, measure));
            }
        }
    }
    if !good.is_empty() {
        chunks.extend(merge_splits(&good, "", size, overlap, measure));
    }
    chunks
}

/// `re.split("(sep)")` with each separator glued to the piece after it,
/// empty pieces dropped; an empty separator splits into characters.
fn split_keep_start<'a>(text: &'a str, sep: &str) -> Vec<&'a str> {
    if sep.is_empty() {
        return text
            .char_indices()
            .map(|(i, c)| &text[i..i + c.len_utf8()])
            .collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(sep) {
        out.push(&text[start..i]);
        start = i;
    }
    out.push(&text[start..]);
    out.retain(|s| !s.is_empty());
    out
}

/// langchain's `_merge_splits`: pack pieces up to `size`, carrying the
/// tail of each chunk (at most `overlap` long) into the next.
fn merge_splits(
    splits: &[&str],
    separator: &str,
    size: usize,
    overlap: usize,
    measure: &Measure,
) -> Vec<String> {
    let sep_len = measure.len(separator);
    let mut docs = Vec::new();
    let mut current: std::collections::VecDeque<(&str, usize)> = Default::default();
    let mut total = 0usize;
    let join = |current: &std::collections::VecDeque<(&str, usize)>| {
        let parts: Vec<&str> = current.iter().map(|(s, _)| *s).collect();
        let joined = parts.join(separator);
        let stripped = py_strip(&joined);
        (!stripped.is_empty()).then(|| stripped.to_string())
    };
    for &d in splits {
        let len = measure.len(d);
        let extra = |current: &std::collections::VecDeque<(&str, usize)>| {
            if current.is_empty() { 0 } else { sep_len }
        };
        if total + len + extra(&current) > size && !current.is_empty() {
            if let Some(doc) = join(&current) {
                docs.push(doc);
            }
            while total > overlap || (total + len + extra(&current) > size && total > 0) {
                let Some((_, first)) = current.pop_front() else {
                    break;
                };
                total = total.saturating_sub(first + if current.is_empty() { 0 } else { sep_len });
            }
        }
        current.push_back((d, len));
        total += len + if current.len() > 1 { sep_len } else { 0 };
    }
    if let Some(doc) = join(&current) {
        docs.push(doc);
    }
    docs
}

/// langchain's `TokenTextSplitter`: windows of `size` tokens stepping by
/// `size - overlap`, each decoded back to text (bad UTF-8 at a window's
/// edge replaced, as tiktoken's `decode` does).
fn token_split(text: &str, bpe: &CoreBPE, size: usize, overlap: usize) -> Vec<String> {
    let ids = bpe.encode_ordinary(text);
    let mut out = Vec::new();
    let mut start = 0;
    while start < ids.len() {
        let end = (start + size).min(ids.len());
        let bytes = bpe.decode_bytes(&ids[start..end]).unwrap_or_default();
        let decoded = String::from_utf8_lossy(&bytes).into_owned();
        if !decoded.is_empty() {
            out.push(decoded);
        }
        if end == ids.len() {
            break;
        }
        start += size - overlap;
    }
    out
}

/// langchain's `add_start_index`: each chunk is looked for from where the
/// previous one started plus its length minus the overlap; -1 when not
/// found (as `str.find`).
struct StartIndex<'a> {
    text: &'a str,
    overlap: i64,
    index: i64,
    previous_len: i64,
    /// a char position and its byte offset, to walk from
    cursor: (usize, usize),
}

impl<'a> StartIndex<'a> {
    fn new(text: &'a str, overlap: usize) -> Self {
        StartIndex {
            text,
            overlap: overlap as i64,
            index: 0,
            previous_len: 0,
            cursor: (0, 0),
        }
    }

    /// Byte offset of char position `pos`, or None past the end.
    fn byte_at(&mut self, pos: usize) -> Option<usize> {
        let (mut c, mut b) = self.cursor;
        if pos < c {
            (c, b) = (0, 0);
        }
        let mut iter = self.text[b..].char_indices();
        while c < pos {
            let (_, ch) = iter.next()?;
            b += ch.len_utf8();
            c += 1;
        }
        self.cursor = (c, b);
        Some(b)
    }

    fn char_count(&mut self, byte: usize) -> usize {
        let (c, b) = self.cursor;
        if byte >= b {
            c + self.text[b..byte].chars().count()
        } else {
            self.text[..byte].chars().count()
        }
    }

    fn next(&mut self, chunk: &str) -> i64 {
        let offset = (self.index + self.previous_len - self.overlap).max(0) as usize;
        self.index = match self.byte_at(offset) {
            Some(b) => match self.text[b..].find(chunk) {
                Some(found) => self.char_count(b + found) as i64,
                None => -1,
            },
            None => -1,
        };
        self.previous_len = chunk.chars().count() as i64;
        self.index
    }
}

#[cfg(test)]
#[path = "chunk_tests.rs"]
mod tests;
