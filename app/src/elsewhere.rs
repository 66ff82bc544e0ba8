//! Pages this browser bundle does not carry. Residents' phones get a bundle without the
//! officials' and admins' tools, and no bundle carries the pages that ship no wasm at all (see
//! the server's `http/assets.rs`). Following a link to such a page inside the app asks the
//! server for it as a whole new page, which loads the bundle that page needs, if any.

use leptos::prelude::*;

/// A page only the server renders, or only the other bundle carries, in this build.
#[component]
pub fn Elsewhere() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            let to = format!("{}{}{}", location.pathname.get(), location.search.get(), location.hash.get());
            // The server never sends a bundle for a page it does not carry; if it ever did,
            // going there again would only come back here.
            if location.pathname.get() != first_path() {
                let _ = window().location().replace(&to);
            }
        });
    }
    view! { <p class="loading">"Memuat…"</p> }
}

/// The path the browser loaded the app on.
#[cfg(feature = "hydrate")]
static FIRST: std::sync::OnceLock<String> = std::sync::OnceLock::new();

#[cfg(feature = "hydrate")]
fn first_path() -> String {
    FIRST.get().cloned().unwrap_or_default()
}

/// Remembers the path the app was loaded on (the app calls it once, when it starts).
pub fn remember_first_path() {
    #[cfg(feature = "hydrate")]
    let _ = FIRST.set(window().location().pathname().unwrap_or_default());
}
