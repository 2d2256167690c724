//! The queue, and which worker has which plan.

use super::{Conn, Db, Store};
use crate::store::error::records;
use crate::store::rows::{self, HandOffRow};
use crate::store::{Backend, DbError};
use app::domain::sharing::HandOff;
use app::ports::{AllocationStore, PickUp, QUEUE_COUNTED_UP_TO, Queue, StoreError, Timestamp};
use async_trait::async_trait;
use sqlx::{AssertSqlSafe, Pool};
use uuid::Uuid;

/// Adds one allocation event inside a transaction.
pub(super) async fn record_allocation(
    tx: &mut Conn,
    carer: Uuid,
    worker: Option<Uuid>,
    event: &str,
    by: Uuid,
    now: Timestamp,
) -> Result<(), DbError> {
    sqlx::query("insert into allocation_events (carer_id, worker_id, event, by_id, happened_at) values ($1, $2, $3, $4, $5)")
        .bind(carer.to_string())
        .bind(worker.map(|w| w.to_string()))
        .bind(event)
        .bind(by.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

async fn ever_held(pool: &Pool<Db>, carer_id: Uuid, worker_id: Uuid) -> Result<bool, DbError> {
    let (held,): (bool,) = sqlx::query_as("select exists (select 1 from allocation_events where carer_id = $1 and worker_id = $2)")
        .bind(carer_id.to_string())
        .bind(worker_id.to_string())
        .fetch_one(pool)
        .await?;
    Ok(held)
}

async fn queue(pool: &Pool<Db>, limit: u32) -> Result<Queue, DbError> {
    let rows: Vec<HandOffRow> = sqlx::query_as(AssertSqlSafe(format!(
        // The order of `app::domain::sharing::queue_order`, over the whole queue.
        "{} where h.status = 'waiting' \
         order by h.urgent desc, h.next_due_on, h.top_impact desc, h.handed_off_at, h.carer_id limit $1",
        rows::HANDOFF_SELECT
    )))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    let (total,): (i64,) = sqlx::query_as("select count(*) from (select 1 from handoffs where status = 'waiting' limit $1) counted")
        .bind(QUEUE_COUNTED_UP_TO as i64 + 1)
        .fetch_one(pool)
        .await?;
    Ok(Queue { plans: records(rows)?, total: total.max(0) as u64 })
}

async fn caseload(pool: &Pool<Db>, worker_id: Uuid) -> Result<Vec<HandOff>, DbError> {
    let rows: Vec<HandOffRow> = sqlx::query_as(AssertSqlSafe(format!(
        "{} where h.worker_id = $1 and h.status in ('allocated', 'withdrawn') \
         order by h.status, h.urgent desc, h.allocated_at",
        rows::HANDOFF_SELECT
    )))
    .bind(worker_id.to_string())
    .fetch_all(pool)
    .await?;
    records(rows)
}

async fn allocations(pool: &Pool<Db>) -> Result<Vec<HandOff>, DbError> {
    let rows: Vec<HandOffRow> = sqlx::query_as(AssertSqlSafe(format!(
        "{} where h.status = 'allocated' order by w.display_name, h.urgent desc, h.allocated_at",
        rows::HANDOFF_SELECT
    )))
    .fetch_all(pool)
    .await?;
    records(rows)
}

async fn pick_up(pool: &Pool<Db>, writer: &Pool<Db>, carer_id: Uuid, worker_id: Uuid, now: Timestamp) -> Result<PickUp, DbError> {
    let mut tx = writer.begin().await?;
    // One conditional update: of two workers racing, one changes the row
    // and the other changes nothing.
    let taken = sqlx::query(
        "update handoffs set status = 'allocated', worker_id = $1, allocated_at = $2, needs_reallocation = false \
         where carer_id = $3 and status = 'waiting'",
    )
    .bind(worker_id.to_string())
    .bind(now)
    .bind(carer_id.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken == 1 {
        record_allocation(&mut tx, carer_id, Some(worker_id), "picked-up", worker_id, now).await?;
        tx.commit().await?;
        return Ok(PickUp::PickedUp);
    }
    drop(tx);
    let now_with: Option<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "select h.status, h.worker_id, w.display_name from handoffs h \
         left join users w on w.user_id = h.worker_id where h.carer_id = $1",
    )
    .bind(carer_id.to_string())
    .fetch_optional(pool)
    .await?;
    Ok(match now_with {
        // Theirs already (a second press of the button): nothing to change.
        Some((status, Some(id), _)) if status == "allocated" && id == worker_id.to_string() => PickUp::PickedUp,
        Some((status, _, Some(name))) if status == "allocated" => PickUp::AlreadyTaken(name),
        _ => PickUp::NotWaiting,
    })
}

async fn reallocate(writer: &Pool<Db>, carer_id: Uuid, worker_id: Uuid, by: Uuid, now: Timestamp) -> Result<bool, DbError> {
    let mut tx = writer.begin().await?;
    let moved = sqlx::query(
        "update handoffs set status = 'allocated', worker_id = $1, allocated_at = $2, needs_reallocation = false \
         where carer_id = $3 and status in ('waiting', 'allocated') \
         and exists (select 1 from users where user_id = $1 and role = 'worker' and deactivated_at is null)",
    )
    .bind(worker_id.to_string())
    .bind(now)
    .bind(carer_id.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved != 1 {
        return Ok(false);
    }
    record_allocation(&mut tx, carer_id, Some(worker_id), "reallocated", by, now).await?;
    tx.commit().await?;
    Ok(true)
}

#[async_trait]
impl AllocationStore for Store {
    #[tracing::instrument(skip_all)]
    async fn ever_held(&self, carer_id: Uuid, worker_id: Uuid) -> Result<bool, StoreError> {
        Ok(ever_held(self.reader(), carer_id, worker_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn queue(&self, limit: u32) -> Result<Queue, StoreError> {
        Ok(queue(self.reader(), limit).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn caseload(&self, worker_id: Uuid) -> Result<Vec<HandOff>, StoreError> {
        Ok(caseload(self.reader(), worker_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn allocations(&self) -> Result<Vec<HandOff>, StoreError> {
        Ok(allocations(self.reader()).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn pick_up(&self, carer_id: Uuid, worker_id: Uuid, now: Timestamp) -> Result<PickUp, StoreError> {
        Ok(pick_up(self.reader(), self.writer(), carer_id, worker_id, now).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn reallocate(&self, carer_id: Uuid, worker_id: Uuid, by: Uuid, now: Timestamp) -> Result<bool, StoreError> {
        Ok(reallocate(self.writer(), carer_id, worker_id, by, now).await?)
    }
}
