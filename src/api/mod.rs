//! `owui serve`: Open WebUI's REST API and socket.io events over the core.
//!
//! Each area has `routes()`; this file nests them under upstream's
//! prefixes and adds the cross-cutting layers (CORS, a panic in a handler
//! as a 500, `X-Process-Time`, body limits, socket.io, the single-page
//! app).

pub mod app;
pub mod auths;
pub mod channels;
pub mod chats;
pub mod client_ip;
pub mod completions;
pub mod configs;
pub mod error;
pub mod evaluations;
pub mod extract;
pub mod fastapi;
pub mod files;
pub mod folders;
pub mod functions;
pub mod groups;
pub mod knowledge;
pub mod memories;
pub mod models;
pub mod ollama;
pub mod openai;
pub mod openapi;
pub mod outside;
pub mod pipelines;
pub mod prompts;
pub mod retrieval;
pub mod routing;
pub mod server;
pub mod socket;
pub mod spa;
pub mod tasks;
pub mod tools;
pub mod users;
pub mod utils;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use socketioxide::SocketIo;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::normalize_path::NormalizePathLayer;

use crate::core::Ctx;
use crate::error::{Error, Result};

/// What every handler gets.
#[derive(Clone)]
pub struct AppState {
    pub cx: Ctx,
    pub io: SocketIo,
    pub api_key_header: Arc<str>,
    pub frontend: Option<Arc<PathBuf>>,
    pub config_cache: Arc<app::ConfigCache>,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<client_ip::TrustedProxies>,
}

/// CORS as `CORS_ALLOW_ORIGIN` says. `*` lets any site read answers but
/// never with the caller's credentials (`Access-Control-Allow-Origin: *`);
/// a list of origins gives exactly those origins credentials. Open WebUI
/// reflects any origin with credentials; owui does not.
fn cors(cx: &Ctx) -> CorsLayer {
    let origins: Vec<&str> = cx
        .cfg
        .get("CORS_ALLOW_ORIGIN")
        .split(';')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .collect();
    let layer = CorsLayer::new()
        .allow_methods(tower_http::cors::AllowMethods::mirror_request())
        .allow_headers(tower_http::cors::AllowHeaders::mirror_request());
    if origins.contains(&"*") {
        layer.allow_origin(AllowOrigin::any())
    } else {
        layer
            .allow_origin(AllowOrigin::list(
                origins
                    .into_iter()
                    .filter_map(|o| HeaderValue::from_str(o).ok()),
            ))
            .allow_credentials(true)
    }
}

async fn process_time(req: Request, next: Next) -> Response {
    let t = Instant::now();
    let mut r = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&format!("{:.6}", t.elapsed().as_secs_f64())) {
        r.headers_mut().insert("x-process-time", v);
    }
    r
}

/// Every area's routes under its prefix, as one router made with `$new`
/// from each area's `$routes()`: the served routes (`routes`) or the
/// documented ones (`documented`), from the one list.
macro_rules! areas {
    ($new:expr, $routes:ident) => {
        $new.merge(app::$routes())
            .merge(outside::$routes())
            .merge(completions::$routes())
            .nest(
                "/api/v1",
                $new.nest("/auths", auths::$routes())
                    .nest("/users", users::$routes())
                    .nest("/groups", groups::$routes())
                    .nest("/configs", configs::$routes())
                    .nest("/chats", chats::$routes())
                    .nest("/folders", folders::$routes())
                    .nest("/files", files::$routes())
                    .nest("/knowledge", knowledge::$routes())
                    .nest("/tools", tools::$routes())
                    .nest("/functions", functions::$routes())
                    .nest("/channels", channels::$routes())
                    .nest("/evaluations", evaluations::$routes())
                    .nest("/models", models::$routes())
                    .nest("/pipelines", pipelines::$routes())
                    .nest("/memories", memories::$routes())
                    .nest("/prompts", prompts::$routes())
                    .nest("/retrieval", retrieval::$routes())
                    .nest("/tasks", tasks::$routes())
                    .nest("/utils", utils::$routes()),
            )
            .nest("/openai", openai::$routes())
            .nest("/ollama", ollama::$routes())
    };
}

/// Every route with its description, for `/openapi.json`.
pub(crate) fn documented() -> aide::axum::ApiRouter<AppState> {
    areas!(aide::axum::ApiRouter::new(), documented)
}

/// The HTTP application as a service: upstream's paths end in `/` where
/// ours do not (`/api/v1/users/`), so a trailing slash is trimmed before
/// routing.
pub type App = tower_http::normalize_path::NormalizePath<Router>;

