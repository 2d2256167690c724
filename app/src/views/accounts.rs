//! Who is signed in, and the staff accounts a manager reads.

use crate::domain::account::Role;
use serde::{Deserialize, Serialize};

/// A new staff account and the one-time link to give its owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInvitation {
    /// The new account.
    pub user: UserView,
    /// Set-password link, shown to the manager once.
    pub link: String,
}

/// A signed-in person, as pages see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    /// Their id.
    pub id: uuid::Uuid,
    /// The name they want to be called.
    pub name: String,
    /// Their email address.
    pub email: String,
    /// What they may do.
    pub role: Role,
    /// True when they said this is a shared computer: keep nothing in the browser.
    pub shared_device: bool,
}

/// A staff account as the manager's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// The account.
    pub user: UserView,
    /// False once a manager deactivated it.
    pub active: bool,
}
