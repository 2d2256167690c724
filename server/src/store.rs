//! The `Store` port implemented over sqlx for SQLite and PostgreSQL,
//! chosen by the scheme of `DATABASE_URL`.
//!
//! Both engines run the same SQL (written in the dialect they share, with
//! `$n` placeholders) from one macro, and each has its own migrations. The
//! shared storage suite in `tests/` keeps them honest.
//!
//! Rule for transactions: the first statement of a writing transaction
//! writes. SQLite cannot upgrade a read to a write while another
//! connection writes, and says so at once instead of waiting.

mod postgres;
mod rows;
mod sqlite;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

use app::ports::{Store, StoreError};
use std::sync::Arc;

/// Which engine a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// `sqlite:` — one file, no server.
    Sqlite,
    /// `postgres:` / `postgresql:`.
    Postgres,
}

impl Engine {
    /// Reads the engine from a database URL.
    pub fn of(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }
}

/// Connects to the database the URL names and brings its schema up to date.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    match Engine::of(url) {
        Some(Engine::Sqlite) => Ok(Arc::new(SqliteStore::connect(url).await?)),
        Some(Engine::Postgres) => Ok(Arc::new(PgStore::connect(url).await?)),
        None => Err(StoreError::Other(
            "DATABASE_URL must start with sqlite: or postgres:".into(),
        )),
    }
}

/// Turns a sqlx error into a store error, keeping unique violations apart
/// so the service can tell the person what to change.
pub(crate) fn store_error(error: sqlx::Error) -> StoreError {
    if let Some(db) = error.as_database_error()
        && db.is_unique_violation()
    {
        return StoreError::Duplicate(db.constraint().unwrap_or("unique").to_owned());
    }
    StoreError::Other(Box::new(error))
}

