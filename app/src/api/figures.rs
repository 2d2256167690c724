//! The managers' anonymous figures over the wire.

use crate::domain::figures::MonthFigures;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::context::{self, fail};

/// The last twelve months' figures, oldest first (managers).
#[server(endpoint = "/manager/figures", input = Json)]
pub async fn monthly_figures() -> Result<Vec<MonthFigures>, AppError> {
    let state = context::state()?;
    let me = context::current_user(&state).await.map_err(fail)?;
    crate::services::figures::monthly(&state, me.as_ref()).await.map_err(fail)
}
