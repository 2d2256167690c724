//! Signed-in browsers, and the sessions an erasure or a deactivation ended.

use super::UserRecord;
use super::{StoreError, Timestamp};
use async_trait::async_trait;
use uuid::Uuid;

/// A signed-in browser, found by the hash of its cookie token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// SHA-256 of the cookie token; the token itself is never stored.
    pub token_hash: String,
    /// Whose session it is.
    pub user_id: Uuid,
    /// When it started.
    pub created_at: Timestamp,
    /// Last request seen; idle sessions end.
    pub last_seen_at: Timestamp,
    /// "This is a shared computer" was ticked.
    pub shared_device: bool,
}

/// When a session stops being live, and when its last-seen time is worth
/// writing again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionWindow {
    /// Sessions last used before this have ended (idle).
    pub idle_since: Timestamp,
    /// Sessions started before this have ended, however busy (absolute lifetime).
    pub started_since: Timestamp,
    /// A last-seen time older than this is brought up to now; a newer one is
    /// close enough, so a busy session is written once a minute, not once a request.
    pub refresh_before: Timestamp,
}

/// Signed-in browsers, and the sessions an erasure or a deactivation ended.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Starts a session.
    async fn insert_session(&self, session: &SessionRecord) -> Result<(), StoreError>;
    /// The session and its account while the session is live in `window`,
    /// marking it seen at `now` (at most one write, none when seen lately).
    /// An ended session is never revived; [`SessionStore::remove_ended_sessions`] deletes it.
    async fn touch_session(
        &self,
        token_hash: &str,
        now: Timestamp,
        window: SessionWindow,
    ) -> Result<Option<(SessionRecord, UserRecord)>, StoreError>;
    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Deletes every session that has ended in `window`; how many.
    async fn remove_ended_sessions(&self, window: SessionWindow) -> Result<u64, StoreError>;
    /// True, once, for the hash of a session an erasure ended: its browser
    /// is to be told to forget what it stored.
    async fn take_erased_session(&self, token_hash: &str) -> Result<bool, StoreError>;
    /// Forgets the sessions erasures ended before `before`; how many.
    async fn forget_erased_sessions(&self, before: Timestamp) -> Result<u64, StoreError>;
}
