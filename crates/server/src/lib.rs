//! The 云签署 reference backend. `app` builds the whole HTTP surface from a state so that
//! tests drive it with `oneshot` and `main` only parses settings and serves.

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use cloudsign_contract::Money;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub mod config;
pub mod domain;
mod error;
mod routes;
mod spa;
pub mod store;

pub use config::Config;
use store::Store;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
}

impl AppState {
    /// Creates the data directory and opens (and migrates) the database.
    pub async fn open(config: Config) -> anyhow::Result<AppState> {
        std::fs::create_dir_all(&config.data_dir)?;
        let store = Store::open(&config.database_url()).await?;
        Ok(AppState { store, config: Arc::new(config) })
    }

    pub fn default_cert_fee(&self) -> Money {
        Money { fen: self.config.cert_fee_fen }
    }
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .nest("/api", routes::api())
        .fallback(spa::serve)
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` resolves, then lets requests in flight finish and closes the database.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    let result = axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await;
    store.close().await;
    result
}
