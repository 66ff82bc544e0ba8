//! "Pemberitahuan" on the account page: add an e-mail address or a mobile number, type the code
//! it received, choose where messages go or turn them off. Three small POST forms; without
//! JavaScript each comes back to `/akun`.

use super::{AddContact, ChooseChannel, ContactSettings, VerifyContact, my_contacts};
use super::{ContactChannel, ContactCodeInput, ContactInput, NotifyChoiceInput};
use crate::components::ErrorBox;
use crate::plain_form::{Field, FormErrors, errors_of, submit};
use leptos::prelude::*;

#[component]
pub fn ContactSettingsCard() -> impl IntoView {
    let add = ServerAction::<AddContact>::new();
    let verify = ServerAction::<VerifyContact>::new();
    let choose = ServerAction::<ChooseChannel>::new();
    let settings =
        Resource::new(move || (add.version().get(), verify.version().get(), choose.version().get()), |_| my_contacts());
    view! {
        <section class="card" id="pemberitahuan">
            <h2>"Pemberitahuan"</h2>
            <p class="hint">
                "Kabar permohonan Anda (kode permohonan, dikembalikan, ditolak, surat siap) lewat e-mail "
                "atau WhatsApp/SMS. Pesan tidak pernah memuat NIK atau nomor KK."
            </p>
            <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! { <Settings s add verify choose /> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Settings(
    s: ContactSettings,
    add: ServerAction<AddContact>,
    verify: ServerAction<VerifyContact>,
    choose: ServerAction<ChooseChannel>,
) -> impl IntoView {
    if s.available.is_empty() {
        return view! { <p class="hint">"Server ini belum dapat mengirim pemberitahuan."</p> }.into_any();
    }
    let status = if !s.enabled {
        "Pemberitahuan dimatikan.".to_string()
    } else {
        match s.channel {
            Some(c) => format!("Pemberitahuan dikirim lewat {}.", c.label()),
            None => "Belum ada kontak terverifikasi: pemberitahuan belum dikirim.".to_string(),
        }
    };
    let pending: Vec<ContactChannel> = s.contacts.iter().filter(|c| c.code_pending).map(|c| c.channel).collect();
    let verified: Vec<ContactChannel> = s.contacts.iter().filter(|c| c.verified).map(|c| c.channel).collect();
    let list = s
        .contacts
        .iter()
        .map(|c| {
            let state = if c.verified { "terverifikasi" } else { "belum diverifikasi" };
            view! { <li>{c.channel.label()} ": " {c.address.clone()} " (" {state} ")"</li> }
        })
        .collect_view();
    view! {
        <p role="status">{status}</p>
        <ul>{list}</ul>
        <AddForm add available=s.available.clone() />
        {(!pending.is_empty()).then(|| view! { <VerifyForm verify pending=pending.clone() /> })}
        {(!verified.is_empty()).then(|| view! { <ChooseForm choose verified=verified.clone() enabled=s.enabled /> })}
    }
    .into_any()
}

fn channel_options(channels: &[ContactChannel]) -> impl IntoView + use<> {
    channels.iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()
}

#[component]
fn AddForm(add: ServerAction<AddContact>, available: Vec<ContactChannel>) -> impl IntoView {
    let errors = errors_of(add);
    view! {
        <form method="post" on:submit=submit(add, |input: ContactInput| AddContact { input })>
            <crate::echo::FormFor path={<AddContact as leptos::server_fn::ServerFn>::PATH} />
            <div class="field">
                <label for="kontak-kanal">"Kanal"</label>
                <select id="kontak-kanal" name="channel">{channel_options(&available)}</select>
            </div>
            <Field name="address" label="Alamat e-mail atau nomor HP" required=true errors
                hint="Kami kirim kode verifikasi ke alamat ini." />
            <FormErrors errors fields=&["address"] />
            <button type="submit" disabled=move || add.pending().get()>"Kirim kode"</button>
        </form>
    }
}

#[component]
fn VerifyForm(verify: ServerAction<VerifyContact>, pending: Vec<ContactChannel>) -> impl IntoView {
    let errors = errors_of(verify);
    view! {
        <form method="post" on:submit=submit(verify, |input: ContactCodeInput| VerifyContact { input })>
            <crate::echo::FormFor path={<VerifyContact as leptos::server_fn::ServerFn>::PATH} />
            <div class="field">
                <label for="kode-kanal">"Kode untuk"</label>
                <select id="kode-kanal" name="channel">{channel_options(&pending)}</select>
            </div>
            <Field name="code" label="Kode verifikasi" required=true errors inputmode="numeric"
                autocomplete="one-time-code" />
            <FormErrors errors fields=&["code"] />
            <button type="submit" disabled=move || verify.pending().get()>"Verifikasi"</button>
        </form>
    }
}

#[component]
fn ChooseForm(choose: ServerAction<ChooseChannel>, verified: Vec<ContactChannel>, enabled: bool) -> impl IntoView {
    let errors = errors_of(choose);
    view! {
        <form method="post" on:submit=submit(choose, |input: NotifyChoiceInput| ChooseChannel { input })>
            <crate::echo::FormFor path={<ChooseChannel as leptos::server_fn::ServerFn>::PATH} />
            <div class="field">
                <label for="pilihan">"Kirim pemberitahuan lewat"</label>
                <select id="pilihan" name="choice">
                    {channel_options(&verified)}
                    <option value="mati" selected=!enabled>"Matikan pemberitahuan"</option>
                </select>
            </div>
            <FormErrors errors fields=&[] />
            <button type="submit" disabled=move || choose.pending().get()>"Simpan"</button>
        </form>
    }
}
