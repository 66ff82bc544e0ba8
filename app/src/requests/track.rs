//! `/lacak`: where a request is, without logging in. A plain form posted to the page (the
//! birth date never goes into an address); the answer is shown on the page.

use super::{TrackInput, TrackRequest as TrackFn, Tracked};
use crate::components::ErrorBox;
use crate::echo::{self, FormFor};
use crate::form::messages;
use crate::survey::SurveyForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

#[component]
pub fn TrackPage() -> impl IntoView {
    let path = <TrackFn as ServerFn>::PATH;
    let action = ServerAction::<TrackFn>::new();
    let echoed_error = echo::error(path);
    let echoed_answer: Option<Tracked> = echo::output(path);
    let reference = RwSignal::new(echo::value(path, "reference").unwrap_or_default());
    let birth = RwSignal::new(echo::value(path, "tanggal_lahir").unwrap_or_default());
    let errors = Signal::derive(move || match action.value().get() {
        Some(r) => r.err(),
        None => echoed_error.clone(),
    });
    let answer = Signal::derive(move || match action.value().get() {
        Some(r) => r.ok(),
        None => echoed_answer.clone(),
    });
    let survey_path = <crate::survey::AnswerSurvey as ServerFn>::PATH;
    let survey = echo::echoed(survey_path).map(|e| {
        let get = |k: &str| e.values.get(k).cloned().unwrap_or_default();
        (get("reference"), get("tanggal_lahir"))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TrackInput { reference: reference.get_untracked(), tanggal_lahir: birth.get_untracked() };
        action.dispatch(TrackFn { input });
    };
    view! {
        <h1>"Lacak permohonan"</h1>
        <p>"Lihat sampai di mana permohonan surat Anda tanpa masuk ke akun."</p>
        <form method="post" class="card" on:submit=on_submit>
            <FormFor path />
            <label for="reference">"Kode permohonan"</label>
            <input id="reference" name="reference" autocomplete="off" autocapitalize="characters" placeholder="SRB-7K3Q-9M"
                maxlength="20" required value=reference.get_untracked() prop:value=reference on:input=move |ev| reference.set(event_target_value(&ev)) />
            {messages(errors, "reference".into())}
            <label for="tanggal_lahir">"Tanggal lahir orang yang namanya tertera di surat"</label>
            <input id="tanggal_lahir" name="tanggal_lahir" type="date" required value=birth.get_untracked() prop:value=birth
                on:input=move |ev| birth.set(event_target_value(&ev)) />
            {messages(errors, "tanggal_lahir".into())}
            {move || errors.get().filter(|e| e.field_messages("reference").is_empty() && e.field_messages("tanggal_lahir").is_empty())
                .map(|e| view! { <ErrorBox error=e /> })}
            <button type="submit" disabled=move || action.pending().get()>
                {move || if action.pending().get() { "Mencari…" } else { "Lacak" }}
            </button>
        </form>
        {move || answer.get().map(|t| view! { <TrackedView tracked=t reference=reference.get_untracked() birth=birth.get_untracked() /> })}
        // The survey posted from this page without JavaScript comes back here: its answer (or
        // its problems, with what was chosen) without the tracking answer.
        {survey.map(|(reference, birth)| view! { <SurveyForm reference birth /> })}
    }
}

#[component]
fn TrackedView(tracked: Tracked, reference: String, birth: String) -> impl IntoView {
    let t = tracked;
    let due = if t.closed {
        None
    } else if t.due_certain {
        Some(t.due_label.clone())
    } else {
        Some(format!("{} (perkiraan)", t.due_label))
    };
    view! {
        <section class="card tracked" role="status">
            <h2>{t.letter_title.clone()}</h2>
            <dl class="record">
                <dt>"Kode"</dt>
                <dd class="reference">{t.reference.clone()}</dd>
                <dt>"Status"</dt>
                <dd><strong>{t.status.label(t.office_kind)}</strong></dd>
                <dt>"Langkah terakhir"</dt>
                <dd>{t.last_step_label.clone()}</dd>
                {due.map(|d| view! { <dt>"Perkiraan selesai"</dt> <dd>{d}</dd> })}
            </dl>
            {t.downloadable.then(|| view! {
                <p>"Surat sudah dapat diunduh. " <A href="/masuk">"Masuk"</A> " untuk mengunduhnya."</p>
            })}
        </section>
        {t.survey_open.then(|| view! { <SurveyForm reference birth /> })}
    }
}
