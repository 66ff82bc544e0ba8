//! Working days: a service standard ("5 hari kerja") counts Monday to Friday, public holidays
//! and cuti bersama excluded. The holidays come from the city's calendar (loaded at set-up
//! from the SKB 3 Menteri list and editable by the city); a year the calendar does not know is
//! reported, never silently taken as a year without holidays.

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// The days off of the years a calendar knows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
    years: BTreeSet<i32>,
}

/// The result of counting: the date, and whether every year it crossed was known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub date: NaiveDate,
    /// False when the count crossed a year without a holiday list: the date may be too early.
    pub certain: bool,
}

impl Calendar {
    /// A calendar of `holidays`, knowing the years in `years` (a year may have none listed).
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>, years: impl IntoIterator<Item = i32>) -> Calendar {
        let holidays: BTreeSet<NaiveDate> = holidays.into_iter().collect();
        let mut years: BTreeSet<i32> = years.into_iter().collect();
        years.extend(holidays.iter().map(|d| d.year()));
        Calendar { holidays, years }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&day)
    }

    /// The day `n` working days after `start` (the day of submission does not count): a request
    /// made on Friday with 1 service day is due on Monday, or later if Monday is a holiday.
    /// With `n` = 0 the due date is the first working day from `start` on.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Due {
        let mut day = start;
        let mut certain = self.years.contains(&day.year());
        if n == 0 {
            while !self.is_working_day(day) {
                day = day.succ_opt().unwrap_or(day);
                certain &= self.years.contains(&day.year());
            }
            return Due { date: day, certain };
        }
        let mut left = n;
        while left > 0 {
            let Some(next) = day.succ_opt() else { break };
            day = next;
            certain &= self.years.contains(&day.year());
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        Due { date: day, certain }
    }

    /// Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is not later.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut n = 0;
        let mut day = from;
        while day < to {
            let Some(next) = day.succ_opt() else { break };
            day = next;
            if self.is_working_day(day) {
                n += 1;
            }
        }
        n
    }
}

const HARI: [&str; 7] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
/// Month names, January first.
pub const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// "Senin, 30 November 2026".
pub fn long_date(day: NaiveDate) -> String {
    format!(
        "{}, {} {} {}",
        HARI[day.weekday().num_days_from_monday() as usize],
        day.day(),
        MONTHS[day.month0() as usize],
        day.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn calendar_2026() -> Calendar {
        Calendar::new([d("2026-12-24"), d("2026-12-25"), d("2026-08-17")], [2026])
    }

    #[test]
    fn weekends_do_not_count() {
        let c = calendar_2026();
        // Friday 27 November 2026 + 1 working day = Monday 30 November.
        assert_eq!(c.add_working_days(d("2026-11-27"), 1).date, d("2026-11-30"));
        // Saturday + 1 = Monday as well.
        assert_eq!(c.add_working_days(d("2026-11-28"), 1).date, d("2026-11-30"));
        // Monday + 5 = next Monday.
        assert_eq!(c.add_working_days(d("2026-11-30"), 5).date, d("2026-12-07"));
    }

    #[test]
    fn holidays_do_not_count() {
        let c = calendar_2026();
        // Wednesday 23 December + 1: Thursday 24 (cuti bersama) and Friday 25 (Natal) are off.
        assert_eq!(c.add_working_days(d("2026-12-23"), 1).date, d("2026-12-28"));
        // Friday 14 August + 1: Monday 17 August is off.
        assert_eq!(c.add_working_days(d("2026-08-14"), 1).date, d("2026-08-18"));
        assert!(!c.is_working_day(d("2026-12-25")));
        assert!(c.is_working_day(d("2026-12-23")));
    }

    #[test]
    fn zero_days_is_the_first_working_day() {
        let c = calendar_2026();
        assert_eq!(c.add_working_days(d("2026-11-25"), 0).date, d("2026-11-25"));
        assert_eq!(c.add_working_days(d("2026-11-28"), 0).date, d("2026-11-30"));
    }

    #[test]
    fn an_unknown_year_makes_the_date_uncertain() {
        let c = calendar_2026();
        assert!(c.add_working_days(d("2026-11-27"), 5).certain);
        let across = c.add_working_days(d("2026-12-30"), 5);
        assert_eq!(across.date, d("2027-01-06"));
        assert!(!across.certain);
    }

    #[test]
    fn working_days_between_counts_like_adding() {
        let c = calendar_2026();
        for (start, n) in [("2026-11-27", 1), ("2026-12-23", 3), ("2026-08-14", 7), ("2026-11-30", 0)] {
            let due = c.add_working_days(d(start), n).date;
            assert_eq!(c.working_days_between(d(start), due), n, "{start} + {n}");
        }
    }

    #[test]
    fn long_dates_are_indonesian() {
        assert_eq!(long_date(d("2026-11-30")), "Senin, 30 November 2026");
        assert_eq!(long_date(d("2027-01-03")), "Minggu, 3 Januari 2027");
    }
}