/// The whole HTTP application, and the socket.io handle for emitting.
pub fn router(cx: Ctx, frontend: Option<PathBuf>) -> (App, SocketIo) {
    let (sio_layer, io) = socket::layer(cx.clone());
    let st = AppState {
        api_key_header: Arc::from(cx.cfg.get("CUSTOM_API_KEY_HEADER").to_ascii_lowercase()),
        frontend: frontend.map(Arc::new),
        config_cache: Arc::default(),
        trusted_proxies: Arc::new(client_ip::TrustedProxies::parse(
            cx.cfg.get("FORWARDED_ALLOW_IPS"),
        )),
        io: io.clone(),
        cx: cx.clone(),
    };
    let app = areas!(Router::new(), routes)
        .route("/openapi.json", axum::routing::get(openapi::serve))
        .route("/static/{*path}", axum::routing::get(spa::static_files))
        .fallback(spa::fallback)
        .method_not_allowed_fallback(async || spa::method_not_allowed())
        .layer(DefaultBodyLimit::max(extract::JSON_BODY_LIMIT))
        .with_state(st)
        .layer(sio_layer)
        .layer(axum::middleware::from_fn_with_state(
            server::seconds(&cx.cfg, "REQUEST_TIMEOUT", 60),
            server::request_timeout,
        ))
        .layer(axum::middleware::from_fn(process_time))
        .layer(fastapi::catch_panics())
        .layer(cors(&cx));
    (
        tower::Layer::layer(&NormalizePathLayer::trim_trailing_slash(), app),
        io,
    )
}

/// Serve until SIGINT or SIGTERM.
pub async fn serve(cx: Ctx, addr: SocketAddr, frontend: Option<PathBuf>) -> Result<()> {
    if let Some(dir) = &frontend
        && !dir.join("index.html").is_file()
    {
        return Err(Error::invalid(format!(
            "{} has no index.html: not a built frontend",
            dir.display()
        )));
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Error::invalid(format!("cannot listen on {addr}: {e}")))?;
    let local = listener.local_addr().unwrap_or(addr);
    let repaired = cx
        .blocking(crate::core::completions::finish_left_undone)
        .await?;
    if repaired > 0 {
        tracing::warn!("{repaired} answers left unfinished by a stopped server were closed");
    }
    tracing::info!(
        "owui {} (Open WebUI {} API) listening on http://{}",
        crate::VERSION,
        crate::UPSTREAM_VERSION,
        local
    );
    let grace = Duration::from_secs_f64(
        cx.cfg
            .get("GRACEFUL_SHUTDOWN_TIMEOUT")
            .parse::<f64>()
            .unwrap_or(10.0)
            .clamp(0.0, 3600.0),
    );
    let (stopping, mut stopped) = tokio::sync::watch::channel(false);
    let signalled = {
        let cx = cx.clone();
        async move {
            shutdown().await;
            let _ = stopping.send(true);
            tracing::info!("stopping: saving the answers being written");
            if !crate::core::completions::stop_all(&cx, grace).await {
                tracing::warn!("answers still being saved after {grace:?}");
            }
        }
    };
    // open connections (streams, sockets) get the rest of the grace period
    let deadline = async move {
        let _ = stopped.wait_for(|s| *s).await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        () = serve_on(cx, listener, frontend, signalled) => {}
        () = deadline => {
            tracing::warn!("connections still open after {grace:?}: closing them");
        }
    }
    Ok(())
}

/// The whole server on a bound listener until `stop` completes: the
/// application, its background work and the connection handling of
/// [`server`] (what `owui serve` runs).
pub async fn serve_on(
    cx: Ctx,
    listener: tokio::net::TcpListener,
    frontend: Option<PathBuf>,
    stop: impl std::future::Future<Output = ()>,
) {
    let (app, io) = router(cx.clone(), frontend);
    background(cx.clone(), io);
    serve_app(&cx, listener, app, stop).await;
}

/// [`serve_on`] for an application already built (and its background
/// work started): the tests keep the socket.io handle this way.
pub async fn serve_app(
    cx: &Ctx,
    listener: tokio::net::TcpListener,
    app: App,
    stop: impl std::future::Future<Output = ()>,
) {
    let header_read = server::seconds(&cx.cfg, "HEADER_READ_TIMEOUT", 30);
    server::accept(listener, app, header_read, stop).await;
}

/// The server's background work: notice commits made by other
/// connections (another `owui` process) every 500 ms, and re-check socket
/// tokens every 30 s. Needs a running tokio runtime.
pub fn background(cx: Ctx, io: SocketIo) {
    let watcher = cx.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        loop {
            tick.tick().await;
            let cx = watcher.clone();
            let _ = tokio::task::spawn_blocking(move || cx.refresh_if_changed()).await;
        }
    });
    tokio::spawn(socket::forward_events(cx.clone(), io.clone()));
    if cx.store.bool("models.base_models_cache") {
        let warm = cx.clone();
        tokio::spawn(async move {
            crate::core::providers::base_models(&warm, true).await;
        });
    }
    tokio::spawn(socket::revalidate_forever(cx, io));
}

async fn shutdown() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
