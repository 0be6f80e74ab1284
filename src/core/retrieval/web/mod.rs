//! Web search and web pages: the search engines upstream offers (each
//! asked the way Open WebUI 0.12.4 asks it), the domain filter applied to
//! their results, and the page loader that fetches user-supplied URLs
//! without letting them reach private addresses.
//!
//! Requests to the configured search engine go to the endpoint the admin
//! configured and are not subject to the loader's address guard (upstream
//! does not guard them either): a self-hosted SearXNG on 127.0.0.1 works.

mod engines;
mod guard;
mod loader;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub use guard::{DEFAULT_FETCH_FILTER_LIST, INVALID_URL, is_global, is_host_allowed};
pub use loader::load;

/// Every `web.*` setting the engines and the loader read, with upstream's
/// defaults. Engines whose upstream URL is fixed get a base-URL field
/// (defaulting to the real one) so they can be pointed elsewhere.
#[derive(Debug, Clone, PartialEq)]
pub struct WebConfig {
    /// `web.search.engine` (`WEB_SEARCH_ENGINE`).
    pub engine: String,
    /// `web.search.result_count` (`WEB_SEARCH_RESULT_COUNT`, 3).
    pub result_count: usize,
    /// `web.search.domain.filter_list` (`WEB_SEARCH_DOMAIN_FILTER_LIST`):
    /// hostnames, addresses or CIDR ranges; `!` marks a block entry, the
    /// rest form an allow list.
    pub domain_filter_list: Vec<String>,
    /// `web.search.bypass_web_loader` (`BYPASS_WEB_SEARCH_WEB_LOADER`):
    /// the caller uses the snippets as documents instead of loading pages.
    pub bypass_web_loader: bool,
    /// `web.search.trust_env` (`WEB_SEARCH_TRUST_ENV`, true): the loader
    /// honours `HTTP(S)_PROXY`. A proxy resolves names itself, so proxied
    /// fetches escape the connect-time address check (as upstream).
    pub trust_env: bool,
    /// `web.loader.engine` (`WEB_LOADER_ENGINE`): `""`/`safe_web` is the
    /// plain HTTP loader of this module.
    pub loader_engine: String,
    /// `web.loader.concurrent_requests` (`WEB_LOADER_CONCURRENT_REQUESTS`, 10).
    pub loader_concurrent_requests: usize,
    /// `web.loader.timeout` (`WEB_LOADER_TIMEOUT`), seconds; upstream keeps
    /// a string and ignores one that is empty or not a number. Without it a
    /// fetch gets [`DEFAULT_LOADER_TIMEOUT`].
    pub loader_timeout: Option<f64>,
    /// `web.loader.ssl_verification` (`ENABLE_WEB_LOADER_SSL_VERIFICATION`, true).
    pub ssl_verification: bool,
    /// `ENABLE_LOCAL_WEB_FETCH` (older name `ENABLE_RAG_LOCAL_WEB_FETCH`,
    /// false): let the loader fetch private, loopback and other non-global
    /// addresses and single-label hosts.
    pub allow_local_fetch: bool,
    /// `WEB_FETCH_FILTER_LIST` added to [`DEFAULT_FETCH_FILTER_LIST`]:
    /// what the loader may fetch, checked on the URL's host and on every
    /// address it resolves to, local fetches allowed or not.
    pub fetch_filter_list: Vec<String>,
    /// `AIOHTTP_CLIENT_ALLOW_REDIRECTS` (false): follow redirects (at most
    /// [`MAX_REDIRECTS`], each hop checked again); off, a 3xx answer's body
    /// is what is read.
    pub allow_redirects: bool,
    /// The most bytes read from one page (owui's own bound; upstream reads
    /// whole bodies). Longer bodies are cut there.
    pub max_page_bytes: usize,
    /// `USER_AGENT`: the loader's User-Agent; empty sends upstream's
    /// fallback `DefaultLangchainUserAgent`.
    pub user_agent: String,
    /// `webui.url` (`WEBUI_URL`), sent as Referer to Google PSE.
    pub webui_url: String,
    /// `DEFAULT_LOCALE`, sent to Bing as `mkt`.
    pub locale: String,

