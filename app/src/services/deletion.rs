//! Deleting a carer's data. A plan never shared goes at once, after the
//! carer gives their password again (with their account, if they choose).
//! A plan that was shared is deleted by a manager on the carer's request,
//! which withdraws every share at once; a manager may hold it for a recorded
//! legal reason, which the carer is told about in general terms.
//!
//! Erasure has two steps. The first ends the carer's sessions and marks the
//! erasure begun; the second, one transaction, removes every row about them
//! and leaves an anonymous tombstone for the figures. A server that stops
//! between the steps finishes the second when it starts again.

use super::access::{require_carer, require_manager};
use super::accounts::{account_key, confirm_password};
use super::sharing::{shares_of, withdrawal_of};
use super::{AppState, internal};
use crate::domain::calendar::{uk_day, uk_moment};
use crate::domain::deletion::{self, DeleteScope, DeletionError, DeletionRequest, Hold, RequestStatus};
use crate::error::AppError;
use crate::views::accounts::UserView;
use crate::views::deletion::{CarerHold, DeletionPage, DeletionRow, MyDeletionRequest, StaffHold};

/// A request as the carer reads it: the general ground of a hold, never the
/// manager's note.
pub(crate) fn carer_view(request: &DeletionRequest) -> MyDeletionRequest {
    MyDeletionRequest {
        requested_at: uk_moment(request.requested_at),
        asked_on: uk_day(request.requested_at).readable(),
        due_on: request.due_on.readable(),
        released_on: match request.status {
            RequestStatus::Requested => request.released_at.map(|at| uk_day(at).readable()),
            _ => None,
        },
        held: match &request.status {
            RequestStatus::Held(hold) => Some(CarerHold { why: hold.ground.for_carer().to_owned(), review_on: hold.review_on.readable() }),
            _ => None,
        },
        erasing: request.status == RequestStatus::Erasing,
    }
}

/// What the carer's "Delete your data" page needs.
#[tracing::instrument(skip_all)]
pub async fn mine(state: &AppState, actor: Option<&UserView>) -> Result<DeletionPage, AppError> {
    let carer = require_carer(actor)?;
    let shares = shares_of(state, carer.id).await?;
    let request = state.store.deletion_request(carer.id).await.map_err(internal("load deletion request"))?;
    let has_plan = !state.store.plan_records(carer.id).await.map_err(internal("load plan"))?.is_empty();
    Ok(DeletionPage {
        user: carer.clone(),
        ever_shared: !shares.is_empty(),
        has_plan,
        request: request.as_ref().map(carer_view),
        due_if_asked_now: DeletionRequest::new(carer.id, state.clock.now(), state.today(), &state.holidays).due_on.readable(),
    })
}

/// Refuses to share a plan the carer asked us to delete.
pub(crate) async fn refuse_if_asked(state: &AppState, carer_id: uuid::Uuid) -> Result<(), AppError> {
    if state.store.deletion_request(carer_id).await.map_err(internal("load deletion request"))?.is_some() {
        return Err(AppError::Conflict("You have asked for your plan to be deleted, so it cannot be shared any more.".to_owned()));
    }
    Ok(())
}

fn shared_already() -> AppError {
    AppError::Conflict("You have shared your plan, so it cannot be deleted at once. Ask for it to be deleted instead.".to_owned())
}

