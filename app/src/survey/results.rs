//! `/skm`: the satisfaction index of the caller's scope for a period (a GET form, so every view
//! is an address), per element, letter type and office, with the suggestions and the export.

use super::{IndexView, SurveyQuery, SurveyResult, survey_results};
use crate::catalogue::letter_types;
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SurveyResults() -> impl IntoView {
    let user = UserResource::get();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| SurveyQuery::from_params(|name| p.get(name))));
    let result = Resource::new(move || query.get(), survey_results);
    let types = Resource::new(|| (), |_| letter_types());
    view! {
        <h1>"Survei Kepuasan Masyarakat"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                if !matches!(user.await, Ok(Some(_))) {
                    return view! { <PleaseLogin /> }.into_any();
                }
                let types = types.await.unwrap_or_default();
                match result.await {
                    Ok(r) => view! { <Filters query=query.get() result=r.clone() types /> <ResultView r /> }.into_any(),
                    Err(e) => view! { <Filters query=query.get() result=SurveyResult::empty() types /> <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

impl SurveyResult {
    fn empty() -> SurveyResult {
        SurveyResult {
            scope_label: String::new(),
            period_label: String::new(),
            from: String::new(),
            until: String::new(),
            total: IndexView { label: String::new(), respondents: 0, ikm: None, category: None, category_label: None },
            elements: Vec::new(),
            weighted: None,
            by_letter_type: Vec::new(),
            by_office: Vec::new(),
            suggestions: Vec::new(),
            offices: Vec::new(),
            csv_url: String::new(),
        }
    }
}

/// Periods to choose from: this year and last, their semesters, quarters and months.
fn periods(year: i32) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for y in [year, year - 1] {
        out.push((y.to_string(), format!("Tahun {y}")));
        for s in 1..=2 {
            out.push((format!("{y}-S{s}"), format!("Semester {} {y}", if s == 1 { "I" } else { "II" })));
        }
        for (q, roman) in ["I", "II", "III", "IV"].iter().enumerate() {
            out.push((format!("{y}-T{}", q + 1), format!("Triwulan {roman} {y}")));
        }
        for (m, name) in domain::workdays::MONTHS.iter().enumerate() {
            out.push((format!("{y}-{:02}", m + 1), format!("{name} {y}")));
        }
    }
    out
}

#[component]
fn Filters(query: SurveyQuery, result: SurveyResult, types: Vec<crate::catalogue::LetterTypeInfo>) -> impl IntoView {
    let year = result.until.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
    let periode = query.periode.clone().unwrap_or_else(|| year.to_string());
    let jenis = query.jenis.clone().unwrap_or_default();
    let kantor = query.kantor.clone().unwrap_or_default();
    view! {
        <form method="get" action="/skm" class="card filters">
            <div class="row">
                <div>
                    <label for="periode">"Periode"</label>
                    <select id="periode" name="periode">
                        {periods(year).into_iter().map(|(v, l)| {
                            let selected = v == periode;
                            view! { <option value=v selected=selected>{l}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="jenis">"Jenis surat"</label>
                    <select id="jenis" name="jenis">
                        <option value="">"Semua jenis"</option>
                        {types.into_iter().map(|t| {
                            let selected = t.code == jenis;
                            view! { <option value=t.code selected=selected>{t.title}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {(!result.offices.is_empty()).then(|| view! {
                    <div>
                        <label for="kantor">"Kelurahan/desa"</label>
                        <select id="kantor" name="kantor">
                            <option value="">"Semua"</option>
                            {result.offices.iter().map(|(code, name)| {
                                let selected = *code == kantor;
                                view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                })}
            </div>
            <div class="actions"><button type="submit">"Tampilkan"</button></div>
        </form>
    }
}

fn number(v: f64, places: usize) -> String {
    format!("{v:.places$}").replace('.', ",")
}

#[component]
fn ResultView(r: SurveyResult) -> impl IntoView {
    let total = r.total.clone();
    let headline = match (total.ikm, total.category.clone(), total.category_label.clone()) {
        (Some(ikm), Some(c), Some(label)) => view! {
            <p class="ikm">
                <span class="n">{number(ikm, 2)}</span>
                <span class="label">{format!("Mutu {c} ({label}) · {} responden", total.respondents)}</span>
            </p>
        }
        .into_any(),
        _ => view! {
            <p class="alert warn">
                {format!("{} responden pada periode ini: hasil ditampilkan setelah paling sedikit 5 responden, agar jawaban tidak dapat dikenali.", total.respondents)}
            </p>
        }
        .into_any(),
    };
    view! {
        <section class="card">
            <h2>{format!("Indeks Kepuasan Masyarakat — {}", r.scope_label)}</h2>
            <p class="hint">{format!("{} ({} s.d. {})", r.period_label, r.from, r.until)}</p>
            {headline}
            {(!r.elements.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="staff">
                        <caption class="visually-hidden">"Nilai rata-rata per unsur"</caption>
                        <thead><tr><th>"Unsur"</th><th>"Jumlah nilai"</th><th>"Nilai rata-rata (NRR)"</th><th></th></tr></thead>
                        <tbody>
                            {r.elements.iter().map(|e| view! {
                                <tr class=if e.low { "low" } else { "" }>
                                    <td>{format!("{} {}", e.code, e.name)}</td>
                                    <td>{e.sum}</td>
                                    <td>{number(e.average, 3)}</td>
                                    <td>{e.low.then_some("Perlu perbaikan")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                        <tfoot>
                            <tr><th>"NRR tertimbang (Σ NRR × 1/9)"</th><td></td><td>{r.weighted.map(|w| number(w, 3))}</td><td></td></tr>
                        </tfoot>
                    </table>
                </div>
            })}
            <p><a href=r.csv_url.clone() download="">"Unduh laporan SKM (CSV)"</a></p>
        </section>
        <Breakdown title="Per jenis surat" rows=r.by_letter_type.clone() />
        <Breakdown title="Per kelurahan/desa" rows=r.by_office.clone() />
        {(!r.suggestions.is_empty()).then(|| view! {
            <section class="card">
                <h2>"Saran dan masukan"</h2>
                <ul class="suggestions">
                    {r.suggestions.iter().map(|(month, text)| view! { <li><span class="hint">{month.clone()}</span> " " {text.clone()}</li> }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn Breakdown(title: &'static str, rows: Vec<IndexView>) -> impl IntoView {
    (!rows.is_empty()).then(|| view! {
        <section class="card">
            <h2>{title}</h2>
            <div class="table-wrap">
                <table class="staff">
                    <thead><tr><th></th><th>"Responden"</th><th>"IKM"</th><th>"Mutu"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|v| view! {
                            <tr>
                                <td>{v.label}</td>
                                <td>{v.respondents}</td>
                                <td>{v.ikm.map(|i| number(i, 2)).unwrap_or_else(|| "< 5 responden".into())}</td>
                                <td>{v.category.map(|c| format!("{c} ({})", v.category_label.unwrap_or_default()))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    })
}
