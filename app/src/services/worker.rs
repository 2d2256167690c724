//! The staff side of hand-off: the queue, picking a plan up, the worker's
//! caseload and the shared parts of a plan, and the manager's allocations.
//!
//! A worker sees a queue row (name, dates, sections, clocks) before pick-up
//! and the content only after, only the sections shared, only while shared;
//! every such read is logged in the same transaction. A manager sees the
//! queue and the allocations but never a plan's content.

use super::access::{refusal, require_allocated, require_manager, require_staff, require_worker};
use super::plan::Answers;
use super::{AppState, internal};
use crate::domain::account::Role;
use crate::domain::calendar::Day;
use crate::domain::conversation::{self, Suggestion};
use crate::domain::plan::{ImpactLevel, Plan, RecordKey, SaveOutcome};
use crate::domain::sharing::{self, ALL_SECTIONS, HandOff, HandOffStatus, Looked, SUPPORT_PLAN, Section};
use crate::error::AppError;
use crate::ports::{PickUp, Viewer};
use crate::views::accounts::UserView;
use crate::views::worker::{CaseRow, QueueRow, QueueView, SharedPlanView};

/// How many plans the queue page lists.
pub const QUEUE_PAGE: u32 = 100;

fn queue_row(state: &AppState, handoff: &HandOff, today: Day) -> QueueRow {
    let sections = Section::parse_list(&handoff.sections, &state.framework);
    QueueRow {
        carer_id: handoff.carer_id,
        carer_name: handoff.carer_name.clone(),
        handed_off: handoff.requested_on().written(),
        sections: sections.iter().map(|s| s.title(&state.framework)).collect(),
        terminal: handoff.is_terminal(),
        top_impact: handoff.top_impact,
        clocks: clock_lines(state, handoff, today),
        needs_reallocation: handoff.needs_reallocation,
        worker: handoff.worker.as_ref().map(|(_, name)| name.clone()),
        allocated: handoff.allocated_at.map(|at| crate::domain::calendar::uk_day(at).written()),
        agreement: None,
        review_due: None,
    }
}

/// Each statutory clock as staff read it: what, where it stands and by which day, overdue.
fn clock_lines(state: &AppState, handoff: &HandOff, today: Day) -> Vec<(String, String, bool)> {
    handoff
        .clock_statuses(today, &state.holidays)
        .into_iter()
        .map(|(clock, status)| (clock.kind.label().to_owned(), status.line(clock.due), status.is_overdue()))
        .collect()
}

/// Plans waiting for a worker, most urgent first: workers and managers.
#[tracing::instrument(skip_all)]
pub async fn queue(state: &AppState, actor: Option<&UserView>) -> Result<QueueView, AppError> {
    let me = require_staff(actor)?;
    let queue = state.store.queue(QUEUE_PAGE).await.map_err(internal("load queue"))?;
    let today = state.today();
    Ok(QueueView {
        me: me.clone(),
        rows: queue.plans.iter().map(|h| queue_row(state, h, today)).collect(),
        total: queue.total,
        holidays_missing: holidays_missing(state),
    })
}

/// Says so when the holiday file does not cover this year.
pub fn holidays_missing(state: &AppState) -> Option<String> {
    let year = state.today().year();
    (!state.holidays.covers(year)).then(|| {
        format!(
            "The public holidays file ({}) has no holidays for {year}: working days count only weekends until it is updated.",
            state.holidays.region()
        )
    })
}

/// A worker picks a waiting plan up; of two racing, one wins and the other
/// is told who has it.
#[tracing::instrument(skip_all)]
pub async fn pick_up(state: &AppState, actor: Option<&UserView>, carer_id: uuid::Uuid) -> Result<(), AppError> {
    let me = require_worker(actor)?;
    match state.store.pick_up(carer_id, me.id, state.clock.now()).await.map_err(internal("pick up"))? {
        PickUp::PickedUp => {
            tracing::info!(%carer_id, worker = %me.id, "plan picked up");
            Ok(())
        }
        PickUp::AlreadyTaken(name) => Err(AppError::Conflict(format!("Already picked up by {name}"))),
        PickUp::NotWaiting => Err(AppError::Conflict("This plan is no longer waiting for a worker".to_owned())),
    }
}

/// The worker's caseload: their plans, and a line for each whose consent was withdrawn.
#[tracing::instrument(skip_all)]
pub async fn caseload(state: &AppState, actor: Option<&UserView>) -> Result<Vec<CaseRow>, AppError> {
    let me = require_worker(actor)?;
    let plans = state.store.caseload(me.id).await.map_err(internal("load caseload"))?;
    let agreements = state.store.agreements_of_worker(me.id).await.map_err(internal("load agreements"))?;
    let today = state.today();
    Ok(plans
        .iter()
        .map(|h| match h.status {
            HandOffStatus::Withdrawn => CaseRow::Withdrawn {
                carer_id: h.carer_id,
                on: crate::domain::calendar::uk_day(h.withdrawn_at.unwrap_or(h.handed_off_at)).written(),
            },
            _ => {
                let mut row = queue_row(state, h, today);
                let agreement = agreements.iter().find(|a| a.carer_id == h.carer_id);
                row.agreement = Some(stage_words(agreement));
                row.review_due = agreement.and_then(|a| a.review_due(today)).map(|d| d.label());
                CaseRow::Open(row)
            }
        })
        .collect())
}