/// Deletes a plan the carer never shared, at once, once they have given
/// their password again: the plan only, or the plan and the account.
#[tracing::instrument(skip_all)]
pub async fn delete_now(
    state: &AppState,
    actor: Option<&UserView>,
    scope: &str,
    password: &str,
    client: &str,
) -> Result<DeleteScope, AppError> {
    let carer = require_carer(actor)?;
    let scope = DeleteScope::parse(scope);
    if scope.is_none() && password.is_empty() {
        let mut errors = crate::error::FieldErrors::default();
        errors.push("scope", "Select what to delete");
        errors.push("password", "Enter your password");
        return Err(AppError::Validation(errors));
    }
    let scope = scope.ok_or_else(|| AppError::field("scope", "Select what to delete"))?;
    confirm_password(state, carer, password, client).await?;
    match scope {
        DeleteScope::PlanOnly => {
            if !state.store.delete_unshared_plan(carer.id).await.map_err(internal("delete plan"))? {
                return Err(shared_already());
            }
            tracing::info!("carer deleted a plan they never shared");
        }
        DeleteScope::PlanAndAccount => {
            if !state.store.begin_erasure(carer.id, None, state.clock.now()).await.map_err(internal("begin erasure"))? {
                return Err(shared_already());
            }
            finish(state, carer.id, &carer.email).await?;
            tracing::info!("carer deleted their account and a plan they never shared");
        }
    }
    Ok(scope)
}

/// The carer asks for their shared plan to be deleted: the request, due in
/// two weeks, and every share withdrawn, in one transaction.
#[tracing::instrument(skip_all)]
pub async fn ask(state: &AppState, actor: Option<&UserView>) -> Result<MyDeletionRequest, AppError> {
    let carer = require_carer(actor)?;
    let shares = shares_of(state, carer.id).await?;
    if shares.is_empty() {
        return Err(AppError::Conflict(
            "You have never shared your plan, so you can delete it yourself at once. Nobody needs to do it for you.".to_owned(),
        ));
    }
    if let Some(existing) = state.store.deletion_request(carer.id).await.map_err(internal("load deletion request"))? {
        return Ok(carer_view(&existing));
    }
    let now = state.clock.now();
    let withdrawals: Vec<_> = shares.iter().filter(|s| s.is_current()).map(|s| withdrawal_of(state, s, now)).collect();
    let request = DeletionRequest::new(carer.id, now, state.today(), &state.holidays);
    if !state.store.request_deletion(&request, &withdrawals).await.map_err(internal("request deletion"))? {
        // Asked twice at once, or a share changed under us: what stands now.
        return match state.store.deletion_request(carer.id).await.map_err(internal("load deletion request"))? {
            Some(existing) => Ok(carer_view(&existing)),
            None => Err(AppError::Conflict(
                "What you share changed in another window while you asked. Check your Sharing page, then ask again.".to_owned(),
            )),
        };
    }
    tracing::info!(shares_withdrawn = withdrawals.len(), "carer asked for deletion");
    Ok(carer_view(&request))
}

/// Every deletion request still open, soonest due first (managers).
#[tracing::instrument(skip_all)]
pub async fn requests(state: &AppState, actor: Option<&UserView>) -> Result<Vec<DeletionRow>, AppError> {
    require_manager(actor)?;
    let today = state.today();
    let rows = state.store.deletion_requests().await.map_err(internal("load deletion requests"))?;
    Ok(rows
        .into_iter()
        .map(|(request, carer_name)| DeletionRow {
            carer_id: request.carer_id,
            carer_name,
            requested_at: uk_moment(request.requested_at),
            due_on: request.due_on.readable(),
            overdue: request.overdue(today),
            hold: match &request.status {
                RequestStatus::Held(hold) => Some(StaffHold {
                    ground: hold.ground,
                    note: hold.note.clone(),
                    review_on: hold.review_on.readable(),
                    held_by: hold.held_by.clone(),
                    held_at: uk_moment(hold.held_at),
                    review_due: request.hold_review_due(today),
                }),
                _ => None,
            },
            erasing: request.status == RequestStatus::Erasing,
            version: request.version,
        })
        .collect())
}

/// The request a manager's page showed, if it is still at `version`.
async fn request_at(state: &AppState, carer_id: uuid::Uuid, version: i64) -> Result<DeletionRequest, AppError> {
    let request = state.store.deletion_request(carer_id).await.map_err(internal("load deletion request"))?;
    let request =
        request.ok_or_else(|| AppError::Conflict("This request is no longer open: the plan may already have been deleted.".to_owned()))?;
    if request.version != version {
        return Err(stale());
    }
    Ok(request)
}

