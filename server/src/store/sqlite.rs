//! SQLite: the default, one file and no server to set up.

use super::sqlite_sql::plan::save_fields;
use super::{Backend, DbError, Save, store_error};
use app::domain::plan::SaveOutcome;
use app::ports::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// At most this many autosaves share one commit.
const MOST_SAVES_PER_COMMIT: usize = 64;

/// The store on an SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Readers, side by side.
    pool: SqlitePool,
    /// The one connection that writes (see the store's module notes).
    writer: SqlitePool,
    /// Autosaves waiting to be committed together (see [`commit_saves`]).
    saves: mpsc::Sender<Waiting>,
}

/// An autosave waiting for its commit, and where to say how it went.
#[derive(Debug)]
struct Waiting {
    save: Save,
    reply: oneshot::Sender<Result<SaveOutcome, DbError>>,
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
        sqlx::migrate!("./migrations/sqlite").run(&writer).await.map_err(|e| StoreError::Other(Box::new(e)))?;
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await.map_err(store_error)?;
        let (saves, waiting) = mpsc::channel(4 * MOST_SAVES_PER_COMMIT);
        tokio::spawn(commit_saves(writer.clone(), waiting));
        Ok(SqliteStore { pool, writer, saves })
    }

    /// The pool, for tests that look at the file's settings.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// How SQLite differs: one writer connection, autosaves committed
/// together, and the write-ahead log emptied after an erasure.
impl Backend for SqliteStore {
    type Db = sqlx::Sqlite;

    fn reader(&self) -> &SqlitePool {
        &self.pool
    }

    fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// One autosave, committed together with any others waiting (see
    /// [`commit_saves`]); answers once its commit is on disk.
    async fn save(&self, save: Save) -> Result<SaveOutcome, DbError> {
        let (reply, outcome) = oneshot::channel();
        let stopped = || DbError::from(StoreError::Other("the autosave writer has stopped".into()));
        self.saves.send(Waiting { save, reply }).await.map_err(|_| stopped())?;
        outcome.await.map_err(|_| stopped())?
    }

    /// Attempts take turns already: every write goes through the one
    /// writer connection, and the attempt's transaction begins by writing.
    async fn take_attempt_locks(_tx: &mut sqlx::SqliteConnection, _keys: &[&str]) -> Result<(), DbError> {
        Ok(())
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
}

/// Commits autosaves together ("group commit"). With `synchronous = FULL`
/// each commit waits for the disk (about a millisecond here), and with one
/// writer the commits queue: 64 carers saving at once waited for 64 flushes
/// in turn. Here every autosave that arrives while a commit is on its way
/// waits for the next one, which writes them all in one transaction and
/// flushes once. Each save is a single write (see [`save_fields`]), so one
/// that fails leaves nothing half written and takes none of the others
/// with it. Each carer is answered only after that commit, so a confirmed
/// save is on disk. Saves are applied in the order they came, as if one
/// after another: of two saves from the same version, the second is told
/// the first saved first.
async fn commit_saves(writer: SqlitePool, mut waiting: mpsc::Receiver<Waiting>) {
    let mut batch = Vec::with_capacity(MOST_SAVES_PER_COMMIT);
    while waiting.recv_many(&mut batch, MOST_SAVES_PER_COMMIT).await > 0 {
        match save_together(&writer, &batch).await {
            Ok(outcomes) => {
                for (saved, outcome) in batch.drain(..).zip(outcomes) {
                    let _ = saved.reply.send(outcome);
                }
            }
            Err(error) => {
                tracing::warn!(%error, saves = batch.len(), "could not commit a batch of autosaves");
                for saved in batch.drain(..) {
                    let _ = saved.reply.send(Err(StoreError::Other("the autosaves' commit failed".into()).into()));
                }
            }
        }
    }
}

/// Writes a batch of autosaves in one transaction, which takes the write
/// lock at its start: the outcome of each, or the error that lost them all.
async fn save_together(writer: &SqlitePool, batch: &[Waiting]) -> Result<Vec<Result<SaveOutcome, DbError>>, sqlx::Error> {
    let mut conn = writer.acquire().await?;
    let mut tx = sqlx::Connection::begin_with(&mut *conn, "begin immediate").await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for waiting in batch {
        outcomes.push(save_fields(&mut *tx, &waiting.save).await);
    }
    tx.commit().await?;
    Ok(outcomes)
}
