//! Printing results: aligned tables and `key  value` records for people,
//! JSON with `--json`.
//!
//! Tables and records fit the width of the output: `COLUMNS` when it is
//! set, else the terminal's when stdout is one, else (a pipe or a file) no
//! limit. A value too long for it is cut with `…`; `--json` always prints
//! whole values. A table cell is one line (a newline shows as `⏎`); a
//! record shows a multi-line value on lines of its own, indented.

use std::io::{IsTerminal, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use crate::error::Result;

pub struct Out {
    pub json: bool,
    /// The width tables and records are cut to (None: no limit).
    pub width: Option<usize>,
}

impl Out {
    /// Output for `--json` (or not), as wide as [`output_width`] says.
    pub fn new(json: bool) -> Out {
        Out {
            json,
            width: output_width(),
        }
    }

    /// Print a value as pretty JSON.
    pub fn json<T: Serialize + ?Sized>(&self, v: &T) -> Result<()> {
        let mut s = serde_json::to_string_pretty(v)?;
        s.push('\n');
        write_stdout(s.as_bytes())
    }

    /// Print rows as an aligned table with a header (or JSON with `--json`).
    pub fn table<T: Serialize>(
        &self,
        items: &[T],
        headers: &[&str],
        row: impl Fn(&T) -> Vec<String>,
    ) -> Result<()> {
        if self.json {
            return self.json(items);
        }
        let rows: Vec<Vec<String>> = items.iter().map(row).collect();
        write_stdout(table(headers, &rows, self.width).as_bytes())
    }

    /// Print `key  value` lines (or JSON with `--json`).
    pub fn record<T: Serialize>(&self, v: &T, fields: &[(&str, String)]) -> Result<()> {
        if self.json {
            return self.json(v);
        }
        write_stdout(record(fields, self.width).as_bytes())
    }

    /// A one-line confirmation for people (nothing with `--json`).
    pub fn done(&self, msg: &str) -> Result<()> {
        if !self.json {
            eprintln!("{msg}");
        }
        Ok(())
    }
}

/// The width to fit tables and records to: `COLUMNS` when set (to a
/// positive number), else the terminal's when stdout is a terminal, else
/// None (no limit: pipes and files get whole values).
pub fn output_width() -> Option<usize> {
    width_from(
        std::env::var("COLUMNS").ok().as_deref(),
        std::io::stdout().is_terminal(),
        || crossterm::terminal::size().ok().map(|(cols, _)| cols),
    )
}

fn width_from(
    columns: Option<&str>,
    terminal: bool,
    size: impl FnOnce() -> Option<u16>,
) -> Option<usize> {
    let positive = |n: usize| (n > 0).then_some(n);
    if let Some(n) = columns
        .and_then(|c| c.trim().parse().ok())
        .and_then(positive)
    {
        return Some(n);
    }
    if terminal {
        size().map(usize::from).and_then(positive)
    } else {
        None
    }
}

/// Display columns of `s` (a wide character counts two, a combining one
/// none).
fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `s` cut to `w` display columns, ending in `…` when something was cut.
fn cut(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    if w > 0 {
        out.push('…');
    }
    out
}

/// `s` padded with spaces to `w` display columns.
fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(s))));
    out
}

/// One line of text that cannot move the cursor: a tab becomes a space,
/// other control characters `�`. Newlines are the caller's (see
/// [`one_line`]).
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// A table cell: the value on one line, each line break shown as `⏎`.
fn one_line(s: &str) -> String {
    printable(&s.replace("\r\n", "\n").replace(['\n', '\r'], "⏎"))
}

/// Column widths that fit `limit`: the natural widths when they fit, else
/// the columns after the first (the row's id or name) give way, the widest
/// first, down to one column each; only then the first.
fn fit(natural: &[usize], limit: usize) -> Vec<usize> {
    let seps = 2 * natural.len().saturating_sub(1);
    let mut w = natural.to_vec();
    let budget = limit.saturating_sub(seps);
    if w.iter().sum::<usize>() <= budget || w.is_empty() {
        return w;
    }
    let first = w[0];
    level(&mut w[1..], budget.saturating_sub(first));
    let rest: usize = w[1..].iter().sum();
    level(&mut w[..1], budget.saturating_sub(rest));
    w
}

/// Lower the widest of `w` to one level so their sum is at most `budget`
/// (no column below 1); what the level leaves over goes to the cut columns
/// from the left.
fn level(w: &mut [usize], budget: usize) {
    let sum = |l: usize, w: &[usize]| w.iter().map(|&x| x.min(l)).sum::<usize>();
    if w.iter().sum::<usize>() <= budget {
        return;
    }
    let mut l = w.iter().copied().max().unwrap_or(0);
    while l > 1 && sum(l, w) > budget {
        l -= 1;
    }
    let mut spare = budget.saturating_sub(sum(l, w));
    for x in w.iter_mut() {
        if *x > l {
            *x = l + usize::from(spare > 0);
            spare = spare.saturating_sub(1);
        }
    }
}

/// An aligned table: a header line and one line per row, columns two
/// spaces apart, cut to `limit` columns when given.
fn table(headers: &[&str], rows: &[Vec<String>], limit: Option<usize>) -> String {
    let cells: Vec<Vec<String>> = std::iter::once(headers.iter().map(|h| h.to_string()).collect())
        .chain(rows.iter().map(|r| r.iter().map(|c| one_line(c)).collect()))
        .collect();
    let mut natural: Vec<usize> = vec![0; headers.len()];
    for r in &cells {
        for (i, c) in r.iter().enumerate() {
            natural[i] = natural[i].max(width(c));
        }
    }
    let widths = match limit {
        Some(l) => fit(&natural, l),
        None => natural,
    };
    let mut s = String::new();
    for r in &cells {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(&pad(&cut(c, widths[i]), widths[i]));
        }
        s.push_str(line.trim_end_matches(' '));
        s.push('\n');
    }
    s
}

/// `key  value` lines, the values aligned; a multi-line value continues on
/// indented lines; every line cut to `limit` columns when given.
fn record(fields: &[(&str, String)], limit: Option<usize>) -> String {
    let kw = fields.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let room = limit.map(|l| l.saturating_sub(kw + 2).max(1));
    let mut s = String::new();
    for (k, v) in fields {
        let v = v.replace("\r\n", "\n");
        for (i, l) in v
            .trim_end_matches(['\n', '\r'])
            .split(['\n', '\r'])
            .enumerate()
        {
            let l = printable(l);
            let l = room.map_or(l.clone(), |r| cut(&l, r));
            let key = if i == 0 { pad(k, kw) } else { pad("", kw) };
            s.push_str(format!("{key}  {l}").trim_end_matches(' '));
            s.push('\n');
        }
    }
    s
}

/// Write to stdout, treating a closed pipe (`owui ... | head`) as success.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut o = std::io::stdout().lock();
    match o.write_all(bytes).and_then(|_| o.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Epoch seconds as `YYYY-MM-DD HH:MM` UTC.
pub fn time(t: i64) -> String {
    let days = t.div_euclid(86400);
    let secs = t.rem_euclid(86400);
    // civil from days (Howard Hinnant)
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60
    )
}

#[cfg(test)]
mod tests;
