//! The signing form as it works without JavaScript (see `http::forms`).

use crate::http::forms::Forms;
use app::signing::{SignInput, SignLetters};

pub fn forms(forms: Forms) -> Forms {
    // One letter: its request shows the number; a batch: back to the queue.
    forms.add::<SignInput, SignLetters>(
        |input| SignLetters { input },
        |outcomes| match outcomes.as_slice() {
            [one] => format!("/permohonan/{}", one.request_id),
            _ => "/antrian".into(),
        },
    )
}
