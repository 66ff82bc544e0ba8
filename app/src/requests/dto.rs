//! What the UI and the server exchange about requests: submission, the lists, one request and
//! its actions. Times are preformatted by the server in the deployment's time zone.

use crate::catalogue::{FieldValues, FileType, LetterTypeInfo};
use crate::population::ResidentView;
use domain::{Action, OfficeKind, RequestStatus, Role};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A file just uploaded, not yet part of a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadedFile {
    pub id: Uuid,
    pub file_type: FileType,
    pub size_bytes: u64,
    pub name: String,
}

/// An attachment of a request, as shown beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: Uuid,
    pub slot: String,
    pub label: String,
    pub file_type: FileType,
    pub size_bytes: u64,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRequestInput {
    pub letter_type: String,
    pub fields: FieldValues,
    /// Attachment slot → the id of a file the resident uploaded.
    #[serde(default)]
    pub attachments: BTreeMap<String, Uuid>,
    /// The NIK of the member of the resident's KK the letter is for; None for the resident.
    #[serde(default)]
    pub subject: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub id: Uuid,
    /// The code people read aloud and type, e.g. SRB-7K3Q-9M.
    pub reference: String,
    pub letter_title: String,
    pub subject_name: String,
    pub kelurahan: String,
    /// Kelurahan or desa: status labels and titles follow it.
    pub office_kind: OfficeKind,
    pub status: RequestStatus,
    pub submitted_label: String,
    pub updated_label: String,
    /// The signed-in official can sign it now (shown with a checkbox for batch signing).
    #[serde(default)]
    pub signable: bool,
    /// In the officials' queue, for a request not finished: where it stands against its
    /// service standard.
    #[serde(default)]
    pub clock: Option<ServiceClockView>,
}

/// A request against its letter type's service standard, in working days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceClockView {
    /// Working days the office has had it; the standard.
    pub used: u32,
    pub standard: u32,
    /// "Senin, 30 November 2026" while the office has it and it is not late.
    pub due_label: Option<String>,
    /// Working days past the standard (0: not late).
    pub late_by: u32,
    /// Back with the resident: the clock stands still.
    pub waiting: bool,
}

impl ServiceClockView {
    /// What the queue says of it.
    pub fn text(&self) -> String {
        let days = format!("{} dari {} hari kerja", self.used, self.standard);
        if self.waiting {
            format!("Menunggu pemohon, waktu layanan berhenti ({days})")
        } else if self.late_by > 0 {
            format!("Lewat tenggat {} hari kerja ({days})", self.late_by)
        } else {
            match &self.due_label {
                Some(due) => format!("Tenggat {due} ({days})"),
                None => days,
            }
        }
    }
}

/// The queue's filters, as the page's address carries them (`/antrian?status=semua&cari=…`):
/// plain GET parameters with nothing secret, so a filtered page is a link that works without
/// JavaScript. A NIK is never one of them ([`NikSearch`] is posted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueQuery {
    /// "menunggu" (what waits for the official's own role; the default), "semua", or one status.
    #[serde(default)]
    pub status: Option<String>,
    /// A letter type's code.
    #[serde(default)]
    pub jenis: Option<String>,
    /// "daring" or "loket".
    #[serde(default)]
    pub kanal: Option<String>,
    /// Submitted from / until (inclusive), YYYY-MM-DD.
    #[serde(default)]
    pub dari: Option<String>,
    #[serde(default)]
    pub sampai: Option<String>,
    /// Last changed on or after this day (YYYY-MM-DD): "signed today" is
    /// `status=ditandatangani&diubah_sejak=TODAY`.
    #[serde(default)]
    pub diubah_sejak: Option<String>,
    /// Only those past their service standard.
    #[serde(default)]
    pub lewat: bool,
    /// Part of a name, a reference code or a letter number.
    #[serde(default)]
    pub cari: Option<String>,
    /// "tenggat" (soonest due first), "terlama" or "terbaru".
    #[serde(default)]
    pub urut: Option<String>,
    /// Where the previous page ended (the `next` of a [`QueuePage`]).
    #[serde(default)]
    pub setelah: Option<String>,
}

