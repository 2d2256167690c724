//! The anonymous figures: every plan reduced to the days things happened.

use super::{Db, Store};
use crate::store::error::other;
use crate::store::rows::{self, PlanDaysRow};
use crate::store::{Backend, DbError};
use app::domain::figures::PlanDays;
use app::ports::{FiguresStore, StoreError};
use async_trait::async_trait;
use sqlx::{AssertSqlSafe, Pool};

async fn plan_days(pool: &Pool<Db>) -> Result<Vec<PlanDays>, DbError> {
    let rows: Vec<PlanDaysRow> =
        sqlx::query_as(AssertSqlSafe(format!("{} where u.role = 'carer'", rows::PLAN_DAYS_SELECT))).fetch_all(pool).await?;
    // Erased carers still count, from what their tombstones kept.
    let buried: Vec<(String,)> = sqlx::query_as("select days from erased_plans").fetch_all(pool).await?;
    let mut days: Vec<PlanDays> = rows.into_iter().map(Into::into).collect();
    for (json,) in buried {
        days.push(serde_json::from_str(&json).map_err(other)?);
    }
    Ok(days)
}

#[async_trait]
impl FiguresStore for Store {
    #[tracing::instrument(skip_all)]
    async fn plan_days(&self) -> Result<Vec<PlanDays>, StoreError> {
        Ok(plan_days(self.reader()).await?)
    }
}
