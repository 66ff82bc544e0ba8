//! `/admin/akun/:id`: one staff account: its details and edit form, disabling (with a reason)
//! and enabling, a one-time reset code, revoking the certificate (city administrator) and the
//! account's history. An account outside the administrator's scope is the not-found page (404).

use super::counter_reset::CodeShownOnce;
use super::{AccountEvent, SetStaffActive, StaffActiveInput, StaffChangeInput, StaffDetail, StaffResetCode};
use super::{UpdateStaff, get_staff};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::echo::FormFor;
use crate::error::AppError;
use crate::not_found::NotFound;
use crate::plain_form::{Field, FormErrors, answer_of, errors_of, submit, succeeded};
use crate::signing::{RevokeCertificate, RevokeForm};
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde::Deserialize;
use uuid::Uuid;

/// The actions of the page; each success reloads the account.
#[derive(Clone, Copy)]
struct Acts {
    update: ServerAction<UpdateStaff>,
    active: ServerAction<SetStaffActive>,
    reset: ServerAction<StaffResetCode>,
    revoke: ServerAction<RevokeCertificate>,
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let user = UserResource::get();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| Uuid::parse_str(&s).ok());
    let acts = Acts {
        update: ServerAction::new(),
        active: ServerAction::new(),
        reset: ServerAction::new(),
        revoke: ServerAction::new(),
    };
    let versions = move || {
        (
            acts.update.version().get(),
            acts.active.version().get(),
            acts.reset.version().get(),
            acts.revoke.version().get(),
        )
    };
    let detail = Resource::new(
        move || (id(), versions()),
        |(id, _)| async move {
            match id {
                Some(id) => get_staff(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                let city_admin = match user.await {
                    Ok(Some(u)) if u.role.administers() => u.role == Role::Admin,
                    Ok(Some(_)) => return view! { <ErrorBox error=AppError::Forbidden /> }.into_any(),
                    _ => return view! { <PleaseLogin /> }.into_any(),
                };
                match detail.await {
                    Ok(d) => view! { <Detail detail=d acts city_admin /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
        <A href="/admin/akun">"← Semua akun"</A>
    }
}

#[component]
fn Detail(detail: StaffDetail, acts: Acts, city_admin: bool) -> impl IntoView {
    let d = detail;
    let s = &d.summary;
    let facts = [
        ("Nama pengguna", s.username.clone()),
        ("Peran", s.role_label.clone()),
        ("Kantor", s.office.clone().unwrap_or_else(|| "—".into())),
        ("Status", if s.active { "Aktif".into() } else { "Nonaktif".into() }),
        ("Terakhir masuk", s.last_login.clone().unwrap_or_else(|| "Belum pernah".into())),
        ("Sertifikat", s.certificate.label()),
    ];
    let has_certificate = matches!(s.certificate, super::CertificateState::Valid { .. });
    let id = s.id;
    view! {
        <h1>{s.name.clone()}</h1>
        {(!d.on_behalf.is_empty()).then(|| view! { <p class="hint">"Menandatangani " {d.on_behalf.clone()}</p> })}
        <dl class="record card">
            {facts.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
        <div class="grid">
            <EditForm detail=d.clone() action=acts.update />
            <section class="card">
                <ActiveForm id active=s.active action=acts.active />
                <ResetForm id action=acts.reset />
                {(city_admin && has_certificate).then(|| view! { <RevokeForm user_id=id action=acts.revoke /> })}
            </section>
        </div>
        <History log=d.log.clone() />
    }
}

#[component]
fn EditForm(detail: StaffDetail, action: ServerAction<UpdateStaff>) -> impl IntoView {
    let errors = errors_of(action);
    let done = succeeded(action);
    let d = detail;
    view! {
        <form method="post" class="card" on:submit=submit(action, |input: StaffChangeInput| UpdateStaff { input })>
            <FormFor path={<UpdateStaff as ServerFn>::PATH} />
            <h2>"Ubah data"</h2>
            <input type="hidden" name="id" value=d.summary.id.to_string() />
            <Field name="display_name" label="Nama lengkap (dengan gelar)" value=d.summary.name.clone() required=true errors />
            {d.official.then(|| view! {
                <Field name="nip" label="NIP" value=d.nip.clone() inputmode="numeric" errors
                    hint="18 angka; kosong bila bukan ASN." />
                <Field name="rank" label="Pangkat/golongan" value=d.rank.clone() errors />
                <Field name="position" label="Jabatan" value=d.position.clone() errors
                    hint="Tercetak di bawah tanda tangan. Kosong: tidak diubah." />
                <Field name="signer_nik" label="NIK untuk BSrE" value=d.signer_nik.clone() inputmode="numeric" errors />
            })}
            <FormErrors errors fields=&["display_name", "nip", "rank", "position", "signer_nik"] />
            {move || done.get().then(|| view! { <p class="alert ok" role="status">"Data disimpan."</p> })}
            <button type="submit" disabled=move || action.pending().get()>"Simpan"</button>
        </form>
    }
}

#[derive(Deserialize)]
struct Reason {
    #[serde(default)]
    reason: String,
}

#[component]
fn ActiveForm(id: Uuid, active: bool, action: ServerAction<SetStaffActive>) -> impl IntoView {
    let errors = errors_of(action);
    let wrap = move |r: Reason| SetStaffActive { input: StaffActiveInput { id, active: !active, reason: r.reason } };
    view! {
        <form method="post" on:submit=submit(action, wrap)>
            <FormFor path={<SetStaffActive as ServerFn>::PATH} />
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="active" value=(!active).to_string() />
            <h2>{if active { "Nonaktifkan akun" } else { "Aktifkan kembali" }}</h2>
            {if active {
                view! {
                    <p class="hint">"Akun nonaktif tidak dapat masuk; sesinya berakhir saat itu juga."</p>
                    <Field name="reason" label="Alasan" required=true errors />
                }
                .into_any()
            } else {
                view! { <p class="hint">"Akun ini nonaktif. Setelah diaktifkan, pemiliknya dapat masuk lagi."</p> }.into_any()
            }}
            <FormErrors errors fields=&["reason"] />
            <button type="submit" class=if active { "danger" } else { "" } disabled=move || action.pending().get()>
                {if active { "Nonaktifkan" } else { "Aktifkan" }}
            </button>
        </form>
    }
}

#[component]
fn ResetForm(id: Uuid, action: ServerAction<StaffResetCode>) -> impl IntoView {
    let errors = errors_of(action);
    let made = answer_of(action);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(StaffResetCode { id });
    };
    view! {
        <form method="post" on:submit=on_submit>
            <FormFor path={<StaffResetCode as ServerFn>::PATH} />
            <input type="hidden" name="id" value=id.to_string() />
            <h2>"Kode pemulihan"</h2>
            <p class="hint">"Untuk pemilik akun yang lupa kata sandinya: kode sekali pakai, berlaku 24 jam."</p>
            <FormErrors errors fields=&[] />
            <button type="submit" class="secondary" disabled=move || action.pending().get()>"Buat kode pemulihan"</button>
        </form>
        {move || made.get().map(|code| view! { <CodeShownOnce code /> })}
    }
}

#[component]
fn History(log: Vec<AccountEvent>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>"Riwayat akun"</h2>
            {if log.is_empty() {
                view! { <p class="empty">"Belum ada catatan."</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {log
                            .into_iter()
                            .map(|e| view! {
                                <li>
                                    <strong>{e.what}</strong>
                                    <span class="when">" · " {e.at} {e.by.map(|b| format!(" · oleh {b}"))}</span>
                                    {(!e.note.is_empty()).then(|| view! { <p class="note">{e.note}</p> })}
                                </li>
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
}
