//! Word wrap of styled spans.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthChar;

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
pub(super) fn wrap_spans(spans: &[Span<'static>], width: usize) -> Vec<Vec<Span<'static>>> {
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
    use unicode_width::UnicodeWidthStr;

    use super::super::tests::plain;
    use super::super::{Theme, render};

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
}
