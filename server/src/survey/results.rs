//! The index of the caller's scope for a period: the whole, per element, per letter type and
//! per kelurahan/desa; the suggestions. Below 5 respondents a figure is withheld.

use crate::Services;
use crate::accounts::Actor;
use crate::db::{self, survey::Group};
use crate::error::{Error, Result};
use app::survey::{ElementResult, IndexView, SurveyQuery, SurveyResult};
use chrono::{Datelike, NaiveDate};
use domain::skm::{ELEMENTS, LOW_ELEMENT, index};
use domain::{OfficeKind, Role};

/// Fewer respondents than this and a figure is not shown.
pub const MIN_RESPONDENTS: u64 = 5;

/// A period's first and last day and its name.
pub struct Period {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub label: String,
    pub code: String,
}

/// "2026", "2026-S1", "2026-T3", "2026-11"; None: this year.
pub fn period(text: Option<&str>, today: NaiveDate) -> Result<Period> {
    let bad = || Error::field("periode", "Periode tidak dikenal: tulis 2026, 2026-S1, 2026-T3 atau 2026-11.");
    let text = text.map(str::trim).filter(|t| !t.is_empty()).map_or_else(|| today.year().to_string(), str::to_string);
    let (year, rest) = text.split_once('-').map_or((text.as_str(), None), |(y, r)| (y, Some(r)));
    let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(bad)?;
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).ok_or_else(bad);
    let end_of = |m: u32| -> Result<NaiveDate> {
        let next =
            if m == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, m + 1, 1) };
        next.and_then(|d| d.pred_opt()).ok_or_else(bad)
    };
    let roman = ["I", "II", "III", "IV"];
    let (from, until, label) = match rest {
        None => (day(1, 1)?, day(12, 31)?, format!("Tahun {year}")),
        Some(r) if r.starts_with('S') => {
            let s: u32 = r[1..].parse().ok().filter(|s| (1..=2).contains(s)).ok_or_else(bad)?;
            (day(s * 6 - 5, 1)?, end_of(s * 6)?, format!("Semester {} {year}", roman[s as usize - 1]))
        }
        Some(r) if r.starts_with('T') => {
            let q: u32 = r[1..].parse().ok().filter(|q| (1..=4).contains(q)).ok_or_else(bad)?;
            (day(q * 3 - 2, 1)?, end_of(q * 3)?, format!("Triwulan {} {year}", roman[q as usize - 1]))
        }
        Some(r) => {
            let m: u32 = r.parse().ok().filter(|m| (1..=12).contains(m)).ok_or_else(bad)?;
            (day(m, 1)?, end_of(m)?, format!("{} {year}", domain::workdays::MONTHS[m as usize - 1]))
        }
    };
    Ok(Period { from, until, label, code: text })
}

/// Whose results a caller sees: a head of office their kelurahan/desa, a camat their
/// kecamatan, the city admin everything; narrowed to one kelurahan/desa of that on request.
pub struct Reach {
    pub kelurahan: Option<String>,
    pub kecamatan: Option<String>,
    pub label: String,
    /// The kelurahan/desa it may be narrowed to.
    pub offices: Vec<(String, String)>,
}

pub async fn reach(s: &Services, actor: &Actor, kantor: Option<&str>) -> Result<Reach> {
    let offices = db::offices::all(&s.db.pool).await?;
    let name_of = |code: &str| {
        offices
            .iter()
            .find(|o| o.code == code)
            .map(|o| OfficeKind::of_code(&o.code, &o.name).map_or_else(|| o.name.clone(), |k| k.office_name(&o.name)))
    };
    let children = |parent: Option<&str>| -> Vec<(String, String)> {
        offices
            .iter()
            .filter(|o| o.kind == "kelurahan" && (parent.is_none() || o.parent_code.as_deref() == parent))
            .map(|o| (o.code.clone(), name_of(&o.code).unwrap_or_else(|| o.name.clone())))
            .collect()
    };
    let own = actor.office_code.as_deref();
    let mut reach = match actor.role {
        Role::Lurah => {
            let code = own.ok_or(Error::Forbidden)?;
            Reach {
                kelurahan: Some(code.into()),
                kecamatan: None,
                label: name_of(code).unwrap_or_default(),
                offices: Vec::new(),
            }
        }
        Role::Camat => {
            let code = own.ok_or(Error::Forbidden)?;
            Reach {
                kelurahan: None,
                kecamatan: Some(code.into()),
                label: name_of(code).unwrap_or_default(),
                offices: children(Some(code)),
            }
        }
        Role::Admin => {
            let city = offices.iter().find(|o| o.kind == "kota").map(|o| o.name.clone()).unwrap_or_default();
            Reach { kelurahan: None, kecamatan: None, label: city, offices: children(None) }
        }
        _ => return Err(Error::Forbidden),
    };
    if let Some(code) = kantor {
        let (_, name) = reach
            .offices
            .iter()
            .find(|(c, _)| c == code)
            .cloned()
            .ok_or_else(|| Error::field("kantor", "Kelurahan/desa ini tidak termasuk wilayah Anda."))?;
        reach.kelurahan = Some(code.to_string());
        reach.label = name;
    }
    Ok(reach)
}

