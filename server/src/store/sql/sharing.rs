//! A carer's shares: consent records, and the hand-off they bring in step.

use super::{Conn, Db, Store};
use crate::store::error::{record, records};
use crate::store::rows::{self, ConsentRow, HandOffRow, ShareRow};
use crate::store::{Backend, DbError};
use app::domain::plan::{Answer, ImpactLevel};
use app::domain::sharing::{ConsentRecord, HandOff, Older, Recipient, Share};
use app::ports::{SharingStore, StoreError, Timestamp};
use async_trait::async_trait;
use sqlx::{AssertSqlSafe, Pool};
use uuid::Uuid;

/// Adds one consent record inside a transaction; `Duplicate` when its
/// sequence is taken in its share.
async fn insert_consent(tx: &mut Conn, carer: Uuid, consent: &ConsentRecord) -> Result<(), DbError> {
    sqlx::query(
        "insert into consent_records (consent_record_id, carer_id, share_id, sequence, recipient, change, \
         sections, purpose, wording, recorded_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(consent.id.to_string())
    .bind(carer.to_string())
    .bind(consent.share_id.to_string())
    .bind(consent.sequence)
    .bind(consent.recipient.as_str())
    .bind(consent.change.as_str())
    .bind(&consent.sections)
    .bind(&consent.purpose)
    .bind(&consent.wording)
    .bind(consent.recorded_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Adds one consent record to a share that is not withdrawn inside a
/// transaction, and brings its hand-off in step (the sections shared now,
/// and whether it is withdrawn). `Ok(false)`, with nothing more written,
/// when the record's sequence is taken (someone changed the share first)
/// or the share was withdrawn: the caller then drops the transaction.
pub(super) async fn apply_consent(
    tx: &mut Conn,
    carer: Uuid,
    consent: &ConsentRecord,
    top_impact: Option<i64>,
    withdraw: bool,
) -> Result<bool, DbError> {
    match insert_consent(tx, carer, consent).await {
        Ok(()) => {}
        Err(error) if error.is_duplicate() => return Ok(false),
        Err(other) => return Err(other),
    }
    if consent.recipient != Recipient::Centre {
        // A share to social work puts nothing in the queue; withdrawing
        // it withdraws every referral sent on the strength of it.
        if withdraw {
            sqlx::query("update referrals set withdrawn_at = $1 where share_id = $2 and withdrawn_at is null")
                .bind(consent.recorded_at)
                .bind(consent.share_id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        return Ok(true);
    }
    // A withdrawn plan keeps its worker named, so their caseload can say
    // consent was withdrawn; every read checks the status.
    let done = sqlx::query(
        "update handoffs set sections = $1, top_impact = coalesce($2, top_impact), \
         status = case when $3 then 'withdrawn' else status end, \
         withdrawn_at = case when $3 then $4 else withdrawn_at end \
         where carer_id = $5 and share_id = $6 and status <> 'withdrawn'",
    )
    .bind(&consent.sections)
    .bind(top_impact)
    .bind(withdraw)
    .bind(consent.recorded_at)
    .bind(carer.to_string())
    .bind(consent.share_id.to_string())
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Adds a consent record to a share that is not withdrawn, and brings its
/// hand-off in step, in one transaction (see [`apply_consent`]). False,
/// with nothing written, otherwise.
async fn append_consent(
    writer: &Pool<Db>,
    carer: Uuid,
    consent: &ConsentRecord,
    top_impact: Option<i64>,
    withdraw: bool,
) -> Result<bool, DbError> {
    let mut tx = writer.begin().await?;
    if !apply_consent(&mut tx, carer, consent, top_impact, withdraw).await? {
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

async fn hand_off(writer: &Pool<Db>, consent: &ConsentRecord, handoff: &HandOff) -> Result<bool, DbError> {
    let mut tx = writer.begin().await?;
    insert_consent(&mut tx, handoff.carer_id, consent).await?;
    // A carer has one hand-off row: a new share replaces it only when the
    // last one was withdrawn.
    let written = sqlx::query(
        "insert into handoffs (carer_id, share_id, status, sections, handed_off_at, identified_on, \
         terminal, urgent, top_impact, contact, worker_id, allocated_at, needs_reallocation, withdrawn_at, \
         next_due_on) \
         values ($1, $2, 'waiting', $3, $4, $5, $6, $7, $8, $9, null, null, false, null, $10) \
         on conflict (carer_id) do update set share_id = excluded.share_id, status = 'waiting', \
         sections = excluded.sections, handed_off_at = excluded.handed_off_at, \
         identified_on = excluded.identified_on, terminal = excluded.terminal, urgent = excluded.urgent, \
         top_impact = excluded.top_impact, contact = excluded.contact, worker_id = null, \
         allocated_at = null, needs_reallocation = false, withdrawn_at = null, \
         next_due_on = excluded.next_due_on \
         where handoffs.status = 'withdrawn'",
    )
    .bind(handoff.carer_id.to_string())
    .bind(handoff.share_id.to_string())
    .bind(&handoff.sections)
    .bind(handoff.handed_off_at)
    .bind(handoff.identified_on.iso())
    .bind(handoff.terminal.as_str())
    .bind(i64::from(handoff.is_terminal()))
    .bind(rows::impact_rank(handoff.top_impact))
    .bind(rows::encode_contact(&handoff.contact)?)
    // Only a terminal-illness plan has clocks; the queue's order relies on it.
    .bind(handoff.next_due_on.filter(|_| handoff.is_terminal()).map(|d| d.iso()))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if written != 1 {
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

/// A new share that puts no plan in the queue; false when its first record
/// is already there.
async fn give_share(writer: &Pool<Db>, carer: Uuid, consent: &ConsentRecord) -> Result<bool, DbError> {
    let mut tx = writer.begin().await?;
    match insert_consent(&mut tx, carer, consent).await {
        Ok(()) => {}
        Err(error) if error.is_duplicate() => return Ok(false),
        Err(other) => return Err(other),
    }
    tx.commit().await?;
    Ok(true)
}

async fn consent_records(pool: &Pool<Db>, carer_id: Uuid) -> Result<Vec<ConsentRecord>, DbError> {
    let rows: Vec<ConsentRow> = sqlx::query_as(AssertSqlSafe(format!(
        "select {} from consent_records where carer_id = $1 order by recorded_at, sequence",
        rows::CONSENT_COLUMNS
    )))
    .bind(carer_id.to_string())
    .fetch_all(pool)
    .await?;
    records(rows)
}

/// One pass over the carer's records for each share's latest place, then
/// that record by the share's unique index. Current shares first, so a
/// limit never hides one.
async fn shares(pool: &Pool<Db>, carer_id: Uuid, limit: u32) -> Result<Vec<Share>, DbError> {
    let columns = rows::CONSENT_COLUMNS.split(", ").map(|c| format!("c.{c}")).collect::<Vec<_>>().join(", ");
    let rows: Vec<ShareRow> = sqlx::query_as(AssertSqlSafe(format!(
        "select {columns}, g.given_at from \
         (select share_id, min(recorded_at) as given_at, max(sequence) as latest \
          from consent_records where carer_id = $1 group by share_id) g \
         join consent_records c on c.share_id = g.share_id and c.sequence = g.latest \
         order by case when c.change = 'withdrawn' then 1 else 0 end, g.given_at desc, c.share_id \
         limit $2"
    )))
    .bind(carer_id.to_string())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    let mut shares: Vec<Share> = records(rows)?;
    shares.sort_by_key(|s| std::cmp::Reverse((s.given_at, s.latest.recorded_at)));
    Ok(shares)
}

async fn consent_history(pool: &Pool<Db>, carer_id: Uuid, before: Option<&Older>, limit: u32) -> Result<Vec<ConsentRecord>, DbError> {
    // With no place given, everything is older than the end of time.
    let (at, n, id) = match before {
        Some(b) => (b.at, b.n, b.id.map(|id| id.to_string()).unwrap_or_default()),
        None => (i64::MAX, i64::MAX, String::new()),
    };
    let rows: Vec<ConsentRow> = sqlx::query_as(AssertSqlSafe(format!(
        "select {} from consent_records where carer_id = $1 \
         and (recorded_at < $2 or (recorded_at = $2 and (sequence < $3 or (sequence = $3 and consent_record_id < $4)))) \
         order by recorded_at desc, sequence desc, consent_record_id desc limit $5",
        rows::CONSENT_COLUMNS
    )))
    .bind(carer_id.to_string())
    .bind(at)
    .bind(n)
    .bind(id)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    records(rows)
}

async fn consent_record(pool: &Pool<Db>, carer_id: Uuid, record_id: Uuid) -> Result<Option<ConsentRecord>, DbError> {
    let row: Option<ConsentRow> = sqlx::query_as(AssertSqlSafe(format!(
        "select {} from consent_records where consent_record_id = $1 and carer_id = $2",
        rows::CONSENT_COLUMNS
    )))
    .bind(record_id.to_string())
    .bind(carer_id.to_string())
    .fetch_optional(pool)
    .await?;
    record(row)
}

/// A range of the (carer, time) index: at most a day's records.
async fn consent_changes_since(pool: &Pool<Db>, carer_id: Uuid, since: Timestamp) -> Result<(u32, Option<Timestamp>), DbError> {
    let (made, oldest): (i64, Option<i64>) = sqlx::query_as(
        "select count(*), min(recorded_at) from consent_records \
         where carer_id = $1 and recorded_at > $2 and change <> 'withdrawn'",
    )
    .bind(carer_id.to_string())
    .bind(since)
    .fetch_one(pool)
    .await?;
    Ok((u32::try_from(made.max(0)).unwrap_or(u32::MAX), oldest))
}

async fn hand_off_of(pool: &Pool<Db>, carer_id: Uuid) -> Result<Option<HandOff>, DbError> {
    let row: Option<HandOffRow> = sqlx::query_as(AssertSqlSafe(format!("{} where h.carer_id = $1", rows::HANDOFF_SELECT)))
        .bind(carer_id.to_string())
        .fetch_optional(pool)
        .await?;
    record(row)
}

#[async_trait]
impl SharingStore for Store {
    #[tracing::instrument(skip_all)]
    async fn hand_off(&self, consent: &ConsentRecord, handoff: &HandOff) -> Result<bool, StoreError> {
        Ok(hand_off(self.writer(), consent, handoff).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn change_share(&self, carer: Uuid, consent: &ConsentRecord, top_impact: Option<ImpactLevel>) -> Result<bool, StoreError> {
        Ok(append_consent(self.writer(), carer, consent, Some(rows::impact_rank(top_impact)), false).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn withdraw_share(&self, carer: Uuid, consent: &ConsentRecord) -> Result<bool, StoreError> {
        Ok(append_consent(self.writer(), carer, consent, None, true).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn give_share(&self, carer: Uuid, consent: &ConsentRecord) -> Result<bool, StoreError> {
        Ok(give_share(self.writer(), carer, consent).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn consent_records(&self, carer_id: Uuid) -> Result<Vec<ConsentRecord>, StoreError> {
        Ok(consent_records(self.reader(), carer_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn shares(&self, carer_id: Uuid, limit: u32) -> Result<Vec<Share>, StoreError> {
        Ok(shares(self.reader(), carer_id, limit).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn consent_history(&self, carer_id: Uuid, before: Option<&Older>, limit: u32) -> Result<Vec<ConsentRecord>, StoreError> {
        Ok(consent_history(self.reader(), carer_id, before, limit).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn consent_record(&self, carer_id: Uuid, record_id: Uuid) -> Result<Option<ConsentRecord>, StoreError> {
        Ok(consent_record(self.reader(), carer_id, record_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn consent_changes_since(&self, carer_id: Uuid, since: Timestamp) -> Result<(u32, Option<Timestamp>), StoreError> {
        Ok(consent_changes_since(self.reader(), carer_id, since).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn hand_off_of(&self, carer_id: Uuid) -> Result<Option<HandOff>, StoreError> {
        Ok(hand_off_of(self.reader(), carer_id).await?)
    }
}
