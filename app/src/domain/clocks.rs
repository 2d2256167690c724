//! The statutory timescales of the Carers (Scotland) Act 2016 for carers of
//! terminally ill people, and where each one stands today.
//!
//! The rule lives in one function, `terminal_illness_clocks`, so the queue,
//! the worker's view and any reminder all agree on the same days.

use super::calendar::{Day, Holidays};
use serde::{Deserialize, Serialize};

/// Which statutory timescale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockKind {
    /// An adult carer support plan offered, counted from the day the carer was identified.
    PlanOffered,
    /// A first conversation with a worker, counted from the carer's request.
    FirstConversation,
    /// The support plan prepared, counted from the carer's request.
    PlanPrepared,
}

impl ClockKind {
    /// What the clock is for, as a worker reads it.
    pub fn label(self) -> &'static str {
        match self {
            ClockKind::PlanOffered => "Support plan offered",
            ClockKind::FirstConversation => "First conversation",
            ClockKind::PlanPrepared => "Plan prepared",
        }
    }
}

/// One clock: what is due, and by which day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// Which timescale this is.
    pub kind: ClockKind,
    /// The last day on which it is still on time.
    pub due: Day,
}

/// Working days, beginning with the day the carer was identified, to offer a plan.
const PLAN_OFFERED_WORKING_DAYS: u32 = 2;
/// Working days, beginning with the day of the request, to the first conversation.
const FIRST_CONVERSATION_WORKING_DAYS: u32 = 5;
/// Working days, beginning with the day of the request, to a prepared plan.
const PLAN_PREPARED_WORKING_DAYS: u32 = 10;

/// THE rule, one function: for a carer of a terminally ill person, an adult carer support plan is offered
/// within 2 working days beginning with the day the carer was identified; a first conversation within
/// 5 working days, and the plan prepared within 10 working days, beginning with the day of the carer's
/// request (the hand-off). Returns the three clocks in that order.
pub fn terminal_illness_clocks(identified: Day, requested: Day, holidays: &Holidays) -> [Clock; 3] {
    [
        Clock { kind: ClockKind::PlanOffered, due: holidays.nth_working_day_from(identified, PLAN_OFFERED_WORKING_DAYS) },
        Clock { kind: ClockKind::FirstConversation, due: holidays.nth_working_day_from(requested, FIRST_CONVERSATION_WORKING_DAYS) },
        Clock { kind: ClockKind::PlanPrepared, due: holidays.nth_working_day_from(requested, PLAN_PREPARED_WORKING_DAYS) },
    ]
}

/// Where a clock stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockStatus {
    /// Not yet due: this many working days to go (at least 1).
    DueIn(u32),
    /// Due by the end of today.
    DueToday,
    /// Past its day: this many working days late (at least 1).
    Overdue(u32),
}

impl ClockStatus {
    /// Where a clock due on `due` stands on `today`.
    ///
    /// Counts are working days after the earlier day up to and including the
    /// later one, but never 0: on a weekend just after the due day the clock
    /// is still late, and on one just before it there is still a day to go.
    pub fn of(due: Day, today: Day, holidays: &Holidays) -> ClockStatus {
        if today == due {
            ClockStatus::DueToday
        } else if today < due {
            ClockStatus::DueIn(at_least_one(holidays.working_days_between(today, due)))
        } else {
            ClockStatus::Overdue(at_least_one(holidays.working_days_between(due, today)))
        }
    }

    /// The status in words: "due in 3 working days", "due today", "overdue by 2 working days".
    pub fn label(self) -> String {
        match self {
            ClockStatus::DueIn(n) => format!("due in {}", working_days(n)),
            ClockStatus::DueToday => "due today".to_string(),
            ClockStatus::Overdue(n) => format!("overdue by {}", working_days(n)),
        }
    }

    /// The status with the day it is counted to, so a person can put it in
    /// a diary: "due in 2 working days (Tuesday 8 December 2026)", "due today
    /// (Friday 4 December 2026)", "overdue by 3 working days (due Tuesday 1
    /// December 2026)".
    pub fn line(self, due: Day) -> String {
        match self {
            ClockStatus::Overdue(_) => format!("{} (due {})", self.label(), due.readable()),
            _ => format!("{} ({})", self.label(), due.readable()),
        }
    }

    /// True once the due day has passed.
    pub fn is_overdue(self) -> bool {
        matches!(self, ClockStatus::Overdue(_))
    }
}

/// A positive count of days as a `u32`, raised to 1 and capped rather than wrapped.
fn at_least_one(n: i64) -> u32 {
    u32::try_from(n.max(1)).unwrap_or(u32::MAX)
}

/// "1 working day", "3 working days".
fn working_days(n: u32) -> String {
    if n == 1 { "1 working day".to_string() } else { format!("{n} working days") }
}

/// The day a carer who is not caring for someone terminally ill can expect to hear from a worker:
/// the 10th working day beginning with the hand-off (the centre's own aim; no statutory clock).
pub const USUAL_CONTACT_WORKING_DAYS: u32 = 10;

