//! rasd's HTTP API over the event store (`rasd-store`), and the review page (`web/`, compiled
//! into the binary).
//!
//! [`router`] builds the whole service from a [`Stores`] handle and a [`Config`], so tests
//! drive it without a socket (`tower::ServiceExt::oneshot`); `rasd serve` binds it to an
//! address.
//!
//! * Reads run on a small pool of SQLite connections (WAL lets readers work beside the
//!   writer) on tokio's blocking threads, at most one query per connection at a time.
//! * Reviews go through one writer connection behind a mutex, and only with the bearer token
//!   of [`Config::token`]; without a configured token the server is read-only (403).
//! * Every error, including those axum produces itself (404, 405, 413), is the contract's
//!   `{"error": {"status", "message"}}`.
//! * Request bodies are bounded ([`Config::body_limit`]) and so are query strings
//!   ([`MAX_QUERY`]); query parameters are validated by name, and an unknown one is an error
//!   rather than silently ignored. All SQL is the store's, with bound parameters.
#![deny(missing_docs)]

mod assets;
mod cache;
mod error;
mod handlers;
mod openapi;
mod params;
mod pool;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

pub use error::{ApiError, Error};
pub use pool::{default_readers, Stores};

/// Longest query string accepted, in bytes; longer ones get 414. Every filter together fits
/// in a few hundred bytes, so this bounds only abuse.
pub const MAX_QUERY: usize = 4096;

/// How the server behaves.
#[derive(Clone)]
pub struct Config {
    /// Bearer token that review requests must carry. `None`: the server is read-only.
    pub token: Option<String>,
    /// Largest request body accepted, in bytes (a review is a few hundred bytes).
    pub body_limit: usize,
    /// How long a request may wait for a free database connection before it gets 503.
    pub queue_timeout: Duration,
    /// Answers kept until the database changes (lists, stats, event details); 0 turns the
    /// cache off.
    pub cache_entries: usize,
    /// Bytes the cached answers may take together.
    pub cache_bytes: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            token: None,
            body_limit: 64 * 1024,
            queue_timeout: Duration::from_secs(30),
            cache_entries: 4096,
            cache_bytes: 64 << 20,
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the token.
        f.debug_struct("Config")
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("body_limit", &self.body_limit)
            .field("queue_timeout", &self.queue_timeout)
            .field("cache_entries", &self.cache_entries)
            .field("cache_bytes", &self.cache_bytes)
            .finish()
    }
}

/// The shared state of every handler.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) stores: Stores,
    pub(crate) config: std::sync::Arc<Config>,
    pub(crate) cache: std::sync::Arc<cache::Cache>,
}

/// The whole service: the JSON API under `/api/`, the review page at `/` and its files under
/// `/assets/`.
pub fn router(stores: Stores, config: Config) -> Router {
    let body_limit = config.body_limit;
    let state = AppState {
        stores,
        cache: std::sync::Arc::new(cache::Cache::new(config.cache_entries, config.cache_bytes)),
        config: std::sync::Arc::new(config),
    };
    Router::new()
        .route("/api/health", get(handlers::health))
        .route("/api/events", get(handlers::list_events))
        .route("/api/events/{id}", get(handlers::get_event))
        .route("/api/events/{id}/review", post(handlers::review))
        .route("/api/documents/{id}", get(handlers::document))
        .route("/api/stats", get(handlers::stats))
        .route("/api/export", get(handlers::export))
        .route("/api/openapi.json", get(openapi::serve))
        .route("/", get(assets::index))
        .route("/assets/{*path}", get(assets::asset))
        .fallback(handlers::not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn(error::guard))
        .with_state(state)
}
