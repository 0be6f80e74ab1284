//! The retrieval settings forms: defaults, round trips, refusals and the
//! typed views.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::*;
use crate::core::actor::{Actor, Role};
use crate::core::ctx::test_ctx;

/// Every RagConfig field of the contract, its default and whether the
/// update answer carries it; a `PREFIX:` value is the start of a long one.
fn expected() -> Vec<(&'static str, Value, bool)> {
    vec![
        (
            "RAG_TEMPLATE",
            json!("PREFIX:### Task:\nRespond to the user query using the provided "),
            true,
        ),
        ("TOP_K", json!(3), true),
        ("BYPASS_EMBEDDING_AND_RETRIEVAL", json!(false), true),
        ("RAG_FULL_CONTEXT", json!(false), true),
        ("ENABLE_RAG_HYBRID_SEARCH", json!(false), true),
        (
            "ENABLE_RAG_HYBRID_SEARCH_ENRICHED_TEXTS",
            json!(false),
            false,
        ),
        ("TOP_K_RERANKER", json!(3), true),
        ("RELEVANCE_THRESHOLD", json!(0.0), true),
        ("CONTENT_EXTRACTION_ENGINE", json!(""), true),
        (
            "CONTENT_EXTRACTION_SUPPORTED_MEDIA_MIME_TYPES",
            json!(null),
            true,
        ),
        ("PDF_EXTRACT_IMAGES", json!(false), true),
        ("PDF_LOADER_MODE", json!("page"), true),
        ("DATALAB_MARKER_API_KEY", json!(""), true),
        ("DATALAB_MARKER_API_BASE_URL", json!(""), true),
        ("DATALAB_MARKER_ADDITIONAL_CONFIG", json!(""), true),
        ("DATALAB_MARKER_SKIP_CACHE", json!(false), true),
        ("DATALAB_MARKER_FORCE_OCR", json!(false), true),
        ("DATALAB_MARKER_PAGINATE", json!(false), true),
        ("DATALAB_MARKER_STRIP_EXISTING_OCR", json!(false), true),
        (
            "DATALAB_MARKER_DISABLE_IMAGE_EXTRACTION",
            json!(false),
            true,
        ),
        ("DATALAB_MARKER_FORMAT_LINES", json!(false), false),
        ("DATALAB_MARKER_USE_LLM", json!(false), true),
        ("DATALAB_MARKER_OUTPUT_FORMAT", json!("markdown"), true),
        ("EXTERNAL_DOCUMENT_LOADER_URL", json!(""), true),
        ("EXTERNAL_DOCUMENT_LOADER_API_KEY", json!(""), true),
        ("EXTERNAL_DOCUMENT_LOADER_HEADERS", json!({}), true),
        ("TIKA_SERVER_URL", json!("http://tika:9998"), true),
        ("TIKA_SERVER_VERSION", json!("3"), true),
        ("DOCLING_SERVER_URL", json!("http://docling:5001"), true),
        ("DOCLING_API_KEY", json!(""), true),
        ("DOCLING_PARAMS", json!({}), true),
        ("DOCUMENT_INTELLIGENCE_ENDPOINT", json!(""), true),
        ("DOCUMENT_INTELLIGENCE_KEY", json!(""), true),
        (
            "DOCUMENT_INTELLIGENCE_MODEL",
            json!("prebuilt-layout"),
            true,
        ),
        (
            "MISTRAL_OCR_API_BASE_URL",
            json!("https://api.mistral.ai/v1"),
            true,
        ),
        ("MISTRAL_OCR_API_KEY", json!(""), true),
        (
            "PADDLEOCR_VL_BASE_URL",
            json!("http://localhost:8080"),
            true,
        ),
        ("PADDLEOCR_VL_TOKEN", json!(""), true),
        ("MINERU_API_MODE", json!("local"), true),
        ("MINERU_API_URL", json!("http://localhost:8000"), true),
        ("MINERU_API_KEY", json!(""), true),
        ("MINERU_API_TIMEOUT", json!("300"), true),
        ("MINERU_PARAMS", json!({}), true),
        ("MINERU_FILE_EXTENSIONS", json!(["pdf"]), false),
        ("RAG_RERANKING_MODEL", json!(""), true),
        ("RAG_RERANKING_ENGINE", json!(""), true),
        ("RAG_RERANKING_BATCH_SIZE", json!(32), false),
        ("RAG_EXTERNAL_RERANKER_URL", json!(""), true),
        ("RAG_EXTERNAL_RERANKER_API_KEY", json!(""), true),
        ("RAG_EXTERNAL_RERANKER_TIMEOUT", json!(""), true),
        ("TEXT_SPLITTER", json!(""), true),
        ("RAG_TOKENIZER_MODEL", json!(""), true),
        ("ENABLE_MARKDOWN_HEADER_TEXT_SPLITTER", json!(true), true),
        ("CHUNK_SIZE", json!(1000), true),
        ("CHUNK_MIN_SIZE_TARGET", json!(0), true),
        ("CHUNK_OVERLAP", json!(100), true),
        ("FILE_MAX_SIZE", json!(null), true),
        ("FILE_MAX_COUNT", json!(null), true),
        ("FILE_IMAGE_COMPRESSION_WIDTH", json!(null), true),
        ("FILE_IMAGE_COMPRESSION_HEIGHT", json!(null), true),
        ("ALLOWED_FILE_EXTENSIONS", json!([]), true),
        ("ENABLE_GOOGLE_DRIVE_INTEGRATION", json!(false), true),
        ("ENABLE_ONEDRIVE_INTEGRATION", json!(false), true),
        ("web.ENABLE_WEB_SEARCH", json!(false), true),
        ("web.ENABLE_WEB_SEARCH_CONFIRMATION", json!(false), true),
        (
            "web.WEB_SEARCH_CONFIRMATION_CONTENT",
            json!("PREFIX:Your query will be sent to the configured web search pro"),
            true,
        ),
        ("web.WEB_SEARCH_ENGINE", json!(""), true),
        ("web.WEB_SEARCH_TRUST_ENV", json!(true), true),
        ("web.WEB_SEARCH_RESULT_COUNT", json!(3), true),
        ("web.WEB_SEARCH_CONCURRENT_REQUESTS", json!(0), true),
        ("web.WEB_FETCH_MAX_CONTENT_LENGTH", json!(null), true),
        ("web.WEB_LOADER_CONCURRENT_REQUESTS", json!(10), true),
        ("web.WEB_SEARCH_DOMAIN_FILTER_LIST", json!([]), true),
        (
            "web.BYPASS_WEB_SEARCH_EMBEDDING_AND_RETRIEVAL",
            json!(false),
            true,
        ),
        ("web.BYPASS_WEB_SEARCH_WEB_LOADER", json!(false), true),
        ("web.OLLAMA_CLOUD_WEB_SEARCH_API_KEY", json!(""), true),
        ("web.SEARXNG_QUERY_URL", json!(""), true),
        ("web.SEARXNG_LANGUAGE", json!("all"), true),
        (
            "web.OPENSERP_BASE_URL",
            json!("http://localhost:7000"),
            true,
        ),
        ("web.YACY_QUERY_URL", json!(""), true),
        ("web.YACY_USERNAME", json!(""), true),
        ("web.YACY_PASSWORD", json!(""), true),
        ("web.GOOGLE_PSE_API_KEY", json!(""), true),
        ("web.GOOGLE_PSE_ENGINE_ID", json!(""), true),
        ("web.BRAVE_SEARCH_API_KEY", json!(""), true),
        ("web.BRAVE_SEARCH_CONTEXT_TOKENS", json!(8192), true),
        ("web.KAGI_SEARCH_API_KEY", json!(""), true),
        ("web.MOJEEK_SEARCH_API_KEY", json!(""), true),
        ("web.BOCHA_SEARCH_API_KEY", json!(""), true),
        ("web.SERPSTACK_API_KEY", json!(""), true),
        ("web.SERPSTACK_HTTPS", json!(true), true),
        ("web.SERPER_API_KEY", json!(""), true),
        ("web.SERPHOUSE_API_KEY", json!(""), true),
        ("web.SERPHOUSE_DOMAIN", json!("google.com"), true),
        ("web.SERPLY_API_KEY", json!(""), true),
        ("web.DDGS_BACKEND", json!("auto"), false),
        ("web.TAVILY_API_KEY", json!(""), true),
        ("web.STAAN_API_KEY", json!(""), true),
        ("web.STAAN_MARKET", json!("en-us"), true),
        ("web.STAAN_MAX_SNIPPETS", json!(0), true),
        ("web.SEARCHAPI_API_KEY", json!(""), true),
        ("web.SEARCHAPI_ENGINE", json!(""), true),
        ("web.SERPAPI_API_KEY", json!(""), true),
        ("web.SERPAPI_ENGINE", json!(""), true),
        ("web.JINA_API_KEY", json!(""), true),
        ("web.JINA_API_BASE_URL", json!(""), true),
        ("web.EXA_API_KEY", json!(""), true),
        ("web.EXA_MAX_CONTENT_LENGTH", json!(null), true),
        ("web.PERPLEXITY_API_KEY", json!(""), true),
        ("web.PERPLEXITY_MODEL", json!("sonar"), true),
        ("web.PERPLEXITY_SEARCH_CONTEXT_USAGE", json!("medium"), true),
        (
            "web.PERPLEXITY_SEARCH_API_URL",
            json!("https://api.perplexity.ai/search"),
            true,
        ),
        (
            "web.MICROSOFT_WEB_IQ_API_BASE_URL",
            json!("https://api.microsoft.ai/v3"),
            true,
        ),
        ("web.MICROSOFT_WEB_IQ_API_KEY", json!(""), true),
        ("web.MICROSOFT_WEB_IQ_LANGUAGE", json!("en"), true),
        ("web.SOUGOU_API_SID", json!(""), true),
        ("web.SOUGOU_API_SK", json!(""), true),
        ("web.WEB_LOADER_ENGINE", json!(""), true),
        ("web.WEB_LOADER_TIMEOUT", json!(""), true),
        ("web.ENABLE_WEB_LOADER_SSL_VERIFICATION", json!(true), true),
        ("web.PLAYWRIGHT_WS_URL", json!(""), true),
        ("web.PLAYWRIGHT_TIMEOUT", json!(10000), true),
        ("web.FIRECRAWL_API_KEY", json!(""), true),
        (
            "web.FIRECRAWL_API_BASE_URL",
            json!("https://api.firecrawl.dev"),
            true,
        ),
        ("web.FIRECRAWL_TIMEOUT", json!(""), true),
        ("web.TAVILY_EXTRACT_DEPTH", json!("basic"), true),
        ("web.TAVILY_SEARCH_DEPTH", json!("basic"), true),
        ("web.EXTERNAL_WEB_SEARCH_URL", json!(""), true),
        ("web.EXTERNAL_WEB_SEARCH_API_KEY", json!(""), true),
        ("web.EXTERNAL_WEB_LOADER_URL", json!(""), true),
        ("web.EXTERNAL_WEB_LOADER_API_KEY", json!(""), true),
        ("web.YOUTUBE_LOADER_LANGUAGE", json!(["en"]), true),
        ("web.YOUTUBE_LOADER_PROXY_URL", json!(""), true),
        ("web.YOUTUBE_LOADER_TRANSLATION", json!(null), true),
        ("web.YANDEX_WEB_SEARCH_URL", json!(""), true),
        ("web.YANDEX_WEB_SEARCH_API_KEY", json!(""), true),
        ("web.YANDEX_WEB_SEARCH_CONFIG", json!(""), true),
        ("web.YOUCOM_API_KEY", json!(""), true),
        ("web.LINKUP_API_KEY", json!(""), true),
        ("web.LINKUP_SEARCH_PARAMS", json!({}), true),
        ("HYBRID_BM25_WEIGHT", json!(0.5), true),
        ("MISTRAL_OCR_USE_BASE64", json!(false), true),
        (
            "web.BING_SEARCH_V7_ENDPOINT",
            json!("https://api.bing.microsoft.com/v7.0/search"),
            true,
        ),
        ("web.BING_SEARCH_V7_SUBSCRIPTION_KEY", json!(""), true),
    ]
}

