//! The server's implementation of the UI's port: per request it reads the signed-in user from
//! the request and maps results to what the UI shows.

use crate::auth::{self, CurrentUser};
use crate::error::Error;
use crate::{Services, db, verification, views, workflow};
use app::AppError;
use app::model::*;
use app::ports::Backend;
use async_trait::async_trait;
use domain::{Action, Nik, RequestStatus, Role, Sex, available_actions};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use std::sync::Arc;
use uuid::Uuid;

pub struct Web(pub Arc<Services>);

type R<T> = Result<T, AppError>;

fn map<T>(r: Result<T, Error>) -> R<T> {
    r.map_err(AppError::from)
}

#[async_trait]
impl Backend for Web {
    async fn current_user(&self) -> R<Option<SessionUser>> {
        let parts = use_context::<http::request::Parts>();
        Ok(parts.and_then(|p| p.extensions.get::<CurrentUser>().and_then(|u| u.0.clone())))
    }

    async fn login(&self, input: LoginInput) -> R<SessionUser> {
        let s = &self.0;
        let (user, token) = map(auth::login(&s.db, &input.login, &input.password, s.config.session_hours).await)?;
        let cookie = auth::cookie_value(&token, s.config.session_hours * 3600, s.config.secure_cookies());
        if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), http::HeaderValue::from_str(&cookie)) {
            res.append_header(http::header::SET_COOKIE, v);
        }
        Ok(user)
    }

    async fn logout(&self) -> R<()> {
        let parts = use_context::<http::request::Parts>();
        if let Some(token) = parts.as_ref().and_then(|p| auth::session_token(&p.headers)) {
            map(db::sessions::delete(&self.0.db.pool, &auth::token_hash(&token)).await.map_err(Error::from))?;
        }
        let cookie = auth::cookie_value("", 0, self.0.config.secure_cookies());
        if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), http::HeaderValue::from_str(&cookie)) {
            res.append_header(http::header::SET_COOKIE, v);
        }
        Ok(())
    }

    async fn letter_types(&self) -> R<Vec<LetterTypeInfo>> {
        Ok(self.0.catalogue.infos().to_vec())
    }

    async fn my_record(&self, actor: &SessionUser) -> R<ResidentView> {
        let s = &self.0;
        let user = map(db::users::by_id(&s.db.pool, &actor.user_id.to_string()).await.map_err(Error::from))?
            .ok_or(AppError::Unauthorized)?;
        let nik = user.nik.ok_or(AppError::NotFound)?;
        let record = map(db::residents::get_with_place(&s.db.pool, &nik).await.map_err(Error::from))?
            .ok_or(AppError::NotFound)?;
        Ok(views::for_display(views::resident_view(&record)))
    }

    async fn family_members(&self, actor: &SessionUser) -> R<Vec<FamilyMember>> {
        map(family(&self.0, actor).await)
    }

    async fn upload(&self, actor: &SessionUser, name: String, bytes: Vec<u8>) -> R<UploadedFile> {
        map(crate::uploads::store(&self.0, actor, name, bytes).await)
    }

    fn max_upload_bytes(&self) -> u64 {
        self.0.config.max_upload_bytes()
    }

    async fn my_requests(&self, actor: &SessionUser) -> R<Vec<RequestSummary>> {
        let s = &self.0;
        let rows = map(db::requests::by_requester(&s.db.pool, &actor.user_id.to_string()).await.map_err(Error::from))?;
        Ok(summaries(s, &rows, actor.role))
    }

    async fn submit(&self, actor: &SessionUser, input: NewRequest) -> R<Uuid> {
        map(workflow::submit(&self.0, actor, input).await)
    }

    async fn queue(&self, actor: &SessionUser, filter: QueueFilter) -> R<Vec<RequestSummary>> {
        let s = &self.0;
        let office = actor.office_code.as_deref().ok_or(AppError::Forbidden)?;
        let (scope, waiting) = match actor.role {
            Role::PetugasKelurahan => (db::requests::Scope::Kelurahan(office), RequestStatus::Diajukan),
            Role::Lurah => (db::requests::Scope::Kelurahan(office), RequestStatus::Diverifikasi),
            Role::PetugasKecamatan => (db::requests::Scope::Kecamatan(office), RequestStatus::Diteruskan),
            Role::Camat => (db::requests::Scope::Kecamatan(office), RequestStatus::DiverifikasiKecamatan),
            Role::Warga | Role::Admin => return Err(AppError::Forbidden),
        };
        let status = (filter == QueueFilter::Menunggu).then_some(waiting.as_str());
        let rows = map(db::requests::for_office(&s.db.pool, scope, status).await.map_err(Error::from))?;
        Ok(summaries(s, &rows, actor.role))
    }

    async fn request_detail(&self, actor: &SessionUser, id: Uuid) -> R<RequestDetail> {
        map(detail(&self.0, actor, id).await)
    }

    async fn act(&self, actor: &SessionUser, input: ActInput) -> R<RequestDetail> {
        let id = input.request_id;
        map(workflow::act(&self.0, actor, input).await)?;
        map(detail(&self.0, actor, id).await)
    }

    async fn offices(&self, actor: &SessionUser) -> R<Vec<OfficeSummary>> {
        admin_only(actor)?;
        let all = map(db::offices::all(&self.0.db.pool).await.map_err(Error::from))?;
        Ok(all.into_iter().map(|o| OfficeSummary { code: o.code, kind: o.kind, name: o.name }).collect())
    }

    async fn office_settings(&self, actor: &SessionUser, code: String) -> R<OfficeSettings> {
        admin_only(actor)?;
        let o = map(db::offices::get(&self.0.db.pool, &code).await.map_err(Error::from))?.ok_or(AppError::NotFound)?;
        Ok(crate::settings::view(&self.0, &o))
    }

    async fn save_office_settings(&self, actor: &SessionUser, input: OfficeSettingsInput) -> R<OfficeSettings> {
        admin_only(actor)?;
        let code = input.code.clone();
        let o = map(crate::settings::apply(&self.0, &code, crate::settings::from_input(input)).await)?;
        Ok(crate::settings::view(&self.0, &o))
    }

    async fn set_office_emblem(&self, actor: &SessionUser, code: String, bytes: Vec<u8>) -> R<OfficeSettings> {
        admin_only(actor)?;
        let change = crate::settings::Change { emblem: Some(Some(bytes)), ..Default::default() };
        let o = map(crate::settings::apply(&self.0, &code, change).await)?;
        Ok(crate::settings::view(&self.0, &o))
    }

    async fn sign_letters(&self, actor: &SessionUser, input: SignInput) -> R<Vec<SignOutcome>> {
        map(workflow::sign_batch(&self.0, actor, input).await)
    }

    async fn verify_letter(&self, id: Uuid) -> R<Option<PublicLetter>> {
        let viewer = self.current_user().await?;
        let found = map(verification::public_letter(&self.0, id, viewer.as_ref()).await)?;
        if found.is_none() {
            self.set_status(404);
        }
        Ok(found)
    }

    async fn match_file(&self, id: Uuid, bytes: Vec<u8>) -> R<MatchResult> {
        map(verification::compare(&self.0, id, verification::Candidate::File(bytes)).await)?.ok_or(AppError::NotFound)
    }

    async fn match_hash(&self, input: HashCheck) -> R<MatchResult> {
        let candidate = verification::Candidate::Hash(input.sha256);
        map(verification::compare(&self.0, input.letter_id, candidate).await)?.ok_or(AppError::NotFound)
    }

    async fn revoke_letter(&self, actor: &SessionUser, input: RevokeInput) -> R<PublicLetter> {
        map(workflow::revoke(&self.0, actor, input.letter_id, &input.reason).await)?;
        map(verification::public_letter(&self.0, input.letter_id, Some(actor)).await)?.ok_or(AppError::NotFound)
    }

    fn set_status(&self, status: u16) {
        if let (Some(res), Ok(code)) = (use_context::<ResponseOptions>(), http::StatusCode::from_u16(status)) {
            res.set_status(code);
        }
    }
}

