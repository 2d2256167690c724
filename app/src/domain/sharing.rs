//! Consent and hand-off: which parts of a plan a carer shares, the consent
//! records that say so (append-only), and where a handed-off plan stands.
//!
//! A plan is private until the carer shares it. Sharing names a recipient,
//! the sections it covers, its purpose and the exact words the carer agreed
//! to; changing the sections or withdrawing adds a record, never edits one.

use super::account::{Email, Role};
use super::calendar::{Day, Holidays};
use super::clocks::{self, Clock, ClockStatus};
use super::plan::{Answer, ImpactLevel, Plan, RecordKey, YesNo, YesNoNotSure};
use crate::error::FieldErrors;
use crate::framework::Framework;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// What a worker asks for to see every shared section at once (the print view).
pub const ALL_SECTIONS: &str = "all";
/// What a worker asks for to write their part of the support plan (the
/// shared ratings, for the suggested level of support).
pub const SUPPORT_PLAN: &str = "support";

/// The worker's queue counts waiting plans up to this many, then says
/// "more than" (see `ports::Queue::total`).
pub const QUEUE_COUNTED_UP_TO: u64 = 1_000;

/// A part of the plan a carer can share: each covers one or more records.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Section {
    /// About me and the people I care for.
    AboutMe,
    /// One wellbeing area, by its framework id.
    Area(String),
    /// Personal outcomes and actions.
    Outcomes,
    /// Emergency and future planning.
    Emergency,
    /// Breaks from caring.
    Breaks,
    /// Review.
    Review,
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Section::AboutMe => f.write_str("about-me"),
            Section::Area(id) => write!(f, "area-{id}"),
            Section::Outcomes => f.write_str("outcomes"),
            Section::Emergency => f.write_str("emergency"),
            Section::Breaks => f.write_str("breaks"),
            Section::Review => f.write_str("review"),
        }
    }
}

impl Section {
    /// Reads a section id (as in addresses and storage). An area must be
    /// one of `framework`'s.
    pub fn parse(s: &str, framework: &Framework) -> Option<Section> {
        Some(match s {
            "about-me" => Section::AboutMe,
            "outcomes" => Section::Outcomes,
            "emergency" => Section::Emergency,
            "breaks" => Section::Breaks,
            "review" => Section::Review,
            _ => {
                let id = s.strip_prefix("area-")?;
                framework.area(id)?;
                Section::Area(id.to_owned())
            }
        })
    }

    /// Reads a stored list ("about-me,area-health"), dropping anything unknown.
    pub fn parse_list(s: &str, framework: &Framework) -> Vec<Section> {
        let mut sections: Vec<Section> = s.split(',').filter_map(|id| Section::parse(id.trim(), framework)).collect();
        sections.sort_by_key(|section| section.order(framework));
        sections.dedup();
        sections
    }

    /// A list as stored.
    pub fn list(sections: &[Section]) -> String {
        sections.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
    }

    /// Every section of the plan, in the order the plan shows them.
    pub fn all(framework: &Framework) -> Vec<Section> {
        let mut all = vec![Section::AboutMe];
        all.extend(framework.areas.iter().map(|a| Section::Area(a.id.clone())));
        all.extend([Section::Outcomes, Section::Emergency, Section::Breaks, Section::Review]);
        all
    }

    fn order(&self, framework: &Framework) -> usize {
        Section::all(framework).iter().position(|s| s == self).unwrap_or(usize::MAX)
    }

    /// Its title, as in the task list.
    pub fn title(&self, framework: &Framework) -> String {
        match self {
            Section::AboutMe => "About me and my caring role".to_owned(),
            Section::Area(id) => framework.area(id).map_or_else(|| id.clone(), |a| a.title.clone()),
            Section::Outcomes => "Outcomes and actions".to_owned(),
            Section::Emergency => "Emergency and future planning".to_owned(),
            Section::Breaks => "Breaks from caring".to_owned(),
            Section::Review => "Review".to_owned(),
        }
    }

    /// The section a record belongs to; `None` for records that are never
    /// shared (the hand-off answers themselves).
    pub fn of(key: &RecordKey) -> Option<Section> {
        Some(match key {
            RecordKey::AboutMe | RecordKey::Person(_) => Section::AboutMe,
            RecordKey::Area(id) => Section::Area(id.clone()),
            RecordKey::Outcomes | RecordKey::Outcome(_) | RecordKey::Action(_) => Section::Outcomes,
            RecordKey::Emergency => Section::Emergency,
            RecordKey::Breaks => Section::Breaks,
            RecordKey::Review => Section::Review,
            RecordKey::HandOff | RecordKey::WorkerArea(_) | RecordKey::WorkerPlan | RecordKey::WorkerAction(_) => return None,
        })
    }

    /// True when the carer has written something in this section and has
    /// not asked to keep it out of the conversation.
    pub fn has_answers(&self, plan: &Plan) -> bool {
        !self.is_skipped(plan) && plan.records.iter().any(|r| Section::of(&r.key).as_ref() == Some(self) && r.has_answers())
    }

    /// True for a wellbeing area the carer marked "I'd rather not talk about this".
    pub fn is_skipped(&self, plan: &Plan) -> bool {
        matches!(self, Section::Area(id)
            if plan.record(&RecordKey::Area(id.clone())).and_then(|r| r.answer::<YesNo>("skip")) == Some(YesNo::Yes))
    }
}

/// The sections a carer can share now: those with answers, in plan order.
/// Skipped areas are never offered.
pub fn shareable(plan: &Plan, framework: &Framework) -> Vec<Section> {
    Section::all(framework).into_iter().filter(|s| s.has_answers(plan)).collect()
}

