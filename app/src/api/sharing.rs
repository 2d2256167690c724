//! The carer's consent and hand-off over the wire: what they share and
//! with whom, every look at their plan, handing off, changing, withdrawing.

use crate::domain::account::UserView;
use crate::domain::plan::{Plan, SaveOutcome};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::context::{self, fail};
#[cfg(feature = "ssr")]
use crate::services::sharing as service;

/// One share as the carer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareView {
    /// The share.
    pub share_id: uuid::Uuid,
    /// Its latest record's place (named when changing or withdrawing).
    pub sequence: i64,
    /// Who it is with.
    pub recipient: String,
    /// Who it is with, as stored ("centre", "social-work").
    pub recipient_id: String,
    /// Titles of the sections it covers now (or covered when withdrawn).
    pub sections: Vec<String>,
    /// Their ids.
    pub section_ids: Vec<String>,
    /// What the recipient does with it.
    pub purpose: String,
    /// Given at, readable.
    pub given_at: String,
    /// Withdrawn at, readable.
    pub withdrawn_at: Option<String>,
}

/// One consent record, as printed on its receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptView {
    /// The record.
    pub id: uuid::Uuid,
    /// "Consent given", "What is shared changed", "Consent withdrawn".
    pub change: String,
    /// Who it is with.
    pub recipient: String,
    /// Titles of the sections.
    pub sections: Vec<String>,
    /// What the recipient does with it.
    pub purpose: String,
    /// The exact words the carer saw.
    pub wording: String,
    /// When, readable.
    pub at: String,
}

/// One time someone opened part of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenView {
    /// Their name.
    pub who: String,
    /// Their role, readable.
    pub role: String,
    /// What they opened, readable.
    pub what: String,
    /// When, readable.
    pub when: String,
}

/// Where the plan stands, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanState {
    /// Nobody else can see it.
    Private,
    /// In the queue.
    Waiting {
        /// Since, readable.
        since: String,
        /// A worker will be in touch by, readable.
        due_by: String,
    },
    /// With a worker.
    WithWorker {
        /// Their name.
        worker: String,
        /// Since, readable.
        since: String,
    },
    /// Consent withdrawn.
    Withdrawn {
        /// On, readable.
        on: String,
    },
    /// The carer asked for their plan to be deleted (which withdrew every
    /// share): where that stands, as they read it.
    Deletion(crate::api::deletion::MyDeletionRequest),
}

/// Everything the Sharing pages show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingView {
    /// The carer.
    pub user: UserView,
    /// Their plan (for what can be shared, and the check-your-answers page).
    pub plan: Plan,
    /// The framework.
    #[serde(with = "crate::framework::shared")]
    pub framework: crate::framework::Shared,
    /// Where the plan stands.
    pub state: PlanState,
    /// Every current share, then the newest others, newest first.
    pub shares: Vec<ShareView>,
    /// The newest consent records (or those older than the place asked
    /// for), newest first: one page, never more.
    pub history: Vec<ReceiptView>,
    /// The place where the next older page of consent records starts, if any.
    pub older_history: Option<String>,
    /// Who has opened the plan, newest first: one page, never more.
    pub seen: Vec<SeenView>,
    /// The place where the next older page of looks starts, if any.
    pub older_seen: Option<String>,
    /// Sections that can be shared now: id and title.
    pub shareable: Vec<(String, String)>,
    /// Every referral to social work, newest first.
    pub referrals: Vec<crate::api::referral::ReferralView>,
    /// Their request to delete the plan, if they made one.
    pub deletion: Option<crate::api::deletion::MyDeletionRequest>,
}

impl SharingView {
    /// The share in force, if any.
    pub fn current(&self) -> Option<&ShareView> {
        self.shares.iter().find(|s| s.withdrawn_at.is_none() && s.recipient_id == "centre")
    }

    /// The share to social work in force, if any.
    pub fn social_work(&self) -> Option<&ShareView> {
        self.shares.iter().find(|s| s.withdrawn_at.is_none() && s.recipient_id == "social-work")
    }

    /// The share in force with this id, if any.
    pub fn current_by_id(&self, id: uuid::Uuid) -> Option<&ShareView> {
        self.shares.iter().find(|s| s.withdrawn_at.is_none() && s.share_id == id)
    }
}

/// Titles of the sections in a stored list.
#[cfg(feature = "ssr")]
fn section_titles(state: &crate::services::AppState, list: &str) -> Vec<String> {
    use crate::domain::sharing::Section;
    Section::parse_list(list, &state.framework).iter().map(|s| s.title(&state.framework)).collect()
}

