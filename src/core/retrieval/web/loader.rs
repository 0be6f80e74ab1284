//! The safe web loader (`web.loader.engine` `""`/`safe_web`): plain HTTP
//! fetches of user-supplied URLs, HTML to text, behind the address guard.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use reqwest::dns::Resolve;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Client, Url};
use tokio::sync::Semaphore;

use super::guard::{self, GuardedResolver, INVALID_URL, Refused};
use super::{DEFAULT_LOADER_TIMEOUT, MAX_REDIRECTS, WebConfig};
use crate::core::retrieval::Document;
use crate::error::{Error, Result};

/// Loader engines upstream has that need services owui does not run here.
const OTHER_ENGINES: &[&str] = &[
    "playwright",
    "firecrawl",
    "tavily",
    "exa",
    "external",
    "microsoft_web_iq",
];

/// Fetches `urls` and turns each page into a [`Document`] (text from the
/// HTML; metadata `source`, `title`, `description`, `language` as
/// upstream), in the order given, with at most
/// `cfg.loader_concurrent_requests` fetches at a time.
///
/// URLs that fail [`super::validate_url`] are dropped; if none is left the
/// answer is `Invalid` with upstream's message. A page that cannot be
/// fetched (refused address, no answer, too many redirects) is logged and
/// skipped. Names are resolved through a guard that refuses blocked and,
/// unless `cfg.allow_local_fetch`, non-global addresses at connect time;
/// redirects (when `cfg.allow_redirects`) are followed here, hop by hop,
/// each hop checked again. Bodies are read up to `cfg.max_page_bytes` and
/// decoded by their declared (or `<meta>`) charset.
pub async fn load(cfg: &WebConfig, urls: &[String]) -> Result<Vec<Document>> {
    load_with(cfg, urls, None, &[]).await
}

/// [`load`] with the name lookup replaced (`lookup`, screened by the guard
/// like the system resolver) and names pinned to addresses that bypass the
/// guard (`pins`, as curl's `--resolve`): how tests reach fakes on
/// 127.0.0.1 while local fetches are refused.
pub(super) async fn load_with(
    cfg: &WebConfig,
    urls: &[String],
    lookup: Option<Arc<dyn Resolve>>,
    pins: &[(&str, SocketAddr)],
) -> Result<Vec<Document>> {
    let safe: Vec<&String> = urls
        .iter()
        .filter(|u| super::validate_url(cfg, u).is_ok())
        .collect();
    if safe.is_empty() {
        tracing::warn!("All provided URLs were blocked or invalid: {urls:?}");
        return Err(Error::invalid(INVALID_URL));
    }
    match cfg.loader_engine.as_str() {
        "" | "safe_web" => {}
        e if OTHER_ENGINES.contains(&e) => {
            return Err(Error::invalid(format!(
                "WEB_LOADER_ENGINE {e} is not available in owui; use 'safe_web'."
            )));
        }
        e => {
            return Err(Error::invalid(format!(
                "Invalid WEB_LOADER_ENGINE: {e}. Please set it to 'safe_web', 'playwright', 'firecrawl', 'tavily', 'exa', 'external', or 'microsoft_web_iq'."
            )));
        }
    }
    let client = client(cfg, lookup, pins)?;
    let gate = Arc::new(Semaphore::new(cfg.loader_concurrent_requests.max(1)));
    let fetches = safe.iter().map(|url| {
        let (client, gate) = (client.clone(), gate.clone());
        async move {
            let _permit = gate.acquire().await.ok()?;
            match fetch(&client, cfg, url).await {
                Ok(html) => Some(((*url).clone(), html)),
                Err(e) => {
                    tracing::warn!("Error fetching {url}: {e}");
                    None
                }
            }
        }
    });
    let pages: Vec<(String, String)> = futures::future::join_all(fetches)
        .await
        .into_iter()
        .flatten()
        .collect();
    tokio::task::spawn_blocking(move || {
        pages
            .into_iter()
            .map(|(url, html)| to_document(&url, &html))
            .collect()
    })
    .await
    .map_err(Error::internal)
}

