//! Chat-message Markdown → styled ratatui [`Text`].
//!
//! Parsing is pulldown-cmark (CommonMark + tables, strikethrough, task
//! lists); fenced code is highlighted by syntect on its pure-Rust regex
//! engine (fancy-regex, no C build). The syntax set and themes load once
//! (`OnceLock`); whole renders and highlighted code blocks are kept in small
//! bounded caches, so redrawing the same messages every frame costs a hash and
//! a clone, and a streaming message re-highlights only its unfinished block.
//!
//! Layout: paragraphs are word-wrapped to the given width (with the prefixes
//! of enclosing quotes and list items); code lines are kept as they are (tabs
//! expanded) and left for the widget to clip, so code is never broken
//! mid-token.
//!
//! `blocks` walks the parser's events and lays out blocks, `wrap` wraps
//! inline text, `table` lays out tables, `highlight` colours code,
//! `theme` holds the colour schemes and `cache` the bounded caches.

mod blocks;
mod cache;
mod highlight;
mod table;
mod theme;
mod wrap;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use ratatui::text::{Line, Text};

use blocks::render_uncached;
use cache::TwoGenCache;
pub use highlight::preload;
pub use theme::Theme;

fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Renders chat-message Markdown into lines for a terminal `width` columns wide.
///
/// Results are cached (bounded) by (text, width, theme): calling this for every
/// visible message on every frame is cheap.
pub fn render(text: &str, width: u16, theme: Theme) -> Text<'static> {
    let key = {
        let mut h = DefaultHasher::new();
        (text, width, theme).hash(&mut h);
        h.finish()
    };
    static CACHE: OnceLock<Mutex<TwoGenCache<Arc<Vec<Line<'static>>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(TwoGenCache::new(1024)));
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
        return Text::from((*hit).clone());
    }
    let lines = render_uncached(text, width, theme);
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .put(key, Arc::new(lines.clone()));
    Text::from(lines)
}

/// The fenced and indented code blocks of `text`, in order: (language from the
/// fence's info string, code). For "copy a code block".
pub fn code_blocks(text: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(Option<String>, String)> = None;
    for ev in Parser::new_ext(text, parser_options()) {
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => cur = Some((fence_lang(&kind), String::new())),
            Event::Text(t) => {
                if let Some((_, code)) = cur.as_mut() {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(cur.take()),
            _ => {}
        }
    }
    out
}

fn fence_lang(kind: &CodeBlockKind) -> Option<String> {
    match kind {
        CodeBlockKind::Fenced(info) => info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .next()
            .filter(|l| !l.is_empty())
            .map(str::to_string),
        CodeBlockKind::Indented => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn plain(t: &Text<'_>) -> Vec<String> {
        t.lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    pub(super) fn has_fg(t: &Text<'_>) -> bool {
        t.lines
            .iter()
            .flat_map(|l| &l.spans)
            .any(|s| s.style.fg.is_some() || s.style.bg.is_some())
    }

    #[test]
    fn code_blocks_extraction() {
        let md = "text\n\n```python title=x\nprint(1)\n```\n\n    indented\n\n~~~\nraw\n~~~\n";
        assert_eq!(
            code_blocks(md),
            vec![
                (Some("python".into()), "print(1)\n".into()),
                (None, "indented\n".into()),
                (None, "raw\n".into()),
            ]
        );
        assert!(code_blocks("no code").is_empty());
    }

    #[test]
    fn render_speed() {
        let mut md = String::new();
        for i in 0..10 {
            md.push_str(&format!(
                "## Section {i}\n\nSome *text* with `code` and a [link](https://example.com/{i}) \
                 that goes on long enough to wrap a couple of times in a terminal.\n\n\
                 - item one\n- item two\n  1. nested\n\n```rust\nfn f{i}(x: u32) -> u32 {{\n    x * {i} // mul\n}}\n```\n\n\
                 | a | b |\n|---|---|\n| {i} | two |\n\n"
            ));
        }
        preload();
        let t0 = std::time::Instant::now();
        let first = render_uncached(&md, 80, Theme::Dark);
        let cold = t0.elapsed();
        let t0 = std::time::Instant::now();
        let n = 300;
        for i in 0..n {
            // Different widths defeat the whole-render cache (code blocks stay cached).
            let out = render_uncached(&md, 60 + (i % 40) as u16, Theme::Dark);
            assert!(!out.is_empty());
        }
        let warm = t0.elapsed();
        let t0 = std::time::Instant::now();
        for _ in 0..n {
            assert_eq!(render(&md, 80, Theme::Dark).lines.len(), first.len());
        }
        let cached = t0.elapsed();
        println!(
            "render of a {}-byte message ({} lines): first {:?}; uncached x{n}: {:?} ({:?}/call); cached x{n}: {:?} ({:?}/call)",
            md.len(),
            first.len(),
            cold,
            warm,
            warm / n,
            cached,
            cached / n
        );
    }
}
