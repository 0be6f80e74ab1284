//! A command page's runnable examples: parsing ```console blocks, matching
//! output against the expected lines, and rewriting them (`OWUI_BLESS=1`).
//!
//! In a ```console block, a line starting with `$ ` is a command (lines
//! starting with `> ` continue it). An optional `? N` line right after it
//! gives the exit status (default 0). The lines up to the next command or the
//! block's end are its expected output, stdout and stderr together. In them,
//! `[..]` matches any text within a line and a line `...` any number of
//! lines; trailing spaces and trailing blank lines do not count. Ids (UUIDs)
//! and times (`2026-12-07 10:27`) match any other id and time, so the pages
//! can show real ones.

/// One `$ ` example of a page.
#[derive(Debug)]
pub struct Example {
    /// 1-based line of the `$ ` line in the page.
    pub line: usize,
    /// The command as the shell gets it (continuation lines joined).
    pub cmd: String,
    pub status: i32,
    pub expected: Vec<String>,
    /// 0-based lines of the page holding the status and expected output
    /// (what `OWUI_BLESS=1` replaces).
    pub body: std::ops::Range<usize>,
}

/// The examples of a page, or a message naming the first line that would
/// not run.
pub fn parse(page: &str, text: &str) -> Result<Vec<Example>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut examples: Vec<Example> = vec![];
    let mut fence: Option<&str> = None;
    // whether the open ```console block has had a command yet
    let mut in_command = false;
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        let trimmed = l.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            fence = match fence {
                None => Some(info.trim()),
                Some(_) => None,
            };
            in_command = false;
            i += 1;
            continue;
        }
        match fence {
            Some("console") if l.starts_with("$ ") => {
                in_command = true;
                let line = i + 1;
                let mut cmd = l[2..].to_string();
                i += 1;
                while i < lines.len() && lines[i].starts_with("> ") {
                    cmd.push('\n');
                    cmd.push_str(&lines[i][2..]);
                    i += 1;
                }
                let start = i;
                let mut status = 0;
                if let Some(s) = lines.get(i).and_then(|l| l.strip_prefix("? ")) {
                    status = s
                        .trim()
                        .parse()
                        .map_err(|_| format!("{page}:{}: `? {s}` is not an exit status", i + 1))?;
                    i += 1;
                }
                let mut expected = vec![];
                while i < lines.len() && !lines[i].starts_with("$ ") && !is_fence(lines[i]) {
                    expected.push(lines[i].to_string());
                    i += 1;
                }
                examples.push(Example {
                    line,
                    cmd,
                    status,
                    expected,
                    body: start..i,
                });
            }
            Some("console") if !in_command && !l.trim().is_empty() => {
                return Err(format!(
                    "{page}:{}: a ```console block starts with a command (`$ ...`)",
                    i + 1
                ));
            }
            Some(info) if info != "console" && l.starts_with("$ ") => {
                return Err(format!(
                    "{page}:{}: `{l}` is in a ```{info} block, so it does not run; \
                     use ```console (or drop the `$ ` when it cannot run)",
                    i + 1
                ));
            }
            _ => i += 1,
        }
    }
    if fence.is_some() {
        return Err(format!("{page}: a code block is not closed"));
    }
    Ok(examples)
}

fn is_fence(l: &str) -> bool {
    l.trim_start().starts_with("```")
}

/// Whether `actual` (a command's output) is what `expected` describes.
pub fn matches(expected: &[String], actual: &str) -> bool {
    let exp: Vec<&str> = trim_lines(expected.iter().map(String::as_str));
    let act: Vec<&str> = trim_lines(actual.lines());
    lines_match(&exp, &act)
}

fn trim_lines<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = lines.map(str::trim_end).collect();
    while v.last() == Some(&"") {
        v.pop();
    }
    v
}

fn lines_match(exp: &[&str], act: &[&str]) -> bool {
    match exp.split_first() {
        None => act.is_empty(),
        Some((&"...", rest)) => (0..=act.len()).any(|k| lines_match(rest, &act[k..])),
        Some((e, rest)) => {
            !act.is_empty() && line_matches(e, act[0]) && lines_match(rest, &act[1..])
        }
    }
}

