//! Dashboards: how an office serves, from the requests' own histories (`db::dashboard`), with
//! charts drawn here as SVG (`charts`) and the same figures as CSV (`export`).

pub mod charts;
pub mod export;
mod port;

use crate::Services;
use crate::accounts::Actor;
use crate::db::{self, dashboard::Reach};
use crate::error::{Error, Result};
use app::dashboard::{Dashboard, DashboardQuery, Flow};
use chrono::{Datelike, Days, NaiveDate};
use domain::RequestStatus;
use std::collections::BTreeMap;

/// Open requests by days since submission.
pub const AGES: [(i64, i64, &str); 5] = [
    (0, 1, "0–1 hari"),
    (2, 3, "2–3 hari"),
    (4, 7, "4–7 hari"),
    (8, 14, "8–14 hari"),
    (15, i64::MAX, "lebih dari 14 hari"),
];

pub async fn dashboard(s: &Services, actor: &Actor, query: &DashboardQuery) -> Result<Dashboard> {
    let reach = crate::survey::results::reach(s, actor, query.kantor.as_deref()).await?;
    let weeks: u64 = match query.minggu.as_deref() {
        None => 12,
        Some(w) => w
            .parse()
            .ok()
            .filter(|w| (4..=52).contains(w))
            .ok_or_else(|| Error::field("minggu", "Rentang minggu tidak dikenal: pilih antara 4 dan 52 minggu."))?,
    };
    let today = s.clock.today();
    // Weeks start on Monday; the first is `weeks - 1` Mondays before this week's.
    let this_monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let first = this_monday - Days::new(7 * (weeks - 1));
    let origin = s.clock.start_of(first);
    let r = Reach { kelurahan: reach.kelurahan.as_deref(), kecamatan: reach.kecamatan.as_deref() };
    let pool = &s.db.pool;

    let mut per_week: Vec<Flow> =
        (0..weeks).map(|i| Flow { label: short_date(first + Days::new(7 * i)), ..Flow::default() }).collect();
    let mut per_type: BTreeMap<String, Flow> = BTreeMap::new();
    for (week, letter_type, status, n) in db::dashboard::steps(pool, &r, origin).await? {
        let n = n as u64;
        let title = s.catalogue.title(&letter_type).to_string();
        let kind = per_type.entry(title.clone()).or_insert_with(|| Flow { label: title, ..Flow::default() });
        let Some(w) = usize::try_from(week).ok().and_then(|w| per_week.get_mut(w)) else { continue };
        for flow in [w, kind] {
            match RequestStatus::parse(&status) {
                Some(RequestStatus::Ditandatangani) => flow.finished += n,
                Some(RequestStatus::Dikembalikan) => flow.returned += n,
                Some(RequestStatus::Ditolak) => flow.rejected += n,
                // A history's first step is the request received.
                _ => flow.received += n,
            }
        }
    }

    // Time to signature, in the office's working days, for letters signed in the period (fixed
    // on each request when it was signed: `requests::deadlines::service_time`).
    let times = db::dashboard::signed_service_times(pool, &r, origin).await?;
    let within: u64 = times.iter().filter(|(_, w, _)| *w == 1).map(|(_, _, n)| *n as u64).sum();
    let mut days: Vec<f64> = times.iter().flat_map(|(d, _, n)| std::iter::repeat_n(*d as f64, *n as usize)).collect();
    days.sort_by(f64::total_cmp);
    let signed = days.len() as u64;

    // The backlog by age, and how many are late.
    let today_text = today.to_string();
    let mut backlog: Vec<(String, u64)> = AGES.iter().map(|(_, _, l)| (l.to_string(), 0)).collect();
    let upper: Vec<i64> = AGES.iter().map(|(_, hi, _)| *hi).collect();
    let mut overdue = 0;
    for (bucket, n, late) in db::dashboard::open_by_age(pool, &r, crate::db::now_ms(), &today_text, &upper).await? {
        if let Some(b) = usize::try_from(bucket).ok().and_then(|i| backlog.get_mut(i)) {
            b.1 += n as u64;
        }
        overdue += late as u64;
    }

    let skm_query = app::survey::SurveyQuery { periode: None, jenis: None, kantor: query.kantor.clone() };
    let skm = crate::survey::results::results(s, actor, &skm_query).await?;
    let weeks_svg = charts::weeks(&per_week)?;
    let backlog_svg = charts::backlog(&backlog)?;
    let mut csv_url = format!("/dasbor/unduh.csv?minggu={weeks}");
    if let Some(k) = query.kantor.as_deref() {
        csv_url.push_str(&format!("&kantor={k}"));
    }
    Ok(Dashboard {
        scope_label: reach.label,
        period_label: format!("{} – {}", crate::clock::date_label(first), crate::clock::date_label(today)),
        weeks: per_week,
        by_type: per_type.into_values().collect(),
        signed,
        median_days: percentile(&days, 0.5),
        p90_days: percentile(&days, 0.9),
        within_standard: (signed > 0).then(|| (within as f64 * 1000.0 / signed as f64).round() / 10.0),
        backlog,
        overdue,
        skm_low: skm.elements.iter().filter(|e| e.low).map(|e| format!("{} {}", e.code, e.name)).collect(),
        skm: skm.total,
        weeks_svg,
        backlog_svg,
        offices: reach.offices,
        csv_url,
    })
}

/// The value below which `p` of the sorted `values` lie (nearest rank).
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let rank = ((values.len() as f64 * p).ceil() as usize).clamp(1, values.len());
    Some(values[rank - 1])
}

/// "23 Nov"
fn short_date(d: NaiveDate) -> String {
    let month = domain::workdays::MONTHS[d.month0() as usize];
    format!("{} {}", d.day(), &month[..3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), Some(5.0));
        assert_eq!(percentile(&v, 0.9), Some(9.0));
        assert_eq!(percentile(&[3.0], 0.9), Some(3.0));
        assert_eq!(percentile(&[], 0.5), None);
    }
}
