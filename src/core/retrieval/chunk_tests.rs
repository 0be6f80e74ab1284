use serde_json::{Value, json};

use super::*;

/// Chunks made by langchain's splitters (tests/samples/chunking/make_fixtures.py).
const FIXTURES: &str = include_str!("../../../tests/samples/chunking/fixtures.json");

fn cfg(case: &Value) -> ChunkConfig {
    ChunkConfig {
        splitter: case["splitter"].as_str().unwrap().to_string(),
        chunk_size: case["size"].as_u64().unwrap() as usize,
        chunk_overlap: case["overlap"].as_u64().unwrap() as usize,
        markdown_header: case["md"].as_bool().unwrap(),
        ..ChunkConfig::default()
    }
}

#[test]
fn chunks_match_langchain_reference_output() {
    let cases: Vec<Value> = serde_json::from_str(FIXTURES).unwrap();
    assert_eq!(cases.len(), 9);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let doc = Document::new(case["input"].as_str().unwrap()).with("source", "x");
        let got = split(&cfg(case), vec![doc]).unwrap();
        let want = case["chunks"].as_array().unwrap();
        let got_pairs: Vec<(String, i64)> = got
            .iter()
            .map(|d| (d.text.clone(), d.metadata["start_index"].as_i64().unwrap()))
            .collect();
        let want_pairs: Vec<(String, i64)> = want
            .iter()
            .map(|c| {
                (
                    c["text"].as_str().unwrap().to_string(),
                    c["start_index"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(got_pairs, want_pairs, "case {name}");
        for d in &got {
            assert_eq!(d.metadata["source"], "x", "case {name}");
        }
    }
}

#[test]
fn metadata_is_kept_and_nul_removed() {
    let doc = Document::new("alpha\0 beta")
        .with("source", "a.txt")
        .with("page", 3);
    let got = split(&ChunkConfig::default(), vec![doc]).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].text, "alpha beta");
    assert_eq!(
        Value::Object(got[0].metadata.clone()),
        json!({"source": "a.txt", "page": 3, "start_index": 0})
    );
}

#[test]
fn nothing_to_split_is_empty_content() {
    for docs in [
        vec![],
        vec![Document::new("")],
        vec![Document::new("  \n\n \t ")],
    ] {
        let err = split(&ChunkConfig::default(), docs).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)));
        assert_eq!(err.message(), EMPTY_CONTENT);
    }
    // without the markdown pass, whitespace is still stripped to nothing
    let cfg = ChunkConfig {
        markdown_header: false,
        ..ChunkConfig::default()
    };
    assert_eq!(
        split(&cfg, vec![Document::new(" \n ")])
            .unwrap_err()
            .message(),
        EMPTY_CONTENT
    );
}

#[test]
fn bad_settings_are_refused() {
    let bad = |c: ChunkConfig| {
        split(&c, vec![Document::new("text")])
            .unwrap_err()
            .message()
    };
    assert_eq!(
        bad(ChunkConfig {
            splitter: "words".into(),
            ..Default::default()
        }),
        "Invalid text splitter"
    );
    assert_eq!(
        bad(ChunkConfig {
            chunk_overlap: 2000,
            ..Default::default()
        }),
        "Got a larger chunk overlap (2000) than chunk size (1000), should be smaller."
    );
    assert_eq!(
        bad(ChunkConfig {
            chunk_size: 0,
            chunk_overlap: 0,
            ..Default::default()
        }),
        "chunk_size must be > 0, got 0"
    );
    assert_eq!(
        bad(ChunkConfig {
            splitter: "token".into(),
            chunk_size: 10,
            chunk_overlap: 10,
            ..Default::default()
        }),
        "tokens_per_chunk must be greater than chunk_overlap"
    );
    assert_eq!(
        bad(ChunkConfig {
            splitter: "token".into(),
            tiktoken_encoding: "nope".into(),
            ..Default::default()
        }),
        "Unknown encoding nope."
    );
}

#[test]
fn small_sections_merge_up_to_the_target() {
    let text = "# A\none\n\n# B\ntwo\n\n# C\nthree three three three three three three";
    let cfg = ChunkConfig {
        chunk_min_size_target: 20,
        chunk_size: 40,
        chunk_overlap: 0,
        ..Default::default()
    };
    let got = split(&cfg, vec![Document::new(text).with("source", "s")]).unwrap();
    let texts: Vec<&str> = got.iter().map(|d| d.text.as_str()).collect();
    // A and B join forward; C (too big to join) stays alone, then is split by size
    assert_eq!(texts[0], "# A\none\n\n# B\ntwo");
    assert!(texts[1].starts_with("# C"), "{texts:?}");

    // never across sources
    let docs = vec![
        Document::new("# A\none").with("source", "s1"),
        Document::new("# B\ntwo").with("source", "s2"),
    ];
    let got = split(&cfg, docs).unwrap();
    assert_eq!(got.len(), 2);

    // an undersized last piece goes back into the previous one
    let text = "# A\none one one one one one\n\n# B\ntwo";
    let got = split(&cfg, vec![Document::new(text).with("source", "s")]).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].text, "# A\none one one one one one\n\n# B\ntwo");
}

#[test]
fn content_hash_is_sha256_hex_of_utf8() {
    assert_eq!(
        content_hash(""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        content_hash("héllo"),
        "3c48591d8d098a4538f5e013dfcf406e948eac4d3277b10bf614e295d6068179"
    );
}

#[test]
fn three_kilobytes_of_english_give_four_chunks_by_default() {
    let para = "The committee met on Tuesday to review the harvest figures for the year. \
                Members agreed that the northern fields had done better than expected, \
                while the southern fields suffered from the late frost. ";
    let mut text = String::new();
    while text.len() < 3000 {
        text.push_str(para);
        text.push_str(para);
        text.push_str("\n\n");
    }
    let text = &text[..3000];
    let got = split(&ChunkConfig::default(), vec![Document::new(text)]).unwrap();
    assert_eq!(got.len(), 4);
    assert!(got.iter().all(|d| d.text.chars().count() <= 1000));
}