fn client(
    cfg: &WebConfig,
    lookup: Option<Arc<dyn Resolve>>,
    pins: &[(&str, SocketAddr)],
) -> Result<Client> {
    let mut headers = HeaderMap::new();
    let ua = if cfg.user_agent.is_empty() {
        "DefaultLangchainUserAgent"
    } else {
        cfg.user_agent.as_str()
    };
    headers.insert(
        header::USER_AGENT,
        HeaderValue::from_str(ua).unwrap_or(HeaderValue::from_static("DefaultLangchainUserAgent")),
    );
    headers.insert(
        header::ACCEPT,
        HeaderValue::from_static(
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8",
        ),
    );
    headers.insert(
        header::ACCEPT_LANGUAGE,
        HeaderValue::from_static("en-US,en;q=0.5"),
    );
    headers.insert(
        header::REFERER,
        HeaderValue::from_static("https://www.google.com/"),
    );
    headers.insert(header::DNT, HeaderValue::from_static("1"));
    headers.insert(
        header::UPGRADE_INSECURE_REQUESTS,
        HeaderValue::from_static("1"),
    );
    let timeout = cfg
        .loader_timeout
        .filter(|t| t.is_finite() && *t > 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(DEFAULT_LOADER_TIMEOUT);
    let mut b = Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(30)))
        .dns_resolver(Arc::new(GuardedResolver {
            filter: Arc::new(cfg.fetch_filter_list.clone()),
            allow_local: cfg.allow_local_fetch,
            lookup,
        }))
        .tls_danger_accept_invalid_certs(!cfg.ssl_verification);
    if !cfg.trust_env {
        b = b.no_proxy();
    }
    for (name, addr) in pins {
        b = b.resolve(name, *addr);
    }
    b.build().map_err(Error::internal)
}

/// Why one page was not loaded.
#[derive(Debug)]
enum FetchError {
    Invalid(String),
    Http(reqwest::Error),
    TooManyRedirects,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Invalid(u) => write!(f, "refused URL {u}"),
            FetchError::Http(e) => {
                write!(f, "{e}")?;
                let mut src = std::error::Error::source(e);
                while let Some(s) = src {
                    write!(f, ": {s}")?;
                    src = s.source();
                }
                Ok(())
            }
            FetchError::TooManyRedirects => write!(f, "more than {MAX_REDIRECTS} redirects"),
        }
    }
}

/// Whether the guard refused the connection (then it is not retried).
fn refused(e: &reqwest::Error) -> bool {
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        if s.is::<Refused>() {
            return true;
        }
        src = s.source();
    }
    false
}

/// GET with upstream's retries: a connection that fails (not one the guard
/// refused) is tried three times in all, 2 s and then 3 s apart.
async fn get(client: &Client, url: &Url) -> Result<reqwest::Response, FetchError> {
    let mut attempt = 0;
    loop {
        match client.get(url.clone()).send().await {
            Ok(r) => return Ok(r),
            Err(e) if e.is_connect() && !refused(&e) && attempt < 2 => {
                tracing::warn!(
                    "Error fetching {url} with attempt {}/3: {e}. Retrying...",
                    attempt + 1
                );
                tokio::time::sleep(Duration::from_secs_f64(2.0 * 1.5f64.powi(attempt))).await;
                attempt += 1;
            }
            Err(e) => return Err(FetchError::Http(e)),
        }
    }
}

