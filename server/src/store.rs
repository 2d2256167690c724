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
//!
//! Every write goes through `writer`, reads through `pool`. On SQLite the
//! writer is one connection: writes queue for it in the server, in order,
//! instead of colliding in the file and sleeping in SQLite's busy handler
//! (which made an autosave wait up to 200 ms with 16 carers saving), while
//! reads go on beside them (WAL). On PostgreSQL both are the same pool.

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
    connect_sized(url, None).await
}

/// As [`connect`], holding at most `max_connections` to PostgreSQL (10
/// when none is given). SQLite has one writer and a few readers in any case.
pub async fn connect_sized(url: &str, max_connections: Option<u32>) -> Result<Arc<dyn Store>, StoreError> {
    match Engine::of(url) {
        Some(Engine::Sqlite) => Ok(Arc::new(SqliteStore::connect(url).await?)),
        Some(Engine::Postgres) => Ok(Arc::new(PgStore::connect(url, max_connections.unwrap_or(10)).await?)),
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

/// Whether a conditional write wrote its one row (given how many it wrote):
/// false when it wrote none, or a unique constraint refused it (someone
/// else wrote first). Anything else is a failure.
pub(crate) fn wrote_one(written: Result<u64, sqlx::Error>) -> Result<bool, StoreError> {
    match written.map_err(store_error) {
        Ok(n) => Ok(n == 1),
        Err(StoreError::Duplicate(_)) => Ok(false),
        Err(other) => Err(other),
    }
}

/// Attempts for an account and for a client since a time: how many, and
/// the oldest of each (`$1` account key, `$2` client key, `$3` since).
pub(crate) const COUNT_ATTEMPTS: &str = "select \
     (select count(*) from failed_sign_ins where account_key = $1 and attempted_at > $3), \
     (select min(attempted_at) from failed_sign_ins where account_key = $1 and attempted_at > $3), \
     (select count(*) from failed_sign_ins where client_key = $2 and attempted_at > $3), \
     (select min(attempted_at) from failed_sign_ins where client_key = $2 and attempted_at > $3)";

/// The row [`COUNT_ATTEMPTS`] reads, as the port's counts.
pub(crate) fn failed_attempts(
    (for_account, account_oldest, for_client, client_oldest): (i64, Option<i64>, i64, Option<i64>),
) -> app::ports::FailedAttempts {
    app::ports::FailedAttempts {
        for_account: u32::try_from(for_account).unwrap_or(u32::MAX),
        account_oldest,
        for_client: u32::try_from(for_client).unwrap_or(u32::MAX),
        client_oldest,
    }
}

/// Implements every part of `Store` for a struct with a `pool` field of the given sqlx pool.
macro_rules! sql_store {
    ($store:ty) => {
        impl $store {
            /// Adds a consent record to a share that is not withdrawn, and
            /// brings its hand-off in step, in one transaction (see
            /// [`apply_consent`]). False, with nothing written, otherwise.
            async fn append_consent(
                &self,
                carer: uuid::Uuid,
                consent: &app::domain::sharing::ConsentRecord,
                top_impact: Option<i64>,
                withdraw: bool,
            ) -> Result<bool, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                if !$crate::store::apply_consent!(tx, carer, consent, top_impact, withdraw)? {
                    return Ok(false);
                }
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(true)
            }

        }

        #[async_trait::async_trait]
        impl app::ports::HealthStore for $store {
            #[tracing::instrument(skip_all)]
            async fn ping(&self) -> Result<(), app::ports::StoreError> {
                sqlx::query("select 1").execute(&self.pool).await.map_err($crate::store::store_error)?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl app::ports::AccountStore for $store {
            #[tracing::instrument(skip_all)]
            async fn insert_user(&self, user: &app::ports::UserRecord) -> Result<(), app::ports::StoreError> {
                $crate::store::rows::insert_user_query(user)
                    .execute(&self.writer)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn user_by_email(&self, email: &str) -> Result<Option<app::ports::UserRecord>, app::ports::StoreError> {
                $crate::store::row_for!(&self.pool, $crate::store::rows::UserRow, "select user_id, email, display_name, password_hash, role, created_at, deactivated_at from users where email = $1", email)
            }

            #[tracing::instrument(skip_all)]
            async fn user_by_id(&self, user_id: uuid::Uuid) -> Result<Option<app::ports::UserRecord>, app::ports::StoreError> {
                $crate::store::row_for!(&self.pool, $crate::store::rows::UserRow, "select user_id, email, display_name, password_hash, role, created_at, deactivated_at from users where user_id = $1", user_id)
            }

            #[tracing::instrument(skip_all)]
            async fn staff(&self) -> Result<Vec<app::ports::UserRecord>, app::ports::StoreError> {
                let rows: Vec<$crate::store::rows::UserRow> = sqlx::query_as(
                    "select user_id, email, display_name, password_hash, role, created_at, deactivated_at from users \
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
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
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
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
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
                    "select user_id, email, display_name, password_hash, role, created_at, deactivated_at from users where user_id = $1",
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
            async fn deactivate_staff(&self, user_id: uuid::Uuid, by: uuid::Uuid, now: app::ports::Timestamp) -> Result<bool, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                let marked = sqlx::query(
                    "update users set deactivated_at = $1 where user_id = $2 \
                     and role in ('worker', 'manager') and deactivated_at is null",
                )
                .bind(now)
                .bind(user_id.to_string())
                .execute(&mut *tx)
                .await
                .map_err($crate::store::store_error)?
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
                    .await
                    .map_err($crate::store::store_error)?;
                sqlx::query("delete from sessions where user_id = $1")
                    .bind(user_id.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::store::store_error)?;
                let returned: Vec<(String,)> = sqlx::query_as(
                    "update handoffs set status = 'waiting', worker_id = null, allocated_at = null, needs_reallocation = true \
                     where worker_id = $1 and status = 'allocated' returning carer_id",
                )
                .bind(user_id.to_string())
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::store::store_error)?;
                for (carer,) in returned {
                    let carer = uuid::Uuid::parse_str(&carer).map_err(|e| app::ports::StoreError::Other(Box::new(e)))?;
                    $crate::store::record_allocation!(tx, carer, None, "returned", by, now)?;
                }
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(true)
            }
        }

        #[async_trait::async_trait]
        impl app::ports::SessionStore for $store {
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
                .execute(&self.writer)
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
                // One read on nearly every request; a write only when the
                // session was last marked over a minute ago, and never one
                // that revives an ended session. A race between two requests
                // both marking it is harmless (the later time wins).
                let row: Option<$crate::store::rows::SessionUserRow> = sqlx::query_as(
                    "select s.token_hash, s.created_at as session_created_at, s.last_seen_at, s.shared_device, \
                     u.user_id, u.email, u.display_name, u.password_hash, u.role, u.created_at, u.deactivated_at \
                     from sessions s join users u on u.user_id = s.user_id \
                     where s.token_hash = $1 and s.last_seen_at >= $2 and s.created_at >= $3 and u.deactivated_at is null",
                )
                .bind(token_hash)
                .bind(window.idle_since)
                .bind(window.started_since)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                let Some((mut session, user)) = row.map(|row| row.into_records()).transpose()? else {
                    return Ok(None);
                };
                if session.last_seen_at < window.refresh_before {
                    let marked = sqlx::query(
                        "update sessions set last_seen_at = $1 where token_hash = $2 \
                         and last_seen_at < $3 and last_seen_at >= $4 and created_at >= $5",
                    )
                    .bind(now)
                    .bind(token_hash)
                    .bind(window.refresh_before)
                    .bind(window.idle_since)
                    .bind(window.started_since)
                    .execute(&self.writer)
                    .await
                    .map_err($crate::store::store_error)?;
                    if marked.rows_affected() == 1 {
                        session.last_seen_at = now;
                    }
                }
                Ok(Some((session, user)))
            }

            #[tracing::instrument(skip_all)]
            async fn delete_session(&self, token_hash: &str) -> Result<(), app::ports::StoreError> {
                sqlx::query("delete from sessions where token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.writer)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn remove_ended_sessions(&self, window: app::ports::SessionWindow) -> Result<u64, app::ports::StoreError> {
                let removed = sqlx::query("delete from sessions where last_seen_at < $1 or created_at < $2")
                    .bind(window.idle_since)
                    .bind(window.started_since)
                    .execute(&self.writer)
                    .await
                    .map_err($crate::store::store_error)?
                    .rows_affected();
                Ok(removed)
            }

            #[tracing::instrument(skip_all)]
            async fn take_erased_session(&self, token_hash: &str) -> Result<bool, app::ports::StoreError> {
                let taken = sqlx::query("delete from erased_sessions where token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.writer)
                    .await
                    .map_err($crate::store::store_error)?
                    .rows_affected();
                Ok(taken == 1)
            }

            #[tracing::instrument(skip_all)]
            async fn forget_erased_sessions(&self, before: app::ports::Timestamp) -> Result<u64, app::ports::StoreError> {
                let forgotten = sqlx::query("delete from erased_sessions where erased_at < $1")
                    .bind(before)
                    .execute(&self.writer)
                    .await
                    .map_err($crate::store::store_error)?
                    .rows_affected();
                Ok(forgotten)
            }
        }

        #[async_trait::async_trait]
        impl app::ports::AttemptStore for $store {
            #[tracing::instrument(skip_all)]
            async fn begin_attempt(
                &self,
                account_key: &str,
                client_key: &str,
                at: app::ports::Timestamp,
                since: app::ports::Timestamp,
            ) -> Result<(i64, app::ports::FailedAttempts), app::ports::StoreError> {
                // Written and counted in one transaction that attempts on
                // the same keys take in turn (SQLite has one writer;
                // PostgreSQL takes a lock per key first), so the n-th
                // attempt counts exactly n. Counted outside it, parallel
                // attempts could each see all the others and all be refused.
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                Self::take_attempt_locks(&mut tx, &[account_key, client_key]).await?;
                let (attempt_id,): (i64,) = sqlx::query_as(
                    "insert into failed_sign_ins (account_key, client_key, attempted_at) values ($1, $2, $3) \
                     returning failed_sign_in_id",
                )
                .bind(account_key)
                .bind(client_key)
                .bind(at)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::store::store_error)?;
                let counts = sqlx::query_as($crate::store::COUNT_ATTEMPTS)
                    .bind(account_key)
                    .bind(client_key)
                    .bind(since)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::store::store_error)?;
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok((attempt_id, $crate::store::failed_attempts(counts)))
            }

            #[tracing::instrument(skip_all)]
            async fn count_attempts(
                &self,
                account_key: &str,
                client_key: &str,
                since: app::ports::Timestamp,
            ) -> Result<app::ports::FailedAttempts, app::ports::StoreError> {
                let counts = sqlx::query_as($crate::store::COUNT_ATTEMPTS)
                    .bind(account_key)
                    .bind(client_key)
                    .bind(since)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok($crate::store::failed_attempts(counts))
            }

            #[tracing::instrument(skip_all)]
            async fn forget_attempt(&self, attempt_id: i64) -> Result<(), app::ports::StoreError> {
                sqlx::query("delete from failed_sign_ins where failed_sign_in_id = $1")
                    .bind(attempt_id)
                    .execute(&self.writer)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn clear_failed_sign_ins(&self, account_key: &str) -> Result<(), app::ports::StoreError> {
                sqlx::query("delete from failed_sign_ins where account_key = $1")
                    .bind(account_key)
                    .execute(&self.writer)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn forget_attempts_before(&self, before: app::ports::Timestamp) -> Result<u64, app::ports::StoreError> {
                let removed = sqlx::query("delete from failed_sign_ins where attempted_at < $1")
                    .bind(before)
                    .execute(&self.writer)
                    .await
                    .map_err($crate::store::store_error)?
                    .rows_affected();
                Ok(removed)
            }
        }

        #[async_trait::async_trait]
        impl app::ports::PlanStore for $store {
            #[tracing::instrument(skip_all)]
            async fn plan_records(&self, carer_id: uuid::Uuid) -> Result<Vec<app::domain::plan::PlanRecord>, app::ports::StoreError> {
                $crate::store::rows_for!(&self.pool, $crate::store::rows::PlanRow, "select record_key, version, fields, created_at, updated_at from plan_records \
                     where carer_id = $1 order by created_at, record_key", carer_id)
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
                self.save_fields($crate::store::Save {
                    carer: carer_id.to_string(),
                    key: key.to_string(),
                    base_version,
                    changes: changes.clone(),
                    now,
                })
                .await
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
                    .execute(&self.writer)
                    .await
                    .map_err($crate::store::store_error)?
                    .rows_affected();
                Ok(deleted == 1)
            }
        }

        #[async_trait::async_trait]
        impl app::ports::SharingStore for $store {
            #[tracing::instrument(skip_all)]
            async fn hand_off(
                &self,
                consent: &app::domain::sharing::ConsentRecord,
                handoff: &app::domain::sharing::HandOff,
            ) -> Result<bool, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                $crate::store::insert_consent!(tx, handoff.carer_id, consent)?;
                // A carer has one hand-off row: a new share replaces it only
                // when the last one was withdrawn.
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
                .bind(&handoff.terminal)
                .bind(i64::from(handoff.is_terminal()))
                .bind(handoff.top_impact)
                .bind($crate::store::rows::encode_contact(&handoff.contact)?)
                // Only a terminal-illness plan has clocks; the queue's order relies on it.
                .bind(handoff.next_due_on.filter(|_| handoff.is_terminal()).map(|d| d.iso()))
                .execute(&mut *tx)
                .await
                .map_err($crate::store::store_error)?
                .rows_affected();
                if written != 1 {
                    return Ok(false);
                }
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(true)
            }

            #[tracing::instrument(skip_all)]
            async fn change_share(
                &self,
                carer: uuid::Uuid,
                consent: &app::domain::sharing::ConsentRecord,
                top_impact: i64,
            ) -> Result<bool, app::ports::StoreError> {
                self.append_consent(carer, consent, Some(top_impact), false).await
            }

            #[tracing::instrument(skip_all)]
            async fn withdraw_share(&self, carer: uuid::Uuid, consent: &app::domain::sharing::ConsentRecord) -> Result<bool, app::ports::StoreError> {
                self.append_consent(carer, consent, None, true).await
            }

            #[tracing::instrument(skip_all)]
            async fn give_share(&self, carer: uuid::Uuid, consent: &app::domain::sharing::ConsentRecord) -> Result<bool, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                match $crate::store::insert_consent!(tx, carer, consent) {
                    Ok(()) => {}
                    Err(app::ports::StoreError::Duplicate(_)) => return Ok(false),
                    Err(other) => return Err(other),
                }
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(true)
            }

            #[tracing::instrument(skip_all)]
            async fn consent_records(&self, carer_id: uuid::Uuid) -> Result<Vec<app::domain::sharing::ConsentRecord>, app::ports::StoreError> {
                $crate::store::rows_for!(&self.pool, $crate::store::rows::ConsentRow, format!(
                    "select {} from consent_records where carer_id = $1 order by recorded_at, sequence",
                    $crate::store::rows::CONSENT_COLUMNS
                ), carer_id)
            }

            #[tracing::instrument(skip_all)]
            async fn shares(&self, carer_id: uuid::Uuid, limit: u32) -> Result<Vec<app::domain::sharing::Share>, app::ports::StoreError> {
                // One pass over the carer's records for each share's latest
                // place, then that record by the share's unique index.
                // Current shares first, so a limit never hides one.
                let columns = $crate::store::rows::CONSENT_COLUMNS.split(", ").map(|c| format!("c.{c}")).collect::<Vec<_>>().join(", ");
                let rows: Vec<$crate::store::rows::ShareRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "select {columns}, g.given_at from \
                     (select share_id, min(recorded_at) as given_at, max(sequence) as latest \
                      from consent_records where carer_id = $1 group by share_id) g \
                     join consent_records c on c.share_id = g.share_id and c.sequence = g.latest \
                     order by case when c.change = 'withdrawn' then 1 else 0 end, g.given_at desc, c.share_id \
                     limit $2"
                )))
                .bind(carer_id.to_string())
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                let mut shares = rows.into_iter().map(TryInto::try_into).collect::<Result<Vec<app::domain::sharing::Share>, _>>()?;
                shares.sort_by_key(|s| std::cmp::Reverse((s.given_at, s.latest.recorded_at)));
                Ok(shares)
            }

            #[tracing::instrument(skip_all)]
            async fn consent_history(
                &self,
                carer_id: uuid::Uuid,
                before: Option<&app::domain::sharing::Older>,
                limit: u32,
            ) -> Result<Vec<app::domain::sharing::ConsentRecord>, app::ports::StoreError> {
                // With no place given, everything is older than the end of time.
                let (at, n, id) = match before {
                    Some(b) => (b.at, b.n, b.id.map(|id| id.to_string()).unwrap_or_default()),
                    None => (i64::MAX, i64::MAX, String::new()),
                };
                let rows: Vec<$crate::store::rows::ConsentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "select {} from consent_records where carer_id = $1 \
                     and (recorded_at < $2 or (recorded_at = $2 and (sequence < $3 or (sequence = $3 and consent_record_id < $4)))) \
                     order by recorded_at desc, sequence desc, consent_record_id desc limit $5",
                    $crate::store::rows::CONSENT_COLUMNS
                )))
                .bind(carer_id.to_string())
                .bind(at)
                .bind(n)
                .bind(id)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn consent_record(
                &self,
                carer_id: uuid::Uuid,
                record_id: uuid::Uuid,
            ) -> Result<Option<app::domain::sharing::ConsentRecord>, app::ports::StoreError> {
                let row: Option<$crate::store::rows::ConsentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "select {} from consent_records where consent_record_id = $1 and carer_id = $2",
                    $crate::store::rows::CONSENT_COLUMNS
                )))
                .bind(record_id.to_string())
                .bind(carer_id.to_string())
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                row.map(TryInto::try_into).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn consent_changes_since(
                &self,
                carer_id: uuid::Uuid,
                since: app::ports::Timestamp,
            ) -> Result<(u32, Option<app::ports::Timestamp>), app::ports::StoreError> {
                // A range of the (carer, time) index: at most a day's records.
                let (made, oldest): (i64, Option<i64>) = sqlx::query_as(
                    "select count(*), min(recorded_at) from consent_records \
                     where carer_id = $1 and recorded_at > $2 and change <> 'withdrawn'",
                )
                .bind(carer_id.to_string())
                .bind(since)
                .fetch_one(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                Ok((u32::try_from(made.max(0)).unwrap_or(u32::MAX), oldest))
            }

            #[tracing::instrument(skip_all)]
            async fn hand_off_of(&self, carer_id: uuid::Uuid) -> Result<Option<app::domain::sharing::HandOff>, app::ports::StoreError> {
                $crate::store::row_for!(&self.pool, $crate::store::rows::HandOffRow, format!("{} where h.carer_id = $1", $crate::store::rows::HANDOFF_SELECT), carer_id)
            }
        }

        #[async_trait::async_trait]
        impl app::ports::AllocationStore for $store {
            #[tracing::instrument(skip_all)]
            async fn ever_held(&self, carer_id: uuid::Uuid, worker_id: uuid::Uuid) -> Result<bool, app::ports::StoreError> {
                let (held,): (bool,) = sqlx::query_as(
                    "select exists (select 1 from allocation_events where carer_id = $1 and worker_id = $2)",
                )
                .bind(carer_id.to_string())
                .bind(worker_id.to_string())
                .fetch_one(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                Ok(held)
            }

            #[tracing::instrument(skip_all)]
            async fn queue(&self, limit: u32) -> Result<app::ports::Queue, app::ports::StoreError> {
                let rows: Vec<$crate::store::rows::HandOffRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    // The order of `app::domain::sharing::queue_order`, over the whole queue.
                    "{} where h.status = 'waiting' \
                     order by h.urgent desc, h.next_due_on, h.top_impact desc, h.handed_off_at, h.carer_id limit $1",
                    $crate::store::rows::HANDOFF_SELECT
                )))
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                let (total,): (i64,) = sqlx::query_as(
                    "select count(*) from (select 1 from handoffs where status = 'waiting' limit $1) counted",
                )
                .bind(app::ports::QUEUE_COUNTED_UP_TO as i64 + 1)
                .fetch_one(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok(app::ports::Queue {
                    plans: rows.into_iter().map(TryInto::try_into).collect::<Result<_, _>>()?,
                    total: total.max(0) as u64,
                })
            }

            #[tracing::instrument(skip_all)]
            async fn caseload(&self, worker_id: uuid::Uuid) -> Result<Vec<app::domain::sharing::HandOff>, app::ports::StoreError> {
                $crate::store::rows_for!(&self.pool, $crate::store::rows::HandOffRow, format!(
                    "{} where h.worker_id = $1 and h.status in ('allocated', 'withdrawn') \
                     order by h.status, h.urgent desc, h.allocated_at",
                    $crate::store::rows::HANDOFF_SELECT
                ), worker_id)
            }

            #[tracing::instrument(skip_all)]
            async fn allocations(&self) -> Result<Vec<app::domain::sharing::HandOff>, app::ports::StoreError> {
                let rows: Vec<$crate::store::rows::HandOffRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "{} where h.status = 'allocated' order by w.display_name, h.urgent desc, h.allocated_at",
                    $crate::store::rows::HANDOFF_SELECT
                )))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn pick_up(&self, carer_id: uuid::Uuid, worker_id: uuid::Uuid, now: app::ports::Timestamp) -> Result<app::ports::PickUp, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                // One conditional update: of two workers racing, one changes
                // the row and the other changes nothing.
                let taken = sqlx::query(
                    "update handoffs set status = 'allocated', worker_id = $1, allocated_at = $2, needs_reallocation = false \
                     where carer_id = $3 and status = 'waiting'",
                )
                .bind(worker_id.to_string())
                .bind(now)
                .bind(carer_id.to_string())
                .execute(&mut *tx)
                .await
                .map_err($crate::store::store_error)?
                .rows_affected();
                if taken == 1 {
                    $crate::store::record_allocation!(tx, carer_id, Some(worker_id), "picked-up", worker_id, now)?;
                    tx.commit().await.map_err($crate::store::store_error)?;
                    return Ok(app::ports::PickUp::PickedUp);
                }
                drop(tx);
                let now_with: Option<(String, Option<String>, Option<String>)> = sqlx::query_as(
                    "select h.status, h.worker_id, w.display_name from handoffs h \
                     left join users w on w.user_id = h.worker_id where h.carer_id = $1",
                )
                .bind(carer_id.to_string())
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                Ok(match now_with {
                    // Theirs already (a second press of the button): nothing to change.
                    Some((status, Some(id), _)) if status == "allocated" && id == worker_id.to_string() => {
                        app::ports::PickUp::PickedUp
                    }
                    Some((status, _, Some(name))) if status == "allocated" => app::ports::PickUp::AlreadyTaken(name),
                    _ => app::ports::PickUp::NotWaiting,
                })
            }

            #[tracing::instrument(skip_all)]
            async fn reallocate(&self, carer_id: uuid::Uuid, worker_id: uuid::Uuid, by: uuid::Uuid, now: app::ports::Timestamp) -> Result<bool, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                let moved = sqlx::query(
                    "update handoffs set status = 'allocated', worker_id = $1, allocated_at = $2, needs_reallocation = false \
                     where carer_id = $3 and status in ('waiting', 'allocated') \
                     and exists (select 1 from users where user_id = $1 and role = 'worker' and deactivated_at is null)",
                )
                .bind(worker_id.to_string())
                .bind(now)
                .bind(carer_id.to_string())
                .execute(&mut *tx)
                .await
                .map_err($crate::store::store_error)?
                .rows_affected();
                if moved != 1 {
                    return Ok(false);
                }
                $crate::store::record_allocation!(tx, carer_id, Some(worker_id), "reallocated", by, now)?;
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(true)
            }
        }

        #[async_trait::async_trait]
        impl app::ports::AccessStore for $store {
            #[tracing::instrument(skip_all)]
            async fn open_shared(
                &self,
                carer_id: uuid::Uuid,
                viewer: &app::ports::Viewer,
                what: &str,
                now: app::ports::Timestamp,
                allowed: &(dyn for<'h> Fn(&'h app::domain::sharing::HandOff) -> bool + Send + Sync),
            ) -> Result<Option<(app::domain::sharing::HandOff, Vec<app::domain::plan::PlanRecord>)>, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                // The log row first (a write, so this transaction holds the
                // write lock and no withdrawal can commit between the check
                // and the read), and only while the plan is this viewer's.
                let logged = sqlx::query(
                    "insert into access_log (carer_id, viewer_id, viewer_name, viewer_role, what, viewed_at) \
                     select h.carer_id, $2, $3, $4, $5, $6 from handoffs h \
                     where h.carer_id = $1 and h.worker_id = $2 and h.status = 'allocated'",
                )
                .bind(carer_id.to_string())
                .bind(viewer.id.to_string())
                .bind(&viewer.name)
                .bind(viewer.role.as_str())
                .bind(what)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err($crate::store::store_error)?
                .rows_affected();
                if logged != 1 {
                    return Ok(None);
                }
                let row: $crate::store::rows::HandOffRow =
                    sqlx::query_as(sqlx::AssertSqlSafe(format!("{} where h.carer_id = $1", $crate::store::rows::HANDOFF_SELECT)))
                        .bind(carer_id.to_string())
                        .fetch_one(&mut *tx)
                        .await
                        .map_err($crate::store::store_error)?;
                let handoff: app::domain::sharing::HandOff = row.try_into()?;
                if !allowed(&handoff) {
                    // Dropping the transaction rolls the log row back.
                    return Ok(None);
                }
                let rows: Vec<$crate::store::rows::PlanRow> = sqlx::query_as(
                    "select record_key, version, fields, created_at, updated_at from plan_records \
                     where carer_id = $1 order by record_key",
                )
                .bind(carer_id.to_string())
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::store::store_error)?;
                let records = rows.into_iter().map(TryInto::try_into).collect::<Result<Vec<_>, _>>()?;
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(Some((handoff, records)))
            }

            #[tracing::instrument(skip_all)]
            async fn access_log(&self, carer_id: uuid::Uuid) -> Result<Vec<app::domain::sharing::AccessRecord>, app::ports::StoreError> {
                let rows: Vec<$crate::store::rows::AccessRow> = sqlx::query_as(
                    "select access_id, viewer_name, viewer_role, what, viewed_at from access_log \
                     where carer_id = $1 order by viewed_at desc, access_id desc",
                )
                .bind(carer_id.to_string())
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            #[tracing::instrument(skip_all)]
            async fn access_history(
                &self,
                carer_id: uuid::Uuid,
                before: Option<&app::domain::sharing::Older>,
                limit: u32,
            ) -> Result<Vec<app::domain::sharing::AccessRecord>, app::ports::StoreError> {
                let (at, n) = before.map_or((i64::MAX, i64::MAX), |b| (b.at, b.n));
                let rows: Vec<$crate::store::rows::AccessRow> = sqlx::query_as(
                    "select access_id, viewer_name, viewer_role, what, viewed_at from access_log \
                     where carer_id = $1 and (viewed_at < $2 or (viewed_at = $2 and access_id < $3)) \
                     order by viewed_at desc, access_id desc limit $4",
                )
                .bind(carer_id.to_string())
                .bind(at)
                .bind(n)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }
        }

        #[async_trait::async_trait]
        impl app::ports::AgreementStore for $store {
            #[tracing::instrument(skip_all)]
            async fn agreement_of(&self, carer_id: uuid::Uuid) -> Result<Option<app::domain::agreement::Agreement>, app::ports::StoreError> {
                $crate::store::row_for!(&self.pool, $crate::store::rows::AgreementRow, format!(
                    "select {} from agreements a where a.carer_id = $1",
                    $crate::store::rows::AGREEMENT_COLUMNS
                ), carer_id)
            }

            #[tracing::instrument(skip_all)]
            async fn comments(&self, carer_id: uuid::Uuid) -> Result<Vec<app::domain::agreement::Comment>, app::ports::StoreError> {
                $crate::store::rows_for!(&self.pool, $crate::store::rows::CommentRow, "select comment_id, author_role, author_name, body, written_at from plan_comments \
                     where carer_id = $1 order by sequence", carer_id)
            }

            #[tracing::instrument(skip_all)]
            async fn send_for_signing(
                &self,
                carer_id: uuid::Uuid,
                version: i64,
                review_on: app::domain::calendar::Day,
                answer: Option<&app::domain::agreement::Comment>,
                now: app::ports::Timestamp,
            ) -> Result<bool, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                // The first send inserts the row; after that the version sent
                // must be the one stored, and the plan not with the carer already.
                // (`where true` keeps SQLite from reading `on` as a join.)
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
                .await
                .map_err($crate::store::store_error)?
                .rows_affected();
                if sent != 1 {
                    return Ok(false);
                }
                if let Some(answer) = answer {
                    $crate::store::insert_comment!(tx, carer_id, answer)?;
                }
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(true)
            }

            #[tracing::instrument(skip_all)]
            async fn comment_on_plan(
                &self,
                carer_id: uuid::Uuid,
                version: i64,
                comment: &app::domain::agreement::Comment,
            ) -> Result<bool, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                let moved = sqlx::query(
                    "update agreements set stage = 'commented', version = version + 1, updated_at = $1 \
                     where carer_id = $2 and version = $3 and stage = 'sent'",
                )
                .bind(comment.written_at)
                .bind(carer_id.to_string())
                .bind(version)
                .execute(&mut *tx)
                .await
                .map_err($crate::store::store_error)?
                .rows_affected();
                if moved != 1 {
                    return Ok(false);
                }
                $crate::store::insert_comment!(tx, carer_id, comment)?;
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(true)
            }

            #[tracing::instrument(skip_all)]
            async fn sign_plan(
                &self,
                carer_id: uuid::Uuid,
                version: i64,
                fingerprint: &str,
                id: uuid::Uuid,
                now: app::ports::Timestamp,
            ) -> Result<app::ports::Signing, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                // The stage first (a write, so nothing can be saved into the
                // plan between the fingerprint check and the snapshot), and
                // only while the plan is still with its worker.
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
                .await
                .map_err($crate::store::store_error)?
                .rows_affected();
                if signed != 1 {
                    return Ok(app::ports::Signing::NotWaiting);
                }
                let rows: Vec<$crate::store::rows::PlanRow> = sqlx::query_as(
                    "select record_key, version, fields, created_at, updated_at from plan_records \
                     where carer_id = $1 order by record_key",
                )
                .bind(carer_id.to_string())
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::store::store_error)?;
                let records = rows.into_iter().map(TryInto::try_into).collect::<Result<Vec<_>, _>>()?;
                let plan = app::domain::agreement::agreed_part(&app::domain::plan::Plan { records });
                let (review_on, worker_name): (Option<String>, String) = sqlx::query_as(
                    "select a.review_on, coalesce(w.display_name, '') from agreements a \
                     join handoffs h on h.carer_id = a.carer_id left join users w on w.user_id = h.worker_id \
                     where a.carer_id = $1",
                )
                .bind(carer_id.to_string())
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::store::store_error)?;
                let review_on = review_on.ok_or_else(|| app::ports::StoreError::Other("a sent plan has no review date".into()))?;
                let review_day = app::domain::calendar::Day::parse(&review_on)
                    .ok_or_else(|| app::ports::StoreError::Other("unreadable review date".into()))?;
                // The plan and the review date the carer's page showed, or nothing is signed.
                if app::domain::agreement::fingerprint(&plan, Some(review_day)) != fingerprint {
                    // Dropping the transaction puts the stage back.
                    return Ok(app::ports::Signing::Changed);
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
                .bind($crate::store::rows::encode_records(&plan.records)?)
                .execute(&mut *tx)
                .await
                .map_err($crate::store::store_error)?;
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(app::ports::Signing::Signed(app::domain::agreement::AgreedPlan {
                    id,
                    agreed_at: now,
                    review_on: review_day,
                    worker_name,
                    plan,
                }))
            }

            #[tracing::instrument(skip_all)]
            async fn agreed_plans(&self, carer_id: uuid::Uuid) -> Result<Vec<app::domain::agreement::AgreedPlan>, app::ports::StoreError> {
                $crate::store::rows_for!(&self.pool, $crate::store::rows::AgreedPlanRow, "select agreed_plan_id, agreed_at, review_on, worker_name, records from agreed_plans \
                     where carer_id = $1 order by agreed_at desc, agreed_plan_id", carer_id)
            }

            #[tracing::instrument(skip_all)]
            async fn ask_for_review(&self, carer_id: uuid::Uuid, day: app::domain::calendar::Day) -> Result<bool, app::ports::StoreError> {
                let marked = sqlx::query(
                    "update agreements set review_asked_on = coalesce(review_asked_on, $1) \
                     where carer_id = $2 and stage = 'agreed'",
                )
                .bind(day.iso())
                .bind(carer_id.to_string())
                .execute(&self.writer)
                .await
                .map_err($crate::store::store_error)?
                .rows_affected();
                Ok(marked == 1)
            }

            #[tracing::instrument(skip_all)]
            async fn reviews_to_remind(&self, by: app::domain::calendar::Day, limit: u32) -> Result<Vec<uuid::Uuid>, app::ports::StoreError> {
                let rows: Vec<(String,)> = sqlx::query_as(
                    "select a.carer_id from agreements a join handoffs h on h.carer_id = a.carer_id \
                     where a.stage = 'agreed' and a.review_on <= $1 and a.review_reminded_at is null \
                     and h.status = 'allocated' order by a.review_on limit $2",
                )
                .bind(by.iso())
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                rows.into_iter()
                    .map(|(id,)| uuid::Uuid::parse_str(&id).map_err(|_| app::ports::StoreError::Other("unreadable id".into())))
                    .collect()
            }

            #[tracing::instrument(skip_all)]
            async fn mark_reminded(&self, carer_id: uuid::Uuid, now: app::ports::Timestamp) -> Result<bool, app::ports::StoreError> {
                let marked = sqlx::query(
                    "update agreements set review_reminded_at = $1 where carer_id = $2 and review_reminded_at is null",
                )
                .bind(now)
                .bind(carer_id.to_string())
                .execute(&self.writer)
                .await
                .map_err($crate::store::store_error)?
                .rows_affected();
                Ok(marked == 1)
            }

            #[tracing::instrument(skip_all)]
            async fn agreements_of_worker(&self, worker_id: uuid::Uuid) -> Result<Vec<app::domain::agreement::Agreement>, app::ports::StoreError> {
                $crate::store::rows_for!(&self.pool, $crate::store::rows::AgreementRow, format!(
                    "select {} from agreements a join handoffs h on h.carer_id = a.carer_id \
                     where h.worker_id = $1 and h.status = 'allocated'",
                    $crate::store::rows::AGREEMENT_COLUMNS
                ), worker_id)
            }
        }

        #[async_trait::async_trait]
        impl app::ports::ReferralStore for $store {
            #[tracing::instrument(skip_all)]
            async fn refer(
                &self,
                referral: &app::domain::referral::Referral,
                share_sequence: i64,
                package: &[app::domain::plan::PlanRecord],
                viewer: &app::ports::Viewer,
            ) -> Result<bool, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                // The referral first, and only while its basis holds: the
                // plan is this worker's, and the share to social work is
                // current and as the worker saw it (or a legal reason is given).
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
                .bind($crate::store::rows::encode_records(package)?)
                .bind(share_sequence)
                .execute(&mut *tx)
                .await
                .map_err($crate::store::store_error)?
                .rows_affected();
                if written != 1 {
                    return Ok(false);
                }
                let what = if referral.legal_reason.is_some() { "referral-legal" } else { "referral" };
                sqlx::query(
                    "insert into access_log (carer_id, viewer_id, viewer_name, viewer_role, what, viewed_at) \
                     values ($1, $2, $3, $4, $5, $6)",
                )
                .bind(referral.carer_id.to_string())
                .bind(viewer.id.to_string())
                .bind(&viewer.name)
                .bind(viewer.role.as_str())
                .bind(what)
                .bind(referral.referred_at)
                .execute(&mut *tx)
                .await
                .map_err($crate::store::store_error)?;
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(true)
            }

            #[tracing::instrument(skip_all)]
            async fn referrals(&self, carer_id: uuid::Uuid) -> Result<Vec<app::domain::referral::Referral>, app::ports::StoreError> {
                $crate::store::rows_for!(&self.pool, $crate::store::rows::ReferralRow, format!(
                    "select {} from referrals r where r.carer_id = $1 order by r.referred_at desc, r.referral_id",
                    $crate::store::rows::REFERRAL_COLUMNS
                ), carer_id)
            }

            #[tracing::instrument(skip_all)]
            async fn open_referral(
                &self,
                referral_id: uuid::Uuid,
                viewer: &app::ports::Viewer,
                now: app::ports::Timestamp,
            ) -> Result<Option<(app::domain::referral::Referral, Vec<app::domain::plan::PlanRecord>)>, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                // The log row first (a write: no withdrawal can commit between
                // the check and the read), only while the referral stands.
                let logged = sqlx::query(
                    "insert into access_log (carer_id, viewer_id, viewer_name, viewer_role, what, viewed_at) \
                     select r.carer_id, $2, $3, $4, 'referral-package', $5 from referrals r \
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
                .execute(&mut *tx)
                .await
                .map_err($crate::store::store_error)?
                .rows_affected();
                if logged != 1 {
                    return Ok(None);
                }
                let row: $crate::store::rows::ReferralPackageRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "select {}, r.package from referrals r where r.referral_id = $1",
                    $crate::store::rows::REFERRAL_COLUMNS
                )))
                .bind(referral_id.to_string())
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::store::store_error)?;
                let package = $crate::store::rows::decode_package(&row.package)?;
                let referral = row.referral.try_into()?;
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(Some((referral, package)))
            }

            #[tracing::instrument(skip_all)]
            async fn referral(&self, referral_id: uuid::Uuid) -> Result<Option<app::domain::referral::Referral>, app::ports::StoreError> {
                $crate::store::row_for!(&self.pool, $crate::store::rows::ReferralRow, format!(
                    "select {} from referrals r where r.referral_id = $1",
                    $crate::store::rows::REFERRAL_COLUMNS
                ), referral_id)
            }

            #[tracing::instrument(skip_all)]
            async fn legal_referrals(&self) -> Result<Vec<(app::domain::referral::Referral, String)>, app::ports::StoreError> {
                let rows: Vec<$crate::store::rows::NamedReferralRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "select {}, c.display_name as carer_name from referrals r join users c on c.user_id = r.carer_id \
                     where r.legal_reason is not null order by r.referred_at desc, r.referral_id",
                    $crate::store::rows::REFERRAL_COLUMNS
                )))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                rows.into_iter().map(|row| Ok((row.referral.try_into()?, row.carer_name))).collect()
            }
        }

        #[async_trait::async_trait]
        impl app::ports::FiguresStore for $store {
            #[tracing::instrument(skip_all)]
            async fn plan_days(&self) -> Result<Vec<app::domain::figures::PlanDays>, app::ports::StoreError> {
                let rows: Vec<$crate::store::rows::PlanDaysRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "{} where u.role = 'carer'",
                    $crate::store::rows::PLAN_DAYS_SELECT
                )))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                // Erased carers still count, from what their tombstones kept.
                let buried: Vec<(String,)> = sqlx::query_as("select days from erased_plans")
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?;
                let mut days: Vec<app::domain::figures::PlanDays> = rows.into_iter().map(Into::into).collect();
                for (json,) in buried {
                    days.push(serde_json::from_str(&json).map_err(|e| app::ports::StoreError::Other(Box::new(e)))?);
                }
                Ok(days)
            }
        }

        #[async_trait::async_trait]
        impl app::ports::DeletionStore for $store {
            #[tracing::instrument(skip_all)]
            async fn deletion_request(&self, carer_id: uuid::Uuid) -> Result<Option<app::domain::deletion::DeletionRequest>, app::ports::StoreError> {
                $crate::store::row_for!(&self.pool, $crate::store::rows::DeletionRequestRow, format!(
                    "select {} from deletion_requests d where d.carer_id = $1",
                    $crate::store::rows::DELETION_COLUMNS
                ), carer_id)
            }

            #[tracing::instrument(skip_all)]
            async fn deletion_requests(&self) -> Result<Vec<(app::domain::deletion::DeletionRequest, String)>, app::ports::StoreError> {
                let rows: Vec<$crate::store::rows::NamedDeletionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "select {}, u.display_name as carer_name from deletion_requests d join users u on u.user_id = d.carer_id \
                     order by d.due_on, d.requested_at, d.carer_id",
                    $crate::store::rows::DELETION_COLUMNS
                )))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                rows.into_iter().map(|row| Ok((row.request.try_into()?, row.carer_name))).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn request_deletion(
                &self,
                request: &app::domain::deletion::DeletionRequest,
                withdrawals: &[app::domain::sharing::ConsentRecord],
            ) -> Result<bool, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                let asked = sqlx::query(
                    "insert into deletion_requests (carer_id, requested_at, due_on, status, version) values ($1, $2, $3, 'requested', 1)",
                )
                .bind(request.carer_id.to_string())
                .bind(request.requested_at)
                .bind(request.due_on.iso())
                .execute(&mut *tx)
                .await;
                if !$crate::store::wrote_one(asked.map(|d| d.rows_affected()))? {
                    return Ok(false);
                }
                for consent in withdrawals {
                    if !$crate::store::apply_consent!(tx, request.carer_id, consent, None, true)? {
                        return Ok(false);
                    }
                }
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(true)
            }

            #[tracing::instrument(skip_all)]
            async fn set_hold(
                &self,
                carer_id: uuid::Uuid,
                version: i64,
                hold: &app::domain::deletion::Hold,
            ) -> Result<bool, app::ports::StoreError> {
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
                .execute(&self.writer)
                .await;
                Ok(done.map_err($crate::store::store_error)?.rows_affected() == 1)
            }

            #[tracing::instrument(skip_all)]
            async fn release_hold(
                &self,
                carer_id: uuid::Uuid,
                version: i64,
                released_at: app::ports::Timestamp,
                due_on: app::domain::calendar::Day,
            ) -> Result<bool, app::ports::StoreError> {
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
                .execute(&self.writer)
                .await;
                Ok(done.map_err($crate::store::store_error)?.rows_affected() == 1)
            }

            #[tracing::instrument(skip_all)]
            async fn delete_unshared_plan(&self, carer_id: uuid::Uuid) -> Result<bool, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                // A marker first (a write, so no share can be given between
                // the check and the deletion), only if nothing was ever shared.
                let marked = sqlx::query(
                    "insert into deletion_requests (carer_id, requested_at, due_on, status, version) \
                     select $1, 0, '1970-01-01', 'erasing', 1 \
                     where not exists (select 1 from consent_records where carer_id = $1)",
                )
                .bind(carer_id.to_string())
                .execute(&mut *tx)
                .await;
                if !$crate::store::wrote_one(marked.map(|d| d.rows_affected()))? {
                    return Ok(false);
                }
                $crate::store::bury!(tx, carer_id);
                for sql in ["delete from plan_records where carer_id = $1", "delete from deletion_requests where carer_id = $1"] {
                    sqlx::query(sql).bind(carer_id.to_string()).execute(&mut *tx).await.map_err($crate::store::store_error)?;
                }
                tx.commit().await.map_err($crate::store::store_error)?;
                self.compact_after_erasure().await;
                Ok(true)
            }

            #[tracing::instrument(skip_all)]
            async fn begin_erasure(
                &self,
                carer_id: uuid::Uuid,
                version: Option<i64>,
                now: app::ports::Timestamp,
            ) -> Result<bool, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                let marked = match version {
                    Some(version) => sqlx::query(
                        "update deletion_requests set status = 'erasing', version = version + 1 \
                         where carer_id = $1 and version = $2 and status = 'requested'",
                    )
                    .bind(carer_id.to_string())
                    .bind(version)
                    .execute(&mut *tx)
                    .await,
                    None => sqlx::query(
                        "insert into deletion_requests (carer_id, requested_at, due_on, status, version) \
                         select $1, $2, $3, 'erasing', 1 \
                         where not exists (select 1 from consent_records where carer_id = $1)",
                    )
                    .bind(carer_id.to_string())
                    .bind(now)
                    .bind(app::domain::calendar::uk_day(now).iso())
                    .execute(&mut *tx)
                    .await,
                };
                if !$crate::store::wrote_one(marked.map(|d| d.rows_affected()))? {
                    return Ok(false);
                }
                // Their sessions end with the first step: from the next request
                // nobody is signed in as them while the rest goes. Each browser
                // that held one is told to forget its drafts when it comes back.
                sqlx::query("insert into erased_sessions (token_hash, erased_at) select token_hash, $2 from sessions where user_id = $1")
                    .bind(carer_id.to_string())
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::store::store_error)?;
                sqlx::query("delete from sessions where user_id = $1")
                    .bind(carer_id.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::store::store_error)?;
                tx.commit().await.map_err($crate::store::store_error)?;
                Ok(true)
            }

            #[tracing::instrument(skip_all)]
            async fn finish_erasure(&self, carer_id: uuid::Uuid, account_key: &str) -> Result<bool, app::ports::StoreError> {
                let mut tx = self.writer.begin().await.map_err($crate::store::store_error)?;
                let begun = sqlx::query("update deletion_requests set version = version + 1 where carer_id = $1 and status = 'erasing'")
                    .bind(carer_id.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::store::store_error)?
                    .rows_affected();
                if begun != 1 {
                    return Ok(false);
                }
                $crate::store::bury!(tx, carer_id);
                sqlx::query("delete from failed_sign_ins where account_key = $1")
                    .bind(account_key)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::store::store_error)?;
                // Every other row about the carer hangs from their account
                // (`on delete cascade`): sessions, invitations, plan records
                // (their worker's too), consent records, the hand-off and its
                // allocation events, the access log, agreements, comments,
                // agreed plans, referrals and this request.
                sqlx::query("delete from users where user_id = $1 and role = 'carer'")
                    .bind(carer_id.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::store::store_error)?;
                tx.commit().await.map_err($crate::store::store_error)?;
                self.compact_after_erasure().await;
                Ok(true)
            }

            #[tracing::instrument(skip_all)]
            async fn erasures_pending(&self) -> Result<Vec<uuid::Uuid>, app::ports::StoreError> {
                let rows: Vec<(String,)> = sqlx::query_as("select carer_id from deletion_requests where status = 'erasing'")
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?;
                rows.into_iter()
                    .map(|(id,)| uuid::Uuid::parse_str(&id).map_err(|e| app::ports::StoreError::Other(Box::new(e))))
                    .collect()
            }
        }
    };
}
pub(crate) use sql_store;

