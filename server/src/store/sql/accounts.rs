//! Accounts: carers and staff, their invitations, and staff leaving.

use super::allocation::record_allocation;
use super::{Db, Store};
use crate::store::error::{other, record, records};
use crate::store::rows::UserRow;
use crate::store::{Backend, DbError};
use app::ports::{AccountStore, StoreError, Timestamp, UserRecord};
use async_trait::async_trait;
use sqlx::{Executor, Pool};
use uuid::Uuid;

/// Adds an account, on its own or inside a transaction.
async fn insert_user<'c>(on: impl Executor<'c, Database = Db>, user: &UserRecord) -> Result<(), DbError> {
    sqlx::query(
        "insert into users (user_id, email, display_name, password_hash, role, created_at) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user.user_id.to_string())
    .bind(user.email.clone())
    .bind(user.display_name.clone())
    .bind(user.password_hash.clone())
    .bind(user.role.as_str().to_owned())
    .bind(user.created_at)
    .execute(on)
    .await?;
    Ok(())
}

async fn user_by_email(pool: &Pool<Db>, email: &str) -> Result<Option<UserRecord>, DbError> {
    let row: Option<UserRow> =
        sqlx::query_as("select user_id, email, display_name, password_hash, role, created_at, deactivated_at from users where email = $1")
            .bind(email.to_string())
            .fetch_optional(pool)
            .await?;
    record(row)
}

async fn user_by_id(pool: &Pool<Db>, user_id: Uuid) -> Result<Option<UserRecord>, DbError> {
    let row: Option<UserRow> = sqlx::query_as(
        "select user_id, email, display_name, password_hash, role, created_at, deactivated_at from users where user_id = $1",
    )
    .bind(user_id.to_string())
    .fetch_optional(pool)
    .await?;
    record(row)
}

async fn staff(pool: &Pool<Db>) -> Result<Vec<UserRecord>, DbError> {
    let rows: Vec<UserRow> = sqlx::query_as(
        "select user_id, email, display_name, password_hash, role, created_at, deactivated_at from users \
         where role in ('worker', 'manager') order by display_name, email",
    )
    .fetch_all(pool)
    .await?;
    records(rows)
}

async fn count_managers(pool: &Pool<Db>) -> Result<u64, DbError> {
    let (n,): (i64,) = sqlx::query_as("select count(*) from users where role = 'manager'").fetch_one(pool).await?;
    Ok(n.max(0) as u64)
}

async fn insert_user_with_invitation(writer: &Pool<Db>, user: &UserRecord, token_hash: &str, expires_at: Timestamp) -> Result<(), DbError> {
    let mut tx = writer.begin().await?;
    insert_user(&mut *tx, user).await?;
    sqlx::query("insert into invitations (token_hash, user_id, expires_at) values ($1, $2, $3)")
        .bind(token_hash)
        .bind(user.user_id.to_string())
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

async fn accept_invitation(
    writer: &Pool<Db>,
    token_hash: &str,
    now: Timestamp,
    password_hash: &str,
) -> Result<Option<UserRecord>, DbError> {
    let mut tx = writer.begin().await?;
    let taken: Option<(String,)> = sqlx::query_as("delete from invitations where token_hash = $1 and expires_at > $2 returning user_id")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
    let Some((user_id,)) = taken else {
        return Ok(None);
    };
    sqlx::query("update users set password_hash = $1 where user_id = $2").bind(password_hash).bind(&user_id).execute(&mut *tx).await?;
    let row: UserRow = sqlx::query_as(
        "select user_id, email, display_name, password_hash, role, created_at, deactivated_at from users where user_id = $1",
    )
    .bind(&user_id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(row.try_into()?))
}

async fn invitation_is_live(pool: &Pool<Db>, token_hash: &str, now: Timestamp) -> Result<bool, DbError> {
    let (n,): (i64,) = sqlx::query_as("select count(*) from invitations where token_hash = $1 and expires_at > $2")
        .bind(token_hash)
        .bind(now)
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}

/// Marks a worker or manager deactivated, ends their sessions and puts
/// their plans back in the queue, each with its allocation event.
async fn deactivate_staff(writer: &Pool<Db>, user_id: Uuid, by: Uuid, now: Timestamp) -> Result<bool, DbError> {
    let mut tx = writer.begin().await?;
    let marked = sqlx::query(
        "update users set deactivated_at = $1 where user_id = $2 \
         and role in ('worker', 'manager') and deactivated_at is null",
    )
    .bind(now)
    .bind(user_id.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if marked != 1 {
        return Ok(false);
    }
    // A page still open there is told the account closed (see
    // `erased_sessions`), and its browser forgets what it kept.
    sqlx::query("insert into erased_sessions (token_hash, erased_at) select token_hash, $2 from sessions where user_id = $1")
        .bind(user_id.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from sessions where user_id = $1").bind(user_id.to_string()).execute(&mut *tx).await?;
    let returned: Vec<(String,)> = sqlx::query_as(
        "update handoffs set status = 'waiting', worker_id = null, allocated_at = null, needs_reallocation = true \
         where worker_id = $1 and status = 'allocated' returning carer_id",
    )
    .bind(user_id.to_string())
    .fetch_all(&mut *tx)
    .await?;
    for (carer,) in returned {
        let carer = Uuid::parse_str(&carer).map_err(other)?;
        record_allocation(&mut tx, carer, None, "returned", by, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

#[async_trait]
impl AccountStore for Store {
    #[tracing::instrument(skip_all)]
    async fn insert_user(&self, user: &UserRecord) -> Result<(), StoreError> {
        Ok(insert_user(self.writer(), user).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError> {
        Ok(user_by_email(self.reader(), email).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn user_by_id(&self, user_id: Uuid) -> Result<Option<UserRecord>, StoreError> {
        Ok(user_by_id(self.reader(), user_id).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn staff(&self) -> Result<Vec<UserRecord>, StoreError> {
        Ok(staff(self.reader()).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn count_managers(&self) -> Result<u64, StoreError> {
        Ok(count_managers(self.reader()).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn insert_user_with_invitation(&self, user: &UserRecord, token_hash: &str, expires_at: Timestamp) -> Result<(), StoreError> {
        Ok(insert_user_with_invitation(self.writer(), user, token_hash, expires_at).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn accept_invitation(&self, token_hash: &str, now: Timestamp, password_hash: &str) -> Result<Option<UserRecord>, StoreError> {
        Ok(accept_invitation(self.writer(), token_hash, now, password_hash).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn invitation_is_live(&self, token_hash: &str, now: Timestamp) -> Result<bool, StoreError> {
        Ok(invitation_is_live(self.reader(), token_hash, now).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn deactivate_staff(&self, user_id: Uuid, by: Uuid, now: Timestamp) -> Result<bool, StoreError> {
        Ok(deactivate_staff(self.writer(), user_id, by, now).await?)
    }
}
