//! SQLite: the default, one file and no server to set up.

use super::{sql_store, store_error};
use app::ports::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// The store on an SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Readers, side by side.
    pool: SqlitePool,
    /// The one connection that writes (see the store's module notes).
    writer: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the file the URL names, in WAL mode with
    /// foreign keys enforced and `secure_delete` on, so deleted text is
    /// overwritten in the file rather than left in free pages; then migrates.
    ///
    /// `synchronous = FULL`: every commit is flushed to the disk before the
    /// save is confirmed. The browser forgets its draft once a save is
    /// confirmed, so a confirmed save must survive a power cut, not only a
    /// crash of the process (which `NORMAL` in WAL mode already survives).
    pub async fn connect(url: &str) -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(store_error)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .pragma("secure_delete", "on");
        let file = options.get_filename();
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Other(Box::new(e)))?;
        }
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            // Writes wait their turn here rather than in SQLite.
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.clone())
            .await
            .map_err(store_error)?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&writer)
            .await
            .map_err(|e| StoreError::Other(Box::new(e)))?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(store_error)?;
        Ok(SqliteStore { pool, writer })
    }

    /// After an erasure: copies the write-ahead log into the database file
    /// and empties it, so the deleted text is in neither file (`secure_delete`
    /// has already overwritten it in the database's own pages). A reader
    /// still in the middle of a read can hold the log back for a moment, so
    /// it tries a few times; the log is emptied at the next checkpoint anyway.
    async fn compact_after_erasure(&self) {
        for attempt in 0..20 {
            match sqlx::query_as::<_, (i64, i64, i64)>("pragma wal_checkpoint(truncate)").fetch_one(&self.pool).await {
                Ok((0, _, _)) => return,
                Ok(_) => tokio::time::sleep(Duration::from_millis(50 * (attempt + 1))).await,
                Err(error) => {
                    tracing::warn!(%error, "could not checkpoint the write-ahead log after an erasure");
                    return;
                }
            }
        }
        tracing::warn!("the write-ahead log was busy after an erasure; it is emptied at the next checkpoint");
    }

    /// The pool, for tests that look at the file's settings.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

sql_store!(SqliteStore);
