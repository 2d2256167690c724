//! Signed-in browsers, and the sessions an erasure or a deactivation ended.

use super::{Db, Store};
use crate::store::rows::SessionUserRow;
use crate::store::{Backend, DbError};
use app::ports::{SessionRecord, SessionStore, SessionWindow, StoreError, Timestamp, UserRecord};
use async_trait::async_trait;
use sqlx::Pool;

async fn insert_session(writer: &Pool<Db>, session: &SessionRecord) -> Result<(), DbError> {
    sqlx::query(
        "insert into sessions (token_hash, user_id, created_at, last_seen_at, shared_device) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(&session.token_hash)
    .bind(session.user_id.to_string())
    .bind(session.created_at)
    .bind(session.last_seen_at)
    .bind(session.shared_device)
    .execute(writer)
    .await?;
    Ok(())
}

/// One read on nearly every request; a write only when the session was
/// last marked over a minute ago, and never one that revives an ended
/// session. A race between two requests both marking it is harmless (the
/// later time wins).
async fn touch_session(
    pool: &Pool<Db>,
    writer: &Pool<Db>,
    token_hash: &str,
    now: Timestamp,
    window: SessionWindow,
) -> Result<Option<(SessionRecord, UserRecord)>, DbError> {
    let row: Option<SessionUserRow> = sqlx::query_as(
        "select s.token_hash, s.created_at as session_created_at, s.last_seen_at, s.shared_device, \
         u.user_id, u.email, u.display_name, u.password_hash, u.role, u.created_at, u.deactivated_at \
         from sessions s join users u on u.user_id = s.user_id \
         where s.token_hash = $1 and s.last_seen_at >= $2 and s.created_at >= $3 and u.deactivated_at is null",
    )
    .bind(token_hash)
    .bind(window.idle_since)
    .bind(window.started_since)
    .fetch_optional(pool)
    .await?;
    let Some((mut session, user)) = row.map(SessionUserRow::into_records).transpose()? else {
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
        .execute(writer)
        .await?;
        if marked.rows_affected() == 1 {
            session.last_seen_at = now;
        }
    }
    Ok(Some((session, user)))
}

async fn delete_session(writer: &Pool<Db>, token_hash: &str) -> Result<(), DbError> {
    sqlx::query("delete from sessions where token_hash = $1").bind(token_hash).execute(writer).await?;
    Ok(())
}

async fn remove_ended_sessions(writer: &Pool<Db>, window: SessionWindow) -> Result<u64, DbError> {
    let removed = sqlx::query("delete from sessions where last_seen_at < $1 or created_at < $2")
        .bind(window.idle_since)
        .bind(window.started_since)
        .execute(writer)
        .await?
        .rows_affected();
    Ok(removed)
}

async fn take_erased_session(writer: &Pool<Db>, token_hash: &str) -> Result<bool, DbError> {
    let taken = sqlx::query("delete from erased_sessions where token_hash = $1").bind(token_hash).execute(writer).await?.rows_affected();
    Ok(taken == 1)
}

async fn forget_erased_sessions(writer: &Pool<Db>, before: Timestamp) -> Result<u64, DbError> {
    let forgotten = sqlx::query("delete from erased_sessions where erased_at < $1").bind(before).execute(writer).await?.rows_affected();
    Ok(forgotten)
}

#[async_trait]
impl SessionStore for Store {
    #[tracing::instrument(skip_all)]
    async fn insert_session(&self, session: &SessionRecord) -> Result<(), StoreError> {
        Ok(insert_session(self.writer(), session).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn touch_session(
        &self,
        token_hash: &str,
        now: Timestamp,
        window: SessionWindow,
    ) -> Result<Option<(SessionRecord, UserRecord)>, StoreError> {
        Ok(touch_session(self.reader(), self.writer(), token_hash, now, window).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        Ok(delete_session(self.writer(), token_hash).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn remove_ended_sessions(&self, window: SessionWindow) -> Result<u64, StoreError> {
        Ok(remove_ended_sessions(self.writer(), window).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn take_erased_session(&self, token_hash: &str) -> Result<bool, StoreError> {
        Ok(take_erased_session(self.writer(), token_hash).await?)
    }

    #[tracing::instrument(skip_all)]
    async fn forget_erased_sessions(&self, before: Timestamp) -> Result<u64, StoreError> {
        Ok(forget_erased_sessions(self.writer(), before).await?)
    }
}
