//! Signing in, and asking a signed-in person for their password again.

use super::hashing::password_matches;
use super::sessions::{SignedIn, start_session};
use super::throttle::{account_key, begin_sign_in};
use crate::domain::account::{Email, SignInForm};
use crate::error::AppError;
use crate::services::{AppState, internal};
use crate::views::accounts::UserView;

/// Asks a signed-in person for their password again before something that
/// cannot be undone. Counted and limited like a sign-in (so it cannot be
/// used to guess a password), and a password too long for any account is
/// refused before hashing.
#[tracing::instrument(skip_all)]
pub(crate) async fn confirm_password(state: &AppState, user: &UserView, password: &str, client: &str) -> Result<(), AppError> {
    let form = SignInForm { email: user.email.clone(), password: password.to_owned(), shared_device: false };
    let email = form.check()?;
    begin_sign_in(state, &email, client).await?;
    let stored = state.store.user_by_id(user.id).await.map_err(internal("find user"))?.and_then(|u| u.password_hash);
    if !password_matches(form.password, stored).await? {
        return Err(AppError::field("password", "The password is not right. Check it and try again"));
    }
    state.store.clear_failed_sign_ins(&account_key(email.as_str())).await.map_err(internal("clear failures"))?;
    Ok(())
}

/// Signs someone in, refusing after too many failures for the account or
/// from the client. The attempt is counted before the password is checked,
/// so however many guesses arrive at once, at most the limit are checked.
#[tracing::instrument(skip_all)]
pub async fn sign_in(state: &AppState, form: &SignInForm, client: &str) -> Result<SignedIn, AppError> {
    let email: Email = form.check()?;
    begin_sign_in(state, &email, client).await?;
    let user = state.store.user_by_email(email.as_str()).await.map_err(internal("find user"))?;
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    // A wrong password leaves the attempt counted as a failure.
    if !password_matches(form.password.clone(), hash).await? {
        return Err(AppError::field("email", "The email address or password is not right. Check them and try again"));
    }
    let Some(user) = user else { return Err(AppError::Internal) };
    if user.deactivated_at.is_some() {
        // Said only to someone who knows the password.
        return Err(AppError::field("email", "This account has been deactivated. Ask a manager at your carers' centre"));
    }
    // Success clears the account's failures, this attempt's record with them.
    state.store.clear_failed_sign_ins(&account_key(email.as_str())).await.map_err(internal("clear failures"))?;
    tracing::info!(user_id = %user.user_id, role = user.role.as_str(), "signed in");
    start_session(state, &user, form.shared_device).await
}
