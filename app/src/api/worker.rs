//! The carers' centre's side of hand-off over the wire: the queue, pick-up,
//! the caseload and the shared plan, and the manager's allocations.

use crate::domain::plan::SaveOutcome;
use crate::error::AppError;
use crate::views::worker::{CaseRow, QueueRow, QueueView, SharedPlanView};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use super::context::{self, fail};
#[cfg(feature = "ssr")]
use crate::services::plan::Answers;
#[cfg(feature = "ssr")]
use crate::services::worker as service;

/// Plans waiting for a worker.
#[server(endpoint = "/worker/queue", input = Json)]
pub async fn worker_queue() -> Result<QueueView, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::queue(&state, me.as_ref()).await.map_err(fail)
}

/// A worker picks a plan up.
#[server(endpoint = "/worker/pick-up", input = Json)]
pub async fn pick_up(
    /// The carer whose plan the worker picks up.
    carer_id: uuid::Uuid,
) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::pick_up(&state, me.as_ref(), carer_id).await.map_err(fail)
}

/// The worker's caseload.
#[server(endpoint = "/worker/caseload", input = Json)]
pub async fn caseload() -> Result<Vec<CaseRow>, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::caseload(&state, me.as_ref()).await.map_err(fail)
}

/// Opens the shared part of a plan (logged): one section, "all", or the overview.
#[server(endpoint = "/worker/plan", input = Json)]
pub async fn shared_plan(
    /// The carer whose plan is opened.
    carer_id: uuid::Uuid,
    /// One section by id, "all" for every shared section, "support" for the
    /// worker's part of the support plan, or `None` for the overview.
    section: Option<String>,
) -> Result<SharedPlanView, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::shared_plan(&state, me.as_ref(), carer_id, section.as_deref()).await.map_err(fail)
}

/// Every plan that is with a worker (managers).
#[server(endpoint = "/manager/allocations", input = Json)]
pub async fn allocations() -> Result<Vec<QueueRow>, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::allocations(&state, me.as_ref()).await.map_err(fail)
}

/// One waiting or allocated plan, names and dates only (managers).
#[server(endpoint = "/manager/plan", input = Json)]
pub async fn plan_row(
    /// The carer whose plan it is.
    carer_id: uuid::Uuid,
) -> Result<QueueRow, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::plan_row(&state, me.as_ref(), carer_id).await.map_err(fail)
}

/// A manager gives a plan to another worker.
#[server(endpoint = "/manager/reallocate", input = Json)]
pub async fn reallocate(
    /// The carer whose plan is given to another worker.
    carer_id: uuid::Uuid,
    /// The worker it goes to, as chosen on the page.
    worker_id: String,
) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::reallocate(&state, me.as_ref(), carer_id, &worker_id).await.map_err(fail)
}

/// A manager deactivates a staff account.
#[server(endpoint = "/manager/deactivate", input = Json)]
pub async fn deactivate_staff(
    /// The worker or manager whose account is deactivated.
    user_id: uuid::Uuid,
) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::deactivate(&state, me.as_ref(), user_id).await.map_err(fail)
}

/// The allocated worker's autosave of their own part of a carer's plan
/// (their view of an area, their part of the support plan).
#[server(endpoint = "/worker/answers", input = Json)]
pub async fn save_worker_answers(
    /// The carer whose plan it is.
    carer_id: uuid::Uuid,
    /// Which of the worker's records, as a stored key.
    key: String,
    /// The record's version the answers were written against (0: not saved yet).
    base_version: i64,
    /// The fields that changed, with their new values.
    changes: BTreeMap<String, String>,
    /// The values the page started from for the changed fields, so a save
    /// from an older version that overwrites nobody still goes ahead.
    #[server(default)]
    base: Option<BTreeMap<String, String>>,
) -> Result<SaveOutcome, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    let answers = Answers { key: &key, base_version, changes: &changes, base: base.as_ref(), whole_form: false };
    service::save_part(&state, me.as_ref(), carer_id, answers).await.map_err(fail)
}

/// The allocated worker saves a whole page of their part ("Save").
#[server(endpoint = "/worker/section", input = Json)]
pub async fn save_worker_section(
    /// The carer whose plan it is.
    carer_id: uuid::Uuid,
    /// Which of the worker's records, as a stored key.
    key: String,
    /// The record's version the answers were written against (0: not saved yet).
    base_version: i64,
    /// Every answer on the page, by field name.
    fields: BTreeMap<String, String>,
) -> Result<SaveOutcome, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    let answers = Answers { key: &key, base_version, changes: &fields, base: None, whole_form: true };
    service::save_part(&state, me.as_ref(), carer_id, answers).await.map_err(fail)
}

/// The allocated worker removes an action they agreed.
#[server(endpoint = "/worker/remove", input = Json)]
pub async fn remove_worker_record(
    /// The carer whose plan it is.
    carer_id: uuid::Uuid,
    /// Which agreed action, as a stored key.
    key: String,
    /// The action's version the worker saw, so an action changed since is not removed.
    base_version: i64,
) -> Result<bool, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::remove_part(&state, me.as_ref(), carer_id, &key, base_version).await.map_err(fail)
}
