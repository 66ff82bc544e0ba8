//! Serambi's user interface: server-rendered with Leptos and hydrated in the browser.

/// A `Debug` that shows no field: for inputs that carry passwords, passphrases, codes or a NIK.
macro_rules! secret_debug {
    ($($t:ident),*) => {$(
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($t), " { .. }"))
            }
        }
    )*};
}

/// A page that ships no wasm (the server's `http/assets.rs` says which): only the server
/// renders it, and in the browser a link to it loads it from the server.
#[cfg(feature = "ssr")]
macro_rules! light {
    ($page:path) => {
        $page
    };
}
#[cfg(not(feature = "ssr"))]
macro_rules! light {
    ($page:path) => {
        crate::elsewhere::Elsewhere
    };
}

/// A page or part for officials and admins: the server and the officials' bundle carry it,
/// residents' phones never load it (the `staff` feature).
#[cfg(any(feature = "ssr", feature = "staff"))]
macro_rules! staff {
    ($page:path) => {
        $page
    };
}
#[cfg(not(any(feature = "ssr", feature = "staff")))]
macro_rules! staff {
    ($page:path) => {
        crate::elsewhere::Elsewhere
    };
}

/// A part of a shared page for officials only (as [`staff!`]): in the residents' bundle it is
/// nothing. Only ever shown to officials, who get the officials' bundle.
#[cfg(any(feature = "ssr", feature = "staff"))]
macro_rules! staff_part {
    ($($view:tt)*) => {
        leptos::prelude::IntoAny::into_any($($view)*)
    };
}
#[cfg(not(any(feature = "ssr", feature = "staff")))]
macro_rules! staff_part {
    ($($view:tt)*) => {{
        // Still type-checked (and its names used), never built into this bundle.
        let _never = || $($view)*;
        leptos::prelude::IntoAny::into_any(())
    }};
}

pub mod accounts;
// Only the server renders the API page.
#[cfg(feature = "ssr")]
pub mod api_docs;
pub mod audit;
pub mod catalogue;
mod components;
pub mod dashboard;
pub mod echo;
// The server renders every page itself.
#[cfg_attr(feature = "ssr", allow(dead_code))]
mod elsewhere;
pub mod error;
pub mod form;
// The home page ships no wasm (`light!`): only the server has it.
#[cfg(feature = "ssr")]
mod home;
mod not_found;
pub mod notifications;
pub mod offices;
mod plain_form;
pub mod population;
pub mod requests;
pub mod signing;
pub mod statistics;
pub mod survey;
pub mod verification;
#[cfg(feature = "ssr")]
pub mod web;

