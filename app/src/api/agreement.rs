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
pub async fn sign_plan(version: i64, fingerprint: String) -> Result<String, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::sign(&state, me.as_ref(), version, &fingerprint).await.map_err(fail)
}

/// The carer sends a comment back instead of signing.
#[server(endpoint = "/agreement/comment", input = Json)]
pub async fn comment_on_plan(version: i64, comment: String) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::comment(&state, me.as_ref(), version, &comment).await.map_err(fail)
}

/// One plan the carer signed, beside the plan now.
#[server(endpoint = "/agreement/agreed", input = Json)]
pub async fn agreed_plan(id: uuid::Uuid) -> Result<AgreedView, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::agreed(&state, me.as_ref(), id).await.map_err(fail)
}

/// The allocated worker sends the plan to the carer to check and sign.
#[server(endpoint = "/worker/send", input = Json)]
pub async fn send_to_carer(carer_id: uuid::Uuid, version: i64, review_on: String, answer: String) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::send(&state, me.as_ref(), carer_id, version, &review_on, &answer).await.map_err(fail)
}
