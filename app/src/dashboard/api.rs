use super::dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use {super::DashboardPort, crate::web::*};

/// The dashboard of the caller's reach.
#[server(prefix = "/api", endpoint = "dasbor", input = Json)]
pub async fn load_dashboard(query: DashboardQuery) -> Result<Dashboard, AppError> {
    answer(port::<dyn DashboardPort>()?.dashboard(query).await)
}