/// One autosave: these fields of one plan record, if it is still at
/// `base_version`.
#[derive(Debug)]
pub(crate) struct Save {
    pub carer: String,
    pub key: String,
    pub base_version: i64,
    pub changes: std::collections::BTreeMap<String, String>,
    pub now: app::ports::Timestamp,
}

/// Writes one [`Save`] on `$on` (a pool, or a transaction's connection)
/// and says how it went. It reads the record; if that is still the base
/// version, one conditional update writes the merged fields and the next
/// version, and refuses if anyone saved in between (every save moves the
/// version on), so nothing another save wrote is ever overwritten. A new
/// record is one insert, which a racing first save refuses. Each write is
/// a single statement, so a save is never half written, on its own or
/// inside a batch.
macro_rules! save_fields {
    ($on:expr, $save:expr) => {{
        let save: &$crate::store::Save = $save;
        async {
            use app::domain::plan::SaveOutcome;
            // Read, then write; if someone saved in between, the second
            // read says what they saved.
            let mut first = true;
            loop {
                let current: Option<(i64, String)> =
                    sqlx::query_as("select version, fields from plan_records where carer_id = $1 and record_key = $2")
                        .bind(&save.carer)
                        .bind(&save.key)
                        .fetch_optional($on)
                        .await
                        .map_err($crate::store::store_error)?;
                match current {
                    Some((version, stored)) if first && version == save.base_version => {
                        let mut fields = $crate::store::rows::decode_fields(&stored)?;
                        fields.extend(save.changes.iter().map(|(k, v)| (k.clone(), v.clone())));
                        let wrote = sqlx::query(
                            "update plan_records set version = version + 1, updated_at = $1, fields = $2 \
                             where carer_id = $3 and record_key = $4 and version = $5",
                        )
                        .bind(save.now)
                        .bind($crate::store::rows::encode_fields(&fields)?)
                        .bind(&save.carer)
                        .bind(&save.key)
                        .bind(save.base_version)
                        .execute($on)
                        .await
                        .map_err($crate::store::store_error)?
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
                        .bind($crate::store::rows::encode_fields(&save.changes)?)
                        .bind(save.now)
                        .execute($on)
                        .await;
                        if $crate::store::wrote_one(inserted.map(|done| done.rows_affected()))? {
                            return Ok(SaveOutcome::Saved { version: 1 });
                        }
                    }
                    other => return $crate::store::saved_first(save, other),
                }
                first = false;
            }
        }
        .await
    }};
}
pub(crate) use save_fields;

