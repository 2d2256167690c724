//! The carer's plan: its sections, the fields each may hold, the checks
//! those fields must pass, and the progress shown in the task list.
//!
//! Every part of a plan is stored as its own record (one per section, one
//! per person cared for, outcome or action), keyed by a [`RecordKey`] and
//! holding named text fields, with a version that every save must name.
//! The same checks run in the browser (instant feedback, autosave) and on
//! the server (the truth).

pub mod choices;

pub use choices::{ActionStatus, Answer, Finished, OutcomeKind, Responsible, YesNo, YesNoNotSure};

use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Longest free-text answer, in characters. Generous on purpose.
pub const TEXT_MAX: usize = 10_000;
/// Longest short answer (a name, a relationship), in characters.
pub const SHORT_MAX: usize = 200;
/// Longest value a choice, number or date field will even look at: every
/// real one is far shorter, so anything longer is refused before parsing.
pub const CHOICE_MAX: usize = 40;
/// Most people cared for one plan may hold. No real plan comes near these
/// three limits; they stop one account filling the database.
pub const MAX_PEOPLE: usize = 20;
/// Most personal outcomes one plan may hold.
pub const MAX_OUTCOMES: usize = 50;
/// Most actions one plan may hold.
pub const MAX_ACTIONS: usize = 100;
/// The field name under which answers that belong to no question are
/// reported, once, without naming them (they could be anything a visitor sent).
pub const UNKNOWN_FIELDS: &str = "form";

// The impact scale lives with the frameworks, whose descriptors describe
// each of its levels; the plan's ratings use it from there.
pub use crate::framework::ImpactLevel;

/// Which record of a plan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RecordKey {
    /// About me and my caring role (the carer's own answers).
    AboutMe,
    /// One person cared for.
    Person(uuid::Uuid),
    /// One wellbeing area of the framework, by its id.
    Area(String),
    /// Whether the outcomes section is finished.
    Outcomes,
    /// One personal outcome.
    Outcome(uuid::Uuid),
    /// One action towards the outcomes.
    Action(uuid::Uuid),
    /// Emergency and future planning.
    Emergency,
    /// Breaks from caring.
    Breaks,
    /// Review.
    Review,
    /// The carer's answers on the way to "I'm ready to talk to someone"
    /// (what to share, how to get in touch). Never itself shared.
    HandOff,
    /// The allocated worker's view of one shared wellbeing area: their own
    /// rating and their conversation notes. Written by the worker, read by
    /// the carer too.
    WorkerArea(String),
    /// The worker's part of the support plan (s9(1)(f)–(k) of the Carers
    /// (Scotland) Act 2016) and the level of support agreed.
    WorkerPlan,
    /// An action agreed with the worker: what, who, by when.
    WorkerAction(uuid::Uuid),
}

impl fmt::Display for RecordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordKey::AboutMe => f.write_str("about-me"),
            RecordKey::Person(id) => write!(f, "person:{id}"),
            RecordKey::Area(id) => write!(f, "area:{id}"),
            RecordKey::Outcomes => f.write_str("outcomes"),
            RecordKey::Outcome(id) => write!(f, "outcome:{id}"),
            RecordKey::Action(id) => write!(f, "action:{id}"),
            RecordKey::Emergency => f.write_str("emergency"),
            RecordKey::Breaks => f.write_str("breaks"),
            RecordKey::Review => f.write_str("review"),
            RecordKey::HandOff => f.write_str("hand-off"),
            RecordKey::WorkerArea(id) => write!(f, "worker-area:{id}"),
            RecordKey::WorkerPlan => f.write_str("worker-plan"),
            RecordKey::WorkerAction(id) => write!(f, "worker-action:{id}"),
        }
    }
}

