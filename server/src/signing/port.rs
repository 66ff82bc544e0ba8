//! The signing port: DTOs in, the service, DTOs out.

use super::{Passphrase, service};
use crate::web::Web;
use app::AppError;
use app::signing::{SignInput, SignOutcome, SigningPort};

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
}