use leptos::prelude::*;
use leptos_meta::{Meta, MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

pub use error::AppError;

/// What the server decides about a page's document: the stylesheet's (hashed) address, and
/// whether the page loads the app at all (pages whose forms are plain posts need not).
#[derive(Debug, Clone)]
pub struct ShellParts {
    pub stylesheet: String,
    pub hydrate: bool,
}

/// The HTML document around the app (server side only).
pub fn shell(options: LeptosOptions, parts: ShellParts) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="id">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href=parts.stylesheet />
                {parts.hydrate.then(|| view! { <HydrationScripts options /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    echo::provide();
    elsewhere::remember_first_path();
    // Tests (and people with slow phones) can tell when buttons start to work.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let user = Resource::new(|| (), |_| accounts::current_user());
    provide_context(components::UserResource(user));

    view! {
        <Title text="Serambi — Layanan Surat Kelurahan" />
        <Meta name="description" content="Permohonan surat keterangan kelurahan secara daring." />
        <Router>
            <div class="app" data-hydrated=move || hydrated.get().then_some("true")>
                <components::Header />
                <main id="isi">
                    // Async rendering where the answer decides the HTTP status (404 for an
                    // unknown letter or another office's request); in order everywhere else:
                    // without JavaScript, out-of-order parts would never be moved into place.
                    <Routes fallback=not_found::NotFound>
                        <Route path=path!("/") view=light!(home::Home) ssr=SsrMode::InOrder />
                        <Route path=path!("/masuk") view=light!(accounts::Login) ssr=SsrMode::InOrder />
                        <Route path=path!("/daftar") view=light!(accounts::Register) ssr=SsrMode::InOrder />
                        <Route path=path!("/pulihkan") view=light!(accounts::Recover) ssr=SsrMode::InOrder />
                        <Route path=path!("/akun") view=accounts::OwnAccount ssr=SsrMode::InOrder />
                        <Route path=path!("/loket/pulihkan") view=staff!(accounts::CounterReset) ssr=SsrMode::InOrder />
                        <Route path=path!("/loket/aktivasi") view=staff!(accounts::CounterActivation) ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/akun") view=staff!(accounts::StaffList) ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/akun/baru") view=staff!(accounts::NewStaff) ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/akun/:id") view=staff!(accounts::StaffPage) ssr=SsrMode::Async />
                        <Route path=path!("/admin/sertifikat") view=staff!(signing::CertificateRequests) ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/audit") view=staff!(audit::AuditLog) ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/notifikasi") view=staff!(notifications::OutboxPage) ssr=SsrMode::InOrder />
                        <Route path=path!("/data-saya/laporan") view=population::ReportData ssr=SsrMode::InOrder />
                        <Route path=path!("/data-saya/riwayat") view=light!(population::AccessHistory) ssr=SsrMode::InOrder />
                        <Route path=path!("/data-saya/unduh") view=light!(population::MyData) ssr=SsrMode::InOrder />
                        <Route path=path!("/loket") view=staff!(population::Counter) ssr=SsrMode::InOrder />
                        <Route path=path!("/laporan-data") view=staff!(population::DataReports) ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/penduduk") view=staff!(population::Population) ssr=SsrMode::InOrder />
                        <Route path=path!("/layanan") view=light!(catalogue::Services) ssr=SsrMode::InOrder />
                        <Route path=path!("/layanan/:code") view=light!(catalogue::ServicePage) ssr=SsrMode::Async />
                        <Route path=path!("/permohonan/baru") view=requests::NewRequest ssr=SsrMode::InOrder />
                        <Route path=path!("/permohonan/:id") view=requests::RequestPage ssr=SsrMode::Async />
                        <Route path=path!("/permohonan/:id/survei") view=light!(survey::SurveyPage) ssr=SsrMode::Async />
                        <Route path=path!("/permohonan/:id/terkirim") view=light!(requests::ReceiptPage) ssr=SsrMode::Async />
                        <Route path=path!("/lacak") view=light!(requests::TrackPage) ssr=SsrMode::InOrder />
                        <Route path=path!("/antrian") view=staff!(requests::Queue) ssr=SsrMode::InOrder />
                        <Route path=path!("/skm") view=staff!(survey::SurveyResults) ssr=SsrMode::InOrder />
                        <Route path=path!("/api-publik") view=light!(api_docs::ApiDocsPage) ssr=SsrMode::InOrder />
                        <Route path=path!("/statistik") view=light!(statistics::StatisticsPage) ssr=SsrMode::InOrder />
                        <Route path=path!("/dasbor") view=light!(dashboard::DashboardPage) ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/kantor") view=staff!(offices::Offices) ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/kantor/:code") view=staff!(offices::OfficePage) ssr=SsrMode::InOrder />
                        <Route path=path!("/v/:id") view=light!(verification::Verify) ssr=SsrMode::Async />
                    </Routes>
                </main>
                <footer class="footer">
                    "Serambi — layanan surat kelurahan · "
                    <a href="/statistik">"Statistik"</a>
                    " · "
                    <a href="/api-publik">"API publik"</a>
                </footer>
            </div>
        </Router>
    }
}
