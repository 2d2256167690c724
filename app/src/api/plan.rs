//! The carer's plan over the wire: read it, autosave answers, save a page,
//! remove a record, ask for a review.

use crate::domain::plan::SaveOutcome;
use crate::error::AppError;
use crate::views::plan::PlanPage;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use super::context::{self, fail};
#[cfg(feature = "ssr")]
use crate::services::plan as service;

/// The signed-in carer's plan and the framework it follows.
#[server(endpoint = "/plan", input = Json)]
pub async fn my_plan() -> Result<PlanPage, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    let plan = service::my_plan(&state, me.as_ref()).await.map_err(fail)?;
    let user = me.ok_or(AppError::Unauthorized)?;
    Ok(PlanPage { user, plan, framework: state.framework.clone() })
}

/// Saves answers as they are typed (the autosave). `base` holds, for each
/// changed field, the value the page started from, so a save from an older
/// version that overwrites nobody still goes ahead; without it, any newer
/// version is a conflict.
#[server(endpoint = "/plan/answers", input = Json)]
pub async fn save_answers(
    /// Which record of the plan, as a stored key.
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
    let answers = service::Answers { key: &key, base_version, changes: &changes, base: base.as_ref(), whole_form: false };
    service::save(&state, me.as_ref(), answers).await.map_err(fail)
}

/// Saves a whole page of answers ("Save and continue").
#[server(endpoint = "/plan/section", input = Json)]
pub async fn save_section(
    /// Which record of the plan, as a stored key.
    key: String,
    /// The record's version the answers were written against (0: not saved yet).
    base_version: i64,
    /// Every answer on the page, by field name.
    fields: BTreeMap<String, String>,
) -> Result<SaveOutcome, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    let answers = service::Answers { key: &key, base_version, changes: &fields, base: None, whole_form: true };
    service::save(&state, me.as_ref(), answers).await.map_err(fail)
}

/// Removes a person cared for, an outcome or an action.
#[server(endpoint = "/plan/remove", input = Json)]
pub async fn remove_record(
    /// Which person, outcome or action, as a stored key.
    key: String,
    /// The record's version the carer saw, so a record changed since is not removed.
    base_version: i64,
) -> Result<bool, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::remove(&state, me.as_ref(), &key, base_version).await.map_err(fail)
}

/// "My circumstances have changed": asks for a review now. Returns the date recorded.
#[server(endpoint = "/plan/review-now", input = Json)]
pub async fn review_now() -> Result<String, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::circumstances_changed(&state, me.as_ref()).await.map_err(fail)
}
