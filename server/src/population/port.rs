//! The population port: DTOs in, the services, DTOs out.

use super::{corrections, counter_resident, stored_nik, upload, views};
use crate::db;
use crate::error::{Error, Result};
use crate::web::Web;
use app::AppError;
use app::population::{
    AccessEntry, CorrectionInput, CorrectionResponse, CorrectionView, CounterResident, CounterSearch, FamilyMember,
    ImportReport, ImportSink, ImportView, PopulationPort, ResidentView,
};
use domain::Role;
use uuid::Uuid;

#[async_trait::async_trait]
impl PopulationPort for Web {
    async fn my_record(&self) -> Result<ResidentView, AppError> {
        let s = &self.0;
        let nik = self.own_nik().await?.ok_or(AppError::NotFound)?;
        let record = s.population.person(&nik).await?.ok_or(AppError::NotFound)?;
        Ok(views::resident_view(views::person_data(&record)))
    }

    async fn access_history(&self) -> Result<Vec<AccessEntry>, AppError> {
        Ok(super::rights::history(&self.0, &self.actor()?).await?)
    }

    async fn family_members(&self) -> Result<Vec<FamilyMember>, AppError> {
        let s = &self.0;
        if self.actor()?.role != Role::Warga {
            return Ok(Vec::new());
        }
        let Some(nik) = self.own_nik().await? else { return Ok(Vec::new()) };
        let Some(me) = s.population.person(&nik).await? else { return Ok(Vec::new()) };
        let members = s.population.family(&me.resident.no_kk).await?;
        Ok(views::family_view(members, nik.as_str()))
    }

    async fn counter_lookup(&self, input: CounterSearch) -> Result<CounterResident, AppError> {
        let (s, actor) = (&self.0, self.actor()?);
        let found = counter_resident(s, &actor, &input.nik).await?;
        let has_account =
            db::users::by_nik(&s.db.pool, found.resident.nik.as_str()).await.map_err(Error::from)?.is_some();
        let members = s.population.family(&found.resident.no_kk).await?;
        let family = views::family_view(members, found.resident.nik.as_str());
        let record = views::person_data(&found);
        let warnings = views::nik_warnings(&record);
        tracing::info!(clerk = %actor.user_id, "counter look-up");
        Ok(CounterResident { record: views::resident_view(record), family, has_account, warnings })
    }

    async fn report_correction(&self, input: CorrectionInput) -> Result<CorrectionView, AppError> {
        let row = corrections::report(&self.0, &self.actor()?, &input.fields, &input.note).await?;
        Ok(views::correction_view(&row, &self.0.clock, false))
    }

    async fn corrections(&self) -> Result<Vec<CorrectionView>, AppError> {
        let (rows, official) = corrections::list(&self.0, &self.actor()?).await?;
        Ok(rows.iter().map(|r| views::correction_view(r, &self.0.clock, official)).collect())
    }

    async fn resolve_correction(&self, input: CorrectionResponse) -> Result<CorrectionView, AppError> {
        let row = corrections::resolve(&self.0, &self.actor()?, input.id, &input.response).await?;
        Ok(views::correction_view(&row, &self.0.clock, true))
    }

    async fn imports(&self) -> Result<Vec<ImportView>, AppError> {
        self.admin()?;
        let s = &self.0;
        let rows = db::imports::recent(&s.db.pool, 20).await.map_err(Error::from)?;
        Ok(rows.iter().map(|r| upload::view(r, &s.clock, &s.import_job)).collect())
    }

    async fn import_detail(&self, id: Uuid) -> Result<ImportReport, AppError> {
        self.admin()?;
        let s = &self.0;
        let row = db::imports::get(&s.db.pool, &id.to_string()).await.map_err(Error::from)?;
        let row = row.ok_or(AppError::NotFound)?;
        let problems = db::imports::problems(&s.db.pool, &row.id.to_string(), 200).await.map_err(Error::from)?;
        Ok(ImportReport {
            import: upload::view(&row, &s.clock, &s.import_job),
            problems: problems.into_iter().map(upload::problem).collect(),
        })
    }

    async fn import_upload(&self) -> Result<Box<dyn ImportSink>, AppError> {
        let actor = self.admin()?;
        let upload = upload::Upload::start(self.0.clone(), actor.user_id.to_string()).await?;
        Ok(Box::new(upload))
    }
}

impl Web {
    /// The NIK of the signed-in account (residents only have one).
    async fn own_nik(&self) -> Result<Option<domain::Nik>> {
        let actor = self.actor()?;
        let user = db::users::by_id(&self.0.db.pool, actor.user_id).await?;
        user.ok_or(Error::Unauthorized)?.nik.as_deref().map(stored_nik).transpose()
    }
}