/// Where agreeing a plan stands, as its worker reads it.
pub(crate) fn stage_words(agreement: Option<&crate::domain::agreement::Agreement>) -> String {
    use crate::domain::agreement::Stage;
    match agreement {
        None => "Not yet sent to the carer".to_owned(),
        Some(a) => match a.stage {
            Stage::Drafting => "Not yet sent to the carer".to_owned(),
            Stage::Sent => "With the carer to check and sign".to_owned(),
            Stage::Commented => "The carer sent a comment: answer it and send the plan again".to_owned(),
            Stage::Agreed => {
                format!("Agreed on {}", a.agreed_at.map(|at| crate::domain::calendar::uk_day(at).readable()).unwrap_or_default())
            }
        },
    }
}

/// Every plan that is with a worker: managers only, names and dates only.
#[tracing::instrument(skip_all)]
pub async fn allocations(state: &AppState, actor: Option<&UserView>) -> Result<Vec<QueueRow>, AppError> {
    require_manager(actor)?;
    let plans = state.store.allocations().await.map_err(internal("load allocations"))?;
    let today = state.today();
    Ok(plans.iter().map(|h| queue_row(state, h, today)).collect())
}

/// One plan as the allocations list shows it (waiting or with a worker),
/// wherever it stands in the queue: managers only, never its content.
#[tracing::instrument(skip_all)]
pub async fn plan_row(state: &AppState, actor: Option<&UserView>, carer_id: uuid::Uuid) -> Result<QueueRow, AppError> {
    require_manager(actor)?;
    match state.store.hand_off_of(carer_id).await.map_err(internal("load hand-off"))? {
        Some(handoff) if handoff.status != HandOffStatus::Withdrawn => Ok(queue_row(state, &handoff, state.today())),
        _ => Err(AppError::NotFound),
    }
}

/// A manager gives a plan (waiting or allocated) to an active worker.
#[tracing::instrument(skip_all)]
pub async fn reallocate(state: &AppState, actor: Option<&UserView>, carer_id: uuid::Uuid, worker_id: &str) -> Result<(), AppError> {
    let me = require_manager(actor)?;
    let worker_id = uuid::Uuid::parse_str(worker_id.trim()).map_err(|_| AppError::field("worker", "Choose a worker"))?;
    if !state.store.reallocate(carer_id, worker_id, me.id, state.clock.now()).await.map_err(internal("reallocate"))? {
        return Err(AppError::field("worker", "Choose an active worker. A plan whose carer withdrew consent cannot be allocated"));
    }
    tracing::info!(%carer_id, %worker_id, "plan reallocated");
    Ok(())
}

/// A manager deactivates a worker or manager (not themselves): their sessions
/// end at once and their plans go back to the queue.
#[tracing::instrument(skip_all)]
pub async fn deactivate(state: &AppState, actor: Option<&UserView>, user_id: uuid::Uuid) -> Result<(), AppError> {
    let me = require_manager(actor)?;
    if me.id == user_id {
        return Err(AppError::field("deactivate", "You cannot deactivate your own account"));
    }
    if !state.store.deactivate_staff(user_id, me.id, state.clock.now()).await.map_err(internal("deactivate"))? {
        return Err(AppError::NotFound);
    }
    tracing::info!(%user_id, "staff account deactivated");
    Ok(())
}

