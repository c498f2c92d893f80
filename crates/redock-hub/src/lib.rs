//! The Redock hub: one PostgreSQL for every station of an organisation. Stations push their event
//! logs (exactly once, in order per stream) and pull their site's changes (../shared/sync.md).
//! `redock hub serve|migrate|admin` run it; the tests start a real PostgreSQL and a real hub.

pub mod api;
pub mod auth;
pub mod completion;
pub mod config;
pub mod custody;
pub mod db;
pub mod error;
pub mod projection;
pub mod push;
pub mod refdata;
pub mod registers;
pub mod returns;
pub mod tls;
pub mod webhooks;

pub use error::HubError;

use std::sync::Arc;

/// Serve until `shutdown` resolves. The database must be migrated (`/readyz` says so otherwise).
pub async fn serve(
    config: &config::Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), HubError> {
    let pool = db::pool(&config.database_url, config.pool_size)?;
    let webhooks = Arc::new(tokio::sync::Notify::new());
    let state = Arc::new(api::AppState {
        pool: pool.clone(),
        metrics: api::Metrics::default(),
        webhooks: Arc::clone(&webhooks),
    });
    tokio::spawn(webhooks::deliver_forever(pool, webhooks, config.delivering()));
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| HubError::Config(format!("listen on {}: {e}", config.listen)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| HubError::Config(e.to_string()))?;
    let tls = match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => Some(tls::server_config(cert, key)?),
        _ => None,
    };
    tracing::info!(%addr, https = tls.is_some(), "hub listening");
    // The tests read the address from here when they ask for port 0.
    println!(
        "listening on {addr}{}",
        if tls.is_some() { " (https)" } else { "" }
    );
    let app = api::router(state);
    let served = match tls {
        Some(config) => {
            let listener = tls::TlsListener::new(listener, config)
                .map_err(|e| HubError::Config(format!("listen on {addr}: {e}")))?;
            axum::serve(listener, app).with_graceful_shutdown(shutdown).await
        }
        None => axum::serve(listener, app).with_graceful_shutdown(shutdown).await,
    };
    served.map_err(|e| HubError::Config(format!("serving: {e}")))
}
