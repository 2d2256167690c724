//! Database rows. They never leave this module: each becomes a domain record.

use app::domain::account::Role;
use app::domain::plan::{Answer, ImpactLevel, YesNoNotSure};
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
    deactivated_at: Option<i64>,
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
            deactivated_at: row.deactivated_at,
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

/// A row of `consent_records`.
#[derive(Debug, FromRow)]
pub(crate) struct ConsentRow {
    consent_record_id: String,
    share_id: String,
    sequence: i64,
    recipient: String,
    change: String,
    sections: String,
    purpose: String,
    wording: String,
    recorded_at: i64,
}

/// The columns a [`ConsentRow`] reads.
pub(crate) const CONSENT_COLUMNS: &str =
    "consent_record_id, share_id, sequence, recipient, change, sections, purpose, wording, recorded_at";

impl TryFrom<ConsentRow> for app::domain::sharing::ConsentRecord {
    type Error = StoreError;
    fn try_from(row: ConsentRow) -> Result<Self, Self::Error> {
        use app::domain::sharing::{ConsentChange, Recipient};
        Ok(app::domain::sharing::ConsentRecord {
            id: parse_id(&row.consent_record_id)?,
            share_id: parse_id(&row.share_id)?,
            sequence: row.sequence,
            recipient: Recipient::parse(&row.recipient).ok_or_else(|| bad_row("recipient"))?,
            change: ConsentChange::parse(&row.change).ok_or_else(|| bad_row("consent change"))?,
            sections: row.sections,
            purpose: row.purpose,
            wording: row.wording,
            recorded_at: row.recorded_at,
        })
    }
}

/// A share as it stands: its latest consent record, and when it was given.
#[derive(Debug, FromRow)]
pub(crate) struct ShareRow {
    #[sqlx(flatten)]
    latest: ConsentRow,
    given_at: i64,
}

impl TryFrom<ShareRow> for app::domain::sharing::Share {
    type Error = StoreError;
    fn try_from(row: ShareRow) -> Result<Self, Self::Error> {
        let latest: app::domain::sharing::ConsentRecord = row.latest.try_into()?;
        let withdrawn_at = (latest.change == app::domain::sharing::ConsentChange::Withdrawn).then_some(latest.recorded_at);
        Ok(app::domain::sharing::Share { latest, given_at: row.given_at, withdrawn_at })
    }
}

/// A row of `handoffs`, with the carer's and the worker's names.
#[derive(Debug, FromRow)]
pub(crate) struct HandOffRow {
    carer_id: String,
    carer_name: String,
    share_id: String,
    status: String,
    sections: String,
    handed_off_at: i64,
    identified_on: String,
    terminal: String,
    top_impact: i64,
    contact: String,
    worker_id: Option<String>,
    worker_name: Option<String>,
    allocated_at: Option<i64>,
    needs_reallocation: bool,
    withdrawn_at: Option<i64>,
    next_due_on: Option<String>,
}

/// Selects [`HandOffRow`]s; add a `where` and an `order by`.
pub(crate) const HANDOFF_SELECT: &str = "select h.carer_id, c.display_name as carer_name, h.share_id, h.status, \
     h.sections, h.handed_off_at, h.identified_on, h.terminal, h.top_impact, h.contact, h.worker_id, \
     w.display_name as worker_name, h.allocated_at, h.needs_reallocation, h.withdrawn_at, h.next_due_on \
     from handoffs h join users c on c.user_id = h.carer_id left join users w on w.user_id = h.worker_id";

impl TryFrom<HandOffRow> for app::domain::sharing::HandOff {
    type Error = StoreError;
    fn try_from(row: HandOffRow) -> Result<Self, Self::Error> {
        use app::domain::sharing::HandOffStatus;
        let worker = match (row.worker_id, row.worker_name) {
            (Some(id), Some(name)) => Some((parse_id(&id)?, name)),
            _ => None,
        };
        Ok(app::domain::sharing::HandOff {
            carer_id: parse_id(&row.carer_id)?,
            carer_name: row.carer_name,
            share_id: parse_id(&row.share_id)?,
            status: HandOffStatus::parse(&row.status).ok_or_else(|| bad_row("hand-off status"))?,
            sections: row.sections,
            handed_off_at: row.handed_off_at,
            identified_on: app::domain::calendar::Day::parse(&row.identified_on).ok_or_else(|| bad_row("date"))?,
            terminal: YesNoNotSure::parse(&row.terminal).ok_or_else(|| bad_row("terminal"))?,
            top_impact: impact_level(row.top_impact),
            contact: serde_json::from_str(&row.contact).map_err(|_| bad_row("contact"))?,
            worker,
            allocated_at: row.allocated_at,
            needs_reallocation: row.needs_reallocation,
            withdrawn_at: row.withdrawn_at,
            next_due_on: parse_day(row.next_due_on)?,
        })
    }
}

