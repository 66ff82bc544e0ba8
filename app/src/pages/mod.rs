//! One routed page per file.

mod admin;
mod home;
mod login;
mod new_request;
mod queue;
mod request;
mod services;
mod verify;

pub use admin::{OfficePage, Offices};
pub use home::Home;
pub use login::Login;
pub use new_request::NewRequest;
pub use queue::Queue;
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
