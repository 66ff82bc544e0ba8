use super::{Statistics, open_statistics};
use crate::components::ErrorBox;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn dash<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "<5".into())
}

fn decimal(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}").replace('.', ",")).unwrap_or_else(|| "–".into())
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let params = use_query_map();
    let year = Memo::new(move |_| params.with(|p| p.get("tahun")));
    let data = Resource::new(move || year.get(), open_statistics);
    view! {
        <h1>"Statistik layanan surat"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => view! { <Body s /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Body(s: Statistics) -> impl IntoView {
    let months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
    let csv = format!("/statistik.csv?tahun={}", s.tahun);
    let json = format!("/api/v1/statistik?tahun={}", s.tahun);
    view! {
        <p>{s.deskripsi.clone()}</p>
        <form method="get" action="/statistik" class="filters">
            <label for="tahun">"Tahun"</label>
            <input id="tahun" name="tahun" type="number" min="2000" max="2100" value=s.tahun.to_string() />
            <button type="submit">"Tampilkan"</button>
        </form>
        <p class="hint">{format!("{} · {} · Lisensi {}", s.sumber, s.periode, s.lisensi)}</p>
        <p class="hint">{s.catatan.clone()}</p>
        <p><a href=csv download="">"Unduh CSV"</a> " · " <a href=json>"JSON dengan metadata"</a></p>
        <section class="card">
            <h2>"Per kelurahan/desa"</h2>
            <div class="table-wrap">
                <table class="staff">
                    <thead><tr><th>"Kelurahan/desa"</th><th>"Surat terbit"</th><th>"Median hari kerja"</th><th>"Sesuai standar"</th><th>"IKM"</th></tr></thead>
                    <tbody>
                        {s.layanan.iter().map(|r| view! {
                            <tr>
                                <td>{r.kelurahan.clone()}</td>
                                <td>{dash(r.surat_terbit)}</td>
                                <td>{decimal(r.median_hari_kerja)}</td>
                                <td>{r.persen_sesuai_standar.map(|p| format!("{}%", decimal(Some(p)))).unwrap_or_else(|| "–".into())}</td>
                                <td>{decimal(r.ikm)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="card">
            <h2>"Per jenis surat dan bulan"</h2>
            <div class="table-wrap">
                <table class="staff">
                    <thead><tr><th>"Jenis surat"</th>{months.iter().map(|m| view! { <th>{*m}</th> }).collect_view()}<th>"Jumlah"</th></tr></thead>
                    <tbody>
                        {s.per_jenis.iter().map(|r| view! {
                            <tr>
                                <td>{r.jenis_surat.clone()}</td>
                                {r.per_bulan.iter().map(|n| view! { <td>{dash(*n)}</td> }).collect_view()}
                                <td>{dash(r.jumlah)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
