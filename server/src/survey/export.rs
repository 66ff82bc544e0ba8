//! `/skm/unduh.csv`: the survey report as an office sends it upward — the unit, the period, the
//! respondents, each element's sum, average (NRR) and weighted average, the index and its
//! quality category, then the same index per letter type and per kelurahan/desa.

use super::results::{self, MIN_RESPONDENTS};
use crate::Services;
use crate::accounts::CurrentUser;
use crate::error::Error;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use std::sync::Arc;

pub async fn csv(
    State(s): State<Arc<Services>>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Query(query): Query<app::survey::SurveyQuery>,
) -> Response {
    let Some(user) = user else { return Error::Unauthorized.response_saying("Silakan masuk terlebih dahulu.") };
    match results::results(&s, &user, &query).await {
        Ok(r) => {
            let file = format!("skm-{}.csv", r.period_label.to_lowercase().replace(' ', "-"));
            crate::http::csv::download(&file, report(&r), false)
        }
        Err(e) => e.response_saying("Laporan SKM tidak dapat dibuat."),
    }
}

use crate::http::csv::line;

pub fn report(r: &app::survey::SurveyResult) -> String {
    let mut out = String::new();
    out += &line(&["Laporan Survei Kepuasan Masyarakat (PermenPANRB 14/2017)"]);
    out += &line(&["Unit pelayanan", &r.scope_label]);
    out += &line(&["Periode", &format!("{} ({} s.d. {})", r.period_label, r.from, r.until)]);
    out += &line(&["Jumlah responden", &r.total.respondents.to_string()]);
    out += "\r\n";
    if r.elements.is_empty() {
        out += &line(&[&format!(
            "Hasil tidak ditampilkan: kurang dari {MIN_RESPONDENTS} responden, agar jawaban tidak dapat dikenali."
        )]);
    } else {
        out += &line(&["Unsur", "Uraian", "Jumlah nilai", "NRR", "NRR tertimbang", "Keterangan"]);
        for e in &r.elements {
            let weighted = format!("{:.3}", e.average / 9.0);
            let note = if e.low { "Perlu perbaikan" } else { "" };
            out += &line(&[&e.code, &e.name, &e.sum.to_string(), &format!("{:.3}", e.average), &weighted, note]);
        }
        let weighted = r.weighted.map(|w| format!("{w:.3}")).unwrap_or_default();
        out += &line(&["Jumlah NRR tertimbang", "", "", "", &weighted, ""]);
        out += &line(&[
            "IKM unit pelayanan (× 25)",
            "",
            "",
            "",
            &r.total.ikm.map(|i| format!("{i:.2}")).unwrap_or_default(),
            "",
        ]);
        let mutu = match (&r.total.category, &r.total.category_label) {
            (Some(c), Some(l)) => format!("{c} ({l})"),
            _ => String::new(),
        };
        out += &line(&["Mutu pelayanan", "", "", "", &mutu, ""]);
    }
    for (title, rows) in [("Per jenis surat", &r.by_letter_type), ("Per kelurahan/desa", &r.by_office)] {
        if rows.is_empty() {
            continue;
        }
        out += "\r\n";
        out += &line(&[title, "Responden", "IKM", "Mutu"]);
        for v in rows {
            let ikm =
                v.ikm.map(|i| format!("{i:.2}")).unwrap_or_else(|| format!("kurang dari {MIN_RESPONDENTS} responden"));
            let mutu = v.category.clone().unwrap_or_default();
            out += &line(&[&v.label, &v.respondents.to_string(), &ikm, &mutu]);
        }
    }
    out
}
