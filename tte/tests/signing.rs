//! The CA, credentials and PAdES signatures, checked by our own reader and by poppler's `pdfsig`.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use std::process::Command;
use std::sync::OnceLock;
use tte::{Authority, Error, Holder, PdfError, SealedCredential, SignatureMeta, inspect};

const CA_PASS: &str = "kunci-induk-kota";
const PASS: &str = "rahasia lurah 2026";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap()
}

fn meta() -> SignatureMeta {
    SignatureMeta {
        time: FixedOffset::east_opt(8 * 3600).unwrap().with_ymd_and_hms(2026, 11, 23, 10, 15, 0).unwrap(),
        reason: "Surat 400.12.2.1/007/KEL-OBB/XI/2026".into(),
        location: "Kupang".into(),
    }
}

fn holder() -> Holder {
    Holder {
        name: "Drs. Yosef Benu, M.Si".into(),
        nip: "197805122005011003".into(),
        position: "Lurah Oebobo".into(),
        office: "Kelurahan Oebobo".into(),
        organisation: "Pemerintah Kota Kupang".into(),
    }
}

/// One CA and one credential for the whole file: scrypt makes each sealing take a moment.
fn fixtures() -> &'static (Authority, SealedCredential) {
    static F: OnceLock<(Authority, SealedCredential)> = OnceLock::new();
    F.get_or_init(|| {
        let ca = Authority::create("Pemerintah Kota Kupang", "Serambi CA Kota Kupang", now(), 10).unwrap();
        let credential = ca.issue(&holder(), PASS, now(), 2).unwrap();
        (ca, credential)
    })
}

/// A rendered letter, as the server signs them.
fn letter() -> Vec<u8> {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../letter-templates");
        let set = letters::TemplateSet::load(&dir).unwrap();
        let manifest = set.manifests().find(|m| m.code == "domisili").unwrap();
        set.render("domisili", &letters::sample_data(manifest), None).unwrap()
    })
    .clone()
}

/// A small hand-made PDF whose page already has annotations (inline or `indirect`).
fn hand_made(indirect_annots: bool) -> Vec<u8> {
    let content = b"BT /F1 12 Tf 72 720 Td (Halo) Tj ET";
    let annots = if indirect_annots { "6 0 R" } else { "[5 0 R]" };
    let objects = [
        "<</Type/Catalog/Pages 2 0 R>>".to_string(),
        "<</Type/Pages/Kids [3 0 R]/Count 1>>".to_string(),
        format!("<</Type/Page/Parent 2 0 R/MediaBox [0 0 595 842]/Contents 4 0 R/Annots {annots}>>"),
        format!("<</Length {}>>\nstream\n{}\nendstream", content.len(), String::from_utf8_lossy(content)),
        "<</Type/Annot/Subtype/Link/Rect [0 0 10 10]/A <</S/URI/URI (https://contoh.id/a\\)b)>>>>".to_string(),
        "[5 0 R]".to_string(),
    ];
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    pdf
}

