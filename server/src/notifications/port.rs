//! The notifications port: maps the UI's DTOs to the contacts service and the outbox views.

use super::contacts;
use crate::db::{self, notifications as q};
use crate::error::Error;
use crate::web::Web;
use app::AppError;
use app::notifications::*;
use domain::Role;

impl Web {
    async fn settings_view(&self) -> Result<ContactSettings, Error> {
        let (s, actor) = (&self.0, self.actor()?);
        let user = actor.user_id.to_string();
        let now = db::now_ms();
        let contacts = q::contacts(&s.db.pool, &user)
            .await?
            .into_iter()
            .map(|c| ContactView {
                channel: c.channel,
                address: c.address,
                verified: c.verified_at.is_some(),
                code_pending: c.code_hash.is_some() && c.code_expires_at.is_some_and(|t| t >= now),
            })
            .collect();
        let (channel, enabled) = q::settings(&s.db.pool, &user).await?.unwrap_or((None, true));
        Ok(ContactSettings { contacts, channel, enabled, available: s.channels.available() })
    }
}

#[async_trait::async_trait]
impl NotificationsPort for Web {
    async fn contact_settings(&self) -> Result<ContactSettings, AppError> {
        Ok(self.settings_view().await?)
    }

    async fn add_contact(&self, input: ContactInput) -> Result<ContactSettings, AppError> {
        contacts::add(&self.0, &self.actor()?, input.channel, &input.address).await?;
        Ok(self.settings_view().await?)
    }

    async fn verify_contact(&self, input: ContactCodeInput) -> Result<ContactSettings, AppError> {
        contacts::verify(&self.0, &self.actor()?, input.channel, &input.code).await?;
        Ok(self.settings_view().await?)
    }

    async fn choose(&self, input: NotifyChoiceInput) -> Result<ContactSettings, AppError> {
        let channel = match input.choice {
            NotifyChoice::Email => Some(ContactChannel::Email),
            NotifyChoice::Wa => Some(ContactChannel::Wa),
            NotifyChoice::Mati => None,
        };
        contacts::choose(&self.0, &self.actor()?, channel).await?;
        Ok(self.settings_view().await?)
    }

    async fn outbox(&self) -> Result<OutboxView, AppError> {
        let (s, actor) = (&self.0, self.actor()?);
        if actor.role != Role::Admin {
            return Err(Error::Forbidden.into());
        }
        let counts = q::count_by_status(&s.db.pool).await.map_err(Error::from)?;
        let unsent = q::unsent(&s.db.pool, 100)
            .await
            .map_err(Error::from)?
            .into_iter()
            .map(|r| OutboxRow {
                kind: r.kind,
                channel: r.channel,
                to: domain::contact::masked(r.channel, &r.address),
                status: r.status,
                attempts: r.attempts,
                last_error: r.last_error,
                created_label: s.clock.label(r.created_at),
            })
            .collect();
        Ok(OutboxView { counts, unsent, available: s.channels.available() })
    }
}