/// What a [`Save`] that came second is told: the version now stored
/// (none if the record is gone) and the stored values of the fields it was
/// saving; nothing of it was saved.
pub(crate) fn saved_first(
    save: &Save,
    current: Option<(i64, String)>,
) -> Result<app::domain::plan::SaveOutcome, StoreError> {
    let (version, stored) = current.unwrap_or((0, "{}".to_owned()));
    let stored = rows::decode_fields(&stored)?;
    let theirs = save.changes.keys().map(|k| (k.clone(), stored.get(k).cloned().unwrap_or_default())).collect();
    Ok(app::domain::plan::SaveOutcome::Conflict { version, theirs })
}

/// Every row of type `$row` that `$sql` finds for one id (bound as `$1`),
/// each turned into its domain record: the shape of every "all of one
/// carer's …" read.
macro_rules! rows_for {
    ($pool:expr, $row:ty, $sql:expr, $id:expr) => {{
        let rows: Vec<$row> = sqlx::query_as(sqlx::AssertSqlSafe(::std::string::String::from($sql)))
            .bind($id.to_string())
            .fetch_all($pool)
            .await
            .map_err($crate::store::store_error)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }};
}
pub(crate) use rows_for;

/// The one row of type `$row` that `$sql` finds for a key (bound as `$1`),
/// if any, turned into its domain record.
macro_rules! row_for {
    ($pool:expr, $row:ty, $sql:expr, $key:expr) => {{
        let row: Option<$row> = sqlx::query_as(sqlx::AssertSqlSafe(::std::string::String::from($sql)))
            .bind($key.to_string())
            .fetch_optional($pool)
            .await
            .map_err($crate::store::store_error)?;
        row.map(TryInto::try_into).transpose()
    }};
}
pub(crate) use row_for;