/// A field of an answer by its `web.`-prefixed name.
fn pick<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    match name.strip_prefix("web.") {
        Some(n) => v["web"].get(n),
        None => v.get(name),
    }
}

fn names(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| *k != "web" && *k != "status")
        .cloned()
        .collect();
    out.extend(
        v["web"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| format!("web.{k}")),
    );
    out.sort();
    out
}

#[test]
fn the_config_answer_has_every_field_with_its_default() {
    let (_dir, cx) = test_ctx();
    let got = config(&cx, &Actor::system()).unwrap();
    assert_eq!(got["status"], true);
    let exp = expected();
    let mut want: Vec<String> = exp.iter().map(|(n, _, _)| n.to_string()).collect();
    want.sort();
    assert_eq!(names(&got), want);
    for (name, value, _) in &exp {
        let v = pick(&got, name).unwrap();
        match value.as_str().and_then(|s| s.strip_prefix("PREFIX:")) {
            Some(p) => assert!(v.as_str().unwrap().starts_with(p), "{name}: {v}"),
            None => assert_eq!(v, value, "{name}"),
        }
    }
    assert_eq!(got["RAG_TEMPLATE"], DEFAULT_RAG_TEMPLATE);
    assert!(DEFAULT_RAG_TEMPLATE.ends_with("<context>\n{{CONTEXT}}\n</context>\n"));
}

