//! The signing form as it works without JavaScript (see `http::forms`).

use crate::http::forms::{Forms, Next};
use app::signing::{
    ApproveCertificate, AskCertificate, CertificateApproval, CertificateAsk, CertificateRefusal, CertificateRevocation,
    ChangePassphrase, PassphraseChange, RefuseCertificate, RevokeCertificate, SignInput, SignLetters,
};

pub fn forms(forms: Forms) -> Forms {
    let forms = forms
        .add_here::<CertificateRevocation, RevokeCertificate>(|input| RevokeCertificate { input })
        // An official's certificate request and passphrase; the administrator's decision.
        .add_shown::<CertificateAsk, AskCertificate>(|input| AskCertificate { input })
        .add_shown::<PassphraseChange, ChangePassphrase>(|input| ChangePassphrase { input })
        .add_shown::<CertificateApproval, ApproveCertificate>(|input| ApproveCertificate { input })
        .add_here::<CertificateRefusal, RefuseCertificate>(|input| RefuseCertificate { input });
    // One letter: its request shows the number; a batch: the queue again, with each letter's
    // outcome (signed with its number, or why not).
    forms.add_then::<SignInput, SignLetters>(
        |input| SignLetters { input },
        |outcomes| match outcomes.as_slice() {
            [one] if one.number.is_some() => Next::Go(format!("/permohonan/{}", one.request_id)),
            _ => Next::Show,
        },
    )
}
