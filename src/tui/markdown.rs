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

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, ThemeSet};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Colour scheme for rendered messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Colours chosen for a dark terminal background (the default).
    Dark,
    /// Colours chosen for a light terminal background.
    Light,
    /// No colours at all, only modifiers (bold, italic, underline, dim).
    NoColor,
}

impl Theme {
    /// From the environment: `NO_COLOR` (set and non-empty) → [`Theme::NoColor`];
    /// else `COLORFGBG` (`"fg;bg"`, as rxvt/konsole/iTerm set it) picks light or
    /// dark by its background; else [`Theme::Dark`].
    pub fn detect() -> Theme {
        Theme::from_env_values(
            std::env::var("NO_COLOR").ok().as_deref(),
            std::env::var("COLORFGBG").ok().as_deref(),
        )
    }

    /// [`Theme::detect`] on given values (testable without touching the environment).
    pub fn from_env_values(no_color: Option<&str>, colorfgbg: Option<&str>) -> Theme {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return Theme::NoColor;
        }
        // The background is the last field ("15;0", or "15;default;0").
        let bg = colorfgbg
            .and_then(|v| v.rsplit(';').next())
            .and_then(|b| b.trim().parse::<u8>().ok());
        match bg {
            // ANSI 7 (light grey) and 9..=15 (bright colours, 15 = white) are light.
            Some(7) | Some(9..=15) => Theme::Light,
            _ => Theme::Dark,
        }
    }
}

/// Styles of one theme.
struct Palette {
    h1: Style,
    h2: Style,
    h3: Style,
    h_other: Style,
    code_inline: Style,
    link: Style,
    url: Style,
    quote_bar: Style,
    quote_text: Style,
    bullet: Style,
    rule: Style,
    fence: Style,
    table_border: Style,
    table_head: Style,
}

fn palette(theme: Theme) -> Palette {
    let b = Style::new().add_modifier(Modifier::BOLD);
    let dim = Style::new().add_modifier(Modifier::DIM);
    match theme {
        Theme::NoColor => Palette {
            h1: b.add_modifier(Modifier::UNDERLINED),
            h2: b,
            h3: b,
            h_other: b.add_modifier(Modifier::ITALIC),
            code_inline: Style::new(),
            link: Style::new().add_modifier(Modifier::UNDERLINED),
            url: dim,
            quote_bar: dim,
            quote_text: Style::new().add_modifier(Modifier::ITALIC),
            bullet: Style::new(),
            rule: dim,
            fence: dim,
            table_border: dim,
            table_head: b,
        },
        Theme::Dark | Theme::Light => {
            // The 16 ANSI colours follow the user's terminal scheme; pick ones
            // readable on the given background.
            let (accent, accent2, code, link, quote) = if theme == Theme::Dark {
                (
                    Color::LightMagenta,
                    Color::LightCyan,
                    Color::LightYellow,
                    Color::LightBlue,
                    Color::Gray,
                )
            } else {
                (
                    Color::Magenta,
                    Color::Blue,
                    Color::Red,
                    Color::Blue,
                    Color::DarkGray,
                )
            };
            Palette {
                h1: b.fg(accent).add_modifier(Modifier::UNDERLINED),
                h2: b.fg(accent),
                h3: b.fg(accent2),
                h_other: b.add_modifier(Modifier::ITALIC),
                code_inline: Style::new().fg(code),
                link: Style::new().fg(link).add_modifier(Modifier::UNDERLINED),
                url: Style::new().fg(Color::DarkGray),
                quote_bar: Style::new().fg(accent2),
                quote_text: Style::new().fg(quote).add_modifier(Modifier::ITALIC),
                bullet: Style::new().fg(accent2),
                rule: Style::new().fg(Color::DarkGray),
                fence: Style::new().fg(Color::DarkGray),
                table_border: Style::new().fg(Color::DarkGray),
                table_head: b.fg(accent2),
            }
        }
    }
}

// ---------------------------------------------------------------- syntect

struct Highlighting {
    syntaxes: SyntaxSet,
    themes: ThemeSet,
}

fn highlighting() -> &'static Highlighting {
    static H: OnceLock<Highlighting> = OnceLock::new();
    H.get_or_init(|| Highlighting {
        syntaxes: SyntaxSet::load_defaults_newlines(),
        themes: ThemeSet::load_defaults(),
    })
}

