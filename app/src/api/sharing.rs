//! The carer's consent and hand-off over the wire: what they share and
//! with whom, every look at their plan, handing off, changing, withdrawing.

use crate::domain::plan::SaveOutcome;
use crate::error::AppError;
use crate::views::accounts::UserView;
use crate::views::sharing::{PlanState, ReceiptView, SharingView};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::context::{self, fail};
#[cfg(feature = "ssr")]
use crate::services::sharing as service;

/// The carer's shares, hand-off, and one page of their consent records and
/// of who has seen the plan: the newest, or those older than the places
/// given (as a page's "older" links name them; a place that cannot be read
/// gives the newest page).
#[server(endpoint = "/sharing", input = Json)]
pub async fn sharing(
    /// Show consent records older than this place; `None` for the newest.
    history_before: Option<String>,
    /// Show looks at the plan older than this place; `None` for the newest.
    seen_before: Option<String>,
) -> Result<SharingView, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    let pages = service::HistoryPages::from_places(history_before.as_deref(), seen_before.as_deref());
    service::page(&state, me.as_ref(), &pages).await.map_err(fail)
}

/// Where the carer's plan stands (for the home page).
#[server(endpoint = "/sharing/state", input = Json)]
pub async fn where_plan_stands() -> Result<PlanState, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::where_it_stands(&state, me.as_ref()).await.map_err(fail)
}

/// Saves which sections the carer chose on the first hand-off question.
#[server(endpoint = "/sharing/choose", input = Json)]
pub async fn choose_sections(
    /// The version of the carer's hand-off answers the page started from (0: not saved yet).
    version: i64,
    /// The sections the carer chose to share, by id.
    sections: Vec<String>,
) -> Result<SaveOutcome, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::choose_sections(&state, me.as_ref(), version, &sections).await.map_err(fail)
}

/// "Send": hands the plan to the carers' centre as checked at `version`.
#[server(endpoint = "/sharing/hand-off", input = Json)]
pub async fn hand_off(
    /// The version of the hand-off answers the carer checked, so answers changed elsewhere are not sent unseen.
    version: i64,
) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::hand_off(&state, me.as_ref(), version).await.map(|_| ()).map_err(fail)
}

/// Changes which sections the current share covers.
#[server(endpoint = "/sharing/change", input = Json)]
pub async fn change_sections(
    /// The share to change.
    share_id: uuid::Uuid,
    /// The place of the share's latest record the carer saw, so a step from an old page is refused.
    sequence: i64,
    /// The sections the share now covers, by id.
    sections: Vec<String>,
) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::change_sections(&state, me.as_ref(), share_id, sequence, &sections).await.map_err(fail)
}

/// Withdraws the current share.
#[server(endpoint = "/sharing/withdraw", input = Json)]
pub async fn withdraw(
    /// The share to withdraw.
    share_id: uuid::Uuid,
    /// The place of the share's latest record the carer saw, so a step from an old page is refused.
    sequence: i64,
) -> Result<(), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::withdraw(&state, me.as_ref(), share_id, sequence).await.map_err(fail)
}

/// One consent record, for its printable receipt.
#[server(endpoint = "/sharing/receipt", input = Json)]
pub async fn consent_receipt(
    /// The consent record to print.
    id: uuid::Uuid,
) -> Result<(UserView, ReceiptView), AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    service::receipt_page(&state, me.as_ref(), id).await.map_err(fail)
}
