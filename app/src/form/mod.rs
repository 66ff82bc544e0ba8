//! Forms driven by a letter type's manifest: its fields (every kind, repeatable groups), its
//! attachments (uploaded as soon as they are chosen), and the summary of what it needs.

mod attachments;
mod downscale;
mod inputs;
mod show;

pub use attachments::{AttachmentInputs, AttachmentList, Chosen, attachment_field, attachment_name_field};
pub use inputs::{FieldInputs, field_name};
pub use show::{FieldValuesView, LetterRequirements};

use crate::catalogue::{FieldKind, FieldSpec, FieldValue, FieldValues};
use crate::error::AppError;
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

/// The field values a form posted without JavaScript came back with (its `fields[…]`).
pub fn echoed_values(echo: &crate::echo::Echo) -> FieldValues {
    let flat: BTreeMap<String, String> = echo
        .values
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("fields[")?.strip_suffix(']').map(|k| (k.to_string(), v.clone())))
        .collect();
    domain::fields::from_flat(&flat)
}

/// The stored attachments a form posted without JavaScript came back with.
pub fn echoed_attachments(echo: &crate::echo::Echo) -> BTreeMap<String, Chosen> {
    echo.values
        .iter()
        .filter_map(|(k, v)| {
            let slot = k.strip_prefix("attachments[")?.strip_suffix(']')?;
            let id = uuid::Uuid::parse_str(v).ok()?;
            let label = echo.values.get(&attachment_name_field(slot)).cloned().unwrap_or_else(|| "Berkas".into());
            Some((slot.to_string(), Chosen { id, label }))
        })
        .collect()
}

/// What a "tambah baris" (`tambah:group`) or "hapus baris" (`hapus:group.row`) button pressed
/// without JavaScript asks of the values.
pub fn apply_again(fields: &[FieldSpec], values: &mut FieldValues, again: &str) {
    if let Some(group) = again.strip_prefix("tambah:") {
        let Some(spec) = fields.iter().find(|f| f.name == group && f.kind == FieldKind::Group) else { return };
        if let FieldValue::Rows(rows) = values.entry(group.to_string()).or_insert_with(|| FieldValue::Rows(Vec::new()))
            && rows.len() < spec.max_rows() as usize
        {
            rows.push(BTreeMap::new());
        }
    } else if let Some((group, row)) = again.strip_prefix("hapus:").and_then(|r| r.rsplit_once('.'))
        && let Ok(row) = row.parse::<usize>()
        && let Some(FieldValue::Rows(rows)) = values.get_mut(group)
        && row < rows.len()
    {
        rows.remove(row);
    }
}
