//! Referral to social work over the wire: the carer's share to social
//! work, the worker's referral and its package, the managers' list of
//! referrals made under a legal reason.

use crate::domain::plan::Plan;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::context::{self, fail};
#[cfg(feature = "ssr")]
use crate::services::referral as service;

/// One referral, as the carer, its worker or a manager reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralView {
    /// The referral.
    pub id: uuid::Uuid,
    /// When, readable.
    pub referred_at: String,
    /// The worker who referred.
    pub by: String,
    /// Titles of the sections referred.
    pub sections: Vec<String>,
    /// The justification, when made under a legal reason.
    pub legal_reason: Option<String>,
    /// When the carer withdrew the share it rested on, readable.
    pub withdrawn_at: Option<String>,
}

/// A referral package, to print or download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralPackage {
    /// Whose plan.
    pub carer_id: uuid::Uuid,
    /// Their chosen name.
    pub carer_name: String,
    /// The referral.
    pub referral: ReferralView,
    /// The ids of the sections referred.
    pub section_ids: Vec<String>,
    /// Exactly the records referred, as sent.
    pub plan: Plan,
    /// The framework, for titles.
    #[serde(with = "crate::framework::shared")]
    pub framework: crate::framework::Shared,
}

/// One referral made under a legal reason, for managers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalReferralRow {
    /// The carer's chosen name.
    pub carer_name: String,
    /// The referral, with its justification.
    pub referral: ReferralView,
}

/// The carer shares sections of their plan with social work.
#[server(endpoint = "/sharing/social-work", input = Json)]
pub async fn share_with_social_work(sections: Vec<String>) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::give_to_social_work(&state, me.as_ref(), &sections).await.map_err(fail)
}

/// The allocated worker refers sections of a plan to social work; the referral's id.
#[server(endpoint = "/worker/refer", input = Json)]
pub async fn refer(carer_id: uuid::Uuid, sections: Vec<String>, legal_reason: Option<String>) -> Result<uuid::Uuid, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::refer(&state, me.as_ref(), carer_id, &sections, legal_reason.as_deref()).await.map_err(fail)
}

/// Opens a referral package (logged).
#[server(endpoint = "/worker/referral", input = Json)]
pub async fn open_referral_package(id: uuid::Uuid) -> Result<ReferralPackage, AppError> {
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
