//! What the carer's plan pages read.

use crate::domain::plan::Plan;
use crate::views::accounts::UserView;
use serde::{Deserialize, Serialize};

/// Everything a plan page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPage {
    /// The carer.
    pub user: UserView,
    /// Their plan as stored.
    pub plan: Plan,
    /// The framework in use.
    #[serde(with = "crate::framework::shared")]
    pub framework: crate::framework::Shared,
}
