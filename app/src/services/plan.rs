//! The carer's own plan: read it, save answers (a field at a time or a
//! whole page), remove a person, outcome or action, ask for a review.
//! Only the carer may do any of this with their plan.

use super::access::require_carer;
use super::{AppState, internal};
use crate::domain::plan::{self, Plan, RecordKey, SaveOutcome};
use crate::error::AppError;
use crate::views::accounts::UserView;
use std::collections::BTreeMap;

/// Reads a record key from a request; an area must be one of the framework's.
pub(crate) fn record_key(state: &AppState, key: &str) -> Result<RecordKey, AppError> {
    let key = RecordKey::parse(key).ok_or(AppError::NotFound)?;
    if let RecordKey::Area(id) | RecordKey::WorkerArea(id) = &key {
        state.framework.area(id).ok_or(AppError::NotFound)?;
    }
    Ok(key)
}

/// A key of the carer's own: the worker's records are not theirs to write.
fn carers_key(state: &AppState, key: &str) -> Result<RecordKey, AppError> {
    let key = record_key(state, key)?;
    if key.is_workers() {
        return Err(AppError::Forbidden);
    }
    Ok(key)
}

/// The signed-in carer's whole plan.
#[tracing::instrument(skip_all)]
pub async fn my_plan(state: &AppState, actor: Option<&UserView>) -> Result<Plan, AppError> {
    let carer = require_carer(actor)?;
    plan_of(state, carer.id).await
}

/// Every record of one carer's plan; the caller has decided who may see it.
pub(crate) async fn plan_of(state: &AppState, carer_id: uuid::Uuid) -> Result<Plan, AppError> {
    let records = state.store.plan_records(carer_id).await.map_err(internal("load plan"))?;
    Ok(Plan { records })
}

/// Saves changed answers to one record. With `whole_form`, the answers are
/// a whole page and every required answer must be there.
///
/// `base` holds, for the fields being changed, the values the page started
/// from. When it is given and the record has moved on since `base_version`,
/// the save still goes ahead if nobody else changed those fields — a
/// device's own save that landed while its page reloaded is not a
/// conflict — and is refused (with what is stored now) if anybody did.
#[tracing::instrument(skip_all, fields(base_version = answers.base_version, fields = answers.changes.len()))]
pub async fn save(state: &AppState, actor: Option<&UserView>, answers: Answers<'_>) -> Result<SaveOutcome, AppError> {
    let carer = require_carer(actor)?;
    let key = carers_key(state, answers.key)?;
    save_record(state, carer.id, &key, &answers).await
}

/// One save of answers to a record, as a page or the autosave sends it.
#[derive(Debug, Clone, Copy)]
pub struct Answers<'a> {
    /// The record, as in the request.
    pub key: &'a str,
    /// The version the answers were written against (0: not saved yet).
    pub base_version: i64,
    /// The fields that changed, with their new values.
    pub changes: &'a BTreeMap<String, String>,
    /// For the autosave: the values the page started from, so a save from
    /// an older version that overwrites nobody still goes ahead.
    pub base: Option<&'a BTreeMap<String, String>>,
    /// A whole page ("Save and continue"): every required answer must be there.
    pub whole_form: bool,
}

/// Saves changes to one record of `carer_id`'s plan, whoever is writing
/// (the caller has decided they may): checks the answers, then merges a
/// save from an older version when nobody else changed those fields.
pub(crate) async fn save_record(
    state: &AppState,
    carer_id: uuid::Uuid,
    key: &RecordKey,
    answers: &Answers<'_>,
) -> Result<SaveOutcome, AppError> {
    let Answers { base_version, changes, base, whole_form, .. } = *answers;
    if base_version < 0 {
        return Err(AppError::BadRequest);
    }
    let mut errors = if whole_form { plan::check_record(key, changes) } else { plan::check_changes(key, changes) };
    if whole_form && *key == RecordKey::HandOff && errors.is_empty() {
        errors = crate::domain::sharing::check_hand_off_page(changes, state.today());
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    if changes.is_empty() {
        return Ok(SaveOutcome::Saved { version: base_version });
    }
    let changes = plan::normalise_changes(key, changes);
    if base_version == 0 {
        check_room_for(state, carer_id, key).await?;
    }
    let mut version = base_version;
    // A clean retry can itself lose a race; a few tries, then the person is told.
    for _ in 0..3 {
        let outcome =
            state.store.save_plan_fields(carer_id, key, version, &changes, state.clock.now()).await.map_err(internal("save plan"))?;
        let SaveOutcome::Conflict { version: current, theirs } = &outcome else { return Ok(outcome) };
        // A record that no longer exists (removed elsewhere) is never brought back by a merge.
        let clean = *current > 0 && base.is_some_and(|b| plan::applies_cleanly(key, &changes, b, theirs));
        if !clean {
            tracing::info!(base_version, current, "plan save refused: changed elsewhere");
            return Ok(outcome);
        }
        if changes.iter().all(|(name, value)| theirs.get(name) == Some(value)) {
            return Ok(SaveOutcome::Saved { version: *current });
        }
        version = *current;
    }
    Err(AppError::Conflict("This plan is being changed somewhere else. Try again in a moment.".to_owned()))
}

/// Refuses a new person, outcome or action when the plan already holds as
/// many as any real plan could.
async fn check_room_for(state: &AppState, carer_id: uuid::Uuid, key: &RecordKey) -> Result<(), AppError> {
    let Some(collection) = key.collection() else { return Ok(()) };
    let held = state.store.count_plan_records(carer_id, collection.prefix, key).await.map_err(internal("count plan records"))?;
    if held >= collection.limit as u64 {
        return Err(AppError::field(collection.field, collection.message));
    }
    Ok(())
}

/// Removes a person cared for, an outcome or an action, if it is still as
/// the carer last saw it.
#[tracing::instrument(skip_all)]
pub async fn remove(state: &AppState, actor: Option<&UserView>, key: &str, base_version: i64) -> Result<bool, AppError> {
    let carer = require_carer(actor)?;
    let key = carers_key(state, key)?;
    if !matches!(key, RecordKey::Person(_) | RecordKey::Outcome(_) | RecordKey::Action(_)) {
        return Err(AppError::BadRequest);
    }
    state.store.delete_plan_record(carer.id, &key, base_version).await.map_err(internal("remove plan record"))
}

/// "My circumstances have changed": records today as the day a review was
/// asked for. One day, the centre's (UK) today, goes in the plan and in the
/// request for a review, so the carer and their worker read the same date.
#[tracing::instrument(skip_all)]
pub async fn circumstances_changed(state: &AppState, actor: Option<&UserView>) -> Result<String, AppError> {
    let day = state.today();
    let today = day.iso();
    let changes = BTreeMap::from([("changed_on".to_owned(), today.clone())]);
    let mut version = my_plan(state, actor).await?.record(&RecordKey::Review).map_or(0, |r| r.version);
    // Only this one field is written, so retrying on a newer version loses nothing.
    for _ in 0..3 {
        let answers = Answers { key: "review", base_version: version, changes: &changes, base: None, whole_form: false };
        match save(state, actor, answers).await? {
            SaveOutcome::Saved { .. } => {
                // An agreed plan goes into its worker's "reviews due".
                if let Some(carer) = actor {
                    state.store.ask_for_review(carer.id, day).await.map_err(internal("ask for review"))?;
                }
                tracing::info!("carer asked for a review");
                return Ok(today);
            }
            SaveOutcome::Conflict { version: current, .. } => version = current,
        }
    }
    Err(AppError::Conflict("Your plan is being changed somewhere else. Try again in a moment.".to_owned()))
}
