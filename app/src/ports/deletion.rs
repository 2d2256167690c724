//! Deleting a carer's data: requests, holds and erasure.

use super::{StoreError, Timestamp};
use crate::domain::calendar::Day;
use crate::domain::deletion::{DeletionRequest, Hold};
use crate::domain::sharing::ConsentRecord;
use async_trait::async_trait;
use uuid::Uuid;

/// Deleting a carer's data: requests, holds and erasure.
#[async_trait]
pub trait DeletionStore: Send + Sync {
    /// The carer's request to delete their data, if they made one.
    async fn deletion_request(&self, carer_id: Uuid) -> Result<Option<DeletionRequest>, StoreError>;
    /// Every deletion request not yet completed, soonest due first, with the carer's name.
    async fn deletion_requests(&self) -> Result<Vec<(DeletionRequest, String)>, StoreError>;
    /// The carer asks for their shared plan to be deleted, in one
    /// transaction: the request first, then `withdrawals` (one "withdrawn"
    /// consent record for each share still current), each applied as
    /// [`SharingStore::withdraw_share`] does. False (nothing written) when they
    /// already asked, or a share changed meanwhile.
    async fn request_deletion(&self, request: &DeletionRequest, withdrawals: &[ConsentRecord]) -> Result<bool, StoreError>;
    /// A manager puts a hold on a request still at `version` and not being
    /// erased (a release before it is forgotten). False otherwise.
    async fn set_hold(&self, carer_id: Uuid, version: i64, hold: &Hold) -> Result<bool, StoreError>;
    /// A manager releases the hold on a request still at `version` and
    /// held: it is recorded as released at `released_at` and now promised
    /// by `due_on`. False otherwise.
    async fn release_hold(&self, carer_id: Uuid, version: i64, released_at: Timestamp, due_on: Day) -> Result<bool, StoreError>;
    /// Deletes the plan of a carer who never shared it, keeping their
    /// account, in one transaction with its anonymous tombstone. False
    /// (nothing deleted) when they have shared it.
    async fn delete_unshared_plan(&self, carer_id: Uuid) -> Result<bool, StoreError>;
    /// The first step of erasing a carer, in one transaction: the erasure is
    /// recorded as begun and every session of theirs ends. `Some(version)`:
    /// a manager completes a request still at `version` and not held;
    /// `None`: the carer deletes a plan they never shared, with their account.
    /// False (nothing written) otherwise.
    async fn begin_erasure(&self, carer_id: Uuid, version: Option<i64>, now: Timestamp) -> Result<bool, StoreError>;
    /// The second step, in one transaction: the anonymous tombstone, then
    /// every row about the carer — the account and everything that hangs
    /// from it, and their sign-in attempts counted under `account_key`.
    /// Then the engine is made to drop the deleted text from its files.
    /// False when no erasure of theirs was begun.
    async fn finish_erasure(&self, carer_id: Uuid, account_key: &str) -> Result<bool, StoreError>;
    /// Carers whose erasure was begun and not finished (the server stopped between the steps).
    async fn erasures_pending(&self) -> Result<Vec<Uuid>, StoreError>;
}