impl QueueQuery {
    /// Reads the address's parameters (an older link's `tampil=semua` means `status=semua`).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> QueueQuery {
        let some = |name: &str| get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        QueueQuery {
            status: some("status").or_else(|| some("tampil").filter(|t| t == "semua")),
            jenis: some("jenis"),
            kanal: some("kanal"),
            dari: some("dari"),
            sampai: some("sampai"),
            diubah_sejak: some("diubah_sejak"),
            lewat: some("lewat").is_some_and(|v| v != "0" && v != "tidak"),
            cari: some("cari"),
            urut: some("urut"),
            setelah: some("setelah"),
        }
    }

    /// The address of this view of the queue (`/antrian?…`), without empty parameters.
    pub fn href(&self) -> String {
        let lewat = self.lewat.then(|| "ya".to_string());
        let params = [
            ("status", &self.status),
            ("jenis", &self.jenis),
            ("kanal", &self.kanal),
            ("dari", &self.dari),
            ("sampai", &self.sampai),
            ("diubah_sejak", &self.diubah_sejak),
            ("lewat", &lewat),
            ("cari", &self.cari),
            ("urut", &self.urut),
            ("setelah", &self.setelah),
        ];
        let parts: Vec<String> = params
            .iter()
            .filter_map(|(name, value)| {
                value.as_deref().filter(|v| !v.is_empty()).map(|v| format!("{name}={}", encode(v)))
            })
            .collect();
        if parts.is_empty() { "/antrian".to_string() } else { format!("/antrian?{}", parts.join("&")) }
    }

    /// The same view from its first page.
    pub fn first_page(&self) -> QueueQuery {
        QueueQuery { setelah: None, ..self.clone() }
    }

    /// Whether it shows what waits for the official's own role.
    pub fn waiting(&self) -> bool {
        matches!(self.status.as_deref(), None | Some("menunggu"))
    }
}

/// Percent-encodes a query parameter's value (all but the unreserved characters).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A page of the queue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueuePage {
    pub items: Vec<RequestSummary>,
    /// The cursor of the next page, if there is one (its `setelah`).
    pub next: Option<String>,
    /// How many requests the filter matches, and how many of those are past their standard.
    pub count: u64,
    pub overdue: u64,
    /// The order used: "tenggat", "terlama" or "terbaru".
    pub order: String,
}

/// What needs the official now (the staff home and the header's count), each a view of the queue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkCounts {
    /// Waiting for this official's role.
    pub waiting: u64,
    /// Open and past their service standard (the office's, whoever has them).
    pub overdue: u64,
    /// Returned, waiting for the resident.
    pub returned: u64,
    /// Signed today.
    pub signed_today: u64,
    /// Today, YYYY-MM-DD, where the deployment is (for the "signed today" link).
    pub today: String,
}

/// A search of the queue by the NIK of the person a letter is for: posted, never in an address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NikSearch {
    pub nik: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub at_label: String,
    pub actor_name: String,
    pub role: Role,
    pub from: Option<RequestStatus>,
    pub to: RequestStatus,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterView {
    pub id: Uuid,
    pub number: String,
    pub signed_label: String,
    pub signer_name: String,
    pub signer_position: String,
    pub download_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub id: Uuid,
    /// The code people read aloud and type, e.g. SRB-7K3Q-9M.
    pub reference: String,
    pub letter_type: LetterTypeInfo,
    pub status: RequestStatus,
    pub fields: FieldValues,
    /// People named in person fields, by NIK, as taken at submission. Residents see only the
    /// members of their own KK here; people given by NIK are shown to officials.
    pub persons: BTreeMap<String, ResidentView>,
    pub attachments: Vec<AttachmentView>,
    /// The resident's data as taken at submission (what the letter will print).
    pub snapshot: ResidentView,
    /// The population record today (officials only), to compare with the snapshot.
    pub current_record: Option<ResidentView>,
    /// Inconsistencies between NIK and record that the clerk must see.
    pub record_warnings: Vec<String>,
    pub events: Vec<EventView>,
    pub letter: Option<LetterView>,
    pub actions: Vec<Action>,
    /// The resident may answer the satisfaction survey (SKM) for it now.
    #[serde(default)]
    pub survey_open: bool,
    pub kelurahan: String,
    /// Kelurahan or desa: status labels and titles follow it.
    pub office_kind: OfficeKind,
    pub kecamatan: String,
    /// Who asked: the resident, or the clerk at the counter.
    #[serde(default)]
    pub requester: String,
    /// The letter is for someone other than the one who asked (a KK member, or at the counter).
    #[serde(default)]
    pub on_behalf: bool,
    /// Opened by a clerk at the counter.
    #[serde(default)]
    pub at_counter: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActInput {
    pub request_id: Uuid,
    pub action: Action,
    /// Absent from a form without reasons.
    #[serde(default)]
    pub note: String,
    /// New field values when a returned request is resubmitted; empty otherwise.
    #[serde(default)]
    pub fields: FieldValues,
    /// Attachments replaced when a returned request is resubmitted: slot → uploaded file id.
    #[serde(default)]
    pub attachments: BTreeMap<String, Uuid>,
}

/// A request opened by a clerk for the resident at the counter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CounterRequest {
    pub nik: String,
    pub request: NewRequestInput,
}

