use crate::api::{SubmitRequest, letter_types};
use crate::components::{ErrorBox, FieldInputs, PleaseLogin, UserResource};
use crate::error::AppError;
use crate::model::{LetterTypeInfo, NewRequest as NewRequestInput};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::BTreeMap;

#[component]
pub fn NewRequest() -> impl IntoView {
    let user = UserResource::get();
    let types = Resource::new(|| (), |_| letter_types());
    view! {
        <h1>"Ajukan surat"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                if !matches!(user.await, Ok(Some(_))) {
                    return view! { <PleaseLogin /> }.into_any();
                }
                match types.await {
                    Ok(list) => view! { <RequestForm types=list /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RequestForm(types: Vec<LetterTypeInfo>) -> impl IntoView {
    let query = use_query_map();
    let initial = query.with_untracked(|q| q.get("jenis")).unwrap_or_default();
    let selected = RwSignal::new(initial);
    let values = RwSignal::new(BTreeMap::<String, String>::new());
    let local_error = RwSignal::new(None::<AppError>);
    let action = ServerAction::<SubmitRequest>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            navigate(&format!("/permohonan/{id}"), Default::default());
        }
    });
    let errors = Signal::derive(move || local_error.get().or_else(|| action.value().get().and_then(|r| r.err())));
    let types = StoredValue::new(types);
    let current = move || types.with_value(|t| t.iter().find(|t| t.code == selected.get()).cloned());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(info) = current() else {
            local_error.set(Some(AppError::field("letter_type", "Pilih jenis surat.")));
            return;
        };
        let fields: BTreeMap<String, String> =
            values.get().into_iter().filter(|(k, _)| info.fields.iter().any(|f| &f.name == k)).collect();
        let problems = info.check_fields(&fields);
        if !problems.is_empty() {
            local_error.set(Some(AppError::Validation(problems)));
            return;
        }
        local_error.set(None);
        action.dispatch(SubmitRequest { input: NewRequestInput { letter_type: info.code.clone(), fields } });
    };
    view! {
        <form class="card" on:submit=on_submit>
            <label for="letter_type">"Jenis surat"</label>
            <select id="letter_type" name="letter_type" on:change=move |ev| selected.set(event_target_value(&ev))>
                <option value="" selected=move || selected.get().is_empty()>"— pilih —"</option>
                {types
                    .get_value()
                    .into_iter()
                    .map(|t| {
                        let code = t.code.clone();
                        view! {
                            <option value=t.code.clone() selected=move || selected.get() == code>
                                {t.title.clone()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {move || {
                current()
                    .map(|info| {
                        view! {
                            <p class="hint">{info.description.clone()} " Ditandatangani: " {info.signer_label()} "."</p>
                            <FieldInputs fields=info.fields.clone() values errors />
                        }
                    })
            }}
            {move || errors.get().map(|e| view! { <ErrorBox error=e /> })}
            <button type="submit" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Mengirim…" } else { "Ajukan" }}
            </button>
        </form>
    }
}
