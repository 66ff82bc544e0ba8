//! The population area's forms as they work without JavaScript (see `http::forms`).

use crate::http::forms::Forms;
use app::AppError;
use app::population::{
    CorrectionInput, CorrectionResponse, CounterLookup, CounterSearch, ImportUpload, PopulationPort, ReportCorrection,
    ResolveCorrection,
};
use leptos::server_fn::ServerFn;
use std::sync::Arc;

pub fn forms(forms: Forms) -> Forms {
    forms
        // The counter's look-up (and the letter type chosen for the resident): on the page.
        .add_shown::<CounterSearch, CounterLookup>(|input| CounterLookup { input })
        // A resident's note: the page says it was sent and lists it.
        .add_shown::<CorrectionInput, ReportCorrection>(|input| ReportCorrection { input })
        // The kelurahan's answer: back to the list.
        .add::<CorrectionResponse, ResolveCorrection>(|input| ResolveCorrection { input }, |_| "/laporan-data".into())
        // A population export of up to a gigabyte: streamed to the temporary folder as it
        // arrives, like the enhanced page's upload; the page shows the import started.
        .streamed(
            "/admin/penduduk",
            ImportUpload::PATH,
            "file",
            "Pilih berkas CSV data penduduk.",
            Arc::new(|name, field| Box::pin(pour(name, field))),
        )
}

/// The posted file into the admin's import (only an admin gets a place to put it).
async fn pour(name: String, mut field: multer::Field<'static>) -> Result<String, AppError> {
    let mut sink = app::web::port::<dyn PopulationPort>()?.import_upload().await?;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => sink.write(&chunk).await?,
            Ok(None) => break,
            Err(_) => return Err(AppError::field("file", "Berkas tidak terkirim sampai selesai. Coba kirim lagi.")),
        }
    }
    let started = sink.finish(name).await?;
    serde_json::to_string(&started).map_err(|_| AppError::Internal)
}
