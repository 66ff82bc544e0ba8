use crate::accounts::SessionUser;
use crate::catalogue::LetterCatalogue;
use crate::components::{ErrorBox, ResidentTable, UserResource, is_official};
use crate::population::{family_members, my_record};
use crate::requests::RequestList;
use crate::requests::{WorkCounts, my_requests, work_summary};
use domain::Role;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Home() -> impl IntoView {
    let user = UserResource::get();
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role == Role::Warga => view! { <ResidentHome user=u /> }.into_any(),
                    Ok(Some(u)) if is_official(u.role) => view! { <OfficialHome user=u /> }.into_any(),
                    Ok(Some(u)) => view! { <AdminHome user=u /> }.into_any(),
                    Ok(None) => view! { <Landing /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The city administrator (offices, population, accounts, certificates) or an office
/// administrator (the accounts of their office).
#[component]
fn AdminHome(user: SessionUser) -> impl IntoView {
    let city = user.role == Role::Admin;
    view! {
        <h1>"Selamat bekerja, " {user.name}</h1>
        {user.office_name.map(|o| view! { <p>{o}</p> })}
        <nav class="buttons">
            {city.then(|| view! {
                <A href="/admin/kantor" attr:class="button">"Pengaturan kantor"</A>
                <A href="/admin/penduduk" attr:class="button">"Data penduduk"</A>
            })}
            <A href="/admin/akun" attr:class="button">"Akun pegawai"</A>
            {city.then(|| view! { <A href="/admin/sertifikat" attr:class="button">"Permintaan sertifikat"</A> })}
            <A href="/admin/audit" attr:class="button">"Log audit"</A>
            <A href="/akun" attr:class="button secondary">"Akun saya"</A>
        </nav>
    }
}

#[component]
fn Landing() -> impl IntoView {
    view! {
        <section class="hero">
            <h1>"Layanan surat kelurahan, dari rumah"</h1>
            <p>
                "Ajukan surat keterangan secara daring, pantau prosesnya, dan unduh surat yang sudah "
                "ditandatangani. Keaslian setiap surat dapat diperiksa melalui kode QR."
            </p>
            <A href="/masuk" attr:class="button">
                "Masuk"
            </A>
            " "
            <A href="/daftar" attr:class="button secondary">
                "Daftar akun warga"
            </A>
        </section>
        <h2>"Jenis surat"</h2>
        <LetterCatalogue />
    }
}

#[component]
fn ResidentHome(user: SessionUser) -> impl IntoView {
    let record = Resource::new(|| (), |_| my_record());
    let requests = Resource::new(|| (), |_| my_requests());
    let family = Resource::new(|| (), |_| family_members());
    view! {
        <h1>"Selamat datang, " {user.name}</h1>
        <div class="grid">
            <section class="card">
                <h2>"Permohonan saya"</h2>
                <A href="/permohonan/baru" attr:class="button">
                    "Ajukan surat baru"
                </A>
                <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
                    {move || Suspend::new(async move {
                        match requests.await {
                            Ok(list) if list.is_empty() => view! { <p>"Belum ada permohonan."</p> }.into_any(),
                            Ok(list) => view! { <RequestList items=list /> }.into_any(),
                            Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <section class="card">
                <h2>"Data kependudukan saya"</h2>
                <p class="hint">"Data ini berasal dari catatan kependudukan dan dipakai pada surat Anda."</p>
                <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
                    {move || Suspend::new(async move {
                        match record.await {
                            Ok(r) => view! { <ResidentTable resident=r /> }.into_any(),
                            Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        }
                    })}
                </Transition>
                <ul class="links">
                    <li><A href="/data-saya/laporan">"Data saya salah? Laporkan ke kelurahan"</A></li>
                    <li><A href="/data-saya/riwayat">"Riwayat akses data saya"</A></li>
                    <li><A href="/data-saya/unduh">"Unduh data saya"</A></li>
                </ul>
            </section>
            <section class="card">
                <h2>"Akun saya"</h2>
                <A href="/akun">"Ganti kata sandi"</A>
            </section>
            <section class="card">
                <h2>"Keluarga saya (KK)"</h2>
                <p class="hint">"Anda dapat mengajukan surat untuk anggota KK Anda, misalnya untuk anak."</p>
                <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
                    {move || Suspend::new(async move {
                        match family.await {
                            Ok(members) => view! {
                                <ul class="family">
                                    {members
                                        .into_iter()
                                        .map(|m| view! {
                                            <li>
                                                <strong>{m.nama}</strong> " — " {m.hubungan_keluarga}
                                                {m.me.then_some(" (Anda)")}
                                            </li>
                                        })
                                        .collect_view()}
                                </ul>
                            }
                            .into_any(),
                            Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

/// What needs the official now, each figure a link into the queue filtered to it.
#[component]
fn OfficialHome(user: SessionUser) -> impl IntoView {
    let counts = Resource::new(|| (), |_| work_summary());
    view! {
        <h1>"Selamat bekerja, " {user.name}</h1>
        <p>{user.office_name}</p>
        <h2>"Perlu perhatian"</h2>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match counts.await {
                    Ok(c) => view! { <WorkTiles counts=c /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
        <nav class="buttons">
            <A href="/antrian" attr:class="button">"Buka antrian permohonan"</A>
            {(user.role == Role::PetugasKelurahan).then(|| view! {
                <A href="/loket" attr:class="button">"Layanan loket"</A>
                <A href="/loket/pulihkan" attr:class="button secondary">"Kode pemulihan warga"</A>
            })}
            {matches!(user.role, Role::PetugasKelurahan | Role::Lurah).then(|| view! {
                <A href="/laporan-data" attr:class="button secondary">"Laporan data dari warga"</A>
            })}
            <A href="/akun" attr:class="button secondary">"Akun saya"</A>
        </nav>
    }
}

#[component]
fn WorkTiles(counts: WorkCounts) -> impl IntoView {
    let signed = format!("/antrian?status=ditandatangani&diubah_sejak={}", counts.today);
    let tiles = [
        ("Menunggu tindakan saya", counts.waiting, "/antrian".to_string(), false),
        ("Lewat tenggat layanan", counts.overdue, "/antrian?status=semua&lewat=ya".to_string(), counts.overdue > 0),
        ("Dikembalikan, menunggu pemohon", counts.returned, "/antrian?status=dikembalikan".to_string(), false),
        ("Ditandatangani hari ini", counts.signed_today, signed, false),
    ];
    view! {
        <ul class="tiles">
            {tiles
                .into_iter()
                .map(|(label, n, href, alarm)| {
                    let class = if alarm { "tile late" } else { "tile" };
                    view! {
                        <li>
                            <a class=class href=href>
                                <span class="n">{n}</span>
                                <span class="label">{label}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
