//! The notification settings' forms as they work without JavaScript (see `http::forms`): each
//! comes back to the account page, which shows the new state.

use crate::http::forms::Forms;
use app::notifications::{AddContact, ChooseChannel, ContactCodeInput, ContactInput, NotifyChoiceInput, VerifyContact};

pub fn forms(forms: Forms) -> Forms {
    forms
        .add::<ContactInput, AddContact>(|input| AddContact { input }, back)
        .add::<ContactCodeInput, VerifyContact>(|input| VerifyContact { input }, back)
        .add::<NotifyChoiceInput, ChooseChannel>(|input| ChooseChannel { input }, back)
}

fn back<T>(_: &T) -> String {
    "/akun#pemberitahuan".into()
}
