//! `/dasbor/unduh.csv`: the dashboard's figures as CSV (the weeks, the letter types, time to
//! signature, the backlog, the satisfaction index).

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
    Query(query): Query<app::dashboard::DashboardQuery>,
) -> Response {
    let Some(user) = user else { return Error::Unauthorized.response_saying("Silakan masuk terlebih dahulu.") };
    match super::dashboard(&s, &user, &query).await {
        Ok(d) => crate::http::csv::download("dasbor.csv", report(&d), false),
        Err(e) => e.response_saying("Dasbor tidak dapat dibuat."),
    }
}

fn line(cells: &[String]) -> String {
    crate::http::csv::line(cells)
}

pub fn report(d: &app::dashboard::Dashboard) -> String {
    let mut out = line(&["Dasbor layanan".into(), d.scope_label.clone(), d.period_label.clone()]);
    for (title, rows) in [("Minggu (Senin)", &d.weeks), ("Jenis surat", &d.by_type)] {
        out += "\r\n";
        out += &line(&[title.into(), "Diterima".into(), "Selesai".into(), "Dikembalikan".into(), "Ditolak".into()]);
        for r in rows {
            out += &line(&[
                r.label.clone(),
                r.received.to_string(),
                r.finished.to_string(),
                r.returned.to_string(),
                r.rejected.to_string(),
            ]);
        }
    }
    let opt = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_default();
    out += "\r\n";
    out += &line(&["Surat ditandatangani".into(), d.signed.to_string()]);
    out += &line(&["Median hari kerja sampai tanda tangan".into(), opt(d.median_days)]);
    out += &line(&["P90 hari kerja sampai tanda tangan".into(), opt(d.p90_days)]);
    out += &line(&["Persen selesai sesuai standar".into(), opt(d.within_standard)]);
    out += "\r\n";
    out += &line(&["Belum selesai, umur".into(), "Jumlah".into()]);
    for (label, n) in &d.backlog {
        out += &line(&[label.clone(), n.to_string()]);
    }
    out += &line(&["Lewat tenggat".into(), d.overdue.to_string()]);
    out += "\r\n";
    out += &line(&[
        "IKM tahun ini".into(),
        d.skm.ikm.map(|i| format!("{i:.2}")).unwrap_or_else(|| "kurang dari 5 responden".into()),
        d.skm.category.clone().unwrap_or_default(),
        format!("{} responden", d.skm.respondents),
    ]);
    out
}
