//! Someone other than the carer opening their plan, and the log the carer
//! reads.

use super::{Db, Store};
use crate::store::error::records;
use crate::store::rows::{self, AccessRow, HandOffRow, PlanRow};
use crate::store::{Backend, DbError};
use app::domain::plan::PlanRecord;
use app::domain::sharing::{AccessRecord, HandOff, Looked, Older};
use app::ports::{AccessStore, StoreError, Timestamp, Viewer};
use async_trait::async_trait;
use sqlx::{AssertSqlSafe, Pool};
use uuid::Uuid;

async fn open_shared(
    writer: &Pool<Db>,
    carer_id: Uuid,
    viewer: &Viewer,
    what: &Looked,
    now: Timestamp,
    allowed: &(dyn for<'h> Fn(&'h HandOff) -> bool + Send + Sync),
) -> Result<Option<(HandOff, Vec<PlanRecord>)>, DbError> {
    let mut tx = writer.begin().await?;
    // The log row first (a write, so this transaction holds the write lock
    // and no withdrawal can commit between the check and the read), and
    // only while the plan is this viewer's.
    let logged = sqlx::query(
        "insert into access_log (carer_id, viewer_id, viewer_name, viewer_role, what, viewed_at) \
         select h.carer_id, $2, $3, $4, $5, $6 from handoffs h \
         where h.carer_id = $1 and h.worker_id = $2 and h.status = 'allocated'",
    )
    .bind(carer_id.to_string())
    .bind(viewer.id.to_string())
    .bind(&viewer.name)
    .bind(viewer.role.as_str())
    .bind(what.as_stored())
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if logged != 1 {
        return Ok(None);
    }
    let row: HandOffRow = sqlx::query_as(AssertSqlSafe(format!("{} where h.carer_id = $1", rows::HANDOFF_SELECT)))
        .bind(carer_id.to_string())
        .fetch_one(&mut *tx)
        .await?;
    let handoff: HandOff = row.try_into()?;
    if !allowed(&handoff) {
        // Dropping the transaction rolls the log row back.
        return Ok(None);
    }
    let rows: Vec<PlanRow> = sqlx::query_as(
        "select record_key, version, fields, created_at, updated_at from plan_records \
         where carer_id = $1 order by record_key",
    )
    .bind(carer_id.to_string())
    .fetch_all(&mut *tx)
    .await?;
    let plan = records(rows)?;
    tx.commit().await?;
    Ok(Some((handoff, plan)))
}

async fn access_log(pool: &Pool<Db>, carer_id: Uuid) -> Result<Vec<AccessRecord>, DbError> {
    let rows: Vec<AccessRow> = sqlx::query_as(
        "select access_id, viewer_name, viewer_role, what, viewed_at from access_log \
         where carer_id = $1 order by viewed_at desc, access_id desc",
    )
    .bind(carer_id.to_string())
    .fetch_all(pool)
    .await?;
    records(rows)
}

async fn access_history(pool: &Pool<Db>, carer_id: Uuid, before: Option<&Older>, limit: u32) -> Result<Vec<AccessRecord>, DbError> {
    let (at, n) = before.map_or((i64::MAX, i64::MAX), |b| (b.at, b.n));
    let rows: Vec<AccessRow> = sqlx::query_as(
        "select access_id, viewer_name, viewer_role, what, viewed_at from access_log \
         where carer_id = $1 and (viewed_at < $2 or (viewed_at = $2 and access_id < $3)) \
         order by viewed_at desc, access_id desc limit $4",
    )
    .bind(carer_id.to_string())
    .bind(at)
    .bind(n)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    records(rows)
}

#[async_trait]
impl AccessStore for Store {
    #[tracing::instrument(skip_all)]
    async fn open_shared(
        &self,
        carer_id: Uuid,
        viewer: &Viewer,
        what: &Looked,
        now: Timestamp,
        allowed: &(dyn for<'h> Fn(&'h HandOff) -> bool + Send + Sync),
    ) -> Result<Option<(HandOff, Vec<PlanRecord>)>, StoreError> {
        Ok(open_shared(self.writer(), carer_id, viewer, what, now, allowed).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn access_log(&self, carer_id: Uuid) -> Result<Vec<AccessRecord>, StoreError> {
        Ok(access_log(self.reader(), carer_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn access_history(&self, carer_id: Uuid, before: Option<&Older>, limit: u32) -> Result<Vec<AccessRecord>, StoreError> {
        Ok(access_history(self.reader(), carer_id, before, limit).await?)
    }
}
