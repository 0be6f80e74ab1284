//! One function per search engine, each building its request and reading
//! its answer the way Open WebUI 0.12.4 does. They return results in the
//! engine's order, not yet filtered or capped: [`super::search`] does that
//! (for the engines whose upstream code does).
//!
//! Upstream's `Accept-Encoding: gzip` headers are not copied: owui's client
//! decodes no compressed bodies, so it asks for none.

use std::time::Duration;

use reqwest::{Client, RequestBuilder};
use serde_json::{Value, json};

use super::{SearchResult, WebConfig};
use crate::error::{Error, Result};

/// Upstream sends no timeout for most engines; owui gives each request one.
const SEARCH_TIMEOUT: Duration = Duration::from_secs(60);

const RAG_BOT_UA: &str = "Open WebUI (https://github.com/open-webui/open-webui) RAG Bot";

fn missing(key: &str) -> Error {
    Error::invalid(format!("No {key} found in environment variables"))
}

/// Sends a request and reads a JSON answer: a transport failure is
/// `Unreachable`, an error status `Upstream` with the engine's body, a
/// body that is not JSON `BadAnswer`.
async fn send_json(name: &str, req: RequestBuilder) -> Result<Value> {
    let resp = req
        .timeout(SEARCH_TIMEOUT)
        .send()
        .await
        .map_err(|e| Error::Unreachable(format!("{name}: {e}")))?;
    let status = resp.status();
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| Error::Unreachable(format!("{name}: {e}")))?;
    if !status.is_success() {
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        return Err(Error::Upstream { status, body });
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::BadAnswer(format!(
            "{name} answered with something other than JSON: {e}"
        ))
    })
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// One result read from an engine's item: `link` (empty when absent, as
/// upstream's `.get(key, '')`), title and snippet.
fn result(v: &Value, link: &str, title: &str, snippet: &str) -> SearchResult {
    SearchResult {
        link: text(v, link).unwrap_or_default(),
        title: text(v, title),
        snippet: text(v, snippet),
    }
}

fn list<'a>(v: &'a Value, path: &[&str]) -> Vec<&'a Value> {
    let mut cur = v;
    for p in path {
        match cur.get(p) {
            Some(next) => cur = next,
            None => return Vec::new(),
        }
    }
    cur.as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn num(v: &Value, key: &str) -> f64 {
    v.get(key).and_then(Value::as_f64).unwrap_or(0.0)
}

/// Sorted by a numeric field, ascending (`position`) or descending (`score`).
fn sort_by(items: &mut [&Value], key: &str, descending: bool) {
    items.sort_by(|a, b| {
        let o = num(a, key).total_cmp(&num(b, key));
        if descending { o.reverse() } else { o }
    });
}

pub(super) async fn searxng(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.searxng_query_url.is_empty() {
        return Err(missing("SEARXNG_QUERY_URL"));
    }
    let mut url = cfg.searxng_query_url.as_str();
    if url.contains("<query>") {
        url = url.split('?').next().unwrap_or(url);
    }
    let language = cfg.searxng_language.trim().trim_end_matches(',');
    let req = http
        .get(url)
        .header("User-Agent", RAG_BOT_UA)
        .header("Accept", "text/html")
        .header("Accept-Language", "en-US,en;q=0.5")
        .query(&[
            ("q", query),
            ("format", "json"),
            ("pageno", "1"),
            ("safesearch", "1"),
            ("language", language),
            ("time_range", ""),
            ("categories", ""),
            ("theme", "simple"),
            ("image_proxy", "0"),
        ]);
    let v = send_json("SearXNG", req).await?;
    let mut items = list(&v, &["results"]);
    sort_by(&mut items, "score", true);
    Ok(items
        .into_iter()
        .map(|i| result(i, "url", "title", "content"))
        .collect())
}

