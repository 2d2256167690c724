//! Deleting a carer's data. A plan that was never shared is deleted at once;
//! one that was shared is deleted by a manager on request, well inside the
//! one-month legal limit, unless a legal hold (a recorded reason, reviewed
//! by a date) says it must be kept for now. The carer is told which.

use super::calendar::{Day, Holidays};
use serde::{Deserialize, Serialize};

/// Days from asking to the date we promise to have deleted everything: two
/// weeks, well inside the one calendar month the law allows. A date that
/// falls on a weekend or a public holiday moves to the next working day.
pub const DELETION_TARGET_DAYS: i64 = 14;

/// Furthest ahead a hold may be reviewed: a hold is looked at again at
/// least every six months, so nothing is kept "for now" forever.
pub const HOLD_REVIEW_MAX_DAYS: i64 = 183;

/// Shortest note a manager must record for a hold: a real reason, not "yes".
pub const HOLD_NOTE_MIN: usize = 20;
/// Longest note.
pub const HOLD_NOTE_MAX: usize = 2000;

/// The general ground for keeping a plan the carer asked us to delete. The
/// carer is told the ground in these general words; the manager's own note
/// stays with the staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HoldGround {
    /// An adult protection concern is open.
    AdultProtection,
    /// A child protection concern is open.
    ChildProtection,
    /// A court case, legal claim or police inquiry needs the records.
    LegalProceedings,
    /// A complaint or an inquiry by a regulator is open.
    Complaint,
}

impl HoldGround {
    /// Every ground, in the order offered.
    pub const ALL: [HoldGround; 4] =
        [HoldGround::AdultProtection, HoldGround::ChildProtection, HoldGround::LegalProceedings, HoldGround::Complaint];

    /// As stored and posted.
    pub fn as_str(self) -> &'static str {
        match self {
            HoldGround::AdultProtection => "adult-protection",
            HoldGround::ChildProtection => "child-protection",
            HoldGround::LegalProceedings => "legal-proceedings",
            HoldGround::Complaint => "complaint",
        }
    }

    /// Reads a stored or posted value.
    pub fn parse(s: &str) -> Option<HoldGround> {
        HoldGround::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// The label a manager chooses from.
    pub fn label(self) -> &'static str {
        match self {
            HoldGround::AdultProtection => "An adult protection concern is open",
            HoldGround::ChildProtection => "A child protection concern is open",
            HoldGround::LegalProceedings => "A court case, legal claim or police inquiry needs the records",
            HoldGround::Complaint => "A complaint or a regulator's inquiry is open",
        }
    }

    /// What the carer is told, in general terms.
    pub fn for_carer(self) -> &'static str {
        match self {
            HoldGround::AdultProtection | HoldGround::ChildProtection => {
                "There is an open concern about someone's safety. The law says we must keep the records while it is looked into."
            }
            HoldGround::LegalProceedings => {
                "A court case, legal claim or police inquiry needs the records. The law says we must keep them until it ends."
            }
            HoldGround::Complaint => "A complaint or an inquiry about our service needs the records. We must keep them until it ends.",
        }
    }
}

/// A legal hold on a deletion request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// Why, in general terms.
    pub ground: HoldGround,
    /// The manager's note (staff only).
    pub note: String,
    /// When the hold will be looked at again.
    pub review_on: Day,
    /// When it was put on.
    pub held_at: i64,
    /// The manager who put it on.
    pub held_by: String,
}

/// Where a request to delete a shared plan stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestStatus {
    /// Waiting for a manager to complete it.
    Requested,
    /// Kept for now under a legal hold.
    Held(Hold),
    /// Being erased: the carer's sessions have ended; what is left goes in
    /// one transaction (finished on the next start if the server stopped).
    Erasing,
}

impl RequestStatus {
    /// As stored.
    pub fn as_str(&self) -> &'static str {
        match self {
            RequestStatus::Requested => "requested",
            RequestStatus::Held(_) => "held",
            RequestStatus::Erasing => "erasing",
        }
    }
}

/// Why a step on a deletion request cannot happen now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeletionError {
    /// A hold stands: release it first.
    #[error("This plan is under a legal hold. Release the hold before deleting it")]
    Held,
    /// There is no hold to release.
    #[error("This request is not on hold")]
    NotHeld,
    /// It is already being deleted.
    #[error("This plan is already being deleted")]
    Erasing,
}

impl RequestStatus {
    /// A manager completes the request: allowed unless held.
    pub fn complete(&self) -> Result<RequestStatus, DeletionError> {
        match self {
            RequestStatus::Requested => Ok(RequestStatus::Erasing),
            RequestStatus::Held(_) => Err(DeletionError::Held),
            RequestStatus::Erasing => Err(DeletionError::Erasing),
        }
    }

    /// A manager puts a hold on (or replaces the hold with a new one).
    pub fn hold(&self, hold: Hold) -> Result<RequestStatus, DeletionError> {
        match self {
            RequestStatus::Erasing => Err(DeletionError::Erasing),
            _ => Ok(RequestStatus::Held(hold)),
        }
    }

