//! Server functions of the accounts area.

use super::dto::*;
use super::staff_dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

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

#[server(prefix = "/api", endpoint = "daftar-tiket", input = Json)]
pub async fn pending_registration() -> Result<Option<RegisterTicket>, AppError> {
    answer(port::<dyn AccountsPort>()?.pending_registration().await)
}

#[server(prefix = "/api", endpoint = "daftar-ulang", input = Json)]
pub async fn restart_registration() -> Result<(), AppError> {
    answer(port::<dyn AccountsPort>()?.restart_registration().await)
}

#[server(prefix = "/api", endpoint = "ganti-sandi", input = Json)]
pub async fn change_password(input: PasswordChange) -> Result<(), AppError> {
    answer(port::<dyn AccountsPort>()?.change_password(input).await)
}

#[server(prefix = "/api", endpoint = "pulihkan", input = Json)]
pub async fn reset_with_code(input: CodeReset) -> Result<(), AppError> {
    answer(port::<dyn AccountsPort>()?.reset_with_code(input).await)
}

#[server(prefix = "/api", endpoint = "kode-pulih-warga", input = Json)]
pub async fn resident_reset_code(input: ResidentCodeInput) -> Result<ResetCodeView, AppError> {
    answer(port::<dyn AccountsPort>()?.resident_reset_code(input).await)
}

#[server(prefix = "/api", endpoint = "kode-aktivasi-warga", input = Json)]
pub async fn resident_activation_code(input: ResidentCodeInput) -> Result<ResetCodeView, AppError> {
    answer(port::<dyn AccountsPort>()?.resident_activation_code(input).await)
}

#[server(prefix = "/api", endpoint = "batalkan-pendaftaran", input = Json)]
pub async fn undo_registration(input: UndoRegistrationInput) -> Result<UndoneRegistration, AppError> {
    answer(port::<dyn AccountsPort>()?.undo_registration(input).await)
}

#[server(prefix = "/api", endpoint = "akun-daftar", input = Json)]
pub async fn list_staff(search: String) -> Result<Vec<StaffSummary>, AppError> {
    answer(port::<dyn AccountsPort>()?.staff_list(search).await)
}

#[server(prefix = "/api", endpoint = "akun-pilihan", input = Json)]
pub async fn new_staff_options() -> Result<StaffFormOptions, AppError> {
    answer(port::<dyn AccountsPort>()?.staff_form_options().await)
}

#[server(prefix = "/api", endpoint = "akun-buat", input = Json)]
pub async fn create_staff(input: NewStaffInput) -> Result<Uuid, AppError> {
    answer(port::<dyn AccountsPort>()?.create_staff(input).await)
}

#[server(prefix = "/api", endpoint = "akun", input = Json)]
pub async fn get_staff(id: Uuid) -> Result<StaffDetail, AppError> {
    answer(port::<dyn AccountsPort>()?.staff_detail(id).await)
}

#[server(prefix = "/api", endpoint = "akun-ubah", input = Json)]
pub async fn update_staff(input: StaffChangeInput) -> Result<StaffDetail, AppError> {
    answer(port::<dyn AccountsPort>()?.update_staff(input).await)
}

#[server(prefix = "/api", endpoint = "akun-aktif", input = Json)]
pub async fn set_staff_active(input: StaffActiveInput) -> Result<StaffDetail, AppError> {
    answer(port::<dyn AccountsPort>()?.set_staff_active(input).await)
}

#[server(prefix = "/api", endpoint = "akun-kode-pulih", input = Json)]
pub async fn staff_reset_code(id: Uuid) -> Result<ResetCodeView, AppError> {
    answer(port::<dyn AccountsPort>()?.staff_reset_code(id).await)
}
