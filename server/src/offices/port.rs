//! The offices port: DTOs in, the service, DTOs out.

use super::service::{self, Change};
use crate::Services;
use crate::db::{
    self,
    offices::{Office, Settings},
};
use crate::error::{Error, Result};
use crate::web::Web;
use app::AppError;
use app::offices::{OfficeLayout, OfficeList, OfficeSettings, OfficeSettingsInput, OfficeSummary, OfficesPort};

#[async_trait::async_trait]
impl OfficesPort for Web {
    async fn offices(&self) -> Result<OfficeList, AppError> {
        self.admin()?;
        let all = db::offices::all(&self.0.db.pool).await.map_err(Error::from)?;
        let edition = db::regions::current_edition(&self.0.db.pool).await.map_err(Error::from)?;
        Ok(OfficeList {
            offices: all.into_iter().map(|o| OfficeSummary { code: o.code, kind: o.kind, name: o.name }).collect(),
            edition: edition.map(|e| crate::regions::edition_line(&e, &self.0.clock)),
        })
    }

    async fn office_settings(&self, code: String) -> Result<OfficeSettings, AppError> {
        self.admin()?;
        let o = db::offices::get(&self.0.db.pool, &code).await.map_err(Error::from)?.ok_or(AppError::NotFound)?;
        Ok(view(&self.0, &o))
    }

    async fn save_office_settings(&self, input: OfficeSettingsInput) -> Result<OfficeSettings, AppError> {
        self.admin()?;
        let code = input.code.clone();
        let by = self.actor()?.user_id.to_string();
        let o = service::apply(&self.0, Some(&by), &code, change(input)).await?;
        Ok(view(&self.0, &o))
    }

    async fn set_office_emblem(&self, code: String, bytes: Vec<u8>) -> Result<OfficeSettings, AppError> {
        self.admin()?;
        let by = self.actor()?.user_id.to_string();
        let change = Change { emblem: Some(Some(bytes)), ..Default::default() };
        let o = service::apply(&self.0, Some(&by), &code, change).await?;
        Ok(view(&self.0, &o))
    }
}

fn layout(l: Settings) -> OfficeLayout {
    OfficeLayout {
        paper: l.paper,
        margins_mm: l.margins_mm,
        kop_lines: l.kop_lines,
        number_pattern: l.number_pattern,
        counter_scope: l.counter_scope,
        address: l.address,
        place: l.place,
        unit_code: l.unit_code,
    }
}

/// The admin's view of an office's settings.
fn view(s: &Services, o: &Office) -> OfficeSettings {
    OfficeSettings {
        code: o.code.clone(),
        kind: o.kind.clone(),
        name: o.name.clone(),
        layout: layout(o.layout()),
        has_emblem: o.emblem_key.is_some(),
        activation_required: o.activation_required == 1,
        number_example: service::number_example(s, o),
    }
}

/// The change an admin's form asks for.
fn change(input: OfficeSettingsInput) -> Change {
    let l = input.layout;
    Change {
        paper: Some(l.paper),
        margins_mm: Some(l.margins_mm),
        kop_lines: Some(l.kop_lines.lines().map(String::from).collect()),
        number_pattern: Some(l.number_pattern),
        counter_scope: Some(l.counter_scope),
        address: Some(l.address),
        place: Some(l.place),
        unit_code: Some(l.unit_code),
        emblem: input.remove_emblem.then_some(None),
        activation_required: Some(input.activation_required),
    }
}