/// Adds one comment inside a transaction (`tx`) that has already written
/// (so no other comment on the plan can take the same place).
macro_rules! insert_comment {
    ($tx:ident, $carer:expr, $comment:expr) => {{
        let comment: &app::domain::agreement::Comment = $comment;
        sqlx::query(
            "insert into plan_comments (comment_id, carer_id, sequence, author_role, author_name, body, written_at) \
             select $1, $2, coalesce(max(sequence), 0) + 1, $3, $4, $5, $6 from plan_comments where carer_id = $2",
        )
        .bind(comment.id.to_string())
        .bind($carer.to_string())
        .bind(comment.author_role.as_str())
        .bind(&comment.author_name)
        .bind(&comment.body)
        .bind(comment.written_at)
        .execute(&mut *$tx)
        .await
        .map(|_| ())
        .map_err($crate::store::store_error)
    }};
}
pub(crate) use insert_comment;

/// Adds one consent record inside a transaction (`tx`), for the store of
/// either engine; `Duplicate` when its sequence is taken in its share.
macro_rules! insert_consent {
    ($tx:ident, $carer:expr, $consent:expr) => {{
        let consent: &app::domain::sharing::ConsentRecord = $consent;
        sqlx::query(
            "insert into consent_records (consent_record_id, carer_id, share_id, sequence, recipient, change, \
             sections, purpose, wording, recorded_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(consent.id.to_string())
        .bind($carer.to_string())
        .bind(consent.share_id.to_string())
        .bind(consent.sequence)
        .bind(consent.recipient.as_str())
        .bind(consent.change.as_str())
        .bind(&consent.sections)
        .bind(&consent.purpose)
        .bind(&consent.wording)
        .bind(consent.recorded_at)
        .execute(&mut *$tx)
        .await
        .map(|_| ())
        .map_err($crate::store::store_error)
    }};
}
pub(crate) use insert_consent;

/// Adds one allocation event inside a transaction (`tx`).
macro_rules! record_allocation {
    ($tx:ident, $carer:expr, $worker:expr, $event:expr, $by:expr, $now:expr) => {{
        let worker: Option<uuid::Uuid> = $worker;
        sqlx::query(
            "insert into allocation_events (carer_id, worker_id, event, by_id, happened_at) values ($1, $2, $3, $4, $5)",
        )
        .bind($carer.to_string())
        .bind(worker.map(|w| w.to_string()))
        .bind($event)
        .bind($by.to_string())
        .bind($now)
        .execute(&mut *$tx)
        .await
        .map(|_| ())
        .map_err($crate::store::store_error)
    }};
}
pub(crate) use record_allocation;

/// Adds one consent record to a share that is not withdrawn inside a
/// transaction (`tx`), and brings its hand-off in step (the sections shared
/// now, and whether it is withdrawn). `Ok(false)`, with nothing more
/// written, when the record's sequence is taken (someone changed the share
/// first) or the share was withdrawn: the caller then drops the transaction.
macro_rules! apply_consent {
    ($tx:ident, $carer:expr, $consent:expr, $top_impact:expr, $withdraw:expr) => {
        'apply: {
            let carer: uuid::Uuid = $carer;
            let consent: &app::domain::sharing::ConsentRecord = $consent;
            let top_impact: Option<i64> = $top_impact;
            let withdraw: bool = $withdraw;
            match $crate::store::insert_consent!($tx, carer, consent) {
                Ok(()) => {}
                Err(app::ports::StoreError::Duplicate(_)) => break 'apply Ok(false),
                Err(other) => break 'apply Err(other),
            }
            if consent.recipient != app::domain::sharing::Recipient::Centre {
                // A share to social work puts nothing in the queue; withdrawing
                // it withdraws every referral sent on the strength of it.
                if withdraw
                    && let Err(e) = sqlx::query("update referrals set withdrawn_at = $1 where share_id = $2 and withdrawn_at is null")
                        .bind(consent.recorded_at)
                        .bind(consent.share_id.to_string())
                        .execute(&mut *$tx)
                        .await
                {
                    break 'apply Err($crate::store::store_error(e));
                }
                break 'apply Ok(true);
            }
            // A withdrawn plan keeps its worker named, so their caseload
            // can say consent was withdrawn; every read checks the status.
            match sqlx::query(
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
            .execute(&mut *$tx)
            .await
            {
                Ok(done) => Ok(done.rows_affected() == 1),
                Err(e) => Err($crate::store::store_error(e)),
            }
        }
    };
}
pub(crate) use apply_consent;

/// Keeps what the figures need of one carer's plan, inside a transaction
/// (`tx`) that is about to delete it: its days, as an anonymous tombstone
/// with nothing that leads back to the carer.
macro_rules! bury {
    ($tx:ident, $carer:expr) => {{
        let row: $crate::store::rows::PlanDaysRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{} where u.user_id = $1",
            $crate::store::rows::PLAN_DAYS_SELECT
        )))
        .bind($carer.to_string())
        .fetch_one(&mut *$tx)
        .await
        .map_err($crate::store::store_error)?;
        let days: app::domain::figures::PlanDays = row.into();
        if days != app::domain::figures::PlanDays::default() {
            let json = serde_json::to_string(&days).map_err(|e| app::ports::StoreError::Other(Box::new(e)))?;
            sqlx::query("insert into erased_plans (days) values ($1)")
                .bind(json)
                .execute(&mut *$tx)
                .await
                .map_err($crate::store::store_error)?;
        }
    }};
}
pub(crate) use bury;
