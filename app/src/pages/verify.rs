use crate::api::verify_letter;
use crate::components::ErrorBox;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

/// Public page reached from a letter's QR code.
#[component]
pub fn Verify() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| Uuid::parse_str(&s).ok());
    let letter = Resource::new(id, |id| async move {
        match id {
            Some(id) => verify_letter(id).await,
            None => Ok(None),
        }
    });
    view! {
        <h1>"Pemeriksaan keaslian surat"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memeriksa…"</p> }>
            {move || Suspend::new(async move {
                match letter.await {
                    Ok(Some(l)) => view! {
                        <section class="card verified" data-result="asli">
                            <p class="verdict ok">"✔ Surat ini asli dan terdaftar di Serambi."</p>
                            <dl class="record">
                                <dt>"Instansi"</dt><dd>{l.office_name}</dd>
                                <dt>"Jenis surat"</dt><dd>{l.letter_title}</dd>
                                <dt>"Nomor"</dt><dd class="number">{l.number}</dd>
                                <dt>"Tanggal"</dt><dd>{l.date_label}</dd>
                                <dt>"Atas nama"</dt><dd>{l.resident_name}</dd>
                                <dt>"NIK"</dt><dd>{l.nik_masked}</dd>
                                <dt>"Ditandatangani oleh"</dt><dd>{l.signer_name} ", " {l.signer_position}</dd>
                                <dt>"Sidik dokumen (SHA-256)"</dt><dd class="hash">{l.sha256}</dd>
                            </dl>
                        </section>
                    }.into_any(),
                    Ok(None) => view! {
                        <section class="card" data-result="tidak-ditemukan">
                            <p class="verdict bad">"Surat tidak ditemukan."</p>
                            <p>"Tidak ada surat terdaftar dengan kode ini. Surat yang Anda pegang mungkin tidak asli; hubungi kelurahan penerbit."</p>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
