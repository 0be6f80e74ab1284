//! Engines against fakes speaking each engine's wire format, and the loader
//! against real HTTP servers on 127.0.0.1.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, Response, StatusCode};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use serde_json::{Value, json};

use super::loader::load_with;
use super::*;

/// One request as the fake saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    query: HashMap<String, String>,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
    fn q(&self, k: &str) -> Option<&str> {
        self.query.get(k).map(String::as_str)
    }
}

type Reply = Arc<dyn Fn(&Seen, usize) -> Response<Body> + Send + Sync>;

struct Fake {
    base: String,
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Fake {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A server on 127.0.0.1 recording every request and answering with `reply`
/// (which also gets the request's number, from 0).
async fn fake(reply: impl Fn(&Seen, usize) -> Response<Body> + Send + Sync + 'static) -> Fake {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let reply: Reply = Arc::new(reply);
    let s = seen.clone();
    let app = axum::Router::new().fallback(move |req: Request| {
        let (s, reply) = (s.clone(), reply.clone());
        async move {
            let (parts, body) = req.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap()
                .to_vec();
            let query = url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
                .into_owned()
                .collect();
            let one = Seen {
                method: parts.method.to_string(),
                path: parts.uri.path().to_string(),
                query,
                headers: parts.headers,
                body,
            };
            let n = {
                let mut all = s.lock().unwrap();
                all.push(one.clone());
                all.len() - 1
            };
            reply(&one, n)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Fake {
        base: format!("http://{addr}"),
        addr,
        seen,
    }
}

fn json_reply(v: Value) -> Response<Body> {
    Response::builder()
        .header("content-type", "application/json")
        .body(Body::from(v.to_string()))
        .unwrap()
}

fn html_reply(content_type: &str, body: impl Into<Body>) -> Response<Body> {
    Response::builder()
        .header("content-type", content_type)
        .body(body.into())
        .unwrap()
}

fn redirect(to: &str) -> Response<Body> {
    Response::builder()
        .status(StatusCode::FOUND)
        .header("location", to)
        .body(Body::from("moved"))
        .unwrap()
}

fn links(r: &[SearchResult]) -> Vec<&str> {
    r.iter().map(|x| x.link.as_str()).collect()
}

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

// ---------------------------------------------------------------- engines

#[tokio::test]
async fn searxng_query_sorted_by_score_capped_and_filtered() {
    let f = fake(|_, _| {
        json_reply(json!({"query": "rust", "number_of_results": 4, "results": [
            {"url": "https://low.example/a", "title": "Low", "content": "low", "score": 0.5, "engine": "bing"},
            {"url": "https://top.example/a", "title": "Top", "content": "top", "score": 9.0, "engine": "google"},
            {"url": "https://blocked.example/a", "title": "Blocked", "content": "b", "score": 5.0},
            {"url": "https://mid.example/a", "title": "Mid", "content": "mid", "score": 3.0},
            {"url": "https://tail.example/a", "title": "Tail", "content": "tail", "score": 1.0}
        ]}))
    })
    .await;
    let cfg = WebConfig {
        engine: "searxng".into(),
        searxng_query_url: format!("{}/search?q=<query>", f.base),
        searxng_language: "en,".into(),
        domain_filter_list: vec!["!blocked.example".into()],
        ..Default::default()
    };
    let r = search(&http(), &cfg, "rust lang").await.unwrap();
    assert_eq!(
        links(&r),
        [
            "https://top.example/a",
            "https://mid.example/a",
            "https://tail.example/a"
        ]
    );
    assert_eq!(r[0].title.as_deref(), Some("Top"));
    assert_eq!(r[0].snippet.as_deref(), Some("top"));
    let s = &f.seen()[0];
    assert_eq!((s.method.as_str(), s.path.as_str()), ("GET", "/search"));
    assert_eq!(s.q("q"), Some("rust lang"));
    assert_eq!(s.q("format"), Some("json"));
    assert_eq!(s.q("pageno"), Some("1"));
    assert_eq!(s.q("safesearch"), Some("1"));
    assert_eq!(s.q("language"), Some("en"));
    assert_eq!(s.q("theme"), Some("simple"));
    assert_eq!(s.q("image_proxy"), Some("0"));
    assert_eq!(s.q("time_range"), Some(""));
    assert_eq!(
        s.header("user-agent"),
        Some("Open WebUI (https://github.com/open-webui/open-webui) RAG Bot")
    );
}

#[tokio::test]
async fn brave_headers_params_and_one_retry_on_429() {
    let f = fake(|_, n| {
        if n == 0 {
            return Response::builder().status(429).body(Body::from("{}")).unwrap();
        }
        json_reply(json!({"type": "search", "web": {"type": "search", "results": [
            {"title": "Brave A", "url": "https://a.example/", "description": "about <strong>a</strong>", "is_source_local": false},
            {"title": "Brave B", "url": "https://b.example/", "description": "about b"}
        ]}}))
    })
    .await;
    let cfg = WebConfig {
        engine: "brave".into(),
        brave_search_api_key: "bk".into(),
        brave_base_url: f.base.clone(),
        result_count: 5,
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q1").await.unwrap();
    assert_eq!(links(&r), ["https://a.example/", "https://b.example/"]);
    assert_eq!(r[0].snippet.as_deref(), Some("about <strong>a</strong>"));
    let seen = f.seen();
    assert_eq!(seen.len(), 2, "retried once after 429");
    let s = &seen[1];
    assert_eq!(
        (s.method.as_str(), s.path.as_str()),
        ("GET", "/res/v1/web/search")
    );
    assert_eq!(s.header("x-subscription-token"), Some("bk"));
    assert_eq!(s.header("accept"), Some("application/json"));
    assert_eq!((s.q("q"), s.q("count")), (Some("q1"), Some("5")));
}

#[tokio::test]
async fn brave_second_429_is_an_upstream_error() {
    let f = fake(|_, _| {
        Response::builder()
            .status(429)
            .body(Body::from(r#"{"error":"rate"}"#))
            .unwrap()
    })
    .await;
    let cfg = WebConfig {
        engine: "brave".into(),
        brave_search_api_key: "bk".into(),
        brave_base_url: f.base.clone(),
        ..Default::default()
    };
    match search(&http(), &cfg, "q").await {
        Err(Error::Upstream { status, body }) => {
            assert_eq!(status.as_u16(), 429);
            assert_eq!(body, json!({"error": "rate"}));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.seen().len(), 2);
}

#[tokio::test]
async fn tavily_posts_json_with_bearer() {
    let f = fake(|_, _| {
        json_reply(json!({"query": "q", "response_time": 1.2, "results": [
            {"title": "T1", "url": "https://t1.example/", "content": "c1", "score": 0.9},
            {"url": "https://t2.example/", "content": "c2", "score": 0.8}
        ]}))
    })
    .await;
    let cfg = WebConfig {
        engine: "tavily".into(),
        tavily_api_key: "tk".into(),
        tavily_base_url: f.base.clone(),
        tavily_search_depth: "advanced".into(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(links(&r), ["https://t1.example/", "https://t2.example/"]);
    assert_eq!(r[1].title.as_deref(), Some(""), "upstream's title default");
    let s = &f.seen()[0];
    assert_eq!((s.method.as_str(), s.path.as_str()), ("POST", "/search"));
    assert_eq!(s.header("authorization"), Some("Bearer tk"));
    assert_eq!(
        s.json(),
        json!({"query": "q", "max_results": 3, "search_depth": "advanced"})
    );
}

#[tokio::test]
async fn google_pse_pages_by_ten_with_referer() {
    let f = fake(|s, _| {
        let start: usize = s.q("start").unwrap().parse().unwrap();
        let num: usize = s.q("num").unwrap().parse().unwrap();
        let items: Vec<Value> = (start..start + num)
            .map(|i| json!({"kind": "customsearch#result", "title": format!("R{i}"), "link": format!("https://r{i}.example/"), "snippet": format!("s{i}")}))
            .collect();
        json_reply(json!({"kind": "customsearch#search", "items": items}))
    })
    .await;
    let cfg = WebConfig {
        engine: "google_pse".into(),
        google_pse_api_key: "gk".into(),
        google_pse_engine_id: "cx1".into(),
        google_pse_base_url: f.base.clone(),
        webui_url: "https://owui.example".into(),
        result_count: 12,
        ..Default::default()
    };
    let r = search(&http(), &cfg, "pages").await.unwrap();
    assert_eq!(r.len(), 12);
    assert_eq!(r[11].link, "https://r12.example/");
    let seen = f.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].path, "/customsearch/v1");
    assert_eq!(
        (seen[0].q("num"), seen[0].q("start")),
        (Some("10"), Some("1"))
    );
    assert_eq!(
        (seen[1].q("num"), seen[1].q("start")),
        (Some("2"), Some("11"))
    );
    assert_eq!(
        (seen[0].q("cx"), seen[0].q("key"), seen[0].q("q")),
        (Some("cx1"), Some("gk"), Some("pages"))
    );
    assert_eq!(seen[0].header("referer"), Some("https://owui.example"));
}

#[tokio::test]
async fn serper_sorted_by_position() {
    let f = fake(|_, _| {
        json_reply(json!({"searchParameters": {"q": "q"}, "organic": [
            {"title": "Two", "link": "https://two.example/", "snippet": "2", "position": 2},
            {"title": "One", "link": "https://one.example/", "snippet": "1", "position": 1}
        ]}))
    })
    .await;
    let cfg = WebConfig {
        engine: "serper".into(),
        serper_api_key: "sk".into(),
        serper_base_url: f.base.clone(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(links(&r), ["https://one.example/", "https://two.example/"]);
    let s = &f.seen()[0];
    assert_eq!((s.method.as_str(), s.path.as_str()), ("POST", "/search"));
    assert_eq!(s.header("x-api-key"), Some("sk"));
    assert_eq!(s.json(), json!({"q": "q"}));
}

#[tokio::test]
async fn jina_caps_count_at_ten_and_ignores_the_filter() {
    let f = fake(|_, _| {
        json_reply(json!({"code": 200, "status": 20000, "data": [
            {"title": "J", "url": "https://blocked.example/j", "content": "jina text", "description": "d"}
        ]}))
    })
    .await;
    let cfg = WebConfig {
        engine: "jina".into(),
        jina_api_key: "jina_key".into(),
        jina_api_base_url: format!("{}/", f.base),
        result_count: 20,
        domain_filter_list: vec!["!blocked.example".into()],
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(links(&r), ["https://blocked.example/j"]);
    assert_eq!(r[0].snippet.as_deref(), Some("jina text"));
    let s = &f.seen()[0];
    assert_eq!((s.method.as_str(), s.path.as_str()), ("POST", "/"));
    assert_eq!(s.header("authorization"), Some("jina_key"));
    assert_eq!(s.header("x-retain-images"), Some("none"));
    assert_eq!(s.json(), json!({"q": "q", "count": 10}));
}

#[tokio::test]
async fn kagi_posts_query_and_limit() {
    let f = fake(|_, _| {
        json_reply(json!({"meta": {"id": "x"}, "data": {"search": [
            {"t": 0, "url": "https://k.example/", "title": "K", "snippet": "ks"}
        ]}}))
    })
    .await;
    let cfg = WebConfig {
        engine: "kagi".into(),
        kagi_search_api_key: "kk".into(),
        kagi_base_url: f.base.clone(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(
        r,
        vec![SearchResult {
            link: "https://k.example/".into(),
            title: Some("K".into()),
            snippet: Some("ks".into())
        }]
    );
    let s = &f.seen()[0];
    assert_eq!(
        (s.method.as_str(), s.path.as_str()),
        ("POST", "/api/v1/search")
    );
    assert_eq!(s.header("authorization"), Some("Bearer kk"));
    assert_eq!(s.json(), json!({"query": "q", "limit": 3}));
}

#[tokio::test]
async fn bing_reads_web_pages_names() {
    let f = fake(|_, _| {
        json_reply(json!({"_type": "SearchResponse", "webPages": {"value": [
            {"id": "1", "name": "Bing One", "url": "https://b1.example/", "snippet": "bs1"}
        ]}}))
    })
    .await;
    let cfg = WebConfig {
        engine: "bing".into(),
        bing_search_v7_endpoint: format!("{}/v7.0/search", f.base),
        bing_search_v7_subscription_key: "bingkey".into(),
        locale: "en-US".into(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(r[0].title.as_deref(), Some("Bing One"));
    let s = &f.seen()[0];
    assert_eq!(
        (s.method.as_str(), s.path.as_str()),
        ("GET", "/v7.0/search")
    );
    assert_eq!(s.header("ocp-apim-subscription-key"), Some("bingkey"));
    assert_eq!(
        (s.q("q"), s.q("mkt"), s.q("count")),
        (Some("q"), Some("en-US"), Some("3"))
    );
}

#[tokio::test]
async fn external_posts_query_and_count_and_swallows_failures() {
    let f = fake(|s, _| {
        if s.path == "/broken" {
            return Response::builder()
                .status(500)
                .body(Body::from("down"))
                .unwrap();
        }
        json_reply(json!([
            {"link": "https://e1.example/", "title": "E1", "snippet": "s1"},
            {"link": "https://e2.example/", "title": "E2", "snippet": "s2"},
            {"link": "https://e3.example/", "title": "E3", "snippet": "s3"},
            {"link": "https://e4.example/", "title": "E4", "snippet": "s4"}
        ]))
    })
    .await;
    let mut cfg = WebConfig {
        engine: "external".into(),
        external_web_search_url: format!("{}/search", f.base),
        external_web_search_api_key: "ek".into(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(
        links(&r),
        [
            "https://e1.example/",
            "https://e2.example/",
            "https://e3.example/"
        ]
    );
    let s = &f.seen()[0];
    assert_eq!((s.method.as_str(), s.path.as_str()), ("POST", "/search"));
    assert_eq!(s.header("authorization"), Some("Bearer ek"));
    assert_eq!(s.json(), json!({"query": "q", "count": 3}));
    cfg.external_web_search_url = format!("{}/broken", f.base);
    assert_eq!(search(&http(), &cfg, "q").await.unwrap(), vec![]);
}

#[tokio::test]
async fn mojeek_params_and_desc() {
    let f = fake(|_, _| {
        json_reply(json!({"response": {"status": "OK", "results": [
            {"url": "https://m.example/", "title": "M", "desc": "md"}
        ]}}))
    })
    .await;
    let cfg = WebConfig {
        engine: "mojeek".into(),
        mojeek_search_api_key: "mk".into(),
        mojeek_base_url: f.base.clone(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(r[0].snippet.as_deref(), Some("md"));
    let s = &f.seen()[0];
    assert_eq!(s.path, "/search");
    assert_eq!(
        (s.q("api_key"), s.q("fmt"), s.q("t"), s.q("q")),
        (Some("mk"), Some("json"), Some("3"), Some("q"))
    );
}

#[tokio::test]
async fn serpstack_over_http_when_https_is_off() {
    let f = fake(|_, _| {
        json_reply(json!({"request": {"success": true}, "organic_results": [
            {"position": 2, "title": "S2", "url": "https://s2.example/", "snippet": "two"},
            {"position": 1, "title": "S1", "url": "https://s1.example/", "snippet": "one"}
        ]}))
    })
    .await;
    let cfg = WebConfig {
        engine: "serpstack".into(),
        serpstack_api_key: "ak".into(),
        serpstack_https: false,
        serpstack_host: f.addr.to_string(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(links(&r), ["https://s1.example/", "https://s2.example/"]);
    let s = &f.seen()[0];
    assert_eq!(s.path, "/search");
    assert_eq!((s.q("access_key"), s.q("query")), (Some("ak"), Some("q")));
}

#[tokio::test]
async fn searchapi_and_serpapi_default_to_google() {
    let f = fake(|s, _| {
        if s.path == "/api/v1/search" {
            json_reply(json!({"organic_results": [{"position": 1, "title": "O", "link": "https://o.example/", "snippet": "o"}],
                "top_stories": [{"title": "News", "link": "https://news.example/", "source": "N"}]}))
        } else {
            json_reply(json!({"search_metadata": {"status": "Success"}, "organic_results": [
                {"position": 2, "title": "P2", "link": "https://p2.example/", "snippet": "p2"},
                {"position": 1, "title": "P1", "link": "https://p1.example/", "snippet": "p1"}]}))
        }
    })
    .await;
    let cfg = WebConfig {
        engine: "searchapi".into(),
        searchapi_api_key: "sa".into(),
        searchapi_base_url: f.base.clone(),
        serpapi_api_key: "sp".into(),
        serpapi_base_url: f.base.clone(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(links(&r), ["https://o.example/", "https://news.example/"]);
    let r = search(
        &http(),
        &WebConfig {
            engine: "serpapi".into(),
            ..cfg.clone()
        },
        "q",
    )
    .await
    .unwrap();
    assert_eq!(links(&r), ["https://p1.example/", "https://p2.example/"]);
    let seen = f.seen();
    assert_eq!(
        (seen[0].q("engine"), seen[0].q("api_key"), seen[0].q("link")),
        (Some("google"), Some("sa"), Some("resolved"))
    );
    assert_eq!(seen[1].path, "/search");
    assert_eq!(
        (seen[1].q("engine"), seen[1].q("api_key"), seen[1].q("link")),
        (Some("google"), Some("sp"), None)
    );
}

#[tokio::test]
async fn serply_puts_the_query_in_the_path() {
    let f = fake(|_, _| {
        json_reply(json!({"results": [
            {"title": "Y2", "link": "https://y2.example/", "description": "d2", "realPosition": 2},
            {"title": "Y1", "link": "https://y1.example/", "description": "d1", "realPosition": 1}
        ]}))
    })
    .await;
    let cfg = WebConfig {
        engine: "serply".into(),
        serply_api_key: "yk".into(),
        serply_base_url: f.base.clone(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "a b").await.unwrap();
    assert_eq!(links(&r), ["https://y1.example/", "https://y2.example/"]);
    let s = &f.seen()[0];
    assert_eq!(s.path, "/v1/search/q=a+b&language=en&num=10&gl=US&hl=us");
    assert_eq!(s.header("x-api-key"), Some("yk"));
    assert_eq!(s.header("x-proxy-location"), Some("US"));
    assert_eq!(s.header("x-user-agent"), Some("desktop"));
}

#[tokio::test]
async fn exa_sends_domains_and_cuts_snippets() {
    let f = fake(|_, _| {
        json_reply(json!({"requestId": "r", "results": [
            {"id": "https://x.example/", "url": "https://x.example/", "title": "X", "text": "abcdefghij"}
        ]}))
    })
    .await;
    let cfg = WebConfig {
        engine: "exa".into(),
        exa_api_key: "xk".into(),
        exa_base_url: f.base.clone(),
        exa_max_content_length: Some(4),
        domain_filter_list: vec!["x.example".into()],
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(r[0].snippet.as_deref(), Some("abcd"));
    let s = &f.seen()[0];
    assert_eq!((s.method.as_str(), s.path.as_str()), ("POST", "/search"));
    assert_eq!(s.header("authorization"), Some("Bearer xk"));
    assert_eq!(
        s.json(),
        json!({"query": "q", "numResults": 3, "includeDomains": ["x.example"],
               "contents": {"text": {"maxCharacters": 4}}, "type": "auto"})
    );
}

#[tokio::test]
async fn bocha_reads_summaries() {
    let f = fake(|_, _| {
        json_reply(json!({"code": 200, "data": {"_type": "SearchResponse", "webPages": {"value": [
            {"id": "1", "name": "Bo", "url": "https://bo.example/", "snippet": "short", "summary": "long summary"}
        ]}}}))
    })
    .await;
    let cfg = WebConfig {
        engine: "bocha".into(),
        bocha_search_api_key: "bo".into(),
        bocha_base_url: f.base.clone(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(
        (r[0].title.as_deref(), r[0].snippet.as_deref()),
        (Some("Bo"), Some("long summary"))
    );
    let s = &f.seen()[0];
    assert_eq!(
        (s.method.as_str(), s.path.as_str(), s.q("utm_source")),
        ("POST", "/v1/web-search", Some("ollama"))
    );
    assert_eq!(s.header("authorization"), Some("Bearer bo"));
    assert_eq!(
        s.json(),
        json!({"query": "q", "summary": true, "freshness": "noLimit", "count": 3})
    );
}

#[tokio::test]
async fn yacy_appends_the_json_path_and_sorts_by_ranking() {
    let f = fake(|_, _| {
        json_reply(json!({"channels": [{"title": "YaCy", "items": [
            {"title": "Low", "link": "https://low.example/", "description": "l", "ranking": 1.0},
            {"title": "High", "link": "https://high.example/", "description": "h", "ranking": 7.5}
        ]}]}))
    })
    .await;
    let cfg = WebConfig {
        engine: "yacy".into(),
        yacy_query_url: format!("{}/", f.base),
        yacy_username: "admin".into(),
        yacy_password: "pw".into(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(links(&r), ["https://high.example/", "https://low.example/"]);
    let s = &f.seen()[0];
    assert_eq!(s.path, "/yacysearch.json");
    assert_eq!(
        (s.q("query"), s.q("maximumRecords"), s.q("resource")),
        (Some("q"), Some("3"), Some("global"))
    );
    assert_eq!(s.header("authorization"), Some("Basic YWRtaW46cHc="));
}

#[tokio::test]
async fn perplexity_search_posts_max_results() {
    let f = fake(|_, _| {
        json_reply(json!({"results": [
            {"title": "P", "url": "https://p.example/", "snippet": "ps", "date": "2025-01-01"}
        ], "id": "x"}))
    })
    .await;
    let cfg = WebConfig {
        engine: "perplexity_search".into(),
        perplexity_api_key: "pk".into(),
        perplexity_search_api_url: format!("{}/search", f.base),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(links(&r), ["https://p.example/"]);
    let s = &f.seen()[0];
    assert_eq!(s.header("authorization"), Some("Bearer pk"));
    assert_eq!(s.header("x-pplx-integration"), Some("open-webui/0.12.4"));
    assert_eq!(s.json(), json!({"query": "q", "max_results": 3}));
}

#[tokio::test]
async fn ollama_cloud_posts_and_defaults_missing_fields() {
    let f = fake(|_, _| {
        json_reply(json!({"results": [
            {"title": "O", "url": "https://o.example/", "content": "oc"},
            {"url": "https://bare.example/"}
        ]}))
    })
    .await;
    let cfg = WebConfig {
        engine: "ollama_cloud".into(),
        ollama_cloud_api_key: "ok".into(),
        ollama_cloud_base_url: f.base.clone(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(
        r[1],
        SearchResult {
            link: "https://bare.example/".into(),
            title: Some(String::new()),
            snippet: Some(String::new())
        }
    );
    let s = &f.seen()[0];
    assert_eq!(
        (s.method.as_str(), s.path.as_str()),
        ("POST", "/api/web_search")
    );
    assert_eq!(s.header("authorization"), Some("Bearer ok"));
    assert_eq!(s.json(), json!({"query": "q", "max_results": 3}));
}

#[tokio::test]
async fn openserp_and_serphouse() {
    let f = fake(|s, _| {
        if s.path == "/mega/search" {
            json_reply(json!({"results": [{"url": "https://os.example/", "title": "OS", "snippet": "oss", "engine": "google"}]}))
        } else {
            json_reply(json!({"status": "success", "results": {"results": {"organic": [
                {"position": 2, "title": "H2", "link": "https://h2.example/", "snippet": "h2"},
                {"position": 1, "title": "No link"},
                {"position": 0, "title": "H0", "link": "https://h0.example/", "snippet": "h0"}
            ]}}}))
        }
    })
    .await;
    let cfg = WebConfig {
        engine: "openserp".into(),
        openserp_base_url: f.base.clone(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(links(&r), ["https://os.example/"]);
    let cfg = WebConfig {
        engine: "serphouse".into(),
        serphouse_api_key: "hk".into(),
        serphouse_domain: " ".into(),
        serphouse_base_url: f.base.clone(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(links(&r), ["https://h0.example/", "https://h2.example/"]);
    let seen = f.seen();
    assert_eq!(
        (seen[0].q("text"), seen[0].q("limit")),
        (Some("q"), Some("3"))
    );
    let s = &seen[1];
    assert_eq!(s.path, "/serp/live");
    assert_eq!(s.header("authorization"), Some("Bearer hk"));
    assert_eq!(
        (
            s.q("domain"),
            s.q("num_result"),
            s.q("serp_type"),
            s.q("page")
        ),
        (Some("google.com"), Some("3"), Some("web"), Some("1"))
    );
}

#[tokio::test]
async fn youcom_joins_description_and_snippets() {
    let f = fake(|_, _| {
        json_reply(json!({"results": {"web": [
            {"url": "https://y.example/", "title": "Y", "description": "desc", "snippets": ["one", "two"]}
        ]}, "metadata": {}}))
    })
    .await;
    let cfg = WebConfig {
        engine: "youcom".into(),
        youcom_api_key: "yk".into(),
        youcom_base_url: f.base.clone(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(r[0].snippet.as_deref(), Some("desc\n\none\n\ntwo"));
    let s = &f.seen()[0];
    assert_eq!(s.path, "/v1/search");
    assert_eq!(s.header("x-api-key"), Some("yk"));
    assert_eq!(
        (s.q("query"), s.q("count"), s.q("language")),
        (Some("q"), Some("3"), Some("EN"))
    );
}

#[tokio::test]
async fn brave_llm_context_reads_grounding() {
    let f = fake(|_, _| {
        json_reply(json!({"grounding": {"generic": [
            {"url": "https://g.example/", "title": "G", "snippets": ["p1", "p2"]}
        ]}, "sources": {}}))
    })
    .await;
    let cfg = WebConfig {
        engine: "brave_llm_context".into(),
        brave_search_api_key: "bk".into(),
        brave_base_url: f.base.clone(),
        ..Default::default()
    };
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(r[0].snippet.as_deref(), Some("p1\n\np2"));
    let s = &f.seen()[0];
    assert_eq!(s.path, "/res/v1/llm/context");
    assert_eq!(
        (s.q("count"), s.q("maximum_number_of_tokens")),
        (Some("3"), Some("8192"))
    );
}

#[tokio::test]
async fn linkup_merges_params_into_the_body() {
    let f = fake(|s, _| {
        if s.json()["outputType"] == "searchResults" {
            json_reply(json!({"results": [{"type": "text", "name": "R", "url": "https://r.example/", "content": "rc"}]}))
        } else {
            json_reply(json!({"answer": "a", "sources": [{"name": "S", "url": "https://s.example/", "snippet": "ss"}]}))
        }
    })
    .await;
    let mut cfg = WebConfig {
        engine: "linkup".into(),
        linkup_api_key: "lk".into(),
        ..Default::default()
    };
    cfg.linkup_search_params
        .insert("url".into(), json!(format!("{}/v1/search", f.base)));
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(
        (r[0].title.as_deref(), r[0].snippet.as_deref()),
        (Some("S"), Some("ss"))
    );
    cfg.linkup_search_params
        .insert("outputType".into(), json!("searchResults"));
    let r = search(&http(), &cfg, "q").await.unwrap();
    assert_eq!(
        (r[0].title.as_deref(), r[0].snippet.as_deref()),
        (Some("R"), Some("rc"))
    );
    let s = &f.seen()[0];
    assert_eq!(s.path, "/v1/search");
    assert_eq!(s.header("authorization"), Some("Bearer lk"));
    assert_eq!(
        s.json(),
        json!({"depth": "standard", "outputType": "sourcedAnswer", "q": "q", "maxResults": 3})
    );
}

#[tokio::test]
async fn missing_settings_are_upstreams_errors() {
    let cases = [
        (
            "searxng",
            "No SEARXNG_QUERY_URL found in environment variables",
        ),
        ("yacy", "No YACY_QUERY_URL found in environment variables"),
        (
            "google_pse",
            "No GOOGLE_PSE_API_KEY or GOOGLE_PSE_ENGINE_ID found in environment variables",
        ),
        (
            "brave",
            "No BRAVE_SEARCH_API_KEY found in environment variables",
        ),
        (
            "kagi",
            "No KAGI_SEARCH_API_KEY found in environment variables",
        ),
        (
            "mojeek",
            "No MOJEEK_SEARCH_API_KEY found in environment variables",
        ),
        (
            "bocha",
            "No BOCHA_SEARCH_API_KEY found in environment variables",
        ),
        (
            "serpstack",
            "No SERPSTACK_API_KEY found in environment variables",
        ),
        ("serper", "No SERPER_API_KEY found in environment variables"),
        ("serply", "No SERPLY_API_KEY found in environment variables"),
        ("tavily", "No TAVILY_API_KEY found in environment variables"),
        ("exa", "No EXA_API_KEY found in environment variables"),
        (
            "searchapi",
            "No SEARCHAPI_API_KEY found in environment variables",
        ),
        (
            "serpapi",
            "No SERPAPI_API_KEY found in environment variables",
        ),
        (
            "perplexity_search",
            "No PERPLEXITY_API_KEY found in environment variables",
        ),
        (
            "",
            "No search engine API key found in environment variables",
        ),
        (
            "nonsense",
            "No search engine API key found in environment variables",
        ),
    ];
    for (engine, msg) in cases {
        let cfg = WebConfig {
            engine: engine.into(),
            ..Default::default()
        };
        match search(&http(), &cfg, "q").await {
            Err(Error::Invalid(m)) => assert_eq!(m, msg, "{engine}"),
            other => panic!("{engine}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn filter_allow_entries_match_on_label_boundaries_and_ranges() {
    let r = |l: &str| SearchResult {
        link: l.into(),
        title: None,
        snippet: None,
    };
    let all = vec![
        r("https://api.corp.com/x"),
        r("https://evilcorp.com/x"),
        r("https://corp.com/"),
        r("https://bad.corp.com/"),
        r("ftp://corp.com/"),
        r("not a url"),
        r("http://10.1.2.3/"),
    ];
    let list = vec![
        "corp.com".to_string(),
        "!bad.corp.com".into(),
        "10.0.0.0/8".into(),
    ];
    let kept = filter_results(all, &list).await;
    assert_eq!(
        links(&kept),
        [
            "https://api.corp.com/x",
            "https://corp.com/",
            "http://10.1.2.3/"
        ]
    );
}

// ---------------------------------------------------------------- guard

fn refused(cfg: &WebConfig, url: &str) -> bool {
    match validate_url(cfg, url) {
        Err(Error::Invalid(m)) => {
            assert_eq!(m, INVALID_URL);
            true
        }
        Err(e) => panic!("{url}: {e:?}"),
        Ok(()) => false,
    }
}

#[test]
fn validate_url_refuses_schemes_and_non_global_hosts() {
    let cfg = WebConfig::default();
    for url in [
        "file:///etc/passwd",
        "gopher://example.com/",
        "ftp://example.com/",
        "javascript:alert(1)",
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[2002:7f00:1::]/",
        "http://[::]/",
        "http://0.0.0.0/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "http://[ff02::1]/",
        "http://224.0.0.1/",
        "http://255.255.255.255/",
        "http://localhost/",
        "http://intranet:8080/",
        "http://metadata.google.internal/",
        "http://127.0.0.1\\@1.1.1.1/",
        "http://example.com/\tx",
        "not a url",
    ] {
        assert!(refused(&cfg, url), "{url} should be refused");
    }
    for url in [
        "https://example.com/page",
        "http://93.184.215.14/",
        "http://[2606:4700::1111]/",
        "HTTPS://Example.COM",
    ] {
        assert!(!refused(&cfg, url), "{url} should pass");
    }
}

#[test]
fn local_fetch_allows_private_hosts_but_keeps_the_block_list() {
    let cfg = WebConfig {
        allow_local_fetch: true,
        ..Default::default()
    };
    for url in [
        "http://127.0.0.1:8080/",
        "http://localhost/",
        "http://2130706433/",
        "http://10.0.0.1/",
        "http://intranet/",
    ] {
        assert!(!refused(&cfg, url), "{url} should pass with local fetch on");
    }
    for url in [
        "http://169.254.169.254/",
        "http://metadata.google.internal/",
        "http://[fd00:ec2::254]/",
        "file:///etc/passwd",
    ] {
        assert!(refused(&cfg, url), "{url} stays refused");
    }
    let cfg = WebConfig {
        fetch_filter_list: vec!["docs.example".into()],
        ..Default::default()
    };
    assert!(!refused(&cfg, "https://api.docs.example/"));
    assert!(refused(&cfg, "https://other.example/"));
}

#[test]
fn global_addresses() {
    let g = |s: &str| is_global(s.parse::<IpAddr>().unwrap());
    for a in ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "2a00:1450::1"] {
        assert!(g(a), "{a}");
    }
    for a in [
        "127.0.0.1",
        "10.0.0.1",
        "100.64.0.1",
        "169.254.1.1",
        "192.0.2.1",
        "198.18.0.1",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fec0::1",
        "ff02::1",
        "2001:db8::1",
        "::ffff:10.0.0.1",
        "::7f00:1",
        "64:ff9b::c0a8:1",
        "2001:0:4136:e378:8000:63bf:80ff:fffe",
    ] {
        assert!(!g(a), "{a}");
    }
}

#[test]
fn youtube_urls() {
    for u in [
        "https://www.youtube.com/watch?v=x",
        "youtu.be/abc",
        "http://youtube.com/shorts/1",
    ] {
        assert!(is_youtube(u), "{u}");
    }
    for u in [
        "https://youtube.com/",
        "https://m.youtube.com/watch?v=x",
        "https://notyoutube.com/x",
        "https://example.com/youtube.com/x",
    ] {
        assert!(!is_youtube(u), "{u}");
    }
}

// ---------------------------------------------------------------- loader

const PAGE: &str = r#"<!doctype html><html lang="fr"><head><title>Caf&eacute; page</title>
<meta name="description" content="A page about coffee"><script>var secret = "no";</script></head>
<body><h1>Hello</h1><p>Para <a href="/x">link</a> text.</p></body></html>"#;

/// A name lookup that answers every name with one address, as a DNS
/// server pointing names (or rebinding them) at 127.0.0.1 would.
struct PointAt(IpAddr);

impl Resolve for PointAt {
    fn resolve(&self, _: Name) -> Resolving {
        let ip = self.0;
        Box::pin(async move { Ok(Box::new(std::iter::once(SocketAddr::new(ip, 0))) as Addrs) })
    }
}

fn local() -> WebConfig {
    WebConfig {
        allow_local_fetch: true,
        trust_env: false,
        ..Default::default()
    }
}

#[tokio::test]
async fn loads_pages_with_text_and_metadata() {
    let f = fake(|s, _| match s.path.as_str() {
        "/page" => html_reply("text/html; charset=utf-8", PAGE),
        "/latin1" => html_reply(
            "text/html; charset=ISO-8859-1",
            b"<p>caf\xe9 cr\xe8me</p>".to_vec(),
        ),
        "/meta" => html_reply(
            "text/html",
            b"<meta charset=\"windows-1252\"><p>na\xefve</p>".to_vec(),
        ),
        _ => html_reply("text/html", "<p>plain</p>"),
    })
    .await;
    let urls = vec![
        format!("{}/page", f.base),
        format!("{}/latin1", f.base),
        format!("{}/meta", f.base),
        format!("{}/bare", f.base),
    ];
    let docs = load(&local(), &urls).await.unwrap();
    assert_eq!(docs.len(), 4);
    let d = &docs[0];
    assert!(
        d.text.contains("Hello") && d.text.contains("Para link text."),
        "{:?}",
        d.text
    );
    assert!(!d.text.contains("secret"), "{:?}", d.text);
    assert_eq!(d.metadata["source"], json!(urls[0]));
    assert_eq!(d.metadata["title"], json!("Café page"));
    assert_eq!(d.metadata["description"], json!("A page about coffee"));
    assert_eq!(d.metadata["language"], json!("fr"));
    assert!(docs[1].text.contains("café crème"), "{:?}", docs[1].text);
    assert!(docs[2].text.contains("naïve"), "{:?}", docs[2].text);
    assert_eq!(docs[3].metadata.get("title"), None);
    assert_eq!(docs[3].metadata["language"], json!("No language found."));
    let s = &f.seen()[0];
    assert_eq!(s.header("user-agent"), Some("DefaultLangchainUserAgent"));
    assert_eq!(s.header("referer"), Some("https://www.google.com/"));
}

#[tokio::test]
async fn loopback_is_refused_unless_local_fetch_is_allowed() {
    let f = fake(|_, _| html_reply("text/html", "<p>internal</p>")).await;
    let urls = vec![
        format!("{}/", f.base),
        format!("http://localhost:{}/", f.addr.port()),
    ];
    let off = WebConfig {
        trust_env: false,
        ..Default::default()
    };
    match load(&off, &urls).await {
        Err(Error::Invalid(m)) => assert_eq!(m, INVALID_URL),
        other => panic!("{other:?}"),
    }
    assert!(f.seen().is_empty());
    assert_eq!(load(&local(), &urls).await.unwrap().len(), 2);
}

#[tokio::test]
async fn names_resolving_to_loopback_are_refused_at_connect_time() {
    let f = fake(|_, _| html_reply("text/html", "<p>internal</p>")).await;
    let urls = vec![format!("http://rebind.example:{}/", f.addr.port())];
    let lookup: Arc<dyn Resolve> = Arc::new(PointAt("127.0.0.1".parse().unwrap()));
    let off = WebConfig {
        trust_env: false,
        ..Default::default()
    };
    let docs = load_with(&off, &urls, Some(lookup.clone()), &[])
        .await
        .unwrap();
    assert!(docs.is_empty());
    assert!(
        f.seen().is_empty(),
        "no request reached the internal server"
    );
    let lookup6: Arc<dyn Resolve> = Arc::new(PointAt("::ffff:127.0.0.1".parse().unwrap()));
    assert!(
        load_with(&off, &urls, Some(lookup6), &[])
            .await
            .unwrap()
            .is_empty()
    );
    // the same lookup with local fetch allowed reaches the page
    let docs = load_with(&local(), &urls, Some(lookup), &[]).await.unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(f.seen().len(), 1);
}

#[tokio::test]
async fn every_redirect_hop_is_checked() {
    let internal = fake(|_, _| html_reply("text/html", "<p>internal secret</p>")).await;
    let port = internal.addr.port();
    let target = move |p: &str| match p {
        "/to-loopback" => format!("http://127.0.0.1:{port}/secret"),
        "/to-decimal" => format!("http://2130706433:{port}/secret"),
        "/to-mapped" => format!("http://[::ffff:127.0.0.1]:{port}/secret"),
        "/to-metadata" => "http://169.254.169.254/latest/meta-data/".to_string(),
        "/to-rebind" => format!("http://rebind.example:{port}/secret"),
        "/to-file" => "file:///etc/passwd".to_string(),
        "/to-relative" => "/final".to_string(),
        "/loop" => "/loop".to_string(),
        _ => String::new(),
    };
    let allowed = fake(move |s, _| match target(&s.path) {
        t if t.is_empty() => html_reply("text/html", "<p>public final page</p>"),
        t => redirect(&t),
    })
    .await;
    let pins = [("allowed.example", allowed.addr)];
    let cfg = WebConfig {
        allow_redirects: true,
        trust_env: false,
        ..Default::default()
    };
    let lookup: Arc<dyn Resolve> = Arc::new(PointAt("127.0.0.1".parse().unwrap()));
    let url = |p: &str| format!("http://allowed.example:{}{p}", allowed.addr.port());
    for p in [
        "/to-loopback",
        "/to-decimal",
        "/to-mapped",
        "/to-metadata",
        "/to-rebind",
        "/to-file",
        "/loop",
    ] {
        let docs = load_with(&cfg, &[url(p)], Some(lookup.clone()), &pins)
            .await
            .unwrap();
        assert!(docs.is_empty(), "{p}: {docs:?}");
    }
    assert!(
        internal.seen().is_empty(),
        "no hop reached the internal server"
    );
    assert_eq!(
        allowed.seen().iter().filter(|s| s.path == "/loop").count(),
        MAX_REDIRECTS + 1
    );
    // a redirect to an allowed place is followed
    let docs = load_with(&cfg, &[url("/to-relative")], None, &pins)
        .await
        .unwrap();
    assert_eq!(docs.len(), 1);
    assert!(docs[0].text.contains("public final page"));
    assert_eq!(docs[0].metadata["source"], json!(url("/to-relative")));
    // with redirects off (upstream's default) the 3xx body is what is read
    let off = WebConfig {
        allow_redirects: false,
        ..cfg
    };
    let docs = load_with(&off, &[url("/to-relative")], None, &pins)
        .await
        .unwrap();
    assert_eq!(docs[0].text.trim(), "moved");
}

#[tokio::test]
async fn bodies_are_cut_at_the_size_cap() {
    let f = fake(|_, _| html_reply("text/plain", "a".repeat(200_000))).await;
    let cfg = WebConfig {
        max_page_bytes: 1000,
        ..local()
    };
    let docs = load(&cfg, &[format!("{}/big", f.base)]).await.unwrap();
    let n = docs[0].text.chars().filter(|c| *c == 'a').count();
    assert_eq!(n, 1000);
}

#[tokio::test]
async fn concurrency_is_bounded_and_order_kept() {
    let now = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let (n2, p2) = (now.clone(), peak.clone());
    let app = axum::Router::new().fallback(move |req: Request| {
        let (now, peak) = (n2.clone(), p2.clone());
        async move {
            let inflight = now.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(inflight, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(150)).await;
            now.fetch_sub(1, Ordering::SeqCst);
            html_reply("text/html", format!("<p>page {}</p>", req.uri().path()))
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let urls: Vec<String> = (0..6).map(|i| format!("http://{addr}/p{i}")).collect();
    let cfg = WebConfig {
        loader_concurrent_requests: 2,
        ..local()
    };
    let docs = load(&cfg, &urls).await.unwrap();
    assert_eq!(peak.load(Ordering::SeqCst), 2);
    let texts: Vec<String> = docs.iter().map(|d| d.text.trim().to_string()).collect();
    assert_eq!(
        texts,
        (0..6).map(|i| format!("page /p{i}")).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn unknown_loader_engines_are_refused() {
    let cfg = WebConfig {
        loader_engine: "magic".into(),
        ..local()
    };
    match load(&cfg, &["http://127.0.0.1:9/".to_string()]).await {
        Err(Error::Invalid(m)) => {
            assert!(m.starts_with("Invalid WEB_LOADER_ENGINE: magic."), "{m}")
        }
        other => panic!("{other:?}"),
    }
}
