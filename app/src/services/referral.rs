//! Referral to social work. The carer gives a share to social work on their
//! Sharing page; the allocated worker refers exactly the sections that
//! share covers (and they may read), which records a package of them; the
//! carer withdrawing that share withdraws the referral, and nobody can open
//! its package again. The one exception is a legal reason, written out,
//! shown to the carer and listed for managers.

use super::access::{require_allocated, require_carer, require_manager, require_worker};
use super::plan::plan_of;
use super::sharing::{refuse_if_too_many_changes, shares_of};
use super::{AppState, internal};
use crate::domain::calendar::uk_moment;
use crate::domain::referral::{self, Referral};
use crate::domain::sharing::{self, ConsentChange, ConsentRecord, Recipient, Section, Share};
use crate::error::AppError;
use crate::ports::Viewer;
use crate::views::accounts::UserView;
use crate::views::referral::{LegalReferralRow, ReferralPackage, ReferralView};

/// A referral as people read it.
pub(crate) fn view_of(state: &AppState, r: &Referral) -> ReferralView {
    ReferralView {
        id: r.id,
        referred_at: uk_moment(r.referred_at),
        by: r.referred_by_name.clone(),
        sections: Section::parse_list(&r.sections, &state.framework).iter().map(|s| s.title(&state.framework)).collect(),
        legal_reason: r.legal_reason.clone(),
        withdrawn_at: r.withdrawn_at.map(uk_moment),
    }
}

/// The carer's current share to social work, if any.
pub(crate) fn social_work_share(shares: &[Share]) -> Option<&Share> {
    shares.iter().find(|s| s.is_current() && s.latest.recipient == Recipient::SocialWork)
}

/// The carer shares `chosen` sections with social work (nothing is sent
/// until their worker refers them).
#[tracing::instrument(skip_all)]
pub async fn give_to_social_work(state: &AppState, actor: Option<&UserView>, chosen: &[String]) -> Result<(), AppError> {
    let carer = require_carer(actor)?;
    if chosen.len() > Section::all(&state.framework).len() {
        return Err(AppError::BadRequest);
    }
    if chosen.is_empty() {
        return Err(AppError::field("sections", "Select at least one part of your plan to share with social work"));
    }
    super::deletion::refuse_if_asked(state, carer.id).await?;
    if social_work_share(&shares_of(state, carer.id).await?).is_some() {
        return Err(AppError::Conflict(
            "You already share your plan with social work. You can change or withdraw that on your Sharing page.".to_owned(),
        ));
    }
    let plan = plan_of(state, carer.id).await?;
    let sections = sharing::check_sections(chosen, &plan, &state.framework).map_err(AppError::Validation)?;
    refuse_if_too_many_changes(state, carer.id).await?;
    let recipient = Recipient::SocialWork;
    let consent = ConsentRecord {
        id: uuid::Uuid::new_v4(),
        share_id: uuid::Uuid::new_v4(),
        sequence: 1,
        recipient,
        change: ConsentChange::Given,
        sections: Section::list(&sections),
        purpose: recipient.purpose().to_owned(),
        wording: sharing::consent_wording(recipient, &sections, &state.framework),
        recorded_at: state.clock.now(),
    };
    if !state.store.give_share(carer.id, &consent).await.map_err(internal("give share"))? {
        return Err(AppError::Conflict("That was already recorded. Check your Sharing page.".to_owned()));
    }
    tracing::info!(sections = sections.len(), "carer shared their plan with social work");
    Ok(())
}