/// Only the records of `plan` a worker may see under a share of `sections`:
/// never a skipped area, never the hand-off answers.
pub fn shared_part(plan: &Plan, sections: &[Section]) -> Plan {
    let records = plan
        .records
        .iter()
        .filter(|r| Section::of(&r.key).is_some_and(|s| sections.contains(&s) && !s.is_skipped(plan)))
        .cloned()
        .collect();
    Plan { records }
}

/// The highest impact the carer gave any of the shared areas (for the queue's order).
pub fn top_impact(plan: &Plan, sections: &[Section]) -> Option<ImpactLevel> {
    sections
        .iter()
        .filter_map(|s| match s {
            Section::Area(id) => plan.rating(id),
            _ => None,
        })
        .max()
}

/// Who a share is with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Recipient {
    /// The carer support workers of the carers' centre (and so the worker who picks the plan up).
    Centre,
    /// Social work at the council, through a referral the allocated worker makes.
    SocialWork,
}

impl Recipient {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Recipient::Centre => "centre",
            Recipient::SocialWork => "social-work",
        }
    }

    /// Reads a stored value.
    pub fn parse(s: &str) -> Option<Recipient> {
        [Recipient::Centre, Recipient::SocialWork].into_iter().find(|r| r.as_str() == s)
    }

    /// As the carer reads it.
    pub fn label(self) -> &'static str {
        match self {
            Recipient::Centre => "Carer support workers at the carers' centre",
            Recipient::SocialWork => "Social work at the council",
        }
    }

    /// What the recipient will do with it, in the carer's words.
    pub fn purpose(self) -> &'static str {
        match self {
            Recipient::Centre => "To talk with you about what would help, and to prepare your Adult Carer Support Plan with you.",
            Recipient::SocialWork => "To decide whether you need support from the council, and to arrange it, when your worker refers you.",
        }
    }
}

/// The exact words a carer agrees to when they share `sections` with
/// `recipient`. Stored with the consent record, so a receipt shows what
/// they saw even if this wording changes later.
pub fn consent_wording(recipient: Recipient, sections: &[Section], framework: &Framework) -> String {
    let titles: Vec<String> = sections.iter().map(|s| s.title(framework)).collect();
    wording_for(recipient, &titles.join("; "))
}

/// The same words, shown before the carer has chosen what to share.
pub fn consent_wording_before_choosing(recipient: Recipient) -> String {
    wording_for(recipient, "the parts you tick")
}

fn wording_for(recipient: Recipient, parts: &str) -> String {
    match recipient {
        Recipient::Centre => format!(
            "I agree that carer support workers at the carers' centre may read these parts of my plan: {}. \
             Only the worker who picks up my plan can open them. They will use them to talk with me about \
             what would help and to prepare my Adult Carer Support Plan with me. I can change what I share \
             or withdraw my consent at any time, and I can see every time someone opens my plan.",
            parts
        ),
        Recipient::SocialWork => format!(
            "I agree that my carer support worker may send these parts of my plan to social work at the council: {}. \
             Social work will use them to decide whether I need support from the council, and to arrange it. \
             Nothing is sent until my worker makes a referral, and I will see every referral on my Sharing page. \
             I can withdraw my consent at any time; after that, no referral sent with it can be opened.",
            parts
        ),
    }
}

/// The exact words a carer agrees to when they withdraw a share of `sections` with `recipient`.
pub fn withdrawal_wording(recipient: Recipient, sections: &[Section], framework: &Framework) -> String {
    let titles = sections.iter().map(|s| s.title(framework)).collect::<Vec<_>>().join("; ");
    match recipient {
        Recipient::Centre => {
            format!("I withdraw my consent. From now on no one at the carers' centre may open any part of my plan ({titles}).")
        }
        Recipient::SocialWork => format!(
            "I withdraw my consent to share my plan with social work ({titles}). Nothing more may be sent, \
             and no referral sent with this consent can be opened any more."
        ),
    }
}

/// What one consent record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentChange {
    /// The share was given.
    Given,
    /// The sections were changed.
    Changed,
    /// The share was withdrawn.
    Withdrawn,
}

impl ConsentChange {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentChange::Given => "given",
            ConsentChange::Changed => "changed",
            ConsentChange::Withdrawn => "withdrawn",
        }
    }

    /// Reads a stored value.
    pub fn parse(s: &str) -> Option<ConsentChange> {
        [ConsentChange::Given, ConsentChange::Changed, ConsentChange::Withdrawn].into_iter().find(|c| c.as_str() == s)
    }

    /// As the carer reads it.
    pub fn label(self) -> &'static str {
        match self {
            ConsentChange::Given => "Consent given",
            ConsentChange::Changed => "What is shared changed",
            ConsentChange::Withdrawn => "Consent withdrawn",
        }
    }
}

/// One consent record: append-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    /// This record.
    pub id: uuid::Uuid,
    /// The share it belongs to (every record of one share has the same).
    pub share_id: uuid::Uuid,
    /// Its place in the share: 1 when given, then 2, 3…
    pub sequence: i64,
    /// Who the share is with.
    pub recipient: Recipient,
    /// What this record did.
    pub change: ConsentChange,
    /// Section ids as stored (kept as text, so a record stays readable if
    /// the framework changes).
    pub sections: String,
    /// What the recipient will do with it.
    pub purpose: String,
    /// The exact words the carer saw.
    pub wording: String,
    /// When (seconds since the epoch).
    pub recorded_at: i64,
}

/// A share as it stands: its latest record, and when it was first given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// The latest record.
    pub latest: ConsentRecord,
    /// When the share was given.
    pub given_at: i64,
    /// When it was withdrawn, if it was.
    pub withdrawn_at: Option<i64>,
}

