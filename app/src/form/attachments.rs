//! A letter type's attachments: with JavaScript uploaded as soon as they are chosen; without
//! it, posted with the form (`attachments[slot]`) and stored by the server first. A file
//! already stored travels on as hidden fields (its id and how to show it), so a form that comes
//! back with an error, or for another row, does not ask for it again.

use super::messages;
use crate::catalogue::{AttachmentSpec, attachment_key};
use crate::error::AppError;
use crate::requests::upload_attachment;
use crate::requests::{AttachmentView, UploadedFile};
use domain::attachment::size_label;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// A file stored for a slot: its id and how it is shown ("ktp.jpg (JPEG, 120 KB)").
#[derive(Clone, Debug, PartialEq)]
pub struct Chosen {
    pub id: uuid::Uuid,
    pub label: String,
}

impl From<UploadedFile> for Chosen {
    fn from(f: UploadedFile) -> Chosen {
        Chosen { label: format!("{} ({}, {})", f.name, f.file_type.label(), size_label(f.size_bytes)), id: f.id }
    }
}

/// The form field of an attachment slot's file id, and of how it is shown.
pub fn attachment_field(slot: &str) -> String {
    format!("attachments[{slot}]")
}
pub fn attachment_name_field(slot: &str) -> String {
    format!("attachment_names[{slot}]")
}

/// The state of one attachment slot in a form.
#[derive(Clone, Debug, PartialEq)]
enum UploadState {
    Idle,
    Sending(String),
    Done(UploadedFile),
    Failed(String),
}

/// File inputs for a letter type's attachments. A chosen file is checked for size in the
/// browser (no wasted data on a weak connection), uploaded at once, and its id kept in `chosen`.
#[component]
pub fn AttachmentInputs(
    specs: Vec<AttachmentSpec>,
    chosen: RwSignal<BTreeMap<String, Chosen>>,
    max_bytes: u64,
    #[prop(into)] errors: Signal<Option<AppError>>,
    /// Attachments already on the request (when a returned request is corrected).
    #[prop(optional)]
    existing: Vec<AttachmentView>,
) -> impl IntoView {
    if specs.is_empty() {
        return ().into_any();
    }
    let list = specs
        .into_iter()
        .map(|spec| {
            let state = RwSignal::new(UploadState::Idle);
            let id = format!("lampiran-{}", spec.name);
            let slot = spec.name.clone();
            let current = existing.iter().find(|a| a.slot == spec.name).cloned();
            let on_change = {
                let slot = slot.clone();
                move |ev: leptos::ev::Event| {
                    let input: web_sys::HtmlInputElement = event_target(&ev);
                    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
                    state.set(UploadState::Sending(file.name()));
                    chosen.update(|c| {
                        c.remove(&slot);
                    });
                    let slot = slot.clone();
                    leptos::task::spawn_local(async move {
                        // A large photo is made smaller here first (see `downscale`).
                        let (blob, name) = super::downscale::for_upload(file).await;
                        let size = blob.size() as u64;
                        if size > max_bytes {
                            state.set(UploadState::Failed(format!(
                                "Berkas terlalu besar ({}): paling besar {}.",
                                size_label(size),
                                size_label(max_bytes)
                            )));
                            input.set_value("");
                            return;
                        }
                        let Ok(form) = web_sys::FormData::new() else { return };
                        if form.append_with_blob_and_filename("file", &blob, &name).is_err() {
                            return;
                        }
                        match upload_attachment(form.into()).await {
                            Ok(f) => {
                                chosen.update(|c| {
                                    c.insert(slot, f.clone().into());
                                });
                                state.set(UploadState::Done(f));
                            }
                            Err(e) => state.set(UploadState::Failed(e.messages().join(" "))),
                        }
                    });
                }
            };
            let status = move || match state.get() {
                UploadState::Idle => ().into_any(),
                UploadState::Sending(name) => view! { <p class="upload sending">"Mengunggah " {name} "…"</p> }.into_any(),
                UploadState::Done(f) => view! {
                    <p class="upload done">"✓ " {f.name} " (" {f.file_type.label()} ", " {size_label(f.size_bytes)} ")"</p>
                }
                .into_any(),
                UploadState::Failed(m) => view! { <p class="field-error">{m}</p> }.into_any(),
            };
            // A file already stored for this slot (posted before, or uploaded by JavaScript).
            let stored = {
                let slot = slot.clone();
                move || {
                    chosen.with(|c| c.get(&slot).cloned()).map(|f| {
                        view! {
                            <input type="hidden" name=attachment_field(&slot) value=f.id.to_string() />
                            <input type="hidden" name=attachment_name_field(&slot) value=f.label.clone() />
                            {matches!(state.get(), UploadState::Idle).then(|| view! {
                                <p class="upload done">"✓ " {f.label} " — pilih berkas lain untuk menggantinya."</p>
                            })}
                        }
                    })
                }
            };
            view! {
                <div class="field attachment">
                    <label for=id.clone()>{spec.label.clone()} {spec.required.then_some(" *")}</label>
                    <p class="hint">
                        {spec.help.clone().map(|h| format!("{h} "))}
                        {format!("{}, paling besar {}.", spec.accepted_label(), size_label(max_bytes))}
                    </p>
                    {current.map(|a| view! {
                        <p class="upload current">
                            "Lampiran saat ini: " <a href=a.url target="_blank">{a.name}</a> " — pilih berkas baru untuk menggantinya."
                        </p>
                    })}
                    <input id=id name=attachment_field(&slot) type="file" accept=spec.html_accept() on:change=on_change />
                    {stored}
                    {status}
                    {messages(errors, attachment_key(&slot))}
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="attachments">
            <legend>"Lampiran"</legend>
            {list}
        </fieldset>
    }
    .into_any()
}

/// A request's attachments beside it: images shown, PDFs linked.
#[component]
pub fn AttachmentList(items: Vec<AttachmentView>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="hint">"Tidak ada lampiran."</p> }.into_any();
    }
    view! {
        <ul class="attachment-list">
            {items
                .into_iter()
                .map(|a| {
                    let preview = a.file_type.is_image().then(|| {
                        view! {
                            <a href=a.url.clone() target="_blank">
                                <img src=a.url.clone() alt=a.label.clone() loading="lazy" />
                            </a>
                        }
                    });
                    view! {
                        <li data-slot=a.slot.clone()>
                            <p>
                                <strong>{a.label.clone()}</strong>
                                <br />
                                <a href=a.url.clone() target="_blank">{a.name.clone()}</a>
                                " (" {a.file_type.label()} ", " {size_label(a.size_bytes)} ")"
                            </p>
                            {preview}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
