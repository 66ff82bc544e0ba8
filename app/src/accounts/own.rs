//! `/akun` "Akun saya": one's own password, and for signing officials their certificate.

use super::ChangePassword;
use super::PasswordChange;
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::notifications::ContactSettingsCard;
use crate::plain_form::{Field, FormErrors, errors_of, submit, succeeded};
use leptos::html::Form;
use leptos::prelude::*;

#[component]
pub fn OwnAccount() -> impl IntoView {
    let user = UserResource::get();
    view! {
        <h1>"Akun saya"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) => view! {
                        <p class="hint">
                            {u.name.clone()} " · " {u.role_title()}
                            {u.office_title().map(|o| format!(" · {o}"))}
                        </p>
                        <div class="grid">
                            <PasswordForm />
                            <ContactSettingsCard />
                            {u.role.signs().then(|| staff_part!(view! { <crate::signing::OwnCertificate /> }))}
                        </div>
                    }
                    .into_any(),
                    Ok(None) => view! { <PleaseLogin /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
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
        <section class="card">
            <h2>"Ganti kata sandi"</h2>
            <p class="hint">"Setelah diganti, sesi di perangkat lain berakhir; sesi ini tetap masuk."</p>
            <form method="post" node_ref=form on:submit=submit(action, |input: PasswordChange| ChangePassword { input })>
                <crate::echo::FormFor path={<ChangePassword as leptos::server_fn::ServerFn>::PATH} />
                <Field name="current" label="Kata sandi sekarang" kind="password" autocomplete="current-password"
                    required=true errors />
                <Field name="password" label="Kata sandi baru" kind="password" autocomplete="new-password"
                    required=true errors hint="Warga paling sedikit 8 karakter, petugas 10; jangan nama atau NIK Anda." />
                <Field name="password2" label="Ulangi kata sandi baru" kind="password" autocomplete="new-password"
                    required=true errors />
                <FormErrors errors fields=&["current", "password", "password2"] />
                {move || done.get().then(|| view! {
                    <p class="alert ok" role="status">"Kata sandi diganti. Sesi di perangkat lain sudah diakhiri."</p>
                })}
                <button type="submit" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Menyimpan…" } else { "Ganti kata sandi" }}
                </button>
            </form>
        </section>
    }
}
