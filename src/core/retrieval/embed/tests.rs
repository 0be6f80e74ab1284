use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::*;

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (na * nb)
}

struct Reference {
    texts: Vec<String>,
    vectors: Vec<Vec<f32>>,
    tokens: Vec<usize>,
}

fn reference() -> Reference {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/samples/embeddings/minilm.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let items = v["items"].as_array().unwrap();
    Reference {
        texts: items
            .iter()
            .map(|i| i["text"].as_str().unwrap().to_string())
            .collect(),
        vectors: items
            .iter()
            .map(|i| serde_json::from_value(i["vector"].clone()).unwrap())
            .collect(),
        tokens: items
            .iter()
            .map(|i| i["tokens_untruncated"].as_u64().unwrap() as usize)
            .collect(),
    }
}

async fn serve(app: Router) -> String {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    format!("http://{addr}")
}

// ---------- the built-in engine ----------

#[test]
fn matches_sentence_transformers() {
    // The portable path first (f32 products, scalar GELU and softmax), as
    // on a CPU without AVX-512, then what this CPU runs best.
    matches_sentence_transformers_in(Precision::F32, true);
    matches_sentence_transformers_in(Precision::F32, false);
    if Precision::best() != Precision::F32 {
        matches_sentence_transformers_in(Precision::best(), false);
    }
}

fn matches_sentence_transformers_in(precision: Precision, portable: bool) {
    let r = reference();
    let mut model = LocalModel::load_with(&testing::model_dir(), precision).unwrap();
    if portable {
        model.0.use_portable_math();
    }
    assert_eq!(model.dimensions(), 384);
    assert_eq!(model.max_seq_length(), 256);
    // The fixture holds a text longer than the model takes: it must be cut.
    let long = r
        .tokens
        .iter()
        .position(|&t| t > 256)
        .expect("a text over 256 tokens");
    assert_eq!(model.count_tokens(&r.texts[long]).unwrap(), 256);
    let got = model.embed(&r.texts).unwrap();
    assert_eq!(got.len(), r.texts.len());
    let mut worst = f32::INFINITY;
    for ((text, want), v) in r.texts.iter().zip(&r.vectors).zip(&got) {
        let c = cosine(want, v);
        worst = worst.min(c);
        assert!(
            c >= 0.999,
            "{precision:?} (portable {portable}): cosine {c} for {text:?}"
        );
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm} for {text:?}");
    }
    eprintln!("{precision:?} (portable {portable}): lowest cosine {worst}");
}

#[test]
fn a_text_gets_the_same_vector_alone_and_in_a_batch() {
    let r = reference();
    let model = LocalModel::load(&testing::model_dir()).unwrap();
    let alone = model.embed(&r.texts[7..8]).unwrap();
    let batch = model.embed(&r.texts).unwrap();
    assert!(cosine(&alone[0], &batch[7]) > 0.99999);
}

#[test]
fn a_broken_model_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = LocalModel::load(dir.path()).err().unwrap();
    assert!(matches!(e, Error::Invalid(_)), "{e:?}");
    assert!(e.message().contains("config.json"), "{}", e.message());
}

