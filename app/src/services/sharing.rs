//! The carer's side of consent and hand-off: choose what to share and hand
//! the plan to the carers' centre, change what is shared, withdraw, print a
//! receipt, and see who has opened the plan. Only the carer may do any of
//! this with their own plan.

use super::access::require_carer;
use super::plan::plan_of;
use super::{AppState, internal};
use crate::domain::account::UserView;
use crate::domain::plan::SaveOutcome;
use crate::domain::plan::{Plan, RecordKey};
use crate::domain::sharing::{
    self, AccessRecord, ConsentChange, ConsentRecord, HISTORY_PAGE, HandOff, HandOffStatus, Older, Recipient, SHARES_LISTED, Section, Share,
};
use crate::error::AppError;
use std::collections::BTreeMap;

/// Everything the carer's Sharing page shows.
#[derive(Debug, Clone)]
pub struct Sharing {
    /// The plan, for what can be shared.
    pub plan: Plan,
    /// Where the hand-off stands, if the carer ever handed off.
    pub handoff: Option<HandOff>,
    /// Every current share, then the newest others ([`SHARES_LISTED`] at most), newest first.
    pub shares: Vec<Share>,
    /// One page of consent records, newest first.
    pub records: Vec<ConsentRecord>,
    /// Where the next older page of consent records starts, if there is one.
    pub older_records: Option<Older>,
    /// One page of the looks at the plan, newest first.
    pub seen: Vec<AccessRecord>,
    /// Where the next older page of looks starts, if there is one.
    pub older_seen: Option<Older>,
    /// Every referral to social work, newest first.
    pub referrals: Vec<crate::domain::referral::Referral>,
    /// Their request to delete the plan, if they made one.
    pub deletion: Option<crate::domain::deletion::DeletionRequest>,
}

/// Which page of each history to show: the newest, or the one older than a place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryPages {
    /// Consent records older than this.
    pub records_before: Option<Older>,
    /// Looks at the plan older than this.
    pub seen_before: Option<Older>,
}

/// The carer's shares, hand-off, and a page of each history: however long
/// they grow, one answer holds at most [`HISTORY_PAGE`] of each.
#[tracing::instrument(skip_all)]
pub async fn overview(state: &AppState, actor: Option<&UserView>, pages: &HistoryPages) -> Result<Sharing, AppError> {
    let carer = require_carer(actor)?;
    let plan = plan_of(state, carer.id).await?;
    let handoff = state.store.hand_off_of(carer.id).await.map_err(internal("load hand-off"))?;
    let shares = shares_of(state, carer.id).await?;
    // One more than a page says whether there is an older one.
    let mut records =
        state.store.consent_history(carer.id, pages.records_before.as_ref(), HISTORY_PAGE + 1).await.map_err(internal("load consent"))?;
    let older_records = more(&mut records).map(Older::of_consent);
    let mut seen =
        state.store.access_history(carer.id, pages.seen_before.as_ref(), HISTORY_PAGE + 1).await.map_err(internal("load access log"))?;
    let older_seen = more(&mut seen).map(Older::of_access);
    let referrals = state.store.referrals(carer.id).await.map_err(internal("load referrals"))?;
    let deletion = state.store.deletion_request(carer.id).await.map_err(internal("load deletion request"))?;
    Ok(Sharing { plan, handoff, shares, records, older_records, seen, older_seen, referrals, deletion })
}

/// Keeps the first page of `found` (read one longer than a page); the last
/// entry kept when there were more.
fn more<T>(found: &mut Vec<T>) -> Option<&T> {
    let page = HISTORY_PAGE as usize;
    if found.len() > page {
        found.truncate(page);
        found.last()
    } else {
        None
    }
}

/// Refuses another consent given or changed once the carer has made
/// [`sharing::MOST_CONSENT_CHANGES_PER_DAY`] in 24 hours. Withdrawing never
/// comes here: it is always possible.
pub(crate) async fn refuse_if_too_many_changes(state: &AppState, carer_id: uuid::Uuid) -> Result<(), AppError> {
    let now = state.clock.now();
    let (made, oldest) = state
        .store
        .consent_changes_since(carer_id, now - sharing::CONSENT_CHANGES_WINDOW_SECS)
        .await
        .map_err(internal("count consent changes"))?;
    sharing::consent_ceiling(made, oldest, now).map_err(|message| {
        tracing::warn!(made, "consent changes refused for the day");
        AppError::Limit(message)
    })
}

