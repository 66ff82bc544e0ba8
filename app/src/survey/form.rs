//! The nine questions after a letter: radio buttons 1–4 per element and a suggestion. A plain
//! form posted to the page it is on, so it works without JavaScript; enhanced, it is sent
//! without reloading. Shown until the request has an answer.

use super::AnswerSurvey;
use super::SurveyInput;
use crate::echo::FormFor;
use crate::form::messages;
use crate::plain_form::{FormErrors, errors_of, submit, succeeded};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use uuid::Uuid;

const FIELDS: &[&str] = &["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "saran"];

/// `request_id` for a signed-in resident; `reference` and `birth` from the tracking page.
#[component]
pub fn SurveyForm(
    #[prop(optional)] request_id: Option<Uuid>,
    #[prop(optional)] reference: Option<String>,
    #[prop(optional)] birth: Option<String>,
) -> impl IntoView {
    let action = ServerAction::<AnswerSurvey>::new();
    let errors = errors_of(action);
    let done = succeeded(action);
    let path = <AnswerSurvey as ServerFn>::PATH;
    let typed = |name: &str| crate::echo::value(path, name);
    view! {
        <section class="card survey" aria-labelledby="skm-title">
            <h2 id="skm-title">"Survei kepuasan layanan"</h2>
            <Show
                when=move || !done.get()
                fallback=|| view! { <p class="alert ok" role="status">"Terima kasih: jawaban Anda sudah kami terima. Jawaban tidak ditampilkan dengan nama Anda."</p> }
            >
                <p class="hint">
                    "Sembilan pertanyaan singkat (Survei Kepuasan Masyarakat). Jawaban Anda tidak ditampilkan dengan nama Anda, dan hanya dapat diisi sekali untuk permohonan ini."
                </p>
                <form method="post" on:submit=submit(action, |input: SurveyInput| AnswerSurvey { input })>
                    <FormFor path=path />
                    {request_id.map(|id| view! { <input type="hidden" name="request_id" value=id.to_string() /> })}
                    {reference.clone().map(|r| view! { <input type="hidden" name="reference" value=r /> })}
                    {birth.clone().map(|b| view! { <input type="hidden" name="tanggal_lahir" value=b /> })}
                    {domain::skm::ELEMENTS
                        .iter()
                        .enumerate()
                        .map(|(i, e)| {
                            let name = format!("u{}", i + 1);
                            let before = typed(&name);
                            view! {
                                <fieldset class="likert">
                                    <legend>{format!("{}. {}", i + 1, e.question)}</legend>
                                    {e.answers
                                        .iter()
                                        .enumerate()
                                        .map(|(j, label)| {
                                            let value = (j + 1).to_string();
                                            let checked = before.as_deref() == Some(value.as_str());
                                            view! {
                                                <label>
                                                    <input type="radio" name=name.clone() value=value checked=checked />
                                                    " " {*label}
                                                </label>
                                            }
                                        })
                                        .collect_view()}
                                    {messages(errors, name.clone())}
                                </fieldset>
                            }
                        })
                        .collect_view()}
                    <label for="saran">"Saran atau masukan (tidak wajib)"</label>
                    <textarea id="saran" name="saran" maxlength="1000" rows="3">{typed("saran").unwrap_or_default()}</textarea>
                    {messages(errors, "saran".to_string())}
                    <FormErrors errors fields=FIELDS />
                    <button type="submit" disabled=move || action.pending().get()>"Kirim jawaban"</button>
                </form>
            </Show>
        </section>
    }
}

/// `/permohonan/:id/survei`: the survey of one finished request on a page of its own, plain
/// HTML with no script, so the request's page (and the residents' bundle) stays light.
#[component]
pub fn SurveyPage() -> impl IntoView {
    use crate::components::{ErrorBox, PleaseLogin, UserResource};
    use leptos_router::hooks::use_params_map;
    let user = UserResource::get();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| Uuid::parse_str(&s).ok());
    let detail = Resource::new(id, |id| async move {
        match id {
            Some(id) => crate::requests::get_request(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    let posted = crate::echo::echoed(<AnswerSurvey as ServerFn>::PATH).is_some();
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                if !matches!(user.await, Ok(Some(_))) {
                    return view! { <PleaseLogin /> }.into_any();
                }
                match detail.await {
                    Ok(d) => {
                        let back = format!("/permohonan/{}", d.id);
                        view! {
                            <h1>{d.letter_type.title.clone()}</h1>
                            <p class="reference-line">"Kode permohonan " <strong class="reference">{d.reference.clone()}</strong></p>
                            {if d.survey_open || posted {
                                view! { <SurveyForm request_id=d.id /> }.into_any()
                            } else {
                                view! { <p class="alert ok">"Survei untuk permohonan ini sudah diisi, atau permohonan belum selesai."</p> }.into_any()
                            }}
                            <p><a href=back>"Kembali ke permohonan"</a></p>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
