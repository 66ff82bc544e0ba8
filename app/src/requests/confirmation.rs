//! The confirmation page after submitting (GOV.UK's pattern): the reference code, big and easy
//! to read aloud, the date the office promises, and what happens next.

use super::receipt;
use crate::components::ErrorBox;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| Uuid::parse_str(&s).ok());
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => receipt(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                let r = match data.await {
                    Ok(r) => r,
                    Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                };
                let due = if r.due_certain {
                    r.due_label.clone()
                } else {
                    format!("{} (perkiraan: hari libur tahun itu belum ditetapkan)", r.due_label)
                };
                let keep = if r.at_counter {
                    "Tuliskan kode ini untuk warga. Dengan kode ini dan tanggal lahirnya, warga dapat melihat status permohonan di halaman Lacak."
                } else {
                    "Catat atau foto kode ini. Dengan kode ini dan tanggal lahir Anda, status permohonan dapat dilihat di halaman Lacak tanpa masuk."
                };
                let bring = if r.at_counter && r.bring.is_empty() {
                    view! { <p>"Warga dapat mengambil surat di loket, atau mengunduhnya bila sudah punya akun."</p> }.into_any()
                } else if r.bring.is_empty() {
                    view! {
                        <p>"Tidak ada yang perlu dibawa: surat yang sudah ditandatangani dapat Anda unduh dari akun ini."</p>
                    }
                    .into_any()
                } else {
                    view! {
                        <p>"Saat surat selesai, bawa ke kantor " {r.office.clone()} ":"</p>
                        <ul>{r.bring.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul>
                    }
                    .into_any()
                };
                view! {
                    <section class="panel confirmation" role="status">
                        <h1>"Permohonan terkirim"</h1>
                        <p>"Kode permohonan Anda"</p>
                        <p class="reference big">{r.reference.clone()}</p>
                        <p class="hint">{keep}</p>
                    </section>
                    <section class="card">
                        <h2>"Yang terjadi selanjutnya"</h2>
                        <dl class="record">
                            <dt>"Surat"</dt>
                            <dd>{r.letter_title.clone()} " untuk " {r.subject_name.clone()}</dd>
                            <dt>"Diajukan"</dt>
                            <dd>{r.submitted_label.clone()}</dd>
                            <dt>"Perkiraan selesai"</dt>
                            <dd class="due">{due} {format!(" ({} hari kerja)", r.service_days)}</dd>
                            <dt>"Ditandatangani oleh"</dt>
                            <dd>{r.signer.clone()}</dd>
                        </dl>
                        <p>
                            {format!("Petugas {} memeriksa permohonan Anda. ", r.office)}
                            {if r.notified {
                                "Anda akan menerima pesan bila permohonan dikembalikan untuk diperbaiki, ditolak, atau suratnya sudah siap."
                            } else {
                                "Pantau statusnya di akun Anda, atau aktifkan pemberitahuan di halaman Akun agar mendapat pesan."
                            }}
                        </p>
                        {bring}
                        <p class="buttons">
                            <A href=format!("/permohonan/{}", r.id) attr:class="button">"Lihat permohonan"</A>
                            <A href="/" attr:class="button secondary">"Ke beranda"</A>
                        </p>
                    </section>
                }
                .into_any()
            })}
        </Transition>
    }
}