impl Share {
    /// Groups a carer's records (any order) into shares, newest share first.
    pub fn from_records(records: &[ConsentRecord]) -> Vec<Share> {
        let mut shares: Vec<Share> = Vec::new();
        let mut sorted: Vec<&ConsentRecord> = records.iter().collect();
        sorted.sort_by_key(|r| (r.share_id, r.sequence));
        for record in sorted {
            match shares.iter_mut().find(|s| s.latest.share_id == record.share_id) {
                Some(share) => share.latest = record.clone(),
                None => shares.push(Share { latest: record.clone(), given_at: record.recorded_at, withdrawn_at: None }),
            }
        }
        for share in &mut shares {
            if share.latest.change == ConsentChange::Withdrawn {
                share.withdrawn_at = Some(share.latest.recorded_at);
            }
        }
        shares.sort_by_key(|s| std::cmp::Reverse((s.given_at, s.latest.recorded_at)));
        shares
    }

    /// True until withdrawn.
    pub fn is_current(&self) -> bool {
        self.withdrawn_at.is_none()
    }
}

/// How a carer may be contacted, as they said at hand-off.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Phone number, if they gave one.
    pub phone: String,
    /// Email address, if they gave one.
    pub email: String,
    /// Good times to get in touch.
    pub good_times: String,
    /// Whether a message may be left (the person cared for may hear it).
    pub safe_to_leave_message: bool,
    /// Whether we may write (the person cared for may read it).
    pub safe_to_write: bool,
}

/// Where a handed-off plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HandOffStatus {
    /// In the queue, waiting for a worker.
    Waiting,
    /// Picked up by a worker.
    Allocated,
    /// The carer withdrew consent.
    Withdrawn,
}

impl HandOffStatus {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            HandOffStatus::Waiting => "waiting",
            HandOffStatus::Allocated => "allocated",
            HandOffStatus::Withdrawn => "withdrawn",
        }
    }

    /// Reads a stored value.
    pub fn parse(s: &str) -> Option<HandOffStatus> {
        [HandOffStatus::Waiting, HandOffStatus::Allocated, HandOffStatus::Withdrawn].into_iter().find(|h| h.as_str() == s)
    }

    /// A worker may pick the plan up only while it waits.
    pub fn pick_up(self) -> Result<HandOffStatus, SharingError> {
        match self {
            HandOffStatus::Waiting => Ok(HandOffStatus::Allocated),
            HandOffStatus::Allocated => Err(SharingError::AlreadyPickedUp),
            HandOffStatus::Withdrawn => Err(SharingError::Withdrawn),
        }
    }

    /// Sections can be changed, or consent withdrawn, until it is withdrawn.
    pub fn change(self) -> Result<HandOffStatus, SharingError> {
        match self {
            HandOffStatus::Withdrawn => Err(SharingError::Withdrawn),
            other => Ok(other),
        }
    }

    /// A plan can be handed off again only when no share is current.
    pub fn hand_off_again(self) -> Result<HandOffStatus, SharingError> {
        match self {
            HandOffStatus::Withdrawn => Ok(HandOffStatus::Waiting),
            _ => Err(SharingError::AlreadyShared),
        }
    }
}

/// Why a consent or hand-off step cannot happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SharingError {
    /// Another worker got there first.
    #[error("This plan has already been picked up")]
    AlreadyPickedUp,
    /// The carer withdrew consent.
    #[error("The carer has withdrawn consent")]
    Withdrawn,
    /// The plan is already with the centre.
    #[error("Your plan is already shared")]
    AlreadyShared,
}

/// A handed-off plan, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandOff {
    /// Whose plan.
    pub carer_id: uuid::Uuid,
    /// The name the carer chose to be called.
    pub carer_name: String,
    /// The share it rests on.
    pub share_id: uuid::Uuid,
    /// Where it stands.
    pub status: HandOffStatus,
    /// Sections shared now (ids as stored).
    pub sections: String,
    /// When the carer asked to talk to someone (seconds since the epoch).
    pub handed_off_at: i64,
    /// The day the centre first knew them as a carer.
    pub identified_on: Day,
    /// Is the person cared for terminally ill (their death can reasonably
    /// be expected within six months)?
    pub terminal: YesNoNotSure,
    /// The highest impact given any shared area; `None` if none is rated.
    pub top_impact: Option<ImpactLevel>,
    /// How to get in touch.
    pub contact: Contact,
    /// The worker it is with, and their name.
    pub worker: Option<(uuid::Uuid, String)>,
    /// When it was picked up or last reallocated.
    pub allocated_at: Option<i64>,
    /// Its worker was deactivated; a manager should reallocate it.
    pub needs_reallocation: bool,
    /// When consent was withdrawn.
    pub withdrawn_at: Option<i64>,
    /// For a carer of someone terminally ill, the day their next statutory
    /// clock falls due (see [`HandOff::next_clock_due`]), worked out with the
    /// public holidays when the plan was handed off and stored, so the whole
    /// queue is ordered by it, not just the page of it a worker reads.
    pub next_due_on: Option<Day>,
}

/// The order of the queue, most urgent first: carers of terminally ill
/// people, the one whose next clock falls due first (the most overdue) at
/// the top; then the highest impact a carer gave; then the longest waiting.
/// The store sorts by the same keys (`order by urgent desc, next_due_on,
/// top_impact desc, handed_off_at, carer_id`); the storage suite checks the
/// two agree.
pub fn queue_order(a: &HandOff, b: &HandOff) -> std::cmp::Ordering {
    // Every terminal-illness plan has a due day, so `None` only ever meets `None`.
    let due = |h: &HandOff| (h.next_due_on.is_none(), h.next_due_on);
    b.is_terminal()
        .cmp(&a.is_terminal())
        .then_with(|| due(a).cmp(&due(b)))
        .then_with(|| b.top_impact.cmp(&a.top_impact))
        .then_with(|| a.handed_off_at.cmp(&b.handed_off_at))
        .then_with(|| a.carer_id.cmp(&b.carer_id))
}

