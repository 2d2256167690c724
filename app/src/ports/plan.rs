//! A carer's plan, record by record.

use super::{StoreError, Timestamp};
use crate::domain::plan::{PlanRecord, RecordKey, SaveOutcome};
use async_trait::async_trait;
use std::collections::BTreeMap;
use uuid::Uuid;

/// A carer's plan, record by record.
#[async_trait]
pub trait PlanStore: Send + Sync {
    /// Every record of one carer's plan.
    async fn plan_records(&self, carer_id: Uuid) -> Result<Vec<PlanRecord>, StoreError>;
    /// Merges `changes` into a record if it is still at `base_version`
    /// (0: not yet saved), in one transaction; otherwise saves nothing and
    /// reports what is stored now.
    async fn save_plan_fields(
        &self,
        carer_id: Uuid,
        key: &RecordKey,
        base_version: i64,
        changes: &BTreeMap<String, String>,
        now: Timestamp,
    ) -> Result<SaveOutcome, StoreError>;
    /// How many records of one carer's plan have keys starting with
    /// `prefix`, not counting `except` (the record being saved).
    async fn count_plan_records(&self, carer_id: Uuid, prefix: &str, except: &RecordKey) -> Result<u64, StoreError>;
    /// Deletes a record if it is still at `base_version`; false if not.
    async fn delete_plan_record(&self, carer_id: Uuid, key: &RecordKey, base_version: i64) -> Result<bool, StoreError>;
}
