//! Anonymous monthly figures for a manager: how many plans were started,
//! handed off, picked up and agreed, how the terminal-illness clocks went,
//! and how long agreement took.
//!
//! A manager needs to see whether the service keeps its promises, but a
//! small centre's figures can point at one family. So every count goes out
//! through `Count`, which hides 1 to 4 the way UK official statistics do, a
//! median needs at least five plans behind it, and nothing here carries a
//! name or an id. There is no totals row or column, so a hidden cell cannot
//! be worked out by subtracting the others from a total.

use super::calendar::{Day, Holidays};
use super::clocks::{ClockKind, terminal_illness_clocks};
use serde::{Deserialize, Serialize};

/// Counts from 1 up to this (exclusive) are shown as "fewer than 5".
const SMALLEST_SHOWN: u32 = 5;

/// Fewest plans a median may be taken over; fewer and one carer's days could be read from it.
const FEWEST_FOR_MEDIAN: usize = 5;

/// Most months `monthly` will lay out: twenty years is more than any page
/// needs, and a cap keeps a stray argument from asking for billions of rows.
pub const MOST_MONTHS: u32 = 240;

/// The CSV header line, without its line ending.
const CSV_HEADER: &str = "month,plans started,handed off,picked up,agreed,\
terminal-illness clocks met,terminal-illness clocks missed,\
median working days from hand-off to agreed";

/// One carer's plan, reduced to the days things happened (no names, no ids).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDays {
    /// The first day the carer saved anything.
    pub started: Option<Day>,
    /// The day the carer asked to talk to someone (the hand-off).
    pub handed_off: Option<Day>,
    /// The day the centre first knew them as a carer.
    pub identified: Option<Day>,
    /// True when they care for someone who is terminally ill, so the statutory clocks apply.
    pub terminal: bool,
    /// The day a worker picked the plan up; counts as "plan offered".
    pub picked_up: Option<Day>,
    /// The first day a worker wrote anything; counts as the first conversation.
    pub first_conversation: Option<Day>,
    /// The first day the plan was sent to the carer to check and sign; counts as "plan prepared".
    pub first_sent: Option<Day>,
    /// The first day the carer signed the plan.
    pub agreed: Option<Day>,
}

/// A count that is safe to publish: 0 and 5 upwards are shown, 1 to 4 are hidden.
///
/// Zero is shown because "nobody" identifies nobody; 1 to 4 could. Build one
/// with `Count::of`, which does the hiding, so the true small number never
/// leaves this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Count {
    /// The true count: 0, or 5 or more when built with `Count::of`.
    Exact(u32),
    /// Between 1 and 4; which one is deliberately not kept.
    FewerThanFive,
}

impl Count {
    /// The publishable form of a true count: 1 to 4 become `FewerThanFive`.
    pub fn of(n: u32) -> Count {
        if n == 0 || n >= SMALLEST_SHOWN { Count::Exact(n) } else { Count::FewerThanFive }
    }

    /// The count as people read it: "12", "0" or "fewer than 5".
    pub fn label(self) -> String {
        match self {
            Count::Exact(n) => n.to_string(),
            Count::FewerThanFive => "fewer than 5".to_string(),
        }
    }

    /// The number to plot, or `None` when it is hidden (a chart should show a gap, not a guess).
    pub fn chart_value(self) -> Option<u32> {
        match self {
            Count::Exact(n) => Some(n),
            Count::FewerThanFive => None,
        }
    }
}

/// The median number of working days from hand-off to agreement, over at least five plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Median {
    /// Working days after the hand-off up to and including the day of agreement.
    pub working_days: u32,
}

impl Median {
    /// The median as people read it: "1 working day", "7 working days".
    pub fn label(self) -> String {
        if self.working_days == 1 { "1 working day".to_string() } else { format!("{} working days", self.working_days) }
    }
}