/// The day by which a carer who is not caring for someone terminally ill can expect to hear
/// from a worker, counting `USUAL_CONTACT_WORKING_DAYS` beginning with the hand-off.
pub fn usual_contact_by(requested: Day, holidays: &Holidays) -> Day {
    holidays.nth_working_day_from(requested, USUAL_CONTACT_WORKING_DAYS)
}

#[cfg(test)]
mod tests {
    use super::super::calendar::Weekday;
    use super::*;

    fn day(iso: &str) -> Day {
        Day::parse(iso).unwrap_or_else(|| panic!("{iso} should be a date"))
    }

    fn due_days(clocks: [Clock; 3]) -> [(ClockKind, String); 3] {
        clocks.map(|c| (c.kind, c.due.readable()))
    }

    #[test]
    fn the_three_clocks_for_a_known_case_skip_the_weekend_and_st_andrews_day() {
        let h = Holidays::scotland();
        // Identified on Tuesday 24 November 2026, asked for help the next day.
        let clocks = terminal_illness_clocks(day("2026-11-24"), day("2026-11-25"), &h);
        assert_eq!(
            due_days(clocks),
            [
                (ClockKind::PlanOffered, "Wednesday 25 November 2026".to_string()),
                (ClockKind::FirstConversation, "Wednesday 2 December 2026".to_string()),
                (ClockKind::PlanPrepared, "Wednesday 9 December 2026".to_string()),
            ]
        );
    }

    #[test]
    fn the_plan_offer_counts_from_identification_and_the_rest_from_the_request() {
        let h = Holidays::scotland();
        // Identified a fortnight before the carer asked for help.
        let clocks = terminal_illness_clocks(day("2026-11-10"), day("2026-11-24"), &h);
        assert_eq!(clocks[0].due, day("2026-11-11"));
        // 24, 25, 26, 27 November, then 1 December (30 November is St Andrew's Day).
        assert_eq!(clocks[1].due, day("2026-12-01"));
        // ... 2, 3, 4, 7, 8 December.
        assert_eq!(clocks[2].due, day("2026-12-08"));
    }

    #[test]
    fn a_hand_off_on_a_saturday_starts_counting_on_monday() {
        let h = Holidays::scotland();
        let saturday = day("2026-12-05");
        assert_eq!(saturday.weekday(), Weekday::Saturday);
        let clocks = terminal_illness_clocks(saturday, saturday, &h);
        assert_eq!(clocks[0].due, day("2026-12-08"));
        assert_eq!(clocks[1].due, day("2026-12-11"));
        assert_eq!(clocks[2].due, day("2026-12-18"));
    }

    #[test]
    fn a_hand_off_on_good_friday_starts_counting_on_easter_monday() {
        let h = Holidays::scotland();
        // Easter Monday is not a bank holiday in Scotland, so it is day 1.
        let clocks = terminal_illness_clocks(day("2026-04-03"), day("2026-04-03"), &h);
        assert_eq!(clocks[0].due, day("2026-04-07"));
        assert_eq!(clocks[0].due.weekday(), Weekday::Tuesday);
        assert_eq!(clocks[1].due, day("2026-04-10"));
        assert_eq!(clocks[2].due, day("2026-04-17"));
    }

    #[test]
    fn a_hand_off_just_before_christmas_2026_runs_into_january_2027() {
        let h = Holidays::scotland();
        let clocks = terminal_illness_clocks(day("2026-12-23"), day("2026-12-23"), &h);
        assert_eq!(clocks[0].due.readable(), "Thursday 24 December 2026");
        assert_eq!(clocks[1].due.readable(), "Thursday 31 December 2026");
        // 1 January and the substitute day for 2 January (Monday 4th) are skipped.
        assert_eq!(clocks[2].due.readable(), "Monday 11 January 2027");
    }

    #[test]
    fn a_hand_off_on_christmas_eve_2027_skips_both_substitute_days() {
        let h = Holidays::scotland();
        let clocks = terminal_illness_clocks(day("2027-12-24"), day("2027-12-24"), &h);
        assert_eq!(clocks[0].due.readable(), "Wednesday 29 December 2027");
        // The five- and ten-day clocks would run into 2028, which the file does not cover yet.
    }

    #[test]
    fn a_clock_on_its_due_day_is_due_today() {
        let h = Holidays::scotland();
        let due = day("2026-12-02");
        assert_eq!(ClockStatus::of(due, due, &h), ClockStatus::DueToday);
    }

    #[test]
    fn a_clock_before_its_due_day_counts_the_working_days_to_go() {
        let h = Holidays::scotland();
        let due = day("2026-12-02");
        assert_eq!(ClockStatus::of(due, day("2026-12-01"), &h), ClockStatus::DueIn(1));
        // 26, 27 November, 1 and 2 December: the weekend and St Andrew's Day do not count.
        assert_eq!(ClockStatus::of(due, day("2026-11-25"), &h), ClockStatus::DueIn(4));
    }

