//! Process settings, layered: defaults < config file < environment < flags.
//!
//! Setting names are upstream's environment variable names (`WEBUI_NAME`,
//! `ENABLE_SIGNUP`, ...). The config file is TOML with the same names in
//! lower case (`webui_name = "My owui"`). Admin-editable settings live in the
//! database config store (`core::configs`), which takes over from these
//! values after the first start, as upstream does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where a setting's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Default,
    File,
    Env,
    Flag,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::File => "file",
            Source::Env => "env",
            Source::Flag => "flag",
        }
    }
}

/// One known setting.
pub struct Setting {
    pub name: &'static str,
    pub default: &'static str,
    pub help: &'static str,
}

macro_rules! settings {
    ($($name:literal = $default:literal : $help:literal;)*) => {
        /// Every setting owui reads from its environment.
        pub static SETTINGS: &[Setting] = &[$(Setting { name: $name, default: $default, help: $help }),*];
    };
}

settings! {
    "DATA_DIR" = "" : "directory holding the database and secret key (default: the platform data dir)";
    "HOST" = "0.0.0.0" : "address `owui serve` listens on";
    "PORT" = "8080" : "port `owui serve` listens on";
    "FRONTEND_DIR" = "" : "directory of a built single-page app to serve at /";
    "WEBUI_SECRET_KEY" = "" : "key signing session tokens (generated and kept in the data dir when empty)";
    "WEBUI_NAME" = "Open WebUI" : "name shown by the frontend";
    "WEBUI_URL" = "" : "public URL of this server";
    "WEBUI_AUTH" = "true" : "require sign-in";
    "ENABLE_SIGNUP" = "true" : "allow sign-up (first start default)";
    "ENABLE_LOGIN_FORM" = "true" : "show the login form (first start default)";
    "ENABLE_PASSWORD_AUTH" = "true" : "allow email and password sign-in";
    "ENABLE_INITIAL_ADMIN_SIGNUP" = "false" : "allow the first sign-up even when the login form is off";
    "DEFAULT_USER_ROLE" = "pending" : "role of new sign-ups (first start default)";
    "DEFAULT_LOCALE" = "" : "default UI locale";
    "JWT_EXPIRES_IN" = "4w" : "session token lifetime, e.g. 4w, 1d12h; -1 or 0 for none (first start default)";
    "ENABLE_API_KEYS" = "false" : "allow sk- API keys (first start default)";
    "FORWARDED_ALLOW_IPS" = "127.0.0.1,::1" : "proxies whose X-Forwarded-For names the client (comma-separated addresses or networks like 10.0.0.0/8, * for any, empty for none)";
    "CORS_ALLOW_ORIGIN" = "*" : "origins allowed to read answers, separated by ';': listed ones with credentials, '*' any without";
    "HEADER_READ_TIMEOUT" = "30" : "seconds a connection has to send a request's headers before it is closed; 0 for no limit";
    "REQUEST_TIMEOUT" = "60" : "seconds a request may take before a 408, except streamed answers, model calls and uploads; 0 for no limit";
    "CUSTOM_API_KEY_HEADER" = "x-api-key" : "header carrying an API key";
    "WEBUI_AUTH_COOKIE_SECURE" = "false" : "mark the token cookie Secure";
    "WEBUI_AUTH_COOKIE_SAME_SITE" = "lax" : "SameSite of the token cookie";
    "PASSWORD_HASH_ALGORITHM" = "bcrypt" : "bcrypt or argon2, for new passwords";
    "BCRYPT_ROUNDS" = "12" : "bcrypt cost for new passwords (4-31)";
    "ENABLE_PASSWORD_VALIDATION" = "false" : "check new passwords against PASSWORD_VALIDATION_REGEX_PATTERN";
    "PASSWORD_VALIDATION_HINT" = "" : "message shown when a password fails validation";
    "ENABLE_PERSISTENT_CONFIG" = "true" : "keep admin settings in the database";
    "DEPLOYMENT_ID" = "" : "deployment id reported by /api/version";
    "WEBSOCKET_HEARTBEAT_INTERVAL" = "" : "client heartbeat period in seconds (5-90)";
    "ENABLE_WEBSOCKET_SUPPORT" = "true" : "let clients use the websocket transport";
    "WEBUI_ADMIN_EMAIL" = "" : "create this admin at start when there are no users";
    "WEBUI_ADMIN_PASSWORD" = "" : "password of WEBUI_ADMIN_EMAIL";
    "WEBUI_ADMIN_NAME" = "Admin" : "name of WEBUI_ADMIN_EMAIL";
    "BYPASS_ADMIN_ACCESS_CONTROL" = "true" : "admins see every shared resource";
    "BYPASS_MODEL_ACCESS_CONTROL" = "false" : "every user may see and use every model";
    "ENABLE_LOCAL_WEB_FETCH" = "false" : "let the web loader fetch private, loopback and link-local addresses (ENABLE_RAG_LOCAL_WEB_FETCH is read too)";
    "WEB_FETCH_FILTER_LIST" = "" : "comma-separated hosts, addresses and networks the web loader may (or with !, may not) fetch, on top of the built-in refusals";
    "AIOHTTP_CLIENT_ALLOW_REDIRECTS" = "false" : "let the web loader follow redirects (each hop checked again)";
    "ENABLE_RETRIEVAL_UNSCOPED_COLLECTIONS" = "false" : "let users query and write vector collections that belong to no file, knowledge base, memory or web search";
    "ENABLE_KNOWLEDGE_FILE_RETENTION" = "false" : "keep files removed from a knowledge base instead of deleting them";
    "ENABLE_PUBLIC_ACTIVE_USERS_COUNT" = "true" : "let every user see the active user count";
    "ENABLE_ADMIN_EXPORT" = "true" : "let admins export data";
    "ENABLE_ADMIN_CHAT_ACCESS" = "true" : "let admins read users' chats";
    "ENABLE_ADMIN_ANALYTICS" = "true" : "show admin analytics";
    "CONTEXT_COMPACTION_TOKEN_THRESHOLD" = "80000" : "chat tokens before context compaction (first start default)";
    "CONTEXT_COMPACTION_RETENTION_PERCENTAGE" = "40" : "share of the context kept by compaction, 10-50 (first start default)";
    "DEFAULT_GROUP_SHARE_PERMISSION" = "members" : "who may share with a new group: true, false or members";
    "ENABLE_PROFILE_IMAGE_URL_FORWARDING" = "true" : "redirect to http(s) profile images";
    "DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL" = "60" : "seconds between last_active_at writes per user";
    "SQLITE_SYNCHRONOUS" = "full" : "full: an acknowledged write is on disk before the answer; normal: faster writes, the last ones may be lost on a power loss";
    "GRACEFUL_SHUTDOWN_TIMEOUT" = "10" : "seconds owui serve takes to stop on SIGTERM: answers being written are saved, then open connections are closed";
    "ENABLE_OPENAI_API" = "true" : "use OpenAI-compatible connections (first start default)";
    "OPENAI_API_BASE_URL" = "https://api.openai.com/v1" : "OpenAI-compatible base URL (first start default)";
    "OPENAI_API_BASE_URLS" = "" : "several OpenAI-compatible base URLs, separated by ';' (first start default)";
    "OPENAI_API_KEY" = "" : "key of OPENAI_API_BASE_URL (first start default)";
    "OPENAI_API_KEYS" = "" : "keys of OPENAI_API_BASE_URLS, separated by ';' (first start default)";
    "OPENAI_API_CONFIGS" = "" : "per-connection settings as JSON, keyed by index (first start default)";
    "ENABLE_OLLAMA_API" = "true" : "use Ollama connections (first start default)";
    "OLLAMA_BASE_URL" = "http://localhost:11434" : "Ollama base URL (first start default)";
    "OLLAMA_BASE_URLS" = "" : "several Ollama base URLs, separated by ';' (first start default)";
    "OLLAMA_API_CONFIGS" = "" : "per-connection Ollama settings as JSON, keyed by index (first start default)";
    "MODELS_CACHE_TTL" = "1" : "seconds a fetched provider model list is reused";
    "AIOHTTP_CLIENT_TIMEOUT_MODEL_LIST" = "10" : "seconds to wait for a provider's model list";
    "ENABLE_BASE_MODELS_CACHE" = "false" : "reuse the last fetched provider model list until a refresh or a connection change (first start default)";
    "ENABLE_DIRECT_CONNECTIONS" = "false" : "let users add their own model connections in the browser (first start default)";
    "ENABLE_DIRECT_INTEGRATIONS" = "false" : "let users add their own tool servers in the browser (first start default)";
    "DEFAULT_MODELS" = "" : "comma-separated models preselected in a new chat (first start default)";
    "DEFAULT_PINNED_MODELS" = "" : "comma-separated models pinned for every user (first start default)";
    "MODEL_ORDER_LIST" = "[]" : "JSON list of model ids ordering the model list (first start default)";
    "DEFAULT_MODEL_METADATA" = "{}" : "JSON object filling missing model metadata (first start default)";
    "DEFAULT_MODEL_PARAMS" = "{}" : "JSON object of parameters under every chat's (first start default)";
    "ENABLE_CODE_EXECUTION" = "true" : "offer running code blocks (first start default)";
    "CODE_EXECUTION_ENGINE" = "pyodide" : "engine running code blocks: pyodide or jupyter (first start default)";
    "CODE_EXECUTION_JUPYTER_URL" = "" : "Jupyter server for code execution (first start default)";
    "CODE_EXECUTION_JUPYTER_AUTH" = "" : "Jupyter auth for code execution: empty, token or password (first start default)";
    "CODE_EXECUTION_JUPYTER_AUTH_TOKEN" = "" : "Jupyter token for code execution (first start default)";
    "CODE_EXECUTION_JUPYTER_AUTH_PASSWORD" = "" : "Jupyter password for code execution (first start default)";
    "CODE_EXECUTION_JUPYTER_TIMEOUT" = "60" : "seconds a Jupyter code execution may run (first start default)";
    "ENABLE_CODE_INTERPRETER" = "false" : "offer the code interpreter in chats (first start default; owui does not run it)";
    "CODE_INTERPRETER_ENGINE" = "pyodide" : "code interpreter engine: pyodide or jupyter (first start default)";
    "CODE_INTERPRETER_PROMPT_TEMPLATE" = "" : "code interpreter prompt; empty for the built-in one (first start default)";
    "CODE_INTERPRETER_JUPYTER_URL" = "" : "Jupyter server of the code interpreter (default: CODE_EXECUTION_JUPYTER_URL; first start default)";
    "CODE_INTERPRETER_JUPYTER_AUTH" = "" : "Jupyter auth of the code interpreter (default: CODE_EXECUTION_JUPYTER_AUTH; first start default)";
    "CODE_INTERPRETER_JUPYTER_AUTH_TOKEN" = "" : "Jupyter token of the code interpreter (default: CODE_EXECUTION_JUPYTER_AUTH_TOKEN; first start default)";
    "CODE_INTERPRETER_JUPYTER_AUTH_PASSWORD" = "" : "Jupyter password of the code interpreter (default: CODE_EXECUTION_JUPYTER_AUTH_PASSWORD; first start default)";
    "CODE_INTERPRETER_JUPYTER_TIMEOUT" = "" : "seconds a code interpreter run may take (default: CODE_EXECUTION_JUPYTER_TIMEOUT; first start default)";
    "TASK_MODEL" = "" : "model for title, tag and other tasks when chatting with a local (Ollama) model (first start default)";
    "TASK_MODEL_EXTERNAL" = "" : "model for tasks when chatting with an external model (first start default)";
    "TASK_MODEL_PARAMS" = "{}" : "parameters of task calls as a JSON object (first start default)";
    "ENABLE_TITLE_GENERATION" = "true" : "generate chat titles (first start default)";
    "TITLE_GENERATION_PROMPT_TEMPLATE" = "" : "title prompt; empty for the built-in one (first start default)";
    "IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE" = "" : "image prompt template; empty for the built-in one (first start default)";
    "ENABLE_AUTOCOMPLETE_GENERATION" = "false" : "offer input autocompletion (first start default)";
    "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH" = "-1" : "longest input autocompleted, -1 for no limit (first start default)";
    "AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE" = "" : "autocompletion prompt; empty for the built-in one (first start default)";
    "TAGS_GENERATION_PROMPT_TEMPLATE" = "" : "chat tags prompt; empty for the built-in one (first start default)";
    "FOLLOW_UP_GENERATION_PROMPT_TEMPLATE" = "" : "follow-up prompt; empty for the built-in one (first start default)";
    "ENABLE_FOLLOW_UP_GENERATION" = "true" : "suggest follow-up messages (first start default)";
    "ENABLE_TAGS_GENERATION" = "true" : "generate chat tags (first start default)";
    "ENABLE_SEARCH_QUERY_GENERATION" = "true" : "generate web search queries (first start default)";
    "ENABLE_RETRIEVAL_QUERY_GENERATION" = "true" : "generate retrieval queries (first start default)";
    "QUERY_GENERATION_PROMPT_TEMPLATE" = "" : "query prompt; empty for the built-in one (first start default)";
    "TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE" = "" : "tool choice prompt; empty for the built-in one (first start default)";
    "ENABLE_VOICE_MODE_PROMPT" = "true" : "use the voice mode system prompt (first start default)";
    "VOICE_MODE_PROMPT_TEMPLATE" = "" : "voice mode system prompt; empty for the built-in one (first start default)";
    "RAG_FILE_MAX_SIZE" = "" : "largest upload in MB, the admin setting rag.file.max_size (first start default; empty for none)";
    "UPLOAD_MAX_SIZE" = "1024" : "largest upload in MB whatever rag.file.max_size says; 0 for no cap";
    "UPLOAD_DISK_RESERVE" = "1024" : "MB of free disk an upload must leave in the data directory (else 507); 0 to not check";
    "PROVIDER_STREAM_IDLE_TIMEOUT" = "300" : "seconds a model's streamed answer may send nothing before it is ended as broken; 0 for no limit";
    // retrieval (admin Documents and Web Search settings)
    "RAG_TEMPLATE" = "" : "admin setting rag.template (first start default; empty for the built-in one)";
    "RAG_TOP_K" = "3" : "admin setting rag.top_k (first start default)";
    "BYPASS_EMBEDDING_AND_RETRIEVAL" = "false" : "admin setting rag.bypass_embedding_and_retrieval (first start default)";
    "RAG_FULL_CONTEXT" = "false" : "admin setting rag.full_context (first start default)";
    "ENABLE_RAG_HYBRID_SEARCH" = "false" : "admin setting rag.enable_hybrid_search (first start default)";
    "ENABLE_RAG_HYBRID_SEARCH_ENRICHED_TEXTS" = "false" : "admin setting rag.enable_hybrid_search_enriched_texts (first start default)";
    "RAG_TOP_K_RERANKER" = "3" : "admin setting rag.top_k_reranker (first start default)";
    "RAG_RELEVANCE_THRESHOLD" = "0.0" : "admin setting rag.relevance_threshold (first start default)";
    "RAG_HYBRID_BM25_WEIGHT" = "0.5" : "admin setting rag.hybrid_bm25_weight (first start default)";
    "CONTENT_EXTRACTION_ENGINE" = "" : "admin setting rag.content_extraction_engine (first start default)";
    "CONTENT_EXTRACTION_SUPPORTED_MEDIA_MIME_TYPES" = "" : "admin setting rag.content_extraction.supported_media_mime_types (first start default)";
    "PDF_EXTRACT_IMAGES" = "false" : "admin setting rag.pdf_extract_images (first start default)";
    "PDF_LOADER_MODE" = "page" : "admin setting rag.pdf_loader_mode (first start default)";
    "DATALAB_MARKER_API_KEY" = "" : "admin setting rag.datalab_marker_api_key (first start default)";
    "DATALAB_MARKER_API_BASE_URL" = "" : "admin setting rag.datalab_marker_api_base_url (first start default)";
    "DATALAB_MARKER_ADDITIONAL_CONFIG" = "" : "admin setting rag.datalab_marker_additional_config (first start default)";
    "DATALAB_MARKER_SKIP_CACHE" = "false" : "admin setting rag.datalab_marker_skip_cache (first start default)";
    "DATALAB_MARKER_FORCE_OCR" = "false" : "admin setting rag.datalab_marker_force_ocr (first start default)";
    "DATALAB_MARKER_PAGINATE" = "false" : "admin setting rag.datalab_marker_paginate (first start default)";
    "DATALAB_MARKER_STRIP_EXISTING_OCR" = "false" : "admin setting rag.datalab_marker_strip_existing_ocr (first start default)";
    "DATALAB_MARKER_DISABLE_IMAGE_EXTRACTION" = "false" : "admin setting rag.datalab_marker_disable_image_extraction (first start default)";
    "DATALAB_MARKER_FORMAT_LINES" = "false" : "admin setting rag.datalab_marker_format_lines (first start default)";
    "DATALAB_MARKER_USE_LLM" = "false" : "admin setting rag.datalab_marker_use_llm (first start default)";
    "DATALAB_MARKER_OUTPUT_FORMAT" = "markdown" : "admin setting rag.datalab_marker_output_format (first start default)";
    "EXTERNAL_DOCUMENT_LOADER_URL" = "" : "admin setting rag.external_document_loader_url (first start default)";
    "EXTERNAL_DOCUMENT_LOADER_API_KEY" = "" : "admin setting rag.external_document_loader_api_key (first start default)";
    "EXTERNAL_DOCUMENT_LOADER_HEADERS" = "" : "admin setting rag.external_document_loader_headers (first start default)";
    "TIKA_SERVER_URL" = "http://tika:9998" : "admin setting rag.tika_server_url (first start default)";
    "TIKA_SERVER_VERSION" = "3" : "admin setting rag.tika_server_version (first start default)";
    "DOCLING_SERVER_URL" = "http://docling:5001" : "admin setting rag.docling_server_url (first start default)";
    "DOCLING_API_KEY" = "" : "admin setting rag.docling_api_key (first start default)";
    "DOCLING_PARAMS" = "" : "admin setting rag.docling_params (first start default)";
    "DOCUMENT_INTELLIGENCE_ENDPOINT" = "" : "admin setting rag.document_intelligence_endpoint (first start default)";
    "DOCUMENT_INTELLIGENCE_KEY" = "" : "admin setting rag.document_intelligence_key (first start default)";
    "DOCUMENT_INTELLIGENCE_MODEL" = "prebuilt-layout" : "admin setting rag.document_intelligence_model (first start default)";
    "MISTRAL_OCR_API_BASE_URL" = "https://api.mistral.ai/v1" : "admin setting rag.mistral_ocr_api_base_url (first start default)";
    "MISTRAL_OCR_API_KEY" = "" : "admin setting rag.mistral_ocr_api_key (first start default)";
    "MISTRAL_OCR_USE_BASE64" = "false" : "admin setting rag.mistral_ocr_use_base64 (first start default)";
    "PADDLEOCR_VL_BASE_URL" = "http://localhost:8080" : "admin setting rag.paddleocr_vl_base_url (first start default)";
    "PADDLEOCR_VL_TOKEN" = "" : "admin setting rag.paddleocr_vl_token (first start default)";
    "MINERU_API_MODE" = "local" : "admin setting rag.mineru_api_mode (first start default)";
    "MINERU_API_URL" = "http://localhost:8000" : "admin setting rag.mineru_api_url (first start default)";
    "MINERU_API_KEY" = "" : "admin setting rag.mineru_api_key (first start default)";
    "MINERU_API_TIMEOUT" = "300" : "admin setting rag.mineru_api_timeout (first start default)";
    "MINERU_PARAMS" = "" : "admin setting rag.mineru_params (first start default)";
    "MINERU_FILE_EXTENSIONS" = "pdf" : "admin setting rag.mineru_file_extensions (first start default)";
    "RAG_RERANKING_MODEL" = "" : "admin setting rag.reranking_model (first start default)";
    "RAG_RERANKING_ENGINE" = "" : "admin setting rag.reranking_engine (first start default)";
    "RAG_RERANKING_BATCH_SIZE" = "32" : "admin setting rag.reranking_batch_size (first start default)";
    "RAG_EXTERNAL_RERANKER_URL" = "" : "admin setting rag.external_reranker_url (first start default)";
    "RAG_EXTERNAL_RERANKER_API_KEY" = "" : "admin setting rag.external_reranker_api_key (first start default)";
    "RAG_EXTERNAL_RERANKER_TIMEOUT" = "" : "admin setting rag.external_reranker_timeout (first start default)";
    "RAG_TEXT_SPLITTER" = "" : "admin setting rag.text_splitter (first start default)";
    "RAG_TOKENIZER_MODEL" = "" : "admin setting rag.tokenizer_model (first start default)";
    "ENABLE_MARKDOWN_HEADER_TEXT_SPLITTER" = "true" : "admin setting rag.enable_markdown_header_text_splitter (first start default)";
    "CHUNK_SIZE" = "1000" : "admin setting rag.chunk_size (first start default)";
    "CHUNK_MIN_SIZE_TARGET" = "0" : "admin setting rag.chunk_min_size_target (first start default)";
    "CHUNK_OVERLAP" = "100" : "admin setting rag.chunk_overlap (first start default)";
    "RAG_FILE_MAX_COUNT" = "" : "admin setting rag.file.max_count (first start default)";
    "FILE_IMAGE_COMPRESSION_WIDTH" = "" : "admin setting file.image_compression_width (first start default)";
    "FILE_IMAGE_COMPRESSION_HEIGHT" = "" : "admin setting file.image_compression_height (first start default)";
    "RAG_ALLOWED_FILE_EXTENSIONS" = "" : "admin setting rag.file.allowed_extensions (first start default)";
    "ENABLE_GOOGLE_DRIVE_INTEGRATION" = "false" : "admin setting google_drive.enable (first start default)";
    "ENABLE_ONEDRIVE_INTEGRATION" = "false" : "admin setting onedrive.enable (first start default)";
    "ENABLE_WEB_SEARCH" = "false" : "admin setting web.search.enable (first start default)";
    "ENABLE_WEB_SEARCH_CONFIRMATION" = "false" : "admin setting web.search.confirmation.enable (first start default)";
    "WEB_SEARCH_CONFIRMATION_CONTENT" = "Your query will be sent to the configured web search provider." : "admin setting web.search.confirmation.content (first start default)";
    "WEB_SEARCH_ENGINE" = "" : "admin setting web.search.engine (first start default)";
    "WEB_SEARCH_TRUST_ENV" = "true" : "admin setting web.search.trust_env (first start default)";
    "WEB_SEARCH_RESULT_COUNT" = "3" : "admin setting web.search.result_count (first start default)";
    "WEB_SEARCH_CONCURRENT_REQUESTS" = "0" : "admin setting web.search.concurrent_requests (first start default)";
    "WEB_FETCH_MAX_CONTENT_LENGTH" = "" : "admin setting web.fetch.max_content_length (first start default)";
    "WEB_LOADER_CONCURRENT_REQUESTS" = "10" : "admin setting web.loader.concurrent_requests (first start default)";
    "WEB_SEARCH_DOMAIN_FILTER_LIST" = "[]" : "admin setting web.search.domain.filter_list (first start default)";
    "BYPASS_WEB_SEARCH_EMBEDDING_AND_RETRIEVAL" = "false" : "admin setting web.search.bypass_embedding_and_retrieval (first start default)";
    "BYPASS_WEB_SEARCH_WEB_LOADER" = "false" : "admin setting web.search.bypass_web_loader (first start default)";
    "OLLAMA_CLOUD_API_KEY" = "" : "admin setting web.search.ollama_cloud_api_key (first start default)";
    "SEARXNG_QUERY_URL" = "" : "admin setting web.search.searxng_query_url (first start default)";
    "SEARXNG_LANGUAGE" = "all" : "admin setting web.search.searxng_language (first start default)";
    "OPENSERP_BASE_URL" = "http://localhost:7000" : "admin setting web.search.openserp_base_url (first start default)";
    "YACY_QUERY_URL" = "" : "admin setting web.search.yacy_query_url (first start default)";
    "YACY_USERNAME" = "" : "admin setting web.search.yacy_username (first start default)";
    "YACY_PASSWORD" = "" : "admin setting web.search.yacy_password (first start default)";
    "GOOGLE_PSE_API_KEY" = "" : "admin setting web.search.google_pse_api_key (first start default)";
    "GOOGLE_PSE_ENGINE_ID" = "" : "admin setting web.search.google_pse_engine_id (first start default)";
    "BRAVE_SEARCH_API_KEY" = "" : "admin setting web.search.brave_search_api_key (first start default)";
    "BRAVE_SEARCH_CONTEXT_TOKENS" = "8192" : "admin setting web.search.brave_search_context_tokens (first start default)";
    "KAGI_SEARCH_API_KEY" = "" : "admin setting web.search.kagi_search_api_key (first start default)";
    "MOJEEK_SEARCH_API_KEY" = "" : "admin setting web.search.mojeek_search_api_key (first start default)";
    "BOCHA_SEARCH_API_KEY" = "" : "admin setting web.search.bocha_search_api_key (first start default)";
    "SERPSTACK_API_KEY" = "" : "admin setting web.search.serpstack_api_key (first start default)";
    "SERPSTACK_HTTPS" = "true" : "admin setting web.search.serpstack_https (first start default)";
    "SERPER_API_KEY" = "" : "admin setting web.search.serper_api_key (first start default)";
    "SERPHOUSE_API_KEY" = "" : "admin setting web.search.serphouse_api_key (first start default)";
    "SERPHOUSE_DOMAIN" = "google.com" : "admin setting web.search.serphouse_domain (first start default)";
    "SERPLY_API_KEY" = "" : "admin setting web.search.serply_api_key (first start default)";
    "DDGS_BACKEND" = "auto" : "admin setting web.search.ddgs_backend (first start default)";
    "TAVILY_API_KEY" = "" : "admin setting web.search.tavily_api_key (first start default)";
    "STAAN_API_KEY" = "" : "admin setting web.search.staan_api_key (first start default)";
    "STAAN_MARKET" = "en-us" : "admin setting web.search.staan_market (first start default)";
    "STAAN_MAX_SNIPPETS" = "0" : "admin setting web.search.staan_max_snippets (first start default)";
    "SEARCHAPI_API_KEY" = "" : "admin setting web.search.searchapi_api_key (first start default)";
    "SEARCHAPI_ENGINE" = "" : "admin setting web.search.searchapi_engine (first start default)";
    "SERPAPI_API_KEY" = "" : "admin setting web.search.serpapi_api_key (first start default)";
    "SERPAPI_ENGINE" = "" : "admin setting web.search.serpapi_engine (first start default)";
    "JINA_API_KEY" = "" : "admin setting web.search.jina_api_key (first start default)";
    "JINA_API_BASE_URL" = "" : "admin setting web.search.jina_api_base_url (first start default)";
    "BING_SEARCH_V7_ENDPOINT" = "https://api.bing.microsoft.com/v7.0/search" : "admin setting web.search.bing_search_v7_endpoint (first start default)";
    "BING_SEARCH_V7_SUBSCRIPTION_KEY" = "" : "admin setting web.search.bing_search_v7_subscription_key (first start default)";
    "EXA_API_KEY" = "" : "admin setting web.search.exa_api_key (first start default)";
    "EXA_MAX_CONTENT_LENGTH" = "" : "admin setting web.search.exa_max_content_length (first start default)";
    "PERPLEXITY_API_KEY" = "" : "admin setting web.search.perplexity_api_key (first start default)";
    "PERPLEXITY_MODEL" = "sonar" : "admin setting web.search.perplexity_model (first start default)";
    "PERPLEXITY_SEARCH_CONTEXT_USAGE" = "medium" : "admin setting web.search.perplexity_search_context_usage (first start default)";
    "PERPLEXITY_SEARCH_API_URL" = "https://api.perplexity.ai/search" : "admin setting web.search.perplexity_search_api_url (first start default)";
    "MICROSOFT_WEB_IQ_API_BASE_URL" = "https://api.microsoft.ai/v3" : "admin setting web.search.microsoft_web_iq_api_base_url (first start default)";
    "MICROSOFT_WEB_IQ_API_KEY" = "" : "admin setting web.search.microsoft_web_iq_api_key (first start default)";
    "MICROSOFT_WEB_IQ_LANGUAGE" = "en" : "admin setting web.search.microsoft_web_iq_language (first start default)";
    "SOUGOU_API_SID" = "" : "admin setting web.search.sougou_api_sid (first start default)";
    "SOUGOU_API_SK" = "" : "admin setting web.search.sougou_api_sk (first start default)";
    "WEB_LOADER_ENGINE" = "" : "admin setting web.loader.engine (first start default)";
    "WEB_LOADER_TIMEOUT" = "" : "admin setting web.loader.timeout (first start default)";
    "ENABLE_WEB_LOADER_SSL_VERIFICATION" = "true" : "admin setting web.loader.ssl_verification (first start default)";
    "PLAYWRIGHT_WS_URL" = "" : "admin setting web.loader.playwright_ws_url (first start default)";
    "PLAYWRIGHT_TIMEOUT" = "10000" : "admin setting web.loader.playwright_timeout (first start default)";
    "FIRECRAWL_API_KEY" = "" : "admin setting web.loader.firecrawl_api_key (first start default)";
    "FIRECRAWL_API_BASE_URL" = "https://api.firecrawl.dev" : "admin setting web.loader.firecrawl_api_url (first start default)";
    "FIRECRAWL_TIMEOUT" = "" : "admin setting web.loader.firecrawl_timeout (first start default)";
    "TAVILY_EXTRACT_DEPTH" = "basic" : "admin setting web.search.tavily_extract_depth (first start default)";
    "TAVILY_SEARCH_DEPTH" = "basic" : "admin setting web.search.tavily_search_depth (first start default)";
    "EXTERNAL_WEB_SEARCH_URL" = "" : "admin setting web.search.external_web_search_url (first start default)";
    "EXTERNAL_WEB_SEARCH_API_KEY" = "" : "admin setting web.search.external_web_search_api_key (first start default)";
    "EXTERNAL_WEB_LOADER_URL" = "" : "admin setting web.loader.external_web_loader_url (first start default)";
    "EXTERNAL_WEB_LOADER_API_KEY" = "" : "admin setting web.loader.external_web_loader_api_key (first start default)";
    "YOUTUBE_LOADER_LANGUAGE" = "en" : "admin setting rag.youtube_loader_language (first start default)";
    "YOUTUBE_LOADER_PROXY_URL" = "" : "admin setting rag.youtube_loader_proxy_url (first start default)";
    "YANDEX_WEB_SEARCH_URL" = "" : "admin setting web.search.yandex_web_search_url (first start default)";
    "YANDEX_WEB_SEARCH_API_KEY" = "" : "admin setting web.search.yandex_web_search_api_key (first start default)";
    "YANDEX_WEB_SEARCH_CONFIG" = "" : "admin setting web.search.yandex_web_search_config (first start default)";
    "YOUCOM_API_KEY" = "" : "admin setting web.search.youcom_api_key (first start default)";
    "LINKUP_API_KEY" = "" : "admin setting web.search.linkup_api_key (first start default)";
    "LINKUP_SEARCH_PARAMS" = "" : "admin setting web.search.linkup_search_params (first start default)";
    "RAG_EMBEDDING_ENGINE" = "" : "admin setting rag.embedding_engine (first start default)";
    "RAG_EMBEDDING_MODEL" = "sentence-transformers/all-MiniLM-L6-v2" : "admin setting rag.embedding_model (first start default)";
    "RAG_EMBEDDING_BATCH_SIZE" = "1" : "admin setting rag.embedding_batch_size (first start default)";
    "ENABLE_ASYNC_EMBEDDING" = "true" : "admin setting rag.enable_async_embedding (first start default)";
    "RAG_EMBEDDING_CONCURRENT_REQUESTS" = "0" : "admin setting rag.embedding_concurrent_requests (first start default)";
    "TIKTOKEN_ENCODING_NAME" = "cl100k_base" : "admin setting rag.tiktoken_encoding_name (first start default)";
    "RAG_OPENAI_API_BASE_URL" = "" : "admin setting rag.openai.api_base_url (first start default; empty for OPENAI_API_BASE_URL)";
    "RAG_OPENAI_API_KEY" = "" : "admin setting rag.openai.api_key (first start default; empty for OPENAI_API_KEY)";
    "RAG_AZURE_OPENAI_BASE_URL" = "" : "admin setting rag.azure_openai.base_url (first start default)";
    "RAG_AZURE_OPENAI_API_KEY" = "" : "admin setting rag.azure_openai.api_key (first start default)";
    "RAG_AZURE_OPENAI_API_VERSION" = "" : "admin setting rag.azure_openai.api_version (first start default)";
    "RAG_OLLAMA_BASE_URL" = "" : "admin setting rag.ollama.base_url (first start default; empty for OLLAMA_BASE_URL)";
    "RAG_OLLAMA_API_KEY" = "" : "admin setting rag.ollama.api_key (first start default)";
    "AZURE_AI_SEARCH_API_KEY" = "" : "admin setting web.search.azure_ai_search_api_key (first start default)";
    "AZURE_AI_SEARCH_ENDPOINT" = "" : "admin setting web.search.azure_ai_search_endpoint (first start default)";
    "AZURE_AI_SEARCH_INDEX_NAME" = "" : "admin setting web.search.azure_ai_search_index_name (first start default)";
    "ENABLE_MEMORIES" = "true" : "admin setting memories.enable (first start default)";
    "ENABLE_MEMORY_SYSTEM_CONTEXT" = "true" : "admin setting memories.system_context.enable (first start default)";
    "MEMORIES_REVIEW_INTERVAL_TURNS" = "10" : "admin setting memories.review_interval_turns (first start default)";
    "MEMORIES_USER_CHAR_LIMIT" = "2000" : "admin setting memories.user_char_limit (first start default)";
    "MEMORIES_CONTEXT_CHAR_LIMIT" = "2000" : "admin setting memories.context_char_limit (first start default)";
    "RUST_LOG" = "owui=info,tower_http=warn" : "log filter";
}

