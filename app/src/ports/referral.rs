//! Referrals to social work and their packages.

use super::Viewer;
use super::{StoreError, Timestamp};
use crate::domain::plan::PlanRecord;
use crate::domain::referral::Referral;
use async_trait::async_trait;
use uuid::Uuid;

/// Referrals to social work and their packages.
#[async_trait]
pub trait ReferralStore: Send + Sync {
    /// Records a referral and its package, in one transaction: the referral
    /// first, only while its referring worker is the plan's allocated worker and — unless
    /// it has a legal reason — its share to social work is current and
    /// still at `share_sequence`; then an access-log row the carer sees.
    /// False (nothing written) otherwise.
    async fn refer(&self, referral: &Referral, share_sequence: i64, package: &[PlanRecord], viewer: &Viewer) -> Result<bool, StoreError>;
    /// Every referral of one carer's plan, newest first.
    async fn referrals(&self, carer_id: Uuid) -> Result<Vec<Referral>, StoreError>;
    /// Opens a referral's package for `viewer`, in one transaction: the
    /// access-log row first, only while the referral stands (not withdrawn,
    /// its share current or a legal reason given) and the viewer is the
    /// plan's allocated worker; then the package. `None` when refused.
    async fn open_referral(
        &self,
        referral_id: Uuid,
        viewer: &Viewer,
        now: Timestamp,
    ) -> Result<Option<(Referral, Vec<PlanRecord>)>, StoreError>;
    /// A referral by id, without its package (to say why it cannot be opened).
    async fn referral(&self, referral_id: Uuid) -> Result<Option<Referral>, StoreError>;
    /// Every referral made under a legal reason, newest first, with the carer's name.
    async fn legal_referrals(&self) -> Result<Vec<(Referral, String)>, StoreError>;
}
