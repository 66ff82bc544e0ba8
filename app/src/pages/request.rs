use crate::api::{Act, get_request};
use crate::components::{ErrorBox, FieldInputs, ResidentTable, StatusBadge};
use crate::error::AppError;
use crate::model::{ActInput, EventView, RequestDetail};
use domain::Action;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| Uuid::parse_str(&s).ok());
    let act = ServerAction::<Act>::new();
    let detail = Resource::new(
        move || (id(), act.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_request(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Detail detail=d act /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Detail(detail: RequestDetail, act: ServerAction<Act>) -> impl IntoView {
    let d = detail;
    let fields_view = d
        .letter_type
        .fields
        .iter()
        .map(|f| {
            let v = d.fields.get(&f.name).cloned().unwrap_or_default();
            view! {
                <dt>{f.label.clone()}</dt>
                <dd class="pre">{v}</dd>
            }
        })
        .collect_view();
    let comparison = d.current_record.clone().map(|current| {
        let changed = current != d.snapshot;
        view! {
            <section class="card">
                <h2>"Catatan kependudukan saat ini"</h2>
                {changed.then(|| view! { <p class="alert warn">"Catatan berubah sejak permohonan diajukan."</p> })}
                <ResidentTable resident=current />
            </section>
        }
    });
    view! {
        <h1>{d.letter_type.title.clone()}</h1>
        <p>
            <StatusBadge status=d.status />
            " · Kelurahan " {d.kelurahan.clone()} ", Kecamatan " {d.kecamatan.clone()}
        </p>
        {d.letter.clone().map(|l| view! {
            <section class="card done">
                <h2>"Surat sudah ditandatangani"</h2>
                <p>"Nomor: " <strong class="letter-number">{l.number}</strong></p>
                <p>{l.signer_name} ", " {l.signer_position} " · " {l.signed_label}</p>
                <a class="button" href=l.download_url download="">"Unduh surat (PDF)"</a>
                <a class="button secondary" href=format!("/v/{}", l.id)>"Periksa keaslian"</a>
            </section>
        })}
        {(!d.record_warnings.is_empty()).then(|| view! {
            <div class="alert warn" role="status">
                <ul>{d.record_warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
            </div>
        })}
        <Actions detail=d.clone() act />
        <div class="grid">
            <section class="card">
                <h2>"Isian permohonan"</h2>
                <dl class="record">{fields_view}</dl>
                <h2>"Data pemohon (saat diajukan)"</h2>
                <ResidentTable resident=d.snapshot.clone() />
            </section>
            {comparison}
        </div>
        <section class="card">
            <h2>"Riwayat"</h2>
            <ol class="timeline">{d.events.into_iter().map(|e| view! { <Event event=e /> }).collect_view()}</ol>
        </section>
    }
}

#[component]
fn Event(event: EventView) -> impl IntoView {
    view! {
        <li>
            <span class="when">{event.at_label}</span>
            " — " {event.to.label()} " · " {event.actor_name} " (" {event.role.label()} ")"
            {event.note.map(|n| view! { <p class="note">"Catatan: " {n}</p> })}
        </li>
    }
}

/// The buttons for what the signed-in person may do now.
#[component]
fn Actions(detail: RequestDetail, act: ServerAction<Act>) -> impl IntoView {
    if detail.actions.is_empty() {
        return ().into_any();
    }
    let id = detail.id;
    let note = RwSignal::new(String::new());
    let values = RwSignal::new(detail.fields.clone());
    let local_error = RwSignal::new(None::<AppError>);
    let errors = Signal::derive(move || local_error.get().or_else(|| act.value().get().and_then(|r| r.err())));
    let needs_note = detail.actions.iter().any(|a| a.needs_note());
    let resubmit = detail.actions.contains(&Action::Resubmit);
    let info = detail.letter_type.clone();
    let run = move |action: Action| {
        let fields = if action == Action::Resubmit { values.get() } else { Default::default() };
        if action == Action::Resubmit {
            let problems = info.check_fields(&fields);
            if !problems.is_empty() {
                local_error.set(Some(AppError::Validation(problems)));
                return;
            }
        }
        if action.needs_note() && note.get().trim().is_empty() {
            local_error.set(Some(AppError::field("note", "Tuliskan alasannya.")));
            return;
        }
        local_error.set(None);
        act.dispatch(Act { input: ActInput { request_id: id, action, note: note.get(), fields } });
    };
    view! {
        <section class="card actions">
            <h2>"Tindakan"</h2>
            {resubmit.then(|| view! {
                <p>"Perbaiki isian lalu ajukan ulang."</p>
                <FieldInputs fields=detail.letter_type.fields.clone() values errors />
            })}
            {needs_note.then(|| view! {
                <label for="note">"Catatan / alasan (wajib untuk mengembalikan atau menolak)"</label>
                <textarea id="note" name="note" rows="3" bind:value=note></textarea>
            })}
            {move || errors.get().map(|e| view! { <ErrorBox error=e /> })}
            <div class="buttons">
                {detail
                    .actions
                    .iter()
                    .map(|a| {
                        let a = *a;
                        let run = run.clone();
                        let class = match a {
                            Action::Reject | Action::Cancel => "danger",
                            Action::Return => "secondary",
                            _ => "primary",
                        };
                        view! {
                            <button class=class data-action=format!("{a:?}").to_lowercase()
                                disabled=move || act.pending().get()
                                on:click=move |_| run(a)>
                                {a.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
    .into_any()
}
