use super::{CounterRequest, NewRequestInput, UploadedFile};
use super::{CounterSubmit, SubmitRequest};
use crate::catalogue::letter_types;
use crate::catalogue::{FieldValues, LetterTypeInfo};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::error::AppError;
use crate::form::{AttachmentInputs, FieldInputs, LetterRequirements, initial_values, messages};
use crate::population::FamilyMember;
use crate::population::family_members;
use domain::Role;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::BTreeMap;

#[component]
pub fn NewRequest() -> impl IntoView {
    let user = UserResource::get();
    let types = Resource::new(|| (), |_| letter_types());
    let family = Resource::new(|| (), |_| family_members());
    view! {
        <h1>"Ajukan surat"</h1>
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role == Role::Warga => {}
                    Ok(Some(_)) => {
                        return view! { <p class="alert warn">"Hanya warga yang dapat mengajukan surat."</p> }.into_any();
                    }
                    _ => return view! { <PleaseLogin /> }.into_any(),
                }
                let family = family.await.unwrap_or_default();
                match types.await {
                    Ok(list) => view! { <RequestForm types=list family /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The request form. A resident may ask for a member of their KK; with `counter_nik` a clerk
/// asks for the resident at the counter.
#[component]
pub fn RequestForm(
    types: Vec<LetterTypeInfo>,
    family: Vec<FamilyMember>,
    #[prop(optional)] counter_nik: Option<String>,
) -> impl IntoView {
    let query = use_query_map();
    let initial = query.with_untracked(|q| q.get("jenis")).unwrap_or_default();
    let start = types.iter().find(|t| t.code == initial).map(|t| initial_values(&t.fields, FieldValues::new()));
    let selected = RwSignal::new(initial);
    let values = RwSignal::new(start.unwrap_or_default());
    let chosen = RwSignal::new(BTreeMap::<String, UploadedFile>::new());
    let local_error = RwSignal::new(None::<AppError>);
    let subject = RwSignal::new(String::new());
    let action = ServerAction::<SubmitRequest>::new();
    let counter = ServerAction::<CounterSubmit>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get().or_else(|| counter.value().get()) {
            navigate(&format!("/permohonan/{id}"), Default::default());
        }
    });
    let pending = Signal::derive(move || action.pending().get() || counter.pending().get());
    let errors = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| action.value().get().and_then(|r| r.err()))
            .or_else(|| counter.value().get().and_then(|r| r.err()))
    });
    let counter_nik = StoredValue::new(counter_nik);
    let others: Vec<FamilyMember> = if counter_nik.with_value(|c| c.is_some()) {
        Vec::new()
    } else {
        family.iter().filter(|m| !m.me).cloned().collect()
    };
    let types = StoredValue::new(types);
    let family = StoredValue::new(family);
    let current = Memo::new(move |_| types.with_value(|t| t.iter().find(|t| t.code == selected.get()).cloned()));
    // Another letter type starts with a fresh form.
    Effect::new(move |prev: Option<String>| {
        let code = selected.get();
        if prev.is_some_and(|p| p != code) {
            let fields = current.get_untracked().map(|i| i.fields).unwrap_or_default();
            values.set(initial_values(&fields, FieldValues::new()));
            chosen.set(BTreeMap::new());
            local_error.set(None);
        }
        code
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(info) = current.get_untracked() else {
            local_error.set(Some(AppError::field("letter_type", "Pilih jenis surat.")));
            return;
        };
        let fields = domain::fields::normalize(&info.fields, values.get_untracked());
        let mut problems = domain::fields::check(&info.fields, &fields, None);
        let attachments: BTreeMap<String, uuid::Uuid> =
            chosen.get_untracked().into_iter().map(|(slot, f)| (slot, f.id)).collect();
        problems.extend(domain::attachment::check_slots(&info.attachments, attachments.keys()));
        if !problems.is_empty() {
            local_error.set(Some(AppError::Validation(problems)));
            return;
        }
        local_error.set(None);
        let chosen_subject = Some(subject.get_untracked()).filter(|s| !s.is_empty());
        let input = NewRequestInput { letter_type: info.code.clone(), fields, attachments, subject: chosen_subject };
        match counter_nik.get_value() {
            Some(nik) => {
                counter.dispatch(CounterSubmit { input: CounterRequest { nik, request: input } });
            }
            None => {
                action.dispatch(SubmitRequest { input });
            }
        }
    };
    let subject_choice = (!others.is_empty()).then(|| {
        view! {
            <label for="subject">"Surat ini untuk"</label>
            <select id="subject" name="subject" on:change=move |ev| subject.set(event_target_value(&ev))>
                <option value="" selected=move || subject.get().is_empty()>"Saya sendiri"</option>
                {others
                    .into_iter()
                    .map(|m| {
                        view! {
                            <option value=m.nik.clone()>{format!("{} ({})", m.nama, m.hubungan_keluarga)}</option>
                        }
                    })
                    .collect_view()}
            </select>
            <p class="hint">"Anggota KK Anda: surat memakai data kependudukan orang yang dipilih."</p>
            {messages(errors, "subject".into())}
        }
    });
    view! {
        <form method="post" class="card" on:submit=on_submit novalidate>
            {subject_choice}
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
                current
                    .get()
                    .map(|info| {
                        view! {
                            <details class="requirements-box" open>
                                <summary>"Persyaratan dan lama proses"</summary>
                                <LetterRequirements info=info.clone() />
                            </details>
                            <FieldInputs fields=info.fields.clone() values errors family=family.get_value() />
                            <AttachmentInputs
                                specs=info.attachments.clone()
                                chosen
                                max_bytes=info.max_upload_bytes
                                errors
                            />
                        }
                        .into_any()
                    })
            }}
            {move || errors.get().map(|e| view! { <ErrorBox error=e /> })}
            <button type="submit" disabled=move || pending.get()>
                {move || if pending.get() { "Mengirim…" } else { "Ajukan" }}
            </button>
        </form>
    }
}
