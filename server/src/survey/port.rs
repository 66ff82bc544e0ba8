//! The survey port: DTOs in, the service, DTOs out.

use crate::web::Web;
use app::AppError;
use app::survey::{SurveyInput, SurveyPort, SurveyQuery, SurveyResult};

#[async_trait::async_trait]
impl SurveyPort for Web {
    async fn answer(&self, input: SurveyInput) -> Result<(), AppError> {
        let actor = self.viewer();
        Ok(super::answer(&self.0, actor.as_ref(), &self.client(), input).await?)
    }

    async fn results(&self, query: SurveyQuery) -> Result<SurveyResult, AppError> {
        Ok(super::results::results(&self.0, &self.actor()?, &query).await?)
    }
}