    /// A manager releases the hold, so the deletion can complete.
    pub fn release(&self) -> Result<RequestStatus, DeletionError> {
        match self {
            RequestStatus::Held(_) => Ok(RequestStatus::Requested),
            RequestStatus::Requested => Err(DeletionError::NotHeld),
            RequestStatus::Erasing => Err(DeletionError::Erasing),
        }
    }
}

/// A carer's request to delete their plan and account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletionRequest {
    /// Whose.
    pub carer_id: uuid::Uuid,
    /// When they asked.
    pub requested_at: i64,
    /// The date we promised to have deleted everything by.
    pub due_on: Day,
    /// Where it stands.
    pub status: RequestStatus,
    /// Bumped by every change, so two managers never act on a stale page.
    pub version: i64,
    /// When a manager last released a hold on it, so the carer can be told
    /// the plan will be deleted after all; cleared by a new hold.
    pub released_at: Option<i64>,
}

/// The date to promise for a deletion asked for (or unblocked) on `today`.
fn due_from(today: Day, holidays: &Holidays) -> Day {
    holidays.working_day_on_or_after(today.add_days(DELETION_TARGET_DAYS))
}

impl DeletionRequest {
    /// A new request made at `now` (seconds) on `today`.
    pub fn new(carer_id: uuid::Uuid, now: i64, today: Day, holidays: &Holidays) -> DeletionRequest {
        DeletionRequest {
            carer_id,
            requested_at: now,
            due_on: due_from(today, holidays),
            status: RequestStatus::Requested,
            version: 1,
            released_at: None,
        }
    }

    /// The date to promise once a hold is released on `today`: the date first
    /// promised while it is still to come; after a long hold, two weeks from
    /// today on a working day, so the carer is never given a day gone by.
    pub fn due_after_release(&self, today: Day, holidays: &Holidays) -> Day {
        if self.due_on >= today { self.due_on } else { due_from(today, holidays) }
    }

    /// Past its due date and not held: a manager must act now.
    pub fn overdue(&self, today: Day) -> bool {
        matches!(self.status, RequestStatus::Requested) && today > self.due_on
    }

    /// Held, and the date to look at the hold again has come.
    pub fn hold_review_due(&self, today: Day) -> bool {
        matches!(&self.status, RequestStatus::Held(h) if today >= h.review_on)
    }
}

/// A hold as checked: its ground, its note, and the day to look at it again.
pub type CheckedHold = (HoldGround, String, Day);

/// Checks a hold a manager is putting on: a ground, a note of a real
/// length, and a review date in the next six months. Errors by field.
pub fn check_hold(ground: &str, note: &str, review_on: &str, today: Day) -> Result<CheckedHold, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let ground = HoldGround::parse(ground.trim());
    if ground.is_none() {
        errors.push(("ground", "Select why the plan must be kept".to_owned()));
    }
    let note = note.trim();
    let length = note.chars().count();
    if length < HOLD_NOTE_MIN {
        errors.push(("note", format!("Write the reason for the hold in at least {HOLD_NOTE_MIN} characters")));
    } else if length > HOLD_NOTE_MAX {
        errors.push(("note", format!("The reason must be {HOLD_NOTE_MAX} characters or fewer")));
    }
    let latest = today.add_days(HOLD_REVIEW_MAX_DAYS);
    let review = match Day::parse(review_on.trim()) {
        None => {
            errors.push(("review_on", "Enter the date to review the hold, for example 2027-03-31".to_owned()));
            None
        }
        Some(day) if day <= today => {
            errors.push(("review_on", "The review date must be in the future".to_owned()));
            None
        }
        Some(day) if day > latest => {
            errors.push(("review_on", format!("The review date must be no later than {}", latest.readable())));
            None
        }
        Some(day) => Some(day),
    };
    match (ground, review) {
        (Some(ground), Some(review)) if errors.is_empty() => Ok((ground, note.to_owned(), review)),
        _ => Err(errors),
    }
}

/// What deleting a never-shared plan takes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeleteScope {
    /// The plan only; the carer keeps their account and can start again.
    PlanOnly,
    /// The plan and the account: they can no longer sign in.
    PlanAndAccount,
}