pub(super) async fn brave(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.brave_search_api_key.is_empty() {
        return Err(missing("BRAVE_SEARCH_API_KEY"));
    }
    let url = format!(
        "{}/res/v1/web/search",
        cfg.brave_base_url.trim_end_matches('/')
    );
    let count = cfg.result_count.to_string();
    let make = || {
        http.get(&url)
            .header("Accept", "application/json")
            .header("X-Subscription-Token", &cfg.brave_search_api_key)
            .query(&[("q", query), ("count", count.as_str())])
    };
    // Brave rate-limits hard; upstream retries once after a second on 429.
    let v = match send_json("Brave", make()).await {
        Err(Error::Upstream { status, .. }) if status.as_u16() == 429 => {
            tokio::time::sleep(Duration::from_secs(1)).await;
            send_json("Brave", make()).await?
        }
        other => other?,
    };
    Ok(list(&v, &["web", "results"])
        .into_iter()
        .map(|i| result(i, "url", "title", "description"))
        .collect())
}

pub(super) async fn tavily(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.tavily_api_key.is_empty() {
        return Err(missing("TAVILY_API_KEY"));
    }
    let url = format!("{}/search", cfg.tavily_base_url.trim_end_matches('/'));
    let req = http
        .post(url)
        .bearer_auth(&cfg.tavily_api_key)
        .json(&json!({"query": query, "max_results": cfg.result_count, "search_depth": cfg.tavily_search_depth}));
    let v = send_json("Tavily", req).await?;
    Ok(list(&v, &["results"])
        .into_iter()
        .map(|i| {
            let mut r = result(i, "url", "title", "content");
            r.title.get_or_insert_with(String::new);
            r
        })
        .collect())
}

pub(super) async fn google_pse(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.google_pse_api_key.is_empty() || cfg.google_pse_engine_id.is_empty() {
        return Err(missing("GOOGLE_PSE_API_KEY or GOOGLE_PSE_ENGINE_ID"));
    }
    let url = format!(
        "{}/customsearch/v1",
        cfg.google_pse_base_url.trim_end_matches('/')
    );
    let mut all = Vec::new();
    let mut remaining = cfg.result_count;
    let mut start = 1;
    // At most ten results a page: page until enough or the engine runs dry.
    while remaining > 0 {
        let num = remaining.min(10).to_string();
        let start_s = start.to_string();
        let mut req = http
            .get(&url)
            .header("Content-Type", "application/json")
            .query(&[
                ("cx", cfg.google_pse_engine_id.as_str()),
                ("q", query),
                ("key", cfg.google_pse_api_key.as_str()),
                ("num", num.as_str()),
                ("start", start_s.as_str()),
            ]);
        if !cfg.webui_url.is_empty() {
            req = req.header("Referer", &cfg.webui_url);
        }
        let v = send_json("Google PSE", req).await?;
        let items = list(&v, &["items"]);
        if items.is_empty() {
            break;
        }
        remaining = remaining.saturating_sub(items.len());
        all.extend(
            items
                .into_iter()
                .map(|i| result(i, "link", "title", "snippet")),
        );
        start += 10;
    }
    Ok(all)
}

pub(super) async fn serper(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.serper_api_key.is_empty() {
        return Err(missing("SERPER_API_KEY"));
    }
    let url = format!("{}/search", cfg.serper_base_url.trim_end_matches('/'));
    let req = http
        .post(url)
        .header("X-API-KEY", &cfg.serper_api_key)
        .header("Content-Type", "application/json")
        .body(json!({"q": query}).to_string());
    let v = send_json("Serper", req).await?;
    let mut items = list(&v, &["organic"]);
    sort_by(&mut items, "position", false);
    Ok(items
        .into_iter()
        .map(|i| result(i, "link", "title", "snippet"))
        .collect())
}

