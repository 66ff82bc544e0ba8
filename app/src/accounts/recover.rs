//! `/pulihkan`: someone who forgot their password sets a new one with the one-time code their
//! administrator (staff) or the kelurahan/desa counter (residents, after showing their KTP) gave
//! them. There is no e-mail: the code is handed over in person.

use super::CodeReset;
use super::ResetWithCode;
use crate::plain_form::{Field, FormErrors, errors_of, submit, succeeded};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Recover() -> impl IntoView {
    let action = ServerAction::<ResetWithCode>::new();
    let errors = errors_of(action);
    let done = succeeded(action);
    view! {
        <section class="card narrow">
            <h1>"Pulihkan kata sandi"</h1>
            <Show
                when=move || done.get()
                fallback=move || view! {
                    <HowToGetACode />
                    <form method="post" on:submit=submit(action, |input: CodeReset| ResetWithCode { input })>
                        <crate::echo::FormFor path={<ResetWithCode as leptos::server_fn::ServerFn>::PATH} />
                        <Field name="code" label="Kode pemulihan" autocomplete="one-time-code" required=true errors
                            hint="Contoh: K7QM-2XWD-9HTA. Huruf besar/kecil dan tanda hubung tidak berpengaruh." />
                        <Field name="password" label="Kata sandi baru" kind="password" autocomplete="new-password"
                            required=true errors hint="Warga paling sedikit 8 karakter, petugas 10." />
                        <Field name="password2" label="Ulangi kata sandi baru" kind="password"
                            autocomplete="new-password" required=true errors />
                        <FormErrors errors fields=&["code", "password", "password2"] />
                        <button type="submit" disabled=move || action.pending().get()>
                            {move || if action.pending().get() { "Menyimpan…" } else { "Simpan kata sandi baru" }}
                        </button>
                    </form>
                }
            >
                <p class="alert ok" role="status">
                    "Kata sandi baru tersimpan. Kode pemulihan sudah terpakai dan semua sesi lama diakhiri."
                </p>
                <A href="/masuk" attr:class="button">"Masuk"</A>
            </Show>
        </section>
    }
}

/// Where a code comes from; also shown under "Lupa kata sandi?" on the login page.
#[component]
pub fn HowToGetACode() -> impl IntoView {
    view! {
        <ul class="hint">
            <li>"Petugas dan pejabat: minta kode pemulihan kepada admin kantor atau admin kota/kabupaten."</li>
            <li>
                "Warga: datang ke loket kantor kelurahan/desa dengan KTP asli. Petugas memeriksa KTP lalu "
                "memberi kode pemulihan."
            </li>
            <li>"Kode berlaku 24 jam dan hanya sekali pakai."</li>
        </ul>
    }
}
