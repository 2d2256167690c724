//! What a deletion request shows: to the carer, and to a manager deciding it.

use crate::views::accounts::UserView;
use serde::{Deserialize, Serialize};

/// A legal hold as the carer is told about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarerHold {
    /// Why, in general terms.
    pub why: String,
    /// When the hold will be looked at again, readable.
    pub review_on: String,
}

/// The carer's deletion request as they read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDeletionRequest {
    /// When they asked, readable.
    pub requested_at: String,
    /// The day they asked, readable.
    pub asked_on: String,
    /// The date we promised, readable.
    pub due_on: String,
    /// The hold, if a manager put one on.
    pub held: Option<CarerHold>,
    /// The day a hold on it ended, readable, while it waits to be deleted.
    pub released_on: Option<String>,
    /// Being deleted now.
    pub erasing: bool,
}

/// What the carer's "Delete your data" page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionPage {
    /// The carer.
    pub user: UserView,
    /// They have shared their plan at some time (so it is deleted on request).
    pub ever_shared: bool,
    /// They have saved anything at all.
    pub has_plan: bool,
    /// Their request, if they made one.
    pub request: Option<MyDeletionRequest>,
    /// The date a request made now would be completed by, readable.
    pub due_if_asked_now: String,
}

/// A legal hold as managers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffHold {
    /// The ground chosen.
    pub ground: crate::domain::deletion::HoldGround,
    /// The manager's note.
    pub note: String,
    /// When to look at it again, readable.
    pub review_on: String,
    /// Who put it on.
    pub held_by: String,
    /// When, readable.
    pub held_at: String,
    /// The review date has come.
    pub review_due: bool,
}

/// One deletion request in the managers' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionRow {
    /// Whose plan.
    pub carer_id: uuid::Uuid,
    /// Their chosen name.
    pub carer_name: String,
    /// When they asked, readable.
    pub requested_at: String,
    /// The date promised to them, readable.
    pub due_on: String,
    /// Past its date and not held.
    pub overdue: bool,
    /// The hold, if any.
    pub hold: Option<StaffHold>,
    /// Being erased now.
    pub erasing: bool,
    /// Named when acting on it, so a stale page is refused.
    pub version: i64,
}
