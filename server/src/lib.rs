//! CarerSpace server: plugs the `app` crate into the world — settings,
//! database, HTTP routes and security headers.
#![recursion_limit = "512"]

pub mod config;
pub mod routes;
pub mod store;

use app::ports::{Clock, SystemClock};
use app::services::AppState;
use config::Config;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Loads the framework, connects to the database and builds the shared state.
pub async fn state(config: &Config) -> Result<AppState, app::ports::StoreError> {
    let framework = app::framework::Framework::shipped(&config.framework)
        .map_err(|e| app::ports::StoreError::Other(Box::new(e)))?;
    let store = store::connect(&config.database_url).await?;
    Ok(AppState {
        store,
        clock: Arc::new(SystemClock) as Arc<dyn Clock>,
        settings: config.settings.clone(),
        framework: Arc::new(framework),
    })
}

/// Serves the portal on `listener` until the process is stopped.
pub async fn serve(listener: TcpListener, config: Config, state: AppState) -> std::io::Result<()> {
    let router = routes::router(state, config.leptos.clone());
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