fn stale() -> AppError {
    AppError::Conflict("Someone else changed this request since you opened the page. Check it below, then try again.".to_owned())
}

fn refused(error: DeletionError) -> AppError {
    AppError::Conflict(error.to_string())
}

/// A manager completes a request that is not held: the carer's data is erased.
#[tracing::instrument(skip_all)]
pub async fn complete(state: &AppState, actor: Option<&UserView>, carer_id: uuid::Uuid, version: i64) -> Result<(), AppError> {
    require_manager(actor)?;
    let request = request_at(state, carer_id, version).await?;
    request.status.complete().map_err(refused)?;
    let user = state.store.user_by_id(carer_id).await.map_err(internal("find carer"))?.ok_or(AppError::NotFound)?;
    if !state.store.begin_erasure(carer_id, Some(version), state.clock.now()).await.map_err(internal("begin erasure"))? {
        return Err(stale());
    }
    finish(state, carer_id, &user.email).await?;
    tracing::info!("manager completed a deletion request");
    Ok(())
}

/// A manager puts a legal hold on a request (or replaces one).
#[tracing::instrument(skip_all)]
pub async fn hold(
    state: &AppState,
    actor: Option<&UserView>,
    carer_id: uuid::Uuid,
    version: i64,
    ground: &str,
    note: &str,
    review_on: &str,
) -> Result<(), AppError> {
    let manager = require_manager(actor)?;
    let now = state.clock.now();
    let (ground, note, review_on) = deletion::check_hold(ground, note, review_on, state.today()).map_err(|errors| {
        let mut fields = crate::error::FieldErrors::default();
        for (field, message) in errors {
            fields.push(field, message);
        }
        AppError::Validation(fields)
    })?;
    let request = request_at(state, carer_id, version).await?;
    let hold = Hold { ground, note, review_on, held_at: now, held_by: manager.name.clone() };
    request.status.hold(hold.clone()).map_err(refused)?;
    if !state.store.set_hold(carer_id, version, &hold).await.map_err(internal("hold deletion"))? {
        return Err(stale());
    }
    tracing::info!(ground = ground.as_str(), "manager put a legal hold on a deletion request");
    Ok(())
}

/// A manager releases a hold, so the deletion can be completed; the carer
/// is told, with a date still to come.
#[tracing::instrument(skip_all)]
pub async fn release(state: &AppState, actor: Option<&UserView>, carer_id: uuid::Uuid, version: i64) -> Result<(), AppError> {
    require_manager(actor)?;
    let request = request_at(state, carer_id, version).await?;
    request.status.release().map_err(refused)?;
    let due_on = request.due_after_release(state.today(), &state.holidays);
    if !state.store.release_hold(carer_id, version, state.clock.now(), due_on).await.map_err(internal("release hold"))? {
        return Err(stale());
    }
    tracing::info!("manager released a legal hold");
    Ok(())
}

/// The second step of an erasure whose first step is done.
/// The id is logged (never a name or a word): if a backup from before the
/// erasure is restored, the operator can find who must be erased again.
async fn finish(state: &AppState, carer_id: uuid::Uuid, email: &str) -> Result<(), AppError> {
    if state.store.finish_erasure(carer_id, &account_key(email)).await.map_err(internal("finish erasure"))? {
        tracing::info!(%carer_id, "erased a carer");
    }
    Ok(())
}

/// Finishes every erasure a stopped server left half-done. Run when the
/// server starts, and now and then after (another instance may have stopped).
#[tracing::instrument(skip_all)]
pub async fn finish_pending(state: &AppState) -> Result<u64, AppError> {
    let pending = state.store.erasures_pending().await.map_err(internal("find pending erasures"))?;
    let mut finished = 0;
    for carer_id in pending {
        let Some(user) = state.store.user_by_id(carer_id).await.map_err(internal("find carer"))? else { continue };
        finish(state, carer_id, &user.email).await?;
        finished += 1;
    }
    if finished > 0 {
        tracing::warn!(finished, "finished erasures a stopped server left half-done");
    }
    Ok(finished)
}
