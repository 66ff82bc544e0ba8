//! Population: the resident's record and family, the counter look-up, data-correction notes,
//! the import of the Dukcapil/SIAK export, and residents' rights over their data (who looked
//! at it, a copy of it).

mod api;
mod corrections;
mod counter;
mod dto;
mod imports;
mod rights;

pub use api::*;
pub use corrections::{DataReports, ReportData};
pub use counter::Counter;
pub use dto::*;
pub use imports::Population;
pub use rights::{AccessHistory, MyData};

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;
    use uuid::Uuid;

    #[async_trait::async_trait]
    pub trait PopulationPort: Send + Sync + 'static {
        /// The signed-in resident's record.
        async fn my_record(&self) -> Result<ResidentView, AppError>;
        /// Every time an official opened or changed the signed-in resident's data, newest first.
        async fn access_history(&self) -> Result<Vec<AccessEntry>, AppError>;
        /// The members of the signed-in resident's KK.
        async fn family_members(&self) -> Result<Vec<FamilyMember>, AppError>;
        /// A clerk finds the resident at the counter (in the clerk's own kelurahan).
        async fn counter_lookup(&self, input: CounterSearch) -> Result<CounterResident, AppError>;
        /// A resident reports that their record looks wrong.
        async fn report_correction(&self, input: CorrectionInput) -> Result<CorrectionView, AppError>;
        /// A resident's own notes, or a kelurahan official's notes to handle.
        async fn corrections(&self) -> Result<Vec<CorrectionView>, AppError>;
        async fn resolve_correction(&self, input: CorrectionResponse) -> Result<CorrectionView, AppError>;
        /// Admin: population imports, newest first, and one import with its first problems.
        async fn imports(&self) -> Result<Vec<ImportView>, AppError>;
        async fn import_detail(&self, id: Uuid) -> Result<ImportReport, AppError>;
        /// Admin: somewhere to stream an uploaded population file to; finishing it starts the import.
        async fn import_upload(&self) -> Result<Box<dyn ImportSink>, AppError>;
    }

    /// An uploaded population file on its way to disk.
    #[async_trait::async_trait]
    pub trait ImportSink: Send {
        /// Appends a chunk; refuses (413) past the size cap.
        async fn write(&mut self, chunk: &[u8]) -> Result<(), AppError>;
        /// The whole file is there: starts the import in the background.
        async fn finish(self: Box<Self>, name: String) -> Result<ImportView, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::{ImportSink, PopulationPort};
