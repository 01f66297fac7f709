//! khabar's HTTP server: the archive's JSON API and its web UI, from one
//! binary, with no external assets.
//!
//! # Brief overview
//!
//! - [`Config`] says where to listen, the write token and the limits;
//!   [`Config::check`] refuses a non-loopback address without a token.
//! - [`Server::bind`] opens the listener and starts the archive's writer;
//!   [`Server::run`] answers requests until its shutdown future resolves.
//! - [`router`] is the whole application as an axum [`Router`], for a
//!   caller that serves it itself.
//!
//! # Routes
//!
//! JSON API (`/v1`, described by `GET /v1/openapi.json`):
//! `POST /v1/articles` (one article, a JSON array, or JSONL; a bearer token
//! when one is configured), `GET /v1/stories`, `GET /v1/stories/{id}`,
//! `GET /v1/articles/{id}`, `GET /v1/search?q=`, `GET /v1/align?a=&b=`, and
//! `GET /health`. Pages: `/` (stories), `/stories/{id}`, `/articles/{id}`,
//! `/reuse?a=&b=` (side by side, shared passages highlighted in both),
//! `/search?q=`.
//!
//! # Writes
//!
//! One writer thread owns every ingest. Requests that arrive while a batch
//! commits wait in a queue and go in together as the next batch (group
//! commit); each request is answered from its own slice of the batch's
//! outcomes. Reads run on tokio's blocking pool, on the last committed
//! batch, while writes go on.
//!
//! # Errors
//!
//! A bad request gets a 4xx with `{"error": "..."}`; a 500 is only for a
//! real fault (store error, panic), and is logged on stderr.
//!
//! Does not: read files, clean, cluster or store anything itself (that is
//! `khabar-archive`), or fetch anything from the network.
#![deny(missing_docs)]

mod api;
mod error;
pub mod html;
mod openapi;
mod pages;
mod writer;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use khabar_archive::Archive;
use tower::ServiceBuilder;

pub use error::{Error, Result};

/// Where to listen, who may write, and the limits that keep the server
/// responsive.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on (loopback by default).
    pub addr: SocketAddr,
    /// The bearer token that write requests must carry; `None` lets any
    /// local client write, and is refused on a non-loopback address.
    pub token: Option<String>,
    /// The largest request body, in bytes.
    pub max_body_bytes: usize,
    /// The largest article text accepted in a request, in bytes.
    pub max_article_bytes: u64,
    /// Time after which a request is answered 503 (the writer may still
    /// commit a POST that timed out; posting it again is a no-op).
    pub request_timeout: Duration,
    /// Requests handled at once; more wait (and time out).
    pub max_concurrent: usize,
    /// The most articles the writer puts in one batch.
    pub max_batch_articles: usize,
}

impl Config {
    /// The defaults, listening on `addr`.
    pub fn new(addr: SocketAddr) -> Config {
        Config {
            addr,
            token: None,
            max_body_bytes: 32 * 1024 * 1024,
            max_article_bytes: 4 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            max_concurrent: 512,
            max_batch_articles: 5_000,
        }
    }

    /// Refuses a configuration that would expose writes: a non-loopback
    /// address without a token, or an empty token.
    pub fn check(&self) -> Result<()> {
        match &self.token {
            Some(t) if t.trim().is_empty() => Err(Error::EmptyToken),
            None if !self.addr.ip().is_loopback() => Err(Error::NoToken(self.addr)),
            _ => Ok(()),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::new(SocketAddr::from(([127, 0, 0, 1], 8080)))
    }
}

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) archive: Arc<Archive>,
    pub(crate) writer: writer::WriterHandle,
    pub(crate) stories: Arc<api::StoryCache>,
    pub(crate) token: Option<Arc<str>>,
    pub(crate) max_article_bytes: u64,
}

/// The whole application: API, pages and the layers around them (body
/// limit, timeout, bounded concurrency, panics turned into 500s). Starts
/// the writer thread, which ends when the router and its clones are
/// dropped.
pub fn router(archive: Arc<Archive>, config: &Config) -> Result<Router> {
    config.check()?;
    let stories = Arc::new(api::StoryCache::default());
    let writer = writer::start(
        Arc::clone(&archive),
        config.max_batch_articles,
        Arc::clone(&stories.generation),
    )?;
    let state = AppState {
        archive,
        writer,
        stories,
        token: config.token.as_deref().map(Arc::from),
        max_article_bytes: config.max_article_bytes,
    };
    let layers = ServiceBuilder::new()
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            error::panic_response,
        ))
        .layer(HandleErrorLayer::new(error::layer_error))
        .timeout(config.request_timeout)
        .concurrency_limit(config.max_concurrent.max(1));
    Ok(Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(layers)
        .with_state(state))
}

/// A bound server, ready to run.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
}

impl Server {
    /// Checks `config`, binds its address and starts the writer.
    pub async fn bind(archive: Archive, config: &Config) -> Result<Server> {
        config.check()?;
        let router = router(Arc::new(archive), config)?;
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| Error::Bind {
                addr: config.addr,
                source,
            })?;
        Ok(Server { listener, router })
    }

    /// The address actually bound (port 0 becomes a real port).
    pub fn local_addr(&self) -> Result<SocketAddr> {
        self.listener.local_addr().map_err(Error::Io)
    }

    /// Answers requests until `shutdown` resolves, then lets the requests
    /// in flight finish.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(Error::Io)
    }
}
