//! Server functions of the audit area.

use super::dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use {super::AuditPort, crate::web::*};

#[server(prefix = "/api", endpoint = "audit", input = Json)]
pub async fn audit_events(query: AuditQuery) -> Result<AuditPage, AppError> {
    answer(port::<dyn AuditPort>()?.audit_events(query).await)
}
