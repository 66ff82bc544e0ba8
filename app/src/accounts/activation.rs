//! `/loket/aktivasi`: the counter's side of self-registration. A kelurahan/desa clerk, after
//! checking the resident's KTP, makes a one-time activation code for a resident without an
//! account (handed over on paper), or undoes a registration someone else made with the
//! resident's answers (with the reason). The NIK goes in the POST body, never the address.

use super::counter_reset::CounterClerksOnly;
use super::{ResetCodeView, ResidentActivationCode, ResidentCodeInput, UndoRegistration, UndoRegistrationInput};
use crate::form::messages;
use crate::plain_form::{Field, FormErrors, answer_of, errors_of, submit};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

#[component]
pub fn CounterActivation() -> impl IntoView {
    view! {
        <h1>"Aktivasi pendaftaran warga"</h1>
        <CounterClerksOnly>
            <ActivationDesk />
            <UndoDesk />
        </CounterClerksOnly>
        <A href="/loket">"← Layanan loket"</A>
    }
}

#[component]
fn ActivationDesk() -> impl IntoView {
    let action = ServerAction::<ResidentActivationCode>::new();
    let errors = errors_of(action);
    let made = answer_of(action);
    view! {
        <section>
            <h2>"Kode aktivasi"</h2>
            <p class="hint">
                "Untuk warga yang belum punya akun. Dengan kode ini ia mendaftar sendiri di /daftar; "
                "bila kantor Anda mewajibkan kode aktivasi, pendaftaran tanpa kode ditolak."
            </p>
            <p class="alert warn">"Periksa KTP asli warga lebih dulu: wajah sesuai foto, dan NIK sesuai KTP."</p>
            <form method="post" class="card" on:submit=submit(action, |input: ResidentCodeInput| ResidentActivationCode { input })>
                <crate::echo::FormFor path=ResidentActivationCode::PATH />
                <Field name="nik" label="NIK warga (dari KTP)" inputmode="numeric" required=true errors prefix="aktivasi-" />
                <FormErrors errors fields=&["nik"] />
                <button type="submit" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Membuat…" } else { "Buat kode aktivasi" }}
                </button>
            </form>
            {move || made.get().map(|code| view! { <ActivationShownOnce code /> })}
        </section>
    }
}

/// An activation code just made, to print or write down for its owner. It is not shown again.
#[component]
fn ActivationShownOnce(code: ResetCodeView) -> impl IntoView {
    view! {
        <section class="card done" role="status">
            <h3>"Kode aktivasi untuk " {code.name}</h3>
            <p class="reset-code">{code.code}</p>
            <p>"Berlaku sampai " {code.valid_until} ", sekali pakai."</p>
            <p class="hint">
                "Cetak atau tuliskan kode ini dan berikan langsung kepada warga. Ia membuka "
                <strong>"/daftar"</strong> ", mengisi data KK dan kode ini, lalu membuat kata sandi. "
                "Kode tidak ditampilkan lagi; bila hilang, buat kode baru (kode lama tidak berlaku lagi)."
            </p>
        </section>
    }
}

#[component]
fn UndoDesk() -> impl IntoView {
    let action = ServerAction::<UndoRegistration>::new();
    let errors = errors_of(action);
    let done = answer_of(action);
    view! {
        <section>
            <h2>"Batalkan pendaftaran akun"</h2>
            <p class="hint">
                "Bila warga datang dengan KTP dan akun atas NIK-nya dibuat orang lain: akun itu dinonaktifkan dan "
                "melepas NIK-nya, sesinya berakhir, dan permohonan daring yang belum selesai dari akun itu "
                "dibatalkan. Warga lalu dapat mendaftar sendiri (buatkan kode aktivasi)."
            </p>
            <form method="post" class="card" on:submit=submit(action, |input: UndoRegistrationInput| UndoRegistration { input })>
                <crate::echo::FormFor path=UndoRegistration::PATH />
                <Field name="nik" label="NIK warga (dari KTP)" inputmode="numeric" required=true errors prefix="batal-" />
                <label for="alasan">"Alasan (dicatat)"</label>
                <textarea id="alasan" name="alasan" rows="3" maxlength="500" required>
                    {crate::echo::typed("alasan").unwrap_or_default()}
                </textarea>
                {messages(errors, "alasan".to_string())}
                <FormErrors errors fields=&["nik", "alasan"] />
                <button type="submit" class="danger" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Membatalkan…" } else { "Batalkan pendaftaran" }}
                </button>
            </form>
            {move || {
                done.get()
                    .map(|d| {
                        view! {
                            <section class="card done" role="status">
                                <p>"Pendaftaran akun atas nama " <strong>{d.name}</strong> " dibatalkan."</p>
                                <p>
                                    {if d.cancelled.is_empty() {
                                        "Tidak ada permohonan yang belum selesai.".to_string()
                                    } else {
                                        format!("Permohonan dibatalkan: {}.", d.cancelled.join(", "))
                                    }}
                                </p>
                                {(!d.signed.is_empty())
                                    .then(|| {
                                        view! {
                                            <p class="alert warn">
                                                "Surat yang sudah ditandatangani dari akun itu: " {d.signed.join(", ")}
                                                ". Laporkan kepada lurah/kepala desa untuk dicabut bila perlu."
                                            </p>
                                        }
                                    })}
                            </section>
                        }
                    })
            }}
        </section>
    }
}
