//! How a failure inside the store is told: `?` turns a sqlx error into a
//! [`DbError`], and the port's [`StoreError`] is what leaves the store.

use app::ports::StoreError;

/// A storage failure inside the store, already sorted as the port sorts
/// it (see [`store_error`]). Queries end in `?`; the trait methods hand it
/// on as a [`StoreError`].
#[derive(Debug)]
pub(crate) struct DbError(StoreError);

impl DbError {
    /// Whether a unique constraint refused the write.
    pub(crate) fn is_duplicate(&self) -> bool {
        matches!(self.0, StoreError::Duplicate(_))
    }
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl From<sqlx::Error> for DbError {
    fn from(error: sqlx::Error) -> Self {
        DbError(store_error(error))
    }
}

impl From<StoreError> for DbError {
    fn from(error: StoreError) -> Self {
        DbError(error)
    }
}

impl From<DbError> for StoreError {
    fn from(error: DbError) -> Self {
        error.0
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
pub(crate) fn wrote_one(written: Result<u64, sqlx::Error>) -> Result<bool, DbError> {
    match written.map_err(DbError::from) {
        Ok(n) => Ok(n == 1),
        Err(error) if error.is_duplicate() => Ok(false),
        Err(other) => Err(other),
    }
}

/// Anything else that fails inside the store (JSON, ids), as the port's `Other`.
pub(crate) fn other(error: impl std::error::Error + Send + Sync + 'static) -> DbError {
    DbError(StoreError::Other(Box::new(error)))
}

/// Rows turned into their domain records; one unreadable row fails them all.
pub(crate) fn records<R, T>(rows: Vec<R>) -> Result<Vec<T>, DbError>
where
    T: TryFrom<R, Error = StoreError>,
{
    Ok(rows.into_iter().map(T::try_from).collect::<Result<_, _>>()?)
}

/// The domain record of a row, if one was found.
pub(crate) fn record<R, T>(row: Option<R>) -> Result<Option<T>, DbError>
where
    T: TryFrom<R, Error = StoreError>,
{
    Ok(row.map(T::try_from).transpose()?)
}