/// The loaded settings, with where each came from.
#[derive(Clone, Debug)]
pub struct Config {
    values: BTreeMap<&'static str, (String, Source)>,
    /// Environment variables named like `USER_PERMISSIONS_*`, kept for the
    /// permission defaults.
    extra_env: BTreeMap<String, String>,
    pub data_dir: PathBuf,
    pub config_file: Option<PathBuf>,
}

/// Values given on the command line, which win over everything.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub data_dir: Option<PathBuf>,
    pub config_file: Option<PathBuf>,
    pub values: Vec<(&'static str, String)>,
}

impl Config {
    /// Defaults only; the data dir as given. For tests.
    pub fn defaults(data_dir: &Path) -> Config {
        let mut c = Config {
            values: SETTINGS
                .iter()
                .map(|s| (s.name, (s.default.to_string(), Source::Default)))
                .collect(),
            extra_env: BTreeMap::new(),
            data_dir: data_dir.to_owned(),
            config_file: None,
        };
        c.values
            .insert("DATA_DIR", (data_dir.display().to_string(), Source::Flag));
        c
    }

    /// Load the layers from the real process environment.
    pub fn load(over: &Overrides) -> Result<Config> {
        let env: BTreeMap<String, String> = std::env::vars().collect();
        Self::load_from(over, &env)
    }

