//! `/admin/sertifikat`: the city administrator decides officials' waiting certificate requests:
//! approve with the CA passphrase (typed for this one act) or refuse with a reason. And the
//! revocation form of the account page.

use super::{ApproveCertificate, CertificateApproval, CertificateRefusal, CertificateRevocation};
use super::{IssuedCertificate, PendingCertificate, RefuseCertificate, RevokeCertificate, waiting_certificates};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::error::AppError;
use crate::plain_form::{Field, FormErrors, errors_of, submit};
use domain::Role;
use leptos::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

#[component]
pub fn CertificateRequests() -> impl IntoView {
    let user = UserResource::get();
    // Set by a row when it decided its request: reloads the list.
    let decided = RwSignal::new(0u32);
    // Approved without JavaScript: the certificate comes back with the page.
    let issued = RwSignal::new(crate::echo::output::<IssuedCertificate>(
        <ApproveCertificate as leptos::server_fn::ServerFn>::PATH,
    ));
    let list = Resource::new(move || decided.get(), |_| waiting_certificates());
    view! {
        <h1>"Permintaan sertifikat"</h1>
        <p class="hint">
            "Pejabat penandatangan meminta sertifikat dari halaman Akun saya. Periksa orang dan jabatannya, "
            "lalu terbitkan dengan passphrase CA."
        </p>
        {move || issued.get().map(|c| view! {
            <p class="alert ok" role="status">
                "Sertifikat diterbitkan, serial " <strong class="hash">{c.serial}</strong> ", berlaku sampai "
                {c.valid_until} "."
            </p>
        })}
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role == Role::Admin => {}
                    Ok(Some(_)) => return view! { <ErrorBox error=AppError::Forbidden /> }.into_any(),
                    _ => return view! { <PleaseLogin /> }.into_any(),
                }
                match list.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="empty">"Tidak ada permintaan yang menunggu."</p> }.into_any(),
                    Ok(rows) => rows
                        .into_iter()
                        .map(|request| view! { <Waiting request decided issued /> })
                        .collect_view()
                        .into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[derive(Deserialize)]
struct CaPassphrase {
    #[serde(default)]
    ca_passphrase: String,
}

#[derive(Deserialize)]
struct Reason {
    #[serde(default)]
    reason: String,
}

#[component]
fn Waiting(
    request: PendingCertificate,
    decided: RwSignal<u32>,
    issued: RwSignal<Option<IssuedCertificate>>,
) -> impl IntoView {
    let approve = ServerAction::<ApproveCertificate>::new();
    let refuse = ServerAction::<RefuseCertificate>::new();
    Effect::new(move |_| {
        if let Some(Ok(c)) = approve.value().get() {
            issued.set(Some(c));
            decided.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = refuse.value().get() {
            issued.set(None);
            decided.update(|n| *n += 1);
        }
    });
    let id = request.request_id;
    let prefix = format!("r{}-", id.simple());
    let (approve_errors, refuse_errors) = (errors_of(approve), errors_of(refuse));
    let on_approve = submit(approve, move |p: CaPassphrase| ApproveCertificate {
        input: CertificateApproval { request_id: id, ca_passphrase: p.ca_passphrase },
    });
    let on_refuse = submit(refuse, move |r: Reason| RefuseCertificate {
        input: CertificateRefusal { request_id: id, reason: r.reason },
    });
    view! {
        <section class="card">
            <h2>{request.official_name}</h2>
            <p>{request.position} " · " {request.office}</p>
            <p class="hint">"Diminta " {request.requested_at}</p>
            <div class="grid">
                <form method="post" on:submit=on_approve>
                    <crate::echo::FormFor path={<ApproveCertificate as leptos::server_fn::ServerFn>::PATH} />
                    <input type="hidden" name="request_id" value=id.to_string() />
                    <Field name="ca_passphrase" label="Passphrase CA" kind="password" autocomplete="off" required=true
                        errors=approve_errors prefix=prefix.clone() />
                    <FormErrors errors=approve_errors fields=&["ca_passphrase"] />
                    <button type="submit" disabled=move || approve.pending().get()>
                        {move || if approve.pending().get() { "Menerbitkan…" } else { "Terbitkan sertifikat" }}
                    </button>
                </form>
                <form method="post" on:submit=on_refuse>
                    <crate::echo::FormFor path={<RefuseCertificate as leptos::server_fn::ServerFn>::PATH} />
                    <input type="hidden" name="request_id" value=id.to_string() />
                    <Field name="reason" label="Alasan penolakan" required=true errors=refuse_errors prefix=prefix />
                    <FormErrors errors=refuse_errors fields=&["reason"] />
                    <button type="submit" class="danger" disabled=move || refuse.pending().get()>"Tolak"</button>
                </form>
            </div>
        </section>
    }
}

/// Revokes the certificate of the official behind account `user_id` (city administrator).
#[component]
pub fn RevokeForm(user_id: Uuid, action: ServerAction<RevokeCertificate>) -> impl IntoView {
    let errors = errors_of(action);
    let on_submit = submit(action, move |r: Reason| RevokeCertificate {
        input: CertificateRevocation { user_id, reason: r.reason },
    });
    view! {
        <form method="post" on:submit=on_submit>
            <crate::echo::FormFor path={<RevokeCertificate as leptos::server_fn::ServerFn>::PATH} />
            <input type="hidden" name="user_id" value=user_id.to_string() />
            <h2>"Cabut sertifikat"</h2>
            <p class="hint">
                "Surat yang sudah ditandatangani tetap sah; sertifikat ini tidak dapat menandatangani lagi. "
                "Pejabat dapat meminta sertifikat baru."
            </p>
            <Field name="reason" label="Alasan pencabutan" required=true errors prefix="cabut-" />
            <FormErrors errors fields=&["reason"] />
            <button type="submit" class="danger" disabled=move || action.pending().get()>"Cabut sertifikat"</button>
        </form>
    }
}
