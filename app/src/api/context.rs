//! Who is asking, read from the request; the session cookie written back.

use crate::error::AppError;
use crate::services::accounts::{self, Secret};
use crate::services::{AppState, Settings};
use crate::views::accounts::UserView;
use http::header::{COOKIE, SET_COOKIE};
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// The session cookie's name over plain HTTP (a machine of one's own).
pub const SESSION_COOKIE: &str = "carerspace_session";
/// The session cookie's name over HTTPS: browsers accept a `__Host-` cookie
/// only if it is `Secure`, for the whole site, from this very host.
pub const SECURE_SESSION_COOKIE: &str = "__Host-carerspace_session";

/// The cookie that holds the session, for these settings.
pub fn session_cookie_name(settings: &Settings) -> &'static str {
    if settings.secure_cookies { SECURE_SESSION_COOKIE } else { SESSION_COOKIE }
}

/// The cookie naming whose session this browser last started (their
/// account id, nothing secret). It outlives the session's time-out, so a
/// form carried through signing in again is sent on only for the person
/// who wrote it, never for the next person at a shared computer.
pub const OWNER_COOKIE: &str = "carerspace_owner";
/// [`OWNER_COOKIE`] over HTTPS.
pub const SECURE_OWNER_COOKIE: &str = "__Host-carerspace_owner";

fn owner_cookie_name(settings: &Settings) -> &'static str {
    if settings.secure_cookies { SECURE_OWNER_COOKIE } else { OWNER_COOKIE }
}

/// The account whose session this browser last started, if it says.
pub fn owner_in(headers: &http::HeaderMap, settings: &Settings) -> Option<uuid::Uuid> {
    cookie_in(headers, owner_cookie_name(settings)).and_then(|value| uuid::Uuid::parse_str(value).ok())
}

fn cookie_in<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

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

/// The session token in a request's cookies, if any.
pub fn token_in(headers: &http::HeaderMap, settings: &Settings) -> Option<Secret> {
    cookie_in(headers, session_cookie_name(settings)).map(Secret::from_presented)
}

/// The session token the browser presented, if any.
pub fn presented_token(state: &AppState) -> Option<Secret> {
    token_in(&parts()?.headers, &state.settings)
}

/// Whether the browser presented a session token, live or not (one that
/// no longer is means the session ended).
pub fn session_presented() -> bool {
    use_context::<AppState>().is_some_and(|state| presented_token(&state).is_some())
}

/// Who is asking, resolved once per request by the server before any page
/// or server function runs (see `server::routes`), so a page that calls
/// several server functions looks the session up and touches it once.
#[derive(Debug, Clone)]
pub struct Caller(pub Result<Option<UserView>, AppError>);

impl Caller {
    /// Looks the session up from a request's headers: the one place that does.
    pub async fn resolve(state: &AppState, headers: &http::HeaderMap) -> Caller {
        Caller(match token_in(headers, &state.settings) {
            Some(token) => accounts::session_user(state, &token).await,
            None => Ok(None),
        })
    }
}

/// The signed-in person, if the session is live: the caller resolved for
/// this request (or, where no server resolved one, looked up now).
pub async fn current_user(state: &AppState) -> Result<Option<UserView>, AppError> {
    let parts = parts();
    if let Some(Caller(caller)) = parts.as_ref().and_then(|p| p.extensions.get::<Caller>()) {
        return caller.clone();
    }
    match parts {
        Some(parts) => Caller::resolve(state, &parts.headers).await.0,
        None => Ok(None),
    }
}

/// The client's address for throttling: the connection's peer, or, when
/// that is a trusted reverse proxy, the client it forwarded for.
pub fn client_address(state: &AppState) -> String {
    let Some(parts) = parts() else { return "unknown".to_owned() };
    let Some(peer) = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip()) else {
        return "unknown".to_owned();
    };
    let forwarded: Vec<&str> = parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    state.settings.trusted_proxies.client(peer, &forwarded).to_string()
}

fn cookie(value: &str, max_age: Option<i64>, settings: &Settings) -> String {
    named_cookie(session_cookie_name(settings), value, max_age, settings)
}

fn named_cookie(name: &str, value: &str, max_age: Option<i64>, settings: &Settings) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if settings.secure_cookies {
        c.push_str("; Secure");
    }
    c
}

/// Where the server learns of a session this request started, when it
/// asked to (a sign-in that carries a form it then sends on as that
/// session). Empty unless a sign-in succeeded.
#[derive(Clone, Default)]
pub struct SignedInNow(std::sync::Arc<std::sync::Mutex<Option<Secret>>>);

impl SignedInNow {
    /// The session started, if one was.
    pub fn take(&self) -> Option<Secret> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }

    fn put(&self, token: &Secret) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(token.clone());
        }
    }
}

/// Hands the browser its new session cookie (a session cookie: it goes when
/// the browser closes; the server also ends idle sessions). Any session the
/// browser held before is ended, so a session id is never carried across
/// a sign-in.
pub async fn start_browser_session(state: &AppState, signed_in: &accounts::SignedIn) {
    if let Some(old) = presented_token(state)
        && let Err(error) = accounts::sign_out(state, &old).await
    {
        tracing::warn!(?error, "could not end the previous session");
    }
    let token = &signed_in.token;
    set_session_cookie(state, token);
    if let (Some(res), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&named_cookie(owner_cookie_name(&state.settings), &signed_in.user.id.to_string(), None, &state.settings)),
    ) {
        res.append_header(SET_COOKIE, value);
    }
    if let Some(slot) = use_context::<SignedInNow>() {
        slot.put(token);
    }
}

fn set_session_cookie(state: &AppState, token: &Secret) {
    if let (Some(res), Ok(value)) =
        (use_context::<ResponseOptions>(), HeaderValue::from_str(&cookie(token.expose(), None, &state.settings)))
    {
        res.append_header(SET_COOKIE, value);
    }
}

/// A `Set-Cookie` value that makes the browser drop its session cookie.
pub fn ended_session_cookie(settings: &Settings) -> String {
    cookie("", Some(0), settings)
}

/// A `Set-Cookie` value that makes the browser forget whose session it had.
pub fn ended_owner_cookie(settings: &Settings) -> String {
    named_cookie(owner_cookie_name(settings), "", Some(0), settings)
}

/// Tells the browser to forget the session cookie and everything this site
/// stored on the device.
pub fn clear_browser(state: &AppState) {
    if let Some(res) = use_context::<ResponseOptions>() {
        for ended in [ended_session_cookie(&state.settings), ended_owner_cookie(&state.settings)] {
            if let Ok(value) = HeaderValue::from_str(&ended) {
                res.append_header(SET_COOKIE, value);
            }
        }
    }
    clear_storage();
}

/// Tells the browser to forget everything this site stored on the device
/// (drafts kept for autosave), leaving the session as it is.
pub fn clear_storage() {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.insert_header(http::HeaderName::from_static("clear-site-data"), HeaderValue::from_static("\"storage\""));
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
