//! `/loket`: a kelurahan clerk serves a resident at the counter: finds their record by NIK
//! (typed into a form, never put in the address) and opens a request for them.

use super::CounterLookup as CounterLookupFn;
use super::{CounterResident, CounterSearch, counter_lookup};
use crate::catalogue::letter_types;
use crate::components::{ErrorBox, PleaseLogin, ResidentTable, UserResource};
use crate::echo::{self, FormFor};
use crate::plain_form::{answer_of, errors_of};
use crate::requests::{CheckRequest, CounterSubmit, RequestForm};
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
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
    let lookup_path = <CounterLookupFn as ServerFn>::PATH;
    // Posted without JavaScript, the page comes back from the look-up (its answer in the echo) or
    // from the request form, which carries the resident's NIK in its body: look them up again.
    let from_request = echo::echoed(<CheckRequest as ServerFn>::PATH)
        .or_else(|| echo::echoed(<CounterSubmit as ServerFn>::PATH))
        .and_then(|e| e.values.get("nik").cloned());
    let again = Resource::new(
        move || from_request.clone(),
        |nik| async move {
            match nik {
                Some(nik) => counter_lookup(CounterSearch { nik }).await.ok(),
                None => None,
            }
        },
    );
    let nik = RwSignal::new(echo::value(lookup_path, "nik").unwrap_or_default());
    let lookup = ServerAction::<CounterLookupFn>::new();
    let found = answer_of(lookup);
    let errors = errors_of(lookup);
    let types = Resource::new(|| (), |_| letter_types());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        lookup.dispatch(CounterLookupFn { input: CounterSearch { nik: nik.get_untracked() } });
    };
    view! {
        <form method="post" class="card" on:submit=on_submit>
            <FormFor path=lookup_path />
            <label for="nik">"NIK warga (dari KTP atau KK)"</label>
            <input id="nik" name="nik" inputmode="numeric" autocomplete="off" maxlength="20" required
                value=nik.get_untracked() bind:value=nik />
            <button type="submit" disabled=move || lookup.pending().get()>
                {move || if lookup.pending().get() { "Mencari…" } else { "Cari data" }}
            </button>
            {move || errors.get().map(|e| view! { <ErrorBox error=e /> })}
        </form>
        <p class="hint">
            "Warga lupa kata sandi? " <A href="/loket/pulihkan">"Buat kode pemulihan"</A> " setelah memeriksa KTP-nya. "
            "Belum punya akun, atau akunnya dibuat orang lain? " <A href="/loket/aktivasi">"Kode aktivasi dan pembatalan pendaftaran"</A> "."
        </p>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let now = found.get();
                let before = again.await;
                now.or(before).map(|found| view! { <CounterResidentView found types /> })
            })}
        </Transition>
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
                    "Warga ini belum punya akun. Ia dapat mendaftar sendiri di /daftar dengan NIK, nomor KK, tanggal lahir, nama ibu kandung dan kode aktivasi dari loket (bila kantor mewajibkannya)."
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

/// The letter type for the resident at the counter, then its form. The choice is a small form
/// (the NIK in its body): without JavaScript "Pilih" looks the resident up again with the type.
#[component]
fn CounterTypeChoice(
    types: Vec<crate::catalogue::LetterTypeInfo>,
    family: Vec<crate::population::FamilyMember>,
    nik: String,
) -> impl IntoView {
    let lookup_path = <CounterLookupFn as ServerFn>::PATH;
    let typed = echo::value(lookup_path, "jenis")
        .or_else(|| echo::value(<CheckRequest as ServerFn>::PATH, "letter_type"))
        .or_else(|| echo::value(<CounterSubmit as ServerFn>::PATH, "letter_type"))
        .unwrap_or_default();
    let selected = RwSignal::new(typed.clone());
    let options = types
        .iter()
        .map(|t| view! { <option value=t.code.clone() selected=t.code == typed>{t.title.clone()}</option> })
        .collect_view();
    let types = StoredValue::new(types);
    let choice = NodeRef::<leptos::html::Select>::new();
    view! {
        <form method="post" class="type-choice" on:submit=move |ev| {
            ev.prevent_default();
            if let Some(s) = choice.get_untracked() {
                selected.set(s.value());
            }
        }>
            <FormFor path=lookup_path />
            <input type="hidden" name="nik" value=nik.clone() />
            <label for="letter_type">"Jenis surat"</label>
            <select id="letter_type" name="jenis" node_ref=choice on:change=move |ev| selected.set(event_target_value(&ev))>
                <option value="">"— pilih —"</option>
                {options}
            </select>
            <button type="submit" class="secondary">"Pilih"</button>
        </form>
        {move || {
            let info = types.with_value(|t| t.iter().find(|t| t.code == selected.get()).cloned());
            let (family, nik) = (family.clone(), nik.clone());
            info.map(|info| view! { <RequestForm info family counter_nik=nik /> })
        }}
    }
}