#[test]
fn the_update_answer_leaves_out_five_fields() {
    let (_dir, cx) = test_ctx();
    let got = update_config(&cx, &Actor::system(), json!({})).unwrap();
    let mut want: Vec<String> = expected()
        .into_iter()
        .filter(|(_, _, u)| *u)
        .map(|(n, _, _)| n.to_string())
        .collect();
    want.sort();
    assert_eq!(names(&got), want);
    for gone in [
        "ENABLE_RAG_HYBRID_SEARCH_ENRICHED_TEXTS",
        "DATALAB_MARKER_FORMAT_LINES",
        "MINERU_FILE_EXTENSIONS",
        "RAG_RERANKING_BATCH_SIZE",
        "web.DDGS_BACKEND",
    ] {
        assert!(pick(&got, gone).is_none(), "{gone}");
    }
}

#[test]
fn environment_variables_give_the_first_start_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = crate::config::Config::defaults(dir.path());
    cfg.set("RAG_TOP_K", "7");
    cfg.set("CONTENT_EXTRACTION_ENGINE", "Tika");
    cfg.set("RAG_ALLOWED_FILE_EXTENSIONS", "pdf, md,");
    cfg.set(
        "WEB_SEARCH_DOMAIN_FILTER_LIST",
        r#"["example.com","!bad.org"]"#,
    );
    cfg.set("DOCLING_PARAMS", "not json");
    cfg.set("OPENAI_API_KEY", "sk-main");
    cfg.set("RAG_FILE_MAX_SIZE", "12");
    let d: BTreeMap<&str, Value> = crate::core::configs::keys::defaults(&cfg)
        .into_iter()
        .collect();
    assert_eq!(d["rag.top_k"], json!(7));
    assert_eq!(d["rag.content_extraction_engine"], json!("tika"));
    assert_eq!(d["rag.file.allowed_extensions"], json!(["pdf", "md"]));
    assert_eq!(
        d["web.search.domain.filter_list"],
        json!(["example.com", "!bad.org"])
    );
    assert_eq!(d["rag.docling_params"], json!({}));
    // the embedding connection falls back to the chat connection's key
    assert_eq!(d["rag.openai.api_key"], json!("sk-main"));
    assert_eq!(
        d["rag.openai.api_base_url"],
        json!("https://api.openai.com/v1")
    );
    assert_eq!(d["rag.ollama.base_url"], json!("http://localhost:11434"));
    assert_eq!(d["rag.file.max_size"], json!(12));
    assert_eq!(
        d["rag.content_extraction.supported_media_mime_types"],
        Value::Null
    );
    assert_eq!(
        d["rag.embedding_model"],
        json!("sentence-transformers/all-MiniLM-L6-v2")
    );
}