    pub searxng_query_url: String,
    /// `web.search.searxng_language` ("all").
    pub searxng_language: String,
    pub yacy_query_url: String,
    pub yacy_username: String,
    pub yacy_password: String,
    pub google_pse_api_key: String,
    pub google_pse_engine_id: String,
    /// `https://www.googleapis.com`.
    pub google_pse_base_url: String,
    pub brave_search_api_key: String,
    /// `https://api.search.brave.com`.
    pub brave_base_url: String,
    /// `web.search.brave_search_context_tokens` (8192), for `brave_llm_context`.
    pub brave_search_context_tokens: u32,
    pub ollama_cloud_api_key: String,
    /// `https://ollama.com`.
    pub ollama_cloud_base_url: String,
    /// `web.search.openserp_base_url` (`http://localhost:7000`).
    pub openserp_base_url: String,
    pub serphouse_api_key: String,
    /// `web.search.serphouse_domain` (`google.com`).
    pub serphouse_domain: String,
    /// `https://api.serphouse.com`.
    pub serphouse_base_url: String,
    pub youcom_api_key: String,
    /// `https://ydc-index.io`.
    pub youcom_base_url: String,
    pub linkup_api_key: String,
    /// `web.search.linkup_search_params` ({}): merged into the request body.
    pub linkup_search_params: serde_json::Map<String, serde_json::Value>,
    pub kagi_search_api_key: String,
    /// `https://kagi.com`.
    pub kagi_base_url: String,
    pub mojeek_search_api_key: String,
    /// `https://api.mojeek.com`.
    pub mojeek_base_url: String,
    pub bocha_search_api_key: String,
    /// `https://api.bochaai.com`.
    pub bocha_base_url: String,
    pub serpstack_api_key: String,
    /// `web.search.serpstack_https` (true): `https://` rather than `http://`.
    pub serpstack_https: bool,
    /// `api.serpstack.com` (host and port, no scheme: `serpstack_https` picks it).
    pub serpstack_host: String,
    pub serper_api_key: String,
    /// `https://google.serper.dev`.
    pub serper_base_url: String,
    pub serply_api_key: String,
    /// `https://api.serply.io`.
    pub serply_base_url: String,
    pub tavily_api_key: String,
    /// `web.search.tavily_search_depth` ("basic").
    pub tavily_search_depth: String,
    /// `TAVILY_API_BASE_URL` (`https://api.tavily.com`).
    pub tavily_base_url: String,
    pub searchapi_api_key: String,
    /// `web.search.searchapi_engine` (empty = `google`).
    pub searchapi_engine: String,
    /// `https://www.searchapi.io`.
    pub searchapi_base_url: String,
    pub serpapi_api_key: String,
    /// `web.search.serpapi_engine` (empty = `google`).
    pub serpapi_engine: String,
    /// `https://serpapi.com`.
    pub serpapi_base_url: String,
    pub jina_api_key: String,
    /// `web.search.jina_api_base_url` (empty = `https://s.jina.ai/`).
    pub jina_api_base_url: String,
    pub exa_api_key: String,
    /// `web.search.exa_max_content_length` (none): characters per snippet.
    pub exa_max_content_length: Option<usize>,
    /// `https://api.exa.ai`.
    pub exa_base_url: String,
    pub perplexity_api_key: String,
    /// `web.search.perplexity_search_api_url` (`https://api.perplexity.ai/search`).
    pub perplexity_search_api_url: String,
    /// `web.search.bing_search_v7_endpoint` (`https://api.bing.microsoft.com/v7.0/search`).
    pub bing_search_v7_endpoint: String,
    pub bing_search_v7_subscription_key: String,
    pub external_web_search_url: String,
    pub external_web_search_api_key: String,
}

/// A fetch's timeout when `loader_timeout` is unset (aiohttp's default).
pub const DEFAULT_LOADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);
/// Redirect hops followed at most, when redirects are followed.
pub const MAX_REDIRECTS: usize = 10;