/// The list rows, each marked when `role` can sign it now.
fn summaries(s: &Services, rows: &[db::requests::RequestRow], role: Role) -> Vec<RequestSummary> {
    rows.iter()
        .map(|r| {
            let mut summary = views::summary(r, s.catalogue.title(&r.letter_type), &s.clock);
            summary.signable = workflow::parse_row(r)
                .is_ok_and(|(route, status)| available_actions(route, status, role).contains(&Action::Sign));
            summary
        })
        .collect()
}

fn admin_only(actor: &SessionUser) -> R<()> {
    if actor.role == Role::Admin { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The signed-in resident's family card; empty for officials.
async fn family(s: &Services, actor: &SessionUser) -> crate::error::Result<Vec<FamilyMember>> {
    if actor.role != Role::Warga {
        return Ok(Vec::new());
    }
    let Some(nik) = db::users::by_id(&s.db.pool, &actor.user_id.to_string()).await?.and_then(|u| u.nik) else {
        return Ok(Vec::new());
    };
    let Some(me) = db::residents::get_with_place(&s.db.pool, &nik).await? else { return Ok(Vec::new()) };
    let members = db::residents::family(&s.db.pool, &me.resident.no_kk).await?;
    Ok(members
        .into_iter()
        .map(|m| FamilyMember {
            nik: m.nik,
            nama: m.name,
            hubungan_keluarga: m.family_relation,
            tanggal_lahir: m.birth_date,
        })
        .collect())
}

async fn detail(s: &Services, actor: &SessionUser, id: Uuid) -> crate::error::Result<RequestDetail> {
    let row = workflow::load_visible(s, actor, id).await?;
    let (route, status) = workflow::parse_row(&row)?;
    let info = s.catalogue.info(&row.letter_type).cloned().ok_or_else(|| anyhow::anyhow!("letter type gone"))?;
    let snapshot = workflow::snapshot(&row)?;
    let official = actor.role != Role::Warga;
    let current_record = if official {
        db::residents::get_with_place(&s.db.pool, &row.subject_nik).await?.map(|r| views::resident_view(&r))
    } else {
        None
    };
    let record_warnings = if official { nik_warnings(&snapshot) } else { Vec::new() };
    let events = db::requests::events(&s.db.pool, &row.id).await?.iter().map(|e| views::event(e, &s.clock)).collect();
    let letter = db::letters::by_request(&s.db.pool, &row.id).await?.map(|l| LetterView {
        id: l.id.parse().unwrap_or_default(),
        number: l.number,
        signed_label: s.clock.label(l.signed_at),
        signer_name: l.signer_name,
        signer_position: l.signer_position,
        download_url: format!("/surat/{}/unduh", row.id),
    });
    let mut persons: std::collections::BTreeMap<String, ResidentView> =
        serde_json::from_str(&row.persons_json).unwrap_or_default();
    if !official {
        // A resident sees the people of their own KK; a NIK they typed stays a NIK to them, so
        // the record cannot be browsed by guessing numbers.
        persons.retain(|_, p| p.no_kk == snapshot.no_kk);
    }
    let persons = persons.into_iter().map(|(k, v)| (k, views::for_display(v))).collect();
    let attachments = crate::uploads::views(&info, db::attachments::for_request(&s.db.pool, &row.id).await?);
    Ok(RequestDetail {
        id,
        status,
        fields: serde_json::from_str(&row.fields_json).unwrap_or_default(),
        persons,
        attachments,
        snapshot: views::for_display(snapshot),
        current_record: current_record.map(views::for_display),
        record_warnings,
        events,
        letter,
        actions: available_actions(route, status, actor.role),
        kelurahan: row.kelurahan_name,
        kecamatan: row.kecamatan_name,
        letter_type: info,
    })
}

/// A NIK that disagrees with the record's birth date or sex is a data error the clerk must see.
fn nik_warnings(r: &ResidentView) -> Vec<String> {
    let Ok(nik) = Nik::parse(&r.nik) else {
        return vec!["NIK pada data pemohon tidak valid.".into()];
    };
    let sex = if r.jenis_kelamin == Sex::Perempuan.label() { Sex::Perempuan } else { Sex::LakiLaki };
    match chrono::NaiveDate::parse_from_str(&r.tanggal_lahir, "%Y-%m-%d") {
        Ok(birth) => nik.check_against(birth, sex).into_iter().map(|e| format!("Periksa data: {e}.")).collect(),
        Err(_) => vec!["Tanggal lahir pada data pemohon tidak valid.".into()],
    }
}
