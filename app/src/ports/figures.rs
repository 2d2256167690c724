//! The anonymous figures.

use super::StoreError;
use async_trait::async_trait;

/// The anonymous figures.
#[async_trait]
pub trait FiguresStore: Send + Sync {
    /// Every carer's plan reduced to the days things happened, for the
    /// anonymous figures (no names, no ids).
    async fn plan_days(&self) -> Result<Vec<crate::domain::figures::PlanDays>, StoreError>;
}