    #[test]
    fn a_clock_after_its_due_day_counts_the_working_days_late() {
        let h = Holidays::scotland();
        let due = day("2026-12-02");
        assert_eq!(ClockStatus::of(due, day("2026-12-03"), &h), ClockStatus::Overdue(1));
        // 3, 4 and 7 December.
        assert_eq!(ClockStatus::of(due, day("2026-12-07"), &h), ClockStatus::Overdue(3));
    }

    #[test]
    fn a_clock_due_on_friday_is_one_working_day_late_on_monday() {
        let h = Holidays::scotland();
        let friday = day("2026-12-04");
        assert_eq!(ClockStatus::of(friday, day("2026-12-07"), &h), ClockStatus::Overdue(1));
    }

    #[test]
    fn a_clock_due_on_friday_is_already_late_on_saturday() {
        let h = Holidays::scotland();
        let friday = day("2026-12-04");
        assert_eq!(ClockStatus::of(friday, day("2026-12-05"), &h), ClockStatus::Overdue(1));
        assert_eq!(ClockStatus::of(friday, day("2026-12-06"), &h), ClockStatus::Overdue(1));
    }

    #[test]
    fn a_clock_due_on_monday_is_one_working_day_away_over_the_weekend() {
        let h = Holidays::scotland();
        let monday = day("2026-12-07");
        assert_eq!(ClockStatus::of(monday, day("2026-12-04"), &h), ClockStatus::DueIn(1));
        assert_eq!(ClockStatus::of(monday, day("2026-12-05"), &h), ClockStatus::DueIn(1));
        assert_eq!(ClockStatus::of(monday, day("2026-12-06"), &h), ClockStatus::DueIn(1));
    }

    #[test]
    fn a_clock_due_on_a_holiday_is_due_in_one_working_day_the_day_before() {
        let h = Holidays::scotland();
        // A due day should never be a holiday, but a status must still make sense.
        let st_andrews = day("2026-11-30");
        assert_eq!(ClockStatus::of(st_andrews, day("2026-11-27"), &h), ClockStatus::DueIn(1));
    }

    #[test]
    fn status_labels_read_as_plain_english() {
        assert_eq!(ClockStatus::DueIn(1).label(), "due in 1 working day");
        assert_eq!(ClockStatus::DueIn(3).label(), "due in 3 working days");
        assert_eq!(ClockStatus::DueToday.label(), "due today");
        assert_eq!(ClockStatus::Overdue(1).label(), "overdue by 1 working day");
        assert_eq!(ClockStatus::Overdue(2).label(), "overdue by 2 working days");
    }

    #[test]
    fn a_status_line_names_the_day_it_counts_to() {
        let h = Holidays::scotland();
        // Friday 4 December 2026, looking at clocks due around it.
        let today = day("2026-12-04");
        let cases = [
            ("2026-12-08", "due in 2 working days (Tuesday 8 December 2026)"),
            ("2026-12-07", "due in 1 working day (Monday 7 December 2026)"),
            ("2026-12-04", "due today (Friday 4 December 2026)"),
            ("2026-12-01", "overdue by 3 working days (due Tuesday 1 December 2026)"),
        ];
        for (due, line) in cases {
            let due = day(due);
            assert_eq!(ClockStatus::of(due, today, &h).line(due), line);
        }
    }

    #[test]
    fn only_an_overdue_clock_is_overdue() {
        assert!(ClockStatus::Overdue(1).is_overdue());
        assert!(!ClockStatus::DueToday.is_overdue());
        assert!(!ClockStatus::DueIn(1).is_overdue());
    }

    #[test]
    fn clock_kinds_have_labels() {
        assert_eq!(ClockKind::PlanOffered.label(), "Support plan offered");
        assert_eq!(ClockKind::FirstConversation.label(), "First conversation");
        assert_eq!(ClockKind::PlanPrepared.label(), "Plan prepared");
    }

    #[test]
    fn usual_contact_is_the_tenth_working_day_beginning_with_the_hand_off() {
        let h = Holidays::scotland();
        assert_eq!(USUAL_CONTACT_WORKING_DAYS, 10);
        assert_eq!(usual_contact_by(day("2026-11-25"), &h), day("2026-12-09"));
        // 18, 21, 22, 23, 24, 29, 30, 31 December, then 5 and 6 January.
        assert_eq!(usual_contact_by(day("2026-12-18"), &h), day("2027-01-06"));
    }

    #[test]
    fn a_clock_survives_a_round_trip_through_json() {
        let h = Holidays::scotland();
        let clocks = terminal_illness_clocks(day("2026-11-24"), day("2026-11-25"), &h);
        let json = serde_json::to_string(&clocks).unwrap();
        let back: [Clock; 3] = serde_json::from_str(&json).unwrap();
        assert_eq!(back, clocks);
    }
}
