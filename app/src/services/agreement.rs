//! Agreeing a plan: the allocated worker sends it to the carer to check and
//! sign; the carer signs (an immutable snapshot, a review date) or comments;
//! the worker answers and sends again. Only the carer signs or comments on
//! their plan; only its allocated worker sends it, while it is shared.

use super::access::{require_allocated, require_carer, require_worker};
use super::plan::plan_of;
use super::{AppState, internal};
use crate::domain::account::Role;
use crate::domain::agreement::{self, AgreedPlan, AgreementError, Comment, ReviewDue, Stage};
use crate::domain::calendar::{uk_day, uk_moment};
use crate::domain::plan::RecordKey;
use crate::domain::sharing::HandOffStatus;
use crate::error::AppError;
use crate::ports::Signing;
use crate::views::accounts::UserView;
use crate::views::agreement::{AgreedListing, AgreedView, AgreementState, CarerAgreement, CommentView};

fn comment_view(comment: &Comment, reader: Role) -> CommentView {
    let who = if comment.author_role == reader {
        "You".to_owned()
    } else if comment.author_role == Role::Carer {
        format!("{} (the carer)", comment.author_name)
    } else {
        format!("{} (your worker)", comment.author_name)
    };
    CommentView { who, body: comment.body.clone(), when: uk_moment(comment.written_at) }
}

fn listing(plan: &AgreedPlan) -> AgreedListing {
    AgreedListing {
        id: plan.id,
        agreed_on: uk_day(plan.agreed_at).readable(),
        review_on: plan.review_on.readable(),
        worker: plan.worker_name.clone(),
    }
}

/// Where agreeing one carer's plan stands, as `reader` (the carer or the
/// worker) reads it; the caller has decided they may.
pub(crate) async fn state_for(
    state: &AppState,
    carer_id: uuid::Uuid,
    reader: Role,
) -> Result<(AgreementState, Vec<Comment>, Option<crate::domain::agreement::Agreement>), AppError> {
    let found = state.store.agreement_of(carer_id).await.map_err(internal("load agreement"))?;
    let comments = state.store.comments(carer_id).await.map_err(internal("load comments"))?;
    let today = state.today();
    let latest = latest_review_on(state, today);
    let view = AgreementState {
        stage: found.as_ref().map(|a| a.stage),
        version: found.as_ref().map_or(0, |a| a.version),
        review_on: found.as_ref().and_then(|a| a.review_on).map(|d| d.readable()),
        review_day: found.as_ref().and_then(|a| a.review_on),
        comments: comments.iter().map(|c| comment_view(c, reader)).collect(),
        review_due: found.as_ref().and_then(|a| a.review_due(today)).map(ReviewDue::label),
        latest_review_on: latest.iso(),
        review_on_offered: agreement::review_on_to_offer(found.as_ref(), today, latest).iso(),
    };
    Ok((view, comments, found))
}

/// The default review date, and the latest a worker may choose, on `today`.
fn latest_review_on(state: &AppState, today: crate::domain::calendar::Day) -> crate::domain::calendar::Day {
    agreement::default_review_on(today, state.framework.review_months, &state.holidays)
}

/// Where agreeing the signed-in carer's plan stands, and what needs them.
#[tracing::instrument(skip_all)]
pub async fn mine(state: &AppState, actor: Option<&UserView>) -> Result<CarerAgreement, AppError> {
    let carer = require_carer(actor)?;
    let (view, comments, found) = state_for(state, carer.id, Role::Carer).await?;
    let handoff = state.store.hand_off_of(carer.id).await.map_err(internal("load hand-off"))?;
    let agreed = state.store.agreed_plans(carer.id).await.map_err(internal("load agreed plans"))?;
    let worker =
        handoff.as_ref().filter(|h| h.status == HandOffStatus::Allocated).and_then(|h| h.worker.as_ref().map(|(_, name)| name.clone()));
    let answered = comments.last().is_some_and(|c| c.author_role == Role::Worker);
    let due = found.and_then(|a| a.review_due(state.today()));
    let notice = match (view.stage, worker.is_some()) {
        (Some(Stage::Sent), true) if answered => {
            Some("Your worker has answered your comment. Check your plan, then sign it or send another comment.".to_owned())
        }
        (Some(Stage::Sent), true) => Some("Your plan is ready for you to check and sign.".to_owned()),
        (Some(Stage::Agreed), _) => due.map(|due| match due {
            ReviewDue::Asked(_) => {
                "You told us your circumstances have changed. Your worker will look at your plan again with you.".to_owned()
            }
            ReviewDue::Date(day) => {
                format!("Your plan is due for review by {}. Your worker will look at it again with you.", day.readable())
            }
        }),
        _ => None,
    };
    Ok(CarerAgreement { state: view, worker, agreed: agreed.iter().map(listing).collect(), notice })
}