/// The carer's hand-off and their request to delete the plan, if any (for the home page).
#[tracing::instrument(skip_all)]
pub async fn my_hand_off(
    state: &AppState,
    actor: Option<&UserView>,
) -> Result<(Option<HandOff>, Option<crate::domain::deletion::DeletionRequest>), AppError> {
    let carer = require_carer(actor)?;
    let handoff = state.store.hand_off_of(carer.id).await.map_err(internal("load hand-off"))?;
    let deletion = state.store.deletion_request(carer.id).await.map_err(internal("load deletion request"))?;
    Ok((handoff, deletion))
}

/// "Send": hands the plan to the carers' centre with the answers checked
/// on the check-your-answers page at `version`. Gives the share and puts the
/// plan in the queue in one transaction.
#[tracing::instrument(skip_all)]
pub async fn hand_off(state: &AppState, actor: Option<&UserView>, version: i64) -> Result<HandOff, AppError> {
    let carer = require_carer(actor)?;
    super::deletion::refuse_if_asked(state, carer.id).await?;
    let plan = plan_of(state, carer.id).await?;
    let answered = plan.record(&RecordKey::HandOff).map_or(0, |r| r.version);
    if answered != version {
        return Err(AppError::Conflict(
            "Your answers were changed in another window or on another device. Check them again, then send.".to_owned(),
        ));
    }
    let answers = sharing::check_hand_off(&plan, &state.framework, state.today()).map_err(AppError::Validation)?;
    refuse_if_too_many_changes(state, carer.id).await?;
    if let Some(existing) = state.store.hand_off_of(carer.id).await.map_err(internal("load hand-off"))? {
        existing
            .status
            .hand_off_again()
            .map_err(|e| AppError::Conflict(format!("{e}. You can change what is shared on your Sharing page.")))?;
    }
    let now = state.clock.now();
    let share_id = uuid::Uuid::new_v4();
    let consent = record(share_id, 1, Recipient::Centre, ConsentChange::Given, &answers.sections, state, now);
    let mut handoff = HandOff {
        carer_id: carer.id,
        carer_name: carer.name.clone(),
        share_id,
        status: HandOffStatus::Waiting,
        sections: consent.sections.clone(),
        handed_off_at: now,
        identified_on: answers.identified_on,
        terminal: crate::domain::plan::Answer::as_str(answers.terminal).to_owned(),
        top_impact: impact_rank(&plan, &answers.sections),
        contact: answers.contact,
        worker: None,
        allocated_at: None,
        needs_reallocation: false,
        withdrawn_at: None,
        next_due_on: None,
    };
    handoff.next_due_on = handoff.next_clock_due(&state.holidays);
    if !state.store.hand_off(&consent, &handoff).await.map_err(internal("hand off"))? {
        return Err(AppError::Conflict("Your plan is already shared. You can change what is shared on your Sharing page.".to_owned()));
    }
    tracing::info!(sections = answers.sections.len(), terminal = handoff.is_terminal(), "plan handed off");
    Ok(handoff)
}

/// Changes the sections of the current share (which must still be at
/// `sequence`), adding a consent record.
#[tracing::instrument(skip_all)]
pub async fn change_sections(
    state: &AppState,
    actor: Option<&UserView>,
    share_id: uuid::Uuid,
    sequence: i64,
    chosen: &[String],
) -> Result<(), AppError> {
    let carer = require_carer(actor)?;
    if chosen.len() > Section::all(&state.framework).len() {
        return Err(AppError::BadRequest);
    }
    let shares = shares_of(state, carer.id).await?;
    let share = current_at(&shares, share_id, sequence)?;
    let plan = plan_of(state, carer.id).await?;
    let sections = sharing::check_sections(chosen, &plan, &state.framework).map_err(AppError::Validation)?;
    refuse_if_too_many_changes(state, carer.id).await?;
    let consent =
        record(share.latest.share_id, sequence + 1, share.latest.recipient, ConsentChange::Changed, &sections, state, state.clock.now());
    let top = impact_rank(&plan, &sections);
    if !state.store.change_share(carer.id, &consent, top).await.map_err(internal("change share"))? {
        return Err(stale());
    }
    tracing::info!(sections = sections.len(), "carer changed what is shared");
    Ok(())
}

