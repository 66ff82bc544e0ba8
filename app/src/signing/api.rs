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

#[server(prefix = "/api", endpoint = "sertifikat-saya", input = Json)]
pub async fn my_certificate() -> Result<CertificateStanding, AppError> {
    answer(port::<dyn SigningPort>()?.certificate_standing().await)
}

#[server(prefix = "/api", endpoint = "sertifikat-minta", input = Json)]
pub async fn ask_certificate(input: CertificateAsk) -> Result<CertificateStanding, AppError> {
    answer(port::<dyn SigningPort>()?.ask_certificate(input).await)
}

#[server(prefix = "/api", endpoint = "passphrase-ganti", input = Json)]
pub async fn change_passphrase(input: PassphraseChange) -> Result<(), AppError> {
    answer(port::<dyn SigningPort>()?.change_passphrase(input).await)
}

#[server(prefix = "/api", endpoint = "sertifikat-menunggu", input = Json)]
pub async fn waiting_certificates() -> Result<Vec<PendingCertificate>, AppError> {
    answer(port::<dyn SigningPort>()?.waiting_certificates().await)
}

#[server(prefix = "/api", endpoint = "sertifikat-terbitkan", input = Json)]
pub async fn approve_certificate(input: CertificateApproval) -> Result<IssuedCertificate, AppError> {
    answer(port::<dyn SigningPort>()?.approve_certificate(input).await)
}

#[server(prefix = "/api", endpoint = "sertifikat-tolak", input = Json)]
pub async fn refuse_certificate(input: CertificateRefusal) -> Result<(), AppError> {
    answer(port::<dyn SigningPort>()?.refuse_certificate(input).await)
}

#[server(prefix = "/api", endpoint = "sertifikat-cabut", input = Json)]
pub async fn revoke_certificate(input: CertificateRevocation) -> Result<(), AppError> {
    answer(port::<dyn SigningPort>()?.revoke_certificate(input).await)
}
