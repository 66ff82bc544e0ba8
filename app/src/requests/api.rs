//! Server functions of the requests area.

use super::dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};
use uuid::Uuid;

#[cfg(feature = "ssr")]
use {super::RequestsPort, crate::web::*};

/// Uploads one supporting document: a multipart form with a `file` part. The size cap is
/// enforced while reading, so an oversized upload is refused without being held in memory.
#[server(prefix = "/api", endpoint = "lampiran", input = MultipartFormData)]
pub async fn upload_attachment(data: MultipartData) -> Result<UploadedFile, AppError> {
    let requests = port::<dyn RequestsPort>()?;
    // Residents upload their documents, kelurahan clerks scan them at the counter: anyone else
    // is refused before a byte is read.
    let user = require_user().await?;
    if !matches!(user.role, domain::Role::Warga | domain::Role::PetugasKelurahan) {
        return answer(Err(AppError::Forbidden));
    }
    let mut form = answer(data.into_inner().ok_or_else(unreadable))?;
    let cap = requests.max_upload_bytes();
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return answer(Err(AppError::field("file", "Pilih berkas yang akan diunggah."))),
            Err(_) => return answer(Err(unreadable())),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if (bytes.len() + chunk.len()) as u64 > cap {
                        let msg =
                            format!("Berkas terlalu besar: paling besar {}.", domain::attachment::size_label(cap));
                        set_status(413);
                        return Err(AppError::field("file", msg));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(_) => return answer(Err(unreadable())),
            }
        }
        return answer(requests.upload(name, bytes).await);
    }
}

#[server(prefix = "/api", endpoint = "permohonan-saya", input = Json)]
pub async fn my_requests() -> Result<Vec<RequestSummary>, AppError> {
    answer(port::<dyn RequestsPort>()?.my_requests().await)
}

#[server(prefix = "/api", endpoint = "ajukan", input = Json)]
pub async fn submit_request(input: NewRequestInput) -> Result<Uuid, AppError> {
    answer(port::<dyn RequestsPort>()?.submit(input).await)
}

/// Checks a request before the resident confirms it (the "periksa isian" step); with
/// `counter_nik` a clerk's request at the counter. Writes nothing.
#[server(prefix = "/api", endpoint = "periksa-permohonan", input = Json)]
pub async fn check_request(input: NewRequestInput, counter_nik: Option<String>) -> Result<(), AppError> {
    answer(port::<dyn RequestsPort>()?.check(input, counter_nik).await)
}

/// The receipt of a request just submitted.
#[server(prefix = "/api", endpoint = "tanda-terima", input = Json)]
pub async fn receipt(id: Uuid) -> Result<RequestReceipt, AppError> {
    answer(port::<dyn RequestsPort>()?.receipt(id).await)
}

/// Where a request is, by its reference code and the birth date of the person it is for; no
/// login. Limited like registration; a wrong code and a wrong date get the same answer.
#[server(prefix = "/api", endpoint = "lacak", input = Json)]
pub async fn track_request(input: TrackInput) -> Result<Tracked, AppError> {
    answer(port::<dyn RequestsPort>()?.track(input).await)
}

#[server(prefix = "/api", endpoint = "loket-ajukan", input = Json)]
pub async fn counter_submit(input: CounterRequest) -> Result<Uuid, AppError> {
    answer(port::<dyn RequestsPort>()?.counter_submit(input).await)
}

/// A page of the officials' queue, filtered and ordered as the page's address says.
#[server(prefix = "/api", endpoint = "antrian", input = Json)]
pub async fn queue(query: QueueQuery) -> Result<QueuePage, AppError> {
    answer(port::<dyn RequestsPort>()?.queue(query).await)
}

/// What needs the signed-in official now: the staff home's figures and the header's count.
#[server(prefix = "/api", endpoint = "ringkasan-antrian", input = Json)]
pub async fn work_summary() -> Result<WorkCounts, AppError> {
    answer(port::<dyn RequestsPort>()?.work_summary().await)
}

/// The requests in the official's queue for one person, found by NIK: posted, so the NIK is in
/// no address or log; each search is in the audit log and in that resident's access history.
#[server(prefix = "/api", endpoint = "antrian-nik", input = Json)]
pub async fn queue_by_nik(input: NikSearch) -> Result<QueuePage, AppError> {
    answer(port::<dyn RequestsPort>()?.queue_by_nik(input).await)
}

#[server(prefix = "/api", endpoint = "permohonan", input = Json)]
pub async fn get_request(id: Uuid) -> Result<RequestDetail, AppError> {
    answer(port::<dyn RequestsPort>()?.detail(id).await)
}

#[server(prefix = "/api", endpoint = "tindakan", input = Json)]
pub async fn act(input: ActInput) -> Result<RequestDetail, AppError> {
    answer(port::<dyn RequestsPort>()?.act(input).await)
}