/// What the manager sees for one calendar month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    /// The month as "2026-11"; `month_label` turns it into "November 2026".
    pub month: String,
    /// Plans whose first save fell in the month.
    pub started: Count,
    /// Plans handed off in the month.
    pub handed_off: Count,
    /// Plans a worker picked up in the month.
    pub picked_up: Count,
    /// Plans the carer first signed in the month.
    pub agreed: Count,
    /// Terminal-illness clocks due in the month and done on or before their due day.
    pub clocks_met: Count,
    /// Terminal-illness clocks due in the month and done after their due day, or
    /// not done with the due day already past. Clocks still open are in neither count.
    pub clocks_missed: Count,
    /// Over plans agreed in the month, the median of the working days from hand-off
    /// to agreement; `None` ("not enough plans") when fewer than five are behind it.
    pub median_working_days_to_agreed: Option<Median>,
}

/// A calendar month as a count of months since year 0, so months can be
/// compared, stepped and used as a window without a date library.
type MonthIndex = i64;

/// The true counts for one month, before anything is hidden.
#[derive(Default)]
struct Tally {
    started: u32,
    handed_off: u32,
    picked_up: u32,
    agreed: u32,
    clocks_met: u32,
    clocks_missed: u32,
    working_days_to_agreed: Vec<u32>,
}

/// The month a day falls in.
fn month_index(day: Day) -> MonthIndex {
    let (year, month, _) = day.ymd();
    i64::from(year) * 12 + i64::from(month) - 1
}

