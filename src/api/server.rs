//! Accepting connections for `owui serve`: HTTP/1.1 and HTTP/2 (with
//! websocket upgrades), `TCP_NODELAY`, graceful shutdown, and the limits a
//! server on the internet needs against clients that hold connections
//! without finishing their requests.
//!
//! - A connection must send its first request's headers within
//!   `HEADER_READ_TIMEOUT` seconds of being accepted (this covers the
//!   protocol sniffing of the first bytes too), and every later request's
//!   headers within as long after the previous answer; else it is closed.
//! - A request must be answered within `REQUEST_TIMEOUT` seconds, body
//!   included, except on the routes that stream or wait on a model, a
//!   pipelines server or a large upload ([`untimed`]); else 408.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};

use super::App;
use super::error::ApiError;
use crate::config::Config;

/// A timeout in whole seconds from a setting; `None` when 0 (or negative).
pub fn seconds(cfg: &Config, name: &str, default: u64) -> Option<Duration> {
    let n = cfg.int(name).unwrap_or(default as i64);
    (n > 0).then(|| Duration::from_secs(n as u64))
}

/// Serve `app` on `listener` until `shutdown` completes, then wait for
/// the open connections to finish.
pub async fn accept(
    listener: TcpListener,
    app: App,
    header_read: Option<Duration>,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    // connections that have not asked anything yet are simply closed
    let (stopping, stop_rx) = tokio::sync::watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let tcp = tokio::select! {
            r = listener.accept() => match r {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_error(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // streamed answers are many small writes: send each at once
        let (tcp, peer) = tcp;
        let _ = tcp.set_nodelay(true);
        tokio::spawn(connection(
            tcp,
            peer,
            app.clone(),
            header_read,
            graceful.watcher(),
            stop_rx.clone(),
        ));
    }
    drop(listener);
    let _ = stopping.send(true);
    graceful.shutdown().await;
}

/// Connection errors of one client are its own; others (too many open
/// files) are the server's: wait a moment before accepting again.
async fn accept_error(e: std::io::Error) {
    use std::io::ErrorKind::*;
    if matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    ) {
        return;
    }
    tracing::error!("accepting a connection: {e}");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

async fn connection(
    tcp: TcpStream,
    peer: std::net::SocketAddr,
    app: App,
    header_read: Option<Duration>,
    watcher: Watcher,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) {
    let asked = Arc::new(AtomicBool::new(false));
    let seen = asked.clone();
    let svc = tower::ServiceExt::map_request(app, move |req: Request<hyper::body::Incoming>| {
        seen.store(true, Ordering::Relaxed);
        let mut req = req.map(Body::new);
        // the peer's address, for the sign-in limit per client
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        req
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    // the CONNECT protocol carries websockets over HTTP/2
    builder.http2().enable_connect_protocol();
    if let Some(t) = header_read {
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(t);
    }
    let conn = builder
        .serve_connection_with_upgrades(TokioIo::new(tcp), TowerToHyperService::new(svc))
        .into_owned();
    let conn = watcher.watch(conn);
    let mut conn = std::pin::pin!(conn);
    // before its first request a connection is only bytes: hyper's header
    // timeout starts after the protocol is known, so bound this part here;
    // and a shutdown does not wait for such a connection
    let deadline = async {
        match header_read {
            Some(t) => tokio::time::sleep(t).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = conn.as_mut() => return,
        () = deadline => {}
        _ = stopping.wait_for(|s| *s) => {}
    }
    if asked.load(Ordering::Relaxed) {
        let _ = conn.await;
    }
}

/// The routes [`request_timeout`] leaves alone: their answers stream, or
/// wait on a model, a pipelines server or a large upload or download.
pub fn untimed(method: &Method, path: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "/ws/",
        "/openai/",
        "/ollama/",
        "/api/chat/",
        "/api/v1/chat/",
        "/api/v1/tasks/",
        "/api/v1/pipelines/",
        "/api/v1/utils/db/",
    ];
    PREFIXES.iter().any(|p| path.starts_with(p))
        || path.ends_with("/embeddings")
        || path.ends_with("/compact")
        || (method == Method::POST && path == "/api/v1/files")
}

/// Answer 408 when a request takes longer than the limit (see the module
/// doc); the handler is dropped.
pub async fn request_timeout(
    State(limit): State<Option<Duration>>,
    req: Request,
    next: Next,
) -> Response {
    let Some(limit) = limit.filter(|_| !untimed(req.method(), req.uri().path())) else {
        return next.run(req).await;
    };
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "The request took too long and was stopped.",
        )
        .into_response(),
    }
}