/// Upstream neither requires a key nor filters Jina's results.
pub(super) async fn jina(http: &Client, cfg: &WebConfig, query: &str) -> Result<Vec<SearchResult>> {
    let url = if cfg.jina_api_base_url.is_empty() {
        "https://s.jina.ai/"
    } else {
        cfg.jina_api_base_url.as_str()
    };
    let req = http
        .post(url)
        .header("Accept", "application/json")
        .header("Authorization", &cfg.jina_api_key)
        .header("X-Retain-Images", "none")
        .json(&json!({"q": query, "count": cfg.result_count.min(10)}));
    let v = send_json("Jina", req).await?;
    let data = v
        .get("data")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::BadAnswer("Jina answered without `data`".into()))?;
    data.iter()
        .map(|i| {
            text(i, "url")
                .map(|link| SearchResult {
                    link,
                    title: text(i, "title"),
                    snippet: text(i, "content"),
                })
                .ok_or_else(|| Error::BadAnswer("Jina answered a result without `url`".into()))
        })
        .collect()
}

pub(super) async fn kagi(http: &Client, cfg: &WebConfig, query: &str) -> Result<Vec<SearchResult>> {
    if cfg.kagi_search_api_key.is_empty() {
        return Err(missing("KAGI_SEARCH_API_KEY"));
    }
    let url = format!("{}/api/v1/search", cfg.kagi_base_url.trim_end_matches('/'));
    let req = http
        .post(url)
        .bearer_auth(&cfg.kagi_search_api_key)
        .json(&json!({"query": query, "limit": cfg.result_count}));
    let v = send_json("Kagi", req).await?;
    Ok(list(&v, &["data", "search"])
        .into_iter()
        .map(|i| result(i, "url", "title", "snippet"))
        .collect())
}

/// Upstream checks no key for Bing: the endpoint answers for itself.
pub(super) async fn bing(http: &Client, cfg: &WebConfig, query: &str) -> Result<Vec<SearchResult>> {
    let count = cfg.result_count.to_string();
    let req = http
        .get(&cfg.bing_search_v7_endpoint)
        .header(
            "Ocp-Apim-Subscription-Key",
            &cfg.bing_search_v7_subscription_key,
        )
        .query(&[
            ("q", query),
            ("mkt", cfg.locale.as_str()),
            ("count", count.as_str()),
        ]);
    let v = send_json("Bing", req).await?;
    Ok(list(&v, &["webPages", "value"])
        .into_iter()
        .map(|i| result(i, "url", "name", "snippet"))
        .collect())
}

/// `POST {url}` with a bearer key and `{query, count}`; the answer is a
/// list of `{link, title, snippet}`. As upstream, any failure is logged
/// and yields no results.
pub(super) async fn external(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    let req = http
        .post(&cfg.external_web_search_url)
        .header("User-Agent", RAG_BOT_UA)
        .bearer_auth(&cfg.external_web_search_api_key)
        .json(&json!({"query": query, "count": cfg.result_count}));
    match send_json("External search", req).await {
        Ok(Value::Array(items)) => Ok(items
            .iter()
            .map(|i| result(i, "link", "title", "snippet"))
            .collect()),
        Ok(_) => {
            tracing::error!("Error in External search: the answer is not a list");
            Ok(Vec::new())
        }
        Err(e) => {
            tracing::error!("Error in External search: {}", e.message());
            Ok(Vec::new())
        }
    }
}

pub(super) async fn mojeek(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.mojeek_search_api_key.is_empty() {
        return Err(missing("MOJEEK_SEARCH_API_KEY"));
    }
    let url = format!("{}/search", cfg.mojeek_base_url.trim_end_matches('/'));
    let count = cfg.result_count.to_string();
    let req = http.get(url).header("Accept", "application/json").query(&[
        ("q", query),
        ("api_key", cfg.mojeek_search_api_key.as_str()),
        ("fmt", "json"),
        ("t", count.as_str()),
    ]);
    let v = send_json("Mojeek", req).await?;
    Ok(list(&v, &["response", "results"])
        .into_iter()
        .map(|i| result(i, "url", "title", "desc"))
        .collect())
}

