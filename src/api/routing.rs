//! Each area lists its routes once, in [`routes!`], and gets them built
//! two ways from that list:
//!
//! - `routes()`, the axum router `owui serve` runs: nothing but the
//!   handlers, so starting the server costs no description work;
//! - `documented()`, the same paths and handlers through aide, which reads
//!   each handler's extractors and answer to describe it. Only
//!   `/openapi.json` builds these, the first time it is asked for.
//!
//! A route's description (`post_with(handler, built::relayed)`) is written
//! in the list, so the plain build takes the same expression and ignores it.

use aide::transform::TransformOperation;
use axum::handler::Handler;
use axum::routing::MethodRouter;

/// What the plain build uses for the route list's method functions.
pub mod plain {
    pub use super::PlainWith;
    pub use axum::routing::{delete, get, patch, post, put};

    macro_rules! with {
        ($($name:ident => $plain:ident),*) => {$(
            /// The plain route; the description is for the documented build.
            pub fn $name<H, T, S, F>(handler: H, _describe: F) -> axum::routing::MethodRouter<S>
            where
                H: axum::handler::Handler<T, S>,
                T: 'static,
                S: Clone + Send + Sync + 'static,
                F: FnOnce(aide::transform::TransformOperation<'_>) -> aide::transform::TransformOperation<'_>,
            {
                axum::routing::$plain(handler)
            }
        )*};
    }
    with!(get_with => get, post_with => post, delete_with => delete, put_with => put, patch_with => patch);
}

/// What the documented build uses: aide's own.
pub mod documented {
    pub use aide::axum::routing::{
        delete, delete_with, get, get_with, patch, patch_with, post, post_with, put, put_with,
    };
}

/// `.post_with(handler, describe)` on a plain method router: `.post(handler)`.
pub trait PlainWith<S>: Sized {
    fn get_with<H, T, F>(self, handler: H, describe: F) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
        F: FnOnce(TransformOperation<'_>) -> TransformOperation<'_>;
    fn post_with<H, T, F>(self, handler: H, describe: F) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
        F: FnOnce(TransformOperation<'_>) -> TransformOperation<'_>;
    fn put_with<H, T, F>(self, handler: H, describe: F) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
        F: FnOnce(TransformOperation<'_>) -> TransformOperation<'_>;
    fn delete_with<H, T, F>(self, handler: H, describe: F) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
        F: FnOnce(TransformOperation<'_>) -> TransformOperation<'_>;
}

macro_rules! plain_with {
    ($($name:ident => $plain:ident),*) => {$(
        fn $name<H, T, F>(self, handler: H, _describe: F) -> Self
        where
            H: Handler<T, S>,
            T: 'static,
            F: FnOnce(TransformOperation<'_>) -> TransformOperation<'_>,
        {
            self.$plain(handler)
        }
    )*};
}

impl<S: Clone + Send + Sync + 'static> PlainWith<S> for MethodRouter<S> {
    plain_with!(get_with => get, post_with => post, put_with => put, delete_with => delete);
}

/// An area's routes: `"/path" => get(handler).post(other),` per route,
/// optionally after `layer: <layer>;` for a layer around the whole area
/// (applied to the served routes; it changes no description).
macro_rules! routes {
    ($(layer: $layer:expr;)? $($path:literal => $method:expr),* $(,)?) => {
        /// The area's routes, as served.
        pub fn routes() -> axum::Router<crate::api::AppState> {
            #[allow(unused_imports)]
            use crate::api::routing::plain::{
                delete, delete_with, get, get_with, patch, patch_with, post, post_with, put,
                put_with, PlainWith,
            };
            let r = axum::Router::new() $(.route($path, $method))*;
            $(let r = r.layer($layer);)?
            r
        }

        /// The area's routes, each with its description (for `/openapi.json`).
        pub fn documented() -> aide::axum::ApiRouter<crate::api::AppState> {
            #[allow(unused_imports)]
            use crate::api::routing::documented::{
                delete, delete_with, get, get_with, patch, patch_with, post, post_with, put,
                put_with,
            };
            aide::axum::ApiRouter::new() $(.api_route($path, $method))*
        }
    };
}
pub(crate) use routes;
