//! One routed page per file.

mod admin;
mod corrections;
mod counter;
mod home;
mod imports;
mod login;
mod new_request;
mod queue;
mod register;
mod request;
mod services;
mod verify;

pub use admin::{OfficePage, Offices};
pub use corrections::{DataReports, ReportData};
pub use counter::Counter;
pub use home::Home;
pub use imports::Population;
pub use login::Login;
pub use new_request::NewRequest;
pub use queue::Queue;
pub use register::Register;
pub use request::RequestPage;
pub use services::{ServicePage, Services};
pub use verify::Verify;

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Ok(b) = crate::ports::backend() {
        b.set_status(404);
    }
    view! {
        <div class="card">
            <h1>"Halaman tidak ditemukan"</h1>
            <p>"Alamat yang Anda buka tidak ada."</p>
            <a href="/">"Kembali ke beranda"</a>
        </div>
    }
}