#[test]
fn an_update_saves_what_is_given_and_answers_with_it() {
    let (_dir, cx) = test_ctx();
    let admin = Actor::system();
    update_config(
        &cx,
        &admin,
        json!({"TOP_K": 5, "CHUNK_SIZE": 500, "RELEVANCE_THRESHOLD": 0.25,
               "CONTENT_EXTRACTION_ENGINE": "tika", "TIKA_SERVER_URL": "http://t:1",
               "FILE_MAX_SIZE": 10, "RAG_TOKENIZER_MODEL": "  bert  ",
               "web": {"WEB_SEARCH_ENGINE": "searxng", "SEARXNG_QUERY_URL": "http://s/q",
                       "WEB_SEARCH_DOMAIN_FILTER_LIST": ["a.org"]}}),
    )
    .unwrap();
    let got = update_config(
        &cx,
        &admin,
        json!({"TOP_K": null, "FILE_MAX_SIZE": "", "CHUNK_OVERLAP": 50,
               "web": {"SEARXNG_QUERY_URL": null, "BRAVE_SEARCH_CONTEXT_TOKENS": null,
                       "YOUTUBE_LOADER_TRANSLATION": "de"}}),
    )
    .unwrap();
    // null at the top level leaves the value alone
    assert_eq!(got["TOP_K"], 5);
    assert_eq!(got["CHUNK_SIZE"], 500);
    assert_eq!(got["CHUNK_OVERLAP"], 50);
    assert_eq!(got["RELEVANCE_THRESHOLD"], 0.25);
    // "" clears the upload limit
    assert_eq!(got["FILE_MAX_SIZE"], Value::Null);
    assert_eq!(got["RAG_TOKENIZER_MODEL"], "bert");
    // in `web`, null is saved, except for the Brave context size
    assert_eq!(got["web"]["SEARXNG_QUERY_URL"], Value::Null);
    assert_eq!(got["web"]["BRAVE_SEARCH_CONTEXT_TOKENS"], 8192);
    assert_eq!(got["web"]["WEB_SEARCH_ENGINE"], "searxng");
    assert_eq!(got["web"]["YOUTUBE_LOADER_TRANSLATION"], "de");
    let again = config(&cx, &admin).unwrap();
    for (name, _, _) in expected() {
        if let Some(v) = pick(&got, name) {
            assert_eq!(pick(&again, name), Some(v), "{name}");
        }
    }
    let r = rag(&cx);
    assert_eq!(r.top_k, 5);
    assert_eq!(r.chunking.chunk_size, 500);
    assert_eq!(r.chunking.chunk_overlap, 50);
    assert_eq!(r.extraction.engine, ExtractionEngine::Tika);
    assert_eq!(r.extraction.tika_server_url, "http://t:1");
    assert_eq!(r.files.max_size_mb, None);
    let w = web(&cx);
    assert_eq!(w.engine, "searxng");
    assert_eq!(w.searxng_query_url, "");
    assert_eq!(w.domain_filter, vec!["a.org"]);
    assert_eq!(w.youtube_translation.as_deref(), Some("de"));
}