#[tokio::test]
async fn embed_runs_the_builtin_engine_with_prefix_and_progress() {
    let r = reference();
    let dir = testing::model_dir();
    let cfg = EmbedConfig {
        model: dir.display().to_string(),
        ..Default::default()
    };
    let http = reqwest::Client::new();
    let seen = Mutex::new(Vec::new());
    let got = embed(&http, &cfg, r.texts[..4].to_vec(), Purpose::Content, &|n| {
        seen.lock().unwrap().push(n)
    })
    .await
    .unwrap();
    for (want, v) in r.vectors[..4].iter().zip(&got) {
        assert!(cosine(want, v) >= 0.999);
    }
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.last(), Some(&4), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    assert_eq!(dimensions_hint(&cfg), Some(384));

    // A query prefix goes in front of the text, as sentence-transformers'
    // prompt does: "query: " + text is not the text's vector.
    let cfg_q = EmbedConfig {
        query_prefix: Some("query: ".into()),
        ..cfg.clone()
    };
    let q = embed(
        &http,
        &cfg_q,
        vec![r.texts[0].clone()],
        Purpose::Query,
        &|_| {},
    )
    .await
    .unwrap();
    let plain = embed(
        &http,
        &cfg_q,
        vec![format!("query: {}", r.texts[0])],
        Purpose::Content,
        &|_| {},
    )
    .await
    .unwrap();
    assert!(cosine(&q[0], &plain[0]) > 0.99999);
    assert!(cosine(&q[0], &got[0]) < 0.999);

    unload();
    assert!(SLOT.lock().unwrap().is_none());
    assert_eq!(
        dimensions_hint(&cfg),
        None,
        "an unknown directory, not loaded"
    );
    assert_eq!(dimensions_hint(&EmbedConfig::default()), Some(384));
    assert_eq!(
        dimensions_hint(&EmbedConfig {
            engine: "openai".into(),
            ..Default::default()
        }),
        None
    );
    assert!(
        embed(&http, &cfg, vec![], Purpose::Query, &|_| {})
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn bad_model_names_and_engines_are_refused() {
    let http = reqwest::Client::new();
    for model in ["/no/such/dir", "a/b/c", "../x"] {
        let cfg = EmbedConfig {
            model: model.into(),
            ..Default::default()
        };
        let e = embed(&http, &cfg, vec!["x".into()], Purpose::Query, &|_| {})
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Invalid(_)), "{model}: {e:?}");
    }
    let cfg = EmbedConfig {
        engine: "cohere".into(),
        ..Default::default()
    };
    let e = embed(&http, &cfg, vec!["x".into()], Purpose::Query, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(e.message(), "Unknown embedding engine: cohere");
}

#[cfg(target_arch = "x86_64")]
#[test]
fn bf16_products_match_f32() {
    if !bf16::supported() {
        return;
    }
    // Rows and columns that leave partial register tiles on both sides.
    let (t, k, n) = (29, 70, 40);
    let mut seed = 7u64;
    let mut rnd = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        ((seed >> 40) as f32 / (1u64 << 24) as f32) - 0.5
    };
    let a: Vec<f32> = (0..t * k).map(|_| rnd()).collect();
    let w: Vec<f32> = (0..n * k).map(|_| rnd()).collect();
    let bias: Vec<f32> = (0..n).map(|i| i as f32).collect();
    let mut out = vec![f32::NAN; t * n];
    bf16::matmul(
        &a,
        t,
        k,
        &bf16::Packed::new(&w, n, k),
        &bias,
        &mut out,
        &mut Vec::new(),
    );
    for r in 0..t {
        for c in 0..n {
            let want: f32 = bias[c] + (0..k).map(|i| a[r * k + i] * w[c * k + i]).sum::<f32>();
            let got = out[r * n + c];
            assert!((got - want).abs() < 0.02, "[{r},{c}] {got} vs {want}");
        }
    }

    // As attention uses it: the weight a transposed view (`wt[i, c]` for
    // `w[c, i]`), a scale, no bias, rows of a wider matrix, the
    // activations a strided view scaled while rounded.
    let wt: Vec<f32> = (0..k * n).map(|x| w[(x % n) * k + x / n]).collect();
    let mut packed_w = bf16::Packed::default();
    packed_w.fill(&wt, n, k, 1, n);
    let lda = k + 5;
    let wide: Vec<f32> = (0..t * lda)
        .map(|x| {
            if x % lda < k {
                a[x / lda * k + x % lda]
            } else {
                f32::NAN
            }
        })
        .collect();
    let mut pa = Vec::new();
    bf16::pack_rows(&wide, lda, t, k, 2.0, &mut pa);
    let ldc = n + 3;
    let mut c = vec![-1.0f32; t * ldc];
    // SAFETY: `c` holds `t` rows of `ldc >= n` columns.
    unsafe { bf16::product(&pa, t, &packed_w, 0.25, None, c.as_mut_ptr(), ldc) };
    for r in 0..t {
        for col in 0..ldc {
            let got = c[r * ldc + col];
            if col >= n {
                assert_eq!(got, -1.0, "[{r},{col}] written outside the product");
                continue;
            }
            let want: f32 = 0.5 * (0..k).map(|i| a[r * k + i] * w[col * k + i]).sum::<f32>();
            assert!((got - want).abs() < 0.01, "[{r},{col}] {got} vs {want}");
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[test]
fn vector_gelu_and_softmax_match_the_scalar_ones() {
    if !fast::supported() {
        return;
    }
    // GELU from -12 to 12 in 1/64 steps (37 values short of a multiple of
    // 16, so the masked tail runs too), against ½x(1 + erf(x/√2)).
    let xs: Vec<f32> = (-768..=768).map(|i| i as f32 / 64.0).collect();
    let mut got = xs.clone();
    // SAFETY: AVX-512F checked above.
    unsafe { fast::gelu(&mut got) };
    for (x, g) in xs.iter().zip(&got) {
        let want = bert::gelu_for_test(*x);
        assert!(
            (g - want).abs() <= 1e-6 * (1.0 + want.abs()),
            "gelu({x}) = {g}, want {want}"
        );
    }
    // Softmax rows of several lengths, with large and very negative values.
    for n in [1usize, 7, 16, 33, 156] {
        let row: Vec<f32> = (0..n)
            .map(|i| ((i * 37 % 23) as f32 - 11.0) * 2.5 - if i % 5 == 0 { 90.0 } else { 0.0 })
            .collect();
        let mut want = row.clone();
        bert::softmax_for_test(&mut want);
        let mut got = row.clone();
        // SAFETY: AVX-512F checked above.
        unsafe { fast::softmax(&mut got) };
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() <= 1e-6 * w.abs() + 1e-12, "n={n}: {g} vs {w}");
        }
    }
}

#[test]
fn erf_and_f16_are_accurate() {
    // erf(0.5), erf(1), erf(2), erf(-1.5) to 7 digits.
    for (x, want) in [
        (0.5f32, 0.5204999f32),
        (1.0, 0.8427008),
        (2.0, 0.9953223),
        (-1.5, -0.9661051),
    ] {
        assert!((bert::erf_for_test(x) - want).abs() < 3e-7, "erf({x})");
    }
    assert_eq!(bert::f16_for_test(0x3c00), 1.0);
    assert_eq!(bert::f16_for_test(0xc000), -2.0);
    assert_eq!(bert::f16_for_test(0x0001), 2f32.powi(-24));
}

// ---------- the Hugging Face hub ----------

/// Each request the fake hub saw: the file asked for and the
/// Authorization header.
type Hits = Arc<Mutex<Vec<(String, Option<String>)>>>;

#[derive(Clone)]
struct FakeHub {
    dir: PathBuf,
    hits: Hits,
}

async fn hub_file(
    State(h): State<FakeHub>,
    UrlPath((org, name, rev, file)): UrlPath<(String, String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let auth = headers
        .get("authorization")
        .map(|v| v.to_str().unwrap().to_string());
    h.hits
        .lock()
        .unwrap()
        .push((format!("{org}/{name}/{rev}/{file}"), auth));
    if format!("{org}/{name}") != "sentence-transformers/all-MiniLM-L6-v2" {
        return (StatusCode::NOT_FOUND, "Repository not found").into_response();
    }
    match std::fs::read(h.dir.join(&file)) {
        Ok(bytes) => (
            [("x-repo-commit", "c0ffee0123456789abcdef0123456789abcdef01")],
            bytes,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "Entry not found").into_response(),
    }
}

#[tokio::test]
async fn downloads_a_model_into_the_hub_cache_once() {
    let fake = FakeHub {
        dir: testing::model_dir(),
        hits: Arc::default(),
    };
    let base = serve(
        Router::new()
            .route("/{org}/{name}/resolve/{rev}/{*file}", get(hub_file))
            .with_state(fake.clone()),
    )
    .await;
    let cache = tempfile::tempdir().unwrap();
    let hub = Hub {
        endpoint: base,
        cache: cache.path().to_path_buf(),
        token: Some("hf_secret".into()),
        offline: false,
    };
    let http = reqwest::Client::new();
    let dir = hub.model_dir(&http, DEFAULT_MODEL).await.unwrap();
    let root = cache
        .path()
        .join("models--sentence-transformers--all-MiniLM-L6-v2");
    assert_eq!(
        dir,
        root.join("snapshots/c0ffee0123456789abcdef0123456789abcdef01")
    );
    assert_eq!(
        std::fs::read_to_string(root.join("refs/main")).unwrap(),
        "c0ffee0123456789abcdef0123456789abcdef01"
    );
    // Snapshot entries link into blobs named by their sha256.
    let link = std::fs::read_link(dir.join("model.safetensors")).unwrap();
    assert!(link.starts_with("../../blobs"), "{link:?}");
    let pooling = std::fs::read_link(dir.join("1_Pooling/config.json")).unwrap();
    assert!(pooling.starts_with("../../../blobs"), "{pooling:?}");
    assert_eq!(
        std::fs::read(dir.join("model.safetensors")).unwrap(),
        std::fs::read(fake.dir.join("model.safetensors")).unwrap()
    );
    let hits = fake.hits.lock().unwrap().clone();
    let files: Vec<&str> = hits.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        files[0],
        "sentence-transformers/all-MiniLM-L6-v2/main/config.json"
    );
    for f in [
        "tokenizer.json",
        "model.safetensors",
        "modules.json",
        "1_Pooling/config.json",
    ] {
        assert!(
            files
                .iter()
                .any(|h| h.ends_with(&format!("c0ffee0123456789abcdef0123456789abcdef01/{f}"))),
            "{f} not fetched at the commit: {files:?}"
        );
    }
    assert!(
        hits.iter()
            .all(|(_, a)| a.as_deref() == Some("Bearer hf_secret"))
    );

    // The downloaded model works.
    let r = reference();
    let v = LocalModel::load(&dir)
        .unwrap()
        .embed(&r.texts[..1])
        .unwrap();
    assert!(cosine(&v[0], &r.vectors[0]) >= 0.999);

    // A second resolve reads the cache, even offline.
    let n = fake.hits.lock().unwrap().len();
    let offline = Hub {
        offline: true,
        ..hub.clone()
    };
    assert_eq!(offline.model_dir(&http, DEFAULT_MODEL).await.unwrap(), dir);
    assert_eq!(hub.model_dir(&http, DEFAULT_MODEL).await.unwrap(), dir);
    assert_eq!(fake.hits.lock().unwrap().len(), n);

    // A repository the hub does not have.
    let e = hub
        .model_dir(&http, "sentence-transformers/nope")
        .await
        .unwrap_err();
    assert!(e.message().contains("404"), "{}", e.message());
}

#[tokio::test]
async fn offline_without_the_files_names_what_is_missing() {
    let cache = tempfile::tempdir().unwrap();
    let hub = Hub {
        // Nothing listens here; offline must not even try.
        endpoint: "http://127.0.0.1:9".into(),
        cache: cache.path().to_path_buf(),
        token: None,
        offline: true,
    };
    let e = hub
        .model_dir(&reqwest::Client::new(), DEFAULT_MODEL)
        .await
        .unwrap_err();
    let m = e.message();
    assert!(matches!(e, Error::Invalid(_)));
    assert!(
        m.contains("config.json") && m.contains("HF_HUB_OFFLINE"),
        "{m}"
    );
    assert!(m.contains("RAG_EMBEDDING_MODEL"), "{m}");
}

// ---------- remote engines ----------

#[derive(Clone, Default)]
struct Fake {
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Answer the first N requests with this status (and Retry-After: 0).
    fail_first: Arc<Mutex<(usize, u16)>>,
    in_flight: Arc<Mutex<(usize, usize)>>,
}

#[derive(Clone, Debug)]
struct Seen {
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    body: Value,
}

/// A vector that says which text it is for: [len(text), first char].
fn vector_for(text: &str) -> Vec<f32> {
    vec![
        text.len() as f32,
        text.chars().next().map_or(0.0, |c| c as u32 as f32),
    ]
}

async fn fake_embed(State(f): State<Fake>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap();
    f.seen.lock().unwrap().push(Seen {
        path: uri.path().to_string(),
        query: uri.query().map(str::to_string),
        headers,
        body: body.clone(),
    });
    {
        let mut fail = f.fail_first.lock().unwrap();
        if fail.0 > 0 {
            fail.0 -= 1;
            let status = StatusCode::from_u16(fail.1).unwrap();
            return (
                status,
                [("retry-after", "0")],
                Json(json!({"error": "model \"nomic\" not found, try pulling it first"})),
            )
                .into_response();
        }
    }
    {
        let mut g = f.in_flight.lock().unwrap();
        g.0 += 1;
        g.1 = g.1.max(g.0);
    }
    tokio::time::sleep(Duration::from_millis(30)).await;
    f.in_flight.lock().unwrap().0 -= 1;
    let texts: Vec<String> = serde_json::from_value(body["input"].clone()).unwrap();
    let vecs: Vec<Vec<f32>> = texts.iter().map(|t| vector_for(t)).collect();
    if uri.path() == "/api/embed" {
        Json(json!({"model": body["model"], "embeddings": vecs})).into_response()
    } else {
        let data: Vec<Value> = vecs
            .iter()
            .enumerate()
            .map(|(i, v)| json!({"object": "embedding", "index": i, "embedding": v}))
            .collect();
        Json(json!({"object": "list", "data": data, "model": "x"})).into_response()
    }
}

use axum::Json;

async fn fake() -> (Fake, String) {
    let f = Fake::default();
    let app = Router::new()
        .route("/v1/embeddings", post(fake_embed))
        .route("/api/embed", post(fake_embed))
        .route("/openai/deployments/{dep}/embeddings", post(fake_embed))
        .with_state(f.clone());
    let base = serve(app).await;
    (f, base)
}

fn texts(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{}text {i}", (b'a' + i as u8) as char))
        .collect()
}

#[tokio::test]
async fn openai_batches_and_prefixes() {
    let (f, base) = fake().await;
    let cfg = EmbedConfig {
        engine: "openai".into(),
        model: "text-embedding-3-small".into(),
        batch_size: 2,
        openai_url: format!("{base}/v1/"),
        openai_key: "sk-test".into(),
        content_prefix: Some("passage: ".into()),
        ..Default::default()
    };
    let http = reqwest::Client::new();
    let input = texts(5);
    let progress = Mutex::new(Vec::new());
    let got = embed(&http, &cfg, input.clone(), Purpose::Content, &|n| {
        progress.lock().unwrap().push(n)
    })
    .await
    .unwrap();
    let want: Vec<Vec<f32>> = input
        .iter()
        .map(|t| vector_for(&format!("passage: {t}")))
        .collect();
    assert_eq!(got, want, "vectors in input order");
    let seen = f.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "5 texts in batches of 2");
    for s in &seen {
        assert_eq!(s.path, "/v1/embeddings");
        assert_eq!(s.headers["authorization"], "Bearer sk-test");
        assert_eq!(s.headers["content-type"], "application/json");
        assert_eq!(s.body["model"], "text-embedding-3-small");
        assert!(s.body.get("truncate").is_none());
    }
    let mut sizes: Vec<usize> = seen
        .iter()
        .map(|s| s.body["input"].as_array().unwrap().len())
        .collect();
    sizes.sort();
    assert_eq!(sizes, [1, 2, 2]);
    let p = progress.into_inner().unwrap();
    assert_eq!(p.last(), Some(&5));

    // With a prefix field, the prefix travels as that field, texts untouched.
    let (f, base) = fake().await;
    let cfg = EmbedConfig {
        openai_url: format!("{base}/v1"),
        prefix_field: Some("input_type".into()),
        query_prefix: Some("search_query".into()),
        batch_size: 10,
        ..cfg
    };
    let got = embed(&http, &cfg, texts(2), Purpose::Query, &|_| {})
        .await
        .unwrap();
    assert_eq!(got[0], vector_for(&texts(2)[0]));
    let seen = f.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].body,
        json!({"input": texts(2), "input_type": "search_query", "model": "text-embedding-3-small"})
    );
}

