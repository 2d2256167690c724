//! The carer's side of consent and hand-off: choose what to share and hand
//! the plan to the carers' centre, change what is shared, withdraw, print a
//! receipt, and see who has opened the plan. Only the carer may do any of
//! this with their own plan.

use super::access::require_carer;
use super::plan::plan_of;
use super::{AppState, internal};
use crate::domain::plan::SaveOutcome;
use crate::domain::plan::{Plan, RecordKey};
use crate::domain::sharing::{
    self, AccessRecord, ConsentChange, ConsentRecord, HISTORY_PAGE, HandOff, HandOffStatus, Older, Recipient, SHARES_LISTED, Section, Share,
};
use crate::error::AppError;
use crate::views::accounts::UserView;
use crate::views::sharing::{PlanState, ReceiptView, SeenView, ShareView, SharingView};
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

impl HistoryPages {
    /// The pages named by a page's "older" links (a place that cannot be
    /// read gives the newest page).
    pub fn from_places(records_before: Option<&str>, seen_before: Option<&str>) -> HistoryPages {
        HistoryPages { records_before: records_before.and_then(Older::parse), seen_before: seen_before.and_then(Older::parse) }
    }
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
        terminal: answers.terminal,
        top_impact: sharing::top_impact(&plan, &answers.sections),
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
    let top = sharing::top_impact(&plan, &sections);
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

/// The carer's Sharing page: [`overview`], as the page reads it.
#[tracing::instrument(skip_all)]
pub async fn page(state: &AppState, actor: Option<&UserView>, pages: &HistoryPages) -> Result<SharingView, AppError> {
    let found = overview(state, actor, pages).await?;
    let user = actor.cloned().ok_or(AppError::Unauthorized)?;
    Ok(view_of(state, user, found))
}

/// Where the signed-in carer's plan stands, as the home page says it.
#[tracing::instrument(skip_all)]
pub async fn where_it_stands(state: &AppState, actor: Option<&UserView>) -> Result<PlanState, AppError> {
    let (handoff, deletion) = my_hand_off(state, actor).await?;
    Ok(state_of(state, handoff.as_ref(), deletion.as_ref()))
}

/// One of the carer's consent records, as its printable receipt shows it.
#[tracing::instrument(skip_all)]
pub async fn receipt_page(state: &AppState, actor: Option<&UserView>, record_id: uuid::Uuid) -> Result<(UserView, ReceiptView), AppError> {
    let record = receipt(state, actor, record_id).await?;
    let user = actor.cloned().ok_or(AppError::Unauthorized)?;
    Ok((user, receipt_view(state, &record)))
}

/// Titles of the sections in a stored list.
fn section_titles(state: &AppState, list: &str) -> Vec<String> {
    use crate::domain::sharing::Section;
    Section::parse_list(list, &state.framework).iter().map(|s| s.title(&state.framework)).collect()
}

/// One consent record as its receipt shows it.
fn receipt_view(state: &AppState, r: &crate::domain::sharing::ConsentRecord) -> ReceiptView {
    ReceiptView {
        id: r.id,
        change: r.change.label().to_owned(),
        recipient: r.recipient.label().to_owned(),
        sections: section_titles(state, &r.sections),
        purpose: r.purpose.clone(),
        wording: r.wording.clone(),
        at: crate::domain::calendar::uk_moment(r.recorded_at),
    }
}

/// Where the plan stands: a request to delete it says more than the
/// consent it withdrew, so it comes first.
fn state_of(
    state: &AppState,
    handoff: Option<&crate::domain::sharing::HandOff>,
    deletion: Option<&crate::domain::deletion::DeletionRequest>,
) -> PlanState {
    use crate::domain::calendar::uk_moment;
    use crate::domain::sharing::HandOffStatus;
    if let Some(request) = deletion {
        return PlanState::Deletion(super::deletion::carer_view(request));
    }
    match handoff {
        None => PlanState::Private,
        Some(h) => match h.status {
            HandOffStatus::Waiting => {
                PlanState::Waiting { since: h.requested_on().written(), due_by: h.contact_by(&state.holidays).readable() }
            }
            HandOffStatus::Allocated => PlanState::WithWorker {
                worker: h.worker.as_ref().map_or_else(|| "a worker".to_owned(), |(_, name)| name.clone()),
                since: h.allocated_at.map(uk_moment).unwrap_or_default(),
            },
            HandOffStatus::Withdrawn => PlanState::Withdrawn { on: h.withdrawn_at.map(uk_moment).unwrap_or_default() },
        },
    }
}

fn view_of(state: &AppState, user: UserView, found: Sharing) -> SharingView {
    use crate::domain::calendar::uk_moment;
    use crate::domain::sharing::{Section, shareable};
    let framework = &state.framework;
    let titles = |list: &str| section_titles(state, list);
    let shares = found
        .shares
        .iter()
        .map(|share| ShareView {
            share_id: share.latest.share_id,
            sequence: share.latest.sequence,
            recipient: share.latest.recipient.label().to_owned(),
            recipient_id: share.latest.recipient.as_str().to_owned(),
            sections: titles(&share.latest.sections),
            section_ids: Section::parse_list(&share.latest.sections, framework).iter().map(ToString::to_string).collect(),
            purpose: share.latest.purpose.clone(),
            given_at: uk_moment(share.given_at),
            withdrawn_at: share.withdrawn_at.map(uk_moment),
        })
        .collect();
    let plan_state = state_of(state, found.handoff.as_ref(), found.deletion.as_ref());
    let seen = found
        .seen
        .iter()
        .map(|s| SeenView {
            who: s.viewer_name.clone(),
            role: s.viewer_role.title().to_owned(),
            what: s.what.describe(framework),
            when: uk_moment(s.viewed_at),
        })
        .collect();
    SharingView {
        user,
        shareable: shareable(&found.plan, framework).iter().map(|s| (s.to_string(), s.title(framework))).collect(),
        plan: found.plan,
        framework: framework.clone(),
        state: plan_state,
        shares,
        history: found.records.iter().map(|r| receipt_view(state, r)).collect(),
        older_history: found.older_records.as_ref().map(ToString::to_string),
        seen,
        older_seen: found.older_seen.as_ref().map(ToString::to_string),
        referrals: found.referrals.iter().map(|r| super::referral::view_of(state, r)).collect(),
        deletion: found.deletion.as_ref().map(super::deletion::carer_view),
    }
}