    /// Load the layers from the given environment.
    pub fn load_from(over: &Overrides, env: &BTreeMap<String, String>) -> Result<Config> {
        let mut values: BTreeMap<&'static str, (String, Source)> = SETTINGS
            .iter()
            .map(|s| (s.name, (s.default.to_string(), Source::Default)))
            .collect();

        let config_file = over
            .config_file
            .clone()
            .or_else(|| env.get("OWUI_CONFIG").map(PathBuf::from))
            .or_else(|| {
                directories::ProjectDirs::from("", "", "owui")
                    .map(|d| d.config_dir().join("config.toml"))
                    .filter(|p| p.exists())
            });
        if let Some(path) = &config_file {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::invalid(format!("cannot read config file {}: {e}", path.display()))
            })?;
            let table: toml::Table = text
                .parse()
                .map_err(|e| Error::invalid(format!("config file {}: {e}", path.display())))?;
            for (k, v) in table {
                let name = SETTINGS
                    .iter()
                    .find(|s| s.name.eq_ignore_ascii_case(&k))
                    .ok_or_else(|| {
                        Error::invalid(format!(
                            "config file {}: unknown setting `{k}`",
                            path.display()
                        ))
                    })?
                    .name;
                let v = match v {
                    toml::Value::String(s) => s,
                    other => other.to_string(),
                };
                values.insert(name, (v, Source::File));
            }
        }
        for s in SETTINGS {
            if let Some(v) = env.get(s.name) {
                values.insert(s.name, (v.clone(), Source::Env));
            }
        }
        // legacy name of the secret
        if values["WEBUI_SECRET_KEY"].1 == Source::Default
            && let Some(v) = env.get("WEBUI_JWT_SECRET_KEY")
        {
            values.insert("WEBUI_SECRET_KEY", (v.clone(), Source::Env));
        }
        if let Some(d) = &over.data_dir {
            values.insert("DATA_DIR", (d.display().to_string(), Source::Flag));
        }
        for (k, v) in &over.values {
            values.insert(k, (v.clone(), Source::Flag));
        }
        let data_dir = match values["DATA_DIR"].0.as_str() {
            "" => directories::ProjectDirs::from("", "", "owui")
                .map(|d| d.data_dir().to_owned())
                .ok_or_else(|| Error::invalid("no home directory: pass --data-dir"))?,
            d => PathBuf::from(d),
        };
        let extra_env = env
            .iter()
            .filter(|(k, _)| k.starts_with("USER_PERMISSIONS_"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Config {
            values,
            extra_env,
            data_dir,
            config_file,
        })
    }

    /// Set one value (as a flag would).
    pub fn set(&mut self, name: &'static str, value: impl Into<String>) {
        self.values.insert(name, (value.into(), Source::Flag));
    }

    pub fn get(&self, name: &str) -> &str {
        self.values
            .get(name)
            .map(|(v, _)| v.as_str())
            // names are owui's own constants, never a request's: a typo
            // in the code, caught by any test that reads it
            .unwrap_or_else(|| panic!("unknown setting {name}"))
    }

    pub fn source(&self, name: &str) -> Source {
        self.values[name].1
    }

    pub fn bool(&self, name: &str) -> bool {
        parse_bool(self.get(name))
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        self.get(name).trim().parse().ok()
    }

    /// Every setting with its value and source, for `owui config show`.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, &str, Source)> {
        self.values.iter().map(|(k, (v, s))| (*k, v.as_str(), *s))
    }

    /// Extra environment variables (permission defaults).
    pub fn extra_env(&self, name: &str) -> Option<&str> {
        self.extra_env.get(name).map(String::as_str)
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("webui.db")
    }
}

