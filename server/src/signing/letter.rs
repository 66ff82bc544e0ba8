//! The one place a letter's [`LetterData`] is built from what signing has read: the office and
//! its place names, the letter type, the number, the snapshot and fields, signer and approver.

use crate::db::offices::{OfficeWithPlaces, Official};
use domain::Route;
use letters::{ApprovalData, Emblem, LetterData, LetterInfo, Manifest, Margins, OfficeData, PersonData, SignerData};

/// What a letter prints of its request: the snapshot and the template's fields.
pub struct Parts {
    pub resident: PersonData,
    /// [`letters::template_fields`] of the request's fields.
    pub fields: serde_json::Value,
}

/// What a signed letter is made of.
pub struct Letter<'a> {
    pub manifest: &'a Manifest,
    /// The signing office (the kelurahan, or the kecamatan for kecamatan letters).
    pub office: &'a OfficeWithPlaces,
    pub route: Route,
    pub number: &'a str,
    pub date: chrono::NaiveDate,
    pub verify_url: String,
    pub parts: Parts,
    pub signer: &'a Official,
    pub approval: Option<&'a Official>,
    pub emblem: Option<&'a Emblem>,
}

pub fn data(l: Letter<'_>) -> LetterData {
    let o = &l.office.office;
    LetterData {
        paper: o.paper.clone(),
        margins: Some(Margins::from_mm([o.margin_top_mm, o.margin_right_mm, o.margin_bottom_mm, o.margin_left_mm])),
        office: OfficeData {
            kota: l.office.kota_name.to_uppercase(),
            kecamatan: format!("KECAMATAN {}", l.office.kecamatan_name.to_uppercase()),
            // "KELURAHAN OEBOBO" or "DESA OELNASI", by the office's kind.
            kelurahan: (l.route == Route::Kelurahan).then(|| {
                domain::OfficeKind::parse(&o.kind)
                    .unwrap_or(domain::OfficeKind::Kelurahan)
                    .office_name(&o.name)
                    .to_uppercase()
            }),
            kop: kop_lines(&o.kop_lines),
            address: o.address.clone(),
            place: o.place.clone(),
            emblem: l.emblem.map(|e| e.path().to_string()),
        },
        letter: LetterInfo {
            code: l.manifest.code.clone(),
            title: l.manifest.title.to_uppercase(),
            number: l.number.to_string(),
            date: l.date,
            valid_until: (l.manifest.validity_days > 0)
                .then(|| l.date + chrono::Days::new(l.manifest.validity_days.into())),
            verify_url: l.verify_url,
        },
        resident: l.parts.resident,
        fields: l.parts.fields,
        signer: SignerData {
            name: l.signer.name.clone(),
            nip: l.signer.nip.clone(),
            position: l.signer.position.clone(),
            rank: (!l.signer.rank.is_empty()).then(|| l.signer.rank.clone()),
            on_behalf: (!l.signer.on_behalf.is_empty()).then(|| l.signer.on_behalf.clone()),
        },
        approval: l.approval.map(|a| ApprovalData {
            name: a.name.clone(),
            nip: a.nip.clone(),
            position: a.position.clone(),
        }),
    }
}

/// An office's own kop lines, or `None` for the template's default tiers.
pub fn kop_lines(text: &str) -> Option<Vec<String>> {
    let lines: Vec<String> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
    (!lines.is_empty()).then_some(lines)
}
