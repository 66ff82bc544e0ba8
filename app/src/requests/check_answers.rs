//! "Periksa kembali isian Anda" (GOV.UK's check-answers pattern): every value and attachment
//! before the request is sent, each with "Ubah". Without JavaScript it is a plain form whose
//! hidden fields carry the answers; "Ubah" posts them back to show the form again.

use crate::catalogue::{FieldKind, FieldSpec, FieldValue, FieldValues, LetterTypeInfo};
use crate::components::ErrorBox;
use crate::echo::{AGAIN_FIELD, FormFor};
use crate::error::AppError;
use crate::form::{Chosen, attachment_field, attachment_name_field, field_name};
use crate::population::FamilyMember;
use domain::fields::{format_rupiah, to_flat};
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn CheckAnswers(
    info: LetterTypeInfo,
    values: FieldValues,
    chosen: BTreeMap<String, Chosen>,
    subject: String,
    family: Vec<FamilyMember>,
    counter_nik: Option<String>,
    submit_path: &'static str,
    pending: Signal<bool>,
    errors: Signal<Option<AppError>>,
    on_submit: Callback<()>,
    on_change: Callback<()>,
) -> impl IntoView {
    let values = domain::fields::normalize(&info.fields, values);
    let hidden = to_flat(&values)
        .into_iter()
        .map(|(k, v)| view! { <input type="hidden" name=field_name(&k) value=v /> })
        .collect_view();
    let hidden_files = chosen
        .iter()
        .map(|(slot, f)| {
            view! {
                <input type="hidden" name=attachment_field(slot) value=f.id.to_string() />
                <input type="hidden" name=attachment_name_field(slot) value=f.label.clone() />
            }
        })
        .collect_view();
    let who = if counter_nik.is_some() {
        None
    } else {
        let me = subject.is_empty();
        let name = family.iter().find(|m| if me { m.me } else { m.nik == subject }).map(|m| m.nama.clone());
        Some(name.unwrap_or_else(|| "Saya sendiri".into()))
    };
    let rows = info
        .fields
        .iter()
        .map(|f| {
            let shown = shown(f, values.get(&f.name), &family);
            view! {
                <div class="summary-row">
                    <dt>{f.label.clone()}</dt>
                    <dd class="pre">{shown}</dd>
                    <dd class="change"><ChangeButton target=format!("ubah:{}", f.name) label=f.label.clone() on_change /></dd>
                </div>
            }
        })
        .collect_view();
    let files = info
        .attachments
        .iter()
        .map(|a| {
            let shown = chosen.get(&a.name).map(|f| f.label.clone()).unwrap_or_else(|| "Tidak dilampirkan".into());
            view! {
                <div class="summary-row">
                    <dt>{a.label.clone()}</dt>
                    <dd>{shown}</dd>
                    <dd class="change"><ChangeButton target=format!("ubah:lampiran.{}", a.name) label=a.label.clone() on_change /></dd>
                </div>
            }
        })
        .collect_view();
    let on_send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(());
    };
    view! {
        <form method="post" class="card check-answers" on:submit=on_send>
            <h2>"Periksa kembali isian Anda"</h2>
            <FormFor path=submit_path />
            // The default button (Enter): send, not "Ubah".
            <button type="submit" class="visually-hidden" tabindex="-1" aria-hidden="true">"Kirim"</button>
            <input type="hidden" name="letter_type" value=info.code.clone() />
            <input type="hidden" name="subject" value=subject.clone() />
            {counter_nik.map(|nik| view! { <input type="hidden" name="nik" value=nik /> })}
            {hidden}
            {hidden_files}
            <dl class="summary-list">
                {who.map(|w| view! {
                    <div class="summary-row">
                        <dt>"Surat ini untuk"</dt>
                        <dd>{w}</dd>
                        <dd class="change"><ChangeButton target="ubah:subject".into() label="untuk siapa".into() on_change /></dd>
                    </div>
                })}
                {rows}
                {files}
            </dl>
            <p class="hint">
                {format!("Diproses dalam {}; ditandatangani {}.", info.service_label(), info.signer_label())}
            </p>
            {move || errors.get().map(|e| view! { <ErrorBox error=e /> })}
            <button type="submit" disabled=move || pending.get()>
                {move || if pending.get() { "Mengirim…" } else { "Kirim permohonan" }}
            </button>
        </form>
    }
}

/// "Ubah": back to the form, with everything as it was typed.
#[component]
fn ChangeButton(target: String, label: String, on_change: Callback<()>) -> impl IntoView {
    view! {
        <button type="submit" name=AGAIN_FIELD value=target class="link" formnovalidate
            on:click=move |ev| {
                ev.prevent_default();
                on_change.run(());
            }>
            "Ubah" <span class="visually-hidden">{format!(" {}", label.to_lowercase())}</span>
        </button>
    }
}

/// A value as the resident reads it: money in Rupiah, family members by name, groups as lines.
fn shown(spec: &FieldSpec, value: Option<&FieldValue>, family: &[FamilyMember]) -> String {
    let text = |spec: &FieldSpec, t: &str| -> String {
        if t.is_empty() {
            return "—".into();
        }
        match spec.kind {
            FieldKind::Money => t.parse::<i64>().map(format_rupiah).unwrap_or_else(|_| t.to_string()),
            FieldKind::PersonKk => family.iter().find(|m| m.nik == t).map(|m| m.nama.clone()).unwrap_or(t.to_string()),
            FieldKind::PersonNik => format!("NIK {t}"),
            _ => t.to_string(),
        }
    };
    match value {
        Some(FieldValue::Text(t)) => text(spec, t),
        Some(FieldValue::Rows(rows)) if !rows.is_empty() => rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let cells: Vec<String> = spec
                    .fields
                    .iter()
                    .filter_map(|sub| row.get(&sub.name).filter(|t| !t.is_empty()).map(|t| text(sub, t)))
                    .collect();
                format!("{}. {}", i + 1, cells.join(", "))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => "—".into(),
    }
}
