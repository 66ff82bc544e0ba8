//! Forms driven by a letter type's manifest: its fields (every kind, repeatable groups), its
//! attachments (uploaded as soon as they are chosen), and the summary of what it needs.

use crate::catalogue::{AttachmentSpec, FieldKind, FieldSpec, FieldValue, FieldValues, LetterTypeInfo, attachment_key};
use crate::error::AppError;
use crate::population::{FamilyMember, ResidentView};
use crate::requests::upload_attachment;
use crate::requests::{AttachmentView, UploadedFile};
use domain::attachment::size_label;
use domain::fields::{format_rupiah, normalize_text, row_key, terbilang_rupiah};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Values to start a form with: groups get their minimum number of empty rows (at least one).
pub fn initial_values(fields: &[FieldSpec], mut values: FieldValues) -> FieldValues {
    for f in fields.iter().filter(|f| f.kind == FieldKind::Group) {
        let rows = values.entry(f.name.clone()).or_insert_with(|| FieldValue::Rows(Vec::new()));
        if let FieldValue::Rows(rows) = rows {
            let want = f.min_rows().max(1) as usize;
            while rows.len() < want {
                rows.push(BTreeMap::new());
            }
        }
    }
    values
}

/// The messages of one field (`key`) of the current error, as field errors.
pub(crate) fn messages(errors: Signal<Option<AppError>>, key: String) -> impl Fn() -> AnyView + Send + Sync + 'static {
    move || {
        errors
            .get()
            .map(|e| e.field_messages(&key))
            .unwrap_or_default()
            .into_iter()
            .map(|m| view! { <p class="field-error">{m}</p> })
            .collect_view()
            .into_any()
    }
}

/// Where a value lives: a top-level field or a sub-field of a group row.
#[derive(Clone)]
struct Slot {
    name: String,
    row: Option<(usize, String)>,
}

impl Slot {
    fn get(&self, values: &FieldValues) -> String {
        match (&self.row, values.get(&self.name)) {
            (None, Some(FieldValue::Text(t))) => t.clone(),
            (Some((i, sub)), Some(v)) => v.rows().get(*i).and_then(|r| r.get(sub)).cloned().unwrap_or_default(),
            _ => String::new(),
        }
    }
    fn set(&self, values: &mut FieldValues, value: String) {
        match &self.row {
            None => {
                values.insert(self.name.clone(), FieldValue::Text(value));
            }
            Some((i, sub)) => {
                let entry = values.entry(self.name.clone()).or_insert_with(|| FieldValue::Rows(Vec::new()));
                if !matches!(entry, FieldValue::Rows(_)) {
                    *entry = FieldValue::Rows(Vec::new());
                }
                if let FieldValue::Rows(rows) = entry {
                    while rows.len() <= *i {
                        rows.push(BTreeMap::new());
                    }
                    rows[*i].insert(sub.clone(), value);
                }
            }
        }
    }
    fn key(&self) -> String {
        match &self.row {
            None => self.name.clone(),
            Some((i, sub)) => row_key(&self.name, *i, sub),
        }
    }
    fn id(&self) -> String {
        format!("field-{}", self.key().replace('.', "-"))
    }
}