/// One line, where each `[..]` in `exp` stands for any text, and any id or
/// time for any other.
pub fn line_matches(exp: &str, act: &str) -> bool {
    let (exp, act) = (&redact(exp), &redact(act));
    let parts: Vec<&str> = exp.split("[..]").collect();
    if parts.len() == 1 {
        return exp == act;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !act.starts_with(first) || act.len() < first.len() + last.len() || !act.ends_with(last) {
        return false;
    }
    let mut rest = &act[first.len()..act.len() - last.len()];
    for p in &parts[1..parts.len() - 1] {
        match rest.find(p) {
            Some(at) => rest = &rest[at + p.len()..],
            None => return false,
        }
    }
    true
}

/// `s` with every UUID and `YYYY-MM-DD HH:MM` time replaced by a
/// placeholder of the same width (so table columns stay aligned).
fn redact(s: &str) -> String {
    const UUID: &str = "########-####-####-####-############";
    const TIME: &str = "####-##-## ##:##";
    let b = s.as_bytes();
    let fits = |at: usize, shape: &str, digit: fn(u8) -> bool| {
        b.len() >= at + shape.len()
            && shape
                .bytes()
                .zip(&b[at..])
                .all(|(p, &c)| if p == b'#' { digit(c) } else { p == c })
    };
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if fits(i, UUID, |c| c.is_ascii_hexdigit()) {
            out.push_str(UUID);
            i += UUID.len();
        } else if fits(i, TIME, |c| c.is_ascii_digit()) {
            out.push_str(TIME);
            i += TIME.len();
        } else {
            let ch = s[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// The page with the expected output of `runs` (example index, status,
/// output) replaced by what the commands printed.
pub fn bless(text: &str, examples: &[Example], runs: &[(usize, i32, String)]) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for (idx, status, output) in runs.iter().rev() {
        let ex = &examples[*idx];
        let mut body = vec![];
        if *status != 0 {
            body.push(format!("? {status}"));
        }
        body.extend(trim_lines(output.lines()).into_iter().map(String::from));
        lines.splice(ex.body.clone(), body);
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wildcards_match_within_a_line_and_across_lines() {
        assert!(line_matches("id  [..]  Ada", "id  3f2a-11  Ada"));
        assert!(line_matches("[..]", ""));
        assert!(line_matches("a[..]b[..]c", "a1b2c"));
        assert!(!line_matches("a[..]b[..]c", "a1c2b"));
        assert!(!line_matches("ab[..]ba", "aba"));
        assert!(!line_matches("Ada", "Ada "));
        let id = "656a05f3-ed15-4c41-9b89-5d6c28050fa7  Ada  2026-12-07 10:27";
        assert!(line_matches(
            id,
            "0e8b2c1d-aaaa-4bbb-8ccc-0123456789ab  Ada  1999-01-31 23:59"
        ));
        assert!(!line_matches(
            id,
            "0e8b2c1d-aaaa-4bbb-8ccc-0123456789ab  Bo   1999-01-31 23:59"
        ));
        assert!(!line_matches(id, "not-an-id  Ada  1999-01-31 23:59"));
        assert!(line_matches("é 2026-12-07 10:27", "é 2027-01-01 00:00"));
        assert!(matches(
            &s(&["first", "...", "last"]),
            "first\nx\ny\nlast\n"
        ));
        assert!(matches(&s(&["first", "...", "last"]), "first\nlast\n"));
        assert!(!matches(&s(&["first", "...", "last"]), "first\nx\n"));
        assert!(matches(&s(&["a  ", ""]), "a\n\n"));
        assert!(!matches(&s(&["a"]), "a\nb\n"));
        assert!(!matches(&s(&[]), "something\n"));
    }

    #[test]
    fn examples_parse_with_status_continuations_and_output() {
        let page = "# x\n\n```console\n$ owui a \\\n> --b\n? 1\nerror: no\n$ owui c\n```\n\n```sh\nowui serve\n```\n";
        let ex = parse("x.md", page).unwrap();
        assert_eq!(ex.len(), 2);
        assert_eq!(ex[0].line, 4);
        assert_eq!(ex[0].cmd, "owui a \\\n--b");
        assert_eq!(
            (ex[0].status, ex[0].expected.clone()),
            (1, s(&["error: no"]))
        );
        assert_eq!((ex[1].status, ex[1].expected.len()), (0, 0));
        let blessed = bless(
            page,
            &ex,
            &[(0, 0, "fine\n".into()), (1, 2, "bad\n".into())],
        );
        assert_eq!(
            blessed,
            "# x\n\n```console\n$ owui a \\\n> --b\nfine\n$ owui c\n? 2\nbad\n```\n\n```sh\nowui serve\n```\n"
        );
    }

    #[test]
    fn a_dollar_line_outside_a_console_block_is_refused() {
        let err = parse("x.md", "```sh\n$ owui users list\n```\n").unwrap_err();
        assert!(err.starts_with("x.md:2: "), "{err}");
        assert!(parse("x.md", "```console\nowui users list\n```\n").is_err());
        let two = "```console\n$ owui a\n```\n```console\nstray\n```\n";
        assert!(parse("x.md", two).unwrap_err().starts_with("x.md:5: "));
        assert!(parse("x.md", "```console\n$ owui users list\n").is_err());
    }
}
