//! Agreeing a plan: sending it to the carer, comments, signing, reviews.

use super::{Conn, Db, Store};
use crate::store::error::{record, records};
use crate::store::rows::{self, AgreedPlanRow, AgreementRow, CommentRow, PlanRow};
use crate::store::{Backend, DbError};
use app::domain::agreement::{self, AgreedPlan, Agreement, Comment};
use app::domain::calendar::Day;
use app::domain::plan::Plan;
use app::ports::{AgreementStore, Signing, StoreError, Timestamp};
use async_trait::async_trait;
use sqlx::{AssertSqlSafe, Pool};
use uuid::Uuid;

/// Adds one comment inside a transaction that has already written (so no
/// other comment on the plan can take the same place).
async fn insert_comment(tx: &mut Conn, carer: Uuid, comment: &Comment) -> Result<(), DbError> {
    sqlx::query(
        "insert into plan_comments (comment_id, carer_id, sequence, author_role, author_name, body, written_at) \
         select $1, $2, coalesce(max(sequence), 0) + 1, $3, $4, $5, $6 from plan_comments where carer_id = $2",
    )
    .bind(comment.id.to_string())
    .bind(carer.to_string())
    .bind(comment.author_role.as_str())
    .bind(&comment.author_name)
    .bind(&comment.body)
    .bind(comment.written_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn agreement_of(pool: &Pool<Db>, carer_id: Uuid) -> Result<Option<Agreement>, DbError> {
    let row: Option<AgreementRow> =
        sqlx::query_as(AssertSqlSafe(format!("select {} from agreements a where a.carer_id = $1", rows::AGREEMENT_COLUMNS)))
            .bind(carer_id.to_string())
            .fetch_optional(pool)
            .await?;
    record(row)
}

async fn comments(pool: &Pool<Db>, carer_id: Uuid) -> Result<Vec<Comment>, DbError> {
    let rows: Vec<CommentRow> = sqlx::query_as(
        "select comment_id, author_role, author_name, body, written_at from plan_comments \
         where carer_id = $1 order by sequence",
    )
    .bind(carer_id.to_string())
    .fetch_all(pool)
    .await?;
    records(rows)
}

async fn send_for_signing(
    writer: &Pool<Db>,
    carer_id: Uuid,
    version: i64,
    review_on: Day,
    answer: Option<&Comment>,
    now: Timestamp,
) -> Result<bool, DbError> {
    let mut tx = writer.begin().await?;
    // The first send inserts the row; after that the version sent must be
    // the one stored, and the plan not with the carer already. (`where
    // true` keeps SQLite from reading `on` as a join.)
    let sent = sqlx::query(
        "insert into agreements (carer_id, stage, version, review_on, sent_at, first_sent_at, agreed_at, review_asked_on, updated_at) \
         select $1, 'sent', 1, $2, $3, $3, null, null, $3 where true \
         on conflict (carer_id) do update set stage = 'sent', version = agreements.version + 1, \
         review_on = excluded.review_on, sent_at = excluded.sent_at, updated_at = excluded.updated_at \
         where agreements.version = $4 and agreements.stage <> 'sent'",
    )
    .bind(carer_id.to_string())
    .bind(review_on.iso())
    .bind(now)
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if sent != 1 {
        return Ok(false);
    }
    if let Some(answer) = answer {
        insert_comment(&mut tx, carer_id, answer).await?;
    }
    tx.commit().await?;
    Ok(true)
}

async fn comment_on_plan(writer: &Pool<Db>, carer_id: Uuid, version: i64, comment: &Comment) -> Result<bool, DbError> {
    let mut tx = writer.begin().await?;
    let moved = sqlx::query(
        "update agreements set stage = 'commented', version = version + 1, updated_at = $1 \
         where carer_id = $2 and version = $3 and stage = 'sent'",
    )
    .bind(comment.written_at)
    .bind(carer_id.to_string())
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved != 1 {
        return Ok(false);
    }
    insert_comment(&mut tx, carer_id, comment).await?;
    tx.commit().await?;
    Ok(true)
}

async fn sign_plan(
    writer: &Pool<Db>,
    carer_id: Uuid,
    version: i64,
    fingerprint: &str,
    id: Uuid,
    now: Timestamp,
) -> Result<Signing, DbError> {
    let mut tx = writer.begin().await?;
    // The stage first (a write, so nothing can be saved into the plan
    // between the fingerprint check and the snapshot), and only while the
    // plan is still with its worker.
    let signed = sqlx::query(
        "update agreements set stage = 'agreed', version = version + 1, agreed_at = $1, \
         review_asked_on = null, review_reminded_at = null, updated_at = $1 \
         where carer_id = $2 and version = $3 and stage = 'sent' \
         and exists (select 1 from handoffs h where h.carer_id = $2 and h.status = 'allocated')",
    )
    .bind(now)
    .bind(carer_id.to_string())
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if signed != 1 {
        return Ok(Signing::NotWaiting);
    }
    let rows: Vec<PlanRow> = sqlx::query_as(
        "select record_key, version, fields, created_at, updated_at from plan_records \
         where carer_id = $1 order by record_key",
    )
    .bind(carer_id.to_string())
    .fetch_all(&mut *tx)
    .await?;
    let plan = agreement::agreed_part(&Plan { records: records(rows)? });
    let (review_on, worker_name): (Option<String>, String) = sqlx::query_as(
        "select a.review_on, coalesce(w.display_name, '') from agreements a \
         join handoffs h on h.carer_id = a.carer_id left join users w on w.user_id = h.worker_id \
         where a.carer_id = $1",
    )
    .bind(carer_id.to_string())
    .fetch_one(&mut *tx)
    .await?;
    let review_on = review_on.ok_or_else(|| StoreError::Other("a sent plan has no review date".into()))?;
    let review_day = Day::parse(&review_on).ok_or_else(|| StoreError::Other("unreadable review date".into()))?;
    // The plan and the review date the carer's page showed, or nothing is signed.
    if agreement::fingerprint(&plan, Some(review_day)) != fingerprint {
        // Dropping the transaction puts the stage back.
        return Ok(Signing::Changed);
    }
    sqlx::query(
        "insert into agreed_plans (agreed_plan_id, carer_id, agreed_at, review_on, worker_name, records) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_string())
    .bind(carer_id.to_string())
    .bind(now)
    .bind(&review_on)
    .bind(&worker_name)
    .bind(rows::encode_records(&plan.records)?)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Signing::Signed(AgreedPlan { id, agreed_at: now, review_on: review_day, worker_name, plan }))
}

async fn agreed_plans(pool: &Pool<Db>, carer_id: Uuid) -> Result<Vec<AgreedPlan>, DbError> {
    let rows: Vec<AgreedPlanRow> = sqlx::query_as(
        "select agreed_plan_id, agreed_at, review_on, worker_name, records from agreed_plans \
         where carer_id = $1 order by agreed_at desc, agreed_plan_id",
    )
    .bind(carer_id.to_string())
    .fetch_all(pool)
    .await?;
    records(rows)
}

async fn ask_for_review(writer: &Pool<Db>, carer_id: Uuid, day: Day) -> Result<bool, DbError> {
    let marked = sqlx::query(
        "update agreements set review_asked_on = coalesce(review_asked_on, $1) \
         where carer_id = $2 and stage = 'agreed'",
    )
    .bind(day.iso())
    .bind(carer_id.to_string())
    .execute(writer)
    .await?
    .rows_affected();
    Ok(marked == 1)
}

async fn reviews_to_remind(pool: &Pool<Db>, by: Day, limit: u32) -> Result<Vec<Uuid>, DbError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "select a.carer_id from agreements a join handoffs h on h.carer_id = a.carer_id \
         where a.stage = 'agreed' and a.review_on <= $1 and a.review_reminded_at is null \
         and h.status = 'allocated' order by a.review_on limit $2",
    )
    .bind(by.iso())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id,)| Uuid::parse_str(&id).map_err(|_| StoreError::Other("unreadable id".into())))
        .collect::<Result<_, _>>()?)
}

