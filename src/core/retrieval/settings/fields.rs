//! Every retrieval setting: its name in the admin forms, its config-store
//! key, the environment variable giving its first-start default, and the
//! type of its value.

use serde_json::{Value, json};

use crate::config::Config;

/// The type of a setting's value, and how its environment variable reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Str,
    /// A string, lower-cased when read from the environment.
    Lower,
    /// A string; the environment variable, else the named other one.
    Or(&'static str),
    /// The RAG template: the built-in one when the variable is empty.
    Template,
    Bool,
    Int,
    /// An integer the environment gives as text (`"300"`), as upstream.
    IntText,
    Float,
    /// An integer or null (`""` in a form means null).
    OptInt,
    /// A list of strings, comma-separated in the environment.
    List,
    /// A list of strings, or null when the variable is empty.
    OptList,
    /// A JSON list in the environment.
    JsonList,
    /// A JSON object in the environment (anything else reads as `{}`).
    Object,
    /// No environment variable: null until set.
    Null,
}

/// Which answer a setting belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// The top level of `/retrieval/config`.
    Rag,
    /// The `web` object of `/retrieval/config`.
    Web,
    /// `/retrieval/embedding`.
    Embedding,
    /// Stored but in no form.
    Hidden,
}

use Kind::*;
use Section::*;

pub struct Field {
    /// The name in the admin forms (`TOP_K`).
    pub name: &'static str,
    /// The config-store key (`rag.top_k`).
    pub key: &'static str,
    /// The environment variable of the first-start default; empty for none.
    pub env: &'static str,
    pub kind: Kind,
    pub section: Section,
    /// Whether `/retrieval/config/update` answers with it (upstream leaves
    /// five out).
    pub in_update: bool,
}

const fn f(
    name: &'static str,
    key: &'static str,
    env: &'static str,
    kind: Kind,
    section: Section,
    in_update: bool,
) -> Field {
    Field {
        name,
        key,
        env,
        kind,
        section,
        in_update,
    }
}

