//! `stdalign serve`: the JSON API and the web UI (static files from `web/`) over one
//! [`Engine`], with actix-web.
//!
//! Handlers only translate: they validate parameters, call the same `Engine` methods
//! the CLI calls, and render with the same `report` functions. The engine is
//! synchronous, so every call runs in `web::block`; a fixed number of heavy requests
//! (alignments, matrices, uploads) may run at once and the rest get 503 with
//! `Retry-After` instead of queueing without bound. Reads share the engine behind a
//! read lock; an upload takes the write lock for its commit.
//!
//! [`app`] builds the application for `serve` and for the tests alike.

mod error;
mod metrics;
mod openapi;
mod routes;
mod upload;

pub use error::ApiError;
pub use openapi::ApiDoc;

use crate::{Engine, Error, Result};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, HttpServer, web};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

/// How the server is set up (from `stdalign serve`'s flags).
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Folder of the web UI's static files.
    pub web_dir: PathBuf,
    /// Bearer token that `POST /api/ingest` requires; uploads are off without one.
    pub token: Option<String>,
    /// Largest accepted upload, in bytes (all files of one request together).
    pub max_upload: usize,
    /// Heavy requests (alignment, matrix, check, counterparts, upload) that may run
    /// at once.
    pub max_heavy: usize,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            web_dir: PathBuf::from("web"),
            token: None,
            max_upload: 20 * 1024 * 1024,
            max_heavy: 4,
        }
    }
}

/// What every handler shares.
pub struct AppState {
    /// The index. Uploads take the write lock only to commit; everything else reads.
    pub engine: Arc<RwLock<Engine>>,
    /// Held by the upload being parsed and committed, so uploads never interleave.
    uploads: std::sync::Mutex<()>,
    /// The index folder (uploads are kept under it).
    index_dir: PathBuf,
    config: ServerConfig,
    heavy: AtomicUsize,
    metrics: metrics::Metrics,
}

impl AppState {
    /// State over an opened engine.
    pub fn new(engine: Arc<RwLock<Engine>>, config: ServerConfig) -> web::Data<AppState> {
        let index_dir = engine
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .dir()
            .to_path_buf();
        web::Data::new(AppState {
            engine,
            uploads: std::sync::Mutex::new(()),
            index_dir,
            config,
            heavy: AtomicUsize::new(0),
            metrics: metrics::Metrics::default(),
        })
    }

    /// Runs `f` on the engine (read lock) in the blocking pool.
    async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> Result<T> + Send + 'static,
    {
        let engine = self.engine.clone();
        web::block(move || {
            let engine = engine.read().unwrap_or_else(|p| p.into_inner());
            f(&engine)
        })
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::from)
    }

    /// Like [`read`](Self::read), for heavy work: refused with 503 when
    /// [`ServerConfig::max_heavy`] requests are already running.
    async fn read_heavy<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> Result<T> + Send + 'static,
    {
        let _slot = self.heavy_slot()?;
        self.read(f).await
    }

    fn heavy_slot(&self) -> Result<HeavySlot<'_>, ApiError> {
        let running = self.heavy.fetch_add(1, Ordering::SeqCst);
        let slot = HeavySlot(&self.heavy);
        if running >= self.config.max_heavy {
            return Err(ApiError::busy());
        }
        Ok(slot)
    }
}

/// A taken heavy-request slot, given back on drop.
struct HeavySlot<'a>(&'a AtomicUsize);

impl Drop for HeavySlot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The whole application: request metrics around the API and the static UI. `serve`
/// and the tests build it the same way.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .wrap(error::json_errors())
        .wrap(actix_web::middleware::from_fn(metrics::record))
        .configure(configure(state))
}

/// Registers the API, the metrics endpoint and the static UI.
fn configure(state: web::Data<AppState>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        let web_dir = state.config.web_dir.clone();
        cfg.app_data(state)
            .app_data(error::query_config())
            .app_data(error::path_config())
            .configure(routes::configure)
            .configure(upload::configure)
            .configure(metrics::configure)
            .configure(openapi::configure)
            .service(
                actix_files::Files::new("/", web_dir)
                    .index_file("index.html")
                    .default_handler(web::to(error::not_found)),
            )
            .default_service(web::to(error::not_found));
    }
}

/// Fills the counterpart and alignment caches of search expansion, then the term
/// table, while the server answers: one standard at a time under the read lock, so uploads can go between.
/// Once `stopping` is set (the server has stopped) it stops at the next standard, and
/// the failures of the one under way (the process is exiting around it) are not
/// reported.
fn prepare_in_background(engine: Arc<RwLock<Engine>>, stopping: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let infos: Vec<crate::model::StandardInfo> = {
            let e = engine.read().unwrap_or_else(|p| p.into_inner());
            e.list().into_iter().cloned().collect()
        };
        let stopped = || stopping.load(Ordering::Relaxed);
        for info in infos {
            if stopped() {
                return;
            }
            let e = engine.read().unwrap_or_else(|p| p.into_inner());
            if let Err(err) = e.prepare_expansion_of(&info)
                && !stopped()
            {
                tracing::warn!("preparing search expansion for {}: {err}", info.reference);
            }
        }
        if stopped() {
            return;
        }
        // The term table, from the families just aligned: keyword search bridges
        // languages with it from then on.
        let e = engine.read().unwrap_or_else(|p| p.into_inner());
        if let Err(err) = e.terms() {
            tracing::warn!("building the term table: {err}");
        }
    });
}

/// How often a server on a shared back end checks whether another process changed
/// the catalogue.
const CATALOGUE_CHECK: std::time::Duration = std::time::Duration::from_secs(5);

/// On a shared back end (a cluster several servers and ingest processes use), reads
/// the catalogue again whenever another process changed it: the check runs under the
/// read lock, and only a change takes the write lock. Any server then answers about
/// every standard, whichever process ingested it.
fn follow_catalogue(engine: Arc<RwLock<Engine>>) {
    if engine
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .backend_name()
        == "embedded"
    {
        return;
    }
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(CATALOGUE_CHECK);
            let stale = engine.read().unwrap_or_else(|p| p.into_inner()).is_stale();
            if stale {
                let mut e = engine.write().unwrap_or_else(|p| p.into_inner());
                if let Err(err) = e.reload() {
                    tracing::warn!("reading the catalogue again: {err}");
                }
            }
        }
    });
}

/// Serves until interrupted. `ready` is called with the bound address once the
/// socket listens (the CLI prints the URL there).
pub fn serve(engine: Engine, config: ServerConfig, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    if !config.web_dir.join("index.html").is_file() {
        return Err(Error::InvalidQuery(format!(
            "no web UI at {} (expected index.html; pass --web DIR)",
            config.web_dir.display()
        )));
    }
    let addr = config.addr;
    let engine = Arc::new(RwLock::new(engine));
    let stopping = Arc::new(AtomicBool::new(false));
    prepare_in_background(engine.clone(), stopping.clone());
    follow_catalogue(engine.clone());
    let state = AppState::new(engine, config);
    let io = |e: std::io::Error| Error::io(addr.to_string(), e);
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || app(state.clone()))
            .bind(addr)
            .map_err(io)?;
        ready(server.addrs()[0]);
        let served = server.run().await.map_err(io);
        stopping.store(true, Ordering::Relaxed);
        served
    })
}