#[tokio::test]
async fn openai_errors_say_what_happened() {
    let (f, base) = fake().await;
    *f.fail_first.lock().unwrap() = (1, 401);
    let cfg = EmbedConfig {
        engine: "openai".into(),
        model: "m".into(),
        openai_url: format!("{base}/v1"),
        ..Default::default()
    };
    let http = reqwest::Client::new();
    let e = embed(&http, &cfg, texts(1), Purpose::Query, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(
        e.message(),
        format!("401, message='Unauthorized', url='{base}/v1/embeddings'")
    );
    // An answer without `data`.
    let app = Router::new().route(
        "/v1/embeddings",
        post(|| async { Json(json!({"object": "list"})) }),
    );
    let base = serve(app).await;
    let cfg = EmbedConfig {
        openai_url: format!("{base}/v1"),
        ..cfg
    };
    let e = embed(&http, &cfg, texts(1), Purpose::Query, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(
        e.message(),
        "Unexpected OpenAI embeddings response: missing 'data' key"
    );
    // Nobody listening.
    let cfg = EmbedConfig {
        openai_url: "http://127.0.0.1:9/v1".into(),
        ..cfg
    };
    let e = embed(&http, &cfg, texts(1), Purpose::Query, &|_| {})
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Unreachable(_)), "{e:?}");
}

