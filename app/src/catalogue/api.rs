//! Server functions of the catalogue.

use super::dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use {super::CataloguePort, crate::web::*};

#[server(prefix = "/api", endpoint = "jenis-surat", input = Json)]
pub async fn letter_types() -> Result<Vec<LetterTypeInfo>, AppError> {
    answer(port::<dyn CataloguePort>()?.letter_types().await)
}