impl HandOff {
    /// The carer said the person they care for is terminally ill.
    pub fn is_terminal(&self) -> bool {
        self.terminal == YesNoNotSure::Yes
    }

    /// The day the carer asked to talk to someone.
    pub fn requested_on(&self) -> Day {
        super::calendar::uk_day(self.handed_off_at)
    }

    /// The statutory clocks, for carers of terminally ill people; none otherwise.
    pub fn clocks(&self, holidays: &Holidays) -> Vec<Clock> {
        if self.is_terminal() {
            clocks::terminal_illness_clocks(self.identified_on, self.requested_on(), holidays).to_vec()
        } else {
            Vec::new()
        }
    }

    /// For a carer of someone terminally ill, the day the first of their
    /// clocks still running falls due; `None` when there are no clocks. While
    /// a plan waits for a worker every clock runs, so this is the earliest.
    pub fn next_clock_due(&self, holidays: &Holidays) -> Option<Day> {
        self.clocks(holidays).iter().map(|c| c.due).min()
    }

    /// The day the carer can expect to hear from a worker by.
    pub fn contact_by(&self, holidays: &Holidays) -> Day {
        match self.clocks(holidays).iter().map(|c| c.due).min() {
            Some(first) => first.max(self.requested_on()),
            None => clocks::usual_contact_by(self.requested_on(), holidays),
        }
    }

    /// Each clock with where it stands `today`.
    pub fn clock_statuses(&self, today: Day, holidays: &Holidays) -> Vec<(Clock, ClockStatus)> {
        self.clocks(holidays).into_iter().map(|c| (c, ClockStatus::of(c.due, today, holidays))).collect()
    }
}

/// One time someone other than the carer opened part of their plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRecord {
    /// Its place in the log (later looks have larger numbers).
    pub id: i64,
    /// Who (their name when they looked).
    pub viewer_name: String,
    /// Their role then.
    pub viewer_role: Role,
    /// What they opened.
    pub what: Looked,
    /// When (seconds since the epoch).
    pub viewed_at: i64,
}

/// What a look at a carer's plan opened, as the access log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Looked {
    /// The overview: contact details and the list of what is shared.
    Contact,
    /// Every shared section at once ([`ALL_SECTIONS`]).
    Everything,
    /// The shared ratings, to write the support plan ([`SUPPORT_PLAN`]).
    Ratings,
    /// The shared sections, to refer the carer to social work.
    Referral,
    /// The whole plan, to refer the carer to social work for a legal reason.
    LegalReferral,
    /// A referral package, to print or send.
    ReferralPackage,
    /// One section, by its id (kept as stored, so a look at an area a later
    /// framework no longer has still reads as something).
    Section(String),
}

impl Looked {
    /// How the access log stores it.
    pub fn as_stored(&self) -> &str {
        match self {
            Looked::Contact => "contact",
            Looked::Everything => ALL_SECTIONS,
            Looked::Ratings => SUPPORT_PLAN,
            Looked::Referral => "referral",
            Looked::LegalReferral => "referral-legal",
            Looked::ReferralPackage => "referral-package",
            Looked::Section(id) => id,
        }
    }

    /// Reads a stored look: anything not named above is a section's id.
    pub fn from_stored(stored: &str) -> Looked {
        match stored {
            "contact" => Looked::Contact,
            ALL_SECTIONS => Looked::Everything,
            SUPPORT_PLAN => Looked::Ratings,
            "referral" => Looked::Referral,
            "referral-legal" => Looked::LegalReferral,
            "referral-package" => Looked::ReferralPackage,
            id => Looked::Section(id.to_owned()),
        }
    }

    /// What was opened, as the carer reads it on their Sharing page.
    pub fn describe(&self, framework: &Framework) -> String {
        match self {
            Looked::Contact => "Your contact details and the list of what you share".to_owned(),
            Looked::Everything => "Everything you share, all at once".to_owned(),
            Looked::Ratings => "Your ratings, to write your support plan".to_owned(),
            Looked::Referral => "The parts you share with social work, to refer you to them".to_owned(),
            Looked::LegalReferral => "Your plan, to refer you to social work for a legal reason (see Referrals)".to_owned(),
            Looked::ReferralPackage => "A referral to social work, to print or send".to_owned(),
            Looked::Section(id) => Section::parse(id, framework).map_or_else(|| id.clone(), |section| section.title(framework)),
        }
    }
}

/// Consent records, and looks in the access log, shown on one page of the
/// carer's Sharing page (and in one answer of the `sharing` server
/// function); older ones are a link away. "Download my data" has them all.
pub const HISTORY_PAGE: u32 = 20;

/// Shares listed on the Sharing page: every current one, then the newest.
pub const SHARES_LISTED: u32 = 20;

/// How many times a carer may give consent or change what they share in
/// 24 hours: far more than anyone needs, so a script cannot fill the
/// consent records. Withdrawing is never limited.
pub const MOST_CONSENT_CHANGES_PER_DAY: u32 = 30;

/// The window [`MOST_CONSENT_CHANGES_PER_DAY`] counts over.
pub const CONSENT_CHANGES_WINDOW_SECS: i64 = 24 * 60 * 60;

