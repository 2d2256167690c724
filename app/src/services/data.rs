//! "Download my data": everything held about the signed-in carer, as one
//! JSON document whose shape is written down in `app/schema/my-data.v1.json`
//! (and checked against it by the tests). Only the carer may download it,
//! and it holds nothing about anyone else beyond the name and role of the
//! staff who worked with them, as their Sharing page already shows.

use super::access::require_carer;
use super::plan::plan_of;
use super::{AppState, internal};
use crate::domain::calendar::Day;
use crate::domain::plan::PlanRecord;
use crate::error::AppError;
use crate::views::accounts::UserView;
use serde_json::{Value, json};

/// The name of the format, and its version: a new version of the schema
/// file comes with any change a reader would notice.
pub const FORMAT: &str = "carerspace-my-data";
/// See [`FORMAT`].
pub const VERSION: u32 = 1;

/// A moment as an RFC 3339 UTC timestamp: "2026-11-24T09:15:00Z".
pub fn utc(seconds: i64) -> String {
    let of_day = seconds.rem_euclid(86_400);
    format!("{}T{:02}:{:02}:{:02}Z", Day::of_timestamp(seconds).iso(), of_day / 3_600, of_day % 3_600 / 60, of_day % 60)
}

fn records(records: &[PlanRecord]) -> Value {
    Value::Array(
        records
            .iter()
            .map(|r| {
                json!({
                    "key": r.key.to_string(),
                    "version": r.version,
                    "fields": r.fields,
                    "created_at": utc(r.created_at),
                    "updated_at": utc(r.updated_at),
                })
            })
            .collect(),
    )
}

/// Files built at once. A carer with years of history makes a document of
/// many megabytes, and it is several times that while it is built: eight
/// downloads at once held 250 MB. Others wait their turn (a file takes a
/// fraction of a second), holding nothing.
const MOST_BUILT_AT_ONCE: usize = 2;

static BUILDING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(MOST_BUILT_AT_ONCE));

/// "Download my data" as the bytes of its JSON file. Built in turn (see
/// [`MOST_BUILT_AT_ONCE`]), and only what is sent outlives the turn.
#[tracing::instrument(skip_all)]
pub async fn my_data_file(state: &AppState, actor: Option<&UserView>) -> Result<Vec<u8>, AppError> {
    // Refused at once, never after waiting for a turn.
    require_carer(actor)?;
    let _turn = BUILDING.acquire().await.map_err(|_| AppError::Internal)?;
    let data = my_data(state, actor).await?;
    serde_json::to_vec(&data).map_err(|error| {
        tracing::error!(%error, "could not write the data file");
        AppError::Internal
    })
}

/// Everything held about the signed-in carer.
#[tracing::instrument(skip_all)]
pub async fn my_data(state: &AppState, actor: Option<&UserView>) -> Result<Value, AppError> {
    let carer = require_carer(actor)?;
    let account = state.store.user_by_id(carer.id).await.map_err(internal("load account"))?.ok_or(AppError::Unauthorized)?;
    let plan = plan_of(state, carer.id).await?;
    let consent = state.store.consent_records(carer.id).await.map_err(internal("load consent"))?;
    let handoff = state.store.hand_off_of(carer.id).await.map_err(internal("load hand-off"))?;
    let seen = state.store.access_log(carer.id).await.map_err(internal("load access log"))?;
    let agreement = state.store.agreement_of(carer.id).await.map_err(internal("load agreement"))?;
    let comments = state.store.comments(carer.id).await.map_err(internal("load comments"))?;
    let agreed = state.store.agreed_plans(carer.id).await.map_err(internal("load agreed plans"))?;
    let referrals = state.store.referrals(carer.id).await.map_err(internal("load referrals"))?;
    let deletion = state.store.deletion_request(carer.id).await.map_err(internal("load deletion request"))?;
    tracing::info!(records = plan.records.len(), "carer downloaded their data");
    Ok(json!({
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utc(state.clock.now()),
        "account": {
            "name": account.display_name,
            "email": account.email,
            "role": account.role.as_str(),
            "created_at": utc(account.created_at),
        },
        "plan": records(&plan.records),
        "hand_off": handoff.map(|h| json!({
            "status": h.status.as_str(),
            "sections": h.sections,
            "handed_off_at": utc(h.handed_off_at),
            "identified_on": h.identified_on.iso(),
            "terminal": crate::domain::plan::Answer::as_str(h.terminal),
            "contact": {
                "phone": h.contact.phone,
                "email": h.contact.email,
                "good_times": h.contact.good_times,
                "safe_to_leave_message": h.contact.safe_to_leave_message,
                "safe_to_write": h.contact.safe_to_write,
            },
            "worker": h.worker.map(|(_, name)| name),
            "allocated_at": h.allocated_at.map(utc),
            "withdrawn_at": h.withdrawn_at.map(utc),
        })),
        "consent_records": consent.iter().map(|c| json!({
            "share_id": c.share_id,
            "sequence": c.sequence,
            "recipient": c.recipient.as_str(),
            "change": c.change.as_str(),
            "sections": c.sections,
            "purpose": c.purpose,
            "wording": c.wording,
            "recorded_at": utc(c.recorded_at),
        })).collect::<Vec<_>>(),
        "seen_by": seen.iter().map(|s| json!({
            "name": s.viewer_name,
            "role": s.viewer_role.as_str(),
            "what": s.what.as_stored(),
            "at": utc(s.viewed_at),
        })).collect::<Vec<_>>(),
        "agreement": agreement.map(|a| json!({
            "stage": a.stage.as_str(),
            "review_on": a.review_on.map(|d| d.iso()),
            "sent_at": a.sent_at.map(utc),
            "agreed_at": a.agreed_at.map(utc),
            "review_asked_on": a.review_asked_on.map(|d| d.iso()),
        })),
        "comments": comments.iter().map(|c| json!({
            "by": c.author_name,
            "role": c.author_role.as_str(),
            "body": c.body,
            "at": utc(c.written_at),
        })).collect::<Vec<_>>(),
        "agreed_plans": agreed.iter().map(|p| json!({
            "agreed_at": utc(p.agreed_at),
            "review_on": p.review_on.iso(),
            "worker": p.worker_name,
            "plan": records(&p.plan.records),
        })).collect::<Vec<_>>(),
        "referrals": referrals.iter().map(|r| json!({
            "referred_at": utc(r.referred_at),
            "by": r.referred_by_name,
            "sections": r.sections,
            "legal_reason": r.legal_reason,
            "withdrawn_at": r.withdrawn_at.map(utc),
        })).collect::<Vec<_>>(),
        // A hold's general ground and review date, as the carer is told
        // them; the manager's own note is staff's, like a worker's thinking.
        "deletion_request": deletion.map(|d| json!({
            "requested_at": utc(d.requested_at),
            "due_on": d.due_on.iso(),
            "status": d.status.as_str(),
            "hold": match &d.status {
                crate::domain::deletion::RequestStatus::Held(h) => json!({
                    "ground": h.ground.as_str(),
                    "why": h.ground.for_carer(),
                    "review_on": h.review_on.iso(),
                }),
                _ => Value::Null,
            },
        })),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_utc_timestamps() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_790_000_000), "2026-09-21T14:13:20Z");
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
    }
}
