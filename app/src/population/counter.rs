//! `/loket`: a kelurahan clerk serves a resident at the counter: finds their record by NIK
//! (typed into a form, never put in the address) and opens a request for them.

use super::CounterLookup as CounterLookupFn;
use super::{CounterResident, CounterSearch};
use crate::catalogue::letter_types;
use crate::components::{ErrorBox, PleaseLogin, ResidentTable, UserResource};
use crate::requests::RequestForm;
use domain::Role;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Counter() -> impl IntoView {
    let user = UserResource::get();
    view! {
        <h1>"Layanan loket"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role == Role::PetugasKelurahan => view! { <CounterDesk /> }.into_any(),
                    Ok(Some(_)) => {
                        view! { <p class="alert warn">"Layanan loket untuk petugas kelurahan."</p> }.into_any()
                    }
                    _ => view! { <PleaseLogin /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CounterDesk() -> impl IntoView {
    let nik = RwSignal::new(String::new());
    let lookup = ServerAction::<CounterLookupFn>::new();
    let types = Resource::new(|| (), |_| letter_types());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        lookup.dispatch(CounterLookupFn { input: CounterSearch { nik: nik.get_untracked() } });
    };
    view! {
        <form method="post" class="card" on:submit=on_submit>
            <label for="nik">"NIK warga (dari KTP atau KK)"</label>
            <input id="nik" name="nik" inputmode="numeric" autocomplete="off" maxlength="20" required bind:value=nik />
            <button type="submit" disabled=move || lookup.pending().get()>
                {move || if lookup.pending().get() { "Mencari…" } else { "Cari data" }}
            </button>
            {move || lookup.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e /> })}
        </form>
        <p class="hint">
            "Warga lupa kata sandi? " <A href="/loket/pulihkan">"Buat kode pemulihan"</A> " setelah memeriksa KTP-nya."
        </p>
        {move || {
            lookup
                .value()
                .get()
                .and_then(|r| r.ok())
                .map(|found| view! { <CounterResidentView found types /> })
        }}
    }
}

#[component]
fn CounterResidentView(
    found: CounterResident,
    types: Resource<Result<Vec<crate::catalogue::LetterTypeInfo>, crate::error::AppError>>,
) -> impl IntoView {
    let nik = found.record.nik.clone();
    let family = found.family.clone();
    view! {
        <section class="card">
            <h2>{found.record.nama.clone()}</h2>
            {found
                .warnings
                .iter()
                .map(|w| view! { <p class="alert warn">{w.clone()}</p> })
                .collect_view()}
            <p class="hint">
                {if found.has_account {
                    "Warga ini sudah punya akun: permohonan dari loket juga tampil di akunnya."
                } else {
                    "Warga ini belum punya akun. Ia dapat mendaftar sendiri di /daftar dengan NIK, nomor KK, tanggal lahir dan nama ibu kandung."
                }}
            </p>
            <ResidentTable resident=found.record.clone() />
        </section>
        <h2>"Ajukan surat untuk warga ini"</h2>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || {
                let nik = nik.clone();
                let family = family.clone();
                Suspend::new(async move {
                    match types.await {
                        Ok(list) => view! { <CounterTypeChoice types=list family nik /> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// The letter type for the resident at the counter, then its form.
#[component]
fn CounterTypeChoice(
    types: Vec<crate::catalogue::LetterTypeInfo>,
    family: Vec<crate::population::FamilyMember>,
    nik: String,
) -> impl IntoView {
    let selected = RwSignal::new(String::new());
    let options =
        types.iter().map(|t| view! { <option value=t.code.clone()>{t.title.clone()}</option> }).collect_view();
    let types = StoredValue::new(types);
    view! {
        <label for="letter_type">"Jenis surat"</label>
        <select id="letter_type" on:change=move |ev| selected.set(event_target_value(&ev))>
            <option value="">"— pilih —"</option>
            {options}
        </select>
        {move || {
            let info = types.with_value(|t| t.iter().find(|t| t.code == selected.get()).cloned());
            let (family, nik) = (family.clone(), nik.clone());
            info.map(|info| view! { <RequestForm info family counter_nik=nik /> })
        }}
    }
}