impl DeleteScope {
    /// As posted.
    pub fn as_str(self) -> &'static str {
        match self {
            DeleteScope::PlanOnly => "plan",
            DeleteScope::PlanAndAccount => "account",
        }
    }

    /// Reads a posted value.
    pub fn parse(s: &str) -> Option<DeleteScope> {
        [DeleteScope::PlanOnly, DeleteScope::PlanAndAccount].into_iter().find(|x| x.as_str() == s.trim())
    }

    /// The choice as the carer reads it.
    pub fn label(self) -> &'static str {
        match self {
            DeleteScope::PlanOnly => "Delete my plan, keep my account",
            DeleteScope::PlanAndAccount => "Delete my plan and my account",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Day {
        Day::parse("2026-11-24").unwrap()
    }

    fn hold() -> Hold {
        Hold { ground: HoldGround::AdultProtection, note: "n".into(), review_on: today().add_days(30), held_at: 0, held_by: "M".into() }
    }

    fn day(iso: &str) -> Day {
        Day::parse(iso).unwrap()
    }

    #[test]
    fn a_request_is_due_two_weeks_after_it_is_made_well_inside_a_month() {
        let r = DeletionRequest::new(uuid::Uuid::nil(), 0, today(), &Holidays::scotland());
        assert_eq!(r.due_on.iso(), "2026-12-08");
        const { assert!(DELETION_TARGET_DAYS < 28) };
        assert!(!r.overdue(r.due_on));
        assert!(r.overdue(r.due_on.add_days(1)));
    }

    #[test]
    fn the_date_promised_is_a_working_day() {
        let h = Holidays::scotland();
        let cases = [
            // (asked on, deleted by)
            ("2026-11-24", "2026-12-08"), // Tuesday to Tuesday
            ("2026-11-28", "2026-12-14"), // asked on a Saturday: not Saturday 12th but Monday 14th
            ("2026-11-16", "2026-12-01"), // not St Andrew's Day
            ("2026-12-11", "2026-12-29"), // not Christmas Day, nor the substitute for Boxing Day
        ];
        for (asked, due) in cases {
            assert_eq!(DeletionRequest::new(uuid::Uuid::nil(), 0, day(asked), &h).due_on, day(due), "{asked}");
        }
    }

    #[test]
    fn after_a_hold_the_carer_is_promised_a_date_still_to_come() {
        let h = Holidays::scotland();
        let r = DeletionRequest::new(uuid::Uuid::nil(), 0, today(), &h);
        let cases = [
            // (released on, deleted by)
            ("2026-11-30", "2026-12-08"), // before the date first promised: it stands
            ("2026-12-08", "2026-12-08"), // on it: it stands
            ("2026-12-09", "2026-12-23"), // after it: two weeks on
            ("2027-03-12", "2027-03-29"), // a Friday: two weeks on is Good Friday, then the weekend
        ];
        for (released, due) in cases {
            assert_eq!(r.due_after_release(day(released), &h), day(due), "{released}");
        }
    }

    #[test]
    fn a_held_request_is_never_overdue_but_its_review_comes_due() {
        let mut r = DeletionRequest::new(uuid::Uuid::nil(), 0, today(), &Holidays::scotland());
        r.status = r.status.hold(hold()).unwrap();
        assert!(!r.overdue(today().add_days(60)));
        assert!(!r.hold_review_due(today().add_days(29)));
        assert!(r.hold_review_due(today().add_days(30)));
    }

    #[test]
    fn a_held_request_cannot_be_completed_until_released() {
        let held = RequestStatus::Requested.hold(hold()).unwrap();
        assert_eq!(held.complete(), Err(DeletionError::Held));
        let released = held.release().unwrap();
        assert_eq!(released, RequestStatus::Requested);
        assert_eq!(released.complete(), Ok(RequestStatus::Erasing));
        assert_eq!(RequestStatus::Requested.release(), Err(DeletionError::NotHeld));
        assert_eq!(RequestStatus::Erasing.hold(hold()), Err(DeletionError::Erasing));
        assert_eq!(RequestStatus::Erasing.complete(), Err(DeletionError::Erasing));
    }

    #[test]
    fn a_hold_needs_a_ground_a_real_reason_and_a_review_within_six_months() {
        let t = today();
        let ok = check_hold("adult-protection", "  Open adult protection inquiry, ref 12  ", "2027-01-10", t).unwrap();
        assert_eq!(ok.0, HoldGround::AdultProtection);
        assert_eq!(ok.1, "Open adult protection inquiry, ref 12");
        let fields = |r: Result<_, Vec<(&'static str, String)>>| r.unwrap_err().into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fields(check_hold("", "x".repeat(20).as_str(), "2027-01-10", t)), ["ground"]);
        assert_eq!(fields(check_hold("adult-protection", "too short", "2027-01-10", t)), ["note"]);
        assert_eq!(fields(check_hold("adult-protection", &"x".repeat(2001), "2027-01-10", t)), ["note"]);
        assert_eq!(fields(check_hold("complaint", &"x".repeat(20), "2026-11-24", t)), ["review_on"]);
        assert_eq!(fields(check_hold("complaint", &"x".repeat(20), "2027-06-30", t)), ["review_on"]);
        assert_eq!(fields(check_hold("nonsense", "", "soon", t)), ["ground", "note", "review_on"]);
    }

    #[test]
    fn every_ground_reads_back_and_tells_the_carer_something_general() {
        for g in HoldGround::ALL {
            assert_eq!(HoldGround::parse(g.as_str()), Some(g));
            assert!(!g.for_carer().is_empty());
        }
        assert_eq!(DeleteScope::parse("account"), Some(DeleteScope::PlanAndAccount));
        assert_eq!(DeleteScope::parse("everything"), None);
    }
}
