//! Agreeing a plan: the allocated worker sends it to the carer to check and
//! sign; the carer signs it (the plan becomes Agreed, kept as an immutable
//! snapshot with a review date) or sends a comment back, which the worker
//! answers before sending it again. A review starts from the plan as it
//! stands, so nobody retypes what has not changed.

use super::account::Role;
use super::calendar::{Day, Holidays};
use super::plan::{Plan, RecordKey, TEXT_MAX};
use crate::framework::Framework;
use serde::{Deserialize, Serialize};

/// Days before a review date when the plan shows in the worker's "reviews due".
pub const REVIEW_NOTICE_DAYS: i64 = 30;

/// Where agreeing a handed-off plan stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// The worker is still writing their part; nothing has been sent.
    Drafting,
    /// Sent to the carer to check and sign.
    Sent,
    /// The carer sent a comment back; the worker answers and sends again.
    Commented,
    /// The carer signed it.
    Agreed,
}

/// Why an agreement step cannot happen now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AgreementError {
    /// It is already with the carer.
    #[error("The plan is already with the carer to check and sign")]
    AlreadySent,
    /// There is nothing waiting for the carer to sign or comment on.
    #[error("There is no plan waiting for you to check")]
    NothingToSign,
}

impl Stage {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Drafting => "drafting",
            Stage::Sent => "sent",
            Stage::Commented => "commented",
            Stage::Agreed => "agreed",
        }
    }

    /// Reads a stored value.
    pub fn parse(s: &str) -> Option<Stage> {
        [Stage::Drafting, Stage::Sent, Stage::Commented, Stage::Agreed].into_iter().find(|x| x.as_str() == s)
    }

    /// The worker sends the plan to the carer: a first time, after a
    /// comment, or to agree a reviewed plan.
    pub fn send(self) -> Result<Stage, AgreementError> {
        match self {
            Stage::Sent => Err(AgreementError::AlreadySent),
            _ => Ok(Stage::Sent),
        }
    }

    /// The carer sends a comment back on what they were sent.
    pub fn comment(self) -> Result<Stage, AgreementError> {
        match self {
            Stage::Sent => Ok(Stage::Commented),
            _ => Err(AgreementError::NothingToSign),
        }
    }

    /// The carer signs what they were sent.
    pub fn sign(self) -> Result<Stage, AgreementError> {
        match self {
            Stage::Sent => Ok(Stage::Agreed),
            _ => Err(AgreementError::NothingToSign),
        }
    }
}

/// Where one carer's plan stands on its way to being agreed, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// Whose plan.
    pub carer_id: uuid::Uuid,
    /// Where it stands.
    pub stage: Stage,
    /// Goes up by one at every step, so a step taken from an out-of-date page is refused.
    pub version: i64,
    /// The review date the worker proposed (while sent) or that was agreed.
    pub review_on: Option<Day>,
    /// When it was last sent to the carer.
    pub sent_at: Option<i64>,
    /// When the carer last signed.
    pub agreed_at: Option<i64>,
    /// The day the carer said their circumstances changed, since they last signed.
    pub review_asked_on: Option<Day>,
}

/// Why an agreed plan is due for review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewDue {
    /// The carer said their circumstances changed, on this day.
    Asked(Day),
    /// Its review date is this day, within [`REVIEW_NOTICE_DAYS`] (or past).
    Date(Day),
}

impl ReviewDue {
    /// As a worker or the carer reads it.
    pub fn label(self) -> String {
        match self {
            ReviewDue::Asked(day) => format!("The carer's circumstances changed on {}", day.readable()),
            ReviewDue::Date(day) => format!("Review due by {}", day.readable()),
        }
    }
}

impl Agreement {
    /// Whether an agreed plan is due for review on `today`: the carer asked,
    /// or its review date is 30 days away or less.
    pub fn review_due(&self, today: Day) -> Option<ReviewDue> {
        if self.stage != Stage::Agreed {
            return None;
        }
        if let Some(day) = self.review_asked_on {
            return Some(ReviewDue::Asked(day));
        }
        self.review_on.filter(|on| on.0 - today.0 <= REVIEW_NOTICE_DAYS).map(ReviewDue::Date)
    }
}

/// One comment on a plan sent to check: the carer's, or the worker's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// The comment.
    pub id: uuid::Uuid,
    /// Carer or worker.
    pub author_role: Role,
    /// Their name when they wrote it.
    pub author_name: String,
    /// What they wrote.
    pub body: String,
    /// When.
    pub written_at: i64,
}

