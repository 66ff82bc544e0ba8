//! A request's values read-only, and what a letter type needs, shown before starting.

use crate::catalogue::{FieldKind, FieldSpec, FieldValue, FieldValues, LetterTypeInfo};
use crate::population::ResidentView;
use domain::fields::format_rupiah;
use leptos::prelude::*;
use std::collections::BTreeMap;

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