/// Refuses another consent change when the carer already made `made`
/// (given or changed, the oldest at `oldest`) in the last 24 hours: the
/// message says when they can change it again, and that withdrawing is
/// still open to them.
pub fn consent_ceiling(made: u32, oldest: Option<i64>, now: i64) -> Result<(), String> {
    if made < MOST_CONSENT_CHANGES_PER_DAY {
        return Ok(());
    }
    let reopens = oldest.unwrap_or(now) + CONSENT_CHANGES_WINDOW_SECS;
    let hours = ((reopens - now).max(1) + 3_599) / 3_600;
    let when = if hours == 1 { "1 hour".to_owned() } else { format!("{hours} hours") };
    Err(format!(
        "You have changed what you share {MOST_CONSENT_CHANGES_PER_DAY} times in the last 24 hours. \
         That is the most we allow in a day, so nothing was changed. You can change it again in {when}. \
         You can still withdraw your consent at any time."
    ))
}

/// Where an older page of a carer's history starts: the entries older
/// than this one, newest first. A consent record is placed by when it was
/// recorded, its place in its share and its id; a look in the access log
/// by when it happened and its place in the log. Written in addresses as
/// `<seconds>.<n>` or `<seconds>.<n>.<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Older {
    /// When the entry was made (seconds since the epoch).
    pub at: i64,
    /// Its sequence in its share (consent) or its place in the log (access).
    pub n: i64,
    /// The consent record's id (none for the access log).
    pub id: Option<uuid::Uuid>,
}

impl Older {
    /// The place just after this consent record.
    pub fn of_consent(record: &ConsentRecord) -> Older {
        Older { at: record.recorded_at, n: record.sequence, id: Some(record.id) }
    }

    /// The place just after this look.
    pub fn of_access(record: &AccessRecord) -> Older {
        Older { at: record.viewed_at, n: record.id, id: None }
    }

    /// Reads a place from an address; anything else is no place (the newest page).
    pub fn parse(text: &str) -> Option<Older> {
        if text.len() > 80 {
            return None;
        }
        let mut parts = text.split('.');
        let at = parts.next()?.parse().ok()?;
        let n = parts.next()?.parse().ok()?;
        let id = match parts.next() {
            Some(id) => Some(uuid::Uuid::parse_str(id).ok()?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Older { at, n, id })
    }
}

impl std::fmt::Display for Older {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.id {
            Some(id) => write!(f, "{}.{}.{id}", self.at, self.n),
            None => write!(f, "{}.{}", self.at, self.n),
        }
    }
}

/// Everything the carer answered on the way to "I'm ready to talk to someone", checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandOffAnswers {
    /// What a worker may see.
    pub sections: Vec<Section>,
    /// How to get in touch.
    pub contact: Contact,
    /// "yes", "no" or "not-sure".
    pub terminal: YesNoNotSure,
    /// The day the centre first knew them as a carer (today when not given).
    pub identified_on: Day,
}

const NO_SECTIONS: &str = "Select at least one part of your plan to share";
const GONE_SECTIONS: &str = "Some parts you chose have no answers now, or you chose not to talk about them. Choose again";
const NO_CONTACT: &str = "Enter a phone number or an email address, so a worker can get in touch";
const BAD_PHONE: &str = "Enter a phone number, like 01632 960 001 or 07700 900 982";
const NO_SAFE_MESSAGE: &str = "Select whether it is safe to leave a message on this phone";
const NO_SAFE_WRITE: &str = "Select whether it is safe to email you";
const NO_TERMINAL: &str = "Select whether the person you care for is terminally ill, or Not sure";
const FUTURE_DAY: &str = "The day the carers' centre first knew you were a carer must be today or in the past";

fn phone_is_plausible(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (10..=15).contains(&digits) && phone.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c))
}

fn check_contact(get: &dyn Fn(&str) -> String, errors: &mut FieldErrors) -> Contact {
    let (phone, email) = (get("phone").trim().to_owned(), get("email").trim().to_owned());
    if phone.is_empty() && email.is_empty() {
        errors.push("phone", NO_CONTACT);
    }
    if !phone.is_empty() && !phone_is_plausible(&phone) {
        errors.push("phone", BAD_PHONE);
    }
    let email = if email.is_empty() {
        email
    } else {
        match Email::parse(&email) {
            Ok(e) => e.as_str().to_owned(),
            Err(message) => {
                errors.push("email", message);
                email
            }
        }
    };
    let safe_message = YesNo::parse(get("safe_message").trim());
    if !phone.is_empty() && safe_message.is_none() {
        errors.push("safe_message", NO_SAFE_MESSAGE);
    }
    let safe_write = YesNo::parse(get("safe_write").trim());
    if !email.is_empty() && safe_write.is_none() {
        errors.push("safe_write", NO_SAFE_WRITE);
    }
    Contact {
        phone,
        email,
        good_times: get("good_times").trim().to_owned(),
        safe_to_leave_message: safe_message == Some(YesNo::Yes),
        safe_to_write: safe_write == Some(YesNo::Yes),
    }
}

fn check_person(get: &dyn Fn(&str) -> String, today: Day, errors: &mut FieldErrors) -> (Option<YesNoNotSure>, Day) {
    let terminal = YesNoNotSure::parse(get("terminal").trim());
    if terminal.is_none() {
        errors.push("terminal", NO_TERMINAL);
    }
    let identified = get("identified_on");
    let identified = match Day::parse(identified.trim()) {
        Some(day) if day > today => {
            errors.push("identified_on", FUTURE_DAY);
            today
        }
        Some(day) => day,
        None => today,
    };
    (terminal, identified)
}