/// How the highest impact a hand-off shares is stored, so the queue sorts
/// on it: 0 (no impact) to 4 (critical), and -1 when nothing is rated.
pub(crate) fn impact_rank(level: Option<ImpactLevel>) -> i64 {
    level.map_or(-1, |level| i64::try_from(level.index()).unwrap_or(-1))
}

/// The highest impact a stored rank names (see [`impact_rank`]).
fn impact_level(rank: i64) -> Option<ImpactLevel> {
    usize::try_from(rank).ok().and_then(|i| ImpactLevel::ALL.get(i).copied())
}

/// How a hand-off's contact details are stored.
pub(crate) fn encode_contact(contact: &app::domain::sharing::Contact) -> Result<String, StoreError> {
    serde_json::to_string(contact).map_err(|e| StoreError::Other(Box::new(e)))
}

/// A row of `access_log`.
#[derive(Debug, FromRow)]
pub(crate) struct AccessRow {
    access_id: i64,
    viewer_name: String,
    viewer_role: String,
    what: String,
    viewed_at: i64,
}

impl TryFrom<AccessRow> for app::domain::sharing::AccessRecord {
    type Error = StoreError;
    fn try_from(row: AccessRow) -> Result<Self, Self::Error> {
        Ok(app::domain::sharing::AccessRecord {
            id: row.access_id,
            viewer_name: row.viewer_name,
            viewer_role: Role::parse(&row.viewer_role).ok_or_else(|| bad_row("role"))?,
            what: app::domain::sharing::Looked::from_stored(&row.what),
            viewed_at: row.viewed_at,
        })
    }
}

/// A row of `agreements`.
#[derive(Debug, FromRow)]
pub(crate) struct AgreementRow {
    carer_id: String,
    stage: String,
    version: i64,
    review_on: Option<String>,
    sent_at: Option<i64>,
    agreed_at: Option<i64>,
    review_asked_on: Option<String>,
}

/// The columns of [`AgreementRow`], prefixed by `a.`.
pub(crate) const AGREEMENT_COLUMNS: &str = "a.carer_id, a.stage, a.version, a.review_on, a.sent_at, a.agreed_at, a.review_asked_on";

fn parse_day(raw: Option<String>) -> Result<Option<app::domain::calendar::Day>, StoreError> {
    raw.map(|d| app::domain::calendar::Day::parse(&d).ok_or_else(|| bad_row("date"))).transpose()
}

impl TryFrom<AgreementRow> for app::domain::agreement::Agreement {
    type Error = StoreError;
    fn try_from(row: AgreementRow) -> Result<Self, Self::Error> {
        Ok(app::domain::agreement::Agreement {
            carer_id: parse_id(&row.carer_id)?,
            stage: app::domain::agreement::Stage::parse(&row.stage).ok_or_else(|| bad_row("stage"))?,
            version: row.version,
            review_on: parse_day(row.review_on)?,
            sent_at: row.sent_at,
            agreed_at: row.agreed_at,
            review_asked_on: parse_day(row.review_asked_on)?,
        })
    }
}

/// A row of `plan_comments`.
#[derive(Debug, FromRow)]
pub(crate) struct CommentRow {
    comment_id: String,
    author_role: String,
    author_name: String,
    body: String,
    written_at: i64,
}

impl TryFrom<CommentRow> for app::domain::agreement::Comment {
    type Error = StoreError;
    fn try_from(row: CommentRow) -> Result<Self, Self::Error> {
        Ok(app::domain::agreement::Comment {
            id: parse_id(&row.comment_id)?,
            author_role: Role::parse(&row.author_role).ok_or_else(|| bad_row("role"))?,
            author_name: row.author_name,
            body: row.body,
            written_at: row.written_at,
        })
    }
}

