//! Accounts: registration, sign-in with throttling, sessions, and staff
//! accounts. One file per concern; the use cases are re-exported here.

mod hashing;
mod invitations;
mod registration;
mod secret;
mod sessions;
mod sign_in;
mod throttle;

pub use invitations::{Invitation, accept_invitation, create_first_manager, create_staff, invitation_is_live};
pub use registration::register;
pub use secret::Secret;
pub use sessions::{SESSION_REFRESH_SECS, SignedIn, forget_if_erased, remove_expired, session_user, sign_out};
pub(crate) use sign_in::confirm_password;
pub use sign_in::sign_in;
pub(crate) use throttle::account_key;
pub use throttle::{
    MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_CLIENT, MAX_LINK_FAILURES_PER_CLIENT, MAX_REFUSED_REGISTRATIONS_PER_CLIENT,
    NEW_ACCOUNT_WINDOW_SECS, THROTTLE_WINDOW_SECS,
};

use super::access::require_manager;
use super::{AppState, internal};
use crate::error::AppError;
use crate::ports::UserRecord;
use crate::views::accounts::{StaffMember, UserView};

/// A stored account as pages see it.
fn view(user: &UserRecord, shared_device: bool) -> UserView {
    UserView { id: user.user_id, name: user.display_name.clone(), email: user.email.clone(), role: user.role, shared_device }
}

/// Staff accounts, for a manager.
#[tracing::instrument(skip_all)]
pub async fn list_staff(state: &AppState, actor: Option<&UserView>) -> Result<Vec<StaffMember>, AppError> {
    require_manager(actor)?;
    let staff = state.store.staff().await.map_err(internal("list staff"))?;
    Ok(staff.iter().map(|u| StaffMember { user: view(u, false), active: u.deactivated_at.is_none() }).collect())
}

/// Who is signed in, as the browser asks between pages: a session whose
/// account was closed answers as no one, like any other ended session.
pub fn signed_in(caller: Result<Option<UserView>, AppError>) -> Result<Option<UserView>, AppError> {
    match caller {
        Err(AppError::AccountClosed) => Ok(None),
        other => other,
    }
}