pub(super) async fn serpstack(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.serpstack_api_key.is_empty() {
        return Err(missing("SERPSTACK_API_KEY"));
    }
    let scheme = if cfg.serpstack_https { "https" } else { "http" };
    let url = format!("{scheme}://{}/search", cfg.serpstack_host);
    let req = http.get(url).query(&[
        ("access_key", cfg.serpstack_api_key.as_str()),
        ("query", query),
    ]);
    let v = send_json("Serpstack", req).await?;
    let mut items = list(&v, &["organic_results"]);
    sort_by(&mut items, "position", false);
    Ok(items
        .into_iter()
        .map(|i| result(i, "url", "title", "snippet"))
        .collect())
}

pub(super) async fn searchapi(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.searchapi_api_key.is_empty() {
        return Err(missing("SEARCHAPI_API_KEY"));
    }
    let engine = if cfg.searchapi_engine.is_empty() {
        "google"
    } else {
        cfg.searchapi_engine.as_str()
    };
    let url = format!(
        "{}/api/v1/search",
        cfg.searchapi_base_url.trim_end_matches('/')
    );
    let mut params = vec![
        ("engine", engine),
        ("q", query),
        ("api_key", cfg.searchapi_api_key.as_str()),
    ];
    if engine.starts_with("google") {
        params.push(("link", "resolved"));
    }
    let v = send_json("SearchApi", http.get(url).query(&params)).await?;
    let mut items = list(&v, &["organic_results"]);
    items.extend(list(&v, &["top_stories"]));
    Ok(items
        .into_iter()
        .map(|i| result(i, "link", "title", "snippet"))
        .collect())
}

pub(super) async fn serpapi(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.serpapi_api_key.is_empty() {
        return Err(missing("SERPAPI_API_KEY"));
    }
    let engine = if cfg.serpapi_engine.is_empty() {
        "google"
    } else {
        cfg.serpapi_engine.as_str()
    };
    let url = format!("{}/search", cfg.serpapi_base_url.trim_end_matches('/'));
    let req = http.get(url).query(&[
        ("engine", engine),
        ("q", query),
        ("api_key", cfg.serpapi_api_key.as_str()),
    ]);
    let v = send_json("SerpApi", req).await?;
    let mut items = list(&v, &["organic_results"]);
    sort_by(&mut items, "position", false);
    Ok(items
        .into_iter()
        .map(|i| result(i, "link", "title", "snippet"))
        .collect())
}

/// Serply's query goes in the path, right after `/v1/search/`, as upstream
/// builds it.
pub(super) async fn serply(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.serply_api_key.is_empty() {
        return Err(missing("SERPLY_API_KEY"));
    }
    let qs = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", query)
        .append_pair("language", "en")
        .append_pair("num", "10")
        .append_pair("gl", "US")
        .append_pair("hl", "us")
        .finish();
    let url = format!(
        "{}/v1/search/{qs}",
        cfg.serply_base_url.trim_end_matches('/')
    );
    let req = http
        .get(url)
        .header("X-API-KEY", &cfg.serply_api_key)
        .header("X-User-Agent", "desktop")
        .header("User-Agent", "open-webui")
        .header("X-Proxy-Location", "US");
    let v = send_json("Serply", req).await?;
    let mut items = list(&v, &["results"]);
    sort_by(&mut items, "realPosition", false);
    Ok(items
        .into_iter()
        .map(|i| result(i, "link", "title", "description"))
        .collect())
}

