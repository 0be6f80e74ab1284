//! The citations of an answer, from the `sources` saved on it: one per
//! document, numbered as the context block numbers them for the model
//! (`<source id="n">`, shared by the chunks of one document, in order of
//! first appearance), so `[n]` in the answer and in the list agree.

use serde_json::Value;

/// One cited document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The number the model saw for it (from 1).
    pub n: usize,
    /// The file name, page title or URL.
    pub name: String,
    /// The pages cited, as people count them (from 1), ascending.
    pub pages: Vec<i64>,
}

impl Citation {
    /// `[n] name`, with `(page 3)` or `(pages 1, 4)` when known.
    pub fn line(&self) -> String {
        let mut s = format!("[{}] {}", self.n, self.name);
        match self.pages.as_slice() {
            [] => {}
            [p] => s.push_str(&format!(" (page {p})")),
            ps => {
                let ps: Vec<String> = ps.iter().map(i64::to_string).collect();
                s.push_str(&format!(" (pages {})", ps.join(", ")));
            }
        }
        s
    }
}

/// The citations of a message's `sources` (upstream's shape:
/// `[{source: {id, name, …}, document: [...], metadata: [{name, source,
/// page, …}], …}]`); none for anything else.
pub fn citations(sources: &Value) -> Vec<Citation> {
    let mut out: Vec<(String, Citation)> = Vec::new();
    for s in sources.as_array().into_iter().flatten() {
        let src = &s["source"];
        let metas = s["metadata"].as_array();
        let docs = s["document"].as_array().map_or(0, Vec::len);
        for i in 0..docs {
            let meta = metas.and_then(|m| m.get(i));
            let key = meta
                .and_then(|m| m.get("source"))
                .and_then(Value::as_str)
                .or_else(|| src.get("id").and_then(Value::as_str))
                .unwrap_or("N/A")
                .to_string();
            let name = meta
                .and_then(|m| m.get("name"))
                .and_then(Value::as_str)
                .or_else(|| src.get("name").and_then(Value::as_str))
                .or_else(|| meta.and_then(|m| m.get("source")).and_then(Value::as_str))
                .unwrap_or(&key)
                .to_string();
            let page = meta
                .and_then(|m| m.get("page"))
                .and_then(Value::as_i64)
                .map(|p| p + 1);
            let at = match out.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    let n = out.len() + 1;
                    out.push((
                        key,
                        Citation {
                            n,
                            name,
                            pages: Vec::new(),
                        },
                    ));
                    out.len() - 1
                }
            };
            if let Some(p) = page
                && !out[at].1.pages.contains(&p)
            {
                out[at].1.pages.push(p);
                out[at].1.pages.sort_unstable();
            }
        }
    }
    out.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_per_document_numbered_as_the_model_saw_them() {
        let sources = json!([
            {
                "source": {"id": "kb1", "name": "Handbook", "type": "collection"},
                "document": ["a", "b", "c"],
                "metadata": [
                    {"source": "f1", "name": "guide.pdf", "page": 2},
                    {"source": "f2", "name": "notes.txt"},
                    {"source": "f1", "name": "guide.pdf", "page": 0},
                ],
            },
            {
                "source": {"id": "f3", "name": "plan.md", "type": "file"},
                "document": ["d"],
                "metadata": [{"file_id": "f3"}],
            },
        ]);
        let lines: Vec<String> = citations(&sources).iter().map(Citation::line).collect();
        assert_eq!(
            lines,
            ["[1] guide.pdf (pages 1, 3)", "[2] notes.txt", "[3] plan.md"]
        );
    }

    #[test]
    fn nothing_for_no_sources() {
        assert!(citations(&Value::Null).is_empty());
        assert!(citations(&json!([])).is_empty());
        assert_eq!(citations(&json!([{"source": {"id": "x", "name": "x.txt"}, "document": ["t"], "metadata": [{"source": "x", "page": 4}]}]))[0].line(), "[1] x.txt (page 5)");
    }
}
