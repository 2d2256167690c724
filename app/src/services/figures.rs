//! Anonymous figures for managers: plans started, handed off, picked up and
//! agreed by month, the terminal-illness clocks met and missed, and the
//! median working days from hand-off to agreement. Small numbers are hidden
//! (see `domain::figures`), so no carer can be picked out.

use super::access::require_manager;
use super::{AppState, internal};
use crate::domain::figures::{self, MonthFigures};
use crate::error::AppError;
use crate::views::accounts::UserView;

/// How many months the figures page and its CSV cover.
pub const MONTHS: u32 = 12;

/// The last twelve months' figures, oldest first: managers only.
#[tracing::instrument(skip_all)]
pub async fn monthly(state: &AppState, actor: Option<&UserView>) -> Result<Vec<MonthFigures>, AppError> {
    require_manager(actor)?;
    let plans = state.store.plan_days().await.map_err(internal("load figures"))?;
    Ok(figures::monthly(&plans, state.today(), &state.holidays, MONTHS))
}

/// The same figures as a CSV file.
pub async fn csv(state: &AppState, actor: Option<&UserView>) -> Result<String, AppError> {
    Ok(figures::to_csv(&monthly(state, actor).await?))
}