/// "2026-11" for a month index.
fn month_key(index: MonthIndex) -> String {
    format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

/// Figures for the last `months` calendar months, ending with the month `today` is in, oldest first.
///
/// Every month in the window has a row, all zero when nothing happened, so a
/// chart's axis does not skip. Events outside the window are ignored. `months`
/// above `MOST_MONTHS` is treated as `MOST_MONTHS`; 0 gives no rows.
///
/// The median counts working days with `Holidays::working_days_between`:
/// the days after the hand-off up to and including the day of agreement,
/// skipping weekends and holidays. Agreed on the day of the hand-off is 0;
/// handed off on Christmas Eve 2026 and agreed on Tuesday 29 December is 1.
/// Plans agreed with no hand-off day, or agreed before it, are left out of
/// the median: there is no honest span to count.
pub fn monthly(plans: &[PlanDays], today: Day, holidays: &Holidays, months: u32) -> Vec<MonthFigures> {
    let months = months.min(MOST_MONTHS);
    let last = month_index(today);
    let first = last - i64::from(months) + 1;
    let mut tallies: Vec<Tally> = (0..months).map(|_| Tally::default()).collect();

    for plan in plans {
        if let Some(t) = plan.started.and_then(|d| slot(&mut tallies, first, d)) {
            t.started += 1;
        }
        if let Some(t) = plan.handed_off.and_then(|d| slot(&mut tallies, first, d)) {
            t.handed_off += 1;
        }
        if let Some(t) = plan.picked_up.and_then(|d| slot(&mut tallies, first, d)) {
            t.picked_up += 1;
        }
        if let Some(agreed) = plan.agreed {
            let span = plan
                .handed_off
                // Negative spans fail the conversion, which drops agreements dated before their hand-off.
                .and_then(|handed_off| u32::try_from(holidays.working_days_between(handed_off, agreed)).ok());
            if let Some(t) = slot(&mut tallies, first, agreed) {
                t.agreed += 1;
                if let Some(span) = span {
                    t.working_days_to_agreed.push(span);
                }
            }
        }
        for (due, outcome) in clock_outcomes(plan, today, holidays) {
            if let Some(t) = slot(&mut tallies, first, due) {
                match outcome {
                    Outcome::Met => t.clocks_met += 1,
                    Outcome::Missed => t.clocks_missed += 1,
                    Outcome::Open => {}
                }
            }
        }
    }

    tallies
        .into_iter()
        .zip(first..)
        .map(|(t, index)| MonthFigures {
            month: month_key(index),
            started: Count::of(t.started),
            handed_off: Count::of(t.handed_off),
            picked_up: Count::of(t.picked_up),
            agreed: Count::of(t.agreed),
            clocks_met: Count::of(t.clocks_met),
            clocks_missed: Count::of(t.clocks_missed),
            median_working_days_to_agreed: median(t.working_days_to_agreed),
        })
        .collect()
}

/// The tally for the month `day` falls in, where the window starts at month `first`.
///
/// A day outside the window has no tally, so everything outside is dropped
/// here, in one place.
fn slot(tallies: &mut [Tally], first: MonthIndex, day: Day) -> Option<&mut Tally> {
    let offset = usize::try_from(month_index(day) - first).ok()?;
    tallies.get_mut(offset)
}

/// How a clock went, as of today.
enum Outcome {
    /// Done on or before the due day.
    Met,
    /// Done after the due day, or not done and the due day has passed.
    Missed,
    /// Not done, and today is the due day or earlier: it can still be met.
    Open,
}

/// Each of the plan's three terminal-illness clocks, with its due day and how it went.
///
/// A plan that is not terminal, or was never handed off, has no clocks: the
/// later two count from the request, and without one there is nothing to be late for.
fn clock_outcomes(plan: &PlanDays, today: Day, holidays: &Holidays) -> Vec<(Day, Outcome)> {
    let Some(handed_off) = plan.handed_off.filter(|_| plan.terminal) else {
        return Vec::new();
    };
    // When the centre did not record identification, the request is the first it knew of the carer.
    let identified = plan.identified.unwrap_or(handed_off);
    terminal_illness_clocks(identified, handed_off, holidays)
        .into_iter()
        .map(|clock| {
            let done = match clock.kind {
                ClockKind::PlanOffered => plan.picked_up,
                ClockKind::FirstConversation => plan.first_conversation,
                ClockKind::PlanPrepared => plan.first_sent,
            };
            let outcome = match done {
                Some(day) if day <= clock.due => Outcome::Met,
                Some(_) => Outcome::Missed,
                None if clock.due < today => Outcome::Missed,
                None => Outcome::Open,
            };
            (clock.due, outcome)
        })
        .collect()
}

/// The median of the spans, or `None` when fewer than five plans are behind it.
///
/// With an even number of plans this is the lower of the two middle values,
/// not their mean: it is always a span some plan actually took, a whole
/// number of days, and needs no rounding rule to explain.
fn median(mut spans: Vec<u32>) -> Option<Median> {
    if spans.len() < FEWEST_FOR_MEDIAN {
        return None;
    }
    spans.sort_unstable();
    spans.get((spans.len() - 1) / 2).map(|&working_days| Median { working_days })
}

/// A month key "2026-11" as people read it: "November 2026".
///
/// Anything that is not a real "YYYY-MM" month comes back unchanged, so a
/// page shows the odd text rather than failing.
pub fn month_label(month: &str) -> String {
    // The calendar already names months; borrowing its words for the 1st
    // ("Sunday 1 November 2026") keeps one list of names in the product.
    let readable = Day::parse(&format!("{month}-01")).map(Day::readable);
    match readable.as_deref().map(|r| r.split(' ').collect::<Vec<_>>()).as_deref() {
        Some([_, _, name, year]) => format!("{name} {year}"),
        _ => month.to_string(),
    }
}

/// The rows as CSV for a spreadsheet: a header, then one line per month.
///
/// Lines end with LF only (not RFC 4180's CRLF): every spreadsheet reads
/// it, and it diffs cleanly. Counts use their labels ("fewer than 5"), the
/// median is a bare number of working days or "not enough plans".
pub fn to_csv(rows: &[MonthFigures]) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push('\n');
    for row in rows {
        let median = row.median_working_days_to_agreed.map_or_else(|| "not enough plans".to_string(), |m| m.working_days.to_string());
        let fields = [
            row.month.clone(),
            row.started.label(),
            row.handed_off.label(),
            row.picked_up.label(),
            row.agreed.label(),
            row.clocks_met.label(),
            row.clocks_missed.label(),
            median,
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// One CSV field, made safe to open in a spreadsheet.
///
/// Text starting with = + - @ (or a tab or CR) would be run as a formula, so
/// it gets a leading apostrophe; then the field is quoted, RFC 4180 style,
/// only if it holds a comma, a quote, a CR or an LF. None of today's labels
/// need either, but a label changed later must not break the file.
fn csv_field(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if defused.contains([',', '"', '\r', '\n']) { format!("\"{}\"", defused.replace('"', "\"\"")) } else { defused }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(iso: &str) -> Day {
        Day::parse(iso).unwrap_or_else(|| panic!("{iso} should be a date"))
    }

    /// Five copies of a plan, so its counts clear the "fewer than 5" line and can be read exactly.
    fn five(plan: PlanDays) -> Vec<PlanDays> {
        vec![plan; 5]
    }

    /// A plan handed off on one day and agreed on another.
    fn agreed_plan(handed_off: &str, agreed: &str) -> PlanDays {
        PlanDays { handed_off: Some(day(handed_off)), agreed: Some(day(agreed)), ..PlanDays::default() }
    }

    /// The one row for the month `today` is in.
    fn this_month(plans: &[PlanDays], today: &str) -> MonthFigures {
        let rows = monthly(plans, day(today), &Holidays::scotland(), 1);
        assert_eq!(rows.len(), 1);
        rows[0].clone()
    }

    /// A terminal plan identified and handed off on Monday 21 December 2026. Its clocks fall due on
    /// Tuesday 22 December (offered), Tuesday 29 December (first conversation: 25 and 28 December are
    /// bank holidays) and Thursday 7 January 2027 (prepared: 1 and 4 January are too).
    fn christmas_plan() -> PlanDays {
        PlanDays { handed_off: Some(day("2026-12-21")), identified: Some(day("2026-12-21")), terminal: true, ..PlanDays::default() }
    }

    #[test]
    fn counts_of_one_to_four_are_hidden_and_zero_and_five_up_are_shown() {
        assert_eq!(Count::of(0), Count::Exact(0));
        assert_eq!(Count::of(0).label(), "0");
        assert_eq!(Count::of(0).chart_value(), Some(0));
        for n in 1..=4 {
            assert_eq!(Count::of(n), Count::FewerThanFive);
            assert_eq!(Count::of(n).label(), "fewer than 5");
            assert_eq!(Count::of(n).chart_value(), None);
        }
        assert_eq!(Count::of(5).label(), "5");
        assert_eq!(Count::of(12).label(), "12");
        assert_eq!(Count::of(12).chart_value(), Some(12));
    }

    #[test]
    fn a_month_with_three_agreed_plans_shows_fewer_than_five_and_no_median() {
        let plans = vec![agreed_plan("2026-11-02", "2026-11-03"); 3];
        let row = this_month(&plans, "2026-11-24");
        assert_eq!(row.agreed, Count::FewerThanFive);
        assert_eq!(row.agreed.label(), "fewer than 5");
        assert_eq!(row.handed_off, Count::FewerThanFive);
        assert_eq!(row.median_working_days_to_agreed, None);
    }

    #[test]
    fn five_agreed_plans_give_the_middle_span_in_working_days() {
        // Handed off Monday 2 November 2026; spans 6, 0, 3, 1 and 5 working days, given out of order.
        let plans: Vec<PlanDays> = ["2026-11-10", "2026-11-02", "2026-11-05", "2026-11-03", "2026-11-09"]
            .iter()
            .map(|agreed| agreed_plan("2026-11-02", agreed))
            .collect();
        let row = this_month(&plans, "2026-11-24");
        assert_eq!(row.agreed, Count::Exact(5));
        assert_eq!(row.median_working_days_to_agreed, Some(Median { working_days: 3 }));
    }

    #[test]
    fn six_agreed_plans_give_the_lower_of_the_two_middle_spans() {
        // Spans 1 to 6 working days: the middle pair is 3 and 4, and the mean would round to 4.
        let plans: Vec<PlanDays> = ["2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-09", "2026-11-10"]
            .iter()
            .map(|agreed| agreed_plan("2026-11-02", agreed))
            .collect();
        let row = this_month(&plans, "2026-11-24");
        assert_eq!(row.median_working_days_to_agreed, Some(Median { working_days: 3 }));
    }

    #[test]
    fn the_median_skips_the_christmas_bank_holidays_and_counts_by_the_month_of_agreement() {
        // Thursday 24 December to Tuesday 29 December 2026: 25 and 28 are bank holidays, 26 and 27 a
        // weekend, so only the 29th counts. Agreed in December, so it is December's figure.
        let plans = five(agreed_plan("2026-12-24", "2026-12-29"));
        let rows = monthly(&plans, day("2027-01-15"), &Holidays::scotland(), 2);
        assert_eq!(rows[0].month, "2026-12");
        assert_eq!(rows[0].median_working_days_to_agreed, Some(Median { working_days: 1 }));
        assert_eq!(rows[1].median_working_days_to_agreed, None);
        assert_eq!(Median { working_days: 1 }.label(), "1 working day");
    }

    #[test]
    fn plans_agreed_without_a_hand_off_count_as_agreed_but_not_towards_the_median() {
        let mut plans = vec![agreed_plan("2026-11-02", "2026-11-03"); 4];
        plans.push(PlanDays { agreed: Some(day("2026-11-03")), ..PlanDays::default() });
        let row = this_month(&plans, "2026-11-24");
        assert_eq!(row.agreed, Count::Exact(5));
        assert_eq!(row.median_working_days_to_agreed, None);
    }

    #[test]
    fn clocks_done_on_their_due_days_across_the_christmas_holidays_are_met() {
        let plans = five(PlanDays { picked_up: Some(day("2026-12-22")), first_conversation: Some(day("2026-12-29")), ..christmas_plan() });
        let row = this_month(&plans, "2026-12-31");
        // Two clocks each; the third falls due in January, outside this one-month window.
        assert_eq!(row.clocks_met, Count::Exact(10));
        assert_eq!(row.clocks_missed, Count::Exact(0));
    }

    #[test]
    fn a_clock_done_the_day_after_its_due_day_is_missed() {
        let plans = five(PlanDays { picked_up: Some(day("2026-12-23")), first_conversation: Some(day("2026-12-30")), ..christmas_plan() });
        let row = this_month(&plans, "2026-12-31");
        assert_eq!(row.clocks_met, Count::Exact(0));
        assert_eq!(row.clocks_missed, Count::Exact(10));
    }

    #[test]
    fn a_clock_not_done_is_open_on_its_due_day_and_missed_the_day_after() {
        let plans = five(christmas_plan());
        // On the 29th the offer (due the 22nd) is missed but the first conversation is still open.
        let on_the_day = this_month(&plans, "2026-12-29");
        assert_eq!(on_the_day.clocks_missed, Count::Exact(5));
        assert_eq!(on_the_day.clocks_met, Count::Exact(0));
        let day_after = this_month(&plans, "2026-12-30");
        assert_eq!(day_after.clocks_missed, Count::Exact(10));
    }

    #[test]
    fn a_clock_is_counted_in_the_month_it_falls_due() {
        let plans = five(PlanDays { first_sent: Some(day("2027-01-07")), ..christmas_plan() });
        let rows = monthly(&plans, day("2027-01-08"), &Holidays::scotland(), 2);
        assert_eq!(rows[0].month, "2026-12");
        assert_eq!(rows[0].clocks_missed, Count::Exact(10));
        assert_eq!(rows[1].month, "2027-01");
        assert_eq!(rows[1].clocks_met, Count::Exact(5));
        assert_eq!(rows[1].clocks_missed, Count::Exact(0));
    }

    #[test]
    fn the_plan_offer_counts_from_identification_or_else_from_the_hand_off() {
        // Identified Thursday 17 December, so the offer was due Friday 18th; the pick-up on the 22nd is late.
        let early = PlanDays {
            identified: Some(day("2026-12-17")),
            picked_up: Some(day("2026-12-22")),
            first_conversation: Some(day("2026-12-22")),
            first_sent: Some(day("2026-12-22")),
            ..christmas_plan()
        };
        // The third clock is due in January, outside this one-month window.
        let row = this_month(&five(early.clone()), "2026-12-31");
        assert_eq!(row.clocks_missed, Count::Exact(5));
        assert_eq!(row.clocks_met, Count::Exact(5));
        // Not knowing when they were identified, the offer counts from the hand-off and is on time.
        let unknown = PlanDays { identified: None, ..early };
        let row = this_month(&five(unknown), "2026-12-31");
        assert_eq!(row.clocks_missed, Count::Exact(0));
        assert_eq!(row.clocks_met, Count::Exact(10));
    }

    #[test]
    fn plans_not_terminal_or_never_handed_off_have_no_clocks() {
        let mut plans = five(PlanDays { terminal: false, ..christmas_plan() });
        plans.extend(five(PlanDays { handed_off: None, ..christmas_plan() }));
        let row = this_month(&plans, "2026-12-31");
        assert_eq!(row.clocks_met, Count::Exact(0));
        assert_eq!(row.clocks_missed, Count::Exact(0));
    }

    #[test]
    fn months_with_nothing_appear_as_zero_rows_oldest_first_across_the_new_year() {
        let rows = monthly(&[], day("2026-11-24"), &Holidays::scotland(), 12);
        let months: Vec<&str> = rows.iter().map(|r| r.month.as_str()).collect();
        assert_eq!(
            months,
            [
                "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
                "2026-11"
            ]
        );
        for row in &rows {
            assert_eq!(row.started, Count::Exact(0));
            assert_eq!(row.agreed, Count::Exact(0));
            assert_eq!(row.clocks_missed, Count::Exact(0));
            assert_eq!(row.median_working_days_to_agreed, None);
        }
        assert!(monthly(&[], day("2026-11-24"), &Holidays::scotland(), 0).is_empty());
    }

    #[test]
    fn events_outside_the_window_are_ignored() {
        let mut plans = five(PlanDays {
            started: Some(day("2025-11-30")),
            handed_off: Some(day("2026-12-01")),
            picked_up: Some(day("2026-11-30")),
            ..PlanDays::default()
        });
        plans.extend(five(PlanDays { started: Some(day("2025-12-01")), ..PlanDays::default() }));
        let rows = monthly(&plans, day("2026-11-24"), &Holidays::scotland(), 12);
        // Only the five started on the first day of the window count; November 2025 and December 2026 are out.
        let started: u32 = rows.iter().filter_map(|r| r.started.chart_value()).sum();
        let handed_off: u32 = rows.iter().filter_map(|r| r.handed_off.chart_value()).sum();
        assert_eq!(rows[0].started, Count::Exact(5));
        assert_eq!(started, 5);
        assert_eq!(handed_off, 0);
        assert_eq!(rows[11].picked_up, Count::Exact(5));
    }

    #[test]
    fn too_many_months_are_capped() {
        let rows = monthly(&[], day("2026-11-24"), &Holidays::scotland(), u32::MAX);
        assert_eq!(rows.len(), MOST_MONTHS as usize);
    }

    #[test]
    fn the_csv_has_the_header_and_one_lf_line_per_month() {
        let mut plans = five(agreed_plan("2026-11-02", "2026-11-04"));
        plans.push(PlanDays { started: Some(day("2026-11-01")), ..PlanDays::default() });
        let csv = to_csv(&monthly(&plans, day("2026-11-24"), &Holidays::scotland(), 2));
        assert_eq!(
            csv,
            "month,plans started,handed off,picked up,agreed,terminal-illness clocks met,\
             terminal-illness clocks missed,median working days from hand-off to agreed\n\
             2026-10,0,0,0,0,0,0,not enough plans\n\
             2026-11,fewer than 5,5,0,5,0,0,2\n"
        );
        assert!(!csv.contains('\r'));
    }

    #[test]
    fn csv_fields_are_quoted_only_when_they_need_it() {
        assert_eq!(csv_field("fewer than 5"), "fewer than 5");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("carriage\rreturn"), "\"carriage\rreturn\"");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn csv_fields_that_a_spreadsheet_would_run_as_formulas_are_defused() {
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("+44"), "'+44");
        assert_eq!(csv_field("-3"), "'-3");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tx"), "'\tx");
        // Defused first, then quoted, so the apostrophe sits inside the quotes.
        assert_eq!(csv_field("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        assert_eq!(csv_field("a=b"), "a=b");
    }

    #[test]
    fn a_month_reads_as_its_name_and_year() {
        assert_eq!(month_label("2026-11"), "November 2026");
        assert_eq!(month_label("2027-01"), "January 2027");
        assert_eq!(month_label("2026-13"), "2026-13");
        assert_eq!(month_label("November"), "November");
    }
}