#[tokio::test]
async fn ollama_request_shape_and_errors() {
    let (f, base) = fake().await;
    let cfg = EmbedConfig {
        engine: "ollama".into(),
        model: "nomic-embed-text".into(),
        batch_size: 3,
        ollama_url: base.clone(),
        ..Default::default()
    };
    let http = reqwest::Client::new();
    let got = embed(&http, &cfg, texts(4), Purpose::Content, &|_| {})
        .await
        .unwrap();
    assert_eq!(
        got,
        texts(4).iter().map(|t| vector_for(t)).collect::<Vec<_>>()
    );
    let seen = f.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.path, "/api/embed");
        assert!(
            s.headers.get("authorization").is_none(),
            "no key, no header"
        );
        assert_eq!(s.body["model"], "nomic-embed-text");
        assert_eq!(s.body["truncate"], true);
    }
    // With a key: bearer.
    let cfg_key = EmbedConfig {
        ollama_key: "ok".into(),
        ..cfg.clone()
    };
    embed(&http, &cfg_key, texts(1), Purpose::Content, &|_| {})
        .await
        .unwrap();
    assert_eq!(
        f.seen.lock().unwrap().last().unwrap().headers["authorization"],
        "Bearer ok"
    );
    // Ollama's error text comes through.
    *f.fail_first.lock().unwrap() = (1, 404);
    let e = embed(&http, &cfg, texts(1), Purpose::Content, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(
        e.message(),
        "Ollama embed error (404): model \"nomic\" not found, try pulling it first"
    );
}

