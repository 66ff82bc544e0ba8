//! Forms driven by a letter type's manifest: its fields (every kind, repeatable groups), its
//! attachments (uploaded as soon as they are chosen), and the summary of what it needs.

mod attachments;
mod inputs;
mod show;

pub use attachments::{AttachmentInputs, AttachmentList};
pub use inputs::FieldInputs;
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