/// Exa filters by domain itself (`includeDomains`); as upstream, a failed
/// search is logged and yields no results.
pub(super) async fn exa(http: &Client, cfg: &WebConfig, query: &str) -> Result<Vec<SearchResult>> {
    if cfg.exa_api_key.is_empty() {
        return Err(missing("EXA_API_KEY"));
    }
    let text_opt = match cfg.exa_max_content_length {
        Some(n) => json!({"maxCharacters": n}),
        None => json!(true),
    };
    let filter = if cfg.domain_filter_list.is_empty() {
        Value::Null
    } else {
        json!(cfg.domain_filter_list)
    };
    let count = if cfg.result_count == 0 {
        5
    } else {
        cfg.result_count
    };
    let req = http
        .post(format!("{}/search", cfg.exa_base_url.trim_end_matches('/')))
        .bearer_auth(&cfg.exa_api_key)
        .json(&json!({
            "query": query,
            "numResults": count,
            "includeDomains": filter,
            "contents": {"text": text_opt},
            "type": "auto",
        }));
    let v = match send_json("Exa", req).await {
        Ok(v) => v,
        Err(e) => {
            tracing::error!("Error searching Exa: {}", e.message());
            return Ok(Vec::new());
        }
    };
    Ok(list(&v, &["results"])
        .into_iter()
        .map(|i| {
            let mut snippet = text(i, "text").unwrap_or_default();
            if let Some(n) = cfg.exa_max_content_length {
                snippet = snippet.chars().take(n).collect();
            }
            SearchResult {
                link: text(i, "url").unwrap_or_default(),
                title: text(i, "title"),
                snippet: Some(snippet),
            }
        })
        .collect())
}

pub(super) async fn bocha(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.bocha_search_api_key.is_empty() {
        return Err(missing("BOCHA_SEARCH_API_KEY"));
    }
    let url = format!(
        "{}/v1/web-search?utm_source=ollama",
        cfg.bocha_base_url.trim_end_matches('/')
    );
    let req = http
        .post(url)
        .bearer_auth(&cfg.bocha_search_api_key)
        .header("Content-Type", "application/json")
        .body(json!({"query": query, "summary": true, "freshness": "noLimit", "count": cfg.result_count}).to_string());
    let v = send_json("Bocha", req).await?;
    Ok(list(&v, &["data", "webPages", "value"])
        .into_iter()
        .map(|i| result(i, "url", "name", "summary"))
        .collect())
}

/// YaCy with optional credentials. Upstream authenticates with HTTP
/// digest; owui sends the credentials as basic auth (reqwest has no digest).
pub(super) async fn yacy(http: &Client, cfg: &WebConfig, query: &str) -> Result<Vec<SearchResult>> {
    if cfg.yacy_query_url.is_empty() {
        return Err(missing("YACY_QUERY_URL"));
    }
    let url = if cfg.yacy_query_url.ends_with("yacysearch.json") {
        cfg.yacy_query_url.clone()
    } else {
        format!(
            "{}/yacysearch.json",
            cfg.yacy_query_url.trim_end_matches('/')
        )
    };
    let count = cfg.result_count.to_string();
    let mut req = http
        .get(url)
        .header("User-Agent", RAG_BOT_UA)
        .header("Accept", "text/html")
        .header("Accept-Language", "en-US,en;q=0.5")
        .query(&[
            ("query", query),
            ("contentdom", "text"),
            ("resource", "global"),
            ("maximumRecords", count.as_str()),
            ("nav", "none"),
        ]);
    if !cfg.yacy_username.is_empty() || !cfg.yacy_password.is_empty() {
        req = req.basic_auth(&cfg.yacy_username, Some(&cfg.yacy_password));
    }
    let v = send_json("YaCy", req).await?;
    let channel = v
        .get("channels")
        .and_then(|c| c.get(0))
        .cloned()
        .unwrap_or(Value::Null);
    let mut items = list(&channel, &["items"]);
    sort_by(&mut items, "ranking", true);
    Ok(items
        .into_iter()
        .map(|i| result(i, "link", "title", "description"))
        .collect())
}

