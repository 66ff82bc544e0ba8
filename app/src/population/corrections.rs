//! Data-correction notes: `/data-saya/laporan` for a resident, `/laporan-data` for the
//! kelurahan's officials.

use super::{CORRECTION_FIELDS, CorrectionInput, CorrectionResponse, CorrectionView};
use super::{ReportCorrection, ResolveCorrection as ResolveFn, corrections};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::echo::{self, FormFor};
use crate::plain_form::{errors_of, succeeded};
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

#[component]
pub fn ReportData() -> impl IntoView {
    let user = UserResource::get();
    view! {
        <h1>"Laporkan data yang salah"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role == Role::Warga => view! { <ReportForm /> }.into_any(),
                    Ok(Some(_)) => view! { <p class="alert warn">"Halaman ini untuk warga."</p> }.into_any(),
                    _ => view! { <PleaseLogin /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ReportForm() -> impl IntoView {
    let path = <ReportCorrection as ServerFn>::PATH;
    // Posted without JavaScript and come back with an error: what was ticked and typed.
    let echoed = echo::echoed(path).filter(|e| e.error.is_some());
    let ticked: Vec<String> = echoed
        .as_ref()
        .map(|e| e.values.iter().filter(|(k, _)| k.starts_with("fields[")).map(|(_, v)| v.clone()).collect())
        .unwrap_or_default();
    let chosen = RwSignal::new(ticked);
    let note = RwSignal::new(echoed.and_then(|e| e.values.get("note").cloned()).unwrap_or_default());
    let action = ServerAction::<ReportCorrection>::new();
    let errors = errors_of(action);
    let done = succeeded(action);
    let list = Resource::new(move || action.version().get(), |_| corrections());
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            chosen.set(Vec::new());
            note.set(String::new());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ReportCorrection {
            input: CorrectionInput { fields: chosen.get_untracked(), note: note.get_untracked() },
        });
    };
    let boxes = CORRECTION_FIELDS
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = f.to_string();
            let id = format!("koreksi-{}", f.to_lowercase().replace(|c: char| !c.is_alphanumeric(), "-"));
            let toggled = name.clone();
            let label_for = id.clone();
            view! {
                <label class="check" for=label_for>
                    <input
                        id=id
                        type="checkbox"
                        name=format!("fields[{i}]")
                        value=*f
                        checked=chosen.with_untracked(|c| c.contains(&name))
                        prop:checked={
                            let name = name.clone();
                            move || chosen.with(|c| c.contains(&name))
                        }
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| {
                                c.retain(|x| x != &toggled);
                                if on {
                                    c.push(toggled.clone());
                                }
                            });
                        }
                    />
                    {*f}
                </label>
            }
        })
        .collect_view();
    view! {
        <p class="hint">
            "Data kependudukan berasal dari Dukcapil dan tidak dapat diubah di Serambi. Jika ada yang salah, "
            "beri tahu kelurahan Anda: petugas memeriksanya dan meneruskannya. Bawa dokumen asli bila diminta."
        </p>
        <form method="post" class="card" on:submit=on_submit>
            <FormFor path />
            <fieldset>
                <legend>"Data yang salah"</legend>
                {boxes}
            </fieldset>
            <label for="note">"Apa yang salah, dan seharusnya bagaimana?"</label>
            <textarea id="note" name="note" rows="4" maxlength="1000" prop:value=move || note.get()
                on:input=move |ev| note.set(event_target_value(&ev))>{note.get_untracked()}</textarea>
            {move || errors.get().map(|e| view! { <ErrorBox error=e /> })}
            {move || {
                done.get().then(|| view! { <p class="alert ok" role="status">"Laporan terkirim ke kelurahan."</p> })
            }}
            <button type="submit" disabled=move || action.pending().get()>"Kirim laporan"</button>
        </form>
        <h2>"Laporan saya"</h2>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(items) if items.is_empty() => view! { <p>"Belum ada laporan."</p> }.into_any(),
                    Ok(items) => {
                        view! {
                            <ul class="corrections">
                                {items.into_iter().map(|c| view! { <CorrectionItem c /> }).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
        <A href="/">"Kembali ke beranda"</A>
    }
}

#[component]
fn CorrectionItem(c: CorrectionView) -> impl IntoView {
    view! {
        <li class="card correction">
            <p>
                <strong>{c.fields.clone()}</strong>
                " · " {c.created_label.clone()} " · "
                <span class=if c.done { "badge status-ditandatangani" } else { "badge status-diajukan" }>
                    {if c.done { "Sudah ditanggapi" } else { "Menunggu" }}
                </span>
            </p>
            <p>{c.note.clone()}</p>
            {c.response.clone().map(|r| view! { <p class="alert info">"Tanggapan kelurahan: " {r}</p> })}
        </li>
    }
}

/// The kelurahan's list of notes to handle.
#[component]
pub fn DataReports() -> impl IntoView {
    let user = UserResource::get();
    view! {
        <h1>"Laporan data dari warga"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if matches!(u.role, Role::PetugasKelurahan | Role::Lurah) => {
                        view! { <OfficeReports /> }.into_any()
                    }
                    Ok(Some(_)) => view! { <p class="alert warn">"Halaman ini untuk kelurahan."</p> }.into_any(),
                    _ => view! { <PleaseLogin /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OfficeReports() -> impl IntoView {
    let resolve = ServerAction::<ResolveFn>::new();
    let errors = errors_of(resolve);
    let list = Resource::new(move || resolve.version().get(), |_| corrections());
    view! {
        {move || errors.get().map(|e| view! { <ErrorBox error=e /> })}
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(items) if items.is_empty() => view! { <p>"Belum ada laporan."</p> }.into_any(),
                    Ok(items) => {
                        view! {
                            <ul class="corrections">
                                {items.into_iter().map(|c| view! { <OfficeItem c resolve /> }).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OfficeItem(c: CorrectionView, resolve: ServerAction<ResolveFn>) -> impl IntoView {
    let response = RwSignal::new(String::new());
    let id = c.id;
    let open = !c.done;
    view! {
        <li class="card correction">
            <p>
                <strong>{c.name.clone()}</strong> " · NIK " {c.nik.clone()} " · " {c.created_label.clone()}
            </p>
            <p>"Data: " <strong>{c.fields.clone()}</strong></p>
            <p>{c.note.clone()}</p>
            {c.response.clone().map(|r| view! { <p class="alert info">"Tanggapan: " {r}</p> })}
            {open.then(|| {
                let field = format!("tanggapan-{id}");
                view! {
                    <form method="post" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        resolve.dispatch(ResolveFn {
                            input: CorrectionResponse { id, response: response.get_untracked() },
                        });
                    }>
                        <FormFor path={<ResolveFn as ServerFn>::PATH} />
                        <input type="hidden" name="id" value=id.to_string() />
                        <label for=field.clone()>"Tanggapan untuk warga"</label>
                        <textarea id=field name="response" rows="2" maxlength="1000" prop:value=move || response.get()
                            on:input=move |ev| response.set(event_target_value(&ev))></textarea>
                        <button type="submit" disabled=move || resolve.pending().get()>"Tandai selesai"</button>
                    </form>
                }
            })}
        </li>
    }
}
