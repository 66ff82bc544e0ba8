//! The satisfaction survey (SKM, PermenPANRB 14/2017): the resident's nine answers after a
//! letter (on the request's page and the tracking page), and the index per office, letter type
//! and period for the officials, with its export.

mod api;
mod dto;
mod form;
mod results;

pub use api::*;
pub use dto::*;
pub use form::{SurveyForm, SurveyPage};
pub use results::SurveyResults;

#[cfg(feature = "ssr")]
mod port {
    use super::*;
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait SurveyPort: Send + Sync + 'static {
        async fn answer(&self, input: SurveyInput) -> Result<(), AppError>;
        async fn results(&self, query: SurveyQuery) -> Result<SurveyResult, AppError>;
    }
}
#[cfg(feature = "ssr")]
pub use port::SurveyPort;
