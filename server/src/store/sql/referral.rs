//! Referrals to social work and the packages sent with them.

use super::{Db, Store};
use crate::store::error::{record, records};
use crate::store::rows::{self, NamedReferralRow, ReferralPackageRow, ReferralRow};
use crate::store::{Backend, DbError};
use app::domain::plan::PlanRecord;
use app::domain::referral::Referral;
use app::domain::sharing::Looked;
use app::ports::{ReferralStore, StoreError, Timestamp, Viewer};
use async_trait::async_trait;
use sqlx::{AssertSqlSafe, Pool};
use uuid::Uuid;

async fn refer(
    writer: &Pool<Db>,
    referral: &Referral,
    share_sequence: i64,
    package: &[PlanRecord],
    viewer: &Viewer,
) -> Result<bool, DbError> {
    let mut tx = writer.begin().await?;
    // The referral first, and only while its basis holds: the plan is this
    // worker's, and the share to social work is current and as the worker
    // saw it (or a legal reason is given).
    let written = sqlx::query(
        "insert into referrals (referral_id, carer_id, share_id, sections, legal_reason, referred_by, \
         referred_by_name, referred_at, withdrawn_at, package) \
         select $1, $2, $3, $4, $5, $6, $7, $8, null, $9 \
         where exists (select 1 from handoffs h where h.carer_id = $2 and h.worker_id = $6 and h.status = 'allocated') \
         and ($5 is not null or ( \
           exists (select 1 from consent_records c where c.carer_id = $2 and c.share_id = $3 \
                   and c.recipient = 'social-work' and c.sequence = $10) \
           and not exists (select 1 from consent_records c where c.share_id = $3 \
                   and (c.sequence > $10 or c.change = 'withdrawn'))))",
    )
    .bind(referral.id.to_string())
    .bind(referral.carer_id.to_string())
    .bind(referral.share_id.map(|s| s.to_string()))
    .bind(&referral.sections)
    .bind(referral.legal_reason.as_deref())
    .bind(referral.referred_by.to_string())
    .bind(&referral.referred_by_name)
    .bind(referral.referred_at)
    .bind(rows::encode_records(package)?)
    .bind(share_sequence)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if written != 1 {
        return Ok(false);
    }
    let what = if referral.legal_reason.is_some() { Looked::LegalReferral } else { Looked::Referral };
    sqlx::query(
        "insert into access_log (carer_id, viewer_id, viewer_name, viewer_role, what, viewed_at) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(referral.carer_id.to_string())
    .bind(viewer.id.to_string())
    .bind(&viewer.name)
    .bind(viewer.role.as_str())
    .bind(what.as_stored())
    .bind(referral.referred_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

async fn referrals(pool: &Pool<Db>, carer_id: Uuid) -> Result<Vec<Referral>, DbError> {
    let rows: Vec<ReferralRow> = sqlx::query_as(AssertSqlSafe(format!(
        "select {} from referrals r where r.carer_id = $1 order by r.referred_at desc, r.referral_id",
        rows::REFERRAL_COLUMNS
    )))
    .bind(carer_id.to_string())
    .fetch_all(pool)
    .await?;
    records(rows)
}

async fn referral(pool: &Pool<Db>, referral_id: Uuid) -> Result<Option<Referral>, DbError> {
    let row: Option<ReferralRow> =
        sqlx::query_as(AssertSqlSafe(format!("select {} from referrals r where r.referral_id = $1", rows::REFERRAL_COLUMNS)))
            .bind(referral_id.to_string())
            .fetch_optional(pool)
            .await?;
    record(row)
}

async fn open_referral(
    writer: &Pool<Db>,
    referral_id: Uuid,
    viewer: &Viewer,
    now: Timestamp,
) -> Result<Option<(Referral, Vec<PlanRecord>)>, DbError> {
    let mut tx = writer.begin().await?;
    // The log row first (a write: no withdrawal can commit between the
    // check and the read), only while the referral stands.
    let logged = sqlx::query(
        "insert into access_log (carer_id, viewer_id, viewer_name, viewer_role, what, viewed_at) \
         select r.carer_id, $2, $3, $4, $6, $5 from referrals r \
         join handoffs h on h.carer_id = r.carer_id \
         where r.referral_id = $1 and r.withdrawn_at is null \
         and h.worker_id = $2 and h.status = 'allocated' \
         and (r.legal_reason is not null or not exists ( \
           select 1 from consent_records c where c.share_id = r.share_id and c.change = 'withdrawn'))",
    )
    .bind(referral_id.to_string())
    .bind(viewer.id.to_string())
    .bind(&viewer.name)
    .bind(viewer.role.as_str())
    .bind(now)
    .bind(Looked::ReferralPackage.as_stored())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if logged != 1 {
        return Ok(None);
    }
    let row: ReferralPackageRow =
        sqlx::query_as(AssertSqlSafe(format!("select {}, r.package from referrals r where r.referral_id = $1", rows::REFERRAL_COLUMNS)))
            .bind(referral_id.to_string())
            .fetch_one(&mut *tx)
            .await?;
    let package = rows::decode_package(&row.package)?;
    let referral = row.referral.try_into()?;
    tx.commit().await?;
    Ok(Some((referral, package)))
}

async fn legal_referrals(pool: &Pool<Db>) -> Result<Vec<(Referral, String)>, DbError> {
    let rows: Vec<NamedReferralRow> = sqlx::query_as(AssertSqlSafe(format!(
        "select {}, c.display_name as carer_name from referrals r join users c on c.user_id = r.carer_id \
         where r.legal_reason is not null order by r.referred_at desc, r.referral_id",
        rows::REFERRAL_COLUMNS
    )))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|row| Ok((row.referral.try_into()?, row.carer_name))).collect::<Result<_, StoreError>>()?)
}

#[async_trait]
impl ReferralStore for Store {
    #[tracing::instrument(skip_all)]
    async fn refer(&self, referral: &Referral, share_sequence: i64, package: &[PlanRecord], viewer: &Viewer) -> Result<bool, StoreError> {
        Ok(refer(self.writer(), referral, share_sequence, package, viewer).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn referrals(&self, carer_id: Uuid) -> Result<Vec<Referral>, StoreError> {
        Ok(referrals(self.reader(), carer_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn open_referral(
        &self,
        referral_id: Uuid,
        viewer: &Viewer,
        now: Timestamp,
    ) -> Result<Option<(Referral, Vec<PlanRecord>)>, StoreError> {
        Ok(open_referral(self.writer(), referral_id, viewer, now).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn referral(&self, referral_id: Uuid) -> Result<Option<Referral>, StoreError> {
        Ok(referral(self.reader(), referral_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn legal_referrals(&self) -> Result<Vec<(Referral, String)>, StoreError> {
        Ok(legal_referrals(self.reader()).await?)
    }
}
