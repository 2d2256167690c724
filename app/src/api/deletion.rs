//! Deleting a carer's data over the wire: the carer deletes a plan never
//! shared at once or asks for a shared one to be deleted; managers
//! complete, hold and release requests.

use crate::error::AppError;
use crate::views::deletion::{DeletionPage, DeletionRow, MyDeletionRequest};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::context::{self, fail};
#[cfg(feature = "ssr")]
use crate::services::deletion as service;

/// The carer's deletion page.
#[server(endpoint = "/deletion", input = Json)]
pub async fn my_deletion() -> Result<DeletionPage, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::mine(&state, me.as_ref()).await.map_err(fail)
}

/// Deletes a plan never shared at once, after the password is given again:
/// `scope` "plan" keeps the account, "account" deletes it too. What was
/// deleted; the browser is told to forget what it keeps for this site.
#[server(endpoint = "/deletion/now", input = Json)]
pub async fn delete_now(
    /// What to delete: "plan" keeps the account, "account" deletes it too.
    scope: String,
    /// The carer's password, given again to confirm.
    password: String,
) -> Result<String, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    let client = context::client_address(&state);
    let deleted = service::delete_now(&state, me.as_ref(), &scope, &password, &client).await.map_err(fail)?;
    match deleted {
        crate::domain::deletion::DeleteScope::PlanAndAccount => context::clear_browser(&state),
        crate::domain::deletion::DeleteScope::PlanOnly => context::clear_storage(),
    }
    Ok(deleted.as_str().to_owned())
}

/// The carer asks for their shared plan to be deleted (every share is withdrawn).
#[server(endpoint = "/deletion/ask", input = Json)]
pub async fn ask_for_deletion() -> Result<MyDeletionRequest, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::ask(&state, me.as_ref()).await.map_err(fail)
}

/// Every open deletion request (managers).
#[server(endpoint = "/manager/deletions", input = Json)]
pub async fn deletion_requests() -> Result<Vec<DeletionRow>, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::requests(&state, me.as_ref()).await.map_err(fail)
}

/// A manager completes a request: everything about the carer is erased.
#[server(endpoint = "/manager/deletions/complete", input = Json)]
pub async fn complete_deletion(
    /// The carer whose data is erased.
    carer_id: uuid::Uuid,
    /// The request's version when the manager opened the page, so two managers never act on a stale page.
    version: i64,
) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::complete(&state, me.as_ref(), carer_id, version).await.map_err(fail)
}

/// A manager puts a legal hold on a request.
#[server(endpoint = "/manager/deletions/hold", input = Json)]
pub async fn hold_deletion(
    /// The carer whose request is held.
    carer_id: uuid::Uuid,
    /// The request's version when the manager opened the page, so two managers never act on a stale page.
    version: i64,
    /// Why the plan must be kept, as posted (for example "adult-protection").
    ground: String,
    /// The manager's reason for the hold, for staff only.
    note: String,
    /// When the hold will be looked at again: a date in the next six months.
    review_on: String,
) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::hold(&state, me.as_ref(), carer_id, version, &ground, &note, &review_on).await.map_err(fail)
}

/// A manager releases a hold, so the deletion can be completed.
#[server(endpoint = "/manager/deletions/release", input = Json)]
pub async fn release_hold(
    /// The carer whose request is released.
    carer_id: uuid::Uuid,
    /// The request's version when the manager opened the page, so two managers never act on a stale page.
    version: i64,
) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::release(&state, me.as_ref(), carer_id, version).await.map_err(fail)
}
