//! Whether the database answers.

use super::StoreError;
use async_trait::async_trait;

/// Whether the database answers.
#[async_trait]
pub trait HealthStore: Send + Sync {
    /// Checks the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
}
