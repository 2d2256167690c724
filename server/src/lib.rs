//! CarerSpace server: plugs the `app` crate into the world — settings,
//! database, HTTP routes and security headers.
#![recursion_limit = "512"]

pub mod config;
pub mod mail;
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
    let framework = load_framework(&config.framework).map_err(app::ports::StoreError::Other)?;
    let holidays = load_holidays(config.holidays.as_deref()).map_err(app::ports::StoreError::Other)?;
    let store = store::connect_sized(&config.database_url, config.database_max_connections).await?;
    let mailer =
        match &config.smtp_url {
            None => None,
            Some(url) => Some(Arc::new(mail::SmtpMailer::new(url, &config.mail_from).map_err(app::ports::StoreError::Other)?)
                as Arc<dyn app::ports::Mailer>),
        };
    let state = AppState {
        store,
        clock: Arc::new(SystemClock) as Arc<dyn Clock>,
        settings: config.settings.clone(),
        framework: Arc::new(framework),
        holidays: Arc::new(holidays),
        mailer,
        metrics: Arc::default(),
    };
    if let Some(missing) = app::services::worker::holidays_missing(&state) {
        // Loudly: every working-day clock is a day or more out until it is fixed.
        tracing::error!("{missing} Set CARERSPACE_HOLIDAYS to a file that lists this year.");
    }
    Ok(state)
}

/// Scotland's public holidays (shipped), or a file of the deployment's own.
pub fn load_holidays(path: Option<&str>) -> Result<app::domain::calendar::Holidays, Box<dyn std::error::Error + Send + Sync>> {
    match path {
        None => Ok(app::domain::calendar::Holidays::scotland()),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the holidays file {path}: {e}"))?;
            Ok(app::domain::calendar::Holidays::parse(&text).map_err(|e| format!("the holidays file {path}: {e}"))?)
        }
    }
}

/// A shipped framework by name (`scotland`, `england`), or a framework
/// file of the deployment's own (a path ending in `.json`).
pub fn load_framework(name_or_path: &str) -> Result<app::framework::Framework, Box<dyn std::error::Error + Send + Sync>> {
    if name_or_path.ends_with(".json") {
        let text = std::fs::read_to_string(name_or_path).map_err(|e| format!("cannot read the framework file {name_or_path}: {e}"))?;
        Ok(app::framework::Framework::parse(&text)?)
    } else {
        Ok(app::framework::Framework::shipped(name_or_path)?)
    }
}

/// Serves the portal on `listener` until the process is stopped.
pub async fn serve(listener: TcpListener, config: Config, state: AppState) -> std::io::Result<()> {
    drop_stale_precompressed(&config);
    let cleaner = tokio::spawn(routes::clean_up_forever(state.clone()));
    let router = routes::router(state, config.leptos.clone());
    let served =
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown_signal()).await;
    cleaner.abort();
    served
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

/// A build without the compression step leaves older `.br`/`.gz` copies
/// beside newer files; serving those would send an old wasm. Remove them.
fn drop_stale_precompressed(config: &Config) {
    let dir = std::path::Path::new(config.leptos.site_root.as_ref()).join(config.leptos.site_pkg_dir.as_ref());
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    for entry in entries.flatten() {
        let path = entry.path();
        let is_copy = matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz"));
        if !is_copy {
            continue;
        }
        let source = path.with_extension("");
        if modified(&path) < modified(&source) || !source.exists() {
            tracing::warn!(file = %path.display(), "removing a compressed copy older than its file");
            let _ = std::fs::remove_file(&path);
        }
    }
}
