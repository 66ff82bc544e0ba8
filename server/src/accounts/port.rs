//! The accounts port: DTOs in, the service, DTOs out.

use super::staff::{self, Manager, NewStaff, ROLE_CHOICES, StaffChange, role_choice};
use super::{Actor, activation, passwords, registration, service, views};
use crate::db;
use crate::error::Error;
use crate::web::Web;
use app::AppError;
use app::accounts::{AccountsPort, IdentityAnswers, LoginInput, NewPassword, RegisterTicket, SessionUser};
use app::accounts::{
    Choice, CodeReset, NewStaffInput, PasswordChange, ResetCodeView, ResidentCodeInput, StaffActiveInput,
    StaffChangeInput, StaffDetail, StaffFormOptions, StaffSummary, UndoRegistrationInput, UndoneRegistration,
};
use domain::{OfficeKind, Role, Tier};
use uuid::Uuid;

/// How many lines of an account's history its page shows.
const LOG_LINES: i64 = 100;

pub fn session_user(a: Actor) -> SessionUser {
    SessionUser {
        user_id: a.user_id,
        name: a.name,
        role: a.role,
        office_code: a.office_code,
        office_name: a.office_name,
        secretary: a.secretary,
        waiting: None,
    }
}

#[async_trait::async_trait]
impl AccountsPort for Web {
    async fn current_user(&self) -> Result<Option<SessionUser>, AppError> {
        let Some(actor) = self.viewer() else { return Ok(None) };
        // Officials see beside "Antrian" how many requests wait for them: one indexed count,
        // carried with the session so the menu needs no resource of its own.
        let waiting = crate::requests::queue::waiting_count(&self.0, &actor).await?;
        Ok(Some(SessionUser { waiting, ..session_user(actor) }))
    }

    async fn login(&self, input: LoginInput) -> Result<SessionUser, AppError> {
        let s = &self.0;
        let (actor, token) =
            service::login(&s.db, &self.client(), &input.login, &input.password, s.config.session_hours).await?;
        self.set_cookie(&service::cookie_value(&token, s.config.session_hours * 3600, s.config.secure_cookies()));
        Ok(session_user(actor))
    }

    async fn logout(&self) -> Result<(), AppError> {
        let secure = self.0.config.secure_cookies();
        let token = use_parts().and_then(|p| service::session_token(&p.headers, secure));
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
            activation: &input.kode_aktivasi,
        };
        let t = registration::check_identity(&self.0, &self.client(), answers).await?;
        // Without JavaScript, the next page finds the ticket in this cookie.
        self.set_cookie(&registration::ticket_cookie(&t.ticket, self.0.config.secure_cookies()));
        Ok(RegisterTicket { ticket: t.ticket, nama: t.name, minutes_valid: t.minutes_valid })
    }

    async fn pending_registration(&self) -> Result<Option<RegisterTicket>, AppError> {
        let name = registration::ticket_cookie_name(self.0.config.secure_cookies());
        let Some(ticket) = use_parts().and_then(|p| service::cookie(&p.headers, name)) else {
            return Ok(None);
        };
        let t = registration::pending(&self.0, &ticket).await?;
        Ok(t.map(|t| RegisterTicket { ticket: t.ticket, nama: t.name, minutes_valid: t.minutes_valid }))
    }

    async fn restart_registration(&self) -> Result<(), AppError> {
        self.set_cookie(&registration::ticket_cookie("", self.0.config.secure_cookies()));
        Ok(())
    }

    async fn register_password(&self, input: NewPassword) -> Result<SessionUser, AppError> {
        let s = &self.0;
        let password =
            registration::Password { ticket: &input.ticket, password: &input.password, again: &input.password2 };
        let (actor, token) = registration::set_password(s, password).await?;
        self.set_cookie(&service::cookie_value(&token, s.config.session_hours * 3600, s.config.secure_cookies()));
        self.set_cookie(&registration::ticket_cookie("", s.config.secure_cookies()));
        Ok(session_user(actor))
    }

    async fn change_password(&self, input: PasswordChange) -> Result<(), AppError> {
        let actor = self.actor()?;
        let secure = self.0.config.secure_cookies();
        let keep = use_parts().and_then(|p| service::session_token(&p.headers, secure));
        passwords::change(&self.0.db, &actor, &input.current, &input.password, &input.password2, keep.as_deref())
            .await?;
        Ok(())
    }

    async fn reset_with_code(&self, input: CodeReset) -> Result<(), AppError> {
        passwords::use_reset(&self.0.db, &self.client(), &input.code, &input.password, &input.password2).await?;
        Ok(())
    }

    async fn resident_reset_code(&self, input: ResidentCodeInput) -> Result<ResetCodeView, AppError> {
        let actor = self.actor()?;
        let code = passwords::reset_resident(&self.0.db, &actor, &input.nik).await?;
        Ok(views::reset_code(code, &self.0.clock))
    }

    async fn resident_activation_code(&self, input: ResidentCodeInput) -> Result<ResetCodeView, AppError> {
        let actor = self.actor()?;
        let made = activation::make(&self.0, &actor, &input.nik).await?;
        Ok(ResetCodeView { code: made.code, name: made.name, valid_until: self.0.clock.label(made.expires_at) })
    }

    async fn undo_registration(&self, input: UndoRegistrationInput) -> Result<UndoneRegistration, AppError> {
        let actor = self.actor()?;
        let done = activation::undo(&self.0, &actor, &input.nik, &input.alasan).await?;
        Ok(UndoneRegistration { name: done.name, cancelled: done.cancelled, signed: done.signed })
    }

    async fn staff_list(&self, search: String) -> Result<Vec<StaffSummary>, AppError> {
        let actor = self.actor()?;
        let rows = staff::list(&self.0.db, Manager::Web(&actor), &search).await?;
        Ok(rows.iter().map(|r| views::staff_summary(r, &self.0.clock)).collect::<Result<_, _>>()?)
    }

    async fn staff_form_options(&self) -> Result<StaffFormOptions, AppError> {
        let actor = self.actor()?;
        Ok(form_options(self, &actor).await?)
    }

    async fn create_staff(&self, input: NewStaffInput) -> Result<Uuid, AppError> {
        let actor = self.actor()?;
        // The role first: someone who may not create accounts is told only that.
        if !matches!(actor.role, Role::Admin | Role::AdminKantor) {
            return Err(AppError::Forbidden);
        }
        if !input.password.is_empty() && input.password != input.password2 {
            return Err(AppError::field("password2", "Kedua kata sandi tidak sama."));
        }
        let choice = role_choice(&input.role);
        let new = NewStaff {
            username: input.username,
            display_name: input.display_name,
            role: choice.map(|c| c.0),
            secretary: choice.is_some_and(|c| c.1),
            office_code: Some(input.office_code),
            nip: input.nip,
            rank: input.rank,
            position: input.position,
            signer_nik: input.signer_nik,
            password: input.password,
        };
        Ok(staff::create(&self.0.db, Manager::Web(&actor), new).await?)
    }

    async fn staff_detail(&self, id: Uuid) -> Result<StaffDetail, AppError> {
        let actor = self.actor()?;
        Ok(detail(self, &actor, id).await?)
    }

    async fn update_staff(&self, input: StaffChangeInput) -> Result<StaffDetail, AppError> {
        let actor = self.actor()?;
        let change = StaffChange {
            display_name: input.display_name,
            nip: input.nip,
            rank: input.rank,
            position: input.position,
            signer_nik: input.signer_nik,
        };
        staff::update(&self.0.db, Manager::Web(&actor), input.id, change).await?;
        Ok(detail(self, &actor, input.id).await?)
    }

    async fn set_staff_active(&self, input: StaffActiveInput) -> Result<StaffDetail, AppError> {
        let actor = self.actor()?;
        if !input.active && input.reason.trim().is_empty() {
            // Checked after the scope, so an account outside it stays a 404.
            staff::get(&self.0.db, Manager::Web(&actor), input.id).await?;
            return Err(AppError::field("reason", "Tuliskan alasan menonaktifkan akun ini."));
        }
        staff::set_active(&self.0.db, Manager::Web(&actor), input.id, input.active, &input.reason).await?;
        Ok(detail(self, &actor, input.id).await?)
    }

    async fn staff_reset_code(&self, id: Uuid) -> Result<ResetCodeView, AppError> {
        let actor = self.actor()?;
        let code = passwords::reset_staff(&self.0.db, Manager::Web(&actor), id).await?;
        Ok(views::reset_code(code, &self.0.clock))
    }
}