impl RecordKey {
    /// Reads a stored key.
    pub fn parse(s: &str) -> Option<RecordKey> {
        let id = |rest: &str| uuid::Uuid::parse_str(rest).ok();
        Some(match s.split_once(':') {
            None => match s {
                "about-me" => RecordKey::AboutMe,
                "outcomes" => RecordKey::Outcomes,
                "emergency" => RecordKey::Emergency,
                "breaks" => RecordKey::Breaks,
                "review" => RecordKey::Review,
                "hand-off" => RecordKey::HandOff,
                "worker-plan" => RecordKey::WorkerPlan,
                _ => return None,
            },
            Some(("person", rest)) => RecordKey::Person(id(rest)?),
            Some(("outcome", rest)) => RecordKey::Outcome(id(rest)?),
            Some(("action", rest)) => RecordKey::Action(id(rest)?),
            Some(("worker-action", rest)) => RecordKey::WorkerAction(id(rest)?),
            Some(("area", rest)) if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') => {
                RecordKey::Area(rest.to_owned())
            }
            Some(("worker-area", rest))
                if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') =>
            {
                RecordKey::WorkerArea(rest.to_owned())
            }
            _ => return None,
        })
    }

    /// The fields this record may hold.
    pub fn fields(&self) -> &'static [Field] {
        match self {
            RecordKey::AboutMe => ABOUT_ME,
            RecordKey::Person(_) => PERSON,
            RecordKey::Area(_) => AREA,
            RecordKey::Outcomes => DONE_ONLY,
            RecordKey::Outcome(_) => OUTCOME,
            RecordKey::Action(_) => ACTION,
            RecordKey::Emergency => EMERGENCY,
            RecordKey::Breaks => BREAKS,
            RecordKey::Review => REVIEW,
            RecordKey::HandOff => HAND_OFF,
            RecordKey::WorkerArea(_) => WORKER_AREA,
            RecordKey::WorkerPlan => WORKER_PLAN,
            RecordKey::WorkerAction(_) => WORKER_ACTION,
        }
    }

    /// True for the records the allocated worker writes (never the carer).
    pub fn is_workers(&self) -> bool {
        matches!(self, RecordKey::WorkerArea(_) | RecordKey::WorkerPlan | RecordKey::WorkerAction(_))
    }

    /// The field called `name`, if this record has one.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.name == name)
    }

    /// For records a plan holds many of (people, outcomes, actions): the
    /// prefix their stored keys share, how many one plan may hold, and the
    /// message shown when a carer tries to add one more.
    pub fn collection(&self) -> Option<Collection> {
        match self {
            RecordKey::Person(_) => Some(Collection {
                prefix: "person:",
                limit: MAX_PEOPLE,
                field: "name",
                message: "You can add up to 20 people you care for. Remove one to add someone else",
            }),
            RecordKey::Outcome(_) => Some(Collection {
                prefix: "outcome:",
                limit: MAX_OUTCOMES,
                field: "kind",
                message: "You can add up to 50 outcomes. Remove one to add another",
            }),
            RecordKey::Action(_) => Some(Collection {
                prefix: "action:",
                limit: MAX_ACTIONS,
                field: "text",
                message: "You can add up to 100 actions. Remove one to add another",
            }),
            RecordKey::WorkerAction(_) => Some(Collection {
                prefix: "worker-action:",
                limit: MAX_ACTIONS,
                field: "text",
                message: "A plan can hold up to 100 agreed actions. Remove one to add another",
            }),
            _ => None,
        }
    }
}

/// A kind of record a plan holds many of, and its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Collection {
    /// What the stored keys of this kind start with.
    pub prefix: &'static str,
    /// How many one plan may hold.
    pub limit: usize,
    /// The field the "too many" message is shown beside.
    pub field: &'static str,
    /// What the carer is told when they reach the limit.
    pub message: &'static str,
}

