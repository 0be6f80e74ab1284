//! Line diffs of prompt contents, as Python's `difflib.unified_diff`
//! (`SequenceMatcher` with its "popular line" heuristic, 3 lines of
//! context, no line terminators) over `str.splitlines()`.

use std::collections::{HashMap, HashSet};

/// Python's `str.splitlines()`: every line boundary Python knows, the
/// terminators dropped.
pub fn splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, ch)) = it.next() {
        let end = match ch {
            '\r' => {
                if let Some(&(_, '\n')) = it.peek() {
                    it.next();
                    i + 2
                } else {
                    i + 1
                }
            }
            '\n' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}'
            | '\u{2029}' => i + ch.len_utf8(),
            _ => continue,
        };
        out.push(&s[start..i]);
        start = end;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Op {
    tag: &'static str,
    i1: usize,
    i2: usize,
    j1: usize,
    j2: usize,
}

struct Matcher<'a> {
    a: &'a [&'a str],
    b: &'a [&'a str],
    b2j: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Matcher<'a> {
    fn new(a: &'a [&'a str], b: &'a [&'a str]) -> Matcher<'a> {
        let mut b2j: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, x) in b.iter().enumerate() {
            b2j.entry(x).or_default().push(i);
        }
        if b.len() >= 200 {
            let ntest = b.len() / 100 + 1;
            let popular: HashSet<&str> = b2j
                .iter()
                .filter(|(_, v)| v.len() > ntest)
                .map(|(k, _)| *k)
                .collect();
            b2j.retain(|k, _| !popular.contains(k));
        }
        Matcher { a, b, b2j }
    }

    fn longest(&self, alo: usize, ahi: usize, blo: usize, bhi: usize) -> (usize, usize, usize) {
        let (a, b) = (self.a, self.b);
        let (mut bi, mut bj, mut bs) = (alo, blo, 0);
        let mut j2len: HashMap<usize, usize> = HashMap::new();
        for (i, x) in a.iter().enumerate().take(ahi).skip(alo) {
            let mut new = HashMap::new();
            if let Some(js) = self.b2j.get(x) {
                for &j in js {
                    if j < blo {
                        continue;
                    }
                    if j >= bhi {
                        break;
                    }
                    let k = j.checked_sub(1).and_then(|p| j2len.get(&p)).unwrap_or(&0) + 1;
                    new.insert(j, k);
                    if k > bs {
                        (bi, bj, bs) = (i + 1 - k, j + 1 - k, k);
                    }
                }
            }
            j2len = new;
        }
        while bi > alo && bj > blo && a[bi - 1] == b[bj - 1] {
            (bi, bj, bs) = (bi - 1, bj - 1, bs + 1);
        }
        while bi + bs < ahi && bj + bs < bhi && a[bi + bs] == b[bj + bs] {
            bs += 1;
        }
        (bi, bj, bs)
    }

    fn matching_blocks(&self) -> Vec<(usize, usize, usize)> {
        let (la, lb) = (self.a.len(), self.b.len());
        let mut queue = vec![(0, la, 0, lb)];
        let mut blocks = Vec::new();
        while let Some((alo, ahi, blo, bhi)) = queue.pop() {
            let (i, j, k) = self.longest(alo, ahi, blo, bhi);
            if k > 0 {
                blocks.push((i, j, k));
                if alo < i && blo < j {
                    queue.push((alo, i, blo, j));
                }
                if i + k < ahi && j + k < bhi {
                    queue.push((i + k, ahi, j + k, bhi));
                }
            }
        }
        blocks.sort();
        let (mut i1, mut j1, mut k1) = (0, 0, 0);
        let mut out = Vec::new();
        for (i2, j2, k2) in blocks {
            if i1 + k1 == i2 && j1 + k1 == j2 {
                k1 += k2;
            } else {
                if k1 > 0 {
                    out.push((i1, j1, k1));
                }
                (i1, j1, k1) = (i2, j2, k2);
            }
        }
        if k1 > 0 {
            out.push((i1, j1, k1));
        }
        out.push((la, lb, 0));
        out
    }

    fn opcodes(&self) -> Vec<Op> {
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        for (ai, bj, size) in self.matching_blocks() {
            let tag = if i < ai && j < bj {
                "replace"
            } else if i < ai {
                "delete"
            } else if j < bj {
                "insert"
            } else {
                ""
            };
            if !tag.is_empty() {
                out.push(Op {
                    tag,
                    i1: i,
                    i2: ai,
                    j1: j,
                    j2: bj,
                });
            }
            (i, j) = (ai + size, bj + size);
            if size > 0 {
                out.push(Op {
                    tag: "equal",
                    i1: ai,
                    i2: i,
                    j1: bj,
                    j2: j,
                });
            }
        }
        out
    }

    fn grouped(&self, n: usize) -> Vec<Vec<Op>> {
        let mut codes = self.opcodes();
        if codes.is_empty() {
            codes.push(Op {
                tag: "equal",
                i1: 0,
                i2: 1,
                j1: 0,
                j2: 1,
            });
        }
        if let Some(c) = codes.first_mut()
            && c.tag == "equal"
        {
            c.i1 = c.i1.max(c.i2.saturating_sub(n));
            c.j1 = c.j1.max(c.j2.saturating_sub(n));
        }
        if let Some(c) = codes.last_mut()
            && c.tag == "equal"
        {
            c.i2 = c.i2.min(c.i1 + n);
            c.j2 = c.j2.min(c.j1 + n);
        }
        let mut groups = Vec::new();
        let mut group = Vec::new();
        for mut c in codes {
            if c.tag == "equal" && c.i2 - c.i1 > 2 * n {
                group.push(Op {
                    i2: c.i2.min(c.i1 + n),
                    j2: c.j2.min(c.j1 + n),
                    ..c
                });
                groups.push(std::mem::take(&mut group));
                c.i1 = c.i1.max(c.i2.saturating_sub(n));
                c.j1 = c.j1.max(c.j2.saturating_sub(n));
            }
            group.push(c);
        }
        let only_equal = group.len() == 1 && group[0].tag == "equal";
        if !group.is_empty() && !only_equal {
            groups.push(group);
        }
        groups
    }
}

