//! `/admin/audit`: security events, newest first, filtered by kind, text and dates. The filters
//! are not secret, so they travel in the address (`?peristiwa=&cari=&dari=&sampai=&sebelum=`).

use super::{AuditEntry, AuditPage, AuditQuery, audit_events};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::error::AppError;
use chrono::NaiveDate;
use domain::AuditAction;
use leptos::prelude::*;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

/// The filters as the address gives them; a date that does not read is dropped (and said).
fn query_of(q: &ParamsMap) -> (AuditQuery, bool) {
    let text = |k: &str| q.get(k).unwrap_or_default().trim().to_string();
    let date = |k: &str| {
        let t = text(k);
        if t.is_empty() { Ok(None) } else { NaiveDate::parse_from_str(&t, "%Y-%m-%d").map(Some).map_err(|_| ()) }
    };
    let (from, until) = (date("dari"), date("sampai"));
    let bad_date = from.is_err() || until.is_err();
    let query = AuditQuery {
        action: AuditAction::parse(&text("peristiwa")),
        text: text("cari"),
        from: from.unwrap_or(None),
        until: until.unwrap_or(None),
        before: text("sebelum").parse().ok().filter(|n: &i64| *n > 0),
    };
    (query, bad_date)
}

/// The address of the next page: the same filters, older events.
fn next_href(q: &AuditQuery, before: i64) -> String {
    let mut parts = vec![format!("sebelum={before}")];
    if let Some(a) = q.action {
        parts.push(format!("peristiwa={}", a.as_str()));
    }
    if !q.text.is_empty() {
        parts.push(format!("cari={}", q.text.replace('%', "%25").replace('&', "%26").replace(' ', "+")));
    }
    for (key, d) in [("dari", q.from), ("sampai", q.until)] {
        if let Some(d) = d {
            parts.push(format!("{key}={d}"));
        }
    }
    format!("/admin/audit?{}", parts.join("&"))
}

#[component]
pub fn AuditLog() -> impl IntoView {
    let user = UserResource::get();
    let params = use_query_map();
    let query = move || query_of(&params.read());
    let page = Resource::new(move || query().0, audit_events);
    view! {
        <h1>"Log audit"</h1>
        <p class="hint">
            "Peristiwa keamanan, dari yang terbaru. Setiap peristiwa memuat hash peristiwa sebelumnya; "
            "periksa keutuhan rantainya dengan " <code>"serambi audit periksa"</code> "."
        </p>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role.administers() => {}
                    Ok(Some(_)) => return view! { <ErrorBox error=AppError::Forbidden /> }.into_any(),
                    _ => return view! { <PleaseLogin /> }.into_any(),
                }
                let (q, bad_date) = query();
                let result = page.await;
                view! {
                    <Filters q=q.clone() />
                    {bad_date.then(|| view! {
                        <p class="alert warn" role="status">"Tanggal ditulis TTTT-BB-HH, misalnya 2026-11-27; tanggal yang tidak terbaca diabaikan."</p>
                    })}
                    {match result {
                        Ok(p) => view! { <Events page=p q /> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    }}
                }
                .into_any()
            })}
        </Transition>
    }
}

#[component]
fn Filters(q: AuditQuery) -> impl IntoView {
    let chosen = q.action.map(|a| a.as_str()).unwrap_or("");
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    view! {
        <Form method="get" action="/admin/audit" attr:role="search" attr:class="search filters">
            <label for="peristiwa">"Peristiwa"</label>
            <select id="peristiwa" name="peristiwa">
                <option value="" selected=chosen.is_empty()>"Semua"</option>
                {AuditAction::ALL
                    .iter()
                    .map(|a| view! { <option value=a.as_str() selected=chosen == a.as_str()>{a.label()}</option> })
                    .collect_view()}
            </select>
            <label for="cari">"Cari pelaku, subjek atau keterangan"</label>
            <input id="cari" name="cari" type="search" value=q.text.clone() />
            <label for="dari">"Dari tanggal"</label>
            <input id="dari" name="dari" type="date" value=date(q.from) />
            <label for="sampai">"Sampai tanggal"</label>
            <input id="sampai" name="sampai" type="date" value=date(q.until) />
            <button type="submit" class="secondary">"Tampilkan"</button>
        </Form>
    }
}

#[component]
fn Events(page: AuditPage, q: AuditQuery) -> impl IntoView {
    if page.entries.is_empty() {
        return view! { <p class="empty">"Tidak ada peristiwa yang cocok (" {page.scope} ")."</p> }.into_any();
    }
    let next = page.next_before.map(|b| next_href(&q, b));
    view! {
        <p class="meta">{page.scope}</p>
        <div class="table-wrap">
            <table class="audit">
                <thead>
                    <tr>
                        <th>"#"</th>
                        <th>"Waktu"</th>
                        <th>"Peristiwa"</th>
                        <th>"Pelaku"</th>
                        <th>"Kantor"</th>
                        <th>"Subjek"</th>
                        <th>"Keterangan"</th>
                    </tr>
                </thead>
                <tbody>{page.entries.into_iter().map(|e| view! { <Row e /> }).collect_view()}</tbody>
            </table>
        </div>
        {next.map(|href| view! { <p><A href=href>"Peristiwa sebelumnya →"</A></p> })}
    }
    .into_any()
}

#[component]
fn Row(e: AuditEntry) -> impl IntoView {
    view! {
        <tr>
            <td>{e.seq}</td>
            <td>{e.at_label}</td>
            <td>{e.action.label()}</td>
            <td>{e.actor}</td>
            <td>{e.office.unwrap_or_else(|| "—".into())}</td>
            <td class="mono">{e.subject}</td>
            <td>{e.detail}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_reads_into_filters_and_back() {
        let mut map = ParamsMap::new();
        map.insert("peristiwa", "masuk_gagal".to_string());
        map.insert("cari", "Maria Seran".to_string());
        map.insert("dari", "2026-11-01".to_string());
        map.insert("sampai", "kemarin".to_string());
        let (q, bad) = query_of(&map);
        assert!(bad, "an unreadable date is said");
        assert_eq!(q.action, Some(AuditAction::MasukGagal));
        assert_eq!(q.from, NaiveDate::from_ymd_opt(2026, 11, 1));
        assert_eq!(q.until, None);
        assert_eq!(next_href(&q, 41), "/admin/audit?sebelum=41&peristiwa=masuk_gagal&cari=Maria+Seran&dari=2026-11-01");
    }
}
