//! Server functions of the signing area.

use super::dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use {super::SigningPort, crate::web::*};

#[server(prefix = "/api", endpoint = "tandatangani", input = Json)]
pub async fn sign_letters(input: SignInput) -> Result<Vec<SignOutcome>, AppError> {
    answer(port::<dyn SigningPort>()?.sign_letters(input).await)
}