/// Loads the syntax definitions and themes now and compiles the grammars of
/// a few common languages (~0.1 s each in a debug build), e.g. on a background
/// thread at start-up, so the first code block does not stall a frame.
pub fn preload() {
    let _ = highlighting();
    for lang in ["rust", "python", "js", "sh", "json"] {
        let _ = highlight_uncached(Some(lang), "x = 1\n", Theme::Dark);
    }
}

/// The syntax for a fence's language, with aliases syntect's defaults lack.
fn find_syntax<'a>(ss: &'a SyntaxSet, lang: &str) -> Option<&'a SyntaxReference> {
    let lower = lang.to_ascii_lowercase();
    let token = match lower.as_str() {
        "ts" | "typescript" | "tsx" | "jsx" | "javascript" | "mjs" | "cjs" | "node" => "js",
        "shell" | "console" | "zsh" | "bash" | "shellscript" | "sh-session" => "sh",
        "c++" | "cxx" | "hpp" => "cpp",
        "py3" | "python3" => "py",
        "golang" => "go",
        "yml" => "yaml",
        "jsonc" | "json5" => "json",
        "rs" => "rust",
        "md" => "markdown",
        "text" | "txt" | "plain" | "plaintext" => return None,
        other => other,
    };
    ss.find_syntax_by_token(token)
        .filter(|s| s.name != "Plain Text")
}

fn convert_color(c: syntect::highlighting::Color) -> Color {
    Color::Rgb(c.r, c.g, c.b)
}

/// Highlights `code` (one string, lines ending in '\n') into lines of spans.
/// Cached by (language, theme, code).
fn highlight_code(lang: Option<&str>, code: &str, theme: Theme) -> Arc<Vec<Line<'static>>> {
    let key = {
        let mut h = DefaultHasher::new();
        (lang, code, theme).hash(&mut h);
        h.finish()
    };
    static CACHE: OnceLock<Mutex<TwoGenCache<Arc<Vec<Line<'static>>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(TwoGenCache::new(256)));
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
        return hit;
    }
    let lines = Arc::new(highlight_uncached(lang, code, theme));
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .put(key, lines.clone());
    lines
}

fn expand_tabs(s: &str) -> String {
    s.replace('\t', "    ")
}

fn plain_code_lines(code: &str, style: Style) -> Vec<Line<'static>> {
    code.lines()
        .map(|l| Line::from(Span::styled(expand_tabs(l), style)))
        .collect()
}

fn highlight_uncached(lang: Option<&str>, code: &str, theme: Theme) -> Vec<Line<'static>> {
    if theme == Theme::NoColor {
        return plain_code_lines(code, Style::new());
    }
    let hl = highlighting();
    let Some(syntax) = lang.and_then(|l| find_syntax(&hl.syntaxes, l)) else {
        return plain_code_lines(code, Style::new());
    };
    let theme_name = if theme == Theme::Light {
        "InspiredGitHub"
    } else {
        "base16-ocean.dark"
    };
    let Some(sy_theme) = hl.themes.themes.get(theme_name) else {
        return plain_code_lines(code, Style::new());
    };
    // The theme's own default foreground is left to the terminal's default.
    let default_fg = sy_theme.settings.foreground;
    let mut h = HighlightLines::new(syntax, sy_theme);
    let mut out = Vec::new();
    for line in LinesWithEndings::from(code) {
        let Ok(ranges) = h.highlight_line(line, &hl.syntaxes) else {
            return plain_code_lines(code, Style::new());
        };
        let mut spans = Vec::with_capacity(ranges.len());
        for (st, piece) in ranges {
            let piece = piece.trim_end_matches(['\n', '\r']);
            if piece.is_empty() {
                continue;
            }
            let mut style = Style::new();
            if Some(st.foreground) != default_fg {
                style = style.fg(convert_color(st.foreground));
            }
            if st.font_style.contains(FontStyle::BOLD) {
                style = style.add_modifier(Modifier::BOLD);
            }
            if st.font_style.contains(FontStyle::ITALIC) {
                style = style.add_modifier(Modifier::ITALIC);
            }
            if st.font_style.contains(FontStyle::UNDERLINE) {
                style = style.add_modifier(Modifier::UNDERLINED);
            }
            // Merge neighbours of the same style: fewer spans to draw.
            match spans.last_mut() {
                Some(Span { style: s, content }) if *s == style => {
                    content.to_mut().push_str(&expand_tabs(piece));
                }
                _ => spans.push(Span::styled(expand_tabs(piece), style)),
            }
        }
        out.push(Line::from(spans));
    }
    out
}