/// Checks one question page of the hand-off as it was posted (a page is
/// known by the fields it sends). Field-by-field checks (lengths, choices,
/// real dates) are the plan's own and run first.
pub fn check_hand_off_page(fields: &BTreeMap<String, String>, today: Day) -> FieldErrors {
    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let mut errors = FieldErrors::default();
    if fields.contains_key("sections") && get("sections").trim().is_empty() {
        errors.push("sections", NO_SECTIONS);
    }
    if fields.contains_key("phone") || fields.contains_key("email") {
        check_contact(&get, &mut errors);
    }
    if fields.contains_key("terminal") {
        check_person(&get, today, &mut errors);
    }
    errors
}

/// Checks every answer before the plan is handed off: the sections must
/// still be shareable, and each question page must be answered.
pub fn check_hand_off(plan: &Plan, framework: &Framework, today: Day) -> Result<HandOffAnswers, FieldErrors> {
    let record = plan.record(&RecordKey::HandOff);
    let get = |name: &str| record.map_or("", |r| r.get(name)).to_owned();
    let mut errors = FieldErrors::default();
    let chosen = get("sections");
    let sections = Section::parse_list(&chosen, framework);
    let offered = shareable(plan, framework);
    if sections.is_empty() {
        errors.push("sections", NO_SECTIONS);
    } else if sections.iter().any(|s| !offered.contains(s)) || chosen.split(',').filter(|s| !s.trim().is_empty()).count() != sections.len()
    {
        errors.push("sections", GONE_SECTIONS);
    }
    let contact = check_contact(&get, &mut errors);
    let (terminal, identified_on) = check_person(&get, today, &mut errors);
    match terminal {
        Some(terminal) if errors.is_empty() => Ok(HandOffAnswers { sections, contact, terminal, identified_on }),
        _ => Err(errors),
    }
}

