//! Agreeing a plan over the wire: the worker sends it to the carer; the
//! carer reads where it stands, comments or signs, and reads any plan they
//! signed beside the plan now.

use crate::error::AppError;
use crate::views::agreement::{AgreedView, CarerAgreement};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::context::{self, fail};
#[cfg(feature = "ssr")]
use crate::services::agreement as service;

/// Where agreeing the signed-in carer's plan stands.
#[server(endpoint = "/agreement", input = Json)]
pub async fn my_agreement() -> Result<CarerAgreement, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::mine(&state, me.as_ref()).await.map_err(fail)
}

/// The carer signs the plan and the review date they read (`fingerprint`)
/// at `version`; the review date, readable.
#[server(endpoint = "/agreement/sign", input = Json)]
pub async fn sign_plan(
    /// Where agreeing stood when the carer opened the page, so a step from an old page is refused.
    version: i64,
    /// A short fingerprint of the plan and review date the carer read, so nothing changed since can be signed unseen.
    fingerprint: String,
) -> Result<String, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::sign(&state, me.as_ref(), version, &fingerprint).await.map_err(fail)
}

/// The carer sends a comment back instead of signing.
#[server(endpoint = "/agreement/comment", input = Json)]
pub async fn comment_on_plan(
    /// Where agreeing stood when the carer opened the page, so a step from an old page is refused.
    version: i64,
    /// What the carer wants changed or asks about.
    comment: String,
) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::comment(&state, me.as_ref(), version, &comment).await.map_err(fail)
}

/// One plan the carer signed, beside the plan now.
#[server(endpoint = "/agreement/agreed", input = Json)]
pub async fn agreed_plan(
    /// Which of the carer's signed plans to show.
    id: uuid::Uuid,
) -> Result<AgreedView, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::agreed(&state, me.as_ref(), id).await.map_err(fail)
}

/// The allocated worker sends the plan to the carer to check and sign.
#[server(endpoint = "/worker/send", input = Json)]
pub async fn send_to_carer(
    /// The carer whose plan the worker sends.
    carer_id: uuid::Uuid,
    /// Where agreeing stood when the worker opened the page, so a step from an old page is refused.
    version: i64,
    /// The date the worker chose to review the plan by; blank for the default date.
    review_on: String,
    /// The worker's answer to the carer's comment: needed when the carer commented, otherwise may be empty.
    answer: String,
) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::send(&state, me.as_ref(), carer_id, version, &review_on, &answer).await.map_err(fail)
}
