//! A form over one record of a plan, the carer's or the worker's: what it
//! shows after a visit, a save, or a save that found the record changed.

use crate::domain::plan::{PlanRecord, SaveOutcome};
use crate::error::AppError;
use std::collections::BTreeMap;

/// What a form over one record shows: the version to save from, the
/// values (stored, with anything just typed on top), and whether the last
/// save found the record changed elsewhere (then the version is the new one).
pub fn shown(
    record: Option<&PlanRecord>,
    typed: Option<BTreeMap<String, String>>,
    outcome: &Option<Result<SaveOutcome, AppError>>,
) -> (i64, BTreeMap<String, String>, bool) {
    let mut values = record.map(|r| r.fields.clone()).unwrap_or_default();
    values.extend(typed.unwrap_or_default());
    match outcome {
        Some(Ok(SaveOutcome::Conflict { version, .. })) => (*version, values, true),
        _ => (record.map_or(0, |r| r.version), values, false),
    }
}
