//! A carer registers: cheap checks first, the password hashed last.

use super::hashing::hash_password;
use super::sessions::{SignedIn, start_session};
use super::throttle::{Throttled, begin_new_account, record_failure, refuse_if_throttled};
use crate::domain::account::{RegistrationForm, Role};
use crate::error::AppError;
use crate::ports::{StoreError, UserRecord};
use crate::services::{AppState, internal};
use uuid::Uuid;

const EMAIL_TAKEN: &str = "An account already uses this email address. Sign in instead, or use another address";

/// Registers a carer and signs them in. Cheap checks first (the form, the
/// client's budget, whether the email is free); the password is hashed last.
#[tracing::instrument(skip_all)]
pub async fn register(state: &AppState, form: &RegistrationForm, client: &str) -> Result<SignedIn, AppError> {
    let checked = form.check()?;
    refuse_if_throttled(state, Throttled::Register, client).await?;
    if state.store.user_by_email(checked.email.as_str()).await.map_err(internal("find user"))?.is_some() {
        record_failure(state, Throttled::Register, client).await?;
        return Err(AppError::field("email", EMAIL_TAKEN));
    }
    let counted = begin_new_account(state, client).await?;
    let made = make_carer(state, checked, client).await;
    if made.is_err()
        && let Err(error) = state.store.forget_attempt(counted).await
    {
        // Counted once too often for an hour at worst.
        tracing::warn!(%error, "could not forget a registration that failed");
    }
    let user = made?;
    tracing::info!(user_id = %user.user_id, "carer registered");
    start_session(state, &user, false).await
}

/// Hashes the password and stores the new carer's account.
async fn make_carer(state: &AppState, checked: crate::domain::account::Registration, client: &str) -> Result<UserRecord, AppError> {
    let user = UserRecord {
        user_id: Uuid::new_v4(),
        email: checked.email.as_str().to_owned(),
        display_name: checked.name.as_str().to_owned(),
        password_hash: Some(hash_password(checked.password).await?),
        role: Role::Carer,
        created_at: state.clock.now(),
        deactivated_at: None,
    };
    match state.store.insert_user(&user).await {
        Ok(()) => Ok(user),
        Err(StoreError::Duplicate(_)) => {
            record_failure(state, Throttled::Register, client).await?;
            Err(AppError::field("email", EMAIL_TAKEN))
        }
        Err(error) => Err(internal("register")(error)),
    }
}
