//! Telling a carer there is something to look at. Their home page always
//! says so; an email is sent only when the deployment configured SMTP, only
//! to the address they gave for getting in touch, only when they said
//! writing to them is safe, and it never holds a word of their plan.

use super::AppState;

/// The subject of every email the portal sends a carer.
pub const SUBJECT: &str = "Something to look at in CarerSpace";

/// The whole body: no name, no plan text, nothing a person reading over
/// the carer's shoulder could learn from.
pub fn body(public_url: &str) -> String {
    format!(
        "Hello,\n\nThere is something for you to look at in CarerSpace.\n\nSign in to see it: {public_url}\n\n\
         This email says nothing more on purpose.\n"
    )
}

/// Emails each carer whose agreed plan comes up for review within 30 days,
/// once per agreement (the home page says so whatever happens here). Safe
/// to run on several server instances at once: each carer is marked first,
/// and only the instance that marked them sends. Returns how many were
/// marked (each emailed if they said writing is safe).
pub async fn remind_reviews(state: &AppState) -> Result<u64, crate::error::AppError> {
    if state.mailer.is_none() {
        return Ok(0);
    }
    let by = state.today().add_days(crate::domain::agreement::REVIEW_NOTICE_DAYS);
    let due = state.store.reviews_to_remind(by, 500).await.map_err(super::internal("find reviews due"))?;
    let mut sent = 0;
    for carer_id in due {
        if state.store.mark_reminded(carer_id, state.clock.now()).await.map_err(super::internal("mark reminded"))? {
            something_to_look_at(state, carer_id).await;
            sent += 1;
        }
    }
    Ok(sent)
}

/// Emails the carer that there is something to look at, if SMTP is set
/// and they said writing is safe. Never fails the request that caused it:
/// a failure is logged (without the address) and the home page still says so.
pub async fn something_to_look_at(state: &AppState, carer_id: uuid::Uuid) {
    let Some(mailer) = state.mailer.as_ref() else { return };
    let contact = match state.store.hand_off_of(carer_id).await {
        Ok(Some(handoff)) => handoff.contact,
        Ok(None) => return,
        Err(error) => {
            tracing::error!(%error, "could not load the contact details for an email");
            return;
        }
    };
    if !contact.safe_to_write || contact.email.trim().is_empty() {
        tracing::info!(%carer_id, "no email sent: the carer did not say writing is safe");
        return;
    }
    match mailer.send(contact.email.trim(), SUBJECT, &body(&state.settings.public_url)).await {
        Ok(()) => tracing::info!(%carer_id, "emailed the carer that there is something to look at"),
        Err(error) => tracing::error!(%carer_id, %error, "could not email the carer"),
    }
}
