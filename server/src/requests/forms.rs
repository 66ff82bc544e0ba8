//! The requests area's forms as they work without JavaScript (see `http::forms`).

use crate::http::forms::Forms;
use app::requests::{Act, ActInput};

pub fn forms(forms: Forms) -> Forms {
    // A clerk's or an official's action (the pressed button's value): back to the request.
    forms.add::<ActInput, Act>(|input| Act { input }, |detail| format!("/permohonan/{}", detail.id))
}
