//! The signing port: DTOs in, the service, DTOs out.

use super::{Passphrase, enrolment, service};
use crate::accounts::staff::Manager;
use crate::db;
use crate::web::Web;
use app::AppError;
use app::signing::{
    CertificateApproval, CertificateAsk, CertificateRefusal, CertificateRevocation, CertificateStanding,
    CertificateView, IssuedCertificate, PassphraseChange, PendingCertificate, SignInput, SignOutcome, SigningPort,
};
use domain::OfficeKind;

#[async_trait::async_trait]
impl SigningPort for Web {
    async fn sign_letters(&self, input: SignInput) -> Result<Vec<SignOutcome>, AppError> {
        let actor = self.actor()?;
        let passphrase = Passphrase::new(input.passphrase);
        let outcomes = service::sign_batch(&self.0, &actor, input.request_ids, passphrase).await?;
        Ok(outcomes
            .into_iter()
            .map(|o| SignOutcome { request_id: o.request_id, number: o.number, error: o.error })
            .collect())
    }

    async fn certificate_standing(&self) -> Result<CertificateStanding, AppError> {
        let actor = self.actor()?;
        let standing = enrolment::standing(&self.0.db, &actor).await?;
        Ok(self.standing_view(standing))
    }

    async fn ask_certificate(&self, input: CertificateAsk) -> Result<CertificateStanding, AppError> {
        let actor = self.actor()?;
        let (passphrase, again) = (Passphrase::new(input.passphrase), Passphrase::new(input.passphrase2));
        enrolment::request(&self.0.db, &actor, &passphrase, &again).await?;
        let standing = enrolment::standing(&self.0.db, &actor).await?;
        Ok(self.standing_view(standing))
    }

    async fn change_passphrase(&self, input: PassphraseChange) -> Result<(), AppError> {
        let actor = self.actor()?;
        let old = Passphrase::new(input.old);
        let (new, again) = (Passphrase::new(input.passphrase), Passphrase::new(input.passphrase2));
        enrolment::change_passphrase(&self.0.db, &actor, &old, &new, &again).await?;
        Ok(())
    }

    async fn waiting_certificates(&self) -> Result<Vec<PendingCertificate>, AppError> {
        let actor = self.actor()?;
        let rows = enrolment::pending(&self.0.db, Manager::Web(&actor)).await?;
        rows.into_iter().map(|r| self.pending_view(r)).collect()
    }

    async fn approve_certificate(&self, input: CertificateApproval) -> Result<IssuedCertificate, AppError> {
        let actor = self.actor()?;
        let ca_passphrase = Passphrase::new(input.ca_passphrase);
        let id = input.request_id.to_string();
        let info = enrolment::approve(&self.0.db, Manager::Web(&actor), &id, &ca_passphrase).await?;
        Ok(IssuedCertificate {
            serial: info.serial,
            subject: info.subject,
            valid_until: self.0.clock.label(info.not_after.timestamp_millis()),
        })
    }

    async fn refuse_certificate(&self, input: CertificateRefusal) -> Result<(), AppError> {
        let actor = self.actor()?;
        let id = input.request_id.to_string();
        enrolment::reject(&self.0.db, Manager::Web(&actor), &id, &input.reason).await?;
        Ok(())
    }

    async fn revoke_certificate(&self, input: CertificateRevocation) -> Result<(), AppError> {
        let actor = self.actor()?;
        enrolment::revoke(&self.0.db, Manager::Web(&actor), input.user_id, &input.reason).await?;
        Ok(())
    }
}

impl Web {
    fn standing_view(&self, s: enrolment::Standing) -> CertificateStanding {
        let clock = &self.0.clock;
        let now = db::now_ms();
        CertificateStanding {
            position: s.official.position,
            current: s.current.map(|c| CertificateView {
                serial: c.serial,
                subject: c.subject,
                valid_until: clock.label(c.not_after),
                expired: c.not_after < now,
            }),
            waiting_since: s.pending_since.map(|ms| clock.label(ms)),
        }
    }

    fn pending_view(&self, r: db::signing::PendingRequest) -> Result<PendingCertificate, AppError> {
        let kind = OfficeKind::of_code(&r.office_code, &r.office_name);
        Ok(PendingCertificate {
            request_id: r.request.id.parse().map_err(|_| crate::error::Error::corrupt("certificate request id"))?,
            official_name: r.official_name,
            position: r.position,
            office: kind.map_or_else(|| r.office_name.clone(), |k| k.office_name(&r.office_name)),
            requested_at: self.0.clock.label(r.request.created_at),
        })
    }
}
