//! The accounts area's forms as they work without JavaScript (see `http::forms`).

use crate::http::forms::Forms;
use app::accounts::{
    ChangePassword, CodeReset, CreateStaff, Logout, NewStaffInput, PasswordChange, ResetWithCode,
    ResidentActivationCode, ResidentCodeInput, ResidentResetCode, RestartRegistration, SetStaffActive,
    StaffActiveInput, StaffChangeInput, StaffResetCode, UndoRegistration, UndoRegistrationInput, UpdateStaff,
};
use app::accounts::{IdentityAnswers, Login, LoginInput, NewPassword, RegisterIdentity, RegisterPassword};

pub fn forms(forms: Forms) -> Forms {
    // Signed in: home, which greets the person by role.
    forms
        .add::<LoginInput, Login>(|input| Login { input }, |_| "/".into())
        // Registration: step one leaves its ticket in a cookie that `/daftar` reads for step two.
        .add::<IdentityAnswers, RegisterIdentity>(|input| RegisterIdentity { input }, |_| "/daftar".into())
        .add::<NewPassword, RegisterPassword>(|input| RegisterPassword { input }, |_| "/".into())
        .add::<RestartRegistration, RestartRegistration>(|s| s, |_| "/daftar".into())
        // Signed out: the front page.
        .add::<Logout, Logout>(|s| s, |_| "/".into())
        // A new password with a one-time code: the page says it is saved.
        .add_shown::<CodeReset, ResetWithCode>(|input| ResetWithCode { input })
        // One's own new password: the page says it is changed (and the session is renewed).
        .add_shown::<PasswordChange, ChangePassword>(|input| ChangePassword { input })
        // A resident's reset code made at the counter: shown once, on the page.
        .add_shown::<ResidentCodeInput, ResidentResetCode>(|input| ResidentResetCode { input })
        // An activation code made at the counter, and a registration undone: shown on the page.
        .add_shown::<ResidentCodeInput, ResidentActivationCode>(|input| ResidentActivationCode { input })
        .add_shown::<UndoRegistrationInput, UndoRegistration>(|input| UndoRegistration { input })
        // Administrators: a new account opens its page; changes show on the account's page.
        .add::<NewStaffInput, CreateStaff>(|input| CreateStaff { input }, |id| format!("/admin/akun/{id}"))
        .add_shown::<StaffChangeInput, UpdateStaff>(|input| UpdateStaff { input })
        .add_here::<StaffActiveInput, SetStaffActive>(|input| SetStaffActive { input })
        .add_shown::<StaffResetCode, StaffResetCode>(|s| s)
}