/// Checks a new choice of sections for a share that already exists.
pub fn check_sections(chosen: &[String], plan: &Plan, framework: &Framework) -> Result<Vec<Section>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let sections = Section::parse_list(&chosen.join(","), framework);
    let offered = shareable(plan, framework);
    if chosen.is_empty() {
        errors.push("sections", "Select at least one part of your plan to share. To share nothing, withdraw your consent instead");
    } else if sections.len() != chosen.len() || sections.iter().any(|s| !offered.contains(s)) {
        errors.push("sections", GONE_SECTIONS);
    }
    if errors.is_empty() { Ok(sections) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framework() -> Framework {
        Framework::shipped("scotland").expect("the Scottish framework ships")
    }

    use crate::domain::plan::sample_record as record;

    fn plan() -> Plan {
        let id = uuid::Uuid::new_v4();
        Plan {
            records: vec![
                record(RecordKey::Person(id), &[("name", "Mum")]),
                record(RecordKey::Area("health".into()), &[("now", "Tired"), ("rating", "substantial")]),
                record(RecordKey::Area("finance".into()), &[("now", "Money is tight"), ("rating", "critical"), ("skip", "yes")]),
                record(RecordKey::Area("relationships".into()), &[("rating", "low")]),
                record(RecordKey::Breaks, &[("done", "no")]),
                record(RecordKey::HandOff, &[("phone", "0131 496 0000")]),
            ],
        }
    }

    #[test]
    fn only_sections_with_answers_are_offered_and_skipped_areas_never() {
        let offered = shareable(&plan(), &framework());
        assert_eq!(
            offered,
            vec![Section::AboutMe, Section::Area("health".into()), Section::Area("relationships".into())],
            "finance is skipped, breaks only says 'not finished', and the hand-off answers are not a section"
        );
    }

    #[test]
    fn section_ids_round_trip_and_nonsense_is_refused() {
        let framework = framework();
        for section in Section::all(&framework) {
            assert_eq!(Section::parse(&section.to_string(), &framework), Some(section));
        }
        for bad in ["", "area-", "area-nowhere", "hand-off", "About-me", "area-health,breaks"] {
            assert_eq!(Section::parse(bad, &framework), None, "{bad}");
        }
        assert_eq!(
            Section::parse_list("review,about-me,area-nowhere,about-me", &framework),
            vec![Section::AboutMe, Section::Review],
            "unknown ids dropped, plan order, no repeats"
        );
    }

    #[test]
    fn a_worker_sees_only_shared_sections_and_never_a_skipped_area() {
        let plan = plan();
        let shared = shared_part(&plan, &[Section::Area("health".into()), Section::Area("finance".into())]);
        let keys: Vec<String> = shared.records.iter().map(|r| r.key.to_string()).collect();
        assert_eq!(keys, vec!["area:health"], "finance was skipped after it was shared");
        let about = shared_part(&plan, &[Section::AboutMe]);
        assert_eq!(about.records.len(), 1, "the person cared for belongs to About me");
    }

    #[test]
    fn the_queue_uses_the_highest_rating_among_shared_areas() {
        let plan = plan();
        let sections = [Section::Area("health".into()), Section::Area("relationships".into())];
        assert_eq!(top_impact(&plan, &sections), Some(ImpactLevel::Substantial));
        assert_eq!(top_impact(&plan, &[Section::Area("finance".into())]), None, "a skipped area's rating is not shared");
        assert_eq!(top_impact(&plan, &[Section::AboutMe]), None);
    }

    #[test]
    fn the_wording_names_every_section_shared() {
        let framework = framework();
        let words = consent_wording(Recipient::Centre, &[Section::AboutMe, Section::Area("health".into())], &framework);
        assert!(words.contains("About me and my caring role; Health and wellbeing"), "{words}");
        assert!(words.contains("withdraw"));
    }

    fn consent(share: uuid::Uuid, sequence: i64, change: ConsentChange, at: i64) -> ConsentRecord {
        ConsentRecord {
            id: uuid::Uuid::new_v4(),
            share_id: share,
            sequence,
            recipient: Recipient::Centre,
            change,
            sections: "about-me".into(),
            purpose: String::new(),
            wording: String::new(),
            recorded_at: at,
        }
    }

    #[test]
    fn shares_are_read_from_their_records_newest_first() {
        let (first, second) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
        let records = vec![
            consent(second, 1, ConsentChange::Given, 300),
            consent(first, 2, ConsentChange::Changed, 150),
            consent(first, 1, ConsentChange::Given, 100),
            consent(first, 3, ConsentChange::Withdrawn, 200),
        ];
        let shares = Share::from_records(&records);
        assert_eq!(shares.len(), 2);
        assert!(shares[0].is_current() && shares[0].latest.share_id == second);
        assert_eq!((shares[1].given_at, shares[1].withdrawn_at), (100, Some(200)));
        assert!(!shares[1].is_current());
    }

    fn today() -> Day {
        Day::parse("2026-11-24").expect("a real day")
    }

    fn with_hand_off(fields: &[(&str, &str)]) -> Plan {
        let mut plan = plan();
        plan.records.retain(|r| r.key != RecordKey::HandOff);
        plan.records.push(record(RecordKey::HandOff, fields));
        plan
    }

    #[test]
    fn a_complete_hand_off_is_accepted_with_what_is_safe() {
        let plan = with_hand_off(&[
            ("sections", "about-me,area-health"),
            ("phone", "07700 900 982"),
            ("safe_message", "no"),
            ("terminal", "yes"),
            ("identified_on", "2026-11-20"),
        ]);
        let answers = check_hand_off(&plan, &framework(), today()).expect("complete");
        assert_eq!(answers.sections, vec![Section::AboutMe, Section::Area("health".into())]);
        assert!(!answers.contact.safe_to_leave_message);
        assert_eq!(answers.terminal, YesNoNotSure::Yes);
        assert_eq!(answers.identified_on, Day::parse("2026-11-20").expect("day"));
    }

    #[test]
    fn each_missing_answer_is_named_beside_its_question() {
        let errors = check_hand_off(&with_hand_off(&[]), &framework(), today()).expect_err("nothing answered");
        assert_eq!(errors.get("sections"), Some(NO_SECTIONS));
        assert_eq!(errors.get("phone"), Some(NO_CONTACT));
        assert_eq!(errors.get("terminal"), Some(NO_TERMINAL));
        let errors = check_hand_off(
            &with_hand_off(&[
                ("sections", "area-finance"),
                ("email", "me@example.com"),
                ("terminal", "no"),
                ("identified_on", "2026-12-01"),
            ]),
            &framework(),
            today(),
        )
        .expect_err("a skipped area, no answer on writing, a future day");
        assert_eq!(errors.get("sections"), Some(GONE_SECTIONS));
        assert_eq!(errors.get("safe_write"), Some(NO_SAFE_WRITE));
        assert_eq!(errors.get("identified_on"), Some(FUTURE_DAY));
        let errors = check_hand_off(&with_hand_off(&[("sections", "about-me,area-nowhere")]), &framework(), today())
            .expect_err("a section that does not exist");
        assert_eq!(errors.get("sections"), Some(GONE_SECTIONS));
    }

    #[test]
    fn a_question_page_is_checked_for_its_own_answers_only() {
        let contact = BTreeMap::from([("phone".to_owned(), "12".to_owned()), ("good_times".to_owned(), String::new())]);
        let errors = check_hand_off_page(&contact, today());
        assert_eq!(errors.get("phone"), Some(BAD_PHONE));
        assert_eq!(errors.get("terminal"), None, "that question is on another page");
        let person = BTreeMap::from([("terminal".to_owned(), "not-sure".to_owned()), ("identified_on".to_owned(), String::new())]);
        assert!(check_hand_off_page(&person, today()).is_empty());
    }

    #[test]
    fn a_new_choice_of_sections_must_name_shareable_sections() {
        let plan = plan();
        assert_eq!(check_sections(&["area-health".into()], &plan, &framework()), Ok(vec![Section::Area("health".into())]));
        assert!(check_sections(&[], &plan, &framework()).is_err());
        assert!(check_sections(&["area-finance".into()], &plan, &framework()).is_err(), "skipped");
        assert!(check_sections(&["review".into()], &plan, &framework()).is_err(), "nothing written there");
    }

    /// A waiting plan as handed off: its name, whether the person cared
    /// for is terminally ill, the day the carer was identified, the day they
    /// asked, and the highest impact they gave.
    fn waiting(name: &str, terminal: &str, identified: &str, requested: &str, top_impact: i64) -> HandOff {
        let requested = Day::parse(requested).expect("a day");
        let mut handoff = HandOff {
            carer_id: uuid::Uuid::new_v4(),
            carer_name: name.to_owned(),
            share_id: uuid::Uuid::new_v4(),
            status: HandOffStatus::Waiting,
            sections: "about-me".to_owned(),
            // Midday in the UK on the day they asked.
            handed_off_at: requested.0 * 86_400 + 12 * 3_600,
            identified_on: Day::parse(identified).expect("a day"),
            terminal: YesNoNotSure::parse(terminal).expect("an answer"),
            top_impact: usize::try_from(top_impact).ok().and_then(|i| ImpactLevel::ALL.get(i).copied()),
            contact: Contact::default(),
            worker: None,
            allocated_at: None,
            needs_reallocation: false,
            withdrawn_at: None,
            next_due_on: None,
        };
        handoff.next_due_on = handoff.next_clock_due(&Holidays::scotland());
        handoff
    }

    #[test]
    fn the_queue_puts_the_most_overdue_terminal_illness_plan_first() {
        let h = Holidays::scotland();
        // Friday 4 December 2026.
        let today = Day::parse("2026-12-04").expect("a day");
        let mut queue = [
            // Asked yesterday, nothing overdue, the highest impact.
            waiting("Nothing overdue", "yes", "2026-12-03", "2026-12-03", 4),
            // Identified a week ago: the plan should have been offered by Tuesday.
            waiting("Overdue by 3", "yes", "2026-11-27", "2026-12-02", 1),
            // Overdue by 1: due Thursday.
            waiting("Overdue by 1", "yes", "2026-12-02", "2026-12-02", -1),
            // Not terminally ill: after every terminal-illness plan, by impact, then the longest waiting.
            waiting("Critical, not terminal", "no", "2026-11-01", "2026-11-02", 4),
            waiting("Not sure, critical, waiting longer", "not-sure", "2026-10-01", "2026-10-02", 4),
            waiting("Low, waiting longest", "no", "2026-09-01", "2026-09-01", 1),
            // Due the same day as "Nothing overdue", with a lower impact.
            waiting("Due with it, lower impact", "yes", "2026-12-03", "2026-12-03", 2),
        ];
        queue.sort_by(queue_order);
        let order: Vec<(&str, String)> = queue
            .iter()
            .map(|q| {
                let first = q.clock_statuses(today, &h).first().map(|(c, s)| s.line(c.due)).unwrap_or_default();
                (q.carer_name.as_str(), first)
            })
            .collect();
        assert_eq!(
            order,
            [
                ("Overdue by 3", "overdue by 3 working days (due Tuesday 1 December 2026)".to_owned()),
                ("Overdue by 1", "overdue by 1 working day (due Thursday 3 December 2026)".to_owned()),
                ("Nothing overdue", "due today (Friday 4 December 2026)".to_owned()),
                ("Due with it, lower impact", "due today (Friday 4 December 2026)".to_owned()),
                ("Not sure, critical, waiting longer", String::new()),
                ("Critical, not terminal", String::new()),
                ("Low, waiting longest", String::new()),
            ]
            .iter()
            .map(|(n, l)| (*n, l.clone()))
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_next_clock_is_the_earliest_still_running() {
        let h = Holidays::scotland();
        // Identified long before asking: the plan offer is the next clock.
        let long_known = waiting("A", "yes", "2026-11-02", "2026-11-24", 0);
        assert_eq!(long_known.next_due_on, Day::parse("2026-11-03"));
        // Identified on a Saturday: counting starts on Monday.
        let saturday = waiting("B", "yes", "2026-12-05", "2026-12-05", 0);
        assert_eq!(saturday.next_due_on, Day::parse("2026-12-08"));
        // Not terminally ill, or not sure: no clocks.
        assert_eq!(waiting("C", "no", "2026-12-05", "2026-12-05", 0).next_clock_due(&h), None);
        assert_eq!(waiting("D", "not-sure", "2026-12-05", "2026-12-05", 0).next_clock_due(&h), None);
    }

    #[test]
    fn a_withdrawn_plan_cannot_be_picked_up_or_changed_and_a_live_one_cannot_be_handed_off_twice() {
        assert_eq!(HandOffStatus::Waiting.pick_up(), Ok(HandOffStatus::Allocated));
        assert_eq!(HandOffStatus::Allocated.pick_up(), Err(SharingError::AlreadyPickedUp));
        assert_eq!(HandOffStatus::Withdrawn.pick_up(), Err(SharingError::Withdrawn));
        assert_eq!(HandOffStatus::Withdrawn.change(), Err(SharingError::Withdrawn));
        assert_eq!(HandOffStatus::Allocated.change(), Ok(HandOffStatus::Allocated));
        assert_eq!(HandOffStatus::Waiting.hand_off_again(), Err(SharingError::AlreadyShared));
        assert_eq!(HandOffStatus::Withdrawn.hand_off_again(), Ok(HandOffStatus::Waiting));
        for status in [HandOffStatus::Waiting, HandOffStatus::Allocated, HandOffStatus::Withdrawn] {
            assert_eq!(HandOffStatus::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn a_carer_may_change_what_they_share_thirty_times_a_day_and_is_told_when_they_can_again() {
        let now = 1_790_000_000;
        let cases: [(u32, Option<i64>, Option<&str>); 5] = [
            (0, None, None),
            (29, Some(now - 60), None),
            (30, Some(now - 60), Some("You can change it again in 24 hours.")),
            (30, Some(now - 23 * 3_600), Some("You can change it again in 1 hour.")),
            (31, Some(now - 20 * 3_600 - 1), Some("You can change it again in 4 hours.")),
        ];
        for (made, oldest, refused) in cases {
            match (consent_ceiling(made, oldest, now), refused) {
                (Ok(()), None) => {}
                (Err(message), Some(when)) => {
                    assert!(message.contains(when), "{made}: {message}");
                    assert!(message.contains("You can still withdraw your consent at any time."), "{message}");
                }
                (outcome, expected) => panic!("{made} changes: {outcome:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn a_place_in_the_history_is_written_in_an_address_and_read_back() {
        let id = uuid::Uuid::new_v4();
        for older in [Older { at: 1_790_000_000, n: 3, id: Some(id) }, Older { at: 5, n: 17, id: None }] {
            assert_eq!(Older::parse(&older.to_string()), Some(older));
        }
        for wrong in ["", "12", "a.b", "1.2.not-an-id", "1.2.3.4", &"9".repeat(100)] {
            assert_eq!(Older::parse(wrong), None, "{wrong}");
        }
    }
}
