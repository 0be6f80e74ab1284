//! Tables: cells collected while reading, then laid out in columns that
//! shrink to fit the width, cells cut with "…".

use pulldown_cmark::Alignment;
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A table being read: its rows of cells, each cell styled spans.
pub(super) struct TableState {
    aligns: Vec<Alignment>,
    rows: Vec<Vec<Vec<Span<'static>>>>,
    head_rows: usize,
    row: Vec<Vec<Span<'static>>>,
    cell: Vec<Span<'static>>,
}

impl TableState {
    pub(super) fn new(aligns: Vec<Alignment>) -> TableState {
        TableState {
            aligns,
            rows: Vec::new(),
            head_rows: 0,
            row: Vec::new(),
            cell: Vec::new(),
        }
    }

    /// Inline text of the cell being read.
    pub(super) fn push(&mut self, span: Span<'static>) {
        self.cell.push(span);
    }

    /// The spans of the cell being read.
    pub(super) fn cell(&self) -> &[Span<'static>] {
        &self.cell
    }

    pub(super) fn end_cell(&mut self) {
        let cell = std::mem::take(&mut self.cell);
        self.row.push(cell);
    }

    /// The end of a row; of the head's row when `head`.
    pub(super) fn end_row(&mut self, head: bool) {
        let row = std::mem::take(&mut self.row);
        self.rows.push(row);
        if head {
            self.head_rows = self.rows.len();
        }
    }

    /// The table laid out in `avail` columns: the spans of each line (a row,
    /// and the rule under the head), or None when it has no column.
    pub(super) fn lines(
        self,
        avail: usize,
        border: Style,
        head: Style,
    ) -> Option<Vec<Vec<Span<'static>>>> {
        let ncols = self
            .rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(self.aligns.len());
        if ncols == 0 {
            return None;
        }
        let cell_w = |c: &Vec<Span<'static>>| c.iter().map(|s| s.content.width()).sum::<usize>();
        let mut widths = vec![1usize; ncols];
        for row in &self.rows {
            for (i, c) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell_w(c));
            }
        }
        // Shrink the widest columns until the table fits ("│" between columns).
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
        let mut out = Vec::new();
        for (ri, row) in self.rows.iter().enumerate() {
            let mut line = Vec::new();
            for (ci, w) in widths.iter().enumerate() {
                if ci > 0 {
                    line.push(Span::styled(" │ ", border));
                }
                let empty = Vec::new();
                let cell = row.get(ci).unwrap_or(&empty);
                let content = truncate_spans(cell, *w);
                let pad = w.saturating_sub(content.iter().map(|s| s.content.width()).sum());
                let (left, right) = match self.aligns.get(ci) {
                    Some(Alignment::Right) => (pad, 0),
                    Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                    _ => (0, pad),
                };
                if left > 0 {
                    line.push(Span::raw(" ".repeat(left)));
                }
                for s in content {
                    let st = if ri < self.head_rows {
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
            out.push(line);
            if ri + 1 == self.head_rows {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                out.push(vec![Span::styled(rule.join("─┼─"), border)]);
            }
        }
        Some(out)
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

#[cfg(test)]
mod tests {
    use ratatui::style::Modifier;
    use unicode_width::UnicodeWidthStr;

    use super::super::tests::plain;
    use super::super::{Theme, render};

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
}
