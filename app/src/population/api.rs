//! Server functions of the population area.

use super::dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};
use uuid::Uuid;

#[cfg(feature = "ssr")]
use {super::PopulationPort, crate::web::*};

#[server(prefix = "/api", endpoint = "data-saya", input = Json)]
pub async fn my_record() -> Result<ResidentView, AppError> {
    answer(port::<dyn PopulationPort>()?.my_record().await)
}

#[server(prefix = "/api", endpoint = "keluarga-saya", input = Json)]
pub async fn family_members() -> Result<Vec<FamilyMember>, AppError> {
    answer(port::<dyn PopulationPort>()?.family_members().await)
}

/// The signed-in resident's access history (recorded in the audit log each time it is read).
#[server(prefix = "/api", endpoint = "riwayat-akses", input = Json)]
pub async fn access_history() -> Result<Vec<AccessEntry>, AppError> {
    answer(port::<dyn PopulationPort>()?.access_history().await)
}

#[server(prefix = "/api", endpoint = "loket-cari", input = Json)]
pub async fn counter_lookup(input: CounterSearch) -> Result<CounterResident, AppError> {
    answer(port::<dyn PopulationPort>()?.counter_lookup(input).await)
}

#[server(prefix = "/api", endpoint = "koreksi-data", input = Json)]
pub async fn report_correction(input: CorrectionInput) -> Result<CorrectionView, AppError> {
    answer(port::<dyn PopulationPort>()?.report_correction(input).await)
}

#[server(prefix = "/api", endpoint = "koreksi-daftar", input = Json)]
pub async fn corrections() -> Result<Vec<CorrectionView>, AppError> {
    answer(port::<dyn PopulationPort>()?.corrections().await)
}

#[server(prefix = "/api", endpoint = "koreksi-selesai", input = Json)]
pub async fn resolve_correction(input: CorrectionResponse) -> Result<CorrectionView, AppError> {
    answer(port::<dyn PopulationPort>()?.resolve_correction(input).await)
}

#[server(prefix = "/api", endpoint = "impor-daftar", input = Json)]
pub async fn imports() -> Result<Vec<ImportView>, AppError> {
    answer(port::<dyn PopulationPort>()?.imports().await)
}

#[server(prefix = "/api", endpoint = "impor-rinci", input = Json)]
pub async fn import_detail(id: Uuid) -> Result<ImportReport, AppError> {
    answer(port::<dyn PopulationPort>()?.import_detail(id).await)
}

/// Admin: uploads a population CSV (multipart `file`), streamed to disk, then imported in the
/// background; the page follows it with `impor-daftar`.
#[server(prefix = "/api", endpoint = "impor-unggah", input = MultipartFormData)]
pub async fn import_upload(data: MultipartData) -> Result<ImportView, AppError> {
    let population = port::<dyn PopulationPort>()?;
    // The city admin's: anyone else is refused before a byte is read.
    if require_user().await?.role != domain::Role::Admin {
        return answer(Err(AppError::Forbidden));
    }
    let mut form = answer(data.into_inner().ok_or_else(unreadable))?;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return answer(Err(AppError::field("file", "Pilih berkas CSV data penduduk."))),
            Err(_) => return answer(Err(unreadable())),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("penduduk.csv").to_string();
        let mut sink = answer(population.import_upload().await)?;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => answer(sink.write(&chunk).await)?,
                Ok(None) => break,
                Err(_) => return answer(Err(unreadable())),
            }
        }
        return answer(sink.finish(name).await);
    }
}
