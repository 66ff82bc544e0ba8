//! Server functions of the accounts area.

use super::dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use {super::AccountsPort, crate::web::*};

#[server(prefix = "/api", endpoint = "sesi", input = Json)]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    answer(port::<dyn AccountsPort>()?.current_user().await)
}

#[server(prefix = "/api", endpoint = "masuk", input = Json)]
pub async fn login(input: LoginInput) -> Result<SessionUser, AppError> {
    answer(port::<dyn AccountsPort>()?.login(input).await)
}

#[server(prefix = "/api", endpoint = "keluar", input = Json)]
pub async fn logout() -> Result<(), AppError> {
    answer(port::<dyn AccountsPort>()?.logout().await)
}

#[server(prefix = "/api", endpoint = "daftar-identitas", input = Json)]
pub async fn register_identity(input: IdentityAnswers) -> Result<RegisterTicket, AppError> {
    answer(port::<dyn AccountsPort>()?.register_identity(input).await)
}

#[server(prefix = "/api", endpoint = "daftar-sandi", input = Json)]
pub async fn register_password(input: NewPassword) -> Result<SessionUser, AppError> {
    answer(port::<dyn AccountsPort>()?.register_password(input).await)
}