/// Declares the id of one kind of repeated record (a person cared for, an
/// outcome, an action), so a page cannot link a person's id to an action.
macro_rules! record_id {
    ($(#[$meta:meta])* $name:ident => $variant:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// The key of the record this id names.
            pub fn key(self) -> RecordKey {
                RecordKey::$variant(self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

record_id! {
    /// The id of one person cared for.
    PersonId => Person
}
record_id! {
    /// The id of one personal outcome.
    OutcomeId => Outcome
}
record_id! {
    /// The id of one action.
    ActionId => Action
}

/// What a field may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text in the carer's own words, up to [`TEXT_MAX`].
    Text,
    /// A short answer, up to [`SHORT_MAX`].
    Short,
    /// One of the listed values (or nothing).
    Choice(&'static [&'static str]),
    /// A whole number in the range (or nothing).
    Number(u32, u32),
    /// A date as YYYY-MM-DD (or nothing).
    Date,
}

/// One named field of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Its name in forms and storage.
    pub name: &'static str,
    /// What it may hold.
    pub kind: FieldKind,
    /// Words used in messages: "Enter {what}".
    pub what: &'static str,
    /// Must have a value before the record can be saved by a form.
    pub required: bool,
}

const fn text(name: &'static str, what: &'static str) -> Field {
    Field { name, kind: FieldKind::Text, what, required: false }
}

// The stored values of each choice come from its enum in `choices`.
const YES_NO: &[&str] = YesNo::VALUES;
const YES_NO_NOT_SURE: &[&str] = YesNoNotSure::VALUES;
/// The "Have you finished this section?" field every section has.
pub const DONE: Field =
    Field { name: "done", kind: FieldKind::Choice(Finished::VALUES), what: "whether you have finished this section", required: false };
/// Impact ratings, as stored (the order of [`ImpactLevel::ALL`]; a test keeps them equal).
pub const RATINGS: &[&str] = &["none", "low", "moderate", "substantial", "critical"];
/// Who is responsible for an action.
pub const RESPONSIBLE: &[&str] = Responsible::VALUES;
/// Where an action has got to.
pub const ACTION_STATUS: &[&str] = ActionStatus::VALUES;
/// Kinds of personal outcome.
pub const OUTCOME_KINDS: &[&str] = OutcomeKind::VALUES;

const ABOUT_ME: &[Field] = &[text("able_willing", "how you feel about going on caring"), DONE];
const PERSON: &[Field] = &[
    Field { name: "name", kind: FieldKind::Short, what: "their first name or a nickname", required: true },
    Field { name: "relationship", kind: FieldKind::Short, what: "how you are related", required: false },
    text("condition", "their condition in your own words"),
    Field { name: "live_together", kind: FieldKind::Choice(YES_NO), what: "whether you live together", required: false },
    Field { name: "hours", kind: FieldKind::Number(0, 168), what: "hours of care a week", required: false },
    Field { name: "terminal", kind: FieldKind::Choice(YES_NO_NOT_SURE), what: "whether they are terminally ill", required: false },
];
const AREA: &[Field] = &[
    text("now", "what is happening now"),
    text("matters", "what matters to you"),
    Field { name: "rating", kind: FieldKind::Choice(RATINGS), what: "how much caring affects this part of your life", required: false },
    text("can_do", "what you or the people around you can do"),
    text("would_help", "what would help"),
    Field { name: "skip", kind: FieldKind::Choice(YES_NO), what: "whether to talk about this", required: false },
    DONE,
];
const DONE_ONLY: &[Field] = &[DONE];
const OUTCOME: &[Field] = &[
    Field {
        name: "kind",
        kind: FieldKind::Choice(OUTCOME_KINDS),
        what: "whether you want to keep, change or improve this",
        required: true,
    },
    Field { name: "text", kind: FieldKind::Text, what: "the outcome in your own words", required: true },
];
const ACTION: &[Field] = &[
    Field { name: "text", kind: FieldKind::Text, what: "what will be done", required: true },
    Field { name: "who", kind: FieldKind::Choice(RESPONSIBLE), what: "who will do it", required: true },
    Field { name: "target", kind: FieldKind::Date, what: "a target date", required: false },
    Field { name: "status", kind: FieldKind::Choice(ACTION_STATUS), what: "where it has got to", required: false },
];
const EMERGENCY: &[Field] =
    &[text("who_steps_in", "who would step in"), text("contacts", "key contacts"), text("future", "plans for the future"), DONE];
const BREAKS: &[Field] = &[
    Field { name: "would_help", kind: FieldKind::Choice(YES_NO_NOT_SURE), what: "whether a break would help", required: false },
    text("kind", "what kind of break would help"),
    DONE,
];
const REVIEW: &[Field] = &[
    text("triggers", "what should prompt an earlier review"),
    Field { name: "changed_on", kind: FieldKind::Date, what: "the day your circumstances changed", required: false },
    DONE,
];

const HAND_OFF: &[Field] = &[
    // Section ids, comma-separated; checked against the plan when sent.
    Field { name: "sections", kind: FieldKind::Text, what: "which parts of your plan to share", required: false },
    Field { name: "phone", kind: FieldKind::Short, what: "a phone number", required: false },
    Field { name: "email", kind: FieldKind::Short, what: "an email address", required: false },
    Field { name: "good_times", kind: FieldKind::Short, what: "good times to get in touch", required: false },
    Field { name: "safe_message", kind: FieldKind::Choice(YES_NO), what: "whether it is safe to leave a message", required: false },
    Field { name: "safe_write", kind: FieldKind::Choice(YES_NO), what: "whether it is safe to write to you", required: false },
    Field {
        name: "terminal",
        kind: FieldKind::Choice(YES_NO_NOT_SURE),
        what: "whether the person you care for is terminally ill",
        required: false,
    },
    Field { name: "identified_on", kind: FieldKind::Date, what: "the day the carers' centre first knew you were a carer", required: false },
];

const WORKER_AREA: &[Field] = &[
    Field { name: "rating", kind: FieldKind::Choice(RATINGS), what: "your rating of the impact of caring", required: false },
    text("notes", "your notes of the conversation"),
];
const WORKER_PLAN: &[Field] = &[
    text("needs", "the carer's needs for support"),
    Field { name: "has_needs", kind: FieldKind::Choice(YES_NO), what: "whether the carer has needs for support", required: false },
    text("local_support", "the support available locally"),
    text("outcomes", "the outcomes agreed with the carer"),
    text("other_council", "support where the carer lives, if that is another council area"),
    text("eligible_support", "the support to be provided for eligible needs"),
    text("other_support", "support for needs that are not eligible"),
    Field {
        name: "break",
        kind: FieldKind::Choice(YES_NO_NOT_SURE),
        what: "whether support should be a break from caring",
        required: false,
    },
    text("break_detail", "what kind of break"),
    Field {
        name: "support_level",
        kind: FieldKind::Choice(crate::domain::conversation::SupportLevel::VALUES),
        what: "the level of support",
        required: true,
    },
    text("level_reason", "why you chose this level"),
];

const WORKER_ACTION: &[Field] = &[
    Field { name: "text", kind: FieldKind::Text, what: "what will be done", required: true },
    Field { name: "who", kind: FieldKind::Choice(RESPONSIBLE), what: "who will do it", required: true },
    Field { name: "target", kind: FieldKind::Date, what: "the date it should be done by", required: false },
];

impl Field {
    /// Checks one value; the message is ready to show beside the field.
    /// An empty value is always acceptable here (see [`check_record`]).
    pub fn check(&self, value: &str) -> Result<(), String> {
        // Limits count what was sent, spaces and all: a value is measured
        // before it is trimmed, so a million spaces are refused, not stored.
        let length = value.chars().count();
        match self.kind {
            FieldKind::Text if length > TEXT_MAX => {
                return Err(format!("This answer must be {TEXT_MAX} characters or fewer – it is {length} characters now"));
            }
            FieldKind::Short if length > SHORT_MAX => {
                return Err(format!("This answer must be {SHORT_MAX} characters or fewer"));
            }
            FieldKind::Choice(_) if length > CHOICE_MAX => return Err(format!("Select {}", self.what)),
            FieldKind::Number(..) | FieldKind::Date if length > CHOICE_MAX => {
                return Err(format!("Enter {} in the format shown", self.what));
            }
            _ => {}
        }
        let v = value.trim();
        if v.is_empty() {
            return Ok(());
        }
        match self.kind {
            FieldKind::Choice(options) if !options.contains(&v) => Err(format!("Select {}", self.what)),
            FieldKind::Number(min, max) => match v.parse::<u32>() {
                Ok(n) if (min..=max).contains(&n) => Ok(()),
                _ => Err(format!("Enter {} as a whole number from {min} to {max}", self.what)),
            },
            FieldKind::Date if crate::domain::calendar::Day::read(v).is_none() => {
                Err(format!("Enter {} as a real date, like 2027-03-31", self.what))
            }
            _ => Ok(()),
        }
    }

    /// The value as it is stored: a choice, number or date without the
    /// spaces around it, and an answer of nothing but spaces as no answer.
    /// Words typed are otherwise kept exactly as typed.
    pub fn normalise(&self, value: &str) -> String {
        match self.kind {
            FieldKind::Text | FieldKind::Short if !value.trim().is_empty() => value.to_owned(),
            _ => value.trim().to_owned(),
        }
    }
}

/// The changes as they are stored (see [`Field::normalise`]); fields the
/// record does not have are left out (they never pass [`check_changes`]).
pub fn normalise_changes(key: &RecordKey, changes: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    changes.iter().filter_map(|(name, value)| key.field(name).map(|f| (name.clone(), f.normalise(value)))).collect()
}

/// True when a save made from an older version of a record can still be
/// applied without overwriting anyone: for every field it changes, what is
/// stored now is what the page based its change on (`base`), or is already
/// the new value (this device's own earlier save, landed after a reload or a
/// dropped signal). `stored` holds the stored values of the changed fields.
pub fn applies_cleanly(
    key: &RecordKey,
    changes: &BTreeMap<String, String>,
    base: &BTreeMap<String, String>,
    stored: &BTreeMap<String, String>,
) -> bool {
    changes.iter().all(|(name, new)| {
        let Some(field) = key.field(name) else { return false };
        let now = stored.get(name).map_or("", String::as_str);
        let was = base.get(name).map_or(String::new(), |b| field.normalise(b));
        now == was || now == field.normalise(new)
    })
}

/// Checks a set of changed fields for a record: bad values are reported in
/// field order; answers that belong to no question on the page are reported
/// once, under [`UNKNOWN_FIELDS`], without repeating what was sent.
pub fn check_changes(key: &RecordKey, changes: &BTreeMap<String, String>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if changes.keys().any(|name| key.field(name).is_none()) {
        errors.push(UNKNOWN_FIELDS, "Some answers sent do not belong on this page. Reload the page and try again");
    }
    for field in key.fields() {
        if let Some(Err(message)) = changes.get(field.name).map(|value| field.check(value)) {
            errors.push(field.name, message);
        }
    }
    errors
}

/// Checks a whole record as a form would save it: every value valid and
/// every required field present.
pub fn check_record(key: &RecordKey, fields: &BTreeMap<String, String>) -> FieldErrors {
    let mut errors = check_changes(key, fields);
    for field in key.fields().iter().filter(|f| f.required) {
        if fields.get(field.name).is_none_or(|v| v.trim().is_empty()) && errors.get(field.name).is_none() {
            let verb = if matches!(field.kind, FieldKind::Choice(_)) { "Select" } else { "Enter" };
            errors.push(field.name, format!("{verb} {}", field.what));
        }
    }
    // Page order, whatever order the problems were found in.
    let order = |name: &str| key.fields().iter().position(|f| f.name == name).unwrap_or(usize::MAX);
    errors.0.sort_by_key(|e| order(&e.field));
    errors
}

/// One stored record of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRecord {
    /// Which record.
    pub key: RecordKey,
    /// Increases by one with every save.
    pub version: i64,
    /// Field name → value.
    pub fields: BTreeMap<String, String>,
    /// When it was first saved (seconds since the epoch).
    pub created_at: i64,
    /// When it was last saved.
    pub updated_at: i64,
}

impl PlanRecord {
    /// The value of a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or_default()
    }

    /// The answer chosen for a choice field, if it holds one.
    pub fn answer<A: Answer>(&self, name: &str) -> Option<A> {
        A::parse(self.get(name))
    }

    /// True when something other than "have you finished" holds a value.
    pub fn has_answers(&self) -> bool {
        self.fields.iter().any(|(k, v)| k != "done" && !v.trim().is_empty())
    }
}

