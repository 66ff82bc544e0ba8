//! The audit log for administrators: `/admin/audit` lists and filters security events (the city
//! administrator sees all, an office administrator those of their office).

mod api;
mod dto;
mod page;

pub use api::*;
pub use dto::*;
pub use page::AuditLog;

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait AuditPort: Send + Sync + 'static {
        /// Events in the administrator's scope, newest first, a page at a time; 403 for others.
        async fn audit_events(&self, query: AuditQuery) -> Result<AuditPage, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::AuditPort;
