//! The signing form: one passphrase entry for one or many verified requests.

use super::SignLetters;
use super::{SignInput, SignOutcome};
use crate::components::ErrorBox;
use leptos::prelude::*;
use uuid::Uuid;

/// Signs `ids` with the passphrase typed here; the passphrase field is emptied after every try.
#[component]
pub fn SignForm(#[prop(into)] ids: Signal<Vec<Uuid>>, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let passphrase = RwSignal::new(String::new());
    let action = ServerAction::<SignLetters>::new();
    let error = crate::plain_form::errors_of(action);
    let outcomes = crate::plain_form::answer_of(action);
    let sign_path = <SignLetters as leptos::server_fn::ServerFn>::PATH;
    Effect::new(move |_| {
        if action.value().get().is_some() {
            passphrase.set(String::new());
            on_done.run(());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request_ids = ids.get_untracked();
        if request_ids.is_empty() {
            return;
        }
        // A batch's checkboxes also name the requests; with JavaScript the selection decides.
        action.dispatch(SignLetters { input: SignInput { request_ids, passphrase: passphrase.get_untracked() } });
    };
    view! {
        <form method="post" class="sign-form" id="sign-form" on:submit=submit>
            <crate::echo::FormFor path=sign_path />
            // Without JavaScript: the request this form signs (a batch's checkboxes join by `form`).
            {move || {
                ids.get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, id)| {
                        view! { <input type="hidden" name=format!("request_ids[{i}]") value=id.to_string() /> }
                    })
                    .collect_view()
            }}
            <label for="passphrase">"Passphrase tanda tangan elektronik"</label>
            <input id="passphrase" name="passphrase" type="password" autocomplete="off" bind:value=passphrase />
            <p class="hint">"Passphrase tidak disimpan. Sekali ketik untuk semua surat yang dipilih."</p>
            {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
            <button type="submit" class="primary" data-action="sign" disabled=move || action.pending().get()>
                {move || match ids.get().len() {
                    0 => "Tandatangani yang dipilih".to_string(),
                    1 => "Tandatangani".to_string(),
                    n => format!("Tandatangani {n} surat"),
                }}
            </button>
            {move || action.pending().get().then(|| view! { <p class="loading">"Menandatangani…"</p> })}
        </form>
        {move || outcomes.get().map(|list| view! { <Outcomes list /> })}
    }
}

#[component]
fn Outcomes(list: Vec<SignOutcome>) -> impl IntoView {
    let signed = list.iter().filter(|o| o.number.is_some()).count();
    view! {
        <div class="alert info sign-outcomes" role="status">
            <p>{format!("{signed} dari {} surat ditandatangani.", list.len())}</p>
            <ul>
                {list.into_iter().map(|o| {
                    let href = format!("/permohonan/{}", o.request_id);
                    match (o.number, o.error) {
                        (Some(n), _) => view! { <li class="ok"><a href=href>"✔ " <span class="letter-number">{n}</span></a></li> }.into_any(),
                        (None, e) => view! { <li class="bad"><a href=href>"✘ " {e.unwrap_or_default()}</a></li> }.into_any(),
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