/// Progress of one task in the task list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskStatus {
    /// Nothing entered yet.
    NotStarted,
    /// Something entered, not marked finished.
    InProgress,
    /// Marked finished.
    Completed,
    /// "I'd rather not talk about this".
    Skipped,
}

impl TaskStatus {
    /// As shown in the task list.
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "Not started",
            TaskStatus::InProgress => "In progress",
            TaskStatus::Completed => "Completed",
            TaskStatus::Skipped => "Skipped",
        }
    }

    /// Counts as done in "x of y done".
    pub fn is_done(self) -> bool {
        matches!(self, TaskStatus::Completed | TaskStatus::Skipped)
    }
}

/// The whole plan as stored: every record of one carer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// All records, in key order.
    pub records: Vec<PlanRecord>,
}

impl Plan {
    /// The record for `key`, if saved.
    pub fn record(&self, key: &RecordKey) -> Option<&PlanRecord> {
        self.records.iter().find(|r| &r.key == key)
    }

    /// People cared for, oldest first, each with its id.
    pub fn people(&self) -> Vec<(PersonId, &PlanRecord)> {
        self.of_kind(|k| match k {
            RecordKey::Person(id) => Some(PersonId(*id)),
            _ => None,
        })
    }

    /// Personal outcomes, oldest first, each with its id.
    pub fn outcomes(&self) -> Vec<(OutcomeId, &PlanRecord)> {
        self.of_kind(|k| match k {
            RecordKey::Outcome(id) => Some(OutcomeId(*id)),
            _ => None,
        })
    }

