//! Residents' rights over their data (UU PDP 27/2022): `/data-saya/riwayat` shows every time an
//! official opened or changed it, `/data-saya/unduh` gives a copy of everything kept about them.
//! Both are light pages (no wasm): a table and two links.

use super::{AccessEntry, access_history};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use domain::Role;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn AccessHistory() -> impl IntoView {
    let user = UserResource::get();
    view! {
        <h1>"Riwayat akses data saya"</h1>
        <p class="hint">
            "Setiap kali petugas membuka permohonan Anda (beserta data kependudukan Anda), mencari Anda di loket, "
            "memproses atau menandatangani surat Anda, atau data kependudukan Anda diperbarui lewat impor, "
            "tercatat di sini: kapan, kantor mana, dan peran petugasnya."
        </p>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role == Role::Warga => view! { <Entries /> }.into_any(),
                    Ok(Some(_)) => view! { <p class="alert warn">"Halaman ini untuk warga."</p> }.into_any(),
                    _ => view! { <PleaseLogin /> }.into_any(),
                }
            })}
        </Transition>
        <p><A href="/data-saya/unduh">"Unduh semua data saya"</A></p>
    }
}

#[component]
fn Entries() -> impl IntoView {
    let entries = Resource::new(|| (), |_| access_history());
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) if list.is_empty() => {
                        view! { <p>"Belum ada petugas yang membuka data Anda."</p> }.into_any()
                    }
                    Ok(list) => view! { <EntryTable entries=list /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn EntryTable(entries: Vec<AccessEntry>) -> impl IntoView {
    view! {
        <table class="list">
            <thead>
                <tr><th>"Waktu"</th><th>"Kantor"</th><th>"Peran"</th><th>"Kegiatan"</th></tr>
            </thead>
            <tbody>
                {entries
                    .into_iter()
                    .map(|e| view! {
                        <tr><td>{e.waktu}</td><td>{e.kantor}</td><td>{e.peran}</td><td>{e.kegiatan}</td></tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn MyData() -> impl IntoView {
    let user = UserResource::get();
    view! {
        <h1>"Unduh data saya"</h1>
        <p>
            "Salinan semua yang disimpan Serambi tentang Anda: data kependudukan, akun, pengaturan "
            "pemberitahuan, permohonan beserta langkah-langkahnya, data surat, laporan koreksi data, dan "
            "riwayat akses data Anda."
        </p>
        <p class="hint">
            "Berkas ini berisi data pribadi Anda. Simpan baik-baik dan jangan dibagikan. Nama ibu kandung tidak "
            "disertakan karena dipakai untuk memastikan identitas saat mendaftar; lihat di kantor kelurahan."
        </p>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role == Role::Warga => view! {
                        <p class="actions">
                            <a class="button" href="/data-saya/unduh.pdf" download>"Unduh PDF (mudah dibaca)"</a>
                            " "
                            <a class="button secondary" href="/data-saya/unduh.json" download>
                                "Unduh JSON (untuk aplikasi lain)"
                            </a>
                        </p>
                    }
                    .into_any(),
                    Ok(Some(_)) => view! { <p class="alert warn">"Halaman ini untuk warga."</p> }.into_any(),
                    _ => view! { <PleaseLogin /> }.into_any(),
                }
            })}
        </Transition>
        <p><A href="/data-saya/riwayat">"Riwayat akses data saya"</A></p>
    }
}