/// Every retrieval setting, in the order of upstream's answers.
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    f("RAG_TEMPLATE", "rag.template", "RAG_TEMPLATE", Template, Rag, true),
    f("TOP_K", "rag.top_k", "RAG_TOP_K", Int, Rag, true),
    f("BYPASS_EMBEDDING_AND_RETRIEVAL", "rag.bypass_embedding_and_retrieval", "BYPASS_EMBEDDING_AND_RETRIEVAL", Bool, Rag, true),
    f("RAG_FULL_CONTEXT", "rag.full_context", "RAG_FULL_CONTEXT", Bool, Rag, true),
    f("ENABLE_RAG_HYBRID_SEARCH", "rag.enable_hybrid_search", "ENABLE_RAG_HYBRID_SEARCH", Bool, Rag, true),
    f("ENABLE_RAG_HYBRID_SEARCH_ENRICHED_TEXTS", "rag.enable_hybrid_search_enriched_texts", "ENABLE_RAG_HYBRID_SEARCH_ENRICHED_TEXTS", Bool, Rag, false),
    f("TOP_K_RERANKER", "rag.top_k_reranker", "RAG_TOP_K_RERANKER", Int, Rag, true),
    f("RELEVANCE_THRESHOLD", "rag.relevance_threshold", "RAG_RELEVANCE_THRESHOLD", Float, Rag, true),
    f("HYBRID_BM25_WEIGHT", "rag.hybrid_bm25_weight", "RAG_HYBRID_BM25_WEIGHT", Float, Rag, true),
    f("CONTENT_EXTRACTION_ENGINE", "rag.content_extraction_engine", "CONTENT_EXTRACTION_ENGINE", Lower, Rag, true),
    f("CONTENT_EXTRACTION_SUPPORTED_MEDIA_MIME_TYPES", "rag.content_extraction.supported_media_mime_types", "CONTENT_EXTRACTION_SUPPORTED_MEDIA_MIME_TYPES", OptList, Rag, true),
    f("PDF_EXTRACT_IMAGES", "rag.pdf_extract_images", "PDF_EXTRACT_IMAGES", Bool, Rag, true),
    f("PDF_LOADER_MODE", "rag.pdf_loader_mode", "PDF_LOADER_MODE", Str, Rag, true),
    f("DATALAB_MARKER_API_KEY", "rag.datalab_marker_api_key", "DATALAB_MARKER_API_KEY", Str, Rag, true),
    f("DATALAB_MARKER_API_BASE_URL", "rag.datalab_marker_api_base_url", "DATALAB_MARKER_API_BASE_URL", Str, Rag, true),
    f("DATALAB_MARKER_ADDITIONAL_CONFIG", "rag.datalab_marker_additional_config", "DATALAB_MARKER_ADDITIONAL_CONFIG", Str, Rag, true),
    f("DATALAB_MARKER_SKIP_CACHE", "rag.datalab_marker_skip_cache", "DATALAB_MARKER_SKIP_CACHE", Bool, Rag, true),
    f("DATALAB_MARKER_FORCE_OCR", "rag.datalab_marker_force_ocr", "DATALAB_MARKER_FORCE_OCR", Bool, Rag, true),
    f("DATALAB_MARKER_PAGINATE", "rag.datalab_marker_paginate", "DATALAB_MARKER_PAGINATE", Bool, Rag, true),
    f("DATALAB_MARKER_STRIP_EXISTING_OCR", "rag.datalab_marker_strip_existing_ocr", "DATALAB_MARKER_STRIP_EXISTING_OCR", Bool, Rag, true),
    f("DATALAB_MARKER_DISABLE_IMAGE_EXTRACTION", "rag.datalab_marker_disable_image_extraction", "DATALAB_MARKER_DISABLE_IMAGE_EXTRACTION", Bool, Rag, true),
    f("DATALAB_MARKER_FORMAT_LINES", "rag.datalab_marker_format_lines", "DATALAB_MARKER_FORMAT_LINES", Bool, Rag, false),
    f("DATALAB_MARKER_USE_LLM", "rag.datalab_marker_use_llm", "DATALAB_MARKER_USE_LLM", Bool, Rag, true),
    f("DATALAB_MARKER_OUTPUT_FORMAT", "rag.datalab_marker_output_format", "DATALAB_MARKER_OUTPUT_FORMAT", Str, Rag, true),
    f("EXTERNAL_DOCUMENT_LOADER_URL", "rag.external_document_loader_url", "EXTERNAL_DOCUMENT_LOADER_URL", Str, Rag, true),
    f("EXTERNAL_DOCUMENT_LOADER_API_KEY", "rag.external_document_loader_api_key", "EXTERNAL_DOCUMENT_LOADER_API_KEY", Str, Rag, true),
    f("EXTERNAL_DOCUMENT_LOADER_HEADERS", "rag.external_document_loader_headers", "EXTERNAL_DOCUMENT_LOADER_HEADERS", Object, Rag, true),
    f("TIKA_SERVER_URL", "rag.tika_server_url", "TIKA_SERVER_URL", Str, Rag, true),
    f("TIKA_SERVER_VERSION", "rag.tika_server_version", "TIKA_SERVER_VERSION", Str, Rag, true),
    f("DOCLING_SERVER_URL", "rag.docling_server_url", "DOCLING_SERVER_URL", Str, Rag, true),
    f("DOCLING_API_KEY", "rag.docling_api_key", "DOCLING_API_KEY", Str, Rag, true),
    f("DOCLING_PARAMS", "rag.docling_params", "DOCLING_PARAMS", Object, Rag, true),
    f("DOCUMENT_INTELLIGENCE_ENDPOINT", "rag.document_intelligence_endpoint", "DOCUMENT_INTELLIGENCE_ENDPOINT", Str, Rag, true),
    f("DOCUMENT_INTELLIGENCE_KEY", "rag.document_intelligence_key", "DOCUMENT_INTELLIGENCE_KEY", Str, Rag, true),
    f("DOCUMENT_INTELLIGENCE_MODEL", "rag.document_intelligence_model", "DOCUMENT_INTELLIGENCE_MODEL", Str, Rag, true),
    f("MISTRAL_OCR_API_BASE_URL", "rag.mistral_ocr_api_base_url", "MISTRAL_OCR_API_BASE_URL", Str, Rag, true),
    f("MISTRAL_OCR_API_KEY", "rag.mistral_ocr_api_key", "MISTRAL_OCR_API_KEY", Str, Rag, true),
    f("MISTRAL_OCR_USE_BASE64", "rag.mistral_ocr_use_base64", "MISTRAL_OCR_USE_BASE64", Bool, Rag, true),
    f("PADDLEOCR_VL_BASE_URL", "rag.paddleocr_vl_base_url", "PADDLEOCR_VL_BASE_URL", Str, Rag, true),
    f("PADDLEOCR_VL_TOKEN", "rag.paddleocr_vl_token", "PADDLEOCR_VL_TOKEN", Str, Rag, true),
    f("MINERU_API_MODE", "rag.mineru_api_mode", "MINERU_API_MODE", Str, Rag, true),
    f("MINERU_API_URL", "rag.mineru_api_url", "MINERU_API_URL", Str, Rag, true),
    f("MINERU_API_KEY", "rag.mineru_api_key", "MINERU_API_KEY", Str, Rag, true),
    f("MINERU_API_TIMEOUT", "rag.mineru_api_timeout", "MINERU_API_TIMEOUT", IntText, Rag, true),
    f("MINERU_PARAMS", "rag.mineru_params", "MINERU_PARAMS", Object, Rag, true),
    f("MINERU_FILE_EXTENSIONS", "rag.mineru_file_extensions", "MINERU_FILE_EXTENSIONS", List, Rag, false),
    f("RAG_RERANKING_MODEL", "rag.reranking_model", "RAG_RERANKING_MODEL", Str, Rag, true),
    f("RAG_RERANKING_ENGINE", "rag.reranking_engine", "RAG_RERANKING_ENGINE", Str, Rag, true),
    f("RAG_RERANKING_BATCH_SIZE", "rag.reranking_batch_size", "RAG_RERANKING_BATCH_SIZE", Int, Rag, false),
    f("RAG_EXTERNAL_RERANKER_URL", "rag.external_reranker_url", "RAG_EXTERNAL_RERANKER_URL", Str, Rag, true),
    f("RAG_EXTERNAL_RERANKER_API_KEY", "rag.external_reranker_api_key", "RAG_EXTERNAL_RERANKER_API_KEY", Str, Rag, true),
    f("RAG_EXTERNAL_RERANKER_TIMEOUT", "rag.external_reranker_timeout", "RAG_EXTERNAL_RERANKER_TIMEOUT", Str, Rag, true),
    f("TEXT_SPLITTER", "rag.text_splitter", "RAG_TEXT_SPLITTER", Str, Rag, true),
    f("RAG_TOKENIZER_MODEL", "rag.tokenizer_model", "RAG_TOKENIZER_MODEL", Str, Rag, true),
    f("ENABLE_MARKDOWN_HEADER_TEXT_SPLITTER", "rag.enable_markdown_header_text_splitter", "ENABLE_MARKDOWN_HEADER_TEXT_SPLITTER", Bool, Rag, true),
    f("CHUNK_SIZE", "rag.chunk_size", "CHUNK_SIZE", Int, Rag, true),
    f("CHUNK_MIN_SIZE_TARGET", "rag.chunk_min_size_target", "CHUNK_MIN_SIZE_TARGET", Int, Rag, true),
    f("CHUNK_OVERLAP", "rag.chunk_overlap", "CHUNK_OVERLAP", Int, Rag, true),
    f("FILE_MAX_SIZE", "rag.file.max_size", "RAG_FILE_MAX_SIZE", OptInt, Rag, true),
    f("FILE_MAX_COUNT", "rag.file.max_count", "RAG_FILE_MAX_COUNT", OptInt, Rag, true),
    f("FILE_IMAGE_COMPRESSION_WIDTH", "file.image_compression_width", "FILE_IMAGE_COMPRESSION_WIDTH", OptInt, Rag, true),
    f("FILE_IMAGE_COMPRESSION_HEIGHT", "file.image_compression_height", "FILE_IMAGE_COMPRESSION_HEIGHT", OptInt, Rag, true),
    f("ALLOWED_FILE_EXTENSIONS", "rag.file.allowed_extensions", "RAG_ALLOWED_FILE_EXTENSIONS", List, Rag, true),
    f("ENABLE_GOOGLE_DRIVE_INTEGRATION", "google_drive.enable", "ENABLE_GOOGLE_DRIVE_INTEGRATION", Bool, Rag, true),
    f("ENABLE_ONEDRIVE_INTEGRATION", "onedrive.enable", "ENABLE_ONEDRIVE_INTEGRATION", Bool, Rag, true),
    f("ENABLE_WEB_SEARCH", "web.search.enable", "ENABLE_WEB_SEARCH", Bool, Web, true),
    f("ENABLE_WEB_SEARCH_CONFIRMATION", "web.search.confirmation.enable", "ENABLE_WEB_SEARCH_CONFIRMATION", Bool, Web, true),
    f("WEB_SEARCH_CONFIRMATION_CONTENT", "web.search.confirmation.content", "WEB_SEARCH_CONFIRMATION_CONTENT", Str, Web, true),
    f("WEB_SEARCH_ENGINE", "web.search.engine", "WEB_SEARCH_ENGINE", Str, Web, true),
    f("WEB_SEARCH_TRUST_ENV", "web.search.trust_env", "WEB_SEARCH_TRUST_ENV", Bool, Web, true),
    f("WEB_SEARCH_RESULT_COUNT", "web.search.result_count", "WEB_SEARCH_RESULT_COUNT", Int, Web, true),
    f("WEB_SEARCH_CONCURRENT_REQUESTS", "web.search.concurrent_requests", "WEB_SEARCH_CONCURRENT_REQUESTS", Int, Web, true),
    f("WEB_FETCH_MAX_CONTENT_LENGTH", "web.fetch.max_content_length", "WEB_FETCH_MAX_CONTENT_LENGTH", OptInt, Web, true),
    f("WEB_LOADER_CONCURRENT_REQUESTS", "web.loader.concurrent_requests", "WEB_LOADER_CONCURRENT_REQUESTS", Int, Web, true),
    f("WEB_SEARCH_DOMAIN_FILTER_LIST", "web.search.domain.filter_list", "WEB_SEARCH_DOMAIN_FILTER_LIST", JsonList, Web, true),
    f("BYPASS_WEB_SEARCH_EMBEDDING_AND_RETRIEVAL", "web.search.bypass_embedding_and_retrieval", "BYPASS_WEB_SEARCH_EMBEDDING_AND_RETRIEVAL", Bool, Web, true),
    f("BYPASS_WEB_SEARCH_WEB_LOADER", "web.search.bypass_web_loader", "BYPASS_WEB_SEARCH_WEB_LOADER", Bool, Web, true),
    f("OLLAMA_CLOUD_WEB_SEARCH_API_KEY", "web.search.ollama_cloud_api_key", "OLLAMA_CLOUD_API_KEY", Str, Web, true),
    f("SEARXNG_QUERY_URL", "web.search.searxng_query_url", "SEARXNG_QUERY_URL", Str, Web, true),
    f("SEARXNG_LANGUAGE", "web.search.searxng_language", "SEARXNG_LANGUAGE", Str, Web, true),
    f("OPENSERP_BASE_URL", "web.search.openserp_base_url", "OPENSERP_BASE_URL", Str, Web, true),
    f("YACY_QUERY_URL", "web.search.yacy_query_url", "YACY_QUERY_URL", Str, Web, true),
    f("YACY_USERNAME", "web.search.yacy_username", "YACY_USERNAME", Str, Web, true),
    f("YACY_PASSWORD", "web.search.yacy_password", "YACY_PASSWORD", Str, Web, true),
    f("GOOGLE_PSE_API_KEY", "web.search.google_pse_api_key", "GOOGLE_PSE_API_KEY", Str, Web, true),
    f("GOOGLE_PSE_ENGINE_ID", "web.search.google_pse_engine_id", "GOOGLE_PSE_ENGINE_ID", Str, Web, true),
    f("BRAVE_SEARCH_API_KEY", "web.search.brave_search_api_key", "BRAVE_SEARCH_API_KEY", Str, Web, true),
    f("BRAVE_SEARCH_CONTEXT_TOKENS", "web.search.brave_search_context_tokens", "BRAVE_SEARCH_CONTEXT_TOKENS", Int, Web, true),
    f("KAGI_SEARCH_API_KEY", "web.search.kagi_search_api_key", "KAGI_SEARCH_API_KEY", Str, Web, true),
    f("MOJEEK_SEARCH_API_KEY", "web.search.mojeek_search_api_key", "MOJEEK_SEARCH_API_KEY", Str, Web, true),
    f("BOCHA_SEARCH_API_KEY", "web.search.bocha_search_api_key", "BOCHA_SEARCH_API_KEY", Str, Web, true),
    f("SERPSTACK_API_KEY", "web.search.serpstack_api_key", "SERPSTACK_API_KEY", Str, Web, true),
    f("SERPSTACK_HTTPS", "web.search.serpstack_https", "SERPSTACK_HTTPS", Bool, Web, true),
    f("SERPER_API_KEY", "web.search.serper_api_key", "SERPER_API_KEY", Str, Web, true),
    f("SERPHOUSE_API_KEY", "web.search.serphouse_api_key", "SERPHOUSE_API_KEY", Str, Web, true),
    f("SERPHOUSE_DOMAIN", "web.search.serphouse_domain", "SERPHOUSE_DOMAIN", Str, Web, true),
    f("SERPLY_API_KEY", "web.search.serply_api_key", "SERPLY_API_KEY", Str, Web, true),
    f("DDGS_BACKEND", "web.search.ddgs_backend", "DDGS_BACKEND", Str, Web, false),
    f("TAVILY_API_KEY", "web.search.tavily_api_key", "TAVILY_API_KEY", Str, Web, true),
    f("STAAN_API_KEY", "web.search.staan_api_key", "STAAN_API_KEY", Str, Web, true),
    f("STAAN_MARKET", "web.search.staan_market", "STAAN_MARKET", Str, Web, true),
    f("STAAN_MAX_SNIPPETS", "web.search.staan_max_snippets", "STAAN_MAX_SNIPPETS", Int, Web, true),
    f("SEARCHAPI_API_KEY", "web.search.searchapi_api_key", "SEARCHAPI_API_KEY", Str, Web, true),
    f("SEARCHAPI_ENGINE", "web.search.searchapi_engine", "SEARCHAPI_ENGINE", Str, Web, true),
    f("SERPAPI_API_KEY", "web.search.serpapi_api_key", "SERPAPI_API_KEY", Str, Web, true),
    f("SERPAPI_ENGINE", "web.search.serpapi_engine", "SERPAPI_ENGINE", Str, Web, true),
    f("JINA_API_KEY", "web.search.jina_api_key", "JINA_API_KEY", Str, Web, true),
    f("JINA_API_BASE_URL", "web.search.jina_api_base_url", "JINA_API_BASE_URL", Str, Web, true),
    f("BING_SEARCH_V7_ENDPOINT", "web.search.bing_search_v7_endpoint", "BING_SEARCH_V7_ENDPOINT", Str, Web, true),
    f("BING_SEARCH_V7_SUBSCRIPTION_KEY", "web.search.bing_search_v7_subscription_key", "BING_SEARCH_V7_SUBSCRIPTION_KEY", Str, Web, true),
    f("EXA_API_KEY", "web.search.exa_api_key", "EXA_API_KEY", Str, Web, true),
    f("EXA_MAX_CONTENT_LENGTH", "web.search.exa_max_content_length", "EXA_MAX_CONTENT_LENGTH", OptInt, Web, true),
    f("PERPLEXITY_API_KEY", "web.search.perplexity_api_key", "PERPLEXITY_API_KEY", Str, Web, true),
    f("PERPLEXITY_MODEL", "web.search.perplexity_model", "PERPLEXITY_MODEL", Str, Web, true),
    f("PERPLEXITY_SEARCH_CONTEXT_USAGE", "web.search.perplexity_search_context_usage", "PERPLEXITY_SEARCH_CONTEXT_USAGE", Str, Web, true),
    f("PERPLEXITY_SEARCH_API_URL", "web.search.perplexity_search_api_url", "PERPLEXITY_SEARCH_API_URL", Str, Web, true),
    f("MICROSOFT_WEB_IQ_API_BASE_URL", "web.search.microsoft_web_iq_api_base_url", "MICROSOFT_WEB_IQ_API_BASE_URL", Str, Web, true),
    f("MICROSOFT_WEB_IQ_API_KEY", "web.search.microsoft_web_iq_api_key", "MICROSOFT_WEB_IQ_API_KEY", Str, Web, true),
    f("MICROSOFT_WEB_IQ_LANGUAGE", "web.search.microsoft_web_iq_language", "MICROSOFT_WEB_IQ_LANGUAGE", Str, Web, true),
    f("SOUGOU_API_SID", "web.search.sougou_api_sid", "SOUGOU_API_SID", Str, Web, true),
    f("SOUGOU_API_SK", "web.search.sougou_api_sk", "SOUGOU_API_SK", Str, Web, true),
    f("WEB_LOADER_ENGINE", "web.loader.engine", "WEB_LOADER_ENGINE", Str, Web, true),
    f("WEB_LOADER_TIMEOUT", "web.loader.timeout", "WEB_LOADER_TIMEOUT", Str, Web, true),
    f("ENABLE_WEB_LOADER_SSL_VERIFICATION", "web.loader.ssl_verification", "ENABLE_WEB_LOADER_SSL_VERIFICATION", Bool, Web, true),
    f("PLAYWRIGHT_WS_URL", "web.loader.playwright_ws_url", "PLAYWRIGHT_WS_URL", Str, Web, true),
    f("PLAYWRIGHT_TIMEOUT", "web.loader.playwright_timeout", "PLAYWRIGHT_TIMEOUT", Int, Web, true),
    f("FIRECRAWL_API_KEY", "web.loader.firecrawl_api_key", "FIRECRAWL_API_KEY", Str, Web, true),
    f("FIRECRAWL_API_BASE_URL", "web.loader.firecrawl_api_url", "FIRECRAWL_API_BASE_URL", Str, Web, true),
    f("FIRECRAWL_TIMEOUT", "web.loader.firecrawl_timeout", "FIRECRAWL_TIMEOUT", Str, Web, true),
    f("TAVILY_EXTRACT_DEPTH", "web.search.tavily_extract_depth", "TAVILY_EXTRACT_DEPTH", Str, Web, true),
    f("TAVILY_SEARCH_DEPTH", "web.search.tavily_search_depth", "TAVILY_SEARCH_DEPTH", Str, Web, true),
    f("EXTERNAL_WEB_SEARCH_URL", "web.search.external_web_search_url", "EXTERNAL_WEB_SEARCH_URL", Str, Web, true),
    f("EXTERNAL_WEB_SEARCH_API_KEY", "web.search.external_web_search_api_key", "EXTERNAL_WEB_SEARCH_API_KEY", Str, Web, true),
    f("EXTERNAL_WEB_LOADER_URL", "web.loader.external_web_loader_url", "EXTERNAL_WEB_LOADER_URL", Str, Web, true),
    f("EXTERNAL_WEB_LOADER_API_KEY", "web.loader.external_web_loader_api_key", "EXTERNAL_WEB_LOADER_API_KEY", Str, Web, true),
    f("YOUTUBE_LOADER_LANGUAGE", "rag.youtube_loader_language", "YOUTUBE_LOADER_LANGUAGE", List, Web, true),
    f("YOUTUBE_LOADER_PROXY_URL", "rag.youtube_loader_proxy_url", "YOUTUBE_LOADER_PROXY_URL", Str, Web, true),
    f("YOUTUBE_LOADER_TRANSLATION", "rag.youtube_loader_translation", "", Null, Web, true),
    f("YANDEX_WEB_SEARCH_URL", "web.search.yandex_web_search_url", "YANDEX_WEB_SEARCH_URL", Str, Web, true),
    f("YANDEX_WEB_SEARCH_API_KEY", "web.search.yandex_web_search_api_key", "YANDEX_WEB_SEARCH_API_KEY", Str, Web, true),
    f("YANDEX_WEB_SEARCH_CONFIG", "web.search.yandex_web_search_config", "YANDEX_WEB_SEARCH_CONFIG", Str, Web, true),
    f("YOUCOM_API_KEY", "web.search.youcom_api_key", "YOUCOM_API_KEY", Str, Web, true),
    f("LINKUP_API_KEY", "web.search.linkup_api_key", "LINKUP_API_KEY", Str, Web, true),
    f("LINKUP_SEARCH_PARAMS", "web.search.linkup_search_params", "LINKUP_SEARCH_PARAMS", Object, Web, true),
    f("RAG_EMBEDDING_ENGINE", "rag.embedding_engine", "RAG_EMBEDDING_ENGINE", Str, Embedding, false),
    f("RAG_EMBEDDING_MODEL", "rag.embedding_model", "RAG_EMBEDDING_MODEL", Str, Embedding, false),
    f("RAG_EMBEDDING_BATCH_SIZE", "rag.embedding_batch_size", "RAG_EMBEDDING_BATCH_SIZE", Int, Embedding, false),
    f("ENABLE_ASYNC_EMBEDDING", "rag.enable_async_embedding", "ENABLE_ASYNC_EMBEDDING", Bool, Embedding, false),
    f("RAG_EMBEDDING_CONCURRENT_REQUESTS", "rag.embedding_concurrent_requests", "RAG_EMBEDDING_CONCURRENT_REQUESTS", Int, Embedding, false),
    f("TIKTOKEN_ENCODING_NAME", "rag.tiktoken_encoding_name", "TIKTOKEN_ENCODING_NAME", Str, Hidden, false),
    f("RAG_OPENAI_API_BASE_URL", "rag.openai.api_base_url", "RAG_OPENAI_API_BASE_URL", Or("OPENAI_API_BASE_URL"), Embedding, false),
    f("RAG_OPENAI_API_KEY", "rag.openai.api_key", "RAG_OPENAI_API_KEY", Or("OPENAI_API_KEY"), Embedding, false),
    f("RAG_AZURE_OPENAI_BASE_URL", "rag.azure_openai.base_url", "RAG_AZURE_OPENAI_BASE_URL", Str, Embedding, false),
    f("RAG_AZURE_OPENAI_API_KEY", "rag.azure_openai.api_key", "RAG_AZURE_OPENAI_API_KEY", Str, Embedding, false),
    f("RAG_AZURE_OPENAI_API_VERSION", "rag.azure_openai.api_version", "RAG_AZURE_OPENAI_API_VERSION", Str, Embedding, false),
    f("RAG_OLLAMA_BASE_URL", "rag.ollama.base_url", "RAG_OLLAMA_BASE_URL", Or("OLLAMA_BASE_URL"), Embedding, false),
    f("RAG_OLLAMA_API_KEY", "rag.ollama.api_key", "RAG_OLLAMA_API_KEY", Str, Embedding, false),
    f("AZURE_AI_SEARCH_API_KEY", "web.search.azure_ai_search_api_key", "AZURE_AI_SEARCH_API_KEY", Str, Hidden, false),
    f("AZURE_AI_SEARCH_ENDPOINT", "web.search.azure_ai_search_endpoint", "AZURE_AI_SEARCH_ENDPOINT", Str, Hidden, false),
    f("AZURE_AI_SEARCH_INDEX_NAME", "web.search.azure_ai_search_index_name", "AZURE_AI_SEARCH_INDEX_NAME", Str, Hidden, false),
];