/// A bounded map: when the current generation fills up it becomes the old one
/// (and the older is dropped); hits in the old generation move back.
struct TwoGenCache<V> {
    cap: usize,
    cur: HashMap<u64, V>,
    old: HashMap<u64, V>,
}

impl<V: Clone> TwoGenCache<V> {
    fn new(cap: usize) -> Self {
        TwoGenCache {
            cap,
            cur: HashMap::new(),
            old: HashMap::new(),
        }
    }
    fn get(&mut self, key: u64) -> Option<V> {
        if let Some(v) = self.cur.get(&key) {
            return Some(v.clone());
        }
        let v = self.old.remove(&key)?;
        self.put(key, v.clone());
        Some(v)
    }
    fn put(&mut self, key: u64, v: V) {
        if self.cur.len() >= self.cap {
            self.old = std::mem::take(&mut self.cur);
        }
        self.cur.insert(key, v);
    }
}

// ---------------------------------------------------------------- public API

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

// ---------------------------------------------------------------- renderer

enum Container {
    Quote,
    /// A list item: its marker (e.g. "• ", "12. ") until its first line is out.
    Item {
        marker: Option<String>,
        indent: usize,
    },
}

struct TableState {
    aligns: Vec<Alignment>,
    rows: Vec<Vec<Vec<Span<'static>>>>,
    head_rows: usize,
    row: Vec<Vec<Span<'static>>>,
    cell: Vec<Span<'static>>,
}

struct Renderer {
    width: usize,
    theme: Theme,
    pal: Palette,
    lines: Vec<Line<'static>>,
    /// Inline content of the block being read.
    inline: Vec<Span<'static>>,
    styles: Vec<Style>,
    containers: Vec<Container>,
    /// Next number of each open list (None: bullets).
    lists: Vec<Option<u64>>,
    links: Vec<String>,
    code: Option<(Option<String>, String)>,
    table: Option<TableState>,
    need_blank: bool,
}

fn render_uncached(text: &str, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut r = Renderer {
        width: usize::from(width.max(1)),
        theme,
        pal: palette(theme),
        lines: Vec::new(),
        inline: Vec::new(),
        styles: vec![Style::new()],
        containers: Vec::new(),
        lists: Vec::new(),
        links: Vec::new(),
        code: None,
        table: None,
        need_blank: false,
    };
    for ev in Parser::new_ext(text, parser_options()) {
        r.event(ev);
    }
    r.flush_inline(Style::new());
    r.lines
}

impl Renderer {
    fn style(&self) -> Style {
        *self.styles.last().unwrap_or(&Style::new())
    }

    fn push_style(&mut self, s: Style) {
        let merged = self.style().patch(s);
        self.styles.push(merged);
    }

    fn pop_style(&mut self) {
        if self.styles.len() > 1 {
            self.styles.pop();
        }
    }

    fn push_text(&mut self, text: &str, style: Style) {
        if let Some(t) = self.table.as_mut() {
            t.cell.push(Span::styled(text.to_string(), style));
        } else {
            self.inline.push(Span::styled(text.to_string(), style));
        }
    }

