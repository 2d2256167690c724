//! PostgreSQL: for a deployment that outgrows one machine.

use super::pg_sql::plan::save_fields;
use super::{Backend, DbError, Save, store_error};
use app::domain::plan::SaveOutcome;
use app::ports::StoreError;
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::time::Duration;

/// The store on a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    /// The same pool: PostgreSQL runs writers side by side.
    writer: PgPool,
}

impl PgStore {
    /// Connects to the database the URL names, holding at most
    /// `max_connections`, and migrates it.
    pub async fn connect(url: &str, max_connections: u32) -> Result<PgStore, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(store_error)?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await.map_err(|e| StoreError::Other(Box::new(e)))?;
        Ok(PgStore { writer: pool.clone(), pool })
    }
}

/// How PostgreSQL differs: writers side by side, an advisory lock per
/// throttling key, and a vacuum after an erasure.
impl Backend for PgStore {
    type Db = sqlx::Postgres;

    fn reader(&self) -> &PgPool {
        &self.pool
    }

    fn writer(&self) -> &PgPool {
        &self.writer
    }

    /// One autosave: a read and a single conditional write, with no
    /// transaction to hold open (see [`save_fields`]). PostgreSQL runs
    /// them side by side and flushes concurrent commits to its log together.
    async fn save(&self, save: Save) -> Result<SaveOutcome, DbError> {
        save_fields(&self.writer, &save).await
    }

    /// Makes attempts on the same throttling keys take turns: a
    /// transaction-long advisory lock per key, taken in one global order
    /// (by number) so two attempts sharing keys never wait on each other in
    /// a circle. The lock goes with the transaction.
    async fn take_attempt_locks(tx: &mut sqlx::PgConnection, keys: &[&str]) -> Result<(), DbError> {
        let mut locks: Vec<i64> = keys.iter().map(|key| lock_number(key)).collect();
        locks.sort_unstable();
        locks.dedup();
        for lock in locks {
            sqlx::query("select pg_advisory_xact_lock($1)").bind(lock).execute(&mut *tx).await?;
        }
        Ok(())
    }

    /// After an erasure: PostgreSQL keeps deleted rows in its files until
    /// VACUUM reclaims them, so the tables an erasure touches are vacuumed
    /// now rather than whenever autovacuum gets round to them. (What stays
    /// in the write-ahead log and in backups is for the deployment: see the
    /// README.) On a large database a vacuum scans whole indexes and can
    /// take seconds, so it runs beside the request instead of holding the
    /// manager's page; a failure is logged, and autovacuum still comes later.
    async fn compact_after_erasure(&self) {
        let pool = self.pool.clone();
        tokio::spawn(async move {
            let tables = "users, sessions, invitations, failed_sign_ins, plan_records, consent_records, handoffs, \
                          allocation_events, access_log, agreements, plan_comments, agreed_plans, referrals, \
                          deletion_requests, erased_sessions";
            if let Err(error) = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("vacuum {tables}"))).execute(&pool).await {
                tracing::warn!(%error, "could not vacuum after an erasure");
            }
        });
    }
}

/// A lock number for a throttling key (FNV-1a over its bytes), so every
/// server names the same key with the same number.
fn lock_number(key: &str) -> i64 {
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
    i64::from_ne_bytes(hash.to_ne_bytes())
}
