//! The survey's form as it works without JavaScript: its answer is shown on the page it was
//! posted from (the request's page or the tracking page).

use crate::http::forms::Forms;
use app::survey::{AnswerSurvey, SurveyInput};

pub fn forms(forms: Forms) -> Forms {
    forms.add_shown::<SurveyInput, AnswerSurvey>(|input| AnswerSurvey { input })
}
