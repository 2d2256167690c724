//! What the product needs from the outside world. The server implements these
//! for SQLite and PostgreSQL; the same storage test suite keeps both honest.

use crate::domain::account::Role;
use crate::domain::agreement::{AgreedPlan, Agreement, Comment};
use crate::domain::calendar::Day;
use crate::domain::deletion::{DeletionRequest, Hold};
use crate::domain::plan::{PlanRecord, RecordKey, SaveOutcome};
use crate::domain::referral::Referral;
use crate::domain::sharing::{AccessRecord, ConsentRecord, HandOff, Older, Share};
use std::collections::BTreeMap;
use async_trait::async_trait;
use uuid::Uuid;

/// Seconds since the Unix epoch; every stored time uses it on both engines.
pub type Timestamp = i64;

/// A storage failure. Only `Duplicate` is something a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write; names the constraint.
    #[error("duplicate value for {0}")]
    Duplicate(String),
    /// Anything else: logged on the server, never shown.
    #[error("storage failure: {0}")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Account id.
    pub user_id: Uuid,
    /// Normalised email address (unique).
    pub email: String,
    /// The name they want to be called.
    pub display_name: String,
    /// Argon2id PHC string; `None` until a staff member sets a password.
    pub password_hash: Option<String>,
    /// What they may do.
    pub role: Role,
    /// When the account was made.
    pub created_at: Timestamp,
    /// When a manager deactivated it (staff only); it can no longer sign in.
    pub deactivated_at: Option<Timestamp>,
}

/// A signed-in browser, found by the hash of its cookie token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// SHA-256 of the cookie token; the token itself is never stored.
    pub token_hash: String,
    /// Whose session it is.
    pub user_id: Uuid,
    /// When it started.
    pub created_at: Timestamp,
    /// Last request seen; idle sessions end.
    pub last_seen_at: Timestamp,
    /// "This is a shared computer" was ticked.
    pub shared_device: bool,
}

/// When a session stops being live, and when its last-seen time is worth
/// writing again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionWindow {
    /// Sessions last used before this have ended (idle).
    pub idle_since: Timestamp,
    /// Sessions started before this have ended, however busy (absolute lifetime).
    pub started_since: Timestamp,
    /// A last-seen time older than this is brought up to now; a newer one is
    /// close enough, so a busy session is written once a minute, not once a request.
    pub refresh_before: Timestamp,
}

/// Attempts (sign-ins, registrations, set-password links) counted for throttling.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FailedAttempts {
    /// Failures for this account in the window.
    pub for_account: u32,
    /// Oldest such failure (for "try again in N minutes").
    pub account_oldest: Option<Timestamp>,
    /// Failures from this client in the window.
    pub for_client: u32,
    /// Oldest such failure.
    pub client_oldest: Option<Timestamp>,
}

/// Someone other than the carer opening part of a plan, as the access log records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// Their account.
    pub id: Uuid,
    /// Their name now.
    pub name: String,
    /// Their role now.
    pub role: Role,
}

/// What became of a worker's attempt to pick a plan up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickUp {
    /// It is theirs now (or already was).
    PickedUp,
    /// Someone else has it: their name.
    AlreadyTaken(String),
    /// It is not in the queue (withdrawn, or never handed off).
    NotWaiting,
}

/// The queue: its most urgent plans, and how many wait in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Queue {
    /// Most urgent first.
    pub plans: Vec<HandOff>,
    /// How many are waiting, counted up to one more than
    /// [`QUEUE_COUNTED_UP_TO`]: beyond that a worker learns nothing from
    /// the exact number, and counting every waiting plan on every visit
    /// would make the page slower the longer the queue grows.
    pub total: u64,
}

pub use crate::domain::sharing::QUEUE_COUNTED_UP_TO;

/// What became of a carer signing their plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signing {
    /// Agreed: the snapshot now stored.
    Signed(AgreedPlan),
    /// Nothing is waiting to be signed at that version (signed or
    /// commented on elsewhere, sent again, or consent withdrawn).
    NotWaiting,
    /// Part of the plan was saved since the carer read it.
    Changed,
}