pub fn view(label: String, respondents: u64, sums: [u64; 9]) -> IndexView {
    let shown = (respondents >= MIN_RESPONDENTS).then(|| index(sums, respondents)).flatten();
    IndexView {
        label,
        respondents,
        ikm: shown.as_ref().map(|i| (i.ikm * 100.0).round() / 100.0),
        category: shown.as_ref().map(|i| i.category.letter().to_string()),
        category_label: shown.as_ref().map(|i| i.category.label().to_string()),
    }
}

pub async fn results(s: &Services, actor: &Actor, query: &SurveyQuery) -> Result<SurveyResult> {
    let reach = reach(s, actor, query.kantor.as_deref()).await?;
    let period = period(query.periode.as_deref(), s.clock.today())?;
    let letter_type = match query.jenis.as_deref() {
        Some(code) if s.catalogue.get(code).is_none() => {
            return Err(Error::field("jenis", "Jenis surat tidak dikenal."));
        }
        other => other,
    };
    let (from, until) = (period.from.to_string(), period.until.to_string());
    let scope = db::survey::Scope {
        kelurahan: reach.kelurahan.as_deref(),
        kecamatan: reach.kecamatan.as_deref(),
        from: &from,
        until: &until,
        letter_type,
    };
    let pool = &s.db.pool;
    let (respondents, sums) = db::survey::totals(pool, &scope).await?;
    let total = view("Semua".into(), respondents, sums);
    let shown = (respondents >= MIN_RESPONDENTS).then(|| index(sums, respondents)).flatten();
    let elements = shown
        .as_ref()
        .map(|i| {
            ELEMENTS
                .iter()
                .enumerate()
                .map(|(n, e)| ElementResult {
                    code: e.code.into(),
                    name: e.name.into(),
                    sum: sums[n],
                    average: (i.averages[n] * 1000.0).round() / 1000.0,
                    low: i.averages[n] < LOW_ELEMENT,
                })
                .collect()
        })
        .unwrap_or_default();
    let by_letter_type = db::survey::totals_by(pool, &scope, Group::LetterType)
        .await?
        .into_iter()
        .map(|(code, n, sums)| view(s.catalogue.title(&code).to_string(), n, sums))
        .collect();
    let by_office = if reach.kelurahan.is_none() {
        let names: std::collections::HashMap<_, _> = reach.offices.iter().cloned().collect();
        db::survey::totals_by(pool, &scope, Group::Kelurahan)
            .await?
            .into_iter()
            .map(|(code, n, sums)| view(names.get(&code).cloned().unwrap_or(code), n, sums))
            .collect()
    } else {
        Vec::new()
    };
    // Suggestions with their month only, and only once the period has 5 respondents.
    let suggestions = if respondents >= MIN_RESPONDENTS {
        db::survey::suggestions(pool, &scope, 200)
            .await?
            .into_iter()
            .map(|(day, text)| (month_label(&day), text))
            .collect()
    } else {
        Vec::new()
    };
    let mut csv = format!("/skm/unduh.csv?periode={}", period.code);
    if let Some(t) = letter_type {
        csv.push_str(&format!("&jenis={t}"));
    }
    if let Some(k) = query.kantor.as_deref() {
        csv.push_str(&format!("&kantor={k}"));
    }
    Ok(SurveyResult {
        scope_label: reach.label,
        period_label: period.label,
        from: crate::clock::date_label(period.from),
        until: crate::clock::date_label(period.until),
        total,
        elements,
        weighted: shown.as_ref().map(|i| (i.weighted * 1000.0).round() / 1000.0),
        by_letter_type,
        by_office,
        suggestions,
        offices: reach.offices,
        csv_url: csv,
    })
}

fn month_label(day: &str) -> String {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| format!("{} {}", domain::workdays::MONTHS[d.month0() as usize], d.year()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_years_semesters_quarters_and_months() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let p = period(None, today).unwrap();
        assert_eq!(
            (p.from.to_string(), p.until.to_string(), p.label.as_str()),
            ("2026-01-01".into(), "2026-12-31".into(), "Tahun 2026")
        );
        let p = period(Some("2026-S2"), today).unwrap();
        assert_eq!((p.from.to_string(), p.until.to_string()), ("2026-07-01".into(), "2026-12-31".into()));
        let p = period(Some("2026-T1"), today).unwrap();
        assert_eq!(
            (p.from.to_string(), p.until.to_string(), p.label.as_str()),
            ("2026-01-01".into(), "2026-03-31".into(), "Triwulan I 2026")
        );
        let p = period(Some("2024-02"), today).unwrap();
        assert_eq!(p.until.to_string(), "2024-02-29");
        for bad in ["x", "2026-13", "2026-T5", "2026-S0", "1999", "2026-"] {
            assert!(period(Some(bad), today).is_err(), "{bad}");
        }
    }
}
