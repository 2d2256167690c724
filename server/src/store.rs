//! The `Store` port implemented over sqlx for SQLite and PostgreSQL,
//! chosen by the scheme of `DATABASE_URL`.
//!
//! Both engines run the same SQL (written in the dialect they share, with
//! `$n` placeholders), and each has its own migrations. The SQL is written
//! once, as plain functions in `store/sql/` (one file per feature, each
//! with the port's trait implemented over them), and compiled twice: in
//! `sqlite_sql` with `Db` = SQLite and in `pg_sql` with `Db` = PostgreSQL.
//! Everything the engines do differently is one [`Backend`] impl in
//! `sqlite.rs` and one in `postgres.rs`. The shared storage suite in
//! `tests/` keeps them honest.
//!
//! Rule for transactions: the first statement of a writing transaction
//! writes. SQLite cannot upgrade a read to a write while another
//! connection writes, and says so at once instead of waiting.
//!
//! Every write goes through [`Backend::writer`], reads through
//! [`Backend::reader`]. On SQLite the writer is one connection: writes
//! queue for it in the server, in order, instead of colliding in the file
//! and sleeping in SQLite's busy handler (which made an autosave wait up
//! to 200 ms with 16 carers saving), while reads go on beside them (WAL).
//! On PostgreSQL both are the same pool.

mod error;
mod postgres;
mod rows;
mod sqlite;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

pub(crate) use error::{DbError, store_error};

use app::domain::plan::SaveOutcome;
use app::ports::{Store, StoreError, Timestamp};
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;

/// The shared SQL, compiled for SQLite.
#[path = "store/sql"]
mod sqlite_sql {
    /// The engine this copy of the SQL runs on.
    type Db = sqlx::Sqlite;
    /// One connection of it (a transaction's, or the autosave batch's).
    type Conn = sqlx::SqliteConnection;
    /// The store this copy implements the ports for.
    type Store = super::SqliteStore;

    mod access;
    mod accounts;
    mod agreement;
    mod allocation;
    mod attempts;
    mod deletion;
    mod figures;
    mod health;
    pub(super) mod plan;
    mod referral;
    mod sessions;
    mod sharing;
}

/// The shared SQL, compiled for PostgreSQL.
#[expect(clippy::duplicate_mod, reason = "the same SQL compiled for the second engine, on purpose")]
#[path = "store/sql"]
mod pg_sql {
    /// The engine this copy of the SQL runs on.
    type Db = sqlx::Postgres;
    /// One connection of it (a transaction's).
    type Conn = sqlx::PgConnection;
    /// The store this copy implements the ports for.
    type Store = super::PgStore;

    mod access;
    mod accounts;
    mod agreement;
    mod allocation;
    mod attempts;
    mod deletion;
    mod figures;
    mod health;
    pub(super) mod plan;
    mod referral;
    mod sessions;
    mod sharing;
}

/// What the SQL shared by both engines needs of an engine's store, and
/// every way the two engines differ.
pub(crate) trait Backend: Send + Sync + 'static {
    /// The sqlx database.
    type Db: sqlx::Database;

    /// Where reads go, side by side.
    fn reader(&self) -> &sqlx::Pool<Self::Db>;

    /// Where every write goes (see the module notes).
    fn writer(&self) -> &sqlx::Pool<Self::Db>;

    /// One autosave, answered once it is committed (see `sql/plan.rs`'s
    /// `save_fields` for the statements): SQLite commits waiting saves
    /// together, PostgreSQL runs each on its own.
    fn save(&self, save: Save) -> impl Future<Output = Result<SaveOutcome, DbError>> + Send;

    /// Makes attempts on the same throttling keys take turns, inside the
    /// transaction on `conn` that counts them.
    fn take_attempt_locks(
        conn: &mut <Self::Db as sqlx::Database>::Connection,
        keys: &[&str],
    ) -> impl Future<Output = Result<(), DbError>> + Send;

    /// After an erasure has committed: makes the engine drop the deleted
    /// text from its files.
    fn compact_after_erasure(&self) -> impl Future<Output = ()> + Send;
}

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
        None => Err(StoreError::Other("DATABASE_URL must start with sqlite: or postgres:".into())),
    }
}

/// One autosave: these fields of one plan record, if it is still at
/// `base_version`.
#[derive(Debug)]
pub(crate) struct Save {
    pub carer: String,
    pub key: String,
    pub base_version: i64,
    pub changes: BTreeMap<String, String>,
    pub now: Timestamp,
}
