//! Whether the database answers.

use super::{Db, Store};
use crate::store::{Backend, DbError};
use app::ports::{HealthStore, StoreError};
use async_trait::async_trait;
use sqlx::Pool;

/// Runs the smallest query there is.
async fn ping(pool: &Pool<Db>) -> Result<(), DbError> {
    sqlx::query("select 1").execute(pool).await?;
    Ok(())
}

#[async_trait]
impl HealthStore for Store {
    #[tracing::instrument(skip_all)]
    async fn ping(&self) -> Result<(), StoreError> {
        Ok(ping(self.reader()).await?)
    }
}