/// Implements `Store` for a struct with a `pool` field of the given sqlx pool.
macro_rules! sql_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl app::ports::Store for $store {
            #[tracing::instrument(skip_all)]
            async fn ping(&self) -> Result<(), app::ports::StoreError> {
                sqlx::query("select 1").execute(&self.pool).await.map_err($crate::store::store_error)?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn insert_user(&self, user: &app::ports::UserRecord) -> Result<(), app::ports::StoreError> {
                $crate::store::rows::insert_user_query(user)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn user_by_email(&self, email: &str) -> Result<Option<app::ports::UserRecord>, app::ports::StoreError> {
                let row: Option<$crate::store::rows::UserRow> = sqlx::query_as(
                    "select user_id, email, display_name, password_hash, role, created_at from users where email = $1",
                )
                .bind(email)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                row.map(TryInto::try_into).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn user_by_id(&self, user_id: uuid::Uuid) -> Result<Option<app::ports::UserRecord>, app::ports::StoreError> {
                let row: Option<$crate::store::rows::UserRow> = sqlx::query_as(
                    "select user_id, email, display_name, password_hash, role, created_at from users where user_id = $1",
                )
                .bind(user_id.to_string())
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                row.map(TryInto::try_into).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn staff(&self) -> Result<Vec<app::ports::UserRecord>, app::ports::StoreError> {
                let rows: Vec<$crate::store::rows::UserRow> = sqlx::query_as(
                    "select user_id, email, display_name, password_hash, role, created_at from users \
                     where role in ('worker', 'manager') order by display_name, email",
                )
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn count_managers(&self) -> Result<u64, app::ports::StoreError> {
                let (n,): (i64,) = sqlx::query_as("select count(*) from users where role = 'manager'")
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok(n.max(0) as u64)
            }

            #[tracing::instrument(skip_all)]
            async fn insert_user_with_invitation(
                &self,
                user: &app::ports::UserRecord,
                token_hash: &str,
                expires_at: app::ports::Timestamp,
            ) -> Result<(), app::ports::StoreError> {
                let mut tx = self.pool.begin().await.map_err($crate::store::store_error)?;
                $crate::store::rows::insert_user_query(user)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::store::store_error)?;
                sqlx::query("insert into invitations (token_hash, user_id, expires_at) values ($1, $2, $3)")
                    .bind(token_hash)
                    .bind(user.user_id.to_string())
                    .bind(expires_at)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::store::store_error)?;
                tx.commit().await.map_err($crate::store::store_error)
            }

            #[tracing::instrument(skip_all)]
            async fn accept_invitation(
                &self,
                token_hash: &str,
                now: app::ports::Timestamp,
                password_hash: &str,
            ) -> Result<Option<app::ports::UserRecord>, app::ports::StoreError> {
                let mut tx = self.pool.begin().await.map_err($crate::store::store_error)?;
                let taken: Option<(String,)> = sqlx::query_as(
                    "delete from invitations where token_hash = $1 and expires_at > $2 returning user_id",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::store::store_error)?;
                let Some((user_id,)) = taken else {
                    return Ok(None);
                };
                sqlx::query("update users set password_hash = $1 where user_id = $2")
                    .bind(password_hash)
                    .bind(&user_id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::store::store_error)?;
                let row: $crate::store::rows::UserRow = sqlx::query_as(
                    "select user_id, email, display_name, password_hash, role, created_at from users where user_id = $1",
                )
                .bind(&user_id)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::store::store_error)?;
                tx.commit().await.map_err($crate::store::store_error)?;
                row.try_into().map(Some)
            }

            #[tracing::instrument(skip_all)]
            async fn invitation_is_live(&self, token_hash: &str, now: app::ports::Timestamp) -> Result<bool, app::ports::StoreError> {
                let (n,): (i64,) = sqlx::query_as(
                    "select count(*) from invitations where token_hash = $1 and expires_at > $2",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_one(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                Ok(n > 0)
            }

            #[tracing::instrument(skip_all)]
            async fn insert_session(&self, session: &app::ports::SessionRecord) -> Result<(), app::ports::StoreError> {
                sqlx::query(
                    "insert into sessions (token_hash, user_id, created_at, last_seen_at, shared_device) \
                     values ($1, $2, $3, $4, $5)",
                )
                .bind(&session.token_hash)
                .bind(session.user_id.to_string())
                .bind(session.created_at)
                .bind(session.last_seen_at)
                .bind(session.shared_device)
                .execute(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn touch_session(
                &self,
                token_hash: &str,
                now: app::ports::Timestamp,
                window: app::ports::SessionWindow,
            ) -> Result<Option<(app::ports::SessionRecord, app::ports::UserRecord)>, app::ports::StoreError> {
                // One single-statement write, and only when the session was
                // last marked over a minute ago; never one that revives an
                // ended session. A race between two requests is harmless.
                sqlx::query(
                    "update sessions set last_seen_at = $1 where token_hash = $2 \
                     and last_seen_at < $3 and last_seen_at >= $4 and created_at >= $5",
                )
                .bind(now)
                .bind(token_hash)
                .bind(window.refresh_before)
                .bind(window.idle_since)
                .bind(window.started_since)
                .execute(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                let row: Option<$crate::store::rows::SessionUserRow> = sqlx::query_as(
                    "select s.token_hash, s.created_at as session_created_at, s.last_seen_at, s.shared_device, \
                     u.user_id, u.email, u.display_name, u.password_hash, u.role, u.created_at \
                     from sessions s join users u on u.user_id = s.user_id \
                     where s.token_hash = $1 and s.last_seen_at >= $2 and s.created_at >= $3",
                )
                .bind(token_hash)
                .bind(window.idle_since)
                .bind(window.started_since)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                row.map(|row| row.into_records()).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn delete_session(&self, token_hash: &str) -> Result<(), app::ports::StoreError> {
                sqlx::query("delete from sessions where token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn remove_ended_sessions(&self, window: app::ports::SessionWindow) -> Result<u64, app::ports::StoreError> {
                let removed = sqlx::query("delete from sessions where last_seen_at < $1 or created_at < $2")
                    .bind(window.idle_since)
                    .bind(window.started_since)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?
                    .rows_affected();
                Ok(removed)
            }

            #[tracing::instrument(skip_all)]
            async fn begin_attempt(
                &self,
                account_key: &str,
                client_key: &str,
                at: app::ports::Timestamp,
                since: app::ports::Timestamp,
            ) -> Result<(i64, app::ports::FailedAttempts), app::ports::StoreError> {
                // Written and committed before counting: whichever order
                // parallel attempts commit in, the n-th sees at least n.
                let (attempt_id,): (i64,) = sqlx::query_as(
                    "insert into failed_sign_ins (account_key, client_key, attempted_at) values ($1, $2, $3) \
                     returning failed_sign_in_id",
                )
                .bind(account_key)
                .bind(client_key)
                .bind(at)
                .fetch_one(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                let (for_account, account_oldest, for_client, client_oldest): (i64, Option<i64>, i64, Option<i64>) =
                    sqlx::query_as(
                        "select \
                         (select count(*) from failed_sign_ins where account_key = $1 and attempted_at > $3), \
                         (select min(attempted_at) from failed_sign_ins where account_key = $1 and attempted_at > $3), \
                         (select count(*) from failed_sign_ins where client_key = $2 and attempted_at > $3), \
                         (select min(attempted_at) from failed_sign_ins where client_key = $2 and attempted_at > $3)",
                    )
                    .bind(account_key)
                    .bind(client_key)
                    .bind(since)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok((
                    attempt_id,
                    app::ports::FailedAttempts {
                        for_account: for_account.max(0) as u32,
                        account_oldest,
                        for_client: for_client.max(0) as u32,
                        client_oldest,
                    },
                ))
            }

            #[tracing::instrument(skip_all)]
            async fn forget_attempt(&self, attempt_id: i64) -> Result<(), app::ports::StoreError> {
                sqlx::query("delete from failed_sign_ins where failed_sign_in_id = $1")
                    .bind(attempt_id)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn forget_attempts_before(&self, before: app::ports::Timestamp) -> Result<u64, app::ports::StoreError> {
                let removed = sqlx::query("delete from failed_sign_ins where attempted_at < $1")
                    .bind(before)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?
                    .rows_affected();
                Ok(removed)
            }

            #[tracing::instrument(skip_all)]
            async fn plan_records(&self, carer_id: uuid::Uuid) -> Result<Vec<app::domain::plan::PlanRecord>, app::ports::StoreError> {
                let rows: Vec<$crate::store::rows::PlanRow> = sqlx::query_as(
                    "select record_key, version, fields, created_at, updated_at from plan_records \
                     where carer_id = $1 order by created_at, record_key",
                )
                .bind(carer_id.to_string())
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            #[tracing::instrument(skip_all, fields(base_version))]
            async fn save_plan_fields(
                &self,
                carer_id: uuid::Uuid,
                key: &app::domain::plan::RecordKey,
                base_version: i64,
                changes: &std::collections::BTreeMap<String, String>,
                now: app::ports::Timestamp,
            ) -> Result<app::domain::plan::SaveOutcome, app::ports::StoreError> {
                use app::domain::plan::SaveOutcome;
                let (carer, key_text) = (carer_id.to_string(), key.to_string());
                let mut tx = self.pool.begin().await.map_err($crate::store::store_error)?;
                // Claim the record at the expected version first: a write, so
                // the transaction holds the write lock from its first statement.
                let claimed = sqlx::query(
                    "update plan_records set version = version + 1, updated_at = $1 \
                     where carer_id = $2 and record_key = $3 and version = $4",
                )
                .bind(now)
                .bind(&carer)
                .bind(&key_text)
                .bind(base_version)
                .execute(&mut *tx)
                .await
                .map_err($crate::store::store_error)?
                .rows_affected();
                if claimed == 1 {
                    let (stored,): (String,) = sqlx::query_as(
                        "select fields from plan_records where carer_id = $1 and record_key = $2",
                    )
                    .bind(&carer)
                    .bind(&key_text)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::store::store_error)?;
                    let mut fields = $crate::store::rows::decode_fields(&stored)?;
                    fields.extend(changes.iter().map(|(k, v)| (k.clone(), v.clone())));
                    sqlx::query("update plan_records set fields = $1 where carer_id = $2 and record_key = $3")
                        .bind($crate::store::rows::encode_fields(&fields)?)
                        .bind(&carer)
                        .bind(&key_text)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::store::store_error)?;
                    tx.commit().await.map_err($crate::store::store_error)?;
                    return Ok(SaveOutcome::Saved { version: base_version + 1 });
                }
                if base_version == 0 {
                    let inserted = sqlx::query(
                        "insert into plan_records (carer_id, record_key, version, fields, created_at, updated_at) \
                         values ($1, $2, 1, $3, $4, $4)",
                    )
                    .bind(&carer)
                    .bind(&key_text)
                    .bind($crate::store::rows::encode_fields(changes)?)
                    .bind(now)
                    .execute(&mut *tx)
                    .await;
                    match inserted {
                        Ok(_) => {
                            tx.commit().await.map_err($crate::store::store_error)?;
                            return Ok(SaveOutcome::Saved { version: 1 });
                        }
                        Err(error) => match $crate::store::store_error(error) {
                            app::ports::StoreError::Duplicate(_) => {}
                            other => return Err(other),
                        },
                    }
                }
                drop(tx);
                // Someone saved first: say what is there now, save nothing.
                let current: Option<(i64, String)> = sqlx::query_as(
                    "select version, fields from plan_records where carer_id = $1 and record_key = $2",
                )
                .bind(&carer)
                .bind(&key_text)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                let (version, stored) = current.unwrap_or((0, "{}".to_owned()));
                let stored = $crate::store::rows::decode_fields(&stored)?;
                let theirs = changes
                    .keys()
                    .map(|k| (k.clone(), stored.get(k).cloned().unwrap_or_default()))
                    .collect();
                Ok(SaveOutcome::Conflict { version, theirs })
            }

            #[tracing::instrument(skip_all)]
            async fn count_plan_records(
                &self,
                carer_id: uuid::Uuid,
                prefix: &str,
                except: &app::domain::plan::RecordKey,
            ) -> Result<u64, app::ports::StoreError> {
                // A key range rather than LIKE: the same on both engines, and
                // it walks the primary key. Prefixes end in ':', so ';' is
                // the first key past them.
                let upper = format!("{};", prefix.trim_end_matches(':'));
                let (n,): (i64,) = sqlx::query_as(
                    "select count(*) from plan_records where carer_id = $1 \
                     and record_key >= $2 and record_key < $3 and record_key <> $4",
                )
                .bind(carer_id.to_string())
                .bind(prefix)
                .bind(upper)
                .bind(except.to_string())
                .fetch_one(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                Ok(n.max(0) as u64)
            }

            #[tracing::instrument(skip_all)]
            async fn delete_plan_record(
                &self,
                carer_id: uuid::Uuid,
                key: &app::domain::plan::RecordKey,
                base_version: i64,
            ) -> Result<bool, app::ports::StoreError> {
                let deleted = sqlx::query("delete from plan_records where carer_id = $1 and record_key = $2 and version = $3")
                    .bind(carer_id.to_string())
                    .bind(key.to_string())
                    .bind(base_version)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?
                    .rows_affected();
                Ok(deleted == 1)
            }

            #[tracing::instrument(skip_all)]
            async fn clear_failed_sign_ins(&self, account_key: &str) -> Result<(), app::ports::StoreError> {
                sqlx::query("delete from failed_sign_ins where account_key = $1")
                    .bind(account_key)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok(())
            }
        }
    };
}
pub(crate) use sql_store;