/// The allocated worker refers `chosen` sections to social work: on the
/// carer's share to social work, or under a legal reason. The new referral's id.
#[tracing::instrument(skip_all)]
pub async fn refer(
    state: &AppState,
    actor: Option<&UserView>,
    carer_id: uuid::Uuid,
    chosen: &[String],
    legal_reason: Option<&str>,
) -> Result<uuid::Uuid, AppError> {
    let me = require_worker(actor)?;
    if chosen.len() > Section::all(&state.framework).len() {
        return Err(AppError::BadRequest);
    }
    let handoff = require_allocated(state, me, carer_id).await?;
    let visible = Section::parse_list(&handoff.sections, &state.framework);
    let shares = shares_of(state, carer_id).await?;
    let share = social_work_share(&shares);
    let agreed = share.map(|s| Section::parse_list(&s.latest.sections, &state.framework));
    let asked =
        referral::check_referral(chosen, &visible, agreed.as_deref(), legal_reason, &state.framework).map_err(AppError::Validation)?;
    let plan = plan_of(state, carer_id).await?;
    let package = sharing::shared_part(&plan, &asked.sections);
    let legal = asked.legal_reason.is_some();
    let made = Referral {
        id: uuid::Uuid::new_v4(),
        carer_id,
        share_id: if legal { None } else { share.map(|s| s.latest.share_id) },
        sections: Section::list(&asked.sections),
        legal_reason: asked.legal_reason,
        referred_by: me.id,
        referred_by_name: me.name.clone(),
        referred_at: state.clock.now(),
        withdrawn_at: None,
    };
    let viewer = Viewer { id: me.id, name: me.name.clone(), role: me.role };
    let sequence = share.map_or(0, |s| s.latest.sequence);
    if !state.store.refer(&made, sequence, &package.records, &viewer).await.map_err(internal("refer"))? {
        return Err(AppError::Conflict(
            "The carer's consent changed while you were choosing. Open the referral page again to see what they share now.".to_owned(),
        ));
    }
    tracing::info!(%carer_id, referral = %made.id, legal, sections = asked.sections.len(), "referred to social work");
    Ok(made.id)
}

/// Opens a referral's package (logged for the carer), for the worker the
/// plan is allocated to, while the referral stands. After the carer
/// withdrew its share nobody can open it.
#[tracing::instrument(skip_all)]
pub async fn package(state: &AppState, actor: Option<&UserView>, referral_id: uuid::Uuid) -> Result<ReferralPackage, AppError> {
    let me = require_worker(actor)?;
    let viewer = Viewer { id: me.id, name: me.name.clone(), role: me.role };
    let opened = state.store.open_referral(referral_id, &viewer, state.clock.now()).await.map_err(internal("open referral"))?;
    let Some((made, records)) = opened else {
        return Err(match state.store.referral(referral_id).await.map_err(internal("load referral"))? {
            None => AppError::NotFound,
            Some(r) if !r.is_open() => AppError::ConsentWithdrawn,
            Some(r) => match state.store.hand_off_of(r.carer_id).await.map_err(internal("load hand-off"))? {
                Some(h) if h.status == sharing::HandOffStatus::Withdrawn => AppError::ConsentWithdrawn,
                _ => AppError::Forbidden,
            },
        });
    };
    let handoff = state.store.hand_off_of(made.carer_id).await.map_err(internal("load hand-off"))?;
    let sections = Section::parse_list(&made.sections, &state.framework);
    let plan = crate::domain::plan::Plan { records };
    tracing::info!(referral = %made.id, "staff opened a referral package");
    Ok(ReferralPackage {
        carer_id: made.carer_id,
        carer_name: handoff.map(|h| h.carer_name).unwrap_or_default(),
        referral: view_of(state, &made),
        section_ids: sections.iter().map(ToString::to_string).collect(),
        plan,
        framework: state.framework.clone(),
    })
}

/// A package as the JSON file social work receives: a format name and
/// version, the referral (when, by whom, on what basis), the carer's chosen
/// name, and each section's answers. Exactly the sections referred.
pub fn document(package: &ReferralPackage) -> serde_json::Value {
    let sections: Vec<Section> = package.section_ids.iter().filter_map(|id| Section::parse(id, &package.framework)).collect();
    serde_json::json!({
        "format": "carerspace-referral",
        "version": 1,
        "referral": {
            "id": package.referral.id,
            "referred_at": package.referral.referred_at,
            "referred_by": package.referral.by,
            "basis": if package.referral.legal_reason.is_some() { "legal-reason" } else { "consent" },
            "legal_reason": package.referral.legal_reason,
        },
        "carer": { "name": package.carer_name },
        "sections": referral::package_sections(&package.plan, &sections, &package.framework),
    })
}

/// Every referral made under a legal reason, with its justification: managers only.
#[tracing::instrument(skip_all)]
pub async fn legal_referrals(state: &AppState, actor: Option<&UserView>) -> Result<Vec<LegalReferralRow>, AppError> {
    require_manager(actor)?;
    let found = state.store.legal_referrals().await.map_err(internal("load legal referrals"))?;
    Ok(found.iter().map(|(r, carer)| LegalReferralRow { carer_name: carer.clone(), referral: view_of(state, r) }).collect())
}
