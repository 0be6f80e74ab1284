//! Fenced code coloured by syntect (on its pure-Rust regex engine), with
//! the highlighted lines of each block cached.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, ThemeSet};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::Theme;
use super::cache::TwoGenCache;

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
pub(super) fn highlight_code(
    lang: Option<&str>,
    code: &str,
    theme: Theme,
) -> Arc<Vec<Line<'static>>> {
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

#[cfg(test)]
mod tests {
    use ratatui::style::Color;
    use ratatui::text::Span;

    use super::super::tests::{has_fg, plain};
    use super::super::{Theme, render};

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
}