    /// Actions agreed with the worker, oldest first, each with its id.
    pub fn worker_actions(&self) -> Vec<(uuid::Uuid, &PlanRecord)> {
        self.of_kind(|k| match k {
            RecordKey::WorkerAction(id) => Some(*id),
            _ => None,
        })
    }

    /// Actions, oldest first, each with its id.
    pub fn actions(&self) -> Vec<(ActionId, &PlanRecord)> {
        self.of_kind(|k| match k {
            RecordKey::Action(id) => Some(ActionId(*id)),
            _ => None,
        })
    }

    fn of_kind<Id>(&self, id_of: impl Fn(&RecordKey) -> Option<Id>) -> Vec<(Id, &PlanRecord)> {
        let mut found: Vec<&PlanRecord> = self.records.iter().filter(|r| id_of(&r.key).is_some()).collect();
        found.sort_by(|a, b| (a.created_at, &a.key).cmp(&(b.created_at, &b.key)));
        found.into_iter().filter_map(|r| Some((id_of(&r.key)?, r))).collect()
    }

    /// The status of a section whose own record is `key`, counting the
    /// `extra` records that belong to it (people, outcomes, actions).
    fn status(&self, key: &RecordKey, extra: usize) -> TaskStatus {
        match self.record(key) {
            Some(r) if r.get("skip") == "yes" => TaskStatus::Skipped,
            Some(r) if r.get("done") == "yes" => TaskStatus::Completed,
            Some(r) if r.has_answers() => TaskStatus::InProgress,
            _ if extra > 0 => TaskStatus::InProgress,
            Some(r) if r.get("done") == "no" => TaskStatus::InProgress,
            _ => TaskStatus::NotStarted,
        }
    }

