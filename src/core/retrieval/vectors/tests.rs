use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Map, Value, json};

use super::*;
use crate::core::ctx::{Ctx, test_ctx};

/// A small fixed-seed generator (xorshift64*), for repeatable data.
struct Rng(u64);
impl Rng {
    fn f(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let v = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (v >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0
    }
    fn vector(&mut self, dim: usize) -> Vec<f32> {
        (0..dim).map(|_| self.f()).collect()
    }
}

fn meta(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn item(id: &str, text: &str, vector: Vec<f32>, m: Value) -> Item {
    Item {
        id: id.into(),
        text: text.into(),
        vector,
        metadata: meta(m),
    }
}

fn ids(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}

fn put(cx: &Ctx, name: &str, items: &[Item]) {
    cx.db.write(|tx| insert(tx, name, items)).unwrap();
}

#[test]
fn insert_get_upsert_delete() {
    let (_d, cx) = test_ctx();
    let db = &cx.db;
    put(
        &cx,
        "file-1",
        &[
            item(
                "a",
                "alpha",
                vec![1.0, 0.0],
                json!({"file_id": "f1", "hash": "h1"}),
            ),
            item(
                "b",
                "beta",
                vec![0.0, 1.0],
                json!({"file_id": "f2", "hash": "h2"}),
            ),
            item(
                "c",
                "gamma",
                vec![1.0, 1.0],
                json!({"file_id": "f1", "n": 3}),
            ),
        ],
    );
    // an id already stored is skipped by insert, replaced in place by upsert
    put(
        &cx,
        "file-1",
        &[item("a", "other", vec![0.5, 0.5], json!({}))],
    );
    let got = db.read(|c| get(c, "file-1")).unwrap();
    assert_eq!(ids(&got), ["a", "b", "c"]);
    assert_eq!(got[0].text, "alpha");
    assert!(got.iter().all(|h| h.score == 1.0));
    db.write(|tx| {
        upsert(
            tx,
            "file-1",
            &[item("a", "replaced", vec![0.5, 0.5], json!({}))],
        )
    })
    .unwrap();
    let got = db.read(|c| get(c, "file-1")).unwrap();
    assert_eq!(ids(&got), ["a", "b", "c"]);
    assert_eq!(got[0].text, "replaced");

    let by_hash = db
        .read(|c| get_where(c, "file-1", "hash", &json!("h2")))
        .unwrap();
    assert_eq!(ids(&by_hash), ["b"]);
    let by_n = db.read(|c| get_where(c, "file-1", "n", &json!(3))).unwrap();
    assert_eq!(ids(&by_n), ["c"]);
    // a number does not match the same digits as a string
    assert!(
        db.read(|c| get_where(c, "file-1", "n", &json!("3")))
            .unwrap()
            .is_empty()
    );

    assert_eq!(
        db.write(|tx| delete_where(tx, "file-1", "file_id", &json!("f1")))
            .unwrap(),
        1
    );
    assert_eq!(ids(&db.read(|c| get(c, "file-1")).unwrap()), ["a", "b"]);
    assert_eq!(
        db.write(|tx| delete_where(tx, "missing", "file_id", &json!("f1")))
            .unwrap(),
        0
    );
    assert!(matches!(
        db.write(|tx| delete_where(tx, "file-1", "x", &json!([1]))),
        Err(Error::Invalid(_))
    ));

    // vectors of another length are refused, and nothing of the batch stays
    let r = db.write(|tx| {
        insert(
            tx,
            "file-1",
            &[item("z", "z", vec![1.0, 2.0, 3.0], json!({}))],
        )
    });
    assert!(matches!(r, Err(Error::Invalid(_))), "{r:?}");
    let r = db.write(|tx| {
        insert(
            tx,
            "file-2",
            &[
                item("x", "x", vec![1.0, 2.0], json!({})),
                item("y", "y", vec![1.0], json!({})),
            ],
        )
    });
    assert!(matches!(r, Err(Error::Invalid(_))), "{r:?}");
    assert!(!db.read(|c| has_collection(c, "file-2")).unwrap());
    let r = db.write(|tx| {
        insert(
            tx,
            "file-2",
            &[item("x", "x", vec![f32::NAN, 2.0], json!({}))],
        )
    });
    assert!(matches!(r, Err(Error::Invalid(_))), "{r:?}");
    let r = db.write(|tx| insert(tx, "bad name!", &[item("x", "x", vec![1.0], json!({}))]));
    assert!(matches!(r, Err(Error::Invalid(_))), "{r:?}");

    assert!(db.read(|c| has_collection(c, "file-1")).unwrap());
    assert!(db.write(|tx| delete_collection(tx, "file-1")).unwrap());
    assert!(!db.write(|tx| delete_collection(tx, "file-1")).unwrap());
    assert!(!db.read(|c| has_collection(c, "file-1")).unwrap());
    assert!(db.read(|c| get(c, "file-1")).unwrap().is_empty());

    put(&cx, "k1", &[item("a", "a", vec![1.0], json!({}))]);
    put(&cx, "k2", &[item("a", "a", vec![1.0], json!({}))]);
    db.write(reset).unwrap();
    assert!(!db.read(|c| has_collection(c, "k1")).unwrap());
    assert_eq!(db.read(|c| count(c, "k2")).unwrap(), 0);
}

/// Every vector's exact score, best first (earlier first on ties).
fn brute_force(items: &[Item], q: &[f32], k: usize) -> Vec<(String, f32)> {
    let mut all: Vec<(usize, f64)> = items
        .iter()
        .enumerate()
        .map(|(i, it)| (i, index::cosine(q, &it.vector)))
        .collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    all.into_iter()
        .take(k)
        .map(|(i, s)| (items[i].id.clone(), ((1.0 + s) / 2.0) as f32))
        .collect()
}

fn check_against_brute_force(items: &[Item], queries: &[Vec<f32>]) {
    let (_d, cx) = test_ctx();
    put(&cx, "c", items);
    for q in queries {
        for k in [1, 3, 10] {
            let got = search(&cx.db, &cx.vectors, "c", q, k).unwrap();
            let want = brute_force(items, q, k);
            let got: Vec<(String, f32)> = got.into_iter().map(|h| (h.id, h.score)).collect();
            assert_eq!(got, want, "k = {k}");
        }
    }
}

#[test]
fn search_matches_brute_force_on_random_vectors() {
    let mut rng = Rng(7);
    // enough vectors for the scan to run on several threads
    let items: Vec<Item> = (0..20_000)
        .map(|i| {
            item(
                &format!("v{i}"),
                &format!("t{i}"),
                rng.vector(48),
                json!({}),
            )
        })
        .collect();
    let queries: Vec<Vec<f32>> = (0..5).map(|_| rng.vector(48)).collect();
    check_against_brute_force(&items, &queries);
}

#[test]
fn search_matches_brute_force_on_clustered_vectors() {
    // tight clusters: neighbours differ by far less than the quantisation
    // step, so the exact re-score (and its widening) decides the order
    let mut rng = Rng(11);
    let centres: Vec<Vec<f32>> = (0..4).map(|_| rng.vector(32)).collect();
    let items: Vec<Item> = (0..3000)
        .map(|i| {
            let c = &centres[i % 4];
            let v = c.iter().map(|x| x + rng.f() * 1e-3).collect();
            item(&format!("v{i}"), &format!("t{i}"), v, json!({}))
        })
        .collect();
    let queries: Vec<Vec<f32>> = centres
        .iter()
        .map(|c| c.iter().map(|x| x + rng.f() * 1e-3).collect())
        .collect();
    check_against_brute_force(&items, &queries);
}

#[test]
fn search_edges() {
    let (_d, cx) = test_ctx();
    assert!(
        search(&cx.db, &cx.vectors, "nothing", &[1.0, 0.0], 3)
            .unwrap()
            .is_empty()
    );
    put(
        &cx,
        "c",
        &[
            item("same", "s", vec![2.0, 0.0], json!({})),
            item("opposite", "o", vec![-1.0, 0.0], json!({})),
            item("zero", "z", vec![0.0, 0.0], json!({})),
        ],
    );
    let hits = search(&cx.db, &cx.vectors, "c", &[1.0, 0.0], 10).unwrap();
    let got: Vec<(&str, f32)> = hits.iter().map(|h| (h.id.as_str(), h.score)).collect();
    assert_eq!(got, [("same", 1.0), ("zero", 0.5), ("opposite", 0.0)]);
    assert!(
        search(&cx.db, &cx.vectors, "c", &[1.0, 0.0], 0)
            .unwrap()
            .is_empty()
    );
    let r = search(&cx.db, &cx.vectors, "c", &[1.0, 0.0, 0.0], 1);
    assert!(matches!(r, Err(Error::Invalid(_))), "{r:?}");
}

#[test]
fn a_write_from_another_connection_reaches_the_cache() {
    let (_d, cx) = test_ctx();
    put(&cx, "c", &[item("a", "a", vec![1.0, 0.0], json!({}))]);
    let q = [0.0, 1.0];
    assert_eq!(
        ids(&search(&cx.db, &cx.vectors, "c", &q, 1).unwrap()),
        ["a"]
    );
    assert!(cx.vectors.bytes() > 0, "the first search built the index");

    let mut other = rusqlite::Connection::open(cx.db.path()).unwrap();
    let tx = other.transaction().unwrap();
    insert(&tx, "c", &[item("b", "b", vec![0.0, 1.0], json!({}))]).unwrap();
    tx.commit().unwrap();
    assert_eq!(
        ids(&search(&cx.db, &cx.vectors, "c", &q, 1).unwrap()),
        ["b"]
    );

    let tx = other.transaction().unwrap();
    assert_eq!(delete_where(&tx, "c", "x", &json!(1)).unwrap(), 0);
    upsert(&tx, "c", &[item("b", "b", vec![1.0, 0.0], json!({}))]).unwrap();
    tx.commit().unwrap();
    let hits = search(&cx.db, &cx.vectors, "c", &q, 2).unwrap();
    assert_eq!(hits.iter().map(|h| h.score).collect::<Vec<_>>(), [0.5, 0.5]);

    // a collection dropped and made again is a new collection
    let tx = other.transaction().unwrap();
    delete_collection(&tx, "c").unwrap();
    insert(&tx, "c", &[item("new", "n", vec![0.0, 1.0], json!({}))]).unwrap();
    tx.commit().unwrap();
    assert_eq!(
        ids(&search(&cx.db, &cx.vectors, "c", &q, 5).unwrap()),
        ["new"]
    );
}

#[test]
fn a_collection_is_read_in_order_without_sorting() {
    let (_d, cx) = test_ctx();
    let want = store::Wanted {
        vector: true,
        text: true,
        metadata: true,
    };
    let plan: Vec<String> = cx
        .db
        .read(|c| {
            let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {}", store::scan_sql(want)))?;
            let rows = st.query_map([1], |r| r.get::<_, String>(3))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();
    assert!(
        plan.iter().any(|p| p.contains("vector_item_collection")),
        "{plan:?}"
    );
    assert!(!plan.iter().any(|p| p.contains("TEMP B-TREE")), "{plan:?}");
}

#[test]
fn indexes_built_together_or_apart_agree() {
    let (_d, cx) = test_ctx();
    let mut rng = Rng(11);
    let words = ["apple", "pear", "plum", "fig", "kiwi", "lime"];
    let mut texts_a = Vec::new();
    // two collections written in turns, so their rows interleave
    for i in 0..60 {
        for name in ["a", "b"] {
            let text = (0..1 + i % 5)
                .map(|j| words[(i * 7 + j * 3 + name.len()) % words.len()])
                .collect::<Vec<_>>()
                .join(" ");
            let text = if name == "a" {
                text
            } else {
                format!("{text} only_in_b")
            };
            if name == "a" {
                texts_a.push(text.clone());
            }
            let it = item(
                &format!("{i}"),
                &text,
                rng.vector(8),
                json!({"name": format!("{name}{i}.txt")}),
            );
            put(&cx, name, &[it]);
        }
    }
    let q = rng.vector(8);
    let bm25_only = |cache: &Cache, query: &str, enriched: bool| -> Vec<(String, String)> {
        let mut p = params(60, 60, 0.0, 1.0);
        p.enriched_texts = enriched;
        hybrid::fuse(&cx.db, cache, "a", query, &q, &p)
            .unwrap()
            .unwrap()
            .into_iter()
            .map(|f| (f.hit.id, f.hit.text))
            .collect()
    };
    // the BM25 order over a's texts alone, ties broken as the index does
    let reference = bm25::Bm25::build(texts_a.iter().map(String::as_str));
    let expected: Vec<(String, String)> = reference
        .top("plum fig", 60)
        .into_iter()
        .map(|(pos, _)| (format!("{pos}"), texts_a[pos].clone()))
        .collect();
    // deduplicated by text as the fusion does
    let mut seen = std::collections::HashSet::new();
    let expected: Vec<_> = expected
        .into_iter()
        .filter(|(_, t)| seen.insert(t.clone()))
        .collect();

    // both indexes in one pass, on a cold cache
    let together = Cache::default();
    assert_eq!(bm25_only(&together, "plum fig", false), expected);
    // the vector index first, BM25 added to it later
    let apart = Cache::default();
    let plain = search(&cx.db, &apart, "a", &q, 5).unwrap();
    assert_eq!(
        plain,
        search(&cx.db, &together, "a", &q, 5).unwrap(),
        "one vector index either way"
    );
    assert_eq!(bm25_only(&apart, "plum fig", false), expected);
    assert!(
        bm25_only(&apart, "only_in_b", false)
            .iter()
            .all(|(_, t)| !t.contains("only_in_b")),
        "a's index holds a's texts only"
    );
    // the enriched index reads the metadata
    let enriched = bm25_only(&apart, "a7.txt", true);
    assert_eq!(enriched[0].0, "7", "{enriched:?}");
    assert!(apart.bytes() > together.bytes(), "two BM25 indexes now");
}

#[test]
fn the_cache_keeps_to_its_budget() {
    let (_d, cx) = test_ctx();
    let mut rng = Rng(3);
    for name in ["a", "b", "c"] {
        let items: Vec<Item> = (0..1000)
            .map(|i| item(&format!("{i}"), "t", rng.vector(64), json!({})))
            .collect();
        put(&cx, name, &items);
    }
    // one index is 76 KB: room for two
    let cache = Cache::new(160_000);
    for name in ["a", "b", "c"] {
        search(&cx.db, &cache, name, &rng.vector(64), 1).unwrap();
    }
    assert!(cache.bytes() <= 160_000, "{}", cache.bytes());
    assert!(cache.bytes() > 100_000, "{}", cache.bytes());
}

#[test]
fn bm25_scores_as_rank_bm25() {
    // reference: rank_bm25 0.2.2 BM25Okapi on the same corpus, split()
    let corpus = [
        "the cat sat on the mat",
        "the dog sat on the log",
        "Cats and dogs: the cat, the dog.",
        "a bird in the hand",
        "the the the cat",
    ];
    let b = bm25::Bm25::build(corpus);
    let cases: [(&str, [f64; 5]); 4] = [
        (
            "the cat",
            [
                0.5833631963468697,
                0.2573693338764903,
                0.2436956384521195,
                0.19363058702527697,
                0.7169012675367865,
            ],
        ),
        (
            "dog sat",
            [0.32599386247037937, 1.390393311698998, 0.0, 0.0, 0.0],
        ),
        (
            "Cats cat",
            [
                0.32599386247037937,
                0.0,
                0.9875166639713346,
                0.0,
                0.386115681368605,
            ],
        ),
        (
            "the",
            [
                0.2573693338764903,
                0.2573693338764903,
                0.2436956384521195,
                0.19363058702527697,
                0.33078558616818143,
            ],
        ),
    ];
    for (q, want) in cases {
        let got = b.scores(q);
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{q}: {got:?} vs {want:?}");
        }
    }
    // unmatched chunks fill the list; on equal scores the later one first
    let top = b.top("dog sat", 4);
    assert_eq!(top.iter().map(|t| t.0).collect::<Vec<_>>(), [1, 0, 4, 3]);
    assert!(b.top("missing words", 2).iter().all(|t| t.1 == 0.0));
}

#[test]
fn enriched_text_adds_metadata() {
    let m = meta(
        json!({"name": "q3_report-final.pdf", "title": "Q3", "headings": ["A", "B"], "source": "s.pdf", "snippet": ""}),
    );
    assert_eq!(
        enriched_text("body", &m),
        "body Filename: q3_report-final.pdf q3 report final pdf q3 report final pdf Title: Q3 Section: A > B Source: s.pdf"
    );
}

#[test]
fn collection_names() {
    for ok in ["file-0b1c", "0f3a_B", &"a".repeat(255)] {
        check_name(ok).unwrap();
    }
    for bad in ["", "a b", "a/b", "é", "a.b", &"a".repeat(256)] {
        assert!(matches!(check_name(bad), Err(Error::Invalid(_))), "{bad}");
    }
    assert_eq!(spellings("File_ABC-"), ["file-abc"]);
    assert_eq!(spellings("-0abc"), ["0abc", "c0abc"]);
    assert_eq!(spellings("c0abc"), ["0abc", "c0abc"]);
    assert_eq!(spellings("cabc"), ["cabc"]);
}

/// The hand-made case where BM25 and vectors disagree: the query word is
/// in A and C (C shorter, so BM25 ranks it first); by vector B is closest.
fn disagreeing(cx: &Ctx) -> Vec<f32> {
    put(
        cx,
        "kb",
        &[
            item(
                "A",
                "apple banana",
                vec![-0.2, 0.98],
                json!({"name": "a.txt"}),
            ),
            item("B", "cherry", vec![1.0, 0.0], json!({"name": "b.txt"})),
            item("C", "apple", vec![0.6, 0.8], json!({"name": "c.txt"})),
        ],
    );
    vec![1.0, 0.0]
}

fn params(k: usize, k_reranker: usize, r: f32, bm25_weight: f32) -> QueryParams {
    QueryParams {
        k,
        k_reranker,
        r,
        hybrid: true,
        bm25_weight,
        enriched_texts: false,
    }
}

#[test]
fn fusion_weighs_ranks() {
    let (_d, cx) = test_ctx();
    let q = disagreeing(&cx);
    let fused = |w: f32| -> Vec<String> {
        hybrid::fuse(
            &cx.db,
            &cx.vectors,
            "kb",
            "apple",
            &q,
            &params(2, 3, 0.0, w),
        )
        .unwrap()
        .unwrap()
        .into_iter()
        .map(|f| f.hit.id)
        .collect()
    };
    // BM25 [C, A], vectors [B, C]: C gets both shares
    assert_eq!(fused(0.5), ["C", "B", "A"]);
    assert_eq!(fused(1.0), ["C", "A"]);
    assert_eq!(fused(0.0), ["B", "C"]);
    // the heavier weight wins the tie between the lists' first places
    assert_eq!(fused(0.7), ["C", "A", "B"]);
    let f = hybrid::fuse(
        &cx.db,
        &cx.vectors,
        "kb",
        "apple",
        &q,
        &params(2, 3, 0.0, 0.5),
    )
    .unwrap()
    .unwrap();
    assert_eq!(f[0].hit.metadata[CHUNK_HASH_KEY], json!(text_hash("apple")));
    assert!(
        hybrid::fuse(
            &cx.db,
            &cx.vectors,
            "none",
            "apple",
            &q,
            &params(2, 3, 0.0, 0.5)
        )
        .unwrap()
        .is_none()
    );
}

#[tokio::test]
async fn hybrid_rescores_thresholds_and_cuts() {
    let (_d, cx) = test_ctx();
    let q = disagreeing(&cx);
    let run = |p: QueryParams| {
        let cx = cx.clone();
        let q = q.clone();
        async move { query_doc(&cx, "kb", "apple", &q, &p, None).await.unwrap() }
    };
    // re-scored by raw cosine: B 1, C 0.6, A -0.2
    let hits = run(params(3, 3, 0.0, 0.5)).await;
    assert_eq!(ids(&hits), ["B", "C", "A"]);
    assert!((hits[1].score - 0.6).abs() < 1e-6);
    assert_eq!(hits[0].metadata["score"], json!(1.0));
    // k_reranker cuts, so does a smaller k
    assert_eq!(ids(&run(params(3, 2, 0.0, 0.5)).await), ["B", "C"]);
    assert_eq!(ids(&run(params(2, 3, 0.0, 0.5)).await), ["B", "C"]);
    // the threshold drops lower scores
    assert_eq!(ids(&run(params(3, 3, 0.5, 0.5)).await), ["B", "C"]);
    // BM25 alone never sees B
    assert_eq!(ids(&run(params(2, 3, 0.0, 1.0)).await), ["C", "A"]);
    // off: plain vector search with (1 + cosine) / 2
    let mut p = params(2, 3, 0.0, 0.5);
    p.hybrid = false;
    let hits = run(p).await;
    assert_eq!(ids(&hits), ["B", "C"]);
    assert!((hits[1].score - 0.8).abs() < 1e-6);
    assert!(!hits[0].metadata.contains_key("score"));
    assert!(run(params(3, 3, 0.0, 0.5)).await.len() == 3);
    assert!(
        query_doc(&cx, "none", "apple", &q, &params(3, 3, 0.0, 0.5), None)
            .await
            .unwrap()
            .is_empty()
    );
}

/// What the fake reranker saw.
#[derive(Default, Clone)]
struct Seen {
    auth: Option<String>,
    body: Option<Value>,
}

/// A reranker speaking the external-reranker wire format on 127.0.0.1:
/// scores each document by its position in `prefer` (earlier = higher),
/// answering the results out of order; `mode` "fail" answers 500, "slow"
/// waits two seconds.
async fn fake_reranker(
    prefer: Vec<&'static str>,
    mode: &'static str,
) -> (String, Arc<Mutex<Seen>>) {
    use axum::{Json, Router, http::HeaderMap, routing::post};
    let seen = Arc::new(Mutex::new(Seen::default()));
    let s = seen.clone();
    let app = Router::new().route(
        "/v1/rerank",
        post(move |headers: HeaderMap, Json(body): Json<Value>| {
            let s = s.clone();
            let prefer = prefer.clone();
            async move {
                *s.lock().unwrap() = Seen {
                    auth: headers
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .map(String::from),
                    body: Some(body.clone()),
                };
                if mode == "slow" {
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                if mode == "fail" {
                    return (
                        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                        Json(json!({"error": "boom"})),
                    );
                }
                let docs = body["documents"].as_array().cloned().unwrap_or_default();
                let mut results: Vec<Value> = docs
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let rank = prefer.iter().position(|p| d == p).unwrap_or(prefer.len());
                        json!({"index": i, "relevance_score": 1.0 / (rank as f64 + 1.0)})
                    })
                    .collect();
                results.reverse();
                (
                    axum::http::StatusCode::OK,
                    Json(json!({"results": results})),
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/v1/rerank"), seen)
}

fn reranker(url: &str, timeout: Option<Duration>) -> Reranker {
    Reranker {
        engine: "external".into(),
        url: url.into(),
        key: "rk-1".into(),
        model: "rerank-m".into(),
        timeout,
    }
}

#[tokio::test]
async fn hybrid_with_an_external_reranker() {
    let (_d, cx) = test_ctx();
    let q = disagreeing(&cx);
    let (url, seen) = fake_reranker(vec!["apple banana", "cherry"], "ok").await;
    let rr = reranker(&url, None);
    let hits = query_doc(&cx, "kb", "apple", &q, &params(3, 3, 0.0, 0.5), Some(&rr))
        .await
        .unwrap();
    assert_eq!(ids(&hits), ["A", "B", "C"]);
    assert_eq!(
        hits.iter().map(|h| h.score).collect::<Vec<_>>(),
        [1.0, 0.5, 1.0 / 3.0]
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.auth.as_deref(), Some("Bearer rk-1"));
    assert_eq!(
        seen.body.unwrap(),
        json!({"model": "rerank-m", "query": "apple", "documents": ["apple", "cherry", "apple banana"], "top_n": 3})
    );
    // the threshold applies to the reranker's scores
    let hits = query_doc(&cx, "kb", "apple", &q, &params(3, 3, 0.4, 0.5), Some(&rr))
        .await
        .unwrap();
    assert_eq!(ids(&hits), ["A", "B"]);
}

#[tokio::test]
async fn a_failing_reranker_falls_back_to_cosine() {
    let (_d, cx) = test_ctx();
    let q = disagreeing(&cx);
    let plain = query_doc(&cx, "kb", "apple", &q, &params(3, 3, 0.0, 0.5), None)
        .await
        .unwrap();
    let (url, _) = fake_reranker(vec![], "fail").await;
    let err = rerank(cx.http(), &reranker(&url, None), "q", &["x".into()]).await;
    assert!(matches!(err, Err(Error::Upstream { .. })), "{err:?}");
    let hits = query_doc(
        &cx,
        "kb",
        "apple",
        &q,
        &params(3, 3, 0.0, 0.5),
        Some(&reranker(&url, None)),
    )
    .await
    .unwrap();
    assert_eq!(hits, plain);

    let (url, _) = fake_reranker(vec![], "slow").await;
    let slow = reranker(&url, Some(Duration::from_millis(200)));
    let t = std::time::Instant::now();
    let err = rerank(cx.http(), &slow, "q", &["x".into()]).await;
    assert!(matches!(err, Err(Error::Unreachable(_))), "{err:?}");
    let hits = query_doc(&cx, "kb", "apple", &q, &params(3, 3, 0.0, 0.5), Some(&slow))
        .await
        .unwrap();
    assert_eq!(hits, plain);
    assert!(
        t.elapsed() < Duration::from_millis(1500),
        "{:?}",
        t.elapsed()
    );

    let err = rerank(
        cx.http(),
        &reranker("http://127.0.0.1:9/none", None),
        "q",
        &["x".into()],
    )
    .await;
    assert!(matches!(err, Err(Error::Unreachable(_))), "{err:?}");
}

#[tokio::test]
async fn collections_merge_by_text() {
    let (_d, cx) = test_ctx();
    put(
        &cx,
        "one",
        &[
            item("1a", "shared", vec![0.8, 0.6], json!({"from": "one"})),
            item("1b", "only one", vec![0.0, 1.0], json!({})),
        ],
    );
    put(
        &cx,
        "two",
        &[
            item("2a", "shared", vec![1.0, 0.0], json!({"from": "two"})),
            item("2b", "only two", vec![0.6, 0.8], json!({})),
        ],
    );
    let names = vec!["one".to_string(), "two".to_string(), "absent".to_string()];
    let mut p = params(3, 3, 0.0, 0.5);
    p.hybrid = false;
    let qs = vec![("q".to_string(), vec![1.0, 0.0])];
    let hits = query_collections(&cx, &names, &qs, &p, None).await.unwrap();
    // "shared" once, from the collection where it scored higher
    assert_eq!(ids(&hits), ["2a", "2b", "1b"]);
    assert_eq!(hits[0].metadata["from"], json!("two"));
    p.k = 2;
    assert_eq!(
        query_collections(&cx, &names, &qs, &p, None)
            .await
            .unwrap()
            .len(),
        2
    );
    // several queries: each chunk at its best score
    let qs2 = vec![
        ("q".to_string(), vec![1.0, 0.0]),
        ("r".to_string(), vec![0.0, 1.0]),
    ];
    p.k = 10;
    let hits = query_collections(&cx, &names, &qs2, &p, None)
        .await
        .unwrap();
    assert_eq!(ids(&hits), ["2a", "1b", "2b"]);
    for (h, want) in hits.iter().zip([1.0, 1.0, 0.9]) {
        assert!((h.score - want).abs() < 1e-6, "{hits:?}");
    }
    // hybrid: the same merge over re-scored lists
    p.hybrid = true;
    let hits = query_collections(&cx, &names, &qs, &p, None).await.unwrap();
    assert_eq!(ids(&hits), ["2a", "2b", "1b"]);
    // no usable query: nothing
    let empty = vec![(String::new(), vec![1.0, 0.0])];
    assert!(
        query_collections(&cx, &names, &empty, &p, None)
            .await
            .unwrap()
            .is_empty()
    );
    // a hybrid search failing everywhere falls back to vector search
    let bad = vec![("q".to_string(), vec![1.0, 0.0, 0.0])];
    let r = query_collections(&cx, &names, &bad, &p, None)
        .await
        .unwrap();
    assert!(r.is_empty());
}

#[test]
fn result_shapes() {
    let h = Hit {
        id: "i".into(),
        text: "t".into(),
        metadata: meta(json!({"a": 1})),
        score: 0.5,
    };
    assert_eq!(
        serde_json::to_value(SearchResult::from_hits(vec![h.clone()])).unwrap(),
        json!({"ids": [["i"]], "documents": [["t"]], "metadatas": [[{"a": 1}]], "distances": [[0.5]]})
    );
    assert_eq!(
        serde_json::to_value(QueryResult::from_hits(vec![h])).unwrap(),
        json!({"distances": [[0.5]], "documents": [["t"]], "metadatas": [[{"a": 1}]]})
    );
    assert_eq!(
        serde_json::to_value(QueryResult::from_hits(vec![])).unwrap(),
        json!({"distances": [[]], "documents": [[]], "metadatas": [[]]})
    );
    assert_eq!(
        serde_json::to_value(QueryResult::empty()).unwrap(),
        json!({"distances": [], "documents": [], "metadatas": []})
    );
}
