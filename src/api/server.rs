//! Accepting connections for `owui serve`: HTTP/1.1 and HTTP/2 (with
//! websocket upgrades), `TCP_NODELAY`, graceful shutdown, and the limits a
//! server on the internet needs against clients that hold connections
//! without finishing their requests.
//!
//! - A connection must send its first request's headers within
//!   `HEADER_READ_TIMEOUT` seconds of being accepted (this covers the
//!   protocol sniffing of the first bytes too), and every later request's
//!   headers within as long after the previous answer; else it is closed.
//!   For HTTP/1 hyper's header timeout does this. HTTP/2 has none: hyper
//!   reads a stream's headers without a clock. So a connection of either
//!   kind with no request open for that long is told to go (HTTP/2:
//!   GOAWAY; the requests it already sent are still answered) and, if it
//!   is still there as long again with nothing open, closed; and an
//!   HTTP/2 peer that leaves a PING unanswered for that long is cut off
//!   (hyper's keep-alive, a PING after that long without a frame from
//!   it) — which is what a peer that starts a request's header block and
//!   never finishes it does, whatever else is open, since HTTP/2 allows no
//!   other frame in between. hyper's defaults bound the rest: 200 streams
//!   at once, a header list of 16 KiB, 20 streams reset by the
//!   client before the server took them up (the "rapid reset" attack).
//! - A request must be answered within `REQUEST_TIMEOUT` seconds, body
//!   included, except on the routes that stream or wait on a model, a
//!   pipelines server or a large upload ([`untimed`]); else 408.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

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
    // every connection holds a receiver until it ends, so a shutdown
    // waits for them all; those that have asked nothing yet are simply
    // closed
    let (stopping, stop_rx) = watch::channel(false);
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
            stop_rx.clone(),
        ));
    }
    drop(listener);
    drop(stop_rx);
    let _ = stopping.send(true);
    stopping.closed().await;
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

/// What a connection's requests are doing: how many are open (counted
/// until their answer's body is done) and how many have started.
#[derive(Clone, Default)]
struct Activity(Arc<watch::Sender<(usize, u64)>>);

/// An open request; dropped with its answer's body.
struct Open(Activity);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.0.send_modify(|(open, _)| *open -= 1);
    }
}

impl Activity {
    /// A request starts. A tunnel (an HTTP/2 CONNECT: a websocket) stays
    /// open as long as the connection: its answer's body ends at once.
    fn start(&self, tunnel: bool) -> Option<Open> {
        self.0.send_modify(|(open, started)| {
            *open += 1;
            *started += 1;
        });
        (!tunnel).then(|| Open(self.clone()))
    }

    fn asked(&self) -> bool {
        self.0.borrow().1 > 0
    }

    /// Resolves when no request has been open for `t`.
    async fn idle_for(&self, t: Duration) {
        let mut rx = self.0.subscribe();
        loop {
            if rx.wait_for(|(open, _)| *open == 0).await.is_err() {
                return;
            }
            let started = rx.borrow().1;
            let busy = rx.wait_for(|(open, s)| *open > 0 || *s != started);
            if tokio::time::timeout(t, busy).await.is_err() {
                return;
            }
        }
    }

    /// Resolves when no request is open.
    async fn quiet(&self) {
        let _ = self.0.subscribe().wait_for(|(open, _)| *open == 0).await;
    }
}

async fn connection(
    tcp: TcpStream,
    peer: std::net::SocketAddr,
    app: App,
    header_read: Option<Duration>,
    mut stopping: watch::Receiver<bool>,
) {
    let activity = Activity::default();
    let seen = activity.clone();
    let svc = tower::service_fn(move |req: Request<hyper::body::Incoming>| {
        let open = seen.start(req.method() == Method::CONNECT);
        let mut req = req.map(Body::new);
        // the peer's address, for the sign-in limit per client
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        let app = app.clone();
        async move {
            let res = tower::ServiceExt::oneshot(app, req).await?;
            // the request is open until its answer is sent
            Ok::<_, Infallible>(res.map(|b| {
                Body::new(b.map_frame(move |f| {
                    let _ = &open;
                    f
                }))
            }))
        }
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    // the CONNECT protocol carries websockets over HTTP/2
    builder.http2().enable_connect_protocol();
    if let Some(t) = header_read {
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(t);
        builder
            .http2()
            .timer(TokioTimer::new())
            .keep_alive_interval(t)
            .keep_alive_timeout(t);
    }
    let conn = builder
        .serve_connection_with_upgrades(TokioIo::new(tcp), TowerToHyperService::new(svc))
        .into_owned();
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
    if !activity.asked() {
        return;
    }
    let idle = async {
        match header_read {
            Some(t) => activity.idle_for(t).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stopping.wait_for(|s| *s) => {}
        () = idle => {}
    }
    // stopping, or idle: no new request; those open are answered. HTTP/2
    // closes only once the peer answers the GOAWAY's PING: one that does
    // not is closed when nothing of it is open any more.
    conn.as_mut().graceful_shutdown();
    let cut = async {
        match header_read {
            Some(t) => {
                tokio::time::sleep(t).await;
                activity.quiet().await;
            }
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = conn.as_mut() => {}
        () = cut => {}
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
