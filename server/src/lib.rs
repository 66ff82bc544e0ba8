//! Serambi's server: configuration, database, letters, signing, storage and HTTP.

// Leptos view types of the bigger forms nest deeply.
#![recursion_limit = "256"]

// Areas: each is one folder here and one in `app/src/` (see the README's architecture).
pub mod accounts;
pub mod api_docs;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod catalogue;
pub mod dashboard;
pub mod notifications;
pub mod offices;
pub mod population;
pub mod regions;
pub mod requests;
pub mod signing;
pub mod statistics;
pub mod survey;
pub mod verification;

// Shared by the areas.
pub mod cli;
pub mod clock;
pub mod config;
pub mod costly;
pub mod db;
pub mod demo;
pub mod error;
pub mod http;
pub mod limits;
pub mod metrics;
pub mod storage;
pub mod tasks;
mod web;

use crate::clock::Clock;
use anyhow::Context;
use catalogue::Catalogue;
use config::Config;
use db::Db;
use signing::Signer;
use std::sync::Arc;
use storage::FileStore;

/// Everything a request handler needs; shared by all requests.
pub struct Services {
    pub config: Config,
    pub db: Db,
    pub catalogue: Catalogue,
    pub files: FileStore,
    pub signer: Arc<dyn Signer>,
    pub clock: Clock,
    /// Where residents' data comes from.
    pub population: Arc<dyn population::PopulationSource>,
    /// The population import this process runs from the admin page (a cache; see `tasks`).
    pub import_job: population::upload::Job,
    /// This process's name among the app nodes sharing the database (a random UUID): the
    /// holder of the leases it takes.
    pub node: String,
    /// The notification channels configured (e-mail, WhatsApp/SMS gateway).
    pub channels: notifications::Channels,
    /// Wakes this node's notification worker right after a message was committed.
    pub outbox_wake: tokio::sync::Notify,
    /// Letters checked by file at once on this node (each holds up to 20 MB while it is read):
    /// one more is answered 503 before its file is read.
    pub file_checks: Arc<tokio::sync::Semaphore>,
    /// Letters checked lately, and their public page (see `verification::cache`).
    pub verified: verification::cache::Cache,
}

/// How many letters one node checks by file at once.
pub const FILE_CHECKS: usize = 8;

impl Services {
    /// Connects, migrates, and loads and checks the letter templates.
    pub async fn start(config: Config) -> anyhow::Result<Arc<Services>> {
        let catalogue = Catalogue::load(&config.templates, config.max_upload_bytes())?;
        let db = Db::connect(&config.database_url, config.db_max_connections).await?;
        db.migrate().await?;
        let files = FileStore::open(&config).await?;
        tracing::info!(files = files.describe(), "file storage");
        let clock = Clock::new(config.utc_offset_hours(), &config.zona_waktu);
        let signer: Arc<dyn Signer> = match config.tte.as_str() {
            "bsre" => Arc::new(signing::Bsre::new(config.bsre()?)?),
            _ => Arc::new(signing::LocalCa::new(db.clone())),
        };
        tracing::info!(signer = signer.name(), "signing adapter");
        let population: Arc<dyn population::PopulationSource> = Arc::new(population::LocalRecord::new(db.clone()));
        population::running::fail_interrupted(&db, "").await?;
        population::upload::remove_leftovers(&config.tmp);
        let filled = requests::reference::fill_missing(&db).await?;
        if filled > 0 {
            tracing::info!(filled, "reference codes given to requests that had none");
        }
        let refreshed = requests::deadlines::refresh_all(&db, &catalogue, &clock).await?;
        tracing::info!(
            open = refreshed.open,
            changed = refreshed.changed,
            names_filled = refreshed.names_filled,
            service_times_filled = refreshed.times_filled,
            "service deadlines of open requests checked"
        );
        let channels = config.channels()?;
        for c in domain::ContactChannel::ALL {
            match channels.get(c) {
                Some(sender) => tracing::info!(channel = c.as_str(), to = %sender.describe(), "notification channel"),
                None => tracing::info!(channel = c.as_str(), "notification channel not configured"),
            }
        }
        let node = uuid::Uuid::new_v4().to_string();
        tracing::info!(%node, "app node");
        Ok(Arc::new(Services {
            config,
            db,
            catalogue,
            files,
            signer,
            clock,
            population,
            import_job: Default::default(),
            node,
            channels,
            outbox_wake: tokio::sync::Notify::new(),
            file_checks: Arc::new(tokio::sync::Semaphore::new(FILE_CHECKS)),
            verified: Default::default(),
        }))
    }
}

pub use http::router;

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let listen = config.listen;
    let services = Services::start(config).await?;
    if services.config.production() {
        let leftovers = offices::setup::demo_leftovers(&services.db).await?;
        if !leftovers.is_empty() {
            anyhow::bail!(
                "Mode produksi: Serambi tidak dijalankan karena data demo masih ada.\n  - {}",
                leftovers.join("\n  - ")
            );
        }
    }
    if let Some(addr) = metrics::listen_address(&services.config)? {
        let monitoring = axum::Router::new()
            .route("/metrics", axum::routing::get(metrics::scrape_open))
            .with_state(services.clone());
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
        tracing::info!("metrics on http://{addr}/metrics");
        tokio::spawn(async move { axum::serve(listener, monitoring).await });
    }
    // Periodic work, each run by one node at a time.
    population::running::sweep(&services);
    storage::sweep::spawn_periodic(services.clone());
    // Every node delivers notifications; staff digests are written by one node per round.
    notifications::worker::spawn(services.clone());
    notifications::digest::spawn(services.clone());
    let app = router(services.clone());
    let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("cannot listen on {listen}"))?;
    tracing::info!("Serambi listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