/// A comment or an answer, trimmed; the message to show beside `what` when it is empty or too long.
pub fn check_comment(text: &str, what: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("Enter {what}"));
    }
    if text.chars().count() > TEXT_MAX {
        return Err(format!("{} must be {} characters or fewer", capitalise(what), TEXT_MAX));
    }
    Ok(text.to_owned())
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The day `months` calendar months after `day`; a day the later month
/// lacks (31 March + 1 month) becomes that month's last day.
pub fn months_after(day: Day, months: u32) -> Day {
    let (y, m, d) = day.ymd();
    let total = (y as i64) * 12 + i64::from(m - 1) + i64::from(months);
    let (y, m) = ((total.div_euclid(12)) as i32, (total.rem_euclid(12) + 1) as u32);
    (1..=d).rev().find_map(|d| Day::from_ymd(y, m, d)).unwrap_or(day)
}

/// The review date a worker is offered, and the latest they may choose:
/// `months` after `today` (a year, in both frameworks), moved to the next
/// working day when that falls on a weekend or a public holiday, so the
/// carer is never told their review is on a day the centre is shut.
pub fn default_review_on(today: Day, months: u32, holidays: &Holidays) -> Day {
    holidays.working_day_on_or_after(months_after(today, months))
}

/// The review date the worker's send form starts from. While the carer's
/// comment waits for an answer, the date last proposed (the one the carer
/// was told), as long as the worker may still choose it; otherwise the
/// default, `latest`. A review of an agreed plan starts again from the default.
pub fn review_on_to_offer(agreement: Option<&Agreement>, today: Day, latest: Day) -> Day {
    agreement
        .filter(|a| a.stage == Stage::Commented)
        .and_then(|a| a.review_on)
        .filter(|proposed| *proposed > today && *proposed <= latest)
        .unwrap_or(latest)
}

/// The review date a worker chose: blank means the default (`latest`,
/// a year after today on a working day); otherwise a real date after today
/// and no later than `latest`. Any day may be chosen: the worker knows the carer.
pub fn check_review_on(input: &str, today: Day, latest: Day) -> Result<Day, String> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(latest);
    }
    let day = Day::parse(input).ok_or_else(|| "Enter the review date as a real date, for example 2027-03-31".to_owned())?;
    if day <= today {
        return Err("The review date must be in the future".to_owned());
    }
    if day > latest {
        return Err(format!("The review date must be no later than {}", latest.readable()));
    }
    Ok(day)
}

/// What the carer signs: every record of the plan but the hand-off answers
/// (how to get in touch), which are not part of it.
pub fn agreed_part(plan: &Plan) -> Plan {
    Plan { records: plan.records.iter().filter(|r| r.key != RecordKey::HandOff).cloned().collect() }
}

/// A short fingerprint of what the carer is shown to sign: each record and
/// its version, and the review date. Signing names it, so nothing changed
/// since the carer read the plan, the date least of all, can be signed unseen.
pub fn fingerprint(plan: &Plan, review_on: Option<Day>) -> String {
    let mut keys: Vec<String> = agreed_part(plan).records.iter().map(|r| format!("{}@{}", r.key, r.version)).collect();
    keys.sort();
    // After the records (whose keys never hold a space), so it sorts nowhere else.
    keys.push(format!("review on {}", review_on.map(Day::iso).unwrap_or_default()));
    // FNV-1a: stable across builds and machines, which `DefaultHasher` is not.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in keys.join("\n").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// An agreed plan, exactly as it was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedPlan {
    /// The snapshot.
    pub id: uuid::Uuid,
    /// When the carer signed.
    pub agreed_at: i64,
    /// When it is to be reviewed.
    pub review_on: Day,
    /// The worker it was agreed with.
    pub worker_name: String,
    /// Every record as signed.
    pub plan: Plan,
}

/// One answer that differs between an agreed plan and the plan now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Which part of the plan, as a person reads it ("Health and wellbeing").
    pub part: String,
    /// Which answer ("what is happening now").
    pub answer: String,
    /// What it said when agreed ("" if nothing).
    pub then: String,
    /// What it says now ("" if nothing, or removed).
    pub now: String,
}

