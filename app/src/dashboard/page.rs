use super::{Dashboard, DashboardQuery, Flow, load_dashboard};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let user = UserResource::get();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| DashboardQuery::from_params(|name| p.get(name))));
    let data = Resource::new(move || query.get(), load_dashboard);
    view! {
        <h1>"Dasbor layanan"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                if !matches!(user.await, Ok(Some(_))) {
                    return view! { <PleaseLogin /> }.into_any();
                }
                match data.await {
                    Ok(d) => view! { <Filters query=query.get() offices=d.offices.clone() /> <Body d /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Filters(query: DashboardQuery, offices: Vec<(String, String)>) -> impl IntoView {
    let weeks = query.minggu.clone().unwrap_or_else(|| "12".into());
    let kantor = query.kantor.clone().unwrap_or_default();
    view! {
        <form method="get" action="/dasbor" class="card filters">
            <div class="row">
                <div>
                    <label for="minggu">"Rentang"</label>
                    <select id="minggu" name="minggu">
                        {[("4", "4 minggu"), ("12", "12 minggu"), ("26", "26 minggu"), ("52", "52 minggu")].into_iter().map(|(v, l)| {
                            let selected = v == weeks;
                            view! { <option value=v selected=selected>{l}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {(!offices.is_empty()).then(|| view! {
                    <div>
                        <label for="kantor">"Kelurahan/desa"</label>
                        <select id="kantor" name="kantor">
                            <option value="">"Semua"</option>
                            {offices.into_iter().map(|(code, name)| {
                                let selected = code == kantor;
                                view! { <option value=code selected=selected>{name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                })}
            </div>
            <div class="actions"><button type="submit">"Tampilkan"</button></div>
        </form>
    }
}

fn decimal(v: f64) -> String {
    format!("{v:.1}").replace('.', ",")
}

#[component]
fn Body(d: Dashboard) -> impl IntoView {
    let total = |f: fn(&Flow) -> u64| d.weeks.iter().map(f).sum::<u64>();
    let tiles = [
        ("Diterima", total(|w| w.received).to_string()),
        ("Selesai ditandatangani", total(|w| w.finished).to_string()),
        (
            "Median waktu sampai tanda tangan",
            d.median_days.map(|m| format!("{} hari kerja", decimal(m))).unwrap_or("–".into()),
        ),
        (
            "P90 waktu sampai tanda tangan",
            d.p90_days.map(|m| format!("{} hari kerja", decimal(m))).unwrap_or("–".into()),
        ),
        ("Selesai sesuai standar", d.within_standard.map(|s| format!("{}%", decimal(s))).unwrap_or("–".into())),
        ("Belum selesai (lewat tenggat)", format!("{} ({})", d.backlog.iter().map(|b| b.1).sum::<u64>(), d.overdue)),
    ];
    let skm = match (d.skm.ikm, d.skm.category.clone()) {
        (Some(ikm), Some(c)) => format!("IKM {} · mutu {c} · {} responden", decimal(ikm), d.skm.respondents),
        _ => format!("{} responden: belum cukup (paling sedikit 5)", d.skm.respondents),
    };
    view! {
        <p class="hint">{format!("{} · {}", d.scope_label, d.period_label)}</p>
        <ul class="tiles">
            {tiles.into_iter().map(|(label, value)| view! {
                <li><div class="tile"><span class="n small">{value}</span><span class="label">{label}</span></div></li>
            }).collect_view()}
        </ul>
        <section class="card">
            <h2>"Permohonan per minggu"</h2>
            <figure class="chart" inner_html=d.weeks_svg.clone() aria-hidden="true"></figure>
            <FlowTable caption="Permohonan per minggu (Senin awal minggu)" rows=d.weeks.clone() />
        </section>
        <section class="card">
            <h2>"Per jenis surat"</h2>
            <FlowTable caption="Permohonan per jenis surat" rows=d.by_type.clone() />
        </section>
        <section class="card">
            <h2>"Belum selesai menurut umur"</h2>
            <figure class="chart" inner_html=d.backlog_svg.clone() aria-hidden="true"></figure>
            <table class="staff">
                <caption>"Permohonan yang belum selesai, menurut hari sejak diajukan"</caption>
                <thead><tr><th>"Umur"</th><th>"Jumlah"</th></tr></thead>
                <tbody>
                    {d.backlog.iter().map(|(l, n)| view! { <tr><td>{l.clone()}</td><td>{*n}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="card">
            <h2>"Survei kepuasan (tahun ini)"</h2>
            <p>{skm}</p>
            {(!d.skm_low.is_empty()).then(|| view! {
                <p class="alert warn">{format!("Unsur yang perlu perbaikan: {}", d.skm_low.join(", "))}</p>
            })}
            <p><a href="/skm">"Rincian survei kepuasan"</a></p>
        </section>
        <p><a href=d.csv_url.clone() download="">"Unduh angka dasbor (CSV)"</a></p>
    }
}

#[component]
fn FlowTable(caption: &'static str, rows: Vec<Flow>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="staff">
                <caption>{caption}</caption>
                <thead><tr><th></th><th>"Diterima"</th><th>"Selesai"</th><th>"Dikembalikan"</th><th>"Ditolak"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr><td>{r.label}</td><td>{r.received}</td><td>{r.finished}</td><td>{r.returned}</td><td>{r.rejected}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
