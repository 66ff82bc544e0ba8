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
        let client = self.client();
        let (user, token) =
            map(auth::login(&s.db, &client, &input.login, &input.password, s.config.session_hours).await)?;
        self.set_session_cookie(&token);
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
        let record = map(s.population.person(&nik).await)?.ok_or(AppError::NotFound)?;
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
        let user = map(db::users::by_id(&s.db.pool, &actor.user_id.to_string()).await.map_err(Error::from))?
            .ok_or(AppError::Unauthorized)?;
        let nik = user.nik.unwrap_or_default();
        let rows = map(db::requests::for_resident(&s.db.pool, &user.id, &nik).await.map_err(Error::from))?;
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

    async fn register_identity(&self, input: IdentityAnswers) -> R<RegisterTicket> {
        let client = self.client();
        map(crate::registration::check_identity(&self.0, &client, input).await)
    }

    async fn register_password(&self, input: NewPassword) -> R<SessionUser> {
        let (user, token) = map(crate::registration::set_password(&self.0, input).await)?;
        self.set_session_cookie(&token);
        Ok(user)
    }

    async fn counter_lookup(&self, actor: &SessionUser, input: CounterSearch) -> R<CounterResident> {
        let s = &self.0;
        let found = map(workflow::counter_resident(s, actor, &input.nik).await)?;
        let has_account = map(db::users::by_nik(&s.db.pool, &found.resident.nik).await.map_err(Error::from))?.is_some();
        let members = map(s.population.family(&found.resident.no_kk).await)?;
        let family = family_view(members, &found.resident.nik);
        let record = views::resident_view(&found);
        let warnings = nik_warnings(&record);
        tracing::info!(clerk = %actor.user_id, "counter look-up");
        Ok(CounterResident { record: views::for_display(record), family, has_account, warnings })
    }

    async fn counter_submit(&self, actor: &SessionUser, input: CounterRequest) -> R<Uuid> {
        map(workflow::submit_at_counter(&self.0, actor, input).await)
    }

    async fn report_correction(&self, actor: &SessionUser, input: CorrectionInput) -> R<CorrectionView> {
        map(crate::corrections::report(&self.0, actor, input).await)
    }

    async fn corrections(&self, actor: &SessionUser) -> R<Vec<CorrectionView>> {
        map(crate::corrections::list(&self.0, actor).await)
    }

    async fn resolve_correction(&self, actor: &SessionUser, input: CorrectionResponse) -> R<CorrectionView> {
        map(crate::corrections::resolve(&self.0, actor, input).await)
    }

    async fn imports(&self, actor: &SessionUser) -> R<Vec<ImportView>> {
        admin_only(actor)?;
        let s = &self.0;
        let rows = map(db::imports::recent(&s.db.pool, 20).await.map_err(Error::from))?;
        Ok(rows.iter().map(|r| crate::population::upload::view(r, &s.clock, &s.import_job)).collect())
    }

    async fn import_detail(&self, actor: &SessionUser, id: Uuid) -> R<ImportReport> {
        admin_only(actor)?;
        let s = &self.0;
        let row =
            map(db::imports::get(&s.db.pool, &id.to_string()).await.map_err(Error::from))?.ok_or(AppError::NotFound)?;
        let problems = map(db::imports::problems(&s.db.pool, &row.id, 200).await.map_err(Error::from))?;
        Ok(ImportReport {
            import: crate::population::upload::view(&row, &s.clock, &s.import_job),
            problems: problems.into_iter().map(crate::population::upload::problem).collect(),
        })
    }

    async fn import_upload(&self, actor: &SessionUser) -> R<Box<dyn app::ports::ImportUpload>> {
        admin_only(actor)?;
        let upload = map(crate::population::upload::Upload::start(self.0.clone(), actor.user_id.to_string()).await)?;
        Ok(Box::new(upload))
    }

    fn set_status(&self, status: u16) {
        if let (Some(res), Ok(code)) = (use_context::<ResponseOptions>(), http::StatusCode::from_u16(status)) {
            res.set_status(code);
        }
    }
}

impl Web {
    /// The client's address, for the attempt limits.
    fn client(&self) -> String {
        use_context::<http::request::Parts>()
            .map(|p| auth::client_address(&p, self.0.config.trust_proxy))
            .unwrap_or_else(|| "tidak-diketahui".into())
    }

    fn set_session_cookie(&self, token: &str) {
        let s = &self.0;
        let cookie = auth::cookie_value(token, s.config.session_hours * 3600, s.config.secure_cookies());
        if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), http::HeaderValue::from_str(&cookie)) {
            res.append_header(http::header::SET_COOKIE, v);
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
    let Some(me) = s.population.person(&nik).await? else { return Ok(Vec::new()) };
    let members = s.population.family(&me.resident.no_kk).await?;
    Ok(family_view(members, &nik))
}

fn family_view(members: Vec<db::residents::Resident>, me: &str) -> Vec<FamilyMember> {
    members
        .into_iter()
        .map(|m| FamilyMember {
            me: m.nik == me,
            nik: m.nik,
            nama: m.name,
            hubungan_keluarga: m.family_relation,
            tanggal_lahir: m.birth_date,
        })
        .collect()
}

async fn detail(s: &Services, actor: &SessionUser, id: Uuid) -> crate::error::Result<RequestDetail> {
    let row = workflow::load_visible(s, actor, id).await?;
    let (route, status) = workflow::parse_row(&row)?;
    let info = s.catalogue.info(&row.letter_type).cloned().ok_or_else(|| anyhow::anyhow!("letter type gone"))?;
    let snapshot = workflow::snapshot(&row)?;
    let official = actor.role != Role::Warga;
    let current_record =
        if official { s.population.person(&row.subject_nik).await?.map(|r| views::resident_view(&r)) } else { None };
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
        on_behalf: row.channel == "loket" || row.requester_user_id != subject_user(s, &row).await?,
        at_counter: row.channel == "loket",
        requester: row.requester_name,
        kelurahan: row.kelurahan_name,
        kecamatan: row.kecamatan_name,
        letter_type: info,
    })
}

/// The id of the account of the person a request is about ("" when they have none).
async fn subject_user(s: &Services, row: &db::requests::RequestRow) -> crate::error::Result<String> {
    Ok(db::users::by_nik(&s.db.pool, &row.subject_nik).await?.map(|u| u.id).unwrap_or_default())
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
