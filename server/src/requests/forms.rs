//! The requests area's forms as they work without JavaScript (see `http::forms`).

use crate::http::forms::{Forms, Store, Stored};
use app::AppError;
use app::form::{Chosen, attachment_field, attachment_name_field};
use app::requests::{
    Act, CheckRequest, CounterRequest, CounterSubmit, NikSearch, PostedAct, PostedRequest, QueueByNik, RequestsPort,
    SubmitRequest, TrackInput, TrackRequest,
};
use domain::attachment::attachment_key;
use leptos::server_fn::ServerFn;
use std::sync::Arc;

pub fn forms(forms: Forms) -> Forms {
    let receipt = |id: &uuid::Uuid| format!("/permohonan/{id}/terkirim");
    forms
        // A clerk's or an official's action (the pressed button's value), or the resident's
        // resubmission with corrected values and new files: back to the request.
        .add::<PostedAct, Act>(|p| Act { input: p.input() }, |detail| format!("/permohonan/{}", detail.id))
        .files(<Act as ServerFn>::PATH, store())
        // A new request: checked first (the page then shows the answers to confirm), then sent.
        .add_shown::<PostedRequest, CheckRequest>(|p| CheckRequest { counter_nik: p.counter_nik(), input: p.input() })
        .add::<PostedRequest, SubmitRequest>(|p| SubmitRequest { input: p.input() }, receipt)
        .add::<PostedRequest, CounterSubmit>(
            |p| CounterSubmit { input: CounterRequest { nik: p.nik.clone(), request: p.input() } },
            receipt,
        )
        .add_shown::<TrackInput, TrackRequest>(|input| TrackRequest { input })
        // The queue's search by NIK: its answer is shown on the queue page.
        .add_shown::<NikSearch, QueueByNik>(|input| QueueByNik { input })
        .files(<CheckRequest as ServerFn>::PATH, store())
}

/// A file posted in `attachments[slot]` is stored as an upload; the form then carries its id
/// (and how to show it) instead. Its problems are reported next to that slot.
fn store() -> Store {
    Arc::new(|_: &[(String, String)], field: String, file_name: String, bytes: Vec<u8>| {
        Box::pin(async move {
            let Some(slot) = field.strip_prefix("attachments[").and_then(|f| f.strip_suffix(']')).map(str::to_string)
            else {
                return Err(AppError::invalid("Formulir ini tidak menerima berkas di situ."));
            };
            let requests = leptos::prelude::use_context::<Arc<dyn RequestsPort>>().ok_or(AppError::Internal)?;
            match requests.upload(file_name, bytes).await {
                Ok(file) => {
                    let chosen = Chosen::from(file);
                    let id = chosen.id.to_string();
                    Ok(Stored::Fields(vec![
                        (attachment_field(&slot), id),
                        (attachment_name_field(&slot), chosen.label),
                    ]))
                }
                Err(AppError::Validation(problems)) => {
                    let messages = problems.into_values().flatten().collect();
                    Err(AppError::Validation([(attachment_key(&slot), messages)].into()))
                }
                Err(other) => Err(other),
            }
        })
    })
}
