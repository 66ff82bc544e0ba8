//! Server functions of the survey.

use super::dto::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use {super::SurveyPort, crate::web::*};

/// A resident's answers for one finished request: signed in (their own request), or from the
/// tracking page with its reference code and birth date. Once per request.
#[server(prefix = "/api", endpoint = "skm-isi", input = Json)]
pub async fn answer_survey(input: SurveyInput) -> Result<(), AppError> {
    answer(port::<dyn SurveyPort>()?.answer(input).await)
}

/// The index for the signed-in head of office (their office), camat (their kecamatan) or the
/// city admin (everything), for a period.
#[server(prefix = "/api", endpoint = "skm-hasil", input = Json)]
pub async fn survey_results(query: SurveyQuery) -> Result<SurveyResult, AppError> {
    answer(port::<dyn SurveyPort>()?.results(query).await)
}
