use super::Login as LoginFn;
use super::LoginInput;
use super::recover::HowToGetACode;
use crate::components::{ErrorBox, UserResource};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Login() -> impl IntoView {
    let user = UserResource::get();
    let path = <LoginFn as leptos::server_fn::ServerFn>::PATH;
    // Posted before the app hydrated (or without JavaScript): the server's answer, if any.
    let echoed = crate::echo::error(path);
    let typed = crate::echo::value(path, "login").unwrap_or_default();
    let login = RwSignal::new(typed.clone());
    let password = RwSignal::new(String::new());
    let action = ServerAction::<LoginFn>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            user.refetch();
            navigate("/", Default::default());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(LoginFn { input: LoginInput { login: login.get(), password: password.get() } });
    };
    view! {
        <section class="card narrow">
            <h1>"Masuk"</h1>
            <p class="hint">"Warga masuk dengan NIK. Petugas dan pejabat masuk dengan nama pengguna."</p>
            <form method="post" on:submit=on_submit>
                <crate::echo::FormFor path />
                <label for="login">"NIK atau nama pengguna"</label>
                <input
                    id="login"
                    name="login"
                    autocomplete="username"
                    inputmode="text"
                    required
                    value=typed
                    bind:value=login
                />
                <label for="password">"Kata sandi"</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    bind:value=password
                />
                {move || {
                    match action.value().get() {
                        Some(result) => result.err(),
                        None => echoed.clone(),
                    }
                        .map(|e| view! { <ErrorBox error=e /> })
                }}
                <button type="submit" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Memeriksa…" } else { "Masuk" }}
                </button>
            </form>
            <details class="forgot">
                <summary>"Lupa kata sandi?"</summary>
                <HowToGetACode />
                <A href="/pulihkan">"Sudah punya kode pemulihan? Buat kata sandi baru"</A>
            </details>
        </section>
    }
}
