//! Deleting a carer's data: requests, holds, and the erasure itself.

use super::sharing::apply_consent;
use super::{Conn, Db, Store};
use crate::store::error::{other, record, wrote_one};
use crate::store::rows::{self, DeletionRequestRow, NamedDeletionRow, PlanDaysRow};
use crate::store::{Backend, DbError};
use app::domain::calendar::{self, Day};
use app::domain::deletion::{DeletionRequest, Hold};
use app::domain::figures::PlanDays;
use app::domain::sharing::ConsentRecord;
use app::ports::{DeletionStore, StoreError, Timestamp};
use async_trait::async_trait;
use sqlx::{AssertSqlSafe, Pool};
use uuid::Uuid;

/// Keeps what the figures need of one carer's plan, inside a transaction
/// that is about to delete it: its days, as an anonymous tombstone with
/// nothing that leads back to the carer.
async fn bury(tx: &mut Conn, carer: Uuid) -> Result<(), DbError> {
    let row: PlanDaysRow = sqlx::query_as(AssertSqlSafe(format!("{} where u.user_id = $1", rows::PLAN_DAYS_SELECT)))
        .bind(carer.to_string())
        .fetch_one(&mut *tx)
        .await?;
    let days: PlanDays = row.into();
    if days != PlanDays::default() {
        let json = serde_json::to_string(&days).map_err(other)?;
        sqlx::query("insert into erased_plans (days) values ($1)").bind(json).execute(&mut *tx).await?;
    }
    Ok(())
}

async fn deletion_request(pool: &Pool<Db>, carer_id: Uuid) -> Result<Option<DeletionRequest>, DbError> {
    let row: Option<DeletionRequestRow> =
        sqlx::query_as(AssertSqlSafe(format!("select {} from deletion_requests d where d.carer_id = $1", rows::DELETION_COLUMNS)))
            .bind(carer_id.to_string())
            .fetch_optional(pool)
            .await?;
    record(row)
}

async fn deletion_requests(pool: &Pool<Db>) -> Result<Vec<(DeletionRequest, String)>, DbError> {
    let rows: Vec<NamedDeletionRow> = sqlx::query_as(AssertSqlSafe(format!(
        "select {}, u.display_name as carer_name from deletion_requests d join users u on u.user_id = d.carer_id \
         order by d.due_on, d.requested_at, d.carer_id",
        rows::DELETION_COLUMNS
    )))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| Ok((row.request.try_into()?, row.carer_name))).collect::<Result<_, StoreError>>()?)
}

async fn request_deletion(writer: &Pool<Db>, request: &DeletionRequest, withdrawals: &[ConsentRecord]) -> Result<bool, DbError> {
    let mut tx = writer.begin().await?;
    let asked =
        sqlx::query("insert into deletion_requests (carer_id, requested_at, due_on, status, version) values ($1, $2, $3, 'requested', 1)")
            .bind(request.carer_id.to_string())
            .bind(request.requested_at)
            .bind(request.due_on.iso())
            .execute(&mut *tx)
            .await;
    if !wrote_one(asked.map(|d| d.rows_affected()))? {
        return Ok(false);
    }
    for consent in withdrawals {
        if !apply_consent(&mut tx, request.carer_id, consent, None, true).await? {
            return Ok(false);
        }
    }
    tx.commit().await?;
    Ok(true)
}

async fn set_hold(writer: &Pool<Db>, carer_id: Uuid, version: i64, hold: &Hold) -> Result<bool, DbError> {
    let done = sqlx::query(
        "update deletion_requests set status = 'held', hold_ground = $1, hold_note = $2, hold_review_on = $3, \
         held_at = $4, held_by = $5, released_at = null, version = version + 1 \
         where carer_id = $6 and version = $7 and status <> 'erasing'",
    )
    .bind(hold.ground.as_str())
    .bind(&hold.note)
    .bind(hold.review_on.iso())
    .bind(hold.held_at)
    .bind(&hold.held_by)
    .bind(carer_id.to_string())
    .bind(version)
    .execute(writer)
    .await?;
    Ok(done.rows_affected() == 1)
}

