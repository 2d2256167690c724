//! What a referral to social work shows: to the carer, its worker, a manager.

use crate::domain::plan::Plan;
use serde::{Deserialize, Serialize};

/// One referral, as the carer, its worker or a manager reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralView {
    /// The referral.
    pub id: uuid::Uuid,
    /// When, readable.
    pub referred_at: String,
    /// The worker who referred.
    pub by: String,
    /// Titles of the sections referred.
    pub sections: Vec<String>,
    /// The justification, when made under a legal reason.
    pub legal_reason: Option<String>,
    /// When the carer withdrew the share it rested on, readable.
    pub withdrawn_at: Option<String>,
}

/// A referral package, to print or download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralPackage {
    /// Whose plan.
    pub carer_id: uuid::Uuid,
    /// Their chosen name.
    pub carer_name: String,
    /// The referral.
    pub referral: ReferralView,
    /// The ids of the sections referred.
    pub section_ids: Vec<String>,
    /// Exactly the records referred, as sent.
    pub plan: Plan,
    /// The framework, for titles.
    #[serde(with = "crate::framework::shared")]
    pub framework: crate::framework::Shared,
}

/// One referral made under a legal reason, for managers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalReferralRow {
    /// The carer's chosen name.
    pub carer_name: String,
    /// The referral, with its justification.
    pub referral: ReferralView,
}