/// Opens the shared part of a plan for the worker it is allocated to:
/// `section` one section, [`ALL_SECTIONS`] for all of them, or `None` for the overview (contact details and
/// the list of sections), logged as `what`. Refused, with nothing logged,
/// when the plan is not theirs, the section is not shared, or consent was
/// withdrawn (said as such, to any member of staff).
#[tracing::instrument(skip_all)]
pub async fn shared_plan(
    state: &AppState,
    actor: Option<&UserView>,
    carer_id: uuid::Uuid,
    section: Option<&str>,
) -> Result<SharedPlanView, AppError> {
    let me = require_staff(actor)?;
    let all = section == Some(ALL_SECTIONS);
    let support_plan = section == Some(SUPPORT_PLAN);
    let section = match section {
        Some(id) if !all && !support_plan => Some(Section::parse(id, &state.framework).ok_or(AppError::NotFound)?),
        _ => None,
    };
    let viewer = Viewer { id: me.id, name: me.name.clone(), role: me.role };
    let what = match &section {
        Some(s) => Looked::Section(s.to_string()),
        None if all => Looked::Everything,
        None if support_plan => Looked::Ratings,
        None => Looked::Contact,
    };
    let framework = state.framework.clone();
    let wanted = section.clone();
    let allowed = move |h: &HandOff| match &wanted {
        Some(s) => Section::parse_list(&h.sections, &framework).contains(s),
        None => true,
    };
    let opened =
        state.store.open_shared(carer_id, &viewer, &what, state.clock.now(), &allowed).await.map_err(internal("open shared plan"))?;
    let Some((handoff, records)) = opened else {
        let handoff = state.store.hand_off_of(carer_id).await.map_err(internal("load hand-off"))?;
        return Err(match handoff {
            Some(h) if h.worker.as_ref().is_some_and(|(id, _)| *id == me.id) && h.status != HandOffStatus::Withdrawn => AppError::NotFound,
            handoff => refusal(state, me, carer_id, handoff.as_ref()).await?,
        });
    };
    let shared = Section::parse_list(&handoff.sections, &state.framework);
    let visible: Vec<Section> = match &section {
        Some(s) => vec![s.clone()],
        None if all => shared.clone(),
        None => Vec::new(),
    };
    let plan = Plan { records };
    let mut part = sharing::shared_part(&plan, &visible);
    // The worker's own writing about what they may see.
    part.records.extend(
        plan.records
            .iter()
            .filter(|r| match &r.key {
                RecordKey::WorkerArea(id) => visible.contains(&Section::Area(id.clone())),
                RecordKey::WorkerPlan | RecordKey::WorkerAction(_) => true,
                _ => false,
            })
            .cloned(),
    );
    let support = suggestion(state, &handoff, &plan);
    let (agreement, ..) = super::agreement::state_for(state, carer_id, Role::Worker).await?;
    let shares = super::sharing::shares_of(state, carer_id).await?;
    let social_work = super::referral::social_work_share(&shares)
        .map(|s| Section::parse_list(&s.latest.sections, &state.framework).iter().map(ToString::to_string).collect());
    let referrals = state.store.referrals(carer_id).await.map_err(internal("load referrals"))?;
    tracing::info!(%carer_id, what = what.as_stored(), "staff opened a shared plan");
    Ok(SharedPlanView {
        carer_id,
        carer_name: handoff.carer_name.clone(),
        contact: handoff.contact.clone(),
        terminal: handoff.is_terminal(),
        sections: shared.iter().map(|s| (s.to_string(), s.title(&state.framework), s.is_skipped(&plan))).collect(),
        section: section.map(|s| (s.to_string(), s.title(&state.framework))),
        plan: part,
        framework: state.framework.clone(),
        clocks: clock_lines(state, &handoff, state.today()),
        support,
        agreement,
        social_work,
        referrals: referrals.iter().map(|r| super::referral::view_of(state, r)).collect(),
    })
}

/// The level of support a handed-off plan suggests: each shared area
/// (not since skipped) with the worker's rating where they gave one,
/// else the carer's.
fn suggestion(state: &AppState, handoff: &HandOff, plan: &Plan) -> Suggestion {
    let ratings: Vec<(String, ImpactLevel)> = Section::parse_list(&handoff.sections, &state.framework)
        .into_iter()
        .filter(|s| !s.is_skipped(plan))
        .filter_map(|s| {
            let Section::Area(id) = &s else { return None };
            let workers = plan.record(&RecordKey::WorkerArea(id.clone())).and_then(|r| ImpactLevel::parse(r.get("rating")));
            let level = workers.or_else(|| plan.rating(id))?;
            Some((s.title(&state.framework), level))
        })
        .collect();
    conversation::suggest_support(&ratings, handoff.is_terminal())
}

/// The allocated worker removes an action they agreed, if it is still as they saw it.
#[tracing::instrument(skip_all)]
pub async fn remove_part(
    state: &AppState,
    actor: Option<&UserView>,
    carer_id: uuid::Uuid,
    key: &str,
    base_version: i64,
) -> Result<bool, AppError> {
    let me = require_worker(actor)?;
    let key = super::plan::record_key(state, key)?;
    if !matches!(key, RecordKey::WorkerAction(_)) {
        return Err(AppError::Forbidden);
    }
    require_allocated(state, me, carer_id).await?;
    state.store.delete_plan_record(carer_id, &key, base_version).await.map_err(internal("remove agreed action"))
}

/// The allocated worker saves their own part of a carer's plan: their view
/// of a shared area, or their part of the support plan. Only while the plan
/// is theirs and shared; an area only while that area is shared.
#[tracing::instrument(skip_all)]
pub async fn save_part(
    state: &AppState,
    actor: Option<&UserView>,
    carer_id: uuid::Uuid,
    answers: Answers<'_>,
) -> Result<SaveOutcome, AppError> {
    let me = require_worker(actor)?;
    let key = super::plan::record_key(state, answers.key)?;
    if !key.is_workers() {
        return Err(AppError::Forbidden);
    }
    let handoff = require_allocated(state, me, carer_id).await?;
    if let RecordKey::WorkerArea(id) = &key
        && !Section::parse_list(&handoff.sections, &state.framework).contains(&Section::Area(id.clone()))
    {
        return Err(AppError::NotFound);
    }
    if answers.whole_form && key == RecordKey::WorkerPlan {
        let plan = super::plan::plan_of(state, carer_id).await?;
        let errors = conversation::check_support_page(answers.changes, suggestion(state, &handoff, &plan).level);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
    }
    let saved = super::plan::save_record(state, carer_id, &key, &answers).await?;
    tracing::info!(%carer_id, "worker saved their part of a plan");
    Ok(saved)
}