/// A field by its config-store key.
pub fn by_key(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// Every retrieval key with its first-start default, from the process
/// settings.
pub fn defaults(cfg: &Config) -> Vec<(&'static str, Value)> {
    FIELDS.iter().map(|f| (f.key, default(cfg, f))).collect()
}

fn default(cfg: &Config, f: &Field) -> Value {
    if f.kind == Null {
        return Value::Null;
    }
    let raw = cfg.get(f.env);
    let list = |s: &str| -> Vec<String> {
        s.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect()
    };
    match f.kind {
        Str => json!(raw),
        Lower => json!(raw.to_lowercase()),
        Or(other) if raw.is_empty() => json!(cfg.get(other)),
        Or(_) => json!(raw),
        Template if raw.is_empty() => json!(super::DEFAULT_RAG_TEMPLATE),
        Template => json!(raw),
        Bool => json!(crate::config::parse_bool(raw)),
        Int => json!(raw.trim().parse::<i64>().unwrap_or(0)),
        IntText => json!(raw),
        Float => json!(raw.trim().parse::<f64>().unwrap_or(0.0)),
        OptInt => cfg.int(f.env).map_or(Value::Null, |n| json!(n)),
        List => json!(list(raw)),
        OptList if raw.is_empty() => Value::Null,
        OptList => json!(list(raw)),
        JsonList => serde_json::from_str::<Value>(raw)
            .ok()
            .filter(Value::is_array)
            .unwrap_or_else(|| json!([])),
        Object => serde_json::from_str::<Value>(raw)
            .ok()
            .filter(Value::is_object)
            .unwrap_or_else(|| json!({})),
        Null => Value::Null,
    }
}
