//! `/admin/penduduk`: upload a Dukcapil/SIAK export and follow its import; the problems of
//! each import (row, column, reason) are shown, the full report can be downloaded.

use super::{ImportReport, ImportView};
use super::{ImportUpload, import_detail, import_upload, imports};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::error::AppError;
use domain::Role;
use leptos::prelude::*;

#[component]
pub fn Population() -> impl IntoView {
    let user = UserResource::get();
    view! {
        <h1>"Data penduduk"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role == Role::Admin => view! { <ImportDesk /> }.into_any(),
                    Ok(Some(_)) => view! { <p class="alert warn">"Halaman ini untuk admin."</p> }.into_any(),
                    _ => view! { <PleaseLogin /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ImportDesk() -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    let list = Resource::new(move || refresh.get(), |_| imports());
    // The import whose details are open: `?impor=<id>`, a link that works without JavaScript.
    let query = leptos_router::hooks::use_query_map();
    let selected = Memo::new(move |_| query.read().get("impor").and_then(|v| v.parse::<uuid::Uuid>().ok()));
    let detail = Resource::new(
        move || (selected.get(), refresh.get()),
        |(id, _)| async move {
            match id {
                Some(id) => import_detail(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // Posted without JavaScript, the page comes back with the import it started.
    let path = <ImportUpload as leptos::server_fn::ServerFn>::PATH;
    let posted = match (crate::echo::output::<ImportView>(path), crate::echo::error(path)) {
        (_, Some(e)) => Some(Err(e)),
        (Some(started), None) => Some(Ok(started)),
        (None, None) => None,
    };
    let upload_state = RwSignal::new(posted.clone().map(|r| r.map(|s| started_message(&s))));
    let scheduled = StoredValue::new(false);
    // While an import runs, look again every two seconds. The list and the open detail are
    // fetched separately, so either may be the one that still shows it running: an import can
    // end between the two reads, and the detail must not stay behind at "berjalan".
    Effect::new(move |_| {
        let listed = list.get().and_then(|r| r.ok()).is_some_and(|l| l.iter().any(|i| i.status == "berjalan"));
        let opened = detail.get().and_then(|r| r.ok()).flatten().is_some_and(|d| d.import.status == "berjalan");
        // Both resources answer each round: one timer at a time.
        if (listed || opened) && !scheduled.get_value() {
            scheduled.set_value(true);
            let again = move || {
                scheduled.set_value(false);
                refresh.update(|n| *n += 1);
            };
            set_timeout(again, std::time::Duration::from_secs(2));
        }
    });
    let navigate = leptos_router::hooks::use_navigate();
    let file_input = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = file_input.get() else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            upload_state.set(Some(Err(AppError::field("file", "Pilih berkas CSV data penduduk."))));
            return;
        };
        let Ok(form) = web_sys::FormData::new() else { return };
        if form.append_with_blob_and_filename("file", &file, &file.name()).is_err() {
            return;
        }
        upload_state.set(Some(Ok(format!("Mengunggah {}…", file.name()))));
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match import_upload(form.into()).await {
                Ok(started) => {
                    upload_state.set(Some(Ok(started_message(&started))));
                    navigate(&format!("/admin/penduduk?impor={}", started.id), Default::default());
                    refresh.update(|n| *n += 1);
                }
                Err(e) => upload_state.set(Some(Err(e))),
            }
        });
        input.set_value("");
    };
    let errors = Signal::derive(move || upload_state.get().and_then(|r| r.err()));
    view! {
        <section class="card">
            <h2>"Impor dari Dukcapil/SIAK"</h2>
            <p class="hint">
                "Berkas CSV ekspor SIAK (pemisah ; atau , — UTF-8). Kolom wajib: NIK, NO_KK, NAMA_LGKP, TMPT_LHR, "
                "TGL_LHR, JENIS_KLMIN, AGAMA, STAT_KWN, JENIS_PKRJN, STAT_HBKEL, NAMA_LGKP_IBU, ALAMAT, NO_RT, "
                "NO_RW, NO_PROP, NO_KAB, NO_KEC, NO_KEL (KWRNGRN boleh). Baris yang salah dilewati dan dicatat; "
                "baris lain disimpan sekaligus. Berkas yang sama boleh diimpor ulang."
            </p>
            // Without JavaScript the file streams to the server as a plain multipart post (the
            // form's name first); with it, the same server function takes it.
            <form method="post" enctype="multipart/form-data" on:submit=on_submit>
                <crate::echo::FormFor path=path />
                <label for="berkas-penduduk">"Pilih berkas CSV"</label>
                <input id="berkas-penduduk" type="file" name="file" accept=".csv,text/csv" node_ref=file_input />
                {move || errors.get().map(|e| e.field_messages("file")).unwrap_or_default().into_iter()
                    .map(|m| view! { <p class="field-error">{m}</p> }).collect_view()}
                <button type="submit">"Unggah dan impor"</button>
            </form>
            {move || match upload_state.get() {
                Some(Ok(m)) => view! { <p class="alert info" role="status">{m}</p> }.into_any(),
                Some(Err(e)) if !e.field_messages("file").is_empty() => ().into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                None => ().into_any(),
            }}
            {posted.and_then(|r| r.ok()).map(|started| {
                let href = format!("/admin/penduduk?impor={}", started.id);
                view! {
                    <p><a href=href>"Lihat kemajuan impor"</a></p>
                }
            })}
        </section>
        <section class="card">
            <h2>"Riwayat impor"</h2>
            <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <p>"Belum ada impor."</p> }.into_any(),
                        Ok(items) => view! { <ImportTable items /> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(Some(d)) => view! { <ImportProblems detail=d /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn started_message(started: &ImportView) -> String {
    format!("{} diunggah; impor berjalan.", started.source_name)
}

fn status_label(i: &ImportView) -> String {
    match i.status.as_str() {
        "berjalan" if i.phase.as_deref() == Some("menyimpan") => format!("menyimpan… {} baris dibaca", i.rows_total),
        "berjalan" => format!("berjalan… {} baris dibaca", i.rows_total),
        "selesai" => "selesai".into(),
        _ => "gagal".into(),
    }
}

#[component]
fn ImportTable(items: Vec<ImportView>) -> impl IntoView {
    view! {
        <table class="imports">
            <thead>
                <tr>
                    <th>"Berkas"</th>
                    <th>"Mulai"</th>
                    <th>"Status"</th>
                    <th>"Baris"</th>
                    <th>"Diterima"</th>
                    <th>"Baru"</th>
                    <th>"Berubah"</th>
                    <th>"Sama"</th>
                    <th>"Ditolak"</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|i| {
                        let href = format!("/admin/penduduk?impor={}", i.id);
                        view! {
                            <tr class=format!("import-{}", i.status)>
                                <td>{i.source_name.clone()}</td>
                                <td>{i.started_label.clone()}</td>
                                <td>
                                    {status_label(&i)}
                                    {i.seconds.map(|s| format!(" ({s:.1} s)"))}
                                    {i.message.clone().map(|m| view! { <br /> <span class="field-error">{m}</span> })}
                                </td>
                                <td>{i.rows_total}</td>
                                <td>{i.rows_ok}</td>
                                <td>{i.inserted}</td>
                                <td>{i.updated}</td>
                                <td>{i.unchanged}</td>
                                <td>{i.rows_rejected}</td>
                                <td>
                                    <a href=href>"Rincian"</a>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn ImportProblems(detail: ImportReport) -> impl IntoView {
    let i = detail.import;
    view! {
        <section class="card import-detail">
            <h2>"Rincian impor " {i.source_name.clone()}</h2>
            <p>
                {format!(
                    "{} baris: {} diterima ({} baru, {} berubah, {} sama), {} ditolak.",
                    i.rows_total, i.rows_ok, i.inserted, i.updated, i.unchanged, i.rows_rejected,
                )}
            </p>
            {i.report_url.clone().map(|url| view! { <a href=url download>"Unduh laporan lengkap (CSV)"</a> })}
            // Without JavaScript nothing looks again by itself while the import runs: the page does.
            {(i.status == "berjalan").then(|| view! {
                <noscript>
                    <meta http-equiv="refresh" content=format!("3; url=/admin/penduduk?impor={}", i.id) />
                </noscript>
            })}
            {(!detail.problems.is_empty()).then(|| view! {
                <table class="problems">
                    <thead>
                        <tr>
                            <th>"Baris"</th>
                            <th>"Kolom"</th>
                            <th>"Alasan"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {detail
                            .problems
                            .into_iter()
                            .map(|p| view! {
                                <tr>
                                    <td>{p.line}</td>
                                    <td>{p.column}</td>
                                    <td>{p.reason}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}