/// One input for a non-group field.
fn scalar_input(spec: &FieldSpec, slot: Slot, values: RwSignal<FieldValues>, family: &[FamilyMember]) -> AnyView {
    let id = slot.id();
    let name = slot.key();
    let get = {
        let slot = slot.clone();
        move || values.with(|v| slot.get(v))
    };
    let set = {
        let slot = slot.clone();
        move |ev| {
            let value = event_target_value(&ev);
            values.update(|v| slot.set(v, value));
        }
    };
    let required = spec.required;
    let maxlength = spec.max_len.map(|m| m.to_string());
    match spec.kind {
        FieldKind::LongText => view! {
            <textarea id=id name=name rows="4" required=required maxlength=maxlength prop:value=get on:input=set></textarea>
        }
        .into_any(),
        FieldKind::Date => view! {
            <input id=id name=name type="date" required=required prop:value=get on:input=set />
        }
        .into_any(),
        FieldKind::Time => view! {
            <input id=id name=name type="time" required=required prop:value=get on:input=set />
        }
        .into_any(),
        FieldKind::Number => view! {
            <input id=id name=name type="text" inputmode="numeric" required=required prop:value=get on:input=set />
        }
        .into_any(),
        FieldKind::Money => {
            let preview = move || {
                let text = normalize_text(FieldKind::Money, &get());
                text.parse::<i64>().ok().map(|n| format!("{} ({})", format_rupiah(n), terbilang_rupiah(n)))
            };
            view! {
                <div class="money">
                    <span class="prefix">"Rp"</span>
                    <input id=id name=name type="text" inputmode="numeric" placeholder="contoh: 1.500.000"
                        required=required prop:value=move || values.with(|v| slot.get(v)) on:input=set />
                </div>
                {move || preview().map(|p| view! { <p class="hint money-words">{p}</p> })}
            }
            .into_any()
        }
        FieldKind::Choice => {
            let options = spec.choices.clone();
            view! {
                <select id=id name=name required=required prop:value=get on:change=set>
                    <option value="">"— pilih —"</option>
                    {options.into_iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::PersonKk => {
            let members = family.to_vec();
            if members.is_empty() {
                return view! { <p class="hint">"Anggota keluarga tidak ditemukan pada data KK Anda."</p> }.into_any();
            }
            view! {
                <select id=id name=name required=required prop:value=get on:change=set>
                    <option value="">"— pilih anggota keluarga —"</option>
                    {members
                        .into_iter()
                        .map(|m| {
                            view! {
                                <option value=m.nik.clone()>{format!("{} ({})", m.nama, m.hubungan_keluarga)}</option>
                            }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::PersonNik => view! {
            <input id=id name=name type="text" inputmode="numeric" autocomplete="off" maxlength="20"
                placeholder="16 angka NIK" required=required prop:value=get on:input=set />
        }
        .into_any(),
        FieldKind::Text | FieldKind::Group => view! {
            <input id=id name=name type="text" required=required maxlength=maxlength prop:value=get on:input=set />
        }
        .into_any(),
    }
}

fn field_block(
    spec: &FieldSpec,
    slot: Slot,
    values: RwSignal<FieldValues>,
    errors: Signal<Option<AppError>>,
    family: &[FamilyMember],
) -> AnyView {
    let id = slot.id();
    let key = slot.key();
    let input = scalar_input(spec, slot, values, family);
    view! {
        <div class="field">
            <label for=id>{spec.label.clone()} {spec.required.then_some(" *")}</label>
            {spec.help.clone().map(|h| view! { <p class="hint">{h}</p> })}
            {input}
            {messages(errors, key)}
        </div>
    }
    .into_any()
}

/// Inputs for a letter type's fields, driven by its manifest.
#[component]
pub fn FieldInputs(
    fields: Vec<FieldSpec>,
    values: RwSignal<FieldValues>,
    #[prop(into)] errors: Signal<Option<AppError>>,
    #[prop(optional)] family: Vec<FamilyMember>,
) -> impl IntoView {
    let family = StoredValue::new(family);
    fields
        .into_iter()
        .map(|spec| {
            if spec.kind != FieldKind::Group {
                let slot = Slot { name: spec.name.clone(), row: None };
                return family.with_value(|f| field_block(&spec, slot, values, errors, f));
            }
            let spec = StoredValue::new(spec);
            let name = spec.with_value(|s| s.name.clone());
            let count = {
                let name = name.clone();
                Memo::new(move |_| values.with(|v| v.get(&name).map(|x| x.rows().len()).unwrap_or(0)))
            };
            let max = spec.with_value(|s| s.max_rows() as usize);
            let add = {
                let name = name.clone();
                move |_: leptos::ev::MouseEvent| {
                    values.update(|v| {
                        let entry = v.entry(name.clone()).or_insert_with(|| FieldValue::Rows(Vec::new()));
                        if let FieldValue::Rows(rows) = entry
                            && rows.len() < max
                        {
                            rows.push(BTreeMap::new());
                        }
                    })
                }
            };
            let rows = {
                let name = name.clone();
                move || {
                    (0..count.get())
                        .map(|i| {
                            let name = name.clone();
                            let remove = {
                                let name = name.clone();
                                move |_: leptos::ev::MouseEvent| {
                                    values.update(|v| {
                                        if let Some(FieldValue::Rows(rows)) = v.get_mut(&name)
                                            && i < rows.len()
                                        {
                                            rows.remove(i);
                                        }
                                    })
                                }
                            };
                            let subs = spec.with_value(|s| {
                                family.with_value(|f| {
                                    s.fields
                                        .iter()
                                        .map(|sub| {
                                            let slot = Slot { name: name.clone(), row: Some((i, sub.name.clone())) };
                                            field_block(sub, slot, values, errors, f)
                                        })
                                        .collect_view()
                                })
                            });
                            view! {
                                <fieldset class="group-row" data-row=i>
                                    <legend>{format!("{} ke-{}", spec.with_value(|s| s.label.clone()), i + 1)}</legend>
                                    {subs}
                                    <button type="button" class="link danger" on:click=remove>
                                        "Hapus baris ini"
                                    </button>
                                </fieldset>
                            }
                        })
                        .collect_view()
                }
            };
            let (label, required, help) = spec.with_value(|s| (s.label.clone(), s.min_rows() > 0, s.help.clone()));
            view! {
                <div class="field group" id=format!("field-{name}")>
                    <p class="group-label">{label.clone()} {required.then_some(" *")}</p>
                    {help.map(|h| view! { <p class="hint">{h}</p> })}
                    {rows}
                    {messages(errors, name.clone())}
                    <button type="button" class="secondary" disabled=move || { count.get() >= max } on:click=add>
                        {format!("+ Tambah {}", label.to_lowercase())}
                    </button>
                </div>
            }
            .into_any()
        })
        .collect_view()
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
    chosen: RwSignal<BTreeMap<String, UploadedFile>>,
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
                    let size = file.size() as u64;
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
                    if form.append_with_blob_and_filename("file", &file, &file.name()).is_err() {
                        return;
                    }
                    state.set(UploadState::Sending(file.name()));
                    chosen.update(|c| {
                        c.remove(&slot);
                    });
                    let slot = slot.clone();
                    leptos::task::spawn_local(async move {
                        match upload_attachment(form.into()).await {
                            Ok(f) => {
                                chosen.update(|c| {
                                    c.insert(slot, f.clone());
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
                    <input id=id name=slot.clone() type="file" accept=spec.html_accept() on:change=on_change />
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

/// A stored value as a person reads it: money in Rupiah, people by name.
fn show_value(spec: &FieldSpec, text: &str, persons: &BTreeMap<String, ResidentView>) -> String {
    match spec.kind {
        FieldKind::Money => text.parse::<i64>().map(format_rupiah).unwrap_or_else(|_| text.to_string()),
        FieldKind::PersonKk | FieldKind::PersonNik => match persons.get(text) {
            Some(p) => format!("{} (NIK {})", p.nama, p.nik),
            None => format!("NIK {text}"),
        },
        _ => text.to_string(),
    }
}

/// A request's field values, read-only.
#[component]
pub fn FieldValuesView(
    fields: Vec<FieldSpec>,
    values: FieldValues,
    persons: BTreeMap<String, ResidentView>,
) -> impl IntoView {
    let items = fields
        .iter()
        .map(|f| {
            let value = values.get(&f.name);
            let shown = match (f.kind, value) {
                (FieldKind::Group, Some(v)) => {
                    let rows = v
                        .rows()
                        .iter()
                        .map(|row| {
                            let cells = f
                                .fields
                                .iter()
                                .map(|sub| {
                                    let t =
                                        row.get(&sub.name).map(|t| show_value(sub, t, &persons)).unwrap_or_default();
                                    view! { <td data-label=sub.label.clone()>{t}</td> }
                                })
                                .collect_view();
                            view! { <tr>{cells}</tr> }
                        })
                        .collect_view();
                    let head = f.fields.iter().map(|sub| view! { <th>{sub.label.clone()}</th> }).collect_view();
                    view! {
                        <table class="rows">
                            <thead>
                                <tr>{head}</tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }
                    .into_any()
                }
                (_, Some(FieldValue::Text(t))) => show_value(f, t, &persons).into_any(),
                _ => "—".into_any(),
            };
            view! {
                <dt>{f.label.clone()}</dt>
                <dd class="pre">{shown}</dd>
            }
        })
        .collect_view();
    view! { <dl class="record">{items}</dl> }
}

/// What a letter type needs, who signs it and how long it takes: shown before anyone starts.
#[component]
pub fn LetterRequirements(info: LetterTypeInfo) -> impl IntoView {
    let fields: Vec<String> = info
        .fields
        .iter()
        .map(|f| if f.required { f.label.clone() } else { format!("{} (jika ada)", f.label) })
        .collect();
    let attachments = info
        .attachments
        .iter()
        .map(|a| {
            let note = if a.required { "wajib" } else { "jika ada" };
            view! { <li>{a.label.clone()} " — " {note} ", " {a.accepted_label()}</li> }
        })
        .collect_view();
    view! {
        <div class="requirements">
            <p>{info.description.clone()}</p>
            <dl class="record">
                <dt>"Ditandatangani"</dt>
                <dd>{info.signer_label()}</dd>
                <dt>"Lama proses"</dt>
                <dd>{info.service_label()}</dd>
                <dt>"Masa berlaku"</dt>
                <dd>{info.validity_label()}</dd>
                <dt>"Data diri"</dt>
                <dd>"Diambil dari data kependudukan Anda (NIK, KK, alamat); tidak perlu diketik."</dd>
                <dt>"Yang perlu diisi"</dt>
                <dd>{if fields.is_empty() { "—".to_string() } else { fields.join("; ") }}</dd>
            </dl>
            {(!info.requirements.is_empty()).then(|| view! {
                <p class="req-title">"Syarat:"</p>
                <ul>{info.requirements.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
            })}
            {(!info.attachments.is_empty()).then(|| view! {
                <p class="req-title">"Lampiran (foto atau pindaian):"</p>
                <ul>{attachments}</ul>
            })}
        </div>
    }
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
