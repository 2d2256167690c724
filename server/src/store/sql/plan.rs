//! A carer's plan, record by record, and the autosave that writes it.

use super::{Conn, Db, Store};
use crate::store::error::{records, wrote_one};
use crate::store::rows::{self, PlanRow};
use crate::store::{Backend, DbError, Save};
use app::domain::plan::{PlanRecord, RecordKey, SaveOutcome};
use app::ports::{PlanStore, StoreError, Timestamp};
use async_trait::async_trait;
use sqlx::{Executor, Pool};
use std::collections::BTreeMap;
use uuid::Uuid;

async fn plan_records(pool: &Pool<Db>, carer_id: Uuid) -> Result<Vec<PlanRecord>, DbError> {
    let rows: Vec<PlanRow> = sqlx::query_as(
        "select record_key, version, fields, created_at, updated_at from plan_records \
         where carer_id = $1 order by created_at, record_key",
    )
    .bind(carer_id.to_string())
    .fetch_all(pool)
    .await?;
    records(rows)
}

/// Where an autosave's statements run, one after another: on the pool
/// (PostgreSQL: each statement on its own) or on one connection (SQLite:
/// inside the transaction of a batch of saves).
pub(crate) trait SaveOn: Send {
    /// The executor for the next statement.
    fn on(&mut self) -> impl Executor<'_, Database = Db>;
}

impl SaveOn for &Pool<Db> {
    fn on(&mut self) -> impl Executor<'_, Database = Db> {
        *self
    }
}

impl SaveOn for &mut Conn {
    fn on(&mut self) -> impl Executor<'_, Database = Db> {
        &mut **self
    }
}

/// Writes one [`Save`] and says how it went. It reads the record; if that
/// is still the base version, one conditional update writes the merged
/// fields and the next version, and refuses if anyone saved in between
/// (every save moves the version on), so nothing another save wrote is
/// ever overwritten. A new record is one insert, which a racing first save
/// refuses. Each write is a single statement, so a save is never half
/// written, on its own or inside a batch.
pub(crate) async fn save_fields(mut on: impl SaveOn, save: &Save) -> Result<SaveOutcome, DbError> {
    // Read, then write; if someone saved in between, the second read says
    // what they saved.
    let mut first = true;
    loop {
        let current: Option<(i64, String)> =
            sqlx::query_as("select version, fields from plan_records where carer_id = $1 and record_key = $2")
                .bind(&save.carer)
                .bind(&save.key)
                .fetch_optional(on.on())
                .await?;
        match current {
            Some((version, stored)) if first && version == save.base_version => {
                let mut fields = rows::decode_fields(&stored)?;
                fields.extend(save.changes.iter().map(|(k, v)| (k.clone(), v.clone())));
                let wrote = sqlx::query(
                    "update plan_records set version = version + 1, updated_at = $1, fields = $2 \
                     where carer_id = $3 and record_key = $4 and version = $5",
                )
                .bind(save.now)
                .bind(rows::encode_fields(&fields)?)
                .bind(&save.carer)
                .bind(&save.key)
                .bind(save.base_version)
                .execute(on.on())
                .await?
                .rows_affected();
                if wrote == 1 {
                    return Ok(SaveOutcome::Saved { version: save.base_version + 1 });
                }
            }
            None if first && save.base_version == 0 => {
                let inserted = sqlx::query(
                    "insert into plan_records (carer_id, record_key, version, fields, created_at, updated_at) \
                     values ($1, $2, 1, $3, $4, $4)",
                )
                .bind(&save.carer)
                .bind(&save.key)
                .bind(rows::encode_fields(&save.changes)?)
                .bind(save.now)
                .execute(on.on())
                .await;
                if wrote_one(inserted.map(|done| done.rows_affected()))? {
                    return Ok(SaveOutcome::Saved { version: 1 });
                }
            }
            other => return saved_first(save, other),
        }
        first = false;
    }
}

/// What a [`Save`] that came second is told: the version now stored
/// (none if the record is gone) and the stored values of the fields it was
/// saving; nothing of it was saved.
fn saved_first(save: &Save, current: Option<(i64, String)>) -> Result<SaveOutcome, DbError> {
    let (version, stored) = current.unwrap_or((0, "{}".to_owned()));
    let stored = rows::decode_fields(&stored)?;
    let theirs = save.changes.keys().map(|k| (k.clone(), stored.get(k).cloned().unwrap_or_default())).collect();
    Ok(SaveOutcome::Conflict { version, theirs })
}

/// A key range rather than LIKE: the same on both engines, and it walks
/// the primary key. Prefixes end in ':', so ';' is the first key past them.
async fn count_plan_records(pool: &Pool<Db>, carer_id: Uuid, prefix: &str, except: &RecordKey) -> Result<u64, DbError> {
    let upper = format!("{};", prefix.trim_end_matches(':'));
    let (n,): (i64,) = sqlx::query_as(
        "select count(*) from plan_records where carer_id = $1 \
         and record_key >= $2 and record_key < $3 and record_key <> $4",
    )
    .bind(carer_id.to_string())
    .bind(prefix)
    .bind(upper)
    .bind(except.to_string())
    .fetch_one(pool)
    .await?;
    Ok(n.max(0) as u64)
}

async fn delete_plan_record(writer: &Pool<Db>, carer_id: Uuid, key: &RecordKey, base_version: i64) -> Result<bool, DbError> {
    let deleted = sqlx::query("delete from plan_records where carer_id = $1 and record_key = $2 and version = $3")
        .bind(carer_id.to_string())
        .bind(key.to_string())
        .bind(base_version)
        .execute(writer)
        .await?
        .rows_affected();
    Ok(deleted == 1)
}

#[async_trait]
impl PlanStore for Store {
    #[tracing::instrument(skip_all)]
    async fn plan_records(&self, carer_id: Uuid) -> Result<Vec<PlanRecord>, StoreError> {
        Ok(plan_records(self.reader(), carer_id).await?)
    }

    #[tracing::instrument(skip_all, fields(base_version))]
    async fn save_plan_fields(
        &self,
        carer_id: Uuid,
        key: &RecordKey,
        base_version: i64,
        changes: &BTreeMap<String, String>,
        now: Timestamp,
    ) -> Result<SaveOutcome, StoreError> {
        let save = Save { carer: carer_id.to_string(), key: key.to_string(), base_version, changes: changes.clone(), now };
        Ok(self.save(save).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn count_plan_records(&self, carer_id: Uuid, prefix: &str, except: &RecordKey) -> Result<u64, StoreError> {
        Ok(count_plan_records(self.reader(), carer_id, prefix, except).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn delete_plan_record(&self, carer_id: Uuid, key: &RecordKey, base_version: i64) -> Result<bool, StoreError> {
        Ok(delete_plan_record(self.writer(), carer_id, key, base_version).await?)
    }
}
