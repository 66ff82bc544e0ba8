//! Hydrates a resident's page in the browser: the same app as `frontend`, built without the
//! officials' and admins' pages (its own crate, so each bundle keeps its own build).

// Leptos view types of the bigger forms nest deeply.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
