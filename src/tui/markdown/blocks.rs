//! The renderer: pulldown-cmark events → lines, block by block
//! (paragraphs, headings, quotes, lists, rules, code) with their inline
//! styles and links.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::highlight::highlight_code;
use super::table::TableState;
use super::theme::{Palette, palette};
use super::wrap::wrap_spans;
use super::{Theme, fence_lang, parser_options};

enum Container {
    Quote,
    /// A list item: its marker (e.g. "• ", "12. ") until its first line is out.
    Item {
        marker: Option<String>,
        indent: usize,
    },
}

/// One render: the lines so far, the inline text and the blocks open.
pub(super) struct Renderer {
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

pub(super) fn render_uncached(text: &str, width: u16, theme: Theme) -> Vec<Line<'static>> {
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
            t.push(Span::styled(text.to_string(), style));
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
                self.table = Some(TableState::new(aligns));
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
                    t.end_cell();
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.end_row(tag == TagEnd::TableHead);
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
            Some(t) => t.cell(),
            None => self.inline.as_slice(),
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

    fn end_table(&mut self) {
        let Some(t) = self.table.take() else { return };
        self.start_block();
        let avail = self.width.saturating_sub(self.prefix_width());
        let Some(lines) = t.lines(avail, self.pal.table_border, self.pal.table_head) else {
            return;
        };
        for line in lines {
            self.push_line(line);
        }
        self.need_blank = true;
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
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Modifier};

    use super::super::tests::{has_fg, plain};
    use super::super::{Theme, render};

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
}