/// Persistent storage. Every method that writes more than one row does so in
/// one transaction.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Checks the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Adds an account; `Duplicate("users_email")` if the email is taken.
    async fn insert_user(&self, user: &UserRecord) -> Result<(), StoreError>;
    /// Finds an account by normalised email.
    async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError>;
    /// Finds an account by id.
    async fn user_by_id(&self, user_id: Uuid) -> Result<Option<UserRecord>, StoreError>;
    /// Staff accounts (workers and managers), by name.
    async fn staff(&self) -> Result<Vec<UserRecord>, StoreError>;
    /// How many managers exist.
    async fn count_managers(&self) -> Result<u64, StoreError>;

    /// Adds an account together with its one-time set-password token.
    async fn insert_user_with_invitation(
        &self,
        user: &UserRecord,
        token_hash: &str,
        expires_at: Timestamp,
    ) -> Result<(), StoreError>;
    /// Consumes a live invitation and sets the password, in one transaction.
    /// `None` when the token is unknown, used or expired.
    async fn accept_invitation(
        &self,
        token_hash: &str,
        now: Timestamp,
        password_hash: &str,
    ) -> Result<Option<UserRecord>, StoreError>;
    /// True while an invitation is unused and unexpired.
    async fn invitation_is_live(&self, token_hash: &str, now: Timestamp) -> Result<bool, StoreError>;

    /// Starts a session.
    async fn insert_session(&self, session: &SessionRecord) -> Result<(), StoreError>;
    /// The session and its account while the session is live in `window`,
    /// marking it seen at `now` (at most one write, none when seen lately).
    /// An ended session is never revived; [`Store::remove_ended_sessions`] deletes it.
    async fn touch_session(
        &self,
        token_hash: &str,
        now: Timestamp,
        window: SessionWindow,
    ) -> Result<Option<(SessionRecord, UserRecord)>, StoreError>;
    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Deletes every session that has ended in `window`; how many.
    async fn remove_ended_sessions(&self, window: SessionWindow) -> Result<u64, StoreError>;

    /// Counts an attempt *before* it is checked, so parallel attempts can
    /// never all slip under a limit: the attempt is written (and committed)
    /// first, then the attempts after `since` (exclusive) are counted, this
    /// one included. Returns the attempt's id and the counts.
    async fn begin_attempt(
        &self,
        account_key: &str,
        client_key: &str,
        at: Timestamp,
        since: Timestamp,
    ) -> Result<(i64, FailedAttempts), StoreError>;
    /// Counts the attempts after `since` (exclusive) for the account and
    /// for the client, writing nothing.
    async fn count_attempts(&self, account_key: &str, client_key: &str, since: Timestamp) -> Result<FailedAttempts, StoreError>;
    /// Forgets one attempt: it was refused unchecked, or it succeeded.
    async fn forget_attempt(&self, attempt_id: i64) -> Result<(), StoreError>;
    /// Forgets an account's failures after a successful sign-in.
    async fn clear_failed_sign_ins(&self, account_key: &str) -> Result<(), StoreError>;
    /// Forgets attempts made before `before`; how many.
    async fn forget_attempts_before(&self, before: Timestamp) -> Result<u64, StoreError>;

    /// Every record of one carer's plan.
    async fn plan_records(&self, carer_id: Uuid) -> Result<Vec<PlanRecord>, StoreError>;
    /// Merges `changes` into a record if it is still at `base_version`
    /// (0: not yet saved), in one transaction; otherwise saves nothing and
    /// reports what is stored now.
    async fn save_plan_fields(
        &self,
        carer_id: Uuid,
        key: &RecordKey,
        base_version: i64,
        changes: &BTreeMap<String, String>,
        now: Timestamp,
    ) -> Result<SaveOutcome, StoreError>;
    /// How many records of one carer's plan have keys starting with
    /// `prefix`, not counting `except` (the record being saved).
    async fn count_plan_records(&self, carer_id: Uuid, prefix: &str, except: &RecordKey) -> Result<u64, StoreError>;
    /// Deletes a record if it is still at `base_version`; false if not.
    async fn delete_plan_record(&self, carer_id: Uuid, key: &RecordKey, base_version: i64) -> Result<bool, StoreError>;

    /// Gives a share and puts the plan in the queue, in one transaction:
    /// the consent record, then the hand-off. False (nothing written) when
    /// the carer already has a hand-off that is not withdrawn.
    async fn hand_off(&self, consent: &ConsentRecord, handoff: &HandOff) -> Result<bool, StoreError>;
    /// Adds a "changed" consent record and shares `sections` from now on,
    /// in one transaction. False (nothing written) when the record's
    /// sequence is not the next in its share (someone changed it first) or
    /// the share was withdrawn.
    async fn change_share(&self, carer_id: Uuid, consent: &ConsentRecord, top_impact: i64) -> Result<bool, StoreError>;
    /// Adds a "withdrawn" consent record and takes the plan out of the
    /// queue and out of its worker's reach, in one transaction. False
    /// (nothing written) as for [`Store::change_share`].
    async fn withdraw_share(&self, carer_id: Uuid, consent: &ConsentRecord) -> Result<bool, StoreError>;
    /// Every consent record of one carer (for "Download my data"; pages
    /// read [`Store::consent_history`] a page at a time).
    async fn consent_records(&self, carer_id: Uuid) -> Result<Vec<ConsentRecord>, StoreError>;
    /// One carer's shares as they stand (each share's latest record, when
    /// it was given and whether it was withdrawn), newest first: every
    /// current share, then the newest others, at most `limit` in all.
    async fn shares(&self, carer_id: Uuid, limit: u32) -> Result<Vec<Share>, StoreError>;
    /// One page of a carer's consent records, newest first: at most
    /// `limit`, all older than `before` when it is given.
    async fn consent_history(&self, carer_id: Uuid, before: Option<&Older>, limit: u32) -> Result<Vec<ConsentRecord>, StoreError>;
    /// One consent record of one carer, for its receipt.
    async fn consent_record(&self, carer_id: Uuid, record_id: Uuid) -> Result<Option<ConsentRecord>, StoreError>;
    /// How many times the carer gave consent or changed what they share
    /// (withdrawals are not counted) after `since`, and when the oldest of
    /// those was.
    async fn consent_changes_since(&self, carer_id: Uuid, since: Timestamp) -> Result<(u32, Option<Timestamp>), StoreError>;
    /// The carer's hand-off, if they ever handed off.
    async fn hand_off_of(&self, carer_id: Uuid) -> Result<Option<HandOff>, StoreError>;
    /// Whether this worker ever had the carer's plan picked up by or
    /// reallocated to them (so may be told it has since been moved).
    async fn ever_held(&self, carer_id: Uuid, worker_id: Uuid) -> Result<bool, StoreError>;
    /// Plans waiting for a worker: terminally ill first, then highest
    /// impact, then oldest; at most `limit`.
    async fn queue(&self, limit: u32) -> Result<Queue, StoreError>;
    /// Plans a worker has picked up (or had reallocated to them),
    /// including those whose consent was since withdrawn.
    async fn caseload(&self, worker_id: Uuid) -> Result<Vec<HandOff>, StoreError>;
    /// Every plan that is with a worker.
    async fn allocations(&self) -> Result<Vec<HandOff>, StoreError>;
    /// One conditional update: the plan becomes the worker's only if it is
    /// still waiting, with its allocation event, in one transaction.
    async fn pick_up(&self, carer_id: Uuid, worker_id: Uuid, now: Timestamp) -> Result<PickUp, StoreError>;
    /// Gives a waiting or allocated plan to another active worker, with its
    /// allocation event, in one transaction. False when it is withdrawn,
    /// gone, or the worker is not an active worker.
    async fn reallocate(&self, carer_id: Uuid, worker_id: Uuid, by: Uuid, now: Timestamp) -> Result<bool, StoreError>;
    /// Deactivates a worker or manager in one transaction: their account is
    /// marked, their sessions end, and their plans go back to the queue
    /// marked for reallocation. False when already deactivated or not staff.
    async fn deactivate_staff(&self, user_id: Uuid, by: Uuid, now: Timestamp) -> Result<bool, StoreError>;
    /// Opens a handed-off plan for a viewer, in one transaction: first the
    /// access-log row (only if the plan is allocated to the viewer and not
    /// withdrawn), then the plan; `allowed` then decides, and a refusal
    /// rolls the log row back. `None` when refused.
    async fn open_shared(
        &self,
        carer_id: Uuid,
        viewer: &Viewer,
        what: &str,
        now: Timestamp,
        allowed: &(dyn for<'h> Fn(&'h HandOff) -> bool + Send + Sync),
    ) -> Result<Option<(HandOff, Vec<PlanRecord>)>, StoreError>;
    /// Everyone who opened part of one carer's plan, newest first.
    async fn access_log(&self, carer_id: Uuid) -> Result<Vec<AccessRecord>, StoreError>;
    /// One page of the access log, newest first: at most `limit` looks,
    /// all older than `before` when it is given.
    async fn access_history(&self, carer_id: Uuid, before: Option<&Older>, limit: u32) -> Result<Vec<AccessRecord>, StoreError>;

    /// Where agreeing one carer's plan stands, once it was first sent.
    async fn agreement_of(&self, carer_id: Uuid) -> Result<Option<Agreement>, StoreError>;
    /// The comments on one carer's plan, oldest first.
    async fn comments(&self, carer_id: Uuid) -> Result<Vec<Comment>, StoreError>;
    /// The worker sends the plan to the carer to check and sign, with the
    /// review date they propose and, after a comment, their answer, in one
    /// transaction. False (nothing written) unless the agreement is still at
    /// `version` (0: never sent) and not already with the carer.
    async fn send_for_signing(
        &self,
        carer_id: Uuid,
        version: i64,
        review_on: Day,
        answer: Option<&Comment>,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
    /// The carer sends a comment back, in one transaction with the stage.
    /// False (nothing written) unless the plan is with them at `version`.
    async fn comment_on_plan(&self, carer_id: Uuid, version: i64, comment: &Comment) -> Result<bool, StoreError>;
    /// The carer signs, in one transaction: the stage (written first, only
    /// if the plan is with them at `version` and still allocated), then the
    /// plan is read and its fingerprint compared with `fingerprint` (what
    /// they read), then the snapshot `id` is stored with the agreed review date.
    async fn sign_plan(
        &self,
        carer_id: Uuid,
        version: i64,
        fingerprint: &str,
        id: Uuid,
        now: Timestamp,
    ) -> Result<Signing, StoreError>;
    /// Every plan the carer signed, newest first.
    async fn agreed_plans(&self, carer_id: Uuid) -> Result<Vec<AgreedPlan>, StoreError>;
    /// Marks an agreed plan for review because the carer's circumstances
    /// changed on `day`; false when no plan is agreed.
    async fn ask_for_review(&self, carer_id: Uuid, day: Day) -> Result<bool, StoreError>;
    /// Carers whose agreed plan is due for review by `by` and who have not
    /// been reminded yet (at most `limit`, soonest first).
    async fn reviews_to_remind(&self, by: Day, limit: u32) -> Result<Vec<Uuid>, StoreError>;
    /// Marks a carer as reminded of their review; false when someone (another
    /// server instance) already did, so only one of them sends the email.
    async fn mark_reminded(&self, carer_id: Uuid, now: Timestamp) -> Result<bool, StoreError>;
    /// Gives a new share (sequence 1) that puts no plan in the queue: a
    /// share to social work. False when that record already exists.
    async fn give_share(&self, carer_id: Uuid, consent: &ConsentRecord) -> Result<bool, StoreError>;
    /// Records a referral and its package, in one transaction: the referral
    /// first, only while its referring worker is the plan's allocated worker and — unless
    /// it has a legal reason — its share to social work is current and
    /// still at `share_sequence`; then an access-log row the carer sees.
    /// False (nothing written) otherwise.
    async fn refer(
        &self,
        referral: &Referral,
        share_sequence: i64,
        package: &[PlanRecord],
        viewer: &Viewer,
    ) -> Result<bool, StoreError>;
    /// Every referral of one carer's plan, newest first.
    async fn referrals(&self, carer_id: Uuid) -> Result<Vec<Referral>, StoreError>;
    /// Opens a referral's package for `viewer`, in one transaction: the
    /// access-log row first, only while the referral stands (not withdrawn,
    /// its share current or a legal reason given) and the viewer is the
    /// plan's allocated worker; then the package. `None` when refused.
    async fn open_referral(
        &self,
        referral_id: Uuid,
        viewer: &Viewer,
        now: Timestamp,
    ) -> Result<Option<(Referral, Vec<PlanRecord>)>, StoreError>;
    /// A referral by id, without its package (to say why it cannot be opened).
    async fn referral(&self, referral_id: Uuid) -> Result<Option<Referral>, StoreError>;
    /// Every referral made under a legal reason, newest first, with the carer's name.
    async fn legal_referrals(&self) -> Result<Vec<(Referral, String)>, StoreError>;
    /// Every carer's plan reduced to the days things happened, for the
    /// anonymous figures (no names, no ids).
    async fn plan_days(&self) -> Result<Vec<crate::domain::figures::PlanDays>, StoreError>;
    /// Where agreeing stands for each plan allocated to a worker.
    async fn agreements_of_worker(&self, worker_id: Uuid) -> Result<Vec<Agreement>, StoreError>;

    /// The carer's request to delete their data, if they made one.
    async fn deletion_request(&self, carer_id: Uuid) -> Result<Option<DeletionRequest>, StoreError>;
    /// Every deletion request not yet completed, soonest due first, with the carer's name.
    async fn deletion_requests(&self) -> Result<Vec<(DeletionRequest, String)>, StoreError>;
    /// The carer asks for their shared plan to be deleted, in one
    /// transaction: the request first, then `withdrawals` (one "withdrawn"
    /// consent record for each share still current), each applied as
    /// [`Store::withdraw_share`] does. False (nothing written) when they
    /// already asked, or a share changed meanwhile.
    async fn request_deletion(&self, request: &DeletionRequest, withdrawals: &[ConsentRecord]) -> Result<bool, StoreError>;
    /// A manager puts a hold on a request still at `version` and not being
    /// erased (a release before it is forgotten). False otherwise.
    async fn set_hold(&self, carer_id: Uuid, version: i64, hold: &Hold) -> Result<bool, StoreError>;
    /// A manager releases the hold on a request still at `version` and
    /// held: it is recorded as released at `released_at` and now promised
    /// by `due_on`. False otherwise.
    async fn release_hold(&self, carer_id: Uuid, version: i64, released_at: Timestamp, due_on: Day) -> Result<bool, StoreError>;
    /// Deletes the plan of a carer who never shared it, keeping their
    /// account, in one transaction with its anonymous tombstone. False
    /// (nothing deleted) when they have shared it.
    async fn delete_unshared_plan(&self, carer_id: Uuid) -> Result<bool, StoreError>;
    /// The first step of erasing a carer, in one transaction: the erasure is
    /// recorded as begun and every session of theirs ends. `Some(version)`:
    /// a manager completes a request still at `version` and not held;
    /// `None`: the carer deletes a plan they never shared, with their account.
    /// False (nothing written) otherwise.
    async fn begin_erasure(&self, carer_id: Uuid, version: Option<i64>, now: Timestamp) -> Result<bool, StoreError>;
    /// The second step, in one transaction: the anonymous tombstone, then
    /// every row about the carer — the account and everything that hangs
    /// from it, and their sign-in attempts counted under `account_key`.
    /// Then the engine is made to drop the deleted text from its files.
    /// False when no erasure of theirs was begun.
    async fn finish_erasure(&self, carer_id: Uuid, account_key: &str) -> Result<bool, StoreError>;
    /// Carers whose erasure was begun and not finished (the server stopped between the steps).
    async fn erasures_pending(&self) -> Result<Vec<Uuid>, StoreError>;
    /// True, once, for the hash of a session an erasure ended: its browser
    /// is to be told to forget what it stored.
    async fn take_erased_session(&self, token_hash: &str) -> Result<bool, StoreError>;
    /// Forgets the sessions erasures ended before `before`; how many.
    async fn forget_erased_sessions(&self, before: Timestamp) -> Result<u64, StoreError>;
}

/// Sends short emails. The product only ever sends "there is something to
/// look at": never a word of a plan.
#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    /// Sends one plain-text email; the error is for the server's log only.
    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String>;
}

/// The time, so tests can move it.
pub trait Clock: Send + Sync + 'static {
    /// Seconds since the Unix epoch.
    fn now(&self) -> Timestamp;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as Timestamp)
            .unwrap_or_default()
    }
}
