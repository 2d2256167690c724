//! Referral to social work over the wire: the carer's share to social
//! work, the worker's referral and its package, the managers' list of
//! referrals made under a legal reason.

use crate::error::AppError;
use crate::views::referral::{LegalReferralRow, ReferralPackage};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::context::{self, fail};
#[cfg(feature = "ssr")]
use crate::services::referral as service;

/// The carer shares sections of their plan with social work.
#[server(endpoint = "/sharing/social-work", input = Json)]
pub async fn share_with_social_work(
    /// The sections the carer shares, by id (for example "about-me").
    sections: Vec<String>,
) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::give_to_social_work(&state, me.as_ref(), &sections).await.map_err(fail)
}

/// The allocated worker refers sections of a plan to social work; the referral's id.
#[server(endpoint = "/worker/refer", input = Json)]
pub async fn refer(
    /// The carer whose plan is referred.
    carer_id: uuid::Uuid,
    /// The sections referred, by id; each must be one the carer shares with the worker.
    sections: Vec<String>,
    /// The justification, when the referral is made under a legal reason
    /// rather than on the carer's share to social work; `None` otherwise.
    legal_reason: Option<String>,
) -> Result<uuid::Uuid, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::refer(&state, me.as_ref(), carer_id, &sections, legal_reason.as_deref()).await.map_err(fail)
}

/// Opens a referral package (logged).
#[server(endpoint = "/worker/referral", input = Json)]
pub async fn open_referral_package(
    /// The referral whose package is opened.
    id: uuid::Uuid,
) -> Result<ReferralPackage, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::package(&state, me.as_ref(), id).await.map_err(fail)
}

/// Referrals made under a legal reason (managers).
#[server(endpoint = "/manager/referrals", input = Json)]
pub async fn legal_referrals() -> Result<Vec<LegalReferralRow>, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::legal_referrals(&state, me.as_ref()).await.map_err(fail)
}