async fn fetch(client: &Client, cfg: &WebConfig, url: &str) -> Result<String, FetchError> {
    let check = |u: &str| {
        guard::check_url(u, &cfg.fetch_filter_list, cfg.allow_local_fetch)
            .map_err(|_| FetchError::Invalid(u.to_string()))
    };
    let mut current = check(url)?;
    let mut hops = 0;
    loop {
        let resp = get(client, &current).await?;
        let location = resp
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        match location {
            Some(loc) if cfg.allow_redirects && resp.status().is_redirection() => {
                hops += 1;
                if hops > MAX_REDIRECTS {
                    return Err(FetchError::TooManyRedirects);
                }
                let next = current
                    .join(&loc)
                    .map_err(|_| FetchError::Invalid(loc.clone()))?;
                current = check(next.as_str())?;
            }
            _ => return read_text(resp, cfg.max_page_bytes).await,
        }
    }
}

/// The body, at most `max` bytes of it, decoded: the Content-Type charset,
/// else a byte-order mark, else a `<meta>` charset, else UTF-8.
async fn read_text(resp: reqwest::Response, max: usize) -> Result<String, FetchError> {
    let declared = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(charset_param);
    let mut body = Vec::new();
    let mut stream = resp.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(FetchError::Http)?;
        let room = max - body.len();
        if chunk.len() >= room {
            body.extend_from_slice(&chunk[..room]);
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(decode(&body, declared.as_deref()))
}

/// `charset=...` from a Content-Type value or a `<meta>` tag's text.
fn charset_param(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let v: String = lower[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!v.is_empty()).then_some(v)
}

pub(super) fn decode(body: &[u8], declared: Option<&str>) -> String {
    let encoding = declared
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        .or_else(|| encoding_rs::Encoding::for_bom(body).map(|(e, _)| e))
        .or_else(|| {
            let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).into_owned();
            charset_param(&head).and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        })
        .unwrap_or(encoding_rs::UTF_8);
    encoding.decode(body).0.into_owned()
}

/// One page as a Document: its text, and upstream's metadata (`source`;
/// `title` when the page has one; `description` from a description
/// `<meta>`, `No description found.` when it has no content; `language`
/// from `<html lang>`, else `No language found.`).
pub(super) fn to_document(url: &str, html: &str) -> Document {
    let cfg = text_config();
    let mut doc = Document::new("").with("source", url);
    let Ok(dom) = cfg.parse_html(html.as_bytes()) else {
        return doc;
    };
    if let Some(title) = title_text(html) {
        doc = doc.with("title", title);
    }
    let mut description = None;
    let mut language = None;
    let mut stack = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        if let html2text::Element { name, attrs, .. } = &node.data {
            let attrs = attrs.borrow();
            let attr = |n: &str| {
                attrs
                    .iter()
                    .find(|a| &*a.name.local == n)
                    .map(|a| a.value.to_string())
            };
            match &*name.local {
                "html" if language.is_none() => {
                    language = Some(attr("lang").unwrap_or_else(|| "No language found.".into()));
                }
                "meta"
                    if description.is_none() && attr("name").as_deref() == Some("description") =>
                {
                    description =
                        Some(attr("content").unwrap_or_else(|| "No description found.".into()));
                }
                _ => {}
            }
        }
        stack.extend(node.children.borrow().iter().rev().cloned());
    }
    if let Some(d) = description {
        doc = doc.with("description", d);
    }
    if let Some(l) = language {
        doc = doc.with("language", l);
    }
    doc.text = cfg
        .dom_to_render_tree(&dom)
        .and_then(|tree| cfg.render_to_string(tree, 10_000))
        .unwrap_or_default();
    doc
}

/// HTML to plain text: the page's words without markup decoration (no
/// `#` or `*`, links as their text), table cells one after another, lines
/// not wrapped.
fn text_config() -> html2text::config::Config<html2text::render::TrivialDecorator> {
    html2text::config::with_decorator(html2text::render::TrivialDecorator::new())
        .raw_mode(true)
        .allow_width_overflow()
}

/// The first `<title>`'s text, entities decoded.
fn title_text(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let inner = &html[start..end];
    let text = text_config()
        .string_from_read(
            format!("<p>{}</p>", inner.replace('<', "&lt;")).as_bytes(),
            10_000,
        )
        .ok()?;
    Some(text.trim().to_string())
}
