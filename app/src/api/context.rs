//! Who is asking, read from the request; the session cookie written back.

use crate::domain::account::UserView;
use crate::error::AppError;
use crate::services::accounts::{self, Secret};
use crate::services::AppState;
use http::header::{COOKIE, SET_COOKIE};
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "carerspace_session";

/// The shared state; missing only if the server was wired wrongly.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The session token the browser presented, if any.
pub fn presented_token() -> Option<Secret> {
    let parts = parts()?;
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| Secret::from_presented(value))
}

/// The signed-in person, if the session is live.
pub async fn current_user(state: &AppState) -> Result<Option<UserView>, AppError> {
    match presented_token() {
        Some(token) => accounts::session_user(state, &token).await,
        None => Ok(None),
    }
}

/// The client's address for throttling: the socket peer. (Behind a proxy,
/// the proxy should be configured to pass one address per client.)
pub fn client_address() -> String {
    parts()
        .and_then(|p| p.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string()))
        .unwrap_or_else(|| "unknown".to_owned())
}

fn cookie(value: &str, max_age: Option<i64>, secure: bool) -> String {
    let mut c = format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

/// Hands the browser its new session cookie (a session cookie: it goes when
/// the browser closes; the server also ends idle sessions). Any session the
/// browser held before is ended, so a session id is never carried across
/// a sign-in.
pub async fn start_browser_session(state: &AppState, token: &Secret) {
    if let Some(old) = presented_token()
        && let Err(error) = accounts::sign_out(state, &old).await
    {
        tracing::warn!(?error, "could not end the previous session");
    }
    set_session_cookie(state, token);
}

fn set_session_cookie(state: &AppState, token: &Secret) {
    if let (Some(res), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie(token.expose(), None, state.settings.secure_cookies)),
    ) {
        res.append_header(SET_COOKIE, value);
    }
}

/// Tells the browser to forget the session cookie and everything this site
/// stored on the device.
pub fn clear_browser(state: &AppState) {
    if let Some(res) = use_context::<ResponseOptions>() {
        if let Ok(value) = HeaderValue::from_str(&cookie("", Some(0), state.settings.secure_cookies)) {
            res.append_header(SET_COOKIE, value);
        }
        res.insert_header(
            http::HeaderName::from_static("clear-site-data"),
            HeaderValue::from_static("\"storage\""),
        );
    }
}

/// Sets the response status for an error, so pages and server functions
/// answer with the right code, then passes the error on.
pub fn fail(error: AppError) -> AppError {
    if let (Some(res), Ok(status)) = (use_context::<ResponseOptions>(), StatusCode::from_u16(error.status_code())) {
        res.set_status(status);
    }
    error
}
