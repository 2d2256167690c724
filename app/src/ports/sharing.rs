//! A carer's shares: consent records and the hand-off they bring in step.

use super::{StoreError, Timestamp};
use crate::domain::plan::ImpactLevel;
use crate::domain::sharing::{ConsentRecord, HandOff, Older, Share};
use async_trait::async_trait;
use uuid::Uuid;

/// A carer's shares: consent records and the hand-off they bring in step.
#[async_trait]
pub trait SharingStore: Send + Sync {
    /// Gives a share and puts the plan in the queue, in one transaction:
    /// the consent record, then the hand-off. False (nothing written) when
    /// the carer already has a hand-off that is not withdrawn.
    async fn hand_off(&self, consent: &ConsentRecord, handoff: &HandOff) -> Result<bool, StoreError>;
    /// Adds a "changed" consent record and shares `sections` from now on,
    /// in one transaction. False (nothing written) when the record's
    /// sequence is not the next in its share (someone changed it first) or
    /// the share was withdrawn.
    async fn change_share(&self, carer_id: Uuid, consent: &ConsentRecord, top_impact: Option<ImpactLevel>) -> Result<bool, StoreError>;
    /// Adds a "withdrawn" consent record and takes the plan out of the
    /// queue and out of its worker's reach, in one transaction. False
    /// (nothing written) as for [`SharingStore::change_share`].
    async fn withdraw_share(&self, carer_id: Uuid, consent: &ConsentRecord) -> Result<bool, StoreError>;
    /// Gives a new share (sequence 1) that puts no plan in the queue: a
    /// share to social work. False when that record already exists.
    async fn give_share(&self, carer_id: Uuid, consent: &ConsentRecord) -> Result<bool, StoreError>;
    /// Every consent record of one carer (for "Download my data"; pages
    /// read [`SharingStore::consent_history`] a page at a time).
    async fn consent_records(&self, carer_id: Uuid) -> Result<Vec<ConsentRecord>, StoreError>;
    /// One carer's shares as they stand (each share's latest record, when
    /// it was given and whether it was withdrawn), newest first: every
    /// current share, then the newest others, at most `limit` in all.
    async fn shares(&self, carer_id: Uuid, limit: u32) -> Result<Vec<Share>, StoreError>;
    /// One page of a carer's consent records, newest first: at most
    /// `limit`, all older than `before` when it is given.
    async fn consent_history(&self, carer_id: Uuid, before: Option<&Older>, limit: u32) -> Result<Vec<ConsentRecord>, StoreError>;
    /// One consent record of one carer, for its receipt.
    async fn consent_record(&self, carer_id: Uuid, record_id: Uuid) -> Result<Option<ConsentRecord>, StoreError>;
    /// How many times the carer gave consent or changed what they share
    /// (withdrawals are not counted) after `since`, and when the oldest of
    /// those was.
    async fn consent_changes_since(&self, carer_id: Uuid, since: Timestamp) -> Result<(u32, Option<Timestamp>), StoreError>;
    /// The carer's hand-off, if they ever handed off.
    async fn hand_off_of(&self, carer_id: Uuid) -> Result<Option<HandOff>, StoreError>;
}