/// The allocated worker sends the plan to the carer to check and sign: the
/// first time, after answering a comment, or after a review.
#[tracing::instrument(skip_all)]
pub async fn send(
    state: &AppState,
    actor: Option<&UserView>,
    carer_id: uuid::Uuid,
    version: i64,
    review_on: &str,
    answer: &str,
) -> Result<(), AppError> {
    let me = require_worker(actor)?;
    require_allocated(state, me, carer_id).await?;
    let found = state.store.agreement_of(carer_id).await.map_err(internal("load agreement"))?;
    let stage = found.as_ref().map_or(Stage::Drafting, |a| a.stage);
    if found.as_ref().map_or(0, |a| a.version) != version {
        return Err(changed_elsewhere());
    }
    stage.send().map_err(|e: AgreementError| AppError::Conflict(e.to_string()))?;
    let mut errors = crate::error::FieldErrors::default();
    let today = state.today();
    let latest = latest_review_on(state, today);
    let review_on = agreement::check_review_on(review_on, today, latest).map_err(|m| errors.push("review_on", m)).ok();
    let answer = if stage == Stage::Commented || !answer.trim().is_empty() {
        agreement::check_comment(answer, "your answer to the carer's comment").map_err(|m| errors.push("answer", m)).ok()
    } else {
        None
    };
    let plan = plan_of(state, carer_id).await?;
    if plan.record(&RecordKey::WorkerPlan).is_none_or(|r| r.get("support_level").is_empty()) {
        errors.push("send", "Write the support plan, with the level of support, before you send the plan to the carer");
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let Some(review_on) = review_on else { return Err(AppError::Internal) };
    let now = state.clock.now();
    let answer = answer.map(|body| Comment {
        id: uuid::Uuid::new_v4(),
        author_role: Role::Worker,
        author_name: me.name.clone(),
        body,
        written_at: now,
    });
    if !state.store.send_for_signing(carer_id, version, review_on, answer.as_ref(), now).await.map_err(internal("send plan"))? {
        return Err(changed_elsewhere());
    }
    tracing::info!(%carer_id, "plan sent to the carer to check and sign");
    super::notify::something_to_look_at(state, carer_id).await;
    Ok(())
}

fn changed_elsewhere() -> AppError {
    AppError::Conflict("Where this plan stands changed since you opened this page. Open it again to see what changed.".to_owned())
}

/// The carer sends a comment back instead of signing.
#[tracing::instrument(skip_all)]
pub async fn comment(state: &AppState, actor: Option<&UserView>, version: i64, text: &str) -> Result<(), AppError> {
    let carer = require_carer(actor)?;
    let body = agreement::check_comment(text, "your comment").map_err(|m| AppError::field("comment", m))?;
    let found = state.store.agreement_of(carer.id).await.map_err(internal("load agreement"))?;
    let stage = found.as_ref().map_or(Stage::Drafting, |a| a.stage);
    stage.comment().map_err(|e| AppError::Conflict(e.to_string()))?;
    let comment = Comment {
        id: uuid::Uuid::new_v4(),
        author_role: Role::Carer,
        author_name: carer.name.clone(),
        body,
        written_at: state.clock.now(),
    };
    if !state.store.comment_on_plan(carer.id, version, &comment).await.map_err(internal("comment on plan"))? {
        return Err(changed_elsewhere());
    }
    tracing::info!("carer sent a comment on their plan");
    Ok(())
}

/// The carer signs the plan they read, with the review date they were
/// shown (both in `fingerprint`): it becomes Agreed, kept as signed.
/// The agreed review date, readable.
#[tracing::instrument(skip_all)]
pub async fn sign(state: &AppState, actor: Option<&UserView>, version: i64, fingerprint: &str) -> Result<String, AppError> {
    let carer = require_carer(actor)?;
    if fingerprint.len() > 64 {
        return Err(AppError::field("sign", "Open your plan again, then sign"));
    }
    match state
        .store
        .sign_plan(carer.id, version, fingerprint, uuid::Uuid::new_v4(), state.clock.now())
        .await
        .map_err(internal("sign plan"))?
    {
        Signing::Signed(plan) => {
            tracing::info!(agreed_plan = %plan.id, "carer signed their plan");
            Ok(plan.review_on.readable())
        }
        Signing::NotWaiting => Err(AppError::Conflict(
            "There is no plan waiting for you to sign. It may have been signed, commented on or sent again in another window.".to_owned(),
        )),
        Signing::Changed => Err(AppError::Conflict(
            "Your plan or its review date has changed since you opened this page. Read it again, then sign.".to_owned(),
        )),
    }
}

/// One plan the carer signed, beside the plan now.
#[tracing::instrument(skip_all)]
pub async fn agreed(state: &AppState, actor: Option<&UserView>, id: uuid::Uuid) -> Result<AgreedView, AppError> {
    let carer = require_carer(actor)?;
    let signed = state.store.agreed_plans(carer.id).await.map_err(internal("load agreed plans"))?;
    let signed = signed.into_iter().find(|p| p.id == id).ok_or(AppError::NotFound)?;
    let now = plan_of(state, carer.id).await?;
    Ok(AgreedView {
        listing: listing(&signed),
        changes: agreement::changes(&signed.plan, &now, &state.framework),
        plan: signed.plan,
        framework: state.framework.clone(),
    })
}
