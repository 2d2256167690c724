//! Sessions: started on signing in, looked up (and marked as seen) once
//! per request, ended on signing out, by time, or by an erasure.

use super::secret::Secret;
use super::view;
use crate::error::AppError;
use crate::ports::{SessionRecord, UserRecord};
use crate::services::{AppState, internal};
use crate::views::accounts::UserView;

/// A session is marked as seen at most once in this many seconds.
pub const SESSION_REFRESH_SECS: i64 = 60;

/// A new session for someone who just proved who they are.
#[derive(Debug)]
pub struct SignedIn {
    /// Who they are.
    pub user: UserView,
    /// The cookie value.
    pub token: Secret,
}

pub(super) async fn start_session(state: &AppState, user: &UserRecord, shared_device: bool) -> Result<SignedIn, AppError> {
    let token = Secret::generate();
    let now = state.clock.now();
    let session = SessionRecord { token_hash: token.hash(), user_id: user.user_id, created_at: now, last_seen_at: now, shared_device };
    state.store.insert_session(&session).await.map_err(internal("start session"))?;
    Ok(SignedIn { user: view(user, shared_device), token })
}

/// When sessions end, as of now.
fn session_window(state: &AppState) -> crate::ports::SessionWindow {
    let now = state.clock.now();
    crate::ports::SessionWindow {
        idle_since: now - state.settings.idle_timeout_secs,
        started_since: now - state.settings.session_lifetime_secs,
        refresh_before: now - SESSION_REFRESH_SECS,
    }
}

/// Who holds this session token, if it is live. Marks the session as seen.
/// Called once per request, by the server, before anything else.
#[tracing::instrument(skip_all)]
pub async fn session_user(state: &AppState, token: &Secret) -> Result<Option<UserView>, AppError> {
    state.metrics.looked_up_session();
    let found =
        state.store.touch_session(&token.hash(), state.clock.now(), session_window(state)).await.map_err(internal("touch session"))?;
    Ok(found.map(|(session, user)| view(&user, session.shared_device)))
}

/// How long a browser whose session an erasure ended is recognised, to be
/// told to forget its drafts: a month, then even its token's hash goes.
const ERASED_SESSION_KEPT_SECS: i64 = 30 * 24 * 60 * 60;

/// True, once, when `token` belonged to a session an erasure ended: the
/// browser presenting it is then told to forget what it stored for the site.
/// Asked only of a token that no longer finds a live session.
#[tracing::instrument(skip_all)]
pub async fn forget_if_erased(state: &AppState, token: &Secret) -> bool {
    match state.store.take_erased_session(&token.hash()).await {
        Ok(erased) => erased,
        Err(error) => {
            tracing::warn!(%error, "could not look for an erased session");
            false
        }
    }
}

/// Deletes ended sessions and attempts too old to count, so neither
/// lingers until its token comes back. The server runs this every few minutes.
#[tracing::instrument(skip_all)]
pub async fn remove_expired(state: &AppState) -> Result<(), AppError> {
    let sessions = state.store.remove_ended_sessions(session_window(state)).await.map_err(internal("end sessions"))?;
    let attempts = state.store.forget_attempts_before(state.clock.now() - 24 * 60 * 60).await.map_err(internal("forget attempts"))?;
    state.store.forget_erased_sessions(state.clock.now() - ERASED_SESSION_KEPT_SECS).await.map_err(internal("forget erased sessions"))?;
    if sessions + attempts > 0 {
        tracing::info!(sessions, attempts, "removed ended sessions and old attempts");
    }
    Ok(())
}

/// Ends a session.
#[tracing::instrument(skip_all)]
pub async fn sign_out(state: &AppState, token: &Secret) -> Result<(), AppError> {
    state.store.delete_session(&token.hash()).await.map_err(internal("end session"))
}