/// Perplexity's Search API. As upstream, the status is not checked and
/// any failure (or a result missing a field) is logged and yields no
/// results.
pub(super) async fn perplexity_search(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.perplexity_api_key.is_empty() {
        return Err(missing("PERPLEXITY_API_KEY"));
    }
    let req = http
        .post(&cfg.perplexity_search_api_url)
        .bearer_auth(&cfg.perplexity_api_key)
        .header("X-Pplx-Integration", "open-webui/0.12.4")
        .json(&json!({"query": query, "max_results": cfg.result_count}));
    let sent = async {
        let resp = req
            .timeout(SEARCH_TIMEOUT)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let v: Value = resp.json().await.map_err(|e| e.to_string())?;
        list(&v, &["results"])
            .into_iter()
            .map(
                |i| match (text(i, "url"), text(i, "title"), text(i, "snippet")) {
                    (Some(link), Some(title), Some(snippet)) => Ok(SearchResult {
                        link,
                        title: Some(title),
                        snippet: Some(snippet),
                    }),
                    _ => Err("a result without url, title or snippet".to_string()),
                },
            )
            .collect::<std::result::Result<Vec<_>, String>>()
    };
    match sent.await {
        Ok(r) => Ok(r),
        Err(e) => {
            tracing::error!("Error searching with Perplexity Search API: {e}");
            Ok(Vec::new())
        }
    }
}

/// Ollama's web search. Upstream checks no key and turns any failure into
/// no results.
pub(super) async fn ollama_cloud(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    let url = format!(
        "{}/api/web_search",
        cfg.ollama_cloud_base_url.trim_end_matches('/')
    );
    let req = http
        .post(url)
        .bearer_auth(&cfg.ollama_cloud_api_key)
        .json(&json!({"query": query, "max_results": cfg.result_count}));
    match send_json("Ollama", req).await {
        Ok(v) => Ok(list(&v, &["results"])
            .into_iter()
            .map(|i| SearchResult {
                link: text(i, "url").unwrap_or_default(),
                title: Some(text(i, "title").unwrap_or_default()),
                snippet: Some(text(i, "content").unwrap_or_default()),
            })
            .collect()),
        Err(e) => {
            tracing::error!("Error searching Ollama: {}", e.message());
            Ok(Vec::new())
        }
    }
}

pub(super) async fn openserp(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.openserp_base_url.is_empty() {
        return Err(missing("OPENSERP_BASE_URL"));
    }
    let url = format!(
        "{}/mega/search",
        cfg.openserp_base_url.trim_end_matches('/')
    );
    let limit = cfg.result_count.to_string();
    let v = send_json(
        "OpenSERP",
        http.get(url)
            .query(&[("text", query), ("limit", limit.as_str())]),
    )
    .await?;
    Ok(list(&v, &["results"])
        .into_iter()
        .map(|i| result(i, "url", "title", "snippet"))
        .collect())
}

/// SERPHouse; results without a link are dropped, as upstream.
pub(super) async fn serphouse(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.serphouse_api_key.is_empty() {
        return Err(missing("SERPHOUSE_API_KEY"));
    }
    let domain = match cfg.serphouse_domain.trim() {
        "" => "google.com",
        d => d,
    };
    let num = cfg.result_count.to_string();
    let req = http
        .get(format!(
            "{}/serp/live",
            cfg.serphouse_base_url.trim_end_matches('/')
        ))
        .bearer_auth(&cfg.serphouse_api_key)
        .header("Accept", "application/json")
        .query(&[
            ("q", query),
            ("domain", domain),
            ("device", "desktop"),
            ("serp_type", "web"),
            ("page", "1"),
            ("num_result", num.as_str()),
        ]);
    let v = send_json("SERPHouse", req).await?;
    let mut items = list(&v, &["results", "results", "organic"]);
    sort_by(&mut items, "position", false);
    Ok(items
        .into_iter()
        .map(|i| result(i, "link", "title", "snippet"))
        .filter(|r| !r.link.is_empty())
        .collect())
}

/// You.com: the snippet joins the description and the extra passages.
pub(super) async fn youcom(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    let count = cfg.result_count.to_string();
    let req = http
        .get(format!(
            "{}/v1/search",
            cfg.youcom_base_url.trim_end_matches('/')
        ))
        .header("Accept", "application/json")
        .header("X-API-KEY", &cfg.youcom_api_key)
        .query(&[
            ("query", query),
            ("count", count.as_str()),
            ("language", "EN"),
        ]);
    let v = send_json("You.com", req).await?;
    list(&v, &["results", "web"])
        .into_iter()
        .map(|i| {
            let link = text(i, "url").ok_or_else(|| {
                Error::BadAnswer("You.com answered a result without `url`".into())
            })?;
            let mut parts: Vec<String> = text(i, "description")
                .filter(|d| !d.is_empty())
                .into_iter()
                .collect();
            parts.extend(
                list(i, &["snippets"])
                    .into_iter()
                    .filter_map(|s| s.as_str().map(str::to_string)),
            );
            Ok(SearchResult {
                link,
                title: text(i, "title"),
                snippet: Some(parts.join("\n\n")),
            })
        })
        .collect()
}

