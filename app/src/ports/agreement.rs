//! Agreeing a plan: sending, comments, signing and reviews.

use super::{StoreError, Timestamp};
use crate::domain::agreement::{AgreedPlan, Agreement, Comment};
use crate::domain::calendar::Day;
use async_trait::async_trait;
use uuid::Uuid;

/// What became of a carer signing their plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signing {
    /// Agreed: the snapshot now stored.
    Signed(AgreedPlan),
    /// Nothing is waiting to be signed at that version (signed or
    /// commented on elsewhere, sent again, or consent withdrawn).
    NotWaiting,
    /// Part of the plan was saved since the carer read it.
    Changed,
}

/// Agreeing a plan: sending, comments, signing and reviews.
#[async_trait]
pub trait AgreementStore: Send + Sync {
    /// Where agreeing one carer's plan stands, once it was first sent.
    async fn agreement_of(&self, carer_id: Uuid) -> Result<Option<Agreement>, StoreError>;
    /// The comments on one carer's plan, oldest first.
    async fn comments(&self, carer_id: Uuid) -> Result<Vec<Comment>, StoreError>;
    /// The worker sends the plan to the carer to check and sign, with the
    /// review date they propose and, after a comment, their answer, in one
    /// transaction. False (nothing written) unless the agreement is still at
    /// `version` (0: never sent) and not already with the carer.
    async fn send_for_signing(
        &self,
        carer_id: Uuid,
        version: i64,
        review_on: Day,
        answer: Option<&Comment>,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
    /// The carer sends a comment back, in one transaction with the stage.
    /// False (nothing written) unless the plan is with them at `version`.
    async fn comment_on_plan(&self, carer_id: Uuid, version: i64, comment: &Comment) -> Result<bool, StoreError>;
    /// The carer signs, in one transaction: the stage (written first, only
    /// if the plan is with them at `version` and still allocated), then the
    /// plan is read and its fingerprint compared with `fingerprint` (what
    /// they read), then the snapshot `id` is stored with the agreed review date.
    async fn sign_plan(&self, carer_id: Uuid, version: i64, fingerprint: &str, id: Uuid, now: Timestamp) -> Result<Signing, StoreError>;
    /// Every plan the carer signed, newest first.
    async fn agreed_plans(&self, carer_id: Uuid) -> Result<Vec<AgreedPlan>, StoreError>;
    /// Marks an agreed plan for review because the carer's circumstances
    /// changed on `day`; false when no plan is agreed.
    async fn ask_for_review(&self, carer_id: Uuid, day: Day) -> Result<bool, StoreError>;
    /// Carers whose agreed plan is due for review by `by` and who have not
    /// been reminded yet (at most `limit`, soonest first).
    async fn reviews_to_remind(&self, by: Day, limit: u32) -> Result<Vec<Uuid>, StoreError>;
    /// Marks a carer as reminded of their review; false when someone (another
    /// server instance) already did, so only one of them sends the email.
    async fn mark_reminded(&self, carer_id: Uuid, now: Timestamp) -> Result<bool, StoreError>;
    /// Where agreeing stands for each plan allocated to a worker.
    async fn agreements_of_worker(&self, worker_id: Uuid) -> Result<Vec<Agreement>, StoreError>;
}
