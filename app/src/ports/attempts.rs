//! Attempts (sign-ins, registrations, set-password links), counted for throttling.

use super::{StoreError, Timestamp};
use async_trait::async_trait;

/// Attempts (sign-ins, registrations, set-password links) counted for throttling.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FailedAttempts {
    /// Failures for this account in the window.
    pub for_account: u32,
    /// Oldest such failure (for "try again in N minutes").
    pub account_oldest: Option<Timestamp>,
    /// Failures from this client in the window.
    pub for_client: u32,
    /// Oldest such failure.
    pub client_oldest: Option<Timestamp>,
}

/// Attempts (sign-ins, registrations, set-password links), counted for throttling.
#[async_trait]
pub trait AttemptStore: Send + Sync {
    /// Counts an attempt *before* it is checked, so parallel attempts can
    /// never all slip under a limit: the attempt is written (and committed)
    /// first, then the attempts after `since` (exclusive) are counted, this
    /// one included. Returns the attempt's id and the counts.
    async fn begin_attempt(
        &self,
        account_key: &str,
        client_key: &str,
        at: Timestamp,
        since: Timestamp,
    ) -> Result<(i64, FailedAttempts), StoreError>;
    /// Counts the attempts after `since` (exclusive) for the account and
    /// for the client, writing nothing.
    async fn count_attempts(&self, account_key: &str, client_key: &str, since: Timestamp) -> Result<FailedAttempts, StoreError>;
    /// Forgets one attempt: it was refused unchecked, or it succeeded.
    async fn forget_attempt(&self, attempt_id: i64) -> Result<(), StoreError>;
    /// Forgets an account's failures after a successful sign-in.
    async fn clear_failed_sign_ins(&self, account_key: &str) -> Result<(), StoreError>;
    /// Forgets attempts made before `before`; how many.
    async fn forget_attempts_before(&self, before: Timestamp) -> Result<u64, StoreError>;
}