/// A request form as a plain form posts it: values flat (`fields[name]`,
/// `fields[group.0.sub]`, see `domain::fields::to_flat`), attachments as the ids of files
/// already stored (`attachments[slot]`, with `attachment_names[slot]` for showing them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PostedRequest {
    #[serde(default)]
    pub letter_type: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    #[serde(default)]
    pub attachments: BTreeMap<String, String>,
    /// At the counter: the resident's NIK (in the body, never in an address).
    #[serde(default)]
    pub nik: String,
}

impl PostedRequest {
    /// The submission it stands for. An attachment id that is not a UUID counts as missing.
    pub fn input(self) -> NewRequestInput {
        NewRequestInput {
            letter_type: self.letter_type,
            fields: domain::fields::from_flat(&self.fields),
            attachments: upload_ids(self.attachments),
            subject: Some(self.subject).filter(|s| !s.trim().is_empty()),
        }
    }
    /// The counter's NIK, if this is a counter request.
    pub fn counter_nik(&self) -> Option<String> {
        Some(self.nik.clone()).filter(|n| !n.trim().is_empty())
    }
}

/// What the resident sees right after submitting: the reference code and what happens next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestReceipt {
    pub id: Uuid,
    /// SRB-7K3Q-9M.
    pub reference: String,
    pub letter_title: String,
    pub subject_name: String,
    /// "Kelurahan Oebobo", "Desa Uitao".
    pub office: String,
    pub submitted_label: String,
    pub service_days: u32,
    /// "Senin, 7 Desember 2026".
    pub due_label: String,
    /// False when the date crossed a year whose holidays are not known yet (an estimate).
    pub due_certain: bool,
    /// Who signs: "Lurah Oebobo", "Camat Oebobo".
    pub signer: String,
    /// What to bring when the letter is ready; empty: nothing, it is downloaded.
    pub bring: Vec<String>,
    /// The resident has a verified channel and will get a message at each step.
    pub notified: bool,
    /// Opened at the counter by a clerk.
    pub at_counter: bool,
}

/// Looking a request up without logging in: its reference code and the birth date of the
/// person the letter is for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrackInput {
    #[serde(default)]
    pub reference: String,
    /// YYYY-MM-DD, as a date input sends it.
    #[serde(default)]
    pub tanggal_lahir: String,
}

/// What tracking shows: where the request is and when it should be done; nothing personal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tracked {
    pub reference: String,
    pub letter_title: String,
    pub status: RequestStatus,
    pub office_kind: OfficeKind,
    /// The last step, "23 November 2026 14:05 WITA".
    pub last_step_label: String,
    pub due_label: String,
    pub due_certain: bool,
    /// The signed letter is ready (downloading it still needs logging in).
    pub downloadable: bool,
    /// The request is closed (signed, rejected, cancelled or revoked): no due date applies.
    pub closed: bool,
    /// The satisfaction survey (SKM) may be answered for it now.
    #[serde(default)]
    pub survey_open: bool,
}

/// An action on a request as a plain form posts it: the pressed button's `action`, a note, and
/// for a resubmission the values flat and the new attachments' ids (as in [`PostedRequest`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostedAct {
    pub request_id: Uuid,
    pub action: domain::Action,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    #[serde(default)]
    pub attachments: BTreeMap<String, String>,
}

impl PostedAct {
    pub fn input(self) -> ActInput {
        let resubmit = self.action == domain::Action::Resubmit;
        ActInput {
            request_id: self.request_id,
            action: self.action,
            note: self.note,
            fields: if resubmit { domain::fields::from_flat(&self.fields) } else { Default::default() },
            attachments: upload_ids(self.attachments),
        }
    }
}

/// Posted attachment ids by slot; one that is not a UUID counts as missing.
fn upload_ids(posted: BTreeMap<String, String>) -> BTreeMap<String, Uuid> {
    posted.into_iter().filter_map(|(slot, id)| Uuid::parse_str(id.trim()).ok().map(|id| (slot, id))).collect()
}
