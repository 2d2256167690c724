//! What workers and managers read: the queue, a caseload, a shared plan.

use crate::domain::conversation::Suggestion;
use crate::domain::plan::{ImpactLevel, Plan};
use crate::domain::sharing::Contact;
use crate::views::accounts::UserView;
use serde::{Deserialize, Serialize};

/// One plan in the queue, a caseload or the allocations: names, dates and
/// clocks, never the plan's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    /// Whose plan.
    pub carer_id: uuid::Uuid,
    /// The name the carer chose.
    pub carer_name: String,
    /// The day they handed off, readable.
    pub handed_off: String,
    /// Titles of the sections shared.
    pub sections: Vec<String>,
    /// They care for someone terminally ill.
    pub terminal: bool,
    /// The highest impact they gave a shared area.
    pub top_impact: Option<ImpactLevel>,
    /// Each statutory clock: what, where it stands ("due in 2 working days"), overdue.
    pub clocks: Vec<(String, String, bool)>,
    /// Its worker left; it needs a new one.
    pub needs_reallocation: bool,
    /// The worker it is with.
    pub worker: Option<String>,
    /// Since when, readable.
    pub allocated: Option<String>,
    /// Where agreeing it stands, in the worker's words (caseload only).
    pub agreement: Option<String>,
    /// Why it is due for review, if it is (caseload only).
    pub review_due: Option<String>,
}

/// The queue page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    /// Who is looking.
    pub me: UserView,
    /// The most urgent plans.
    pub rows: Vec<QueueRow>,
    /// How many wait in all.
    pub total: u64,
    /// A warning when the public holidays file does not cover this year.
    pub holidays_missing: Option<String>,
}

/// One line of a worker's caseload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseRow {
    /// A plan they can open.
    Open(QueueRow),
    /// Consent withdrawn: only the date remains.
    Withdrawn {
        /// Whose plan it was.
        carer_id: uuid::Uuid,
        /// When, readable.
        on: String,
    },
}

/// The shared part of a plan, for the worker it is allocated to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedPlanView {
    /// Whose plan.
    pub carer_id: uuid::Uuid,
    /// Their chosen name.
    pub carer_name: String,
    /// How to reach them, and what is safe.
    pub contact: Contact,
    /// They care for someone terminally ill.
    pub terminal: bool,
    /// Every section shared: id, title, and whether the carer has since chosen not to talk about it.
    pub sections: Vec<(String, String, bool)>,
    /// The section opened (id, title), if one was.
    pub section: Option<(String, String)>,
    /// The records of the section(s) opened; nothing else.
    pub plan: Plan,
    /// The framework, for titles and rating descriptors.
    #[serde(with = "crate::framework::shared")]
    pub framework: crate::framework::Shared,
    /// The statutory clocks.
    pub clocks: Vec<(String, String, bool)>,
    /// The level of support the shared ratings suggest, and why.
    pub support: Suggestion,
    /// Where agreeing the plan stands, and the comments.
    pub agreement: crate::views::agreement::AgreementState,
    /// The sections the carer shares with social work now (ids); `None` when they do not.
    pub social_work: Option<Vec<String>>,
    /// Every referral to social work, newest first.
    pub referrals: Vec<crate::views::referral::ReferralView>,
}