impl Default for WebConfig {
    fn default() -> Self {
        let s = |v: &str| v.to_string();
        WebConfig {
            engine: String::new(),
            result_count: 3,
            domain_filter_list: Vec::new(),
            bypass_web_loader: false,
            trust_env: true,
            loader_engine: String::new(),
            loader_concurrent_requests: 10,
            loader_timeout: None,
            ssl_verification: true,
            allow_local_fetch: false,
            fetch_filter_list: DEFAULT_FETCH_FILTER_LIST.iter().map(|e| s(e)).collect(),
            allow_redirects: false,
            max_page_bytes: 10 * 1024 * 1024,
            user_agent: String::new(),
            webui_url: String::new(),
            locale: String::new(),
            searxng_query_url: String::new(),
            searxng_language: s("all"),
            yacy_query_url: String::new(),
            yacy_username: String::new(),
            yacy_password: String::new(),
            google_pse_api_key: String::new(),
            google_pse_engine_id: String::new(),
            google_pse_base_url: s("https://www.googleapis.com"),
            brave_search_api_key: String::new(),
            brave_base_url: s("https://api.search.brave.com"),
            brave_search_context_tokens: 8192,
            ollama_cloud_api_key: String::new(),
            ollama_cloud_base_url: s("https://ollama.com"),
            openserp_base_url: s("http://localhost:7000"),
            serphouse_api_key: String::new(),
            serphouse_domain: s("google.com"),
            serphouse_base_url: s("https://api.serphouse.com"),
            youcom_api_key: String::new(),
            youcom_base_url: s("https://ydc-index.io"),
            linkup_api_key: String::new(),
            linkup_search_params: serde_json::Map::new(),
            kagi_search_api_key: String::new(),
            kagi_base_url: s("https://kagi.com"),
            mojeek_search_api_key: String::new(),
            mojeek_base_url: s("https://api.mojeek.com"),
            bocha_search_api_key: String::new(),
            bocha_base_url: s("https://api.bochaai.com"),
            serpstack_api_key: String::new(),
            serpstack_https: true,
            serpstack_host: s("api.serpstack.com"),
            serper_api_key: String::new(),
            serper_base_url: s("https://google.serper.dev"),
            serply_api_key: String::new(),
            serply_base_url: s("https://api.serply.io"),
            tavily_api_key: String::new(),
            tavily_search_depth: s("basic"),
            tavily_base_url: s("https://api.tavily.com"),
            searchapi_api_key: String::new(),
            searchapi_engine: String::new(),
            searchapi_base_url: s("https://www.searchapi.io"),
            serpapi_api_key: String::new(),
            serpapi_engine: String::new(),
            serpapi_base_url: s("https://serpapi.com"),
            jina_api_key: String::new(),
            jina_api_base_url: String::new(),
            exa_api_key: String::new(),
            exa_max_content_length: None,
            exa_base_url: s("https://api.exa.ai"),
            perplexity_api_key: String::new(),
            perplexity_search_api_url: s("https://api.perplexity.ai/search"),
            bing_search_v7_endpoint: s("https://api.bing.microsoft.com/v7.0/search"),
            bing_search_v7_subscription_key: String::new(),
            external_web_search_url: String::new(),
            external_web_search_api_key: String::new(),
        }
    }
}

/// One search hit, shaped as upstream's `SearchResult`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SearchResult {
    pub link: String,
    pub title: Option<String>,
    pub snippet: Option<String>,
}

/// The engine names [`search`] knows.
pub const ENGINES: &[&str] = &[
    "ollama_cloud",
    "openserp",
    "serphouse",
    "youcom",
    "brave_llm_context",
    "linkup",
    "searxng",
    "yacy",
    "google_pse",
    "brave",
    "kagi",
    "mojeek",
    "bocha",
    "serpstack",
    "serper",
    "serply",
    "tavily",
    "exa",
    "searchapi",
    "serpapi",
    "jina",
    "bing",
    "perplexity_search",
    "external",
];