fn range(start: usize, stop: usize) -> String {
    let len = stop - start;
    let begin = if len == 0 { start } else { start + 1 };
    if len == 1 {
        format!("{begin}")
    } else {
        format!("{begin},{len}")
    }
}

/// `difflib.unified_diff(a, b, from, to, lineterm='')`.
pub fn unified(a: &[&str], b: &[&str], from: &str, to: &str) -> Vec<String> {
    let m = Matcher::new(a, b);
    let mut out = Vec::new();
    for group in m.grouped(3) {
        if out.is_empty() {
            out.push(format!("--- {from}"));
            out.push(format!("+++ {to}"));
        }
        let (first, last) = (group[0], group[group.len() - 1]);
        out.push(format!(
            "@@ -{} +{} @@",
            range(first.i1, last.i2),
            range(first.j1, last.j2)
        ));
        for c in group {
            if c.tag == "equal" {
                out.extend(a[c.i1..c.i2].iter().map(|l| format!(" {l}")));
                continue;
            }
            if c.tag == "replace" || c.tag == "delete" {
                out.extend(a[c.i1..c.i2].iter().map(|l| format!("-{l}")));
            }
            if c.tag == "replace" || c.tag == "insert" {
                out.extend(b[c.j1..c.j2].iter().map(|l| format!("+{l}")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitlines_as_python() {
        assert_eq!(splitlines("a\r\nb\rc\n\nd\n"), ["a", "b", "c", "", "d"]);
        assert!(splitlines("").is_empty());
        assert_eq!(splitlines("x\u{2028}y"), ["x", "y"]);
    }

    #[test]
    fn unified_as_python() {
        // difflib.unified_diff("a b c d e f g h i j k".split(),
        //     "a b X d e f g h i j k z".split(), "v1", "v2", lineterm="")
        let a: Vec<&str> = "a b c d e f g h i j k".split(' ').collect();
        let b: Vec<&str> = "a b X d e f g h i j k z".split(' ').collect();
        assert_eq!(
            unified(&a, &b, "v1", "v2"),
            [
                "--- v1",
                "+++ v2",
                "@@ -1,6 +1,6 @@",
                " a",
                " b",
                "-c",
                "+X",
                " d",
                " e",
                " f",
                "@@ -9,3 +9,4 @@",
                " i",
                " j",
                " k",
                "+z"
            ]
        );
        assert!(unified(&a, &a, "v1", "v2").is_empty());
        assert_eq!(
            unified(&[], &["x"], "f", "t"),
            ["--- f", "+++ t", "@@ -0,0 +1 @@", "+x"]
        );
    }
}
