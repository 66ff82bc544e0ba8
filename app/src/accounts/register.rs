//! `/daftar`: a resident without an account proves who they are with their own record, then
//! sets a password.

use super::{IdentityAnswers, NewPassword, RegisterTicket};
use super::{RegisterIdentity as RegisterIdentityFn, RegisterPassword as RegisterPasswordFn};
use super::{RestartRegistration, pending_registration};
use crate::components::{ErrorBox, UserResource};
use crate::echo::{FormFor, value};
use crate::error::AppError;
use crate::form::messages;
use crate::plain_form::errors_of;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Register() -> impl IntoView {
    let ticket = RwSignal::new(None::<RegisterTicket>);
    // Step one posted without JavaScript: the server kept the ticket in a cookie for this page.
    let pending = Resource::new(|| (), |_| pending_registration());
    let restarted = RwSignal::new(false);
    let current = move || {
        ticket.get().or_else(|| if restarted.get() { None } else { pending.get().and_then(|r| r.ok()).flatten() })
    };
    view! {
        <section class="card narrow">
            <h1>"Daftar akun warga"</h1>
            <Suspense fallback=|| view! { <p class="hint">"Memuat…"</p> }>
                {move || match current() {
                    None => view! { <IdentityStep ticket /> }.into_any(),
                    Some(t) => view! { <PasswordStep ticket=t restart=ticket restarted /> }.into_any(),
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn IdentityStep(ticket: RwSignal<Option<RegisterTicket>>) -> impl IntoView {
    let path = RegisterIdentityFn::PATH;
    let typed = |name: &str| value(path, name).unwrap_or_default();
    let (nik0, kk0, birth0, mother0) = (typed("nik"), typed("no_kk"), typed("tanggal_lahir"), typed("nama_ibu"));
    let nik = RwSignal::new(nik0.clone());
    let no_kk = RwSignal::new(kk0.clone());
    let birth = RwSignal::new(birth0.clone());
    let mother = RwSignal::new(mother0.clone());
    let activation = RwSignal::new(String::new());
    let action = ServerAction::<RegisterIdentityFn>::new();
    Effect::new(move |_| {
        if let Some(Ok(t)) = action.value().get() {
            ticket.set(Some(t));
        }
    });
    let errors = errors_of(action);
    let field_error = move |key: &str| messages(errors, key.to_string());
    let general = move || errors.get().filter(|e| !matches!(e, AppError::Validation(_)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(RegisterIdentityFn {
            input: IdentityAnswers {
                nik: nik.get_untracked(),
                no_kk: no_kk.get_untracked(),
                tanggal_lahir: birth.get_untracked(),
                nama_ibu: mother.get_untracked(),
                kode_aktivasi: activation.get_untracked(),
            },
        });
    };
    view! {
        <p class="hint">
            "Isi sesuai Kartu Keluarga (KK). Data dicocokkan dengan data kependudukan; setelah cocok, "
            "Anda membuat kata sandi."
        </p>
        <form method="post" on:submit=on_submit>
            <FormFor path />
            <label for="nik">"NIK"</label>
            <input
                id="nik"
                name="nik"
                inputmode="numeric"
                autocomplete="off"
                maxlength="20"
                required
                value=nik0
                bind:value=nik
            />
            {field_error("nik")}
            <label for="no_kk">"Nomor KK"</label>
            <input
                id="no_kk"
                name="no_kk"
                inputmode="numeric"
                autocomplete="off"
                maxlength="20"
                required
                value=kk0
                bind:value=no_kk
            />
            {field_error("no_kk")}
            <label for="tanggal_lahir">"Tanggal lahir"</label>
            <input id="tanggal_lahir" name="tanggal_lahir" type="date" required value=birth0 bind:value=birth />
            {field_error("tanggal_lahir")}
            <label for="nama_ibu">"Nama ibu kandung"</label>
            <input
                id="nama_ibu"
                name="nama_ibu"
                autocomplete="off"
                maxlength="100"
                required
                value=mother0
                bind:value=mother
            />
            {field_error("nama_ibu")}
            <label for="kode_aktivasi">"Kode aktivasi dari kantor kelurahan/desa"</label>
            <p class="hint">"Wajib bila kelurahan/desa Anda mewajibkannya; mintalah di loket dengan KTP dan KK."</p>
            <input
                id="kode_aktivasi"
                name="kode_aktivasi"
                autocomplete="off"
                autocapitalize="characters"
                maxlength="20"
                bind:value=activation
            />
            {field_error("kode_aktivasi")}
            {move || general().map(|e| view! { <ErrorBox error=e /> })}
            <div class="form-error" role="alert">{field_error("")}</div>
            <button type="submit" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Mencocokkan…" } else { "Lanjut" }}
            </button>
        </form>
        <p class="hint">"Sudah punya akun? " <A href="/masuk">"Masuk"</A></p>
    }
}

#[component]
fn PasswordStep(
    ticket: RegisterTicket,
    restart: RwSignal<Option<RegisterTicket>>,
    restarted: RwSignal<bool>,
) -> impl IntoView {
    let user = UserResource::get();
    let password = RwSignal::new(String::new());
    let password2 = RwSignal::new(String::new());
    let action = ServerAction::<RegisterPasswordFn>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            user.refetch();
            navigate("/", Default::default());
        }
    });
    let errors = errors_of(action);
    let field_error = move |key: &str| messages(errors, key.to_string());
    let general = move || errors.get().filter(|e| !matches!(e, AppError::Validation(_)));
    let token = StoredValue::new(ticket.ticket.clone());
    let forget = ServerAction::<RestartRegistration>::new();
    let start_again = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        forget.dispatch(RestartRegistration {});
        restarted.set(true);
        restart.set(None);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(RegisterPasswordFn {
            input: NewPassword {
                ticket: token.get_value(),
                password: password.get_untracked(),
                password2: password2.get_untracked(),
            },
        });
    };
    view! {
        <p class="alert ok">
            "Data cocok: " <strong>{ticket.nama.clone()}</strong> ". Buat kata sandi dalam "
            {ticket.minutes_valid} " menit."
        </p>
        <form method="post" on:submit=on_submit>
            <FormFor path=RegisterPasswordFn::PATH />
            <input type="hidden" name="ticket" value=ticket.ticket.clone() />
            <label for="password">"Kata sandi (paling sedikit 8 karakter)"</label>
            <input id="password" name="password" type="password" autocomplete="new-password" required bind:value=password />
            {field_error("password")}
            <label for="password2">"Ulangi kata sandi"</label>
            <input id="password2" name="password2" type="password" autocomplete="new-password" required bind:value=password2 />
            {field_error("password2")}
            {move || general().map(|e| view! { <ErrorBox error=e /> })}
            <div class="form-error" role="alert">{field_error("")}</div>
            <button type="submit" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Membuat akun…" } else { "Buat akun" }}
            </button>
        </form>
        <form method="post" class="inline" on:submit=start_again>
            <FormFor path=RestartRegistration::PATH />
            <button type="submit" class="link">"Ulangi dari awal"</button>
        </form>
    }
}
