//! The population area's forms as they work without JavaScript (see `http::forms`).

use crate::http::forms::Forms;
use app::population::{
    CorrectionInput, CorrectionResponse, CounterLookup, CounterSearch, ReportCorrection, ResolveCorrection,
};

pub fn forms(forms: Forms) -> Forms {
    forms
        // The counter's look-up (and the letter type chosen for the resident): on the page.
        .add_shown::<CounterSearch, CounterLookup>(|input| CounterLookup { input })
        // A resident's note: the page says it was sent and lists it.
        .add_shown::<CorrectionInput, ReportCorrection>(|input| ReportCorrection { input })
        // The kelurahan's answer: back to the list.
        .add::<CorrectionResponse, ResolveCorrection>(|input| ResolveCorrection { input }, |_| "/laporan-data".into())
}