/// The value of `key` after a refused update is still its default.
fn refused(cx: &Ctx, form: Value, words: &[&str]) {
    let before = cx.store.snapshot();
    let e = update_config(cx, &Actor::system(), form.clone()).unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{form}: {e:?}");
    for w in words {
        assert!(e.message().contains(w), "{form}: {}", e.message());
    }
    assert_eq!(cx.store.snapshot(), before, "{form} saved something");
}

#[test]
fn engines_owui_does_not_run_are_refused_and_nothing_is_saved() {
    let (_dir, cx) = test_ctx();
    for engine in [
        "datalab_marker",
        "document_intelligence",
        "mistral_ocr",
        "mineru",
        "paddleocr_vl",
    ] {
        refused(
            &cx,
            json!({"TOP_K": 9, "CONTENT_EXTRACTION_ENGINE": engine}),
            &["CONTENT_EXTRACTION_ENGINE", engine],
        );
    }
    for loader in ["playwright", "firecrawl"] {
        refused(
            &cx,
            json!({"web": {"WEB_LOADER_ENGINE": loader}}),
            &["web.WEB_LOADER_ENGINE", loader],
        );
    }
    refused(
        &cx,
        json!({"web": {"WEB_SEARCH_ENGINE": "duckduckgo"}}),
        &["duckduckgo"],
    );
    refused(
        &cx,
        json!({"TEXT_SPLITTER": "token_transformers"}),
        &["token_transformers"],
    );
    refused(
        &cx,
        json!({"RAG_RERANKING_ENGINE": "", "RAG_RERANKING_MODEL": "BAAI/bge-reranker-v2-m3"}),
        &["RAG_RERANKING_MODEL", "BAAI/bge-reranker-v2-m3"],
    );
    refused(
        &cx,
        json!({"ENABLE_GOOGLE_DRIVE_INTEGRATION": true}),
        &["Google Drive"],
    );
    refused(
        &cx,
        json!({"PDF_EXTRACT_IMAGES": true}),
        &["PDF_EXTRACT_IMAGES"],
    );
    refused(&cx, json!({"TOP_K": "many"}), &["TOP_K", "integer"]);
    refused(
        &cx,
        json!({"web": {"EXA_MAX_CONTENT_LENGTH": 0}}),
        &["EXA_MAX_CONTENT_LENGTH"],
    );
    refused(&cx, json!({"ALLOWED_FILE_EXTENSIONS": "pdf"}), &["list"]);
    // what owui runs is accepted
    let ok = update_config(
        &cx,
        &Actor::system(),
        json!({"CONTENT_EXTRACTION_ENGINE": "docling", "TEXT_SPLITTER": "token",
               "RAG_RERANKING_ENGINE": "external", "RAG_RERANKING_MODEL": "rerank-1",
               "web": {"WEB_SEARCH_ENGINE": "brave", "WEB_LOADER_ENGINE": "safe_web",
                       "ENABLE_WEB_SEARCH": false}}),
    )
    .unwrap();
    assert_eq!(ok["RAG_RERANKING_MODEL"], "rerank-1");
    assert_eq!(rag(&cx).reranking.reranker, Reranker::External);
    assert_eq!(rag(&cx).chunking.splitter, Splitter::Token);
}