/// One account with its history, if the administrator sees it.
async fn detail(web: &Web, actor: &Actor, id: Uuid) -> Result<StaffDetail, Error> {
    let db = &web.0.db;
    let row = staff::get(db, Manager::Web(actor), id).await?;
    let log = db::accounts::log_of(&db.pool, &row.user.id, LOG_LINES).await?;
    views::staff_detail(&row, log, &web.0.clock)
}

/// Whether a role belongs in an office of this kind (the service decides; this only narrows
/// what the form offers an office administrator).
fn fits(role: Role, kind: OfficeKind) -> bool {
    match role {
        Role::PetugasKelurahan | Role::Lurah => kind.tier() == Tier::Desa,
        Role::PetugasKecamatan | Role::Camat => kind == OfficeKind::Kecamatan,
        _ => false,
    }
}

/// The roles and offices the new-account form offers: everything to the city administrator;
/// to an office administrator the staff roles of their own office, named as that office names
/// them (a desa's head is "Kepala Desa").
async fn form_options(web: &Web, actor: &Actor) -> Result<StaffFormOptions, Error> {
    let pool = &web.0.db.pool;
    let office_choice = |o: &db::offices::Office| {
        let name = OfficeKind::parse(&o.kind).map_or_else(|| o.name.clone(), |k| k.office_name(&o.name));
        Choice { value: o.code.clone(), label: format!("{name} ({})", o.code) }
    };
    match actor.role {
        Role::Admin => {
            let offices = db::offices::all(pool).await?;
            Ok(StaffFormOptions {
                roles: ROLE_CHOICES.iter().map(|c| Choice { value: c.0.into(), label: c.1.into() }).collect(),
                offices: offices
                    .iter()
                    .filter(|o| OfficeKind::parse(&o.kind).is_some_and(|k| k.tier() != Tier::Daerah))
                    .map(office_choice)
                    .collect(),
                own_office: None,
            })
        }
        Role::AdminKantor => {
            let code = actor.office_code.as_deref().ok_or(Error::Forbidden)?;
            let office = db::offices::get(pool, code).await?.ok_or(Error::Forbidden)?;
            let kind = OfficeKind::parse(&office.kind).ok_or_else(|| Error::corrupt("office kind"))?;
            let mut roles: Vec<Choice> = Vec::new();
            for (value, _, role, secretary) in ROLE_CHOICES.iter().filter(|c| fits(c.2, kind)) {
                let label = views::role_label(*role, Some(kind), *secretary);
                if !roles.iter().any(|r| r.label == label) {
                    roles.push(Choice { value: value.to_string(), label });
                }
            }
            Ok(StaffFormOptions { roles, offices: Vec::new(), own_office: Some(office_choice(&office)) })
        }
        _ => Err(Error::Forbidden),
    }
}

fn use_parts() -> Option<http::request::Parts> {
    leptos::prelude::use_context::<http::request::Parts>()
}
