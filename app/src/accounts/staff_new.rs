//! `/admin/akun/baru`: an administrator makes a staff account. The roles and offices offered
//! come from the server: an office administrator is offered no administrator roles and makes
//! accounts of their own office only.

use super::{Choice, CreateStaff, NewStaffInput, StaffFormOptions, new_staff_options};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::error::AppError;
use crate::form::messages;
use crate::plain_form::{Field, FormErrors, errors_of, submit};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

const FIELDS: &[&str] = &[
    "username",
    "display_name",
    "role",
    "office_code",
    "nip",
    "rank",
    "position",
    "signer_nik",
    "password",
    "password2",
];

#[component]
pub fn NewStaff() -> impl IntoView {
    let user = UserResource::get();
    let options = Resource::new(|| (), |_| new_staff_options());
    view! {
        <h1>"Buat akun pegawai"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role.administers() => {}
                    Ok(Some(_)) => return view! { <ErrorBox error=AppError::Forbidden /> }.into_any(),
                    _ => return view! { <PleaseLogin /> }.into_any(),
                }
                match options.await {
                    Ok(options) => view! { <NewStaffForm options /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
        <A href="/admin/akun">"← Semua akun"</A>
    }
}

fn choices(list: Vec<Choice>) -> impl IntoView {
    list.into_iter().map(|c| view! { <option value=c.value>{c.label}</option> }).collect_view()
}

#[component]
fn NewStaffForm(options: StaffFormOptions) -> impl IntoView {
    let action = ServerAction::<CreateStaff>::new();
    let errors = errors_of(action);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            navigate(&format!("/admin/akun/{id}"), Default::default());
        }
    });
    let office = match options.own_office {
        Some(own) => view! {
            <p class="field"><strong>"Kantor: "</strong>{own.label}</p>
        }
        .into_any(),
        None => view! {
            <div class="field">
                <label for="office_code">"Kantor"</label>
                <select id="office_code" name="office_code">
                    <option value="">"— tanpa kantor (admin kota/kabupaten) —"</option>
                    {choices(options.offices)}
                </select>
                {messages(errors, "office_code".into())}
            </div>
        }
        .into_any(),
    };
    view! {
        <form method="post" class="card" on:submit=submit(action, |input: NewStaffInput| CreateStaff { input })>
            <crate::echo::FormFor path={<CreateStaff as leptos::server_fn::ServerFn>::PATH} />
            <Field name="username" label="Nama pengguna" required=true errors
                hint="Huruf kecil, angka, titik, garis bawah atau tanda hubung; misalnya lurah.oebobo." />
            <Field name="display_name" label="Nama lengkap (dengan gelar)" required=true errors />
            <div class="field">
                <label for="role">"Peran"</label>
                <select id="role" name="role" required>
                    <option value="">"— pilih —"</option>
                    {choices(options.roles)}
                </select>
                {messages(errors, "role".into())}
            </div>
            {office}
            <fieldset>
                <legend>"Data pejabat (untuk lurah/kepala desa, sekretaris, camat)"</legend>
                <Field name="nip" label="NIP" inputmode="numeric" errors
                    hint="18 angka; kosongkan bila bukan ASN (misalnya Kepala Desa)." />
                <Field name="rank" label="Pangkat/golongan" errors hint="Misalnya Penata Tk. I (III/d)." />
                <Field name="position" label="Jabatan (boleh kosong)" errors
                    hint="Kosong: dari kantornya, misalnya Kepala Desa Oelnasi." />
                <Field name="signer_nik" label="NIK untuk BSrE (boleh kosong)" inputmode="numeric" errors
                    hint="Hanya bila tanda tangan memakai layanan BSrE." />
            </fieldset>
            <Field name="password" label="Kata sandi awal" kind="password" autocomplete="new-password" required=true
                errors hint="Paling sedikit 10 karakter. Sampaikan langsung kepada pemilik akun; ia dapat menggantinya di Akun saya." />
            <Field name="password2" label="Ulangi kata sandi awal" kind="password" autocomplete="new-password"
                required=true errors />
            <FormErrors errors fields=FIELDS />
            <button type="submit" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Membuat…" } else { "Buat akun" }}
            </button>
        </form>
    }
}
