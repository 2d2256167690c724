//! Someone other than the carer opening their plan, and the log the carer reads.

use super::{StoreError, Timestamp};
use crate::domain::account::Role;
use crate::domain::plan::PlanRecord;
use crate::domain::sharing::{AccessRecord, HandOff, Looked, Older};
use async_trait::async_trait;
use uuid::Uuid;

/// Someone other than the carer opening part of a plan, as the access log records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// Their account.
    pub id: Uuid,
    /// Their name now.
    pub name: String,
    /// Their role now.
    pub role: Role,
}

/// Someone other than the carer opening their plan, and the log the carer reads.
#[async_trait]
pub trait AccessStore: Send + Sync {
    /// Opens a handed-off plan for a viewer, in one transaction: first the
    /// access-log row (only if the plan is allocated to the viewer and not
    /// withdrawn), then the plan; `allowed` then decides, and a refusal
    /// rolls the log row back. `None` when refused.
    async fn open_shared(
        &self,
        carer_id: Uuid,
        viewer: &Viewer,
        what: &Looked,
        now: Timestamp,
        allowed: &(dyn for<'h> Fn(&'h HandOff) -> bool + Send + Sync),
    ) -> Result<Option<(HandOff, Vec<PlanRecord>)>, StoreError>;
    /// Everyone who opened part of one carer's plan, newest first.
    async fn access_log(&self, carer_id: Uuid) -> Result<Vec<AccessRecord>, StoreError>;
    /// One page of the access log, newest first: at most `limit` looks,
    /// all older than `before` when it is given.
    async fn access_history(&self, carer_id: Uuid, before: Option<&Older>, limit: u32) -> Result<Vec<AccessRecord>, StoreError>;
}
