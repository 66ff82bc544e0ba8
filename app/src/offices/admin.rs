//! Admin: the offices and their layout and numbering settings (paper, margins, kop surat,
//! emblem, letter-number pattern and counter scope).

use super::{OfficeEmblem, OfficeLayout, OfficeSettings, OfficeSettingsInput};
use super::{SaveOfficeSettings, get_office_settings, office_emblem, offices};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::echo::{self, FormFor};
use crate::error::AppError;
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// "Kelurahan Oebobo", "Desa Oelnasi", "Kota Kupang" (not "Kota Kota Kupang").
fn full_name(kind: &str, name: &str) -> String {
    domain::OfficeKind::parse(kind).map_or_else(|| name.to_string(), |k| k.office_name(name))
}

#[component]
pub fn Offices() -> impl IntoView {
    let user = UserResource::get();
    let list = Resource::new(|| (), |_| offices());
    view! {
        <h1>"Pengaturan kantor"</h1>
        <p>"Kertas, margin, kop surat, lambang, dan penomoran surat setiap kantor."</p>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role == Role::Admin => {}
                    Ok(Some(_)) => return view! { <ErrorBox error=AppError::Forbidden /> }.into_any(),
                    _ => return view! { <PleaseLogin /> }.into_any(),
                }
                match list.await {
                    Ok(list) => view! {
                        <p class="hint">
                            "Daftar wilayah Kemendagri: "
                            {list.edition.unwrap_or_else(|| "belum dimuat (serambi wilayah impor)".into())}
                        </p>
                        <table class="offices">
                            <thead>
                                <tr><th>"Kode"</th><th>"Kantor"</th></tr>
                            </thead>
                            <tbody>
                                {list
                                    .offices
                                    .into_iter()
                                    .map(|o| view! {
                                        <tr>
                                            <td>{o.code.clone()}</td>
                                            <td>
                                                <A href=format!("/admin/kantor/{}", o.code)>
                                                    {full_name(&o.kind, &o.name)}
                                                </A>
                                            </td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn OfficePage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let settings = Resource::new(code, get_office_settings);
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <SettingsForm settings=s /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A labelled one-line text input bound to a signal, posted as `name`.
fn text_input(id: &'static str, name: &'static str, label: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input id=id name=name type="text" value=value.get_untracked() prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev)) />
    }
}

#[component]
fn SettingsForm(settings: OfficeSettings) -> impl IntoView {
    let s = settings;
    let current = RwSignal::new(s.clone());
    let l = &s.layout;
    // Posted without JavaScript and come back with an error: what was typed.
    let save_path = <SaveOfficeSettings as ServerFn>::PATH;
    let emblem_path = <OfficeEmblem as ServerFn>::PATH;
    let failed = echo::error(save_path).is_some();
    let typed = |name: &str, stored: &str| {
        if failed { echo::value(save_path, name).unwrap_or_default() } else { stored.to_string() }
    };
    let paper = RwSignal::new(typed("paper", &l.paper));
    let margins: [RwSignal<i64>; 4] = std::array::from_fn(|i| {
        let stored = l.margins_mm[i].to_string();
        RwSignal::new(typed(&format!("margins[{i}]"), &stored).trim().parse().unwrap_or(0))
    });
    let kop = RwSignal::new(typed("kop_lines", &l.kop_lines));
    let pattern = RwSignal::new(typed("number_pattern", &l.number_pattern));
    let scope = RwSignal::new(typed("counter_scope", &l.counter_scope));
    let address = RwSignal::new(typed("address", &l.address));
    let place = RwSignal::new(typed("place", &l.place));
    let unit = RwSignal::new(typed("unit_code", &l.unit_code));
    let remove_emblem = RwSignal::new(false);
    let activation = RwSignal::new(if failed {
        echo::value(save_path, "activation_required").is_some()
    } else {
        s.activation_required
    });
    let for_residents = matches!(s.kind.as_str(), "kelurahan" | "desa");
    // The emblem posted without JavaScript comes back with the page.
    let emblem_state = RwSignal::new(match (echo::error(emblem_path), echo::output::<OfficeSettings>(emblem_path)) {
        (Some(e), _) => Some(Err(e)),
        (None, Some(_)) => Some(Ok("Lambang disimpan.".to_string())),
        _ => None,
    });
    let save = ServerAction::<SaveOfficeSettings>::new();
    let saved = crate::plain_form::succeeded(save);
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            current.set(saved);
            remove_emblem.set(false);
        }
    });
    let code = s.code.clone();
    let on_submit = {
        let code = code.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let margins_mm = margins.map(|m| m.get_untracked());
            save.dispatch(SaveOfficeSettings {
                input: OfficeSettingsInput {
                    code: code.clone(),
                    layout: OfficeLayout {
                        paper: paper.get_untracked(),
                        margins_mm,
                        kop_lines: kop.get_untracked(),
                        number_pattern: pattern.get_untracked(),
                        counter_scope: scope.get_untracked(),
                        address: address.get_untracked(),
                        place: place.get_untracked(),
                        unit_code: unit.get_untracked(),
                    },
                    remove_emblem: remove_emblem.get_untracked(),
                    activation_required: activation.get_untracked(),
                },
            });
        }
    };
    let on_emblem = {
        let code = code.clone();
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let Ok(form) = web_sys::FormData::new() else { return };
            if form.append_with_str("code", &code).is_err()
                || form.append_with_blob_and_filename("file", &file, &file.name()).is_err()
            {
                return;
            }
            emblem_state.set(Some(Ok("Mengunggah…".into())));
            leptos::task::spawn_local(async move {
                match office_emblem(form.into()).await {
                    Ok(saved) => {
                        current.set(saved);
                        emblem_state.set(Some(Ok("Lambang disimpan.".into())));
                    }
                    Err(e) => emblem_state.set(Some(Err(e))),
                }
            });
        }
    };
    let save_errors = crate::plain_form::errors_of(save);
    let errors = move || save_errors.get();
    let field_error = move |key: &'static str| {
        move || {
            errors()
                .map(|e| e.field_messages(key))
                .unwrap_or_default()
                .into_iter()
                .map(|m| view! { <p class="field-error">{m}</p> })
                .collect_view()
        }
    };
    let margin_inputs = ["atas", "kanan", "bawah", "kiri"]
        .into_iter()
        .zip(margins)
        .enumerate()
        .map(|(i, (label, signal))| {
            let id = format!("margin-{label}");
            let name = format!("margins[{i}]");
            view! {
                <label for=id.clone()>{label}</label>
                <input id=id type="number" min="5" max="60" name=name value=signal.get_untracked().to_string()
                    prop:value=move || signal.get().to_string()
                    on:input=move |ev| signal.set(event_target_value(&ev).parse().unwrap_or(0)) />
            }
        })
        .collect_view();
    view! {
        <h1>{full_name(&s.kind, &s.name)}</h1>
        <p class="hint">"Kode wilayah " {s.code.clone()} ". Surat contoh dibuat dengan pengaturan baru sebelum disimpan."</p>
        <form method="post" class="card" on:submit=on_submit>
            <FormFor path=save_path />
            <input type="hidden" name="code" value=s.code.clone() />
            <label for="paper">"Ukuran kertas"</label>
            <select id="paper" name="paper" prop:value=move || paper.get() on:change=move |ev| paper.set(event_target_value(&ev))>
                <option value="a4" selected=paper.get_untracked() == "a4">"A4 (210 × 297 mm)"</option>
                <option value="f4" selected=paper.get_untracked() == "f4">"F4 (215 × 330 mm)"</option>
            </select>
            {field_error("paper")}
            <fieldset class="margins">
                <legend>"Margin (mm)"</legend>
                {margin_inputs}
            </fieldset>
            {field_error("margins")}
            <label for="kop">"Kop surat (satu baris per baris; kosongkan untuk kop bawaan)"</label>
            <textarea id="kop" name="kop_lines" rows="4" prop:value=move || kop.get()
                on:input=move |ev| kop.set(event_target_value(&ev))>{kop.get_untracked()}</textarea>
            {field_error("kop")}
            {text_input("address", "address", "Alamat kantor", address)}
            {field_error("address")}
            {text_input("place", "place", "Tempat penandatanganan", place)}
            {field_error("place")}
            {text_input("unit", "unit_code", "Kode unit pada nomor surat", unit)}
            {field_error("unit_code")}
            <label for="pattern">"Pola nomor surat"</label>
            <p class="hint">"Bagian: {klasifikasi} {urut:03} {unit} {bulan_romawi} {bulan} {tahun}"</p>
            <input id="pattern" name="number_pattern" type="text" value=pattern.get_untracked()
                prop:value=move || pattern.get() on:input=move |ev| pattern.set(event_target_value(&ev)) />
            {field_error("number_pattern")}
            <p class="hint">"Contoh saat ini: " <strong class="number-example">{move || current.get().number_example}</strong></p>
            <label for="scope">"Penomoran dihitung"</label>
            <select id="scope" name="counter_scope" prop:value=move || scope.get()
                on:change=move |ev| scope.set(event_target_value(&ev))>
                <option value="kantor" selected=scope.get_untracked() == "kantor">"per kantor per tahun"</option>
                <option value="klasifikasi" selected=scope.get_untracked() == "klasifikasi">
                    "per kantor, per kode klasifikasi, per tahun"
                </option>
            </select>
            {field_error("counter_scope")}
            <fieldset>
                <legend>"Lambang daerah"</legend>
                <p>{move || if current.get().has_emblem { "Lambang terpasang." } else { "Belum ada lambang." }}</p>
                <label class="check">
                    <input type="checkbox" name="remove_emblem" value="true" prop:checked=move || remove_emblem.get()
                        on:change=move |ev| remove_emblem.set(event_target_checked(&ev)) />
                    " Hapus lambang"
                </label>
            </fieldset>
            {for_residents.then(|| view! {
                <fieldset>
                    <legend>"Pendaftaran akun warga"</legend>
                    <label class="check">
                        <input type="checkbox" name="activation_required" value="true" prop:checked=move || activation.get()
                            on:change=move |ev| activation.set(event_target_checked(&ev)) />
                        " Wajibkan kode aktivasi dari loket"
                    </label>
                    <p class="hint">
                        "NIK, nomor KK, tanggal lahir dan nama ibu tertulis di setiap fotokopi KK. Dengan kode aktivasi, "
                        "warga mendaftar hanya setelah petugas loket memeriksa KTP-nya dan memberinya kode."
                    </p>
                </fieldset>
            })}
            {move || errors().map(|e| view! { <ErrorBox error=e /> })}
            {move || saved.get().then(|| view! { <p class="alert ok" role="status">"Pengaturan disimpan."</p> })}
            <button type="submit" disabled=move || save.pending().get()>
                {move || if save.pending().get() { "Menyimpan…" } else { "Simpan" }}
            </button>
        </form>
        // Its own form: with JavaScript the image goes as soon as it is chosen.
        <form method="post" enctype="multipart/form-data" class="card emblem" on:submit=|ev| ev.prevent_default()>
            <FormFor path=emblem_path />
            <input type="hidden" name="code" value=s.code.clone() />
            <label for="emblem">"Unggah lambang baru (PNG atau JPEG, paling besar 1 MB)"</label>
            <input id="emblem" name="file" type="file" accept="image/png,image/jpeg" on:change=on_emblem />
            <button type="submit" class="secondary">"Unggah lambang"</button>
            {move || emblem_state.get().map(|r| match r {
                Ok(m) => view! { <p class="upload done">{m}</p> }.into_any(),
                Err(e) => view! { <ErrorBox error=e /> }.into_any(),
            })}
        </form>
        <A href="/admin/kantor">"← Semua kantor"</A>
    }
}
