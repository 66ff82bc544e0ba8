//! `/dasbor`: how an office serves — requests received, finished, returned and refused per
//! week and per letter type, time to signature against the service standard, the open backlog
//! by age, and the satisfaction index; charts drawn on the server (SVG with a data table), and
//! the same figures as CSV. Lurah/kepala desa: their office; camat: their kecamatan and its
//! kelurahan/desa; the city admin: everything.

mod api;
mod dto;
mod page;

pub use api::*;
pub use dto::*;
pub use page::DashboardPage;

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait DashboardPort: Send + Sync + 'static {
        async fn dashboard(&self, query: DashboardQuery) -> Result<Dashboard, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::DashboardPort;