    /// "About me and my caring role".
    pub fn about_me_status(&self) -> TaskStatus {
        self.status(&RecordKey::AboutMe, self.people().len())
    }

    /// One wellbeing area.
    pub fn area_status(&self, area_id: &str) -> TaskStatus {
        self.status(&RecordKey::Area(area_id.to_owned()), 0)
    }

    /// "Outcomes and actions".
    pub fn outcomes_status(&self) -> TaskStatus {
        self.status(&RecordKey::Outcomes, self.outcomes().len() + self.actions().len())
    }

    /// Emergency, breaks or review.
    pub fn section_status(&self, key: &RecordKey) -> TaskStatus {
        self.status(key, 0)
    }

    /// The carer's own rating of one area, unless they skipped it.
    pub fn rating(&self, area_id: &str) -> Option<ImpactLevel> {
        let record = self.record(&RecordKey::Area(area_id.to_owned()))?;
        if record.get("skip") == "yes" {
            return None;
        }
        ImpactLevel::parse(record.get("rating"))
    }

    /// True when any person cared for is terminally ill.
    pub fn cares_for_someone_terminally_ill(&self) -> bool {
        self.people().iter().any(|(_, p)| p.answer("terminal") == Some(YesNoNotSure::Yes))
    }
}

/// A saved record at version 1 holding `fields`, for tests.
#[cfg(test)]
pub(crate) fn sample_record(key: RecordKey, fields: &[(&str, &str)]) -> PlanRecord {
    PlanRecord {
        key,
        version: 1,
        fields: fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        created_at: 0,
        updated_at: 0,
    }
}

