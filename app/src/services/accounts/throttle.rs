//! Throttling: sign-ins, refused registrations and wrong set-password
//! links are counted per account and per client address, and refused over
//! their limits; new accounts are counted against an hourly allowance.

use super::secret::sha256_hex;
use crate::domain::account::Email;
use crate::error::AppError;
use crate::ports::Timestamp;
use crate::services::{AppState, internal};

/// Failures counted for throttling are those in the last 15 minutes.
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;

/// Failures allowed per account in the window.
pub const MAX_FAILURES_PER_ACCOUNT: u32 = 5;

/// Failures allowed per client address in the window.
pub const MAX_FAILURES_PER_CLIENT: u32 = 20;

/// Refused registrations (the email address already has an account)
/// allowed per client address in the window. Registrations that succeed
/// never count, so a carers' centre's front desk is never held up; a script
/// trying addresses is.
pub const MAX_REFUSED_REGISTRATIONS_PER_CLIENT: u32 = 20;

/// New accounts from one client address are counted over this window; how
/// many it allows is a setting (`Settings::registrations_per_hour`).
pub const NEW_ACCOUNT_WINDOW_SECS: i64 = 60 * 60;

/// Wrong or used set-password links allowed per client address in the window.
pub const MAX_LINK_FAILURES_PER_CLIENT: u32 = 20;

/// Which throttled action an attempt belongs to; each has its own budget
/// per client address.
#[derive(Debug, Clone, Copy)]
pub(super) enum Throttled {
    SignIn,
    Register,
    SetPassword,
    /// A new account made (not a failure): counted against the client's hourly allowance.
    NewAccount,
}

impl Throttled {
    fn name(self) -> &'static str {
        match self {
            Throttled::SignIn => "sign-in",
            Throttled::Register => "register",
            Throttled::SetPassword => "set-password",
            Throttled::NewAccount => "new-account",
        }
    }

    fn client_limit(self) -> u32 {
        match self {
            Throttled::SignIn => MAX_FAILURES_PER_CLIENT,
            Throttled::Register => MAX_REFUSED_REGISTRATIONS_PER_CLIENT,
            Throttled::SetPassword => MAX_LINK_FAILURES_PER_CLIENT,
            // A setting, checked in `begin_new_account`; never refused here.
            Throttled::NewAccount => u32::MAX,
        }
    }
}

fn throttle_keys(action: Throttled, account: Option<&str>, client: &str) -> (String, String) {
    let account_key = account.map_or_else(|| action.name().to_owned(), |a| sha256_hex("account", a));
    (account_key, sha256_hex(&format!("client:{}", action.name()), client))
}

/// Too many attempts: when the oldest one counted stops counting.
fn too_many(action: Throttled, oldest: Option<Timestamp>, now: Timestamp) -> AppError {
    tracing::warn!(action = action.name(), "throttled");
    AppError::TooManyAttempts { minutes: minutes_until(oldest, now, THROTTLE_WINDOW_SECS) }
}

/// Counts a sign-in before the password is checked, and refuses it if it
/// is over a limit (then it is not counted again): written and committed
/// before counting, so parallel guesses can never all slip under the limit.
pub(super) async fn begin_sign_in(state: &AppState, email: &Email, client: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let (account_key, client_key) = throttle_keys(Throttled::SignIn, Some(email.as_str()), client);
    let (id, counts) =
        state.store.begin_attempt(&account_key, &client_key, now, now - THROTTLE_WINDOW_SECS).await.map_err(internal("count attempt"))?;
    let refused = if counts.for_account > MAX_FAILURES_PER_ACCOUNT {
        Some(counts.account_oldest)
    } else if counts.for_client > Throttled::SignIn.client_limit() {
        Some(counts.client_oldest)
    } else {
        None
    };
    if let Some(oldest) = refused {
        state.store.forget_attempt(id).await.map_err(internal("forget attempt"))?;
        return Err(too_many(Throttled::SignIn, oldest, now));
    }
    Ok(())
}

/// The key a person's sign-in attempts are counted under: a hash of their
/// email, so erasing them can remove those attempts too.
pub(crate) fn account_key(email: &str) -> String {
    throttle_keys(Throttled::SignIn, Some(email), "").0
}

/// Refuses a registration or set-password link from a client that has
/// failed at it too often lately. Nothing expensive happens before the
/// check that can fail (a taken email, an unknown link), so only failures
/// are counted, by [`record_failure`].
pub(super) async fn refuse_if_throttled(state: &AppState, action: Throttled, client: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let (account_key, client_key) = throttle_keys(action, None, client);
    let counts =
        state.store.count_attempts(&account_key, &client_key, now - THROTTLE_WINDOW_SECS).await.map_err(internal("count attempts"))?;
    if counts.for_client >= action.client_limit() {
        return Err(too_many(action, counts.client_oldest, now));
    }
    Ok(())
}

/// Counts a failed registration or set-password link against the client.
pub(super) async fn record_failure(state: &AppState, action: Throttled, client: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let (account_key, client_key) = throttle_keys(action, None, client);
    state.store.begin_attempt(&account_key, &client_key, now, now).await.map_err(internal("count failure"))?;
    Ok(())
}

/// Counts a new account against the client's hourly allowance before its
/// password is hashed, and refuses it over the limit (then it is not
/// counted). Written and committed before counting, as a sign-in is, so a
/// burst of parallel registrations cannot all slip under the limit. The
/// attempt's id, to forget if the account is not made after all.
pub(super) async fn begin_new_account(state: &AppState, client: &str) -> Result<i64, AppError> {
    let now = state.clock.now();
    // Counted by client alone (the same key twice): no count over everyone.
    let (_, client_key) = throttle_keys(Throttled::NewAccount, None, client);
    let (id, counts) = state
        .store
        .begin_attempt(&client_key, &client_key, now, now - NEW_ACCOUNT_WINDOW_SECS)
        .await
        .map_err(internal("count new account"))?;
    if counts.for_client > state.settings.registrations_per_hour {
        state.store.forget_attempt(id).await.map_err(internal("forget attempt"))?;
        tracing::warn!(action = Throttled::NewAccount.name(), "throttled");
        let minutes = minutes_until(counts.client_oldest, now, NEW_ACCOUNT_WINDOW_SECS);
        return Err(AppError::Limit(format!(
            "Too many new accounts have been made from this internet connection in the last hour. Try again in {minutes} {}.",
            if minutes == 1 { "minute" } else { "minutes" }
        )));
    }
    Ok(id)
}

/// Whole minutes until the oldest attempt counted in a window of
/// `window` seconds stops counting.
fn minutes_until(oldest: Option<Timestamp>, now: Timestamp, window: i64) -> u32 {
    let reopens = oldest.unwrap_or(now) + window;
    (((reopens - now).max(1) + 59) / 60) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_after_throttling_is_rounded_up_to_whole_minutes() {
        let window = THROTTLE_WINDOW_SECS;
        assert_eq!(minutes_until(Some(1_000), 1_000, window), 15);
        assert_eq!(minutes_until(Some(1_000), 1_000 + 14 * 60 + 1, window), 1);
        assert_eq!(minutes_until(Some(1_000), 1_000 + 10 * 60, window), 5);
        assert_eq!(minutes_until(Some(1_000), 1_000 + 10 * 60, NEW_ACCOUNT_WINDOW_SECS), 50);
    }
}
