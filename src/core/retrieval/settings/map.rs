//! The typed settings mapped onto the leaves' own config structs, once,
//! here: indexing, search and chat all build their `EmbedConfig`,
//! `ExtractConfig`, `ChunkConfig`, `QueryParams`, reranker and `WebConfig`
//! through these functions.

use std::sync::Mutex;

use serde_json::Value;

use super::typed::{
    ChunkSettings, EmbeddingEngine, EmbeddingSettings, ExtractionEngine, RagSettings,
    RerankSettings, Reranker, Splitter, WebSettings,
};
use crate::core::Ctx;
use crate::core::retrieval::chunk::ChunkConfig;
use crate::core::retrieval::embed::{self, EmbedConfig};
use crate::core::retrieval::extract::ExtractConfig;
use crate::core::retrieval::vectors::{self, QueryParams};
use crate::core::retrieval::web::WebConfig;

/// The embed leaf's settings for `e`; the built-in engine with no model
/// named embeds with [`embed::DEFAULT_MODEL`].
pub fn embed_config(e: &EmbeddingSettings) -> EmbedConfig {
    let mut c = EmbedConfig {
        batch_size: e.batch_size.max(1),
        async_embedding: e.concurrent,
        concurrent_requests: e.concurrent_requests,
        ..EmbedConfig::default()
    };
    match &e.engine {
        EmbeddingEngine::Local => c.engine = String::new(),
        EmbeddingEngine::OpenAi => {
            c.engine = "openai".into();
            if !e.url.is_empty() {
                c.openai_url = e.url.clone();
            }
            c.openai_key = e.key.clone();
        }
        EmbeddingEngine::Ollama => {
            c.engine = "ollama".into();
            if !e.url.is_empty() {
                c.ollama_url = e.url.clone();
            }
            c.ollama_key = e.key.clone();
        }
        EmbeddingEngine::AzureOpenAi => {
            c.engine = "azure_openai".into();
            c.azure_url = e.url.clone();
            c.azure_key = e.key.clone();
            c.azure_version = e.api_version.clone();
        }
        EmbeddingEngine::Other(s) => c.engine = s.clone(),
    }
    c.model = if e.model.is_empty() && e.engine == EmbeddingEngine::Local {
        embed::DEFAULT_MODEL.into()
    } else {
        e.model.clone()
    };
    c
}

/// The engine and model the built-in model slot was last asked for.
static LOADED_FOR: Mutex<Option<(String, String)>> = Mutex::new(None);

/// The admin's embedding settings for the embed leaf, read now. When the
/// engine or model differs from the last call's, the loaded built-in model
/// is dropped ([`embed::unload`]) so the next embedding loads what is
/// configured now.
pub fn embed_config_for(cx: &Ctx) -> EmbedConfig {
    let c = embed_config(&super::embedding(cx));
    let now = (c.engine.clone(), c.model.clone());
    let mut last = LOADED_FOR.lock().unwrap_or_else(|p| p.into_inner());
    if last.as_ref().is_some_and(|l| *l != now) {
        embed::unload();
    }
    *last = Some(now);
    c
}

/// The extract leaf's settings.
pub fn extract_config(r: &RagSettings) -> ExtractConfig {
    let x = &r.extraction;
    let d = ExtractConfig::default();
    ExtractConfig {
        engine: match &x.engine {
            ExtractionEngine::Builtin => String::new(),
            ExtractionEngine::Tika => "tika".into(),
            ExtractionEngine::Docling => "docling".into(),
            ExtractionEngine::External => "external".into(),
            ExtractionEngine::Other(s) => s.clone(),
        },
        tika_url: or(&x.tika_server_url, d.tika_url),
        docling_url: or(&x.docling_server_url, d.docling_url),
        docling_params: Value::Object(x.docling_params.clone()),
        external_url: x.external_url.clone(),
        external_key: x.external_api_key.clone(),
        pdf_loader_mode: or(&x.pdf_loader_mode, d.pdf_loader_mode),
        max_upload_size: r.files.max_size_mb.map(|mb| mb.saturating_mul(1024 * 1024)),
    }
}

/// The chunk leaf's settings.
pub fn chunk_config(c: &ChunkSettings) -> ChunkConfig {
    ChunkConfig {
        splitter: match &c.splitter {
            Splitter::Character => "character".into(),
            Splitter::Token => "token".into(),
            Splitter::Other(s) => s.clone(),
        },
        chunk_size: c.chunk_size,
        chunk_overlap: c.chunk_overlap,
        markdown_header: c.markdown_header_splitter,
        chunk_min_size_target: c.chunk_min_size_target,
        tiktoken_encoding: c.tiktoken_encoding.clone(),
    }
}

