//! Asking for a letter: choose the letter type (a link), fill in its form, check the answers,
//! submit. Every step is a plain page or a plain post, so it all works without JavaScript;
//! with it, nothing reloads and attachments upload as soon as they are chosen.

use super::check_answers::CheckAnswers;
use super::{CheckRequest, CounterSubmit, NewRequestInput, SubmitRequest};
use crate::catalogue::letter_types;
use crate::catalogue::{FieldValues, LetterTypeInfo};
use crate::components::{ErrorBox, PleaseLogin, UserResource};
use crate::echo::{self, FormFor};
use crate::error::AppError;
use crate::form::{
    AttachmentInputs, FieldInputs, LetterRequirements, apply_again, echoed_attachments, echoed_values, initial_values,
    messages,
};
use crate::population::FamilyMember;
use crate::population::family_members;
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::BTreeMap;

#[component]
pub fn NewRequest() -> impl IntoView {
    let user = UserResource::get();
    let types = Resource::new(|| (), |_| letter_types());
    let family = Resource::new(|| (), |_| family_members());
    let query = use_query_map();
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role == Role::Warga => {}
                    Ok(Some(_)) => {
                        return view! { <p class="alert warn">"Hanya warga yang dapat mengajukan surat."</p> }.into_any();
                    }
                    _ => return view! { <h1>"Ajukan surat"</h1> <PleaseLogin /> }.into_any(),
                }
                let family = family.await.unwrap_or_default();
                let types = match types.await {
                    Ok(list) => list,
                    Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                };
                let chosen = query.with(|q| q.get("jenis")).unwrap_or_default();
                match types.iter().find(|t| t.code == chosen).cloned() {
                    Some(info) => view! {
                        <p class="back"><A href="/permohonan/baru">"← Pilih jenis surat lain"</A></p>
                        <h1>{info.title.clone()}</h1>
                        <RequestForm info family />
                    }
                    .into_any(),
                    None => view! { <ChooseType types unknown=!chosen.is_empty() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The letter types as links: choosing one is a plain `GET /permohonan/baru?jenis=…`.
#[component]
fn ChooseType(types: Vec<LetterTypeInfo>, unknown: bool) -> impl IntoView {
    view! {
        <h1>"Ajukan surat"</h1>
        {unknown.then(|| view! { <p class="alert warn">"Jenis surat itu tidak dikenal. Pilih dari daftar."</p> })}
        <p>"Pilih surat yang Anda perlukan."</p>
        <ul class="type-list">
            {types
                .into_iter()
                .map(|t| {
                    view! {
                        <li>
                            <a href=format!("/permohonan/baru?jenis={}", t.code)>
                                <strong>{t.title.clone()}</strong>
                                <span class="hint">{t.description.clone()}</span>
                                <span class="hint">{format!("Selesai dalam {}", t.service_label())}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Which step of the form is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Fill,
    Check,
}

/// The form of one letter type, then its check-answers step. A resident may ask for a member
/// of their KK; with `counter_nik` a clerk asks for the resident at the counter.
#[component]
pub fn RequestForm(
    info: LetterTypeInfo,
    family: Vec<FamilyMember>,
    #[prop(optional)] counter_nik: Option<String>,
) -> impl IntoView {
    let check_path = <CheckRequest as ServerFn>::PATH;
    let submit_path =
        if counter_nik.is_some() { <CounterSubmit as ServerFn>::PATH } else { <SubmitRequest as ServerFn>::PATH };
    // Posted without JavaScript, the page comes back from the check or from the submission.
    let echoed = echo::echoed(check_path).or_else(|| echo::echoed(submit_path));
    let (start, start_files, start_step) = match &echoed {
        Some(e) => {
            let mut values = echoed_values(e);
            let again = e.values.get(echo::AGAIN_FIELD).cloned();
            if let Some(again) = &again {
                apply_again(&info.fields, &mut values, again);
            }
            let checked = e.form == check_path && e.error.is_none() && again.is_none();
            (values, echoed_attachments(e), if checked { Step::Check } else { Step::Fill })
        }
        None => (FieldValues::new(), BTreeMap::new(), Step::Fill),
    };
    let echoed_error = echoed.as_ref().and_then(|e| e.error.clone());
    let typed_subject = echoed.as_ref().and_then(|e| e.values.get("subject").cloned()).unwrap_or_default();
    let values = RwSignal::new(initial_values(&info.fields, start));
    let chosen = RwSignal::new(start_files);
    let step = RwSignal::new(start_step);
    let subject = RwSignal::new(typed_subject);
    let local_error = RwSignal::new(None::<AppError>);
    let check = ServerAction::<CheckRequest>::new();
    let submit = ServerAction::<SubmitRequest>::new();
    let counter = ServerAction::<CounterSubmit>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = submit.value().get().or_else(|| counter.value().get()) {
            navigate(&format!("/permohonan/{id}/terkirim"), Default::default());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = check.value().get() {
            step.set(Step::Check);
        }
    });
    let pending = Signal::derive(move || check.pending().get() || submit.pending().get() || counter.pending().get());
    let errors = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| check.value().get().and_then(|r| r.err()))
            .or_else(|| submit.value().get().and_then(|r| r.err()))
            .or_else(|| counter.value().get().and_then(|r| r.err()))
            .or_else(|| echoed_error.clone())
    });
    let info = StoredValue::new(info);
    let counter_nik = StoredValue::new(counter_nik);
    let input = move || {
        let fields = info.with_value(|i| domain::fields::normalize(&i.fields, values.get_untracked()));
        let attachments = chosen.get_untracked().into_iter().map(|(slot, f)| (slot, f.id)).collect();
        let subject = Some(subject.get_untracked()).filter(|s| !s.is_empty());
        NewRequestInput { letter_type: info.with_value(|i| i.code.clone()), fields, attachments, subject }
    };
    let on_check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = input();
        let mut problems = info.with_value(|i| domain::fields::check(&i.fields, &input.fields, None));
        problems.extend(info.with_value(|i| domain::attachment::check_slots(&i.attachments, input.attachments.keys())));
        if !problems.is_empty() {
            local_error.set(Some(AppError::Validation(problems)));
            return;
        }
        local_error.set(None);
        check.dispatch(CheckRequest { input, counter_nik: counter_nik.get_value() });
    };
    let on_submit = Callback::new(move |()| {
        local_error.set(None);
        match counter_nik.get_value() {
            Some(nik) => {
                counter.dispatch(CounterSubmit { input: super::CounterRequest { nik, request: input() } });
            }
            None => {
                submit.dispatch(SubmitRequest { input: input() });
            }
        }
    });
    let on_change = Callback::new(move |()| {
        check.value().set(None);
        step.set(Step::Fill)
    });
    let family = StoredValue::new(family);
    move || {
        match step.get() {
        Step::Check => view! {
            <CheckAnswers
                info=info.get_value()
                values=values.get_untracked()
                chosen=chosen.get_untracked()
                subject=subject.get_untracked()
                family=family.get_value()
                counter_nik=counter_nik.get_value()
                submit_path
                pending
                errors
                on_submit
                on_change
            />
        }
        .into_any(),
        Step::Fill => view! {
            <form method="post" enctype="multipart/form-data" class="card" on:submit=on_check novalidate>
                <FormFor path=check_path />
                // Enter in a text box presses the first submit button: this one, not "tambah baris".
                <button type="submit" class="visually-hidden" tabindex="-1" aria-hidden="true">"Lanjut"</button>
                <input type="hidden" name="letter_type" value=info.with_value(|i| i.code.clone()) />
                {counter_nik.get_value().map(|nik| view! { <input type="hidden" name="nik" value=nik /> })}
                <SubjectChoice family=family.get_value() counter=counter_nik.with_value(|c| c.is_some()) subject errors />
                <details class="requirements-box">
                    <summary>"Persyaratan dan lama proses"</summary>
                    <LetterRequirements info=info.get_value() />
                </details>
                <FieldInputs fields=info.with_value(|i| i.fields.clone()) values errors family=family.get_value() />
                <AttachmentInputs
                    specs=info.with_value(|i| i.attachments.clone())
                    chosen
                    max_bytes=info.with_value(|i| i.max_upload_bytes)
                    errors
                />
                {move || errors.get().map(|e| view! { <ErrorBox error=e /> })}
                <button type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Memeriksa…" } else { "Lanjut: periksa isian" }}
                </button>
            </form>
        }
        .into_any(),
    }
    }
}

/// "Surat ini untuk": the resident or a member of their KK (not at the counter).
#[component]
fn SubjectChoice(
    family: Vec<FamilyMember>,
    counter: bool,
    subject: RwSignal<String>,
    errors: Signal<Option<AppError>>,
) -> impl IntoView {
    let others: Vec<FamilyMember> = if counter { Vec::new() } else { family.into_iter().filter(|m| !m.me).collect() };
    if others.is_empty() {
        return ().into_any();
    }
    view! {
        <label for="subject">"Surat ini untuk"</label>
        <select id="subject" name="subject" on:change=move |ev| subject.set(event_target_value(&ev))>
            <option value="" selected=move || subject.get().is_empty()>"Saya sendiri"</option>
            {others
                .into_iter()
                .map(|m| {
                    let nik = m.nik.clone();
                    view! {
                        <option value=m.nik.clone() selected=move || subject.get() == nik>
                            {format!("{} ({})", m.nama, m.hubungan_keluarga)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
        <p class="hint">"Anggota KK Anda: surat memakai data kependudukan orang yang dipilih."</p>
        {messages(errors, "subject".into())}
    }
    .into_any()
}
