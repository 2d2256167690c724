//! Who may do what: every check of a caller's role, and of a worker's
//! hold on a plan, that the use cases make before they act. Each says why
//! it refuses (not signed in, not allowed, consent withdrawn, plan moved…)
//! in the error a person can act on.

use super::{AppState, internal};
use crate::domain::account::Role;
use crate::domain::sharing::{HandOff, HandOffStatus};
use crate::error::AppError;
use crate::views::accounts::UserView;

/// Refuses anyone who is not a signed-in carer.
pub fn require_carer(actor: Option<&UserView>) -> Result<&UserView, AppError> {
    match actor {
        None => Err(AppError::Unauthorized),
        Some(user) if user.role == Role::Carer => Ok(user),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// Refuses anyone who is not a signed-in worker.
pub fn require_worker(actor: Option<&UserView>) -> Result<&UserView, AppError> {
    match actor {
        None => Err(AppError::Unauthorized),
        Some(user) if user.role == Role::Worker => Ok(user),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// Refuses anyone who is not a manager.
pub fn require_manager(actor: Option<&UserView>) -> Result<&UserView, AppError> {
    match actor {
        None => Err(AppError::Unauthorized),
        Some(user) if user.role == Role::Manager => Ok(user),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// Refuses anyone who is not a worker or manager.
pub fn require_staff(actor: Option<&UserView>) -> Result<&UserView, AppError> {
    match actor {
        None => Err(AppError::Unauthorized),
        Some(user) if user.role.is_staff() => Ok(user),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// Refuses anyone but the allocated worker of a plan that is shared now;
/// says so when the carer withdrew consent. The hand-off, when allowed.
pub(crate) async fn require_allocated(state: &AppState, me: &UserView, carer_id: uuid::Uuid) -> Result<HandOff, AppError> {
    let handoff = state.store.hand_off_of(carer_id).await.map_err(internal("load hand-off"))?;
    match handoff {
        Some(h) if h.status == HandOffStatus::Allocated && h.worker.as_ref().map(|(id, _)| *id) == Some(me.id) => Ok(h),
        other => Err(refusal(state, me, carer_id, other.as_ref()).await?),
    }
}

/// Why a plan is not open to this member of staff, in words they can act
/// on: the carer withdrew consent, or asked for deletion (which withdraws
/// it); the plan was moved away from this worker (only to one who held it,
/// and never to whom); otherwise no access at all.
pub(crate) async fn refusal(
    state: &AppState,
    me: &UserView,
    carer_id: uuid::Uuid,
    handoff: Option<&HandOff>,
) -> Result<AppError, AppError> {
    let Some(handoff) = handoff else { return Ok(AppError::Forbidden) };
    if handoff.status == HandOffStatus::Withdrawn {
        let asked = state.store.deletion_request(carer_id).await.map_err(internal("load deletion request"))?;
        return Ok(if asked.is_some() { AppError::PlanDeleted } else { AppError::ConsentWithdrawn });
    }
    if me.role == Role::Worker && state.store.ever_held(carer_id, me.id).await.map_err(internal("load allocations"))? {
        return Ok(AppError::PlanMoved);
    }
    Ok(AppError::Forbidden)
}
