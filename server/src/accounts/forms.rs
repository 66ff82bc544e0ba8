//! The accounts area's forms as they work without JavaScript (see `http::forms`).

use crate::http::forms::Forms;
use app::accounts::RestartRegistration;
use app::accounts::{IdentityAnswers, Login, LoginInput, NewPassword, RegisterIdentity, RegisterPassword};

pub fn forms(forms: Forms) -> Forms {
    // Signed in: home, which greets the person by role.
    forms
        .add::<LoginInput, Login>(|input| Login { input }, |_| "/".into())
        // Registration: step one leaves its ticket in a cookie that `/daftar` reads for step two.
        .add::<IdentityAnswers, RegisterIdentity>(|input| RegisterIdentity { input }, |_| "/daftar".into())
        .add::<NewPassword, RegisterPassword>(|input| RegisterPassword { input }, |_| "/".into())
        .add::<RestartRegistration, RestartRegistration>(|s| s, |_| "/daftar".into())
}