/// Upstream's truthy strings.
pub fn parse_bool(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "true" | "1" | "yes" | "on"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_win_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(&file, "webui_name = \"From file\"\nport = 9000\n").unwrap();
        let mut env = BTreeMap::new();
        env.insert("PORT".to_string(), "9100".to_string());
        let over = Overrides {
            data_dir: Some(dir.path().into()),
            config_file: Some(file),
            values: vec![],
        };
        let c = Config::load_from(&over, &env).unwrap();
        assert_eq!(c.get("WEBUI_NAME"), "From file");
        assert_eq!(c.source("WEBUI_NAME"), Source::File);
        assert_eq!(c.get("PORT"), "9100");
        assert_eq!(c.source("PORT"), Source::Env);
        assert_eq!(c.source("HOST"), Source::Default);
        let over = Overrides {
            values: vec![("PORT", "9200".into())],
            ..over
        };
        let c = Config::load_from(&over, &env).unwrap();
        assert_eq!(c.get("PORT"), "9200");
        assert_eq!(c.source("PORT"), Source::Flag);
    }

    #[test]
    fn unknown_file_setting_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(&file, "no_such_thing = 1\n").unwrap();
        let over = Overrides {
            data_dir: Some(dir.path().into()),
            config_file: Some(file),
            values: vec![],
        };
        let e = Config::load_from(&over, &BTreeMap::new()).unwrap_err();
        assert!(e.message().contains("no_such_thing"));
    }
}
