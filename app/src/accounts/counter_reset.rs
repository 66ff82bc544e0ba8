//! `/loket/pulihkan`: a kelurahan/desa clerk makes a one-time reset code for a resident who
//! forgot their password, after checking their KTP at the counter. The NIK goes in the POST
//! body, never the address; the code is shown once.

use super::{ResetCodeView, ResidentCodeInput, ResidentResetCode};
use crate::components::{PleaseLogin, UserResource};
use crate::plain_form::{Field, FormErrors, answer_of, errors_of, submit};
use domain::Role;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CounterReset() -> impl IntoView {
    view! {
        <h1>"Kode pemulihan untuk warga"</h1>
        <CounterClerksOnly>
            <ResidentCodeDesk />
        </CounterClerksOnly>
        <A href="/loket">"← Layanan loket"</A>
    }
}

/// A counter desk's content for kelurahan/desa clerks; a note for other roles; the login
/// prompt for someone signed out.
#[component]
pub fn CounterClerksOnly(children: ChildrenFn) -> impl IntoView {
    let user = UserResource::get();
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(u)) if u.role == Role::PetugasKelurahan => children().into_any(),
                        Ok(Some(_)) => {
                            view! { <p class="alert warn">"Halaman ini untuk petugas loket kelurahan/desa."</p> }
                                .into_any()
                        }
                        _ => view! { <PleaseLogin /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn ResidentCodeDesk() -> impl IntoView {
    let action = ServerAction::<ResidentResetCode>::new();
    let errors = errors_of(action);
    let made = answer_of(action);
    view! {
        <p class="alert warn">
            "Periksa KTP asli warga lebih dulu: wajah sesuai foto, dan NIK yang Anda ketik sesuai KTP. "
            "Kode pemulihan membuka akun warga itu."
        </p>
        <form method="post" class="card" on:submit=submit(action, |input: ResidentCodeInput| ResidentResetCode { input })>
            <crate::echo::FormFor path={<ResidentResetCode as leptos::server_fn::ServerFn>::PATH} />
            <Field name="nik" label="NIK warga (dari KTP)" inputmode="numeric" required=true errors />
            <FormErrors errors fields=&["nik"] />
            <button type="submit" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Membuat…" } else { "Buat kode pemulihan" }}
            </button>
        </form>
        {move || made.get().map(|code| view! { <CodeShownOnce code /> })}
    }
}

/// A reset code just made, with what to tell its owner. It is not shown again.
#[component]
pub fn CodeShownOnce(code: ResetCodeView) -> impl IntoView {
    view! {
        <section class="card done" role="status">
            <h2>"Kode pemulihan untuk " {code.name}</h2>
            <p class="reset-code">{code.code}</p>
            <p>"Berlaku sampai " {code.valid_until} ", sekali pakai."</p>
            <p class="hint">
                "Berikan kode ini langsung kepada pemiliknya. Ia membuka " <strong>"/pulihkan"</strong>
                ", mengetik kode ini dan membuat kata sandi baru. Kode tidak ditampilkan lagi; "
                "bila hilang, buat kode baru (kode lama tidak berlaku lagi)."
            </p>
        </section>
    }
}
