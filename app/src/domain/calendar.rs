//! Calendar days, public holidays and working-day arithmetic.
//!
//! The statutory clocks count working days, so they need dates without the
//! weight of a date-time library: a day is a plain count since 1970-01-01 in
//! the centre's local calendar, and the holidays come from a data file that
//! someone can check against gov.uk line by line.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Seconds in a calendar day (Unix time has no leap seconds).
const SECONDS_PER_DAY: i64 = 86_400;

/// Earliest year `Day::parse` accepts: older dates in a form are typing slips.
const FIRST_YEAR: i32 = 1900;
/// Latest year `Day::parse` accepts, for the same reason.
const LAST_YEAR: i32 = 2200;

/// English month names, January first.
const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// The day's name as a person reads it: "Tuesday".
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A calendar day, counted in days since 1970-01-01 (no time zone: the centre's local date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day(pub i64);

impl Day {
    /// Reads a strict "YYYY-MM-DD" date: a real date in the years 1900 to 2200, else `None`.
    pub fn parse(iso: &str) -> Option<Day> {
        let b = iso.as_bytes();
        // Checking bytes first keeps out signs, spaces and non-ASCII digits
        // that `str::parse` would let through, and makes the slicing safe.
        let shape_ok =
            b.len() == 10 && b[4] == b'-' && b[7] == b'-' && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return None;
        }
        let y: i32 = iso[0..4].parse().ok()?;
        let m: u32 = iso[5..7].parse().ok()?;
        let d: u32 = iso[8..10].parse().ok()?;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&y) {
            return None;
        }
        Day::from_ymd(y, m, d)
    }

    /// The day with this year, month (1–12) and day of the month, or `None` if there is no such date.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Day> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Day(days_from_civil(i64::from(y), m, d)))
    }

    /// The UTC date of a Unix time in seconds.
    pub fn of_timestamp(seconds: i64) -> Day {
        // Euclidean division so a moment before 1970 lands on the day it is in,
        // not the day after.
        Day(seconds.div_euclid(SECONDS_PER_DAY))
    }

    /// The date as "2026-11-24".
    pub fn iso(self) -> String {
        let (y, m, d) = civil_from_days(self.0);
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// The year, month (1–12) and day of the month.
    pub fn ymd(self) -> (i32, u32, u32) {
        let (y, m, d) = civil_from_days(self.0);
        (y as i32, m, d)
    }

    /// The year the day falls in.
    pub fn year(self) -> i32 {
        civil_from_days(self.0).0 as i32
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday, three days after a Monday.
        match (self.0 + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    /// True on a Saturday or a Sunday.
    pub fn is_weekend(self) -> bool {
        matches!(self.weekday(), Weekday::Saturday | Weekday::Sunday)
    }

    /// The date as a person reads it: "Tuesday 24 November 2026".
    pub fn readable(self) -> String {
        let (y, m, d) = civil_from_days(self.0);
        format!("{} {d} {} {y}", self.weekday(), MONTHS[(m - 1) as usize])
    }

    /// The date without its weekday: "24 November 2026".
    pub fn written(self) -> String {
        let (y, m, d) = civil_from_days(self.0);
        format!("{d} {} {y}", MONTHS[(m - 1) as usize])
    }

    /// Reads a date as a person may type one into a date field without a
    /// date picker: "2027-3-5" as well as "2027-03-05", a real date in the
    /// same years as [`Day::parse`], else `None`.
    pub fn read(text: &str) -> Option<Day> {
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else { return None };
        let number = |part: &str| (1..=4).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
        if !(number(y) && number(m) && number(d)) {
            return None;
        }
        let (y, m, d) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
        if !(FIRST_YEAR..=LAST_YEAR).contains(&y) {
            return None;
        }
        Day::from_ymd(y, m, d)
    }

    /// The day `n` days later (earlier when `n` is negative).
    pub fn add_days(self, n: i64) -> Day {
        Day(self.0 + n)
    }

    /// The last Sunday of a month (where UK clocks change).
    fn last_sunday(year: i32, month: u32) -> Day {
        let next = if month == 12 { Day::from_ymd(year + 1, 1, 1) } else { Day::from_ymd(year, month + 1, 1) };
        let mut day = next.unwrap_or(Day(0)).add_days(-1);
        while day.weekday() != Weekday::Sunday {
            day = day.add_days(-1);
        }
        day
    }
}

/// Seconds to add to a Unix time for UK clock time: British Summer Time
/// (one hour) from 01:00 UTC on the last Sunday of March to 01:00 UTC on
/// the last Sunday of October, Greenwich Mean Time otherwise.
pub fn uk_offset(seconds: i64) -> i64 {
    let year = Day::of_timestamp(seconds).year();
    let starts = Day::last_sunday(year, 3).0 * SECONDS_PER_DAY + 3_600;
    let ends = Day::last_sunday(year, 10).0 * SECONDS_PER_DAY + 3_600;
    if (starts..ends).contains(&seconds) { 3_600 } else { 0 }
}

/// A date a plan holds as typed ("2027-03-31"), as people read it ("31
/// March 2027"); anything that is not a real date is shown as it is.
pub fn written_date(text: &str) -> String {
    Day::read(text).map_or_else(|| text.to_owned(), Day::written)
}

/// The UK date of a Unix time: the day the centre and the carer call it.
pub fn uk_day(seconds: i64) -> Day {
    Day::of_timestamp(seconds + uk_offset(seconds))
}

/// A moment as people in the UK read it: "Tuesday 24 November 2026 at 2:05pm".
pub fn uk_moment(seconds: i64) -> String {
    let local = seconds + uk_offset(seconds);
    let minutes = local.rem_euclid(SECONDS_PER_DAY) / 60;
    let (hour, minute) = (minutes / 60, minutes % 60);
    let (twelve, half) = match hour {
        0 => (12, "am"),
        1..=11 => (hour, "am"),
        12 => (12, "pm"),
        _ => (hour - 12, "pm"),
    };
    format!("{} at {twelve}:{minute:02}{half}", Day::of_timestamp(local).readable())
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// True when February has 29 days.
fn is_leap_year(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// How many days month `m` (1–12) of year `y` has.
fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap_year(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
///
/// Howard Hinnant's algorithm: counting years from March puts the leap day
/// last, so each 400-year era is the same length and no table is needed.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400);
    let month_from_march = i64::from((m + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(d) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The (year, month, day) of a count of days since 1970-01-01; the inverse of `days_from_civil`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let d = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let m = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 } as u32;
    let y = year_of_era + era * 400;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Weekdays (Monday to Friday) before `day`, counted from a fixed Monday.
///
/// Only differences between two of these counts mean anything; it lets a
/// span of any length be counted without walking it day by day.
fn weekdays_before(day: Day) -> i64 {
    // 1970-01-05 was a Monday.
    let since_monday = day.0 - 4;
    since_monday.div_euclid(7) * 5 + since_monday.rem_euclid(7).min(5)
}

/// Why a holiday file could not be read. Each message names the entry at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HolidaysError {
    /// The file is not JSON of the expected shape.
    #[error("The holiday file could not be read: {0}")]
    Malformed(String),
    /// The region name is blank.
    #[error("The holiday file does not say which region it is for")]
    NoRegion,
    /// The list of years is empty, so the file would claim to cover nothing.
    #[error("The holiday file does not list any years")]
    NoYears,
    /// A holiday's date is not a real "YYYY-MM-DD" date.
    #[error("The holiday \"{name}\" has the date \"{date}\", which is not a real date in the form YYYY-MM-DD")]
    BadDate {
        /// The date as written in the file.
        date: String,
        /// The holiday's name.
        name: String,
    },
    /// A holiday has no name to show.
    #[error("The holiday on {date} has no name")]
    NoName {
        /// The holiday's date.
        date: String,
    },
    /// A holiday falls in a year the file does not say it covers.
    #[error("The holiday \"{name}\" on {date} is in {year}, which is not one of the years the file lists")]
    YearNotListed {
        /// The holiday's date.
        date: String,
        /// The holiday's name.
        name: String,
        /// The year it falls in.
        year: i32,
    },
    /// Two holidays share a date.
    #[error("{date} is listed twice, as \"{first}\" and as \"{second}\"")]
    Duplicate {
        /// The shared date.
        date: String,
        /// The name of the first entry.
        first: String,
        /// The name of the second entry.
        second: String,
    },
}

/// The holiday file as written, before it is checked.
#[derive(Deserialize)]
struct RawHolidays {
    region: String,
    years: Vec<i32>,
    holidays: Vec<RawHoliday>,
}

/// One entry of the holiday file as written.
#[derive(Deserialize)]
struct RawHoliday {
    date: String,
    name: String,
}

/// Public holidays, read from a data file, and the working-day arithmetic that skips them and weekends.
///
/// Holidays are only known for the years the file lists; in any other year
/// only weekends are skipped, so callers that care should check `covers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holidays {
    region: String,
    years: BTreeSet<i32>,
    days: BTreeMap<Day, String>,
}

impl Holidays {
    /// Reads and checks a holiday file: `{ "region", "years": [..], "holidays": [{ "date", "name" }] }`.
    pub fn parse(json: &str) -> Result<Holidays, HolidaysError> {
        let raw: RawHolidays = serde_json::from_str(json).map_err(|e| HolidaysError::Malformed(e.to_string()))?;
        let region = raw.region.trim().to_string();
        if region.is_empty() {
            return Err(HolidaysError::NoRegion);
        }
        let years: BTreeSet<i32> = raw.years.into_iter().collect();
        if years.is_empty() {
            return Err(HolidaysError::NoYears);
        }
        let mut days: BTreeMap<Day, String> = BTreeMap::new();
        for entry in raw.holidays {
            let name = entry.name.trim().to_string();
            let Some(day) = Day::parse(&entry.date) else {
                return Err(HolidaysError::BadDate { date: entry.date, name });
            };
            if name.is_empty() {
                return Err(HolidaysError::NoName { date: day.iso() });
            }
            if !years.contains(&day.year()) {
                return Err(HolidaysError::YearNotListed { date: day.iso(), name, year: day.year() });
            }
            if let Some(first) = days.get(&day) {
                return Err(HolidaysError::Duplicate { date: day.iso(), first: first.clone(), second: name });
            }
            days.insert(day, name);
        }
        Ok(Holidays { region, years, days })
    }

    /// Scotland's bank holidays as published on gov.uk, shipped with the app.
    #[expect(clippy::expect_used, reason = "the file is part of the build, and a test parses it")]
    pub fn scotland() -> Holidays {
        Holidays::parse(include_str!("../framework/holidays-scotland.json"))
            .expect("the shipped Scottish holiday file is checked by the tests")
    }

    /// The region the holidays are for, e.g. "Scotland".
    pub fn region(&self) -> &str {
        &self.region
    }

    /// True when the file lists this year, so its holidays are known.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The years the file lists, earliest first.
    pub fn years(&self) -> Vec<i32> {
        self.years.iter().copied().collect()
    }

    /// The name of the public holiday on this day, if it is one.
    pub fn holiday(&self, day: Day) -> Option<&str> {
        self.days.get(&day).map(String::as_str)
    }

    /// True unless the day is a Saturday, a Sunday or a listed holiday.
    pub fn is_working_day(&self, day: Day) -> bool {
        !day.is_weekend() && !self.days.contains_key(&day)
    }

    /// The n-th working day counting from `start` itself (n >= 1; "within 2 working days beginning with the day..."):
    /// if start is a working day it is day 1; a Saturday/holiday start begins counting at the next working day.
    /// n = 0 is treated as 1.
    pub fn nth_working_day_from(&self, start: Day, n: u32) -> Day {
        let mut day = start;
        // Terminates: at most a handful of holidays sit between weekends.
        while !self.is_working_day(day) {
            day = day.add_days(1);
        }
        // The first working day is day 1, so n = 0 stops here as n = 1 does.
        let mut counted = 1;
        while counted < n {
            day = day.add_days(1);
            if self.is_working_day(day) {
                counted += 1;
            }
        }
        day
    }

    /// `day` itself when it is a working day, otherwise the next working day
    /// after it: where a default date a person has to act on is moved, so it
    /// never falls on a weekend or a public holiday.
    pub fn working_day_on_or_after(&self, day: Day) -> Day {
        self.nth_working_day_from(day, 1)
    }

    /// Working days after `from` up to and including `to` (0 when equal); negative (the same count, negated) when `to` is before `from`.
    pub fn working_days_between(&self, from: Day, to: Day) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        if to == from {
            return 0;
        }
        let weekdays = weekdays_before(to.add_days(1)) - weekdays_before(from.add_days(1));
        // A holiday listed on a weekend is already out of the weekday count.
        let holidays = self.days.range(from.add_days(1)..=to).filter(|(day, _)| !day.is_weekend()).count() as i64;
        weekdays - holidays
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(iso: &str) -> Day {
        Day::parse(iso).unwrap_or_else(|| panic!("{iso} should be a date"))
    }

    fn file(years: &str, holidays: &str) -> String {
        format!(r#"{{ "region": "Testshire", "years": {years}, "holidays": [{holidays}] }}"#)
    }

    // --- Day ---

    #[test]
    fn the_first_of_january_1970_is_day_zero() {
        assert_eq!(Day::parse("1970-01-01"), Some(Day(0)));
        assert_eq!(Day::parse("1969-12-31"), Some(Day(-1)));
        assert_eq!(Day::parse("2026-11-24"), Some(Day(20_781)));
    }

    #[test]
    fn a_day_round_trips_through_its_iso_form() {
        for iso in ["1900-01-01", "1969-12-31", "1970-01-01", "2000-02-29", "2026-11-24", "2027-12-31", "2028-02-29", "2200-12-31"] {
            assert_eq!(day(iso).iso(), iso);
            assert_eq!(day(iso).to_string(), iso);
        }
    }

    #[test]
    fn every_day_from_1900_to_2200_round_trips_and_follows_the_one_before() {
        let first = day("1900-01-01");
        let last = day("2200-12-31");
        let mut previous = first.add_days(-1);
        for n in first.0..=last.0 {
            let d = Day(n);
            assert_eq!(Day::parse(&d.iso()), Some(d));
            assert_eq!(d.0, previous.0 + 1);
            previous = d;
        }
    }

    #[test]
    fn from_ymd_builds_the_same_day_as_parse() {
        assert_eq!(Day::from_ymd(2026, 11, 24), Some(day("2026-11-24")));
        assert_eq!(Day::from_ymd(2026, 4, 31), None);
        assert_eq!(Day::from_ymd(2026, 13, 1), None);
        assert_eq!(Day::from_ymd(2026, 0, 1), None);
        assert_eq!(Day::from_ymd(2026, 1, 0), None);
    }

    #[test]
    fn leap_day_exists_in_2028_but_not_in_2027() {
        assert_eq!(day("2028-02-29").readable(), "Tuesday 29 February 2028");
        assert_eq!(Day::parse("2027-02-29"), None);
        assert_eq!(day("2028-02-28").add_days(1), day("2028-02-29"));
        assert_eq!(day("2027-02-28").add_days(1), day("2027-03-01"));
    }

    #[test]
    fn century_years_are_leap_years_only_when_divisible_by_400() {
        assert_eq!(Day::parse("1900-02-29"), None);
        assert!(Day::parse("2000-02-29").is_some());
        assert_eq!(Day::parse("2100-02-29"), None);
    }

    #[test]
    fn parse_accepts_only_a_strict_real_date_between_1900_and_2200() {
        for bad in [
            "",
            "2026-1-05",
            "2026-01-5",
            "26-01-05",
            "2026/01/05",
            " 2026-01-05",
            "2026-01-05 ",
            "2026-01-05T00:00",
            "+026-01-05",
            "2026-+1-05",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-04-31",
            "2026-02-29",
            "1899-12-31",
            "2201-01-01",
            "２０２６-01-05",
            "2026-01-0٥",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad:?} should be rejected");
        }
        assert!(Day::parse("1900-01-01").is_some());
        assert!(Day::parse("2200-12-31").is_some());
    }

    #[test]
    fn of_timestamp_gives_the_utc_date() {
        assert_eq!(Day::of_timestamp(0), day("1970-01-01"));
        assert_eq!(Day::of_timestamp(-1), day("1969-12-31"));
        assert_eq!(Day::of_timestamp(1_795_478_399), day("2026-11-23"));
        assert_eq!(Day::of_timestamp(1_795_478_400), day("2026-11-24"));
        assert_eq!(Day::of_timestamp(1_795_564_799), day("2026-11-24"));
    }

    #[test]
    fn weekdays_of_known_dates_are_right() {
        assert_eq!(day("2026-11-24").weekday(), Weekday::Tuesday);
        assert_eq!(day("1970-01-01").weekday(), Weekday::Thursday);
        assert_eq!(day("1969-12-29").weekday(), Weekday::Monday);
        assert_eq!(day("2000-01-01").weekday(), Weekday::Saturday);
        assert_eq!(day("1900-01-01").weekday(), Weekday::Monday);
        assert_eq!(day("2200-12-31").weekday(), Weekday::Wednesday);
        assert_eq!(day("2027-12-26").weekday(), Weekday::Sunday);
        assert_eq!(day("2026-04-03").weekday(), Weekday::Friday);
    }

    #[test]
    fn saturdays_and_sundays_are_the_weekend() {
        assert!(day("2026-11-28").is_weekend());
        assert!(day("2026-11-29").is_weekend());
        assert!(!day("2026-11-27").is_weekend());
        assert!(!day("2026-11-30").is_weekend());
    }

    #[test]
    fn the_year_of_a_day_changes_at_midnight_on_new_years_eve() {
        assert_eq!(day("2026-12-31").year(), 2026);
        assert_eq!(day("2026-12-31").add_days(1), day("2027-01-01"));
        assert_eq!(day("2027-01-01").year(), 2027);
        assert_eq!(day("1969-12-31").year(), 1969);
    }

    #[test]
    fn uk_times_follow_british_summer_time() {
        let at = |iso: &str, secs: i64| day(iso).0 * SECONDS_PER_DAY + secs;
        // 2026: BST from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(uk_moment(at("2026-11-24", 14 * 3_600 + 5 * 60)), "Tuesday 24 November 2026 at 2:05pm");
        assert_eq!(uk_moment(at("2026-07-01", 23 * 3_600 + 30 * 60)), "Thursday 2 July 2026 at 12:30am");
        assert_eq!(uk_offset(at("2026-03-29", 3_600 - 1)), 0);
        assert_eq!(uk_offset(at("2026-03-29", 3_600)), 3_600);
        assert_eq!(uk_offset(at("2026-10-25", 3_600 - 1)), 3_600);
        assert_eq!(uk_offset(at("2026-10-25", 3_600)), 0);
        assert_eq!(uk_day(at("2026-06-30", 23 * 3_600 + 1)), day("2026-07-01"), "past midnight in summer is tomorrow");
        assert_eq!(uk_moment(at("2026-01-05", 0)), "Monday 5 January 2026 at 12:00am");
    }

    #[test]
    fn readable_dates_spell_out_the_weekday_and_month() {
        assert_eq!(day("2026-11-24").readable(), "Tuesday 24 November 2026");
        assert_eq!(day("2027-01-01").readable(), "Friday 1 January 2027");
        assert_eq!(day("2026-05-31").readable(), "Sunday 31 May 2026");
    }

    #[test]
    fn a_date_a_plan_holds_reads_without_its_weekday_and_anything_else_as_it_is() {
        assert_eq!(written_date("2027-03-31"), "31 March 2027");
        assert_eq!(written_date("2027-3-5"), "5 March 2027", "as typed without a date picker");
        assert_eq!(written_date("nonsense"), "nonsense");
        assert_eq!(written_date("2027-02-30"), "2027-02-30", "no such day");
    }

    #[test]
    fn a_typed_date_must_be_a_real_one_within_the_years_a_plan_covers() {
        assert_eq!(Day::read("2027-3-5"), Day::parse("2027-03-05"));
        assert_eq!(Day::read("2028-02-29"), Day::parse("2028-02-29"));
        for refused in ["2027-02-29", "2027-13-01", "1899-12-31", "2201-01-01", "+2027-03-05", "2027-03-05-01", "2027-03", "", "2027--05"] {
            assert_eq!(Day::read(refused), None, "{refused}");
        }
    }

    // --- Holidays: the shipped file ---

    #[test]
    fn the_shipped_file_covers_2026_and_2027_with_nine_holidays_each() {
        let h = Holidays::scotland();
        assert_eq!(h.region(), "Scotland");
        assert_eq!(h.years(), vec![2026, 2027]);
        assert!(h.covers(2026) && h.covers(2027));
        assert!(!h.covers(2025) && !h.covers(2028));
        for year in [2026, 2027] {
            let count = h.days.keys().filter(|d| d.year() == year).count();
            assert_eq!(count, 9, "{year}");
        }
    }

    #[test]
    fn the_shipped_file_lists_each_scottish_bank_holiday_on_its_published_date() {
        let h = Holidays::scotland();
        let expected = [
            ("2026-01-01", Weekday::Thursday, "New Year's Day"),
            ("2026-01-02", Weekday::Friday, "2nd January"),
            ("2026-04-03", Weekday::Friday, "Good Friday"),
            ("2026-05-04", Weekday::Monday, "Early May bank holiday"),
            ("2026-05-25", Weekday::Monday, "Spring bank holiday"),
            ("2026-08-03", Weekday::Monday, "Summer bank holiday"),
            ("2026-11-30", Weekday::Monday, "St Andrew's Day"),
            ("2026-12-25", Weekday::Friday, "Christmas Day"),
            ("2026-12-28", Weekday::Monday, "Boxing Day (substitute day)"),
            ("2027-01-01", Weekday::Friday, "New Year's Day"),
            ("2027-01-04", Weekday::Monday, "2nd January (substitute day)"),
            ("2027-03-26", Weekday::Friday, "Good Friday"),
            ("2027-05-03", Weekday::Monday, "Early May bank holiday"),
            ("2027-05-31", Weekday::Monday, "Spring bank holiday"),
            ("2027-08-02", Weekday::Monday, "Summer bank holiday"),
            ("2027-11-30", Weekday::Tuesday, "St Andrew's Day"),
            ("2027-12-27", Weekday::Monday, "Christmas Day (substitute day)"),
            ("2027-12-28", Weekday::Tuesday, "Boxing Day (substitute day)"),
        ];
        let listed: Vec<(String, Weekday, &str)> = h.days.iter().map(|(d, name)| (d.iso(), d.weekday(), name.as_str())).collect();
        let expected: Vec<(String, Weekday, &str)> = expected.iter().map(|(iso, wd, name)| (iso.to_string(), *wd, *name)).collect();
        assert_eq!(listed, expected);
    }

    #[test]
    fn every_shipped_holiday_falls_on_a_weekday() {
        let h = Holidays::scotland();
        for d in h.days.keys() {
            assert!(!d.is_weekend(), "{} is a weekend", d.readable());
        }
    }

    // --- Holidays: working days ---

    #[test]
    fn weekends_are_not_working_days() {
        let h = Holidays::scotland();
        assert!(!h.is_working_day(day("2026-11-28")));
        assert!(!h.is_working_day(day("2026-11-29")));
        assert!(h.is_working_day(day("2026-11-27")));
        assert!(h.is_working_day(day("2026-11-24")));
    }

    #[test]
    fn listed_holidays_are_not_working_days() {
        let h = Holidays::scotland();
        assert_eq!(h.holiday(day("2026-11-30")), Some("St Andrew's Day"));
        assert!(!h.is_working_day(day("2026-11-30")));
        assert_eq!(h.holiday(day("2026-04-03")), Some("Good Friday"));
        assert!(!h.is_working_day(day("2026-04-03")));
        assert_eq!(h.holiday(day("2026-11-24")), None);
    }

    #[test]
    fn easter_monday_and_the_last_monday_in_august_are_working_days_in_scotland() {
        let h = Holidays::scotland();
        assert!(h.is_working_day(day("2026-04-06")));
        assert!(h.is_working_day(day("2027-03-29")));
        assert!(h.is_working_day(day("2026-08-31")));
    }

    #[test]
    fn substitute_days_replace_holidays_that_fall_at_the_weekend() {
        let h = Holidays::scotland();
        // Boxing Day 2026 is a Saturday.
        assert_eq!(h.holiday(day("2026-12-26")), None);
        assert!(!h.is_working_day(day("2026-12-28")));
        // 2 January 2027 is a Saturday.
        assert!(!h.is_working_day(day("2027-01-04")));
        assert!(h.is_working_day(day("2027-01-05")));
        // Christmas and Boxing Day 2027 are a Saturday and a Sunday.
        assert!(!h.is_working_day(day("2027-12-27")));
        assert!(!h.is_working_day(day("2027-12-28")));
        assert!(h.is_working_day(day("2027-12-29")));
    }

    #[test]
    fn a_year_the_file_does_not_cover_skips_only_weekends() {
        let h = Holidays::scotland();
        // The real substitute for New Year's Day 2028, unknown to the file.
        assert!(h.is_working_day(day("2028-01-03")));
        assert!(!h.is_working_day(day("2028-01-01")));
    }

    #[test]
    fn a_working_start_day_is_the_first_working_day() {
        let h = Holidays::scotland();
        assert_eq!(h.nth_working_day_from(day("2026-11-24"), 1), day("2026-11-24"));
        assert_eq!(h.nth_working_day_from(day("2026-11-24"), 2), day("2026-11-25"));
    }

    #[test]
    fn zero_working_days_counts_as_one() {
        let h = Holidays::scotland();
        assert_eq!(h.nth_working_day_from(day("2026-11-24"), 0), day("2026-11-24"));
        assert_eq!(h.nth_working_day_from(day("2026-11-28"), 0), day("2026-12-01"));
    }

    #[test]
    fn a_count_starting_on_a_saturday_begins_on_monday() {
        let h = Holidays::scotland();
        assert_eq!(h.nth_working_day_from(day("2026-12-05"), 1), day("2026-12-07"));
        assert_eq!(h.nth_working_day_from(day("2026-12-05"), 5), day("2026-12-11"));
    }

    #[test]
    fn a_count_starting_on_good_friday_begins_on_easter_monday() {
        let h = Holidays::scotland();
        assert_eq!(h.nth_working_day_from(day("2026-04-03"), 1), day("2026-04-06"));
        assert_eq!(h.nth_working_day_from(day("2026-04-03"), 2), day("2026-04-07"));
    }

    #[test]
    fn a_count_skips_st_andrews_day_after_a_weekend() {
        let h = Holidays::scotland();
        // Fri 27 Nov 2026 is day 1; Sat, Sun and Mon 30 Nov are skipped.
        assert_eq!(h.nth_working_day_from(day("2026-11-27"), 2), day("2026-12-01"));
    }

    #[test]
    fn a_count_runs_from_late_december_2026_into_january_2027() {
        let h = Holidays::scotland();
        let start = day("2026-12-23");
        // 23, 24, 29, 30, 31 December.
        assert_eq!(h.nth_working_day_from(start, 5), day("2026-12-31"));
        // Then 1 January, the weekend and the substitute day on 4 January
        // are skipped: 5, 6, 7, 8 and 11 January.
        assert_eq!(h.nth_working_day_from(start, 6), day("2027-01-05"));
        assert_eq!(h.nth_working_day_from(start, 10), day("2027-01-11"));
        assert_eq!(day("2027-01-11").weekday(), Weekday::Monday);
    }

    #[test]
    fn a_count_over_christmas_2027_skips_both_substitute_days() {
        let h = Holidays::scotland();
        assert_eq!(h.nth_working_day_from(day("2027-12-24"), 2), day("2027-12-29"));
        assert_eq!(h.nth_working_day_from(day("2027-12-25"), 1), day("2027-12-29"));
    }

    #[test]
    fn a_default_date_moves_off_weekends_and_holidays_to_the_next_working_day() {
        let h = Holidays::scotland();
        let cases = [
            // (the date, where a default on it lands)
            ("2027-12-03", "2027-12-03"), // a Friday stays
            ("2027-12-04", "2027-12-06"), // Saturday to Monday
            ("2027-12-05", "2027-12-06"), // Sunday to Monday
            ("2026-11-30", "2026-12-01"), // St Andrew's Day to Tuesday
            ("2027-12-25", "2027-12-29"), // Christmas 2027 and both substitute days
            ("2027-01-02", "2027-01-05"), // a Saturday, then the substitute day for it
            ("2026-04-03", "2026-04-06"), // Good Friday to Easter Monday, a working day in Scotland
        ];
        for (date, lands) in cases {
            assert_eq!(h.working_day_on_or_after(day(date)), day(lands), "{date}");
        }
    }

    #[test]
    fn working_days_between_a_day_and_itself_is_zero() {
        let h = Holidays::scotland();
        assert_eq!(h.working_days_between(day("2026-11-24"), day("2026-11-24")), 0);
        assert_eq!(h.working_days_between(day("2026-11-28"), day("2026-11-28")), 0);
    }

    #[test]
    fn working_days_between_counts_after_the_first_day_up_to_and_including_the_last() {
        let h = Holidays::scotland();
        // Monday to Friday of one week.
        assert_eq!(h.working_days_between(day("2026-11-23"), day("2026-11-27")), 4);
        // Friday to Monday, over a weekend.
        assert_eq!(h.working_days_between(day("2026-12-04"), day("2026-12-07")), 1);
        // Friday to Sunday: the weekend adds nothing.
        assert_eq!(h.working_days_between(day("2026-12-04"), day("2026-12-06")), 0);
        // Thursday 24 December to Tuesday 29 December 2026: only the 29th.
        assert_eq!(h.working_days_between(day("2026-12-24"), day("2026-12-29")), 1);
    }

    #[test]
    fn working_days_between_is_negative_when_the_end_is_before_the_start() {
        let h = Holidays::scotland();
        assert_eq!(h.working_days_between(day("2026-11-27"), day("2026-11-23")), -4);
        assert_eq!(h.working_days_between(day("2026-12-29"), day("2026-12-24")), -1);
    }

    #[test]
    fn working_days_between_agrees_with_walking_the_calendar_day_by_day() {
        let h = Holidays::scotland();
        let walk = |from: Day, to: Day| -> i64 {
            let (lo, hi, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
            let mut n = 0;
            let mut d = lo;
            while d < hi {
                d = d.add_days(1);
                if h.is_working_day(d) {
                    n += 1;
                }
            }
            sign * n
        };
        let first = day("2025-12-20");
        for i in 0..760 {
            let from = first.add_days(i);
            for span in [-40, -9, -3, -1, 0, 1, 2, 3, 6, 7, 8, 13, 45] {
                let to = from.add_days(span);
                assert_eq!(h.working_days_between(from, to), walk(from, to), "{from} to {to}");
            }
        }
    }

    #[test]
    fn working_days_between_ignores_a_holiday_listed_on_a_weekend() {
        let h = Holidays::parse(&file("[2026]", r#"{ "date": "2026-12-26", "name": "Boxing Day" }"#)).unwrap();
        assert_eq!(h.working_days_between(day("2026-12-25"), day("2026-12-28")), 1);
    }

    #[test]
    fn nth_working_day_and_working_days_between_agree() {
        let h = Holidays::scotland();
        let first = day("2026-01-01");
        for i in 0..730 {
            let start = first.add_days(i);
            for n in 1..=12 {
                let end = h.nth_working_day_from(start, n);
                assert!(h.is_working_day(end));
                let counted = h.working_days_between(start, end) + i64::from(h.is_working_day(start));
                assert_eq!(counted, i64::from(n), "{start}, n = {n}");
            }
        }
    }

    // --- Holidays: reading a file ---

    #[test]
    fn a_well_formed_file_is_read() {
        let h = Holidays::parse(&file(
            "[2030, 2031]",
            r#"{ "date": "2030-01-01", "name": "New Year's Day" },
               { "date": "2031-01-01", "name": "New Year's Day" }"#,
        ))
        .unwrap();
        assert_eq!(h.region(), "Testshire");
        assert_eq!(h.years(), vec![2030, 2031]);
        assert_eq!(h.holiday(day("2031-01-01")), Some("New Year's Day"));
    }

    #[test]
    fn a_file_with_no_holidays_is_read() {
        let h = Holidays::parse(&file("[2030]", "")).unwrap();
        assert!(h.covers(2030));
        assert!(h.is_working_day(day("2030-01-01")));
    }

    #[test]
    fn parse_rejects_a_date_that_is_not_real() {
        let err = Holidays::parse(&file("[2026]", r#"{ "date": "2026-02-30", "name": "Made-up Day" }"#)).unwrap_err();
        assert_eq!(err, HolidaysError::BadDate { date: "2026-02-30".into(), name: "Made-up Day".into() });
        let message = err.to_string();
        assert!(message.contains("2026-02-30") && message.contains("Made-up Day"), "{message}");
    }

    #[test]
    fn parse_rejects_a_date_in_the_wrong_form() {
        let err = Holidays::parse(&file("[2026]", r#"{ "date": "25/12/2026", "name": "Christmas Day" }"#)).unwrap_err();
        assert!(matches!(err, HolidaysError::BadDate { ref date, .. } if date == "25/12/2026"));
    }

    #[test]
    fn parse_rejects_a_holiday_in_a_year_the_file_does_not_list() {
        let err = Holidays::parse(&file(
            "[2026]",
            r#"{ "date": "2026-12-25", "name": "Christmas Day" },
               { "date": "2027-01-01", "name": "New Year's Day" }"#,
        ))
        .unwrap_err();
        assert_eq!(err, HolidaysError::YearNotListed { date: "2027-01-01".into(), name: "New Year's Day".into(), year: 2027 });
        let message = err.to_string();
        assert!(message.contains("2027-01-01") && message.contains("New Year's Day"), "{message}");
    }

    #[test]
    fn parse_rejects_a_date_listed_twice() {
        let err = Holidays::parse(&file(
            "[2026]",
            r#"{ "date": "2026-12-25", "name": "Christmas Day" },
               { "date": "2026-12-25", "name": "Christmas again" }"#,
        ))
        .unwrap_err();
        assert_eq!(
            err,
            HolidaysError::Duplicate { date: "2026-12-25".into(), first: "Christmas Day".into(), second: "Christmas again".into() }
        );
        assert!(err.to_string().contains("2026-12-25"));
    }

    #[test]
    fn parse_rejects_an_empty_list_of_years() {
        assert_eq!(Holidays::parse(&file("[]", "")), Err(HolidaysError::NoYears));
    }

    #[test]
    fn parse_rejects_a_holiday_without_a_name() {
        let err = Holidays::parse(&file("[2026]", r#"{ "date": "2026-12-25", "name": " " }"#)).unwrap_err();
        assert_eq!(err, HolidaysError::NoName { date: "2026-12-25".into() });
    }

    #[test]
    fn parse_rejects_a_file_without_a_region() {
        let json = r#"{ "region": "", "years": [2026], "holidays": [] }"#;
        assert_eq!(Holidays::parse(json), Err(HolidaysError::NoRegion));
    }

    #[test]
    fn parse_rejects_text_that_is_not_a_holiday_file() {
        for bad in [
            "",
            "not json",
            r#"{ "region": "Scotland", "years": [2026] }"#,
            r#"{ "region": "Scotland", "years": "2026", "holidays": [] }"#,
            r#"{ "region": "Scotland", "years": [2026], "holidays": [{ "date": "2026-12-25" }] }"#,
        ] {
            assert!(matches!(Holidays::parse(bad), Err(HolidaysError::Malformed(_))), "{bad:?} should be rejected");
        }
    }
}