#[tokio::test]
async fn azure_retries_429_then_answers() {
    let (f, base) = fake().await;
    *f.fail_first.lock().unwrap() = (2, 429);
    let cfg = EmbedConfig {
        engine: "azure_openai".into(),
        model: "my-deployment".into(),
        azure_url: format!("{base}/"),
        azure_key: "az-key".into(),
        azure_version: "2024-02-01".into(),
        ..Default::default()
    };
    let http = reqwest::Client::new();
    let got = embed(&http, &cfg, texts(1), Purpose::Query, &|_| {})
        .await
        .unwrap();
    assert_eq!(got, vec![vector_for(&texts(1)[0])]);
    let seen = f.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "two 429s, then the answer");
    for s in &seen {
        assert_eq!(s.path, "/openai/deployments/my-deployment/embeddings");
        assert_eq!(s.query.as_deref(), Some("api-version=2024-02-01"));
        assert_eq!(s.headers["api-key"], "az-key");
        assert!(s.headers.get("authorization").is_none());
        assert_eq!(s.body, json!({"input": texts(1)}));
    }
    // Five 429s in a row: give up with upstream's words.
    *f.fail_first.lock().unwrap() = (5, 429);
    let e = embed(&http, &cfg, texts(1), Purpose::Query, &|_| {})
        .await
        .unwrap_err();
    assert_eq!(
        e.message(),
        "Azure OpenAI embedding request failed: max retries (429) exceeded"
    );
}

#[tokio::test]
async fn concurrency_follows_the_settings() {
    let http = reqwest::Client::new();
    let run = |async_embedding: bool, concurrent_requests: usize| {
        let http = http.clone();
        async move {
            let (f, base) = fake().await;
            let cfg = EmbedConfig {
                engine: "openai".into(),
                model: "m".into(),
                batch_size: 1,
                async_embedding,
                concurrent_requests,
                openai_url: format!("{base}/v1"),
                ..Default::default()
            };
            let t = Instant::now();
            let got = embed(&http, &cfg, texts(8), Purpose::Content, &|_| {})
                .await
                .unwrap();
            assert_eq!(
                got,
                texts(8).iter().map(|t| vector_for(t)).collect::<Vec<_>>()
            );
            let peak = f.in_flight.lock().unwrap().1;
            (peak, t.elapsed())
        }
    };
    let (peak, _) = run(false, 0).await;
    assert_eq!(peak, 1, "sequential");
    let (peak, _) = run(true, 3).await;
    assert_eq!(peak, 3, "at most 3 at once");
    let (peak, _) = run(true, 0).await;
    assert_eq!(peak, 8, "unlimited");
}