/// One consent record as its receipt shows it.
#[cfg(feature = "ssr")]
fn receipt_view(state: &crate::services::AppState, r: &crate::domain::sharing::ConsentRecord) -> ReceiptView {
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
#[cfg(feature = "ssr")]
fn state_of(
    state: &crate::services::AppState,
    handoff: Option<&crate::domain::sharing::HandOff>,
    deletion: Option<&crate::domain::deletion::DeletionRequest>,
) -> PlanState {
    use crate::domain::calendar::uk_moment;
    use crate::domain::plan::readable_date;
    use crate::domain::sharing::HandOffStatus;
    if let Some(request) = deletion {
        return PlanState::Deletion(crate::services::deletion::carer_view(request));
    }
    match handoff {
        None => PlanState::Private,
        Some(h) => match h.status {
            HandOffStatus::Waiting => {
                PlanState::Waiting { since: readable_date(&h.requested_on().iso()), due_by: h.contact_by(&state.holidays).readable() }
            }
            HandOffStatus::Allocated => PlanState::WithWorker {
                worker: h.worker.as_ref().map_or_else(|| "a worker".to_owned(), |(_, name)| name.clone()),
                since: h.allocated_at.map(uk_moment).unwrap_or_default(),
            },
            HandOffStatus::Withdrawn => PlanState::Withdrawn { on: h.withdrawn_at.map(uk_moment).unwrap_or_default() },
        },
    }
}

#[cfg(feature = "ssr")]
fn view_of(state: &crate::services::AppState, user: UserView, found: service::Sharing) -> SharingView {
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
            role: match s.viewer_role.as_str() {
                "worker" => "Carer support worker".to_owned(),
                "manager" => "Manager".to_owned(),
                other => other.to_owned(),
            },
            what: match s.what.as_str() {
                "contact" => "Your contact details and the list of what you share".to_owned(),
                "all" => "Everything you share, all at once".to_owned(),
                "support" => "Your ratings, to write your support plan".to_owned(),
                "referral" => "The parts you share with social work, to refer you to them".to_owned(),
                "referral-legal" => "Your plan, to refer you to social work for a legal reason (see Referrals)".to_owned(),
                "referral-package" => "A referral to social work, to print or send".to_owned(),
                id => Section::parse(id, framework).map_or_else(|| id.to_owned(), |sec| sec.title(framework)),
            },
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
        referrals: found.referrals.iter().map(|r| crate::services::referral::view_of(state, r)).collect(),
        deletion: found.deletion.as_ref().map(crate::services::deletion::carer_view),
    }
}

/// The carer's shares, hand-off, and one page of their consent records and
/// of who has seen the plan: the newest, or those older than the places
/// given (as a page's "older" links name them; a place that cannot be read
/// gives the newest page).
#[server(endpoint = "/sharing", input = Json)]
pub async fn sharing(history_before: Option<String>, seen_before: Option<String>) -> Result<SharingView, AppError> {
    use crate::domain::sharing::Older;
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    let pages = service::HistoryPages {
        records_before: history_before.as_deref().and_then(Older::parse),
        seen_before: seen_before.as_deref().and_then(Older::parse),
    };
    let found = service::overview(&state, me.as_ref(), &pages).await.map_err(fail)?;
    let user = me.ok_or(AppError::Unauthorized)?;
    Ok(view_of(&state, user, found))
}

/// Where the carer's plan stands (for the home page).
#[server(endpoint = "/sharing/state", input = Json)]
pub async fn where_plan_stands() -> Result<PlanState, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    let (handoff, deletion) = service::my_hand_off(&state, me.as_ref()).await.map_err(fail)?;
    Ok(state_of(&state, handoff.as_ref(), deletion.as_ref()))
}

/// Saves which sections the carer chose on the first hand-off question.
#[server(endpoint = "/sharing/choose", input = Json)]
pub async fn choose_sections(version: i64, sections: Vec<String>) -> Result<SaveOutcome, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::choose_sections(&state, me.as_ref(), version, &sections).await.map_err(fail)
}

/// "Send": hands the plan to the carers' centre as checked at `version`.
#[server(endpoint = "/sharing/hand-off", input = Json)]
pub async fn hand_off(version: i64) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::hand_off(&state, me.as_ref(), version).await.map(|_| ()).map_err(fail)
}

/// Changes which sections the current share covers.
#[server(endpoint = "/sharing/change", input = Json)]
pub async fn change_sections(share_id: uuid::Uuid, sequence: i64, sections: Vec<String>) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::change_sections(&state, me.as_ref(), share_id, sequence, &sections).await.map_err(fail)
}

/// Withdraws the current share.
#[server(endpoint = "/sharing/withdraw", input = Json)]
pub async fn withdraw(share_id: uuid::Uuid, sequence: i64) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::withdraw(&state, me.as_ref(), share_id, sequence).await.map_err(fail)
}

/// One consent record, for its printable receipt.
#[server(endpoint = "/sharing/receipt", input = Json)]
pub async fn consent_receipt(id: uuid::Uuid) -> Result<(UserView, ReceiptView), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    let record = service::receipt(&state, me.as_ref(), id).await.map_err(fail)?;
    let user = me.ok_or(AppError::Unauthorized)?;
    Ok((user, receipt_view(&state, &record)))
}
