//! Server functions of the notifications area.

use super::dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use {super::NotificationsPort, crate::web::*};

#[server(prefix = "/api", endpoint = "kontak", input = Json)]
pub async fn my_contacts() -> Result<ContactSettings, AppError> {
    answer(port::<dyn NotificationsPort>()?.contact_settings().await)
}

#[server(prefix = "/api", endpoint = "kontak-tambah", input = Json)]
pub async fn add_contact(input: ContactInput) -> Result<ContactSettings, AppError> {
    answer(port::<dyn NotificationsPort>()?.add_contact(input).await)
}

#[server(prefix = "/api", endpoint = "kontak-verifikasi", input = Json)]
pub async fn verify_contact(input: ContactCodeInput) -> Result<ContactSettings, AppError> {
    answer(port::<dyn NotificationsPort>()?.verify_contact(input).await)
}

#[server(prefix = "/api", endpoint = "kontak-pilih", input = Json)]
pub async fn choose_channel(input: NotifyChoiceInput) -> Result<ContactSettings, AppError> {
    answer(port::<dyn NotificationsPort>()?.choose(input).await)
}

#[server(prefix = "/api", endpoint = "kotak-keluar", input = Json)]
pub async fn notification_outbox() -> Result<OutboxView, AppError> {
    answer(port::<dyn NotificationsPort>()?.outbox().await)
}
