//! What the messages say: short Indonesian texts with the reference code and a link, never a
//! NIK or KK number (a note a clerk typed has long digit runs masked, in case it quotes one).

use domain::{ContactChannel, Reference, RequestStatus};

/// A message before it gets an address.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
}

/// What a request's transition tells the resident, if anything.
pub struct About<'a> {
    pub reference: &'a Reference,
    pub letter_title: &'a str,
    /// The request's page: `{public_url}/permohonan/{id}`.
    pub link: &'a str,
    pub from: Option<RequestStatus>,
    pub to: RequestStatus,
    pub note: Option<&'a str>,
    /// Opened at the counter: the letter is collected there (and can be downloaded with an account).
    pub at_counter: bool,
}

pub fn for_resident(a: &About<'_>) -> Option<Text> {
    let (r, title, link) = (a.reference, a.letter_title, a.link);
    let reason = mask_numbers(a.note.unwrap_or("-"));
    let (kind, subject, body) = match (a.from, a.to) {
        (None, RequestStatus::Diajukan) => (
            "diajukan",
            format!("Permohonan {r} diterima"),
            format!("Permohonan {title} Anda diterima dengan kode {r}. Simpan kode ini untuk melacaknya. {link}"),
        ),
        (_, RequestStatus::Dikembalikan) => (
            "dikembalikan",
            format!("Permohonan {r} perlu diperbaiki"),
            format!("Permohonan {title} ({r}) dikembalikan. Alasan: {reason}. Perbaiki lalu ajukan lagi: {link}"),
        ),
        (_, RequestStatus::Ditolak) => (
            "ditolak",
            format!("Permohonan {r} ditolak"),
            format!("Permohonan {title} ({r}) ditolak. Alasan: {reason}. Rincian: {link}"),
        ),
        (_, RequestStatus::Ditandatangani) if a.at_counter => (
            "ditandatangani",
            format!("Surat {r} siap"),
            format!("Surat {title} ({r}) sudah ditandatangani dan siap diambil di kantor atau diunduh: {link}"),
        ),
        (_, RequestStatus::Ditandatangani) => (
            "ditandatangani",
            format!("Surat {r} siap diunduh"),
            format!("Surat {title} ({r}) sudah ditandatangani dan siap diunduh: {link}"),
        ),
        (_, RequestStatus::Dicabut) => (
            "dicabut",
            format!("Surat {r} dicabut"),
            format!("Surat {title} ({r}) dicabut dan tidak berlaku lagi. Alasan: {reason}. {link}"),
        ),
        _ => return None,
    };
    Some(Text { kind, subject, body })
}

/// The one-time code that proves a person reads this address.
pub fn verification_code(code: &str, channel: ContactChannel) -> Text {
    let place = match channel {
        ContactChannel::Email => "alamat e-mail",
        ContactChannel::Wa => "nomor",
    };
    Text {
        kind: "kode",
        subject: "Kode verifikasi Serambi".into(),
        body: format!(
            "Kode verifikasi Serambi Anda: {code}. Berlaku 15 menit. Masukkan di halaman Akun saya untuk \
             memakai {place} ini. Jangan berikan kode ini kepada siapa pun."
        ),
    }
}

/// Staff: new requests in their queue since the last digest.
pub fn queue_digest(count: i64, link: &str) -> Text {
    Text {
        kind: "antrian",
        subject: format!("{count} permohonan baru di antrian Anda"),
        body: format!("Ada {count} permohonan baru yang menunggu di antrian Anda. Buka: {link}"),
    }
}

/// Lurah and camat: letters waiting for their signature (once a day).
pub fn signature_digest(count: i64, link: &str) -> Text {
    Text {
        kind: "tanda_tangan",
        subject: format!("{count} surat menunggu tanda tangan"),
        body: format!("Ada {count} surat yang menunggu tanda tangan Anda. Buka: {link}"),
    }
}

/// Replaces every run of 8 or more digits (a NIK, a KK number, a phone number) with asterisks.
pub fn mask_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= 8 {
            out.push_str(&"*".repeat(run.chars().count()));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_digit_runs_in_notes_are_masked() {
        assert_eq!(mask_numbers("NIK 5371045505900001 salah, RT 003"), "NIK **************** salah, RT 003");
        assert_eq!(mask_numbers("2026"), "2026");
    }

    #[test]
    fn each_outcome_the_resident_cares_about_has_a_short_text_with_code_and_link() {
        let r = Reference::from_random(42);
        for (from, to, note) in [
            (None, RequestStatus::Diajukan, None),
            (Some(RequestStatus::Diajukan), RequestStatus::Dikembalikan, Some("Foto KTP buram")),
            (Some(RequestStatus::Diajukan), RequestStatus::Ditolak, Some("Bukan warga")),
            (Some(RequestStatus::Diverifikasi), RequestStatus::Ditandatangani, None),
        ] {
            let about = About {
                reference: &r,
                letter_title: "Surat Keterangan Domisili",
                link: "https://surat.contoh.go.id/permohonan/x",
                from,
                to,
                note,
                at_counter: false,
            };
            let t = for_resident(&about).expect("a text");
            assert!(t.body.contains(&r.to_string()) && t.body.contains("https://surat.contoh.go.id/"), "{t:?}");
            assert!(t.body.chars().count() <= 200, "short enough for an SMS-like message: {}", t.body);
            if let Some(n) = note {
                assert!(t.body.contains(n));
            }
        }
        let verified = About {
            reference: &r,
            letter_title: "x",
            link: "l",
            from: Some(RequestStatus::Diajukan),
            to: RequestStatus::Diverifikasi,
            note: None,
            at_counter: false,
        };
        assert_eq!(for_resident(&verified), None, "steps inside the office are not messaged");
    }
}
