//! Accounts: carers and staff, their invitations, and staff leaving.

use super::{StoreError, Timestamp};
use crate::domain::account::Role;
use async_trait::async_trait;
use uuid::Uuid;

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Account id.
    pub user_id: Uuid,
    /// Normalised email address (unique).
    pub email: String,
    /// The name they want to be called.
    pub display_name: String,
    /// Argon2id PHC string; `None` until a staff member sets a password.
    pub password_hash: Option<String>,
    /// What they may do.
    pub role: Role,
    /// When the account was made.
    pub created_at: Timestamp,
    /// When a manager deactivated it (staff only); it can no longer sign in.
    pub deactivated_at: Option<Timestamp>,
}

/// Accounts: carers and staff, their invitations, and staff leaving.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Adds an account; `Duplicate("users_email")` if the email is taken.
    async fn insert_user(&self, user: &UserRecord) -> Result<(), StoreError>;
    /// Finds an account by normalised email.
    async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError>;
    /// Finds an account by id.
    async fn user_by_id(&self, user_id: Uuid) -> Result<Option<UserRecord>, StoreError>;
    /// Staff accounts (workers and managers), by name.
    async fn staff(&self) -> Result<Vec<UserRecord>, StoreError>;
    /// How many managers exist.
    async fn count_managers(&self) -> Result<u64, StoreError>;
    /// Adds an account together with its one-time set-password token.
    async fn insert_user_with_invitation(&self, user: &UserRecord, token_hash: &str, expires_at: Timestamp) -> Result<(), StoreError>;
    /// Consumes a live invitation and sets the password, in one transaction.
    /// `None` when the token is unknown, used or expired.
    async fn accept_invitation(&self, token_hash: &str, now: Timestamp, password_hash: &str) -> Result<Option<UserRecord>, StoreError>;
    /// True while an invitation is unused and unexpired.
    async fn invitation_is_live(&self, token_hash: &str, now: Timestamp) -> Result<bool, StoreError>;
    /// Deactivates a worker or manager in one transaction: their account is
    /// marked, their sessions end, and their plans go back to the queue
    /// marked for reallocation. False when already deactivated or not staff.
    async fn deactivate_staff(&self, user_id: Uuid, by: Uuid, now: Timestamp) -> Result<bool, StoreError>;
}
