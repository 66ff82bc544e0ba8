use super::dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use {super::StatisticsPort, crate::web::*};

/// The open statistics of a year (default: this one). No login.
#[server(prefix = "/api", endpoint = "statistik", input = Json)]
pub async fn open_statistics(tahun: Option<String>) -> Result<Statistics, AppError> {
    answer(port::<dyn StatisticsPort>()?.statistics(tahun).await)
}