/// Where a record belongs, as a person reads it.
pub fn part_title(key: &RecordKey, plan: &Plan, framework: &Framework) -> String {
    // A part many of which a plan holds, told apart by one of its answers.
    let named = |prefix: &str, key: &RecordKey, field: &str| {
        let name = plan.record(key).map(|r| r.get(field).to_owned());
        match name.filter(|n| !n.trim().is_empty()) {
            Some(name) => format!("{prefix}: {name}"),
            None => prefix.to_owned(),
        }
    };
    match key {
        RecordKey::AboutMe => "About me and my caring role".to_owned(),
        RecordKey::Person(_) => named("Person cared for", key, "name"),
        RecordKey::Area(id) => framework.area(id).map_or_else(|| id.clone(), |a| a.title.clone()),
        RecordKey::Outcomes | RecordKey::Outcome(_) => named("Outcome", key, "text"),
        RecordKey::Action(_) => named("Action", key, "text"),
        RecordKey::Emergency => "Emergency and future planning".to_owned(),
        RecordKey::Breaks => "Breaks from caring".to_owned(),
        RecordKey::Review => "Review".to_owned(),
        RecordKey::HandOff => "How to get in touch".to_owned(),
        RecordKey::WorkerArea(id) => {
            format!("Your worker's view of {}", framework.area(id).map_or_else(|| id.clone(), |a| a.title.to_lowercase()))
        }
        RecordKey::WorkerPlan => "Your worker's part of the plan".to_owned(),
        RecordKey::WorkerAction(_) => named("Action agreed with your worker", key, "text"),
    }
}

/// Every answer that differs between an agreed plan (`then`) and the plan
/// `now`, in the order of the plan; "have you finished" does not count.
pub fn changes(then: &Plan, now: &Plan, framework: &Framework) -> Vec<Change> {
    let (then, now) = (agreed_part(then), agreed_part(now));
    let mut keys: Vec<&RecordKey> = then.records.iter().chain(now.records.iter()).map(|r| &r.key).collect();
    keys.sort_by_key(|k| k.to_string());
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let (was, is) = (then.record(key), now.record(key));
        let part = part_title(key, if is.is_some() { &now } else { &then }, framework);
        for field in key.fields().iter().filter(|f| f.name != "done") {
            let value =
                |r: Option<&crate::domain::plan::PlanRecord>| r.map(|r| readable(field, r.get(field.name).trim())).unwrap_or_default();
            let (a, b) = (value(was), value(is));
            if a != b {
                out.push(Change { part: part.clone(), answer: field.what.to_owned(), then: a, now: b });
            }
        }
    }
    out
}

