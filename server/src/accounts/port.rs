//! The accounts port: DTOs in, the service, DTOs out.

use super::{Actor, registration, service};
use crate::web::Web;
use app::AppError;
use app::accounts::{AccountsPort, IdentityAnswers, LoginInput, NewPassword, RegisterTicket, SessionUser};

pub fn session_user(a: Actor) -> SessionUser {
    SessionUser {
        user_id: a.user_id,
        name: a.name,
        role: a.role,
        office_code: a.office_code,
        office_name: a.office_name,
    }
}

#[async_trait::async_trait]
impl AccountsPort for Web {
    async fn current_user(&self) -> Result<Option<SessionUser>, AppError> {
        Ok(self.viewer().map(session_user))
    }

    async fn login(&self, input: LoginInput) -> Result<SessionUser, AppError> {
        let s = &self.0;
        let (actor, token) =
            service::login(&s.db, &self.client(), &input.login, &input.password, s.config.session_hours).await?;
        self.set_cookie(&service::cookie_value(&token, s.config.session_hours * 3600, s.config.secure_cookies()));
        Ok(session_user(actor))
    }

    async fn logout(&self) -> Result<(), AppError> {
        let token = use_parts().and_then(|p| service::session_token(&p.headers));
        if let Some(token) = token {
            service::logout(&self.0.db, &token).await?;
        }
        self.set_cookie(&service::cookie_value("", 0, self.0.config.secure_cookies()));
        Ok(())
    }

    async fn register_identity(&self, input: IdentityAnswers) -> Result<RegisterTicket, AppError> {
        let answers = registration::Answers {
            nik: &input.nik,
            no_kk: &input.no_kk,
            birth_date: &input.tanggal_lahir,
            mother: &input.nama_ibu,
        };
        let t = registration::check_identity(&self.0, &self.client(), answers).await?;
        Ok(RegisterTicket { ticket: t.ticket, nama: t.name, minutes_valid: t.minutes_valid })
    }

    async fn register_password(&self, input: NewPassword) -> Result<SessionUser, AppError> {
        let s = &self.0;
        let password =
            registration::Password { ticket: &input.ticket, password: &input.password, again: &input.password2 };
        let (actor, token) = registration::set_password(s, password).await?;
        self.set_cookie(&service::cookie_value(&token, s.config.session_hours * 3600, s.config.secure_cookies()));
        Ok(session_user(actor))
    }
}

fn use_parts() -> Option<http::request::Parts> {
    leptos::prelude::use_context::<http::request::Parts>()
}
