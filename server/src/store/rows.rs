//! Database rows. They never leave this module: each becomes a domain record.

use app::domain::account::Role;
use app::ports::{SessionRecord, StoreError, UserRecord};
use sqlx::FromRow;
use uuid::Uuid;

fn bad_row(what: &'static str) -> StoreError {
    StoreError::Other(format!("unreadable {what} in a stored row").into())
}

fn parse_id(raw: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(raw).map_err(|_| bad_row("id"))
}

/// A row of `users`.
#[derive(Debug, FromRow)]
pub(crate) struct UserRow {
    user_id: String,
    email: String,
    display_name: String,
    password_hash: Option<String>,
    role: String,
    created_at: i64,
}

impl TryFrom<UserRow> for UserRecord {
    type Error = StoreError;
    fn try_from(row: UserRow) -> Result<Self, Self::Error> {
        Ok(UserRecord {
            user_id: parse_id(&row.user_id)?,
            email: row.email,
            display_name: row.display_name,
            password_hash: row.password_hash,
            role: Role::parse(&row.role).ok_or_else(|| bad_row("role"))?,
            created_at: row.created_at,
        })
    }
}

/// A session joined with its account.
#[derive(Debug, FromRow)]
pub(crate) struct SessionUserRow {
    token_hash: String,
    session_created_at: i64,
    last_seen_at: i64,
    shared_device: bool,
    #[sqlx(flatten)]
    user: UserRow,
}

impl SessionUserRow {
    /// The session and its account.
    pub(crate) fn into_records(self) -> Result<(SessionRecord, UserRecord), StoreError> {
        let user: UserRecord = self.user.try_into()?;
        Ok((
            SessionRecord {
                token_hash: self.token_hash,
                user_id: user.user_id,
                created_at: self.session_created_at,
                last_seen_at: self.last_seen_at,
                shared_device: self.shared_device,
            },
            user,
        ))
    }
}

/// The insert for a new account, shared by plain and invited sign-ups.
pub(crate) fn insert_user_query<DB>(user: &UserRecord) -> sqlx::query::Query<'static, DB, <DB as sqlx::Database>::Arguments>
where
    DB: sqlx::Database,
    String: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<String>: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    i64: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
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
}

/// A row of `plan_records`.
#[derive(Debug, FromRow)]
pub(crate) struct PlanRow {
    record_key: String,
    version: i64,
    fields: String,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<PlanRow> for app::domain::plan::PlanRecord {
    type Error = StoreError;
    fn try_from(row: PlanRow) -> Result<Self, Self::Error> {
        Ok(app::domain::plan::PlanRecord {
            key: app::domain::plan::RecordKey::parse(&row.record_key).ok_or_else(|| bad_row("record key"))?,
            version: row.version,
            fields: decode_fields(&row.fields)?,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// A record's fields as stored: a JSON object of strings.
pub(crate) fn decode_fields(stored: &str) -> Result<std::collections::BTreeMap<String, String>, StoreError> {
    serde_json::from_str(stored).map_err(|_| bad_row("fields"))
}

/// Fields as stored.
pub(crate) fn encode_fields(fields: &std::collections::BTreeMap<String, String>) -> Result<String, StoreError> {
    serde_json::to_string(fields).map_err(|e| StoreError::Other(Box::new(e)))
}