    /// Prefix for the next line: quote bars and list indents/markers.
    fn prefix(&mut self) -> Vec<Span<'static>> {
        let mut out = Vec::new();
        for c in self.containers.iter_mut() {
            match c {
                Container::Quote => out.push(Span::styled("│ ", self.pal.quote_bar)),
                Container::Item { marker, indent } => match marker.take() {
                    Some(m) => out.push(Span::styled(m, self.pal.bullet)),
                    None => out.push(Span::raw(" ".repeat(*indent))),
                },
            }
        }
        out
    }

    /// Prefix for a blank separator line: only the quote bars (trimmed).
    fn blank_line(&self) -> Line<'static> {
        let mut spans = Vec::new();
        for c in &self.containers {
            match c {
                Container::Quote => spans.push(Span::styled("│", self.pal.quote_bar)),
                Container::Item { indent, .. } => spans.push(Span::raw(" ".repeat(*indent))),
            }
        }
        // Drop trailing indentation.
        while spans.last().is_some_and(|s| s.content.trim().is_empty()) {
            spans.pop();
        }
        Line::from(spans)
    }

    fn start_block(&mut self) {
        if self.need_blank && !self.lines.is_empty() {
            let l = self.blank_line();
            self.lines.push(l);
        }
        self.need_blank = false;
    }

    fn prefix_width(&self) -> usize {
        self.containers
            .iter()
            .map(|c| match c {
                Container::Quote => 2,
                Container::Item { indent, .. } => *indent,
            })
            .sum()
    }

    /// Wraps the pending inline spans (with `base` patched under them) into lines.
    fn flush_inline(&mut self, base: Style) {
        if self.inline.is_empty() {
            return;
        }
        let spans = std::mem::take(&mut self.inline);
        if spans.iter().all(|s| s.content.trim().is_empty()) {
            return;
        }
        self.start_block();
        let avail = self.width.saturating_sub(self.prefix_width()).max(1);
        let spans: Vec<Span<'static>> = spans
            .into_iter()
            .map(|s| Span::styled(s.content, base.patch(s.style)))
            .collect();
        for body in wrap_spans(&spans, avail) {
            let mut line = self.prefix();
            line.extend(body);
            self.lines.push(Line::from(line));
        }
    }

    fn push_line(&mut self, body: Vec<Span<'static>>) {
        let mut line = self.prefix();
        line.extend(body);
        self.lines.push(Line::from(line));
    }

    fn event(&mut self, ev: Event) {
        if let Some((_, code)) = self.code.as_mut() {
            match ev {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                let st = self.style();
                self.push_text(&t, st);
            }
            Event::Code(t) => {
                let st = self.style().patch(self.pal.code_inline);
                if self.theme == Theme::NoColor {
                    self.push_text(&format!("`{t}`"), st);
                } else {
                    self.push_text(&t, st);
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                let st = self.style().patch(self.pal.code_inline);
                self.push_text(&t, st);
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                let st = self.style();
                let t = t.trim_end_matches('\n').to_string();
                self.push_text(&t, st);
            }
            Event::FootnoteReference(t) => {
                let st = self.style();
                self.push_text(&format!("[^{t}]"), st);
            }
            Event::SoftBreak => {
                let st = self.style();
                self.push_text(" ", st);
            }
            Event::HardBreak => {
                let st = self.style();
                self.push_text("\n", st);
            }
            Event::Rule => {
                self.flush_inline(Style::new());
                self.start_block();
                let w = self.width.saturating_sub(self.prefix_width()).max(3);
                self.push_line(vec![Span::styled("─".repeat(w), self.pal.rule)]);
                self.need_blank = true;
            }
            Event::TaskListMarker(done) => {
                let st = self.style();
                self.push_text(if done { "[x] " } else { "[ ] " }, st);
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.flush_inline(Style::new()),
            Tag::Heading { .. } => self.flush_inline(Style::new()),
            Tag::BlockQuote(_) => {
                self.flush_inline(Style::new());
                self.start_block();
                self.containers.push(Container::Quote);
                let q = self.pal.quote_text;
                self.push_style(q);
            }
            Tag::CodeBlock(kind) => {
                self.flush_inline(Style::new());
                self.code = Some((fence_lang(&kind), String::new()));
            }
            Tag::List(start) => {
                self.flush_inline(Style::new());
                if self.lists.is_empty() {
                    self.start_block();
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush_inline(Style::new());
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => ["• ", "◦ ", "▪ "][depth % 3].to_string(),
                };
                let indent = marker.width();
                self.containers.push(Container::Item {
                    marker: Some(marker),
                    indent,
                });
            }
            Tag::Table(aligns) => {
                self.flush_inline(Style::new());
                self.table = Some(TableState {
                    aligns,
                    rows: Vec::new(),
                    head_rows: 0,
                    row: Vec::new(),
                    cell: Vec::new(),
                });
            }
            Tag::TableHead | Tag::TableRow | Tag::TableCell => {}
            Tag::Emphasis => self.push_style(Style::new().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self.push_style(Style::new().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => self.push_style(Style::new().add_modifier(Modifier::CROSSED_OUT)),
            Tag::Link { dest_url, .. } => {
                self.links.push(dest_url.to_string());
                let l = self.pal.link;
                self.push_style(l);
            }
            Tag::Image { dest_url, .. } => {
                self.links.push(dest_url.to_string());
                let st = self.style();
                self.push_text("[image: ", st);
                let l = self.pal.link;
                self.push_style(l);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush_inline(Style::new());
                self.need_blank = true;
            }
            TagEnd::Heading(level) => {
                let st = match level {
                    HeadingLevel::H1 => self.pal.h1,
                    HeadingLevel::H2 => self.pal.h2,
                    HeadingLevel::H3 => self.pal.h3,
                    _ => self.pal.h_other,
                };
                self.flush_inline(st);
                self.need_blank = true;
            }
            TagEnd::BlockQuote(_) => {
                self.flush_inline(Style::new());
                self.containers.pop();
                self.pop_style();
                self.need_blank = true;
            }
            TagEnd::List(_) => {
                self.flush_inline(Style::new());
                self.lists.pop();
                if self.lists.is_empty() {
                    self.need_blank = true;
                }
            }
            TagEnd::Item => {
                self.flush_inline(Style::new());
                // An item with no content still shows its marker.
                if let Some(Container::Item {
                    marker: Some(_), ..
                }) = self.containers.last()
                {
                    self.push_line(Vec::new());
                }
                self.containers.pop();
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => self.pop_style(),
            TagEnd::Link => {
                self.pop_style();
                let url = self.links.pop().unwrap_or_default();
                let text: String = self.current_inline_text_tail(&url);
                let bare = url.strip_prefix("mailto:").unwrap_or(&url);
                if !url.is_empty() && !text.ends_with(bare) && !url.starts_with('#') {
                    let st = self.pal.url;
                    self.push_text(&format!(" ({url})"), st);
                }
            }
            TagEnd::Image => {
                self.pop_style();
                let url = self.links.pop().unwrap_or_default();
                let st = self.style();
                self.push_text("]", st);
                if !url.is_empty() {
                    let u = self.pal.url;
                    self.push_text(&format!(" ({url})"), u);
                }
            }
            TagEnd::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    let cell = std::mem::take(&mut t.cell);
                    t.row.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                    if tag == TagEnd::TableHead {
                        t.head_rows = t.rows.len();
                    }
                }
            }
            TagEnd::Table => self.end_table(),
            _ => {}
        }
    }

    /// The tail of the pending inline text, at least as long as `url` (to tell
    /// autolinks, whose text is the URL, from named links).
    fn current_inline_text_tail(&self, url: &str) -> String {
        let spans = match self.table.as_ref() {
            Some(t) => &t.cell,
            None => &self.inline,
        };
        let mut s = String::new();
        for sp in spans.iter().rev() {
            s.insert_str(0, &sp.content);
            if s.len() >= url.len() {
                break;
            }
        }
        s
    }

    fn end_code(&mut self) {
        let Some((lang, code)) = self.code.take() else {
            return;
        };
        self.start_block();
        let fence = self.pal.fence;
        let label = format!("```{}", lang.as_deref().unwrap_or(""));
        self.push_line(vec![Span::styled(label, fence)]);
        let body = highlight_code(lang.as_deref(), &code, self.theme);
        for l in body.iter() {
            self.push_line(l.spans.clone());
        }
        self.push_line(vec![Span::styled("```", fence)]);
        self.need_blank = true;
    }

    fn end_table(&mut self) {
        let Some(t) = self.table.take() else { return };
        self.start_block();
        let ncols = t
            .rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(t.aligns.len());
        if ncols == 0 {
            return;
        }
        let cell_w = |c: &Vec<Span<'static>>| c.iter().map(|s| s.content.width()).sum::<usize>();
        let mut widths = vec![1usize; ncols];
        for row in &t.rows {
            for (i, c) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell_w(c));
            }
        }
        // Shrink the widest columns until the table fits ("│" between columns).
        let avail = self.width.saturating_sub(self.prefix_width());
        let sep = 3 * (ncols - 1);
        while widths.iter().sum::<usize>() + sep > avail {
            let (i, &w) = widths
                .iter()
                .enumerate()
                .max_by_key(|(_, w)| **w)
                .unwrap_or((0, &0));
            if w <= 3 {
                break;
            }
            widths[i] = w - 1;
        }
        let border = self.pal.table_border;
        let head = self.pal.table_head;
        for (ri, row) in t.rows.iter().enumerate() {
            let mut line = Vec::new();
            for (ci, w) in widths.iter().enumerate() {
                if ci > 0 {
                    line.push(Span::styled(" │ ", border));
                }
                let empty = Vec::new();
                let cell = row.get(ci).unwrap_or(&empty);
                let content = truncate_spans(cell, *w);
                let pad = w.saturating_sub(content.iter().map(|s| s.content.width()).sum());
                let (left, right) = match t.aligns.get(ci) {
                    Some(Alignment::Right) => (pad, 0),
                    Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                    _ => (0, pad),
                };
                if left > 0 {
                    line.push(Span::raw(" ".repeat(left)));
                }
                for s in content {
                    let st = if ri < t.head_rows {
                        head.patch(s.style)
                    } else {
                        s.style
                    };
                    line.push(Span::styled(s.content, st));
                }
                // No trailing padding on the last column.
                if right > 0 && ci + 1 < ncols {
                    line.push(Span::raw(" ".repeat(right)));
                }
            }
            self.push_line(line);
            if ri + 1 == t.head_rows {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                self.push_line(vec![Span::styled(rule.join("─┼─"), border)]);
            }
        }
        self.need_blank = true;
    }
}

