//! Plain text for the screen: wrapping at spaces, file sizes.

use unicode_width::UnicodeWidthChar;

/// Plain text broken into lines of at most `width` columns, at spaces
/// where it can.
pub fn wrap(text: &str, width: u16) -> Vec<String> {
    let width = width.max(1) as usize;
    let mut out = vec![];
    for para in text.split('\n') {
        let mut line = String::new();
        let mut w = 0;
        for word in para.split_inclusive(' ') {
            let ww: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
            if w + ww.min(width) > width && !line.is_empty() {
                out.push(line.trim_end().to_string());
                line.clear();
                w = 0;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if w + cw > width {
                    out.push(std::mem::take(&mut line));
                    w = 0;
                }
                line.push(c);
                w += cw;
            }
        }
        out.push(line.trim_end().to_string());
    }
    out
}

/// A file size for people: bytes, KiB or MiB.
pub fn size(n: usize) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
    }
}
