//! SQLite: the default, one file and no server to set up.

use super::{sql_store, store_error};
use app::ports::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// The store on an SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
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
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(store_error)?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Other(Box::new(e)))?;
        Ok(SqliteStore { pool })
    }

    /// The pool, for tests that look at the file's settings.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

sql_store!(SqliteStore);