fn pdfsig(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("surat.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out =
        Command::new("pdfsig").arg(&path).output().expect("pdfsig (Debian's poppler-utils) is needed for this test");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn a_signed_letter_is_valid_for_pdfsig_and_for_our_reader() {
    let (_, sealed) = fixtures();
    let original = letter();
    let signed = sealed.unlock(PASS).unwrap().sign_pdf(&original, &meta()).unwrap();
    assert!(signed.starts_with(&original), "an incremental update keeps the original bytes");

    let report = pdfsig(&signed);
    assert!(report.contains("Signature is Valid."), "{report}");
    assert!(report.contains("Total document signed"), "{report}");
    assert!(report.contains("adbe.pkcs7.detached"), "{report}");
    assert!(report.contains("Drs. Yosef Benu, M.Si"), "{report}");
    assert!(report.contains("Nov 23 2026"), "signing time is shown: {report}");

    let inspection = inspect(&signed).unwrap();
    assert!(inspection.is_intact(), "{inspection:?}");
    assert_eq!(inspection.signature_valid, Some(true));
    let signer = inspection.signer.unwrap();
    assert_eq!(signer.common_name, "Drs. Yosef Benu, M.Si");
    assert!(signer.subject.contains("197805122005011003"), "NIP in the subject: {}", signer.subject);
    assert!(signer.subject.contains("Kelurahan Oebobo"), "{}", signer.subject);
    assert!(signer.subject.contains("Lurah Oebobo"), "{}", signer.subject);
    assert_eq!(signer.serial, sealed.info().unwrap().serial);
    assert_eq!(inspection.signing_time, Some(meta().time.to_utc()));
}

#[test]
fn one_flipped_byte_is_a_digest_mismatch() {
    let (_, sealed) = fixtures();
    let signed = sealed.unlock(PASS).unwrap().sign_pdf(&letter(), &meta()).unwrap();
    // A byte inside the letter's own content, well before the signature.
    let mut forged = signed.clone();
    let at = forged.len() / 4;
    forged[at] ^= 0x01;
    let report = pdfsig(&forged);
    assert!(!report.contains("Signature is Valid."), "{report}");
    assert!(report.contains("Digest Mismatch"), "{report}");
    let inspection = inspect(&forged).unwrap();
    assert!(!inspection.digest_matches);
    assert!(!inspection.is_intact());

    // Appending anything after the signature leaves it partial.
    let mut appended = signed;
    appended.extend_from_slice(b"\n% tambahan\n");
    let inspection = inspect(&appended).unwrap();
    assert!(inspection.digest_matches && !inspection.covers_whole_file && !inspection.is_intact());
}

#[test]
fn existing_annotations_are_kept_inline_or_indirect() {
    let (_, sealed) = fixtures();
    let credential = sealed.unlock(PASS).unwrap();
    for indirect in [false, true] {
        let signed = credential.sign_pdf(&hand_made(indirect), &meta()).unwrap();
        let report = pdfsig(&signed);
        assert!(report.contains("Signature is Valid."), "indirect={indirect}: {report}");
        let text = String::from_utf8_lossy(&signed);
        assert!(text.contains("/Annots [5 0 R 8 0 R]"), "indirect={indirect}: the link stays");
    }
}

#[test]
fn a_wrong_passphrase_opens_nothing() {
    let (ca, sealed) = fixtures();
    assert!(matches!(sealed.unlock("rahasia lurah 2025"), Err(Error::WrongPassphrase)));
    assert!(matches!(sealed.unlock(""), Err(Error::WrongPassphrase)));
    let stored = ca.seal(CA_PASS).unwrap();
    assert!(matches!(stored.open("bukan kunci induk"), Err(Error::WrongPassphrase)));
    assert_eq!(stored.open(CA_PASS).unwrap().info(), ca.info());
    assert!(matches!(ca.issue(&holder(), "pendek", now(), 2), Err(Error::WeakPassphrase)));
}

#[test]
fn the_key_is_stored_only_as_encrypted_pkcs8() {
    let (_, sealed) = fixtures();
    let key = &sealed.encrypted_key_der;
    // PBES2 (1.2.840.113549.1.5.13) with scrypt (1.3.6.1.4.1.11591.4.11) and AES-256-CBC.
    let pbes2 = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
    let scrypt = [0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x04, 0x0b];
    assert!(key.windows(pbes2.len()).any(|w| w == pbes2));
    assert!(key.windows(scrypt.len()).any(|w| w == scrypt));
    let renewed = sealed.change_passphrase(PASS, "passphrase baru sekali").unwrap();
    assert!(matches!(renewed.unlock(PASS), Err(Error::WrongPassphrase)));
    assert_eq!(renewed.unlock("passphrase baru sekali").unwrap().info(), sealed.info().unwrap());
}

#[test]
fn a_certificate_signs_only_within_its_validity() {
    let (_, sealed) = fixtures();
    let credential = sealed.unlock(PASS).unwrap();
    let mut late = meta();
    late.time = FixedOffset::east_opt(8 * 3600).unwrap().with_ymd_and_hms(2029, 1, 1, 8, 0, 0).unwrap();
    assert!(matches!(credential.sign_pdf(&letter(), &late), Err(Error::CertificateNotValid)));
}

#[test]
fn unreadable_pdfs_are_refused_not_panicked_on() {
    let (_, sealed) = fixtures();
    let credential = sealed.unlock(PASS).unwrap();
    assert!(matches!(credential.sign_pdf(b"bukan pdf", &meta()), Err(Error::Pdf(PdfError::Malformed(_)))));
    assert!(matches!(inspect(&letter()), Err(PdfError::NotSigned)));
    let signed = credential.sign_pdf(&hand_made(false), &meta()).unwrap();
    assert!(matches!(credential.sign_pdf(&signed, &meta()), Err(Error::Pdf(PdfError::Unsupported(_)))));
    // Every truncation of a signed file: an error or a report, never a panic.
    let original = hand_made(false);
    for cut in (0..signed.len()).step_by(7) {
        let _ = inspect(&signed[..cut]);
        if cut < original.len() {
            let _ = credential.sign_pdf(&original[..cut], &meta());
        }
    }
}

#[test]
fn a_key_made_at_request_time_is_certified_later_and_signs() {
    let (ca, _) = fixtures();
    let request = tte::KeyRequest::generate_with("kunci kepala desa", tte::Protection::Demo).unwrap();
    assert!(tte::KeyRequest::generate("pendek").is_err(), "short passphrases are refused at request time");
    let credential = ca.certify(&holder(), &request, now(), 2).unwrap();
    assert_eq!(credential.encrypted_key_der, request.encrypted_key_der, "the CA never touches the private key");
    assert!(matches!(credential.unlock("salah sekali"), Err(Error::WrongPassphrase)));
    let signed = credential.unlock("kunci kepala desa").unwrap().sign_pdf(&letter(), &meta()).unwrap();
    assert!(inspect(&signed).unwrap().is_intact());
}