/// Cuts spans to `max` columns, ending in "…" when something was cut.
fn truncate_spans(spans: &[Span<'static>], max: usize) -> Vec<Span<'static>> {
    let total: usize = spans.iter().map(|s| s.content.width()).sum();
    if total <= max {
        return spans.to_vec();
    }
    let budget = max.saturating_sub(1);
    let mut used = 0;
    let mut out = Vec::new();
    let mut last_style = Style::new();
    'outer: for s in spans {
        let mut piece = String::new();
        last_style = s.style;
        for ch in s.content.chars() {
            let w = ch.width().unwrap_or(0);
            if used + w > budget {
                if !piece.is_empty() {
                    out.push(Span::styled(piece, s.style));
                }
                break 'outer;
            }
            used += w;
            piece.push(ch);
        }
        if !piece.is_empty() {
            out.push(Span::styled(piece, s.style));
        }
    }
    if max > 0 {
        out.push(Span::styled("…", last_style));
    }
    out
}

/// A wrapping unit: a word (possibly several styled pieces), a run of spaces,
/// or a forced line break.
enum Unit {
    Word(Vec<(String, Style)>, usize),
    Space(Style),
    Break,
}

fn units(spans: &[Span<'static>]) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut word: Vec<(String, Style)> = Vec::new();
    let mut word_w = 0;
    let finish = |word: &mut Vec<(String, Style)>, word_w: &mut usize, out: &mut Vec<Unit>| {
        if !word.is_empty() {
            out.push(Unit::Word(std::mem::take(word), *word_w));
            *word_w = 0;
        }
    };
    for s in spans {
        let mut piece = String::new();
        for ch in s.content.chars() {
            if ch == '\n' || ch.is_whitespace() {
                if !piece.is_empty() {
                    word.push((std::mem::take(&mut piece), s.style));
                }
                finish(&mut word, &mut word_w, &mut out);
                if ch == '\n' {
                    out.push(Unit::Break);
                } else if !matches!(out.last(), Some(Unit::Space(_))) {
                    out.push(Unit::Space(s.style));
                }
            } else {
                word_w += ch.width().unwrap_or(0);
                piece.push(ch);
            }
        }
        if !piece.is_empty() {
            word.push((piece, s.style));
        }
    }
    finish(&mut word, &mut word_w, &mut out);
    out
}

/// Pushes a piece onto a line, merging with the previous span of the same style.
fn push_piece(line: &mut Vec<Span<'static>>, text: &str, style: Style) {
    match line.last_mut() {
        Some(last) if last.style == style => last.content.to_mut().push_str(text),
        _ => line.push(Span::styled(text.to_string(), style)),
    }
}

/// Greedy word wrap of styled spans to `width` columns; over-long words are
/// broken by character.
fn wrap_spans(spans: &[Span<'static>], width: usize) -> Vec<Vec<Span<'static>>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut w = 0usize;
    let mut pending_space: Option<Style> = None;
    for unit in units(spans) {
        match unit {
            Unit::Break => {
                lines.push(std::mem::take(&mut line));
                w = 0;
                pending_space = None;
            }
            Unit::Space(st) => {
                if w > 0 {
                    pending_space = Some(st);
                }
            }
            Unit::Word(pieces, ww) => {
                let space = usize::from(pending_space.is_some());
                if w > 0 && w + space + ww > width {
                    lines.push(std::mem::take(&mut line));
                    w = 0;
                    pending_space = None;
                }
                if let Some(st) = pending_space.take() {
                    push_piece(&mut line, " ", st);
                    w += 1;
                }
                if ww <= width.saturating_sub(w) {
                    for (t, st) in &pieces {
                        push_piece(&mut line, t, *st);
                    }
                    w += ww;
                } else {
                    // Longer than a line: break it by character.
                    for (t, st) in &pieces {
                        for ch in t.chars() {
                            let cw = ch.width().unwrap_or(0);
                            if w + cw > width && w > 0 {
                                lines.push(std::mem::take(&mut line));
                                w = 0;
                            }
                            let mut buf = [0u8; 4];
                            push_piece(&mut line, ch.encode_utf8(&mut buf), *st);
                            w += cw;
                        }
                    }
                }
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(t: &Text<'_>) -> Vec<String> {
        t.lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    fn has_fg(t: &Text<'_>) -> bool {
        t.lines
            .iter()
            .flat_map(|l| &l.spans)
            .any(|s| s.style.fg.is_some() || s.style.bg.is_some())
    }

    #[test]
    fn theme_detection() {
        assert_eq!(
            Theme::from_env_values(Some("1"), Some("0;15")),
            Theme::NoColor
        );
        assert_eq!(Theme::from_env_values(Some(""), Some("0;15")), Theme::Light);
        assert_eq!(Theme::from_env_values(None, Some("15;0")), Theme::Dark);
        assert_eq!(
            Theme::from_env_values(None, Some("0;default;15")),
            Theme::Light
        );
        assert_eq!(Theme::from_env_values(None, Some("0;7")), Theme::Light);
        assert_eq!(Theme::from_env_values(None, None), Theme::Dark);
        assert_eq!(Theme::from_env_values(None, Some("junk")), Theme::Dark);
    }

    #[test]
    fn headings_are_bold_without_hashes() {
        let t = render("# Title\n\n## Sub\n\nbody", 40, Theme::Dark);
        assert_eq!(plain(&t), vec!["Title", "", "Sub", "", "body"]);
        let h1 = &t.lines[0].spans[0];
        assert!(h1.style.add_modifier.contains(Modifier::BOLD));
        assert!(h1.style.add_modifier.contains(Modifier::UNDERLINED));
        assert!(h1.style.fg.is_some());
        let h2 = &t.lines[2].spans[0];
        assert!(h2.style.add_modifier.contains(Modifier::BOLD));
        let nc = render("# Title", 40, Theme::NoColor);
        assert!(
            nc.lines[0].spans[0]
                .style
                .add_modifier
                .contains(Modifier::BOLD)
        );
        assert!(!has_fg(&nc));
    }

    #[test]
    fn inline_styles() {
        let t = render("a **bold** and *it* and `code` ~~x~~", 80, Theme::Dark);
        let spans = &t.lines[0].spans;
        let find = |s: &str| spans.iter().find(|sp| sp.content == s).unwrap().style;
        assert!(find("bold").add_modifier.contains(Modifier::BOLD));
        assert!(find("it").add_modifier.contains(Modifier::ITALIC));
        assert!(find("code").fg.is_some());
        assert!(find("x").add_modifier.contains(Modifier::CROSSED_OUT));
        let nc = render("use `x()` here", 80, Theme::NoColor);
        assert_eq!(plain(&nc), vec!["use `x()` here"]);
    }

    #[test]
    fn code_block_highlighted_in_dark_plain_in_nocolor() {
        let md = "Look:\n\n```rust\nfn main() {\n\tlet x = \"hi\"; // c\n}\n```\n";
        let dark = render(md, 60, Theme::Dark);
        let text = plain(&dark);
        assert_eq!(
            text,
            vec![
                "Look:",
                "",
                "```rust",
                "fn main() {",
                "    let x = \"hi\"; // c",
                "}",
                "```"
            ]
        );
        // Some code span has a foreground colour (RGB from the syntect theme).
        let code_spans: Vec<&Span> = dark.lines[3..6].iter().flat_map(|l| &l.spans).collect();
        assert!(
            code_spans
                .iter()
                .any(|s| matches!(s.style.fg, Some(Color::Rgb(..))))
        );
        assert!(
            code_spans.len() > 3,
            "tokens split into spans: {code_spans:?}"
        );
        let light = render(md, 60, Theme::Light);
        assert!(
            light
                .lines
                .iter()
                .flat_map(|l| &l.spans)
                .any(|s| matches!(s.style.fg, Some(Color::Rgb(..))))
        );
        let nc = render(md, 60, Theme::NoColor);
        assert_eq!(plain(&nc), text);
        assert!(!has_fg(&nc));
    }

    #[test]
    fn unknown_language_is_plain_and_code_not_wrapped() {
        let long = "x".repeat(50);
        let md = format!("```nosuchlang\n{long} = 1\n```");
        let t = render(&md, 20, Theme::Dark);
        assert_eq!(
            plain(&t),
            vec![
                "```nosuchlang".to_string(),
                format!("{long} = 1"),
                "```".into()
            ]
        );
        assert!(t.lines[1].spans.iter().all(|s| s.style.fg.is_none()));
    }

    #[test]
    fn lists_nested_and_numbered() {
        let md = "- one\n- two\n  - inner\n  - inner2\n- three\n\n3. c\n4. d\n";
        let t = render(md, 40, Theme::Dark);
        assert_eq!(
            plain(&t),
            vec![
                "• one",
                "• two",
                "  ◦ inner",
                "  ◦ inner2",
                "• three",
                "",
                "3. c",
                "4. d"
            ]
        );
        // Wrapped item text hangs under the item's text.
        let t = render("- aaaa bbbb cccc dddd", 12, Theme::NoColor);
        assert_eq!(plain(&t), vec!["• aaaa bbbb", "  cccc dddd"]);
        let t = render("- [x] done\n- [ ] todo", 40, Theme::NoColor);
        assert_eq!(plain(&t), vec!["• [x] done", "• [ ] todo"]);
    }

    #[test]
    fn block_quotes_and_rules() {
        let t = render("> quoted text here\n\n---\n\nafter", 12, Theme::Dark);
        assert_eq!(
            plain(&t),
            vec![
                "│ quoted",
                "│ text here",
                "",
                "─".repeat(12).as_str(),
                "",
                "after"
            ]
        );
        assert!(
            t.lines[0].spans[1]
                .style
                .add_modifier
                .contains(Modifier::ITALIC)
        );
    }

    #[test]
    fn links_show_dimmed_url() {
        let t = render(
            "see [docs](https://x.io/d) and <https://y.io> <a@b.io>",
            80,
            Theme::Dark,
        );
        assert_eq!(
            plain(&t),
            vec!["see docs (https://x.io/d) and https://y.io a@b.io"]
        );
        let url = t.lines[0]
            .spans
            .iter()
            .find(|s| s.content.contains("(https://x.io/d)"))
            .unwrap();
        assert_eq!(url.style.fg, Some(Color::DarkGray));
        let link = t.lines[0]
            .spans
            .iter()
            .find(|s| s.content == "docs")
            .unwrap();
        assert!(link.style.add_modifier.contains(Modifier::UNDERLINED));
        let nc = render("[docs](https://x.io/d)", 80, Theme::NoColor);
        assert!(!has_fg(&nc));
        assert!(
            nc.lines[0]
                .spans
                .iter()
                .any(|s| s.style.add_modifier.contains(Modifier::DIM))
        );
    }

    #[test]
    fn tables_align_columns() {
        let md = "| Name | Qty |\n|:-----|----:|\n| apple | 3 |\n| kiwi | 12 |\n";
        let t = render(md, 40, Theme::Dark);
        assert_eq!(
            plain(&t),
            vec!["Name  │ Qty", "──────┼────", "apple │   3", "kiwi  │  12"]
        );
        assert!(
            t.lines[0].spans[0]
                .style
                .add_modifier
                .contains(Modifier::BOLD)
        );
        // Too wide: columns shrink, cells end in "…".
        let md = "| a | b |\n|---|---|\n| 0123456789 | 0123456789 |\n";
        let t = render(md, 15, Theme::NoColor);
        for l in plain(&t) {
            assert!(l.width() <= 15, "{l:?}");
        }
        assert!(plain(&t)[2].contains('…'));
    }

    #[test]
    fn paragraphs_wrap_at_width() {
        let md = "The quick brown fox jumps over the lazy dog and keeps running.";
        let t = render(md, 20, Theme::NoColor);
        let lines = plain(&t);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width() <= 20, "{l:?}");
            assert!(!l.starts_with(' ') && !l.ends_with(' '), "{l:?}");
        }
        assert_eq!(lines.join(" "), md);
        // A word longer than the width is broken; styled pieces of one word stay together.
        let t = render("aaaaaaaaaaaaaaa", 10, Theme::NoColor);
        assert_eq!(plain(&t), vec!["aaaaaaaaaa", "aaaaa"]);
        let t = render("xx yy **bo**ld", 8, Theme::NoColor);
        assert_eq!(plain(&t), vec!["xx yy", "bold"]);
        // Hard breaks and wide characters.
        let t = render("a  \nb 你好你好", 6, Theme::NoColor);
        assert_eq!(plain(&t), vec!["a", "b", "你好你", "好"]);
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
