use super::{HashCheck, MatchFile, MatchHash, MatchResult, PublicLetter, RevokeInput};
use super::{RevokeLetter, match_file, match_hash, verify_letter};
use crate::components::ErrorBox;
use crate::echo::{self, FormFor};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

/// Public page reached from a letter's QR code: what was registered, whether the file someone
/// holds matches it, and (for its office or an admin) revocation.
#[component]
pub fn Verify() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| Uuid::parse_str(&s).ok());
    let revoke = ServerAction::<RevokeLetter>::new();
    let letter = Resource::new(
        move || (id(), revoke.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => verify_letter(id).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <h1>"Pemeriksaan keaslian surat"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memeriksa…"</p> }>
            {move || Suspend::new(async move {
                match letter.await {
                    Ok(Some(l)) => view! {
                        <Registered letter=l.clone() />
                        <CompareFile id=l.id />
                        {l.can_revoke.then(|| view! { <RevokeForm id=l.id action=revoke /> })}
                    }
                    .into_any(),
                    Ok(None) => view! {
                        <section class="card" data-result="tidak-ditemukan">
                            <p class="verdict bad">"Surat tidak ditemukan."</p>
                            <p>"Tidak ada surat terdaftar dengan kode ini. Surat yang Anda pegang mungkin tidak asli; hubungi kelurahan penerbit."</p>
                        </section>
                    }
                    .into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Registered(letter: PublicLetter) -> impl IntoView {
    let l = letter;
    let kind = match l.signature_kind.as_str() {
        "pades" => "Tanda tangan elektronik (PAdES) dengan sertifikat CA Serambi",
        "bsre" => "Tanda tangan elektronik tersertifikasi (BSrE)",
        _ => "Terdaftar tanpa tanda tangan elektronik tertanam",
    };
    let verdict = match &l.revoked {
        Some(r) => view! {
            <p class="verdict bad">"✘ Surat ini telah DICABUT dan tidak berlaku lagi."</p>
            <p>"Alasan: " <strong class="revoke-reason">{r.reason.clone()}</strong> " (" {r.at_label.clone()} ")"</p>
        }
        .into_any(),
        None => view! { <p class="verdict ok">"✔ Surat ini terdaftar di Serambi dan berlaku."</p> }.into_any(),
    };
    let state = if l.revoked.is_some() { "dicabut" } else { "asli" };
    view! {
        <section class="card verified" data-result=state>
            {verdict}
            <dl class="record">
                <dt>"Instansi"</dt><dd>{l.office_name}</dd>
                <dt>"Jenis surat"</dt><dd>{l.letter_title}</dd>
                <dt>"Nomor"</dt><dd class="number">{l.number}</dd>
                <dt>"Tanggal"</dt><dd>{l.date_label}</dd>
                <dt>"Atas nama"</dt><dd>{l.resident_name}</dd>
                <dt>"NIK"</dt><dd>{l.nik_masked}</dd>
                <dt>"Ditandatangani oleh"</dt><dd>{l.signer_name} ", " {l.signer_position}</dd>
                <dt>"Waktu tanda tangan"</dt><dd>{l.signed_at_label}</dd>
                <dt>"Jenis tanda tangan"</dt><dd>{kind}</dd>
                {(!l.certificate_subject.is_empty()).then(|| view! {
                    <dt>"Sertifikat"</dt><dd class="cert">{l.certificate_subject.clone()}</dd>
                    <dt>"Nomor seri sertifikat"</dt><dd class="hash">{l.certificate_serial.clone()}</dd>
                    <dt>"Penerbit sertifikat"</dt><dd>{l.certificate_issuer.clone()}</dd>
                })}
                <dt>"Sidik dokumen (SHA-256)"</dt><dd class="hash">{l.sha256}</dd>
            </dl>
        </section>
    }
}

/// Upload the PDF one holds, or paste its SHA-256, and compare it with the registered letter.
/// Two plain forms posted to this page (without JavaScript the answer comes back with it); with
/// JavaScript a chosen file is checked at once.
#[component]
fn CompareFile(id: Uuid) -> impl IntoView {
    let (file_path, hash_path) = (<MatchFile as ServerFn>::PATH, <MatchHash as ServerFn>::PATH);
    let echoed = echo::echoed(file_path).or_else(|| echo::echoed(hash_path));
    let start = echoed.as_ref().and_then(|e| match (&e.error, e.output.as_deref()) {
        (Some(err), _) => Some(Err(err.clone())),
        (None, Some(json)) => serde_json::from_str::<MatchResult>(json).ok().map(Ok),
        _ => None,
    });
    let result = RwSignal::new(start);
    let busy = RwSignal::new(false);
    let hash = RwSignal::new(echo::value(hash_path, "sha256").unwrap_or_default());
    let file_input = NodeRef::<leptos::html::Input>::new();
    let check_file = move || {
        let Some(input) = file_input.get_untracked() else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        let Ok(form) = web_sys::FormData::new() else { return };
        if form.append_with_str("letter_id", &id.to_string()).is_err()
            || form.append_with_blob_and_filename("file", &file, &file.name()).is_err()
        {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            result.set(Some(match_file(form.into()).await));
            busy.set(false);
        });
    };
    let on_hash = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let input = HashCheck { letter_id: id, sha256: hash.get_untracked() };
        leptos::task::spawn_local(async move {
            result.set(Some(match_hash(input).await));
            busy.set(false);
        });
    };
    view! {
        <section class="card compare">
            <h2>"Cocokkan dengan berkas yang Anda pegang"</h2>
            <p>"Pilih berkas PDF surat ini: Serambi menghitung sidiknya dan membandingkannya dengan surat yang terdaftar. Berkas tidak disimpan."</p>
            <form method="post" enctype="multipart/form-data" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                check_file();
            }>
                <FormFor path=file_path />
                <input type="hidden" name="letter_id" value=id.to_string() />
                <label for="berkas-surat">"Berkas PDF surat"</label>
                <input id="berkas-surat" name="file" type="file" accept="application/pdf,.pdf" node_ref=file_input
                    on:change=move |_| check_file() />
                <button type="submit" class="secondary" disabled=move || busy.get()>"Periksa berkas"</button>
            </form>
            <form method="post" on:submit=on_hash>
                <FormFor path=hash_path />
                <input type="hidden" name="letter_id" value=id.to_string() />
                <label for="sidik">"atau tempel sidik SHA-256"</label>
                <input id="sidik" name="sha256" autocomplete="off" spellcheck="false" bind:value=hash />
                <button type="submit" class="secondary" disabled=move || busy.get()>"Periksa sidik"</button>
            </form>
            {move || busy.get().then(|| view! { <p class="loading">"Memeriksa…"</p> })}
            {move || result.get().map(|r| match r {
                Ok(m) => view! { <MatchVerdict result=m /> }.into_any(),
                Err(e) => view! { <ErrorBox error=e /> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn MatchVerdict(result: MatchResult) -> impl IntoView {
    let m = result;
    let (class, state) = if m.matches { ("verdict ok", "cocok") } else { ("verdict bad", "tidak-cocok") };
    view! {
        <div class="match" data-match=state role="status">
            <p class=class>{m.message}</p>
            <dl class="record">
                <dt>"Sidik berkas Anda"</dt><dd class="hash">{m.sha256}</dd>
                <dt>"Sidik surat terdaftar"</dt><dd class="hash">{m.registered_sha256}</dd>
                {m.signature.map(|s| {
                    let state = match (s.intact, s.registered_certificate) {
                        (true, true) => "utuh: seluruh berkas ditandatangani dengan sertifikat yang terdaftar untuk surat ini dan tidak berubah sejak itu",
                        (true, false) => "BUKAN sertifikat yang terdaftar untuk surat ini: tanda tangan ini dibuat orang lain",
                        (false, _) => "RUSAK: berkas berubah setelah ditandatangani",
                    };
                    view! { <dt>"Tanda tangan tertanam"</dt><dd>{s.signer} " — " {state}</dd> }
                })}
            </dl>
        </div>
    }
}

#[component]
fn RevokeForm(id: Uuid, action: ServerAction<RevokeLetter>) -> impl IntoView {
    let path = <RevokeLetter as ServerFn>::PATH;
    let reason = RwSignal::new(echo::value(path, "reason").unwrap_or_default());
    let error = crate::plain_form::errors_of(action);
    view! {
        <section class="card revoke">
            <h2>"Cabut surat ini"</h2>
            <p>"Surat yang dicabut tetap terdaftar, tetapi setiap pemeriksaan akan menyatakannya tidak berlaku, dengan alasan di bawah."</p>
            <form method="post" on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(RevokeLetter { input: RevokeInput { letter_id: id, reason: reason.get_untracked() } });
            }>
                <FormFor path />
                <input type="hidden" name="letter_id" value=id.to_string() />
                <label for="alasan-cabut">"Alasan pencabutan (ditampilkan kepada pemeriksa)"</label>
                <textarea id="alasan-cabut" name="reason" rows="2" bind:value=reason></textarea>
                {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
                <button type="submit" class="danger" data-action="revoke" disabled=move || action.pending().get()>
                    "Cabut surat"
                </button>
            </form>
        </section>
    }
}
