//! The verification port: DTOs in, the service, DTOs out.

use super::service::{self, Candidate};
use super::{public_letter, views};
use crate::web::Web;
use app::AppError;
use app::verification::{HashCheck, MatchResult, PublicLetter, RevokeInput, VerificationPort};
use uuid::Uuid;

#[async_trait::async_trait]
impl VerificationPort for Web {
    async fn verify_letter(&self, id: Uuid) -> Result<Option<PublicLetter>, AppError> {
        Ok(public_letter(&self.0, id, self.viewer().as_ref()).await?)
    }

    async fn match_file(&self, id: Uuid, bytes: Vec<u8>) -> Result<MatchResult, AppError> {
        service::compare(&self.0, id, Candidate::File(bytes)).await?.map(views::match_result).ok_or(AppError::NotFound)
    }

    async fn match_hash(&self, input: HashCheck) -> Result<MatchResult, AppError> {
        let found = service::compare(&self.0, input.letter_id, Candidate::Hash(input.sha256)).await?;
        found.map(views::match_result).ok_or(AppError::NotFound)
    }

    async fn revoke_letter(&self, input: RevokeInput) -> Result<PublicLetter, AppError> {
        let actor = self.actor()?;
        crate::requests::revoke(&self.0, &actor, input.letter_id, &input.reason).await?;
        public_letter(&self.0, input.letter_id, Some(&actor)).await?.ok_or(AppError::NotFound)
    }
}
