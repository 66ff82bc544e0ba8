//! Small forms of named inputs (accounts, certificates): a `<form method="post">` whose fields
//! are read by name when it is submitted and sent with a server action. Nothing typed is kept
//! in signals, so passwords and passphrases live only in the inputs (and are never echoed back
//! by the server).

use crate::error::AppError;
use crate::form::messages;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::de::DeserializeOwned;

/// The submit handler of a form whose named fields make a `T`: dispatches `wrap(T)`.
pub fn submit<T, S>(action: ServerAction<S>, wrap: impl Fn(T) -> S + 'static) -> impl Fn(leptos::ev::SubmitEvent)
where
    T: DeserializeOwned,
    S: ServerFn + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    move |ev| {
        ev.prevent_default();
        match T::from_event(&ev) {
            Ok(input) => {
                action.dispatch(wrap(input));
            }
            Err(e) => leptos::logging::error!("form fields unreadable: {e}"),
        }
    }
}

/// The error of the action's last answer, if it failed; before any, the error the form came
/// back with when it was posted without JavaScript.
pub fn errors_of<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let echoed = crate::echo::error(S::PATH);
    Signal::derive(move || match action.value().get() {
        Some(result) => result.err(),
        None => echoed.clone(),
    })
}

/// Whether the action's last answer was a success; before any, whether the form came back
/// from a successful post without JavaScript (a form registered with `add_shown`).
pub fn succeeded<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let echoed = crate::echo::echoed(S::PATH).is_some_and(|e| e.error.is_none() && e.output.is_some());
    Signal::derive(move || match action.value().get() {
        Some(result) => result.is_ok(),
        None => echoed,
    })
}

/// The action's last answer if it succeeded; before any, the answer a post without JavaScript
/// came back with (a form registered with `add_shown`).
pub fn answer_of<S>(action: ServerAction<S>) -> Signal<Option<S::Output>>
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Clone + Send + Sync + DeserializeOwned + 'static,
{
    let echoed: Option<S::Output> = crate::echo::output(S::PATH);
    Signal::derive(move || match action.value().get() {
        Some(result) => result.ok(),
        None => echoed.clone(),
    })
}

/// A labelled input with its field's messages under it. `prefix` keeps ids unique when a
/// page shows the same form several times.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    errors: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] prefix: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let id = format!("{prefix}{name}");
    // Posted without JavaScript and come back: what was typed (never a secret).
    let value =
        if value.is_empty() && kind != "password" { crate::echo::typed(name).unwrap_or_default() } else { value };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                value=value
                required=required
            />
            {messages(errors, name.to_string())}
        </div>
    }
}

/// What an answer says beyond the fields on the form: refusals, and messages for fields the
/// form does not show.
#[component]
pub fn FormErrors(errors: Signal<Option<AppError>>, fields: &'static [&'static str]) -> impl IntoView {
    move || {
        let error = errors.get()?;
        let rest = match &error {
            AppError::Validation(by_field) => {
                let rest: Vec<String> = by_field
                    .iter()
                    .filter(|(k, _)| !fields.contains(&k.as_str()))
                    .flat_map(|(_, m)| m.iter().cloned())
                    .collect();
                if rest.is_empty() {
                    return None;
                }
                AppError::Validation([(String::new(), rest)].into())
            }
            _ => error,
        };
        Some(view! { <crate::components::ErrorBox error=rest /> })
    }
}