/// A row of `agreed_plans`.
#[derive(Debug, FromRow)]
pub(crate) struct AgreedPlanRow {
    agreed_plan_id: String,
    agreed_at: i64,
    review_on: String,
    worker_name: String,
    records: String,
}

impl TryFrom<AgreedPlanRow> for app::domain::agreement::AgreedPlan {
    type Error = StoreError;
    fn try_from(row: AgreedPlanRow) -> Result<Self, Self::Error> {
        Ok(app::domain::agreement::AgreedPlan {
            id: parse_id(&row.agreed_plan_id)?,
            agreed_at: row.agreed_at,
            review_on: parse_day(Some(row.review_on))?.ok_or_else(|| bad_row("date"))?,
            worker_name: row.worker_name,
            plan: app::domain::plan::Plan { records: decode_records(&row.records)? },
        })
    }
}

/// One record in an agreed snapshot: its key as the plan stores it, so a
/// snapshot reads the same whatever the code calls its parts later.
#[derive(serde::Serialize, serde::Deserialize)]
struct SnapshotRecord {
    key: String,
    version: i64,
    fields: std::collections::BTreeMap<String, String>,
    created_at: i64,
    updated_at: i64,
}

/// The records of a plan as an agreed snapshot stores them: a JSON array.
pub(crate) fn encode_records(records: &[app::domain::plan::PlanRecord]) -> Result<String, StoreError> {
    let stored: Vec<SnapshotRecord> = records
        .iter()
        .map(|r| SnapshotRecord {
            key: r.key.to_string(),
            version: r.version,
            fields: r.fields.clone(),
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
        .collect();
    serde_json::to_string(&stored).map_err(|e| StoreError::Other(Box::new(e)))
}

fn decode_records(stored: &str) -> Result<Vec<app::domain::plan::PlanRecord>, StoreError> {
    let stored: Vec<SnapshotRecord> = serde_json::from_str(stored).map_err(|_| bad_row("agreed plan"))?;
    stored
        .into_iter()
        .map(|r| {
            Ok(app::domain::plan::PlanRecord {
                key: app::domain::plan::RecordKey::parse(&r.key).ok_or_else(|| bad_row("record key"))?,
                version: r.version,
                fields: r.fields,
                created_at: r.created_at,
                updated_at: r.updated_at,
            })
        })
        .collect()
}

/// A row of `referrals` (without its package).
#[derive(Debug, FromRow)]
pub(crate) struct ReferralRow {
    referral_id: String,
    carer_id: String,
    share_id: Option<String>,
    sections: String,
    legal_reason: Option<String>,
    referred_by: String,
    referred_by_name: String,
    referred_at: i64,
    withdrawn_at: Option<i64>,
}

/// The columns of [`ReferralRow`], prefixed by `r.`.
pub(crate) const REFERRAL_COLUMNS: &str = "r.referral_id, r.carer_id, r.share_id, r.sections, r.legal_reason, \
     r.referred_by, r.referred_by_name, r.referred_at, r.withdrawn_at";

impl TryFrom<ReferralRow> for app::domain::referral::Referral {
    type Error = StoreError;
    fn try_from(row: ReferralRow) -> Result<Self, Self::Error> {
        Ok(app::domain::referral::Referral {
            id: parse_id(&row.referral_id)?,
            carer_id: parse_id(&row.carer_id)?,
            share_id: row.share_id.as_deref().map(parse_id).transpose()?,
            sections: row.sections,
            legal_reason: row.legal_reason,
            referred_by: parse_id(&row.referred_by)?,
            referred_by_name: row.referred_by_name,
            referred_at: row.referred_at,
            withdrawn_at: row.withdrawn_at,
        })
    }
}

/// A referral with its package.
#[derive(Debug, FromRow)]
pub(crate) struct ReferralPackageRow {
    #[sqlx(flatten)]
    pub(crate) referral: ReferralRow,
    pub(crate) package: String,
}

/// A referral with the carer's name.
#[derive(Debug, FromRow)]
pub(crate) struct NamedReferralRow {
    #[sqlx(flatten)]
    pub(crate) referral: ReferralRow,
    pub(crate) carer_name: String,
}

/// A package or snapshot of records, read back.
pub(crate) fn decode_package(stored: &str) -> Result<Vec<app::domain::plan::PlanRecord>, StoreError> {
    decode_records(stored)
}

/// One carer's plan as the figures read it: when things happened.
#[derive(Debug, FromRow)]
pub(crate) struct PlanDaysRow {
    started: Option<i64>,
    handed_off_at: Option<i64>,
    identified_on: Option<String>,
    terminal: Option<String>,
    picked_up: Option<i64>,
    first_conversation: Option<i64>,
    first_sent_at: Option<i64>,
    agreed: Option<i64>,
}

impl From<PlanDaysRow> for app::domain::figures::PlanDays {
    fn from(row: PlanDaysRow) -> Self {
        use app::domain::calendar::{Day, uk_day};
        app::domain::figures::PlanDays {
            started: row.started.map(uk_day),
            handed_off: row.handed_off_at.map(uk_day),
            identified: row.identified_on.as_deref().and_then(Day::parse),
            terminal: row.terminal.as_deref() == Some("yes"),
            picked_up: row.picked_up.map(uk_day),
            first_conversation: row.first_conversation.map(uk_day),
            first_sent: row.first_sent_at.map(uk_day),
            agreed: row.agreed.map(uk_day),
        }
    }
}

/// Every carer's plan reduced to its days (see [`PlanDaysRow`]), to be
/// finished with a `where` on `u` (all carers, or one).
pub(crate) const PLAN_DAYS_SELECT: &str = "select \
       (select min(p.created_at) from plan_records p where p.carer_id = u.user_id \
          and p.record_key not like 'worker-%' and p.record_key <> 'hand-off') as started, \
       h.handed_off_at, h.identified_on, h.terminal, \
       (select min(e.happened_at) from allocation_events e where e.carer_id = u.user_id \
          and e.event in ('picked-up', 'reallocated')) as picked_up, \
       (select min(p.created_at) from plan_records p where p.carer_id = u.user_id \
          and p.record_key like 'worker-%') as first_conversation, \
       a.first_sent_at, \
       (select min(g.agreed_at) from agreed_plans g where g.carer_id = u.user_id) as agreed \
     from users u left join handoffs h on h.carer_id = u.user_id \
     left join agreements a on a.carer_id = u.user_id";

/// A row of `deletion_requests`.
#[derive(Debug, FromRow)]
pub(crate) struct DeletionRequestRow {
    carer_id: String,
    requested_at: i64,
    due_on: String,
    status: String,
    hold_ground: Option<String>,
    hold_note: Option<String>,
    hold_review_on: Option<String>,
    held_at: Option<i64>,
    held_by: Option<String>,
    version: i64,
    released_at: Option<i64>,
}

/// The columns of [`DeletionRequestRow`], prefixed by `d.`.
pub(crate) const DELETION_COLUMNS: &str = "d.carer_id, d.requested_at, d.due_on, d.status, d.hold_ground, \
     d.hold_note, d.hold_review_on, d.held_at, d.held_by, d.version, d.released_at";

impl TryFrom<DeletionRequestRow> for app::domain::deletion::DeletionRequest {
    type Error = StoreError;
    fn try_from(row: DeletionRequestRow) -> Result<Self, Self::Error> {
        use app::domain::deletion::{Hold, HoldGround, RequestStatus};
        let status = match row.status.as_str() {
            "requested" => RequestStatus::Requested,
            "erasing" => RequestStatus::Erasing,
            "held" => RequestStatus::Held(Hold {
                ground: row.hold_ground.as_deref().and_then(HoldGround::parse).ok_or_else(|| bad_row("hold ground"))?,
                note: row.hold_note.unwrap_or_default(),
                review_on: parse_day(row.hold_review_on)?.ok_or_else(|| bad_row("hold review date"))?,
                held_at: row.held_at.unwrap_or_default(),
                held_by: row.held_by.unwrap_or_default(),
            }),
            _ => return Err(bad_row("deletion status")),
        };
        Ok(app::domain::deletion::DeletionRequest {
            carer_id: parse_id(&row.carer_id)?,
            requested_at: row.requested_at,
            due_on: app::domain::calendar::Day::parse(&row.due_on).ok_or_else(|| bad_row("due date"))?,
            status,
            version: row.version,
            released_at: row.released_at,
        })
    }
}

/// A deletion request with the carer's name, for managers.
#[derive(Debug, FromRow)]
pub(crate) struct NamedDeletionRow {
    #[sqlx(flatten)]
    pub(crate) request: DeletionRequestRow,
    pub(crate) carer_name: String,
}