/// Brave's LLM context endpoint: whole passages per URL instead of snippets.
pub(super) async fn brave_llm_context(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.brave_search_api_key.is_empty() {
        return Err(missing("BRAVE_SEARCH_API_KEY"));
    }
    let url = format!(
        "{}/res/v1/llm/context",
        cfg.brave_base_url.trim_end_matches('/')
    );
    let (count, tokens) = (
        cfg.result_count.to_string(),
        cfg.brave_search_context_tokens.to_string(),
    );
    let make = || {
        http.get(&url)
            .header("Accept", "application/json")
            .header("X-Subscription-Token", &cfg.brave_search_api_key)
            .query(&[
                ("q", query),
                ("count", count.as_str()),
                ("maximum_number_of_tokens", tokens.as_str()),
            ])
    };
    let v = match send_json("Brave", make()).await {
        Err(Error::Upstream { status, .. }) if status.as_u16() == 429 => {
            tokio::time::sleep(Duration::from_secs(1)).await;
            send_json("Brave", make()).await?
        }
        other => other?,
    };
    list(&v, &["grounding", "generic"])
        .into_iter()
        .map(|i| {
            let link = text(i, "url")
                .ok_or_else(|| Error::BadAnswer("Brave answered a result without `url`".into()))?;
            let snippets: Vec<&str> = list(i, &["snippets"])
                .into_iter()
                .filter_map(Value::as_str)
                .collect();
            Ok(SearchResult {
                link,
                title: text(i, "title"),
                snippet: Some(snippets.join("\n\n")),
            })
        })
        .collect()
}

/// Linkup: `linkup_search_params` is the body (its `url` key, popped, is
/// the endpoint), with `q` and `maxResults` set; sources are read for the
/// `sourcedAnswer` output type, results otherwise.
pub(super) async fn linkup(
    http: &Client,
    cfg: &WebConfig,
    query: &str,
) -> Result<Vec<SearchResult>> {
    if cfg.linkup_api_key.is_empty() {
        return Err(missing("LINKUP_API_KEY"));
    }
    let mut body = serde_json::Map::new();
    body.insert("url".into(), json!("https://api.linkup.so/v1/search"));
    body.insert("depth".into(), json!("standard"));
    body.insert("outputType".into(), json!("sourcedAnswer"));
    body.extend(cfg.linkup_search_params.clone());
    let url = match body.remove("url") {
        Some(Value::String(u)) => u,
        Some(other) => other.to_string(),
        None => "https://api.linkup.so/v1/search".into(),
    };
    let sourced = body
        .get("outputType")
        .and_then(Value::as_str)
        .unwrap_or("sourcedAnswer")
        == "sourcedAnswer";
    body.insert("q".into(), json!(query));
    body.insert("maxResults".into(), json!(cfg.result_count));
    let req = http.post(url).bearer_auth(&cfg.linkup_api_key).json(&body);
    let v = send_json("Linkup", req).await?;
    let items = list(&v, &[if sourced { "sources" } else { "results" }]);
    let first = |i: &Value, keys: &[&str]| {
        keys.iter()
            .find_map(|k| text(i, k).filter(|s| !s.is_empty()))
    };
    Ok(items
        .into_iter()
        .map(|i| SearchResult {
            link: text(i, "url").unwrap_or_default(),
            title: first(i, &["name", "title"]),
            snippet: first(i, &["content", "text", "snippet"]),
        })
        .collect())
}
