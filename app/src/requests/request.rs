use super::{Act, get_request};
use super::{ActInput, EventView, RequestDetail};
use crate::components::{ErrorBox, ResidentTable, StatusBadge};
use crate::error::AppError;
use crate::form::{
    AttachmentInputs, AttachmentList, FieldInputs, FieldValuesView, apply_again, echoed_attachments, echoed_values,
    initial_values,
};
use crate::population::FamilyMember;
use crate::population::family_members;
use domain::{Action, OfficeKind};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;
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
    let family = Resource::new(|| (), |_| family_members());
    view! {
        <Transition fallback=|| view! { <p class="loading">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                let family = family.await.unwrap_or_default();
                match detail.await {
                    Ok(d) => view! { <Detail detail=d act family /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Detail(detail: RequestDetail, act: ServerAction<Act>, family: Vec<FamilyMember>) -> impl IntoView {
    let d = detail;
    let fields_view = view! {
        <FieldValuesView fields=d.letter_type.fields.clone() values=d.fields.clone() persons=d.persons.clone() />
    };
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
        <p class="reference-line">"Kode permohonan " <strong class="reference">{d.reference.clone()}</strong></p>
        <p>
            <StatusBadge status=d.status office=d.office_kind />
            " · " {d.office_kind.office_name(&d.kelurahan)} ", Kecamatan " {d.kecamatan.clone()}
        </p>
        {d.on_behalf.then(|| view! {
            <p class="on-behalf">
                "Untuk " <strong>{d.snapshot.nama.clone()}</strong> ", diajukan oleh " {d.requester.clone()}
                {if d.at_counter {
                    format!(" di loket {}", d.office_kind.label().to_lowercase())
                } else {
                    " (anggota KK)".to_string()
                }}
            </p>
        })}
        {d.letter.clone().map(|l| view! {
            <section class="card done">
                <h2>"Surat sudah ditandatangani"</h2>
                <p>"Nomor: " <strong class="letter-number">{l.number}</strong></p>
                <p>{l.signer_name} ", " {l.signer_position} " · " {l.signed_label}</p>
                <a class="button" href=l.download_url download="">"Unduh surat (PDF)"</a>
                <a class="button secondary" href=format!("/v/{}", l.id)>"Periksa keaslian"</a>
            </section>
        })}
        // The survey is a page of its own without script: this page's bundle stays light.
        {d.survey_open.then(|| view! {
            <section class="card survey">
                <h2>"Bagaimana layanan kami?"</h2>
                <p>"Sembilan pertanyaan singkat, sekali untuk permohonan ini; jawaban tidak ditampilkan dengan nama Anda."</p>
                <a class="button secondary" href=format!("/permohonan/{}/survei", d.id)>"Isi survei kepuasan"</a>
            </section>
        })}
        {(!d.record_warnings.is_empty()).then(|| view! {
            <div class="alert warn" role="status">
                <ul>{d.record_warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
            </div>
        })}
        <Actions detail=d.clone() act family />
        <div class="grid">
            <section class="card">
                <h2>"Isian permohonan"</h2>
                {fields_view}
                <h2>"Lampiran"</h2>
                <AttachmentList items=d.attachments.clone() />
                <h2>"Data pemohon (saat diajukan)"</h2>
                <ResidentTable resident=d.snapshot.clone() />
            </section>
            {comparison}
        </div>
        <section class="card">
            <h2>"Riwayat"</h2>
            <ol class="timeline">
                {d.events.into_iter().map(|e| view! { <Event event=e office=d.office_kind /> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn Event(event: EventView, office: OfficeKind) -> impl IntoView {
    view! {
        <li>
            <span class="when">{event.at_label}</span>
            " — " {event.to.label(office)} " · " {event.actor_name} " (" {office.role_label(event.role)} ")"
            {event.note.map(|n| view! { <p class="note">"Catatan: " {n}</p> })}
        </li>
    }
}

/// The buttons for what the signed-in person may do now.
#[component]
fn Actions(detail: RequestDetail, act: ServerAction<Act>, family: Vec<FamilyMember>) -> impl IntoView {
    if detail.actions.is_empty() {
        return ().into_any();
    }
    let id = detail.id;
    // Posted without JavaScript, the page comes back with the server's answer (and for a
    // resubmission what was typed, the files already stored, a row added or removed).
    let act_path = <Act as leptos::server_fn::ServerFn>::PATH;
    let echo = crate::echo::echoed(act_path);
    let (start, start_files) = match &echo {
        Some(e) if e.values.keys().any(|k| k.starts_with("fields[")) => {
            let mut v = echoed_values(e);
            if let Some(again) = e.values.get(crate::echo::AGAIN_FIELD) {
                apply_again(&detail.letter_type.fields, &mut v, again);
            }
            (v, echoed_attachments(e))
        }
        Some(e) => (detail.fields.clone(), echoed_attachments(e)),
        None => (detail.fields.clone(), BTreeMap::new()),
    };
    let values = RwSignal::new(initial_values(&detail.letter_type.fields, start));
    let chosen = RwSignal::new(start_files);
    let local_error = RwSignal::new(None::<AppError>);
    let echoed = crate::echo::error(act_path);
    let typed_note = crate::echo::value(act_path, "note").unwrap_or_default();
    let note = RwSignal::new(typed_note.clone());
    let errors = Signal::derive(move || {
        local_error.get().or_else(|| match act.value().get() {
            Some(result) => result.err(),
            None => echoed.clone(),
        })
    });
    let needs_note = detail.actions.iter().any(|a| a.needs_note());
    // Signing asks for the passphrase: its own form, not a plain button.
    let signs = detail.actions.contains(&Action::Sign);
    let on_signed = Callback::new(move |_| act.version().update(|v| *v += 1));
    let resubmit = detail.actions.contains(&Action::Resubmit);
    let info = detail.letter_type.clone();
    let present: Vec<String> = detail.attachments.iter().map(|a| a.slot.clone()).collect();
    let run = move |action: Action| {
        let fields = if action == Action::Resubmit {
            domain::fields::normalize(&info.fields, values.get())
        } else {
            Default::default()
        };
        let attachments: BTreeMap<String, uuid::Uuid> = if action == Action::Resubmit {
            chosen.get().into_iter().map(|(slot, f)| (slot, f.id)).collect()
        } else {
            Default::default()
        };
        if action == Action::Resubmit {
            let mut problems = domain::fields::check(&info.fields, &fields, None);
            // Slots already on the request count as present.
            let mut all: BTreeMap<String, ()> = present.iter().map(|s| (s.clone(), ())).collect();
            all.extend(attachments.keys().map(|k| (k.clone(), ())));
            problems.extend(domain::attachment::check_slots(&info.attachments, all.keys()));
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
        act.dispatch(Act { input: ActInput { request_id: id, action, note: note.get(), fields, attachments } });
    };
    // A resubmission carries files: the form is multipart then.
    let enctype = resubmit.then_some("multipart/form-data");
    view! {
        <section class="card actions">
            <h2>"Tindakan"</h2>
            {signs.then(|| staff_part!(view! { <crate::signing::SignForm ids=vec![id] on_done=on_signed /> }))}
            // Without JavaScript the pressed button's value says which action.
            <form method="post" class="action-form" enctype=enctype>
            <crate::echo::FormFor path=act_path />
            <input type="hidden" name="request_id" value=id.to_string() />
            {resubmit.then(|| view! {
                // Enter in a text box sends the resubmission, not "tambah baris".
                <button type="submit" name="action" value="resubmit" class="visually-hidden" tabindex="-1"
                    aria-hidden="true">"Ajukan ulang"</button>
                <p>"Perbaiki isian lalu ajukan ulang."</p>
                <FieldInputs fields=detail.letter_type.fields.clone() values errors family=family.clone() />
                <AttachmentInputs
                    specs=detail.letter_type.attachments.clone()
                    chosen
                    max_bytes=detail.letter_type.max_upload_bytes
                    errors
                    existing=detail.attachments.clone()
                />
            })}
            {move || errors.get().map(|e| view! { <ErrorBox error=e /> })}
            {needs_note.then(|| view! {
                <label for="note">"Catatan / alasan (wajib untuk mengembalikan atau menolak)"</label>
                <textarea id="note" name="note" rows="3" bind:value=note>{typed_note.clone()}</textarea>
            })}
            <div class="buttons">
                {detail
                    .actions
                    .iter()
                    .filter(|a| **a != Action::Sign)
                    .map(|a| {
                        let a = *a;
                        let run = run.clone();
                        let class = match a {
                            Action::Reject | Action::Cancel => "danger",
                            Action::Return => "secondary",
                            _ => "primary",
                        };
                        view! {
                            <button type="submit" name="action" value=a.as_str() class=class
                                data-action=format!("{a:?}").to_lowercase()
                                disabled=move || act.pending().get()
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    run(a)
                                }>
                                {a.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            </form>
        </section>
    }
    .into_any()
}
