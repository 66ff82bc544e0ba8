//! The signing official's own certificate, on `/akun`: where it stands, asking for one (the key
//! is made and sealed under a new passphrase when asking; the city administrator approves),
//! and changing the signing passphrase.

use super::my_certificate;
use super::{AskCertificate, CertificateAsk, CertificateStanding, ChangePassphrase, PassphraseChange};
use crate::components::ErrorBox;
use crate::plain_form::{Field, FormErrors, errors_of, submit, succeeded};
use leptos::html::Form;
use leptos::prelude::*;

#[component]
pub fn OwnCertificate() -> impl IntoView {
    let ask = ServerAction::<AskCertificate>::new();
    let change = ServerAction::<ChangePassphrase>::new();
    let standing = Resource::new(move || ask.version().get(), |_| my_certificate());
    view! {
        <section class="card">
            <h2>"Sertifikat tanda tangan elektronik"</h2>
            <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
                {move || Suspend::new(async move {
                    match standing.await {
                        Ok(s) => view! { <Standing standing=s ask change /> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Standing(
    standing: CertificateStanding,
    ask: ServerAction<AskCertificate>,
    change: ServerAction<ChangePassphrase>,
) -> impl IntoView {
    let s = standing;
    let has_current = s.current.as_ref().is_some_and(|c| !c.expired);
    let state = match (&s.current, &s.waiting_since) {
        (Some(c), _) if !c.expired => view! {
            <p class="alert ok">"Berlaku sampai " <strong>{c.valid_until.clone()}</strong> "."</p>
        }
        .into_any(),
        (Some(c), _) => {
            view! { <p class="alert warn">"Sertifikat sudah kedaluwarsa pada " {c.valid_until.clone()} "."</p> }
                .into_any()
        }
        (None, Some(_)) => {
            view! { <p class="alert info">"Permintaan sertifikat Anda sedang menunggu persetujuan."</p> }.into_any()
        }
        (None, None) => {
            view! { <p class="alert warn">"Anda belum memiliki sertifikat; Anda belum dapat menandatangani surat."</p> }
                .into_any()
        }
    };
    view! {
        {state}
        <dl class="record cert">
            <dt>"Jabatan"</dt>
            <dd>{s.position.clone()}</dd>
            {s.current.clone().map(|c| view! {
                <dt>"Nomor seri"</dt>
                <dd class="hash">{c.serial}</dd>
                <dt>"Subjek"</dt>
                <dd>{c.subject}</dd>
            })}
            {s.waiting_since.clone().map(|w| view! {
                <dt>"Permintaan menunggu sejak"</dt>
                <dd>{w}</dd>
            })}
        </dl>
        {has_current.then(|| view! { <PassphraseForm action=change /> })}
        {if s.current.is_some() {
            view! {
                <details class="renewal">
                    <summary>"Minta sertifikat baru"</summary>
                    <AskForm action=ask renewal=true />
                </details>
            }
            .into_any()
        } else {
            view! { <AskForm action=ask renewal=false /> }.into_any()
        }}
    }
}

#[component]
fn AskForm(action: ServerAction<AskCertificate>, renewal: bool) -> impl IntoView {
    let errors = errors_of(action);
    view! {
        <form method="post" on:submit=submit(action, |input: CertificateAsk| AskCertificate { input })>
            <crate::echo::FormFor path={<AskCertificate as leptos::server_fn::ServerFn>::PATH} />
            {(!renewal).then(|| view! { <h3>"Minta sertifikat"</h3> })}
            <p class="hint">
                "Buat passphrase tanda tangan baru (paling sedikit 8 karakter). Passphrase ini mengunci kunci "
                "tanda tangan Anda dan diketik setiap kali menandatangani. Passphrase tidak disimpan dan "
                "tidak dapat dipulihkan siapa pun: bila lupa, Anda harus meminta sertifikat baru. "
                "Admin kota/kabupaten menyetujui permintaan ini."
            </p>
            {renewal.then(|| view! {
                <p class="hint">"Sertifikat lama tetap dipakai sampai yang baru diterbitkan."</p>
            })}
            <Field name="passphrase" label="Passphrase baru" kind="password" autocomplete="new-password"
                required=true errors prefix="ask-" />
            <Field name="passphrase2" label="Ulangi passphrase" kind="password" autocomplete="new-password"
                required=true errors prefix="ask-" />
            <FormErrors errors fields=&["passphrase", "passphrase2"] />
            <button type="submit" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Membuat kunci…" } else { "Kirim permintaan" }}
            </button>
        </form>
    }
}

#[component]
fn PassphraseForm(action: ServerAction<ChangePassphrase>) -> impl IntoView {
    let errors = errors_of(action);
    let done = succeeded(action);
    let form = NodeRef::<Form>::new();
    Effect::new(move |_| {
        if done.get()
            && let Some(f) = form.get()
        {
            f.reset();
        }
    });
    view! {
        <form method="post" node_ref=form on:submit=submit(action, |input: PassphraseChange| ChangePassphrase { input })>
            <crate::echo::FormFor path={<ChangePassphrase as leptos::server_fn::ServerFn>::PATH} />
            <h3>"Ganti passphrase tanda tangan"</h3>
            <Field name="old" label="Passphrase lama" kind="password" autocomplete="current-password" required=true
                errors prefix="pp-" />
            <Field name="passphrase" label="Passphrase baru" kind="password" autocomplete="new-password" required=true
                errors prefix="pp-" />
            <Field name="passphrase2" label="Ulangi passphrase baru" kind="password" autocomplete="new-password"
                required=true errors prefix="pp-" />
            <FormErrors errors fields=&["old", "passphrase", "passphrase2"] />
            {move || done.get().then(|| view! { <p class="alert ok" role="status">"Passphrase diganti."</p> })}
            <button type="submit" disabled=move || action.pending().get()>"Ganti passphrase"</button>
        </form>
    }
}
