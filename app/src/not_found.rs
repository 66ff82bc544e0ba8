//! The page for an address that does not exist.

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::web::set_status(404);
    view! {
        <div class="card">
            <h1>"Halaman tidak ditemukan"</h1>
            <p>"Alamat yang Anda buka tidak ada."</p>
            <a href="/">"Kembali ke beranda"</a>
        </div>
    }
}