async fn release_hold(writer: &Pool<Db>, carer_id: Uuid, version: i64, released_at: Timestamp, due_on: Day) -> Result<bool, DbError> {
    let done = sqlx::query(
        "update deletion_requests set status = 'requested', hold_ground = null, hold_note = null, \
         hold_review_on = null, held_at = null, held_by = null, released_at = $1, due_on = $2, \
         version = version + 1 \
         where carer_id = $3 and version = $4 and status = 'held'",
    )
    .bind(released_at)
    .bind(due_on.iso())
    .bind(carer_id.to_string())
    .bind(version)
    .execute(writer)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// In one transaction; the caller compacts after it commits.
async fn delete_unshared_plan(writer: &Pool<Db>, carer_id: Uuid) -> Result<bool, DbError> {
    let mut tx = writer.begin().await?;
    // A marker first (a write, so no share can be given between the check
    // and the deletion), only if nothing was ever shared.
    let marked = sqlx::query(
        "insert into deletion_requests (carer_id, requested_at, due_on, status, version) \
         select $1, 0, '1970-01-01', 'erasing', 1 \
         where not exists (select 1 from consent_records where carer_id = $1)",
    )
    .bind(carer_id.to_string())
    .execute(&mut *tx)
    .await;
    if !wrote_one(marked.map(|d| d.rows_affected()))? {
        return Ok(false);
    }
    bury(&mut tx, carer_id).await?;
    for sql in ["delete from plan_records where carer_id = $1", "delete from deletion_requests where carer_id = $1"] {
        sqlx::query(sql).bind(carer_id.to_string()).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(true)
}

async fn begin_erasure(writer: &Pool<Db>, carer_id: Uuid, version: Option<i64>, now: Timestamp) -> Result<bool, DbError> {
    let mut tx = writer.begin().await?;
    let marked = match version {
        Some(version) => {
            sqlx::query(
                "update deletion_requests set status = 'erasing', version = version + 1 \
                 where carer_id = $1 and version = $2 and status = 'requested'",
            )
            .bind(carer_id.to_string())
            .bind(version)
            .execute(&mut *tx)
            .await
        }
        None => {
            sqlx::query(
                "insert into deletion_requests (carer_id, requested_at, due_on, status, version) \
                 select $1, $2, $3, 'erasing', 1 \
                 where not exists (select 1 from consent_records where carer_id = $1)",
            )
            .bind(carer_id.to_string())
            .bind(now)
            .bind(calendar::uk_day(now).iso())
            .execute(&mut *tx)
            .await
        }
    };
    if !wrote_one(marked.map(|d| d.rows_affected()))? {
        return Ok(false);
    }
    // Their sessions end with the first step: from the next request nobody
    // is signed in as them while the rest goes. Each browser that held one
    // is told to forget its drafts when it comes back.
    sqlx::query("insert into erased_sessions (token_hash, erased_at) select token_hash, $2 from sessions where user_id = $1")
        .bind(carer_id.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from sessions where user_id = $1").bind(carer_id.to_string()).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// In one transaction; the caller compacts after it commits.
async fn finish_erasure(writer: &Pool<Db>, carer_id: Uuid, account_key: &str) -> Result<bool, DbError> {
    let mut tx = writer.begin().await?;
    let begun = sqlx::query("update deletion_requests set version = version + 1 where carer_id = $1 and status = 'erasing'")
        .bind(carer_id.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if begun != 1 {
        return Ok(false);
    }
    bury(&mut tx, carer_id).await?;
    sqlx::query("delete from failed_sign_ins where account_key = $1").bind(account_key).execute(&mut *tx).await?;
    // Every other row about the carer hangs from their account (`on delete
    // cascade`): sessions, invitations, plan records (their worker's too),
    // consent records, the hand-off and its allocation events, the access
    // log, agreements, comments, agreed plans, referrals and this request.
    sqlx::query("delete from users where user_id = $1 and role = 'carer'").bind(carer_id.to_string()).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

async fn erasures_pending(pool: &Pool<Db>) -> Result<Vec<Uuid>, DbError> {
    let rows: Vec<(String,)> = sqlx::query_as("select carer_id from deletion_requests where status = 'erasing'").fetch_all(pool).await?;
    rows.into_iter().map(|(id,)| Uuid::parse_str(&id).map_err(other)).collect()
}

#[async_trait]
impl DeletionStore for Store {
    #[tracing::instrument(skip_all)]
    async fn deletion_request(&self, carer_id: Uuid) -> Result<Option<DeletionRequest>, StoreError> {
        Ok(deletion_request(self.reader(), carer_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn deletion_requests(&self) -> Result<Vec<(DeletionRequest, String)>, StoreError> {
        Ok(deletion_requests(self.reader()).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn request_deletion(&self, request: &DeletionRequest, withdrawals: &[ConsentRecord]) -> Result<bool, StoreError> {
        Ok(request_deletion(self.writer(), request, withdrawals).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn set_hold(&self, carer_id: Uuid, version: i64, hold: &Hold) -> Result<bool, StoreError> {
        Ok(set_hold(self.writer(), carer_id, version, hold).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn release_hold(&self, carer_id: Uuid, version: i64, released_at: Timestamp, due_on: Day) -> Result<bool, StoreError> {
        Ok(release_hold(self.writer(), carer_id, version, released_at, due_on).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn delete_unshared_plan(&self, carer_id: Uuid) -> Result<bool, StoreError> {
        let deleted = delete_unshared_plan(self.writer(), carer_id).await?;
        if deleted {
            self.compact_after_erasure().await;
        }
        Ok(deleted)
    }

    #[tracing::instrument(skip_all)]
    async fn begin_erasure(&self, carer_id: Uuid, version: Option<i64>, now: Timestamp) -> Result<bool, StoreError> {
        Ok(begin_erasure(self.writer(), carer_id, version, now).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn finish_erasure(&self, carer_id: Uuid, account_key: &str) -> Result<bool, StoreError> {
        let finished = finish_erasure(self.writer(), carer_id, account_key).await?;
        if finished {
            self.compact_after_erasure().await;
        }
        Ok(finished)
    }

    #[tracing::instrument(skip_all)]
    async fn erasures_pending(&self) -> Result<Vec<Uuid>, StoreError> {
        Ok(erasures_pending(self.reader()).await?)
    }
}
