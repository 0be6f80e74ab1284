//! Printing results: aligned tables for people, JSON with `--json`.

use std::io::Write;

use serde::Serialize;

use crate::error::Result;

pub struct Out {
    pub json: bool,
}

impl Out {
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
        let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
        for r in &rows {
            for (i, c) in r.iter().enumerate() {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        let mut s = String::new();
        let line = |cells: Vec<String>, s: &mut String| {
            let last = cells.len() - 1;
            for (i, c) in cells.into_iter().enumerate() {
                if i == last {
                    s.push_str(&c);
                } else {
                    s.push_str(&format!("{c:<w$}  ", w = widths[i]));
                }
            }
            s.push('\n');
        };
        line(headers.iter().map(|h| h.to_string()).collect(), &mut s);
        for r in rows {
            line(r, &mut s);
        }
        write_stdout(s.as_bytes())
    }

    /// Print `key: value` lines (or JSON with `--json`).
    pub fn record<T: Serialize>(&self, v: &T, fields: &[(&str, String)]) -> Result<()> {
        if self.json {
            return self.json(v);
        }
        let w = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        let mut s = String::new();
        for (k, val) in fields {
            s.push_str(&format!("{k:<w$}  {val}\n"));
        }
        write_stdout(s.as_bytes())
    }

    /// A one-line confirmation for people (nothing with `--json`).
    pub fn done(&self, msg: &str) -> Result<()> {
        if !self.json {
            eprintln!("{msg}");
        }
        Ok(())
    }
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
mod tests {
    #[test]
    fn time_formats_utc() {
        assert_eq!(super::time(0), "1970-01-01 00:00");
        assert_eq!(super::time(1795803398), "2026-11-27 18:16");
    }
}