#[test]
fn a_value_already_stored_is_accepted_back() {
    let (_dir, cx) = test_ctx();
    // an older database holding an engine owui does not run
    let old = BTreeMap::from([
        ("web.loader.engine".to_string(), json!("playwright")),
        ("rag.reranking_model".to_string(), json!("BAAI/bge")),
    ]);
    crate::core::configs::save(&cx, &old).unwrap();
    let whole = config(&cx, &Actor::system()).unwrap();
    // the admin page sends the whole form back with one change
    let mut form = whole.clone();
    form["TOP_K"] = json!(4);
    let got = update_config(&cx, &Actor::system(), form).unwrap();
    assert_eq!(got["TOP_K"], 4);
    assert_eq!(got["web"]["WEB_LOADER_ENGINE"], "playwright");
    assert!(matches!(
        rag(&cx).reranking.reranker,
        Reranker::Other { .. }
    ));
}

#[test]
fn config_set_refuses_what_the_form_refuses() {
    let (_dir, cx) = test_ctx();
    let a = Actor::system();
    let set = |k: &str, v: Value| crate::core::configs::set(&cx, &a, k, v);
    assert!(set("rag.content_extraction_engine", json!("mistral_ocr")).is_err());
    assert!(set("web.loader.engine", json!("firecrawl")).is_err());
    assert!(set("rag.embedding_engine", json!("voyage")).is_err());
    assert!(set("rag.reranking_model", json!("BAAI/bge")).is_err());
    assert!(set("rag.top_k", json!("x")).is_err());
    set("rag.content_extraction_engine", json!("external")).unwrap();
    set("rag.top_k", json!(6)).unwrap();
    // the chat searches the web: the switch is taken
    set("web.search.enable", json!(true)).unwrap();
    assert!(web(&cx).enabled);
    assert_eq!(rag(&cx).top_k, 6);
    assert_eq!(rag(&cx).extraction.engine, ExtractionEngine::External);
    // an import refused saves none of its keys
    let entries = BTreeMap::from([
        ("rag.top_k".to_string(), json!(8)),
        ("rag.text_splitter".to_string(), json!("token_transformers")),
    ]);
    assert!(crate::core::configs::import(&cx, &a, entries, false).is_err());
    assert_eq!(rag(&cx).top_k, 6);
}

