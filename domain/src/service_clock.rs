//! A request's service clock (issue 16): a letter type's service standard ("5 hari kerja")
//! counts the working days the office has the request, from the day after it was sent to the
//! day it was finished (signed, rejected, cancelled). Days it spent back with the resident
//! (returned, until they send it again) do not count: the clock stops, and runs again when it
//! comes back.

use crate::status::RequestStatus;
use crate::workdays::{Calendar, Due};
use chrono::NaiveDate;

/// From `on` the request was in `status` (its history, oldest first; the first step is its
/// submission).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub on: NaiveDate,
    pub status: RequestStatus,
}

/// Where a request stands against its service standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// Working days the office has had it (until it finished, or until today).
    pub used: u32,
    /// The service standard in working days.
    pub standard: u32,
    /// While the office has it: the day it is due (today when the standard is used up; a day
    /// already passed cannot be due, see `late`). None while it waits for the resident or once
    /// it finished.
    pub due: Option<Due>,
    /// Waiting for the resident: the clock is stopped.
    pub paused: bool,
    /// Finished (or still open) after more working days than the standard.
    pub late: bool,
    /// No longer counting: signed, rejected, cancelled, revoked.
    pub finished: bool,
}

impl Clock {
    /// Working days left of the standard; negative when late.
    pub fn left(&self) -> i64 {
        i64::from(self.standard) - i64::from(self.used)
    }
}

/// The clock of a request with `history` under a standard of `standard` working days, today.
pub fn clock(calendar: &Calendar, standard: u32, history: &[Step], today: NaiveDate) -> Clock {
    let mut used = 0;
    let mut last = None;
    for (i, step) in history.iter().enumerate() {
        let end = history.get(i + 1).map_or(today, |next| next.on);
        if runs(step.status) {
            used += calendar.working_days_between(step.on, end);
        }
        last = Some(step.status);
    }
    let finished = last.is_some_and(RequestStatus::is_final);
    let paused = last == Some(RequestStatus::Dikembalikan);
    let late = used > standard;
    let due = match last {
        Some(s) if runs(s) => Some(calendar.add_working_days(today, standard.saturating_sub(used))),
        _ => None,
    };
    Clock { used, standard, due, paused, late, finished }
}

/// The first day a request with `history` is late (its clock's `late` holds from that day on,
/// for as long as the office has it), or None while it waits for the resident or once it
/// finished. Unlike the clock it does not depend on today, so it can be stored with the request
/// and filtered and sorted on: "late" is `late_from <= today`.
pub fn late_from(calendar: &Calendar, standard: u32, history: &[Step]) -> Option<NaiveDate> {
    let (last, before) = history.split_last()?;
    if !runs(last.status) {
        return None;
    }
    let mut used = 0;
    for (i, step) in before.iter().enumerate() {
        if runs(step.status) {
            used += calendar.working_days_between(step.on, history[i + 1].on);
        }
    }
    if used > standard {
        return Some(last.on);
    }
    // Late on the working day that uses one more than the standard's days left.
    Some(calendar.add_working_days(last.on, standard - used + 1).date)
}

/// Whether the office's clock runs in this status.
fn runs(status: RequestStatus) -> bool {
    !status.is_final() && status != RequestStatus::Dikembalikan
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestStatus as S;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn step(on: &str, status: RequestStatus) -> Step {
        Step { on: day(on), status }
    }
    /// 2026 with Christmas as its one holiday.
    fn calendar() -> Calendar {
        Calendar::new([day("2026-12-25")], [2026, 2027])
    }

    #[test]
    fn five_working_days_from_a_monday_are_due_the_next_monday_and_late_after() {
        let sent = [step("2026-11-23", S::Diajukan)];
        let on_time = clock(&calendar(), 5, &sent, day("2026-11-30"));
        assert_eq!((on_time.used, on_time.late, on_time.left()), (5, false, 0));
        assert_eq!(on_time.due.unwrap().date, day("2026-11-30"), "due today");
        let a_day_later = clock(&calendar(), 5, &sent, day("2026-12-01"));
        assert_eq!((a_day_later.used, a_day_later.late, a_day_later.left()), (6, true, -1));
        // The weekend does not count.
        assert_eq!(clock(&calendar(), 5, &sent, day("2026-11-29")).used, 4);
    }

    #[test]
    fn days_back_with_the_resident_do_not_count() {
        let history = [
            step("2026-11-23", S::Diajukan),
            step("2026-11-25", S::Dikembalikan),
            step("2026-11-30", S::Diajukan),
            step("2026-12-01", S::Diverifikasi),
        ];
        let c = clock(&calendar(), 5, &history, day("2026-12-01"));
        // Tuesday and Wednesday, then Tuesday again.
        assert_eq!((c.used, c.paused, c.late), (3, false, false));
        assert_eq!(c.due.unwrap().date, day("2026-12-03"));
        // While it is with the resident, the clock stands still and nothing is due.
        let waiting = clock(&calendar(), 5, &history[..2], day("2026-12-10"));
        assert_eq!((waiting.used, waiting.paused, waiting.due), (2, true, None));
    }

    #[test]
    fn a_finished_request_keeps_the_days_it_took() {
        let history = [step("2026-12-21", S::Diajukan), step("2026-12-28", S::Ditandatangani)];
        // 22, 23, 24, (25 is Christmas), 28: four working days, whenever one looks.
        let c = clock(&calendar(), 3, &history, day("2027-02-01"));
        assert_eq!((c.used, c.finished, c.late, c.due), (4, true, true, None));
        let within = clock(&calendar(), 5, &history, day("2027-02-01"));
        assert!(!within.late);
    }

    #[test]
    fn the_due_date_skips_weekends_and_holidays() {
        let c = clock(&calendar(), 5, &[step("2026-12-21", S::Diajukan)], day("2026-12-22"));
        // One used (Tuesday); four left from Tuesday: 23, 24, 28, 29 (25 Christmas, 26–27 weekend).
        assert_eq!(c.due.unwrap().date, day("2026-12-29"));
    }

    #[test]
    fn late_from_is_the_first_day_the_clock_says_late() {
        let histories: [&[Step]; 4] = [
            &[step("2026-11-23", S::Diajukan)],
            &[step("2026-12-18", S::Diajukan), step("2026-12-21", S::Diverifikasi)],
            &[step("2026-11-23", S::Diajukan), step("2026-11-25", S::Dikembalikan), step("2026-11-30", S::Diajukan)],
            // Late before it went back: late again from the day it returns.
            &[step("2026-11-02", S::Diajukan), step("2026-11-20", S::Dikembalikan), step("2026-11-27", S::Diajukan)],
        ];
        for history in histories {
            for standard in [0, 1, 3, 5] {
                let from = late_from(&calendar(), standard, history).unwrap();
                let mut today = history.last().unwrap().on;
                while today < day("2027-01-31") {
                    let late = clock(&calendar(), standard, history, today).late;
                    assert_eq!(late, today >= from, "{history:?}, standard {standard}, {today}: late from {from}");
                    today = today.succ_opt().unwrap();
                }
            }
        }
        // Nothing runs while it is with the resident or once it is finished.
        assert_eq!(
            late_from(&calendar(), 5, &[step("2026-11-23", S::Diajukan), step("2026-11-24", S::Dikembalikan)]),
            None
        );
        assert_eq!(late_from(&calendar(), 5, &[step("2026-11-23", S::Diajukan), step("2026-11-24", S::Ditolak)]), None);
    }
}
