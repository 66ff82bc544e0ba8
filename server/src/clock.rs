//! The deployment's clock and how dates and times are written in Indonesian.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};

pub use domain::workdays::MONTHS;

/// The deployment's clock: an offset from UTC and the name people use for it.
#[derive(Debug, Clone)]
pub struct Clock {
    pub offset: FixedOffset,
    pub zone: String,
}

impl Clock {
    pub fn new(hours: i32, zone: &str) -> Clock {
        Clock { offset: FixedOffset::east_opt(hours * 3600).expect("valid offset"), zone: zone.to_string() }
    }
    pub fn local(&self, ms: i64) -> DateTime<FixedOffset> {
        DateTime::from_timestamp_millis(ms).unwrap_or_default().with_timezone(&self.offset)
    }
    /// Today's date where the deployment is.
    pub fn today(&self) -> NaiveDate {
        self.local(chrono::Utc::now().timestamp_millis()).date_naive()
    }
    /// The first millisecond of `day` where the deployment is.
    pub fn start_of(&self, day: NaiveDate) -> i64 {
        let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        midnight.and_utc().timestamp_millis() - i64::from(self.offset.local_minus_utc()) * 1000
    }
    /// "23 November 2026 14:05 WITA"
    pub fn label(&self, ms: i64) -> String {
        let t = self.local(ms);
        format!("{} {:02}:{:02} {}", date_label(t.date_naive()), t.hour(), t.minute(), self.zone)
    }
}

/// "23 November 2026"
pub fn date_label(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

pub fn iso_to_label(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map(date_label).unwrap_or_else(|_| iso.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_are_written_in_indonesian_local_time() {
        let clock = Clock::new(8, "WITA");
        // 2026-11-23 06:05 UTC is 14:05 in Kupang.
        let ms = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(6, 5, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        assert_eq!(clock.label(ms), "23 November 2026 14:05 WITA");
        assert_eq!(iso_to_label("1990-05-15"), "15 Mei 1990");
    }
}