async fn mark_reminded(writer: &Pool<Db>, carer_id: Uuid, now: Timestamp) -> Result<bool, DbError> {
    let marked = sqlx::query("update agreements set review_reminded_at = $1 where carer_id = $2 and review_reminded_at is null")
        .bind(now)
        .bind(carer_id.to_string())
        .execute(writer)
        .await?
        .rows_affected();
    Ok(marked == 1)
}

async fn agreements_of_worker(pool: &Pool<Db>, worker_id: Uuid) -> Result<Vec<Agreement>, DbError> {
    let rows: Vec<AgreementRow> = sqlx::query_as(AssertSqlSafe(format!(
        "select {} from agreements a join handoffs h on h.carer_id = a.carer_id \
         where h.worker_id = $1 and h.status = 'allocated'",
        rows::AGREEMENT_COLUMNS
    )))
    .bind(worker_id.to_string())
    .fetch_all(pool)
    .await?;
    records(rows)
}

#[async_trait]
impl AgreementStore for Store {
    #[tracing::instrument(skip_all)]
    async fn agreement_of(&self, carer_id: Uuid) -> Result<Option<Agreement>, StoreError> {
        Ok(agreement_of(self.reader(), carer_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn comments(&self, carer_id: Uuid) -> Result<Vec<Comment>, StoreError> {
        Ok(comments(self.reader(), carer_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn send_for_signing(
        &self,
        carer_id: Uuid,
        version: i64,
        review_on: Day,
        answer: Option<&Comment>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        Ok(send_for_signing(self.writer(), carer_id, version, review_on, answer, now).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn comment_on_plan(&self, carer_id: Uuid, version: i64, comment: &Comment) -> Result<bool, StoreError> {
        Ok(comment_on_plan(self.writer(), carer_id, version, comment).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn sign_plan(&self, carer_id: Uuid, version: i64, fingerprint: &str, id: Uuid, now: Timestamp) -> Result<Signing, StoreError> {
        Ok(sign_plan(self.writer(), carer_id, version, fingerprint, id, now).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn agreed_plans(&self, carer_id: Uuid) -> Result<Vec<AgreedPlan>, StoreError> {
        Ok(agreed_plans(self.reader(), carer_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn ask_for_review(&self, carer_id: Uuid, day: Day) -> Result<bool, StoreError> {
        Ok(ask_for_review(self.writer(), carer_id, day).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn reviews_to_remind(&self, by: Day, limit: u32) -> Result<Vec<Uuid>, StoreError> {
        Ok(reviews_to_remind(self.reader(), by, limit).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn mark_reminded(&self, carer_id: Uuid, now: Timestamp) -> Result<bool, StoreError> {
        Ok(mark_reminded(self.writer(), carer_id, now).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn agreements_of_worker(&self, worker_id: Uuid) -> Result<Vec<Agreement>, StoreError> {
        Ok(agreements_of_worker(self.reader(), worker_id).await?)
    }
}
