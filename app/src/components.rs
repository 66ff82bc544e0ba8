//! Small pieces used by several pages.

use crate::accounts::Logout;
use crate::accounts::SessionUser;
use crate::error::AppError;
use crate::population::ResidentView;
use domain::{OfficeKind, RequestStatus};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

type UserResult = Result<Option<SessionUser>, AppError>;

/// The signed-in user, fetched once per page load and refetched after login/logout.
#[derive(Clone, Copy)]
pub struct UserResource(pub Resource<UserResult>);

impl UserResource {
    pub fn get() -> Resource<UserResult> {
        expect_context::<UserResource>().0
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let user = UserResource::get();
    let logout = ServerAction::<Logout>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            user.refetch();
            navigate("/", Default::default());
        }
    });
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">
                "Serambi"
            </A>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(Some(u)) => {
                            let nav = staff_nav(u.role, u.waiting);
                            view! {
                                {nav}
                                <A href="/akun" attr:class="who" attr:title="Akun saya">
                                    <span class="who-name">{u.name.clone()}</span>
                                    <span class="who-role">
                                        {u.role_title()}
                                        {u.office_title().map(|o| format!(" · {o}"))}
                                    </span>
                                </A>
                                // A plain form: signing out works before (or without) JavaScript.
                                <form method="post" action="/" class="logout" on:submit=move |ev| {
                                    ev.prevent_default();
                                    logout.dispatch(Logout {});
                                }>
                                    <crate::echo::FormFor path={<Logout as leptos::server_fn::ServerFn>::PATH} />
                                    <button type="submit" class="link">"Keluar"</button>
                                </form>
                            }
                                .into_any()
                        }
                        _ => view! { <A href="/masuk">"Masuk"</A> }.into_any(),
                    }
                })}
            </Transition>
        </header>
    }
}

/// The staff menu, for staff. Staff always get the officials' bundle, so the residents' bundle
/// leaves the menu out (`staff` feature).
#[cfg(any(feature = "ssr", feature = "staff"))]
fn staff_nav(role: domain::Role, waiting: Option<u64>) -> Option<AnyView> {
    (role != domain::Role::Warga).then(|| view! { <StaffNav role waiting /> }.into_any())
}
#[cfg(not(any(feature = "ssr", feature = "staff")))]
fn staff_nav(_role: domain::Role, _waiting: Option<u64>) -> Option<AnyView> {
    None
}

/// The places a staff role uses, with where one is marked. Without JavaScript too: on a phone it
/// folds behind a "Menu" toggle that is a checkbox and its label (CSS only).
#[cfg(any(feature = "ssr", feature = "staff"))]
#[component]
fn StaffNav(role: domain::Role, waiting: Option<u64>) -> impl IntoView {
    use domain::Role;
    let places: &[(&str, &str)] = match role {
        Role::PetugasKelurahan => {
            &[("/", "Beranda"), ("/antrian", "Antrian"), ("/loket", "Loket"), ("/laporan-data", "Laporan data")]
        }
        Role::Lurah => &[
            ("/", "Beranda"),
            ("/antrian", "Antrian"),
            ("/laporan-data", "Laporan data"),
            ("/dasbor", "Dasbor"),
            ("/skm", "Survei kepuasan"),
        ],
        Role::PetugasKecamatan => &[("/", "Beranda"), ("/antrian", "Antrian")],
        Role::Camat => &[("/", "Beranda"), ("/antrian", "Antrian"), ("/dasbor", "Dasbor"), ("/skm", "Survei kepuasan")],
        Role::AdminKantor => &[("/", "Beranda"), ("/admin/akun", "Akun pegawai"), ("/admin/audit", "Log audit")],
        Role::Admin => &[
            ("/", "Beranda"),
            ("/admin/kantor", "Kantor"),
            ("/admin/penduduk", "Penduduk"),
            ("/admin/akun", "Akun pegawai"),
            ("/admin/sertifikat", "Sertifikat"),
            ("/admin/notifikasi", "Notifikasi"),
            ("/admin/audit", "Log audit"),
            ("/dasbor", "Dasbor"),
            ("/skm", "Survei kepuasan"),
        ],
        Role::Warga => &[],
    };
    let location = leptos_router::hooks::use_location();
    view! {
        <input type="checkbox" id="menu-toggle" class="menu-toggle" />
        <label for="menu-toggle" class="menu-button">"Menu"</label>
        <nav class="staff-nav" aria-label="Menu petugas">
            {places
                .iter()
                .map(|&(href, label)| {
                    let current = move || {
                        let path = location.pathname.get();
                        let here = if href == "/" { path == "/" } else { path == href || path.starts_with(&format!("{href}/")) };
                        here.then_some("page")
                    };
                    // Officials see how many requests wait for them beside "Antrian".
                    let count = (href == "/antrian").then_some(waiting).flatten().filter(|n| *n > 0).map(|n| view! {
                        <span class="count" title="Menunggu tindakan Anda">{n}</span>
                    });
                    view! { <a href=href aria-current=current>{label}{count}</a> }
                })
                .collect_view()}
        </nav>
    }
}

#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    view! {
        <div class="alert error" role="alert">
            <ul>{error.messages().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
        </div>
    }
}

/// Shown to someone who must sign in first.
#[component]
pub fn PleaseLogin() -> impl IntoView {
    view! {
        <div class="card">
            <p>"Silakan masuk terlebih dahulu."</p>
            <A href="/masuk" attr:class="button">
                "Masuk"
            </A>
        </div>
    }
}

#[component]
pub fn StatusBadge(status: RequestStatus, office: OfficeKind) -> impl IntoView {
    let class = format!("badge status-{}", status.as_str());
    view! { <span class=class>{status.label(office)}</span> }
}

#[component]
pub fn ResidentTable(resident: ResidentView) -> impl IntoView {
    let r = resident;
    let rows = [
        ("Nama", r.nama),
        ("NIK", r.nik),
        ("No. KK", r.no_kk),
        ("Tempat, tanggal lahir", format!("{}, {}", r.tempat_lahir, r.tanggal_lahir)),
        ("Jenis kelamin", r.jenis_kelamin),
        ("Agama", r.agama),
        ("Status perkawinan", r.status_perkawinan),
        ("Pekerjaan", r.pekerjaan),
        ("Kewarganegaraan", r.kewarganegaraan),
        ("Alamat", format!("{} RT {}/RW {}", r.alamat, r.rt, r.rw)),
        ("Kelurahan/Desa", r.kelurahan),
        ("Kecamatan", r.kecamatan),
        ("Hubungan dalam keluarga", r.hubungan_keluarga),
    ];
    view! {
        <dl class="record">
            {rows
                .into_iter()
                .map(|(k, v)| view! {
                    <dt>{k}</dt>
                    <dd>{v}</dd>
                })
                .collect_view()}
        </dl>
    }
}

#[cfg(feature = "ssr")]
pub fn is_official(role: domain::Role) -> bool {
    role.is_kelurahan_official() || role.is_kecamatan_official()
}
