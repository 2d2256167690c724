//! What the carer's Sharing pages show: shares, consent receipts, who has looked, where the plan stands.

use crate::domain::plan::Plan;
use crate::views::accounts::UserView;
use serde::{Deserialize, Serialize};

/// One share as the carer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareView {
    /// The share.
    pub share_id: uuid::Uuid,
    /// Its latest record's place (named when changing or withdrawing).
    pub sequence: i64,
    /// Who it is with.
    pub recipient: String,
    /// Who it is with, as stored ("centre", "social-work").
    pub recipient_id: String,
    /// Titles of the sections it covers now (or covered when withdrawn).
    pub sections: Vec<String>,
    /// Their ids.
    pub section_ids: Vec<String>,
    /// What the recipient does with it.
    pub purpose: String,
    /// Given at, readable.
    pub given_at: String,
    /// Withdrawn at, readable.
    pub withdrawn_at: Option<String>,
}

/// One consent record, as printed on its receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptView {
    /// The record.
    pub id: uuid::Uuid,
    /// "Consent given", "What is shared changed", "Consent withdrawn".
    pub change: String,
    /// Who it is with.
    pub recipient: String,
    /// Titles of the sections.
    pub sections: Vec<String>,
    /// What the recipient does with it.
    pub purpose: String,
    /// The exact words the carer saw.
    pub wording: String,
    /// When, readable.
    pub at: String,
}

/// One time someone opened part of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenView {
    /// Their name.
    pub who: String,
    /// Their role, readable.
    pub role: String,
    /// What they opened, readable.
    pub what: String,
    /// When, readable.
    pub when: String,
}

/// Where the plan stands, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanState {
    /// Nobody else can see it.
    Private,
    /// In the queue.
    Waiting {
        /// Since, readable.
        since: String,
        /// A worker will be in touch by, readable.
        due_by: String,
    },
    /// With a worker.
    WithWorker {
        /// Their name.
        worker: String,
        /// Since, readable.
        since: String,
    },
    /// Consent withdrawn.
    Withdrawn {
        /// On, readable.
        on: String,
    },
    /// The carer asked for their plan to be deleted (which withdrew every
    /// share): where that stands, as they read it.
    Deletion(crate::views::deletion::MyDeletionRequest),
}

/// Everything the Sharing pages show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingView {
    /// The carer.
    pub user: UserView,
    /// Their plan (for what can be shared, and the check-your-answers page).
    pub plan: Plan,
    /// The framework.
    #[serde(with = "crate::framework::shared")]
    pub framework: crate::framework::Shared,
    /// Where the plan stands.
    pub state: PlanState,
    /// Every current share, then the newest others, newest first.
    pub shares: Vec<ShareView>,
    /// The newest consent records (or those older than the place asked
    /// for), newest first: one page, never more.
    pub history: Vec<ReceiptView>,
    /// The place where the next older page of consent records starts, if any.
    pub older_history: Option<String>,
    /// Who has opened the plan, newest first: one page, never more.
    pub seen: Vec<SeenView>,
    /// The place where the next older page of looks starts, if any.
    pub older_seen: Option<String>,
    /// Sections that can be shared now: id and title.
    pub shareable: Vec<(String, String)>,
    /// Every referral to social work, newest first.
    pub referrals: Vec<crate::views::referral::ReferralView>,
    /// Their request to delete the plan, if they made one.
    pub deletion: Option<crate::views::deletion::MyDeletionRequest>,
}

impl SharingView {
    /// The share in force, if any.
    pub fn current(&self) -> Option<&ShareView> {
        self.shares.iter().find(|s| s.withdrawn_at.is_none() && s.recipient_id == "centre")
    }

    /// The share to social work in force, if any.
    pub fn social_work(&self) -> Option<&ShareView> {
        self.shares.iter().find(|s| s.withdrawn_at.is_none() && s.recipient_id == "social-work")
    }

    /// The share in force with this id, if any.
    pub fn current_by_id(&self, id: uuid::Uuid) -> Option<&ShareView> {
        self.shares.iter().find(|s| s.withdrawn_at.is_none() && s.share_id == id)
    }
}