/// A stored value as a person reads it: a rating by its label, any other
/// choice with its dashes as spaces ("not-sure" → "Not sure").
pub(crate) fn readable(field: &crate::domain::plan::Field, value: &str) -> String {
    use crate::domain::plan::{FieldKind, ImpactLevel};
    match field.kind {
        FieldKind::Choice(_) if field.name == "rating" => {
            ImpactLevel::parse(value).map_or_else(|| value.to_owned(), |l| l.label().to_owned())
        }
        FieldKind::Choice(_) => capitalise(&value.replace('-', " ")),
        FieldKind::Date => crate::domain::calendar::written_date(value),
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::sample_record as record;

    fn framework() -> Framework {
        Framework::shipped("scotland").expect("the Scottish framework ships")
    }

    fn day(iso: &str) -> Day {
        Day::parse(iso).expect("a real date")
    }

    #[test]
    fn a_plan_goes_to_the_carer_and_back_until_they_sign() {
        assert_eq!(Stage::Drafting.send(), Ok(Stage::Sent));
        assert_eq!(Stage::Sent.send(), Err(AgreementError::AlreadySent));
        assert_eq!(Stage::Sent.comment(), Ok(Stage::Commented));
        assert_eq!(Stage::Commented.send(), Ok(Stage::Sent));
        assert_eq!(Stage::Sent.sign(), Ok(Stage::Agreed));
        // A review sends the agreed plan again.
        assert_eq!(Stage::Agreed.send(), Ok(Stage::Sent));
        for stage in [Stage::Drafting, Stage::Commented, Stage::Agreed] {
            assert_eq!(stage.sign(), Err(AgreementError::NothingToSign), "{stage:?}");
            assert_eq!(stage.comment(), Err(AgreementError::NothingToSign), "{stage:?}");
        }
        for stage in [Stage::Drafting, Stage::Sent, Stage::Commented, Stage::Agreed] {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
        }
        assert_eq!(Stage::parse("signed"), None);
    }

    fn agreed(review_on: &str, asked: Option<&str>) -> Agreement {
        Agreement {
            carer_id: uuid::Uuid::nil(),
            stage: Stage::Agreed,
            version: 3,
            review_on: Some(day(review_on)),
            sent_at: Some(0),
            agreed_at: Some(0),
            review_asked_on: asked.map(day),
        }
    }

    #[test]
    fn a_review_is_due_thirty_days_ahead_or_when_the_carer_asks() {
        let today = day("2026-11-24");
        assert_eq!(agreed("2026-12-25", None).review_due(today), None);
        assert_eq!(agreed("2026-12-24", None).review_due(today), Some(ReviewDue::Date(day("2026-12-24"))));
        assert_eq!(agreed("2026-01-01", None).review_due(today), Some(ReviewDue::Date(day("2026-01-01"))));
        assert_eq!(agreed("2027-11-24", Some("2026-11-20")).review_due(today), Some(ReviewDue::Asked(day("2026-11-20"))));
        let mut sent = agreed("2026-12-01", Some("2026-11-20"));
        sent.stage = Stage::Sent;
        assert_eq!(sent.review_due(today), None, "a review under way is no longer due");
    }

    #[test]
    fn review_dates_default_to_a_year_and_may_only_come_sooner() {
        let today = day("2026-11-24");
        let latest = months_after(today, 12);
        assert_eq!(latest, day("2027-11-24"));
        assert_eq!(months_after(day("2027-01-31"), 1), day("2027-02-28"));
        assert_eq!(months_after(day("2028-02-29"), 12), day("2029-02-28"));
        assert_eq!(check_review_on("", today, latest), Ok(latest));
        assert_eq!(check_review_on(" 2027-05-01 ", today, latest), Ok(day("2027-05-01")));
        assert!(check_review_on("2026-11-24", today, latest).is_err_and(|m| m.contains("future")));
        assert!(check_review_on("2027-11-25", today, latest).is_err_and(|m| m.contains("no later than")));
        assert!(check_review_on("next spring", today, latest).is_err_and(|m| m.contains("real date")));
    }

    #[test]
    fn the_default_review_date_is_a_working_day_a_year_on() {
        let h = Holidays::scotland();
        let cases = [
            // (agreed on, reviewed by default on)
            ("2026-11-24", "2027-11-24"), // a Wednesday a year on stays
            ("2026-12-04", "2027-12-06"), // Saturday 4 December 2027 moves to Monday
            ("2026-12-05", "2027-12-06"), // and Sunday too
            ("2026-11-30", "2027-12-01"), // St Andrew's Day 2027 (a Tuesday) moves to Wednesday
            ("2026-12-27", "2027-12-29"), // both substitute days for Christmas 2027 are skipped
            ("2027-02-28", "2028-02-28"), // a Monday, in a year the holiday file does not cover
        ];
        for (today, default) in cases {
            let got = default_review_on(day(today), 12, &h);
            assert_eq!(got, day(default), "{today}");
            assert!(h.is_working_day(got), "{today}: {}", got.readable());
        }
        assert_eq!(default_review_on(day("2026-12-04"), 12, &h).readable(), "Monday 6 December 2027");
        // The worker may still choose a Saturday, or any day up to the default.
        let latest = default_review_on(day("2026-12-04"), 12, &h);
        assert_eq!(check_review_on("2027-06-05", day("2026-12-04"), latest), Ok(day("2027-06-05")));
        assert_eq!(check_review_on("2027-12-06", day("2026-12-04"), latest), Ok(latest));
        assert_eq!(check_review_on("", day("2026-12-04"), latest), Ok(latest));
    }

    #[test]
    fn the_send_form_keeps_the_date_last_proposed_while_a_comment_waits_for_an_answer() {
        let today = day("2026-12-04");
        let latest = day("2027-12-06");
        let with = |stage: Stage, proposed: &str| Agreement { stage, review_on: Some(day(proposed)), ..agreed(proposed, None) };
        let cases: [(&str, Option<Agreement>, &str); 7] = [
            ("never sent", None, "2027-12-06"),
            ("the carer commented", Some(with(Stage::Commented, "2027-06-04")), "2027-06-04"),
            ("the carer commented on the default", Some(with(Stage::Commented, "2027-12-06")), "2027-12-06"),
            ("the proposed date has passed", Some(with(Stage::Commented, "2026-12-04")), "2027-12-06"),
            ("the proposed date is now too far off", Some(with(Stage::Commented, "2027-12-07")), "2027-12-06"),
            ("a review of an agreed plan", Some(with(Stage::Agreed, "2026-12-20")), "2027-12-06"),
            ("drafting", Some(Agreement { review_on: None, ..with(Stage::Drafting, "2027-06-04") }), "2027-12-06"),
        ];
        for (case, agreement, offered) in cases {
            assert_eq!(review_on_to_offer(agreement.as_ref(), today, latest), day(offered), "{case}");
        }
    }

    #[test]
    fn a_comment_must_say_something_and_not_too_much() {
        assert_eq!(check_comment("  Please add my sister  ", "your comment"), Ok("Please add my sister".to_owned()));
        assert_eq!(check_comment(" \n ", "your comment"), Err("Enter your comment".to_owned()));
        let long = "a".repeat(TEXT_MAX + 1);
        assert_eq!(check_comment(&long, "your answer"), Err(format!("Your answer must be {TEXT_MAX} characters or fewer")));
    }

    #[test]
    fn the_fingerprint_changes_when_any_part_of_the_plan_or_its_review_date_changes() {
        let mut plan = Plan {
            records: vec![record(RecordKey::AboutMe, &[("able_willing", "yes")]), record(RecordKey::WorkerPlan, &[("needs", "Sleep")])],
        };
        let june = Some(day("2027-06-04"));
        let before = fingerprint(&plan, june);
        assert_eq!(before.len(), 16);
        assert_eq!(before, fingerprint(&plan.clone(), june));
        assert_ne!(before, fingerprint(&plan, Some(day("2027-12-06"))), "the review date is part of what is signed");
        assert_ne!(before, fingerprint(&plan, None), "and so is having none");
        plan.records.push(record(RecordKey::HandOff, &[("phone", "0141")]));
        assert_eq!(before, fingerprint(&plan, june), "the hand-off answers are not part of what is signed");
        plan.records[1].version += 1;
        assert_ne!(before, fingerprint(&plan, june), "the worker saved their part again");
        plan.records[1].version -= 1;
        plan.records.push(record(RecordKey::WorkerAction(uuid::Uuid::nil()), &[("text", "Call")]));
        assert_ne!(before, fingerprint(&plan, june), "an action was added");
    }

    #[test]
    fn changes_since_a_plan_was_agreed_name_the_part_and_the_answer() {
        let framework = framework();
        let area = framework.areas[0].clone();
        let action = uuid::Uuid::new_v4();
        let then = Plan {
            records: vec![
                record(RecordKey::Area(area.id.clone()), &[("now", "Tired"), ("rating", "moderate"), ("done", "no")]),
                record(RecordKey::Action(action), &[("text", "Ask the GP"), ("who", "me")]),
                record(RecordKey::Emergency, &[("contacts", "Iain")]),
            ],
        };
        let now = Plan {
            records: vec![
                record(RecordKey::Area(area.id.clone()), &[("now", "Tired"), ("rating", "substantial"), ("done", "yes")]),
                record(RecordKey::Emergency, &[("contacts", "Iain")]),
                record(RecordKey::WorkerPlan, &[("needs", "A sitter")]),
                record(RecordKey::HandOff, &[("phone", "0141")]),
            ],
        };
        let changes = changes(&then, &now, &framework);
        let said: Vec<(String, String, String, String)> = changes.into_iter().map(|c| (c.part, c.answer, c.then, c.now)).collect();
        assert!(
            said.contains(&(
                area.title.clone(),
                "how much caring affects this part of your life".into(),
                crate::domain::plan::ImpactLevel::Moderate.label().into(),
                crate::domain::plan::ImpactLevel::Substantial.label().into()
            )),
            "{said:?}"
        );
        assert!(said.iter().any(|(part, _, then, now)| part == "Action: Ask the GP" && then == "Ask the GP" && now.is_empty()), "{said:?}");
        assert!(said.iter().any(|(part, _, then, now)| part == "Your worker's part of the plan" && then.is_empty() && now == "A sitter"));
        assert!(!said.iter().any(|(part, ..)| part == "Emergency and future planning"), "unchanged parts are not listed");
        assert!(!said.iter().any(|(part, ..)| part == "How to get in touch"), "the hand-off answers are not part of the plan");
        assert!(!said.iter().any(|(_, answer, ..)| answer.contains("finished")), "{said:?}");
        assert_eq!(super::changes(&now, &now, &framework), Vec::new());
    }
}