/// How to search, from the admin's settings (requests may override `k`,
/// `r` and `hybrid` afterwards).
pub fn query_params(r: &RagSettings) -> QueryParams {
    QueryParams {
        k: r.top_k,
        k_reranker: r.top_k_reranker,
        r: r.relevance_threshold as f32,
        hybrid: r.hybrid_search,
        bm25_weight: r.hybrid_bm25_weight.clamp(0.0, 1.0) as f32,
        enriched_texts: r.hybrid_enriched_texts,
    }
}

/// The reranker hybrid search uses: the external one when configured;
/// otherwise none (results are then scored by cosine similarity).
pub fn reranker(r: &RerankSettings) -> Option<vectors::Reranker> {
    match &r.reranker {
        Reranker::External => Some(vectors::Reranker {
            engine: "external".into(),
            url: r.external_url.clone(),
            key: r.external_api_key.clone(),
            model: r.model.clone(),
            timeout: r.external_timeout,
        }),
        Reranker::None | Reranker::Other { .. } => None,
    }
}

/// The web leaf's settings. `webui_url` and `locale` come from
/// `webui.url` and `DEFAULT_LOCALE`; settings the store does not hold keep
/// the leaf's defaults (local fetches refused, redirects not followed).
pub fn web_config(w: &WebSettings, webui_url: &str, locale: &str) -> WebConfig {
    let d = WebConfig::default();
    WebConfig {
        engine: w.engine.clone(),
        result_count: w.result_count,
        domain_filter_list: w.domain_filter.clone(),
        bypass_web_loader: w.bypass_web_loader,
        trust_env: w.trust_env,
        loader_engine: w.loader_engine.clone(),
        loader_concurrent_requests: w.loader_concurrent_requests,
        loader_timeout: w.loader_timeout.map(|t| t.as_secs_f64()),
        ssl_verification: w.loader_ssl_verification,
        webui_url: webui_url.into(),
        locale: locale.into(),
        searxng_query_url: w.searxng_query_url.clone(),
        searxng_language: or(&w.searxng_language, d.searxng_language.clone()),
        yacy_query_url: w.yacy_query_url.clone(),
        yacy_username: w.yacy_username.clone(),
        yacy_password: w.yacy_password.clone(),
        google_pse_api_key: w.google_pse_api_key.clone(),
        google_pse_engine_id: w.google_pse_engine_id.clone(),
        brave_search_api_key: w.brave_api_key.clone(),
        kagi_search_api_key: w.kagi_api_key.clone(),
        mojeek_search_api_key: w.mojeek_api_key.clone(),
        bocha_search_api_key: w.bocha_api_key.clone(),
        serpstack_api_key: w.serpstack_api_key.clone(),
        serpstack_https: w.serpstack_https,
        serper_api_key: w.serper_api_key.clone(),
        serply_api_key: w.serply_api_key.clone(),
        tavily_api_key: w.tavily_api_key.clone(),
        tavily_search_depth: or(&w.tavily_search_depth, d.tavily_search_depth.clone()),
        searchapi_api_key: w.searchapi_api_key.clone(),
        searchapi_engine: w.searchapi_engine.clone(),
        serpapi_api_key: w.serpapi_api_key.clone(),
        serpapi_engine: w.serpapi_engine.clone(),
        jina_api_key: w.jina_api_key.clone(),
        jina_api_base_url: w.jina_api_base_url.clone(),
        bing_search_v7_endpoint: or(&w.bing_endpoint, d.bing_search_v7_endpoint.clone()),
        bing_search_v7_subscription_key: w.bing_subscription_key.clone(),
        exa_api_key: w.exa_api_key.clone(),
        exa_max_content_length: w.exa_max_content_length.map(|n| n as usize),
        perplexity_api_key: w.perplexity_api_key.clone(),
        external_web_search_url: w.external_search_url.clone(),
        external_web_search_api_key: w.external_search_api_key.clone(),
        ..d
    }
}

/// The admin's web settings for the web leaf, read now.
pub fn web_config_for(cx: &Ctx) -> WebConfig {
    let url = match cx.store.get("webui.url") {
        Value::String(s) => s,
        _ => String::new(),
    };
    let mut c = web_config(&super::web(cx), &url, cx.cfg.get("DEFAULT_LOCALE"));
    c.allow_local_fetch = cx.cfg.bool("ENABLE_LOCAL_WEB_FETCH")
        || (cx.cfg.source("ENABLE_LOCAL_WEB_FETCH") == crate::config::Source::Default
            && std::env::var("ENABLE_RAG_LOCAL_WEB_FETCH")
                .is_ok_and(|v| v.eq_ignore_ascii_case("true")));
    c.fetch_filter_list.extend(
        cx.cfg
            .get("WEB_FETCH_FILTER_LIST")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
    );
    c.allow_redirects = cx.cfg.bool("AIOHTTP_CLIENT_ALLOW_REDIRECTS");
    c
}

fn or(v: &str, default: String) -> String {
    if v.trim().is_empty() {
        default
    } else {
        v.to_string()
    }
}
