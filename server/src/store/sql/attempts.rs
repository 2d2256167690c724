//! Attempts (sign-ins, registrations, set-password links), counted for
//! throttling.

use super::{Db, Store};
use crate::store::{Backend, DbError};
use app::ports::{AttemptStore, FailedAttempts, StoreError, Timestamp};
use async_trait::async_trait;
use sqlx::Pool;

/// Attempts for an account and for a client since a time: how many, and
/// the oldest of each (`$1` account key, `$2` client key, `$3` since).
const COUNT_ATTEMPTS: &str = "select \
     (select count(*) from failed_sign_ins where account_key = $1 and attempted_at > $3), \
     (select min(attempted_at) from failed_sign_ins where account_key = $1 and attempted_at > $3), \
     (select count(*) from failed_sign_ins where client_key = $2 and attempted_at > $3), \
     (select min(attempted_at) from failed_sign_ins where client_key = $2 and attempted_at > $3)";

/// The row [`COUNT_ATTEMPTS`] reads, as the port's counts.
fn failed_attempts((for_account, account_oldest, for_client, client_oldest): (i64, Option<i64>, i64, Option<i64>)) -> FailedAttempts {
    FailedAttempts {
        for_account: u32::try_from(for_account).unwrap_or(u32::MAX),
        account_oldest,
        for_client: u32::try_from(for_client).unwrap_or(u32::MAX),
        client_oldest,
    }
}

/// Written and counted in one transaction that attempts on the same keys
/// take in turn (SQLite has one writer; PostgreSQL takes a lock per key
/// first), so the n-th attempt counts exactly n. Counted outside it,
/// parallel attempts could each see all the others and all be refused.
async fn begin_attempt(
    writer: &Pool<Db>,
    account_key: &str,
    client_key: &str,
    at: Timestamp,
    since: Timestamp,
) -> Result<(i64, FailedAttempts), DbError> {
    let mut tx = writer.begin().await?;
    Store::take_attempt_locks(&mut tx, &[account_key, client_key]).await?;
    let (attempt_id,): (i64,) = sqlx::query_as(
        "insert into failed_sign_ins (account_key, client_key, attempted_at) values ($1, $2, $3) \
         returning failed_sign_in_id",
    )
    .bind(account_key)
    .bind(client_key)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let counts = sqlx::query_as(COUNT_ATTEMPTS).bind(account_key).bind(client_key).bind(since).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok((attempt_id, failed_attempts(counts)))
}

async fn count_attempts(pool: &Pool<Db>, account_key: &str, client_key: &str, since: Timestamp) -> Result<FailedAttempts, DbError> {
    let counts = sqlx::query_as(COUNT_ATTEMPTS).bind(account_key).bind(client_key).bind(since).fetch_one(pool).await?;
    Ok(failed_attempts(counts))
}

async fn forget_attempt(writer: &Pool<Db>, attempt_id: i64) -> Result<(), DbError> {
    sqlx::query("delete from failed_sign_ins where failed_sign_in_id = $1").bind(attempt_id).execute(writer).await?;
    Ok(())
}

async fn clear_failed_sign_ins(writer: &Pool<Db>, account_key: &str) -> Result<(), DbError> {
    sqlx::query("delete from failed_sign_ins where account_key = $1").bind(account_key).execute(writer).await?;
    Ok(())
}

async fn forget_attempts_before(writer: &Pool<Db>, before: Timestamp) -> Result<u64, DbError> {
    let removed = sqlx::query("delete from failed_sign_ins where attempted_at < $1").bind(before).execute(writer).await?.rows_affected();
    Ok(removed)
}

#[async_trait]
impl AttemptStore for Store {
    #[tracing::instrument(skip_all)]
    async fn begin_attempt(
        &self,
        account_key: &str,
        client_key: &str,
        at: Timestamp,
        since: Timestamp,
    ) -> Result<(i64, FailedAttempts), StoreError> {
        Ok(begin_attempt(self.writer(), account_key, client_key, at, since).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn count_attempts(&self, account_key: &str, client_key: &str, since: Timestamp) -> Result<FailedAttempts, StoreError> {
        Ok(count_attempts(self.reader(), account_key, client_key, since).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn forget_attempt(&self, attempt_id: i64) -> Result<(), StoreError> {
        Ok(forget_attempt(self.writer(), attempt_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn clear_failed_sign_ins(&self, account_key: &str) -> Result<(), StoreError> {
        Ok(clear_failed_sign_ins(self.writer(), account_key).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn forget_attempts_before(&self, before: Timestamp) -> Result<u64, StoreError> {
        Ok(forget_attempts_before(self.writer(), before).await?)
    }
}