/// Withdraws the current share (which must still be at `sequence`): from
/// the next request no member of staff can open any part of the plan.
#[tracing::instrument(skip_all)]
pub async fn withdraw(state: &AppState, actor: Option<&UserView>, share_id: uuid::Uuid, sequence: i64) -> Result<(), AppError> {
    let carer = require_carer(actor)?;
    let shares = shares_of(state, carer.id).await?;
    let share = current_at(&shares, share_id, sequence)?;
    let consent = withdrawal_of(state, share, state.clock.now());
    if !state.store.withdraw_share(carer.id, &consent).await.map_err(internal("withdraw share"))? {
        return Err(stale());
    }
    tracing::info!("carer withdrew consent");
    Ok(())
}

/// Saves the carer's choice of sections on the first hand-off question.
#[tracing::instrument(skip_all)]
pub async fn choose_sections(state: &AppState, actor: Option<&UserView>, version: i64, chosen: &[String]) -> Result<SaveOutcome, AppError> {
    let carer = require_carer(actor)?;
    if chosen.len() > Section::all(&state.framework).len() {
        return Err(AppError::BadRequest);
    }
    if chosen.is_empty() {
        return Err(AppError::field("sections", "Select at least one part of your plan to share"));
    }
    let plan = plan_of(state, carer.id).await?;
    let sections = sharing::check_sections(chosen, &plan, &state.framework).map_err(AppError::Validation)?;
    let changes = BTreeMap::from([("sections".to_owned(), Section::list(&sections))]);
    let key = RecordKey::HandOff.to_string();
    let answers = super::plan::Answers { key: &key, base_version: version, changes: &changes, base: None, whole_form: false };
    super::plan::save(state, actor, answers).await
}

/// One consent record of the carer's, for its printable receipt.
#[tracing::instrument(skip_all)]
pub async fn receipt(state: &AppState, actor: Option<&UserView>, record_id: uuid::Uuid) -> Result<ConsentRecord, AppError> {
    let carer = require_carer(actor)?;
    state.store.consent_record(carer.id, record_id).await.map_err(internal("load consent"))?.ok_or(AppError::NotFound)
}

/// A carer's shares: every current one, then the newest others.
pub(crate) async fn shares_of(state: &AppState, carer_id: uuid::Uuid) -> Result<Vec<Share>, AppError> {
    state.store.shares(carer_id, SHARES_LISTED).await.map_err(internal("load shares"))
}

/// The share the carer's page showed, if it is still current and unchanged.
fn current_at(shares: &[Share], share_id: uuid::Uuid, sequence: i64) -> Result<&Share, AppError> {
    let share = shares.iter().find(|s| s.latest.share_id == share_id).ok_or(AppError::NotFound)?;
    if !share.is_current() {
        return Err(AppError::Conflict("You have already withdrawn this consent. Nothing has changed.".to_owned()));
    }
    if share.latest.sequence != sequence {
        return Err(stale());
    }
    Ok(share)
}

/// The consent record that withdraws `share` at `now`, with the exact
/// words the carer is shown for withdrawing.
pub(crate) fn withdrawal_of(state: &AppState, share: &Share, now: i64) -> ConsentRecord {
    let sections = Section::parse_list(&share.latest.sections, &state.framework);
    record(share.latest.share_id, share.latest.sequence + 1, share.latest.recipient, ConsentChange::Withdrawn, &sections, state, now)
}

fn stale() -> AppError {
    AppError::Conflict("What you share was changed in another window or on another device. Check it below, then try again.".to_owned())
}

/// The highest impact among the shared areas, as the queue orders it (-1: none rated).
fn impact_rank(plan: &Plan, sections: &[Section]) -> i64 {
    sharing::top_impact(plan, sections).map_or(-1, |level| level.index() as i64)
}

fn record(
    share_id: uuid::Uuid,
    sequence: i64,
    recipient: Recipient,
    change: ConsentChange,
    sections: &[Section],
    state: &AppState,
    now: i64,
) -> ConsentRecord {
    ConsentRecord {
        id: uuid::Uuid::new_v4(),
        share_id,
        sequence,
        recipient,
        change,
        sections: Section::list(sections),
        purpose: recipient.purpose().to_owned(),
        wording: match change {
            ConsentChange::Withdrawn => sharing::withdrawal_wording(recipient, sections, &state.framework),
            _ => sharing::consent_wording(recipient, sections, &state.framework),
        },
        recorded_at: now,
    }
}
