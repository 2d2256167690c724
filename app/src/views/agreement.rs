//! What agreeing a plan shows: where it stands, comments, and every plan signed.

use crate::domain::agreement::{Change, Stage};
use crate::domain::plan::Plan;
use serde::{Deserialize, Serialize};

/// One comment, as either side reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    /// "You", or the other side's name and role.
    pub who: String,
    /// What they wrote.
    pub body: String,
    /// When, readable.
    pub when: String,
}

/// One plan the carer signed, in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedListing {
    /// The snapshot.
    pub id: uuid::Uuid,
    /// Signed on, readable.
    pub agreed_on: String,
    /// Review by, readable.
    pub review_on: String,
    /// The worker it was agreed with.
    pub worker: String,
}

/// Where agreeing a plan stands, for the carer or its worker.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementState {
    /// `None` until the worker first sends it.
    pub stage: Option<Stage>,
    /// Named by the next step, so a step from an old page is refused.
    pub version: i64,
    /// The review date proposed (while sent) or agreed, readable.
    pub review_on: Option<String>,
    /// The same date: what a signature names, with the plan, so the carer
    /// signs the date their page showed.
    pub review_day: Option<crate::domain::calendar::Day>,
    /// Every comment, oldest first.
    pub comments: Vec<CommentView>,
    /// Why a review is due, if it is.
    pub review_due: Option<String>,
    /// The default review date, and the latest a worker may choose: a year
    /// from today, on a working day (YYYY-MM-DD).
    pub latest_review_on: String,
    /// The date the worker's send form starts from (YYYY-MM-DD): the date
    /// last proposed while the carer's comment waits for an answer,
    /// otherwise the default.
    pub review_on_offered: String,
}

/// The carer's view of agreeing their plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarerAgreement {
    /// Where it stands.
    pub state: AgreementState,
    /// Their worker's name, while the plan is with one.
    pub worker: Option<String>,
    /// Every plan they signed, newest first.
    pub agreed: Vec<AgreedListing>,
    /// What needs them now, said on the home page.
    pub notice: Option<String>,
}

/// One signed plan beside the plan now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedView {
    /// Which one, when and with whom.
    pub listing: AgreedListing,
    /// The plan as signed.
    pub plan: Plan,
    /// Every answer that differs now.
    pub changes: Vec<Change>,
    /// The framework, for titles.
    #[serde(with = "crate::framework::shared")]
    pub framework: crate::framework::Shared,
}
