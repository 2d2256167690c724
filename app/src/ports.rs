//! What the product needs from the outside world. The server implements these
//! for SQLite and PostgreSQL; the same storage test suite keeps both honest.
//!
//! Storage is split by feature (one trait and its records per file in
//! `ports/`); [`Store`] is all of them together.

mod access;
mod accounts;
mod agreement;
mod allocation;
mod attempts;
mod deletion;
mod figures;
mod health;
mod plan;
mod referral;
mod sessions;
mod sharing;

pub use access::{AccessStore, Viewer};
pub use accounts::{AccountStore, UserRecord};
pub use agreement::{AgreementStore, Signing};
pub use allocation::{AllocationStore, PickUp, QUEUE_COUNTED_UP_TO, Queue};
pub use attempts::{AttemptStore, FailedAttempts};
pub use deletion::DeletionStore;
pub use figures::FiguresStore;
pub use health::HealthStore;
pub use plan::PlanStore;
pub use referral::ReferralStore;
pub use sessions::{SessionRecord, SessionStore, SessionWindow};
pub use sharing::SharingStore;

use async_trait::async_trait;

/// Seconds since the Unix epoch; every stored time uses it on both engines.
pub type Timestamp = i64;

/// A storage failure. Only `Duplicate` is something a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write; names the constraint.
    #[error("duplicate value for {0}")]
    Duplicate(String),
    /// Anything else: logged on the server, never shown.
    #[error("storage failure: {0}")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Persistent storage: every feature's part, each trait beside the others
/// in `ports/`. Every method that writes more than one row does so in one
/// transaction. Anything that stores every part is a `Store`.
pub trait Store:
    HealthStore
    + AccountStore
    + SessionStore
    + AttemptStore
    + PlanStore
    + SharingStore
    + AllocationStore
    + AccessStore
    + AgreementStore
    + ReferralStore
    + FiguresStore
    + DeletionStore
    + 'static
{
}

impl<T> Store for T where
    T: HealthStore
        + AccountStore
        + SessionStore
        + AttemptStore
        + PlanStore
        + SharingStore
        + AllocationStore
        + AccessStore
        + AgreementStore
        + ReferralStore
        + FiguresStore
        + DeletionStore
        + 'static
{
}

/// Sends short emails. The product only ever sends "there is something to
/// look at": never a word of a plan.
#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    /// Sends one plain-text email; the error is for the server's log only.
    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String>;
}

/// The time, so tests can move it.
pub trait Clock: Send + Sync + 'static {
    /// Seconds since the Unix epoch.
    fn now(&self) -> Timestamp;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as Timestamp).unwrap_or_default()
    }
}
