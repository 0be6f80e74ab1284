//! The retrieval settings as plain typed structs, read from the config
//! store in one go: what the indexing, search and chat code take.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::core::Ctx;

/// Where a file's text comes from (`rag.content_extraction_engine`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractionEngine {
    /// owui's own loaders.
    Builtin,
    Tika,
    Docling,
    External,
    /// A value owui does not run (stored before it was refused).
    Other(String),
}

/// Which engine embeds text (`rag.embedding_engine`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbeddingEngine {
    /// The built-in model, in-process.
    Local,
    OpenAi,
    Ollama,
    AzureOpenAi,
    Other(String),
}

/// How text is cut into chunks (`rag.text_splitter`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Splitter {
    /// Recursive character splitting; sizes in characters.
    Character,
    /// Sizes in tiktoken tokens.
    Token,
    Other(String),
}

/// What re-scores hybrid search results (`rag.reranking_engine` and
/// `rag.reranking_model`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reranker {
    /// No reranker: results are scored by cosine similarity.
    None,
    External,
    /// A local model owui does not run (stored before it was refused).
    Other {
        engine: String,
        model: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExtractionSettings {
    pub engine: ExtractionEngine,
    /// `page` (one document per PDF page) or `single`.
    pub pdf_loader_mode: String,
    pub pdf_extract_images: bool,
    /// MIME types let into the extractor; `None` = upstream's default set.
    pub supported_media_mime_types: Option<Vec<String>>,
    pub tika_server_url: String,
    pub tika_server_version: String,
    pub docling_server_url: String,
    pub docling_api_key: String,
    pub docling_params: Map<String, Value>,
    pub external_url: String,
    pub external_api_key: String,
    pub external_headers: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChunkSettings {
    pub splitter: Splitter,
    pub chunk_size: usize,
    pub chunk_overlap: usize,
    /// Merge markdown sections smaller than this (0 = off).
    pub chunk_min_size_target: usize,
    pub markdown_header_splitter: bool,
    pub tiktoken_encoding: String,
    pub tokenizer_model: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RerankSettings {
    pub reranker: Reranker,
    pub model: String,
    pub batch_size: usize,
    pub external_url: String,
    pub external_api_key: String,
    /// `None`: no timeout.
    pub external_timeout: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileSettings {
    /// `rag.file.max_size` in MB, when set.
    pub max_size_mb: Option<u64>,
    pub max_count: Option<u64>,
    /// Lower-case extensions without the dot; empty = any.
    pub allowed_extensions: Vec<String>,
    pub image_compression_width: Option<u64>,
    pub image_compression_height: Option<u64>,
}

/// Everything about indexing and retrieving documents.
#[derive(Debug, Clone, PartialEq)]
pub struct RagSettings {
    /// The RAG template (upstream's when the stored one is blank).
    pub template: String,
    pub top_k: usize,
    pub top_k_reranker: usize,
    pub relevance_threshold: f64,
    pub hybrid_search: bool,
    pub hybrid_enriched_texts: bool,
    /// BM25's weight in hybrid search, 0..=1.
    pub hybrid_bm25_weight: f64,
    /// Every search returns all chunks.
    pub full_context: bool,
    /// Files go to the model whole, nothing is embedded.
    pub bypass_embedding_and_retrieval: bool,
    pub extraction: ExtractionSettings,
    pub chunking: ChunkSettings,
    pub reranking: RerankSettings,
    pub files: FileSettings,
    pub embedding: EmbeddingSettings,
}

/// How text is embedded.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddingSettings {
    pub engine: EmbeddingEngine,
    /// A model name, or a local directory for the built-in engine.
    pub model: String,
    /// At least 1.
    pub batch_size: usize,
    /// Send batches concurrently.
    pub concurrent: bool,
    /// Most batches in flight; 0 = no limit.
    pub concurrent_requests: usize,
    /// The chosen engine's base URL, key and (Azure) API version.
    pub url: String,
    pub key: String,
    pub api_version: String,
}

/// Web search and page loading.
#[derive(Debug, Clone, PartialEq)]
pub struct WebSettings {
    pub enabled: bool,
    pub engine: String,
    pub result_count: usize,
    /// 0 = no limit.
    pub concurrent_requests: usize,
    /// Allowed hosts, and blocked ones prefixed with `!`.
    pub domain_filter: Vec<String>,
    pub bypass_embedding_and_retrieval: bool,
    pub bypass_web_loader: bool,
    pub trust_env: bool,
    pub fetch_max_content_length: Option<u64>,
    /// `""`/`safe_web`.
    pub loader_engine: String,
    pub loader_timeout: Option<Duration>,
    pub loader_ssl_verification: bool,
    pub loader_concurrent_requests: usize,
    pub youtube_language: Vec<String>,
    pub youtube_proxy_url: String,
    pub youtube_translation: Option<String>,
    pub searxng_query_url: String,
    pub searxng_language: String,
    pub yacy_query_url: String,
    pub yacy_username: String,
    pub yacy_password: String,
    pub google_pse_api_key: String,
    pub google_pse_engine_id: String,
    pub brave_api_key: String,
    pub kagi_api_key: String,
    pub mojeek_api_key: String,
    pub bocha_api_key: String,
    pub serpstack_api_key: String,
    pub serpstack_https: bool,
    pub serper_api_key: String,
    pub serply_api_key: String,
    pub tavily_api_key: String,
    pub tavily_search_depth: String,
    pub tavily_extract_depth: String,
    pub searchapi_api_key: String,
    pub searchapi_engine: String,
    pub serpapi_api_key: String,
    pub serpapi_engine: String,
    pub jina_api_key: String,
    pub jina_api_base_url: String,
    pub bing_endpoint: String,
    pub bing_subscription_key: String,
    pub exa_api_key: String,
    pub exa_max_content_length: Option<u64>,
    pub perplexity_api_key: String,
    pub perplexity_model: String,
    pub perplexity_search_context_usage: String,
    pub external_search_url: String,
    pub external_search_api_key: String,
}

/// A typed reader over the config store.
struct Read<'a>(&'a Ctx);

impl Read<'_> {
    fn v(&self, key: &str) -> Value {
        self.0.store.get(key)
    }
    fn s(&self, key: &str) -> String {
        match self.v(key) {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }
    fn b(&self, key: &str) -> bool {
        self.0.store.bool(key)
    }
    fn num(&self, key: &str) -> Option<f64> {
        match self.v(key) {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
    fn f(&self, key: &str, default: f64) -> f64 {
        self.num(key).unwrap_or(default)
    }
    /// A count: negative reads as 0, missing as `default`.
    fn n(&self, key: &str, default: usize) -> usize {
        self.num(key).map_or(default, |x| x.max(0.0) as usize)
    }
    /// A positive number, else `None`.
    fn opt(&self, key: &str) -> Option<u64> {
        self.num(key).filter(|x| *x > 0.0).map(|x| x as u64)
    }
    fn list(&self, key: &str) -> Vec<String> {
        match self.v(key) {
            Value::Array(a) => a
                .into_iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    }
    fn obj(&self, key: &str) -> Map<String, Value> {
        match self.v(key) {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }
    /// Seconds as text or number; blank or not positive = none.
    fn secs(&self, key: &str) -> Option<Duration> {
        self.num(key)
            .filter(|x| *x > 0.0)
            .map(Duration::from_secs_f64)
    }
}

/// The document settings, typed.
pub fn rag(cx: &Ctx) -> RagSettings {
    let r = Read(cx);
    let template = r.s("rag.template");
    let extraction = ExtractionSettings {
        engine: match r.s("rag.content_extraction_engine").as_str() {
            "" => ExtractionEngine::Builtin,
            "tika" => ExtractionEngine::Tika,
            "docling" => ExtractionEngine::Docling,
            "external" => ExtractionEngine::External,
            other => ExtractionEngine::Other(other.into()),
        },
        pdf_loader_mode: r.s("rag.pdf_loader_mode"),
        pdf_extract_images: r.b("rag.pdf_extract_images"),
        supported_media_mime_types: match r.v("rag.content_extraction.supported_media_mime_types") {
            Value::Array(_) => Some(r.list("rag.content_extraction.supported_media_mime_types")),
            _ => None,
        },
        tika_server_url: r.s("rag.tika_server_url"),
        tika_server_version: r.s("rag.tika_server_version"),
        docling_server_url: r.s("rag.docling_server_url"),
        docling_api_key: r.s("rag.docling_api_key"),
        docling_params: r.obj("rag.docling_params"),
        external_url: r.s("rag.external_document_loader_url"),
        external_api_key: r.s("rag.external_document_loader_api_key"),
        external_headers: r.obj("rag.external_document_loader_headers"),
    };
    let chunking = ChunkSettings {
        splitter: match r.s("rag.text_splitter").as_str() {
            "" | "character" => Splitter::Character,
            "token" => Splitter::Token,
            other => Splitter::Other(other.into()),
        },
        chunk_size: r.n("rag.chunk_size", 1000),
        chunk_overlap: r.n("rag.chunk_overlap", 100),
        chunk_min_size_target: r.n("rag.chunk_min_size_target", 0),
        markdown_header_splitter: r.b("rag.enable_markdown_header_text_splitter"),
        tiktoken_encoding: match r.s("rag.tiktoken_encoding_name") {
            s if s.is_empty() => "cl100k_base".into(),
            s => s,
        },
        tokenizer_model: r.s("rag.tokenizer_model"),
    };
    let (engine, model) = (
        r.s("rag.reranking_engine"),
        r.s("rag.reranking_model").trim().to_string(),
    );
    let reranking = RerankSettings {
        reranker: match (engine.as_str(), model.as_str()) {
            ("external", _) => Reranker::External,
            ("", "") => Reranker::None,
            _ => Reranker::Other {
                engine: engine.clone(),
                model: model.clone(),
            },
        },
        model,
        batch_size: r.n("rag.reranking_batch_size", 32).max(1),
        external_url: r.s("rag.external_reranker_url"),
        external_api_key: r.s("rag.external_reranker_api_key"),
        external_timeout: r.secs("rag.external_reranker_timeout"),
    };
    let files = FileSettings {
        max_size_mb: r.opt("rag.file.max_size"),
        max_count: r.opt("rag.file.max_count"),
        allowed_extensions: r
            .list("rag.file.allowed_extensions")
            .into_iter()
            .map(|e| e.trim().trim_start_matches('.').to_lowercase())
            .filter(|e| !e.is_empty())
            .collect(),
        image_compression_width: r.opt("file.image_compression_width"),
        image_compression_height: r.opt("file.image_compression_height"),
    };
    RagSettings {
        template: if template.trim().is_empty() {
            super::DEFAULT_RAG_TEMPLATE.to_string()
        } else {
            template
        },
        top_k: r.n("rag.top_k", 3),
        top_k_reranker: r.n("rag.top_k_reranker", 3),
        relevance_threshold: r.f("rag.relevance_threshold", 0.0),
        hybrid_search: r.b("rag.enable_hybrid_search"),
        hybrid_enriched_texts: r.b("rag.enable_hybrid_search_enriched_texts"),
        hybrid_bm25_weight: r.f("rag.hybrid_bm25_weight", 0.5),
        full_context: r.b("rag.full_context"),
        bypass_embedding_and_retrieval: r.b("rag.bypass_embedding_and_retrieval"),
        extraction,
        chunking,
        reranking,
        files,
        embedding: embedding(cx),
    }
}

/// The embedding settings, typed, with the chosen engine's connection.
pub fn embedding(cx: &Ctx) -> EmbeddingSettings {
    let r = Read(cx);
    let engine = match r.s("rag.embedding_engine").as_str() {
        "" => EmbeddingEngine::Local,
        "openai" => EmbeddingEngine::OpenAi,
        "ollama" => EmbeddingEngine::Ollama,
        "azure_openai" => EmbeddingEngine::AzureOpenAi,
        other => EmbeddingEngine::Other(other.into()),
    };
    let (url, key, api_version) = match engine {
        EmbeddingEngine::OpenAi => (
            r.s("rag.openai.api_base_url"),
            r.s("rag.openai.api_key"),
            String::new(),
        ),
        EmbeddingEngine::Ollama => (
            r.s("rag.ollama.base_url"),
            r.s("rag.ollama.api_key"),
            String::new(),
        ),
        EmbeddingEngine::AzureOpenAi => (
            r.s("rag.azure_openai.base_url"),
            r.s("rag.azure_openai.api_key"),
            r.s("rag.azure_openai.api_version"),
        ),
        _ => Default::default(),
    };
    EmbeddingSettings {
        engine,
        model: r.s("rag.embedding_model").trim().to_string(),
        batch_size: r.n("rag.embedding_batch_size", 1).max(1),
        concurrent: r.b("rag.enable_async_embedding"),
        concurrent_requests: r.n("rag.embedding_concurrent_requests", 0),
        url: url.trim_end_matches('/').to_string(),
        key,
        api_version,
    }
}

/// The web search settings, typed.
pub fn web(cx: &Ctx) -> WebSettings {
    let r = Read(cx);
    let s = |k: &str| r.s(&format!("web.search.{k}"));
    WebSettings {
        enabled: r.b("web.search.enable"),
        engine: s("engine"),
        result_count: r.n("web.search.result_count", 3),
        concurrent_requests: r.n("web.search.concurrent_requests", 0),
        domain_filter: r.list("web.search.domain.filter_list"),
        bypass_embedding_and_retrieval: r.b("web.search.bypass_embedding_and_retrieval"),
        bypass_web_loader: r.b("web.search.bypass_web_loader"),
        trust_env: r.b("web.search.trust_env"),
        fetch_max_content_length: r.opt("web.fetch.max_content_length"),
        loader_engine: r.s("web.loader.engine"),
        loader_timeout: r.secs("web.loader.timeout"),
        loader_ssl_verification: r.b("web.loader.ssl_verification"),
        loader_concurrent_requests: r.n("web.loader.concurrent_requests", 10),
        youtube_language: r.list("rag.youtube_loader_language"),
        youtube_proxy_url: r.s("rag.youtube_loader_proxy_url"),
        youtube_translation: Some(r.s("rag.youtube_loader_translation")).filter(|t| !t.is_empty()),
        searxng_query_url: s("searxng_query_url"),
        searxng_language: s("searxng_language"),
        yacy_query_url: s("yacy_query_url"),
        yacy_username: s("yacy_username"),
        yacy_password: s("yacy_password"),
        google_pse_api_key: s("google_pse_api_key"),
        google_pse_engine_id: s("google_pse_engine_id"),
        brave_api_key: s("brave_search_api_key"),
        kagi_api_key: s("kagi_search_api_key"),
        mojeek_api_key: s("mojeek_search_api_key"),
        bocha_api_key: s("bocha_search_api_key"),
        serpstack_api_key: s("serpstack_api_key"),
        serpstack_https: r.b("web.search.serpstack_https"),
        serper_api_key: s("serper_api_key"),
        serply_api_key: s("serply_api_key"),
        tavily_api_key: s("tavily_api_key"),
        tavily_search_depth: s("tavily_search_depth"),
        tavily_extract_depth: s("tavily_extract_depth"),
        searchapi_api_key: s("searchapi_api_key"),
        searchapi_engine: s("searchapi_engine"),
        serpapi_api_key: s("serpapi_api_key"),
        serpapi_engine: s("serpapi_engine"),
        jina_api_key: s("jina_api_key"),
        jina_api_base_url: s("jina_api_base_url"),
        bing_endpoint: s("bing_search_v7_endpoint"),
        bing_subscription_key: s("bing_search_v7_subscription_key"),
        exa_api_key: s("exa_api_key"),
        exa_max_content_length: r.opt("web.search.exa_max_content_length"),
        perplexity_api_key: s("perplexity_api_key"),
        perplexity_model: s("perplexity_model"),
        perplexity_search_context_usage: s("perplexity_search_context_usage"),
        external_search_url: s("external_web_search_url"),
        external_search_api_key: s("external_web_search_api_key"),
    }
}
