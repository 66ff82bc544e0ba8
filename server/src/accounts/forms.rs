//! The accounts area's forms as they work without JavaScript (see `http::forms`).

use crate::http::forms::Forms;
use app::accounts::{Login, LoginInput};

pub fn forms(forms: Forms) -> Forms {
    // Signed in: home, which greets the person by role.
    forms.add::<LoginInput, Login>(|input| Login { input }, |_| "/".into())
}