#[test]
fn the_embedding_form_saves_the_chosen_engines_connection_only() {
    let (_dir, cx) = test_ctx();
    let a = Actor::system();
    let got = embedding_config(&cx, &a).unwrap();
    assert_eq!(
        got,
        json!({"status": true, "RAG_EMBEDDING_ENGINE": "",
               "RAG_EMBEDDING_MODEL": "sentence-transformers/all-MiniLM-L6-v2",
               "RAG_EMBEDDING_BATCH_SIZE": 1, "ENABLE_ASYNC_EMBEDDING": true,
               "RAG_EMBEDDING_CONCURRENT_REQUESTS": 0,
               "openai_config": {"url": "https://api.openai.com/v1", "key": ""},
               "ollama_config": {"url": "http://localhost:11434", "key": ""},
               "azure_openai_config": {"url": "", "key": "", "version": ""}})
    );
    let form: EmbeddingForm = serde_json::from_value(json!({
        "RAG_EMBEDDING_ENGINE": "ollama", "RAG_EMBEDDING_MODEL": " nomic-embed-text ",
        "RAG_EMBEDDING_BATCH_SIZE": 16,
        "openai_config": {"url": "http://elsewhere", "key": "sk-no"},
        "ollama_config": {"url": "http://ollama:11434/", "key": null},
    }))
    .unwrap();
    let got = update_embedding(&cx, &a, form).unwrap();
    assert_eq!(got["RAG_EMBEDDING_MODEL"], "nomic-embed-text");
    assert_eq!(got["RAG_EMBEDDING_BATCH_SIZE"], 16);
    assert_eq!(
        got["ollama_config"],
        json!({"url": "http://ollama:11434/", "key": ""})
    );
    // not the chosen engine: not saved
    assert_eq!(got["openai_config"]["url"], "https://api.openai.com/v1");
    let e = embedding(&cx);
    assert_eq!(e.engine, EmbeddingEngine::Ollama);
    assert_eq!(e.url, "http://ollama:11434");
    assert_eq!(e.batch_size, 16);
    let bad: EmbeddingForm = serde_json::from_value(
        json!({"RAG_EMBEDDING_ENGINE": "cohere", "RAG_EMBEDDING_MODEL": "m"}),
    )
    .unwrap();
    let err = update_embedding(&cx, &a, bad).unwrap_err();
    assert!(err.message().contains("cohere"), "{}", err.message());
    assert_eq!(embedding(&cx).engine, EmbeddingEngine::Ollama);
}

#[test]
fn the_typed_view_of_the_defaults() {
    let (_dir, cx) = test_ctx();
    let r = rag(&cx);
    assert_eq!((r.top_k, r.top_k_reranker), (3, 3));
    assert_eq!(r.relevance_threshold, 0.0);
    assert_eq!(r.hybrid_bm25_weight, 0.5);
    assert!(!r.hybrid_search && !r.full_context && !r.bypass_embedding_and_retrieval);
    assert_eq!(r.template, DEFAULT_RAG_TEMPLATE);
    assert_eq!(r.extraction.engine, ExtractionEngine::Builtin);
    assert_eq!(r.extraction.pdf_loader_mode, "page");
    assert_eq!(r.chunking.splitter, Splitter::Character);
    assert_eq!(
        (r.chunking.chunk_size, r.chunking.chunk_overlap),
        (1000, 100)
    );
    assert!(r.chunking.markdown_header_splitter);
    assert_eq!(r.chunking.tiktoken_encoding, "cl100k_base");
    assert_eq!(r.reranking.reranker, Reranker::None);
    assert_eq!(r.reranking.batch_size, 32);
    assert_eq!(r.reranking.external_timeout, None);
    assert_eq!(r.embedding.engine, EmbeddingEngine::Local);
    assert_eq!(r.embedding.model, "sentence-transformers/all-MiniLM-L6-v2");
    let w = web(&cx);
    assert!(!w.enabled);
    assert_eq!(w.result_count, 3);
    assert_eq!(w.loader_concurrent_requests, 10);
    assert_eq!(w.youtube_language, vec!["en"]);
    assert!(w.loader_ssl_verification && w.trust_env);
    // a blank template means upstream's
    update_config(&cx, &Actor::system(), json!({"RAG_TEMPLATE": " "})).unwrap();
    assert_eq!(rag(&cx).template, DEFAULT_RAG_TEMPLATE);
}