/// The result of saving fields: saved, or someone else saved first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    /// Saved; this is the record's new version.
    Saved {
        /// The new version, to name in the next save.
        version: i64,
    },
    /// The record changed since `base_version`; nothing was saved.
    Conflict {
        /// The version now stored.
        version: i64,
        /// The values now stored for the fields that were being saved.
        theirs: BTreeMap<String, String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::sample_record as record;

    #[test]
    fn record_keys_survive_storage_and_reject_nonsense() {
        let id = uuid::Uuid::new_v4();
        for key in [
            RecordKey::AboutMe,
            RecordKey::Person(id),
            RecordKey::Area("life-balance".into()),
            RecordKey::Outcome(id),
            RecordKey::Action(id),
            RecordKey::Review,
            RecordKey::HandOff,
            RecordKey::WorkerArea("finance".into()),
            RecordKey::WorkerPlan,
            RecordKey::WorkerAction(id),
        ] {
            assert_eq!(RecordKey::parse(&key.to_string()), Some(key));
        }
        for bad in ["", "person:nope", "area:", "area:Bad Id", "secret", "area:../x"] {
            assert_eq!(RecordKey::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ten_thousand_characters_are_allowed_and_one_more_is_explained() {
        let key = RecordKey::Area("health".into());
        let ok = BTreeMap::from([("now".to_owned(), "é".repeat(TEXT_MAX))]);
        assert!(check_changes(&key, &ok).is_empty());
        let long = BTreeMap::from([("now".to_owned(), "a".repeat(TEXT_MAX + 1))]);
        let errors = check_changes(&key, &long);
        assert_eq!(errors.get("now"), Some("This answer must be 10000 characters or fewer – it is 10001 characters now"));
    }

    #[test]
    fn ratings_hours_dates_and_unknown_fields_are_checked() {
        let area = RecordKey::Area("health".into());
        let bad = BTreeMap::from([("rating".to_owned(), "awful".to_owned()), ("colour".to_owned(), "red".to_owned())]);
        let errors = check_changes(&area, &bad);
        assert_eq!(errors.get("rating"), Some("Select how much caring affects this part of your life"));
        assert_eq!(errors.get(UNKNOWN_FIELDS), Some("Some answers sent do not belong on this page. Reload the page and try again"));

        let person = RecordKey::Person(uuid::Uuid::new_v4());
        let hours = BTreeMap::from([("hours".to_owned(), "200".to_owned())]);
        assert_eq!(check_changes(&person, &hours).get("hours"), Some("Enter hours of care a week as a whole number from 0 to 168"));

        let action = RecordKey::Action(uuid::Uuid::new_v4());
        for (date, ok) in [("2027-02-29", false), ("2028-02-29", true), ("31/03/2027", false), ("2027-13-01", false), ("2027-03-31", true)]
        {
            let changes = BTreeMap::from([("target".to_owned(), date.to_owned())]);
            assert_eq!(check_changes(&action, &changes).is_empty(), ok, "{date}");
        }
    }

    #[test]
    fn a_form_save_needs_the_required_answers_in_page_order() {
        let outcome = RecordKey::Outcome(uuid::Uuid::new_v4());
        let errors = check_record(&outcome, &BTreeMap::new());
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kind", "text"]);
        assert_eq!(errors.get("kind"), Some("Select whether you want to keep, change or improve this"));
        assert_eq!(errors.get("text"), Some("Enter the outcome in your own words"));
    }

    #[test]
    fn task_status_follows_what_the_carer_has_done() {
        let mut plan = Plan::default();
        assert_eq!(plan.area_status("health"), TaskStatus::NotStarted);
        plan.records.push(record(RecordKey::Area("health".into()), &[("now", "Tired all the time")]));
        assert_eq!(plan.area_status("health"), TaskStatus::InProgress);
        plan.records[0].fields.insert("done".into(), "yes".into());
        assert_eq!(plan.area_status("health"), TaskStatus::Completed);
        plan.records.push(record(RecordKey::Area("finance".into()), &[("skip", "yes"), ("rating", "critical")]));
        assert_eq!(plan.area_status("finance"), TaskStatus::Skipped);
        assert_eq!(plan.rating("finance"), None, "a skipped area's rating is never used");

        assert_eq!(plan.about_me_status(), TaskStatus::NotStarted);
        plan.records.push(record(RecordKey::Person(uuid::Uuid::new_v4()), &[("name", "Mum"), ("terminal", "yes")]));
        assert_eq!(plan.about_me_status(), TaskStatus::InProgress);
        assert!(plan.cares_for_someone_terminally_ill());
        let (id, mum) = plan.people()[0];
        assert_eq!(id.key(), mum.key, "the id handed back is the record's own");
        assert_eq!(mum.answer::<YesNoNotSure>("terminal"), Some(YesNoNotSure::Yes));
        assert_eq!(mum.answer::<YesNo>("live_together"), None, "no answer is not \"no\"");
        // An empty answer does not make a section "in progress".
        plan.records.push(record(RecordKey::Breaks, &[("kind", "  ")]));
        assert_eq!(plan.section_status(&RecordKey::Breaks), TaskStatus::NotStarted);
    }

    #[test]
    fn dates_are_read_plainly() {}

    #[test]
    fn limits_count_the_spaces_sent_and_choices_are_stored_without_them() {
        let area = RecordKey::Area("health".into());
        let spaces = BTreeMap::from([("now".to_owned(), " ".repeat(300_000))]);
        assert!(check_changes(&area, &spaces).get("now").unwrap().contains("it is 300000 characters now"));
        let padded = BTreeMap::from([("rating".to_owned(), format!("{}low", " ".repeat(CHOICE_MAX)))]);
        assert_eq!(check_changes(&area, &padded).get("rating"), Some("Select how much caring affects this part of your life"));

        let sent = BTreeMap::from([
            ("rating".to_owned(), "  low ".to_owned()),
            ("now".to_owned(), "   ".to_owned()),
            ("matters".to_owned(), "  My garden  ".to_owned()),
        ]);
        assert!(check_changes(&area, &sent).is_empty());
        let stored = normalise_changes(&area, &sent);
        assert_eq!(stored["rating"], "low");
        assert_eq!(stored["now"], "", "only spaces is no answer");
        assert_eq!(stored["matters"], "  My garden  ", "words are kept exactly as typed");
        let blank_rating = BTreeMap::from([("rating".to_owned(), "   ".to_owned())]);
        assert_eq!(normalise_changes(&area, &blank_rating)["rating"], "");
    }

    #[test]
    fn answers_that_belong_nowhere_are_reported_once_without_echoing_them() {
        let area = RecordKey::Area("health".into());
        let junk: BTreeMap<String, String> = (0..1_000).map(|i| (format!("<b>field{i}</b>"), "x".to_owned())).collect();
        let errors = check_changes(&area, &junk);
        assert_eq!(errors.0.len(), 1);
        assert_eq!(errors.0[0].field, UNKNOWN_FIELDS);
        assert!(!errors.0[0].message.contains("field"));
    }

    #[test]
    fn only_people_outcomes_and_actions_are_capped() {
        let id = uuid::Uuid::new_v4();
        assert_eq!(RecordKey::Person(id).collection().map(|c| c.limit), Some(MAX_PEOPLE));
        assert_eq!(RecordKey::Outcome(id).collection().map(|c| (c.prefix, c.limit)), Some(("outcome:", MAX_OUTCOMES)));
        assert_eq!(RecordKey::Action(id).collection().map(|c| c.limit), Some(MAX_ACTIONS));
        assert!(RecordKey::Person(id).to_string().starts_with(RecordKey::Person(id).collection().unwrap().prefix));
        assert_eq!(RecordKey::Area("health".into()).collection(), None);
    }

    #[test]
    fn a_save_from_an_older_version_applies_only_when_nobody_else_changed_its_fields() {
        let area = RecordKey::Area("health".into());
        let map = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>();
        let changes = map(&[("now", "Tired all the time")]);
        // This device's own save landed while the page reloaded: stored is already the new value.
        assert!(applies_cleanly(&area, &changes, &map(&[("now", "")]), &map(&[("now", "Tired all the time")])));
        // Another device changed a different field: this field is still as the page saw it.
        assert!(applies_cleanly(&area, &changes, &map(&[("now", "Tired")]), &map(&[("now", "Tired")])));
        // Another device changed this very field: the carer must be told.
        assert!(!applies_cleanly(&area, &changes, &map(&[("now", "Tired")]), &map(&[("now", "Fine, really")])));
        // Nothing known about what the page started from: never assume.
        assert!(!applies_cleanly(&area, &changes, &BTreeMap::new(), &map(&[("now", "Fine, really")])));
        // Stored values are normalised, so compare normalised.
        let rating = map(&[("rating", " low ")]);
        assert!(applies_cleanly(&area, &rating, &map(&[("rating", "")]), &map(&[("rating", "low")])));
        assert!(!applies_cleanly(&area, &map(&[("colour", "red")]), &BTreeMap::new(), &BTreeMap::new()));
    }

    #[test]
    fn levels_are_ordered_from_no_impact_to_critical() {
        assert!(ImpactLevel::Critical > ImpactLevel::Substantial);
        assert_eq!(ImpactLevel::parse("moderate"), Some(ImpactLevel::Moderate));
        assert_eq!(ImpactLevel::Moderate.index(), 2);
        assert_eq!(RATINGS.len(), ImpactLevel::ALL.len());
    }
}
