//! Inputs for a letter type's fields, every kind, with repeatable groups.

use super::messages;
use crate::catalogue::{FieldKind, FieldSpec, FieldValue, FieldValues};
use crate::echo::AGAIN_FIELD;
use crate::error::AppError;
use crate::population::FamilyMember;
use domain::fields::{format_rupiah, normalize_text, row_key, terbilang_rupiah};
use leptos::prelude::*;
use std::collections::BTreeMap;

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
    /// The name the input posts under: `fields[name]`, `fields[group.0.sub]`.
    fn form_name(&self) -> String {
        field_name(&self.key())
    }
    fn id(&self) -> String {
        format!("field-{}", self.key().replace('.', "-"))
    }
}

/// The form field of a value's key ([`domain::fields::to_flat`]): `fields[key]`.
pub fn field_name(key: &str) -> String {
    format!("fields[{key}]")
}

/// One input for a non-group field.
fn scalar_input(spec: &FieldSpec, slot: Slot, values: RwSignal<FieldValues>, family: &[FamilyMember]) -> AnyView {
    let id = slot.id();
    let name = slot.form_name();
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
    // The value as the server renders it (a form posted without JavaScript and come back);
    // `prop:value` keeps it in step afterwards.
    let initial = values.with_untracked(|v| slot.get(v));
    match spec.kind {
        FieldKind::LongText => view! {
            <textarea id=id name=name rows="4" required=required maxlength=maxlength prop:value=get on:input=set>
                {initial}
            </textarea>
        }
        .into_any(),
        FieldKind::Date => view! {
            <input id=id name=name type="date" required=required value=initial prop:value=get on:input=set />
        }
        .into_any(),
        FieldKind::Time => view! {
            <input id=id name=name type="time" required=required value=initial prop:value=get on:input=set />
        }
        .into_any(),
        FieldKind::Number => view! {
            <input id=id name=name type="text" inputmode="numeric" required=required value=initial prop:value=get
                on:input=set />
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
                        required=required value=initial prop:value=move || values.with(|v| slot.get(v)) on:input=set />
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
                    {options
                        .into_iter()
                        .map(|c| view! { <option value=c.clone() selected=c == initial>{c.clone()}</option> })
                        .collect_view()}
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
                                <option value=m.nik.clone() selected=m.nik == initial>
                                    {format!("{} ({})", m.nama, m.hubungan_keluarga)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::PersonNik => view! {
            <input id=id name=name type="text" inputmode="numeric" autocomplete="off" maxlength="20"
                placeholder="16 angka NIK" required=required value=initial prop:value=get on:input=set />
        }
        .into_any(),
        FieldKind::Text | FieldKind::Group => view! {
            <input id=id name=name type="text" required=required maxlength=maxlength value=initial prop:value=get
                on:input=set />
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
                move |ev: leptos::ev::MouseEvent| {
                    ev.prevent_default();
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
                                move |ev: leptos::ev::MouseEvent| {
                                    ev.prevent_default();
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
                            // Without JavaScript the server shows the form again without row i.
                            view! {
                                <fieldset class="group-row" data-row=i>
                                    <legend>{format!("{} ke-{}", spec.with_value(|s| s.label.clone()), i + 1)}</legend>
                                    {subs}
                                    <button type="submit" name=AGAIN_FIELD value=format!("hapus:{name}.{i}")
                                        formnovalidate class="link danger" on:click=remove>
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
                    <button type="submit" name=AGAIN_FIELD value=format!("tambah:{name}") formnovalidate
                        class="secondary" disabled=move || { count.get() >= max } on:click=add>
                        {format!("+ Tambah {}", label.to_lowercase())}
                    </button>
                </div>
            }
            .into_any()
        })
        .collect_view()
}