#[test]
fn only_admins_read_or_change_the_settings() {
    let (_dir, cx) = test_ctx();
    let user = crate::core::users::fixtures::user(&cx, "u@example.com", Role::User);
    assert!(config(&cx, &user).is_err());
    assert!(embedding_config(&cx, &user).is_err());
    assert!(update_config(&cx, &user, json!({"TOP_K": 1})).is_err());
    assert_eq!(rag(&cx).top_k, 3);
}

fn put(cx: &Ctx, entries: Value) {
    let m: BTreeMap<String, Value> = serde_json::from_value(entries).unwrap();
    crate::core::configs::save(cx, &m).unwrap();
}

#[test]
fn the_defaults_map_onto_the_leaves_defaults() {
    use crate::core::retrieval::{chunk, embed, extract, web as webleaf};
    let (_dir, cx) = test_ctx();
    let r = rag(&cx);
    assert_eq!(embed_config(&r.embedding), embed::EmbedConfig::default());
    assert_eq!(extract_config(&r), extract::ExtractConfig::default());
    let c = chunk_config(&r.chunking);
    assert_eq!(
        c,
        chunk::ChunkConfig {
            splitter: "character".into(),
            ..chunk::ChunkConfig::default()
        }
    );
    let q = query_params(&r);
    assert_eq!((q.k, q.k_reranker, q.r, q.hybrid), (3, 3, 0.0, false));
    assert_eq!(q.bm25_weight, 0.5);
    assert_eq!(reranker(&r.reranking), None);
    let w = web_config_for(&cx);
    let d = webleaf::WebConfig::default();
    assert_eq!(
        (w.result_count, w.trust_env, w.ssl_verification),
        (3, true, true)
    );
    assert_eq!(w.loader_concurrent_requests, d.loader_concurrent_requests);
    assert_eq!(w.fetch_filter_list, d.fetch_filter_list);
    assert!(!w.allow_local_fetch);
}

#[test]
fn the_admins_settings_reach_the_leaves() {
    let (_dir, cx) = test_ctx();
    put(
        &cx,
        json!({
            "rag.embedding_engine": "openai",
            "rag.embedding_model": "text-embedding-3-small",
            "rag.openai.api_base_url": "http://127.0.0.1:9/v1/",
            "rag.openai.api_key": "sk-x",
            "rag.embedding_batch_size": 8,
            "rag.file.max_size": 2,
            "rag.pdf_loader_mode": "single",
            "rag.content_extraction_engine": "tika",
            "rag.text_splitter": "token",
            "rag.chunk_size": 50,
            "rag.chunk_overlap": 5,
            "rag.top_k": 7,
            "rag.relevance_threshold": 0.25,
            "rag.enable_hybrid_search": true,
            "rag.reranking_engine": "external",
            "rag.reranking_model": "rr",
            "rag.external_reranker_url": "http://127.0.0.1:9/rerank",
            "rag.external_reranker_timeout": "3",
            "web.search.engine": "searxng",
            "web.search.result_count": 5,
            "web.loader.timeout": "2.5",
        }),
    );
    let r = rag(&cx);
    let e = embed_config(&r.embedding);
    assert_eq!(e.engine, "openai");
    assert_eq!(e.model, "text-embedding-3-small");
    assert_eq!(e.openai_url, "http://127.0.0.1:9/v1");
    assert_eq!((e.openai_key.as_str(), e.batch_size), ("sk-x", 8));
    let x = extract_config(&r);
    assert_eq!(x.max_upload_size, Some(2 * 1024 * 1024));
    assert_eq!(
        (x.engine.as_str(), x.pdf_loader_mode.as_str()),
        ("tika", "single")
    );
    let c = chunk_config(&r.chunking);
    assert_eq!(
        (c.splitter.as_str(), c.chunk_size, c.chunk_overlap),
        ("token", 50, 5)
    );
    let q = query_params(&r);
    assert_eq!((q.k, q.r, q.hybrid), (7, 0.25, true));
    let rr = reranker(&r.reranking).unwrap();
    assert_eq!(
        (rr.url.as_str(), rr.model.as_str()),
        ("http://127.0.0.1:9/rerank", "rr")
    );
    assert_eq!(rr.timeout, Some(std::time::Duration::from_secs(3)));
    let w = web_config_for(&cx);
    assert_eq!((w.engine.as_str(), w.result_count), ("searxng", 5));
    assert_eq!(w.loader_timeout, Some(2.5));
}