/// Asks `cfg.engine` for `query`: at most `cfg.result_count` results,
/// filtered by `cfg.domain_filter_list` as upstream filters that engine's
/// results. A missing setting is `Invalid` with upstream's message
/// (`No SEARXNG_QUERY_URL found in environment variables`); an engine's
/// error status is `Upstream`, no answer `Unreachable`.
///
/// These requests go to the configured endpoints with `http` as is: they
/// are not subject to the loader's address guard.
pub async fn search(
    http: &reqwest::Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    // Engines whose upstream code applies the domain filter to their results.
    let mut filtered = true;
    let results = match cfg.engine.as_str() {
        "searxng" => engines::searxng(http, cfg, query).await?,
        "yacy" => engines::yacy(http, cfg, query).await?,
        "google_pse" => engines::google_pse(http, cfg, query).await?,
        "brave" => engines::brave(http, cfg, query).await?,
        "kagi" => engines::kagi(http, cfg, query).await?,
        "mojeek" => engines::mojeek(http, cfg, query).await?,
        "bocha" => engines::bocha(http, cfg, query).await?,
        "serpstack" => engines::serpstack(http, cfg, query).await?,
        "serper" => engines::serper(http, cfg, query).await?,
        "serply" => engines::serply(http, cfg, query).await?,
        "tavily" => engines::tavily(http, cfg, query).await?,
        "searchapi" => engines::searchapi(http, cfg, query).await?,
        "serpapi" => engines::serpapi(http, cfg, query).await?,
        "bing" => engines::bing(http, cfg, query).await?,
        "perplexity_search" => engines::perplexity_search(http, cfg, query).await?,
        "external" => engines::external(http, cfg, query).await?,
        "ollama_cloud" => engines::ollama_cloud(http, cfg, query).await?,
        "openserp" => engines::openserp(http, cfg, query).await?,
        "serphouse" => engines::serphouse(http, cfg, query).await?,
        "youcom" => engines::youcom(http, cfg, query).await?,
        "brave_llm_context" => engines::brave_llm_context(http, cfg, query).await?,
        "linkup" => engines::linkup(http, cfg, query).await?,
        "exa" => {
            filtered = false; // sent to Exa as includeDomains
            engines::exa(http, cfg, query).await?
        }
        "jina" => {
            filtered = false;
            engines::jina(http, cfg, query).await?
        }
        _ => {
            return Err(Error::invalid(
                "No search engine API key found in environment variables",
            ));
        }
    };
    let mut results = if filtered {
        filter_results(results, &cfg.domain_filter_list).await
    } else {
        results
    };
    results.truncate(cfg.result_count);
    Ok(results)
}

/// Upstream's `get_filtered_results`: drops results whose link is not an
/// http(s) URL with a host, then keeps those whose host (and, when the
/// list names addresses or ranges, its resolved addresses) the list allows.
pub async fn filter_results(
    results: Vec<SearchResult>,
    filter_list: &[String],
) -> Vec<SearchResult> {
    if filter_list.is_empty() {
        return results;
    }
    let resolve = guard::has_network_entry(filter_list);
    let mut kept = Vec::with_capacity(results.len());
    for r in results {
        let Ok(url) = reqwest::Url::parse(&r.link) else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https") {
            continue;
        }
        let Some(host) = url.host_str() else { continue };
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let mut names = vec![host.clone()];
        if resolve && let Ok(addrs) = tokio::net::lookup_host((host.as_str(), 0)).await {
            names.extend(addrs.map(|a| a.ip().to_string()));
        }
        if is_host_allowed(&names, filter_list) {
            kept.push(r);
        }
    }
    kept
}

/// Upstream's URL validation for the loader, the part that needs no
/// lookup: no `\`, tab or line breaks; http or https; a host, dotted
/// unless local fetches are allowed; the host allowed by
/// `fetch_filter_list`; an IP-literal host (decimal `2130706433`, octal
/// `0177.0.0.1`, `[::ffff:127.0.0.1]` and the like included) neither
/// blocked nor, unless local fetches are allowed, non-global. Names are
/// checked on their resolved addresses when [`load`] connects, so DNS
/// rebinding gains nothing. Refusals are `Invalid` with upstream's message.
pub fn validate_url(cfg: &WebConfig, url: &str) -> Result<()> {
    guard::check_url(url, &cfg.fetch_filter_list, cfg.allow_local_fetch).map(|_| ())
}

/// Whether a URL is a YouTube video (upstream's
/// `^(https?://)?(www\.)?(youtube\.com|youtu\.be)/.+$`), which upstream
/// loads as a transcript rather than a page.
pub fn is_youtube(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    ["youtube.com/", "youtu.be/"].iter().any(|host| {
        rest.strip_prefix(host)
            .is_some_and(|path| !path.is_empty() && !path.contains('\n'))
    })
}
