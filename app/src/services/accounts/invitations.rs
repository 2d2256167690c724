//! Staff accounts made with a one-time set-password link (by a manager,
//! or the first manager from the command line), and the link accepted.

use super::hashing::hash_password;
use super::secret::Secret;
use super::sessions::{SignedIn, start_session};
use super::throttle::{Throttled, record_failure, refuse_if_throttled};
use super::view;
use crate::domain::account::{Email, NewStaffForm, Role, SetPasswordForm};
use crate::error::AppError;
use crate::ports::{StoreError, UserRecord};
use crate::services::access::require_manager;
use crate::services::{AppState, internal};
use crate::views::accounts::UserView;
use uuid::Uuid;

/// A staff account waiting for its owner to set a password.
#[derive(Debug)]
pub struct Invitation {
    /// The new account.
    pub user: UserView,
    /// The one-time link to give them.
    pub link: String,
}

async fn invite(state: &AppState, name: String, email: String, role: Role) -> Result<Invitation, AppError> {
    let now = state.clock.now();
    let user =
        UserRecord { user_id: Uuid::new_v4(), email, display_name: name, password_hash: None, role, created_at: now, deactivated_at: None };
    let token = Secret::generate();
    match state.store.insert_user_with_invitation(&user, &token.hash(), now + state.settings.invitation_ttl_secs).await {
        Ok(()) => {}
        Err(StoreError::Duplicate(_)) => {
            return Err(AppError::field("email", "An account already uses this email address"));
        }
        Err(error) => return Err(internal("invite")(error)),
    }
    tracing::info!(user_id = %user.user_id, role = role.as_str(), "staff account created");
    let link = format!("{}/set-password?token={}", state.settings.public_url.trim_end_matches('/'), token.expose());
    Ok(Invitation { user: view(&user, false), link })
}

/// A manager creates a worker (or manager) account with a one-time link.
#[tracing::instrument(skip_all)]
pub async fn create_staff(state: &AppState, actor: Option<&UserView>, form: &NewStaffForm) -> Result<Invitation, AppError> {
    require_manager(actor)?;
    let staff = form.check()?;
    invite(state, staff.name.as_str().to_owned(), staff.email.as_str().to_owned(), staff.role).await
}

/// The first manager, made from the command line on the server itself.
#[tracing::instrument(skip_all)]
pub async fn create_first_manager(state: &AppState, name: &str, email: &str) -> Result<Invitation, AppError> {
    let name = crate::domain::account::DisplayName::parse(name).map_err(|m| AppError::field("name", m))?;
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    invite(state, name.as_str().to_owned(), email.as_str().to_owned(), Role::Manager).await
}

/// True while a set-password link can still be used.
#[tracing::instrument(skip_all)]
pub async fn invitation_is_live(state: &AppState, token: &Secret) -> Result<bool, AppError> {
    state.store.invitation_is_live(&token.hash(), state.clock.now()).await.map_err(internal("check invitation"))
}

/// Sets a password from a one-time link and signs the person in. The link
/// is checked before the password is hashed, and wrong links are throttled.
#[tracing::instrument(skip_all)]
pub async fn accept_invitation(state: &AppState, form: &SetPasswordForm, client: &str) -> Result<SignedIn, AppError> {
    form.check()?;
    refuse_if_throttled(state, Throttled::SetPassword, client).await?;
    let token = Secret::from_presented(&form.token);
    let expired = || AppError::field("password", "This link has expired or has already been used. Ask your manager for a new one");
    if form.token.len() > 100 || !invitation_is_live(state, &token).await? {
        record_failure(state, Throttled::SetPassword, client).await?;
        return Err(expired());
    }
    let hash = hash_password(form.password.clone()).await?;
    let Some(user) = state.store.accept_invitation(&token.hash(), state.clock.now(), &hash).await.map_err(internal("accept invitation"))?
    else {
        // Used by someone else while this password was being hashed.
        record_failure(state, Throttled::SetPassword, client).await?;
        return Err(expired());
    };
    tracing::info!(user_id = %user.user_id, "password set from invitation");
    start_session(state, &user, false).await
}
