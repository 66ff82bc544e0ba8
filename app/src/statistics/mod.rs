//! `/statistik`: open statistics for anyone — letters issued per letter type, kelurahan/desa
//! and month, service time against the standard, the satisfaction index; no personal data, and
//! every figure from fewer than 5 letters or respondents withheld. The same as CSV and as JSON
//! with its metadata (`/api/v1/statistik`), for Satu Data portals.

mod api;
mod dto;
mod page;

pub use api::*;
pub use dto::*;
pub use page::StatisticsPage;

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait StatisticsPort: Send + Sync + 'static {
        async fn statistics(&self, tahun: Option<String>) -> Result<Statistics, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::StatisticsPort;
